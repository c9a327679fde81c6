"""Which model a command runs on: --model ID, --model PATH, or the default."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core import Core
from app.library.gguf_errors import GgufError
from app.library.model_library import LibraryError
from app.library.model_names import builtin_catalog, model_display_name, readable_model_name
from app.storage import NotFoundError

from .output import CliError


@dataclass(frozen=True)
class ChosenModel:
    path: str
    sha256: str
    name: str
    model_id: int | None


def choose_model(core: Core, spec: str | None) -> ChosenModel:
    if spec is None:
        record = core.default_model()
        if record is None:
            if core.starter_status.problem:  # the bundled starter is missing or damaged
                raise CliError(core.starter_status.problem)
            raise CliError(
                "no model is registered yet: run `hearth setup` for the starter model "
                "or `hearth models import PATH`"
            )
        return ChosenModel(record.path, record.sha256, model_display_name(record), record.id)
    if spec.isdigit() and not Path(spec).exists():
        try:
            record = core.models.get(int(spec))
        except NotFoundError:
            raise CliError(f"no model with id {spec}; see `hearth models list`") from None
        return ChosenModel(record.path, record.sha256, model_display_name(record), record.id)
    path = Path(spec).expanduser()
    if not path.exists():
        raise CliError(f"model file not found: {path}")
    if not path.is_file():
        raise CliError(f"not a file: {path}")
    known = core.models.find_by_path(str(path.resolve()))
    if known is not None:
        return ChosenModel(known.path, known.sha256, model_display_name(known), known.id)
    try:
        core.library.inspect(path)  # a clear error for a file that is not a model
        sha256 = core.library.sha256(path)
    except (GgufError, LibraryError) as exc:
        raise CliError(str(exc)) from exc
    name = readable_model_name(path.name, sha256=sha256, catalog=builtin_catalog())
    return ChosenModel(str(path.resolve()), sha256, name, None)
