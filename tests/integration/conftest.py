from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.engine.llama_engine import LlamaEngine
from app.engine.types import LoadOptions


@pytest.fixture(scope="module")
def engine(starter_model: Path) -> Iterator[LlamaEngine]:
    """The real starter model, loaded once per module (each test leaves it loaded)."""
    eng = LlamaEngine()
    eng.load(str(starter_model), sha256="starter", options=LoadOptions(n_ctx=2048, n_gpu_layers=0))
    yield eng
    eng.close()
