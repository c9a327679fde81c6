"""Run a DocumentPlan on a model: the whole text at once, or section by section.

Works with anything that has LlamaEngine's `generate(turns, sampling, on_text=, stop=)`: the CLI
passes a LlamaEngine, the GUI calls this from its inference thread. Every section uses the
same sampling parameters and seed unless it was regenerated with its own seed, so running the
same plan again on the same model reproduces the text; a section cut off at the token limit can
be continued, and a replay continues it the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import Protocol, runtime_checkable

from app.engine.types import ChatTurn, GenerationResult, SamplingParams
from app.templates.fact_check import check_section, retry_reason, retry_seed
from app.templates.plan import DocumentPlan
from app.templates.recipe import Attempt, Context, GeneratedSection, strip_repeated_heading
from app.templates.turns import section_turns, whole_document_turns

SectionListener = Callable[[int, str], None]  # (section index, section title)
TextListener = Callable[[int, str], None]  # (section index, streamed text)
RetryListener = Callable[[int, str], None]  # (section index, why it is written again)


class TextGenerator(Protocol):
    def generate(
        self,
        turns: Sequence[ChatTurn],
        sampling: SamplingParams,
        *,
        on_text: Callable[[str], None],
        stop: threading.Event,
        continue_from: str = "",
    ) -> GenerationResult: ...


@runtime_checkable
class CacheResettable(Protocol):
    """An engine that can forget its KV cache, so the next prompt is evaluated from scratch."""

    def reset_cache(self) -> None: ...


def _ignore(_index: int, _text: str) -> None:
    pass


class DocumentGenerator:
    def __init__(self, engine: TextGenerator) -> None:
        self._engine = engine

    def _run(
        self,
        turns: tuple[ChatTurn, ...],
        sampling: SamplingParams,
        index: int,
        on_text: TextListener,
        stop: threading.Event,
        continue_from: str = "",
    ) -> GenerationResult:
        # llama.cpp's logits depend (slightly) on how a prompt is split between the KV cache
        # and new batches, and that can change a sampled token. A recipe is reproducible only
        # if every prompt is evaluated the same way: from scratch, whatever ran before.
        if isinstance(self._engine, CacheResettable):
            self._engine.reset_cache()
        return self._engine.generate(
            turns,
            sampling,
            on_text=lambda text: on_text(index, text),
            stop=stop,
            continue_from=continue_from,
        )

    def section(
        self,
        plan: DocumentPlan,
        index: int,
        previous: Sequence[GeneratedSection],
        sampling: SamplingParams,
        *,
        on_text: TextListener = _ignore,
        stop: threading.Event | None = None,
        context: Context | None = None,
    ) -> GeneratedSection:
        """Generate section `index` alone, shown `context` (default: the sections before it,
        `previous`) as what was written so far."""
        planned = plan.sections[index]
        if context is None:
            context = tuple((s.title, strip_repeated_heading(s.title, s.text)) for s in previous)
        turns = section_turns(plan, index, context)
        result = self._run(turns, sampling, index, on_text, stop or threading.Event())
        return GeneratedSection(
            title=planned.title,
            instruction=planned.instruction,
            text=strip_repeated_heading(planned.title, result.text).strip(),
            finish_reason=result.stats.finish_reason,
            completion_tokens=result.stats.completion_tokens,
            context=context,
        )

    def whole(
        self,
        plan: DocumentPlan,
        sampling: SamplingParams,
        *,
        on_text: TextListener = _ignore,
        stop: threading.Event | None = None,
    ) -> GeneratedSection:
        """Generate a document without an outline in one go."""
        result = self._run(
            whole_document_turns(plan), sampling, 0, on_text, stop or threading.Event()
        )
        return GeneratedSection(
            title="",
            instruction="",
            text=result.text.strip(),
            finish_reason=result.stats.finish_reason,
            completion_tokens=result.stats.completion_tokens,
        )

    def continued(
        self,
        plan: DocumentPlan,
        index: int,
        section: GeneratedSection,
        sampling: SamplingParams,
        *,
        on_text: TextListener = _ignore,
        stop: threading.Event | None = None,
    ) -> GeneratedSection:
        """`section` (cut off at the token limit) with the model's continuation: the same
        prompt it was written from, its text so far as the start of the reply, so the model
        goes on mid-sentence. `sampling.seed` is recorded in `continuations`, and replaying
        gives the same words. After Stop the section comes back unchanged (a half-finished
        continuation would not replay the same)."""
        if plan.outlined:
            base = section_turns(plan, index, section.context or ())
        else:
            base = whole_document_turns(plan)
        result = self._run(
            base, sampling, index, on_text, stop or threading.Event(), continue_from=section.text
        )
        if result.stats.finish_reason == "cancelled":
            return section
        return replace(
            section,
            text=(section.text + result.text).rstrip(),
            finish_reason=result.stats.finish_reason,
            completion_tokens=section.completion_tokens + result.stats.completion_tokens,
            continuations=(*section.continuations, sampling.seed),
        )

    def _replayed(
        self,
        plan: DocumentPlan,
        index: int,
        section: GeneratedSection,
        original: GeneratedSection | None,
        sampling: SamplingParams,
        on_text: TextListener,
        stop: threading.Event,
    ) -> GeneratedSection:
        """`section`, continued as `original` was (same seeds, same order)."""
        for seed in original.continuations if original is not None else ():
            if not section.cut_off or stop.is_set():
                break
            section = self.continued(
                plan, index, section, replace(sampling, seed=seed), on_text=on_text, stop=stop
            )
        return section

    def document(
        self,
        plan: DocumentPlan,
        sampling: SamplingParams,
        *,
        on_section: SectionListener = _ignore,
        on_text: TextListener = _ignore,
        stop: threading.Event | None = None,
        replay: Sequence[GeneratedSection] = (),
        max_retries: int = 0,
        on_retry: RetryListener = _ignore,
    ) -> tuple[GeneratedSection, ...]:
        """Generate the whole document. After Stop, the sections not reached are returned
        empty with finish_reason "cancelled" (the outline stays complete for later).

        `replay`: the sections of an earlier run of this plan, to be reproduced: each one's
        own seed (a section regenerated on its own), the context it was shown and its
        continuations are used again.

        `max_retries`: a new section whose fact check finds a problem (an unsupported detail,
        a required fact left out) is written again with a derived seed, up to this many times;
        every attempt is recorded with the section. A replay reuses the kept seeds instead."""
        stop = stop or threading.Event()
        if not plan.outlined:
            original = replay[0] if replay else None
            if original is None:
                return (
                    self._checked(
                        plan,
                        None,
                        sampling,
                        lambda s: self.whole(plan, s, on_text=on_text, stop=stop),
                        lambda: on_section(0, ""),
                        max_retries,
                        on_retry,
                        stop,
                    ),
                )
            on_section(0, "")
            kept = sampling if original.seed is None else replace(sampling, seed=original.seed)
            section = self.whole(plan, kept, on_text=on_text, stop=stop)
            section = self._replayed(plan, 0, section, original, kept, on_text, stop)
            return (replace(section, seed=original.seed, attempts=original.attempts),)
        done: list[GeneratedSection] = []
        for index, planned in enumerate(plan.sections):
            if stop.is_set():
                done.append(GeneratedSection(planned.title, planned.instruction, "", "cancelled"))
                continue
            original = replay[index] if index < len(replay) else None
            if original is None:
                done.append(
                    self._checked(
                        plan,
                        index,
                        sampling,
                        partial(self._fresh_section, plan, index, tuple(done), on_text, stop),
                        partial(on_section, index, planned.title),
                        max_retries,
                        on_retry,
                        stop,
                    )
                )
                continue
            on_section(index, planned.title)
            seed = original.seed
            section_sampling = sampling if seed is None else replace(sampling, seed=seed)
            section = self.section(
                plan,
                index,
                done,
                section_sampling,
                on_text=on_text,
                stop=stop,
                context=original.context,
            )
            section = self._replayed(
                plan, index, section, original, section_sampling, on_text, stop
            )
            done.append(replace(section, seed=seed, attempts=original.attempts))
        return tuple(done)

    def _fresh_section(
        self,
        plan: DocumentPlan,
        index: int,
        previous: Sequence[GeneratedSection],
        on_text: TextListener,
        stop: threading.Event,
        sampling: SamplingParams,
    ) -> GeneratedSection:
        return self.section(plan, index, previous, sampling, on_text=on_text, stop=stop)

    def _checked(
        self,
        plan: DocumentPlan,
        index: int | None,
        sampling: SamplingParams,
        write: Callable[[SamplingParams], GeneratedSection],
        announce: Callable[[], None],
        max_retries: int,
        on_retry: RetryListener,
        stop: threading.Event,
    ) -> GeneratedSection:
        """A new section, written again while its fact check finds problems (at most
        `max_retries` times); the attempt with the fewest issues (the first of equals) is kept
        and its seed recorded, so a replay writes that text again."""
        attempts: list[Attempt] = []
        best: tuple[int, GeneratedSection, int | None, int] | None = None
        for attempt in range(max_retries + 1):
            seed = None if attempt == 0 else retry_seed(sampling.seed, index or 0, attempt)
            announce()
            section = write(sampling if seed is None else replace(sampling, seed=seed))
            if max_retries == 0:
                return section
            if section.finish_reason == "cancelled":
                if best is None:
                    return section
                break
            report = check_section(plan, index, section.text)
            reasons = tuple(issue.reason for issue in report.issues)
            attempts.append(Attempt(sampling.seed if seed is None else seed, reasons))
            if best is None or len(reasons) < best[0]:
                best = (len(reasons), section, seed, len(attempts) - 1)
            if report.clean or attempt == max_retries or stop.is_set():
                break
            reason = retry_reason(report)
            attempts[-1] = replace(attempts[-1], retried_because=reason)
            on_retry(index or 0, reason)
        assert best is not None
        _count, kept, kept_seed, kept_index = best
        attempts[kept_index] = replace(attempts[kept_index], kept=True)
        return replace(kept, seed=kept_seed, attempts=tuple(attempts))
