"""`python -m app` opens the GUI; `python -m app <command>` runs the CLI (same as `hearth`)."""

from __future__ import annotations

import sys


def main() -> int:
    argv = sys.argv[1:]
    if argv and argv[0] not in ("--gui",):
        from app.cli import main as cli_main

        return cli_main(argv)
    from app.bootstrap import run_gui

    return run_gui([a for a in argv if a != "--gui"])


if __name__ == "__main__":
    sys.exit(main())
