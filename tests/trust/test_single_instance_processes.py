"""One running Hearth per profile, proven with the real app started twice (offscreen)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ui.shell.single_instance import LOCK_FILE_NAME

from .gui_process import GuiProcess, documents_attached, fresh_profile

INDEX_TIMEOUT_S = 120


@pytest.fixture
def processes() -> Iterator[list[GuiProcess]]:
    started: list[GuiProcess] = []
    yield started
    for process in started:
        process.stop()


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "meeting notes.txt"
    path.write_text("The budget meeting moved to Thursday at ten.\n", encoding="utf-8")
    return path


def test_a_second_start_hands_its_file_to_the_first_and_exits(
    tmp_path: Path, document: Path, processes: list[GuiProcess]
) -> None:
    home = fresh_profile(tmp_path / "home")
    first = GuiProcess(home, name="first")
    processes.append(first)
    first.wait_for_window()

    second = GuiProcess(home, str(document), name="second")
    processes.append(second)
    assert second.wait_exit() == 0, second.printed()

    # The first Hearth indexed the file and attached it to its chat; the second opened nothing.
    first.wait_for(
        lambda: document.name in documents_attached(first.paths),
        "the handed-over document in the first window's chat",
        INDEX_TIMEOUT_S,
    )
    assert first.process.poll() is None
    assert first.log_text().count("window shown") == 1
    assert "another start handed over 1 file(s)" in first.log_text()
    assert first.terminate() == 0, first.printed()
    assert not (first.paths.config_dir / LOCK_FILE_NAME).exists()


def test_a_lock_left_by_a_killed_hearth_does_not_block_the_next_start(
    tmp_path: Path, document: Path, processes: list[GuiProcess]
) -> None:
    home = fresh_profile(tmp_path / "home")
    killed = GuiProcess(home, name="killed")
    processes.append(killed)
    killed.wait_for_window()
    assert killed.crash(signal.SIGKILL) == -signal.SIGKILL
    assert (killed.paths.config_dir / LOCK_FILE_NAME).exists()  # left behind, stale

    after = GuiProcess(home, str(document), name="after")
    processes.append(after)
    after.wait_for_window(shown_before=1)  # its own window: it took over the stale lock
    after.wait_for(
        lambda: document.name in documents_attached(after.paths),
        "the document given on the command line in the chat",
        INDEX_TIMEOUT_S,
    )
    assert after.terminate() == 0, after.printed()
