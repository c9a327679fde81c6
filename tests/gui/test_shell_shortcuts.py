"""Shortcuts and Help on the real main window (no model needed): the modes are Ctrl+1..4 with
the older keys still working, Ctrl+Shift+A opens the Adapters panel from any mode, Help lists
every shortcut from the actions themselves, and a new chat does not show the last chat's figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.shell.main_window import MainWindow
from app.ui.shell.shortcuts_dialog import ShortcutsDialog, shortcut_rows

from .accessibility_audit import tab_chain_problems, unnamed_interactive_widgets
from .test_main_window import Session


@pytest.fixture
def window(hearth_home: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    session = Session(qtbot)
    qtbot.waitExposed(session.window)
    yield session.window
    session.close()


def press(keys: str) -> None:
    """The key combination, sent to the widget that has the focus (as a keyboard would)."""
    combo = QKeySequence(keys)[0]
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, combo.key(), combo.keyboardModifiers())


def test_modes_are_ctrl_1_to_4_and_the_old_keys_still_work(window: MainWindow) -> None:
    window.composer.focus_input()
    press("Ctrl+2")
    assert window.modes.currentWidget() is window.templates_panel
    press("Ctrl+1")
    assert window.modes.currentWidget() is window.page
    press("Ctrl+Shift+T")
    assert window.modes.currentWidget() is window.templates_panel
    press("Ctrl+3")  # Knowledge: the chat page's side panel, so the mode changes to show it
    assert window.modes.currentWidget() is window.page
    assert window.page.side_panel.currentWidget() is window.knowledge_panel
    assert window.page.side_panel.isVisible()
    shortcuts = {a.text(): [k.toString() for k in a.shortcuts()] for a in window.actions()}
    assert shortcuts["Adapter Studio…"] == ["Ctrl+4", "Ctrl+Shift+S"]
    assert shortcuts["Knowledge"] == ["Ctrl+3", "Ctrl+Shift+K"]


def test_ctrl_shift_a_in_documents_mode_opens_the_adapters_panel(window: MainWindow) -> None:
    window.commands.documents_mode.trigger()
    window.templates_panel.setFocus()
    window.activateWindow()
    QApplication.processEvents()
    if QApplication.focusWidget() is None:
        window.setFocus()
    press("Ctrl+Shift+A")
    assert window.commands.adapters.isChecked()
    assert window.modes.currentWidget() is window.page
    assert window.page.adapters_in_view() and window.adapter_panel.isVisible()


def test_help_lists_every_shortcut_from_the_actions(window: MainWindow, qtbot: QtBot) -> None:
    help_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"
    )
    texts = [a.text() for a in help_menu.actions() if not a.isSeparator()]
    assert {"Keyboard shortcuts", "Copy diagnostics", "About Hearth"} <= set(texts)
    dialogs: list[ShortcutsDialog] = []
    problems: list[str] = []

    def look_and_close() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, ShortcutsDialog)]
        if not shown or not shown[0].isVisible():
            QTimer.singleShot(20, look_and_close)  # exec() has not shown it yet
            return
        dialogs.append(shown[0])
        problems.extend(unnamed_interactive_widgets(shown[0]) + tab_chain_problems(shown[0]))
        shown[0].reject()

    QTimer.singleShot(0, look_and_close)
    window.commands.shortcuts.trigger()
    assert problems == []
    assert dialogs, "Help > Keyboard shortcuts opened no window"
    rows = dict(dialogs[0].rows())
    with_keys = [a for a in window.actions() if a.shortcuts()]
    assert len(rows) == len(shortcut_rows(with_keys)) >= 15
    assert rows["Documents"] == "Ctrl+2 or Ctrl+Shift+T"
    assert rows["Keyboard shortcuts"] == QKeySequence(
        QKeySequence.StandardKey.HelpContents
    ).toString(QKeySequence.SequenceFormat.NativeText)
    assert rows["Settings"] == QKeySequence("Ctrl+,").toString(
        QKeySequence.SequenceFormat.NativeText
    )


def test_a_new_chat_does_not_show_the_last_chats_figures(window: MainWindow) -> None:
    status = window.status
    status.set_context(409, 4096)
    status.set_speed(56.2)
    assert status.speed_label.isVisibleTo(window) and "56.2" in status.speed_label.text()
    window.commands.new_chat.trigger()
    QApplication.processEvents()
    # The chat controller shows the new chat's own figures (ui/chat/chat_status.py): no speed,
    # and an empty context for the loaded model (none is loaded here: nothing).
    assert not status.speed_label.isVisibleTo(window)
    assert not status.context_label.isVisibleTo(window)
