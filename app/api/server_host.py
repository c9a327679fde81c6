"""The local API server as the GUI runs it: on the GUI's own inference thread, started and
stopped as the user turns it on and off. Built by the GUI's composition root (app/bootstrap.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.api.local_api import build_server
from app.api.runner import ApiServer, ApiServerError
from app.api.served_models import AssistantModel, assistant_provider, combined, library_provider
from app.api.settings import ApiServerSettings
from app.engine.client import EngineClient
from app.engine.types import SamplingParams
from app.storage.records import ModelRecord


class LocalApiHost:
    def __init__(
        self,
        client: EngineClient | None,
        models: Callable[[], list[ModelRecord]],
        sampling_defaults: Callable[[], SamplingParams],
        assistants: Callable[[], Sequence[AssistantModel]] = list,
    ) -> None:
        self._client = client
        self._models = models
        self._assistants = assistants
        self._sampling_defaults = sampling_defaults
        self.server: ApiServer | None = None

    @property
    def base_url(self) -> str | None:
        """Where the running server answers; None while it is off."""
        return self.server.base_url if self.server is not None else None

    def apply(self, settings: ApiServerSettings) -> str | None:
        """Stop the running server; start one when enabled. Returns an error, or None."""
        self.stop()
        if not settings.enabled:
            return None
        if self._client is None:
            return "The local API needs the shared inference thread, which is not running."
        try:
            self.server = build_server(
                self._client,
                combined(library_provider(self._models), assistant_provider(self._assistants)),
                allow_switching=False,  # the API never changes the model under the user
                port=settings.port,
                token=settings.token,
                sampling_defaults=self._sampling_defaults,
                embedding_model=settings.embedding_model,
                allowed_hosts=settings.allowed_hosts,
                cors_origins=settings.cors_origins,
            ).start()
        except ApiServerError as exc:
            self.server = None
            return str(exc)
        return None

    def stop(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.stop()
