"""Repairing old-style e-mail headers before the stdlib parser sees them.

Some mail programs wrote "From  : Alice" (space before the colon). The stdlib parser takes
such a first line for an mbox "From " separator and the rest of the headers for the body, so
the mail looked like "not an email message". Removing the space is lossless.
"""

from __future__ import annotations

import re

# Any header name followed by blanks, then the colon, in the mail's own header block.
_SPACED_NAME = re.compile(rb"^([!-9;-~]+)[ \t]+:", re.MULTILINE)
# Well-known names, also in the header blocks of forwarded messages and parts further down.
_KNOWN_SPACED = re.compile(
    rb"^(From|To|Cc|Bcc|Subject|Date|Reply-To|Sender|Message-ID|MIME-Version|"
    rb"Content-Type|Content-Transfer-Encoding|Content-Disposition)[ \t]+:",
    re.MULTILINE | re.IGNORECASE,
)
_HEADER_END = re.compile(rb"\r?\n\r?\n")


def repair_header_names(data: bytes) -> bytes:
    end = _HEADER_END.search(data)
    split = end.start() if end is not None else len(data)
    head = _SPACED_NAME.sub(rb"\1:", data[:split])
    rest = _KNOWN_SPACED.sub(rb"\1:", data[split:])
    return head + rest
