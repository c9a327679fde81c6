#!/usr/bin/env python3
"""Build the OCR component's 8-bit recogniser: `python packaging/quantize_ocr.py [--out DIR]`.

RapidOCR ships its models in 32-bit floats. The recogniser (three quarters of a page's time)
quantized to 8-bit integers (per channel, statically, calibrated on pages of prose this script
draws itself) runs about a third faster on a CPU and reads bench/bench_ocr.py's pages as well;
the detector quantized the same way was no faster. The result is committed in
packaging/ocr_models/ (with OCR_MODELS_SHA256) so that builds need no `onnx` package, and
packaging/ocr_models.py installs it; run this again only when the pinned rapidocr
(packaging/requirements-ocr.lock) changes. The calibration text is docs/*.md as the commit that
ran it had them, so a rerun on a later tree builds a slightly different model.

Needs `onnx` beside onnxruntime in the Python that runs it (a scratch environment will do):
the quantizer rewrites the graph. Calibration text comes from docs/*.md, drawn in three DejaVu
faces at 150 and 300 dpi, half of it blurred and speckled; the bench's invoice pages are left
out of it so the bench still measures pages the models were not tuned on.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.knowledge.ocr import engine as ocr_engine  # noqa: E402

OUT = ROOT / "packaging" / "ocr_models"
QUANTIZED = {ocr_engine.FLOAT_RECOGNITION_MODEL: ocr_engine.RECOGNITION_MODEL}
_FONTS = ("DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf")
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


def prose_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted((ROOT / "docs").glob("*.md")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            text = raw.strip(" #*-`>|")
            if 20 <= len(text) <= 90:
                lines.append(text)
    return lines


def pages(count: int) -> Iterator[Any]:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = random.Random(23)
    lines = prose_lines()
    for number in range(count):
        dpi = (150, 300)[number % 2]
        face_path = next(d / _FONTS[number % 3] for d in _FONT_DIRS if (d / _FONTS[0]).is_file())
        face = ImageFont.truetype(str(face_path), round(rng.choice((9, 10, 11, 12)) / 72 * dpi))
        page = Image.new("L", (round(8.27 * dpi), round(11.69 * dpi)), 255)
        draw = ImageDraw.Draw(page)
        step = round(face.size * 1.6)
        start = rng.randrange(max(1, len(lines) - 30))
        for index, line in enumerate(lines[start : start + 24]):
            draw.text((dpi, dpi + index * step), line, fill=0, font=face)
        if number % 4 >= 2:
            page = page.rotate(rng.uniform(-1.5, 1.5), fillcolor=255).filter(
                ImageFilter.GaussianBlur(0.6)
            )
        yield page


def calibration_inputs(page_count: int) -> dict[str, list[Any]]:
    """What the float recogniser is given while reading the drawn pages."""
    seen: dict[str, list[Any]] = {"rec": []}
    engine = ocr_engine.OcrEngine(models=ocr_engine.FLOAT_MODELS)
    loaded = engine._loaded()
    for kind, part in (("rec", loaded._load_rec_model()),):
        session = part.session
        original = session.__call__

        def recording(array: Any, _kind: str = kind, _run: Any = original) -> Any:
            seen[_kind].append(array.copy())
            return _run(array)

        part.session = _Recorder(recording, session)
    for page in pages(page_count):
        engine.read(page)
    return seen


class _Recorder:
    def __init__(self, run: Any, session: Any) -> None:
        self._run = run
        self._session = session

    def __call__(self, array: Any) -> Any:
        return self._run(array)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


def quantize(source: Path, target: Path, inputs: list[Any]) -> None:
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    class Reader(CalibrationDataReader):  # type: ignore[misc]
        def __init__(self) -> None:
            self._left = iter(inputs)

        def get_next(self) -> dict[str, Any] | None:
            array = next(self._left, None)
            return None if array is None else {"x": array}

    with tempfile.TemporaryDirectory() as scratch:
        prepared = Path(scratch) / "prepared.onnx"
        quant_pre_process(str(source), str(prepared), skip_symbolic_shape=True)
        # The models are opset 11; per-channel dequantizing needs 13.
        model = version_converter.convert_version(onnx.load(str(prepared)), 13)
        onnx.save(model, str(prepared))
        quantize_static(
            str(prepared),
            str(target),
            Reader(),
            quant_format=QuantFormat.QDQ,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["Conv", "MatMul"],
            per_channel=True,
        )
    # The recogniser's alphabet lives in the model's metadata, which the rewrite must keep.
    original, result = onnx.load(str(source)), onnx.load(str(target))
    kept = {entry.key for entry in result.metadata_props}
    for entry in original.metadata_props:
        if entry.key not in kept:
            result.metadata_props.add(key=entry.key, value=entry.value)
    onnx.save(result, str(target))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--pages", type=int, default=16)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    seen = calibration_inputs(args.pages)
    # A sample of the recogniser's lines: every line of 16 pages is more than calibration needs.
    rng = random.Random(5)
    seen["rec"] = rng.sample(seen["rec"], min(len(seen["rec"]), 160))
    models = ocr_engine.model_dir()
    sums: list[str] = []
    for (source_name, target_name), kind in zip(QUANTIZED.items(), ("rec",), strict=True):
        target = args.out / target_name
        print(f"quantizing {source_name} on {len(seen[kind])} calibration inputs")
        quantize(models / source_name, target, seen[kind])
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        sums.append(f"{digest}  {target_name}")
        print(f"  {target_name}: {target.stat().st_size / 1e6:.1f} MB")
    (args.out / "OCR_MODELS_SHA256").write_text("\n".join(sums) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
