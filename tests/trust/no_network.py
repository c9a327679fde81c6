"""A network guard: every attempt to create a socket, resolve a name or connect is recorded and
refused. Used in-process by test_privacy.py and, for a subprocess, as its entry point:

    python -m tests.trust.no_network ATTEMPTS_FILE app chat --prompt hi

runs `python -m app chat --prompt hi` with the guard installed and writes the attempts (one JSON
list) to ATTEMPTS_FILE at exit.
"""

from __future__ import annotations

import atexit
import json
import runpy
import socket
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class NetworkAttempt(OSError):
    def __init__(self, what: str) -> None:
        super().__init__(f"network access is denied in this test: {what}")


class NetworkGuard:
    def __init__(self) -> None:
        self.attempts: list[str] = []
        self._saved: dict[str, Any] = {}

    def _refuse(self, what: str) -> NetworkAttempt:
        where = "".join(traceback.format_stack(limit=8)[:-2])
        self.attempts.append(f"{what}\n{where}")
        return NetworkAttempt(what)

    def _replacement(self, name: str) -> Callable[..., Any]:
        def refused(*args: Any, **kwargs: Any) -> Any:
            raise self._refuse(f"socket.{name}{args!r:.200}")

        return refused

    def install(self) -> None:
        guard = self

        class GuardedSocket(socket.socket):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                raise guard._refuse(f"socket.socket{args!r:.200}")

        names = (
            "create_connection",
            "getaddrinfo",
            "gethostbyname",
            "gethostbyname_ex",
            "socketpair",
            "create_server",
        )
        self._saved = {name: getattr(socket, name) for name in (*names, "socket")}
        self._saved_methods = {m: getattr(socket.socket, m) for m in ("connect", "connect_ex")}
        socket.socket = GuardedSocket  # type: ignore[misc]
        for name in names:
            setattr(socket, name, self._replacement(name))
        for method in self._saved_methods:
            # Sockets made before the guard (none expected) cannot connect either.
            setattr(self._saved["socket"], method, self._replacement(f"socket.{method}"))

    def uninstall(self) -> None:
        for method, original in self._saved_methods.items():
            setattr(self._saved["socket"], method, original)
        for name, original in self._saved.items():
            setattr(socket, name, original)


@contextmanager
def network_denied() -> Iterator[NetworkGuard]:
    guard = NetworkGuard()
    guard.install()
    try:
        yield guard
    finally:
        guard.uninstall()


def main(argv: list[str]) -> int:
    attempts_file, module, *args = argv
    guard = NetworkGuard()
    guard.install()

    def write_attempts() -> None:
        with open(attempts_file, "w", encoding="utf-8") as handle:
            json.dump(guard.attempts, handle)

    atexit.register(write_attempts)
    sys.argv = [module, *args]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
