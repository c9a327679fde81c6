"""The contract every `Engine` keeps (app/engine/worker.py), run against each implementation.

Subclasses (test_engines.py) bind it to one implementation with three fixtures, `make_engine`
(a new, empty engine), `good_load` (loads the real model into an engine) and `failed_loads`
(loads that must fail, with the error each must give), and a `capabilities` attribute.
Where implementations genuinely differ (a remote server cannot continue a reply or apply LoRA
adapters), the capability says so and the test checks the promised behaviour on each side of
it; nothing is skipped.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar

import pytest

from app.engine.errors import EngineError, NoModelLoadedError
from app.engine.types import ChatTurn, GenerationResult, LoadedModel, SamplingParams
from app.engine.worker import Engine

SYSTEM = ChatTurn("system", "You are a helpful assistant.")
LONG_ANSWER = (SYSTEM, ChatTurn("user", "Write a long story about a lighthouse keeper."))
# The starter model answers these greedily with one short sentence, then ends its turn.
SHORT_ANSWER = (SYSTEM, ChatTurn("user", "Reply with one word: is water wet?"))
NON_LATIN = (SYSTEM, ChatTurn("user", "Repeat exactly: 🔥🔥🔥 日本語 🔥🔥🔥"))


@dataclass(frozen=True)
class EngineCapabilities:
    """What an implementation promises beyond the common contract."""

    runs_locally: bool  # LoadedModel.is_remote is False
    # The same seed after reset_cache() gives the same text (a server may ignore the seed).
    replays_seeds: bool
    continues_replies: bool  # generate(continue_from=...) goes on with a reply
    applies_adapters: bool  # set_adapters() with LoRA files
    # The prompt's token count is known: on_prompt gets it before decoding, and the stats
    # carry it. A server says it only in usage figures, which not every server streams
    # (llama_cpp.server does not), so a remote engine reports 0 then.
    counts_prompt_tokens: bool
    # What the EngineError says where continuing or adapters are refused (a regex).
    continue_refusal: str = ""
    adapter_refusal: str = ""


@dataclass(frozen=True)
class FailedLoad:
    what: str  # e.g. "missing model file"
    load: Callable[[Engine], object]
    error: type[EngineError]  # the EngineError subclass the implementation raises
    message: str  # a regex the message must match


Generated = tuple[GenerationResult, list[str]]


def ask(
    engine: Engine,
    turns: tuple[ChatTurn, ...],
    sampling: SamplingParams,
    *,
    stop: threading.Event | None = None,
    on_text: Callable[[str], None] | None = None,
    continue_from: str = "",
) -> Generated:
    chunks: list[str] = []

    def collect(text: str) -> None:
        chunks.append(text)
        if on_text is not None:
            on_text(text)

    result = engine.generate(
        turns,
        sampling,
        on_text=collect,
        stop=stop or threading.Event(),
        continue_from=continue_from,
    )
    return result, chunks


class EngineContract:
    capabilities: ClassVar[EngineCapabilities]

    @pytest.fixture(scope="class")
    @classmethod
    def engine(
        cls, make_engine: Callable[[], Engine], good_load: Callable[[Engine], LoadedModel]
    ) -> Iterator[Engine]:
        """One loaded engine per class; every test leaves it loaded and idle."""
        engine = make_engine()
        good_load(engine)
        yield engine
        engine.close()

    # ---- loading -----------------------------------------------------------------------------

    def test_load_describes_the_model_and_close_can_repeat(
        self, make_engine: Callable[[], Engine], good_load: Callable[[Engine], LoadedModel]
    ) -> None:
        engine = make_engine()
        loaded = good_load(engine)
        assert loaded.name and loaded.backend
        assert loaded.is_remote is not self.capabilities.runs_locally
        assert loaded.load_s >= 0
        engine.close()
        engine.close()  # closing twice is harmless (shutdown paths may overlap)

    def test_generate_before_any_load_says_no_model(
        self, make_engine: Callable[[], Engine]
    ) -> None:
        engine = make_engine()
        with pytest.raises(NoModelLoadedError, match="No model is loaded"):
            ask(engine, SHORT_ANSWER, SamplingParams(max_tokens=4))
        engine.close()

    def test_failed_loads_give_a_clear_engine_error_and_leave_it_usable(
        self,
        make_engine: Callable[[], Engine],
        good_load: Callable[[Engine], LoadedModel],
        failed_loads: list[FailedLoad],
    ) -> None:
        engine = make_engine()
        assert failed_loads, "each implementation names at least one way loading fails"
        for failure in failed_loads:
            with pytest.raises(failure.error) as info:
                failure.load(engine)
            assert re.search(failure.message, str(info.value)), (failure.what, str(info.value))
        good_load(engine)
        result, _ = ask(engine, SHORT_ANSWER, SamplingParams(max_tokens=4))
        assert result.stats.completion_tokens > 0
        engine.close()

    def test_unload_frees_the_model_and_a_new_load_works(
        self, make_engine: Callable[[], Engine], good_load: Callable[[Engine], LoadedModel]
    ) -> None:
        engine = make_engine()
        good_load(engine)
        engine.unload()
        with pytest.raises(NoModelLoadedError):
            ask(engine, SHORT_ANSWER, SamplingParams(max_tokens=4))
        engine.unload()  # unloading nothing is harmless
        good_load(engine)
        result, _ = ask(engine, SHORT_ANSWER, SamplingParams(max_tokens=4))
        assert result.stats.completion_tokens > 0
        engine.close()

    # ---- generation --------------------------------------------------------------------------

    def test_streams_pieces_that_add_up_to_the_reply_with_counted_tokens(
        self, engine: Engine
    ) -> None:
        prompts: list[tuple[int, int]] = []
        sampling = SamplingParams(max_tokens=24, seed=7)
        chunks: list[str] = []
        result = engine.generate(
            (SYSTEM, ChatTurn("user", "List three colours.")),
            sampling,
            on_text=chunks.append,
            stop=threading.Event(),
            on_prompt=lambda tokens, trimmed: prompts.append((tokens, trimmed)),
        )
        stats = result.stats
        assert len(chunks) > 1, "text must arrive as it is generated, not at the end"
        assert "".join(chunks) == result.text and result.text.strip()
        assert stats.finish_reason in ("stop", "length")
        assert 3 < stats.completion_tokens <= sampling.max_tokens
        assert stats.seed == sampling.seed
        assert stats.decode_tokens_per_s > 0
        assert 0 < stats.ttft_s < stats.total_s
        if self.capabilities.counts_prompt_tokens:
            assert stats.prompt_tokens > 10
            assert prompts == [(stats.prompt_tokens, 0)]
        else:
            assert prompts == []
            assert stats.prompt_tokens >= 0

    def test_token_cap_ends_the_reply_with_reason_length(self, engine: Engine) -> None:
        result, chunks = ask(engine, LONG_ANSWER, SamplingParams(temperature=0.0, max_tokens=5))
        assert result.stats.finish_reason == "length"
        assert result.stats.completion_tokens == 5
        assert "".join(chunks) == result.text

    def test_a_reply_that_ends_itself_has_reason_stop(self, engine: Engine) -> None:
        result, _ = ask(engine, SHORT_ANSWER, SamplingParams(temperature=0.0, max_tokens=128))
        assert result.stats.finish_reason == "stop"
        assert 0 < result.stats.completion_tokens < 128
        assert result.text.strip()

    def test_non_latin_text_streams_whole(self, engine: Engine) -> None:
        # The starter model repeats the characters first, so a few tokens hold them.
        result, chunks = ask(engine, NON_LATIN, SamplingParams(temperature=0.0, max_tokens=16))
        assert "\ufffd" not in result.text
        assert any(ord(ch) > 0x2000 for ch in result.text), result.text
        assert "".join(chunks) == result.text

    def test_seeded_replay(self, engine: Engine) -> None:
        turns = (SYSTEM, ChatTurn("user", "Invent a name for a bakery."))

        def sample(seed: int) -> GenerationResult:
            engine.reset_cache()  # an exact replay starts from an empty cache
            return ask(engine, turns, SamplingParams(temperature=1.0, max_tokens=24, seed=seed))[0]

        first, again, other = sample(1234), sample(1234), sample(999)
        assert (first.stats.seed, other.stats.seed) == (1234, 999)  # recorded either way
        if self.capabilities.replays_seeds:
            assert first.text == again.text
            assert first.text != other.text

    # ---- stopping ----------------------------------------------------------------------------

    def test_stop_mid_reply_keeps_the_text_so_far_and_the_engine_goes_on(
        self, engine: Engine
    ) -> None:
        stop = threading.Event()
        seen: list[str] = []

        def stop_after_three(text: str) -> None:
            seen.append(text)
            if len(seen) == 3:
                stop.set()

        result, chunks = ask(
            engine, LONG_ANSWER, SamplingParams(max_tokens=400), stop=stop, on_text=stop_after_three
        )
        assert result.stats.finish_reason == "cancelled"
        assert len(chunks) == 3 and result.text == "".join(chunks)
        after, _ = ask(engine, LONG_ANSWER, SamplingParams(temperature=0.0, max_tokens=8))
        assert after.stats.finish_reason == "length"

    def test_stop_requested_before_start_produces_nothing(self, engine: Engine) -> None:
        stop = threading.Event()
        stop.set()
        result, chunks = ask(engine, SHORT_ANSWER, SamplingParams(max_tokens=10), stop=stop)
        assert result.stats.finish_reason == "cancelled"
        assert result.stats.completion_tokens == 0
        assert result.text == "" and chunks == []

    # ---- what only some engines do -----------------------------------------------------------

    def test_continue_from_goes_on_or_is_refused(self, engine: Engine) -> None:
        sampling = SamplingParams(temperature=0.0, max_tokens=12)
        if self.capabilities.continues_replies:
            result, chunks = ask(engine, LONG_ANSWER, sampling, continue_from="Once upon a time")
            assert result.stats.completion_tokens > 0
            assert "".join(chunks) == result.text
            assert not result.text.startswith("Once upon a time"), "only the addition streams"
        else:
            assert self.capabilities.continue_refusal, "the capability names its refusal"
            with pytest.raises(EngineError, match=self.capabilities.continue_refusal):
                ask(engine, LONG_ANSWER, sampling, continue_from="Once upon a time")

    def test_adapters_clear_and_a_bad_one_is_an_engine_error(self, engine: Engine) -> None:
        assert engine.set_adapters([]) == ()
        missing = "/nonexistent/adapter.gguf"
        with pytest.raises(EngineError) as info:
            engine.set_adapters([(missing, 1.0)])
        if self.capabilities.applies_adapters:
            assert "not found" in str(info.value) and missing in str(info.value)
        else:
            assert self.capabilities.adapter_refusal, "the capability names its refusal"
            assert re.search(self.capabilities.adapter_refusal, str(info.value))
        # A refused adapter leaves the engine answering with the set it had (none).
        result, _ = ask(engine, SHORT_ANSWER, SamplingParams(max_tokens=4))
        assert result.stats.adapters == ()
