"""`chat --endpoint NAME [--model M]`: load a stored endpoint's model on the inference thread."""

from __future__ import annotations

import sys

from app.core import Core
from app.endpoints.config import EndpointConfigError
from app.endpoints.secrets import SecretStoreError
from app.endpoints.service import EndpointNotFoundError
from app.engine.client import EngineClient
from app.engine.errors import EngineError
from app.engine.types import LoadedModel, LoadModel

from .output import CliError


def load_remote(core: Core, client: EngineClient, name: str, model: str | None) -> LoadedModel:
    service = core.endpoints
    try:
        endpoint = service.get(name)
        chosen = service.choose_model(endpoint, model)
        loaded = client.load(LoadModel(endpoint.base_url, remote=service.target(endpoint, chosen)))
    except (EndpointNotFoundError, EndpointConfigError, SecretStoreError, EngineError) as exc:
        raise CliError(str(exc)) from exc
    # Said on stderr so --json output stays one object: the prompt leaves this computer.
    sys.stderr.write(f"hearth: not running locally: {loaded.backend}, model {chosen}\n")
    return loaded
