"""Find GGUF models already on this computer: in a folder the user picks, or in the folders of
other local-LLM apps (LM Studio, Ollama, GPT4All, Jan, the Hugging Face cache).

Only cheap checks run here (the GGUF magic and the first metadata entries, see `gguf_probe`),
so a scan of a large folder stays quick; the full header scan and the hash happen when the user
adds a model. Everything is found by its real path (symlinks resolved), so the same file seen
twice (a Hugging Face snapshot link and its blob, two Ollama tags of one blob) is listed once.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Final

from app.library.gguf_probe import has_gguf_magic, probe_gguf

log = logging.getLogger(__name__)

FOLDER: Final = "Folder"
LM_STUDIO: Final = "LM Studio"
OLLAMA: Final = "Ollama"
GPT4ALL: Final = "GPT4All"
JAN: Final = "Jan"
HUGGING_FACE: Final = "Hugging Face"

OLLAMA_MODEL_LAYER: Final = "application/vnd.ollama.image.model"
# A file without an extension is only looked at when it is at least this big: no model is
# smaller, and opening every small file of a home folder would make a scan slow.
MIN_EXTENSIONLESS_BYTES: Final = 1024 * 1024
# "model-00002-of-00004.gguf": llama.cpp loads the first part and finds the others itself.
_SPLIT_PART = re.compile(r"-(\d{5})-of-(\d{5})$")
# File names that say nothing (Jan stores "<model id>/model.gguf"): the folder names the model.
_GENERIC_STEMS = {"model", "ggml-model", "weights"}


@dataclass(frozen=True)
class FoundModel:
    path: Path  # the real file (symlinks resolved): what gets registered
    name: str  # what the user knows it by: file name, Ollama "model:tag"...
    source: str  # FOLDER, LM_STUDIO, OLLAMA, GPT4ALL, JAN, HUGGING_FACE
    size_bytes: int
    origin: str = ""  # where in that app: a Hugging Face repo id, a subfolder, Ollama's model


class ScanCancelled(Exception):
    """The cancel event was set during a scan."""


class _Collector:
    """Accepts each real file once, skipping known ones and anything that is not a model."""

    def __init__(self, known: Iterable[str | Path], cancel: threading.Event | None) -> None:
        self._seen = {_real(Path(p)) for p in known}
        self._cancel = cancel
        self.found: list[FoundModel] = []

    def check_cancel(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise ScanCancelled("the scan was cancelled")

    def offer(self, path: Path, *, name: str, source: str, origin: str = "") -> None:
        self.check_cancel()
        real = _real(path)
        if real in self._seen:
            return
        self._seen.add(real)
        try:
            if not real.is_file():
                return
            size = real.stat().st_size
        except OSError:
            return
        probe = probe_gguf(real)
        if probe is None or not probe.is_model:
            return
        self.found.append(FoundModel(real, name, source, size, origin))


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return path.absolute()


def _display_name(path: Path) -> str:
    stem = _SPLIT_PART.sub("", path.stem) if path.suffix.lower() == ".gguf" else path.name
    if stem.lower() in _GENERIC_STEMS and path.parent.name:
        return path.parent.name
    return stem


def _is_candidate(path: Path, entry: os.DirEntry[str]) -> bool:
    """A file worth opening: a .gguf (but not a second or later split part), or a big file
    without an extension (Ollama's blobs), with the GGUF magic."""
    suffix = path.suffix.lower()
    if suffix == ".gguf":
        split = _SPLIT_PART.search(path.stem)
        if split and int(split.group(1)) != 1:
            return False
    elif suffix:  # Ollama's "sha256-<hex>" blobs have none
        return False
    else:
        try:
            if entry.stat().st_size < MIN_EXTENSIONLESS_BYTES:
                return False
        except OSError:
            return False
    return has_gguf_magic(path)


def _walk_files(root: Path, *, recursive: bool, collector: _Collector) -> Iterator[Path]:
    """Candidate files under `root`. Follows symlinked folders, but each real folder once, so a
    link loop ends; unreadable folders are skipped."""
    visited: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        collector.check_cancel()
        try:
            info = folder.stat()
        except OSError:
            continue
        key = (info.st_dev, info.st_ino)
        if key in visited:
            continue
        visited.add(key)
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            log.debug("skipped %s: %s", folder, exc)
            continue
        for entry in listed:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows symlinks
                is_file = not is_dir and entry.is_file()
            except OSError:
                continue
            if is_dir:
                if recursive and not entry.name.startswith("."):
                    stack.append(path)
            elif is_file and _is_candidate(path, entry):
                yield path


def _scan_into(
    collector: _Collector, root: Path, *, source: str, recursive: bool = True, origin: str = ""
) -> None:
    if not root.is_dir():
        return
    for path in _walk_files(root, recursive=recursive, collector=collector):
        # The subfolder tells models apart: LM Studio's "publisher/repository" folders.
        where = origin or _relative_folder(path, root)
        collector.offer(path, name=_display_name(path), source=source, origin=where)


def _relative_folder(path: Path, root: Path) -> str:
    try:
        relative = path.parent.relative_to(root)
    except ValueError:
        return ""
    return "" if relative == Path() else relative.as_posix()


def scan_folder(
    path: Path,
    *,
    recursive: bool = True,
    cancel: threading.Event | None = None,
    known: Iterable[str | Path] = (),
) -> list[FoundModel]:
    """GGUF models in `path` (and its subfolders), except those in `known` (registered paths).

    Raises `ScanCancelled` when `cancel` is set, and `NotADirectoryError` for a path that is
    not a folder.
    """
    root = Path(path).expanduser()
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a folder")
    collector = _Collector(known, cancel)
    _scan_into(collector, root, source=FOLDER, recursive=recursive)
    return collector.found


# ---- other apps ---------------------------------------------------------------------------------


def _data_homes(home: Path, env: Mapping[str, str]) -> list[Path]:
    """Per-user application data folders on Linux (XDG), macOS and Windows."""
    return [
        Path(env.get("XDG_DATA_HOME") or home / ".local" / "share"),
        home / "Library" / "Application Support",
        Path(env.get("APPDATA") or home / "AppData" / "Roaming"),
        Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local"),
    ]


def _lm_studio_roots(home: Path, env: Mapping[str, str]) -> list[Path]:
    roots = [home / ".lmstudio" / "models", home / ".cache" / "lm-studio" / "models"]
    # The user can move LM Studio's models folder; its settings remember where.
    for app_folder in (home / ".lmstudio", home / ".cache" / "lm-studio"):
        folder = _json_field(app_folder / "settings.json", "downloadsFolder")
        if folder:
            roots.insert(0, Path(folder).expanduser())
    return roots


def _gpt4all_roots(home: Path, env: Mapping[str, str]) -> list[Path]:
    roots = [base / "nomic.ai" / "GPT4All" for base in _data_homes(home, env)]
    config_home = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
    for config in (config_home, home / "Library" / "Preferences"):
        folder = _ini_value(config / "nomic.ai" / "GPT4All.ini", "modelPath")
        if folder:
            roots.insert(0, Path(folder).expanduser())
    return roots


def _jan_roots(home: Path, env: Mapping[str, str]) -> list[Path]:
    data_folders = [home / "jan"] + [base / "Jan" / "data" for base in _data_homes(home, env)]
    return [folder / sub for folder in data_folders for sub in ("models", "llamacpp/models")]


def _hf_hub_cache(home: Path, env: Mapping[str, str]) -> Path:
    if env.get("HF_HUB_CACHE"):
        return Path(env["HF_HUB_CACHE"]).expanduser()
    if env.get("HF_HOME"):
        return Path(env["HF_HOME"]).expanduser() / "hub"
    cache = Path(env.get("XDG_CACHE_HOME") or home / ".cache")
    return cache / "huggingface" / "hub"


def _ollama_models(home: Path, env: Mapping[str, str], *, system_wide: bool) -> list[Path]:
    if env.get("OLLAMA_MODELS"):
        return [Path(env["OLLAMA_MODELS"]).expanduser()]
    folders = [home / ".ollama" / "models"]
    if system_wide:
        # The Linux installer runs Ollama as a service user whose home is /usr/share/ollama.
        folders.append(Path("/usr/share/ollama/.ollama/models"))
    return folders


def _scan_ollama(collector: _Collector, models: Path) -> None:
    """Ollama keeps models as content-addressed blobs; the manifests
    (manifests/<host>/<namespace>/<model>/<tag>) say which blob holds each tag's weights."""
    manifests = models / "manifests"
    if not manifests.is_dir():
        return
    for manifest in sorted(manifests.glob("*/*/*/*")):
        collector.check_cancel()
        namespace, model, tag = manifest.parts[-3:]
        blob = _ollama_model_blob(manifest, models / "blobs")
        if blob is None:
            continue
        name = f"{model}:{tag}" if namespace == "library" else f"{namespace}/{model}:{tag}"
        collector.offer(blob, name=name, source=OLLAMA, origin=f"{namespace}/{model}")


def _ollama_model_blob(manifest: Path, blobs: Path) -> Path | None:
    try:
        layers = json.loads(manifest.read_text(encoding="utf-8")).get("layers", [])
    except (OSError, ValueError, AttributeError) as exc:
        log.info("skipped Ollama manifest %s: %s", manifest, exc)
        return None
    for layer in layers if isinstance(layers, list) else []:
        if not isinstance(layer, dict) or layer.get("mediaType") != OLLAMA_MODEL_LAYER:
            continue
        digest = str(layer.get("digest", ""))
        algorithm, _, hex_digest = digest.partition(":")
        if not re.fullmatch(r"[0-9a-f]{64}", hex_digest):
            return None
        # Current Ollama names blobs "sha256-<hex>"; early versions used "sha256:<hex>".
        for candidate in (blobs / f"{algorithm}-{hex_digest}", blobs / digest):
            if candidate.is_file():
                return candidate
    return None


def _scan_hugging_face(collector: _Collector, hub: Path) -> None:
    """models--<org>--<name>/snapshots/<revision>/<file>.gguf, links into ../../blobs."""
    if not hub.is_dir():
        return
    for repo in sorted(hub.glob("models--*")):
        repo_id = "/".join(repo.name.split("--")[1:])
        snapshots = repo / "snapshots"
        if snapshots.is_dir():
            _scan_into(collector, snapshots, source=HUGGING_FACE, origin=repo_id)


def discover_other_apps(
    home: Path | None = None,
    env: Mapping[str, str] = os.environ,
    *,
    known: Iterable[str | Path] = (),
    cancel: threading.Event | None = None,
) -> list[FoundModel]:
    """Models that LM Studio, Ollama, GPT4All, Jan and the Hugging Face cache keep on this
    computer, except those in `known`. `home` and `env` default to the real ones; with another
    `home` (tests) nothing outside it is looked at unless `env` points there."""
    system_wide = home is None
    home = Path(home) if home is not None else Path.home()
    collector = _Collector(known, cancel)
    scans: list[tuple[str, Callable[[], None]]] = []
    for root in _lm_studio_roots(home, env):
        scans.append((LM_STUDIO, partial(_scan_into, collector, root, source=LM_STUDIO)))
    for models in _ollama_models(home, env, system_wide=system_wide):
        scans.append((OLLAMA, partial(_scan_ollama, collector, models)))
    for root in _gpt4all_roots(home, env):
        scans.append((GPT4ALL, partial(_scan_into, collector, root, source=GPT4ALL)))
    for root in _jan_roots(home, env):
        scans.append((JAN, partial(_scan_into, collector, root, source=JAN)))
    hub = _hf_hub_cache(home, env)
    scans.append((HUGGING_FACE, partial(_scan_hugging_face, collector, hub)))
    for source, scan in scans:
        try:
            scan()
        except OSError as exc:  # one app's unreadable folder must not hide the others
            log.info("skipped part of the %s folders: %s", source, exc)
    return collector.found


def _json_field(path: Path, key: str) -> str | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get(key)
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and value else None


def _ini_value(path: Path, key: str) -> str | None:
    """A value from a Qt settings file (GPT4All.ini); Qt writes `key=value` lines."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for line in lines:
        name, sep, value = line.partition("=")
        if sep and name.strip() == key and value.strip():
            return value.strip().strip('"')
    return None
