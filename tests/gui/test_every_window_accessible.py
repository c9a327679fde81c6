"""Every window and dialog of the app, built the way the app builds it (through the main
window's own actions and controllers), must pass both audits of accessibility_audit.py: every
interactive widget has a name a screen reader can say, and Tab reaches every shown focusable
widget and nothing hidden.

`WINDOWS` names what is covered. Each entry says which area owns the window: the entries in
`STILL_FAILING` ran and failed on this branch; they are expected to fail (strict, so the test
turns red the moment one passes and the lead moves it out of that set). The lead extends both
as areas land: the aim is an empty STILL_FAILING.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QWidget
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.ui.security.unlock_dialog import UnlockDialog
from app.ui.shell.main_window import MainWindow

from .accessibility_audit import tab_chain_problems, unnamed_interactive_widgets
from .event_wait import wait_until
from .test_main_window import Session

Opener = Callable[[MainWindow], object]


def _main_window(window: MainWindow) -> object:
    window.documents.show_chat_mode()
    return window


def _documents_mode(window: MainWindow) -> object:
    window.documents.show_documents_mode()
    return window


def _unlock(window: MainWindow) -> object:
    dialog = UnlockDialog(Paths.resolve(), parent=window)
    dialog.show()
    return dialog


def _assistant_editor(window: MainWindow) -> object:
    return window.assistants.open_assistants().create_new()


def _assistant_export(window: MainWindow) -> object:
    library = window.assistants.open_assistants()
    library.refresh(select_id=None)
    return library.export_current()


# name -> (owning area, how the app opens it)
WINDOWS: dict[str, tuple[str, Opener]] = {
    "main window (chat)": ("shell", _main_window),
    "main window (documents)": ("shell", _documents_mode),
    "settings": ("shell", lambda w: w.open_settings()),
    "about": ("shell", lambda w: w.data_care.open_about()),
    "keyboard shortcuts": ("shell", lambda w: w.show_shortcuts()),
    "models": ("library", lambda w: w.library.open_models()),
    "catalog": ("library", lambda w: w.library.open_catalog()),
    "discovery": ("library", lambda w: w.library.open_discovery()),
    "adapter studio": ("studio", lambda w: w.studio.open()),
    "assistants library": ("assistants", lambda w: w.assistants.open_assistants()),
    "assistant editor": ("assistants", _assistant_editor),
    "assistant export": ("assistants", _assistant_export),
    "remote endpoints": ("endpoints", lambda w: w.endpoints.open_endpoints()),
    "local API server": ("endpoints", lambda w: w.endpoints.open_api_server_settings()),
    "unlock": ("security", _unlock),
    "encryption settings": ("security", lambda w: w.security.open_encryption()),
    "first-run screen": ("first_run", lambda w: w.first_run.open()),
}
# Windows known to fail, expected to (strictly): empty now that every area passes.
STILL_FAILING: set[str] = set()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hearth-home")


@pytest.fixture
def window(home: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setenv("HEARTH_HOME", str(home))
    session = Session(qtbot)
    qtbot.waitExposed(session.window)
    yield session.window
    session.close()


def _new_windows(before: set[int]) -> list[QWidget]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and id(w) not in before and not isinstance(w, QMenu)
    ]


def audit_opened(window: MainWindow, opener: Opener) -> dict[str, list[str]]:
    """Open a window the app's way, and audit it (a modal one while its exec() runs); the
    problems found, by window class."""
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    found: dict[str, list[str]] = {}

    def audit(widget: QWidget) -> None:
        found[type(widget).__name__] = unnamed_interactive_widgets(widget) + [
            f"tab: {p}" for p in tab_chain_problems(widget)
        ]

    def audit_modal() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None and id(modal) not in before:
            audit(modal)
            if isinstance(modal, QDialog):
                modal.reject()
            return
        if not found:
            QTimer.singleShot(20, audit_modal)

    QTimer.singleShot(0, audit_modal)
    opened = opener(window)
    if not found:
        shown = opened if isinstance(opened, QWidget) else None
        targets = [shown] if shown is not None and shown.isVisible() else _new_windows(before)
        assert targets, "nothing opened"
        for target in targets:
            audit(target)
    wait_until(lambda: found, timeout_ms=5000)
    for leftover in _new_windows(before):
        leftover.close()
    return found


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason=f"{WINDOWS[name][0]} to fix")]
            if name in STILL_FAILING
            else [],
        )
        for name in WINDOWS
    ],
)
def test_window_is_accessible(name: str, window: MainWindow) -> None:
    problems = audit_opened(window, WINDOWS[name][1])
    assert {kind: found for kind, found in problems.items() if found} == {}
