"""The hook must collect exactly the llama.cpp libraries that load on their own."""

from __future__ import annotations

import ctypes
import runpy
import shutil
from pathlib import Path

import pytest
from llama_cpp_libs import (
    BUNDLE_LIB_DIR,
    link_soname_copies,
    llama_cpp_binaries,
    llama_cpp_lib_dir,
)

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def test_collected_libraries_load_from_a_folder_of_their_own(tmp_path: Path) -> None:
    # Copy only what the hook collects into an empty folder: if a library the loader needs
    # (a SONAME like libggml.so.0) were left out, loading libllama from there would fail.
    for source, destination in llama_cpp_binaries():
        assert destination == BUNDLE_LIB_DIR
        shutil.copyfile(source, tmp_path / Path(source).name)
    names = sorted(path.name for path in tmp_path.iterdir())
    llama = next(name for name in names if name.startswith(("libllama.", "llama.")))
    library = ctypes.CDLL(str(tmp_path / llama), mode=ctypes.RTLD_LOCAL)
    assert library.llama_print_system_info is not None


def test_fully_versioned_copies_are_left_out() -> None:
    names = {Path(source).name for source, _ in llama_cpp_binaries()}
    on_disk = {path.name for path in llama_cpp_lib_dir().iterdir()}
    dropped = on_disk - names
    assert all(
        name.count(".so.") == 1 and name.rsplit(".so.", 1)[1].count(".") >= 1 for name in dropped
    )
    assert "libllama.so" in names or "llama.dll" in names or "libllama.dylib" in names


def test_a_folder_without_llama_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "libggml.so").write_bytes(b"")
    with pytest.raises(RuntimeError, match=r"no llama library in .*broken"):
        llama_cpp_binaries(tmp_path)


def test_the_hook_module_exports_the_libraries_to_pyinstaller() -> None:
    hook = runpy.run_path(str(PACKAGING / "hooks" / "hook-llama_cpp.py"))
    assert hook["binaries"] == llama_cpp_binaries()
    assert "llama_cpp.server" in hook["excludedimports"]


def test_soname_copies_become_symlinks_that_still_load(tmp_path: Path) -> None:
    for source, _destination in llama_cpp_binaries():
        shutil.copyfile(source, tmp_path / Path(source).name)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    if not any(name.endswith(".so.0") for name in before):
        pytest.skip("no libX.so / libX.so.N pairs on this platform")
    (tmp_path / "libother.so").write_bytes(b"not a copy of anything")
    saved = link_soname_copies(tmp_path)
    linked = sorted(p.name for p in tmp_path.iterdir() if p.is_symlink())
    assert linked and all(name.endswith(".so") for name in linked)
    assert saved == sum(len(before[name]) for name in linked)
    for name in linked:
        target = tmp_path / name
        assert target.resolve().parent == tmp_path and target.read_bytes() == before[name]
    assert not (tmp_path / "libother.so").is_symlink()
    llama = ctypes.CDLL(str(tmp_path / "libllama.so"), mode=ctypes.RTLD_LOCAL)
    assert llama.llama_print_system_info is not None
