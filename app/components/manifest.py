"""A component archive's manifest: what it is, which Hearth it fits, and every file's sha256.

A component ("training": torch, transformers, peft... for Adapter Studio; "ocr": rapidocr,
onnxruntime and OpenCV for scanned pages and pictures) is shipped apart from the installers
because it is larger than they can carry. It runs inside Hearth's own
Python, so an archive fits only one OS, one CPU architecture and one Python ABI (`cp311`), and
the range of Hearth versions built with that Python and those shared libraries.
"""

from __future__ import annotations

import platform
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from app import __version__

MANIFEST_NAME: Final = "hearth-component.json"
MANIFEST_FORMAT: Final = 1
KNOWN_COMPONENTS: Final = ("training", "ocr")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$")


class ComponentError(Exception):
    """A component that cannot be installed, listed or removed; the message is for the user."""


@dataclass(frozen=True)
class Platform:
    os: str  # linux | windows | macos
    arch: str  # x86_64 | arm64
    python: str  # the ABI tag, e.g. cp311

    def describe(self) -> str:
        return f"{self.os} {self.arch} {self.python}"


def current_platform() -> Platform:
    """The platform this Hearth runs on, in the manifest's words."""
    os_name = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower()
    arch = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return Platform(os_name, arch, f"cp{sys.version_info.major}{sys.version_info.minor}")


@dataclass(frozen=True)
class ManifestFile:
    path: str  # relative, forward slashes
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    component: str
    version: str
    variant: str  # cpu, or the CUDA build it was made with
    platform: Platform
    hearth_min: str  # the oldest Hearth it fits (inclusive)
    hearth_below: str  # the first Hearth it no longer fits
    files: tuple[ManifestFile, ...]
    site_dirs: tuple[str, ...]  # go first on sys.path
    fallback_dirs: tuple[str, ...]  # go last: standard library modules the frozen app left out

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": MANIFEST_FORMAT,
            "component": self.component,
            "version": self.version,
            "variant": self.variant,
            "os": self.platform.os,
            "arch": self.platform.arch,
            "python": self.platform.python,
            "hearth": {"min": self.hearth_min, "below": self.hearth_below},
            "site_dirs": list(self.site_dirs),
            "fallback_dirs": list(self.fallback_dirs),
            "total_bytes": self.total_bytes,
            "files": [{"path": f.path, "sha256": f.sha256, "size": f.size} for f in self.files],
        }

    def incompatibility(self, here: Platform, hearth_version: str = __version__) -> str | None:
        """Why this component cannot run in this Hearth, or None when it fits."""
        if self.platform != here:
            return (
                f"this {self.component} component is for {self.platform.describe()}, "
                f"but this Hearth runs on {here.describe()}; get the archive made for it"
            )
        version = version_key(hearth_version)
        if not version_key(self.hearth_min) <= version < version_key(self.hearth_below):
            return (
                f"this {self.component} component fits Hearth {self.hearth_min} up to (not "
                f"including) {self.hearth_below}; this is Hearth {hearth_version}"
            )
        return None


def version_key(version: str) -> tuple[int, ...]:
    """`1.2.10` -> (1, 2, 10); anything after the numbers (`+cpu`, `rc1`) is ignored."""
    numbers = re.match(r"^\d+(?:\.\d+)*", version)
    if numbers is None:
        raise ComponentError(f"not a version number: {version!r}")
    return tuple(int(part) for part in numbers.group(0).split("."))


def safe_member_path(path: str) -> bool:
    """A relative path that stays inside the folder it is extracted to, on every OS."""
    if not path or path.startswith(("/", "\\")) or "\\" in path or ":" in path:
        return False
    parts = path.split("/")
    return all(part not in ("", ".", "..") for part in parts)


def parse_manifest(data: Any) -> Manifest:
    """A Manifest from decoded JSON; ComponentError names the first thing that is wrong."""
    if not isinstance(data, Mapping):
        raise ComponentError("the component's manifest is not a JSON object")
    if data.get("format") != MANIFEST_FORMAT:
        raise ComponentError(
            f"the component's manifest has format {data.get('format')!r}; this Hearth reads "
            f"format {MANIFEST_FORMAT} (a newer Hearth may be needed)"
        )
    try:
        component = _text(data, "component")
        if component not in KNOWN_COMPONENTS:
            known = ", ".join(KNOWN_COMPONENTS)
            raise ComponentError(f"unknown component {component!r} (known: {known})")
        version = _text(data, "version")
        if not _VERSION.match(version):
            raise ComponentError(f"the component's version {version!r} is not valid")
        hearth = data["hearth"]
        hearth_min, hearth_below = str(hearth["min"]), str(hearth["below"])
        version_key(hearth_min), version_key(hearth_below)
        files = tuple(_file(entry) for entry in data["files"])
        site_dirs = tuple(str(d) for d in data["site_dirs"])
        fallback_dirs = tuple(str(d) for d in data.get("fallback_dirs", ()))
        manifest = Manifest(
            component=component,
            version=version,
            variant=_text(data, "variant"),
            platform=Platform(_text(data, "os"), _text(data, "arch"), _text(data, "python")),
            hearth_min=hearth_min,
            hearth_below=hearth_below,
            files=files,
            site_dirs=site_dirs,
            fallback_dirs=fallback_dirs,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ComponentError(
            f"the component's manifest is incomplete or malformed ({exc})"
        ) from exc
    for folder in (*site_dirs, *fallback_dirs):
        if not safe_member_path(folder):
            raise ComponentError(f"the component's manifest names an unsafe folder: {folder!r}")
    if len({f.path for f in files}) != len(files):
        raise ComponentError("the component's manifest lists a file twice")
    if data.get("total_bytes") != manifest.total_bytes:
        raise ComponentError("the component's manifest total size does not match its files")
    return manifest


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} must be a non-empty string")
    return value


def _file(entry: Any) -> ManifestFile:
    path, digest, size = str(entry["path"]), str(entry["sha256"]).lower(), entry["size"]
    if not safe_member_path(path) or path == MANIFEST_NAME:
        raise ComponentError(f"the component's manifest names an unsafe file path: {path!r}")
    if not _SHA256.match(digest):
        raise ComponentError(f"the component's manifest has a malformed sha256 for {path}")
    if not isinstance(size, int) or size < 0:
        raise ComponentError(f"the component's manifest has a malformed size for {path}")
    return ManifestFile(path, digest, size)
