"""Which shared libraries a Linux bundle needs from the system, and which it cannot find.

`ldd` is run on every ELF file of the bundle with the bundle's own folders on LD_LIBRARY_PATH
(as PyInstaller's bootloader sets it), so a library that resolves neither inside the bundle nor
on the system is reported as missing: the failure a user would otherwise meet as "could not load
the Qt platform plugin xcb". The system libraries found are mapped to their Debian packages with
`dpkg -S` to write the .deb's Depends.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
# Qt loads these plugins only when the desktop asks for them and skips one whose libraries are
# absent (no GTK: no GTK theme, same app). Their missing libraries are reported, not fatal.
OPTIONAL_PLUGIN_DIRS = (
    "platformthemes",
    "platforminputcontexts",
    "xcbglintegrations",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
)
LDD_LINE = re.compile(r"^\s*(\S+)\s+=>\s+(not found|\S+)")


@dataclass
class ElfReport:
    missing: dict[str, set[str]] = field(default_factory=dict)  # library -> files that need it
    optional_missing: dict[str, set[str]] = field(default_factory=dict)  # only optional plugins
    system: dict[str, set[str]] = field(default_factory=dict)  # system path -> files


def elf_files(bundle: Path) -> list[Path]:
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) == ELF_MAGIC:
                found.append(path)
    return found


def library_dirs(bundle: Path, files: list[Path]) -> list[str]:
    return sorted({str(path.parent) for path in files} | {str(bundle)})


def is_optional(path: Path) -> bool:
    return path.parent.name in OPTIONAL_PLUGIN_DIRS and path.parent.parent.name == "plugins"


def scan(bundle: Path) -> ElfReport:
    files = elf_files(bundle)
    env = dict(os.environ, LD_LIBRARY_PATH=os.pathsep.join(library_dirs(bundle, files)))
    report = ElfReport()
    root = bundle.resolve()
    for path in files:
        result = subprocess.run(
            ["ldd", str(path)], capture_output=True, text=True, env=env, check=False
        )
        for line in result.stdout.splitlines():
            match = LDD_LINE.match(line)
            if not match:
                continue
            name, where = match.groups()
            user = str(path.relative_to(bundle))
            if where == "not found":
                target = report.optional_missing if is_optional(path) else report.missing
                target.setdefault(name, set()).add(user)
            elif not Path(where).resolve().is_relative_to(root):
                report.system.setdefault(where, set()).add(user)
    return report


def debian_package_of(library: str) -> str | None:
    """The installed Debian package that owns `library` (trying the /usr-merged twin too)."""
    candidates = [library]
    if library.startswith("/usr/"):
        candidates.append(library.removeprefix("/usr"))
    else:
        candidates.append("/usr" + library)
    for candidate in candidates:
        result = subprocess.run(
            ["dpkg", "-S", candidate], capture_output=True, text=True, check=False
        )
        if result.returncode == 0 and ":" in result.stdout:
            package = result.stdout.split(":", 1)[0].strip()
            # "libfoo1:amd64" -> "libfoo1"; a diversion line has no package we can depend on
            return package.split(",")[0].strip() or None
    return None


def debian_depends(report: ElfReport) -> list[str]:
    packages = {debian_package_of(path) for path in report.system}
    return sorted(package for package in packages if package)
