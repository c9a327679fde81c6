"""The local API's Qt-free pieces: request checks, stop sequences, served model ids, settings."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.api.chat_request import UNTIL_CONTEXT_FULL, parse_chat_request, parse_completion_request
from app.api.openai_format import RequestError, StopSequenceFilter
from app.api.served_models import ServedModel, combined, library_provider
from app.api.settings import ApiServerSettings, ApiSettingsStore
from app.engine.types import SamplingParams
from app.storage.records import ModelRecord

DEFAULTS = SamplingParams(temperature=0.3, max_tokens=99, seed=5)


def test_a_request_maps_onto_hearth_values() -> None:
    request = parse_chat_request(
        {
            "model": "smol",
            "messages": [
                {"role": "developer", "content": "Be brief."},
                {"role": "user", "content": [{"type": "text", "text": "Hi"}]},
            ],
            "temperature": 1.2,
            "max_completion_tokens": 7,
            "stream": True,
            "stream_options": {"include_usage": True},
            "stop": "END",
        },
        DEFAULTS,
    )
    assert [(t.role, t.content) for t in request.turns] == [("system", "Be brief."), ("user", "Hi")]
    assert (request.sampling.temperature, request.sampling.max_tokens) == (1.2, 7)
    assert request.sampling.seed == 5  # the default applies where the client says nothing
    assert request.stream and request.include_usage and request.stop == ("END",)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ([], "JSON object"),
        ({"messages": [{"role": "user", "content": "x"}]}, "“model” is required"),
        ({"model": "m", "messages": []}, "non-empty list"),
        ({"model": "m", "messages": [{"role": "robot", "content": "x"}]}, "role must be"),
        ({"model": "m", "messages": [{"role": "tool", "content": "x"}]}, "tool_call_id"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "n": 2}, "n = 1"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "top_p": 3}, "top_p"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "max_tokens": 0}, "max"),
        (
            {"model": "m", "messages": [{"role": "user", "content": [{"type": "image_url"}]}]},
            "only text",
        ),
        (
            {"model": "m", "messages": [{"role": "user", "content": "x"}], "logit_bias": {"1": 2}},
            "“logit_bias” is not supported",
        ),
        (
            {
                "model": "m",
                "messages": [{"role": "user", "content": "x"}],
                "tool_choice": "required",
            },
            "no “tools”",
        ),
        (
            {"model": "m", "messages": [{"role": "user", "content": "x"}], "tools": [{"x": 1}]},
            r"tools\[0\]",
        ),
        (
            {
                "model": "m",
                "messages": [{"role": "user", "content": "x"}],
                "response_format": {"type": "xml"},
            },
            "response_format.type",
        ),
        (
            {
                "model": "m",
                "messages": [{"role": "user", "content": "x"}],
                "response_format": {"type": "json_schema", "json_schema": {"schema": {"not": {}}}},
            },
            "schema: not",
        ),
        (
            {
                "model": "m",
                "messages": [{"role": "user", "content": "x"}],
                "tools": [
                    {
                        "type": "function",
                        "function": {
                            "name": "f",
                            "parameters": {
                                "type": "object",
                                "properties": {"n": {"type": "integer", "maximum": 3}},
                            },
                        },
                    }
                ],
                "tool_choice": "required",
            },
            "maximum",
        ),
        ({"model": "m", "prompt": ""}, "“messages”"),
    ],
)
def test_requests_hearth_cannot_honour_are_refused(body: object, problem: str) -> None:
    with pytest.raises(RequestError, match=problem) as info:
        parse_chat_request(body, DEFAULTS)
    assert info.value.status == 400


def test_without_max_tokens_the_reply_may_fill_the_context() -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "x"}]}
    assert parse_chat_request(body, DEFAULTS).sampling.max_tokens == UNTIL_CONTEXT_FULL
    assert DEFAULTS.max_tokens < UNTIL_CONTEXT_FULL  # the app's chat default is not applied
    text = parse_completion_request({"model": "m", "prompt": "Once"}, DEFAULTS)
    assert (
        text.kind == "text" and text.turns[0].raw and text.sampling.max_tokens == UNTIL_CONTEXT_FULL
    )


def test_stop_filter_cuts_across_chunk_boundaries() -> None:
    stops = StopSequenceFilter(("END",))
    sent = [stops.feed(piece) for piece in ["Hello E", "N", "D and more"]]
    assert "".join(sent) == "Hello " and stops.done
    assert stops.flush() == ""


def test_stop_filter_without_a_match_sends_everything() -> None:
    stops = StopSequenceFilter(("###",))
    sent = "".join(stops.feed(p) for p in ["a#", "#b", "c"]) + stops.flush()
    assert sent == "a##bc" and not stops.done


def _record(model_id: int, name: str) -> ModelRecord:
    return ModelRecord(
        model_id,
        name,
        f"/m/{model_id}.gguf",
        "ab",
        1,
        "llama",
        None,
        None,
        None,
        True,
        None,
        datetime.now(UTC),
    )


def test_library_ids_are_slugs_and_clashes_get_the_id() -> None:
    provide = library_provider(
        lambda: [_record(1, "SmolLM2 135M"), _record(2, "Qwen 0.5B"), _record(3, "Qwen 0.5B")]
    )
    assert [m.id for m in provide()] == ["smollm2-135m", "qwen-0.5b-2", "qwen-0.5b-3"]
    assistant = ServedModel("legal", "Legal helper", "/m/1.gguf", system_prompt="Cite laws.")
    merged = combined(provide, lambda: [assistant, ServedModel("smollm2-135m", "dup", "/x")])
    assert [m.id for m in merged()][-1] == "legal"
    assert next(m for m in merged() if m.id == "smollm2-135m").path == "/m/1.gguf"


def test_settings_are_off_by_default_and_private_on_disk(tmp_path: Path) -> None:
    store = ApiSettingsStore(tmp_path)
    assert store.load() == ApiServerSettings(enabled=False)
    store.save(ApiServerSettings(enabled=True, port=9001, token=" t0k "))
    assert store.load() == ApiServerSettings(enabled=True, port=9001, token="t0k")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    store.path.write_text('{"enabled": true, "port": 80}')
    assert store.load().port == 8765  # a privileged or bad port falls back to the default
    store.path.write_text("not json")
    assert store.load().enabled is False


def test_allowed_hosts_and_origins_are_kept_and_cleaned(tmp_path: Path) -> None:
    store = ApiSettingsStore(tmp_path)
    assert store.load().allowed_hosts == () and store.load().cors_origins == ()  # none by default
    store.save(
        ApiServerSettings(allowed_hosts=(" box.lan ", ""), cors_origins=("https://a.example",))
    )
    loaded = store.load()
    assert loaded.allowed_hosts == ("box.lan",) and loaded.cors_origins == ("https://a.example",)
    store.path.write_text('{"allowed_hosts": "box.lan", "cors_origins": [3, "https://b.example"]}')
    assert store.load().allowed_hosts == () and store.load().cors_origins == ("https://b.example",)
