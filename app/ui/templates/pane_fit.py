"""Fits the Documents mode's panes to the window's width.

Four panes side by side (templates, the form, the document, its sections) need about 1,300 px;
on a 1280x800 screen they squeezed the document to a strip. Below that width the sections pane
folds away (its splitter handle stays, so it can be dragged back) and the templates and the
form take their narrower widths; above it the panes come back as they were.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QSplitter, QWidget

NARROW_BELOW_PX = 1240  # the Documents panel's own width, without the window's sidebar
WIDE_SIZES = (260, 340)  # templates, form (the document takes the rest)
NARROW_SIZES = (220, 290)
SECTIONS_PX = 220


class PaneFit(QObject):
    """Watches `panel`'s width; `outer` holds templates | form | editor, `inner` the document's
    text | sections."""

    def __init__(self, panel: QWidget, outer: QSplitter, inner: QSplitter) -> None:
        super().__init__(panel)
        self._panel, self._outer, self._inner = panel, outer, inner
        self._narrow: bool | None = None
        inner.setCollapsible(0, False)
        inner.setCollapsible(1, True)
        outer.setCollapsible(2, False)  # the document never folds away
        for splitter in (outer, inner):
            splitter.splitterMoved.connect(lambda _pos, _index: self._skip_folded_panes())
        panel.installEventFilter(self)

    def is_narrow(self) -> bool:
        return bool(self._narrow)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._panel and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit()
        return False

    def fit(self) -> None:
        width = self._panel.width()
        narrow = width < NARROW_BELOW_PX
        if narrow == self._narrow:
            return  # only on crossing the line: a pane the user dragged stays where it is
        self._narrow = narrow
        left, form = NARROW_SIZES if narrow else WIDE_SIZES
        self._outer.setSizes([left, form, max(300, width - left - form)])
        inner_width = max(300, self._inner.width())
        sections = 0 if narrow else SECTIONS_PX
        self._inner.setSizes([inner_width - sections, sections])
        self._skip_folded_panes()

    def _skip_folded_panes(self) -> None:
        """A folded pane is zero pixels wide but would still take Tab focus: disable it until it
        is dragged open again, so the keyboard never lands somewhere the user cannot see."""
        for splitter in (self._outer, self._inner):
            for index, size in enumerate(splitter.sizes()):
                pane = splitter.widget(index)
                if pane is not None:
                    pane.setEnabled(size > 0)
