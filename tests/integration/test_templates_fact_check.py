"""Documents that keep their facts, on the real starter model: a section that leaves out a
required fact is written again with new seeds, every attempt is recorded, and Regenerate
replays the kept attempt exactly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Paths
from app.engine.llama_engine import LlamaEngine
from app.engine.types import LoadOptions, SamplingParams
from app.storage import Database
from app.templates import Listeners, ModelUse, TemplateDocumentService
from tests.integration.test_templates_generate import hearth

pytestmark = pytest.mark.model

MODEL = ModelUse(sha256="starter", name="SmolLM2-135M")
# The prompt never shows the reference, so no attempt can state it: the check always fails
# and the generator must use every retry it is allowed.
TINY_REMINDER = """
schema = 1
id = "tiny-reminder"
name = "Tiny reminder"
category = "finance"
description = "One sentence."
version = 1
prompt = "Write one short sentence reminding {{ client }} to pay."

[[fields]]
key = "client"
label = "Client"
type = "text"
required = true

[[fields]]
key = "reference"
label = "Reference"
type = "text"
required = true
"""
FIELDS = {"client": "Dana", "reference": "RF-20467-QX"}


@pytest.fixture(scope="module")
def engine(starter_model: Path) -> Iterator[LlamaEngine]:
    eng = LlamaEngine()
    eng.load(str(starter_model), sha256="starter", options=LoadOptions(n_ctx=1024, n_gpu_layers=0))
    yield eng
    eng.close()


@pytest.fixture
def service(hearth_home: Path) -> Iterator[TemplateDocumentService]:
    paths = Paths.resolve().ensure()
    db = Database.open(paths.database, backups_dir=paths.backups_dir)
    service = TemplateDocumentService.open(db)
    (hearth_home / "reminder.toml").write_text(TINY_REMINDER, encoding="utf-8")
    service.library.import_file(hearth_home / "reminder.toml")
    yield service
    db.close()


def test_a_section_missing_a_fact_is_retried_and_replayed_exactly(
    service: TemplateDocumentService, engine: LlamaEngine
) -> None:
    plan = service.plan("tiny-reminder", FIELDS)
    assert plan.required_fields == ("client", "reference")
    retries: list[str] = []
    starts: list[int] = []
    document = service.generate(
        plan,
        engine=engine,
        model=MODEL,
        sampling=SamplingParams(max_tokens=10, seed=5),
        listeners=Listeners(
            on_section=lambda index, _title: starts.append(index),
            on_retry=lambda _index, reason: retries.append(reason),
        ),
        max_retries=2,
    )
    (section,) = document.sections
    attempts = section.attempts
    assert len(attempts) == 3 and len(starts) == 3  # the first try and two retries
    assert len({a.seed for a in attempts}) == 3 and attempts[0].seed == 5
    for attempt in attempts[:2]:
        assert "RF-20467-QX" in attempt.retried_because
        assert any("Reference" in reason or "reference" in reason for reason in attempt.issues)
    assert retries == [a.retried_because for a in attempts[:2]]
    assert attempts[2].retried_because == ""  # the limit, not a pass, ended the retries
    (kept,) = [a for a in attempts if a.kept]
    assert kept.seed == (section.seed if section.seed is not None else 5)

    stored = service.documents.get(document.id)
    assert stored.sections[0].attempts == attempts  # the recipe keeps every attempt
    replayed = service.regenerate(document.id, engine=engine, model=MODEL)
    assert replayed.content == document.content
    assert replayed.sections[0].attempts == attempts


def test_no_retries_when_the_limit_is_zero(
    service: TemplateDocumentService, engine: LlamaEngine
) -> None:
    plan = service.plan("tiny-reminder", FIELDS)
    document = service.generate(
        plan, engine=engine, model=MODEL, sampling=SamplingParams(max_tokens=6, seed=5)
    )
    assert document.sections[0].attempts == () and document.sections[0].seed is None


def test_cli_reports_issues_and_attempts(tmp_path: Path, starter_model: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    assert hearth(home, "models", "import", str(starter_model), "--json").returncode == 0
    (home / "reminder.toml").write_text(TINY_REMINDER, encoding="utf-8")
    assert hearth(home, "templates", "import", str(home / "reminder.toml")).returncode == 0
    run = hearth(
        home, "templates", "generate", "tiny-reminder", "--field", "client=Dana",
        "--field", "reference=RF-20467-QX", "--seed", "5", "--max-tokens", "8",
        "--max-retries", "1", "--out", str(home / "r.md"), "--json",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)
    assert len(payload["sections"][0]["attempts"]) == 2
    assert payload["missing"] == ["reference"]
    missing = [i for i in payload["issues"] if i["kind"] == "missing_field"]
    assert missing and "RF-20467-QX" in missing[0]["reason"]
    for issue in payload["issues"]:
        assert payload["text"][issue["start"] : issue["end"]] == issue["text"]
    bad = hearth(
        home, "templates", "generate", "tiny-reminder", "--field", "client=Dana",
        "--field", "reference=x", "--max-retries", "9", "--out", str(home / "r.md"),
    )  # fmt: skip
    assert bad.returncode == 1 and "--max-retries" in bad.stderr
