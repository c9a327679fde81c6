"""Read a safetensors file with numpy alone (the installed app bundles no torch or safetensors).

The format: an 8-byte little-endian header length N, N bytes of a JSON object mapping each
tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the end of
the header; an optional "__metadata__" of strings), then the raw little-endian tensor bytes.
Adapters come from strangers, so every number in the header is checked against the file before
a byte of tensor data is read: a lying header gets a clear error, never a huge allocation or a
read past the end.
"""

from __future__ import annotations

import itertools
import json
import math
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from app.training.errors import TrainingError

# An adapter's header lists a few hundred tensors: 100 MB of JSON is far beyond any real file,
# and refusing larger ones keeps a hostile length from allocating gigabytes.
MAX_HEADER_BYTES: Final = 100 * 1024 * 1024
_ITEM_SIZES: Final = {"F32": 4, "F16": 2, "BF16": 2}


class SafetensorsError(TrainingError):
    """The file is not a safetensors file Hearth can read; the message says why."""


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: str  # F32, F16 or BF16
    shape: tuple[int, ...]
    begin: int  # absolute file offsets
    end: int


class SafetensorsFile:
    """The validated header of one file; `read(name)` returns a tensor as float32."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.metadata: dict[str, str] = {}
        self.entries: dict[str, TensorEntry] = {}
        self._parse()

    def _fail(self, problem: str) -> SafetensorsError:
        return SafetensorsError(f"{self.path.name} is not a valid safetensors file: {problem}")

    def _parse(self) -> None:
        try:
            size = self.path.stat().st_size
            with self.path.open("rb") as handle:
                head = handle.read(8)
                if len(head) < 8:
                    raise self._fail(f"it is only {size} bytes long")
                (length,) = struct.unpack("<Q", head)
                if length > MAX_HEADER_BYTES:
                    raise self._fail(
                        f"its header claims {length:,} bytes (at most {MAX_HEADER_BYTES:,} "
                        "are accepted)"
                    )
                if 8 + length > size:
                    raise self._fail(
                        f"its header claims {length:,} bytes but the file has only "
                        f"{size - 8:,} after the length"
                    )
                raw = handle.read(length)
        except OSError as exc:
            raise SafetensorsError(f"cannot read {self.path}: {exc.strerror or exc}") from exc
        try:
            header = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise self._fail(f"its header is not JSON ({exc})") from None
        if not isinstance(header, dict):
            raise self._fail("its header is not a JSON object")
        data_start, data_size = 8 + length, size - 8 - length
        for name, spec in header.items():
            if name == "__metadata__":
                self.metadata = _metadata(spec, self._fail)
                continue
            self.entries[name] = self._entry(name, spec, data_start, data_size)
        spans = sorted((e.begin, e.end, e.name) for e in self.entries.values())
        for (_, end, first), (begin, _, second) in itertools.pairwise(spans):
            if begin < end:
                raise self._fail(f"tensors '{first}' and '{second}' overlap")

    def _entry(self, name: str, spec: Any, data_start: int, data_size: int) -> TensorEntry:
        if not isinstance(spec, dict):
            raise self._fail(f"the entry of '{name}' is not an object")
        dtype, shape, offsets = spec.get("dtype"), spec.get("shape"), spec.get("data_offsets")
        if not isinstance(dtype, str):
            raise self._fail(f"tensor '{name}' has no dtype")
        if dtype not in _ITEM_SIZES:
            raise self._fail(f"tensor '{name}' is {dtype}; Hearth reads F32, F16 and BF16 adapters")
        if not isinstance(shape, list) or not all(_count(d) for d in shape):
            raise self._fail(f"tensor '{name}' has an invalid shape {shape!r}")
        if (
            not isinstance(offsets, list)
            or len(offsets) != 2
            or not all(_count(o) for o in offsets)
            or offsets[0] > offsets[1]
        ):
            raise self._fail(f"tensor '{name}' has invalid data offsets {offsets!r}")
        begin, end = offsets
        if end > data_size:
            raise self._fail(
                f"tensor '{name}' ends at byte {end:,} of the data, past its end ({data_size:,} "
                "bytes): the file is truncated or its header lies"
            )
        expected = math.prod(shape) * _ITEM_SIZES[dtype]
        if end - begin != expected:
            raise self._fail(
                f"tensor '{name}' of shape {shape} in {dtype} needs {expected:,} bytes but its "
                f"offsets span {end - begin:,}"
            )
        return TensorEntry(name, dtype, tuple(shape), data_start + begin, data_start + end)

    def read(self, name: str) -> npt.NDArray[np.float32]:
        entry = self.entries[name]
        kind = {"F32": "<f4", "F16": "<f2", "BF16": "<u2"}[entry.dtype]
        count = math.prod(entry.shape)
        try:
            values = np.fromfile(self.path, dtype=np.dtype(kind), count=count, offset=entry.begin)
        except OSError as exc:
            raise SafetensorsError(f"cannot read {self.path}: {exc.strerror or exc}") from exc
        if values.size != count:
            raise self._fail(f"tensor '{name}' is cut short")
        if entry.dtype == "BF16":  # the upper half of a float32
            values = (values.astype(np.uint32) << 16).view(np.float32)
        array = values.astype(np.float32).reshape(entry.shape)
        if not np.all(np.isfinite(array)):
            raise self._fail(f"tensor '{name}' holds values that are not finite numbers")
        return array


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**62


def _metadata(spec: Any, fail: Any) -> dict[str, str]:
    if not isinstance(spec, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in spec.items()
    ):
        raise fail("its __metadata__ is not a map of strings")
    return dict(spec)
