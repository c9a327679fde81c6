"""The knowledge widgets rendered in the light and dark theme, checked by their pixels.

With HEARTH_SHOTS_DIR set, the images are also saved there for a person to look at:
    HEARTH_SHOTS_DIR=shots python -m pytest tests/gui/test_knowledge_screenshots.py
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.knowledge.grounding import Citation
from app.ui.common.theme import apply_theme, error_color
from app.ui.knowledge import AttachmentBar, AttachmentItem, KnowledgePanel, SourcesPanel
from tests.gui.event_wait import wait_until
from tests.gui.knowledge_helpers import open_knowledge_base, write_texts


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_theme(qapp, request.param)
    yield str(request.param)
    apply_theme(qapp, "light")


def shoot(widget: QWidget, name: str) -> QImage:
    image = widget.grab().toImage()
    folder = os.environ.get("HEARTH_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(folder) / f"{name}.png"))
    return image


def near(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def column_has(image: QImage, x: int, ys: range, wanted: QColor) -> bool:
    return any(near(image.pixelColor(x, y), wanted) for y in ys)


def test_attachment_bar(qtbot: QtBot, theme: str) -> None:
    bar = AttachmentBar()
    qtbot.addWidget(bar)
    bar.resize(640, 90)
    bar.show()
    bar.set_attachments(
        [
            AttachmentItem("document", 1, "annual-report.pdf", "ready", "PDF · 12 pages"),
            AttachmentItem("document", 2, "broken.docx", "failed", "broken.docx: damaged"),
            AttachmentItem("collection", 3, "Travel policies", "ready", "8 documents"),
        ]
    )
    bar.show_progress(2, 10, "report.pdf")
    qtbot.waitExposed(bar)
    qtbot.wait(20)
    image = shoot(bar, f"knowledge_bar_{theme}")
    failed = bar.chips()[1]
    top_left = failed.mapTo(bar, failed.rect().topLeft())
    # The failed chip's outline is drawn in the theme's error red.
    middle = top_left.x() + failed.width() // 2
    assert column_has(
        image, middle, range(top_left.y(), top_left.y() + 3), error_color(bar.palette())
    )
    # A ready chip stands out from the bar's background.
    ready = bar.chips()[0]
    inside = ready.mapTo(bar, ready.rect().center())
    window = bar.palette().color(QPalette.ColorRole.Window)
    assert not near(
        image.pixelColor(inside.x(), ready.mapTo(bar, ready.rect().topLeft()).y() + 3), window, 3
    )


def test_sources_panel(qtbot: QtBot, theme: str, tmp_path: Path) -> None:
    path = write_texts(tmp_path, {"report.txt": "x"})[0]
    citations = [
        Citation(
            n, 1, "report.txt", str(path), f"page {n}", n, f"Excerpt {n}.", f"Text {n}.", 1.5, n
        )
        for n in (1, 2, 3)
    ]
    panel = SourcesPanel()
    qtbot.addWidget(panel)
    panel.resize(380, 520)
    panel.show()
    panel.show_citations(citations, highlight=2, title="Sources for: the budget")
    qtbot.waitExposed(panel)
    qtbot.wait(20)
    image = shoot(panel, f"knowledge_sources_{theme}")
    card = panel.cards()[1]
    top_left = card.mapTo(panel, card.rect().topLeft())
    highlight = panel.palette().color(QPalette.ColorRole.Highlight)
    middle = top_left.x() + card.width() // 2
    assert column_has(
        image,
        middle,
        range(top_left.y(), top_left.y() + 3),
        highlight,
    )
    plain = panel.cards()[0]
    plain_top = plain.mapTo(panel, plain.rect().topLeft())
    assert not column_has(image, middle, range(plain_top.y(), plain_top.y() + 3), highlight)


def test_knowledge_panel(qtbot: QtBot, theme: str, hearth_home: Path, tmp_path: Path) -> None:
    files = write_texts(tmp_path, {"lease.txt": "The lease runs until 2027.", "bad.xyz": "?"})
    with open_knowledge_base() as kb:
        collection = kb.create_collection("Contracts")
        panel = KnowledgePanel(kb)
        qtbot.addWidget(panel)
        panel.resize(1000, 600)
        panel.show()
        panel.collections_view.select(collection.id)
        panel.add_files(files, collection_id=collection.id)
        wait_until(lambda: not panel.is_busy(), timeout_ms=60_000)
        panel.shutdown()
        qtbot.wait(20)
        shoot(panel, f"knowledge_panel_{theme}")
        assert panel.report_dialog is not None
        shoot(panel.report_dialog, f"knowledge_report_{theme}")
        assert panel.report_dialog.rows()[0][0] == "bad.xyz"
        assert panel.message.text() == "Indexed 1 file; 1 could not be read (see the list)."
        panel.report_dialog.close()
