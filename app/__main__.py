"""`python -m app` opens the GUI; `python -m app <command>` runs the CLI (same as `hearth`).

`--self-test [--self-test-out FILE] [--self-test-model PATH]` opens the real main window, runs
the database and generation checks, writes a JSON report and exits 0 (passed) or 1 (failed).

`--training-worker JOB [--key-on-stdin]` (first argument only) is Adapter Studio's training
subprocess, started by the app itself (`app.self_command`): an installed build has no Python
to run `-m app.training.worker` with, so the worker is an entry point of Hearth's own.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path

from app.training.protocol import WORKER_FLAG  # a few constants: keeps `hearth --help` instant

SELF_TEST_FLAG = "--self-test"


def parse_self_test(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="hearth --self-test",
        description="Open the main window, check the database and the model, then exit.",
    )
    parser.add_argument(SELF_TEST_FLAG, action="store_true", required=True)
    parser.add_argument(
        "--self-test-out",
        type=Path,
        metavar="FILE",
        help="where to write the JSON report (default: <cache dir>/self-test.json); "
        "a screenshot of the window is saved beside it as FILE.png",
    )
    parser.add_argument(
        "--self-test-model",
        type=Path,
        metavar="PATH",
        help="GGUF model to load (default: the profile's default model, else the starter model "
        "file in the models folder; with none, generation is reported as skipped)",
    )
    return parser.parse_args(list(argv))


def run_self_test(argv: Sequence[str]) -> int:
    args = parse_self_test(argv)
    from app.bootstrap import run_self_test as run_windowed_self_test
    from app.ui.shell.self_test_window import SelfTestOptions

    return run_windowed_self_test(
        SelfTestOptions(report_path=args.self_test_out, model_path=args.self_test_model)
    )


def main() -> int:
    # Documents are parsed in a child process; a frozen (PyInstaller) build must let that child
    # run the parser instead of starting a second Hearth.
    multiprocessing.freeze_support()
    argv = sys.argv[1:]
    if argv[:1] == [WORKER_FLAG]:
        # Before anything else is imported: the worker must not pay for the CLI or Qt. An
        # installed build finds torch in the training component, put on sys.path first.
        from app.training.availability import activate_training_runtime

        activate_training_runtime()
        from app.training.worker import main as training_worker_main

        return training_worker_main(argv[1:])
    if SELF_TEST_FLAG in argv:
        return run_self_test(argv)
    if argv and argv[0] not in ("--gui",):
        from app.cli import main as cli_main

        return cli_main(argv)
    return run_gui([a for a in argv if a != "--gui"])


def run_gui(argv: list[str]) -> int:
    # Before the app's modules load (seconds on a slow disk): a second start of the same
    # profile only hands its files to the running Hearth and exits.
    from app.config import Paths
    from app.ui.shell.app_session import AppSession, files_from_arguments

    session = AppSession.begin(Paths.resolve(), files_from_arguments(argv))
    if session.exit_code is not None:
        session.end()
        return session.exit_code
    from app.bootstrap import run_gui as run_window

    return run_window(argv, session)


if __name__ == "__main__":
    sys.exit(main())
