"""Cost of re-rendering one streaming reply (Markdown + Qt layout), the GUI thread's per-batch work.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_render.py
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from app.ui.chat_view import STREAM_RENDER_MS, ChatView
from app.ui.markdown_html import render_markdown

BLOCK = (
    "## Step\n\nSome **bold** prose with `code` and a [link](https://example.org).\n\n"
    "- one\n- two\n\n```python\nfor i in range(3):\n    print(i)\n```\n\n"
)


def main() -> None:
    app = QApplication([])
    view = ChatView()
    view.resize(900, 700)
    view.show()
    widget = view.begin_stream()
    for size in (1_000, 4_000, 16_000):
        text = (BLOCK * (size // len(BLOCK) + 1))[:size]
        parse, full = [], []
        for _ in range(15):
            started = time.perf_counter()
            render_markdown(text)
            parse.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            widget.set_text(text)
            widget.browser.document().size()  # force the layout
            app.processEvents()
            full.append((time.perf_counter() - started) * 1000)
        print(
            f"reply of {size:>6,} chars: markdown {statistics.median(parse):5.1f} ms, "
            f"markdown + Qt layout median {statistics.median(full):5.1f} ms, "
            f"worst {max(full):5.1f} ms (render period {STREAM_RENDER_MS} ms)"
        )


if __name__ == "__main__":
    main()
