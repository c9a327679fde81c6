#!/usr/bin/env python3
"""Build a component: `.venv/bin/python packaging/build_component.py [--component ocr] [...]`.

`--component training` (the default) or `--component ocr`: the OCR runtime (rapidocr with its
models, onnxruntime, OpenCV headless, Shapely, pyclipper: packaging/requirements-ocr.lock,
installed with its hashes) that reads scanned pages and pictures, built the same way into
`dist/hearth-ocr-VERSION-cpu-OS-ARCH-cpXY.zip`; the extraction child activates it (OCR_SHARED
and OCR_PRUNED say what it adds and leaves out). The rest of this text is about training.

An installed Hearth has no Python packages beyond its own, so Adapter Studio's runtime (torch,
transformers, peft, safetensors, accelerate and what they need) ships as a separate archive per
OS, CPU architecture and Python ABI, which `hearth components install FILE` (or the Studio's
button) checks and installs into the data folder. This script, run with the Python the bundle is
built with (the archive must match its ABI), writes
`dist/hearth-training-VERSION-VARIANT-OS-ARCH-cpXY.zip` and its `.sha256`:

- `site/`: `pip install --target` of packaging/requirements-train.lock, plus the pins of
  requirements.lock (installed with their hashes) that the training packages import and that
  PyInstaller may have collected only in part for the app (TRAINING_SHARED). Put first on
  sys.path by the frozen training worker.
- `stdlib/`: this Python's standard library (pure-Python modules and lib-dynload), put LAST on
  sys.path: torch and transformers import modules the frozen app left out (unittest, pdb,
  cProfile...), and the frozen app's own modules still win.
- pruned of what CPU training never loads (PRUNED): C++ headers, test binaries and libraries,
  CMake files, type stubs, bytecode caches. The build imports the result in a child Python to
  prove nothing needed was pruned.

`--torch-index URL` (an extra package index) or `--find-links DIR` says where the torch variant
comes from (the CPU build's `+cpu` wheels, or a CUDA build: `--variant cu128` with that index).
The CUDA variant cannot be built or tested on the CI machine (no GPU); the release workflow
builds it with the same command.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
sys.path[:0] = [str(PACKAGING), str(ROOT)]

import ocr_models  # noqa: E402
from bundle_config import project_version  # noqa: E402

from app.components import OCR, TRAINING  # noqa: E402
from app.components.archive import ComponentSpec, write_component_archive  # noqa: E402
from app.components.manifest import current_platform  # noqa: E402

TRAIN_LOCK = PACKAGING / "requirements-train.lock"
OCR_LOCK = PACKAGING / "requirements-ocr.lock"
APP_LOCK = PACKAGING / "requirements.lock"
# Pins of requirements.lock that the training packages import. The component carries its own
# complete copies: the worker puts `site/` first on sys.path, and a package PyInstaller collected
# only in part for the app (just the submodules the app imports) would hide the rest, and
# transformers checks its dependencies' versions through their .dist-info folders, which
# PyInstaller leaves out for most packages (huggingface_hub's among them). numpy is collected
# whole, with its .dist-info (its PyInstaller hook), so the app's copy serves (57 MB saved).
TRAINING_SHARED = (
    "gguf",
    "huggingface-hub",
    "filelock",
    "fsspec",
    "jinja2",
    "markupsafe",
    "packaging",
    "psutil",
    "pyyaml",
    "tqdm",
    "typing-extensions",
)
# Relative to site/ (glob patterns on the posix path): never loaded by CPU training.
PRUNED = (
    "torch/include/*",
    "torch/share/*",
    "torch/test/*",
    "torch/bin/*",
    "torch/lib/*.a",
    "torch/lib/libjitbackend_test.*",
    "torch/lib/libbackend_with_compiler.*",
    "torch/lib/libtorchbind_test.*",
    "torch/lib/libaoti_custom_ops.*",
    "*.pyi",
    "*/__pycache__/*",
    "bin/*",  # console scripts written for the build machine's Python
)
KEEP = ("torch/bin/torch_shm_manager",)  # torch.multiprocessing's file-descriptor sharing
# Standard-library folders no training run imports (and the build machine's site-packages).
STDLIB_SKIPPED = (
    "site-packages",
    "test",
    "idlelib",
    "tkinter",
    "turtledemo",
    "ensurepip",
    "lib2to3",
    "__pycache__",
)
IMPORT_CHECK = "import torch, transformers, peft, safetensors, accelerate, gguf, numpy"
# Pins of requirements.lock that rapidocr and onnxruntime import and the bundle may carry only in
# part, or not at all (requests: rapidocr's model download, never called: Hearth names every
# model file; PyYAML: omegaconf reads rapidocr's config; Pillow: rapidocr imports ImageDraw,
# ImageFont and ImageOps, which the app does not, so PyInstaller may leave them out; the
# extraction child activates the component before any reader imports Pillow).
OCR_SHARED = (
    "pillow",
    "pyyaml",
    "requests",
    "urllib3",
    "certifi",
    "idna",
    "charset-normalizer",
    "tqdm",
    "packaging",
)
# Relative to site/: what OCR on CPU with onnxruntime never loads. rapidocr's engines for other
# runtimes (torch, paddle, openvino, tensorrt) import those only when chosen; onnxruntime's
# model-conversion tools and OpenCV's Haar cascades are never used, nor the float recogniser
# that Hearth's 8-bit one replaces.
OCR_PRUNED = (
    "*.pyi",
    "*/__pycache__/*",
    "bin/*",
    "onnxruntime/transformers/*",
    "onnxruntime/quantization/*",
    "onnxruntime/tools/*",
    "onnxruntime/include/*",
    "cv2/data/*",
    *(f"rapidocr/models/{name}" for name in ocr_models.REPLACED),
)
OCR_IMPORT_CHECK = (
    "import rapidocr, onnxruntime, cv2, shapely, pyclipper, omegaconf, numpy; "
    "from rapidocr import RapidOCR"
)


def say(message: str) -> None:
    print(f"[component] {message}", flush=True)


def pinned_blocks(lock: Path, names: tuple[str, ...]) -> str:
    """The requirement lines (with their --hash lines) of `names` in a hashed lock."""
    wanted = {re.sub(r"[-_.]+", "-", n).lower() for n in names}
    out: list[str] = []
    taking = False
    for line in lock.read_text("utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            name = re.split(r"[=<>~! \\\[;]", line, maxsplit=1)[0]
            taking = re.sub(r"[-_.]+", "-", name).lower() in wanted
        if taking:
            out.append(line)
    found = {re.split(r"==", b, maxsplit=1)[0].lower() for b in out if "==" in b}
    if len(found) != len(wanted):
        raise SystemExit(f"{lock.name} lacks a pin for {sorted(wanted - found)}")
    return "\n".join(out) + "\n"


def variant_lock(variant: str, scratch: Path) -> Path:
    """The training lock with torch's local version set to the variant (`+cpu` or e.g.
    `+cu128`): the same torch release, built for that device, from the index given."""
    if variant == "cpu":
        return TRAIN_LOCK
    if not re.fullmatch(r"cu\d{3}|rocm\d+(\.\d+)*", variant):
        raise SystemExit(f"unknown torch variant {variant!r} (cpu, cu128, rocm6.3, ...)")
    text = TRAIN_LOCK.read_text("utf-8")
    pinned = re.compile(r"^(torch==[^+\s]+)\+cpu\b", re.MULTILINE)
    if not pinned.search(text):
        raise SystemExit(f"{TRAIN_LOCK.name} has no torch==X+cpu pin to turn into +{variant}")
    lock = scratch / f"requirements-train-{variant}.lock"
    lock.write_text(pinned.sub(rf"\1+{variant}", text), "utf-8")
    return lock


def pip_target(site: Path, args: argparse.Namespace, scratch: Path) -> None:
    common = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile"]
    common += ["--target", str(site), "--only-binary=:all:"]
    sources: list[str] = []
    if args.torch_index:
        sources += ["--extra-index-url", args.torch_index]
    if args.find_links:
        sources += ["--find-links", args.find_links]
    say(f"pip install --target site/ -r {TRAIN_LOCK.name} (torch +{args.variant})")
    subprocess.run([*common, *sources, "-r", str(variant_lock(args.variant, scratch))], check=True)
    shared = scratch / "shared.txt"
    shared.write_text(pinned_blocks(APP_LOCK, TRAINING_SHARED), "utf-8")
    say(
        f"pip install --target site/ --require-hashes ({len(TRAINING_SHARED)} pins of "
        f"{APP_LOCK.name})"
    )
    subprocess.run([*common, "--require-hashes", "--upgrade", "-r", str(shared)], check=True)


def pip_target_ocr(site: Path, args: argparse.Namespace, scratch: Path) -> None:
    common = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile"]
    common += ["--target", str(site), "--only-binary=:all:", "--require-hashes"]
    if args.find_links:
        common += ["--find-links", args.find_links]
    say(f"pip install --target site/ --require-hashes -r {OCR_LOCK.name}")
    subprocess.run([*common, "-r", str(OCR_LOCK)], check=True)
    shared = scratch / "shared.txt"
    shared.write_text(pinned_blocks(APP_LOCK, OCR_SHARED), "utf-8")
    say(f"pip install --target site/ --require-hashes ({len(OCR_SHARED)} pins of {APP_LOCK.name})")
    subprocess.run([*common, "--upgrade", "-r", str(shared)], check=True)


def prune(site: Path, patterns: tuple[str, ...] = PRUNED) -> int:
    removed = 0
    for path in sorted(site.rglob("*"), reverse=True):
        relative = path.relative_to(site).as_posix()
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
            continue
        if relative in KEEP:
            continue
        if any(fnmatch.fnmatch(relative, pattern) for pattern in patterns):
            removed += path.lstat().st_size
            path.unlink()
    for path in sorted(site.rglob("*"), reverse=True):  # folders the pruning emptied
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed


def copy_stdlib(dest: Path) -> None:
    source = Path(sysconfig.get_paths()["stdlib"])

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n in STDLIB_SKIPPED or n.startswith("config-")}
        if Path(folder) == source / "lib-dynload":
            skipped |= {n for n in names if n.startswith(("_test", "_xxtest", "xx"))}
        return skipped | {n for n in names if n.endswith((".pyc", ".pyo"))}

    shutil.copytree(source, dest, ignore=ignore, symlinks=False)


def check_imports(stage: Path, check: str = IMPORT_CHECK) -> None:
    """The pruned component imports in a child Python, its site/ first on the path (a pruned
    file of torch is then missing: torch's package path is the component's). numpy and
    huggingface_hub come from this environment, as they come from the bundle when frozen."""
    code = f"import sys; sys.path.insert(0, {str(stage / 'site')!r}); {check}"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    subprocess.run([sys.executable, "-I", "-c", code], check=True, env=env)


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--component", choices=(TRAINING, OCR), default=TRAINING)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--variant", default="cpu", help="cpu, or the CUDA build (e.g. cu128)")
    parser.add_argument("--torch-index", help="an extra package index serving that torch build")
    parser.add_argument("--find-links", help="a folder of wheels (e.g. a downloaded torch wheel)")
    parser.add_argument("--compresslevel", type=int, default=6, help="zip deflate level, 1-9")
    parser.add_argument("--keep-stage", type=Path, help="also keep the unpacked folder here")
    args = parser.parse_args(argv)
    started = time.monotonic()
    version = project_version()
    major, minor = (int(n) for n in version.split(".")[:2])
    here = current_platform()
    ocr = args.component == OCR
    if ocr and args.variant != "cpu":
        raise SystemExit("the OCR component has one variant: cpu")
    kind = args.component
    name = f"hearth-{kind}-{version}-{args.variant}-{here.os}-{here.arch}-{here.python}.zip"
    with tempfile.TemporaryDirectory(prefix="hearth-component-") as scratch_name:
        scratch = Path(scratch_name)
        stage = args.keep_stage or scratch / "stage"
        if stage.exists():
            shutil.rmtree(stage)
        if ocr:
            pip_target_ocr(stage / "site", args, scratch)
            say("adding Hearth's 8-bit OCR recogniser (packaging/ocr_models/)")
            ocr_models.install(stage / "site" / "rapidocr" / "models")
        else:
            pip_target(stage / "site", args, scratch)
        installed = tree_bytes(stage / "site")
        pruned = prune(stage / "site", OCR_PRUNED if ocr else PRUNED)
        copy_stdlib(stage / "stdlib")
        say(f"checking that the pruned {kind} component imports")
        check_imports(stage, OCR_IMPORT_CHECK if ocr else IMPORT_CHECK)
        spec = ComponentSpec(
            component=kind,
            version=f"{version}+{args.variant}",
            variant=args.variant,
            platform=here,
            hearth_min=version,
            hearth_below=f"{major}.{minor + 1}.0",
            site_dirs=("site",),
            fallback_dirs=("stdlib", "stdlib/lib-dynload"),
        )
        say(f"writing {name} (deflate level {args.compresslevel})")
        out = args.out / name
        manifest = write_component_archive(stage, out, spec, compresslevel=args.compresslevel)
    say(
        f"figures: site/ installed {installed / 1e6:.0f} MB, pruned {pruned / 1e6:.0f} MB; "
        f"component unpacked {manifest.total_bytes / 1e6:.0f} MB in {len(manifest.files)} "
        f"files; archive {out.stat().st_size / 1e6:.0f} MB; built in "
        f"{time.monotonic() - started:.0f} s"
    )
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
