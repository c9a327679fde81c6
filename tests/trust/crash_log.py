"""What a crash-test child says it has committed, written so that a SIGKILL cannot garble it.

The child appends one JSON object per line with a single `os.write` on an O_APPEND descriptor,
*after* the database commit returned. A SIGKILL lands between system calls, so every line in the
file is whole (a torn last line is ignored anyway) and every line names something that is durable
in the database. Each child writes its own file; the harness reads them all.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


class CommitLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def record(self, event: str, **facts: Any) -> None:
        line = json.dumps({"event": event, **facts}, ensure_ascii=True) + "\n"
        os.write(self._fd, line.encode("ascii"))

    def ready(self) -> None:
        """The child finished its set-up (imports, model load): kills may land in its work now."""
        self.record("ready")


@dataclass(frozen=True)
class Entry:
    event: str
    facts: dict[str, Any]
    child: int  # which child wrote it (the file's number), to tell in-flight work apart


def read_entries(folder: Path) -> Iterator[Entry]:
    """Every whole line of every child's log, in child order, then line order."""
    for path in sorted(folder.glob("child-*.jsonl")):
        child = int(path.stem.split("-")[1])
        for raw in path.read_bytes().split(b"\n"):
            try:
                data = json.loads(raw)
            except ValueError:
                continue  # the torn tail of a killed write (or the empty piece after "\n")
            yield Entry(str(data.pop("event")), data, child)


def child_log_path(folder: Path, child: int) -> Path:
    return folder / f"child-{child:05d}.jsonl"


def is_ready(path: Path) -> bool:
    try:
        return b'"event": "ready"' in path.read_bytes()
    except FileNotFoundError:
        return False
