"""Search in the index's normal form: ligatures, full-width forms, soft hyphens, hyphenation at
line ends and substrings of CJK text, on a real SQLite file; stored text stays as extracted."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import Paths
from app.knowledge.excerpts import centred_excerpt
from app.knowledge.extractors.dispatch import extract_document
from app.knowledge.fts_query import match_expression
from app.knowledge.fts_search import bm25_search
from app.knowledge.knowledge_base import KnowledgeBase
from app.knowledge.search_backfill import fill_pending_search_forms
from app.knowledge.search_text import normalise, search_form
from app.storage import Database, migrations
from app.storage.migration_steps import v12_search_text

FULL_WIDTH_12345 = "\uff11\uff12\uff13\uff14\uff15"
JAPANESE_MAIL = "お世話になっております。これはテスト用のメールです。よろしくお願いします。"


@pytest.fixture
def db(hearth_home: Path) -> Iterator[Database]:
    paths = Paths.resolve()
    database = Database.open(paths.database, backups_dir=paths.backups_dir)
    yield database
    database.close()


@pytest.fixture
def kb(db: Database) -> KnowledgeBase:
    # In this process: what is tested is the index, not the extraction child.
    return KnowledgeBase(db, extractor=extract_document)


def add_text(kb: KnowledgeBase, folder: Path, name: str, text: str) -> int:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    report = kb.add_files([path])
    document = report.outcomes[0].document
    assert document is not None and document.status == "indexed", report
    return document.id


def found(kb: KnowledgeBase, query: str) -> set[str]:
    return {p.file_name for p in kb.search(query)}


def fts_terms(db: Database) -> set[str]:
    conn = sqlite3.connect(db.path)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, chunks_fts, 'row')")
        return {str(r[0]) for r in conn.execute("SELECT term FROM temp.terms")}
    finally:
        conn.close()


def index_matches(db: Database, expression: str) -> int:
    conn = sqlite3.connect(db.path)
    try:
        sql = "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?"
        return int(conn.execute(sql, (expression,)).fetchone()[0])
    finally:
        conn.close()


def integrity_check(db: Database) -> None:
    conn = sqlite3.connect(db.path)
    try:
        conn.execute("INSERT INTO chunks_fts (chunks_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()


def test_normal_form_of_typeset_text() -> None:
    assert normalise("Deﬁnition of an eﬀect") == "Definition of an effect"
    assert normalise("\uff32\uff4f\uff4f\uff4d \uff11\uff12\uff13") == "Room 123"
    assert normalise("hyphen\u00adation, docu\u00ad\nment") == "hyphenation, document"
    assert normalise("the docu-\nment was") == "the document was"
    assert normalise("the docu- \r\n  ment") == "the document"
    # Real hyphens stay: a capital or digit after the break, or no line end at all.
    assert normalise("Baden-\nWürttemberg") == "Baden-Württemberg"
    assert normalise("COVID-\n19") == "COVID-19"
    assert normalise("well-known") == "well-known"
    assert normalise("end -\nof list") == "end -\nof list"  # not a hyphen inside a word
    assert normalise("para-\n\nnext") == "para-\n\nnext"  # a paragraph break is not a line end
    assert search_form("xテスト用y") == "x テス スト ト用 用 y"


def test_excerpts_mark_the_stored_text_the_normal_form_matched() -> None:
    for passage, query, marked in (
        ("Die Deﬁnition 3 gilt.", "Definition", "Deﬁnition"),
        ("Die Silben\u00adtrennung gilt.", "Silbentrennung", "Silben\u00adtrennung"),
        (f"Invoice {FULL_WIDTH_12345} paid.", "12345", FULL_WIDTH_12345),
        (JAPANESE_MAIL, "テスト用", "テスト用"),
    ):
        excerpt = centred_excerpt(passage, query)
        assert [excerpt.text[a:b] for a, b in excerpt.highlights] == [marked]


def test_query_gets_the_same_form() -> None:
    assert match_expression("Deﬁnition") == '"definition"'
    assert match_expression("\uff11\uff12\uff13") == '"123"'
    assert match_expression("テスト用") == '"テス スト ト用"'
    assert match_expression("用") == '"用" *'
    assert match_expression("Hearthテスト用") == '"hearth" OR "テス スト ト用"'


def test_ligature_full_width_and_hyphenation_are_found_and_stored_as_extracted(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    add_text(kb, tmp_path, "topo.txt", "Deﬁnition 3.1: a space is compact when it is eﬀective.")
    add_text(kb, tmp_path, "invoice.txt", f"Invoice {FULL_WIDTH_12345} from the harbour office.")
    add_text(kb, tmp_path, "soft.txt", "The Silben\u00adtrennung of long words in old manuals.")
    add_text(kb, tmp_path, "report.txt", "This docu-\nment lists the Baden-\nWürttemberg results.")
    add_text(kb, tmp_path, "plain.txt", "A short note without ligatures about harbours.")

    hits = kb.search("Definition")
    assert hits and hits[0].file_name == "topo.txt"
    assert "Deﬁnition" in hits[0].text  # what users read and citations quote is unchanged
    assert found(kb, "effective") == {"topo.txt"}
    assert found(kb, "12345") == {"invoice.txt"}
    assert found(kb, FULL_WIDTH_12345) == {"invoice.txt"}
    assert found(kb, "Silbentrennung") == {"soft.txt"}
    assert found(kb, "document") == {"report.txt"}
    assert found(kb, "Baden-Württemberg") == {"report.txt"}
    assert found(kb, "docu") == set()  # the broken halves are not words of their own


def test_cjk_substrings_are_found(kb: KnowledgeBase, db: Database, tmp_path: Path) -> None:
    add_text(kb, tmp_path, "mail.txt", JAPANESE_MAIL)
    add_text(kb, tmp_path, "chinese.txt", "我们明天在图书馆见面。")
    add_text(kb, tmp_path, "english.txt", "Hearth keeps the test mail in a folder.")

    assert found(kb, JAPANESE_MAIL) == {"mail.txt"}  # the whole sentence, as before
    assert found(kb, "テスト用") == {"mail.txt"}
    assert found(kb, "メール") == {"mail.txt"}
    assert found(kb, "テス") == {"mail.txt"}  # two characters
    assert found(kb, "图书") == {"chinese.txt"}
    assert found(kb, "馆") == {"chinese.txt"}  # one character, the last of its run
    assert found(kb, "明") == {"chinese.txt"}  # one character inside a run
    assert found(kb, "用テ") == set()  # characters that are not adjacent in the text
    assert found(kb, "ﾃｽﾄ") == {"mail.txt"}  # half-width katakana
    hits = kb.search("Hearth テスト用")  # mixed Latin and CJK
    assert {h.file_name for h in hits} == {"mail.txt", "english.txt"}
    assert "テスト用" in next(h.text for h in hits if h.file_name == "mail.txt")
    integrity_check(db)


def test_removed_document_leaves_no_index_terms(
    kb: KnowledgeBase, db: Database, tmp_path: Path
) -> None:
    mail_id = add_text(kb, tmp_path, "mail.txt", JAPANESE_MAIL)
    add_text(kb, tmp_path, "topo.txt", "Deﬁnition of a harbour.")
    assert {"テス", "ト用", "definit"} <= fts_terms(db)
    kb.remove(mail_id)
    terms = fts_terms(db)
    assert not {"テス", "ト用", "メー"} & terms
    assert "definit" in terms  # the other document is untouched
    assert found(kb, "テスト用") == set()
    integrity_check(db)


def test_reindexed_document_replaces_its_index_terms(
    kb: KnowledgeBase, db: Database, tmp_path: Path
) -> None:
    add_text(kb, tmp_path, "notes.txt", JAPANESE_MAIL)
    add_text(kb, tmp_path, "notes.txt", "今日は晴れです。")  # same path: re-indexed in place
    assert found(kb, "テスト用") == set()
    assert found(kb, "晴れ") == {"notes.txt"}
    assert "テス" not in fts_terms(db)
    integrity_check(db)


def test_chunks_indexed_before_the_upgrade_get_their_search_form(hearth_home: Path) -> None:
    paths = Paths.resolve()
    before = migrations.STEPS.index(v12_search_text.STEP)  # the version just before the step
    paths.database.parent.mkdir(parents=True, exist_ok=True)
    migrations.migrate(paths.database, paths.backups_dir, target=before)
    raw = sqlite3.connect(paths.database)
    raw.execute(
        "INSERT INTO documents (id, path, file_name, sha256, size_bytes, format, status, "
        "added_at, updated_at) VALUES (1, '/old.txt', 'old.txt', 'x', 1, 'txt', 'indexed', "
        "'2026-01-01T00:00:00', '2026-01-01T00:00:00')"
    )
    rows = [(1, "Deﬁnition of a harbour."), (2, JAPANESE_MAIL), (3, "Plain words only.")]
    for ordinal, body in rows:
        raw.execute(
            "INSERT INTO chunks (document_id, ordinal, section_index, position, text) "
            "VALUES (1, ?, 0, 'p', ?)",
            (ordinal, body),
        )
    raw.commit()
    raw.close()

    with Database.open(paths.database, backups_dir=paths.backups_dir) as db:
        queued = sqlite3.connect(db.path)
        try:  # only chunks whose search form may differ wait for one
            assert queued.execute("SELECT chunk_id FROM chunks_search_pending").fetchall() == [
                (1,),
                (2,),
            ]
        finally:
            queued.close()
        # A slice at a time (what a search on the GUI thread does); the rest waits, found as
        # it was before the upgrade meanwhile.
        assert fill_pending_search_forms(db, limit=1) == 1
        assert index_matches(db, '"definition"') == 1
        assert index_matches(db, '"テス スト"') == 0
        assert index_matches(db, '"これはテスト用のメールです"') == 1
        assert len(bm25_search(db, "テスト用")) == 1  # a search does the next slice
        kb = KnowledgeBase(db, extractor=extract_document)
        assert found(kb, "Plain") == {"old.txt"}  # the rebuilt index still has every chunk
        assert [p.text for p in kb.search("Definition")] == ["Deﬁnition of a harbour."]
        assert found(kb, "テスト用") == {"old.txt"}
        conn = sqlite3.connect(db.path)
        try:
            assert conn.execute("SELECT count(*) FROM chunks_search_pending").fetchone() == (0,)
            # Only chunks whose form differs keep a second copy.
            assert conn.execute(
                "SELECT count(*) FROM chunks WHERE search_text IS NOT NULL"
            ).fetchone() == (2,)
        finally:
            conn.close()
        integrity_check(db)
