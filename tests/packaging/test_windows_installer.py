"""The NSIS installer installed and uninstalled under Wine (packaging/windows/
installer_scenarios.py), per user and for all users; skipped where wine64 or makensis is
missing (.ci/package installs both and runs the same scenarios)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator

import bundle_config as config
import installer_scenarios as scenarios
import pytest
from wine import wine_available

SCRIPT = (config.ROOT / "packaging" / "windows" / "hearth.nsi").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[scenarios.Harness]:
    missing = wine_available() or (None if shutil.which("makensis") else "makensis is missing")
    if missing:
        pytest.skip(missing)
    opened = scenarios.open_harness(tmp_path_factory.mktemp("wine"))
    try:
        yield opened
    finally:
        opened.wine.close()


def run(
    harness: scenarios.Harness, scenario: Callable[[scenarios.Harness], scenarios.Results]
) -> None:
    results = scenario(harness)
    assert results.checks, "the scenario checked nothing"
    failed = [f"{check.name}: {check.detail}" for check in results.failures]
    assert failed == []


def test_per_user_install_and_an_uninstall_that_keeps_the_data(harness: scenarios.Harness) -> None:
    run(harness, scenarios.per_user)


def test_per_user_uninstall_with_the_box_deletes_the_data(harness: scenarios.Harness) -> None:
    run(harness, scenarios.per_user_delete_data)


def test_all_users_install_and_an_uninstall_that_keeps_the_data(harness: scenarios.Harness) -> None:
    run(harness, scenarios.all_users)


def test_all_users_uninstall_with_the_box_deletes_the_users_own_data(
    harness: scenarios.Harness,
) -> None:
    """In the all-users context NSIS maps $LOCALAPPDATA to C:\\ProgramData; the data is in the
    user's own local AppData."""
    run(harness, scenarios.all_users_delete_data)


def section(name: str) -> str:
    match = re.search(rf'^Section[^\n]*"{re.escape(name)}".*?^SectionEnd', SCRIPT, re.M | re.S)
    assert match, f"no section {name!r} in hearth.nsi"
    return match.group(0)


def function(name: str) -> str:
    match = re.search(rf"^Function {re.escape(name)}\n.*?^FunctionEnd", SCRIPT, re.M | re.S)
    assert match, f"no function {name} in hearth.nsi"
    return match.group(0)


def test_the_finish_page_starts_hearth_through_explorer() -> None:
    """Wine cannot show elevation, so this one is read from the script: the finish page calls
    LaunchHearth, which hands the start to Explorer (the signed-in user, not elevated)."""
    assert re.search(r"^!define MUI_FINISHPAGE_RUN_FUNCTION LaunchHearth$", SCRIPT, re.M)
    assert not re.search(r"^!define MUI_FINISHPAGE_RUN[ \t]+[^;\s]", SCRIPT, re.M)
    launch = function("LaunchHearth")
    assert "explorer.exe" in launch and "${APP_EXE}" in launch
    assert not re.search(r"^\s*(ExecShell|ExecWait)\b", launch, re.M)


def test_data_removal_uses_the_current_users_folders() -> None:
    removal = section("un.Delete my chats, models and settings")
    lines = [line.strip() for line in removal.splitlines()]
    assert lines.index("SetShellVarContext current") < lines.index(
        'RMDir /r "$LOCALAPPDATA\\${APP_NAME}"'
    )
