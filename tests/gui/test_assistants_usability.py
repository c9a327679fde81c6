"""The assistants dialogs as a user meets them: the export's size estimate matches the pack it
saves, and the library, editor, import and export dialogs pass the accessibility audit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.archive import human_size
from app.ui.assistants.editor import AssistantEditor
from app.ui.assistants.export_dialog import PackExportDialog
from app.ui.assistants.import_dialog import PackImportDialog
from app.ui.assistants.library_dialog import AssistantsDialog
from app.ui.assistants.mcp_server_dialog import AddServerDialog
from app.ui.assistants.tools_tab import AssistantToolsTab
from tests.gui.accessibility_audit import tab_chain_problems, unnamed_interactive_widgets
from tests.gui.test_assistants_dialogs import TASK_TIMEOUT_MS, _choices
from tests.unit.test_assistants_packs import Author, make_author

from .event_wait import wait_until


@pytest.fixture
def author(tmp_path: Path, starter_model: Path) -> Iterator[Author]:
    made = make_author(tmp_path / "author", starter_model, tmp_path / "files")
    yield made
    made.core.close()


def audit(widget: object) -> list[str]:
    assert hasattr(widget, "findChildren")
    return unnamed_interactive_widgets(widget) + tab_chain_problems(widget)  # type: ignore[arg-type]


@pytest.mark.parametrize("signed", [False, True])
def test_the_export_estimate_is_within_ten_percent_of_the_saved_pack(
    author: Author, tmp_path: Path, signed: bool
) -> None:
    exporter = author.core.pack_exporter()
    estimate = exporter.estimate(
        author.assistant, include_knowledge=True, include_model=False, signed=signed
    )
    key = None
    if signed:
        from app.assistants.signing import generate_key_file

        key = generate_key_file(tmp_path / "author.pem").private_key_file
    written = exporter.export(
        author.assistant,
        tmp_path / "legal.hearth",
        include_knowledge=True,
        signing_key_file=key,
    )
    assert estimate.measured
    assert abs(estimate.total_bytes - written.bytes_written) <= 0.1 * written.bytes_written, (
        estimate.total_bytes,
        written.bytes_written,
    )


def test_the_export_dialog_shows_the_estimate_and_passes_the_audit(
    author: Author, tmp_path: Path, qtbot: QtBot
) -> None:
    dialog = PackExportDialog(author.core.pack_exporter(), author.assistant)
    qtbot.addWidget(dialog)
    dialog.show()
    assert audit(dialog) == []
    dialog.include_knowledge.setChecked(True)
    shown = dialog.size_label.text()
    out = tmp_path / "shared.hearth"
    dialog.out_file.setText(str(out))
    done: list[object] = []
    dialog.exported.connect(done.append)
    dialog.start_export()
    wait_until(lambda: bool(done), timeout_ms=TASK_TIMEOUT_MS)
    # What the dialog promised is what it saved (to the unit it shows).
    assert shown == f"about {human_size(out.stat().st_size)}"


def test_the_library_editor_and_import_dialogs_pass_the_audit(
    author: Author, tmp_path: Path, qtbot: QtBot
) -> None:
    core = author.core
    library = AssistantsDialog(core.assistants, core.pack_exporter(), lambda: _choices(core))
    qtbot.addWidget(library)
    library.show()
    library.refresh(select_id=author.assistant.id)
    assert audit(library) == []

    editor = AssistantEditor(_choices(core), author.assistant.profile, title="Edit")
    qtbot.addWidget(editor)
    editor.show()
    assert audit(editor) == []

    pack = core.pack_exporter().export(author.assistant, tmp_path / "p.hearth").path
    importer = PackImportDialog(core.pack_importer(), pack)
    qtbot.addWidget(importer)
    importer.show()
    importer.start_review()
    wait_until(lambda: importer.review is not None, timeout_ms=TASK_TIMEOUT_MS)
    assert audit(importer) == []


def test_the_tools_tab_and_add_server_dialog_pass_the_audit(author: Author, qtbot: QtBot) -> None:
    servers = author.core.mcp_servers
    tab = AssistantToolsTab(servers, author.assistant.id)
    qtbot.addWidget(tab)
    tab.show()
    assert audit(tab) == []
    dialog = AddServerDialog(author.assistant.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert audit(dialog) == []
