"""Plain text and RTF: one section (positions come from the chunks' order)."""

from __future__ import annotations

from pathlib import Path

from striprtf.striprtf import rtf_to_text

from app.knowledge.errors import DocumentError, damaged_file_error
from app.knowledge.limits import Deadline
from app.knowledge.sections import ExtractedDocument, Section


def extract_text(path: Path, text: str, deadline: Deadline) -> ExtractedDocument:
    deadline.check()
    return ExtractedDocument(format="text", sections=(Section(text=text, label="text"),))


def extract_rtf(path: Path, text: str, deadline: Deadline) -> ExtractedDocument:
    if not text.lstrip().startswith("{\\rtf"):
        raise DocumentError(
            path,
            "this is not a valid RTF file (it does not start as RTF does); "
            "open it in a word processor and save it as RTF again",
            kind="corrupt",
        )
    deadline.check()
    try:
        # RTF keeps non-ASCII as escapes; the codepage the file declares wins over cp1252.
        plain: str = rtf_to_text(text, errors="replace")  # type: ignore[no-untyped-call]
    except (ValueError, IndexError, LookupError) as exc:
        raise damaged_file_error(path, "rtf", exc, problem="this RTF file is damaged") from exc
    return ExtractedDocument(format="rtf", sections=(Section(text=_paired(plain), label="text"),))


def _paired(text: str) -> str:
    """Characters beyond the BMP (emoji) are two \\u escapes, one per UTF-16 surrogate, which
    striprtf decodes one by one; join each pair into its character (a lone one becomes U+FFFD),
    so the text can be stored as UTF-8."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
