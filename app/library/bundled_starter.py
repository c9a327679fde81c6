"""The starter model that ships inside Hearth: found, checked once, registered where it lies.

Every installer carries SmolLM2-135M-Instruct (98 MB), so a new user's first answer needs no
network and no set-up step. When a profile opens with no model at all, `open_bundled_starter`
links the bundled file in place (never copied: the install already holds it), checks its size and
SHA-256 (the library's digest cache keeps the answer, so this happens once), and returns the new
record for the caller to make the default. A missing or damaged file becomes `problem`, one
sentence for the user; the app opens anyway.

Where "the bundled file" is:
- `HEARTH_STARTER_MODEL=PATH`: that file (packagers, tests); set but empty: this build carries
  none (the test suite's default, so a fresh test profile stays empty);
- an installed (frozen) build: `<bundle>/models/<file>`, put there by packaging/hearth.spec;
- a checkout: `.cache/models/<file>`, the copy `packaging/devenv.py` fetches for the tests, so
  `python -m app` on a fresh profile starts like the installed app;
- anything else (a pip-installed Hearth): none; `hearth setup` fetches the model instead.
"""

from __future__ import annotations

import builtins
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol

from app.library.model_library import ModelLibrary
from app.library.starter import STARTER_FILE_NAME, STARTER_SHA256, STARTER_SIZE
from app.storage.records import ModelRecord

log = logging.getLogger(__name__)

STARTER_ENV: Final = "HEARTH_STARTER_MODEL"
BUNDLED_MODELS_DIR: Final = "models"  # inside the frozen bundle; packaging/bundle_config.py
REMEDY: Final = "Reinstall Hearth, or download or import a model."


@dataclass(frozen=True)
class StarterStatus:
    """What became of the bundled starter model when the profile opened.

    `model_id`: its record in this profile (None: not registered); `path`: the bundled file
    (None: this build carries none); `problem`: a sentence for the user when the bundled file is
    missing or damaged, else None.
    """

    model_id: int | None
    path: Path | None
    problem: str | None


NO_STARTER: Final = StarterStatus(model_id=None, path=None, problem=None)


class StarterModelMissing(Exception):
    """The bundled starter cannot be used; `str(error)` is the sentence for the user."""


class ModelStore(Protocol):
    """The part of `app.library.model_repository.ModelRepository` used here."""

    def list(self) -> builtins.list[ModelRecord]: ...
    def find_by_sha256(self, sha256: str) -> builtins.list[ModelRecord]: ...
    def relocate(self, model_id: int, path: str) -> ModelRecord: ...


def bundled_starter_path() -> Path | None:
    """Where this build keeps its starter model (the file may be missing); None: it has none."""
    configured = os.environ.get(STARTER_ENV)
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's bootloader
    if bundle is not None:
        return Path(bundle) / BUNDLED_MODELS_DIR / STARTER_FILE_NAME
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file():  # a checkout
        return root / ".cache" / "models" / STARTER_FILE_NAME
    return None


def verify_bundled_starter(library: ModelLibrary, path: Path) -> None:
    """Raise `StarterModelMissing` unless `path` is the starter model, byte for byte.

    The size is checked first (a truncated file is caught without reading it); the SHA-256 comes
    from the library's cache while the file's size and mtime are unchanged.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise StarterModelMissing(
            f"Hearth's built-in starter model is missing (expected at {path}). {REMEDY}"
        ) from None
    except OSError as exc:
        raise StarterModelMissing(
            f"Hearth's built-in starter model cannot be read ({exc.strerror or exc}). {REMEDY}"
        ) from exc
    if not path.is_file() or size != STARTER_SIZE:
        raise StarterModelMissing(_damaged(path))
    try:
        digest = library.sha256(path)
    except Exception as exc:  # LibraryError, HashCancelled: say it, never crash the start
        raise StarterModelMissing(
            f"Hearth's built-in starter model cannot be read ({exc}). {REMEDY}"
        ) from exc
    if digest != STARTER_SHA256:
        raise StarterModelMissing(_damaged(path))


def link_bundled_starter(library: ModelLibrary, path: Path) -> ModelRecord:
    """Verify the bundled file and register it where it is (no copy); idempotent."""
    verify_bundled_starter(library, path)
    try:
        return library.import_model(path, copy=False)
    except Exception as exc:  # a header the scanner refuses is damage too
        raise StarterModelMissing(
            f"Hearth's built-in starter model could not be registered ({exc}). {REMEDY}"
        ) from exc


def registered_starter(models: ModelStore) -> ModelRecord | None:
    """The profile's starter model record whose file is still there (the first one)."""
    for record in models.find_by_sha256(STARTER_SHA256):
        if Path(record.path).is_file():
            return record
    return None


def open_bundled_starter(
    library: ModelLibrary, models: ModelStore, source: Path | None
) -> tuple[StarterStatus, ModelRecord | None]:
    """The starter's status as a profile opens, and the record when it was just registered
    (the caller makes that the default model). Never raises: a failure is `problem`."""
    if source is None:
        return NO_STARTER, None
    try:
        return _open(library, models, source)
    except StarterModelMissing as exc:
        log.warning("bundled starter model: %s", exc)
        return StarterStatus(model_id=None, path=source, problem=str(exc)), None
    except Exception as exc:  # the window must open whatever went wrong here
        log.exception("bundled starter model could not be checked")
        problem = f"Hearth's built-in starter model could not be checked ({exc}). {REMEDY}"
        return StarterStatus(model_id=None, path=source, problem=problem), None


def _open(
    library: ModelLibrary, models: ModelStore, source: Path
) -> tuple[StarterStatus, ModelRecord | None]:
    present = registered_starter(models)
    if present is not None:
        if Path(present.path) == source.resolve():
            verify_bundled_starter(library, source)  # cached: a stat and a lookup
        return StarterStatus(model_id=present.id, path=source, problem=None), None
    stale = models.find_by_sha256(STARTER_SHA256)
    if stale:
        # Registered before at a path that is gone: an AppImage mounts at a new path on every
        # start, an updated tar.gz lives in a new folder. Point the old record at this copy so
        # chats and the default model keep working.
        verify_bundled_starter(library, source)
        moved = models.relocate(stale[0].id, str(source.resolve()))
        log.info("starter model found at its new path %s", moved.path)
        return StarterStatus(model_id=moved.id, path=source, problem=None), None
    if models.list():
        # The user has other models (and removed the starter): do not add it back.
        return StarterStatus(model_id=None, path=source, problem=None), None
    record = link_bundled_starter(library, source)
    log.info("registered the bundled starter model %s (model %d)", record.path, record.id)
    return StarterStatus(model_id=record.id, path=source, problem=None), record


def _damaged(path: Path) -> str:
    return (
        f"Hearth's built-in starter model is damaged ({path.name} does not match its checksum), "
        f"so it was not used. {REMEDY}"
    )
