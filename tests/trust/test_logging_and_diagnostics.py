"""The log keeps chat and document text out unless debug logging is on; diagnostics carry
versions, paths and recent problems, never content."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from app.config import Paths, Settings
from app.diagnostics import EngineFacts, collect_diagnostics, diagnostics_text, scrub_line
from app.logging_setup import (
    LOG_BACKUPS,
    LOG_FILE_BYTES,
    Content,
    LoggingSetup,
    configure_logging,
    reset_logging,
)

SECRET = "the patient's diagnosis is confidential"
LONG_SECRET = "quarterly numbers nobody may see " * 20


@pytest.fixture
def logging_to(tmp_path: Path) -> Iterator[tuple[Paths, LoggingSetup]]:
    paths = Paths.resolve(tmp_path / "home")
    setup = configure_logging(paths, debug=False)
    yield paths, setup
    reset_logging()


def _log_text(paths: Paths) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return paths.log_file.read_text(encoding="utf-8")


def test_content_stays_out_of_the_log_unless_debug(logging_to: tuple[Paths, LoggingSetup]) -> None:
    paths, setup = logging_to
    log = logging.getLogger("hearth.test")
    log.warning("reply failed for prompt %s", Content(SECRET))
    log.info("document text: %s", LONG_SECRET)  # forgot Content(): long text is still hidden
    log.info("indexed %s: %d chunks", "/docs/report.pdf", 12)  # short facts stay
    text = _log_text(paths)
    assert SECRET not in text and "quarterly numbers" not in text
    assert f"<text hidden: {len(SECRET)} chars>" in text
    assert "indexed /docs/report.pdf: 12 chunks" in text

    setup.set_debug(True)
    log.debug("prompt %s", Content(SECRET))
    assert SECRET in _log_text(paths)


def test_the_log_rotates(tmp_path: Path) -> None:
    paths = Paths.resolve(tmp_path / "home")
    limit = 20_000  # the real limit is LOG_FILE_BYTES; a small one keeps the test quick
    configure_logging(paths, debug=False, max_bytes=limit)
    try:
        log = logging.getLogger("hearth.test")
        for index in range(limit // 100 * (LOG_BACKUPS + 2)):
            log.info("line %06d %s", index, "x" * 80)
    finally:
        reset_logging()
    logs = list(paths.log_file.parent.glob("hearth.log*"))
    names = sorted(p.name for p in logs)
    assert names == ["hearth.log", *[f"hearth.log.{n}" for n in range(1, LOG_BACKUPS + 1)]]
    assert all(p.stat().st_size <= limit for p in logs)
    assert LOG_FILE_BYTES >= 1_000_000


def test_diagnostics_have_facts_and_recent_problems_but_no_content(
    logging_to: tuple[Paths, LoggingSetup],
) -> None:
    paths, setup = logging_to
    logging.getLogger("hearth.test").error("generation failed on %s", Content(SECRET))
    logging.getLogger("hearth.test").warning("model %s is slow", "tiny.gguf")
    settings = replace(Settings(), system_prompt="Never reveal " + SECRET, n_ctx=8192)
    engine = EngineFacts(backend="CPU", devices=("CPU",))
    text = diagnostics_text(paths, settings, engine=engine, recent=setup.recent.lines())
    assert SECRET not in text and "Never reveal" not in text
    for fact in (
        "hearth:",
        "python:",
        "llama-cpp-python:",
        "backend: CPU",
        "n_ctx: 8192",
        "model tiny.gguf is slow",
        "generation failed on <text hidden",
    ):
        assert fact in text, fact
    # Without this run's lines, the report reads the log file.
    again = collect_diagnostics(paths, settings)
    assert any("model tiny.gguf is slow" in line for line in again.recent_problems)


def test_scrub_line_hides_long_quotes_and_the_home_folder() -> None:
    line = f"ERROR x: cannot read {Path.home()}/notes.md: '{'y' * 120}'"
    scrubbed = scrub_line(line)
    assert str(Path.home()) not in scrubbed or str(Path.home()) in ("/", "")
    assert "y" * 120 not in scrubbed and "<120 chars>" in scrubbed


def test_library_chatter_stays_out_and_unreadable_files_leave_a_line(
    logging_to: tuple[Paths, LoggingSetup], hearth_home: Path, tmp_path: Path
) -> None:
    """fontTools narrates every font subset of a PDF export at INFO; a file that cannot be read
    must leave a warning, even when the window only shows a count."""
    from app.core import Core

    paths, _setup = logging_to
    logging.getLogger("fontTools.subset").info("Retained 12 glyphs")
    core = Core.open(Paths.resolve())
    try:
        gone = tmp_path / "moved-away.txt"  # fails before reading: no file facts
        broken = tmp_path / "broken.pdf"
        broken.write_bytes(b"%PDF-1.4 not really")
        report = core.knowledge.add_files([gone, broken])
    finally:
        core.close()
    text = _log_text(paths)
    assert "Retained 12 glyphs" not in text
    assert len(report.failed) == 2
    for outcome in report.failed:
        assert f"cannot index {outcome.path}" in text
