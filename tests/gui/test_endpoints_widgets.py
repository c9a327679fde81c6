"""The endpoints dialog (against the real llama_cpp.server), the local API settings widget and
the "not running locally" indicator, rendered offscreen; screenshots go to /tmp/shots."""

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
from app.engine.types import LoadedModel
from app.ui.endpoints.api_server_settings import ApiServerSettingsWidget
from app.ui.endpoints.endpoints_dialog import EndpointsDialog
from app.ui.endpoints.remote_indicator import RemoteIndicator
from tests.fixtures import openai_servers
from tests.fixtures.encryption import MemoryKeyring
from tests.fixtures.openai_servers import LlamaServer
from tests.gui.event_wait import wait_until

SHOTS = Path("/tmp/shots")
llama_server = openai_servers.llama_server  # the shared fixture, visible to pytest here


def _shot(widget: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


@pytest.fixture
def service(hearth_home: Path) -> Iterator[tuple[EndpointService, MemoryKeyring]]:
    core = Core.open(Paths.resolve())
    keyring = MemoryKeyring()
    plain = open_endpoint_service(core.database, core.paths.data_dir)
    yield EndpointService(plain.repository, EndpointSecrets(core.paths.data_dir, keyring)), keyring
    core.close()


def test_add_test_and_save_an_endpoint(
    qtbot: QtBot,
    service: tuple[EndpointService, MemoryKeyring],
    llama_server: LlamaServer,
) -> None:
    endpoints, keyring = service
    dialog = EndpointsDialog(endpoints)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.endpoints.count() == 0 and dialog.status.text() == "New endpoint"
    dialog.name.setText("team-gpu")
    dialog.url.setText(llama_server.base_url)
    dialog.api_key.setText("wrong-key")
    dialog.test_button.click()
    wait_until(lambda: dialog.test_button.isEnabled(), timeout_ms=30_000)
    assert "refused the API key (401" in dialog.status.text()
    dialog.api_key.setText(llama_server.api_key)
    dialog.test_button.click()
    wait_until(lambda: dialog.test_button.isEnabled(), timeout_ms=30_000)
    assert dialog.status.text() == "Connected: 1 model available."
    assert dialog.model.currentText() == llama_server.model
    _shot(dialog, "endpoints_dialog_connected")
    dialog.save_button.click()
    assert [e.name for e in endpoints.list()] == ["team-gpu"]
    assert list(keyring.entries.values()) == [llama_server.api_key]
    saved = endpoints.get("team-gpu")
    assert saved.default_model == llama_server.model and saved.verify_tls
    assert "Stored in the keyring" in dialog.api_key.placeholderText()


def test_tls_warning_shows_only_when_verification_is_off(
    qtbot: QtBot, service: tuple[EndpointService, MemoryKeyring]
) -> None:
    endpoints, _ = service
    dialog = EndpointsDialog(endpoints)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("lan-box")
    dialog.url.setText("https://192.168.1.20:8443")
    assert not dialog.tls_warning.isVisible()
    dialog.verify_tls.setChecked(False)
    assert dialog.tls_warning.isVisible()
    _shot(dialog, "endpoints_dialog_tls_off")
    dialog.save_button.click()
    assert endpoints.get("lan-box").verify_tls is False
    dialog.url.setText("ftp://nowhere")
    dialog.save_button.click()
    assert dialog.status.text().startswith("Not saved: “ftp://nowhere” is not an http")


def test_api_server_settings_widget(qtbot: QtBot) -> None:
    widget = ApiServerSettingsWidget(ApiServerSettings())
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.port.isEnabled() and widget.settings().enabled is False
    widget.enabled.setChecked(True)
    widget.port.setValue(9123)
    widget.new_token_button.click()
    settings = widget.settings()
    assert settings.enabled and settings.port == 9123 and settings.token
    assert widget.base_url.text() == "http://127.0.0.1:9123/v1"
    widget.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == "http://127.0.0.1:9123/v1"
    widget.set_status("http://127.0.0.1:9123/v1", None)
    assert widget.status.text() == "Running at http://127.0.0.1:9123/v1"
    widget.resize(520, widget.sizeHint().height())
    _shot(widget, "api_server_settings")


def test_remote_indicator_only_for_remote_models(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QStatusBar

    bar = QStatusBar()  # where the app shows it
    qtbot.addWidget(bar)
    indicator = RemoteIndicator()
    bar.addPermanentWidget(indicator)
    bar.show()
    assert not indicator.isVisible()
    local = LoadedModel("/m.gguf", "Smol", "ab", 2048, 2048, "CPU", 0, 2, 0.1)
    indicator.set_model(local)
    assert not indicator.isVisible()
    remote = LoadedModel(
        "http://10.0.0.5:8080/v1",
        "qwen",
        "",
        0,
        0,
        "Remote: team-gpu",
        0,
        0,
        0.1,
        endpoint="team-gpu",
        remote_model="qwen",
    )
    indicator.set_model(remote)
    assert indicator.isVisible() and indicator.text() == "Not running locally: team-gpu"
    assert "http://10.0.0.5:8080/v1" in indicator.toolTip()
    bar.resize(420, bar.sizeHint().height())
    _shot(bar, "remote_indicator")
