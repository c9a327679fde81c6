"""What a second Hearth start says to the running one, and how it is framed on the local socket.

A frame is a 4-byte big-endian length followed by that many bytes of UTF-8 JSON. The length
prefix lets the reader tell a complete message from one still arriving (a local socket delivers a
stream of bytes, not messages), and the size cap keeps a stray client from making the running
app buffer without end. Qt-free: the socket code in single_instance.py feeds bytes in and out.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

PROTOCOL_VERSION: Final = 1
HEADER: Final = struct.Struct(">I")
MAX_FRAME_BYTES: Final = 1 << 20  # a list of paths; far more than any desktop hands over


class ProtocolError(ValueError):
    """A frame or message that does not follow this protocol (said in one sentence)."""


@dataclass(frozen=True)
class OpenRequest:
    """Open these files (absolute paths) in the running window and bring it to the front."""

    files: tuple[Path, ...]

    def to_message(self) -> dict[str, Any]:
        return {
            "version": PROTOCOL_VERSION,
            "kind": "open",
            "files": [str(path) for path in self.files],
        }


@dataclass(frozen=True)
class Reply:
    ok: bool
    detail: str = ""

    def to_message(self) -> dict[str, Any]:
        return {"version": PROTOCOL_VERSION, "ok": self.ok, "detail": self.detail}


def encode(message: dict[str, Any]) -> bytes:
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    if len(body) > MAX_FRAME_BYTES:
        raise ProtocolError(f"message of {len(body)} bytes is over {MAX_FRAME_BYTES}")
    return HEADER.pack(len(body)) + body


class FrameReader:
    """Collects bytes as they arrive and returns each complete message once."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        self._buffer.extend(data)
        messages: list[dict[str, Any]] = []
        while len(self._buffer) >= HEADER.size:
            (length,) = HEADER.unpack_from(self._buffer)
            if length > MAX_FRAME_BYTES:
                raise ProtocolError(f"frame of {length} bytes is over {MAX_FRAME_BYTES}")
            end = HEADER.size + length
            if len(self._buffer) < end:
                break
            body = bytes(self._buffer[HEADER.size : end])
            del self._buffer[:end]
            messages.append(_decode(body))
        return messages


def _decode(body: bytes) -> dict[str, Any]:
    try:
        message = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError(f"frame is not UTF-8 JSON: {exc}") from exc
    if not isinstance(message, dict):
        raise ProtocolError("frame is not a JSON object")
    version = message.get("version")
    if version != PROTOCOL_VERSION:
        raise ProtocolError(f"protocol version {version!r} is not {PROTOCOL_VERSION}")
    return message


def parse_open_request(message: dict[str, Any]) -> OpenRequest:
    if message.get("kind") != "open":
        raise ProtocolError(f"unknown request kind {message.get('kind')!r}")
    files = message.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) and f for f in files):
        raise ProtocolError("'files' is not a list of paths")
    paths = tuple(Path(f) for f in files)
    relative = [str(p) for p in paths if not p.is_absolute()]
    if relative:
        # The sender resolves paths against its own working folder; ours may differ.
        raise ProtocolError(f"paths must be absolute: {', '.join(relative)}")
    return OpenRequest(paths)


def parse_reply(message: dict[str, Any]) -> Reply:
    ok = message.get("ok")
    detail = message.get("detail", "")
    if not isinstance(ok, bool) or not isinstance(detail, str):
        raise ProtocolError("reply has no boolean 'ok'")
    return Reply(ok, detail)
