"""The main window opens where the user left it, on a screen it can be reached on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.bootstrap import start_engine
from app.config import Paths
from app.core import Core
from app.ui.shell.main_window import MainWindow
from app.ui.shell.window_state import (
    STATE_FILE,
    WindowState,
    WindowStateStore,
    fit_onto_screens,
    main_window_splitters,
    remember,
    show_restored,
)

from .event_wait import wait_until

LEFT = QRect(0, 0, 1920, 1040)  # a task bar below
RIGHT = QRect(1920, 0, 1280, 1024)


@pytest.mark.parametrize(
    ("saved", "expected"),
    [
        (QRect(100, 80, 1180, 780), QRect(100, 80, 1180, 780)),  # fits: unchanged
        (QRect(1000, 600, 1180, 780), QRect(740, 260, 1180, 780)),  # mostly on LEFT: pulled in
        (QRect(2100, 50, 1000, 700), QRect(2100, 50, 1000, 700)),  # on the second screen
        (QRect(2000, 100, 1600, 1200), QRect(1920, 0, 1280, 1024)),  # too big: shrunk to fit
        (QRect(5000, 3000, 800, 600), QRect(1120, 440, 800, 600)),  # screen gone: primary
        (QRect(-900, -500, 800, 600), QRect(0, 0, 800, 600)),  # above and left of everything
    ],
)
def test_a_saved_place_is_fitted_onto_a_screen(saved: QRect, expected: QRect) -> None:
    assert fit_onto_screens(saved, [LEFT, RIGHT]) == expected


def test_a_damaged_or_odd_state_file_gives_the_default_layout(tmp_path: Path) -> None:
    store = WindowStateStore(tmp_path)
    store.path.write_text("{not json")
    assert store.load() == WindowState()
    store.path.write_text(
        '{"geometry": [1, 2, 0, 4], "maximized": "yes", "splitters": {"chat": [-5, 10], '
        '"documents": [100, 200], "x": true}}'
    )
    assert store.load() == WindowState(splitters={"documents": [100, 200]})


class Run:
    """One run of the window on a profile: opened, then closed as quitting does."""

    def __init__(self, qtbot: QtBot) -> None:
        self.core = Core.open(Paths.resolve())
        self.bridge, _worker = start_engine()
        self.window = MainWindow(self.core, self.bridge)
        qtbot.addWidget(self.window)
        self.store = WindowStateStore(self.core.paths.config_dir)

    def close(self) -> None:
        self.window.close()
        remember(self.window, self.store)
        self.bridge.shutdown()
        self.core.close()


@pytest.fixture
def runs(hearth_home: Path, qtbot: QtBot) -> Iterator[Callable[[], Run]]:
    opened: list[Run] = []

    def open_run() -> Run:
        run = Run(qtbot)
        opened.append(run)
        return run

    yield open_run
    for run in opened:
        if run.window.isVisible():
            run.close()


def screen_area() -> QRect:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    return screen.availableGeometry()


def test_place_size_and_splitters_come_back_after_a_restart(runs: Callable[[], Run]) -> None:
    area = screen_area()
    # The window is at least its layout's minimum wide (about 790 px): keep within the screen.
    place = QRect(area.x() + 4, area.y() + 20, area.width() - 8, area.height() - 60)
    first = runs()
    show_restored(first.window, first.store)
    first.window.setGeometry(place)
    first.window.splitter.setSizes([150, place.width() - 150, 0])
    wait_until(lambda: first.window.geometry() == place, timeout_ms=5000)
    first.window.templates_panel.splitter.setSizes([120, 200, 300])
    chat_sizes = first.window.splitter.sizes()
    document_sizes = first.window.templates_panel.splitter.sizes()
    assert chat_sizes[0] == 150
    first.close()
    assert (first.core.paths.config_dir / STATE_FILE).exists()

    second = runs()
    show_restored(second.window, second.store)
    wait_until(lambda: second.window.isVisible(), timeout_ms=5000)
    assert second.window.geometry() == place
    assert second.window.splitter.sizes() == chat_sizes
    assert second.window.templates_panel.splitter.sizes() == document_sizes
    assert set(main_window_splitters(second.window)) == {"chat", "documents", "document-editor"}


def test_a_maximized_window_opens_maximized(runs: Callable[[], Run]) -> None:
    first = runs()
    first.window.showMaximized()
    wait_until(first.window.isMaximized, timeout_ms=5000)
    first.close()
    second = runs()
    show_restored(second.window, second.store)
    assert second.window.isMaximized()


def test_a_window_left_on_an_unplugged_screen_opens_on_this_one(
    runs: Callable[[], Run],
) -> None:
    first = runs()
    first.store.save(WindowState(geometry=(6000, 4000, 700, 500)))
    show_restored(first.window, first.store)
    assert screen_area().contains(first.window.geometry())
    assert first.window.geometry().height() == min(500, screen_area().height())


def test_the_first_window_is_no_bigger_than_the_screen(runs: Callable[[], Run]) -> None:
    first = runs()
    show_restored(first.window, first.store)  # no saved state yet
    area = screen_area()
    size = first.window.size()
    assert size.width() <= area.width() and size.height() <= area.height()
