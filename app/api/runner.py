"""Running the local API: on its own thread inside the GUI, or in the foreground for `hearth serve`.

The loopback address is bound unless the user names another, which needs a token: the API is
for other programs on this computer, and reaching it from the network must take a secret.
uvicorn serves the ASGI app; the socket is bound here, so port 0 (any free
port) works and the real port is known before the first request.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import threading
from typing import Final

import uvicorn
from starlette.types import ASGIApp

LOOPBACK: Final = "127.0.0.1"
DEFAULT_PORT: Final = 8765
# Open connections at once; more are answered 503 by uvicorn (slow clients cannot pile up).
MAX_CONNECTIONS: Final = 64
log = logging.getLogger(__name__)


class ApiServerError(Exception):
    """The server could not start; the message says why (port taken, host refused)."""


def check_host(host: str, *, has_token: bool = False) -> str:
    """A loopback address; another IPv4 address only with a token."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ApiServerError(f"“{host}” is not an IPv4 address to listen on.") from None
    if address.version != 4:
        raise ApiServerError(f"Hearth's local API listens on IPv4 only; “{host}” is refused.")
    if not address.is_loopback and not has_token:
        raise ApiServerError(
            f"Listening on {host} would let other computers use your models: set an API token "
            f"first (--token or HEARTH_API_TOKEN), or stay on {LOOPBACK}."
        )
    return host


def bind(port: int, host: str = LOOPBACK, *, has_token: bool = False) -> socket.socket:
    check_host(host, has_token=has_token)
    if not 0 <= port <= 65535:
        raise ApiServerError(f"{port} is not a port number (0-65535).")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ApiServerError(
            f"Could not listen on {host}:{port}: {exc.strerror or exc}. Another program may be "
            "using that port; choose another."
        ) from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


class ApiServer:
    """uvicorn on a bound socket. `start()` runs it on a thread; `run()` blocks."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        port: int = DEFAULT_PORT,
        host: str = LOOPBACK,
        has_token: bool = False,
    ) -> None:
        self._socket = bind(port, host, has_token=has_token)
        self.host, self.port = self._socket.getsockname()[:2]
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
            limit_concurrency=MAX_CONNECTIONS,
            timeout_keep_alive=5,
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def run(self) -> None:
        """Serve until `stop()` (or Ctrl+C when on the main thread)."""
        try:
            self._server.run(sockets=[self._socket])
        finally:
            self._socket.close()

    def start(self) -> ApiServer:
        self._thread = threading.Thread(target=self._run_in_thread, name="HearthAPI", daemon=True)
        self._thread.start()
        return self

    def _run_in_thread(self) -> None:
        # A fresh event loop of its own; uvicorn installs no signal handlers off the main thread.
        try:
            asyncio.run(self._server.serve(sockets=[self._socket]))
        except Exception:
            log.exception("the local API server stopped with an error")
        finally:
            self._socket.close()

    @property
    def started(self) -> bool:
        return bool(self._server.started)

    def stop(self, timeout_s: float = 5.0) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout_s)
            if self._thread.is_alive():  # a stream that does not end: cut the connections
                self._server.force_exit = True
                self._thread.join(timeout_s)
        else:
            self._socket.close()
