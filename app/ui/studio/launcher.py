"""Adapter Studio opened from the main window: one Studio window, built on first use and kept
for the run; training runs in a child process."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.ui.common.i18n import tr
from app.ui.studio.context import StudioContext
from app.ui.studio.studio_window import AdapterStudio


class StudioLauncher(QObject):
    adapter_registered = Signal(int)  # adapter id: the library lists anew
    attach_to_chat_requested = Signal(int)  # adapter id: the chat should use it now

    def __init__(self, context: Callable[[], StudioContext], parent: QObject) -> None:
        super().__init__(parent)
        self._context = context
        self.studio: AdapterStudio | None = None

    def open(self) -> AdapterStudio:
        if self.studio is None:
            studio = AdapterStudio(self._context())
            studio.setWindowTitle(tr("Adapter Studio — Hearth"))
            studio.resize(1000, 700)
            studio.adapter_registered.connect(self.adapter_registered)
            studio.attach_to_chat_requested.connect(self.attach_to_chat_requested)
            self.studio = studio
        self.studio.show()
        self.studio.raise_()
        return self.studio

    @property
    def training(self) -> bool:
        """A training run in progress (its files are sealed with the key it was given)."""
        return self.studio is not None and self.studio.runner.running

    def shutdown(self) -> None:
        if self.studio is not None:
            self.studio.shutdown()
            self.studio.close()
