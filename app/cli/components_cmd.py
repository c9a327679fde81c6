"""`hearth components install FILE|URL [--sha256 HEX] | list | remove NAME [--json]`: separately
shipped runtimes, such as the training component Adapter Studio needs in an installed build.
A URL is downloaded (only because the user asked) and then installed like a file."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from pathlib import Path
from typing import Any

from app.components.install import InstallCancelled, InstallOptions, install_component
from app.components.manifest import ComponentError
from app.components.store import InstalledComponent, installed_components, remove_component
from app.config import Paths

from .components_progress import ComponentProgress
from .output import CliError, emit_json, table

NEEDS_CORE = False  # files in the data folder only: no database to open


def add_parser(commands: Any) -> None:
    group = commands.add_parser(
        "components", help="install, list or remove separately shipped parts (training)"
    )
    sub = group.add_subparsers(dest="components_command", required=True)
    install = sub.add_parser(
        "install", help="check a component archive (a file, or a URL to download) and install it"
    )
    install.add_argument(
        "source", metavar="FILE|URL", help="the component archive (.zip), or its https:// URL"
    )
    install.add_argument(
        "--sha256",
        metavar="HEX",
        help="the archive's published sha256 (default: FILE.sha256 beside it, or URL.sha256)",
    )
    install.add_argument("--json", action="store_true")
    listing = sub.add_parser("list", help="what is installed")
    listing.add_argument("--json", action="store_true")
    remove = sub.add_parser("remove", help="remove every installed version of a component")
    remove.add_argument("name", help="the component's name, e.g. training")
    remove.add_argument("--json", action="store_true")


def run_without_core(paths: Paths, args: argparse.Namespace) -> int:
    try:
        if args.components_command == "install":
            return _install(paths, args)
        if args.components_command == "list":
            return _list(paths, as_json=args.json)
        removed = remove_component(paths.data_dir, args.name)
    except ComponentError as exc:
        raise CliError(str(exc)) from exc
    if args.json:
        emit_json({"removed": [c.to_json() for c in removed]})
    else:
        for component in removed:
            print(f"Removed {component.name} {component.version} ({component.path})")
    return 0


def is_url(source: str) -> bool:
    return "://" in source


def _install(paths: Paths, args: argparse.Namespace) -> int:
    source: str = args.source
    shown = ComponentProgress(source)
    progress = shown.progress  # on stderr: stdout keeps the one result (or JSON object)
    # Ctrl+C cancels cooperatively (the download and the unpacking check this event), so the
    # staging folders are gone before the exit; like `chat`, whatever SIGINT's inherited state.
    cancel = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())
    component: InstalledComponent
    try:
        if is_url(source):
            # Imported here: the HTTP stack is only loaded when the user asks for a download.
            from app.library.component_download import DownloadOptions, download_component

            if not logging.getLogger().isEnabledFor(logging.DEBUG):
                # huggingface_hub's client logs every lost connection; the error says it (-v).
                logging.getLogger("huggingface_hub").setLevel(logging.ERROR)
            options = DownloadOptions(sha256=args.sha256, progress=progress, cancel=cancel)
            component = download_component(source, paths.data_dir, options)
        else:
            install = InstallOptions(sha256=args.sha256, progress=progress, cancel=cancel)
            component = install_component(Path(source), paths.data_dir, install)
    except InstallCancelled:
        if cancel.is_set():
            raise KeyboardInterrupt from None  # reported as "interrupted", exit status 130
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
        shown.finish()  # errors and Ctrl+C start on their own line
    if args.json:
        emit_json(component.to_json())
    else:
        size_mb = component.manifest.total_bytes / 1e6
        where = component.path
        print(f"Installed {component.name} {component.version} ({size_mb:.0f} MB) in {where}")
    return 0


def _list(paths: Paths, *, as_json: bool) -> int:
    components = installed_components(paths.data_dir)
    if as_json:
        emit_json({"components": [c.to_json() for c in components]})
        return 0
    if not components:
        print("No components installed.")
        return 0
    rows = [
        [
            c.name,
            c.version,
            c.manifest.variant,
            f"{c.manifest.total_bytes / 1e6:.0f} MB",
            "yes" if c.problem is None else f"no: {c.problem}",
            str(c.path),
        ]
        for c in components
    ]
    print(table(rows, ["name", "version", "variant", "size", "usable", "path"]))
    return 0
