"""Checks of a built bundle that read its binaries' headers, so they run on any OS: Qt plugins
whose Qt library was pruned, and a macOS app's Info.plist against the binaries inside it.

build_bundle.verify() calls these after PyInstaller; each returns user-facing problem lines.
"""

from __future__ import annotations

import plistlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import macho
from linked_libraries import is_binary, linked_libraries

# How a Qt library appears in a binary's dependency list: libQt6Network.so.6 (ELF),
# Qt6Network.dll (PE), @rpath/QtNetwork.framework/Versions/A/QtNetwork (Mach-O).
QT_LIBRARY_FILE = re.compile(r"^(lib)?Qt6[A-Za-z0-9_]+(\.so(\.\d+)*|\.dll|\.dylib)$", re.IGNORECASE)
QT_FRAMEWORK = re.compile(r"(?:^|/)(Qt[A-Za-z0-9_]+)\.framework/")


def qt_library_name(recorded: str) -> str | None:
    """The file name a Qt dependency has inside the bundle; None for a non-Qt library."""
    framework = QT_FRAMEWORK.search(recorded)
    if framework:
        return framework.group(1)
    name = recorded.replace("\\", "/").rsplit("/", 1)[-1]
    return name if QT_LIBRARY_FILE.match(name) else None


def _files(root: Path) -> Iterator[Path]:
    """Regular files (not links) under root; rglob does not descend into linked folders."""
    return (path for path in sorted(root.rglob("*")) if path.is_file() and not path.is_symlink())


def is_qt_plugin(relative: Path) -> bool:
    """PySide6/Qt/plugins/... (Linux, macOS) or PySide6/plugins/... (Windows)."""
    parts = relative.parts
    return "PySide6" in parts and "plugins" in parts[parts.index("PySide6") :]


def orphaned_qt_plugins(root: Path) -> list[str]:
    """Plugins that link a Qt library the bundle does not hold: Qt skips them at run time, so
    they are dead weight at best, and a missing feature nobody notices at worst."""
    present = {path.name.lower() for path in root.rglob("*")}
    problems = []
    for plugin in _files(root):
        relative = plugin.relative_to(root)
        if not is_qt_plugin(relative) or not is_binary(plugin):
            continue
        try:
            libraries = linked_libraries(plugin)
        except ValueError as exc:
            problems.append(f"Qt plugin {relative.as_posix()} cannot be read: {exc}")
            continue
        missing = sorted(
            {
                name
                for library in libraries
                if (name := qt_library_name(library)) and name.lower() not in present
            }
        )
        if missing:
            problems.append(
                f"orphaned Qt plugin {relative.as_posix()}: it needs {', '.join(missing)}, which "
                "was pruned; prune the plugin too (bundle_config.PRUNED_QT)"
            )
    return problems


@dataclass(frozen=True)
class MinimumMacos:
    version: macho.Version
    binary: Path  # the (first) binary that needs it
    arch: str


def highest_minimum_macos(app: Path, archs: set[str]) -> MinimumMacos | None:
    """The newest `minos` among the slices for `archs` of every Mach-O file in the app."""
    highest: MinimumMacos | None = None
    for path in _files(app):
        if not macho.is_macho(path):
            continue
        for image in macho.read_slices(path):
            if image.arch not in archs or image.minimum_macos is None:
                continue
            if highest is None or image.minimum_macos > highest.version:
                highest = MinimumMacos(image.minimum_macos, path.relative_to(app), image.arch)
    return highest


def main_executable_archs(app: Path, info: dict[str, object]) -> set[str]:
    executable = app / "Contents" / "MacOS" / str(info.get("CFBundleExecutable", ""))
    if not executable.is_file():
        return set()
    return {image.arch for image in macho.read_slices(executable)}


def macos_app_problems(app: Path) -> list[str]:
    """What in Hearth.app's Info.plist contradicts the app: a background-only flag (no Dock
    icon, no menu bar) or a minimum macOS older than one of its binaries needs."""
    plist = app / "Contents" / "Info.plist"
    if not plist.is_file():
        return [f"{plist} is missing"]
    info = plistlib.loads(plist.read_bytes())
    problems = []
    if info.get("LSBackgroundOnly"):
        problems.append(
            "Info.plist sets LSBackgroundOnly: Hearth would start with no Dock icon and no menu "
            "bar (PyInstaller's default for a console executable; info_plist.py must override it)"
        )
    archs = main_executable_archs(app, info)
    if not archs:
        problems.append(f"Contents/MacOS/{info.get('CFBundleExecutable')} is not a Mach-O file")
        return problems
    stated_text = info.get("LSMinimumSystemVersion")
    if not isinstance(stated_text, str):
        problems.append("Info.plist has no LSMinimumSystemVersion")
        return problems
    needed = highest_minimum_macos(app, archs)
    if needed is not None and needed.version > macho.parse_version(stated_text):
        problems.append(
            f"Info.plist says macOS {stated_text} is enough, but {needed.binary.as_posix()} "
            f"({needed.arch}) needs macOS {macho.version_text(needed.version)}: on an older "
            "system the app would start and then crash; raise info_plist.MINIMUM_MACOS (and the "
            "README) or build that part for an older macOS"
        )
    return problems
