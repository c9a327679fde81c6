"""Locking the window after a spell without input: the contents are hidden behind a lock screen
until the passphrase is typed again.

This is a screen lock, not a key wipe: the database stays open behind it (the unlocked key is in
the process's memory, as it must be while Hearth runs). It keeps a passer-by from reading or
using an unattended Hearth; it does not protect against someone who can read the memory.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.i18n import tr
from app.ui.security.unlock_dialog import error_label, wrong_passphrase

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class LockScreen(QFrame):
    """An opaque cover over the whole window with a passphrase field."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)  # opaque: nothing behind shows through
        heading = QLabel(tr("Hearth is locked"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(tr("Enter your passphrase to continue."))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(tr("Passphrase"))
        self.passphrase.setAccessibleName(tr("Passphrase"))
        self.passphrase.returnPressed.connect(self._submit)
        self.error = error_label()
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton(tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)

        box = QWidget()
        box.setFixedWidth(400)  # wrapped labels get their height for this width
        inner = QVBoxLayout(box)
        for widget in (heading, hint, self.passphrase, self.error, self.unlock_button):
            inner.addWidget(widget)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def _submit(self) -> None:
        self.unlock_requested.emit(self.passphrase.text())

    def show_wrong(self) -> None:
        self.error.setText(wrong_passphrase())
        self.error.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()


class IdleLock(QObject):
    """Watches the application's input; after `timeout_ms` without any, covers `window`.

    `check_passphrase` returns True for the right passphrase (the caller compares the key it
    unlocks with the one in use). A timeout of 0 turns the lock off.
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        window: QMainWindow,
        check_passphrase: Callable[[str], bool],
        *,
        timeout_ms: int,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._check = check_passphrase
        self._screen: LockScreen | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.installEventFilter(self)
        self.set_timeout_ms(timeout_ms)

    @staticmethod
    def minutes_to_ms(minutes: float) -> int:
        return max(0, int(minutes * 60_000))

    @property
    def is_locked(self) -> bool:
        return self._screen is not None

    @property
    def screen(self) -> LockScreen | None:
        return self._screen

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timer.stop()
        self._timer.setInterval(max(0, timeout_ms))
        if timeout_ms > 0 and not self.is_locked:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize and self._screen:
            self._screen.setGeometry(self._window.rect())
        elif event.type() in _INPUT_EVENTS and not self.is_locked and self._timer.interval() > 0:
            self._timer.start()  # restart: the user is here
        return False

    def lock(self) -> None:
        if self.is_locked:
            return
        self._timer.stop()
        central = self._window.centralWidget()
        for part in (central, self._window.menuBar()):
            if part is not None:
                part.setEnabled(False)  # no keyboard input reaches what is hidden
        screen = LockScreen(self._window)
        screen.setGeometry(self._window.rect())
        screen.unlock_requested.connect(self._try_unlock)
        screen.show()
        screen.raise_()
        screen.passphrase.setFocus()
        self._screen = screen
        self.locked.emit()

    def _try_unlock(self, passphrase: str) -> None:
        screen = self._screen
        if screen is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            right = self._check(passphrase)
        finally:
            QApplication.restoreOverrideCursor()
        if not right:
            screen.show_wrong()
            return
        self._screen = None
        screen.hide()
        screen.deleteLater()
        central = self._window.centralWidget()
        for part in (central, self._window.menuBar()):
            if part is not None:
                part.setEnabled(True)
        if self._timer.interval() > 0:
            self._timer.start()
        self.unlocked.emit()
