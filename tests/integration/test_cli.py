"""The CLI contract, run the way scripts run it: `python -m app ...` as a real subprocess.

Every run gets HEARTH_HOME (so no real profile is touched) and parses the one JSON object that
`--json` prints on stdout. The chat runs use the real starter model through real llama.cpp.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository
from app.config import APP_NAME
from app.storage import Database

PROMPT = "Name three colours of the rainbow."
CHAT_ARGS = ("--seed", "5", "--max-tokens", "24")


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    def describe(self) -> str:
        return f"hearth {' '.join(self.args)} -> {self.returncode}\n{self.stdout}\n{self.stderr}"


def hearth(home: Path, *args: str, timeout: float = 240) -> Run:
    env = {**os.environ, "HEARTH_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "app", *args],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Run(tuple(args), proc.returncode, proc.stdout, proc.stderr)


def one_json_object(run: Run) -> dict[str, Any]:
    """stdout holds exactly one JSON object and nothing else."""
    text = run.stdout.strip()
    try:
        payload, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise AssertionError(f"stdout is not JSON ({exc}):\n{run.describe()}") from exc
    assert text[end:].strip() == "", f"more than one JSON value on stdout:\n{run.describe()}"
    assert isinstance(payload, dict), run.describe()
    return payload


def ok_json(home: Path, *args: str) -> dict[str, Any]:
    run = hearth(home, *args, "--json")
    assert run.returncode == 0, run.describe()
    payload = one_json_object(run)
    assert "error" not in payload, run.describe()
    return payload


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---- the OS's own user folders must not be touched -------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def os_profile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point HOME and the XDG folders of every run here, so the test can see (and prove) that
    nothing lands in the locations platformdirs would give Hearth, without racing anyone who
    uses the real ones on this machine."""
    root = tmp_path_factory.mktemp("os-profile")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(root / "home"))
        for var, name in (("DATA", "share"), ("CONFIG", "config"), ("CACHE", "cache")):
            patch.setenv(f"XDG_{var}_HOME", str(root / "home" / name))
        (root / "home").mkdir()
        yield root


def platform_user_dirs() -> list[Path]:
    """Where Hearth would keep its files without HEARTH_HOME, asked the way Hearth asks."""
    code = (
        "import platformdirs as p\n"
        "for f in (p.user_data_dir, p.user_config_dir, p.user_cache_dir): "
        f"print(f({APP_NAME!r}, appauthor=False))"
    )
    env = {k: v for k, v in os.environ.items() if k != "HEARTH_HOME"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return [Path(line) for line in out.stdout.splitlines()]


# ---- one profile with the starter model registered, shared by the module ---------------------


@dataclass(frozen=True)
class Profile:
    home: Path
    model: dict[str, Any]


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory, starter_model: Path) -> Profile:
    home = tmp_path_factory.mktemp("cli-home")
    imported = ok_json(home, "models", "import", str(starter_model))
    return Profile(home, imported["model"])


@pytest.fixture(scope="module")
def starter_sha256(starter_model: Path) -> str:
    return sha256_of(starter_model)


@pytest.fixture(scope="module")
def chats(profile: Profile) -> tuple[dict[str, Any], dict[str, Any]]:
    """The same question asked twice with the same seed (two separate chats)."""
    first = ok_json(profile.home, "chat", "--prompt", PROMPT, *CHAT_ARGS)
    second = ok_json(profile.home, "chat", "--prompt", PROMPT, *CHAT_ARGS)
    return first, second


# ---- models -----------------------------------------------------------------------------------


def test_models_import_registers_the_file_and_makes_it_the_default(
    profile: Profile, starter_model: Path, starter_sha256: str
) -> None:
    model = profile.model
    assert model["path"] == str(starter_model.resolve())
    assert model["sha256"] == starter_sha256
    assert model["size_bytes"] == starter_model.stat().st_size
    assert model["architecture"] == "llama"
    assert model["default"] is True


def test_models_list_shows_the_imported_model(profile: Profile) -> None:
    listed = ok_json(profile.home, "models", "list")["models"]
    assert [m["id"] for m in listed] == [profile.model["id"]]
    assert listed[0]["sha256"] == profile.model["sha256"]
    assert listed[0]["default"] is True
    # The catalog's name for the starter, never its GGUF general.name.
    assert listed[0]["name"] == listed[0]["display_name"] == "SmolLM2 135M Instruct"
    assert listed[0]["catalog_id"] is None  # imported from a file, not downloaded
    table = hearth(profile.home, "models", "list")
    assert table.returncode == 0, table.describe()
    assert "SmolLM2 135M Instruct" in table.stdout and "Smollm2" not in table.stdout


def test_models_info_reads_the_header(profile: Profile, starter_model: Path) -> None:
    info = ok_json(profile.home, "models", "info", str(starter_model))["info"]
    assert info["architecture"] == "llama"
    assert info["quantization"] == "Q4_1"
    assert info["context_length"] == 8192
    assert info["file_size"] == starter_model.stat().st_size
    assert info["has_chat_template"] is True


def test_models_remove_forgets_the_model_but_keeps_a_linked_file(
    tmp_path: Path, starter_model: Path, starter_sha256: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    model_id = ok_json(home, "models", "import", str(starter_model))["model"]["id"]
    assert ok_json(home, "models", "remove", str(model_id)) == {"removed": model_id}
    assert ok_json(home, "models", "list")["models"] == []
    # The file was linked in place, not copied: removing the record must not delete it.
    assert starter_model.is_file()
    assert starter_model.stat().st_size > 90_000_000
    again = hearth(home, "models", "remove", str(model_id), "--json")
    assert again.returncode == 1, again.describe()
    assert str(model_id) in one_json_object(again)["error"]


# ---- chat -------------------------------------------------------------------------------------


def test_chat_json_reports_the_reply_and_its_numbers(
    chats: tuple[dict[str, Any], dict[str, Any]], starter_sha256: str
) -> None:
    reply, _ = chats
    assert isinstance(reply["text"], str) and reply["text"].strip()
    assert reply["prompt_tokens"] > 5
    assert 1 <= reply["completion_tokens"] <= 24
    assert reply["ttft_s"] > 0
    assert reply["decode_tokens_per_s"] > 0
    assert reply["model_sha256"] == starter_sha256
    assert reply["citations"] == []
    # Without documents only invented contacts and echoed instructions are reported.
    assert {i["kind"] for i in reply["issues"]} <= {"contact", "prompt_echo"}
    assert isinstance(reply["conversation_id"], int)
    assert reply["seed"] == 5
    # Automatic threads: the cores free when the reply started, at least one.
    assert 1 <= reply["n_threads_end"] <= reply["n_threads"] <= (os.cpu_count() or 1)
    assert reply["finish_reason"] in ("stop", "length")
    if reply["finish_reason"] == "length":
        assert reply["completion_tokens"] == 24


def test_the_same_seed_gives_the_same_text(chats: tuple[dict[str, Any], dict[str, Any]]) -> None:
    first, second = chats
    assert first["text"] == second["text"]
    assert first["completion_tokens"] == second["completion_tokens"]
    assert first["conversation_id"] != second["conversation_id"]


def test_the_chat_is_stored_with_its_generation_metadata(
    profile: Profile, chats: tuple[dict[str, Any], dict[str, Any]], starter_sha256: str
) -> None:
    reply, second = chats
    listed = ok_json(profile.home, "chats", "list")["chats"]
    by_id = {c["id"]: c for c in listed}
    assert {reply["conversation_id"], second["conversation_id"]} <= set(by_id)
    assert by_id[reply["conversation_id"]]["messages"] == 2
    assert by_id[reply["conversation_id"]]["title"] == PROMPT

    chat = ok_json(profile.home, "chats", "show", str(reply["conversation_id"]))["chat"]
    assert chat["id"] == reply["conversation_id"]
    user, assistant = chat["messages"]
    assert (user["role"], user["content"]) == ("user", PROMPT)
    assert assistant["role"] == "assistant"
    assert assistant["content"] == reply["text"]
    assert assistant["complete"] is True
    assert assistant["id"] == reply["message_id"]
    meta = assistant["generation"]
    assert meta["seed"] == 5
    assert meta["model_sha256"] == starter_sha256
    assert meta["prompt_tokens"] == reply["prompt_tokens"]
    assert meta["completion_tokens"] == reply["completion_tokens"]
    assert meta["finish_reason"] == reply["finish_reason"]
    assert meta["sampling"]["max_tokens"] == 24
    assert set(meta["sampling"]) >= {"temperature", "top_p", "top_k", "min_p", "repeat_penalty"}
    assert meta["backend"] == reply["backend"]
    assert (meta["n_threads"], meta["n_threads_end"]) == (
        reply["n_threads"],
        reply["n_threads_end"],
    )


def test_chats_export_markdown_and_json(
    profile: Profile, chats: tuple[dict[str, Any], dict[str, Any]], tmp_path: Path
) -> None:
    reply, _ = chats
    chat_id = str(reply["conversation_id"])
    markdown = hearth(profile.home, "chats", "export", chat_id, "--format", "md")
    assert markdown.returncode == 0, markdown.describe()
    assert markdown.stdout.startswith(f"# {PROMPT}\n")
    assert "## You" in markdown.stdout and "## Assistant" in markdown.stdout
    assert PROMPT in markdown.stdout
    assert reply["text"].strip() in markdown.stdout
    assert "(incomplete)" not in markdown.stdout

    out = tmp_path / "export.json"
    result = ok_json(
        profile.home, "chats", "export", chat_id, "--format", "json", "--out", str(out)
    )
    assert result == {"exported": str(out), "format": "json"}
    exported = json.loads(out.read_text(encoding="utf-8"))
    shown = ok_json(profile.home, "chats", "show", chat_id)["chat"]
    assert exported == shown
    assert exported["messages"][1]["generation"]["seed"] == 5


# ---- selftest ---------------------------------------------------------------------------------


def test_selftest_passes_with_the_model_registered(profile: Profile, starter_sha256: str) -> None:
    report = ok_json(profile.home, "selftest")
    assert report["ok"] is True
    assert report["database"]["ok"] is True
    assert report["database"]["integrity"] == "ok"
    assert report["model"]["sha256"] == starter_sha256
    assert report["model"]["name"] == "SmolLM2 135M Instruct"
    assert report["generation"]["completion_tokens"] > 0
    assert report["generation"]["text"].strip()


def test_selftest_in_an_empty_profile_fails_naming_the_missing_model(tmp_path: Path) -> None:
    run = hearth(tmp_path, "selftest", "--json")
    assert run.returncode > 0, run.describe()
    error = one_json_object(run)["error"]
    assert "model" in error.lower()
    assert "models import" in error or "setup" in error


# ---- failures: a clear one-line error, never a traceback, never a signal ----------------------


def _text_file_named_gguf(tmp_path: Path, _model: Path) -> tuple[list[str], str]:
    notes = tmp_path / "meeting-notes.gguf"
    notes.write_text("These are my meeting notes, not a model.\n" * 20, encoding="utf-8")
    return ["chat", "--prompt", "hi", "--model", str(notes)], "meeting-notes.gguf"


def _truncated_model(tmp_path: Path, model: Path) -> tuple[list[str], str]:
    truncated = tmp_path / "cut-short.gguf"
    with model.open("rb") as src:
        truncated.write_bytes(src.read(20_000_000))
    return ["chat", "--prompt", "hi", "--model", str(truncated)], "truncated"


def _missing_model(_tmp_path: Path, _model: Path) -> tuple[list[str], str]:
    return ["chat", "--prompt", "hi", "--model", "/nonexistent.gguf"], "/nonexistent.gguf"


def _missing_chat(_tmp_path: Path, _model: Path) -> tuple[list[str], str]:
    return ["chats", "show", "999"], "999"


def _info_on_a_directory(tmp_path: Path, _model: Path) -> tuple[list[str], str]:
    folder = tmp_path / "a-folder.gguf"
    folder.mkdir()
    return ["models", "info", str(folder)], "a-folder.gguf"


FAILURES = {
    "missing-model-file": _missing_model,
    "text-file-named-gguf": _text_file_named_gguf,
    "truncated-gguf": _truncated_model,
    "unknown-chat-id": _missing_chat,
    "models-info-on-a-directory": _info_on_a_directory,
}


@pytest.fixture(params=sorted(FAILURES))
def failing_command(
    request: pytest.FixtureRequest, tmp_path: Path, starter_model: Path
) -> Iterator[tuple[Path, list[str], str]]:
    home = tmp_path / "home"
    home.mkdir()
    args, named = FAILURES[request.param](tmp_path, starter_model)
    yield home, args, named


def test_failures_print_one_json_error(failing_command: tuple[Path, list[str], str]) -> None:
    home, args, named = failing_command
    run = hearth(home, *args, "--json")
    assert run.returncode > 0, f"must exit non-zero, not die by a signal:\n{run.describe()}"
    payload = one_json_object(run)
    assert list(payload) == ["error"], run.describe()
    assert isinstance(payload["error"], str)
    assert named in payload["error"]
    assert "\n" not in payload["error"]
    assert "Traceback" not in run.stderr, run.describe()


def test_failures_say_why_in_one_line_on_stderr(
    failing_command: tuple[Path, list[str], str],
) -> None:
    home, args, named = failing_command
    run = hearth(home, *args)
    assert run.returncode > 0, f"must exit non-zero, not die by a signal:\n{run.describe()}"
    assert "Traceback" not in run.stderr, run.describe()
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.describe()
    assert named in lines[0]
    assert run.stdout.strip() == "", run.describe()


def test_a_directory_is_not_reported_as_missing(tmp_path: Path) -> None:
    folder = tmp_path / "models-folder"
    folder.mkdir()
    for args in (
        ["models", "info", str(folder)],
        ["chat", "--prompt", "hi", "--model", str(folder)],
    ):
        run = hearth(tmp_path, *args, "--json")
        assert run.returncode == 1, run.describe()
        error = one_json_object(run)["error"]
        assert "not found" not in error, error
        assert "not a file" in error, error


# ---- HEARTH_HOME ------------------------------------------------------------------------------


def test_hearth_home_holds_everything_and_the_user_folders_stay_untouched(
    profile: Profile, chats: tuple[dict[str, Any], dict[str, Any]], os_profile: Path
) -> None:
    database = profile.home / "data" / "hearth.sqlite3"
    assert database.is_file()
    with Database.open(database, backups_dir=profile.home / "data" / "backups") as db:
        stored = {c.id for c in ConversationRepository(db).list()}
        assert {c["conversation_id"] for c in chats} <= stored
        messages = MessageRepository(db).list(chats[0]["conversation_id"])
        assert [m.content for m in messages] == [PROMPT, chats[0]["text"]]

    user_dirs = platform_user_dirs()
    assert all(d.is_relative_to(os_profile) for d in user_dirs), user_dirs
    # Every run of this module so far had HEARTH_HOME: not one file in the user folders.
    written = [p for p in (os_profile / "home").rglob("*") if p.is_file()]
    assert written == []
    assert not any(d.exists() for d in user_dirs)

    # The check can fail: the same command without HEARTH_HOME does create the database there.
    env = {k: v for k, v in os.environ.items() if k != "HEARTH_HOME"}
    run = subprocess.run(
        [sys.executable, "-m", "app", "models", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert (user_dirs[0] / "hearth.sqlite3").is_file()
