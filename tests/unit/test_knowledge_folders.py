"""Watched folders: incremental re-index by content hash, and jobs that survive a restart."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from app.config import Paths
from app.knowledge.folder_sync import JobProgress
from app.knowledge.knowledge_base import KnowledgeBase
from app.knowledge.sections import ExtractedDocument
from app.storage import Database
from tests.fixtures.documents import write_docx, write_pdf


def open_db() -> Database:
    paths = Paths.resolve()
    return Database.open(paths.database, backups_dir=paths.backups_dir)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "Handbook"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text("Alpha file about apples.", encoding="utf-8")
    (root / "sub" / "b.md").write_text("# Bees\n\nBees make honey.", encoding="utf-8")
    write_pdf(root / "c.pdf", ["Cherries ripen in July."])
    write_docx(root / "d.docx")
    (root / ".hidden" / "secret.txt").write_text("hidden", encoding="utf-8")
    (root / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftyp")  # a format Hearth does not read
    (root / "~$d.docx").write_bytes(b"lock")
    return root


def names(kb: KnowledgeBase) -> set[str]:
    return {d.file_name for d in kb.documents()}


def test_new_changed_and_deleted_files(hearth_home: Path, folder: Path) -> None:
    with open_db() as db:
        kb = KnowledgeBase(db)
        watched = kb.folders.watch(folder)
        updates: list[JobProgress] = []
        first = kb.folders.sync(watched.id, listener=updates.append)
        assert (first.status, first.total, first.done, first.failed) == ("done", 4, 4, 0)
        assert names(kb) == {"a.txt", "b.md", "c.pdf", "d.docx"}
        assert {d.file_name for d in kb.documents(collection="Handbook")} == names(kb)
        assert updates[-1].done == 4 and any(u.current for u in updates)

        # Nothing changed: nothing to do.
        assert kb.folders.sync(watched.id).total == 0

        # A touched file with the same bytes is checked, not re-extracted.
        ids_before = {d.file_name: d.id for d in kb.documents()}
        stat = (folder / "a.txt").stat()
        os.utime(folder / "a.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
        touched = kb.folders.sync(watched.id)
        assert touched.total == 1
        assert kb.folders.sync(watched.id).total == 0  # its new mtime was recorded

        # New, changed and deleted files in one pass.
        (folder / "a.txt").write_text("Alpha file now about apricots.", encoding="utf-8")
        os.utime(folder / "a.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 9_000_000_000))
        (folder / "sub" / "b.md").unlink()
        (folder / "sub" / "e.csv").write_text("fruit,colour\nelderberry,black\n", "utf-8")
        job = kb.folders.sync(watched.id)
        assert (job.total, job.done) == (3, 3)
        assert names(kb) == {"a.txt", "c.pdf", "d.docx", "e.csv"}
        assert {d.file_name: d.id for d in kb.documents()}["a.txt"] == ids_before["a.txt"]
        assert kb.search("apples") == []
        assert kb.search("apricots")[0].file_name == "a.txt"
        assert kb.search("honey") == []
        assert kb.search("elderberry")[0].file_name == "e.csv"


def test_broken_file_fails_alone_and_is_not_retried_until_changed(
    hearth_home: Path, folder: Path
) -> None:
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    with open_db() as db:
        kb = KnowledgeBase(db)
        watched = kb.folders.watch(folder, collection_name="Docs")
        job = kb.folders.sync(watched.id)
        assert (job.total, job.done, job.failed) == (5, 5, 1)
        broken = next(d for d in kb.documents() if d.file_name == "broken.pdf")
        assert broken.status == "failed" and "damaged" in (broken.error or "")
        assert kb.folders.sync(watched.id).total == 0


def test_interrupted_job_resumes_after_restart(hearth_home: Path, folder: Path) -> None:
    calls: list[str] = []

    class Crash(Exception):
        pass

    def crashing_extractor(path: Path, **kwargs: object) -> ExtractedDocument:
        from app.knowledge.extractors.dispatch import extract_document

        calls.append(path.name)
        if len(calls) == 3:
            raise Crash("power cut")
        return extract_document(path, **kwargs)  # type: ignore[arg-type]

    with open_db() as db:
        kb = KnowledgeBase(db, extractor=crashing_extractor)
        watched = kb.folders.watch(folder)
        with pytest.raises(Crash):
            kb.folders.sync(watched.id)
        assert len(kb.documents()) == 2
    # "Restart": a new database connection and knowledge base, with the real extractor.
    with open_db() as db:
        kb = KnowledgeBase(db)
        unfinished = kb.folders.unfinished_jobs()
        assert [(j.status, j.total, j.done) for j in unfinished] == [("running", 4, 2)]
        finished = kb.folders.run(unfinished[0].job_id)
        assert (finished.status, finished.done, finished.failed) == ("done", 4, 0)
        assert len(names(kb)) == 4
        assert kb.folders.unfinished_jobs() == []


def test_cancel_leaves_a_resumable_job(hearth_home: Path, folder: Path) -> None:
    with open_db() as db:
        kb = KnowledgeBase(db)
        watched = kb.folders.watch(folder)
        cancel = threading.Event()

        def listener(progress: JobProgress) -> None:
            if progress.done == 1:
                cancel.set()

        stopped = kb.folders.sync(watched.id, cancel=cancel, listener=listener)
        assert (stopped.status, stopped.done, stopped.total) == ("cancelled", 1, 4)
        resumed = kb.folders.sync(watched.id)  # picks up the cancelled job, plans nothing new
        assert resumed.job_id == stopped.job_id
        assert (resumed.status, resumed.done) == ("done", 4)
        assert len(names(kb)) == 4


def test_unwatch_removes_the_folders_documents(hearth_home: Path, folder: Path) -> None:
    with open_db() as db:
        kb = KnowledgeBase(db)
        watched = kb.folders.watch(folder)
        kb.folders.sync(watched.id)
        kb.folders.unwatch(watched.id)
        assert kb.documents() == []
        assert kb.folders.folders() == []
