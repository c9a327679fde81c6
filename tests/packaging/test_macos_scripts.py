"""sign_and_notarize.sh and make_dmg.sh run by bash with stand-ins for Apple's tools (xcrun,
codesign, security, ditto, hdiutil) on PATH, which record their calls and answer as Apple's do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import bundle_config as config
import pytest

MACOS = config.ROOT / "packaging" / "macos"
TOOLS = {
    "xcrun": """
echo "xcrun $*" >> "$FAKE_LOG"
case "$1 $2" in
  "notarytool submit")
    [[ -f "$FAKE_NOTARY_ANSWER" ]] && cat "$FAKE_NOTARY_ANSWER"
    exit "${FAKE_NOTARY_EXIT:-0}" ;;
  "notarytool log")
    printf '{"issues": [{"message": "The binary is not signed.", "id": "%s"}]}\\n' "$3" ;;
esac
""",
    "codesign": 'echo "codesign $*" >> "$FAKE_LOG"',
    "uuidgen": "echo 5F8A1C2E-0000-4000-8000-000000000000",
    "security": """
echo "security $*" >> "$FAKE_LOG"
login='    "/Users/runner/Library/Keychains/login.keychain-db"'
[[ "$1" == list-keychains && "$#" -eq 3 ]] && echo "$login"
exit 0
""",
    "ditto": """
echo "ditto $*" >> "$FAKE_LOG"
if [[ "$1" == -c ]]; then : > "${@: -1}"; else cp -R "$1" "$2"; fi
""",
    "hdiutil": """
echo "hdiutil $*" >> "$FAKE_LOG"
count=$(( $(cat "$FAKE_HDIUTIL_COUNT" 2>/dev/null || echo 0) + 1 ))
echo "$count" > "$FAKE_HDIUTIL_COUNT"
if [[ "$1" == create && "$count" -le "${FAKE_HDIUTIL_FAILURES:-0}" ]]; then
  echo "hdiutil: create failed - Resource busy" >&2
  exit 1
fi
[[ "$1" == create ]] && : > "${@: -1}"
exit 0
""",
}


@pytest.fixture
def fake_macos(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in TOOLS.items():
        tool = bin_dir / name
        tool.write_text("#!/usr/bin/env bash\n" + body, encoding="utf-8")
        tool.chmod(0o755)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    keep = ("HOME", "LANG", "LC_ALL", "SYSTEMROOT")
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        RUNNER_TEMP=str(runner_temp),
        FAKE_LOG=str(tmp_path / "calls.log"),
        FAKE_NOTARY_ANSWER=str(tmp_path / "notary.json"),
        FAKE_HDIUTIL_COUNT=str(tmp_path / "hdiutil.count"),
    )
    return env


SECRETS = {
    "MACOS_CERTIFICATE_P12": "cDEyIGJ5dGVz",  # base64 of "p12 bytes"
    "MACOS_CERTIFICATE_PASSWORD": "pw",
    "MACOS_SIGN_IDENTITY": "Developer ID Application: Hearth (TEAM123456)",
    "APPLE_ID": "dev@example.org",
    "APPLE_TEAM_ID": "TEAM123456",
    "APPLE_APP_PASSWORD": "abcd-efgh-ijkl-mnop",
}


def sign(
    env: dict[str, str], tmp_path: Path, kind: str = "dmg", **extra: str
) -> subprocess.CompletedProcess[str]:
    target = tmp_path / ("Hearth.app" if kind == "app" else "Hearth-1.0-macos-arm64.dmg")
    tmp_path.mkdir(parents=True, exist_ok=True)
    if kind == "app":
        (target / "Contents" / "MacOS").mkdir(parents=True)
        (target / "Contents" / "MacOS" / "Hearth").write_bytes(b"\xcf\xfa\xed\xfe")
    else:
        target.write_bytes(b"dmg")
    return subprocess.run(
        ["bash", str(MACOS / "sign_and_notarize.sh"), kind, str(target)],
        env=env | extra,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def calls(env: dict[str, str]) -> str:
    log = Path(env["FAKE_LOG"])
    return log.read_text(encoding="utf-8") if log.exists() else ""


def notary_answers(env: dict[str, str], status: str) -> None:
    answer = {
        "id": "2efe2717-52ef-43a5-96dc-0797e4ca1041",
        "status": status,
        "message": "Processing complete",
    }
    Path(env["FAKE_NOTARY_ANSWER"]).write_text(json.dumps(answer), encoding="utf-8")


@pytest.mark.parametrize("status", ["Invalid", "Rejected"])
def test_a_rejected_notarization_fails_and_prints_apples_log(
    fake_macos: dict[str, str], tmp_path: Path, status: str
) -> None:
    notary_answers(fake_macos, status)
    result = sign(fake_macos, tmp_path, "app", **SECRETS)
    assert result.returncode == 1
    assert f"Apple did not accept {tmp_path / 'Hearth.app'} (status: {status};" in result.stderr
    assert "The binary is not signed." in result.stderr  # the log, fetched by submission id
    assert "notarytool log 2efe2717-52ef-43a5-96dc-0797e4ca1041" in calls(fake_macos)
    assert "stapler" not in calls(fake_macos)


def test_an_accepted_notarization_is_stapled(fake_macos: dict[str, str], tmp_path: Path) -> None:
    notary_answers(fake_macos, "Accepted")
    result = sign(fake_macos, tmp_path, "app", **SECRETS)
    assert result.returncode == 0, result.stderr
    log = calls(fake_macos)
    assert "--output-format json" in log and "--wait" in log
    assert f"stapler staple {tmp_path / 'Hearth.app'}" in log
    assert "security list-keychains -d user -s" in log and "login.keychain-db" in log


def test_a_failed_submission_without_an_answer_fails(
    fake_macos: dict[str, str], tmp_path: Path
) -> None:
    result = sign(fake_macos, tmp_path, "dmg", **SECRETS, FAKE_NOTARY_EXIT="69")
    assert result.returncode == 1
    assert "notarytool submit failed" in result.stderr
    assert "stapler" not in calls(fake_macos)


def test_missing_secrets_leave_an_untagged_build_unsigned(
    fake_macos: dict[str, str], tmp_path: Path
) -> None:
    result = sign(fake_macos, tmp_path)
    assert result.returncode == 0
    assert "leaving" in result.stdout and "unsigned" in result.stdout
    assert calls(fake_macos) == ""


def test_missing_secrets_fail_a_build_that_must_be_signed(
    fake_macos: dict[str, str], tmp_path: Path
) -> None:
    result = sign(fake_macos, tmp_path, HEARTH_REQUIRE_SIGNING="1")
    assert result.returncode == 1
    assert "must be signed and notarized" in result.stderr
    certificate_only = {key: SECRETS[key] for key in SECRETS if not key.startswith("APPLE_")}
    unnotarized = sign(
        fake_macos, tmp_path / "second", **certificate_only, HEARTH_REQUIRE_SIGNING="1"
    )
    assert unnotarized.returncode == 1
    assert "no notarization credentials" in unnotarized.stderr


def make_dmg(env: dict[str, str], tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    app = tmp_path / "Hearth.app"
    (app / "Contents").mkdir(parents=True, exist_ok=True)
    dist = config.ROOT / "dist"
    existed = dist.exists()
    try:
        return subprocess.run(
            ["bash", str(MACOS / "make_dmg.sh"), str(app), "9.9.9"],
            env=env | {"HEARTH_HDIUTIL_WAIT_S": "0", "HEARTH_HDIUTIL_ATTEMPTS": "3"} | extra,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        for image in dist.glob("Hearth-9.9.9-macos-*.dmg"):
            image.unlink()
        if not existed and dist.exists() and not any(dist.iterdir()):
            shutil.rmtree(dist)


def test_make_dmg_retries_a_busy_hdiutil(fake_macos: dict[str, str], tmp_path: Path) -> None:
    result = make_dmg(fake_macos, tmp_path, FAKE_HDIUTIL_FAILURES="2")
    assert result.returncode == 0, result.stderr
    assert calls(fake_macos).count("hdiutil create") == 3
    assert "failed (attempt 2 of 3)" in result.stderr
    assert "hdiutil verify" in calls(fake_macos)


def test_make_dmg_gives_up_after_the_last_attempt(
    fake_macos: dict[str, str], tmp_path: Path
) -> None:
    result = make_dmg(fake_macos, tmp_path, FAKE_HDIUTIL_FAILURES="9")
    assert result.returncode != 0
    assert calls(fake_macos).count("hdiutil create") == 3
    assert "failed 3 times" in result.stderr
