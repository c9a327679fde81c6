"""The assistants UI offscreen on real profiles: library dialog, editor, pack import and export,
and switching the window to an assistant through the real inference thread."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import app.assistants.pack_export as pack_export
from app.assistants.model import AdapterSetting
from app.bootstrap import start_engine
from app.config import Paths
from app.core import Core
from app.ui.assistants.editor import AssistantEditor, EditorChoices
from app.ui.assistants.export_dialog import PackExportDialog
from app.ui.assistants.import_dialog import PackImportDialog
from app.ui.assistants.library_dialog import AssistantsDialog
from app.ui.assistants.picker import AssistantPicker
from app.ui.assistants.switcher import AssistantSwitcher
from app.ui.shell.main_window import MainWindow
from tests.unit.test_assistants_packs import Author, make_author, rewrite_pack

from .event_wait import wait_until

SHOTS = Path("/tmp/shots")
TASK_TIMEOUT_MS = 30_000


def _shot(widget: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


@pytest.fixture
def author(tmp_path: Path, starter_model: Path) -> Iterator[Author]:
    made = make_author(tmp_path / "author", starter_model, tmp_path / "files")
    yield made
    made.core.close()


def _choices(core: Core) -> EditorChoices:
    return EditorChoices(
        models=core.models.list(),
        adapters=core.adapters.list(),
        collections=[c.name for c in core.knowledge.collections()],
        templates=[(t.id, t.name) for t in core.templates.library.list()],
        catalog_id_for={},
    )


def test_library_dialog_lists_shows_duplicates_and_deletes(author: Author, qtbot: QtBot) -> None:
    service = author.core.assistants
    dialog = AssistantsDialog(service, author.core.pack_exporter(), lambda: _choices(author.core))
    qtbot.addWidget(dialog)
    dialog.show()
    names = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert names == [
        "Business writer",
        "Customer support",
        "HR assistant",
        "Market analyst",
        "Legal helper",
    ]
    dialog.refresh(select_id=author.assistant.id)
    assert dialog.title.text() == "Legal helper"
    assert "Adapter: Test LoRA" in dialog.details.text()
    assert "Try asking:" in dialog.details.text()
    assert dialog.start_button.isEnabled()
    _shot(dialog, "assistants-library")

    started: list[int] = []
    dialog.start_chat_requested.connect(started.append)
    dialog.start_button.click()
    assert started == [author.assistant.id]

    copy = dialog.duplicate_current()
    assert copy is not None and dialog.title.text() == "Legal helper (copy)"
    assert dialog.delete_current(confirm=False)
    assert "Legal helper (copy)" not in [a.name for a in service.list()]


def test_an_assistant_whose_adapter_is_gone_cannot_start(author: Author, qtbot: QtBot) -> None:
    service = author.core.assistants
    broken = service.create(
        replace(
            author.assistant.profile,
            name="Broken",
            adapters=(AdapterSetting("cd" * 32, "Lost LoRA", 1.0),),
        )
    )
    dialog = AssistantsDialog(service, author.core.pack_exporter(), lambda: _choices(author.core))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.refresh(select_id=broken.id)
    assert not dialog.start_button.isEnabled()
    assert "Lost LoRA" in dialog.problem.text()
    _shot(dialog, "assistants-library-blocked")


def test_the_editor_reads_back_what_it_shows(author: Author, qtbot: QtBot) -> None:
    editor = AssistantEditor(_choices(author.core), author.assistant.profile, title="Edit")
    qtbot.addWidget(editor)
    editor.show()
    assert editor.profile() == author.assistant.profile
    editor.name.setText("Legal helper 2")
    editor.temperature.setValue(0.25)
    editor.adapter_rows[0].scale.setValue(1.4)
    changed = editor.profile()
    assert changed.name == "Legal helper 2"
    assert changed.sampling.temperature == 0.25
    assert changed.adapters[0].scale == 1.4
    _shot(editor, "assistants-editor")

    editor.name.setText("")
    editor.buttons.accepted.emit()
    assert editor.isVisible() and "needs a name" in editor.error.text()


def test_import_dialog_shows_the_signer_then_imports(
    author: Author, tmp_path: Path, starter_model: Path, qtbot: QtBot
) -> None:
    from app.assistants.signing import generate_key_file

    key = generate_key_file(tmp_path / "author.pem")
    pack = (
        author.core.pack_exporter()
        .export(
            author.assistant,
            tmp_path / "legal.hearth",
            include_knowledge=True,
            signing_key_file=key.private_key_file,
        )
        .path
    )
    target = Core.open(Paths.resolve(tmp_path / "target"))
    try:
        target.library.import_model(starter_model)
        dialog = PackImportDialog(target.pack_importer(), pack)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.start_review()
        wait_until(lambda: dialog.review is not None, timeout_ms=TASK_TIMEOUT_MS)
        assert dialog.signature.text() == f"signed by {key.fingerprint}"
        assert dialog.import_button.isEnabled()
        assert "Adapter: Test LoRA" in dialog.contents.text()
        _shot(dialog, "assistants-import-signed")
        imported: list[int] = []
        dialog.imported.connect(imported.append)
        dialog.start_import()
        wait_until(lambda: bool(imported), timeout_ms=TASK_TIMEOUT_MS)
        assert target.assistants.get(imported[0]).name == "Legal helper"
    finally:
        target.close()


def test_import_dialog_refusals_and_missing_model(
    author: Author, tmp_path: Path, qtbot: QtBot
) -> None:
    pack = author.core.pack_exporter().export(author.assistant, tmp_path / "p.hearth").path
    empty = Core.open(Paths.resolve(tmp_path / "empty"))
    try:
        dialog = PackImportDialog(empty.pack_importer(), pack)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.start_review()
        wait_until(lambda: dialog.review is not None, timeout_ms=TASK_TIMEOUT_MS)
        assert not dialog.import_button.isEnabled()
        assert dialog.get_model_button.isVisible()
        assert dialog.signature.text() == "unsigned"
        wanted: list[str] = []
        dialog.get_model_requested.connect(wanted.append)
        dialog.get_model_button.click()
        assert wanted == ["smollm2-135m-instruct"]
        _shot(dialog, "assistants-import-missing-model")
        dialog.reject()

        slip = rewrite_pack(pack, tmp_path / "slip.hearth", raw_names={"../x": b"x"})
        refused = PackImportDialog(empty.pack_importer(), slip)
        qtbot.addWidget(refused)
        refused.show()
        task = refused.start_review()
        wait_until(lambda: refused.task is None, timeout_ms=TASK_TIMEOUT_MS)
        task.wait(5)
        assert "leaves the pack's folder" in refused.error.text()
        assert not refused.import_button.isEnabled()
        _shot(refused, "assistants-import-refused")
    finally:
        empty.close()


def test_export_dialog_warns_about_size_and_writes_the_pack(
    author: Author, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pack_export, "LARGE_PACK_BYTES", 10 * 1024 * 1024)
    dialog = PackExportDialog(author.core.pack_exporter(), author.assistant)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.warning.isVisible()
    dialog.include_model.setChecked(True)
    assert "mostly the model file" in dialog.warning.text()
    dialog.include_model.setChecked(False)
    dialog.include_knowledge.setChecked(True)
    out = tmp_path / "shared.hearth"
    dialog.out_file.setText(str(out))
    _shot(dialog, "assistants-export")
    done: list[object] = []
    dialog.exported.connect(done.append)
    dialog.start_export()
    wait_until(lambda: bool(done), timeout_ms=TASK_TIMEOUT_MS)
    assert out.is_file() and "Saved shared.hearth" in dialog.result_label.text()

    dialog.sign.setChecked(True)
    assert dialog.start_export() is None
    assert "key file" in dialog.error.text()


def test_switching_loads_model_then_adapters_on_the_worker(author: Author, qtbot: QtBot) -> None:
    bridge, _worker = start_engine()
    window = MainWindow(author.core, bridge)
    qtbot.addWidget(window)
    try:
        service = author.core.assistants
        picker = AssistantPicker()
        qtbot.addWidget(picker)
        picker.set_assistants(service.list())
        chosen: list[int] = []
        picker.assistant_chosen.connect(chosen.append)
        picker.activated.emit(picker.findData(author.assistant.id))
        assert chosen == [author.assistant.id]

        switcher = AssistantSwitcher(service, window.controller, author.core.settings)
        switched: list[int] = []
        switcher.switched.connect(switched.append)
        switcher.switch_to(author.assistant.id)
        assert window.controller.loading_model is not None  # queued, the window goes on
        wait_until(
            lambda: bool(switched) and bool(window.controller.active_adapters),
            timeout_ms=TASK_TIMEOUT_MS,
        )
        (active,) = window.controller.active_adapters
        assert active.scale == pytest.approx(0.7)
        conversation = author.core.chats.conversations.get(window.controller.conversation_id or 0)
        assert conversation.assistant_id == author.assistant.id
        assert conversation.system_prompt == "You are a careful contracts assistant."
    finally:
        window.close()
        bridge.shutdown()
