"""`hearth endpoints ...` (being built)."""

from __future__ import annotations

import argparse
from typing import Any

from app.core import Core

from .output import CliError


def add_parser(commands: Any) -> None:
    commands.add_parser("endpoints", help="(not available yet)")


def run(core: Core, args: argparse.Namespace) -> int:
    raise CliError("hearth endpoints is not available yet")
