"""EML: the headers and the body (plain text preferred, else HTML) of one email (stdlib email),
with its attachments and forwarded messages extracted as documents of their own."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from app.knowledge.errors import DocumentError, damaged_file_error
from app.knowledge.extractors.email_attachments import ChildExtractor, extract_attachments
from app.knowledge.extractors.email_headers import repair_header_names
from app.knowledge.extractors.html import html_sections
from app.knowledge.limits import Deadline, ExtractionLimits
from app.knowledge.sections import ExtractedDocument, Section


def extract_eml(
    path: Path,
    data: bytes,
    deadline: Deadline,
    limits: ExtractionLimits | None = None,
    extract_child: ChildExtractor | None = None,
) -> ExtractedDocument:
    """Without `extract_child` attachments are only named in a note, not read."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(repair_header_names(data))
    except (ValueError, TypeError, LookupError) as exc:
        raise damaged_file_error(path, "eml", exc, problem="this email file is damaged") from exc
    if not isinstance(message, EmailMessage) or not message.keys():
        raise DocumentError(path, "this is not an email message (no headers found)", kind="corrupt")
    subject = str(message.get("subject", "") or "").strip()
    header_lines = [
        f"{name}: {message[name]}"
        for name in ("From", "To", "Cc", "Date", "Subject")
        if message.get(name)
    ]
    sections = [Section(text="\n".join(header_lines), label="headers", heading=subject)]
    deadline.check()
    body = _body_text(message, deadline)
    if body.strip():
        sections.append(Section(text=body, label="message", heading=subject))
    if extract_child is None:
        names = [part.get_filename() or "unnamed" for part in message.iter_attachments()]
        unread = (f"Attachments not indexed: {', '.join(names)}.",) if names else ()
        return ExtractedDocument(
            format="eml", sections=tuple(sections), title=subject, notes=unread
        )
    attachments, notes = extract_attachments(
        message,
        deadline,
        limits or ExtractionLimits(),
        extract_child,
        chars_used=sum(len(s.text) for s in sections),
    )
    return ExtractedDocument(
        format="eml",
        sections=tuple(sections),
        title=subject,
        notes=notes,
        attachments=attachments,
    )


def _body_text(message: EmailMessage, deadline: Deadline) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        sections, _title = html_sections(content, deadline)
        return "\n\n".join(s.text for s in sections)
    return content
