"""The numpy safetensors reader: what real writers write reads back exactly; hostile headers get
a clear error before any tensor data is read. Also the PEFT config refusals."""

from __future__ import annotations

import json
import re
import struct
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.training.errors import TrainingError
from app.training.peft_files import open_peft, parse_config
from app.training.safetensors_reader import SafetensorsError, SafetensorsFile


def write_raw(
    path: Path, header: dict[str, Any], data: bytes, *, length: int | None = None
) -> Path:
    text = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(text) if length is None else length) + text + data)
    return path


def test_f32_f16_and_bf16_read_back(tmp_path: Path) -> None:
    safetensors = pytest.importorskip("safetensors.numpy")
    values = np.arange(-6, 6, dtype=np.float32).reshape(3, 4) / 4
    path = tmp_path / "real.safetensors"
    safetensors.save_file(
        {"a": values, "b": values.astype(np.float16)}, str(path), metadata={"format": "pt"}
    )
    file = SafetensorsFile(path)
    assert file.metadata == {"format": "pt"}
    np.testing.assert_array_equal(file.read("a"), values)
    np.testing.assert_array_equal(file.read("b"), values)
    # bf16 is the upper half of a float32: these values are exact in it.
    halves = (values.view(np.uint32) >> 16).astype("<u2").tobytes()
    bf = write_raw(
        tmp_path / "bf.safetensors",
        {"c": {"dtype": "BF16", "shape": [3, 4], "data_offsets": [0, 24]}},
        halves,
    )
    np.testing.assert_array_equal(SafetensorsFile(bf).read("c"), values)


def _entry(dtype: str = "F32", shape: list[int] | None = None, offsets: Any = None) -> Any:
    return {"dtype": dtype, "shape": shape or [2, 2], "data_offsets": offsets or [0, 16]}


@pytest.mark.parametrize(
    ("header", "data", "length", "expected"),
    [
        ({"t": _entry()}, b"\0" * 16, 2**60, "its header claims 1,152,921,504,606,846,976 bytes"),
        ({"t": _entry()}, b"\0" * 16, 4000, "the file has only"),
        ({"t": _entry(offsets=[0, 64])}, b"\0" * 16, None, "past its end"),
        ({"t": _entry(offsets=[0, 8])}, b"\0" * 16, None, "needs 16 bytes but its offsets span 8"),
        ({"t": _entry(offsets=[8, 0])}, b"\0" * 16, None, "invalid data offsets"),
        ({"t": _entry(shape=[-2, 2])}, b"\0" * 16, None, "invalid shape"),
        ({"t": _entry(dtype="I64")}, b"\0" * 16, None, "is I64; Hearth reads F32, F16 and BF16"),
        (
            {"t": _entry(), "u": _entry(offsets=[8, 24])},
            b"\0" * 24,
            None,
            "overlap",
        ),
        ({"t": "nonsense"}, b"", None, "the entry of 't' is not an object"),
        ({"__metadata__": {"a": 1}}, b"", None, "__metadata__ is not a map of strings"),
    ],
)
def test_hostile_headers_get_clear_errors(
    tmp_path: Path, header: dict[str, Any], data: bytes, length: int | None, expected: str
) -> None:
    path = write_raw(tmp_path / "bad.safetensors", header, data, length=length)
    with pytest.raises(SafetensorsError) as raised:
        SafetensorsFile(path)
    assert str(raised.value).startswith("bad.safetensors is not a valid safetensors file: ")
    assert expected in str(raised.value)


def test_short_files_and_non_json_headers(tmp_path: Path) -> None:
    short = tmp_path / "short.safetensors"
    short.write_bytes(b"\x01\x02")
    with pytest.raises(SafetensorsError, match="only 2 bytes long"):
        SafetensorsFile(short)
    garbage = tmp_path / "garbage.safetensors"
    garbage.write_bytes(struct.pack("<Q", 4) + b"\xff{[x")
    with pytest.raises(SafetensorsError, match="header is not JSON"):
        SafetensorsFile(garbage)


def test_non_finite_values_are_refused(tmp_path: Path) -> None:
    data = np.array([1.0, np.nan], dtype="<f4").tobytes()
    path = write_raw(tmp_path / "nan.safetensors", {"t": _entry(shape=[2], offsets=[0, 8])}, data)
    with pytest.raises(SafetensorsError, match="not finite"):
        SafetensorsFile(path).read("t")


CONFIG = {"peft_type": "LORA", "r": 8, "lora_alpha": 16, "target_modules": ["q_proj"]}


def test_config_scale_plain_and_rslora() -> None:
    plain = parse_config(json.dumps(CONFIG), "x")
    assert (plain.scale, plain.gguf_alpha) == (2.0, 16.0)
    rs = parse_config(json.dumps({**CONFIG, "use_rslora": True}), "x")
    assert rs.scale == pytest.approx(16 / 8**0.5)
    assert rs.gguf_alpha == pytest.approx(16 * 8**0.5)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"use_dora": True}, "DoRA"),
        ({"modules_to_save": ["lm_head"]}, "trains whole modules (['lm_head'])"),
        ({"peft_type": "IA3"}, "is a IA3 adapter; Hearth converts LoRA adapters only"),
        ({"r": 0}, "no valid rank"),
        ({"lora_alpha": "big"}, "invalid lora_alpha"),
    ],
)
def test_configs_that_cannot_convert_are_refused(change: dict[str, Any], expected: str) -> None:
    with pytest.raises(TrainingError, match=re.escape(expected)):
        parse_config(json.dumps({**CONFIG, **change}), "x")


def test_zip_without_one_config_or_with_a_pickle(tmp_path: Path) -> None:
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(TrainingError, match=r"holds no adapter_config\.json"):
        open_peft(empty, tmp_path / "work")
    pickled = tmp_path / "pickled.zip"
    with zipfile.ZipFile(pickled, "w") as z:
        z.writestr("lora/adapter_config.json", json.dumps(CONFIG))
        z.writestr("lora/adapter_model.bin", b"\x80\x04")
    with pytest.raises(TrainingError, match="a Python pickle"):
        open_peft(pickled, tmp_path / "work")
    not_zip = tmp_path / "fake.zip"
    not_zip.write_bytes(b"PK but not really")
    with pytest.raises(TrainingError, match="not a readable zip file"):
        open_peft(not_zip, tmp_path / "work")
