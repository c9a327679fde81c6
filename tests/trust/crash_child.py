"""The crash-test child: opens Hearth's storage (and engine), then works until it is killed.

Started by test_crash_safety.py through a multiprocessing "forkserver" that has already imported
Hearth, llama.cpp and SQLAlchemy, so a child is at work within a fraction of a second and the
harness can afford many kills. A child that fails on its own records the traceback in its log
(event "error") instead of dying silently: the harness treats that as a failure.
"""

from __future__ import annotations

import os
import random
import traceback
from pathlib import Path

from app.config import Paths
from app.core import Core

from .crash_log import CommitLog
from .crash_scenarios import ChildContext, HarnessContext
from .crash_scenarios_more import SCENARIOS

# What the forkserver imports once, before it forks any child.
PRELOAD = [
    "app.core",
    "app.chats.streaming_reply",
    "app.knowledge.indexer",
    "app.templates.library",
    "tests.trust.crash_child",
]


def run_child(
    scenario_name: str, home: str, scratch: str, starter: str, log_path: str, seed: int
) -> None:
    os.environ["HEARTH_HOME"] = home
    log = CommitLog(Path(log_path))
    try:
        (scenario,) = [s for s in SCENARIOS if s.name == scenario_name]
        core = Core.open(Paths.resolve(home))
        harness = HarnessContext(Path(home), Path(scratch), Path(starter))
        scenario.work(ChildContext(core, log, random.Random(seed), harness))
    except BaseException:
        log.record("error", traceback=traceback.format_exc())
        raise
