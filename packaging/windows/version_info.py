"""The Windows version resource of Hearth.exe (Explorer's Details tab, installers, SmartScreen)."""

from __future__ import annotations

from pathlib import Path

from bundle_config import APP_NAME, numeric_version

TEMPLATE = """# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', '{name}'),
      StringStruct('FileDescription', '{name}: private, offline assistants'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', '{name}'),
      StringStruct('OriginalFilename', '{name}.exe'),
      StringStruct('ProductName', '{name}'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def version_file_text(version: str) -> str:
    numbers = tuple(int(part) for part in numeric_version(version).split("."))
    return TEMPLATE.format(numbers=numbers, name=APP_NAME, version=version)


def write_version_file(version: str, folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "version_info.txt"
    path.write_text(version_file_text(version), encoding="utf-8")
    return str(path)
