"""An encrypted adapter copy, decrypted for the moment llama.cpp loads it, works in the engine."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.engine.llama_engine import LlamaEngine
from app.engine.types import ChatTurn, LoadOptions, SamplingParams
from app.security.file_crypto import decrypted_copy, encrypt_in_place, is_encrypted_file
from app.security.keys import MasterKey
from tests.fixtures.make_lora import write_lora

pytestmark = pytest.mark.model

KEY = MasterKey(bytes(range(32)))
TURNS = (ChatTurn("user", "Give me three tips for writing a clear email."),)
GREEDY = SamplingParams(temperature=0.0, max_tokens=12, seed=0, repeat_penalty=1.0)


def _greedy(engine: LlamaEngine) -> str:
    return engine.generate(TURNS, GREEDY, on_text=lambda _: None, stop=threading.Event()).text


def test_an_encrypted_adapter_loads_through_its_decrypted_copy(
    starter_model: Path, tmp_path: Path
) -> None:
    (tmp_path / "plain").mkdir()
    plain = write_lora(tmp_path / "plain" / "lora.gguf", starter_model, seed=7)
    sealed_dir = tmp_path / "adapters"
    sealed_dir.mkdir()
    sealed = sealed_dir / "lora.gguf"
    sealed.write_bytes(plain.read_bytes())
    assert encrypt_in_place(sealed, KEY) and is_encrypted_file(sealed)

    engine = LlamaEngine()
    try:
        engine.load(str(starter_model), options=LoadOptions(n_ctx=1024, n_gpu_layers=0))
        base = _greedy(engine)
        engine.set_adapters([(str(plain), 1.0)])
        with_plain = _greedy(engine)
        engine.set_adapters([])

        from app.engine.errors import AdapterLoadError

        with pytest.raises(AdapterLoadError):  # the engine cannot read the encrypted file
            engine.set_adapters([(str(sealed), 1.0)])

        with decrypted_copy(sealed, KEY, root=tmp_path) as readable:
            engine.set_adapters([(str(readable), 1.0)])
        assert not readable.exists()  # gone right after llama_adapter_lora_init read it
        with_decrypted = _greedy(engine)  # the weights stay loaded in llama.cpp
    finally:
        engine.close()
    assert with_plain != base
    assert with_decrypted == with_plain
