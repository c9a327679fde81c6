"""Index what the sources say: their figures, dates, contacts, references and words."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .dates import DateBook
from .facts import Fact, extract_facts, reference_values
from .model import CheckSources
from .words import inflected_match, words


def field_label(key: str) -> str:
    return key.replace("_", " ").replace("-", " ").strip()


class SourceIndex:
    def __init__(self, sources: CheckSources) -> None:
        self.number_values: set[Decimal] = set()
        self.numbers: list[tuple[frozenset[Decimal], str]] = []  # (values, "amount is 2,400")
        self.dates = DateBook()
        self.keys: dict[str, set[str]] = defaultdict(set)  # fact kind -> normal forms
        self.written: dict[str, list[str]] = defaultdict(list)  # fact kind -> as written
        self.phones: list[str] = []
        self.words: set[str] = set()
        self._by_stem: dict[str, set[str]] = defaultdict(set)
        labelled: list[tuple[str, str]] = [
            (field_label(k), str(v)) for k, v in sources.fields.items() if str(v).strip()
        ]
        labelled += [("", text) for text in (*sources.passages, *sources.turns)]
        labelled += [("", text) for text in sources.instructions]
        for key in sources.fields:
            self._add_words(field_label(key))
        for label, text in labelled:
            self._add(label, text)
        self.number_values.update(Decimal(y) for y in self.dates.years())

    def _add(self, label: str, text: str) -> None:
        facts = extract_facts(text)
        self.number_values.update(reference_values(facts))
        for fact in facts:
            written = f"{label} is {fact.text}" if label else f"your sources say {fact.text}"
            self._add_fact(fact, written)
        self._add_words(text)

    def _add_fact(self, fact: Fact, written: str) -> None:
        if fact.kind == "number":
            self.number_values.update(fact.values)
            self.numbers.append((fact.values, written))
        elif fact.kind == "date":
            self.dates.add(fact.dates, written)
            for _year, month, day in fact.dates:
                # A day or month number alone ("the 30th") is vouched for by the date.
                self.number_values.update({Decimal(month), Decimal(day)})
        else:
            self.keys[fact.kind].add(fact.key)
            self.written[fact.kind].append(written)
            if fact.kind == "phone":
                self.phones.append(fact.key)

    def _add_words(self, text: str) -> None:
        for word in words(text):
            folded = word.text.casefold()
            self.words.add(folded)
            self._by_stem[folded[:4]].add(folded)

    def knows_word(self, word: str) -> bool:
        folded = word.casefold()
        if folded in self.words:
            return True
        return any(inflected_match(folded, known) for known in self._by_stem.get(folded[:4], ()))
