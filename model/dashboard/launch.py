"""`commgov dashboard`: serve the workshop dashboard (model/dashboard/page.py) with Solara, offline.

    commgov dashboard                      # http://127.0.0.1:8765, English
    commgov dashboard --lang zh            # Chinese labels
    commgov dashboard --host 0.0.0.0 --port 8800   # reachable from participants' laptops

The server is `solara run model.dashboard.page` in a child process; the language reaches the page
through $COMMGOV_LANG. Nothing is fetched from the internet: the front end comes from the
solara-assets package (served by Solara's asset proxy from the local cache it installs), telemetry
and the version check are switched off, and production mode drops the page's solara.dev check.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from model.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
APP_MODULE = "model.dashboard.page"
REPO_ROOT = Path(__file__).resolve().parents[2]


def offline_environment(lang: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the server process: language, and Solara kept off the internet."""
    env = dict(os.environ if base is None else base)
    env["COMMGOV_LANG"] = lang
    env["SOLARA_ASSETS_PROXY"] = "True"  # serve front-end assets from the local cache
    # an asset missing from the cache is fetched by the server from this address: keep it local
    env.setdefault("SOLARA_ASSETS_CDN", "http://127.0.0.1:9/")
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    env["SOLARA_THEME_LOADER"] = env.get("SOLARA_THEME_LOADER", "plain")
    env["MPLBACKEND"] = "Agg"
    # the app is imported as a module: make this checkout importable even when not installed
    paths = [str(REPO_ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def assets_dir() -> Path:
    """Where solara-assets puts the front end (Solara's asset proxy cache)."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def check_assets() -> None:
    """Refuse to start when the offline front end is missing (the page would need a CDN)."""
    try:
        import solara_assets  # noqa: F401
    except ImportError:
        raise InputError(
            "the solara-assets package is not installed, so the dashboard would need the internet; "
            "install it with the same version as solara (pip install -e .)"
        ) from None
    folder = assets_dir()
    if not (folder / "@widgetti").is_dir():
        raise InputError(f"Solara's offline assets are missing from {folder}; reinstall solara-assets")


def _can_listen(host: str, port: int) -> OSError | None:
    """Try to listen on `host`:`port` as uvicorn will (same family, SO_REUSEADDR); the error or None."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        return error
    return None


def _free_port_after(host: str, port: int) -> int | None:
    """The first port above `port` (and not below 1024) that `host` can listen on, within 100."""
    start = max(port + 1, 1024)
    return next((p for p in range(start, min(start + 100, 65536)) if _can_listen(host, p) is None), None)


def check_port(host: str, port: int) -> None:
    """Refuse in one sentence, before any address is printed, a port the server could not listen on."""
    error = _can_listen(host, port)
    if error is None:
        return
    if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
        raise InputError(
            f"{host} is not an address of this machine; use --host 127.0.0.1 (this machine only) "
            "or --host 0.0.0.0 (participants' laptops too)"
        )
    free = _free_port_after(host, port)
    instead = f", e.g. --port {free}" if free else ""
    if error.errno == errno.EADDRINUSE:
        raise InputError(f"port {port} is already in use on this machine; start with another port{instead}")
    if error.errno in (errno.EACCES, errno.EPERM):
        raise InputError(
            f"port {port} is reserved for the administrator on this machine; "
            f"start with a port from 1024 to 65535{instead}"
        )
    reason = error.strerror or error
    raise InputError(f"cannot listen on {host} port {port} ({reason}); start with another port{instead}")


def server_command(host: str, port: int) -> list[str]:
    """The `solara run` command of the server process: production mode, offline, no browser opened."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        APP_MODULE,
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
        "--no-check-version",
        "--log-level-uvicorn",
        "warning",
    ]


def _port(text: str) -> int:
    """A --port value as an int from 1 to 65535 (argparse reports anything else)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535, not {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535, not {port}")
    return port


def _dashboard(args: argparse.Namespace) -> int:
    """Serve the page until Ctrl-C or `kill`; the server's exit status."""
    check_assets()
    check_port(args.host, args.port)
    env = offline_environment(args.lang)
    command = server_command(args.host, args.port)
    shown = "localhost" if args.host in ("127.0.0.1", "::1") else args.host
    print(f"commgov dashboard: http://{shown}:{args.port}/  (language {args.lang}; Ctrl-C stops it)")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print("commgov dashboard: listening beyond this machine; anyone on the network can open it")
    sys.stdout.flush()
    process = subprocess.Popen(command, env=env)

    def stop(signum: int, frame: Any) -> None:  # `kill PID` stops the server too
        process.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        code = process.wait()
        return 128 - code if code < 0 else code  # killed by a signal: the shell's convention
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        return 130


def register(subparsers: Any) -> None:
    """The subcommand this module owns: dashboard."""
    parser = subparsers.add_parser(
        "dashboard",
        help="open the workshop dashboard: two arrangements side by side in the browser",
        description="Serve the workshop dashboard: pick or edit two arrangements, run them on the "
        "same seed and watch the community map and outcomes week by week. Works offline.",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}; "
        "0.0.0.0 lets participants on the local network connect)",
    )
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the page")
    parser.set_defaults(func=_dashboard)
