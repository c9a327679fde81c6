"""The Sources panel shows where on its page an OCR'd source was read, and nothing for text
from a text layer."""

from __future__ import annotations

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.knowledge.grounding import Citation
from app.knowledge.page_box import PageBox
from app.ui.common.theme import tokens_for
from app.ui.knowledge import SourcesPanel
from tests.gui.accessibility_audit import tab_chain_problems, unnamed_interactive_widgets

PASSAGE = "Signed by Marta Okafor on behalf of Brightwater Logistics."


def citation(number: int, *, box: PageBox | None, page: int | None = 3) -> Citation:
    return Citation(
        number=number,
        document_id=number,
        file_name="contract-scan.pdf" if box else "contract.pdf",
        path="/nowhere/contract.pdf",
        position=f"page {page}" if page else "",
        page=page,
        excerpt=PASSAGE,
        text=PASSAGE,
        score=1.5,
        chunk_id=number,
        box=box,
    )


def make(qtbot: QtBot, citations: list[Citation]) -> SourcesPanel:
    panel = SourcesPanel()
    qtbot.addWidget(panel)
    panel.resize(380, 560)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_citations(citations, title="Sources for: who signed")
    return panel


def test_an_ocr_source_shows_its_place_and_a_text_layer_source_does_not(qtbot: QtBot) -> None:
    scanned = citation(1, box=PageBox(0.1, 0.08, 0.7, 0.14))
    typed = citation(2, box=None)
    bottom = citation(3, box=PageBox(0.1, 0.86, 0.6, 0.9), page=None)
    panel = make(qtbot, [scanned, typed, bottom])
    first, second, third = panel.cards()

    assert first.outline is not None and first.outline.isVisible()
    assert first.place.isVisible() and first.place.text() == "page 3, top"
    assert first.outline.accessibleName() == "Where on the page"
    assert first.outline.accessibleDescription() == "page 3, top"
    assert third.place.text() == "bottom of the page"

    assert second.outline is None
    assert not second.place.isVisibleTo(second) and second.place.text() == ""

    # The mark is drawn where the box is: the accent shows in the top of the outline only.
    outline = first.outline
    marked = outline.marked_rect()
    assert marked.bottom() < outline.height() / 3
    image = outline.grab().toImage()
    ratio = image.width() / outline.width()
    accent = QColor(tokens_for(outline.palette()).accent)

    def accent_rows(top: float, bottom: float) -> int:
        found = 0
        for y in range(int(top * ratio), int(bottom * ratio)):
            pixel = image.pixelColor(int(marked.center().x() * ratio), y)
            found += abs(pixel.hue() - accent.hue()) < 20 and pixel.saturation() > 40
        return found

    assert accent_rows(marked.top(), marked.bottom()) > 0
    assert accent_rows(outline.height() / 2, outline.height() - 2) == 0

    assert unnamed_interactive_widgets(panel) == []
    assert tab_chain_problems(panel) == []
