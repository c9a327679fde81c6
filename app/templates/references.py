"""Documents a generation reads: those named by document fields and the chat's attachments."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol

from app.storage.errors import NotFoundError
from app.templates.errors import TemplateError

if TYPE_CHECKING:
    from app.knowledge.knowledge_base import KnowledgeBase

MAX_FILE_BYTES: Final = 2 * 1024 * 1024
TEXT_SUFFIXES: Final = frozenset({".txt", ".md", ".markdown", ".csv", ".tsv", ".json", ".html"})


@dataclass(frozen=True)
class ReferenceDocument:
    title: str
    text: str


class DocumentResolver(Protocol):
    """Turns the value of a document field into the document it names.

    The GUI and the knowledge base resolve a document id; the CLI resolves a file path.
    Raises TemplateError with a message for the user when the reference is not usable.
    """

    def resolve(self, reference: str) -> ReferenceDocument: ...


class TextFileResolver:
    """Resolves a document field's value as the path of a UTF-8 text file (the CLI's case)."""

    def __init__(self, base: Path | None = None) -> None:
        self._base = base

    def resolve(self, reference: str) -> ReferenceDocument:
        path = Path(reference).expanduser()
        if self._base is not None and not path.is_absolute():
            path = self._base / path
        if path.suffix.lower() not in TEXT_SUFFIXES:
            raise TemplateError(
                f"{path.name}: only text files ({', '.join(sorted(TEXT_SUFFIXES))}) can be "
                "used here; add other documents to Hearth's documents first"
            )
        try:
            with path.open("rb") as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            raise TemplateError(f"{path}: file not found") from None
        except OSError as exc:
            raise TemplateError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
        if len(raw) > MAX_FILE_BYTES:
            raise TemplateError(f"{path.name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
        return ReferenceDocument(title=path.name, text=raw.decode("utf-8", errors="replace"))


class KnowledgeResolver:
    """Resolves "doc:ID" (a document in Hearth's knowledge base, any format it reads) and,
    for anything else, falls back to a text file path (what the form's Browse… gives)."""

    PREFIX: Final = "doc:"

    def __init__(self, knowledge: KnowledgeBase, fallback: DocumentResolver | None = None) -> None:
        self._knowledge = knowledge
        self._fallback = fallback or TextFileResolver()

    def resolve(self, reference: str) -> ReferenceDocument:
        if not reference.startswith(self.PREFIX):
            return self._fallback.resolve(reference)
        ident = reference[len(self.PREFIX) :]
        if not ident.isdigit():
            raise TemplateError(f"{reference!r} does not name a document")
        try:
            record = self._knowledge.document(int(ident))
            text = self._knowledge.text_of(int(ident))
        except NotFoundError:
            raise TemplateError(f"document {ident} is no longer in Hearth's documents") from None
        return ReferenceDocument(title=record.file_name, text=text[:MAX_FILE_BYTES])
