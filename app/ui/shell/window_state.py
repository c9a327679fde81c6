"""The main window comes back where the user left it: position, size, maximized, splitter sizes.

Kept per profile in `<config dir>/window-state.json`. A saved place is moved onto the screen it
overlaps most (or the primary screen when none: a monitor was unplugged) and shrunk to fit, so
the window never opens out of reach. A missing or damaged file gives the default layout.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter

from app.atomic_write import write_text_atomically

if TYPE_CHECKING:
    from app.ui.shell.main_window import MainWindow

STATE_FILE: Final = "window-state.json"

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WindowState:
    geometry: tuple[int, int, int, int] | None = None  # x, y, width, height of the normal window
    maximized: bool = False
    splitters: dict[str, list[int]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "geometry": list(self.geometry) if self.geometry else None,
                "maximized": self.maximized,
                "splitters": self.splitters,
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, raw: Any) -> WindowState:
        if not isinstance(raw, dict):
            return cls()
        geometry: tuple[int, int, int, int] | None = None
        values = raw.get("geometry")
        if (
            isinstance(values, list)
            and len(values) == 4
            and all(isinstance(v, int) and not isinstance(v, bool) for v in values)
            and values[2] > 0
            and values[3] > 0
        ):
            geometry = (values[0], values[1], values[2], values[3])
        splitters = raw.get("splitters")
        return cls(
            geometry=geometry,
            maximized=raw.get("maximized") is True,
            splitters={
                name: sizes
                for name, sizes in (splitters.items() if isinstance(splitters, dict) else [])
                if isinstance(name, str) and _valid_sizes(sizes)
            },
        )


def _valid_sizes(sizes: object) -> bool:
    return (
        isinstance(sizes, list)
        and bool(sizes)
        and all(isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in sizes)
        and sum(sizes) > 0
    )


class WindowStateStore:
    def __init__(self, config_dir: Path) -> None:
        self.path = config_dir / STATE_FILE

    def load(self) -> WindowState:
        try:
            return WindowState.from_json(json.loads(self.path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return WindowState()
        except (OSError, ValueError) as exc:
            _log.warning("ignoring the saved window layout %s: %s", self.path, exc)
            return WindowState()

    def save(self, state: WindowState) -> None:
        try:
            write_text_atomically(self.path, state.to_json())
        except OSError as exc:
            _log.warning("cannot save the window layout: %s", exc.strerror or exc)


def fit_onto_screens(saved: QRect, available: Sequence[QRect]) -> QRect:
    """`saved` moved onto the screen area it overlaps most (else the first) and shrunk to fit."""
    if not available:
        return QRect(saved)

    def overlap(area: QRect) -> int:
        common = area.intersected(saved)
        return common.width() * common.height() if common.isValid() else 0

    target = max(available, key=overlap)
    if overlap(target) == 0:
        target = available[0]
    width = min(saved.width(), target.width())
    height = min(saved.height(), target.height())
    x = min(max(saved.x(), target.left()), target.left() + target.width() - width)
    y = min(max(saved.y(), target.top()), target.top() + target.height() - height)
    return QRect(x, y, width, height)


def available_screen_areas() -> list[QRect]:
    """Each screen's area without task bars and docks; the primary screen first."""
    primary = QGuiApplication.primaryScreen()
    screens = list(QGuiApplication.screens())
    if primary in screens:
        screens.remove(primary)
        screens.insert(0, primary)
    return [screen.availableGeometry() for screen in screens]


def capture(window: QMainWindow, splitters: Mapping[str, QSplitter]) -> WindowState:
    maximized = window.isMaximized()
    rect = window.normalGeometry() if maximized else window.geometry()
    if not rect.isValid():
        rect = window.geometry()
    return WindowState(
        geometry=(rect.x(), rect.y(), rect.width(), rect.height()),
        maximized=maximized,
        splitters={name: list(splitter.sizes()) for name, splitter in splitters.items()},
    )


def apply(window: QMainWindow, splitters: Mapping[str, QSplitter], state: WindowState) -> None:
    """Put the window (not yet shown) and its splitters where `state` says."""
    areas = available_screen_areas()
    if state.geometry is not None:
        saved = QRect(*state.geometry)
        # Fitted at the size Qt will give it (no smaller than its layout allows), so that a
        # wider-than-saved window is not pushed past the screen's edge.
        saved.setSize(saved.size().expandedTo(window.minimumSizeHint()))
        window.setGeometry(fit_onto_screens(saved, areas))
    elif areas:
        # The first start: the default size, unless the screen is smaller (a 1366x768 laptop).
        size = window.size().boundedTo(areas[0].size())
        window.resize(size)
    for name, splitter in splitters.items():
        sizes = state.splitters.get(name)
        if sizes is not None and len(sizes) == splitter.count():
            splitter.setSizes(sizes)


def main_window_splitters(window: MainWindow) -> dict[str, QSplitter]:
    """The splitters a user drags in the main window, by the name they are saved under."""
    return {
        "chat": window.splitter,
        "documents": window.templates_panel.splitter,
        "document-editor": window.templates_panel.editor.splitter,
    }


def show_restored(window: MainWindow, store: WindowStateStore) -> None:
    """Show the main window the way it was left (maximized, or at its place and size)."""
    state = store.load()
    apply(window, main_window_splitters(window), state)
    if state.maximized:
        window.showMaximized()
    else:
        window.show()


def remember(window: MainWindow, store: WindowStateStore) -> None:
    store.save(capture(window, main_window_splitters(window)))
