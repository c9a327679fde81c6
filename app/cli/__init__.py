"""The headless command line: every main job of Hearth works without the GUI.

Names and flags follow DESIGN.md's CLI contract; scripts and tests depend on them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from app import __version__

from . import (
    adapters_cmd,
    assistants_cmd,
    chat_cmd,
    chats_cmd,
    check_cmd,
    components_cmd,
    data_cmd,
    docs_cmd,
    encryption_cmd,
    endpoints_cmd,
    mcp_cmd,
    models_cmd,
    selftest_cmd,
    serve_cmd,
    setup_cmd,
    templates_cmd,
    train_cmd,
)
from .output import CliError, report_error

COMMANDS = {
    "selftest": selftest_cmd,
    "setup": setup_cmd,
    "models": models_cmd,
    "chat": chat_cmd,
    "check": check_cmd,
    "chats": chats_cmd,
    "adapters": adapters_cmd,
    "docs": docs_cmd,
    "templates": templates_cmd,
    "data": data_cmd,
    "assistants": assistants_cmd,
    "train": train_cmd,
    "components": components_cmd,
    "endpoints": endpoints_cmd,
    "mcp": mcp_cmd,
    "serve": serve_cmd,
    "encryption": encryption_cmd,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hearth", description="Hearth: private, offline domain assistants."
    )
    parser.add_argument("--version", action="version", version=f"hearth {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    commands = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS.values():
        module.add_parser(commands)
    return parser


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """argparse, except that `hearth mcp add NAME [OPTIONS] -- COMMAND ARGS...` hands everything
    after "--" to the server's command line (argparse alone cannot put options before it)."""
    if argv[:2] != ["mcp", "add"] or "--" not in argv:
        return parser.parse_args(argv)
    cut = argv.index("--")
    args = parser.parse_args(argv[:cut])
    args.server_command = argv[cut + 1 :]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = _parse(parser, list(sys.argv[1:] if argv is None else argv))
    as_json = bool(getattr(args, "json", False))
    # Imported here so `hearth --help` stays instant.
    from app.config import Paths
    from app.core import Core
    from app.logging_setup import configure_logging
    from app.storage import StorageError

    module = COMMANDS[args.command]
    paths = Paths.resolve()
    # The same scrubbed, rotating log as the GUI; -v also shows it on stderr.
    configure_logging(paths, stream=sys.stderr if args.verbose else None)
    if not getattr(module, "NEEDS_CORE", True):
        # Commands that rewrite the database file itself run with it closed.
        try:
            result: int = module.run_without_core(paths, args)
            return result
        except (CliError, StorageError) as exc:
            report_error(str(exc), as_json=as_json)
            return exc.exit_code if isinstance(exc, CliError) else 1
        except KeyboardInterrupt:
            report_error("interrupted", as_json=as_json)
            return 130
    try:
        core = Core.open(paths, key=encryption_cmd.current_key(paths))
    except StorageError as exc:
        report_error(str(exc), as_json=as_json)
        return 1
    handler: Callable[..., int] = module.run
    try:
        return handler(core, args)
    except CliError as exc:
        report_error(str(exc), as_json=as_json)
        return exc.exit_code
    except StorageError as exc:
        report_error(str(exc), as_json=as_json)
        return 1
    except KeyboardInterrupt:
        report_error("interrupted", as_json=as_json)
        return 130
    finally:
        core.close()
