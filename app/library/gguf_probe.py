"""A quick look at a file: is it GGUF, and is it a model, an adapter or something else?

Finding models on disk opens many files (Ollama's blobs have no extension; a scanned folder
holds anything). This reads the 4-byte magic, and for GGUF files only the first metadata
entries from a small prefix: `general.architecture` and `general.type` come first in files
written by llama.cpp's converters, long before the vocabulary. The full, validated header scan
(`gguf_header.read_gguf_header`) happens later, when the user imports the file.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Final

GGUF_MAGIC: Final = b"GGUF"
PROBE_BYTES: Final = 256 * 1024

_STRING: Final = 8
_ARRAY: Final = 9
_SCALAR_SIZES: Final = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_WANTED: Final = ("general.architecture", "general.type")


@dataclass(frozen=True)
class GgufProbe:
    architecture: str | None
    kind: str  # general.type: "model" (also when absent), "adapter", "mmproj", "vocab"...

    @property
    def is_model(self) -> bool:
        # Vision projectors ("clip" architecture) ship next to models but cannot be chatted with.
        return self.kind == "model" and self.architecture not in (None, "clip")


def has_gguf_magic(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == GGUF_MAGIC
    except OSError:
        return False


class _End(Exception):
    """The prefix ended (or made no sense) before the wanted keys were found."""


def probe_gguf(path: Path) -> GgufProbe | None:
    """architecture and general.type of a GGUF file; None when it is not one (or unreadable)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(PROBE_BYTES)
    except OSError:
        return None
    if data[:4] != GGUF_MAGIC or len(data) < 24:
        return None
    endian = "<" if struct.unpack_from("<I", data, 4)[0] in (2, 3) else ">"
    found = _read_general(data, endian)
    architecture = found.get("general.architecture")
    kind = found.get("general.type") or "model"
    return GgufProbe(architecture=architecture or None, kind=kind)


def _read_general(data: bytes, endian: str) -> dict[str, str]:
    found: dict[str, str] = {}
    u32, u64 = struct.Struct(endian + "I"), struct.Struct(endian + "Q")
    pos = 16
    (kv_count,) = u64.unpack_from(data, pos)
    pos += 8

    def take(size: int) -> int:
        nonlocal pos
        start = pos
        pos += size
        if pos > len(data):
            raise _End
        return start

    def string() -> bytes:
        (length,) = u64.unpack_from(data, take(8))
        start = take(length)
        return data[start:pos]

    try:
        for _ in range(min(kv_count, 1 << 16)):
            key = string().decode("utf-8", errors="replace")
            (value_type,) = u32.unpack_from(data, take(4))
            if value_type == _STRING:
                value = string().decode("utf-8", errors="replace")
                if key in _WANTED:
                    found[key] = value
                    if len(found) == len(_WANTED):
                        break
            elif value_type == _ARRAY:
                (element_type,) = u32.unpack_from(data, take(4))
                (count,) = u64.unpack_from(data, take(8))
                if element_type == _STRING:
                    for _ in range(count):
                        string()
                elif element_type in _SCALAR_SIZES:
                    take(count * _SCALAR_SIZES[element_type])
                else:
                    break
            elif value_type in _SCALAR_SIZES:
                take(_SCALAR_SIZES[value_type])
            else:
                break
    except (_End, struct.error):
        pass
    return found
