"""Runtime LoRA adapters on the loaded model: load, apply with scales, switch, clear, free.

`LoraAdapters` belongs to one loaded `llama_cpp.Llama` (LlamaEngine creates it on load and frees
it on unload). Every adapter file is checked against the base model's header first
(`app.library.adapters.check_compatible`): llama.cpp is never handed a file that does not fit,
and the user gets a message naming the adapter, the model and the problem.

Applying a set replaces the previous one in the context (`llama_set_adapters_lora`) without
reloading the model; adapters no longer in the set are freed. Any change resets the KV cache:
what it holds was computed with other weights.
"""

from __future__ import annotations

import ctypes
import math
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import llama_cpp

from app.engine.errors import AdapterLoadError
from app.engine.types import ActiveAdapter
from app.library.adapters import (
    AdapterError,
    AdapterInfo,
    AdapterMismatchError,
    check_compatible,
    inspect_adapter,
)
from app.library.gguf_errors import GgufError
from app.library.gguf_header import GgufHeader

MAX_SCALE: Final = 2.0


class IncompatibleAdapterError(AdapterLoadError, AdapterMismatchError):
    """The adapter does not fit the loaded model.

    Both an engine error (the inference thread reports it to the user like any EngineError) and
    the library's AdapterMismatchError (what `check_compatible` found; `tensor` names the tensor).
    """


@dataclass
class _Loaded:
    info: AdapterInfo
    handle: Any  # llama_adapter_lora_p: owned here, freed with llama_adapter_lora_free


# Gives a readable plain path for an adapter file for the duration of a block: the path itself,
# or a temporary decrypted copy when Hearth stores the adapter encrypted (llama.cpp reads the
# file only while the adapter is initialised, so the copy can go right after).
AdapterOpener = Callable[[str], AbstractContextManager[str]]


@contextmanager
def plain_path(path: str) -> Iterator[str]:
    yield path


class LoraAdapters:
    """The LoRA adapters of one loaded model. Not thread-safe: the engine's thread owns it."""

    def __init__(
        self, llama: llama_cpp.Llama, base: GgufHeader, opener: AdapterOpener = plain_path
    ) -> None:
        self._llama: llama_cpp.Llama | None = llama
        self._base = base
        self._opener = opener
        self._loaded: dict[str, _Loaded] = {}
        self._active: tuple[ActiveAdapter, ...] = ()

    @property
    def active(self) -> tuple[ActiveAdapter, ...]:
        return self._active

    def apply(self, adapters: Sequence[tuple[str, float]]) -> tuple[ActiveAdapter, ...]:
        """Make `adapters` (path, scale 0..2) the context's set, replacing the previous one.

        All-or-nothing: when any adapter is refused (AdapterLoadError, IncompatibleAdapterError)
        the previous set stays applied. An empty sequence clears the adapters.
        """
        llama = self._require()
        wanted = self._validated(adapters)
        newly_loaded: list[str] = []
        try:
            for key, _ in wanted:
                if key not in self._loaded:
                    self._loaded[key] = self._load(llama, key)
                    newly_loaded.append(key)
        except AdapterLoadError:
            for key in newly_loaded:
                self._free(self._loaded.pop(key))
            raise
        active = tuple(
            ActiveAdapter(
                path=key,
                name=self._loaded[key].info.name,
                scale=scale,
                rank=self._loaded[key].info.rank,
                alpha=self._loaded[key].info.alpha,
            )
            for key, scale in wanted
        )
        if active != self._active:
            handles = [(self._loaded[key].handle, scale) for key, scale in wanted]
            self._set_on_context(llama, handles)
            self._active = active
            reset_kv_cache(llama)
        in_use = {key for key, _ in wanted}
        for key in [k for k in self._loaded if k not in in_use]:
            self._free(self._loaded.pop(key))
        return self._active

    def clear(self) -> None:
        self.apply(())

    def free(self) -> None:
        """Detach and free every adapter; call before the model itself is freed."""
        llama, self._llama = self._llama, None
        if llama is not None and self._active:
            self._set_on_context(llama, [])
            reset_kv_cache(llama)
        self._active = ()
        loaded, self._loaded = self._loaded, {}
        for entry in loaded.values():
            self._free(entry)

    # ---- internals ---------------------------------------------------------------------------

    def _require(self) -> llama_cpp.Llama:
        if self._llama is None:
            raise AdapterLoadError("The model these adapters belonged to has been unloaded.")
        return self._llama

    @staticmethod
    def _validated(adapters: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
        wanted: list[tuple[str, float]] = []
        seen: set[str] = set()
        for path, scale in adapters:
            key = os.path.abspath(os.fspath(path))
            name = Path(key).name
            if not (isinstance(scale, int | float) and math.isfinite(scale)):
                raise AdapterLoadError(f"The scale for adapter '{name}' is not a number.")
            if not 0.0 <= scale <= MAX_SCALE:
                raise AdapterLoadError(
                    f"The scale for adapter '{name}' is {scale:g}; it must be between 0 and "
                    f"{MAX_SCALE:g}."
                )
            if key in seen:
                raise AdapterLoadError(f"Adapter '{name}' is listed twice.")
            seen.add(key)
            wanted.append((key, float(scale)))
        return wanted

    def _load(self, llama: llama_cpp.Llama, path: str) -> _Loaded:
        name = Path(path).name
        try:
            with self._opener(path) as readable:
                try:
                    info = inspect_adapter(Path(readable))
                    check_compatible(info.header, self._base)
                except AdapterMismatchError as exc:
                    raise IncompatibleAdapterError(str(exc), tensor=exc.tensor) from exc
                except (AdapterError, GgufError) as exc:
                    raise AdapterLoadError(str(exc)) from exc
                handle = llama_cpp.llama_adapter_lora_init(llama.model, os.fsencode(readable))
        except FileNotFoundError as exc:
            raise AdapterLoadError(f"Adapter file not found: {path}") from exc
        except OSError as exc:
            raise AdapterLoadError(f"Cannot read adapter {name}: {exc.strerror or exc}") from exc
        if not handle:
            raise AdapterLoadError(
                f"llama.cpp refused the adapter {name} (see the log for its reason)."
            )
        return _Loaded(info=info, handle=handle)

    @staticmethod
    def _set_on_context(llama: llama_cpp.Llama, pairs: Sequence[tuple[Any, float]]) -> None:
        count = len(pairs)
        if count == 0:  # llama.cpp wants NULL arrays for an empty set
            llama_cpp.llama_set_adapters_lora(llama.ctx, None, 0, None)
            return
        handles = (llama_cpp.llama_adapter_lora_p_ctypes * count)(*(h for h, _ in pairs))
        scales = (ctypes.c_float * count)(*(s for _, s in pairs))
        if llama_cpp.llama_set_adapters_lora(llama.ctx, handles, count, scales) != 0:
            raise AdapterLoadError("llama.cpp could not apply the adapters to the model.")

    @staticmethod
    def _free(entry: _Loaded) -> None:
        llama_cpp.llama_adapter_lora_free(entry.handle)


def reset_kv_cache(llama: llama_cpp.Llama) -> None:
    """Forget the evaluated tokens: the next generate evaluates its whole prompt again."""
    llama.n_tokens = 0
    memory = llama_cpp.llama_get_memory(llama.ctx)
    if memory:
        llama_cpp.llama_memory_clear(memory, True)
