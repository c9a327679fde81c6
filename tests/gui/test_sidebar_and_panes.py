"""The window's sidebar (modes with icons, model tools apart), the status bar leaving the
model's name to the toolbar, and the Documents mode's panes fitting a 1280 px screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QSplitter, QToolBar, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from app.bootstrap import start_engine
from app.config import Paths
from app.core import Core
from app.ui.shell.main_window import MainWindow
from app.ui.shell.status_bar import HearthStatusBar
from app.ui.templates.pane_fit import NARROW_BELOW_PX, SECTIONS_PX, PaneFit


def test_the_sidebar_holds_the_modes_then_the_model_tools(hearth_home: Path, qtbot: QtBot) -> None:
    core = Core.open(Paths.resolve())
    bridge, _worker = start_engine()
    window = MainWindow(core, bridge)
    qtbot.addWidget(window)
    window.show()
    try:
        check_sidebar(window)
    finally:
        window.close()
        bridge.shutdown()
        core.close()


def check_sidebar(window: MainWindow) -> None:
    sidebar = window.findChild(QToolBar, "sidebar")
    assert sidebar is not None and sidebar.isVisible()
    labels = [a.iconText() for a in sidebar.actions() if a.iconText() and not a.isSeparator()]
    assert labels[:4] == ["Chat", "Documents", "Knowledge", "Studio"]
    assert labels[4:7] == ["Models", "Adapters", "Import"]
    commands = window.commands
    for action in (commands.chat_mode, commands.documents_mode, commands.studio):
        assert not action.icon().isNull()
        button = sidebar.widgetForAction(action)
        assert isinstance(button, QToolButton) and button.isVisible()
        assert button.focusPolicy() != button.focusPolicy().NoFocus  # Tab reaches it
    # The shortcuts and the menus' wording are the actions' own, unchanged.
    assert commands.chat_mode.shortcut().toString() == "Ctrl+1"
    assert commands.studio.text() == "Adapter Studio…"
    commands.documents_mode.trigger()
    assert window.modes.currentWidget() is window.templates_panel
    assert commands.documents_mode.isChecked() and not commands.chat_mode.isChecked()


def test_the_status_bar_leaves_a_loaded_models_name_to_the_toolbar(qtbot: QtBot) -> None:
    bar = HearthStatusBar()
    qtbot.addWidget(bar)
    bar.show()
    assert bar.model_label.isVisible()  # "No model loaded" is worth saying
    bar.set_model("SmolLM2 135M Instruct", "CPU")
    assert not bar.model_label.isVisible() and bar.backend_label.isVisible()
    bar.set_model("Loading SmolLM2 135M Instruct…", None)
    assert bar.model_label.isVisible()


def test_the_sections_pane_folds_away_below_1280_and_comes_back(qtbot: QtBot) -> None:
    panel = QWidget()
    qtbot.addWidget(panel)
    outer, inner = QSplitter(panel), QSplitter()
    for _ in range(2):
        outer.addWidget(QLabel("pane"))
    inner.addWidget(QLabel("document"))
    inner.addWidget(QLabel("sections"))
    inner.setStretchFactor(0, 1)  # as the document editor: the text takes what is left
    outer.addWidget(inner)
    fit = PaneFit(panel, outer, inner)
    panel.resize(NARROW_BELOW_PX - 100, 700)
    outer.resize(panel.size())
    panel.show()
    qtbot.waitUntil(lambda: fit.is_narrow())
    assert inner.sizes()[1] == 0 and inner.sizes()[0] > 0
    panel.resize(NARROW_BELOW_PX + 300, 700)
    outer.resize(panel.size())
    qtbot.waitUntil(lambda: not fit.is_narrow())
    assert inner.sizes()[1] == SECTIONS_PX
