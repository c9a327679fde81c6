"""LoRA adapter files: inspect_adapter and check_compatible on small synthetic GGUF files.

Adapters are written by the test fixture `make_lora` (llama.cpp's adapter format via the `gguf`
package); base models are tiny GGUF files with the tensors an adapter refers to.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import gguf
import numpy as np
import pytest

from app.library.adapters import (
    AdapterError,
    AdapterMismatchError,
    NotAnAdapterError,
    check_compatible,
    inspect_adapter,
)
from app.library.gguf_header import read_gguf_header
from tests.fixtures.make_lora import write_lora_tensors

# ggml shapes [n_in, n_out]: a model with n_embd 16, 2 KV heads of 4 (n_out 8 for attn_v).
BASE_SHAPES = {
    "token_embd.weight": (16, 40),
    "blk.0.attn_q.weight": (16, 16),
    "blk.0.attn_v.weight": (16, 8),
    "blk.1.attn_q.weight": (16, 16),
    "blk.1.attn_v.weight": (16, 8),
}
ADAPTED = {k: v for k, v in BASE_SHAPES.items() if k.startswith("blk.")}


def write_base(path: Path, *, arch: str = "llama", shapes: Mapping[str, tuple[int, int]]) -> Path:
    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_name("Tiny Base")
    for name, (n_in, n_out) in shapes.items():
        writer.add_tensor(name, np.zeros((n_out, n_in), dtype=np.float32))  # numpy order
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def write_raw_adapter(
    path: Path, tensors: Mapping[str, tuple[int, ...]], *, adapter_type: str = "lora"
) -> Path:
    """An adapter with exactly these tensors (ggml shapes), for malformed cases."""
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, adapter_type)
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, 4.0)
    for name, shape in tensors.items():
        writer.add_tensor(name, np.zeros(tuple(reversed(shape)), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return write_base(tmp_path / "tiny-base.gguf", shapes=BASE_SHAPES)


def test_inspect_adapter_reports_architecture_rank_alpha_tensors_and_size(tmp_path: Path) -> None:
    path = write_lora_tensors(
        tmp_path / "a.gguf", architecture="llama", shapes=ADAPTED, rank=3, alpha=6.0
    )
    info = inspect_adapter(path)
    assert info.architecture == "llama"
    assert info.rank == 3
    assert info.alpha == 6.0
    assert info.base_tensors == tuple(ADAPTED)
    assert info.file_size == path.stat().st_size
    assert info.name == "Test LoRA"
    assert info.header.kind == "adapter"


def test_inspect_adapter_refuses_a_model(base: Path) -> None:
    with pytest.raises(NotAnAdapterError, match=r"'tiny-base\.gguf' is not a LoRA adapter"):
        inspect_adapter(base)


def test_inspect_adapter_refuses_another_adapter_type(tmp_path: Path) -> None:
    path = write_raw_adapter(
        tmp_path / "cv.gguf",
        {"blk.0.attn_q.weight.lora_a": (16, 2), "blk.0.attn_q.weight.lora_b": (2, 16)},
        adapter_type="control_vector",
    )
    with pytest.raises(NotAnAdapterError, match="control_vector"):
        inspect_adapter(path)


def test_inspect_adapter_refuses_an_unpaired_tensor(tmp_path: Path) -> None:
    path = write_raw_adapter(
        tmp_path / "half.gguf",
        {"blk.0.attn_q.weight.lora_a": (16, 2), "blk.0.attn_v.weight.lora_b": (2, 8)},
    )
    with pytest.raises(AdapterError, match=r"blk\.0\.attn_q\.weight\.lora_b"):
        inspect_adapter(path)


def test_inspect_adapter_refuses_a_tensor_that_is_not_a_lora_factor(tmp_path: Path) -> None:
    path = write_raw_adapter(tmp_path / "odd.gguf", {"blk.0.attn_q.weight": (16, 16)})
    with pytest.raises(AdapterError, match="neither a LoRA A nor a LoRA B"):
        inspect_adapter(path)


def test_a_fitting_adapter_is_compatible(tmp_path: Path, base: Path) -> None:
    adapter = write_lora_tensors(tmp_path / "a.gguf", architecture="llama", shapes=ADAPTED)
    check_compatible(read_gguf_header(adapter), read_gguf_header(base))


def test_an_architecture_mismatch_names_both_architectures(tmp_path: Path, base: Path) -> None:
    adapter = write_lora_tensors(tmp_path / "qw.gguf", architecture="qwen2", shapes=ADAPTED)
    with pytest.raises(AdapterMismatchError) as caught:
        check_compatible(read_gguf_header(adapter), read_gguf_header(base))
    message = str(caught.value)
    assert "'qw.gguf'" in message and "Tiny Base" in message
    assert "'qwen2'" in message and "'llama'" in message
    assert caught.value.tensor is None


def test_a_tensor_missing_in_the_base_is_named(tmp_path: Path, base: Path) -> None:
    shapes = {**ADAPTED, "blk.2.attn_q.weight": (16, 16)}
    adapter = write_lora_tensors(tmp_path / "deep.gguf", architecture="llama", shapes=shapes)
    with pytest.raises(AdapterMismatchError, match=r"'blk\.2\.attn_q\.weight', which the model"):
        check_compatible(read_gguf_header(adapter), read_gguf_header(base))


@pytest.mark.parametrize(
    ("a_shape", "b_shape"),
    [
        ((24, 4), (4, 8)),  # made for a wider model (n_in)
        ((16, 4), (4, 16)),  # made for more KV heads (n_out)
        ((16, 4), (2, 8)),  # A and B disagree on the rank
        ((4, 16), (8, 4)),  # A and B in PyTorch order, not transposed for ggml
    ],
)
def test_a_shape_that_does_not_fit_names_the_tensor_and_shapes(
    tmp_path: Path, base: Path, a_shape: tuple[int, int], b_shape: tuple[int, int]
) -> None:
    tensors = {
        "blk.0.attn_q.weight.lora_a": (16, 4),
        "blk.0.attn_q.weight.lora_b": (4, 16),
        "blk.0.attn_v.weight.lora_a": a_shape,
        "blk.0.attn_v.weight.lora_b": b_shape,
    }
    adapter = write_raw_adapter(tmp_path / "bad.gguf", tensors)
    with pytest.raises(AdapterMismatchError) as caught:
        check_compatible(read_gguf_header(adapter), read_gguf_header(base))
    assert caught.value.tensor == "blk.0.attn_v.weight"
    message = str(caught.value)
    assert "[16, 8] in the model" in message
    assert f"lora_a is [{a_shape[0]}, {a_shape[1]}]" in message


def test_token_embd_uses_llama_cpps_flipped_convention(tmp_path: Path, base: Path) -> None:
    base_header = read_gguf_header(base)
    flipped = write_raw_adapter(
        tmp_path / "embd.gguf",
        {"token_embd.weight.lora_a": (4, 40), "token_embd.weight.lora_b": (4, 16)},
    )
    check_compatible(read_gguf_header(flipped), base_header)
    plain = write_raw_adapter(
        tmp_path / "embd-plain.gguf",
        {"token_embd.weight.lora_a": (16, 4), "token_embd.weight.lora_b": (4, 40)},
    )
    with pytest.raises(AdapterMismatchError, match="token_embd"):
        check_compatible(read_gguf_header(plain), base_header)


def test_the_base_must_be_a_model(tmp_path: Path) -> None:
    adapter = write_lora_tensors(tmp_path / "a.gguf", architecture="llama", shapes=ADAPTED)
    other = write_lora_tensors(tmp_path / "b.gguf", architecture="llama", shapes=ADAPTED)
    with pytest.raises(AdapterMismatchError, match="not a model file"):
        check_compatible(read_gguf_header(adapter), read_gguf_header(other))


def test_check_compatible_refuses_a_model_given_as_the_adapter(base: Path) -> None:
    with pytest.raises(NotAnAdapterError):
        check_compatible(read_gguf_header(base), read_gguf_header(base))
