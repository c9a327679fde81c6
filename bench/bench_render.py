"""Cost of rendering one streaming reply (Markdown + Qt layout), the GUI thread's per-batch work.

Two parts:
- "full render": MessageWidget.set_text on a reply of 1k, 4k and 16k chars, the cost of one
  complete re-render (what a finished or loaded message costs once);
- "streaming": a realistic 16,000-char reply (headings, paragraphs, lists, a table, two code
  blocks) fed through ChatView.begin_stream/append_stream/end_stream in ~40-char chunks, one flush
  per chunk (ChatView._flush_stream, what the render timer calls); prints the total GUI time, the
  median and the worst flush, and the median of the last 40 (where the reply is longest). It runs
  twice: "incremental" (MessageWidget.set_partial_text, the app's behaviour) and "full re-render"
  (set_partial_text replaced by set_text: every flush renders the whole reply, as before).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_render.py [--stream-only]
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from app.ui.chat.chat_view import STREAM_RENDER_MS, ChatView
from app.ui.chat.message_widget import MessageWidget
from app.ui.common.markdown_html import render_markdown

BLOCK = (
    "## Step\n\nSome **bold** prose with `code` and a [link](https://example.org).\n\n"
    "- one\n- two\n\n```python\nfor i in range(3):\n    print(i)\n```\n\n"
)
STREAM_SIZE = 16_000
CHUNK = 40

_PROSE = (
    "The important part is that each step is **small** and can be checked on its own, so a "
    "mistake shows up early. Keep the `config` next to the code that reads it, and prefer "
    "plain functions over classes until the state really needs a home. See the "
    "[reference](https://example.org/docs) for the details of every option."
)
_TABLE = (
    "| Option | Speed | Memory | Notes |\n"
    "|:-------|------:|-------:|-------|\n"
    "| csv    | ok    | low    | built in, no dependencies |\n"
    "| pandas | good  | high   | best for analysis |\n"
    "| polars | great | medium | fast on large files |\n"
    "| duckdb | great | low    | SQL over files |\n"
)
_CODE_1 = (
    "```python\nimport csv\nfrom pathlib import Path\n\n\n"
    "def totals(path: Path) -> dict[str, float]:\n"
    '    """Sum the totals per region."""\n'
    "    result: dict[str, float] = {}\n"
    '    with path.open(newline="") as handle:\n'
    "        for row in csv.DictReader(handle):\n"
    '            region = row["region"]\n'
    '            result[region] = result.get(region, 0.0) + float(row["total"])\n'
    "    return result\n\n\n"
    'if __name__ == "__main__":\n'
    '    print(totals(Path("sales.csv")))\n```\n'
)
_CODE_2 = (
    "```bash\npython -m venv .venv\n. .venv/bin/activate\npip install polars duckdb\n"
    "python totals.py sales.csv > totals.txt\n```\n"
)


def realistic_reply(size: int = STREAM_SIZE) -> str:
    """A long model reply: numbered sections of prose and lists, one table, two code blocks."""
    parts = ["# Working with large CSV files\n", _PROSE + "\n"]
    section = 0
    while len("\n".join(parts)) < size:
        section += 1
        parts.append(f"## {section}. Step number {section}\n")
        parts.append(_PROSE + "\n")
        parts.append(
            f"- first point of step {section}, with `inline code`\n"
            f"- second point, *emphasised*\n- third point\n"
        )
        if section == 2:
            parts.append(_TABLE)
        if section == 3:
            parts.append(_CODE_1)
        if section == 6:
            parts.append(_CODE_2)
        parts.append(f"1. do this\n2. then that\n3. check step {section}\n")
        parts.append(_PROSE + "\n")
    return "\n".join(parts)[:size].rstrip() + "\n"


def bench_full_render(app: QApplication) -> None:
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
            f"full render, reply of {size:>6,} chars: markdown {statistics.median(parse):5.1f} ms,"
            f" markdown + Qt layout median {statistics.median(full):5.1f} ms,"
            f" worst {max(full):5.1f} ms (render period {STREAM_RENDER_MS} ms)"
        )
    view.close()


def bench_streaming(app: QApplication, label: str) -> None:
    text = realistic_reply()
    chunks = [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)]
    view = ChatView()
    view.resize(900, 700)
    view.show()
    view.add_message(1, "user", "How do I work with large CSV files?")
    app.processEvents()
    flushes: list[float] = []
    began = time.perf_counter()
    widget = view.begin_stream()
    app.processEvents()
    for chunk in chunks:
        started = time.perf_counter()
        view.append_stream(chunk)
        view._flush_stream()  # what the render timer does, once per chunk here
        widget.browser.document().size()  # force the layout
        app.processEvents()
        flushes.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    view.end_stream(text, message_id=2, complete=True, meta="bench")
    widget.browser.document().size()
    app.processEvents()
    final = (time.perf_counter() - started) * 1000
    total = (time.perf_counter() - began) * 1000
    print(
        f"streaming {len(text):,} chars in {len(chunks)} chunks of {CHUNK}, {label:>15}: "
        f"total GUI time {total:6.0f} ms, per flush median {statistics.median(flushes):5.1f} ms,"
        f" worst {max(flushes):5.1f} ms, last 40 median {statistics.median(flushes[-40:]):5.1f}"
        f" ms; end_stream {final:5.1f} ms, full renders {widget.full_render_count}"
    )
    view.close()


def main() -> None:
    app = QApplication([])
    if "--stream-only" not in sys.argv:
        bench_full_render(app)
    incremental = MessageWidget.set_partial_text
    for _ in range(2):
        MessageWidget.set_partial_text = incremental  # type: ignore[method-assign]
        bench_streaming(app, "incremental")
        MessageWidget.set_partial_text = MessageWidget.set_text  # type: ignore[method-assign]
        bench_streaming(app, "full re-render")
    MessageWidget.set_partial_text = incremental  # type: ignore[method-assign]


if __name__ == "__main__":
    main()
