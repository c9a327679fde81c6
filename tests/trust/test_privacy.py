"""Privacy proof: a whole session with networking denied makes no network attempt at all.

In process: sockets, name resolution and connect are patched to record and refuse (no_network.py)
before anything starts; then the real main window with the real inference thread loads the
starter model and answers a typed message, documents are indexed, attached and used for
grounding, a template section is generated, the chat is exported, diagnostics are collected.
In a subprocess: `python -m app chat` and `python -m app selftest` run under `unshare -n` (no
network namespace at all) with the same guard recording attempts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.chats.export import conversation_as_dict, conversation_as_markdown
from app.chats.sampling import sampling_from_settings
from app.config import Paths
from app.core import Core
from app.diagnostics import diagnostics_text
from tests.fixtures.documents import write_docx, write_text_formats
from tests.gui.test_main_window import Session

from .no_network import network_denied


def _documents_and_grounding(core: Core, conversation_id: int, folder: Path) -> None:
    from app.knowledge.knowledge_base import Attach, KnowledgeBase

    knowledge = KnowledgeBase(core.database)
    files = [write_docx(folder / "policy.docx"), write_text_formats(folder)["markdown"]]
    report = knowledge.add_files(files, attach_to=Attach.to_collection("privacy"))
    assert not report.failed, [o.error for o in report.failed]
    ids = [o.document.id for o in report.indexed if o.document is not None]
    knowledge.store.attach_to_conversation(conversation_id, document_ids=ids)
    grounding = knowledge.ground_conversation(conversation_id, "hotel costs", token_budget=400)
    assert grounding.citations, "the attached documents were not used"


def _template_section(core: Core) -> str:
    from app.engine.llama_engine import LlamaEngine
    from app.engine.types import LoadOptions
    from app.templates.generator import DocumentGenerator
    from app.templates.library import TemplateLibrary
    from app.templates.plan import plan_document
    from app.templates.user_template_repository import UserTemplateRepository

    library = TemplateLibrary(UserTemplateRepository(core.database))
    template = library.get("meeting-minutes")
    plan = plan_document(template, template.example_values())
    record = core.models.list()[0]
    engine = LlamaEngine()
    try:
        options = LoadOptions(n_ctx=2048, n_threads=1, n_gpu_layers=0)
        engine.load(record.path, sha256=record.sha256, options=options)
        sampling = sampling_from_settings(core.settings, seed=3, max_tokens=12)
        sections = DocumentGenerator(engine).document(plan, sampling, stop=threading.Event())
    finally:
        engine.close()
    return "".join(section.text for section in sections)


def test_a_whole_session_makes_no_network_attempt(
    hearth_home: Path, starter_model: Path, qtbot: QtBot, tmp_path: Path
) -> None:
    with network_denied() as guard:
        core = Core.open(Paths.resolve())
        core.library.import_model(starter_model)
        core.close()
        session = Session(qtbot, max_tokens=16)
        try:
            session.load()
            session.type_and_send("Name a river.")
            session.wait_idle()
            core = session.core
            conversation_id = session.window.controller.conversation_id
            assert conversation_id is not None
            messages = core.chats.messages.list(conversation_id)
            assert [m.role for m in messages] == ["user", "assistant"]
            assert messages[1].complete and messages[1].content.strip()

            _documents_and_grounding(core, conversation_id, tmp_path)
            assert _template_section(core).strip()

            conversation = core.chats.conversations.get(conversation_id)
            (tmp_path / "chat.md").write_text(conversation_as_markdown(conversation, messages))
            (tmp_path / "chat.json").write_text(
                json.dumps(conversation_as_dict(conversation, messages), default=str)
            )
            assert "Name a river." in (tmp_path / "chat.md").read_text()
            assert "Hearth diagnostics" in diagnostics_text(core.paths, core.settings)
        finally:
            session.close()
    assert guard.attempts == [], "\n\n".join(guard.attempts)


def _unshare_allowed() -> str | None:
    if shutil.which("unshare") is None:
        return "the unshare command is not installed"
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True, check=False)
    if probe.returncode != 0:
        return f"unshare -n is not permitted here: {probe.stderr.strip()}"
    return None


@pytest.mark.parametrize(
    "command",
    [
        ["chat", "--prompt", "Say hello.", "--max-tokens", "8", "--json"],
        ["selftest", "--json"],
    ],
    ids=["chat", "selftest"],
)
def test_cli_runs_without_a_network_namespace_and_tries_no_connection(
    tmp_path: Path, starter_model: Path, command: list[str]
) -> None:
    reason = _unshare_allowed()
    if reason is not None:
        pytest.skip(reason)
    env = {**os.environ, "HEARTH_HOME": str(tmp_path / "home")}
    attempts_file = tmp_path / "attempts.json"
    base = ["unshare", "-n", sys.executable, "-m", "tests.trust.no_network", str(attempts_file)]
    imported = subprocess.run(
        [*base, "app", "models", "import", str(starter_model)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr
    assert json.loads(attempts_file.read_text()) == []
    result = subprocess.run(
        [*base, "app", *command], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout)  # one JSON object on stdout
    assert json.loads(attempts_file.read_text()) == []


def test_the_guard_sees_and_refuses_every_kind_of_attempt() -> None:
    import socket
    import urllib.request

    with network_denied() as guard:
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", 9))
        with pytest.raises(OSError):
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        with pytest.raises(OSError):
            urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
        with pytest.raises(OSError):
            socket.getaddrinfo("localhost", 80)
    assert len(guard.attempts) == 4
    socket.socket().close()  # uninstalled: sockets work again
