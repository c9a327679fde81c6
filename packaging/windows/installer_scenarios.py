#!/usr/bin/env python3
"""Install and uninstall Hearth's NSIS installer under Wine, per user and for all users.

    python3 packaging/windows/installer_scenarios.py       (.ci/package runs it)

Needs Debian's nsis, wine and wine64. The installer is compiled from hearth.nsi (as an amd64
installer, see build_installer.py) around a stub bundle whose Hearth.exe records how it was
started. Each scenario checks what a Windows user would find: the files, the Start-menu and
desktop shortcuts, the Apps & Features entry, the .hearth association (in the registry and by
opening a pack through the shell), Hearth started through Explorer after a silent
/RunAfterInstall, and what the uninstaller keeps or deletes with and without "Delete my chats,
models and settings" (/DeleteUserData). tests/packaging/test_windows_installer.py runs the same
scenarios. Standard library only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

WINDOWS = Path(__file__).resolve().parent
sys.path[:0] = [str(WINDOWS), str(WINDOWS.parent)]

import bundle_config as config  # noqa: E402
from build_installer import compile_installer, make_stub_bundle  # noqa: E402
from wine import WinePrefix, wait_for, wine_available  # noqa: E402

APP = config.APP_NAME
PACK_PROGID = "Hearth.Pack"
LAUNCH_LOG_ENV = "HEARTH_STUB_LOG"
# A Hearth.exe stand-in: appends its command line to the file named by HEARTH_STUB_LOG.
STUB_APP_SCRIPT = f"""Unicode true
Target amd64-unicode
Name "{APP} stub"
OutFile "${{OUT_FILE}}"
SilentInstall silent
RequestExecutionLevel user
Section
  ReadEnvStr $0 {LAUNCH_LOG_ENV}
  StrCmp $0 "" done
  FileOpen $1 $0 a
  FileSeek $1 0 END
  FileWrite $1 "$CMDLINE$\\r$\\n"
  FileClose $1
  done:
SectionEnd
"""


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


@dataclass
class Results:
    checks: list[Check] = field(default_factory=list)

    def expect(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append(Check(name, ok, detail))
        return ok

    def equal(self, name: str, actual: object, expected: object) -> bool:
        return self.expect(name, actual == expected, f"got {actual!r}, want {expected!r}")

    @property
    def failures(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]


@dataclass(frozen=True)
class Layout:
    """Where one install mode puts things."""

    mode: str  # the installer's switch without the slash: CurrentUser or AllUsers
    install_dir: PureWindowsPath
    start_menu: PureWindowsPath
    desktop: PureWindowsPath
    hive: str  # HKCU or HKLM


@dataclass
class Harness:
    wine: WinePrefix
    installer: Path
    work: Path
    launch_log: Path
    uninstalls: int = 0

    def layout(self, mode: str) -> Layout:
        folders = self.wine.folders()
        menu = PureWindowsPath("Microsoft", "Windows", "Start Menu", "Programs", APP)
        if mode == "CurrentUser":
            return Layout(
                mode,
                folders.local_app_data / "Programs" / APP,
                folders.app_data / menu,
                folders.user_profile / "Desktop",
                "HKCU",
            )
        return Layout(
            mode,
            folders.program_files / APP,
            folders.program_data / menu,
            folders.public / "Desktop",
            "HKLM",
        )

    def exists(self, path: PureWindowsPath) -> bool:
        return self.wine.host_path(path).exists()

    def launches(self) -> list[str]:
        if not self.launch_log.exists():
            return []
        return self.launch_log.read_text(encoding="latin-1").splitlines()

    def user_data(self) -> Path:
        return self.wine.host_path(self.wine.folders().local_app_data / APP)

    def shared_decoy(self) -> Path:
        """C:\\ProgramData\\Hearth: where the old uninstaller looked in the all-users context."""
        return self.wine.host_path(self.wine.folders().program_data / APP / "keep.txt")


def build_test_installer(work: Path, makensis: str = "makensis") -> Path:
    bundle = make_stub_bundle(work / "bundle")
    script = work / "stub_app.nsi"
    script.write_text(STUB_APP_SCRIPT, encoding="utf-8")
    stub = subprocess.run(
        [makensis, "-V2", f"-DOUT_FILE={bundle / 'Hearth.exe'}", str(script)],
        capture_output=True,
        text=True,
        check=False,
    )
    if stub.returncode != 0:
        raise SystemExit(f"makensis could not build the stub Hearth.exe:\n{stub.stdout}")
    return compile_installer(bundle, work / "Hearth-wine-setup.exe", makensis, "amd64-unicode")


def make_user_data(harness: Harness) -> None:
    """What a Hearth user has: a database and settings in %LOCALAPPDATA%\\Hearth."""
    data = harness.user_data()
    (data / "data").mkdir(parents=True, exist_ok=True)
    (data / "data" / "hearth.sqlite3").write_bytes(b"SQLite format 3\0")
    (data / "config").mkdir(exist_ok=True)
    (data / "config" / "settings.json").write_text("{}", encoding="utf-8")
    decoy = harness.shared_decoy()
    decoy.parent.mkdir(parents=True, exist_ok=True)
    decoy.write_text("another program's file\n", encoding="utf-8")


def install(harness: Harness, results: Results, layout: Layout, *switches: str) -> None:
    code = harness.wine.run(harness.installer, "/S", f"/{layout.mode}", *switches)
    results.equal(f"{layout.mode}: silent install exits 0", code, 0)


def keys(hive: str) -> dict[str, str]:
    """The registry keys the installer writes, by what they are."""
    return {
        "extension": f"{hive}\\Software\\Classes\\.hearth",
        "progid": f"{hive}\\Software\\Classes\\{PACK_PROGID}",
        "command": f"{hive}\\Software\\Classes\\{PACK_PROGID}\\shell\\open\\command",
        "uninstall": f"{hive}\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{APP}",
        "app": f"{hive}\\Software\\{APP}",
    }


def check_installed(harness: Harness, results: Results, layout: Layout) -> None:
    mode, folder = layout.mode, layout.install_dir
    for name in ("Hearth.exe", "hearth-cli.exe", "_internal\\python311.dll", "uninstall.exe"):
        results.expect(f"{mode}: {name} installed", harness.exists(folder / name), str(folder))
    for shortcut in (f"{APP}.lnk", f"Uninstall {APP}.lnk"):
        results.expect(
            f"{mode}: Start menu {shortcut}", harness.exists(layout.start_menu / shortcut)
        )
    results.expect(f"{mode}: desktop shortcut", harness.exists(layout.desktop / f"{APP}.lnk"))
    own, other = keys(layout.hive), keys("HKLM" if layout.hive == "HKCU" else "HKCU")
    found = harness.wine.registry(*own.values(), other["extension"], other["app"])
    extension = found[own["extension"]] or {}
    results.equal(f"{mode}: .hearth -> {PACK_PROGID}", extension.get(""), PACK_PROGID)
    results.equal(
        f"{mode}: .hearth content type", extension.get("Content Type"), config.PACK_MIME_TYPE
    )
    results.equal(
        f"{mode}: open command",
        (found[own["command"]] or {}).get(""),
        f'"{folder}\\Hearth.exe" --gui "%1"',
    )
    entry = found[own["uninstall"]] or {}
    results.equal(f"{mode}: Apps & Features version", entry.get("DisplayVersion"), version())
    results.equal(
        f"{mode}: quiet uninstall command",
        entry.get("QuietUninstallString"),
        f'"{folder}\\uninstall.exe" /{mode} /S',
    )
    results.equal(
        f"{mode}: install mode recorded", (found[own["app"]] or {}).get("InstallMode"), mode
    )
    results.expect(
        f"{mode}: nothing written to the other hive",
        found[other["extension"]] is None and found[other["app"]] is None,
    )


def check_pack_opens(harness: Harness, results: Results, layout: Layout) -> None:
    """Open a .hearth file the way Explorer does (ShellExecute through the association)."""
    pack = harness.work / f"sample-{layout.mode}.hearth"
    pack.write_bytes(b"PK\x05\x06" + bytes(18))
    before = len(harness.launches())
    windows_pack = harness.wine.windows_path(pack)
    harness.wine.run_command_line(f'start "" "{windows_pack}"')
    expected = f'"{layout.install_dir}\\Hearth.exe" --gui "{windows_pack}"'
    started = wait_for(lambda: len(harness.launches()) > before)
    results.equal(
        f"{layout.mode}: opening a .hearth pack starts Hearth with it",
        harness.launches()[before] if started else None,
        expected,
    )


def uninstall(harness: Harness, results: Results, layout: Layout, *switches: str) -> None:
    """Run the Apps & Features QuietUninstallString as NSIS itself runs it: the uninstaller
    copies itself out of $INSTDIR and runs the copy with `_?=$INSTDIR`, so it can delete the
    original; doing that copy here makes the run synchronous."""
    entry = harness.wine.registry_values(keys(layout.hive)["uninstall"]) or {}
    quiet = entry.get("QuietUninstallString", "")
    if not results.expect(f"{layout.mode}: uninstall entry exists", quiet.startswith('"')):
        return
    program, arguments = quiet[1:].split('" ', 1)
    harness.uninstalls += 1
    copy = harness.work / f"uninstall-{harness.uninstalls}" / "Un_A.exe"
    copy.parent.mkdir()
    shutil.copyfile(harness.wine.host_path(program), copy)
    line = " ".join(
        [str(harness.wine.windows_path(copy)), arguments, *switches, f"_?={layout.install_dir}"]
    )
    code = harness.wine.run_command_line(line)
    results.equal(f"{layout.mode}: silent uninstall exits 0", code, 0)


def check_removed(harness: Harness, results: Results, layout: Layout) -> None:
    mode = layout.mode
    results.expect(f"{mode}: install folder removed", not harness.exists(layout.install_dir))
    results.expect(f"{mode}: Start menu folder removed", not harness.exists(layout.start_menu))
    results.expect(
        f"{mode}: desktop shortcut removed", not harness.exists(layout.desktop / f"{APP}.lnk")
    )
    found = harness.wine.registry(*keys(layout.hive).values())
    left = [key for key, values in found.items() if values is not None]
    results.expect(f"{mode}: registry keys removed", not left, ", ".join(left))


def check_user_data(harness: Harness, results: Results, mode: str, *, kept: bool) -> None:
    data = harness.user_data() / "data" / "hearth.sqlite3"
    if kept:
        results.expect(f"{mode}: user data kept without the box", data.exists(), str(data))
    else:
        results.expect(
            f"{mode}: user data deleted with the box", not harness.user_data().exists(), str(data)
        )
    results.expect(f"{mode}: C:\\ProgramData\\{APP} left alone", harness.shared_decoy().exists())


def per_user(harness: Harness) -> Results:
    """Per-user install, start after install, open a pack; uninstall keeps the data."""
    results, layout = Results(), harness.layout("CurrentUser")
    before = len(harness.launches())
    install(harness, results, layout, "/RunAfterInstall")
    check_installed(harness, results, layout)
    started = wait_for(lambda: len(harness.launches()) > before)
    results.equal(
        "CurrentUser: /RunAfterInstall starts Hearth (through Explorer)",
        harness.launches()[before].strip() if started else None,
        f'"{layout.install_dir}\\Hearth.exe"',
    )
    # Not check_pack_opens: Wine's shell reads associations from HKLM\Software\Classes only,
    # while Windows merges the per-user HKCU\Software\Classes over it (checked above).
    make_user_data(harness)
    uninstall(harness, results, layout)
    check_removed(harness, results, layout)
    check_user_data(harness, results, layout.mode, kept=True)
    return results


def per_user_delete_data(harness: Harness) -> Results:
    results, layout = Results(), harness.layout("CurrentUser")
    install(harness, results, layout)
    make_user_data(harness)
    uninstall(harness, results, layout, "/DeleteUserData")
    check_removed(harness, results, layout)
    check_user_data(harness, results, layout.mode, kept=False)
    return results


def all_users(harness: Harness) -> Results:
    """All-users install and a pack opened; uninstall keeps the data."""
    results, layout = Results(), harness.layout("AllUsers")
    install(harness, results, layout)
    check_installed(harness, results, layout)
    check_pack_opens(harness, results, layout)
    make_user_data(harness)
    uninstall(harness, results, layout)
    check_removed(harness, results, layout)
    check_user_data(harness, results, layout.mode, kept=True)
    return results


def all_users_delete_data(harness: Harness) -> Results:
    """The box in the all-users context deletes the user's own data, not C:\\ProgramData's."""
    results, layout = Results(), harness.layout("AllUsers")
    install(harness, results, layout)
    make_user_data(harness)
    uninstall(harness, results, layout, "/DeleteUserData")
    check_removed(harness, results, layout)
    check_user_data(harness, results, layout.mode, kept=False)
    return results


SCENARIOS: tuple[Callable[[Harness], Results], ...] = (
    per_user,
    per_user_delete_data,
    all_users,
    all_users_delete_data,
)


def version() -> str:
    return config.project_version()


def open_harness(work: Path, makensis: str = "makensis") -> Harness:
    """Build the installer and boot a Wine prefix under `work` (close with harness.wine)."""
    installer = build_test_installer(work, makensis)
    wine = WinePrefix(work / "wine")
    launch_log = work / "launches.txt"
    wine.env[LAUNCH_LOG_ENV] = str(wine.windows_path(launch_log))
    wine.boot()
    return Harness(wine=wine, installer=installer, work=work, launch_log=launch_log)


def main() -> int:
    missing = wine_available() or (
        None if shutil.which("makensis") else "makensis is not installed (apt-get install nsis)"
    )
    if missing:
        print(f"[wine] {missing}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="hearth-wine-") as tmp:
        harness = open_harness(Path(tmp))
        booted = time.perf_counter() - started
        try:
            for scenario in SCENARIOS:
                scenario_started = time.perf_counter()
                results = scenario(harness)
                for check in results.checks:
                    state = "ok" if check.ok else "FAIL"
                    detail = f" ({check.detail})" if check.detail and not check.ok else ""
                    print(f"[wine] {state:>4}  {check.name}{detail}")
                failed += len(results.failures)
                print(f"[wine] {scenario.__name__}: {time.perf_counter() - scenario_started:.1f} s")
        finally:
            harness.wine.close()
    total = time.perf_counter() - started
    print(f"[wine] installer built and Wine booted in {booted:.1f} s; all scenarios {total:.1f} s")
    print("[wine] " + ("all installer checks passed" if not failed else f"{failed} checks FAILED"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
