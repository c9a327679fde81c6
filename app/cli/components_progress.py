"""Progress of `hearth components install` on stderr: one line per stage, then the bytes,
rewritten in place on a terminal and sparse in a log (as `hearth models download` does)."""

from __future__ import annotations

import sys
import time
from typing import Final, TextIO

from app.library.transfer_rate import human_bytes

PRINT_EVERY_S: Final = 0.5  # as `hearth models download`: a terminal line twice a second
LOG_EVERY_S: Final = 5.0  # a new line every few seconds when stderr is a file or a pipe

STAGE_TEXT: Final = {
    "downloading": "Downloading {source}",
    "verifying": "Checking its sha256",
    "installing": "Installing",
}


class ComponentProgress:
    def __init__(self, source: str, stream: TextIO = sys.stderr) -> None:
        self._source = source
        self._stream = stream
        self._tty = stream.isatty()
        self._stage = ""
        self._last = 0.0
        self._open_line = False

    def progress(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            self.finish()
            self._stage = stage
            self._last = 0.0
            text = STAGE_TEXT.get(stage, stage).format(source=self._source)
            print(f"{text}…", file=self._stream, flush=True)
        now = time.monotonic()
        finished = total > 0 and done >= total
        if not finished and now - self._last < (PRINT_EVERY_S if self._tty else LOG_EVERY_S):
            return
        self._last = now
        line = (
            f"  {human_bytes(done)} of {human_bytes(total)}" if total else f"  {human_bytes(done)}"
        )
        if total:
            line += f" ({100 * done // total}%)"
        if self._tty:
            self._stream.write("\r" + line.ljust(60))
            self._open_line = True
        else:
            self._stream.write(line + "\n")
        self._stream.flush()

    def finish(self) -> None:
        """End a line left open on a terminal (before the next stage, an error or Ctrl+C)."""
        if self._open_line:
            self._stream.write("\n")
            self._open_line = False
