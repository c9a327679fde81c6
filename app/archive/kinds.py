"""What one kind of manifest zip may hold: its format name, its member names and their limits.

The reader applies the same checks to every kind; a kind only says which names it accepts and
how large each may be, and the words its messages use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

MANIFEST: Final = "manifest.json"
KIB: Final = 1024
MIB: Final = 1024 * KIB
GIB: Final = 1024 * MIB


@dataclass(frozen=True)
class MemberRule:
    """The limits on one member name."""

    label: str  # how messages call it ("an icon", "the database")
    max_bytes: int
    # Counted toward `ReadLimits.max_total_bytes` (a pack's model file is not: it is the one
    # member that is legitimately huge).
    counts_toward_total: bool = True
    # Checked against the compression-ratio limit. Off only for data that is mostly zeros by
    # design (SQLite's secure_delete zero-fills freed pages, so a database compresses freely).
    ratio_checked: bool = True


@dataclass(frozen=True)
class ReadLimits:
    """What a read accepts. An archive past any limit is refused before anything is inflated."""

    max_members: int
    max_manifest_bytes: int
    max_total_bytes: int | None = None  # None: only the free disk space limits the whole
    # Unpacked/packed size above which a member is a zip bomb, not a file; checked on members
    # that unpack to more than `ratio_floor_bytes` (small files compress freely).
    max_compression_ratio: float = 200.0
    ratio_floor_bytes: int = 1 * MIB


@dataclass(frozen=True)
class ArchiveKind:
    format: str  # the manifest's "format"
    format_version: int  # the newest "format_version" this Hearth reads
    title: str  # "a Hearth assistant pack": when the manifest names another format
    noun: str  # "an assistant pack": what the archive is, in the other messages
    short_noun: str  # "a pack": in the member-count message
    folder: str  # "the pack's folder": where a member must stay
    version_word: str  # "pack format": in the newer-version message
    total_scope: str  # what the total counts (" besides the model"), in the total message
    # The rule for a member name, or None for a name this kind never holds. The manifest
    # (`MANIFEST`) never reaches it.
    rule_for: Callable[[str], MemberRule | None]
    # Members read by the caller that the manifest does not list (a pack's signature).
    unlisted_names: frozenset[str] = frozenset()


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:,.0f} {unit}" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{value:,.1f} GiB"  # pragma: no cover - the loop always returns
