"""The GGUF header scanner, on the real starter model and on synthetic files.

Synthetic files are written with the `gguf` package (llama.cpp's own writer) and cross-checked
with its reader, so the scanner is tested against an independent implementation.
"""

from __future__ import annotations

import json
import random
import re
import struct
import time
from collections.abc import Sequence
from pathlib import Path

import gguf
import numpy as np
import pytest

from app.library import (
    GgufCorruptError,
    GgufError,
    GgufTensorDataError,
    GgufTruncatedError,
    NotGgufError,
    UnknownTensorTypeError,
    UnsupportedGgufVersionError,
    read_gguf_header,
)

TEMPLATE = "{% for m in messages %}<|{{ m.role }}|>{{ m.content }}{% endfor %}"
TINY_TOKENS = ["<unk>", "<s>", "</s>", "hello", "world", "héllo"]


def write_tiny_model(
    path: Path,
    *,
    arch: str = "llama",
    tokens: Sequence[str] = TINY_TOKENS,
    file_type: int | None = None,
    chat_template: str | None = TEMPLATE,
    general_type: str | None = None,
    endianess: gguf.GGUFEndian = gguf.GGUFEndian.LITTLE,
    alignment: int | None = None,
    extra_tensors: bool = False,
) -> Path:
    """A tiny, valid GGUF model: a few KV pairs, a token list, three small tensors."""
    writer = gguf.GGUFWriter(str(path), arch, endianess=endianess)
    writer.add_name("Tiny Test Model")
    writer.add_context_length(256)
    writer.add_license("mit")
    writer.add_uint32("tiny.answer", 42)
    writer.add_float32("tiny.epsilon", 1e-5)
    writer.add_bool("tiny.flag", True)
    writer.add_int64("tiny.negative", -7)
    if general_type is not None:
        writer.add_type(general_type)
    if alignment is not None:
        writer.add_custom_alignment(alignment)
    if file_type is not None:
        writer.add_file_type(file_type)
    if chat_template is not None:
        writer.add_chat_template(chat_template)
    if tokens:
        writer.add_token_list(list(tokens))
        writer.add_token_types([1] * len(tokens))
    writer.add_tensor("token_embd.weight", np.arange(32 * 8, dtype=np.float32).reshape(8, 32))
    writer.add_tensor("blk.0.attn_norm.weight", np.ones(32, dtype=np.float32))
    writer.add_tensor("blk.0.attn_q.weight", np.zeros((32, 32), dtype=np.float16))
    if extra_tensors:
        q8_row_bytes = 34 * (64 // 32)  # Q8_0: 34 bytes per block of 32
        writer.add_tensor(
            "blk.0.ffn_up.weight",
            np.zeros((4, q8_row_bytes), dtype=np.uint8),
            raw_dtype=gguf.GGMLQuantizationType.Q8_0,
        )
        q4k_row_bytes = 144  # Q4_K: 144 bytes per block of 256
        writer.add_tensor(
            "blk.0.ffn_down.weight",
            np.zeros((2, q4k_row_bytes), dtype=np.uint8),
            raw_dtype=gguf.GGMLQuantizationType.Q4_K,
        )
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write_tiny_model(tmp_path / "tiny.gguf")


def _patch(path: Path, offset: int, data: bytes) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(data)


def _string_length_offset(path: Path, text: bytes) -> int:
    """Where the u64 length prefix of the first string `text` in the file is."""
    raw = path.read_bytes()
    at = raw.index(struct.pack("<Q", len(text)) + text)
    return at


# -- the real starter model ---------------------------------------------------------------------


def test_starter_model_header(starter_model: Path) -> None:
    header = read_gguf_header(starter_model)
    assert header.version == 3
    assert header.architecture == "llama"
    assert header.context_length == 8192
    assert header.has_chat_template
    assert header.chat_template is not None and "messages" in header.chat_template
    assert header.quantization == "Q4_1"
    assert header.parameter_count == 134_515_008
    assert header.vocab_size == 49152
    assert header.tensor_count == len(header.tensors) == 272
    assert header.kv_count == 33
    assert header.license == "apache-2.0"
    assert header.file_size == 98_362_432
    assert header.data_offset == 1_785_664
    assert header.kind == "model"
    assert header.array_lengths["tokenizer.ggml.merges"] == 48900
    embed = header.find_tensor("token_embd.weight")
    assert embed is not None
    assert embed.shape == (576, 49152)
    assert embed.type == "Q8_0"
    assert embed.offset == header.data_offset
    assert header.metadata["llama.attention.layer_norm_rms_epsilon"] == 1e-05
    # The last tensor ends exactly at the end of the file.
    assert max(t.offset + t.n_bytes for t in header.tensors) == header.file_size


def test_starter_model_describe_is_json_without_tensors_or_template(starter_model: Path) -> None:
    header = read_gguf_header(starter_model)
    described = header.describe()
    text = json.dumps(described, allow_nan=False)
    assert "tensors" not in described
    assert header.chat_template is not None and header.chat_template not in text
    assert "tokenizer.chat_template" not in described["metadata"]
    assert described["chat_template_chars"] == len(header.chat_template)
    assert described["parameter_count"] == 134_515_008
    assert described["quantization"] == "Q4_1"


# -- synthetic: valid files ---------------------------------------------------------------------


def test_tiny_model_matches_the_gguf_reader(tiny: Path) -> None:
    header = read_gguf_header(tiny)
    reader = gguf.GGUFReader(tiny)
    assert header.data_offset == reader.data_offset
    assert [t.name for t in header.tensors] == [t.name for t in reader.tensors]
    for mine, theirs in zip(header.tensors, reader.tensors, strict=True):
        assert mine.shape == tuple(int(d) for d in theirs.shape)
        assert mine.type == theirs.tensor_type.name
        assert mine.offset == theirs.data_offset
        assert mine.n_bytes == theirs.n_bytes
    assert header.tensor_count == 3
    assert header.kv_count == len(reader.fields) - 3  # the reader adds GGUF.* pseudo-fields


def test_tiny_model_fields(tiny: Path) -> None:
    header = read_gguf_header(tiny)
    assert header.architecture == "llama"
    assert header.name == "Tiny Test Model"
    assert header.context_length == 256
    assert header.license == "mit"
    assert header.chat_template == TEMPLATE
    assert header.has_chat_template
    assert header.vocab_size == len(TINY_TOKENS)
    assert header.array_lengths == {
        "tokenizer.ggml.tokens": len(TINY_TOKENS),
        "tokenizer.ggml.token_type": len(TINY_TOKENS),
    }
    assert header.parameter_count == 32 * 8 + 32 + 32 * 32
    # No general.file_type: the type holding most weights (F16: 1024 of 1312).
    assert header.quantization == "F16"
    assert header.metadata["tiny.answer"] == 42
    assert header.metadata["tiny.epsilon"] == 1e-5
    assert header.metadata["tiny.flag"] is True
    assert header.metadata["tiny.negative"] == -7
    assert "tokenizer.ggml.tokens" not in header.metadata
    assert header.find_tensor("token_embd.weight") is not None
    assert header.find_tensor("token_embd.weight").shape == (32, 8)  # type: ignore[union-attr]
    assert header.find_tensor("missing") is None
    assert header.alignment == 32
    assert not header.big_endian


def test_name_defaults_to_the_file_stem_and_optional_fields_are_none(tmp_path: Path) -> None:
    path = tmp_path / "no-frills.gguf"
    writer = gguf.GGUFWriter(str(path), "qwen2")
    writer.add_tensor("output.weight", np.ones((2, 32), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    header = read_gguf_header(path)
    assert header.name == "no-frills"
    assert header.architecture == "qwen2"
    assert header.context_length is None
    assert header.chat_template is None and not header.has_chat_template
    assert header.license is None
    assert header.vocab_size is None
    assert header.quantization == "F32"


@pytest.mark.parametrize(
    ("file_type", "expected"),
    [(15, "Q4_K_M"), (3, "Q4_1"), (1, "F16"), (0, "F32"), (32, "BF16"), (1024 | 18, "Q6_K")],
)
def test_quantization_comes_from_general_file_type(
    tmp_path: Path, file_type: int, expected: str
) -> None:
    header = read_gguf_header(write_tiny_model(tmp_path / "m.gguf", file_type=file_type))
    assert header.quantization == expected


def test_quantized_tensor_shapes_and_sizes(tmp_path: Path) -> None:
    path = write_tiny_model(tmp_path / "q.gguf", extra_tensors=True)
    header = read_gguf_header(path)
    up = header.find_tensor("blk.0.ffn_up.weight")
    down = header.find_tensor("blk.0.ffn_down.weight")
    assert up is not None and down is not None
    assert (up.type, up.shape, up.n_bytes) == ("Q8_0", (64, 4), 4 * 68)
    assert (down.type, down.shape, down.n_bytes) == ("Q4_K", (256, 2), 2 * 144)
    reader = gguf.GGUFReader(path)
    assert {t.name: t.n_bytes for t in header.tensors} == {
        t.name: int(t.n_bytes) for t in reader.tensors
    }


def test_custom_alignment(tmp_path: Path) -> None:
    path = write_tiny_model(tmp_path / "a.gguf", alignment=64)
    header = read_gguf_header(path)
    assert header.alignment == 64
    assert header.data_offset % 64 == 0
    assert header.data_offset == gguf.GGUFReader(path).data_offset


def test_big_endian_file(tmp_path: Path) -> None:
    little = read_gguf_header(write_tiny_model(tmp_path / "le.gguf"))
    big = read_gguf_header(write_tiny_model(tmp_path / "be.gguf", endianess=gguf.GGUFEndian.BIG))
    assert big.big_endian
    assert big.metadata == little.metadata
    assert big.vocab_size == little.vocab_size
    assert [(t.name, t.shape, t.type) for t in big.tensors] == [
        (t.name, t.shape, t.type) for t in little.tensors
    ]


def test_version_2_is_supported(tiny: Path) -> None:
    _patch(tiny, 4, struct.pack("<I", 2))
    assert read_gguf_header(tiny).version == 2


def test_adapter_kind(tmp_path: Path) -> None:
    header = read_gguf_header(write_tiny_model(tmp_path / "lora.gguf", general_type="adapter"))
    assert header.kind == "adapter"


# -- synthetic: broken files --------------------------------------------------------------------


def test_empty_file_is_not_gguf(tmp_path: Path) -> None:
    path = tmp_path / "empty.gguf"
    path.write_bytes(b"")
    with pytest.raises(NotGgufError, match="empty") as info:
        read_gguf_header(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("content", [b"GGML" + b"\0" * 60, b"PK\x03\x04", b"G", b"{}\n"])
def test_bad_magic(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.gguf"
    path.write_bytes(content)
    with pytest.raises(NotGgufError, match="not a GGUF file") as info:
        read_gguf_header(path)
    assert str(path) in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("version", [1, 99, 4])
def test_unsupported_versions(tiny: Path, version: int) -> None:
    _patch(tiny, 4, struct.pack("<I", version))
    with pytest.raises(UnsupportedGgufVersionError, match=f"unsupported GGUF version {version}"):
        read_gguf_header(tiny)


def _offsets(path: Path) -> dict[str, int]:
    """Cut points inside each part of the file, found with the `gguf` reader."""
    reader = gguf.GGUFReader(path)
    fields = reader.fields
    template = fields["tokenizer.chat_template"]
    tokens = fields["tokenizer.ggml.tokens"]
    first_tensor_info = reader.tensors[0].field.offset
    return {
        "in the version": 6,
        "in the tensor count": 12,
        "in the kv count": 20,
        "in a key": fields["general.name"].offset + 5,
        "in a string value": template.offset + sum(p.nbytes for p in template.parts[:-1]) + 10,
        "in the token array": tokens.offset + sum(p.nbytes for p in tokens.parts[:6]) + 3,
        "in the last token": tokens.offset + sum(p.nbytes for p in tokens.parts) - 2,
        "in the tensor infos": first_tensor_info + 10,
        "at the end of the tensor infos": reader.tensors[-1].field.offset
        + sum(p.nbytes for p in reader.tensors[-1].field.parts)
        - 1,
    }


@pytest.mark.parametrize(
    "where",
    [
        "in the version",
        "in the tensor count",
        "in the kv count",
        "in a key",
        "in a string value",
        "in the token array",
        "in the last token",
        "in the tensor infos",
        "at the end of the tensor infos",
    ],
)
def test_truncated_header(tiny: Path, where: str) -> None:
    cut = _offsets(tiny)[where]
    raw = tiny.read_bytes()
    tiny.write_bytes(raw[:cut])
    with pytest.raises(GgufTruncatedError, match="truncated") as info:
        read_gguf_header(tiny)
    assert type(info.value) is GgufTruncatedError  # not the tensor-data subclass
    assert str(tiny) in str(info.value)


@pytest.mark.parametrize("missing", [1, 100, 1000])
def test_truncated_tensor_data(tiny: Path, missing: int) -> None:
    raw = tiny.read_bytes()
    tiny.write_bytes(raw[:-missing])
    with pytest.raises(GgufTensorDataError) as info:
        read_gguf_header(tiny)
    message = str(info.value)
    header_size = len(raw) - missing
    assert f"the file is only {header_size:,} bytes" in message
    assert "truncated or incomplete" in message
    assert "tensor '" in message


def test_tensor_data_error_names_the_tensor_and_its_end(tiny: Path) -> None:
    raw = tiny.read_bytes()
    reader = gguf.GGUFReader(tiny)
    last = reader.tensors[-1]
    end = int(last.data_offset) + int(last.n_bytes)
    tiny.write_bytes(raw[: end - 1])
    with pytest.raises(GgufTensorDataError) as info:
        read_gguf_header(tiny)
    assert str(info.value) == (
        f"{tiny}: tensor '{last.name}' needs bytes up to {end:,} but the file is only "
        f"{end - 1:,} bytes: the file is truncated or incomplete"
    )


def test_every_cut_point_gives_a_gguf_error(tiny: Path) -> None:
    raw = tiny.read_bytes()
    header_end = read_gguf_header(tiny).data_offset
    cuts = [*range(1, header_end + 1), *range(header_end + 1, len(raw), 61), len(raw) - 1]
    for cut in cuts:
        tiny.write_bytes(raw[:cut])
        with pytest.raises(GgufError):
            read_gguf_header(tiny)


def test_random_corruption_never_escapes_as_another_exception(tiny: Path) -> None:
    raw = tiny.read_bytes()
    header_end = read_gguf_header(tiny).data_offset
    rng = random.Random(1234)
    outcomes: set[str] = set()
    for _ in range(800):
        data = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(4, header_end)
            data[at] = rng.randrange(256)
        tiny.write_bytes(bytes(data))
        try:
            read_gguf_header(tiny)
            outcomes.add("ok")
        except GgufError as exc:
            outcomes.add(type(exc).__name__)
    assert "ok" in outcomes and len(outcomes) > 2


def test_huge_string_length_is_an_error_not_memory_error(tiny: Path) -> None:
    at = _string_length_offset(tiny, TEMPLATE.encode())
    _patch(tiny, at, struct.pack("<Q", 1 << 62))
    with pytest.raises(GgufCorruptError, match="corrupt"):
        read_gguf_header(tiny)


def test_huge_string_inside_the_token_array(tiny: Path) -> None:
    at = _string_length_offset(tiny, b"hello")
    _patch(tiny, at, struct.pack("<Q", (1 << 64) - 1))
    with pytest.raises(GgufCorruptError, match=re.escape("element 3 of 'tokenizer.ggml.tokens'")):
        read_gguf_header(tiny)


def test_token_string_running_past_the_end_is_truncation(tiny: Path) -> None:
    at = _string_length_offset(tiny, b"world")
    _patch(tiny, at, struct.pack("<Q", tiny.stat().st_size))  # plausible but too long
    with pytest.raises(GgufTruncatedError, match=re.escape("element 4 of 'tokenizer.ggml.tokens'")):
        read_gguf_header(tiny)


@pytest.mark.parametrize(("offset", "what"), [(8, "tensor infos"), (16, "metadata entries")])
def test_huge_counts_are_corrupt(tiny: Path, offset: int, what: str) -> None:
    _patch(tiny, offset, struct.pack("<Q", 1 << 60))
    with pytest.raises(GgufCorruptError, match=what):
        read_gguf_header(tiny)


def test_huge_array_length_is_corrupt(tiny: Path) -> None:
    reader = gguf.GGUFReader(tiny)
    field = reader.fields["tokenizer.ggml.token_type"]
    # parts: key length, key, value type, element type, element count, ...
    at = field.offset + sum(p.nbytes for p in field.parts[:4])
    _patch(tiny, at, struct.pack("<Q", 1 << 61))
    with pytest.raises(GgufCorruptError, match=re.escape("tokenizer.ggml.token_type")):
        read_gguf_header(tiny)


def _tensor_info_offset(path: Path, name: str) -> int:
    """Where tensor `name`'s n_dims field is."""
    raw = path.read_bytes()
    encoded = name.encode()
    return raw.index(struct.pack("<Q", len(encoded)) + encoded) + 8 + len(encoded)


def test_unknown_tensor_type_is_named(tiny: Path) -> None:
    at = _tensor_info_offset(tiny, "blk.0.attn_q.weight")
    n_dims = struct.unpack_from("<I", tiny.read_bytes(), at)[0]
    _patch(tiny, at + 4 + 8 * n_dims, struct.pack("<I", 77))
    with pytest.raises(
        UnknownTensorTypeError, match=re.escape("'blk.0.attn_q.weight' has unknown ggml type 77")
    ):
        read_gguf_header(tiny)


def test_too_many_dimensions(tiny: Path) -> None:
    at = _tensor_info_offset(tiny, "blk.0.attn_norm.weight")
    _patch(tiny, at, struct.pack("<I", 9))
    with pytest.raises(GgufCorruptError, match="9 dimensions"):
        read_gguf_header(tiny)


def test_misaligned_tensor_offset(tiny: Path) -> None:
    at = _tensor_info_offset(tiny, "blk.0.attn_q.weight")
    n_dims = struct.unpack_from("<I", tiny.read_bytes(), at)[0]
    _patch(tiny, at + 4 + 8 * n_dims + 4, struct.pack("<Q", 3))
    with pytest.raises(GgufCorruptError, match="not a multiple of the alignment 32"):
        read_gguf_header(tiny)


def test_bad_alignment_value(tmp_path: Path) -> None:
    path = tmp_path / "align.gguf"
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_uint32("general.alignment", 48)
    writer.add_tensor("output.weight", np.ones((2, 32), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    with pytest.raises(GgufCorruptError, match=re.escape("general.alignment is 48")):
        read_gguf_header(path)


def test_unknown_value_type(tiny: Path) -> None:
    raw = tiny.read_bytes()
    key = b"tiny.answer"
    at = raw.index(struct.pack("<Q", len(key)) + key) + 8 + len(key)
    _patch(tiny, at, struct.pack("<I", 42))
    with pytest.raises(
        GgufCorruptError, match=re.escape("'tiny.answer' has unknown value type 42")
    ):
        read_gguf_header(tiny)


def test_missing_file_is_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_gguf_header(tmp_path / "nope.gguf")


# -- a large vocabulary -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_vocab_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tokens = [f"tok{i}_{'x' * (i % 13)}" for i in range(150_000)]
    return write_tiny_model(tmp_path_factory.mktemp("vocab") / "big-vocab.gguf", tokens=tokens)


def test_large_vocabulary_is_counted_not_parsed(big_vocab_model: Path) -> None:
    start = time.perf_counter()
    header = read_gguf_header(big_vocab_model)
    elapsed = time.perf_counter() - start
    print(f"\nscan of a 150,000-token vocabulary: {elapsed * 1000:.1f} ms")
    assert header.vocab_size == 150_000
    assert header.array_lengths["tokenizer.ggml.token_type"] == 150_000
    assert header.chat_template == TEMPLATE
    assert [t.name for t in header.tensors][-1] == "blk.0.attn_q.weight"
