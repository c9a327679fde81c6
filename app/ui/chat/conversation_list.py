"""The side panel of conversations: an item model with named roles, and the panel around it.

The panel never touches the database: it emits what the user asked for (select, new, rename,
delete, filter) and the controller answers with set_conversations()/select(). Before it leaves the
chat in view (another chat clicked, the chat in view deleted) it asks its leave guard, which can
keep the user there (e.g. an unsaved reply edit the user chose to keep).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.storage.records import Conversation
from app.ui.common.i18n import tr

FILTER_DEBOUNCE_MS = 150

_Index = QModelIndex | QPersistentModelIndex


class ConversationListModel(QAbstractListModel):
    """Conversations, newest first as given; read by role name in tests, QML or delegates."""

    IdRole = int(Qt.ItemDataRole.UserRole) + 1
    TitleRole = int(Qt.ItemDataRole.UserRole) + 2
    UpdatedRole = int(Qt.ItemDataRole.UserRole) + 3

    # The user renamed a row in place; the model shows the new title at once, the controller
    # stores it (and usually answers with set_conversations).
    title_edited = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Conversation] = []

    def set_conversations(self, conversations: list[Conversation]) -> None:
        self.beginResetModel()
        self._rows = list(conversations)
        self.endResetModel()

    def conversations(self) -> list[Conversation]:
        return list(self._rows)

    def conversation_at(self, index: _Index) -> Conversation | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def index_of(self, conversation_id: int) -> QModelIndex:
        for row, conversation in enumerate(self._rows):
            if conversation.id == conversation_id:
                return self.index(row, 0)
        return QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names[self.IdRole] = QByteArray(b"id")
        names[self.TitleRole] = QByteArray(b"title")
        names[self.UpdatedRole] = QByteArray(b"updated")
        return names

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        conversation = self.conversation_at(index)
        if conversation is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, self.TitleRole):
            return conversation.title
        if role == self.IdRole:
            return conversation.id
        if role == self.UpdatedRole:
            return conversation.updated_at
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr("{title}\nLast message {time}").format(
                title=conversation.title, time=f"{conversation.updated_at:%Y-%m-%d %H:%M}"
            )
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        conversation = self.conversation_at(index)
        if conversation is None or role != Qt.ItemDataRole.EditRole or not isinstance(value, str):
            return False
        title = " ".join(value.split())  # one line: titles are shown in a single-line list
        if not title or title == conversation.title:
            return False
        self._rows[index.row()] = replace(conversation, title=title)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, self.TitleRole])
        self.title_edited.emit(conversation.id, title)
        return True


class ConversationListPanel(QWidget):
    conversation_selected = Signal(int)
    new_requested = Signal()
    rename_requested = Signal(int, str)
    delete_requested = Signal(int)  # only after the user confirmed
    filter_changed = Signal(str)  # debounced: the controller runs one query per pause in typing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._selected_id: int | None = None
        self._restoring = False  # set while the model resets, so no selection is emitted
        self._leave_guard: Callable[[], bool] | None = None

        self.model = ConversationListModel(self)
        self.model.title_edited.connect(self.rename_requested.emit)

        self.new_button = QPushButton(tr("New chat"), self)
        self.new_button.setToolTip(tr("Start a new conversation (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested.emit)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(tr("Filter chats"))
        self.filter_edit.setAccessibleName(tr("Filter chats"))
        self.filter_edit.setAccessibleDescription(tr("Shows only the chats whose title matches"))
        self.filter_edit.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DEBOUNCE_MS)
        self._filter_timer.timeout.connect(self._emit_filter)
        self.filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())

        self.view = QListView(self)
        self.view.setAccessibleName(tr("Chats"))
        self.view.setAccessibleDescription(
            tr("Your chats, newest first. F2 renames the selected chat, Delete deletes it.")
        )
        self.view.setModel(self.model)
        # Connected after setModel: the view clears its current index on reset in its own slot,
        # and slots run in connection order, so restoring the selection must come later.
        self.model.modelReset.connect(self._after_reset)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setUniformItemSizes(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Titles elide instead of scrolling sideways: a horizontal scrollbar in a list of
        # chats is noise.
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_menu)
        self.view.installEventFilter(self)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)

        self.empty_label = QLabel(tr("No chats yet"), self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.setProperty("role", "empty-state")

        self.rename_action = QAction(tr("Rename"), self)
        self.rename_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.rename_action.triggered.connect(self._rename_current)
        self.delete_action = QAction(tr("Delete…"), self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.triggered.connect(self.delete_current)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.new_button)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        self._update_empty_state()

    # --- public API ---------------------------------------------------------------------------

    def set_conversations(self, conversations: list[Conversation]) -> None:
        """Replace the rows; the selected conversation stays selected if it is still listed."""
        self.model.set_conversations(conversations)

    def selected_id(self) -> int | None:
        return self._selected_id

    def select(self, conversation_id: int, *, notify: bool = False) -> None:
        """Show `conversation_id` as selected (the controller already opened it), without
        emitting conversation_selected; notify=True emits it as a click would. Selecting the
        already selected conversation does nothing at all."""
        if conversation_id == self._selected_id:
            return
        self._selected_id = conversation_id
        self._restoring = True
        try:
            self._show_selection()
        finally:
            self._restoring = False
        if notify:
            self.conversation_selected.emit(conversation_id)

    def set_leave_guard(self, guard: Callable[[], bool] | None) -> None:
        """`guard()` is asked before the selected chat is left; False keeps it selected and
        nothing is emitted. None: leave freely."""
        self._leave_guard = guard

    def may_leave(self) -> bool:
        return self._leave_guard is None or self._leave_guard()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def filter_text(self) -> str:
        return self.filter_edit.text().strip()

    def confirm_delete(self, title: str) -> bool:
        """Ask before deleting; a method of its own so tests (and callers) can answer it."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("Delete chat"))
        box.setText(tr("Delete “{title}” and all its messages?").format(title=title))
        box.setInformativeText(tr("This cannot be undone."))
        delete = box.addButton(tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is delete

    def delete_current(self) -> None:
        self._delete(self.view.currentIndex())

    # --- internals ----------------------------------------------------------------------------

    def _delete(self, index: _Index) -> None:
        conversation = self.model.conversation_at(index)
        if conversation is None or not self.confirm_delete(conversation.title):
            return
        if conversation.id == self._selected_id and not self.may_leave():
            return  # the chat in view stays, undeleted
        self.delete_requested.emit(conversation.id)

    def _rename_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index)

    def _emit_filter(self) -> None:
        self.filter_changed.emit(self.filter_text())

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring:
            return
        conversation = self.model.conversation_at(current)
        if conversation is None or conversation.id == self._selected_id:
            return
        if self._selected_id is not None and not self.may_leave():
            # The view is still handling the click or key that moved the current row and will
            # select that row after this returns: put the selection back once it is done.
            QTimer.singleShot(0, self, self._restore_selection)
            return
        self._selected_id = conversation.id
        self.conversation_selected.emit(conversation.id)

    def _after_reset(self) -> None:
        self._restore_selection()
        self._update_empty_state()

    def _restore_selection(self) -> None:
        self._restoring = True
        try:
            self._show_selection()
        finally:
            self._restoring = False

    def _show_selection(self) -> None:
        index = self.model.index_of(self._selected_id) if self._selected_id is not None else None
        selection = self.view.selectionModel()
        if index is None or not index.isValid():
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), selection.SelectionFlag.Clear)
            return
        selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index)

    def _update_empty_state(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty_label.setText(
            tr("No matching chats") if self.filter_text() else tr("No chats yet")
        )
        self.empty_label.setVisible(empty)

    def _show_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        conversation = self.model.conversation_at(index)
        if conversation is None or conversation.id != self._selected_id:
            return  # the user stayed in the chat in view (see set_leave_guard): no menu
        menu = QMenu(self)
        menu.addAction(self.rename_action)
        menu.addAction(self.delete_action)
        menu.exec(self.view.viewport().mapToGlobal(position))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Keys are handled here rather than by shortcuts so they act only on the focused list,
        # not while typing in the composer. F2 is QListView's own edit key.
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (
                self.view.state() != QAbstractItemView.State.EditingState
            ):
                self.delete_current()
                return True
        return super().eventFilter(watched, event)
