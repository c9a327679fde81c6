"""Continue a document section cut off at the token limit, on the real starter model (and a
generated letter keeps its lines in the exports).

The model goes on from its last word (the text so far is the start of its reply), the recipe
records the continuation, and "Regenerate with the same recipe" writes the same text again,
including sections written after the cut-off one, before it was continued.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import docx
import pypdf
import pytest

from app.config import Paths
from app.engine.llama_engine import LlamaEngine
from app.engine.types import ChatTurn, SamplingParams
from app.storage import Database
from app.templates import (
    GeneratedSection,
    Listeners,
    ModelUse,
    RecipeMismatchError,
    TemplateDocumentService,
    TemplateError,
)
from app.templates.export import export_document
from app.templates.recipe import Recipe

pytestmark = pytest.mark.model

MODEL = ModelUse(sha256="starter", name="SmolLM2-135M")  # the engine fixture loads it so
NOTE = """
schema = 1
id = "cut-note"
name = "Cut note"
category = "email"
description = "A note to {{ client }}."
version = 1
prompt = "Write a short thank-you note to {{ client }} for their order."

[[fields]]
key = "client"
label = "Client"
type = "text"
required = true
"""
REPORT = """
schema = 1
id = "cut-report"
name = "Cut report"
category = "report"
description = "Two sections."
version = 1
prompt = "A status report on {{ topic }}."

[[fields]]
key = "topic"
label = "Topic"
type = "text"
required = true

[[outline]]
title = "Summary"
instruction = "Two sentences on {{ topic }}."

[[outline]]
title = "Next steps"
instruction = "Two bullets."
"""


@pytest.fixture
def service(hearth_home: Path) -> Iterator[TemplateDocumentService]:
    paths = Paths.resolve().ensure()
    db = Database.open(paths.database, backups_dir=paths.backups_dir)
    service = TemplateDocumentService.open(db)
    for name, text in (("note.toml", NOTE), ("report.toml", REPORT)):
        (hearth_home / name).write_text(text, encoding="utf-8")
        service.library.import_file(hearth_home / name)
    yield service
    db.close()


def generate(
    engine: LlamaEngine, turns: tuple[ChatTurn, ...], max_tokens: int, continue_from: str = ""
) -> str:
    engine.reset_cache()
    sampling = SamplingParams(temperature=0.0, max_tokens=max_tokens, seed=1)
    return engine.generate(
        turns,
        sampling,
        on_text=lambda _t: None,
        stop=threading.Event(),
        continue_from=continue_from,
    ).text


def test_a_reply_is_continued_from_its_last_word(engine: LlamaEngine) -> None:
    turns = (
        ChatTurn("system", "You write business letters."),
        ChatTurn("user", "Write a short payment reminder to Acme Ltd for invoice 17."),
    )
    start = generate(engine, turns, 12)
    rest = generate(engine, turns, 12, continue_from=start)
    whole = generate(engine, turns, 24)
    # Greedy decoding: going on from the cut gives what a higher limit would have written
    # (word for word at first; the text so far is tokenized anew, which can shift a later
    # token), not a new reply that starts over with "Dear".
    assert whole.startswith(start)
    assert rest.split()[:4] == whole[len(start) :].split()[:4]


def test_continue_lengthens_the_text_and_regenerate_replays_it(
    service: TemplateDocumentService, engine: LlamaEngine
) -> None:
    plan = service.plan("cut-note", {"client": "Greenway Cafés"})
    first = service.generate(
        plan, engine=engine, model=MODEL, sampling=SamplingParams(max_tokens=8, seed=5)
    )
    (cut,) = first.sections
    assert cut.cut_off and cut.completion_tokens == 8

    streamed: list[str] = []
    continued = service.continue_section(
        first.id,
        0,
        engine=engine,
        model=MODEL,
        listeners=Listeners(on_text=lambda _i, text: streamed.append(text)),
    )
    (longer,) = continued.sections
    assert continued.id == first.id
    assert longer.text.startswith(cut.text) and len(longer.text) > len(cut.text)
    assert (cut.text + "".join(streamed)).rstrip() == longer.text
    assert longer.continuations == (5,)
    assert longer.completion_tokens > cut.completion_tokens
    assert continued.content == longer.text + "\n"  # not edited: the new text is shown
    assert service.documents.get(first.id).sections == continued.sections  # stored

    replayed = service.regenerate(first.id, engine=engine, model=MODEL)
    assert replayed.id != first.id
    assert replayed.sections == continued.sections
    assert replayed.content == continued.content


def test_continuing_an_earlier_section_keeps_the_later_ones_replayable(
    service: TemplateDocumentService, engine: LlamaEngine
) -> None:
    plan = service.plan("cut-report", {"topic": "the new portal"})
    document = service.generate(
        plan, engine=engine, model=MODEL, sampling=SamplingParams(max_tokens=6, seed=3)
    )
    summary, steps = document.sections
    assert summary.cut_off
    # "Next steps" was written after the cut-off summary, and shown it as it was then.
    assert steps.context == (("Summary", summary.text),)

    continued = service.continue_section(document.id, 0, engine=engine, model=MODEL)
    assert continued.sections[0].text.startswith(summary.text)
    assert continued.sections[0].continuations == (3,)
    assert continued.sections[1] == steps
    assert "\n## Next steps\n" in continued.content
    assert continued.sections[0].text in continued.content

    replayed = service.regenerate(document.id, engine=engine, model=MODEL)
    assert [s.text for s in replayed.sections] == [s.text for s in continued.sections]
    assert replayed.sections == continued.sections


def test_only_a_cut_off_section_can_be_continued(
    service: TemplateDocumentService, engine: LlamaEngine
) -> None:
    plan = service.plan("cut-note", {"client": "Dana"})
    finished = GeneratedSection("", "", "Thank you for your order, Dana.", "stop", 9)
    document = service.documents.add(Recipe(plan, MODEL, SamplingParams()), (finished,))
    with pytest.raises(TemplateError, match="the text was not cut off"):
        service.continue_section(document.id, 0, engine=engine, model=MODEL)
    with pytest.raises(TemplateError, match="section 3 does not exist"):
        service.continue_section(document.id, 2, engine=engine, model=MODEL)
    with pytest.raises(RecipeMismatchError):
        cut = service.documents.add(
            Recipe(plan, MODEL, SamplingParams()), (replace(finished, finish_reason="length"),)
        )
        service.continue_section(cut.id, 0, engine=engine, model=ModelUse("f" * 64, "Other"))
    assert service.documents.get(document.id).sections == (finished,)


def test_a_stopped_continue_leaves_the_section_as_it_was(
    service: TemplateDocumentService, engine: LlamaEngine
) -> None:
    plan = service.plan("cut-note", {"client": "Dana"})
    document = service.generate(
        plan, engine=engine, model=MODEL, sampling=SamplingParams(max_tokens=8, seed=9)
    )
    stop = threading.Event()
    stop.set()
    after = service.continue_section(document.id, 0, engine=engine, model=MODEL, stop=stop)
    assert after.sections == document.sections
    assert service.documents.get(document.id).content == document.content


PLAIN_LINE = re.compile(r"[^#>|*_`\[\]\\<-]*")  # a line with no Markdown syntax in it


def test_a_generated_letter_keeps_its_lines_in_word_and_pdf(
    service: TemplateDocumentService, engine: LlamaEngine, tmp_path: Path
) -> None:
    """The built-in payment reminder on the starter model: every line the model wrote is a
    line of its own in the .docx and the .pdf (they used to be joined into one paragraph)."""
    values = {
        **service.library.get("payment-reminder").example_values(),
        "client_name": "Acme Ltd",
    }
    plan = service.plan("payment-reminder", values)
    document = service.generate(
        plan, engine=engine, model=MODEL, sampling=SamplingParams(max_tokens=160, seed=4)
    )
    lines = [line.strip() for line in document.content.splitlines() if line.strip()]
    plain = [line for line in lines if PLAIN_LINE.fullmatch(line) and not line[0].isdigit()]
    assert len(plain) >= 2, document.content  # the test needs lines to check
    export_document(document.content, tmp_path / "letter.docx", title=document.title)
    export_document(document.content, tmp_path / "letter.pdf", title=document.title)
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "letter.docx")).paragraphs]
    pdf_lines = [
        line.strip()
        for page in pypdf.PdfReader(str(tmp_path / "letter.pdf")).pages
        for line in page.extract_text().splitlines()
    ]
    for line in plain:
        assert line in paragraphs, (line, paragraphs)
        assert any(pdf_line.startswith(line[:30]) for pdf_line in pdf_lines), (line, pdf_lines)
