"""Adapters attached, rescaled and detached through the InferenceWorker, without a reload."""

from __future__ import annotations

from pathlib import Path

from app.engine.types import (
    AdaptersChanged,
    ChatTurn,
    Failed,
    Finished,
    Generate,
    LoadModel,
    ModelLoaded,
    SamplingParams,
    SetAdapters,
)
from tests.fixtures.make_lora import write_lora
from tests.integration.test_worker import OPTIONS, Events, start_worker

TURNS = (ChatTurn("user", "Say something about the sea."),)
GREEDY = SamplingParams(temperature=0.0, max_tokens=12, seed=1)


def test_set_adapters_on_the_worker(starter_model: Path, tmp_path: Path) -> None:
    lora = write_lora(tmp_path / "lora.gguf", starter_model, seed=5)
    wrong = write_lora(tmp_path / "wrong.gguf", starter_model, wrong_arch=True)
    events = Events()
    worker = start_worker(events)
    try:

        def run(request: LoadModel | Generate | SetAdapters) -> object:
            worker.submit(request)
            return events.until_end(request.request_id)[-1].event

        loaded = run(LoadModel(str(starter_model), options=OPTIONS))
        assert isinstance(loaded, ModelLoaded)
        base = run(Generate(TURNS, GREEDY))
        assert isinstance(base, Finished) and base.stats.adapters == ()

        changed = run(SetAdapters(((str(lora), 1.0),)))
        assert isinstance(changed, AdaptersChanged)
        assert [(a.path, a.scale, a.rank) for a in changed.active] == [(str(lora), 1.0, 4)]
        tuned = run(Generate(TURNS, GREEDY))
        assert isinstance(tuned, Finished)
        assert tuned.text != base.text
        assert [a.scale for a in tuned.stats.adapters] == [1.0]

        refused = run(SetAdapters(((str(lora), 0.5), (str(wrong), 1.0))))
        assert isinstance(refused, Failed)
        assert "wrong.gguf" in refused.message and "architecture" in refused.message
        still = run(Generate(TURNS, GREEDY))  # the previous set stays applied
        assert isinstance(still, Finished) and still.text == tuned.text

        cleared = run(SetAdapters(()))
        assert isinstance(cleared, AdaptersChanged) and cleared.active == ()
        again = run(Generate(TURNS, GREEDY))
        assert isinstance(again, Finished) and again.text == base.text
        # One load in the whole test: adapters never reloaded the model.
        assert sum(isinstance(s.event, ModelLoaded) for s in events.seen) == 1
    finally:
        worker.shutdown()
