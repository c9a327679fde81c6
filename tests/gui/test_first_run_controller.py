"""The first-run controller alone: when the screen is due, one screen at a time, and what
keeping the starter model saves."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.library.bundled_starter import NO_STARTER, StarterStatus
from app.ui.first_run.first_run_controller import FirstRunController

from .controller_parts import Parts


@pytest.fixture
def parts(hearth_home: Path, starter_model: Path, qtbot: QtBot) -> Iterator[Parts]:
    made = Parts(qtbot)
    made.core.library.import_model(starter_model)
    yield made
    made.close()


def test_keeping_the_starter_ends_the_first_run(parts: Parts, qtbot: QtBot) -> None:
    first_run = FirstRunController(
        parts.core.library,
        models=parts.core.models,
        profile=parts.core,
        starter=lambda: NO_STARTER,
        parent=parts.host,
    )
    assert first_run.due()
    screen = first_run.open(first_start=True)
    qtbot.waitExposed(screen)
    assert screen.facts.first_start and screen.facts.starter_in_use
    assert first_run.open() is screen  # one screen at a time
    chosen: list[int] = []
    first_run.default_chosen.connect(chosen.append)
    screen.option_buttons["starter"].click()
    assert parts.core.settings.first_run_dismissed
    assert chosen == []  # the starter was already the model in use
    assert not first_run.due()
    assert first_run.show_if_due() is None


def test_a_starter_problem_brings_the_screen_back(parts: Parts) -> None:
    status = StarterStatus(model_id=None, path=None, problem="The starter model is damaged.")
    starters = [NO_STARTER]
    first_run = FirstRunController(
        parts.core.library,
        models=parts.core.models,
        profile=parts.core,
        starter=lambda: starters[-1],
        parent=parts.host,
    )
    parts.core.save_settings(replace(parts.core.settings, first_run_dismissed=True))
    assert not first_run.due()
    starters.append(status)  # read each time, as the core reports on the bundled file
    assert first_run.due()
    assert first_run.facts().starter_problem == "The starter model is damaged."
