"""Hostile documents in every supported format: a DocumentError naming the file, or text;
never another exception, a hang or a huge allocation. Zip-based formats are also fuzzed inside
(an entry's XML mutated and the archive rebuilt), so the XML parsers see hostile input too."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.knowledge.errors import DocumentError
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.formats import FORMATS, ZIP_FORMATS
from app.knowledge.limits import ExtractionLimits
from tests.fixtures.documents import write_every_format

from .fuzz_support import Tally, bounded_memory, expect_only, fuzz_settings, mutated

SCRATCH = Path(tempfile.mkdtemp(prefix="hearth-fuzz-docs-"))
SEEDS = {fmt: path.read_bytes() for fmt, path in write_every_format(SCRATCH).items()}
EXTENSION = {fmt: ext for ext, fmt in sorted(FORMATS.items(), reverse=True)}
LIMITS = ExtractionLimits(max_seconds=30.0)
TALLY = Tally("documents")
HOSTILE_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=("Cc", "Cf", "L", "N", "P", "Z", "S")),
    max_size=3000,
)


@st.composite
def zip_inside_mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(seed))
    names = source.namelist()
    victim = draw(st.sampled_from(names))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in names:
            data = source.read(name)
            if name == victim:
                data = draw(mutated(data)) if data else draw(st.binary(max_size=64))
            target.writestr(name, data)
    return out.getvalue()


@st.composite
def hostile_documents(draw: st.DrawFn) -> tuple[str, bytes]:
    fmt = draw(st.sampled_from(sorted(SEEDS)))
    seed = SEEDS[fmt]
    options = [mutated(seed), st.binary(max_size=2048)]
    if fmt in ZIP_FORMATS:
        options.append(zip_inside_mutated(seed))
    else:
        options.append(HOSTILE_TEXT.map(lambda text: text.encode("utf-8", "surrogatepass")))
    return fmt, draw(st.one_of(options))


@pytest.fixture(scope="module", autouse=True)
def _report() -> object:
    yield
    TALLY.report()


@fuzz_settings(scale=1.5)
@given(hostile_documents())
def test_hostile_documents_get_a_clear_error(document: tuple[str, bytes]) -> None:
    fmt, data = document
    path = SCRATCH / f"hostile{EXTENSION[fmt]}"
    path.write_bytes(data)
    with bounded_memory(str(path)):
        outcome = expect_only(lambda: extract_document(path, limits=LIMITS), (DocumentError,))
    if isinstance(outcome, DocumentError):
        assert str(outcome).startswith(path.name + ": "), str(outcome)
        assert outcome.problem.strip()
        TALLY.note(f"{fmt}: {outcome.kind}")
    else:
        assert all(isinstance(s.text, str) for s in outcome.sections)
        TALLY.note(f"{fmt}: read")
