"""Removing a plain copy of the user's data: overwrite, then delete.

Overwriting in place makes the old bytes unreadable through the file system on a classic disk.
On SSDs, copy-on-write file systems (APFS, Btrfs, ZFS), snapshots and backups the old blocks may
survive elsewhere; nothing a program does can guarantee they are gone (see docs/encryption.md).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Final

log = logging.getLogger(__name__)
_BLOCK: Final = 1 << 20


def shred(path: Path) -> bool:
    """Overwrite `path` with zeros, flush it to disk, delete it. True when overwritten and
    deleted; False when it could only be deleted (or not at all). Missing: True."""
    path = Path(path)
    overwritten = False
    try:
        size = path.stat().st_size
        with path.open("r+b", buffering=0) as handle:
            zeros = bytes(_BLOCK)
            remaining = size
            while remaining > 0:
                remaining -= handle.write(zeros[: min(_BLOCK, remaining)])
            os.fsync(handle.fileno())
        overwritten = True
    except FileNotFoundError:
        return True
    except OSError:
        log.warning("could not overwrite %s before deleting it", path, exc_info=True)
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("could not delete %s", path, exc_info=True)
        return False
    return overwritten


def shred_database_files(database: Path) -> list[Path]:
    """Shred a SQLite file and its -wal/-shm/-journal companions; returns those shredded."""
    done = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        candidate = Path(f"{database}{suffix}")
        if candidate.exists():
            shred(candidate)
            done.append(candidate)
    return done
