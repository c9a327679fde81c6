"""The Sources panel with real citations from a real knowledge base."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from pytestqt.qtbot import QtBot

from app.knowledge.grounding import Citation
from app.ui.knowledge import SourcesPanel
from app.ui.knowledge.source_card import HIDE_PASSAGE, SHOW_PASSAGE
from app.ui.knowledge.sources_panel import EMPTY_TEXT
from tests.fixtures.documents import write_docx, write_pdf
from tests.gui.knowledge_helpers import open_knowledge_base

LONG_PAGE = " ".join(f"Line {i} of the lighthouse budget appendix." for i in range(60))


@pytest.fixture
def citations(hearth_home: Path, tmp_path: Path) -> Iterator[tuple[Citation, ...]]:
    """Citations as the chat gets them: kb.ground over a PDF and a DOCX."""
    pdf = write_pdf(tmp_path / "report.pdf", ["Annual report. Revenue grew.", LONG_PAGE])
    docx = write_docx(tmp_path / "policy.docx")
    with open_knowledge_base() as kb:
        report = kb.add_files([pdf, docx])
        ids = [o.document.id for o in report.outcomes if o.document is not None]
        grounding = kb.ground("lighthouse budget", document_ids=ids, token_budget=4000)
        assert grounding.mode == "whole" and len(grounding.citations) >= 3
        yield grounding.citations


def make(qtbot: QtBot) -> SourcesPanel:
    panel = SourcesPanel()
    qtbot.addWidget(panel)
    panel.resize(380, 560)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_empty_state(qtbot: QtBot) -> None:
    panel = make(qtbot)
    assert panel.empty_state.isVisible()
    assert panel.empty_state.text() == EMPTY_TEXT
    assert not panel.scroll_area.isVisible()


def test_cards_list_each_source_with_file_and_position(
    qtbot: QtBot, citations: tuple[Citation, ...]
) -> None:
    panel = make(qtbot)
    panel.show_citations(list(reversed(citations)), title="Sources for: the budget")
    cards = panel.cards()
    assert [c.number for c in cards] == sorted(c.number for c in citations)  # in number order
    page_two = next(c for c in citations if c.file_name == "report.pdf" and c.page == 2)
    card = cards[page_two.number - 1]
    assert card.heading.text() == f"[{page_two.number}] report.pdf · page 2"
    shown = QTextDocumentFragment.fromHtml(card.excerpt.text())
    assert shown.toPlainText() == page_two.excerpt
    assert page_two.highlights  # the question's words are marked, in bold
    assert card.excerpt.text().count("<b ") == len(page_two.highlights)
    assert "whole section" in card.toolTip()  # went in whole: no search score
    assert card.open_link.isVisibleTo(card)  # the file exists
    assert panel.title.text() == "Sources for: the budget"
    assert not panel.empty_state.isVisible()


def test_score_tooltip_and_missing_file(qtbot: QtBot, citations: tuple[Citation, ...]) -> None:
    panel = make(qtbot)
    moved = replace(citations[0], path="/nowhere/report.pdf", score=3.14159)
    panel.show_citations([moved])
    card = panel.cards()[0]
    assert card.toolTip().startswith("Search score 3.14")
    assert not card.open_link.isVisibleTo(card)
    assert card.missing.isVisibleTo(card)


def test_highlight_scrolls_to_emphasises_and_opens_the_passage(
    qtbot: QtBot, citations: tuple[Citation, ...]
) -> None:
    panel = make(qtbot)
    page_two = next(c for c in citations if c.file_name == "report.pdf" and c.page == 2)
    last = max(c.number for c in citations)
    panel.show_citations(citations, highlight=page_two.number)
    card = panel.cards()[page_two.number - 1]
    assert card.is_emphasised() and card.is_expanded()
    assert card.passage.text() == page_two.text
    assert sum(c.is_emphasised() for c in panel.cards()) == 1
    assert panel.highlighted_number() == page_two.number

    assert panel.highlight(last)
    target = panel.cards()[-1]
    bar = panel.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() > 0 or bar.maximum() == 0, timeout=2000)
    top = target.mapTo(panel.scroll_area.viewport(), target.rect().topLeft()).y()
    assert 0 <= top < panel.scroll_area.viewport().height()
    assert not card.is_emphasised() and target.is_emphasised()
    assert not panel.highlight(99)  # not a source of this answer
    assert panel.highlighted_number() is None


def test_expand_toggle_and_open_file(qtbot: QtBot, citations: tuple[Citation, ...]) -> None:
    panel = make(qtbot)
    opened: list[str] = []
    panel.open_path = opened.append  # type: ignore[method-assign]  # the OS file opener
    page_two = next(c for c in citations if c.file_name == "report.pdf" and c.page == 2)
    panel.show_citations([page_two])
    card = panel.cards()[0]
    assert card.toggle_button.text() == SHOW_PASSAGE and not card.is_expanded()
    qtbot.mouseClick(card.toggle_button, Qt.MouseButton.LeftButton)
    assert card.is_expanded() and card.toggle_button.text() == HIDE_PASSAGE
    assert card.passage.isVisible() and not card.excerpt.isVisible()
    card.open_link.linkActivated.emit("open")
    assert opened == [page_two.path]


def test_new_citations_replace_the_old_and_clear_empties(
    qtbot: QtBot, citations: tuple[Citation, ...]
) -> None:
    panel = make(qtbot)
    panel.show_citations(citations)
    panel.show_citations(citations[:1])
    qtbot.wait(1)
    assert [c.number for c in panel.cards()] == [citations[0].number]
    panel.clear()
    assert panel.cards() == [] and panel.empty_state.isVisible()
