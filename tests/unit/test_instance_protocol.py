"""The framed messages between a second Hearth start and the running one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.ui.shell.instance_protocol import (
    HEADER,
    MAX_FRAME_BYTES,
    FrameReader,
    OpenRequest,
    ProtocolError,
    Reply,
    encode,
    parse_open_request,
    parse_reply,
)


def test_a_request_survives_arriving_a_byte_at_a_time() -> None:
    request = OpenRequest(
        (Path("/home/ana/Rapport d'été 2026.pdf").absolute(), Path("/tmp/x.hearth"))
    )
    frame = encode(request.to_message())
    reader = FrameReader()
    messages = []
    for index in range(len(frame)):
        messages += reader.feed(frame[index : index + 1])
    assert [parse_open_request(m) for m in messages] == [request]


def test_two_frames_in_one_read_are_two_messages() -> None:
    reply = Reply(True)
    refused = Reply(False, "protocol version 2 is not 1")
    messages = FrameReader().feed(encode(reply.to_message()) + encode(refused.to_message()))
    assert [parse_reply(m) for m in messages] == [reply, refused]


def test_an_oversized_frame_is_refused_before_it_is_buffered() -> None:
    with pytest.raises(ProtocolError, match="over"):
        FrameReader().feed(HEADER.pack(MAX_FRAME_BYTES + 1))


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"\xff\xfe", "not UTF-8 JSON"),
        (b"[1, 2]", "not a JSON object"),
        (json.dumps({"version": 99, "kind": "open", "files": []}).encode(), "version 99"),
    ],
)
def test_a_frame_that_is_not_a_message_is_named(body: bytes, problem: str) -> None:
    with pytest.raises(ProtocolError, match=problem):
        FrameReader().feed(HEADER.pack(len(body)) + body)


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        ({"version": 1, "kind": "quit"}, "unknown request kind 'quit'"),
        ({"version": 1, "kind": "open", "files": "a.pdf"}, "not a list of paths"),
        ({"version": 1, "kind": "open", "files": [""]}, "not a list of paths"),
        ({"version": 1, "kind": "open", "files": ["notes/a.pdf"]}, "must be absolute"),
    ],
)
def test_a_request_that_cannot_be_served_says_why(message: dict[str, object], problem: str) -> None:
    with pytest.raises(ProtocolError, match=problem):
        parse_open_request(message)
