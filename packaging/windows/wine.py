"""A throw-away Wine prefix for running the Windows installer on Linux (Debian's wine64).

One prefix per run, in a temporary folder, booted once; a persistent wineserver keeps every later
command fast (a fresh server costs seconds each time). Nothing reaches the host's desktop: the
menu builder is disabled and HOME points into the temporary folder. The installer is built for
amd64, so 32-bit Wine (and Debian's i386 architecture) is not needed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

COMMAND_TIMEOUT_S = 180


class WineError(RuntimeError):
    """Wine could not run a command (not: the command's checks failed)."""


@dataclass(frozen=True)
class WindowsFolders:
    """Known folders as Windows paths, read from the prefix's own environment."""

    local_app_data: PureWindowsPath  # %LOCALAPPDATA% of the (only) user
    app_data: PureWindowsPath  # %APPDATA%
    program_data: PureWindowsPath  # %ProgramData%
    program_files: PureWindowsPath  # %ProgramFiles% (64-bit)
    user_profile: PureWindowsPath  # %USERPROFILE%
    public: PureWindowsPath  # %PUBLIC%


def wine_available() -> str | None:
    """None when wine64 can run here, else why not."""
    for tool in ("wine", "wineserver", "wineboot"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: apt-get install wine wine64)"
    return None


class WinePrefix:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.prefix = root / "prefix"
        home = root / "home"
        home.mkdir(parents=True, exist_ok=True)
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DISPLAY", "WAYLAND_DISPLAY", "WINEARCH")
        }
        self.env.update(
            WINEPREFIX=str(self.prefix),
            HOME=str(home),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_CONFIG_HOME=str(home / ".config"),
            WINEDEBUG="-all",
            # No Mono/Gecko install prompts; no .desktop files or icons for the host's menus.
            WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d",
        )
        self._folders: WindowsFolders | None = None

    # ---- life cycle ---------------------------------------------------------------------------
    def boot(self) -> float:
        """Create the prefix and start a wineserver that stays until close(). Returns seconds."""
        started = time.perf_counter()
        self._tool(["wineserver", "-p"])
        self._tool(["wineboot", "--init"])
        return time.perf_counter() - started

    def close(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, capture_output=True, check=False)

    def __enter__(self) -> WinePrefix:
        self.boot()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- running programs ---------------------------------------------------------------------
    def _tool(self, command: list[str]) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                command,
                env=self.env,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=COMMAND_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            self.close()
            raise WineError(f"{' '.join(command)} still ran after {COMMAND_TIMEOUT_S} s") from exc

    def run(self, program: Path, *arguments: str) -> int:
        """Run a Windows program (by its Linux path) and wait for it; its exit code."""
        return self._tool(["wine", str(program), *arguments]).returncode

    def run_command_line(self, command_line: str) -> int:
        """Run one Windows command line exactly as written, through cmd /c: needed where a
        program parses its own command line (NSIS's `_?=` takes no quotes, even with spaces)."""
        return self._tool(["wine", "cmd", "/c", command_line]).returncode

    def echo(self, expression: str) -> str:
        result = self._tool(["wine", "cmd", "/c", f"echo {expression}"])
        return result.stdout.strip()

    # ---- paths --------------------------------------------------------------------------------
    def folders(self) -> WindowsFolders:
        if self._folders is None:
            names = (
                "LOCALAPPDATA",
                "APPDATA",
                "ProgramData",
                "ProgramW6432",
                "USERPROFILE",
                "PUBLIC",
            )
            values = self.echo("&echo ".join(f"%{name}%" for name in names)).splitlines()
            if len(values) != len(names) or any(value.startswith("%") for value in values):
                raise WineError(f"cannot read the known folders from Wine: {values!r}")
            self._folders = WindowsFolders(*(PureWindowsPath(value.strip()) for value in values))
        return self._folders

    def host_path(self, windows: PureWindowsPath | str) -> Path:
        """C:\\x\\y -> <prefix>/drive_c/x/y; Z:\\tmp\\y -> /tmp/y."""
        path = PureWindowsPath(windows)
        drive = path.drive.rstrip(":").lower()
        if drive == "c":
            return self.prefix.joinpath("drive_c", *path.parts[1:])
        if drive == "z":
            return Path("/").joinpath(*path.parts[1:])
        raise WineError(f"no host path for {windows}")

    @staticmethod
    def windows_path(host: Path) -> PureWindowsPath:
        """A host path as Wine's Z: drive shows it."""
        return PureWindowsPath("Z:\\", *host.resolve().parts[1:])

    # ---- registry -----------------------------------------------------------------------------
    def registry(self, *keys: str) -> dict[str, dict[str, str] | None]:
        """The values of each key ('' is the default value), None for a key that does not
        exist. One cmd runs every `reg query`: each Wine process costs a fraction of a second."""
        marker = "==hearth-key=="
        if any(" " in key or '"' in key for key in keys):
            raise WineError("reg keys with spaces cannot go through cmd (Wine's reg keeps quotes)")
        line = " & ".join(f"echo {marker} & reg query {key}" for key in keys)
        sections = self._tool(["wine", "cmd", "/c", line]).stdout.split(marker)[1:]
        if len(sections) != len(keys):
            raise WineError(f"reg query gave {len(sections)} answers for {len(keys)} keys")
        return {key: _parse_reg_query(text) for key, text in zip(keys, sections, strict=True)}

    def registry_values(self, key: str) -> dict[str, str] | None:
        return self.registry(key)[key]


def _parse_reg_query(text: str) -> dict[str, str] | None:
    lines = text.splitlines()
    if not any(line.startswith("HKEY_") for line in lines):
        return None  # reg printed "Unable to find the specified registry key" to stderr
    values: dict[str, str] = {}
    for line in lines:
        if not line.startswith("    "):
            continue
        parts = line.strip().split("    ", 2)
        if len(parts) >= 2 and parts[1].startswith("REG_"):
            name = "" if parts[0] == "(Default)" else parts[0]
            values[name] = parts[2].strip() if len(parts) == 3 else ""
    return values


def wait_for(condition: Callable[[], bool], timeout_s: float = 60.0) -> bool:
    """Poll until `condition` holds (a program Wine started in the background did its work)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()
