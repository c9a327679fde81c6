"""Where Hearth keeps its files, and the user's settings.

`HEARTH_HOME` replaces every user location (data, config, cache) with one directory, so tests and
scripts never touch a real profile.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

import platformdirs

from app.atomic_write import write_text_atomically

APP_NAME = "Hearth"
HOME_ENV = "HEARTH_HOME"

Theme = Literal["system", "light", "dark"]
# The window's language: "system" follows the OS (English where Hearth has no catalogue).
Language = Literal["system", "en", "de"]
LANGUAGES: tuple[Language, ...] = ("system", "en", "de")
GpuLayers = Literal["auto", "all", "none"] | int


@dataclass(frozen=True)
class Paths:
    """Every directory Hearth writes to."""

    data_dir: Path
    config_dir: Path
    cache_dir: Path
    log_root: Path | None = None  # the OS's per-user log folder; None: cache_dir/logs

    @property
    def database(self) -> Path:
        return self.data_dir / "hearth.sqlite3"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def adapters_dir(self) -> Path:
        return self.data_dir / "adapters"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def log_dir(self) -> Path:
        return self.log_root if self.log_root is not None else self.cache_dir / "logs"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "hearth.log"

    def ensure(self) -> Paths:
        for directory in (self.data_dir, self.config_dir, self.cache_dir, self.models_dir):
            directory.mkdir(parents=True, exist_ok=True)
        return self

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> Paths:
        """HEARTH_HOME (or `home`) when given, else the OS's per-user locations."""
        root = home if home is not None else os.environ.get(HOME_ENV)
        if root:
            base = Path(root).expanduser().resolve()
            return cls(
                data_dir=base / "data",
                config_dir=base / "config",
                cache_dir=base / "cache",
                log_root=base / "logs",
            )
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            log_root=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )


DEFAULT_SYSTEM_PROMPT = "You are a helpful, concise assistant."


@dataclass(frozen=True)
class Settings:
    """User preferences, persisted as JSON. Unknown keys are ignored, missing ones defaulted."""

    # 0 (Automatic): each reply uses the physical cores other programs leave free then.
    n_threads: int = 0
    n_ctx: int = 4096
    # Replies decoded together (the chat and local API clients at once); each has its own
    # n_ctx context cache, so fewer are used where memory does not allow. 1: one at a time.
    parallel_replies: int = 4
    gpu_layers: GpuLayers = "auto"
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    # None: chosen for the loaded model's size (app/chats/reply_length.py)
    max_tokens: int | None = None
    # Documents: a section whose fact check fails is written again up to this many times.
    template_max_retries: int = 2  # app.templates.fact_check.DEFAULT_MAX_RETRIES
    seed: int | None = None  # None: a fresh random seed per reply (always recorded)
    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    theme: Theme = "system"
    language: Language = "system"  # applied at the next start
    default_model_id: int | None = None
    idle_lock_minutes: int = 15  # an encrypted profile locks after this long idle; 0: never
    debug_logging: bool = False  # detailed logs, which may then include chat and document text
    # The user chose "Keep the starter model" on the first-run screen, so it stays closed at start.
    first_run_dismissed: bool = False
    # View > Show uncertainty: shade the words of replies the model was unsure of.
    show_uncertainty: bool = False
    # The address Adapter Studio's "Download…" offers for the training component archive (an
    # organisation may set it in settings.json). Empty by default: the release workflow keeps
    # the archives as build artifacts, with no fixed public address to build one from.
    training_component_url: str = ""

    def validated(self) -> Settings:
        """Clamp values into ranges llama.cpp accepts: a hand-edited file cannot break loading."""
        gpu: GpuLayers = self.gpu_layers
        if isinstance(gpu, int) and not isinstance(gpu, bool):
            gpu = max(0, gpu)
        elif gpu not in ("auto", "all", "none"):
            gpu = "auto"
        theme: Theme = self.theme if self.theme in ("system", "light", "dark") else "system"
        language: Language = self.language if self.language in LANGUAGES else "system"
        return replace(
            self,
            n_threads=max(0, int(self.n_threads)),
            n_ctx=min(max(256, int(self.n_ctx)), 1 << 20),
            parallel_replies=min(max(1, int(self.parallel_replies)), 16),
            gpu_layers=gpu,
            temperature=min(max(0.0, float(self.temperature)), 5.0),
            top_p=min(max(0.0, float(self.top_p)), 1.0),
            top_k=max(0, int(self.top_k)),
            min_p=min(max(0.0, float(self.min_p)), 1.0),
            repeat_penalty=min(max(0.0, float(self.repeat_penalty)), 5.0),
            max_tokens=None if self.max_tokens is None else max(1, int(self.max_tokens)),
            template_max_retries=min(max(0, int(self.template_max_retries)), 5),
            seed=None if self.seed is None else int(self.seed) & 0xFFFFFFFF,
            theme=theme,
            language=language,
            idle_lock_minutes=min(max(0, int(self.idle_lock_minutes)), 1440),
            first_run_dismissed=self.first_run_dismissed is True,
            training_component_url=(
                self.training_component_url.strip()
                if isinstance(self.training_component_url, str)
                else ""
            ),
        )


SETTINGS_VERSION = 2  # 2: max_tokens may be None (automatic)
_VERSION_KEY = "settings_version"
_OLD_DEFAULT_MAX_TOKENS = 512


class SettingsStore:
    """Loads and saves Settings atomically (write to a temporary file, then rename)."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def load(self) -> Settings:
        try:
            raw: Any = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Settings()
        except (OSError, ValueError):
            # A corrupt settings file must not stop the app from starting; defaults are safe.
            return Settings()
        if not isinstance(raw, dict):
            return Settings()
        version = raw.get(_VERSION_KEY)
        written_before_2 = not isinstance(version, int) or version < 2
        if written_before_2 and raw.get("max_tokens") == _OLD_DEFAULT_MAX_TOKENS:
            # Files from before version 2 wrote every default out, so this 512 is a default the
            # user never chose: None lets the reply length follow the model's size.
            raw["max_tokens"] = None
        known = {f.name for f in fields(Settings)}
        try:
            return Settings(**{k: v for k, v in raw.items() if k in known}).validated()
        except (TypeError, ValueError):
            return Settings()

    def save(self, settings: Settings) -> None:
        record = {**asdict(settings.validated()), _VERSION_KEY: SETTINGS_VERSION}
        payload = json.dumps(record, indent=2, sort_keys=True)
        write_text_atomically(self._path, payload)
