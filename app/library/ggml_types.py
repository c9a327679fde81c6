"""The ggml tensor types and llama.cpp file types that a GGUF header refers to by number.

Numbers and sizes come from ggml (`ggml.h`, `ggml_type_traits`) and llama.cpp (`llama_ftype`).
Retired numbers (Q4_2, Q4_3, the Q4_0_x_y repacks) are deliberately absent: a file using one
cannot be loaded by a current llama.cpp, so the header scan reports it as an unknown type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

QK_K: Final = 256  # super-block size of the K-quants and most IQ types


@dataclass(frozen=True)
class GgmlType:
    """A tensor element type: `block_size` elements are stored in `type_size` bytes."""

    id: int
    name: str
    block_size: int
    type_size: int

    def n_bytes(self, n_elements: int) -> int:
        """Bytes taken by `n_elements` values (a whole number of blocks)."""
        return n_elements // self.block_size * self.type_size


def _t(id_: int, name: str, block_size: int, type_size: int) -> GgmlType:
    return GgmlType(id_, name, block_size, type_size)


GGML_TYPES: Final[dict[int, GgmlType]] = {
    t.id: t
    for t in (
        _t(0, "F32", 1, 4),
        _t(1, "F16", 1, 2),
        _t(2, "Q4_0", 32, 2 + 16),
        _t(3, "Q4_1", 32, 2 + 2 + 16),
        _t(6, "Q5_0", 32, 2 + 4 + 16),
        _t(7, "Q5_1", 32, 2 + 2 + 4 + 16),
        _t(8, "Q8_0", 32, 2 + 32),
        _t(9, "Q8_1", 32, 4 + 4 + 32),
        _t(10, "Q2_K", QK_K, 2 + 2 + QK_K // 16 + QK_K // 4),
        _t(11, "Q3_K", QK_K, 2 + QK_K // 4 + QK_K // 8 + 12),
        _t(12, "Q4_K", QK_K, 2 + 2 + QK_K // 2 + 12),
        _t(13, "Q5_K", QK_K, 2 + 2 + QK_K // 2 + QK_K // 8 + 12),
        _t(14, "Q6_K", QK_K, 2 + QK_K // 2 + QK_K // 4 + QK_K // 16),
        _t(15, "Q8_K", QK_K, 4 + QK_K + QK_K // 8),
        _t(16, "IQ2_XXS", QK_K, 2 + QK_K // 4),
        _t(17, "IQ2_XS", QK_K, 2 + QK_K // 4 + QK_K // 32),
        _t(18, "IQ3_XXS", QK_K, 2 + QK_K // 4 + QK_K // 8),
        _t(19, "IQ1_S", QK_K, 2 + QK_K // 8 + QK_K // 16),
        _t(20, "IQ4_NL", 32, 2 + 16),
        _t(21, "IQ3_S", QK_K, 2 + QK_K // 4 + QK_K // 8 + QK_K // 32 + 4),
        _t(22, "IQ2_S", QK_K, 2 + QK_K // 4 + QK_K // 16),
        _t(23, "IQ4_XS", QK_K, 2 + 2 + QK_K // 2 + QK_K // 64),
        _t(24, "I8", 1, 1),
        _t(25, "I16", 1, 2),
        _t(26, "I32", 1, 4),
        _t(27, "I64", 1, 8),
        _t(28, "F64", 1, 8),
        _t(29, "IQ1_M", QK_K, QK_K // 8 + QK_K // 16 + QK_K // 32),
        _t(30, "BF16", 1, 2),
        _t(34, "TQ1_0", QK_K, 2 + 4 * 13),
        _t(35, "TQ2_0", QK_K, 2 + 64),
        _t(39, "MXFP4", 32, 1 + 16),
    )
}

# llama_ftype (`general.file_type`) -> the name people know from file names ("Q4_K_M").
FILE_TYPE_NAMES: Final[dict[int, str]] = {
    0: "F32",
    1: "F16",
    2: "Q4_0",
    3: "Q4_1",
    4: "Q4_1_SOME_F16",
    7: "Q8_0",
    8: "Q5_0",
    9: "Q5_1",
    10: "Q2_K",
    11: "Q3_K_S",
    12: "Q3_K_M",
    13: "Q3_K_L",
    14: "Q4_K_S",
    15: "Q4_K_M",
    16: "Q5_K_S",
    17: "Q5_K_M",
    18: "Q6_K",
    19: "IQ2_XXS",
    20: "IQ2_XS",
    21: "Q2_K_S",
    22: "IQ3_XS",
    23: "IQ3_XXS",
    24: "IQ1_S",
    25: "IQ4_NL",
    26: "IQ3_S",
    27: "IQ3_M",
    28: "IQ2_S",
    29: "IQ2_M",
    30: "IQ4_XS",
    31: "IQ1_M",
    32: "BF16",
    36: "TQ1_0",
    37: "TQ2_0",
    38: "MXFP4_MOE",
}

FILE_TYPE_GUESSED: Final = 1024  # llama.cpp ORs this in when it guessed the file type


def file_type_name(file_type: int) -> str | None:
    """The name of a `general.file_type` value, or None when it is not one llama.cpp defines."""
    return FILE_TYPE_NAMES.get(file_type & ~FILE_TYPE_GUESSED)
