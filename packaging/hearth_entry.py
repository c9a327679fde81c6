"""The frozen executable's entry point: the same `main` as `python -m app` and `hearth`."""

import multiprocessing
import sys

from app.__main__ import main

if __name__ == "__main__":
    # A frozen app that starts a worker process re-executes itself; this makes the child run
    # the worker instead of a second copy of the app.
    multiprocessing.freeze_support()
    sys.exit(main())
