"""The endpoints controller alone: the local API server it runs on the GUI's inference thread
(real HTTP on 127.0.0.1), and what it says without one."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.api.served_models import slug
from app.api.server_host import LocalApiHost
from app.api.settings import ApiServerSettings
from app.bootstrap import start_engine
from app.chats.sampling import sampling_from_settings
from app.ui.endpoints.endpoints_controller import EndpointsController, no_api_host

from .controller_parts import Parts


@pytest.fixture
def parts(hearth_home: Path, qtbot: QtBot) -> Iterator[Parts]:
    made = Parts(qtbot)
    yield made
    made.close()


def endpoints_of(parts: Parts, api: LocalApiHost | None) -> EndpointsController:
    return EndpointsController(
        parts.core.endpoints,
        chat=parts.chat,
        api_settings=parts.core.api_settings,
        api=api,
        parent=parts.host,
    )


def test_the_api_server_serves_the_library_and_stops(parts: Parts, starter_model: Path) -> None:
    record = parts.core.library.import_model(starter_model)
    bridge, _worker = start_engine()
    try:
        host = LocalApiHost(
            bridge.client,
            parts.core.models.list,
            lambda: sampling_from_settings(parts.core.settings),
        )
        endpoints = endpoints_of(parts, host)
        states: list[str] = []
        endpoints.state.connect(states.append)
        assert endpoints.apply_api_server(ApiServerSettings(enabled=True, port=0)) is None
        url = endpoints.api_url
        assert url is not None and url.startswith("http://127.0.0.1:")
        assert states == [f"Local API at {url}"]
        with urllib.request.urlopen(f"{url}/models", timeout=30) as response:
            listed = json.loads(response.read())
        assert slug(record.name) in [m["id"] for m in listed["data"]]
        endpoints.stop_api_server()
        assert endpoints.api_url is None
        with pytest.raises(OSError):
            urllib.request.urlopen(f"{url}/models", timeout=5)
    finally:
        bridge.shutdown()


def test_without_an_inference_thread_the_api_says_why(parts: Parts) -> None:
    endpoints = endpoints_of(parts, api=None)
    assert endpoints.apply_api_server(ApiServerSettings(enabled=True)) == no_api_host()
    assert endpoints.apply_api_server(ApiServerSettings(enabled=False)) is None
    errors: list[str] = []
    endpoints.error.connect(errors.append)
    endpoints.load_remote("nowhere")
    assert errors and "nowhere" in errors[0]
    assert endpoints.remote_model_items() == []
