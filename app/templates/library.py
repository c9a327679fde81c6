"""All templates: the read-only built-ins from resources/templates and the user's own.

Built-ins cannot be changed or deleted; "duplicate" copies one into the user's templates, where
it can be edited. Ids are unique across both kinds. Files are imported and exported in the
schema-versioned TOML or JSON format (template_files.py).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from app.resources import resource_path
from app.templates.codec import ID_PATTERN, template_from_dict, template_to_dict
from app.templates.errors import TemplateError, TemplateNotFoundError
from app.templates.model import Template
from app.templates.template_files import read_template_file, write_template_file
from app.templates.user_template_repository import UserTemplateRepository


def builtin_templates_dir() -> Path:
    return resource_path("templates")


def load_builtins(directory: Path) -> dict[str, Template]:
    """Every built-in template, by id. A broken built-in is a packaging bug: it raises."""
    found: dict[str, Template] = {}
    for path in sorted(directory.glob("*.toml")):
        template = read_template_file(path, origin="builtin")
        if template.id in found:
            raise TemplateError(f"{path.name}: built-in id {template.id!r} is used twice")
        found[template.id] = template
    return found


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:56] or "template"


class TemplateLibrary:
    def __init__(self, user: UserTemplateRepository, builtin_dir: Path | None = None) -> None:
        self._user = user
        self._builtins = load_builtins(builtin_dir or builtin_templates_dir())

    # ---- reading ---------------------------------------------------------------------------

    def list(self) -> list[Template]:
        """Built-ins first (in category, then name order), then the user's templates."""
        builtins = sorted(self._builtins.values(), key=lambda t: (t.category, t.name.casefold()))
        return [*builtins, *self._user.list()]

    def find(self, ref: str) -> Template | None:
        """The template whose id is `ref`, else the one whose name matches ignoring case."""
        wanted = ref.strip()
        if wanted in self._builtins:
            return self._builtins[wanted]
        if ID_PATTERN.match(wanted):
            user = self._user.find(wanted)
            if user is not None:
                return user
        for template in self.list():
            if template.name.casefold() == wanted.casefold():
                return template
        return None

    def get(self, ref: str) -> Template:
        template = self.find(ref)
        if template is None:
            raise TemplateNotFoundError(ref)
        return template

    def is_builtin(self, template_id: str) -> bool:
        return template_id in self._builtins

    # ---- changing user templates -----------------------------------------------------------

    def _free_id(self, base: str) -> str:
        candidate, number = base, 2
        while candidate in self._builtins or self._user.find(candidate) is not None:
            candidate = f"{base}-{number}"
            number += 1
        return candidate

    def duplicate(self, ref: str, *, name: str | None = None) -> Template:
        """Copy a template (built-in or user) into a new, editable user template."""
        source = self.get(ref)
        new_name = (name or "").strip() or f"{source.name} (copy)"
        copy = replace(
            source, id=self._free_id(_slug(new_name)), name=new_name, version=1, source="user"
        )
        return self._user.save(copy, based_on=source.id)

    def save(self, template: Template) -> Template:
        """Create or update a user template (validated again; the version goes up on update)."""
        if template.id in self._builtins:
            raise TemplateError(
                f"{template.id!r} is a built-in template and cannot be changed; duplicate it first"
            )
        checked = template_from_dict(
            template_to_dict(template), source=f"template {template.id or template.name}"
        )
        existing = self._user.find(checked.id)
        if existing is not None and template_to_dict(existing) != template_to_dict(checked):
            checked = replace(checked, version=max(checked.version, existing.version + 1))
        return self._user.save(checked)

    def delete(self, template_id: str) -> None:
        if template_id in self._builtins:
            raise TemplateError(f"{template_id!r} is a built-in template and cannot be deleted")
        self._user.delete(template_id)

    # ---- files ------------------------------------------------------------------------------

    def import_file(self, path: Path, *, replace_existing: bool = False) -> Template:
        """Read, validate and store a template file as a user template."""
        template = read_template_file(path, origin="user")
        if template.id in self._builtins:
            raise TemplateError(
                f"{path.name}: id {template.id!r} is a built-in template's; change the id"
            )
        if not replace_existing and self._user.find(template.id) is not None:
            raise TemplateError(
                f"{path.name}: a template with id {template.id!r} already exists "
                "(import it with --replace to overwrite it, or change the id in the file)"
            )
        return self._user.save(template)

    def export_file(self, ref: str, path: Path) -> Template:
        """Write the template to `path` (.toml or .json, by extension)."""
        template = self.get(ref)
        write_template_file(template, path)
        return template
