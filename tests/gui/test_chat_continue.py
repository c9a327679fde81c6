"""How a reply ended is shown on it, in the real window with the real starter model: a reply cut
off at the length limit carries a badge and a Continue action that writes on in the same
message; a reply that began repeating itself says so and offers no Continue.

With HEARTH_SHOTS_DIR set, the window is saved at each step for a person to look at.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.chats.recording import continuations
from app.config import Paths
from app.core import Core
from app.ui.chat.message_badges import CUT_OFF_TEXT, REPETITION_TEXT
from app.ui.shell.main_window import MainWindow

from .test_main_window import Session

CUT_AT = 12  # tokens: every answer to the question below is longer


def save(window: MainWindow, name: str) -> None:
    folder = os.environ.get("HEARTH_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert window.grab().save(str(Path(folder) / name))


def open_session(qtbot: QtBot, starter_model: Path, **settings: object) -> Session:
    core = Core.open(Paths.resolve())
    core.library.import_model(starter_model)
    core.save_settings(replace(core.settings, **settings))  # type: ignore[arg-type]
    core.close()
    session = Session(qtbot, max_tokens=int(str(settings.get("max_tokens", 40))))
    session.window.resize(900, 700)
    session.load()
    return session


def test_a_cut_off_reply_shows_a_badge_and_continues_in_the_same_message(
    hearth_home: Path, starter_model: Path, qtbot: QtBot
) -> None:
    session = open_session(qtbot, starter_model, max_tokens=CUT_AT)
    try:
        window = session.window
        session.type_and_send("Explain what a cash-flow forecast is for a new shop owner.")
        session.wait_idle()
        reply = window.chat_view.message_widgets()[-1]
        assert reply.badges.cut_off.isVisibleTo(reply)
        assert reply.badges.cut_off.text() == CUT_OFF_TEXT
        assert not reply.incomplete_badge.isVisibleTo(reply)  # it ended as asked, not stopped
        assert reply.continue_button.isVisibleTo(reply)
        assert "cut off at the length limit" in reply.meta()
        assert "length limit" in window.status.currentMessage()
        save(window, "chat_cut_off.png")

        before = reply.text()
        reply.continue_button.click()
        assert window.controller.busy
        assert window.chat_view.streaming_widget() is reply  # the same bubble grows
        session.wait_idle()

        widgets = window.chat_view.message_widgets()
        assert [w.role for w in widgets] == ["user", "assistant"]
        assert widgets[-1] is reply
        assert reply.text().startswith(before.rstrip(" \t")) and len(reply.text()) > len(before)
        conversation_id = window.controller.conversation_id
        assert conversation_id is not None
        stored = session.core.chats.messages.list(conversation_id)
        assert [m.role for m in stored] == ["user", "assistant"]  # one reply, not two
        assert stored[-1].content == reply.text() and stored[-1].complete
        record = stored[-1].generation
        assert record is not None
        assert continuations(record) == 1 and record.seed == 11
        assert record.completion_tokens > CUT_AT
        assert "continued" in reply.meta()
        # Still cut off (the limit is tiny), so it can be continued again.
        assert reply.badges.cut_off.isVisibleTo(reply) == (record.finish_reason == "length")
        assert reply.continue_button.isVisibleTo(reply) == (record.finish_reason == "length")
        save(window, "chat_continued.png")
    finally:
        session.close()


def test_a_reply_that_repeats_itself_is_stopped_and_says_so(
    hearth_home: Path, starter_model: Path, qtbot: QtBot
) -> None:
    # Greedy decoding: the starter model writes three paragraphs, then the third again and
    # again until stopped.
    session = open_session(
        qtbot, starter_model, max_tokens=400, temperature=0.0, repeat_penalty=1.0
    )
    try:
        window = session.window
        session.type_and_send("Describe our company's values.")
        session.wait_idle()
        reply = window.chat_view.message_widgets()[-1]
        assert reply.badges.repetition.isVisibleTo(reply)
        assert reply.badges.repetition.text() == REPETITION_TEXT
        assert not reply.badges.cut_off.isVisibleTo(reply)
        assert not reply.continue_button.isVisibleTo(reply)
        assert reply.regenerate_button.isVisibleTo(reply)
        assert "repeating itself" in reply.meta()
        assert "repeating itself" in window.status.currentMessage()
        paragraphs = [p for p in reply.text().split("\n\n") if p.strip()]
        assert len(paragraphs) >= 2
        assert len(set(paragraphs)) == len(paragraphs)  # the repeats are not shown
        save(window, "chat_repetition.png")
    finally:
        session.close()
