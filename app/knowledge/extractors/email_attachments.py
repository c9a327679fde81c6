"""An e-mail's attachments and forwarded messages, each extracted as a document of its own.

They are read in the same process as the mail (the isolated extractor's child, when there is
one), through the same `extract_document` and under what is left of the mail's limits: the
time left, the same size cap per file, and a character budget shared with the mail. A part in
a format Hearth does not read, or one that fails, is named in a note; the rest is indexed.
Attachments pass through a private temporary folder because every reader takes a path; the
folder is deleted as soon as the part is read.
"""

from __future__ import annotations

import contextvars
import hashlib
import mimetypes
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from email.message import EmailMessage, Message
from pathlib import Path

from app.knowledge.errors import DocumentError, ExtractionCancelled
from app.knowledge.extractors.part_skips import listed
from app.knowledge.formats import FORMATS
from app.knowledge.limits import Deadline, ExtractionLimits
from app.knowledge.sections import ExtractedAttachment, ExtractedDocument

# A mail forwarding a mail forwarding a mail... stops here (a loop of nested messages is a
# classic way to make a reader work forever).
MAX_DEPTH = 3
MAX_ATTACHMENTS = 100
_NAME_CHARS = 120
# Control characters and the bidirectional overrides that can disguise a file name.
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

ChildExtractor = Callable[..., ExtractedDocument]  # extract_document(path, *, limits, cancel)

_depth: contextvars.ContextVar[int] = contextvars.ContextVar("attachment_depth", default=0)


@dataclass
class _Outcome:
    attachments: list[ExtractedAttachment] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    left_out: list[str] = field(default_factory=list)  # over a limit: count, depth, time, chars


def extract_attachments(
    message: EmailMessage,
    deadline: Deadline,
    limits: ExtractionLimits,
    extract_child: ChildExtractor,
    *,
    chars_used: int,
) -> tuple[tuple[ExtractedAttachment, ...], tuple[str, ...]]:
    """(the attachments that read, notes on every one that did not)."""
    outcome = _Outcome()
    chars_left = limits.max_chars - chars_used
    for number, part in enumerate(_attachment_parts(message), start=1):
        name, suffix = _name_and_suffix(part, number)
        if FORMATS.get(suffix) is None:
            outcome.unsupported.append(name)
            continue
        over_limit = number > MAX_ATTACHMENTS or _depth.get() >= MAX_DEPTH
        if over_limit or chars_left <= 0 or deadline.seconds_left() <= 0:
            outcome.left_out.append(name)
            continue
        data = _part_bytes(part)
        if data is None:
            outcome.failed.append((name, "its content is damaged"))
            continue
        child_limits = replace(
            limits, max_seconds=deadline.seconds_left(), max_chars=max(0, chars_left)
        )
        try:
            document = _extract_bytes(data, suffix, child_limits, deadline, extract_child)
        except ExtractionCancelled:
            raise
        except DocumentError as exc:
            # The mail's time ran out, or its text budget (shared with the mail) did.
            over_budget = exc.kind == "too_large" and child_limits.max_chars < limits.max_chars
            if exc.kind == "timeout" or over_budget:
                outcome.left_out.append(name)
            else:
                outcome.failed.append((name, exc.problem))
            continue
        chars_left -= _total_chars(document)
        outcome.attachments.append(
            ExtractedAttachment(
                name=name,
                sha256=hashlib.sha256(data).hexdigest(),
                size_bytes=len(data),
                document=document,
            )
        )
    return tuple(outcome.attachments), _notes(outcome)


def _attachment_parts(message: EmailMessage) -> Iterator[Message]:
    for part in message.iter_attachments():
        # Pictures a mail's HTML shows inline (logos, signatures) are part of its body.
        if part.get_content_maintype() == "image" and part.get("Content-ID") is not None:
            continue
        yield part


def _name_and_suffix(part: Message, number: int) -> tuple[str, str]:
    raw = part.get_filename() or ""
    name = _safe_name(raw)
    if part.get_content_type() == "message/rfc822":
        if not name:
            inner = part.get_payload(0) if part.is_multipart() else None
            subject = ""
            if isinstance(inner, Message):
                subject = _safe_name(str(inner.get("subject", "") or ""))
            name = f"{subject or f'forwarded message {number}'}.eml"
        return name, ".eml"
    suffix = Path(name).suffix.lower() if name else ""
    if not suffix:
        suffix = (mimetypes.guess_extension(part.get_content_type()) or "").lower()
    if not name:
        name = f"attachment {number}{suffix}"
    return name, suffix


def _safe_name(raw: str) -> str:
    base = re.split(r"[/\\]", raw.strip())[-1]
    return " ".join(_UNSAFE_NAME.sub("", base).split())[:_NAME_CHARS]


def _part_bytes(part: Message) -> bytes | None:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload(0) if part.is_multipart() else None
        return inner.as_bytes() if isinstance(inner, Message) else None
    try:
        data = part.get_payload(decode=True)
    except (ValueError, TypeError, LookupError):
        return None
    return data if isinstance(data, bytes) else None


def _extract_bytes(
    data: bytes,
    suffix: str,
    limits: ExtractionLimits,
    deadline: Deadline,
    extract_child: ChildExtractor,
) -> ExtractedDocument:
    token = _depth.set(_depth.get() + 1)
    try:
        with tempfile.TemporaryDirectory(prefix="hearth-attachment-") as folder:
            path = Path(folder) / f"attachment{suffix}"
            path.write_bytes(data)
            return extract_child(path, limits=limits, cancel=deadline.cancel)
    finally:
        _depth.reset(token)


def _total_chars(document: ExtractedDocument) -> int:
    return document.char_count + sum(_total_chars(a.document) for a in document.attachments)


def _quoted(names: list[str]) -> str:
    return listed([f"'{n}'" for n in names])


def _notes(outcome: _Outcome) -> tuple[str, ...]:
    notes: list[str] = []
    if outcome.unsupported:
        many = len(outcome.unsupported) > 1
        notes.append(
            f"{'Attachments' if many else 'The attachment'} {_quoted(outcome.unsupported)} "
            f"{'are' if many else 'is'} not indexed: Hearth does not read "
            f"{'those formats' if many else 'that format'}. Save the content as PDF, Word or "
            "text and add it to index it."
        )
    for name, why in outcome.failed:
        notes.append(f"The attachment '{name}' was not indexed: {why}. The mail itself is indexed.")
    if outcome.left_out:
        notes.append(
            f"Attachments {_quoted(outcome.left_out)} were left out: the mail reached Hearth's "
            "limit on nested or numerous attachments, time or text. Save them and add them "
            "on their own."
        )
    return tuple(notes)
