"""The checker (app/checking) on a labelled set: precision and recall per kind, clean-text flag
rate, and the time to check a 1,000-word text.

    python bench/bench_checker.py [--show-misses] [--out FILE.json]

bench/data/checker_clean.json holds clean texts (English and Finnish) with their sources
(bench/data/make_checker_set.py writes it). From each clean text this script makes one faulty
variant per fault: a changed figure, a swapped date, an invented e-mail address, phone number
and person's name, a dropped required fact, and an echoed instruction. A fault counts as found
when the checker reports an issue of its kind overlapping the injected span (a dropped fact:
its field key in `missing`). Every other issue is a false positive of its kind.

Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.checking import CheckReport, CheckSources, check_text

DATA = Path(__file__).with_name("data") / "checker_clean.json"
KINDS = ("number", "date", "contact", "name", "missing_field", "prompt_echo")
INVENTED_PEOPLE = ["Victor Hale", "Nina Sorensen", "Petra Lindholm", "Marcus Webb",
                   "Olli Rantanen", "Greta Voss", "Tomas Ekberg", "Ilona Salo"]  # fmt: skip
# Names that neither first_names.py nor resources/checking/common_words.txt.gz holds (checked
# when that list was made): the checker must tell them from an ordinary word opening a sentence.
UNCOMMON_FIRST_NAMES = ["Orvokki", "Bartholomew", "Ingeborg", "Zephyrine", "Eerikki", "Leopoldine"]
INVENTED_DOMAINS = ["northpeak-mail.com", "finvoice-help.net", "kalen-etjakul.fi"]


@dataclass(frozen=True)
class Variant:
    case_id: str
    fault: str  # "" for a clean text
    kind: str  # the issue kind the fault should produce
    text: str
    sources: CheckSources
    spans: tuple[tuple[int, int], ...] = ()  # where the fault sits in `text`
    missing_key: str = ""
    # A changed required value also leaves its field unstated: that report is right too.
    changes_field: bool = False


def sources_of(case: dict[str, Any]) -> CheckSources:
    return CheckSources(
        fields=case["fields"],
        required=tuple(case["required"]),
        passages=tuple(case["passages"]),
        instructions=tuple(case["instructions"]),
    )


def _replace(text: str, old: str, new: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Replace every occurrence of `old`, so a fault is never undone by the same fact stated
    correctly elsewhere in the text; the spans of the new text."""
    replaced = text.replace(old, new)
    spans = tuple((m.start(), m.end()) for m in re.finditer(re.escape(new), replaced))
    return replaced, spans


def _changed_digits(rng: random.Random, written: str) -> str:
    digits = [i for i, ch in enumerate(written) if ch.isdigit()]
    chars = list(written)
    # Change a leading digit so the figure really changes (not just its cents).
    position = digits[0] if len(digits) < 3 else rng.choice(digits[:2])
    chars[position] = str((int(chars[position]) + rng.randint(1, 8)) % 10 or 1)
    return "".join(chars)


def changed_figure(case: dict[str, Any], rng: random.Random) -> Variant:
    amount = case["facts"]["amount"]
    text, spans = _replace(case["text"], amount, _changed_digits(rng, amount))
    return Variant(
        case["id"], "changed figure", "number", text, sources_of(case), spans, changes_field=True
    )


def swapped_date(case: dict[str, Any], rng: random.Random) -> Variant:
    date = case["facts"]["date"]
    # Move the day by 1-9 (kept valid); the month and year stay, as a swapped day would.
    match = re.search(r"\b(\d{1,2})\b(?!\d)", date if not re.match(r"\d{4}-", date) else date[8:])
    assert match is not None
    offset = 8 if re.match(r"\d{4}-", date) else 0
    day = int(match.group(1))
    new_day = day + rng.randint(1, 9) if day <= 18 else day - rng.randint(1, 9)
    width = len(match.group(1))
    new = (
        date[: offset + match.start(1)] + str(new_day).zfill(width) + date[offset + match.end(1) :]
    )
    text, spans = _replace(case["text"], date, new)
    return Variant(
        case["id"], "swapped date", "date", text, sources_of(case), spans, changes_field=True
    )


def invented_email(case: dict[str, Any], rng: random.Random) -> Variant:
    old = case["facts"]["email"]
    new = f"{old.split('@')[0]}@{rng.choice(INVENTED_DOMAINS)}"
    text, spans = _replace(case["text"], old, new)
    return Variant(case["id"], "invented e-mail", "contact", text, sources_of(case), spans)


def invented_phone(case: dict[str, Any], rng: random.Random) -> Variant:
    old = case["facts"]["phone"]
    digits = [i for i, ch in enumerate(old) if ch.isdigit()]
    chars = list(old)
    for position in rng.sample(digits[-6:], 3):
        chars[position] = str((int(chars[position]) + rng.randint(1, 9)) % 10)
    text, spans = _replace(case["text"], old, "".join(chars))
    return Variant(case["id"], "invented phone", "contact", text, sources_of(case), spans)


def invented_name(case: dict[str, Any], rng: random.Random) -> Variant:
    text, spans = _replace(case["text"], case["facts"]["person"], rng.choice(INVENTED_PEOPLE))
    return Variant(case["id"], "invented name", "name", text, sources_of(case), spans)


def _insert_before_sign_off(case: dict[str, Any], sentence: str) -> tuple[str, int]:
    text = case["text"]
    cut = text.rfind("\n\n")
    return text[:cut] + "\n\n" + sentence + text[cut:], cut + 2


def colleague_named(case: dict[str, Any], rng: random.Random) -> Variant:
    """An invented full name inside a sentence, in the text's language."""
    person = rng.choice(INVENTED_PEOPLE)
    template = {
        "fi": "Voitte myös olla yhteydessä kollegaani {name}.",
        "de": "Sie können sich auch direkt an meinen Kollegen {name} wenden.",
    }.get(case["lang"], "You can also reach my colleague {name} directly.")
    sentence = template.format(name=person)
    text, at = _insert_before_sign_off(case, sentence)
    start = at + sentence.index(person)
    return Variant(
        case["id"], "invented colleague", "name", text, sources_of(case),
        ((start, start + len(person)),),
    )  # fmt: skip


def first_name_opening(case: dict[str, Any], rng: random.Random) -> Variant:
    """A lone invented first name opening a sentence, where every word is capitalised anyway
    (a common name: the checker's gazetteer may know it)."""
    return _name_opening(case, rng.choice(INVENTED_PEOPLE).split()[0], "common")


def uncommon_first_name_opening(case: dict[str, Any], rng: random.Random) -> Variant:
    """The same with a rare name: the hardest case."""
    return _name_opening(case, rng.choice(UNCOMMON_FIRST_NAMES), "uncommon")


def _name_opening(case: dict[str, Any], first: str, which: str) -> Variant:
    template = {
        "fi": "{name} vastaa mielellään kysymyksiin.",
        "de": "{name} beantwortet gerne Ihre Fragen.",
    }.get(case["lang"], "{name} is happy to answer any questions.")
    sentence = template.format(name=first)
    text, at = _insert_before_sign_off(case, sentence)
    return Variant(
        case["id"], f"{which} first name opening a sentence", "name", text, sources_of(case),
        ((at, at + len(first)),),
    )  # fmt: skip


def dropped_fact(case: dict[str, Any], rng: random.Random) -> Variant | None:
    key = case["facts"]["sentence_field"]
    if not key:
        return None  # a text written from passages has no required fields
    text = re.sub(re.escape(case["facts"]["sentence"]) + r"\s*", "", case["text"], count=1)
    assert text != case["text"]
    return Variant(
        case["id"], "dropped fact", "missing_field", text, sources_of(case), missing_key=key
    )


def echoed_instruction(case: dict[str, Any], rng: random.Random) -> Variant:
    instruction = case["instructions"][0]
    sentences = [s.strip() for s in instruction.split(".") if s.strip()]
    echo = rng.choice(
        [". ".join(sentences[1:3]) + ".", sentences[-1] + ".", instruction]
    )  # e.g. "Tone: firm. Length: under 120 words."
    text = case["text"]
    cut = text.rfind("\n\n")
    new_text = text[:cut] + "\n\n" + echo + text[cut:]
    start = cut + 2
    return Variant(
        case["id"], "echoed instruction", "prompt_echo", new_text, sources_of(case),
        ((start, start + len(echo)),),
    )  # fmt: skip


FAULTS: list[Callable[[dict[str, Any], random.Random], Variant | None]] = [
    changed_figure, swapped_date, invented_email, invented_phone, invented_name, colleague_named,
    first_name_opening, uncommon_first_name_opening, dropped_fact, echoed_instruction,
]  # fmt: skip


def overlaps(spans: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    return any(start < b and a < end for a, b in spans)


def score(variants: list[Variant], show_misses: bool) -> dict[str, Any]:
    true_pos: Counter[str] = Counter()
    false_pos: Counter[str] = Counter()
    faults: Counter[str] = Counter()
    found: Counter[str] = Counter()
    clean_flagged = 0
    clean_total = 0
    per_fault: Counter[str] = Counter()
    per_fault_found: Counter[str] = Counter()
    by_language: Counter[str] = Counter()
    by_language_found: Counter[str] = Counter()
    for variant in variants:
        report: CheckReport = check_text(variant.text, variant.sources)
        language = variant.case_id.rsplit("_", 1)[-1].split("-")[0]
        if not variant.fault:
            clean_total += 1
            if report.issues:
                clean_flagged += 1
                if show_misses:
                    print(f"CLEAN FLAGGED {variant.case_id}: {[i.reason for i in report.issues]}")
        else:
            faults[variant.kind] += 1
            per_fault[variant.fault] += 1
            by_language[language] += 1
        hit = False
        for issue in report.issues:
            is_fault = (
                bool(variant.fault)
                and issue.kind == variant.kind
                and (
                    issue.kind == "missing_field" or overlaps(variant.spans, issue.start, issue.end)
                )
            )
            if issue.kind == "missing_field" and variant.changes_field:
                continue  # the changed value is indeed not stated: neither right nor wrong
            if is_fault and (
                variant.kind != "missing_field" or variant.missing_key in report.missing
            ):
                true_pos[issue.kind] += 1
                hit = True
            else:
                false_pos[issue.kind] += 1
                if show_misses and variant.fault:
                    print(f"EXTRA {variant.case_id} [{variant.fault}]: {issue.reason}")
        if variant.fault and hit:
            found[variant.kind] += 1
            per_fault_found[variant.fault] += 1
            by_language_found[language] += 1
        elif variant.fault and show_misses:
            print(f"MISSED {variant.case_id} [{variant.fault}]")
    rows = {}
    for kind in KINDS:
        reported = true_pos[kind] + false_pos[kind]
        rows[kind] = {
            "faults": faults[kind],
            "recall": found[kind] / faults[kind] if faults[kind] else None,
            "precision": true_pos[kind] / reported if reported else None,
            "false_positives": false_pos[kind],
        }
    return {
        "kinds": rows,
        "clean_texts": clean_total,
        "clean_flagged": clean_flagged,
        "clean_flag_rate": clean_flagged / clean_total if clean_total else None,
        "recall_by_fault": {f: per_fault_found[f] / per_fault[f] for f in per_fault},
        "recall_by_language": {
            lang: by_language_found[lang] / by_language[lang] for lang in sorted(by_language)
        },
    }


def thousand_words(cases: list[dict[str, Any]]) -> tuple[str, CheckSources]:
    """About 1,000 words: clean texts joined (their sources merged), as one long document."""
    parts: list[str] = []
    fields: dict[str, str] = {}
    passages: list[str] = []
    words = 0
    index = 0
    while words < 1000:
        case = cases[index % len(cases)]
        parts.append(case["text"])
        fields.update({f"{k}_{index}": v for k, v in case["fields"].items()})
        passages.extend(case["passages"])
        words += len(case["text"].split())
        index += 1
    return "\n\n".join(parts), CheckSources(fields=fields, passages=tuple(passages))


def timing(cases: list[dict[str, Any]]) -> dict[str, float]:
    text, sources = thousand_words(cases)
    check_text(text, sources)  # warm the regex caches
    runs, cpu = [], []
    for _ in range(30):
        started, started_cpu = time.perf_counter(), time.process_time()
        check_text(text, sources)
        runs.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "words": len(text.split()),
        "median_ms": statistics.median(runs),
        "min_ms": min(runs),
        "max_ms": max(runs),
        "median_cpu_ms": statistics.median(cpu),  # less affected by other processes
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    cases = json.loads(DATA.read_text(encoding="utf-8"))
    rng = random.Random(42)
    variants: list[Variant] = []
    for case in cases:
        variants.append(Variant(case["id"], "", "", case["text"], sources_of(case)))
        for fault in FAULTS:
            variant = fault(case, rng)
            if variant is not None:
                variants.append(variant)
    results = score(variants, args.show_misses)
    results["timing_1000_words"] = timing(cases)
    print(f"{len(cases)} clean texts, {len(variants) - len(cases)} faulty variants")
    print(f"{'kind':<14}{'faults':>7}{'recall':>9}{'precision':>11}{'false +':>9}")
    for kind, row in results["kinds"].items():
        recall = "-" if row["recall"] is None else f"{row['recall']:.3f}"
        precision = "-" if row["precision"] is None else f"{row['precision']:.3f}"
        print(f"{kind:<14}{row['faults']:>7}{recall:>9}{precision:>11}{row['false_positives']:>9}")
    print(
        f"clean texts flagged: {results['clean_flagged']}/{results['clean_texts']} "
        f"({results['clean_flag_rate']:.1%})"
    )
    for fault, recall in results["recall_by_fault"].items():
        print(f"  recall, {fault}: {recall:.3f}")
    print(f"recall by language: {results['recall_by_language']}")
    t = results["timing_1000_words"]
    print(
        f"check_text on {t['words']} words: "
        f"median {t['median_ms']:.1f} ms (min {t['min_ms']:.1f}, max {t['max_ms']:.1f}), "
        f"CPU time median {t['median_cpu_ms']:.1f} ms"
    )
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
