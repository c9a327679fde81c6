"""`chat --endpoint NAME [--model M]`: connect the CLI's RemoteEngine to a stored endpoint."""

from __future__ import annotations

import sys

from app.core import Core
from app.endpoints.config import EndpointConfigError
from app.endpoints.secrets import SecretStoreError
from app.endpoints.service import EndpointNotFoundError, open_endpoint_service
from app.engine.errors import EngineError
from app.engine.remote import RemoteEngine
from app.engine.types import LoadedModel

from .output import CliError


def load_remote(core: Core, engine: RemoteEngine, name: str, model: str | None) -> LoadedModel:
    service = open_endpoint_service(core.database, core.paths.data_dir)
    try:
        endpoint = service.get(name)
        chosen = service.choose_model(endpoint, model)
        loaded = engine.load(endpoint.base_url, remote=service.target(endpoint, chosen))
    except (EndpointNotFoundError, EndpointConfigError, SecretStoreError, EngineError) as exc:
        raise CliError(str(exc)) from exc
    # Said on stderr so --json output stays one object: the prompt leaves this computer.
    sys.stderr.write(f"hearth: not running locally: {loaded.backend}, model {chosen}\n")
    return loaded
