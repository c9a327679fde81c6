"""The endpoints dialog and the local API settings pass the accessibility audit: every field and
button has a name a screen reader can say, and Tab reaches each visible one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.api.settings import ApiServerSettings
from app.config import Paths
from app.core import Core
from app.endpoints.secrets import EndpointSecrets
from app.endpoints.service import EndpointService, open_endpoint_service
from app.ui.endpoints.api_server_settings import ApiServerSettingsWidget
from app.ui.endpoints.endpoints_dialog import EndpointsDialog
from tests.fixtures.encryption import MemoryKeyring
from tests.gui.accessibility_audit import tab_chain_problems, unnamed_interactive_widgets


@pytest.fixture
def service(hearth_home: Path) -> Iterator[EndpointService]:
    core = Core.open(Paths.resolve())
    plain = open_endpoint_service(core.database, core.paths.data_dir)
    yield EndpointService(plain.repository, EndpointSecrets(core.paths.data_dir, MemoryKeyring()))
    core.close()


def test_the_endpoints_dialog_passes_the_audit(qtbot: QtBot, service: EndpointService) -> None:
    dialog = EndpointsDialog(service)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed_interactive_widgets(dialog) == []
    assert tab_chain_problems(dialog) == []
    dialog.verify_tls.setChecked(False)  # the warning shows; nothing new to reach
    assert tab_chain_problems(dialog) == []


def test_the_local_api_settings_pass_the_audit(qtbot: QtBot) -> None:
    widget = ApiServerSettingsWidget(ApiServerSettings(enabled=True))
    qtbot.addWidget(widget)
    widget.show()
    assert unnamed_interactive_widgets(widget) == []
    assert tab_chain_problems(widget) == []
