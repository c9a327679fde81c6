"""One Engine for the InferenceWorker that runs either the local llama.cpp model or a remote one.

The worker keeps its contract (one thread, one queue, the same events); a `LoadModel` with
`remote` set goes to the RemoteEngine, one without to the local engine. Only one of the two
holds a model at a time: loading one unloads the other, so a local model does not sit in
memory while a remote one answers. Every other call goes to whichever loaded last.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from app.engine.batch_scheduler import BatchCapableEngine
from app.engine.batched_replies import BatchedReplies
from app.engine.remote import RemoteEngine
from app.engine.types import (
    ActiveAdapter,
    ChatTurn,
    GenerationResult,
    LoadedModel,
    LoadOptions,
    RemoteTarget,
    SamplingParams,
)
from app.engine.worker import Engine

# The local half (LlamaEngine) has exactly the worker's Engine shape.
LocalEngine = Engine


class EngineRouter:
    def __init__(
        self,
        local_factory: Callable[[], LocalEngine],
        *,
        remote: RemoteEngine | None = None,
    ) -> None:
        # The local engine is built on first use: a session that only talks to a remote
        # server never loads llama.cpp's libraries.
        self._local_factory = local_factory
        self._local: LocalEngine | None = None
        self._remote = remote or RemoteEngine()
        self._active: LocalEngine | RemoteEngine | None = None

    @property
    def is_remote(self) -> bool:
        return self._active is self._remote

    def _local_engine(self) -> LocalEngine:
        if self._local is None:
            self._local = self._local_factory()
        return self._local

    def load(
        self,
        path: str,
        *,
        sha256: str = "",
        options: LoadOptions | None = None,
        remote: RemoteTarget | None = None,
    ) -> LoadedModel:
        if remote is not None:
            if self._local is not None:
                self._local.unload()
            self._active = None
            loaded = self._remote.load(path, sha256=sha256, options=options, remote=remote)
            self._active = self._remote
            return loaded
        self._remote.unload()
        self._active = None
        loaded = self._local_engine().load(path, sha256=sha256, options=options)
        self._active = self._local
        return loaded

    def _current(self) -> LocalEngine | RemoteEngine:
        # Nothing loaded: the local engine gives the usual "No model is loaded" answers.
        return self._active if self._active is not None else self._local_engine()

    def unload(self) -> None:
        self._remote.unload()
        if self._local is not None:
            self._local.unload()
        self._active = None

    def reset_cache(self) -> None:
        self._current().reset_cache()

    def set_adapters(self, adapters: Sequence[tuple[str, float]]) -> tuple[ActiveAdapter, ...]:
        return self._current().set_adapters(adapters)

    def generate(
        self,
        turns: tuple[ChatTurn, ...],
        sampling: SamplingParams,
        *,
        on_text: Callable[[str], None],
        stop: threading.Event,
        on_prompt: Callable[[int, int], None] | None = None,
        continue_from: str = "",
    ) -> GenerationResult:
        return self._current().generate(
            turns,
            sampling,
            on_text=on_text,
            stop=stop,
            on_prompt=on_prompt,
            continue_from=continue_from,
        )

    def batched_replies(self) -> BatchedReplies | None:
        """The local model's batched road; a remote model answers one request at a time."""
        active = self._active
        if active is None or active is self._remote or not isinstance(active, BatchCapableEngine):
            return None
        return active.batched_replies()

    def close(self) -> None:
        self._remote.close()
        if self._local is not None:
            self._local.close()
