"""`--adapter ID[:SCALE]`: which adapters a command applies, and with what scale."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core import Core
from app.library.model_library import LibraryError
from app.storage import NotFoundError

from .output import CliError

DEFAULT_SCALE = 1.0


@dataclass(frozen=True)
class ChosenAdapter:
    path: str
    scale: float


def split_spec(spec: str) -> tuple[str, float]:
    """ "3:0.5" -> ("3", 0.5); "C:/a.gguf" keeps its drive letter (the tail is not a number)."""
    head, sep, tail = spec.rpartition(":")
    if sep and head:
        try:
            return head, float(tail)
        except ValueError:
            pass
    return spec, DEFAULT_SCALE


def choose_adapters(core: Core, specs: list[str] | None) -> list[ChosenAdapter]:
    chosen: list[ChosenAdapter] = []
    for spec in specs or []:
        ident, scale = split_spec(spec)
        if not 0.0 <= scale <= 2.0:
            raise CliError(f"--adapter {spec}: the scale must be between 0 and 2")
        if ident.isdigit() and not Path(ident).exists():
            try:
                record = core.adapters.get(int(ident))
            except NotFoundError:
                raise CliError(f"no adapter with id {ident}; see `hearth adapters list`") from None
            chosen.append(ChosenAdapter(record.path, scale))
            continue
        path = Path(ident).expanduser()
        try:
            core.adapters.inspect(path)
        except LibraryError as exc:
            raise CliError(str(exc)) from exc
        chosen.append(ChosenAdapter(str(path.resolve()), scale))
    return chosen
