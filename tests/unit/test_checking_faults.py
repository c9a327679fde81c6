"""Each fault kind the checker reports, in English and Finnish, and sentence attribution."""

from __future__ import annotations

from app.checking import (
    CheckSources,
    attribute_sentences,
    chat_issues,
    chat_sources,
    check_text,
)

REMINDER_FIELDS = {
    "client": "Kallio Energia Oy",
    "invoice": "INV-1042",
    "amount": "2400",
    "due_date": "2026-11-30",
    "contact": "Anna Korhonen",
    "email": "billing@kallio.fi",
    "phone": "+358 40 123 4567",
}
CLEAN = (
    "Dear Kallio Energia Oy,\n\nInvoice INV-1042 for EUR 2,400.00 was due on November 30, "
    "2026. Please contact Anna Korhonen at billing@kallio.fi or call 040 123 4567.\n\n"
    "Best regards,\nAnna Korhonen"
)
INSTRUCTIONS = ("Write a payment reminder. Tone: professional. Length: 120 words.",)


def sources(**extra: object) -> CheckSources:
    return CheckSources(
        fields=REMINDER_FIELDS,
        required=("amount", "due_date", "invoice"),
        instructions=INSTRUCTIONS,
        **extra,  # type: ignore[arg-type]
    )


def found(text: str, checked: CheckSources | None = None) -> list[tuple[str, str]]:
    report = check_text(text, checked or sources())
    for issue in report.issues:
        if issue.kind != "missing_field":
            assert text[issue.start : issue.end] == issue.text  # offsets point at the span
    # A changed required value is also reported missing: test_a_dropped_required_fact_...
    return [(i.kind, i.text) for i in report.issues if i.kind != "missing_field"]


def test_a_clean_reminder_has_no_issues() -> None:
    report = check_text(CLEAN, sources())
    assert report.issues == () and report.missing == ()
    assert report.to_json() == {"issues": [], "missing": []}


def test_each_fault_kind_is_reported() -> None:
    assert found(CLEAN.replace("INV-1042", "INV-1043")) == [("number", "INV-1043")]
    assert found(CLEAN.replace("November 30", "December 30")) == [("date", "December 30, 2026")]
    assert found(CLEAN.replace("billing@kallio.fi", "support@kalen_etjakul")) == [
        ("contact", "support@kalen_etjakul")
    ]
    assert found(CLEAN.replace("040 123 4567", "040 123 9999")) == [("contact", "040 123 9999")]
    assert found(CLEAN + "\nVisit https://kallio-pay.example.com/now.") == [
        ("contact", "https://kallio-pay.example.com/now")
    ]
    assert found(CLEAN + "\nIBAN FI21 1234 5600 0007 85.") == [
        ("contact", "FI21 1234 5600 0007 85")
    ]
    assert found(CLEAN.replace("contact Anna Korhonen", "contact Mikko Virtanen")) == [
        ("name", "Mikko Virtanen")
    ]
    assert found(CLEAN + "\nTone: professional. Length: 120 words") == [
        ("prompt_echo", "Tone: professional. Length: 120 words")
    ]


def test_a_dropped_required_fact_is_missing() -> None:
    text = CLEAN.replace(" for EUR 2,400.00", "")
    report = check_text(text, sources())
    assert report.missing == ("amount",)
    (issue,) = [i for i in report.issues if i.kind == "missing_field"]
    assert "2400" in issue.reason and issue.start == issue.end == 0


def test_percentages_counts_and_scaled_figures() -> None:
    passage = "Revenue was EUR 48.2 million, up 11 percent, from 1,250 customers."
    checked = CheckSources(passages=(passage,))
    assert found("Revenue reached 48.2 million euros (+11%) from 1 250 customers.", checked) == []
    assert found("Revenue reached 48,200,000 euros.", checked) == []
    assert found("Revenue grew 20 percent from 1,300 customers.", checked) == [
        ("number", "20"),
        ("number", "1,300"),
    ]


def test_times_of_day_are_checked() -> None:
    checked = CheckSources(passages=("The meeting starts at 09:30 in room 4.",))
    assert found("We meet at 9:30 in room 4.", checked) == []
    assert found("We meet at 10:30 in room 4.", checked) == [("date", "10:30")]


def test_list_numbers_are_not_figures() -> None:
    checked = CheckSources(fields={"amount": "2400"})
    text = "\n".join(f"{n}. Item costing 2400" for n in range(9, 13))
    assert found(text, checked) == []
    assert found("Item 12. Costs 2400.", checked) == [("number", "12")]


def test_year_less_dates_match_any_year_and_us_dates_both_ways() -> None:
    checked = CheckSources(passages=("The board meets on 30 November.",))
    assert found("The board meets on 2027-11-30.", checked) == []
    assert found("The board meets on 11/30/2026 or 30/11/2026.", checked) == []
    assert found("The board meets on 29 November.", checked) == [("date", "29 November")]


def test_finnish_text_inflected_names_and_dates() -> None:
    checked = CheckSources(
        fields={"asiakas": "Kallio Energia Oy", "summa": "2400", "erapaiva": "2026-11-30"},
        passages=("Yhteyshenkilö Mikko Virtanen, mikko.virtanen@kallio.fi.",),
        required=("summa", "erapaiva"),
    )
    text = (
        "Hyvä Kallio Energia Oy:n asiakas,\n\nlaskun summa 2 400,00 euroa erääntyi "
        "30. marraskuuta 2026. Lisätietoja antaa Mikko Virtanen; voitte myös kirjoittaa "
        "Mikko Virtaselle osoitteeseen mikko.virtanen@kallio.fi."
    )
    assert found(text, checked) == []
    wrong = text.replace("Mikko Virtaselle", "Liisa Laaksolle").replace("2 400,00", "2 600,00")
    assert found(wrong, checked) == [("number", "2 600,00"), ("name", "Liisa Laaksolle")]
    assert check_text(wrong, checked).missing == ("summa",)


def test_german_nouns_are_not_names_but_people_are() -> None:
    checked = CheckSources(
        fields={"kunde": "Frau Schmidt", "rechnung": "RE-2031", "betrag": "2400"},
        required=("betrag",),
    )
    text = (
        "Sehr geehrte Frau Schmidt,\n\ndie Rechnung RE-2031 über 2.400,00 EUR ist am "
        "30.11.2026 fällig. Bitte überweisen Sie den Betrag auf unser Konto."
    )
    assert found(text, checked) == [("date", "30.11.2026")]
    assert found(text.replace("Frau Schmidt", "Frau Weber"), checked)[0] == ("name", "Weber")


def test_unicode_digits_and_scripts() -> None:
    checked = CheckSources(fields={"amount": "2400"}, passages=("Γιώργος Παπαδόπουλος",))
    same = "Το ποσό είναι ٢٤٠٠ ευρώ, είπε ο Γιώργος Παπαδόπουλος."  # noqa: RUF001
    other = "Το ποσό είναι ٢٦٠٠ ευρώ, είπε ο Νίκος Γεωργίου."  # noqa: RUF001
    assert found(same, checked) == []
    assert found(other, checked) == [
        ("number", "٢٦٠٠"),
        ("name", "Νίκος Γεωργίου"),
    ]


def test_sentence_start_words_and_common_words_are_not_names() -> None:
    checked = CheckSources(fields={"client": "Dana"})
    text = "Thank you, Dana. Payment Reminder\nOur team will follow up on Monday in January."
    assert found(text, checked) == []


def test_a_known_first_name_opening_a_sentence_is_a_name() -> None:
    checked = CheckSources(fields={"client": "Dana"})
    assert found("Dear Dana, Nina will call you. Delivery will follow.", checked) == [
        ("name", "Nina")
    ]
    assert found("Dear Dana, Dana will call you.", checked) == []


def test_repeating_field_values_is_not_an_echo() -> None:
    checked = CheckSources(
        fields={"client": "Kallio Energia Oy", "invoice": "INV-1042"},
        instructions=(
            "Write a short payment reminder to Kallio Energia Oy about invoice INV-1042 and "
            "keep it polite.",
        ),
    )
    assert (
        found("This is a payment reminder to Kallio Energia Oy about invoice INV-1042.", checked)
        == []
    )
    copied = (
        "Hello. Write a short payment reminder to Kallio Energia Oy about invoice INV-1042 now."
    )
    assert found(copied, checked) == [
        (
            "prompt_echo",
            "Write a short payment reminder to Kallio Energia Oy about invoice INV-1042",
        )
    ]


def test_attribution_finds_the_supporting_passage() -> None:
    passages = [
        "The office moves to Tampere in March.",
        "Third-quarter revenue was 48.2 million euros, up 11 percent.",
    ]
    text = "Revenue in the third quarter was 48.2 million euros. We also like coffee."
    first, second = attribute_sentences(text, passages)
    assert (first.passage, text[first.start : first.end]) == (
        1,
        "Revenue in the third quarter was 48.2 million euros.",
    )
    assert second.passage is None and second.score < first.score
    assert attribute_sentences(text, passages) == [first, second]  # deterministic
    assert [s.passage for s in attribute_sentences(text, [])] == [None, None]


def test_a_long_document_keeps_every_offset_right() -> None:
    """About 1,500 words (the bench times this size; tests assert no timings)."""
    body = "\n\n".join([CLEAN] * 40)
    text = body + "\n\nPlease call 040 555 0199 instead."
    report = check_text(text, sources())
    assert [(i.kind, i.text) for i in report.issues] == [("contact", "040 555 0199")]
    (issue,) = report.issues
    assert issue.start == len(body) + len("\n\nPlease call ")


def test_an_ungrounded_chat_reply_is_checked_for_contacts_and_echoes_only() -> None:
    sources = chat_sources(
        [("system", "You are a helpful, concise assistant."), ("user", "Capital of France?")]
    )
    reply = "It is Paris (2.1 million people). You are a helpful, concise assistant. Mail a@b.fr"
    report = check_text(reply, sources)
    assert {i.kind for i in report.issues} == {"name", "number", "prompt_echo", "contact"}
    kept = chat_issues(report.issues, grounded=False)
    assert [(i.kind, i.text) for i in kept] == [
        ("prompt_echo", "You are a helpful, concise assistant."),
        ("contact", "a@b.fr"),
    ]
    assert chat_issues(report.issues, grounded=True) == report.issues
