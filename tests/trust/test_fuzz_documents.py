"""Hostile documents in every supported format: a DocumentError naming the file, or text;
never another exception, a hang or a huge allocation. Zip-based formats are also fuzzed inside
(an entry's XML mutated and the archive rebuilt), so the XML parsers see hostile input too.
Two files from issue 22 are tried as they are: 600 KB of unclosed HTML tags, and a DOCX whose
zip directory understates what one part inflates to."""

from __future__ import annotations

import io
import tempfile
import tracemalloc
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
from tests.fixtures.hostile_documents import write_lying_size_docx, write_unclosed_tags_html

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


def test_unclosed_html_tags_are_neither_a_hang_nor_indexed_as_text(tmp_path: Path) -> None:
    """Once 4.5 minutes of parsing, then 600,012 characters of raw markup indexed. Under the
    fuzz limits (30 s) a slow parse would be refused as "timeout", so this also bounds time."""
    bare = write_unclosed_tags_html(tmp_path / "tags.html")
    assert bare.stat().st_size >= 600_000
    with bounded_memory(str(bare)):
        outcome = expect_only(lambda: extract_document(bare, limits=LIMITS), (DocumentError,))
    assert isinstance(outcome, DocumentError)
    assert outcome.kind == "empty"  # nothing but markup: no text, and no markup as text
    assert "unclosed HTML tag" in outcome.problem  # why it is empty
    page = write_unclosed_tags_html(
        tmp_path / "page.html", before="<title>Tide table</title><p>High water at 06:12.</p>"
    )
    with bounded_memory(str(page)):
        document = extract_document(page, limits=LIMITS)
    assert [s.text for s in document.sections] == ["Tide table\nHigh water at 06:12."]
    assert document.title == "Tide table"
    assert document.notes and "unclosed HTML tag" in document.notes[0]


def test_a_docx_lying_about_its_size_is_refused_before_it_inflates(tmp_path: Path) -> None:
    """Its directory says 3 KB; the part inflates to 64 MB (the reported file: 2.2 GB)."""
    liar = write_lying_size_docx(tmp_path / "liar.docx", real_bytes=64 << 20)
    assert liar.stat().st_size < 1 << 20
    tracemalloc.start()
    try:
        outcome = expect_only(lambda: extract_document(liar, limits=LIMITS), (DocumentError,))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(outcome, DocumentError)
    assert outcome.kind == "zip_bomb"
    assert "more than it declares" in outcome.problem
    assert peak < 16 << 20, f"{peak / 2**20:.0f} MB allocated while refusing it"
