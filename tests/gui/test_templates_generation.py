"""Documents from templates through the REAL inference thread and the starter model, in the
real Documents panel: streaming section by section, Stop, Save, "Regenerate with the same
recipe", regenerating one section, and export."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import docx
import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.bootstrap import start_engine
from app.config import Paths
from app.core import Core
from app.templates import GeneratedDocument, TemplateDocumentService
from app.templates.codec import template_from_dict
from app.ui.common.engine_bridge import EngineBridge
from app.ui.shell.main_window import MainWindow
from app.ui.templates import TemplatesPanel

from .event_wait import wait_until

LOAD_TIMEOUT_MS = 30_000
GENERATE_TIMEOUT_MS = 120_000

TINY_TEMPLATE = {
    "schema": 1,
    "id": "tiny-note",
    "name": "Tiny note",
    "category": "other",
    "description": "Two short sections about a product.",
    "version": 1,
    "prompt": "A note about {{ product }} for the team.",
    "fields": [{"key": "product", "label": "Product", "type": "text", "required": True}],
    "outline": [
        {"title": "What it is", "instruction": "Say in two sentences what {{ product }} is."},
        {"title": "Next steps", "instruction": "List two next steps for {{ product }}."},
    ],
}


@dataclass
class Workspace:
    core: Core
    bridge: EngineBridge
    window: MainWindow
    panel: TemplatesPanel
    service: TemplateDocumentService

    def set_max_tokens(self, max_tokens: int) -> None:
        self.core.save_settings(replace(self.core.settings, max_tokens=max_tokens))

    def wait_idle(self) -> None:
        wait_until(lambda: not self.panel.busy, timeout_ms=GENERATE_TIMEOUT_MS)

    def generated(self) -> GeneratedDocument:
        document = self.panel.editor.document
        assert document is not None
        return document


@pytest.fixture
def workspace(hearth_home: Path, starter_model: Path, qtbot: QtBot) -> Iterator[Workspace]:
    core = Core.open(Paths.resolve())
    core.library.import_model(starter_model)
    core.save_settings(replace(core.settings, max_tokens=24, n_ctx=2048, seed=11))
    bridge, _worker = start_engine()
    window = MainWindow(core, bridge)
    qtbot.addWidget(window)
    window.library.load_default_model()
    wait_until(lambda: window.controller.loaded_model is not None, timeout_ms=LOAD_TIMEOUT_MS)
    service = TemplateDocumentService.open(core.database)
    service.library.save(template_from_dict(TINY_TEMPLATE, source="test"))
    panel = TemplatesPanel(service, bridge, window.controller, lambda: core.settings)
    qtbot.addWidget(panel)
    panel.resize(1300, 800)
    panel.show()
    assert panel.open_template("tiny-note", values={"product": "Hearth"})
    try:
        yield Workspace(core, bridge, window, panel, service)
    finally:
        panel.shutdown()
        window.close()
        bridge.shutdown()
        core.close()


def test_generate_streams_sections_then_save_regenerate_and_export(
    workspace: Workspace, tmp_path: Path, qtbot: QtBot
) -> None:
    panel, editor = workspace.panel, workspace.panel.editor
    shown_while_streaming: list[str] = []
    sections_started: list[int] = []

    assert panel.generate()
    assert panel.busy and not panel.form.generate_button.isEnabled()
    assert panel.job is not None
    panel.job.section_started.connect(lambda index, _title: sections_started.append(index))
    panel.job.text_received.connect(
        lambda _i, _t: shown_while_streaming.append(editor.streamed_markdown())
    )
    workspace.wait_idle()

    document = workspace.generated()
    assert sections_started == [0, 1]
    assert [s.title for s in document.sections] == ["What it is", "Next steps"]
    assert all(s.text and s.finish_reason in ("stop", "length") for s in document.sections)
    assert len(shown_while_streaming) > 2, "the text must arrive in pieces while it is written"
    assert shown_while_streaming[-1].startswith("# Tiny note: Hearth\n\n## What it is")
    assert "## Next steps" in shown_while_streaming[-1]
    shown = editor.editor.toPlainText()
    assert "What it is" in shown and document.sections[1].text.split()[0] in shown
    assert document.recipe.model.sha256 == workspace.window.controller.loaded_model.sha256
    assert document.recipe.seed == 11
    assert panel.documents.ids() == [document.id]

    # The user edits and saves.
    cursor = editor.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.editor.setTextCursor(cursor)
    qtbot.keyClicks(editor.editor, " Reviewed.")
    assert panel.save()
    assert "Reviewed." in workspace.service.documents.get(document.id).content

    # The same recipe on the same model gives the same text, as a new document.
    assert panel.regenerate_document()
    workspace.wait_idle()
    replay = workspace.generated()
    assert replay.id != document.id
    assert [s.text for s in replay.sections] == [s.text for s in document.sections]

    # One section again, with its own seed; the other stays as it was.
    assert panel.regenerate_section(1, seed=12345)
    workspace.wait_idle()
    changed = workspace.generated()
    assert changed.id == replay.id
    assert changed.sections[0] == replay.sections[0]
    assert changed.sections[1].seed == 12345
    assert changed.sections[1].text
    assert changed.content == changed.generated_text  # unedited, so the new text is in it

    for suffix in (".docx", ".pdf"):
        assert panel.files.export_to(tmp_path / f"note{suffix}")
    word = " ".join(p.text for p in docx.Document(str(tmp_path / "note.docx")).paragraphs)
    assert "What it is" in word and "Next steps" in word
    pdf = "".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "note.pdf").pages)
    assert "Next steps" in pdf


def test_escape_stops_generation_and_keeps_what_was_written(
    workspace: Workspace, qtbot: QtBot
) -> None:
    workspace.set_max_tokens(1500)
    panel = workspace.panel
    received: list[str] = []
    assert panel.generate()
    assert panel.job is not None
    panel.job.text_received.connect(lambda _i, text: received.append(text))
    wait_until(lambda: received, timeout_ms=GENERATE_TIMEOUT_MS)
    qtbot.keyClick(panel.form.generate_button, Qt.Key.Key_Escape)
    workspace.wait_idle()

    document = workspace.generated()
    finish = [s.finish_reason for s in document.sections]
    assert finish == ["cancelled", "cancelled"]
    assert document.sections[0].text  # what arrived before Stop is kept
    assert document.sections[0].completion_tokens < 1500
    assert not document.sections[1].text  # never reached
    assert "not reached" in panel.editor.status.text()
    assert workspace.service.documents.get(document.id).sections == document.sections
    assert panel.form.generate_button.isEnabled()


def test_a_cut_off_section_has_a_badge_and_continue_goes_on(
    workspace: Workspace, qtbot: QtBot
) -> None:
    """A section that hits the token limit is marked "Cut off"; Continue lets the model go on
    from its last word, and Regenerate replays the continuation. With HEARTH_SHOTS_DIR set,
    the window is saved before and after Continue."""
    workspace.set_max_tokens(6)
    panel, editor = workspace.panel, workspace.panel.editor
    bar = editor.cut_off_bar
    assert panel.generate()
    workspace.wait_idle()
    document = workspace.generated()
    assert [s.cut_off for s in document.sections] == [True, True]
    assert bar.isVisible() and bar.badge.text() == "Cut off"
    assert "Sections 1, 2 stopped at the token limit" in bar.message.text()
    assert editor.sections.item(0).text() == "1. What it is  ⚠ cut off"
    save_shot(panel, "documents-cut-off")

    editor.sections.setCurrentRow(1)
    assert "section 2, “Next steps”" in bar.message.text()
    editor.sections.setCurrentRow(0)
    qtbot.mouseClick(bar.continue_button, Qt.MouseButton.LeftButton)
    assert panel.busy and not bar.isVisible()
    assert editor.status.text() == "Continuing section 1, “What it is”…"
    workspace.wait_idle()

    continued = workspace.generated()
    first, second = continued.sections
    assert first.text.startswith(document.sections[0].text)
    assert len(first.text) > len(document.sections[0].text)
    assert first.continuations == (11,)
    assert second == document.sections[1]
    assert continued.content == continued.generated_text  # unedited: the longer text shows
    assert editor.markdown() == continued.content
    assert editor.status.text().startswith("Continued")
    save_shot(panel, "documents-continued")

    assert panel.regenerate_document()
    workspace.wait_idle()
    replay = workspace.generated()
    assert replay.id != continued.id
    assert [s.text for s in replay.sections] == [s.text for s in continued.sections]


def save_shot(widget: QWidget, name: str) -> None:
    folder = os.environ.get("HEARTH_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))
