"""The GGUF header walk: metadata and tensor infos, bounds-checked, arrays skipped.

Layout (GGUF v2/v3, little- or big-endian): magic "GGUF", u32 version, u64 tensor count,
u64 metadata count, the metadata (key string, u32 value type, value), the tensor infos (name
string, u32 n_dims, u64 dims[n_dims], u32 ggml type, u64 offset into the data section), padding
up to `general.alignment` (default 32), then the tensor data.

Every count and length is checked against the bytes left in the file before it is used, so a
damaged file gives a `GgufError` naming the problem, never a huge allocation. Metadata arrays are
skipped with `struct.unpack_from` over the memory map, keeping only their lengths.
"""

from __future__ import annotations

import math
import mmap
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Final

from app.library.ggml_types import GGML_TYPES
from app.library.gguf_errors import (
    GgufCorruptError,
    GgufTensorDataError,
    GgufTruncatedError,
    NotGgufError,
    UnknownTensorTypeError,
    UnsupportedGgufVersionError,
)

GGUF_MAGIC: Final = b"GGUF"
SUPPORTED_VERSIONS: Final = (2, 3)
DEFAULT_ALIGNMENT: Final = 32
MAX_DIMS: Final = 4  # GGML_MAX_DIMS

# A count or length that does not fit in the rest of the file is "truncated" unless it is beyond
# these bounds, which no real model comes near: then the header itself is garbage ("corrupt").
_MAX_STRING_BYTES: Final = 1 << 30
_MAX_KV_COUNT: Final = 1 << 24
_MAX_TENSOR_COUNT: Final = 1 << 24
_MAX_ARRAY_LENGTH: Final = 1 << 36
_MAX_ARRAY_NESTING: Final = 8

# Smallest encodings, used to reject counts the rest of the file cannot possibly hold.
_MIN_KV_BYTES: Final = 8 + 4 + 1  # key length, value type, a one-byte value
_MIN_TENSOR_INFO_BYTES: Final = 8 + 4 + 4 + 8  # name length, n_dims, type, offset

_FLOAT32: Final = 6
_BOOL: Final = 7
_STRING: Final = 8
_ARRAY: Final = 9
_FLOAT64: Final = 12
_SCALAR_FORMATS: Final[dict[int, str]] = {
    0: "B",  # uint8
    1: "b",  # int8
    2: "H",  # uint16
    3: "h",  # int16
    4: "I",  # uint32
    5: "i",  # int32
    6: "f",  # float32
    7: "?",  # bool
    10: "Q",  # uint64
    11: "q",  # int64
    12: "d",  # float64
}

MetadataValue = bool | int | float | str


@dataclass(frozen=True)
class TensorInfo:
    """One tensor as the header describes it.

    `shape` is in ggml order: `shape[0]` is the innermost dimension (the row length), as
    llama.cpp and `gguf` report it. `offset` is the absolute position of its data in the file.
    """

    name: str
    shape: tuple[int, ...]
    type: str
    type_id: int
    offset: int
    n_bytes: int

    @property
    def n_elements(self) -> int:
        return math.prod(self.shape)


@dataclass(frozen=True)
class GgufLayout:
    """What the walk found, before it is interpreted (see `gguf_header.GgufHeader`)."""

    version: int
    file_size: int
    kv_count: int
    alignment: int
    data_offset: int
    big_endian: bool
    metadata: dict[str, MetadataValue]  # scalar and string entries
    arrays: dict[str, int]  # array entries: their element counts
    tensors: tuple[TensorInfo, ...]


def scan_gguf(path: Path, buf: mmap.mmap, size: int) -> GgufLayout:
    """Walk the header in `buf` (the file's `size` bytes); `path` only names the file in errors."""
    return _Scanner(path, buf, size).scan()


class _Scanner:
    def __init__(self, path: Path, buf: mmap.mmap, size: int) -> None:
        self.path = path
        self.buf = buf
        self.size = size
        self.pos = 0
        self.endian = "<"
        self._set_endian("<")

    def _set_endian(self, endian: str) -> None:
        self.endian = endian
        self.u32 = struct.Struct(endian + "I")
        self.u64 = struct.Struct(endian + "Q")
        self.scalars = {t: struct.Struct(endian + f) for t, f in _SCALAR_FORMATS.items()}

    # -- bounds ---------------------------------------------------------------------------

    def need(self, n_bytes: int, what: str) -> None:
        remaining = self.size - self.pos
        if n_bytes > remaining:
            raise GgufTruncatedError(
                self.path,
                f"the file ends in the middle of {what} at byte {self.pos:,} (needs {n_bytes:,} "
                f"more bytes, {remaining:,} left): the file is truncated or incomplete",
            )

    def claim(self, count: int, unit: int, limit: int, what: str) -> None:
        """Check that `count` `what` of at least `unit` bytes each fit in the rest of the file."""
        needed = count * unit
        remaining = self.size - self.pos
        if needed <= remaining:
            return
        if count > limit:
            raise GgufCorruptError(
                self.path,
                f"the header claims {count:,} {what} at byte {self.pos:,}, far more than the "
                f"{self.size:,}-byte file can hold: the file is corrupt",
            )
        raise GgufTruncatedError(
            self.path,
            f"the file ends before the {count:,} {what} (needs at least {needed:,} more bytes "
            f"at byte {self.pos:,}, only {remaining:,} left): the file is truncated or incomplete",
        )

    # -- primitives -----------------------------------------------------------------------

    def read_u32(self, what: str) -> int:
        self.need(4, what)
        (value,) = self.u32.unpack_from(self.buf, self.pos)
        self.pos += 4
        return int(value)

    def read_u64(self, what: str) -> int:
        self.need(8, what)
        (value,) = self.u64.unpack_from(self.buf, self.pos)
        self.pos += 8
        return int(value)

    def read_bytes(self, what: str) -> bytes:
        length = self.read_u64(f"the length of {what}")
        self.claim(length, 1, _MAX_STRING_BYTES, f"bytes of {what}")
        data = self.buf[self.pos : self.pos + length]
        self.pos += length
        return data

    def read_name(self, what: str) -> str:
        start = self.pos
        raw = self.read_bytes(what)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise GgufCorruptError(
                self.path, f"{what} at byte {start:,} is not valid UTF-8: the file is corrupt"
            ) from None

    def read_value(self, value_type: int, key: str) -> MetadataValue:
        scalar = self.scalars.get(value_type)
        if scalar is not None:
            self.need(scalar.size, f"the value of '{key}'")
            (value,) = scalar.unpack_from(self.buf, self.pos)
            self.pos += scalar.size
            if value_type == _FLOAT32:
                return _shortest_float32(float(value))
            if value_type == _FLOAT64:
                return float(value)
            return bool(value) if value_type == _BOOL else int(value)
        if value_type == _STRING:
            return self.read_bytes(f"the value of '{key}'").decode("utf-8", errors="replace")
        raise GgufCorruptError(
            self.path, f"metadata '{key}' has unknown value type {value_type}: the file is corrupt"
        )

    # -- arrays ---------------------------------------------------------------------------

    def skip_array(self, key: str, depth: int = 0) -> int:
        """Skip an array value (element type, count, payload); return its element count."""
        if depth > _MAX_ARRAY_NESTING:
            raise GgufCorruptError(
                self.path, f"metadata '{key}' nests arrays too deeply: the file is corrupt"
            )
        element_type = self.read_u32(f"the element type of '{key}'")
        count = self.read_u64(f"the length of '{key}'")
        what = f"elements of '{key}'"
        scalar = self.scalars.get(element_type)
        if scalar is not None:
            self.claim(count, scalar.size, _MAX_ARRAY_LENGTH, what)
            self.pos += count * scalar.size
        elif element_type == _STRING:
            self.claim(count, 8, _MAX_ARRAY_LENGTH, what)
            self.skip_strings(count, key)
        elif element_type == _ARRAY:
            self.claim(count, 12, _MAX_ARRAY_LENGTH, what)
            for _ in repeat(None, count):
                self.skip_array(key, depth + 1)
        else:
            raise GgufCorruptError(
                self.path,
                f"metadata '{key}' is an array of unknown type {element_type}: the file is corrupt",
            )
        return count

    def skip_strings(self, count: int, key: str) -> None:
        """Skip `count` length-prefixed strings: the hot loop of the scan (the vocabulary)."""
        buf, unpack, pos = self.buf, self.u64.unpack_from, self.pos
        try:
            for _ in repeat(None, count):
                pos += 8 + unpack(buf, pos)[0]
        except (struct.error, OverflowError):
            pos = -1
        if not 0 <= pos <= self.size:
            self._explain_strings(count, key)
        self.pos = pos

    def _explain_strings(self, count: int, key: str) -> None:
        """The slow, checked walk over a string array the fast loop found broken: raises."""
        for index in range(count):
            self.read_bytes(f"element {index} of '{key}'")
        raise GgufTruncatedError(self.path, f"the array '{key}' runs past the end of the file")

    # -- the header -----------------------------------------------------------------------

    def scan(self) -> GgufLayout:
        if self.buf[:4] != GGUF_MAGIC:
            raise NotGgufError(self.path, "not a GGUF file (it does not start with 'GGUF')")
        self.pos = 4
        version = self.read_u32("the GGUF version")
        if version not in SUPPORTED_VERSIONS:
            swapped = int.from_bytes(version.to_bytes(4, "little"), "big")
            if swapped not in SUPPORTED_VERSIONS:
                raise UnsupportedGgufVersionError(self.path, version)
            self._set_endian(">")
            version = swapped
        tensor_count = self.read_u64("the tensor count")
        kv_count = self.read_u64("the metadata count")
        self.claim(kv_count, _MIN_KV_BYTES, _MAX_KV_COUNT, "metadata entries")
        metadata, arrays = self.read_metadata(kv_count)
        self.claim(tensor_count, _MIN_TENSOR_INFO_BYTES, _MAX_TENSOR_COUNT, "tensor infos")
        raw_tensors = self.read_tensor_infos(tensor_count)
        alignment = self.alignment(metadata)
        data_offset = -(-self.pos // alignment) * alignment
        tensors = self.place_tensors(raw_tensors, data_offset, alignment)
        return GgufLayout(
            version=version,
            file_size=self.size,
            kv_count=kv_count,
            alignment=alignment,
            data_offset=data_offset,
            big_endian=self.endian == ">",
            metadata=metadata,
            arrays=arrays,
            tensors=tensors,
        )

    def read_metadata(self, kv_count: int) -> tuple[dict[str, MetadataValue], dict[str, int]]:
        metadata: dict[str, MetadataValue] = {}
        arrays: dict[str, int] = {}
        for index in range(kv_count):
            key = self.read_name(f"the key of metadata entry {index}")
            if key in metadata or key in arrays:
                raise GgufCorruptError(
                    self.path, f"metadata key '{key}' appears twice: the file is corrupt"
                )
            value_type = self.read_u32(f"the type of '{key}'")
            if value_type == _ARRAY:
                arrays[key] = self.skip_array(key)
            else:
                metadata[key] = self.read_value(value_type, key)
        return metadata, arrays

    def read_tensor_infos(self, count: int) -> list[tuple[str, tuple[int, ...], int, int]]:
        infos: list[tuple[str, tuple[int, ...], int, int]] = []
        for index in range(count):
            name = self.read_name(f"the name of tensor {index}")
            n_dims = self.read_u32(f"the dimension count of tensor '{name}'")
            if n_dims > MAX_DIMS:
                raise GgufCorruptError(
                    self.path,
                    f"tensor '{name}' claims {n_dims} dimensions (at most {MAX_DIMS}): "
                    "the file is corrupt",
                )
            self.need(8 * n_dims, f"the shape of tensor '{name}'")
            shape = struct.unpack_from(f"{self.endian}{n_dims}Q", self.buf, self.pos)
            self.pos += 8 * n_dims
            type_id = self.read_u32(f"the type of tensor '{name}'")
            offset = self.read_u64(f"the data offset of tensor '{name}'")
            infos.append((name, tuple(int(d) for d in shape), type_id, offset))
        return infos

    def alignment(self, metadata: Mapping[str, MetadataValue]) -> int:
        value = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
        alignment = value if isinstance(value, int) and not isinstance(value, bool) else 0
        if alignment <= 0 or alignment & (alignment - 1):
            raise GgufCorruptError(
                self.path,
                f"general.alignment is {value!r}, not a power of two: the file is corrupt",
            )
        return alignment

    def place_tensors(
        self,
        infos: list[tuple[str, tuple[int, ...], int, int]],
        data_offset: int,
        alignment: int,
    ) -> tuple[TensorInfo, ...]:
        tensors: list[TensorInfo] = []
        seen: set[str] = set()
        for name, shape, type_id, offset in infos:
            if name in seen:
                raise GgufCorruptError(
                    self.path, f"tensor '{name}' appears twice: the file is corrupt"
                )
            seen.add(name)
            ggml_type = GGML_TYPES.get(type_id)
            if ggml_type is None:
                raise UnknownTensorTypeError(self.path, name, type_id)
            if shape and shape[0] % ggml_type.block_size:
                raise GgufCorruptError(
                    self.path,
                    f"tensor '{name}' has rows of {shape[0]:,} values, not a multiple of the "
                    f"{ggml_type.name} block size {ggml_type.block_size}: the file is corrupt",
                )
            if offset % alignment:
                raise GgufCorruptError(
                    self.path,
                    f"tensor '{name}' starts at data offset {offset:,}, not a multiple of the "
                    f"alignment {alignment}: the file is corrupt",
                )
            n_bytes = ggml_type.n_bytes(math.prod(shape))
            start = data_offset + offset
            if start + n_bytes > self.size:
                raise GgufTensorDataError(
                    self.path,
                    f"tensor '{name}' needs bytes up to {start + n_bytes:,} but the file is only "
                    f"{self.size:,} bytes: the file is truncated or incomplete",
                )
            tensors.append(TensorInfo(name, shape, ggml_type.name, type_id, start, n_bytes))
        return tuple(tensors)


def _shortest_float32(value: float) -> float:
    """The shortest decimal that is the same float32 (1e-05, not 9.999999747378752e-06)."""
    if not math.isfinite(value):
        return value
    exact = struct.pack("<f", value)
    for digits in range(6, 10):
        candidate = float(f"{value:.{digits}g}")
        if struct.pack("<f", candidate) == exact:
            return candidate
    return value
