"""The window's frame of commands: a sidebar down the left edge with the modes (Chat, Documents,
Knowledge, Studio) and the model tools (Models, Adapters, Import) grouped apart, Settings and
Help at the foot; and a slim top bar with the assistant and the model in use.

The actions themselves (text, shortcut, what they do) are WindowActions' (actions.py); this
module only places them and gives them icons and the short labels shown under the icons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QToolBar, QToolButton, QWidget

from app.ui.common.i18n import tr
from app.ui.common.icons import icon

if TYPE_CHECKING:
    from app.ui.shell.actions import WindowActions

SIDEBAR_ICON_PX = 22


def _place(action: QAction, icon_name: str, label: str) -> QAction:
    action.setIcon(icon(icon_name))
    action.setIconText(label)  # what a tool button shows under the icon; menus keep the text
    return action


def build_sidebar(window: QMainWindow, actions: WindowActions) -> QToolBar:
    """The left sidebar: modes first, the model's tools below them, settings at the foot."""
    bar = QToolBar(tr("Modes"), window)
    bar.setObjectName("sidebar")
    bar.setProperty("role", "sidebar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setOrientation(Qt.Orientation.Vertical)
    bar.setIconSize(QSize(SIDEBAR_ICON_PX, SIDEBAR_ICON_PX))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
    bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
    for action, name, label in (
        (actions.chat_mode, "message-square", tr("Chat")),
        (actions.documents_mode, "file-text", tr("Documents")),
        (actions.knowledge, "book-open", tr("Knowledge")),
        (actions.studio, "graduation-cap", tr("Studio")),
    ):
        bar.addAction(_place(action, name, label))
    bar.addSeparator()
    for action, name, label in (
        (actions.models, "box", tr("Models")),
        (actions.adapters, "layers", tr("Adapters")),
        (actions.import_model, "folder-open", tr("Import")),
    ):
        bar.addAction(_place(action, name, label))
    spacer = QWidget(bar)
    spacer.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
    bar.addWidget(spacer)
    bar.addAction(_place(actions.settings, "settings", tr("Settings")))
    bar.addAction(_place(actions.about, "circle-help", tr("Help")))
    for button in bar.findChildren(QToolButton):
        # Every button the same width, so the labels line up under their icons.
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Tool bar buttons take no focus by default: Tab must reach the modes too.
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        action = button.defaultAction()
        if action is not None:
            button.setAccessibleName(action.iconText())
    _icons_for_other_actions(actions)
    window.addToolBar(Qt.ToolBarArea.LeftToolBarArea, bar)
    return bar


def _icons_for_other_actions(actions: WindowActions) -> None:
    """Icons for the actions only the menus hold, so menus and sidebar match."""
    for action, name in (
        (actions.new_chat, "plus"),
        (actions.regenerate, "refresh-cw"),
        (actions.stop, "square"),
        (actions.find_chats, "search"),
        (actions.export_data, "upload"),
        (actions.restore_data, "download"),
        (actions.import_adapter, "layers"),
        (actions.catalog, "download"),
        (actions.diagnostics, "copy"),
    ):
        action.setIcon(icon(name))


def build_top_bar(
    window: QMainWindow, assistant_picker: QWidget, model_picker: QWidget
) -> QToolBar:
    """The top bar: who answers (the assistant) and with what (the model)."""
    bar = QToolBar(tr("Assistant and model"), window)
    bar.setObjectName("topBar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
    for text, picker in ((tr("Assistant"), assistant_picker), (tr("Model"), model_picker)):
        label = QLabel(text, bar)
        label.setProperty("tone", "muted")
        label.setContentsMargins(8, 0, 4, 0)
        label.setBuddy(picker)
        bar.addWidget(label)
        bar.addWidget(picker)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
