"""Hostile GGUF model and adapter files: a clear GgufError/LibraryError naming the file, or a
valid header; never another exception, a hang or a huge allocation."""

from __future__ import annotations

import json
import struct
import tempfile
from pathlib import Path

import gguf
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.config import Paths
from app.library.adapter_library import AdapterLibrary
from app.library.gguf_errors import GgufError
from app.library.gguf_header import GgufHeader, read_gguf_header
from app.library.model_library import LibraryError
from tests.fixtures.make_lora import write_lora_tensors

from .fuzz_support import Tally, bounded_memory, expect_only, fuzz_settings, mutated

SCRATCH = Path(tempfile.mkdtemp(prefix="hearth-fuzz-gguf-"))


def _model_seed() -> bytes:
    """A small model with every metadata value type, arrays included."""
    path = SCRATCH / "seed-model.gguf"
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("Seed")
    writer.add_context_length(2048)
    writer.add_uint8("t.u8", 7)
    writer.add_int16("t.i16", -3)
    writer.add_uint64("t.u64", 2**40)
    writer.add_float64("t.f64", 1.5)
    writer.add_bool("t.bool", True)
    writer.add_string(
        "tokenizer.chat_template", "{% for m in messages %}{{ m.content }}{% endfor %}"
    )
    writer.add_array("tokenizer.ggml.tokens", ["a", "b", "<s>", "ü"])
    writer.add_array("t.scores", [0.5, -1.0, 2.0])
    writer.add_file_type(2)
    writer.add_tensor("token_embd.weight", np.ones((8, 32), dtype=np.float32))
    writer.add_tensor("blk.0.attn_q.weight", np.ones((32, 32), dtype=np.float16))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path.read_bytes()


def _adapter_seed() -> bytes:
    path = write_lora_tensors(
        SCRATCH / "seed-lora.gguf",
        architecture="llama",
        shapes={"blk.0.attn_q.weight": (32, 32), "blk.1.attn_v.weight": (32, 16)},
        rank=2,
    )
    return path.read_bytes()


MODEL_SEED = _model_seed()
ADAPTER_SEED = _adapter_seed()


@st.composite
def forged_headers(draw: st.DrawFn) -> bytes:
    """A header built field by field with absurd counts, lengths and types."""
    magic = draw(st.sampled_from([b"GGUF", b"GGUF", b"FUGG", b"GGML", b"\x00\x00\x00\x00"]))
    version = draw(st.sampled_from([0, 1, 2, 3, 3, 4, 2**31, 2**32 - 1]))
    big = st.sampled_from([0, 1, 3, 2**20, 2**24 + 1, 2**32, 2**63, 2**64 - 1])
    out = bytearray(magic + struct.pack("<I", version))
    out += struct.pack("<QQ", draw(big), draw(big))
    for _ in range(draw(st.integers(0, 4))):
        key = draw(st.binary(max_size=24))
        out += struct.pack("<Q", draw(st.sampled_from([len(key), len(key), 2**62, 0]))) + key
        value_type = draw(st.sampled_from([*range(14), 99, 2**32 - 1]))
        out += struct.pack("<I", value_type)
        if value_type == 9:  # array: element type and a count, often absurd
            out += struct.pack("<IQ", draw(st.sampled_from([0, 8, 9, 12, 77])), draw(big))
        out += draw(st.binary(max_size=32))
    for _ in range(draw(st.integers(0, 3))):  # tensor infos
        name = draw(st.binary(max_size=16))
        out += struct.pack("<Q", len(name)) + name
        dims = draw(st.sampled_from([0, 1, 2, 4, 5, 2**32 - 1]))
        out += struct.pack("<I", dims)
        for _ in range(min(dims, 5)):
            out += struct.pack("<Q", draw(big))
        out += struct.pack("<IQ", draw(st.sampled_from([0, 1, 2, 8, 40, 1000])), draw(big))
    out += draw(st.binary(max_size=128))
    return bytes(out)


def _write(data: bytes) -> Path:
    with tempfile.NamedTemporaryFile(dir=SCRATCH, suffix=".gguf", delete=False) as handle:
        handle.write(data)
    return Path(handle.name)


def _check_header_outcome(path: Path, tally: Tally) -> GgufHeader | None:
    with bounded_memory(str(path)):
        outcome = expect_only(lambda: read_gguf_header(path), (GgufError,))
    if isinstance(outcome, GgufError):
        assert str(outcome).startswith(str(path)), str(outcome)
        assert outcome.problem.strip()
        tally.note(type(outcome).__name__)
        return None
    # A header that parsed must also describe itself (NaN, huge ints, odd strings).
    json.dumps(outcome.describe())
    tally.note("accepted")
    return outcome


GGUF_TALLY = Tally("gguf header")
ADAPTER_TALLY = Tally("adapter file")


@pytest.fixture(scope="module", autouse=True)
def _report() -> object:
    yield
    GGUF_TALLY.report()
    ADAPTER_TALLY.report()


@fuzz_settings(scale=2.0)
@given(st.one_of(forged_headers(), mutated(MODEL_SEED), mutated(MODEL_SEED, protect=8)))
def test_hostile_gguf_headers_get_a_clear_error(data: bytes) -> None:
    path = _write(data)
    try:
        _check_header_outcome(path, GGUF_TALLY)
    finally:
        path.unlink()


@fuzz_settings()
@given(st.one_of(mutated(ADAPTER_SEED, protect=8), mutated(ADAPTER_SEED), forged_headers()))
def test_hostile_adapter_files_get_a_clear_error(data: bytes) -> None:
    path = _write(data)
    library = AdapterLibrary(_NoStore(), Paths.resolve(SCRATCH / "home"))
    base = read_gguf_header(_write(MODEL_SEED))
    try:
        with bounded_memory(str(path)):
            outcome = expect_only(lambda: library.inspect(path), (LibraryError,))
        if isinstance(outcome, LibraryError):
            assert path.name in str(outcome), str(outcome)
            ADAPTER_TALLY.note("refused")
            return
        verdict = library.compatibility_with_header(outcome, base)
        assert verdict is None or verdict.strip()
        ADAPTER_TALLY.note("accepted, fits" if verdict is None else "accepted, does not fit")
    finally:
        path.unlink()
        base.path.unlink()


class _NoStore:
    """Inspecting touches no storage; any call here would be a bug in the test's premise."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"inspect must not use the store ({name})")
