"""Smallest valid ELF, PE and Mach-O files, built byte by byte, for the header readers' tests.

Each carries only what the readers look at (dependency tables, minimum-OS load commands), laid
out as the format's specification says, so a reader that gets an offset wrong fails on them.
"""

from __future__ import annotations

import struct

CPU_X86_64 = 0x01000007
CPU_ARM64 = 0x0100000C
MH_MAGIC_64 = 0xFEEDFACF
MH_DYLIB = 6
LC_BUILD_VERSION = 0x32
LC_VERSION_MIN_MACOSX = 0x24
LC_LOAD_DYLIB = 0xC
LC_LOAD_WEAK_DYLIB = 0x80000018


def pack_version(major: int, minor: int = 0, patch: int = 0) -> int:
    return major << 16 | minor << 8 | patch


def _pad8(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 8)


def macho_image(
    *,
    arch: int = CPU_ARM64,
    minos: tuple[int, int] | None = (14, 0),
    old_style: bool = False,
    libraries: tuple[str, ...] = (),
    weak: tuple[str, ...] = (),
) -> bytes:
    """A thin 64-bit Mach-O dylib: LC_BUILD_VERSION (or, old_style, LC_VERSION_MIN_MACOSX)
    and one LC_LOAD_DYLIB per library."""
    commands = []
    if minos is not None:
        if old_style:
            commands.append(
                struct.pack("<IIII", LC_VERSION_MIN_MACOSX, 16, pack_version(*minos), 0)
            )
        else:
            commands.append(
                struct.pack("<IIIIII", LC_BUILD_VERSION, 24, 1, pack_version(*minos), 0, 0)
            )
    for command, names in ((LC_LOAD_DYLIB, libraries), (LC_LOAD_WEAK_DYLIB, weak)):
        for name in names:
            body = _pad8(struct.pack("<IIIIII", command, 0, 24, 2, 0, 0) + name.encode() + b"\0")
            commands.append(body[:4] + struct.pack("<I", len(body)) + body[8:])
    load = b"".join(commands)
    header = struct.pack(
        "<IiiIIIII", MH_MAGIC_64, arch, 0, MH_DYLIB, len(commands), len(load), 0, 0
    )
    return header + load + b"\0" * 64  # some code after the commands


def fat_binary(*slices: tuple[int, bytes]) -> bytes:
    """A universal binary of (cputype, image) slices, each aligned to 2**12."""
    align = 1 << 12
    header = struct.pack(">II", 0xCAFEBABE, len(slices))
    table, body = b"", b""
    offset = align
    for cputype, image in slices:
        table += struct.pack(">iiIII", cputype, 0, offset, len(image), 12)
        padded = image + b"\0" * (-len(image) % align)
        body += padded
        offset += len(padded)
    head = header + table
    return head + b"\0" * (align - len(head)) + body


def elf_shared_object(needed: tuple[str, ...]) -> bytes:
    """A 64-bit little-endian ELF with .dynstr and .dynamic sections (DT_NEEDED entries)."""
    strings = b"\0"
    offsets = []
    for name in needed:
        offsets.append(len(strings))
        strings += name.encode() + b"\0"
    dynamic = b"".join(struct.pack("<qQ", 1, offset) for offset in offsets)
    dynamic += struct.pack("<qQ", 0, 0)  # DT_NULL
    strings_at = 64
    dynamic_at = strings_at + len(_pad8(strings))
    sections_at = dynamic_at + len(dynamic)
    section = "<IIQQQQIIQQ"
    sections = struct.pack(section, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    sections += struct.pack(section, 0, 3, 0, 0, strings_at, len(strings), 0, 0, 1, 0)
    sections += struct.pack(section, 0, 6, 0, 0, dynamic_at, len(dynamic), 1, 0, 8, 16)
    ident = b"\x7fELF" + bytes([2, 1, 1]) + b"\0" * 9
    header = ident + struct.pack(
        "<HHIQQQIHHHHHH", 3, 62, 1, 0, 0, sections_at, 0, 64, 56, 0, 64, 3, 0
    )
    return header + _pad8(strings) + dynamic + sections


def pe_dll(imports: tuple[str, ...], delay_imports: tuple[str, ...] = ()) -> bytes:
    """A PE32+ DLL with one section holding an import table and a delay-import table."""
    section_rva, section_raw = 0x1000, 0x200
    import_table_size = 20 * (len(imports) + 1)
    delay_table_size = 32 * (len(delay_imports) + 1)
    names_rva = section_rva + import_table_size + delay_table_size
    names = b""
    import_table = b""
    for name in imports:
        import_table += struct.pack("<IIIII", 0, 0, 0, names_rva + len(names), 0)
        names += name.encode() + b"\0"
    import_table += bytes(20)
    delay_table = b""
    for name in delay_imports:
        delay_table += struct.pack("<IIIIIIII", 1, names_rva + len(names), 0, 0, 0, 0, 0, 0)
        names += name.encode() + b"\0"
    delay_table += bytes(32)
    section_data = import_table + delay_table + names
    section_data += b"\0" * (-len(section_data) % 0x200)

    directories = [(0, 0)] * 16
    directories[1] = (section_rva, import_table_size)
    if delay_imports:
        directories[13] = (section_rva + import_table_size, delay_table_size)
    optional = struct.pack("<H", 0x20B) + b"\0" * 106 + struct.pack("<I", 16)
    optional += b"".join(struct.pack("<II", rva, size) for rva, size in directories)
    coff = struct.pack("<HHIIIHH", 0x8664, 1, 0, 0, 0, len(optional), 0x2022)
    section_header = b".idata\0\0" + struct.pack(
        "<IIIIIIHHI", len(section_data), section_rva, len(section_data), section_raw, 0, 0, 0, 0, 0
    )
    dos = b"MZ" + b"\0" * 58 + struct.pack("<I", 0x40)
    head = dos + b"PE\0\0" + coff + optional + section_header
    return head + b"\0" * (section_raw - len(head)) + section_data
