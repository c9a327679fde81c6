"""`hearth encryption ...`, and every other command on an encrypted profile (HEARTH_PASSPHRASE)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.chats.conversation_repository import ConversationRepository
from app.chats.message_repository import MessageRepository
from app.cli import main
from app.config import Paths
from app.core import Core
from app.storage.cipher import looks_encrypted
from tests.fixtures.encryption import OTHER_PASSPHRASE, PASSPHRASE, SECRET_TEXT


@pytest.fixture
def paths(hearth_home: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    monkeypatch.delenv("HEARTH_PASSPHRASE", raising=False)
    monkeypatch.delenv("HEARTH_NEW_PASSPHRASE", raising=False)
    paths = Paths.resolve()
    core = Core.open(paths)
    chat = ConversationRepository(core.database).create("Plans")
    MessageRepository(core.database).add(chat.id, "user", SECRET_TEXT)
    core.close()
    return paths


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, dict[str, object]]:
    code = main(argv)
    out = capsys.readouterr().out.strip().splitlines()
    return code, json.loads(out[-1])


def test_enable_status_use_change_and_disable_from_the_command_line(
    paths: Paths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _json(capsys, ["encryption", "status", "--json"])[1]["encrypted"] is False

    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)
    code, report = _json(capsys, ["encryption", "enable", "--json"])
    assert code == 0 and report["encrypted"] is True
    assert looks_encrypted(paths.database)

    code, listing = _json(capsys, ["chats", "list", "--json"])
    assert code == 0
    assert [c["title"] for c in listing["chats"]] == ["Plans"]  # type: ignore[index]

    monkeypatch.setenv("HEARTH_NEW_PASSPHRASE", OTHER_PASSPHRASE)
    assert _json(capsys, ["encryption", "change-passphrase", "--json"])[0] == 0
    assert main(["chats", "list", "--json"]) == 1  # the old passphrase no longer opens it
    assert "passphrase is wrong" in capsys.readouterr().err

    monkeypatch.setenv("HEARTH_PASSPHRASE", OTHER_PASSPHRASE)
    code, shown = _json(capsys, ["chats", "show", "1", "--json"])
    assert code == 0 and SECRET_TEXT in json.dumps(shown)

    code, report = _json(capsys, ["encryption", "disable", "--json"])
    assert code == 0 and report["encrypted"] is False
    assert not looks_encrypted(paths.database)
    monkeypatch.delenv("HEARTH_PASSPHRASE")
    assert _json(capsys, ["chats", "list", "--json"])[0] == 0


def test_a_locked_profile_says_how_to_unlock_it(
    paths: Paths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)
    assert main(["encryption", "enable"]) == 0
    capsys.readouterr()
    monkeypatch.delenv("HEARTH_PASSPHRASE")
    before = paths.database.read_bytes()
    code, error = _json(capsys, ["chats", "list", "--json"])
    assert code == 1
    assert "is encrypted" in str(error["error"]) and "HEARTH_PASSPHRASE" in str(error["error"])
    assert paths.database.read_bytes() == before
    # status needs no passphrase
    assert _json(capsys, ["encryption", "status", "--json"])[1]["encrypted"] is True


def test_a_wrong_passphrase_fails_with_one_line_and_changes_nothing(
    paths: Paths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)
    assert main(["encryption", "enable"]) == 0
    capsys.readouterr()
    before = paths.database.read_bytes()
    monkeypatch.setenv("HEARTH_PASSPHRASE", "definitely wrong")
    assert main(["encryption", "disable"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "passphrase is wrong" in err
    assert paths.database.read_bytes() == before


def test_enable_without_a_passphrase_and_no_terminal_is_refused(
    paths: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["encryption", "enable"]) == 1
    assert "HEARTH_PASSPHRASE" in capsys.readouterr().err
    assert not looks_encrypted(paths.database)


def test_a_passphrase_is_never_an_argument(paths: Paths) -> None:
    with pytest.raises(SystemExit):
        main(["encryption", "enable", "--passphrase", "x" * 10])
