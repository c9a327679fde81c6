"""Reading a PDF's pages with pypdf: the second opinion, and the reader for files PDFium refuses.

pypdf runs in non-strict mode, which rebuilds a damaged cross-reference table where it can.
It is opened only when needed (a page PDFium read badly, or a file PDFium could not open).
"""

from __future__ import annotations

import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError
from pypdf.filters import decode_stream_data
from pypdf.generic import ArrayObject, EncodedStreamObject

# pypdf logs every recoverable oddity of a damaged file as a warning; those are not ours to show.
logging.getLogger("pypdf").setLevel(logging.ERROR)


# A link has no comment; a pop-up repeats its parent's; a widget's /Contents is a tooltip.
_WITHOUT_COMMENTS = frozenset({"/Link", "/Popup", "/Widget"})


class PypdfEncrypted(Exception):
    """The PDF needs a password that is not empty (or a decryption library that is missing)."""


class PypdfPages:
    """An open PDF, read with pypdf. Any parser error from the constructor means "cannot open"."""

    def __init__(self, path: Path) -> None:
        self._reader = PdfReader(path, strict=False)
        if self._reader.is_encrypted:
            _unlock(self._reader)
        self.page_count = len(self._reader.pages)

    def page_text(self, index: int) -> str:
        """Raises whatever pypdf raises on a damaged page (callers skip the page)."""
        return self._reader.pages[index].extract_text(extraction_mode="plain")

    def content_within_limits(self, index: int) -> bool:
        """False when the page's drawing is over pypdf's decompression limit (an 80 MB drawing).

        PDFium has no such limit: it would spend minutes and gigabytes building millions of
        path objects for a page that has no text to give. Any other error says nothing about
        size; PDFium reads many pages pypdf cannot, so those are left to it.
        """
        try:
            contents = self._reader.pages[index].get("/Contents")
            streams = contents.get_object() if contents is not None else None
            parts = streams if isinstance(streams, ArrayObject) else [streams]
            for part in parts:
                stream = part.get_object() if part is not None else None
                if isinstance(stream, EncodedStreamObject):
                    # Decoded and dropped: get_data() would keep every page's drawing cached.
                    decode_stream_data(stream)
        except LimitReachedError:
            return False
        except Exception:  # a damaged page: PDFium may still read it
            return True
        return True

    def form_values(self) -> list[tuple[str, str]]:
        """A form's filled-in fields as (label, value), in the form's order; [] without one."""
        try:
            fields = self._reader.get_fields() or {}
        except Exception:  # a damaged form only costs its values
            return []
        values: list[tuple[str, str]] = []
        for name, field in fields.items():
            raw = field.get("/V")
            if raw is None:
                continue
            parts = raw if isinstance(raw, (list, ArrayObject)) else [raw]
            # Choices and check boxes are PDF names ("/Yes"); "Off" is an unticked box.
            text = ", ".join(str(p).strip().lstrip("/") for p in parts if str(p).strip())
            if text and text != "Off":
                values.append((str(field.get("/TU") or name).strip(), text))
        return values

    def annotation_comments(self, index: int) -> str:
        """The comments (`/Contents`) of the page's notes, highlights and free-text annotations,
        one a line: read only where PDFium, which also reads what annotations show, could not."""
        comments: list[str] = []
        try:
            annotations = self._reader.pages[index].get("/Annots")
            for ref in (annotations.get_object() if annotations is not None else None) or []:
                annotation = ref.get_object()
                if annotation.get("/Subtype") in _WITHOUT_COMMENTS:
                    continue
                contents = str(annotation.get("/Contents") or "").strip()
                if contents and contents not in comments:
                    comments.append(contents)
        except Exception:  # a damaged annotation costs only the comments
            return "\n".join(comments)
        return "\n".join(comments)

    def title(self) -> str:
        try:
            meta = self._reader.metadata
            return str(meta.title or "") if meta is not None else ""
        except Exception:  # a damaged info dictionary only costs the title
            return ""


def _unlock(reader: PdfReader) -> None:
    """Open a PDF encrypted with an empty user password ("no copying" PDFs); refuse others."""
    try:
        opened = reader.decrypt("")
    except (DependencyError, FileNotDecryptedError, NotImplementedError) as exc:
        raise PypdfEncrypted(str(exc)) from exc
    if not opened:
        raise PypdfEncrypted("a password is needed")
