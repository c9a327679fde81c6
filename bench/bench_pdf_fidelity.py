"""How much of each real-world PDF's text Hearth indexes, measured against `pdftotext`.

    flock /tmp/hearth-heavy.lock .venv/bin/python bench/bench_pdf_fidelity.py [corpus-dir]

Over the PDFs of `../shared/corpora/real-docs/` (pypdf's and pdfminer.six's sample files), per
folder and per engine ("pypdf only", "pypdfium2 only", and Hearth's extractor, which is PDFium
with pypdf as the second opinion and the text-quality check): files tried, indexed, refused,
crashed and hung; pages detected as garbage; and the share of `pdftotext`'s words that the
engine's text holds (median and worst 5). `pdftotext` (poppler) is a yardstick only: it is GPL,
never shipped and never called by Hearth. Every file is read in a child process with a time
limit, so a crash or a hang is counted, not suffered. Prints figures; asserts nothing.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "real-docs"
FOLDERS = ("pypdf-sample-files", "pdfminer-samples")
MODES = ("pypdf only", "pypdfium2 only", "hearth")
CHILD_SECONDS = 180
GOAL_RECALL = 0.8
# Hanzi, kana and hangul are words of their own: those scripts do not put spaces between words.
_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKENS = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


def tokens(text: str) -> Counter[str]:
    return Counter(t.casefold() for t in _TOKENS.findall(unicodedata.normalize("NFKC", text)))


def recall(reference: Counter[str], text: str) -> float | None:
    total = sum(reference.values())
    if total == 0:
        return None
    got = tokens(text)
    return sum(min(count, got[word]) for word, count in reference.items()) / total


# --- child: read one file with every engine, one JSON line per engine ---------------------------


def _child(path: Path) -> None:
    import logging

    logging.disable(logging.CRITICAL)
    sys.path.insert(0, str(ROOT))
    from app.knowledge.errors import DocumentError
    from app.knowledge.extractors.dispatch import extract_document
    from app.knowledge.text_quality import assess_text

    def engine_pages(mode: str) -> list[str]:
        if mode == "pypdf only":
            from pypdf import PdfReader

            reader = PdfReader(path, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ValueError("password")
            texts = []
            for page in reader.pages:
                try:
                    texts.append(page.extract_text())
                except Exception:  # the old extractor skipped such pages
                    texts.append("")
            return texts
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(path))
        texts = []
        for index in range(len(document)):
            page = document[index]
            texts.append(page.get_textpage().get_text_range())
        return texts

    for mode in MODES:
        row: dict[str, object] = {"mode": mode}
        try:
            if mode == "hearth":
                doc = extract_document(path)
                row.update(
                    status="indexed",
                    text="\n".join(s.text for s in doc.sections),
                    garbage=len(doc.unreadable_pages),
                    notes=list(doc.notes),
                )
            else:
                pages = engine_pages(mode)
                text = "\n".join(pages)
                status = "indexed" if text.strip() else "refused"
                garbage = sum(assess_text(p).garbage for p in pages)
                row.update(status=status, text=text, garbage=garbage, notes=[])
        except DocumentError as exc:
            row.update(status="refused", text="", garbage=0, notes=[exc.problem])
        except Exception as exc:
            row.update(status="refused", text="", garbage=0, notes=[type(exc).__name__])
        print(json.dumps(row), flush=True)


# --- parent ------------------------------------------------------------------------------------


@dataclass
class Tally:
    tried: int = 0
    indexed: int = 0
    refused: int = 0
    crashed: int = 0
    hung: int = 0
    garbage_pages: int = 0
    recalls: list[tuple[float, str]] = field(default_factory=list)
    refused_readable: list[str] = field(default_factory=list)
    below_goal: list[str] = field(default_factory=list)


def _reference(path: Path) -> Counter[str]:
    run = subprocess.run(
        ["pdftotext", "-q", str(path), "-"], capture_output=True, timeout=120, check=False
    )
    return tokens(run.stdout.decode("utf-8", "replace"))


def _run_child(path: Path) -> tuple[dict[str, dict[str, object]], str]:
    try:
        run = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            capture_output=True,
            timeout=CHILD_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"").decode("utf-8", "replace")
        return _rows(out), "hung"
    rows = _rows(run.stdout.decode("utf-8", "replace"))
    return rows, "crashed" if run.returncode != 0 else ""


def _rows(out: str) -> dict[str, dict[str, object]]:
    rows = {}
    for line in out.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            rows[str(row["mode"])] = row
    return rows


def main(corpus: Path) -> None:
    if shutil.which("pdftotext") is None:
        sys.exit("pdftotext (poppler-utils) is needed as the yardstick")
    for folder in FOLDERS:
        files = sorted((corpus / folder).glob("*.pdf"))
        tallies = {mode: Tally() for mode in MODES}
        for path in files:
            reference = _reference(path)
            rows, failure = _run_child(path)
            for mode in MODES:
                tally = tallies[mode]
                tally.tried += 1
                row = rows.get(mode)
                if row is None:
                    if failure == "hung":
                        tally.hung += 1
                    else:
                        tally.crashed += 1
                    continue
                if row["status"] == "refused":
                    tally.refused += 1
                    if sum(reference.values()):
                        tally.refused_readable.append(f"{path.name} ({'; '.join(row['notes'])})")  # type: ignore[arg-type]
                    continue
                tally.indexed += 1
                garbage = int(row["garbage"])  # type: ignore[call-overload]
                tally.garbage_pages += garbage
                share = recall(reference, str(row["text"]))
                if share is not None:
                    tally.recalls.append((share, path.name))
                    if share < GOAL_RECALL and not (mode == "hearth" and garbage):
                        tally.below_goal.append(f"{path.name} {share:.0%}")
        _print(folder, len(files), tallies)


def _print(folder: str, count: int, tallies: dict[str, Tally]) -> None:
    print(f"\n== {folder}: {count} PDFs ==")
    for mode, t in tallies.items():
        shares = [share for share, _ in t.recalls]
        median = statistics.median(shares) if shares else float("nan")
        worst = ", ".join(f"{name[:40]} {share:.0%}" for share, name in sorted(t.recalls)[:5])
        print(
            f"{mode:15s} tried {t.tried}  indexed {t.indexed}  refused {t.refused}  "
            f"crashed {t.crashed}  hung {t.hung}  garbage pages {t.garbage_pages}  "
            f"recall median {median:.1%} over {len(shares)} PDFs with reference text"
        )
        print(f"{'':15s} worst 5: {worst}")
        print(f"{'':15s} refused though pdftotext reads them: {t.refused_readable or 'none'}")
        below = ", ".join(t.below_goal) or "none"
        print(f"{'':15s} indexed below {GOAL_RECALL:.0%} and not marked unreadable: {below}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(Path(sys.argv[2]))
    else:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS)
