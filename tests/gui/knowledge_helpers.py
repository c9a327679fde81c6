"""Shared pieces of the knowledge GUI tests: a real knowledge base on a real database under
HEARTH_HOME, and answering the panel's real modal dialogs from a timer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from app.config import Paths
from app.knowledge.indexer import Extractor
from app.knowledge.knowledge_base import KnowledgeBase
from app.storage import Database

_POLL_MS = 10


@contextmanager
def open_knowledge_base(*, extractor: Extractor | None = None) -> Iterator[KnowledgeBase]:
    """A KnowledgeBase over the profile's database (the caller's test uses `hearth_home`);
    it parses in a child process unless `extractor` says otherwise."""
    paths = Paths.resolve().ensure()
    db = Database.open(paths.database, backups_dir=paths.backups_dir)
    try:
        yield KnowledgeBase(db, extractor=extractor)
    finally:
        db.close()


def answer_next_dialog(action: Callable[[QWidget], None], *, tries: int = 500) -> None:
    """Run `action` on the next modal dialog once it is open (call before what opens it)."""

    def attempt(left: int) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if left > 0:
                QTimer.singleShot(_POLL_MS, lambda: attempt(left - 1))
            return
        action(dialog)

    QTimer.singleShot(0, lambda: attempt(tries))


def click_button(text: str, *, tick: bool = False) -> Callable[[QWidget], None]:
    """Press the message box's button labelled `text`, ticking its check box first if asked."""

    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox), dialog
        if tick:
            box = dialog.checkBox()
            assert box is not None
            box.setChecked(True)
        button = next(b for b in dialog.buttons() if b.text() == text)
        button.click()

    return act


def type_name(name: str) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog), dialog
        dialog.setTextValue(name)
        dialog.accept()

    return act


def write_texts(folder: Path, names_and_texts: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in names_and_texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
