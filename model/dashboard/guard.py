"""The server process of `commgov dashboard`: Solara's server behind a check of Host and Origin.

    python -m model.dashboard.guard run model.dashboard.page --host H --port P ...   (solara run's arguments)

A web page on another site can reach a server on this machine: by rebinding its own name to
127.0.0.1 (the request then says `Host: evil.example`) or by opening a websocket to it (the
request says `Origin: http://evil.example`). So every request and websocket must name this
server: bound to loopback, Host must be localhost, 127.0.0.1 or [::1] with the served port; bound
to another address, Host must be an IP address or this machine's own name, with the served port.
An Origin, when there is one, must be the page's own (`http://` + Host). Anything else gets 403.
"""

from __future__ import annotations

import argparse
import ipaddress
import socket
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_BINDS = ("127.0.0.1", "localhost", "::1")
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")  # a browser on this machine names it so in Host
REFUSAL = b"commgov dashboard: this request names another site, so it is refused (see docs/reliability.md)\n"


def _split_host(value: str) -> tuple[str, int | None]:
    """A Host header as (name, port): `[::1]:8765` gives ("[::1]", 8765); a bad port gives -1."""
    if value.endswith("]") or ":" not in value:
        return value.lower(), None
    name, _, port = value.rpartition(":")
    return name.lower(), int(port) if port.isascii() and port.isdigit() and len(port) <= 5 else -1


def _is_address(name: str) -> bool:
    """Whether a Host name is an IP address (IPv6 in brackets): a rebinding attack needs a DNS name."""
    try:
        ipaddress.ip_address(name[1:-1] if name.startswith("[") and name.endswith("]") else name)
    except ValueError:
        return False
    return True


def machine_names() -> tuple[str, ...]:
    """The names participants may type for this machine: localhost, its host name and host name.local."""
    hostname = socket.gethostname().lower()
    return tuple(dict.fromkeys(n for n in ("localhost", hostname, f"{hostname}.local") if n))


def host_allowed(host: str, bind: str, port: int, names: tuple[str, ...]) -> bool:
    """Whether a request's Host header names this server (bound to `bind`, serving `port`)."""
    name, given_port = _split_host(host.strip())
    if given_port != port and not (given_port is None and port == 80):
        return False
    if bind in LOOPBACK_BINDS:
        return name in LOOPBACK_NAMES
    return _is_address(name) or name in names


def origin_allowed(origin: str | None, host: str) -> bool:
    """Whether an Origin header (None when the browser sent none) is the page's own."""
    if origin is None:
        return True
    return origin.strip().lower() in (f"http://{host.strip().lower()}", f"https://{host.strip().lower()}")


class HostGuard:
    """ASGI middleware: answer 403 to requests and websockets whose Host or Origin is another site's."""

    def __init__(self, app: App, bind: str, port: int) -> None:
        self.app = app
        self.bind = bind
        self.port = port
        self.names = machine_names()

    def allowed(self, scope: Scope) -> bool:
        """Whether the request's headers name this server."""
        headers = {key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]}
        host = headers.get("host", "")
        origin = headers.get("origin")
        return host_allowed(host, self.bind, self.port, self.names) and origin_allowed(origin, host)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or self.allowed(scope):
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":  # closing before accepting answers the handshake with 403
            await send({"type": "websocket.close", "code": 1008})
        else:
            headers = [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", b"%d" % len(REFUSAL)),
            ]
            await send({"type": "http.response.start", "status": 403, "headers": headers})
            await send({"type": "http.response.body", "body": REFUSAL})


def main() -> None:
    """Put the guard in front of Solara's app, then run `solara` with this process's arguments."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    served, _ = parser.parse_known_args()
    from solara.__main__ import main as solara_main
    from solara.server.starlette import app  # needs $SOLARA_APP, set by the launch

    app.add_middleware(HostGuard, bind=served.host, port=served.port)
    solara_main()


if __name__ == "__main__":
    main()
