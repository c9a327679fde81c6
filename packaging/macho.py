"""Mach-O load commands, read in pure Python (any OS): the macOS version a binary needs and the
libraries it loads.

A macOS binary records the oldest macOS it runs on in LC_BUILD_VERSION (`minos`, Xcode 10 and
later) or LC_VERSION_MIN_MACOSX (older toolchains). dyld refuses to load a library whose minimum
is newer than the running system, so the app starts and then crashes on the first import that
needs it; build_bundle.verify() compares these numbers with the Info.plist's
LSMinimumSystemVersion so that macOS refuses the whole app instead. A universal ("fat") file has
one slice per architecture, each with its own load commands.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

Version = tuple[int, int, int]

MH_MAGIC = 0xFEEDFACE
MH_MAGIC_64 = 0xFEEDFACF
FAT_MAGIC = 0xCAFEBABE
FAT_MAGIC_64 = 0xCAFEBABF
AR_MAGIC = b"!<arch>\n"  # a universal static library's slices are ar archives, not images
# Java class files share FAT_MAGIC; their "slice count" is the class-file version (45 and up).
MAX_FAT_SLICES = 30

LC_LOAD_DYLIB = 0xC
LC_LOAD_WEAK_DYLIB = 0x80000018
LC_REEXPORT_DYLIB = 0x8000001F
LC_LAZY_LOAD_DYLIB = 0x20
LC_LOAD_UPWARD_DYLIB = 0x80000023
LIBRARY_COMMANDS = frozenset(
    {LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB, LC_LAZY_LOAD_DYLIB, LC_LOAD_UPWARD_DYLIB}
)
LC_VERSION_MIN_MACOSX = 0x24
LC_BUILD_VERSION = 0x32
PLATFORM_MACOS = 1

CPU_ARCH_ABI64 = 0x01000000
CPU_NAMES = {7: "i386", 7 | CPU_ARCH_ABI64: "x86_64", 12: "arm", 12 | CPU_ARCH_ABI64: "arm64"}


class MachOError(ValueError):
    """A file that starts like a Mach-O binary but whose headers do not fit in it."""


@dataclass(frozen=True)
class MachOSlice:
    arch: str
    minimum_macos: Version | None  # None: the slice does not say (or is not for macOS)
    libraries: tuple[str, ...]  # install names, e.g. @rpath/QtCore.framework/Versions/A/QtCore


def parse_version(text: str) -> Version:
    """'14' -> (14, 0, 0); '10.15.2' -> (10, 15, 2)."""
    parts = [int(part) for part in text.strip().split(".")]
    if not 1 <= len(parts) <= 3:
        raise ValueError(f"not a macOS version: {text!r}")
    major, minor, patch = [*parts, 0, 0][:3]
    return major, minor, patch


def version_text(version: Version) -> str:
    """(15, 0, 0) -> '15.0'; (10, 15, 2) -> '10.15.2'."""
    major, minor, patch = version
    return f"{major}.{minor}.{patch}" if patch else f"{major}.{minor}"


def decode_version(packed: int) -> Version:
    """Load commands pack X.Y.Z as xxxx.yy.zz in nibbles: 0x000E0100 is 14.1.0."""
    return packed >> 16, (packed >> 8) & 0xFF, packed & 0xFF


def is_macho(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return False
    return _thin_byte_order(head) is not None or _fat_header(head) is not None


def read_slices(path: Path) -> list[MachOSlice]:
    """One entry per architecture; [] when `path` is not a Mach-O file."""
    data = path.read_bytes()
    try:
        return _read_all(data, path)
    except struct.error as exc:
        raise MachOError(f"{path}: cut short ({exc})") from exc


def _read_all(data: bytes, path: Path) -> list[MachOSlice]:
    fat = _fat_header(data[:8])
    if fat is not None:
        return [
            _read_thin(data, offset, size, path)
            for offset, size in _fat_slices(data, fat, path)
            if data[offset : offset + len(AR_MAGIC)] != AR_MAGIC
        ]
    if _thin_byte_order(data[:4]) is None:
        return []
    return [_read_thin(data, 0, len(data), path)]


def _thin_byte_order(head: bytes) -> str | None:
    if len(head) < 4:
        return None
    for order in ("<", ">"):
        if struct.unpack(order + "I", head[:4])[0] in (MH_MAGIC, MH_MAGIC_64):
            return order
    return None


def _fat_header(head: bytes) -> tuple[bool, int] | None:
    """(64-bit offsets, slice count) of a universal binary's header, else None."""
    if len(head) < 8:
        return None
    magic, count = struct.unpack(">II", head[:8])
    if magic not in (FAT_MAGIC, FAT_MAGIC_64) or not 0 < count <= MAX_FAT_SLICES:
        return None
    return magic == FAT_MAGIC_64, count


def _fat_slices(data: bytes, fat: tuple[bool, int], path: Path) -> list[tuple[int, int]]:
    wide, count = fat
    entry_format = ">iiQQII" if wide else ">iiIII"
    entry_size = struct.calcsize(entry_format)
    slices = []
    for index in range(count):
        start = 8 + index * entry_size
        if start + entry_size > len(data):
            raise MachOError(f"{path}: universal header lists {count} slices but is cut short")
        fields = struct.unpack(entry_format, data[start : start + entry_size])
        offset, size = fields[2], fields[3]
        if offset + size > len(data):
            raise MachOError(f"{path}: slice {index} ends past the end of the file")
        slices.append((offset, size))
    return slices


def _read_thin(data: bytes, offset: int, size: int, path: Path) -> MachOSlice:
    order = _thin_byte_order(data[offset : offset + 4])
    if order is None:
        raise MachOError(f"{path}: slice at byte {offset} is not a Mach-O image")
    magic, cputype, _subtype, _filetype, ncmds, sizeofcmds = struct.unpack(
        order + "IiiIII", data[offset : offset + 24]
    )
    header_size = 32 if magic == MH_MAGIC_64 else 28
    end = offset + header_size + sizeofcmds
    if end > offset + size:
        raise MachOError(f"{path}: load commands run past the end of the image")
    minimum: Version | None = None
    libraries: list[str] = []
    cursor = offset + header_size
    for _ in range(ncmds):
        if cursor + 8 > end:
            raise MachOError(f"{path}: load command table is cut short")
        command, command_size = struct.unpack(order + "II", data[cursor : cursor + 8])
        if command_size < 8 or cursor + command_size > end:
            raise MachOError(f"{path}: load command 0x{command:x} has a bad size")
        body = data[cursor : cursor + command_size]
        if command == LC_BUILD_VERSION and command_size >= 16:
            platform, minos = struct.unpack(order + "II", body[8:16])
            if platform == PLATFORM_MACOS:
                minimum = decode_version(minos)
        elif command == LC_VERSION_MIN_MACOSX and command_size >= 12:
            minimum = decode_version(struct.unpack(order + "I", body[8:12])[0])
        elif command in LIBRARY_COMMANDS and command_size >= 12:
            name_offset = struct.unpack(order + "I", body[8:12])[0]
            libraries.append(body[name_offset:].split(b"\0", 1)[0].decode("utf-8", "replace"))
        cursor += command_size
    arch = CPU_NAMES.get(cputype, f"cpu-0x{cputype & 0xFFFFFFFF:x}")
    return MachOSlice(arch=arch, minimum_macos=minimum, libraries=tuple(libraries))
