"""A reply cut short by a crash (SIGKILL) or by Ctrl+C (SIGINT) is kept, marked incomplete.

`hearth chat` streams the reply to stdout (without --json) and saves it every second; these
tests interrupt a real `python -m app chat` on the real starter model and then read the database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository
from app.storage import Database, Message

PROMPT = "Write a very long story about a dragon who opens a bakery in a mountain village."
STREAM_SECONDS = 1.5


@dataclass
class StreamedOutput:
    """Reads a pipe on a thread, remembering when each piece arrived."""

    pieces: list[tuple[float, bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    closed: threading.Event = field(default_factory=threading.Event)

    def read_from(self, fd: int) -> None:
        try:
            while data := os.read(fd, 4096):
                with self.lock:
                    self.pieces.append((time.monotonic(), data))
        finally:
            self.closed.set()

    def all_text(self, timeout: float = 30) -> str:
        """Everything the process printed (it has exited: read up to the end of the pipe)."""
        assert self.closed.wait(timeout), "stdout was not closed"
        return self.text()

    def snapshot(self) -> list[tuple[float, bytes]]:
        with self.lock:
            return list(self.pieces)

    def text(self) -> str:
        return b"".join(data for _, data in self.snapshot()).decode("utf-8")


@pytest.fixture
def home(tmp_path: Path, starter_model: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HEARTH_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    imported = subprocess.run(
        [sys.executable, "-m", "app", "models", "import", str(starter_model)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
    return home


@pytest.fixture
def chat(home: Path) -> Iterator[tuple[subprocess.Popen[bytes], StreamedOutput]]:
    env = {**os.environ, "HEARTH_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "chat", "--prompt", PROMPT, "--max-tokens", "2000"],
        env=env,
        cwd=home,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    output = StreamedOutput()
    reader = threading.Thread(target=output.read_from, args=(proc.stdout.fileno(),), daemon=True)
    reader.start()
    try:
        yield proc, output
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        reader.join(timeout=10)
        proc.stdout.close()
        if proc.stderr is not None:
            proc.stderr.close()


def wait_for_streaming(
    proc: subprocess.Popen[bytes], output: StreamedOutput, seconds: float, timeout: float = 180
) -> None:
    """Until a piece of the reply arrived at least `seconds` after the first one.

    The reply's row is saved at least every second while text arrives, so by then the database
    holds part of it.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"chat ended early: {proc.returncode}\n{output.text()}"
        pieces = output.snapshot()
        if pieces and pieces[-1][0] - pieces[0][0] >= seconds:
            return
        time.sleep(0.02)
    raise AssertionError(f"no streamed output for {seconds} s; got {output.text()!r}")


def stored_chat(home: Path) -> tuple[str, list[Message]]:
    data = home / "data"
    with Database.open(data / "hearth.sqlite3", backups_dir=data / "backups") as db:
        integrity = db.integrity_check()
        (conversation,) = ConversationRepository(db).list()
        return integrity, MessageRepository(db).list(conversation.id)


def test_a_reply_cut_short_by_sigkill_is_kept_and_marked_incomplete(
    home: Path, chat: tuple[subprocess.Popen[bytes], StreamedOutput]
) -> None:
    proc, output = chat
    wait_for_streaming(proc, output, STREAM_SECONDS)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    printed = output.all_text()

    integrity, messages = stored_chat(home)
    assert integrity == "ok"
    assert [m.role for m in messages] == ["user", "assistant"]
    user, assistant = messages
    assert user.content == PROMPT
    assert user.complete is True
    assert assistant.complete is False
    assert assistant.content.strip(), "the text streamed before the crash was not saved"
    assert printed.startswith(assistant.content), (assistant.content, printed)
    assert assistant.generation is None  # the reply never finished


def test_ctrl_c_exits_130_and_keeps_the_reply_marked_incomplete(
    home: Path, chat: tuple[subprocess.Popen[bytes], StreamedOutput]
) -> None:
    proc, output = chat
    wait_for_streaming(proc, output, 0.3)
    proc.send_signal(signal.SIGINT)
    returncode = proc.wait(timeout=30)
    assert returncode == 130, f"exit status {returncode} (negative: killed by a signal)"
    assert proc.stderr is not None
    stderr = proc.stderr.read().decode("utf-8", errors="replace")
    assert "Traceback" not in stderr, stderr
    printed = output.all_text()

    integrity, messages = stored_chat(home)
    assert integrity == "ok"
    user, assistant = messages
    assert user.content == PROMPT
    assert assistant.complete is False
    assert assistant.content.strip()
    # Everything streamed is stored: the reply, then the newline the CLI ends with.
    assert printed == assistant.content + "\n"
    assert assistant.generation is not None
    assert assistant.generation.finish_reason == "cancelled"
    assert 0 < assistant.generation.completion_tokens < 2000
