"""Template files: TOML (the built-ins' format, good to edit by hand) or JSON, by extension.

Reading refuses files that are too large, not UTF-8, not valid TOML/JSON, or not a valid
template; every message names the file. Writing is atomic.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any, Final, Literal

import tomli_w

from app.atomic_write import write_text_atomically
from app.templates.codec import template_from_dict, template_to_dict
from app.templates.errors import TemplateDefinitionError, TemplateError
from app.templates.model import Template, TemplateSource

MAX_FILE_BYTES: Final = 256 * 1024
FileFormat = Literal["toml", "json"]
SUFFIXES: Final[dict[str, FileFormat]] = {".toml": "toml", ".json": "json"}


def format_of(path: Path) -> FileFormat:
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise TemplateError(
            f"{path.name}: template files end in .toml or .json, not {path.suffix or '(none)'!r}"
        ) from None


def parse_template_text(
    text: str, file_format: FileFormat, *, source: str, origin: TemplateSource = "user"
) -> Template:
    """A validated Template from the text of a file; errors are prefixed by `source`."""
    data: Any
    try:
        data = tomllib.loads(text) if file_format == "toml" else json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateDefinitionError(source, [f"not valid TOML ({exc})"]) from exc
    except json.JSONDecodeError as exc:
        raise TemplateDefinitionError(
            source, [f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
        ) from exc
    if not isinstance(data, dict):
        raise TemplateDefinitionError(source, ["the file must hold one table/object"])
    return template_from_dict(data, source=source, origin=origin)


def read_template_file(path: Path, *, origin: TemplateSource = "user") -> Template:
    file_format = format_of(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise TemplateError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise TemplateError(f"{path}: is a folder, not a template file") from None
    except OSError as exc:
        raise TemplateError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise TemplateError(
            f"{path.name}: larger than {MAX_FILE_BYTES // 1024} KiB; not a template"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{path.name}: not UTF-8 text (byte {exc.start})") from exc
    return parse_template_text(text, file_format, source=path.name, origin=origin)


def template_text(template: Template, file_format: FileFormat) -> str:
    data = template_to_dict(template)
    if file_format == "toml":
        return tomli_w.dumps(data, multiline_strings=True)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_template_file(template: Template, path: Path) -> None:
    text = template_text(template, format_of(path))
    try:
        write_text_atomically(path, text)
    except OSError as exc:
        raise TemplateError(f"{path}: cannot be written ({exc.strerror or exc})") from exc
