"""Turning an API request into requests on the shared InferenceWorker (through the engine's
client), and its events back into an async stream for the HTTP handler.

Model choice: a request names a served model (or the alias "hearth": what is loaded). When
that model is what the worker will have loaded by the time the request runs, only a Generate
is queued. Otherwise, where switching is allowed (headless `hearth serve`), a LoadModel (and
SetAdapters) is queued first, under the worker's submit lock so that nothing else slips in
between. In the GUI switching is off: the API never changes the model under the user's feet;
it answers with a clear error naming the model that is loaded.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncGenerator, Iterator
from dataclasses import dataclass, replace

from app.api.chat_request import ChatRequest
from app.api.openai_format import RequestError
from app.api.served_models import ALIAS_CURRENT, ModelProvider, ServedModel
from app.api.tool_turns import prepared
from app.engine.client import EngineClient
from app.engine.types import (
    ChatTurn,
    EngineEvent,
    Failed,
    Finished,
    LoadModel,
    LoadOptions,
    SetAdapters,
)

_END = (Finished, Failed)


@dataclass(frozen=True)
class Admission:
    """A request let in: the model it runs on and the turns as sent to the engine."""

    model_id: str
    turns: tuple[ChatTurn, ...]
    request_id: int = 0  # the Generate's, to cancel it while still reading its events
    family: str = "generic"  # how the model writes tool calls (app/tools/families.py)


class Dispatcher:
    def __init__(
        self,
        client: EngineClient,
        provider: ModelProvider,
        *,
        allow_switching: bool,
        load_options: LoadOptions | None = None,
        max_pending: int = 16,
    ) -> None:
        self.client = client
        self.worker = client.worker  # what is loaded and queued; its lock
        self.provider = provider
        self.allow_switching = allow_switching
        self.load_options = load_options or LoadOptions()
        self.max_pending = max_pending
        self._pending = 0
        self._pending_lock = threading.Lock()

    # ---- models ----------------------------------------------------------------------------

    def served(self) -> list[ServedModel]:
        return list(self.provider())

    def loaded_id(self) -> str | None:
        """The served id of the model the worker has loaded (None: none, or not a served one)."""
        loaded = self.worker.loaded
        if loaded is None:
            return None
        state = self.worker.queued_state
        for model in self.served():
            if model.path == loaded.model.path and model.adapters == state.adapters:
                return model.id
        for model in self.served():
            if model.path == loaded.model.path and not model.adapters:
                return model.id
        return None

    def queued_id(self) -> str:
        """The served id of what will be loaded when the next request runs (else the alias)."""
        state = self.worker.queued_state
        for model in self.served():
            if model.path == state.model_path and model.adapters == state.adapters:
                return model.id
        return ALIAS_CURRENT

    def _resolve(self, requested: str) -> ServedModel | None:
        """The served model asked for; None means "whatever is queued" (the alias)."""
        if requested == ALIAS_CURRENT:
            return None
        for model in self.served():
            if model.id == requested:
                return model
        known = ", ".join([ALIAS_CURRENT, *(m.id for m in self.served())])
        raise RequestError(
            f"There is no model “{requested}” here. Models: {known}.",
            status=404,
            code="model_not_found",
        )

    def _queue_model(self, wanted: ServedModel | None) -> str:
        """Make sure the next request in the queue runs on `wanted`; returns its id. Must be
        called with the worker's lock held."""
        state = self.worker.queued_state
        if wanted is None:
            if state.model_path is not None:
                return self.queued_id()
            served = self.served()
            if not self.allow_switching or not served:
                raise RequestError(
                    "No model is loaded in Hearth. Load one in the app first.",
                    status=409,
                    code="model_not_loaded",
                )
            wanted = served[0]
        if state.model_path == wanted.path and state.adapters == wanted.adapters:
            return wanted.id
        if not self.allow_switching:
            current = self.queued_id() if state.model_path else "none"
            raise RequestError(
                f"Hearth has “{current}” loaded; the local API does not switch models while the "
                f"app is open. Ask for “{current}” (or “{ALIAS_CURRENT}”), or load "
                f"“{wanted.id}” in the app.",
                status=409,
                code="model_not_loaded",
            )
        if state.model_path != wanted.path or state.remote:
            self.client.submit(LoadModel(wanted.path, wanted.sha256, self.load_options))
        if wanted.adapters or self.worker.queued_state.adapters:
            self.client.submit(SetAdapters(wanted.adapters))
        return wanted.id

    # ---- generation ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _slot(self) -> Iterator[None]:
        with self._pending_lock:
            if self._pending >= self.max_pending:
                raise RequestError(
                    f"Hearth is already handling {self.max_pending} API requests; try again "
                    "shortly.",
                    status=429,
                    code="too_many_requests",
                )
            self._pending += 1
        try:
            yield None
        finally:
            with self._pending_lock:
                self._pending -= 1

    async def generate(self, request: ChatRequest) -> AsyncGenerator[Admission | EngineEvent, None]:
        """Yields one Admission, then the request's events up to Finished or Failed. Leaving
        early (the client went away) cancels the request on the worker."""
        with self._slot():
            loop = asyncio.get_running_loop()
            events: asyncio.Queue[EngineEvent] = asyncio.Queue()

            def deliver(event: EngineEvent) -> None:  # on the worker thread
                with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits
                    loop.call_soon_threadsafe(events.put_nowait, event)

            wanted = self._resolve(request.model)
            turns = _with_instructions(request.turns, wanted)
            with self.worker.lock:
                model_id = self._queue_model(wanted)
                generate, family = prepared(request, turns, self.worker.queued_state.model_path)
                self.client.submit(generate, deliver)
            finished = False
            try:
                yield Admission(model_id, generate.turns, generate.request_id, family)
                while True:
                    event = await events.get()
                    if isinstance(event, _END):
                        finished = True
                    yield event
                    if finished:
                        return
            finally:
                if not finished:
                    self.client.drop(generate.request_id)


def _with_instructions(
    turns: tuple[ChatTurn, ...], model: ServedModel | None
) -> tuple[ChatTurn, ...]:
    """An assistant's instructions come first; a client's own system message follows them."""
    if model is None or not model.system_prompt or any(t.raw for t in turns):
        return turns
    if turns and turns[0].role == "system":
        merged = replace(turns[0], content=f"{model.system_prompt}\n\n{turns[0].content}")
        return (merged, *turns[1:])
    return (ChatTurn("system", model.system_prompt), *turns)
