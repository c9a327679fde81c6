""" "Copy diagnostics": what a support request needs, and nothing the user wrote.

Versions (Hearth, Python, Qt, llama.cpp), compute backend and devices, where Hearth keeps its
files, the settings minus the system prompt, and the recent warnings and errors from the log,
scrubbed. Never chat, document or template text, never prompts. Qt-free: the GUI puts
`diagnostics_text(...)` on the clipboard, the CLI can print it.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Final

from app import __version__
from app.config import Paths, Settings

# Settings fields that are user-written text, never copied into a report.
PRIVATE_SETTINGS: Final = frozenset({"system_prompt"})
MAX_RECENT_LINES: Final = 30
MAX_LINE_CHARS: Final = 300
_LOG_PROBLEM = re.compile(r"\s(WARNING|ERROR|CRITICAL)\s")
_QUOTED = re.compile(r"(['\"])(?:(?!\1).){80,}\1")


@dataclass(frozen=True)
class EngineFacts:
    """What the running engine reports; the caller supplies it (app/engine owns llama.cpp)."""

    backend: str = "unknown"  # "CPU", "CUDA", "Metal"... of the loaded model
    devices: tuple[str, ...] = ()
    system_info: str = ""


@dataclass(frozen=True)
class Diagnostics:
    versions: dict[str, str]
    platform: dict[str, str]
    engine: EngineFacts
    paths: dict[str, str]
    settings: dict[str, object]
    recent_problems: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        lines = ["Hearth diagnostics", ""]
        for title, values in (
            ("Versions", self.versions),
            ("Platform", self.platform),
            (
                "Engine",
                {
                    "backend": self.engine.backend,
                    "devices": ", ".join(self.engine.devices) or "none reported",
                    "system": self.engine.system_info or "not reported",
                },
            ),
            ("Paths", self.paths),
            ("Settings", {key: repr(value) for key, value in self.settings.items()}),
        ):
            lines.append(f"[{title}]")
            lines += [f"{key}: {value}" for key, value in values.items()]
            lines.append("")
        lines.append("[Recent warnings and errors]")
        lines += self.recent_problems or ["none"]
        return "\n".join(lines) + "\n"


def _version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions() -> dict[str, str]:
    return {
        "hearth": __version__,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "qt (PySide6)": _version_of("PySide6-Essentials")
        if _version_of("PySide6-Essentials") != "not installed"
        else _version_of("PySide6"),
        "llama-cpp-python": _version_of("llama_cpp_python"),
        "sqlalchemy": _version_of("SQLAlchemy"),
    }


def platform_facts() -> dict[str, str]:
    return {
        "system": f"{platform.system()} {platform.release()}",
        "machine": platform.machine(),
        "cpus": str(os.cpu_count() or "unknown"),
        "frozen": str(bool(getattr(sys, "frozen", False))),
    }


def _home_relative(path: Path) -> str:
    """`~/...` for paths under the user's home: the user name stays out of the report."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def _size_and_space(path: Path) -> str:
    parts = [_home_relative(path)]
    try:
        if path.is_file():
            parts.append(f"{path.stat().st_size:,} bytes")
        probe = path if path.exists() else path.parent
        parts.append(f"{shutil.disk_usage(probe).free:,} bytes free")
    except OSError as exc:
        parts.append(f"({exc.strerror or exc})")
    return " · ".join(parts)


def path_facts(paths: Paths) -> dict[str, str]:
    return {
        "data": _size_and_space(paths.data_dir),
        "database": _size_and_space(paths.database),
        "models": _home_relative(paths.models_dir),
        "config": _home_relative(paths.config_dir),
        "cache": _home_relative(paths.cache_dir),
        "log": _size_and_space(paths.log_file),
    }


def public_settings(settings: Settings) -> dict[str, object]:
    return {k: v for k, v in asdict(settings).items() if k not in PRIVATE_SETTINGS}


def scrub_line(line: str) -> str:
    """Keep a log line's shape, drop what could be content: long quoted text, the home path."""
    home = str(Path.home())
    if home not in ("", "/"):
        line = line.replace(home, "~")
    line = _QUOTED.sub(lambda m: f"{m.group(1)}<{len(m.group(0)) - 2} chars>{m.group(1)}", line)
    if len(line) > MAX_LINE_CHARS:
        line = line[:MAX_LINE_CHARS] + "…"
    return line


def problems_in_log(log_file: Path, *, limit: int = MAX_RECENT_LINES) -> list[str]:
    """The last WARNING+ lines of the log file (this run's and earlier runs')."""
    try:
        with log_file.open(encoding="utf-8", errors="replace") as handle:
            found = [line.rstrip("\n") for line in handle if _LOG_PROBLEM.search(line)]
    except OSError:
        return []
    return found[-limit:]


def collect_diagnostics(
    paths: Paths,
    settings: Settings,
    *,
    engine: EngineFacts | None = None,
    recent: Iterable[str] | None = None,
) -> Diagnostics:
    """The report. `recent`: this run's WARNING+ lines (LoggingSetup.recent.lines()); without it
    the log file is read."""
    lines = list(recent) if recent is not None else problems_in_log(paths.log_file)
    return Diagnostics(
        versions=versions(),
        platform=platform_facts(),
        engine=engine or EngineFacts(),
        paths=path_facts(paths),
        settings=public_settings(settings),
        recent_problems=[scrub_line(line) for line in lines[-MAX_RECENT_LINES:]],
    )


def diagnostics_text(
    paths: Paths,
    settings: Settings,
    *,
    engine: EngineFacts | None = None,
    recent: Sequence[str] | None = None,
) -> str:
    return collect_diagnostics(paths, settings, engine=engine, recent=recent).as_text()


def engine_facts_from(
    backend: str | None, devices: Callable[[], Sequence[str]] | None = None
) -> EngineFacts:
    """EngineFacts from the loaded model's backend label and a device lister (e.g.
    `app.engine.backends.gpu_devices`); a lister that fails leaves the devices empty."""
    found: tuple[str, ...] = ()
    if devices is not None:
        try:
            found = tuple(devices())
        except Exception:  # diagnostics must work when the engine is broken
            found = ()
    return EngineFacts(backend=backend or "no model loaded", devices=found)
