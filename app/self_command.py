"""How Hearth starts another copy of itself as a worker process, frozen or from source.

In an installed (PyInstaller) build there is no Python interpreter: `sys.executable` is Hearth's
own executable, so a child is `hearth ARGS`. From a checkout `sys.executable` is Python and the
child is `python -m app ARGS`, with the checkout on PYTHONPATH. Both reach `app.__main__.main`,
which dispatches worker flags (such as `--training-worker`) before the CLI and the GUI, so the
child runs the same code either way. Nothing else in the app may build a `sys.executable`
command line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path


def is_frozen() -> bool:
    """True in a PyInstaller build (its bootloader sets `sys.frozen`)."""
    return bool(getattr(sys, "frozen", False))


def hearth_command(*args: str) -> list[str]:
    """The argv that runs Hearth's entry point with `args` in a child process."""
    if is_frozen():
        return [sys.executable, *args]
    return [sys.executable, "-m", "app", *args]


def hearth_child_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """`base` (default: this process's environment) made fit for `hearth_command`: from source,
    the folder `app` is imported from goes first on PYTHONPATH, whatever the child's cwd."""
    env = dict(os.environ if base is None else base)
    if not is_frozen():
        root = str(source_root())
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def source_root() -> Path:
    """The folder holding the `app` package (a checkout's root, or site-packages)."""
    return Path(__file__).resolve().parent.parent
