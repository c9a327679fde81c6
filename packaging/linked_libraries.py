"""The shared libraries a binary loads, read from its headers in pure Python for all three
formats (ELF DT_NEEDED, PE import and delay-import tables, Mach-O LC_LOAD_DYLIB), so a bundle
built on any OS can be checked on that OS without ldd, dumpbin or otool.
"""

from __future__ import annotations

import struct
from pathlib import Path

import macho

ELF_MAGIC = b"\x7fELF"
PE_MAGIC = b"MZ"
SHT_DYNAMIC = 6
DT_NULL, DT_NEEDED = 0, 1
PE_IMPORT_DIRECTORY, PE_DELAY_IMPORT_DIRECTORY = 1, 13


class BinaryFormatError(ValueError):
    """A file that starts like a binary but whose tables point outside it."""


def is_binary(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return False
    return head == ELF_MAGIC or head[:2] == PE_MAGIC or macho.is_macho(path)


def linked_libraries(path: Path) -> list[str]:
    """Library names as the binary records them ([] for anything that is not a binary)."""
    with path.open("rb") as handle:
        head = handle.read(4)
    try:
        if head == ELF_MAGIC:
            return elf_needed(path.read_bytes(), path)
        if head[:2] == PE_MAGIC:
            return pe_imports(path.read_bytes(), path)
    except struct.error as exc:  # a table that ends past the end of the file
        raise BinaryFormatError(f"{path}: cut short ({exc})") from exc
    return [name for image in macho.read_slices(path) for name in image.libraries]


def _c_string(data: bytes, offset: int, path: Path) -> str:
    if not 0 <= offset < len(data):
        raise BinaryFormatError(f"{path}: a name points outside the file")
    return data[offset:].split(b"\0", 1)[0].decode("utf-8", "replace")


def elf_needed(data: bytes, path: Path) -> list[str]:
    if len(data) < 64:
        raise BinaryFormatError(f"{path}: ELF header is cut short")
    wide = data[4] == 2
    order = "<" if data[5] == 1 else ">"
    if wide:
        shoff, shentsize, shnum = (
            struct.unpack_from(order + "Q", data, 0x28)[0],
            *struct.unpack_from(order + "HH", data, 0x3A),
        )
        section_format = "IIQQQQIIQQ"
    else:
        shoff, shentsize, shnum = (
            struct.unpack_from(order + "I", data, 0x20)[0],
            *struct.unpack_from(order + "HH", data, 0x2E),
        )
        section_format = "IIIIIIIIII"
    if shoff + shentsize * shnum > len(data):
        raise BinaryFormatError(f"{path}: ELF section table runs past the end of the file")
    sections = [
        struct.unpack_from(order + section_format, data, shoff + index * shentsize)
        for index in range(shnum)
    ]
    needed = []
    entry_format = order + ("qQ" if wide else "iI")
    entry_size = struct.calcsize(entry_format)
    for _name, kind, _flags, _addr, offset, size, link, *_rest in sections:
        if kind != SHT_DYNAMIC or link >= len(sections):
            continue
        strings_offset = sections[link][4]
        for start in range(offset, min(offset + size, len(data)) - entry_size + 1, entry_size):
            tag, value = struct.unpack_from(entry_format, data, start)
            if tag == DT_NULL:
                break
            if tag == DT_NEEDED:
                needed.append(_c_string(data, strings_offset + value, path))
    return needed


def pe_imports(data: bytes, path: Path) -> list[str]:
    if len(data) < 0x40:
        raise BinaryFormatError(f"{path}: DOS header is cut short")
    pe_offset = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe_offset : pe_offset + 4] != b"PE\0\0":
        return []  # a DOS program, or a file that merely starts with "MZ"
    section_count, optional_size = struct.unpack_from("<H12xH", data, pe_offset + 6)
    optional = pe_offset + 24
    magic = struct.unpack_from("<H", data, optional)[0]
    directories = optional + (112 if magic == 0x20B else 96)
    directory_count = struct.unpack_from("<I", data, directories - 4)[0]
    sections = [
        struct.unpack_from("<8xIIII", data, optional + optional_size + index * 40)
        for index in range(section_count)
    ]

    def file_offset(rva: int) -> int:
        for virtual_size, virtual_address, raw_size, raw_offset in sections:
            if virtual_address <= rva < virtual_address + max(virtual_size, raw_size):
                return int(rva - virtual_address + raw_offset)
        raise BinaryFormatError(f"{path}: address 0x{rva:x} is in no section")

    def directory(index: int) -> int:
        if index >= directory_count:
            return 0
        return int(struct.unpack_from("<I", data, directories + index * 8)[0])

    names = []
    for index, entry_size, name_field in (
        (PE_IMPORT_DIRECTORY, 20, 12),  # IMAGE_IMPORT_DESCRIPTOR: Name at +12
        (PE_DELAY_IMPORT_DIRECTORY, 32, 4),  # IMAGE_DELAYLOAD_DESCRIPTOR: DllNameRVA at +4
    ):
        rva = directory(index)
        if not rva:
            continue
        cursor = file_offset(rva)
        while cursor + entry_size <= len(data):
            entry = data[cursor : cursor + entry_size]
            if entry == bytes(entry_size):
                break
            name_rva = struct.unpack_from("<I", entry, name_field)[0]
            names.append(_c_string(data, file_offset(name_rva), path))
            cursor += entry_size
    return names
