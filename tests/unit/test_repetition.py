"""The repetition detector: it stops real loops and leaves legitimate structure alone."""

from __future__ import annotations

import pytest

from app.engine.repetition import (
    LONG_RERUN_WORDS,
    MIN_LOOP_WORDS,
    RepetitionDetector,
    ReplyLoopGuard,
)


def feed(text: str, piece: int = 3) -> RepetitionDetector:
    """Stream `text` in small pieces (as tokens arrive), stopping where the detector fires."""
    detector = RepetitionDetector()
    for start in range(0, len(text), piece):
        if detector.feed(text[start : start + piece]):
            return detector
    detector.finish()
    return detector


# ---- loops it must stop -----------------------------------------------------------------------

SENTENCE = "Please pay the invoice as soon as possible to avoid any late fees. "
PARAGRAPH = (
    "Our company has grown steadily over the last five years thanks to loyal customers, a "
    "dedicated team and careful management of costs, and we expect the coming year to bring "
    "new opportunities in the northern region as well as in online sales.\n\n"
)


def test_a_sentence_said_again_and_again_is_stopped_after_its_first_copy() -> None:
    text = "The invoice is due on Friday. " + SENTENCE * 6
    detector = feed(text)
    assert detector.found is not None
    assert detector.found.copies >= 3
    assert detector.trimmed(text) == "The invoice is due on Friday. " + SENTENCE.strip()


def test_a_repeated_paragraph_is_stopped_before_its_second_copy_ends() -> None:
    text = "Here is an overview.\n\n" + PARAGRAPH * 3
    detector = feed(text)
    assert detector.found is not None
    assert detector.trimmed(text) == "Here is an overview.\n\n" + PARAGRAPH.strip()
    # It fired within the second copy: the third was never needed.
    fed_words = len(text[: text.index(PARAGRAPH) + 2 * len(PARAGRAPH)].split())
    assert len(detector._words) < fed_words


def test_a_list_that_repeats_its_items_is_stopped() -> None:
    items = "".join(f"{n}. Call the customer and confirm the order.\n" for n in range(1, 30))
    detector = feed(items)
    assert detector.found is not None
    # The bullets are markup: the repeated items are cut with their numbers.
    assert detector.trimmed(items) == "1. Call the customer and confirm the order."


def test_a_short_phrase_looping_is_stopped_once_the_loop_is_long_enough() -> None:
    text = "Thank you! " * 40
    detector = feed(text)
    assert detector.found is not None
    assert detector.found.period == 2
    assert detector.trimmed(text) == "Thank you!"


def test_a_loop_in_a_code_block_is_stopped_too() -> None:
    text = "```python\n" + "print('processing the next customer record')\n" * 40
    assert feed(text).found is not None


def test_pieces_split_inside_words_change_nothing() -> None:
    text = "Intro. " + SENTENCE * 5
    whole = feed(text, piece=len(text)).found
    for size in (1, 2, 5, 17):
        assert feed(text, piece=size).found == whole


# ---- structure it must leave alone -----------------------------------------------------------

NUMBERED_STEPS = """To send a payment reminder:

1. Open the invoice in the accounting tool.
2. Check the due date and the amount still owed.
3. Write a short, polite email with the invoice number.
4. Attach a copy of the invoice as a PDF.
5. Set a reminder to follow up after seven days.
6. If there is no answer, call the customer.
"""

SALES_TABLE = "| Month | Units | Revenue | Returns |\n|---|---|---|---|\n" + "".join(
    f"| {month} | 1,200 | 1,200 | 0 |\n"
    for month in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct")
)

FEATURE_TABLE = """| Feature | Basic | Pro | Enterprise |
|---------|-------|-----|------------|
| Backups | Yes | Yes | Yes |
| Support | No | Yes | Yes |
| Single sign-on | No | No | Yes |
| Audit log | No | Yes | Yes |
| API access | Yes | Yes | Yes |
| Custom domain | No | Yes | Yes |
"""

SCHEDULE = "".join(
    f"- {day}: team meeting at 9:00, customer calls until noon, reports in the afternoon.\n"
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
)

CODE = """```python
def total(rows):
    result = 0
    for row in rows:
        result += row["amount"]
    return result


def average(rows):
    result = 0
    for row in rows:
        result += row["amount"]
    return result / len(rows)
```
"""

LETTER = """Dear Ms Patel,

Thank you for your order of 12 March. Thank you also for your kind words about our service.

Invoice 1042 for 1,250.00 EUR is now 30 days overdue. Please pay the invoice by 30 April.

Kind regards,
Sam Lee
Accounts, Northwind Supplies Ltd
"""


def test_a_loop_of_links_whose_generated_names_differ_is_stopped() -> None:
    # Seen from the starter model: the same two links again and again, each with a new image id.
    ids = ["img_371x50", "img_896x15", "img_dff698", "img_fef98d", "img_a41c2e", "img_77b0f3"]
    text = "Reminder for Acme Ltd:\n" + "".join(
        f"Monetis:\n![https://via.placeholder.com/{image}]\n"
        "[http://www.acme-online.co.uk/assets/images/AABBAAADCCBCDDEEEDE7FEA573C&size=24x10]\n"
        for image in ids
    )
    detector = feed(text)
    assert detector.found is not None
    assert detector.trimmed(text).startswith("Reminder for Acme Ltd:\nMonetis:")
    assert detector.trimmed(text).count("img_") <= 2


# Order references differ only in their codes; every row is a different order, not a loop.
ORDERS = "".join(
    f"- Order {code}: shipped to the Leeds warehouse, invoice sent, payment received.\n"
    for code in ("A12B7", "C34D9", "E56F1", "G78H3", "J90K5", "L11M6")
)


CHECKLIST = "".join(f"- [ ] Step {n}: check the figures in section {n}\n" for n in range(1, 15))


@pytest.mark.parametrize(
    "text",
    [NUMBERED_STEPS, SALES_TABLE, FEATURE_TABLE, SCHEDULE, CODE, LETTER, CHECKLIST, ORDERS],
    ids=[
        "steps",
        "sales-table",
        "feature-table",
        "schedule",
        "code",
        "letter",
        "checklist",
        "orders",
    ],
)
def test_legitimate_lists_tables_code_and_letters_pass(text: str) -> None:
    detector = feed(text)
    assert detector.found is None
    assert detector.trimmed(text) == text


def test_everything_legitimate_in_one_long_reply_passes() -> None:
    text = "\n".join([NUMBERED_STEPS, SALES_TABLE, FEATURE_TABLE, SCHEDULE, CODE, LETTER])
    assert feed(text).found is None


def test_two_copies_of_a_short_sentence_are_not_a_loop() -> None:
    text = "Thank you for your order. " * 2 + "We will ship it on Monday."
    assert feed(text).found is None


def test_the_thresholds_are_what_the_rules_say() -> None:
    # Three copies of a phrase just under the minimum loop length pass; one more word fires.
    words = MIN_LOOP_WORDS // 3
    short = " ".join(f"w{n}" for n in range(words)) + ". "
    assert feed(short * 3 + "End.").found is None
    longer = " ".join(f"w{n}" for n in range(words + 1)) + ". "
    assert feed(longer * 3 + "End.").found is not None
    # A verbatim re-run fires once it is LONG_RERUN_WORDS long, even as a second copy.
    block = " ".join(f"v{n}" for n in range(LONG_RERUN_WORDS + 5)) + ". "
    detector = feed(block * 2)
    assert detector.found is not None and detector.found.copies == 2


# ---- the guard as one generation uses it -----------------------------------------------------


def test_a_disabled_guard_never_fires() -> None:
    guard = ReplyLoopGuard(enabled=False)
    assert not any(guard.feed(SENTENCE) for _ in range(20))
    assert guard.reply_text(SENTENCE * 20) == SENTENCE * 20


def test_a_continuation_is_watched_together_with_the_reply_before_it() -> None:
    before = "Intro. " + SENTENCE * 2
    guard = ReplyLoopGuard(enabled=True, continue_from=before)
    # The third copy comes in the continuation: the loop spans both parts.
    assert guard.feed(SENTENCE * 2)
    # The earlier part stays as it was; the repeats in the new part are left out.
    assert guard.reply_text(SENTENCE * 2) == ""


def test_a_continuation_whose_earlier_part_already_loops_watches_only_the_new_text() -> None:
    guard = ReplyLoopGuard(enabled=True, continue_from=SENTENCE * 5)
    assert not guard.feed("And that is the end of it.")
    assert guard.reply_text("And that is the end of it.") == "And that is the end of it."


def test_a_repeated_list_item_is_cut_with_its_number_and_markup() -> None:
    item = "**Don't underestimate a small business**: it can be as valuable as a large one."
    text = "1. **Adapt**: always look for ways to improve.\n" + "".join(
        f"{n}. {item}\n" for n in range(2, 12)
    )
    detector = feed(text)
    assert detector.found is not None
    assert detector.trimmed(text) == f"1. **Adapt**: always look for ways to improve.\n2. {item}"


def test_a_loop_inside_a_paragraph_ends_on_a_whole_sentence_or_word() -> None:
    values = (
        "We are proud of our role in making a positive impact, always. "
        "We value trust and care for every customer we serve. "
    )
    text = "Our values. We value trust and care for every customer we serve. " + values * 3
    detector = feed(text)
    assert detector.found is not None
    assert detector.trimmed(text) == (
        "Our values. We value trust and care for every customer we serve. "
        "We are proud of our role in making a positive impact, always."
    )
    # No sentence end inside the first copy: the cut keeps whole words ("truck's", not "truck'").
    menu = "Start. The plan covers costs, staff and " + "the food truck's menu and prices and " * 6
    detector = feed(menu, piece=4)
    assert detector.trimmed(menu) == (
        "Start. The plan covers costs, staff and the food truck's menu and prices"
    )
