"""A realistic conversation rendered in the light and dark theme.

The checks read pixels of the grabbed image, so colours that vanish or text that is clipped
fail here. With HEARTH_SHOTS_DIR set, the images are also saved there for a person to look at:
    HEARTH_SHOTS_DIR=shots python -m pytest tests/gui/test_chat_screenshots.py
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.chat.chat_view import ChatView
from app.ui.chat.composer import Composer
from app.ui.common.rich_text_css import bubble_color
from app.ui.common.theme import apply_theme

REPLY = """# Reading a CSV file in Python

You have **three** good options:

1. The built-in `csv` module, no dependencies.
2. *pandas*, best for analysis.
3. `polars`, fast on large files.

| Option | Speed | Extra install |
|:-------|------:|---------------|
| csv    | ok    | no            |
| pandas | good  | yes           |
| polars | great | yes           |

```python
import csv

with open("sales.csv", newline="") as handle:
    for row in csv.DictReader(handle):
        print(row["region"], row["total"])
```

See the [csv module docs](https://docs.python.org/3/library/csv.html) for dialects.

> Tip: always open CSV files with `newline=""`.
"""

PARTIAL = (
    "Use `csv.writer`:\n\n```python\nimport csv\n\nwith open('out.csv', 'w', newline='') as f:\n"
)


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_theme(qapp, request.param)
    yield str(request.param)
    apply_theme(qapp, "system")


def build(qtbot: QtBot) -> ChatView:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(820, 1250)
    view.add_message(1, "user", "How do I read a CSV file in Python?\nKeep it short, please.")
    view.add_message(2, "assistant", REPLY, meta="SmolLM2 · 212 tokens · 31.2 tok/s · seed 123")
    view.add_notice("2 older turns were left out to fit the context")
    view.add_message(3, "user", "And how do I write one?")
    view.add_message(
        4, "assistant", PARTIAL, complete=False, meta="SmolLM2 · 19 tokens · 28.7 tok/s · seed 7"
    )
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)  # let the layouts settle
    return view


def save(image: QImage, name: str) -> None:
    folder = os.environ.get("HEARTH_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert image.save(str(Path(folder) / name))


def contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        red, green, blue = (channel(v) for v in (c.redF(), c.greenF(), c.blueF()))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_conversation_screenshot(qtbot: QtBot, theme: str) -> None:
    view = build(qtbot)
    image = view.grab().toImage()
    save(image, f"chat_{theme}.png")
    palette = view.palette()
    base = palette.color(QPalette.ColorRole.Base)
    assert (base.lightnessF() < 0.3) == (theme == "dark")

    widgets = view.message_widgets()
    for widget in widgets:
        # Heights follow the documents: nothing clipped, no inner scrolling.
        assert widget.browser.height() >= widget.browser.document().size().height()
        assert widget.browser.verticalScrollBar().maximum() == 0
        # Text is readable on the bubble.
        text = widget.palette().color(QPalette.ColorRole.Text)
        assert contrast(text, bubble_color(widget.palette(), user=widget.role == "user")) > 7

    # Both kinds of bubbles are painted, and they differ from each other and the background.
    user, reply = widgets[0], widgets[1]
    user_pixel = image.pixelColor(user.mapTo(view, user.rect().topRight()) + QPoint(-20, 20))
    reply_pixel = image.pixelColor(reply.mapTo(view, reply.rect().topRight()) + QPoint(-20, 20))
    assert user_pixel != reply_pixel
    assert user_pixel != base and reply_pixel != base

    # The code box is drawn with its own background inside the reply.
    cursor = reply.browser.document().find("DictReader")
    spot = reply.browser.cursorRect(cursor).bottomLeft() + QPoint(-4, 2)
    code_pixel = image.pixelColor(reply.browser.viewport().mapTo(view, spot))
    assert code_pixel != reply_pixel

    assert widgets[-1].incomplete_badge.isVisible()


def test_composer_screenshot(qtbot: QtBot, theme: str) -> None:
    composer = Composer()
    qtbot.addWidget(composer)
    composer.resize(820, 120)
    composer.set_text("A draft I was writing")
    composer.begin_edit(3, "And how do I write one?")
    composer.show()
    qtbot.waitExposed(composer)
    composer.resize(820, composer.sizeHint().height())
    qtbot.wait(20)
    save(composer.grab().toImage(), f"composer_{theme}.png")
    assert composer._banner.isVisible()


def test_switching_theme_recolours_rendered_messages(qtbot: QtBot, qapp: QApplication) -> None:
    apply_theme(qapp, "light")
    try:
        view = build(qtbot)
        reply = view.message_widgets()[1]
        light_css = reply.browser.document().defaultStyleSheet()
        apply_theme(qapp, "dark")
        qtbot.waitUntil(lambda: reply.browser.document().defaultStyleSheet() != light_css)
        dark_code = bubble_color(reply.palette(), user=False)
        assert dark_code.lightnessF() < 0.3
        assert "Reading a CSV file" in reply.browser.toPlainText()  # re-rendered, not lost
    finally:
        apply_theme(qapp, "system")
