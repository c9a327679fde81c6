"""The installers carry no OCR runtime, and the window must not pay for it at start-up either:
opening the main window (as `hearth` does) and running a CLI command import none of rapidocr,
onnxruntime or OpenCV. Only the extraction child loads them, and only for a scan."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OCR_MODULES = ("rapidocr", "onnxruntime", "cv2")

_WINDOW = """
import sys
from app.bootstrap import make_application, open_window
from app.config import Paths
from app.core import Core

app = make_application([])
core = Core.open(Paths.resolve())
window, bridge = open_window(app, core)
window.show()
app.processEvents()
loaded = sorted(m for m in {modules!r} if m in sys.modules)
bridge.shutdown()
core.close()
print(loaded)
"""

_CLI = """
import sys
from app.cli import main
main(["docs", "list", "--json"])
print(sorted(m for m in {modules!r} if m in sys.modules))
"""


def _loaded_by(code: str, home: Path) -> str:
    missing = [m for m in OCR_MODULES if importlib.util.find_spec(m) is None]
    if missing:  # then "not imported" would prove nothing
        pytest.skip(f"the OCR extra is not installed here ({', '.join(missing)})")
    done = subprocess.run(
        [sys.executable, "-c", code.format(modules=OCR_MODULES)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
        env={
            **os.environ,
            "HEARTH_HOME": str(home),
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(ROOT),
        },
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def test_the_window_starts_without_the_ocr_runtime(tmp_path: Path) -> None:
    assert _loaded_by(_WINDOW, tmp_path) == "[]"


def test_a_cli_command_runs_without_the_ocr_runtime(tmp_path: Path) -> None:
    assert _loaded_by(_CLI, tmp_path) == "[]"
