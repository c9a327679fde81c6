"""Crash targets for document indexing and template saving (app/knowledge, app/templates)."""

from __future__ import annotations

import json
import random
from dataclasses import replace

from app.core import Core
from app.storage import NotFoundError

from .crash_log import Entry, digest
from .crash_scenarios import SCENARIOS, ChildContext, CrashScenario, Findings, HarnessContext

# ---- document indexing: extract, chunk, replace the chunks and their FTS rows -----------------

DOCUMENT_POOL = 8
_WORDS = [
    "invoice",
    "budget",
    "travel",
    "policy",
    "quarter",
    "revenue",
    "hotel",
    "taxi",
    "booking",
    "desk",
    "approval",
    "manager",
    "contract",
    "supplier",
    "delivery",
    "warranty",
    "refund",
    "customer",
    "meeting",
    "agenda",
    "minutes",
]


def _prepare_documents(ctx: HarnessContext) -> None:
    from tests.fixtures.documents import write_docx

    folder = ctx.scratch / "documents-src"
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(5)
    for index in range(DOCUMENT_POOL):
        paragraphs = [
            f"## Part {p}\n\n" + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(40, 400)))
            for p in range(rng.randint(5, 120))
        ]
        (folder / f"notes-{index:02d}.md").write_text("\n\n".join(paragraphs), encoding="utf-8")
    write_docx(folder / "policy.docx")


def _indexer(core: Core):  # type: ignore[no-untyped-def]
    from app.knowledge.document_store import DocumentStore
    from app.knowledge.indexer import DocumentIndexer

    store = DocumentStore(core.database)
    return store, DocumentIndexer(store)


def _document_work(child: ChildContext) -> None:
    _store, indexer = _indexer(child.core)
    sources = sorted((child.harness.scratch / "documents-src").iterdir())
    child.log.ready()
    while True:
        source = child.rng.choice(sources)
        # force: re-index in place, so old chunks are deleted and new ones written each time.
        outcome = indexer.index_file(source, force=True)
        assert outcome.document is not None, outcome.error
        child.log.record(
            "document",
            id=outcome.document.id,
            chunks=outcome.document.chunk_count,
            path=str(source),
        )


def _check_documents(core: Core, entries: list[Entry], ctx: HarnessContext) -> Findings:
    found = Findings()
    store, _indexer_unused = _indexer(core)
    for document_id in {e.facts["id"] for e in entries if e.event == "document"}:
        try:
            record = store.get(document_id)
        except NotFoundError:
            found.problems.append(f"indexed document {document_id} was committed, then lost")
            continue
        stored = len(store.chunks(document_id))
        if record.status != "indexed" or stored != record.chunk_count or stored == 0:
            found.problems.append(
                f"document {document_id}: status {record.status}, "
                f"{stored} chunks stored, {record.chunk_count} recorded"
            )
        found.counts["documents verified"] += 1
    with core.database.session(action="check the full-text index") as session:
        # FTS5's own consistency check of the index against the chunks table; raises if broken.
        session.connection().exec_driver_sql(
            "INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('integrity-check', 1)"
        )
    return found


# ---- template saving: duplicate a built-in, then edit and save it again ----------------------


def _templates(core: Core):  # type: ignore[no-untyped-def]
    from app.templates.library import TemplateLibrary
    from app.templates.user_template_repository import UserTemplateRepository

    return TemplateLibrary(UserTemplateRepository(core.database))


def _template_digest(template: object) -> str:
    from app.templates.codec import template_to_dict

    data = template_to_dict(template)  # type: ignore[arg-type]
    data.pop("version", None)  # the library bumps it on every changed save
    return digest(json.dumps(data, sort_keys=True, ensure_ascii=False))


def _template_work(child: ChildContext) -> None:
    library = _templates(child.core)
    builtins = [t.id for t in library.list() if t.is_builtin]
    child.log.ready()
    number = child.rng.randrange(1 << 20)
    while True:
        number += 1
        copy = library.duplicate(child.rng.choice(builtins), name=f"Crash copy {number}")
        child.log.record("template", id=copy.id, sha=_template_digest(copy))
        for edit in range(child.rng.randint(1, 4)):
            changed = replace(copy, description=f"edit {edit} " + "x" * child.rng.randint(0, 900))
            child.log.record("template-saving", id=copy.id, sha=_template_digest(changed))
            copy = library.save(changed)
            child.log.record("template", id=copy.id, sha=_template_digest(copy))


def _check_templates(core: Core, entries: list[Entry], ctx: HarnessContext) -> Findings:
    """Each template holds its last committed version, or the save in flight at the kill."""
    found = Findings()
    library = _templates(core)
    allowed: dict[str, set[str]] = {}
    for entry in entries:
        if entry.event == "template":
            allowed[entry.facts["id"]] = {entry.facts["sha"]}
        elif entry.event == "template-saving" and entry.facts["id"] in allowed:
            allowed[entry.facts["id"]].add(entry.facts["sha"])
    for template_id, shas in allowed.items():
        stored = library.find(template_id)
        if stored is None:
            found.problems.append(f"saved template {template_id} was committed, then lost")
        elif _template_digest(stored) not in shas:
            found.problems.append(f"template {template_id} is neither its last save nor the next")
        found.counts["templates verified"] += 1
    return found


SCENARIOS += [
    CrashScenario(
        "document indexing", 1.5, 0.6, _prepare_documents, _document_work, _check_documents
    ),
    CrashScenario("template saving", 1.5, 0.4, lambda _ctx: None, _template_work, _check_templates),
]
