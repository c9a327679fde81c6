"""Find llama-cpp-python's shared libraries (used by hooks/hook-llama_cpp.py and the tests)."""

from __future__ import annotations

import filecmp
import glob
import importlib.util
import re
from pathlib import Path

# libllama.so, libllama.so.0, libllama.so.0.5.0, libllama.dylib, llama.dll, ggml-cuda.dll ...
SHARED_LIBRARY = re.compile(r".+\.(so(\.\d+)*|dylib|dll)$")
# A wheel cannot hold symlinks, so pip installs libX.so, libX.so.0 and libX.so.0.25.3 as three
# copies of one library. ctypes opens libX.so; the libraries' DT_NEEDED entries name libX.so.0
# (the SONAME); nothing names the fully versioned file, so it is left out (a third of the size).
FULLY_VERSIONED = re.compile(r"\.so\.\d+\.\d+")
BUNDLE_LIB_DIR = "llama_cpp/lib"


def llama_cpp_lib_dir() -> Path:
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or spec.origin is None:
        raise RuntimeError("llama_cpp is not installed in the Python that runs PyInstaller")
    lib_dir = Path(spec.origin).parent / "lib"
    if not lib_dir.is_dir():
        raise RuntimeError(f"{lib_dir} does not exist: llama-cpp-python was built without it")
    return lib_dir


def llama_cpp_binaries(lib_dir: Path | None = None) -> list[tuple[str, str]]:
    """(source, destination folder) for every shared library in llama_cpp/lib, symlinks included
    (the loader opens libllama.so, whose DT_NEEDED names the versioned libggml.so.0)."""
    folder = lib_dir or llama_cpp_lib_dir()
    found = sorted(
        p
        for p in folder.iterdir()
        if SHARED_LIBRARY.match(p.name) and not FULLY_VERSIONED.search(p.name)
    )
    if not any(p.name.startswith(("libllama", "llama")) for p in found):
        raise RuntimeError(f"no llama library in {folder}: the llama-cpp-python build is broken")
    return [(str(path), BUNDLE_LIB_DIR) for path in found]


def link_soname_copies(lib_dir: Path) -> int:
    """In a built bundle, turn each `libX.so` that is a byte-for-byte copy of its `libX.so.N`
    into a relative symlink to it (the wheel could not hold the symlink). Returns the bytes
    saved. The .deb, .tar.gz and AppImage keep symlinks; Windows and macOS have no such pairs."""
    saved = 0
    for plain in sorted(lib_dir.glob("*.so")):
        if plain.is_symlink() or not plain.is_file():
            continue
        for versioned in sorted(lib_dir.glob(f"{glob.escape(plain.name)}.[0-9]*")):
            if versioned.is_symlink() or FULLY_VERSIONED.search(versioned.name):
                continue
            if filecmp.cmp(plain, versioned, shallow=False):
                size = plain.stat().st_size
                plain.unlink()
                plain.symlink_to(versioned.name)
                saved += size
                break
    return saved
