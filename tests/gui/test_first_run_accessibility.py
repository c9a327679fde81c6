"""The first-run screen passes the accessibility audit: its recommendation card, the model list
and every way out have names a screen reader can say, and Tab reaches each one, with or without
a recommendation and with the starter's problem shown."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.core import Core
from tests.fixtures.hub_server import HubServer
from tests.gui.accessibility_audit import tab_chain_problems, unnamed_interactive_widgets
from tests.gui.test_first_run_screen import (
    core,  # noqa: F401  (fixtures, found by name)
    downloads_for,
    facts_for,
    hub,  # noqa: F401
    laptop,
    online,  # noqa: F401
    open_screen,
    showcase_catalog,
    starter_record,
)


def test_the_first_run_screen_passes_the_audit(
    qtbot: QtBot,
    core: Core,  # noqa: F811
    hub: HubServer,  # noqa: F811
) -> None:
    facts = facts_for(showcase_catalog(), starter=starter_record())
    screen, _ = open_screen(qtbot, facts, downloads_for(core, hub), (1000, 780))
    assert unnamed_interactive_widgets(screen) == []
    assert tab_chain_problems(screen) == []


def test_the_screen_without_a_recommendation_and_with_a_problem_passes_the_audit(
    qtbot: QtBot,
    core: Core,  # noqa: F811
    hub: HubServer,  # noqa: F811
) -> None:
    facts = facts_for(
        showcase_catalog(), laptop(total_gib=1.0), problem="The starter model file is damaged."
    )
    screen, _ = open_screen(qtbot, facts, downloads_for(core, hub), (860, 640))
    assert screen.card is None and screen.problem_banner.isVisible()
    assert unnamed_interactive_widgets(screen) == []
    assert tab_chain_problems(screen) == []
