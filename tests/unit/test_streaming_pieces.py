"""Incremental detokenisation and text batching (pure parts of the streaming path)."""

from __future__ import annotations

import time

from app.engine.detokenizer import IncrementalDetokenizer
from app.engine.worker import TextBatcher


def test_multibyte_characters_split_across_pieces_come_out_whole() -> None:
    text = "naïve 日本 🔥"
    raw = text.encode()
    detok = IncrementalDetokenizer()
    emitted = [detok.feed(raw[i : i + 1]) for i in range(len(raw))]
    emitted.append(detok.flush())
    assert "".join(emitted) == text
    assert "\ufffd" not in "".join(emitted)
    # A byte that only starts a character produces nothing until the character is complete.
    assert emitted[raw.index("🔥".encode())] == ""
    assert detok.text == text


def test_an_invalid_tail_becomes_a_replacement_character_at_the_end() -> None:
    detok = IncrementalDetokenizer()
    assert detok.feed(b"ok \xf0\x9f") == "ok "
    assert detok.flush() == "\ufffd"


def test_batcher_sends_the_first_piece_at_once_then_groups() -> None:
    sent: list[str] = []
    batcher = TextBatcher(sent.append, interval_s=10.0)
    for piece in ["a", "b", "c", "d"]:
        batcher.add(piece)
    assert sent == ["a"]
    batcher.flush()
    assert sent == ["a", "bcd"]


def test_batcher_with_a_short_interval_sends_as_time_passes() -> None:
    sent: list[str] = []
    batcher = TextBatcher(sent.append, interval_s=0.01)
    batcher.add("x")
    time.sleep(0.02)
    batcher.add("y")
    assert sent == ["x", "y"]
