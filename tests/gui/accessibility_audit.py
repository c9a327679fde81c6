"""What a screen-reader or keyboard-only user would trip over in a widget tree.

Shared by the accessibility tests of every window: an interactive widget must have a name a
screen reader can say, and Tab must reach every visible focusable widget and nothing invisible.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
)


def describe(widget: QWidget) -> str:
    """A widget as a failing test should name it: class, objectName and its parents' classes."""
    chain: list[str] = []
    current: QWidget | None = widget
    while current is not None and len(chain) < 4:
        name = current.objectName()
        chain.append(f"{type(current).__name__}{'#' + name if name else ''}")
        current = current.parentWidget()
    return " < ".join(chain)


def accessible_name(widget: QWidget) -> str:
    """The name assistive technology reads for `widget` (its own, its text, or its buddy's)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return ""
    return interface.text(QAccessible.Text.Name).strip()


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.width() > 0 and widget.height() > 0


def _owner(widget: QWidget) -> QWidget:
    """The widget a screen reader names: a spin box's or an editable combo box's own line edit
    is part of it (Qt reads them as one control, named by the owner's label), and so is a
    scroll area's own scroll bar (read by its role and orientation, and never a Tab stop) and
    an item view's header (Qt reads its sections as the table's or tree's column headers)."""
    parent = widget.parentWidget()
    if isinstance(widget, QHeaderView) and isinstance(parent, QAbstractItemView):
        return parent
    if isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox | QComboBox):
        return parent
    if isinstance(widget, QScrollBar) and parent is not None:
        area = parent.parentWidget()
        if parent.objectName().startswith("qt_scrollarea_") and area is not None:
            return area
    return widget


def unnamed_interactive_widgets(root: QWidget) -> list[str]:
    """Every shown interactive widget under `root` without an accessible name.

    Scroll bars are left out: they take no focus, and screen readers announce them by role."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        interactive = isinstance(widget, INTERACTIVE) and not isinstance(widget, QScrollBar)
        shown_interactive = interactive and _shown(widget, root)
        if shown_interactive and not accessible_name(_owner(widget)):
            missing.append(describe(widget))
    return missing


def _takes_tab_focus(widget: QWidget, root: QWidget) -> bool:
    return (
        bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.isEnabled()
        and widget.focusProxy() is None
    )


def tab_chain(root: QWidget) -> list[QWidget]:
    """The widgets Tab visits under `root`, in order, starting after `root` (one full cycle)."""
    visited: list[QWidget] = []
    seen: set[int] = set()
    current: QWidget | None = root.nextInFocusChain()
    while current is not None and current is not root and id(current) not in seen:
        seen.add(id(current))
        inside = root.isAncestorOf(current)
        if inside and _takes_tab_focus(current, root) and current.isVisibleTo(root):
            visited.append(current)
        current = current.nextInFocusChain()
    return visited


def tab_chain_problems(root: QWidget) -> list[str]:
    """Focus stops Tab lands on that the user cannot see, and shown focusable widgets it skips."""
    chain = tab_chain(root)
    problems = [f"invisible focus stop: {describe(w)}" for w in chain if not _shown(w, root)]
    in_chain = {id(w) for w in chain}
    for widget in root.findChildren(QWidget):
        if _takes_tab_focus(widget, root) and _shown(widget, root) and id(widget) not in in_chain:
            problems.append(f"not reachable by Tab: {describe(widget)}")
    return problems
