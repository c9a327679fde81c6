"""What the templates package raises on purpose; every message is a sentence for the user."""

from __future__ import annotations

from collections.abc import Mapping


class TemplateError(Exception):
    """Base of every deliberate failure in app.templates; `str(error)` is shown to the user."""


class TemplateNotFoundError(TemplateError):
    def __init__(self, ref: str) -> None:
        super().__init__(f"no template named {ref!r}; see `hearth templates list`")
        self.ref = ref


class TemplateDefinitionError(TemplateError):
    """A template (a file, a built-in or one being edited) is not valid.

    `problems` lists every problem found, each naming the key or field it is about, so an
    editor can show them all at once rather than one per attempt.
    """

    def __init__(self, source: str, problems: list[str]) -> None:
        listed = "; ".join(problems)
        super().__init__(f"{source}: {listed}")
        self.source = source
        self.problems = tuple(problems)


class FieldValidationError(TemplateError):
    """Field values refused: `problems` maps each field key to what is wrong with its value."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        listed = "; ".join(f"{key}: {message}" for key, message in self.problems.items())
        super().__init__(f"invalid field values: {listed}")


class TemplateRenderError(TemplateError):
    """The instruction prompt could not be rendered (syntax, missing value, refused operation)."""


class RecipeMismatchError(TemplateError):
    """A recipe cannot be reproduced with the model or adapters loaded now."""


class DocumentExportError(TemplateError):
    """A generated document could not be written to the requested file."""
