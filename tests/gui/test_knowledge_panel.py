"""The Knowledge panel on a real knowledge base: adding files on a background thread with
failures reported per file, Cancel, collections, watched folders, and resuming after a restart."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.folder_sync import JobProgress
from app.knowledge.knowledge_base import Attach, KnowledgeBase
from app.ui.knowledge import IndexingTask, KnowledgePanel
from app.ui.knowledge.document_table_model import Column
from app.ui.knowledge.documents_view import FROM_COLLECTION, FROM_HEARTH
from tests.fixtures.crashing_parser import enable_parser_crash, write_parser_crash
from tests.fixtures.documents import write_every_format, write_pdf
from tests.gui.event_wait import wait_until
from tests.gui.knowledge_helpers import (
    answer_next_dialog,
    click_button,
    open_knowledge_base,
    type_name,
    write_texts,
)

WAIT_MS = 60_000


@pytest.fixture
def kb(hearth_home: Path) -> Iterator[KnowledgeBase]:
    with open_knowledge_base() as opened:
        yield opened


def make_panel(qtbot: QtBot, kb: KnowledgeBase, **kwargs: object) -> KnowledgePanel:
    panel = KnowledgePanel(kb, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.resize(1000, 620)
    panel.show()
    return panel


def wait_idle(panel: KnowledgePanel) -> None:
    wait_until(lambda: not panel.is_busy(), timeout_ms=WAIT_MS)
    panel.shutdown()  # joins the finished thread, so nothing outlives the test


def table_rows(panel: KnowledgePanel) -> dict[str, tuple[str, str]]:
    """File name -> (status, problem) as the documents table shows them."""
    model = panel.documents_view.model
    rows = {}
    for row in range(model.rowCount()):
        name = model.index(row, Column.NAME).data()
        rows[name] = (
            model.index(row, Column.STATUS).data(),
            model.index(row, Column.PROBLEM).data(),
        )
    return rows


def test_adding_files_indexes_the_good_ones_and_names_each_failure(
    qtbot: QtBot, kb: KnowledgeBase, tmp_path: Path
) -> None:
    files = list(write_every_format(tmp_path).values())
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "image.gif").write_bytes(b"GIF89a0000")
    bad = [tmp_path / "empty.pdf", tmp_path / "image.gif", tmp_path / "missing.docx"]
    collection = kb.create_collection("Handbook")
    panel = make_panel(qtbot, kb)
    panel.collections_view.select(collection.id)
    progress: list[tuple[int, int, str]] = []
    panel.progress.show_progress = lambda d, t, n: progress.append((d, t, n))  # type: ignore[method-assign]

    assert panel.add_files([*files, *bad], collection_id=collection.id)
    assert panel.is_busy() and not panel.documents_view.add_button.isEnabled()
    wait_idle(panel)

    total = len(files) + len(bad)
    assert (0, total, files[0].name) in progress  # progress came through, file by file
    rows = table_rows(panel)
    assert len(rows) == len(files) + 1  # the empty PDF is remembered as failed
    assert rows["report.pdf"] == ("Indexed", "")
    assert rows["empty.pdf"][0] == "Could not be read"
    assert "not a valid PDF" in rows["empty.pdf"][1]
    assert (
        panel.message.text() == f"Indexed {len(files)} files; 3 could not be read (see the list)."
    )
    assert panel.report_dialog is not None and panel.report_dialog.isVisible()
    report = dict(panel.report_dialog.rows())
    assert set(report) == {"empty.pdf", "image.gif", "missing.docx"}
    assert "'.gif' files are not supported" in report["image.gif"]
    assert report["missing.docx"] == "the file does not exist"
    assert panel.collections_view.list.item(1).text() == f"Handbook ({len(files) + 1} documents)"
    assert panel.documents_view.add_button.isEnabled()


def test_a_file_that_kills_its_parser_is_named_and_the_app_carries_on(
    qtbot: QtBot, kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The panel's files are parsed in a child process: a parser that dies there takes only
    that file with it, not Hearth."""
    enable_parser_crash(monkeypatch)  # the reader's child process starts after this
    crash = write_parser_crash(tmp_path / "hostile.txt")
    good = write_pdf(tmp_path / "good.pdf", ["Fine content about otters."])
    panel = make_panel(qtbot, kb)
    assert panel.add_files([crash, good])
    wait_idle(panel)
    rows = table_rows(panel)
    assert rows["good.pdf"] == ("Indexed", "")
    assert rows["hostile.txt"][0] == "Could not be read"
    assert panel.report_dialog is not None and panel.report_dialog.isVisible()
    report = dict(panel.report_dialog.rows())
    assert "crashed the document reader" in report["hostile.txt"]
    assert panel.message.text() == "Indexed 1 file; 1 could not be read (see the list)."


def test_cancel_stops_the_batch(qtbot: QtBot, kb: KnowledgeBase, tmp_path: Path) -> None:
    files = write_texts(tmp_path / "many", {f"note{i:02}.txt": f"Note {i}." for i in range(40)})
    panel = make_panel(qtbot, kb)
    panel.add_files(files)
    assert panel.progress.isVisible()
    qtbot.mouseClick(panel.progress.cancel_button, Qt.MouseButton.LeftButton)
    wait_idle(panel)
    assert not panel.progress.isVisible()
    assert "Cancelled" in panel.message.text()
    assert len(kb.documents()) < len(files)


def test_one_task_at_a_time(qtbot: QtBot, kb: KnowledgeBase, tmp_path: Path) -> None:
    files = write_texts(tmp_path, {"a.txt": "Alpha.", "b.txt": "Beta."})
    panel = make_panel(qtbot, kb)
    assert panel.add_files(files[:1])
    assert not panel.add_files(files[1:])
    assert panel.message.is_error() and "already running" in panel.message.text()
    wait_idle(panel)
    assert [d.file_name for d in kb.documents()] == ["a.txt"]


def test_collections_create_rename_attach_delete(qtbot: QtBot, kb: KnowledgeBase) -> None:
    panel = make_panel(qtbot, kb)
    views = panel.collections_view
    assert not views.attach_button.isEnabled()  # "All documents" is no collection

    answer_next_dialog(type_name("  Travel   policies "))
    qtbot.mouseClick(views.new_button, Qt.MouseButton.LeftButton)
    assert [c.name for c in kb.collections()] == ["Travel policies"]
    assert views.selected_name() == "Travel policies"
    assert panel.documents_view.heading.text() == "Documents in Travel policies"

    answer_next_dialog(type_name("Travel"))
    qtbot.mouseClick(views.rename_button, Qt.MouseButton.LeftButton)
    assert [c.name for c in kb.collections()] == ["Travel"]

    other = kb.create_collection("Contracts")
    views.reload()
    views.select(other.id)
    answer_next_dialog(type_name("Travel"))  # taken
    qtbot.mouseClick(views.rename_button, Qt.MouseButton.LeftButton)
    assert panel.message.is_error()
    assert panel.message.text() == "A collection named 'Travel' already exists."

    with qtbot.waitSignal(panel.attach_collection_requested) as blocker:
        qtbot.mouseClick(views.attach_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [other.id]

    answer_next_dialog(click_button("Cancel"))
    qtbot.mouseClick(views.delete_button, Qt.MouseButton.LeftButton)
    assert len(kb.collections()) == 2
    answer_next_dialog(click_button("Delete"))
    qtbot.mouseClick(views.delete_button, Qt.MouseButton.LeftButton)
    assert [c.name for c in kb.collections()] == ["Travel"]
    assert views.selected_id() is None  # back on "All documents"


def test_removing_documents_asks_from_where(
    qtbot: QtBot, kb: KnowledgeBase, tmp_path: Path
) -> None:
    files = write_texts(tmp_path, {"a.txt": "Alpha.", "b.txt": "Beta."})
    collection = kb.create_collection("Notes")
    kb.add_files(files, attach_to=Attach.to_collection("Notes"))
    panel = make_panel(qtbot, kb)
    panel.collections_view.select(collection.id)
    table = panel.documents_view.table
    table.selectRow(0)

    answer_next_dialog(click_button(FROM_COLLECTION))
    qtbot.mouseClick(panel.documents_view.remove_button, Qt.MouseButton.LeftButton)
    assert list(table_rows(panel)) == ["b.txt"]
    assert sorted(d.file_name for d in kb.documents()) == ["a.txt", "b.txt"]  # still in Hearth

    table.selectRow(0)
    answer_next_dialog(click_button(FROM_HEARTH))
    qtbot.mouseClick(panel.documents_view.remove_button, Qt.MouseButton.LeftButton)
    assert [d.file_name for d in kb.documents()] == ["a.txt"]


def test_watched_folder_syncs_new_changed_and_deleted_files(
    qtbot: QtBot, kb: KnowledgeBase, tmp_path: Path
) -> None:
    folder = tmp_path / "Contracts"
    write_texts(folder, {"lease.txt": "The lease runs until 2027.", "old.txt": "Old terms."})
    panel = make_panel(qtbot, kb)
    panel.folders_view.choose_folder = lambda: folder  # type: ignore[method-assign]
    qtbot.mouseClick(panel.folders_view.add_button, Qt.MouseButton.LeftButton)
    wait_idle(panel)  # adding a folder syncs it at once
    collection = kb.collection("Contracts")
    assert sorted(d.file_name for d in kb.documents(collection="Contracts")) == [
        "lease.txt",
        "old.txt",
    ]
    assert panel.message.text() == "Folder sync: 2 files checked."
    item = panel.folders_view.list.item(0).text()
    assert item == f"{folder.absolute()}\n→ Contracts · 2 documents"

    (folder / "old.txt").unlink()
    (folder / "new.txt").write_text("New annex.", encoding="utf-8")
    (folder / "lease.txt").write_text("The lease runs until 2030.", encoding="utf-8")
    qtbot.mouseClick(panel.folders_view.sync_button, Qt.MouseButton.LeftButton)
    wait_idle(panel)
    documents = {d.file_name: d for d in kb.documents(collection="Contracts")}
    assert sorted(documents) == ["lease.txt", "new.txt"]
    assert "2030" in kb.text_of(documents["lease.txt"].id)
    panel.collections_view.select(collection.id)
    assert list(table_rows(panel)) == ["lease.txt", "new.txt"]

    panel.folders_view.list.setCurrentRow(0)
    answer_next_dialog(click_button("Stop watching", tick=True))
    qtbot.mouseClick(panel.folders_view.unwatch_button, Qt.MouseButton.LeftButton)
    wait_idle(panel)
    assert kb.folders.folders() == []
    assert kb.documents() == []
    assert panel.message.text() == "Folder no longer watched."


def test_an_interrupted_folder_job_is_offered_and_resumed(
    qtbot: QtBot, kb: KnowledgeBase, tmp_path: Path
) -> None:
    folder = tmp_path / "Reports"
    write_texts(folder, {f"r{i}.txt": f"Report number {i}." for i in range(3)})
    watched = kb.folders.watch(folder)
    job = kb.folders.plan(watched.id)
    stop = threading.Event()

    def stop_after_first(progress: JobProgress) -> None:
        if progress.done >= 1:
            stop.set()

    # A previous session: the job stopped after one file (as on quit), its progress stored.
    stopped = kb.folders.run(job.job_id, cancel=stop, listener=stop_after_first)
    assert (stopped.status, stopped.done, stopped.total) == ("cancelled", 1, 3)

    panel = make_panel(qtbot, kb)
    assert panel.resume_banner.isVisible()
    assert "(1 of 3 files done)" in panel.resume_label.text()
    assert "stopped at 1 of 3 files" in panel.folders_view.list.item(0).text()
    qtbot.mouseClick(panel.resume_button, Qt.MouseButton.LeftButton)
    wait_idle(panel)
    assert not panel.resume_banner.isVisible()
    assert kb.folders.unfinished_jobs() == []
    assert kb.folders.job(job.job_id).status == "done"  # the same job, finished
    assert len(kb.documents(collection="Reports")) == 3


def test_auto_resume_at_construction(qtbot: QtBot, kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = tmp_path / "Inbox"
    write_texts(folder, {"a.txt": "Alpha.", "b.txt": "Beta."})
    kb.folders.plan(kb.folders.watch(folder).id)  # planned, never run: a crash right after
    panel = make_panel(qtbot, kb, auto_resume=True)
    assert panel.is_busy()
    wait_idle(panel)
    assert len(kb.documents(collection="Inbox")) == 2


def test_in_process_extraction_option_and_a_failing_task(
    qtbot: QtBot, hearth_home: Path, tmp_path: Path
) -> None:
    pdf = write_pdf(tmp_path / "deck.pdf", ["Harbour fees are 25 crowns.", "Second page."])
    with open_knowledge_base(extractor=extract_document) as kb:
        panel = make_panel(qtbot, kb)
        panel.add_files([pdf])
        wait_idle(panel)
        assert kb.documents()[0].page_count == 2
        _a_failing_task(qtbot, kb)


def _a_failing_task(qtbot: QtBot, kb: KnowledgeBase) -> None:
    task = IndexingTask.sync_folders(kb, [999])  # no such folder: the job raises
    with qtbot.waitSignal(task.failed, timeout=WAIT_MS) as blocker:
        task.start()
    assert "999" in blocker.args[0] and "watched folder" in blocker.args[0]
    assert not task.is_running()
