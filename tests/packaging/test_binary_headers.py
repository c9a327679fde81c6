"""The pure-Python header readers (Mach-O, ELF, PE) on files built byte by byte, and on the
real Qt plugins of this machine's PySide6 (ELF), checked against readelf."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import macho
import pytest
from linked_libraries import BinaryFormatError, is_binary, linked_libraries

from tests.packaging.binaries import (
    CPU_ARM64,
    CPU_X86_64,
    elf_shared_object,
    fat_binary,
    macho_image,
    pe_dll,
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_build_version_gives_the_minimum_macos(tmp_path: Path) -> None:
    path = write(tmp_path, "lib.dylib", macho_image(minos=(14, 2)))
    [image] = macho.read_slices(path)
    assert (image.arch, image.minimum_macos) == ("arm64", (14, 2, 0))


def test_an_old_toolchains_version_min_command_is_read_too(tmp_path: Path) -> None:
    path = write(tmp_path, "old.so", macho_image(arch=CPU_X86_64, minos=(10, 9), old_style=True))
    [image] = macho.read_slices(path)
    assert (image.arch, image.minimum_macos) == ("x86_64", (10, 9, 0))


def test_a_binary_without_a_minimum_says_so(tmp_path: Path) -> None:
    [image] = macho.read_slices(write(tmp_path, "bare", macho_image(minos=None)))
    assert image.minimum_macos is None


def test_each_slice_of_a_universal_binary_keeps_its_own_minimum(tmp_path: Path) -> None:
    data = fat_binary(
        (CPU_X86_64, macho_image(arch=CPU_X86_64, minos=(10, 13))),
        (CPU_ARM64, macho_image(arch=CPU_ARM64, minos=(15, 0), libraries=("@rpath/a.dylib",))),
    )
    slices = {image.arch: image for image in macho.read_slices(write(tmp_path, "fat", data))}
    assert slices["x86_64"].minimum_macos == (10, 13, 0)
    assert slices["arm64"].minimum_macos == (15, 0, 0)
    assert slices["arm64"].libraries == ("@rpath/a.dylib",)


def test_dylib_commands_give_the_libraries_in_order(tmp_path: Path) -> None:
    libraries = ("@rpath/QtNetwork.framework/Versions/A/QtNetwork", "/usr/lib/libSystem.B.dylib")
    path = write(tmp_path, "plugin.dylib", macho_image(libraries=libraries, weak=("@rpath/w",)))
    assert linked_libraries(path) == [*libraries, "@rpath/w"]


def test_files_that_are_not_mach_o_are_not_read_as_such(tmp_path: Path) -> None:
    java_class = write(tmp_path, "A.class", bytes.fromhex("cafebabe00000034") + bytes(64))
    text = write(tmp_path, "notes.txt", b"hello")
    assert not macho.is_macho(java_class) and macho.read_slices(java_class) == []
    assert not macho.is_macho(text) and not is_binary(text)


def test_a_cut_short_mach_o_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.dylib", macho_image(libraries=("@rpath/x",))[:40])
    with pytest.raises(macho.MachOError, match=r"broken\.dylib"):
        macho.read_slices(path)


@pytest.mark.parametrize(
    ("text", "version", "back"),
    [("15", (15, 0, 0), "15.0"), ("14.2", (14, 2, 0), "14.2"), ("10.15.7", (10, 15, 7), "10.15.7")],
)
def test_versions_round_trip(text: str, version: macho.Version, back: str) -> None:
    assert macho.parse_version(text) == version
    assert macho.version_text(version) == back


def test_elf_needed_entries(tmp_path: Path) -> None:
    needed = ("libQt6Network.so.6", "libQt6Core.so.6", "libc.so.6")
    assert linked_libraries(write(tmp_path, "libplugin.so", elf_shared_object(needed))) == list(
        needed
    )


def test_pe_imports_and_delay_imports(tmp_path: Path) -> None:
    path = write(tmp_path, "qpdf.dll", pe_dll(("Qt6Pdf.dll", "KERNEL32.dll"), ("Qt6Gui.dll",)))
    assert is_binary(path)
    assert linked_libraries(path) == ["Qt6Pdf.dll", "KERNEL32.dll", "Qt6Gui.dll"]


def test_a_cut_short_pe_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "short.dll", pe_dll(("Qt6Core.dll",))[:0x150])
    with pytest.raises(BinaryFormatError, match=r"short\.dll"):
        linked_libraries(path)


def real_qt_plugins() -> list[Path]:
    import PySide6

    plugins = Path(PySide6.__file__).parent / "Qt" / "plugins"
    return sorted(plugins.glob("*/*.so"))[:12]


@pytest.mark.skipif(shutil.which("readelf") is None, reason="readelf (binutils) is not installed")
@pytest.mark.parametrize("plugin", real_qt_plugins(), ids=lambda path: path.name)
def test_real_qt_plugins_agree_with_readelf(plugin: Path) -> None:
    dynamic = subprocess.run(
        ["readelf", "-d", str(plugin)], capture_output=True, text=True, check=True
    ).stdout
    expected = [
        line.split("[", 1)[1].rstrip("]") for line in dynamic.splitlines() if "NEEDED" in line
    ]
    assert linked_libraries(plugin) == expected
