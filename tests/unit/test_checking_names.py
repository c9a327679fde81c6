"""Names opening a sentence: a rare name is flagged; an ordinary capitalised word is not."""

from __future__ import annotations

import pytest

from app.checking import CheckSources, check_text

SOURCES = CheckSources(passages=("Order 5531 for Kallio Energia Oy ships on 2 April.",))


def names(text: str) -> list[str]:
    return [issue.text for issue in check_text(text, SOURCES).issues if issue.kind == "name"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Your order ships soon. Orvokki will answer any questions.", "Orvokki"),
        ("Tilauksesi lähtee pian. Eerikki vastaa mielellään kysymyksiin.", "Eerikki"),
        ("Ihre Bestellung kommt bald. Zephyrine beantwortet gerne Ihre Fragen.", "Zephyrine"),
        ("Thank you for your order. Quillon's team will call you.", "Quillon's"),
    ],
)
def test_a_rare_name_opening_a_sentence_is_flagged(text: str, name: str) -> None:
    assert names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Unfortunately the delivery is late. Meanwhile, I'm happy to help. We'll call you.",
        "Billing: see below. Shipping takes three days. Regards, the team.",
        "Dear [Your Customer's Name], thank you. Job Title: bookkeeper.",
        "Vahvistamme tilauksen. Laskusta löytyy summa. Toimitus tapahtuu huhtikuussa.",
        "Die Überweisung ist fällig. Zahlungserinnerungen senden wir nicht gern. Vielen Dank.",
    ],
)
def test_ordinary_words_opening_a_sentence_are_not_names(text: str) -> None:
    assert names(text) == []
