""" "Show uncertainty": a background tint under the words of a reply the model was unsure of,
with the probability in a tooltip.

The spans come from the reply's stored token log-probabilities (`app/chats/confidence.py`) as
offsets into the reply's Markdown source; the view shows rendered rich text, so each span's
words are found in the rendered document in order (Markdown drops markup, never words). The
tint is amber, stronger the less likely the token was, blended into the bubble so both themes
stay readable.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from app.chats.confidence import UncertainSpan, low_confidence_spans
from app.storage.records import TokenConfidence
from app.ui.common.i18n import tr
from app.ui.common.rich_text_css import blend, bubble_color
from app.ui.common.theme import tokens_for

# Characters Markdown may drop around or inside a span's words when it renders them.
_MARKUP = re.compile(r"[*_`#>\[\]]+")


def tooltip_for(span: UncertainSpan) -> str:
    return tr("The model was unsure here: {percent} likely").format(
        percent=f"{span.probability:.0%}"
    )


def tint_for(palette: QPalette, probability: float) -> QColor:
    """Amber over the bubble: 30% for a guess at even odds, up to 60% for a long shot."""
    strength = 0.3 + 0.3 * (1.0 - min(1.0, probability / 0.5))
    return blend(bubble_color(palette, user=False), QColor(tokens_for(palette).uncertain), strength)


class UncertaintyShading:
    """One reply's values and whether they are shown. The owner renders the reply afresh
    (`rerender`) whenever either changes, then calls `render` to shade the new document."""

    def __init__(self, browser: QTextBrowser, rerender: Callable[[], None]) -> None:
        self._browser = browser
        self._rerender = rerender
        self._confidence: TokenConfidence | None = None
        self._shown = False
        self.shaded: list[tuple[int, int, UncertainSpan]] = []  # document positions shaded

    @property
    def has_values(self) -> bool:
        return self._confidence is not None

    @property
    def shown(self) -> bool:
        return self._shown

    def set_confidence(self, confidence: TokenConfidence | None) -> None:
        if confidence is not self._confidence:
            self._confidence = confidence
            self._rerender()

    def set_shown(self, shown: bool) -> None:
        if shown != self._shown:
            self._shown = shown
            if self._confidence is not None:
                self._rerender()

    def render(self, text: str) -> None:
        """Shade the spans in the document `text` was just rendered into."""
        self.shaded = []
        if not self._shown or self._confidence is None:
            return
        document = self._browser.document()
        palette = self._browser.palette()
        at = 0
        for span in low_confidence_spans(self._confidence, text):
            cursor = _locate(document, text[span.start : span.end], at)
            if cursor is None:
                continue
            shading = QTextCharFormat()
            shading.setBackground(tint_for(palette, span.probability))
            shading.setToolTip(tooltip_for(span))
            cursor.mergeCharFormat(shading)
            self.shaded.append((cursor.selectionStart(), cursor.selectionEnd(), span))
            at = cursor.selectionEnd()


def _locate(document: QTextDocument, words: str, start: int) -> QTextCursor | None:
    """Where `words` (a span of the Markdown source) appear in the rendered document, at or
    after `start`; with any markup characters dropped when the source form is not found."""
    exact = QTextDocument.FindFlag.FindCaseSensitively
    for candidate in (words, _MARKUP.sub("", words).strip()):
        if candidate:
            cursor = document.find(candidate, start, exact)
            if not cursor.isNull():
                return cursor
    return None
