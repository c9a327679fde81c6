"""The main flows from the keyboard alone, on the real main window with the real starter model:
send (Enter), stop (Esc), attach (Ctrl+Shift+F opens the file dialog: only the dialog is
replaced), switch mode (Ctrl+1/Ctrl+2), generate a document from a template (Tab to the fields,
Ctrl+Return), export it (Tab to Export…, Space) and open the Studio (Ctrl+4). Every key goes
to the widget that has the focus, as a keyboard's would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from app.config import Paths
from app.core import Core

from .event_wait import wait_until
from .test_main_window import LOAD_TIMEOUT_MS, REPLY_TIMEOUT_MS, Session

MAX_TABS = 120


def focused() -> QWidget:
    # Between two keys the app's event loop runs, as it does for a person typing: widgets a
    # key press added to a layout are shown only then.
    QApplication.processEvents()
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(keys: str) -> None:
    combo = QKeySequence(keys)[0]
    QTest.keyClick(focused(), combo.key(), combo.keyboardModifiers())


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def tab_to(target: QWidget, *, backwards: bool = False) -> None:
    """Press Tab (Shift+Tab) until `target` has the focus; fails if Tab never reaches it or
    the focus is trapped (a key that moves it nowhere)."""
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    for _ in range(MAX_TABS):
        before = focused()
        if before is target:
            return
        QTest.keyClick(before, key)
        if focused() is before:
            raise AssertionError(f"keyboard trap: Tab does not leave {type(before).__name__}")
    raise AssertionError(f"Tab never reached {type(target).__name__} {target.objectName()!r}")


def test_main_flows_work_from_the_keyboard_alone(
    hearth_home: Path,
    starter_model: Path,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    core = Core.open(Paths.resolve())
    core.library.import_model(starter_model)
    core.close()
    notes = tmp_path / "harbour.md"
    notes.write_text("# Harbour\n\nThe ferry leaves at 7:40 every weekday.\n", "utf-8")
    exported = tmp_path / "summary.md"
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda *_a, **_k: ([str(notes)], ""))
    )
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *_a, **_k: (str(exported), "Markdown (*.md)")),
    )
    session = Session(qtbot, max_tokens=120)
    window = session.window
    try:
        qtbot.waitExposed(window)
        window.activateWindow()
        session.load()
        press("Ctrl+1")  # Chat: the input has the focus
        assert focused() is window.composer.editor

        received: list[str] = []
        session.bridge.text_received.connect(lambda _rid, text: received.append(text))
        type_text("Tell me a long story about the sea.")
        press("Return")
        assert window.controller.busy
        wait_until(lambda: received, timeout_ms=REPLY_TIMEOUT_MS)
        press("Escape")
        session.wait_idle()
        conversation_id = window.controller.conversation_id
        assert conversation_id is not None
        stored = session.core.chats.messages.list(conversation_id)[-1]
        assert stored.generation is not None
        assert stored.generation.finish_reason == "cancelled"

        press("Ctrl+Shift+F")  # Attach files…
        store = session.core.knowledge.store
        wait_until(
            lambda: store.conversation_attachments(conversation_id)[0], timeout_ms=LOAD_TIMEOUT_MS
        )
        (document_id,) = store.conversation_attachments(conversation_id)[0]
        document = store.get(document_id)
        assert document is not None and document.file_name == "harbour.md"

        press("Ctrl+2")  # Documents
        panel = window.templates_panel
        assert window.modes.currentWidget() is panel
        tab_to(panel.gallery.view)
        type_text("Executive")  # the list's own type-ahead search
        assert panel.gallery.current_id() == "executive-summary"
        press("Return")  # open it: the form comes up
        for key, text in (("subject", "Harbour ferry times"), ("audience", "Ferry staff")):
            # Backwards: the document editor keeps Tab (docsui's to fix, see the report).
            tab_to(panel.form.input_for(key).focus_widget(), backwards=True)
            type_text(text)
        press("Ctrl+Return")
        assert panel.busy
        wait_until(lambda: not panel.busy, timeout_ms=REPLY_TIMEOUT_MS * 3)
        assert panel.editor.document is not None, panel.form.findChildren(QWidget)
        tab_to(panel.editor.export_button)
        press("Space")
        wait_until(exported.is_file, timeout_ms=LOAD_TIMEOUT_MS)
        assert exported.read_text("utf-8").strip()

        press("Ctrl+4")  # Adapter Studio
        studio = window.studio.studio
        assert studio is not None and studio.isVisible()
        studio.close()
    finally:
        session.close()
