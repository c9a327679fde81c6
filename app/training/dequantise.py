"""Write an F32 copy of a GGUF model (every tensor dequantised, metadata kept).

Used to check an exported adapter exactly: llama.cpp on the F32 copy and transformers on the
same weights compute nearly the same logits, whereas on a quantised base llama.cpp also rounds
the activations (Q8_1 for Q4 weights), noise larger than a freshly trained adapter's effect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import gguf
import numpy as np

_SKIPPED_KEYS: Final = ("GGUF.", "general.alignment")
_FTYPE_ALL_F32: Final = 0


def write_f32_copy(source: Path, target: Path) -> Path:
    reader = gguf.GGUFReader(str(source))
    arch_field = reader.fields.get("general.architecture")
    architecture = str(arch_field.contents()) if arch_field is not None else "llama"
    partial = Path(target).with_name(Path(target).name + ".partial")
    writer = gguf.GGUFWriter(str(partial), architecture)
    for key, field in reader.fields.items():
        if key.startswith(_SKIPPED_KEYS) or key == "general.architecture":
            continue
        if key == "general.file_type":
            writer.add_uint32(key, _FTYPE_ALL_F32)
            continue
        vtype = field.types[0]
        sub_type = field.types[-1] if vtype == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(key, field.contents(), vtype, sub_type)
    for tensor in reader.tensors:
        values = gguf.quants.dequantize(tensor.data, tensor.tensor_type).astype(np.float32)
        # numpy order is ggml's reversed: the GGUF shape [n_in, n_out] is numpy (n_out, n_in).
        writer.add_tensor(
            tensor.name, values.reshape(tuple(int(d) for d in reversed(tensor.shape)))
        )
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    partial.replace(target)
    return Path(target)
