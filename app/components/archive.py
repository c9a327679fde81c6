"""Writing a component archive: the release build's side of `app.components.install`.

The archive is a zip whose first member is the manifest (`hearth-component.json`), followed by
every file under the staged folder with its sha256 and size in that manifest; the archive's own
sha256 goes to `ARCHIVE.sha256` beside it (the form `sha256sum -c` reads).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.components.manifest import MANIFEST_NAME, Manifest, ManifestFile, Platform


@dataclass(frozen=True)
class ComponentSpec:
    component: str
    version: str
    variant: str
    platform: Platform
    hearth_min: str
    hearth_below: str
    site_dirs: Sequence[str]
    fallback_dirs: Sequence[str] = ()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_component_archive(
    staged: Path, out: Path, spec: ComponentSpec, *, compresslevel: int = 6
) -> Manifest:
    """Zips every regular file under `staged` (links are refused by the installer, so none may
    be there) into `out`, with the manifest first, and writes `out`.sha256."""
    paths = sorted(p for p in staged.rglob("*") if p.is_file() and not p.is_symlink())
    files = tuple(
        ManifestFile(p.relative_to(staged).as_posix(), file_sha256(p), p.stat().st_size)
        for p in paths
    )
    manifest = Manifest(
        component=spec.component,
        version=spec.version,
        variant=spec.variant,
        platform=spec.platform,
        hearth_min=spec.hearth_min,
        hearth_below=spec.hearth_below,
        files=files,
        site_dirs=tuple(spec.site_dirs),
        fallback_dirs=tuple(spec.fallback_dirs),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(
        partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel
    ) as bundle:
        bundle.writestr(MANIFEST_NAME, json.dumps(manifest.to_json(), indent=1))
        for path, entry in zip(paths, files, strict=True):
            bundle.write(path, entry.path)
    partial.replace(out)
    out.with_name(out.name + ".sha256").write_text(f"{file_sha256(out)}  {out.name}\n", "utf-8")
    return manifest
