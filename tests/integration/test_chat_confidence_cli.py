"""`hearth chat --json` reports how sure the model was: a real subprocess, the starter model."""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_cli import ok_json


def test_chat_json_carries_a_confidence_summary(hearth_home: Path, starter_model: Path) -> None:
    ok_json(hearth_home, "models", "import", str(starter_model))
    reply = ok_json(
        hearth_home,
        "chat",
        "--prompt",
        "Invent a name for a bakery and describe it.",
        "--seed",
        "3",
        "--max-tokens",
        "40",
        "--json",
    )
    confidence = reply["confidence"]
    text = reply["text"]
    assert confidence["tokens"] == reply["completion_tokens"]
    assert 0.0 < confidence["mean_probability"] <= 1.0
    assert confidence["low_spans"], "the starter model is unsure of something in 40 tokens"
    for span in confidence["low_spans"]:
        assert text[span["start"] : span["end"]] == span["text"] and span["text"].strip()
        assert 0.0 <= span["probability"] < confidence["threshold"]
