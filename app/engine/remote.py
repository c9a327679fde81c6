"""A model on an OpenAI-compatible server, behind the same Engine interface as LlamaEngine.

llama.cpp's llama-server (also in its RPC multi-machine mode), vLLM, Ollama and LM Studio all
serve `/v1/models` and a streaming `/v1/chat/completions` (server-sent events). The `openai`
package speaks that protocol; this module only turns its results and its exceptions into
Hearth's values and into messages a user can act on.

Like LlamaEngine it is used from one thread (the InferenceWorker, or the CLI's only thread).
"""

from __future__ import annotations

import logging
import queue
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from app.engine.errors import EngineError, NoModelLoadedError
from app.engine.remote_logprobs import LOGPROBS_REQUEST, choice_logprobs
from app.engine.repetition import ReplyLoopGuard
from app.engine.types import (
    ActiveAdapter,
    ChatTurn,
    FinishReason,
    GenerationResult,
    GenerationStats,
    LoadedModel,
    LoadOptions,
    RemoteTarget,
    SamplingParams,
    TokenLogprob,
)

if TYPE_CHECKING:  # the client library loads only when a remote endpoint is used
    import openai

_log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10.0


class RemoteEngineError(EngineError):
    """A remote server failed or answered in a way Hearth cannot use; the message says which."""


def open_client(target: RemoteTarget) -> openai.OpenAI:
    """An OpenAI client for the target: no automatic retries (errors must show at once), TLS
    verification as configured, and a read timeout between chunks of `timeout_s`."""
    import httpx2
    import openai

    timeout = httpx2.Timeout(target.timeout_s, connect=min(CONNECT_TIMEOUT_S, target.timeout_s))
    return openai.OpenAI(
        base_url=target.base_url,
        # Servers without authentication ignore the header; the client insists on some value.
        api_key=target.api_key or "no-key",
        max_retries=0,
        timeout=timeout,
        http_client=httpx2.Client(verify=target.verify_tls, timeout=timeout),
    )


def list_models(target: RemoteTarget) -> list[str]:
    """The model names the server offers (`GET /v1/models`), in the server's order."""
    client = open_client(target)
    try:
        return [model.id for model in client.models.list()]
    except Exception as exc:
        raise RemoteEngineError(describe_failure(exc, target)) from exc
    finally:
        client.close()


def server_kind(base_url: str) -> str:
    """A guess for the label, from the usual default ports; "" when nothing suggests one."""
    port = urlsplit(base_url).port
    return {11434: "Ollama", 1234: "LM Studio", 8000: "vLLM", 8080: "llama-server"}.get(
        port or 0, ""
    )


def backend_label(target: RemoteTarget) -> str:
    """e.g. "Remote: team-gpu (llama-server)"."""
    kind = server_kind(target.base_url)
    return f"Remote: {target.endpoint}" + (f" ({kind})" if kind else "")


def describe_failure(exc: BaseException, target: RemoteTarget) -> str:
    """One sentence for the user: what went wrong with which endpoint, and what to do."""
    import openai

    where = f"the endpoint “{target.endpoint}” ({target.base_url})"
    if isinstance(exc, openai.APITimeoutError):
        return (
            f"{where} did not answer within {target.timeout_s:g} s. The server may be busy or "
            "overloaded; try again, or raise the endpoint's timeout."
        )
    if isinstance(exc, openai.APIConnectionError):
        cause = _root_cause(exc)
        if isinstance(cause, ssl.SSLCertVerificationError):
            return (
                f"The TLS certificate of {where} could not be verified ({cause.verify_message}). "
                "Install the server's certificate authority, or switch off TLS verification "
                "for this endpoint only if you trust the network."
            )
        if isinstance(cause, ssl.SSLError):
            return f"A secure (TLS) connection to {where} failed: {cause}."
        return (
            f"Could not reach {where}: {cause or exc}. Check that the server is running and "
            "that the address and port are right."
        )
    if isinstance(exc, openai.AuthenticationError):
        return (
            f"{where} refused the API key (401 Unauthorized). Check the key stored for this "
            "endpoint."
        )
    if isinstance(exc, openai.PermissionDeniedError):
        return f"{where} refused access (403 Forbidden): this key may not use that model."
    if isinstance(exc, openai.NotFoundError):
        return (
            f"{where} answered 404 Not Found: the model “{target.model}” or the API path does "
            "not exist there. Check that the URL ends in /v1 and list the endpoint's models."
        )
    if isinstance(exc, openai.RateLimitError):
        retry = exc.response.headers.get("retry-after")
        wait = f" Try again in {retry} s." if retry else " Wait a moment and try again."
        return f"{where} is rate-limiting requests (429 Too Many Requests).{wait}"
    if isinstance(exc, openai.APIStatusError):
        return f"{where} answered with an error ({exc.status_code}): {_server_message(exc)}"
    if isinstance(exc, (openai.APIResponseValidationError, ValueError, KeyError, TypeError)):
        return f"{where} sent a reply that is not valid OpenAI-compatible JSON: {exc}"
    return f"The request to {where} failed: {exc}"


def _root_cause(exc: BaseException) -> BaseException | None:
    cause: BaseException | None = exc.__cause__ or exc.__context__
    seen = 0
    while cause is not None and seen < 10:
        if isinstance(cause, ssl.SSLError):
            return cause
        deeper = cause.__cause__ or cause.__context__
        if deeper is None:
            return cause
        cause, seen = deeper, seen + 1
    return cause


def _server_message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
        if isinstance(error, str):
            return error
    return str(getattr(exc, "message", exc))


class RemoteEngine:
    """Engine protocol on a remote server. `load` picks endpoint and model and checks both."""

    def __init__(
        self,
        *,
        client_factory: Callable[[RemoteTarget], Any] = open_client,
        ask_logprobs: bool = False,
    ) -> None:
        """`ask_logprobs`: request token logprobs. Off by default: llama-cpp-python's server
        then samples a different reply for the same seed, so asking changes what a user gets."""
        self._client_factory = client_factory
        self._logprobs_wanted = ask_logprobs
        self._target: RemoteTarget | None = None
        self._client: Any = None
        self._loaded: LoadedModel | None = None
        self._ask_logprobs = ask_logprobs  # False once this endpoint refused a request for them

    @property
    def loaded(self) -> LoadedModel | None:
        return self._loaded

    def load(
        self,
        path: str,
        *,
        sha256: str = "",
        options: LoadOptions | None = None,
        remote: RemoteTarget | None = None,
    ) -> LoadedModel:
        if remote is None:
            raise RemoteEngineError("No remote endpoint was given for this model.")
        self.unload()
        started = time.perf_counter()
        client = self._client_factory(remote)
        try:
            offered = [model.id for model in client.models.list()]
        except Exception as exc:
            client.close()
            raise RemoteEngineError(describe_failure(exc, remote)) from exc
        if remote.model not in offered:
            client.close()
            listing = ", ".join(offered[:10]) or "none"
            raise RemoteEngineError(
                f"The endpoint “{remote.endpoint}” has no model “{remote.model}”. "
                f"It offers: {listing}."
            )
        self._target, self._client = remote, client
        self._ask_logprobs = self._logprobs_wanted
        self._loaded = LoadedModel(
            path=remote.base_url,
            name=remote.model,
            sha256=sha256,
            n_ctx=0,  # the server does not say; its own limit applies
            n_ctx_train=0,
            backend=backend_label(remote),
            n_gpu_layers=0,
            n_threads=0,
            load_s=time.perf_counter() - started,
            endpoint=remote.endpoint,
            remote_model=remote.model,
        )
        return self._loaded

    def unload(self) -> None:
        if self._client is not None:
            self._client.close()
        self._client = None
        self._target = None
        self._loaded = None

    def reset_cache(self) -> None:
        """Nothing to do: the server manages its own cache."""

    def set_adapters(self, adapters: Sequence[tuple[str, float]]) -> tuple[ActiveAdapter, ...]:
        if adapters:
            raise RemoteEngineError(
                "LoRA adapters can only be applied to a model running on this computer, not to "
                "a remote endpoint's model."
            )
        return ()

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
        """Stream a chat completion. Stop closes the HTTP stream (the server then stops too).
        A reply that starts repeating itself ends there too ("repetition", repeats cut)."""
        target, client = self._target, self._client
        if target is None or client is None:
            raise NoModelLoadedError()
        if continue_from:
            # Servers differ in whether a trailing assistant message is continued or answered.
            raise RemoteEngineError(
                "Continue works with a model on this computer; a remote endpoint's reply can "
                "be regenerated with a higher reply length instead."
            )
        guard = ReplyLoopGuard(enabled=sampling.repetition_guard)
        started = time.perf_counter()
        pieces: list[str] = []
        chunks = 0
        first_at: float | None = None
        last_at = started
        finish: FinishReason = "stop"
        usage: Any = None
        scored: list[TokenLogprob] = []
        asked = self._ask_logprobs
        # The request and the reading run on a helper thread, so that Stop ends this call at
        # once even while a blocking read waits for the server (still evaluating the prompt,
        # or hung): a socket read cannot be interrupted from another thread.
        reader = _StreamReader(client, _request_body(target, turns, sampling, asked), target)
        try:
            while True:
                if stop.is_set():
                    finish = "cancelled"
                    break
                item = reader.next(timeout_s=_POLL_S)
                if item is _WAITING:
                    continue
                if item is _END:
                    break
                if isinstance(item, RemoteEngineError):
                    refused = getattr(item.__cause__, "status_code", None) in _REFUSALS
                    if not (asked and refused and not pieces):
                        raise item
                    # Refused before any text: perhaps the logprobs; ask once more without.
                    reader.close()
                    asked = self._ask_logprobs = False
                    body = _request_body(target, turns, sampling, False)
                    reader = _StreamReader(client, body, target)
                    continue
                chunk: Any = item
                usage = getattr(chunk, "usage", None) or usage
                for choice in chunk.choices or ():
                    scored.extend(choice_logprobs(choice))
                    text = getattr(choice.delta, "content", None) if choice.delta else None
                    if text:
                        now = time.perf_counter()
                        first_at = first_at if first_at is not None else now
                        last_at = now
                        chunks += 1
                        pieces.append(text)
                        on_text(text)
                        if guard.feed(text):
                            finish = "repetition"
                            break
                    if choice.finish_reason:
                        finish = "length" if choice.finish_reason == "length" else "stop"
                if finish == "repetition":
                    break  # closing the stream below stops the server too
        finally:
            reader.close()
        ended = time.perf_counter()
        completion = int(getattr(usage, "completion_tokens", 0) or 0) or chunks
        prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0)
        window = last_at - first_at if first_at is not None else 0.0
        stats = GenerationStats(
            prompt_tokens=prompt_tokens,
            prompt_tokens_evaluated=prompt_tokens,
            completion_tokens=completion,
            ttft_s=(first_at if first_at is not None else ended) - started,
            decode_tokens_per_s=(chunks - 1) / window if chunks > 1 and window > 0 else 0.0,
            total_s=ended - started,
            finish_reason=finish,
            seed=sampling.seed,
            trimmed_turns=0,
            context_used=prompt_tokens + completion,
            n_ctx=0,
            token_logprobs=tuple(scored),
        )
        return GenerationResult(text=guard.reply_text("".join(pieces)), stats=stats)

    def close(self) -> None:
        self.unload()


def _request_body(
    target: RemoteTarget, turns: Sequence[ChatTurn], sampling: SamplingParams, logprobs: bool
) -> dict[str, Any]:
    extra: dict[str, Any] = {
        "top_k": sampling.top_k,
        "min_p": sampling.min_p,
        "repeat_penalty": sampling.repeat_penalty,
    }
    if sampling.grammar is not None:
        extra["grammar"] = sampling.grammar  # llama-server and llama_cpp.server read it
    return {
        "model": target.model,
        "messages": [{"role": t.role, "content": t.content} for t in turns],
        "stream": True,
        # Asks for token counts in a last chunk; servers that do not know it ignore it.
        "stream_options": {"include_usage": True},
        "temperature": sampling.temperature,
        "top_p": sampling.top_p,
        "max_tokens": sampling.max_tokens,
        "seed": sampling.seed,
        # Not in OpenAI's API, but llama-server, llama_cpp.server, vLLM and Ollama read them.
        "extra_body": extra,
        **(LOGPROBS_REQUEST if logprobs else {}),
    }


_POLL_S = 0.05
# HTTP statuses with which a server may refuse a parameter it does not support.
_REFUSALS = (400, 422, 500, 501)
_WAITING = object()
_END = object()


class _StreamReader:
    """Sends the request and reads its chunks on a daemon thread, handing them over a queue.

    `close()` returns at once; the thread closes the HTTP stream as soon as it wakes (at the
    next chunk, or the timeout), which tells the server to stop generating."""

    def __init__(self, client: Any, body: dict[str, Any], target: RemoteTarget) -> None:
        self._items: queue.Queue[object] = queue.Queue()
        self._closed = threading.Event()
        self._stream: Any = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._read, args=(client, body, target), name="RemoteStream", daemon=True
        )
        self._thread.start()

    def _read(self, client: Any, body: dict[str, Any], target: RemoteTarget) -> None:
        try:
            stream = client.chat.completions.create(**body)
            with self._lock:
                self._stream = stream
            if self._closed.is_set():
                return
            for chunk in stream:
                if self._closed.is_set():
                    return
                if not hasattr(chunk, "choices"):
                    raise ValueError("a stream event that is not a chat completion chunk")
                self._items.put(chunk)
            self._items.put(_END)
        except Exception as exc:
            if not self._closed.is_set():
                error = RemoteEngineError(describe_failure(exc, target))
                error.__cause__ = exc  # generate() looks at a refusal's status code
                self._items.put(error)
        finally:
            self._close_stream()

    def next(self, *, timeout_s: float) -> object:
        try:
            return self._items.get(timeout=timeout_s)
        except queue.Empty:
            return _WAITING

    def _close_stream(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.close()
            except Exception:  # closing is best effort; the server times the request out
                _log.debug("closing the remote stream failed", exc_info=True)

    def close(self) -> None:
        self._closed.set()
        if not self._thread.is_alive():
            return
        self._close_stream()
