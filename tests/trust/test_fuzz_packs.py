"""Hostile .hearth packs: a PackError (an AssistantError) naming the problem, or a pack that reviews
cleanly; never another exception, a hang, a memory blow-up, or a change to the library."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.assistants.model import AssistantError
from app.assistants.pack_import import PackImporter
from app.config import Paths
from app.core import Core

from .fuzz_support import Tally, bounded_memory, expect_only, fuzz_settings, mutated

TALLY = Tally("assistant packs")


@dataclass
class PackEnv:
    core: Core
    importer: PackImporter
    seed: bytes
    scratch: Path

    def snapshot(self) -> tuple[object, ...]:
        core = self.core
        return (
            [a.name for a in core.assistants.list()],
            [a.path for a in core.adapters.list()],
            [t.id for t in core.templates.library.list()],
            [c.name for c in core.knowledge.collections()],
        )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, starter_model: Path) -> Iterator[PackEnv]:
    home = tmp_path_factory.mktemp("fuzz-packs")
    core = Core.open(Paths.resolve(home))
    core.library.import_model(starter_model)
    assistant = core.assistants.list()[0]
    seed_path = core.pack_exporter().export(assistant, home / "seed.hearth").path
    yield PackEnv(core, core.pack_importer(), seed_path.read_bytes(), home)
    core.close()
    TALLY.report()


def manifests() -> st.SearchStrategy[bytes]:
    """A zip whose manifest has hostile values and whose members have hostile names."""
    names = st.sampled_from(["../evil", "/abs", "adapters/a.gguf", "templates/t.toml", "x" * 300])
    values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=30),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
        max_leaves=20,
    )

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            zf.writestr("manifest.json", json.dumps(draw(values)))
            for name in draw(st.lists(names, max_size=4, unique=True)):
                zf.writestr(name, draw(st.binary(max_size=64)))
        return buffer.getvalue()

    return build()


@fuzz_settings()
@given(data=st.data())
def test_hostile_packs_are_refused_clearly_and_change_nothing(
    env: PackEnv, data: st.DataObject
) -> None:
    raw = data.draw(st.one_of(mutated(env.seed), manifests(), st.binary(max_size=256)))
    path = env.scratch / "hostile.hearth"
    path.write_bytes(raw)
    before = env.snapshot()

    def review() -> object:
        with env.importer.review(path) as reviewed:
            return reviewed.can_apply

    with bounded_memory(path.name):
        outcome = expect_only(review, (AssistantError,))
    if isinstance(outcome, AssistantError):
        assert str(outcome).strip(), "an empty message"
        TALLY.note(type(outcome).__name__)
    else:
        TALLY.note("reviewed")
    assert env.snapshot() == before
