"""Installing a component archive (a zip with `hearth-component.json`) into the data folder.

Nothing is trusted before it is checked: the whole archive's sha256 against the hash the user
got with it (given, or the `FILE.sha256` beside it), then the manifest (this OS, CPU, Python ABI
and Hearth version), then every member (a safe relative path, no links, listed in the manifest)
and, while it is extracted, every file's size and sha256. Extraction goes to a hidden staging
folder that is renamed into place only when all of it checked out, so a refused, failed,
cancelled or killed install leaves the installed components as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import threading
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from app.components.manifest import (
    MANIFEST_NAME,
    ComponentError,
    Manifest,
    ManifestFile,
    current_platform,
    parse_manifest,
    safe_member_path,
)
from app.components.store import (
    RETIRED_PREFIX,
    STAGING_PREFIX,
    InstalledComponent,
    clear_leftovers,
    components_root,
)

CHUNK: Final = 1 << 20
# Room left free after the install: a full disk breaks the database and the logs.
DISK_MARGIN_BYTES: Final = 200_000_000
_HEX = re.compile(r"^[0-9a-fA-F]{64}$")

Progress = Callable[[str, int, int], None]  # (stage, done bytes, total bytes)


class InstallCancelled(ComponentError):
    pass


@dataclass(frozen=True)
class InstallOptions:
    sha256: str | None = None  # None: read FILE.sha256 beside the archive
    progress: Progress | None = None
    cancel: threading.Event | None = None


def expected_sha256(archive: Path, given: str | None) -> str:
    """The hash to check the archive against: `given`, else the sidecar file's first word."""
    if given is not None:
        digest = given.strip()
        if not _HEX.match(digest):
            raise ComponentError(f"--sha256 must be 64 hexadecimal digits, got {given!r}")
        return digest.lower()
    sidecar = archive.with_name(archive.name + ".sha256")
    try:
        words = sidecar.read_text("utf-8").split()
    except FileNotFoundError:
        raise ComponentError(
            f"no sha256 to check {archive.name} against: give it (--sha256 HEX) or keep "
            f"{sidecar.name}, published with the archive, beside it"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ComponentError(f"cannot read {sidecar}: {exc}") from exc
    if not words or not _HEX.match(words[0]):
        raise ComponentError(f"{sidecar.name} does not hold a sha256 (64 hexadecimal digits)")
    return words[0].lower()


def install_component(
    archive: Path, data_dir: Path, options: InstallOptions = InstallOptions()
) -> InstalledComponent:
    """Checks and installs `archive`; ComponentError says why it was refused."""
    if not archive.is_file():
        raise ComponentError(f"no such file: {archive}")
    expected = expected_sha256(archive, options.sha256)
    actual = _file_sha256(archive, options)
    if actual != expected:
        raise ComponentError(
            f"{archive.name} does not match its sha256 (expected {expected}, the file has "
            f"{actual}): it is damaged or not the published archive; nothing was installed"
        )
    try:
        with zipfile.ZipFile(archive) as bundle:
            manifest = _read_manifest(bundle)
            problem = manifest.incompatibility(current_platform())
            if problem:
                raise ComponentError(f"{problem}; nothing was installed")
            members = _checked_members(bundle, manifest)
            name_dir = components_root(data_dir) / manifest.component
            _check_disk_space(name_dir, manifest.total_bytes)
            return _extract(bundle, manifest, members, name_dir, options)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise ComponentError(
            f"{archive.name} is not a readable component archive ({exc}); nothing was installed"
        ) from exc


def _file_sha256(path: Path, options: InstallOptions) -> str:
    total = path.stat().st_size
    digest, done = hashlib.sha256(), 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            done += len(chunk)
            _tick(options, "verifying", done, total)
    return digest.hexdigest()


def _read_manifest(bundle: zipfile.ZipFile) -> Manifest:
    try:
        raw = bundle.read(MANIFEST_NAME)
    except KeyError:
        raise ComponentError(
            f"the archive has no {MANIFEST_NAME}: it is not a Hearth component"
        ) from None
    try:
        return parse_manifest(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ComponentError(f"the component's manifest is not valid JSON ({exc})") from exc


def _checked_members(bundle: zipfile.ZipFile, manifest: Manifest) -> dict[str, zipfile.ZipInfo]:
    """Every file member by path, after refusing unsafe or unlisted members."""
    files: dict[str, zipfile.ZipInfo] = {}
    for info in bundle.infolist():
        name = info.filename
        if not safe_member_path(name.rstrip("/")):
            raise ComponentError(f"the archive holds an unsafe path: {name!r}; nothing installed")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ComponentError(f"the archive holds a link: {name!r}; nothing was installed")
        if info.is_dir() or name == MANIFEST_NAME:
            continue
        files[name] = info
    listed = {f.path for f in manifest.files}
    extra = sorted(set(files) - listed)
    missing = sorted(listed - set(files))
    if extra or missing:
        detail = f"not in its manifest: {extra[0]}" if extra else f"missing: {missing[0]}"
        raise ComponentError(f"the archive does not match its manifest ({detail})")
    return files


def _check_disk_space(name_dir: Path, needed: int) -> None:
    probe = name_dir
    while not probe.exists():
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    if free < needed + DISK_MARGIN_BYTES:
        raise ComponentError(
            f"not enough disk space in {probe}: the component needs {needed / 1e6:.0f} MB "
            f"(plus {DISK_MARGIN_BYTES / 1e6:.0f} MB kept free), {free / 1e6:.0f} MB are free"
        )


def _extract(
    bundle: zipfile.ZipFile,
    manifest: Manifest,
    members: dict[str, zipfile.ZipInfo],
    name_dir: Path,
    options: InstallOptions,
) -> InstalledComponent:
    name_dir.mkdir(parents=True, exist_ok=True)
    clear_leftovers(name_dir)
    staging = name_dir / f"{STAGING_PREFIX}{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        done = 0
        for entry in manifest.files:
            _extract_one(bundle, members[entry.path], entry, staging)
            done += entry.size
            _tick(options, "installing", done, manifest.total_bytes)
        (staging / MANIFEST_NAME).write_text(json.dumps(manifest.to_json()), "utf-8")
        final = name_dir / manifest.version
        _swap_into_place(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return InstalledComponent(manifest, final, None)


def _extract_one(
    bundle: zipfile.ZipFile, info: zipfile.ZipInfo, entry: ManifestFile, staging: Path
) -> None:
    target = staging.joinpath(*entry.path.split("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with bundle.open(info) as source, target.open("wb") as sink:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > entry.size:
                break
            digest.update(chunk)
            sink.write(chunk)
    if size != entry.size or digest.hexdigest() != entry.sha256:
        raise ComponentError(
            f"{entry.path} in the archive does not match its manifest (size or sha256); "
            "nothing was installed"
        )
    mode = (info.external_attr >> 16) & 0o777
    if mode & 0o100:  # executables (helper binaries) stay executable
        os.chmod(target, 0o755)


def _swap_into_place(staging: Path, final: Path) -> None:
    """One rename makes the new version visible; a same-version reinstall retires the old one
    first (a crash in between leaves it in a retired folder, which is never used)."""
    if final.exists():
        retired = final.with_name(f"{RETIRED_PREFIX}{uuid.uuid4().hex}")
        final.rename(retired)
        try:
            staging.rename(final)
        except OSError:
            retired.rename(final)
            raise
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(final)


def _tick(options: InstallOptions, stage: str, done: int, total: int) -> None:
    if options.cancel is not None and options.cancel.is_set():
        raise InstallCancelled("install cancelled; nothing was installed")
    if options.progress is not None:
        options.progress(stage, done, total)
