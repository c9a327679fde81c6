"""Incremental detokenisation: token byte pieces in, valid UTF-8 text out.

A multi-byte character (CJK, emoji) is often split across two or three tokens. Decoding each
piece on its own gives replacement characters; re-decoding the whole reply per token is
quadratic. An incremental UTF-8 decoder holds back an incomplete sequence until the next piece
completes it, at constant cost per token.
"""

from __future__ import annotations

import codecs


class IncrementalDetokenizer:
    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._parts: list[str] = []

    def feed(self, piece: bytes) -> str:
        """Add one token's bytes; return the text that is now complete (may be empty)."""
        text = self._decoder.decode(piece)
        if text:
            self._parts.append(text)
        return text

    def flush(self) -> str:
        """End of stream: emit whatever is held back (an invalid tail becomes U+FFFD)."""
        text = self._decoder.decode(b"", final=True)
        if text:
            self._parts.append(text)
        return text

    @property
    def text(self) -> str:
        return "".join(self._parts)
