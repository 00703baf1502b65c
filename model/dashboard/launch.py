"""`commgov dashboard`: serve the workshop dashboard (model/dashboard/page.py) with Solara, offline.

    commgov dashboard                      # http://127.0.0.1:8765, English
    commgov dashboard --lang zh            # Chinese labels
    commgov dashboard --host 0.0.0.0 --port 8800   # reachable from participants' laptops
    commgov dashboard mine.toml            # the shipped scenarios and mine.toml in the menu

The server is `solara run model.dashboard.page` in a child process, behind the Host/Origin check
of model/dashboard/guard.py; the language reaches the page through $COMMGOV_LANG and the named
scenario files (checked here first) through $COMMGOV_DASHBOARD_FILES. Nothing is fetched from the
internet: the front end comes from the solara-assets package (served by Solara's asset proxy from
the local cache it installs), telemetry and the version check are switched off, and production
mode drops the page's solara.dev check.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from model.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
WILDCARD_HOSTS = ("0.0.0.0", "::")  # every address of this machine
SOLARA_START_LINE = "Solara server is starting at "  # names the listening address, e.g. 0.0.0.0
# Solara warns on every first page load over plain http from an address other than localhost (a
# workshop's case) that its session cookie falls back to samesite=lax: true, harmless, and alarming.
SAMESITE_WARNING = "ignore:Cookies with samesite=none require https:UserWarning:solara.server.starlette"
APP_MODULE = "model.dashboard.page"
# A session whose browser went away without closing the page (a dropped network, a closed lid) is
# kept this long for it to reconnect, then released; a closed tab is released at once.
SESSION_GRACE_SECONDS = 60
# glibc gives each thread its own malloc arena and keeps freed memory in them: with the default, the
# server grew by ~3 MiB a closed session although Python had freed everything (docs/reliability.md).
MALLOC_ARENAS = 2
REPO_ROOT = Path(__file__).resolve().parents[2]
ASSETS_DIR = Path(__file__).resolve().parent / "assets"  # the page's custom.css, served by Solara


def offline_environment(lang: str, base: dict[str, str] | None = None, files: str = "") -> dict[str, str]:
    """The environment of the server process: language, named scenario files, Solara kept off the internet."""
    from model.dashboard.catalogue import FILES_ENV

    env = dict(os.environ if base is None else base)
    env["COMMGOV_LANG"] = lang
    env[FILES_ENV] = files
    env["SOLARA_APP"] = APP_MODULE  # read when model/dashboard/guard.py imports Solara's app
    env.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", f"{SESSION_GRACE_SECONDS}s")
    env.setdefault("MALLOC_ARENA_MAX", str(MALLOC_ARENAS))
    env["SOLARA_ASSETS_PROXY"] = "True"  # serve front-end assets from the local cache
    # an asset missing from the cache is fetched by the server from this address: keep it local
    env.setdefault("SOLARA_ASSETS_CDN", "http://127.0.0.1:9/")
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    env["SOLARA_THEME_LOADER"] = env.get("SOLARA_THEME_LOADER", "plain")
    env["SOLARA_ASSETS_EXTRA_LOCATIONS"] = str(ASSETS_DIR)  # served under /static/assets/
    env["MPLBACKEND"] = "Agg"
    env["PYTHONUNBUFFERED"] = "1"  # its output is passed on line by line (see _pass_on)
    env["PYTHONWARNINGS"] = ",".join(filter(None, (env.get("PYTHONWARNINGS"), SAMESITE_WARNING)))
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
    """The server process: `solara run` behind the guard, in production mode, offline, opening no browser."""
    return [
        sys.executable,
        "-m",
        "model.dashboard.guard",
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


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback and link-local: those participants can reach."""
    import psutil

    found = []
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family != socket.AF_INET:
                continue
            ip = ipaddress.ip_address(address.address)
            if not (ip.is_loopback or ip.is_link_local):
                found.append(address.address)
    return list(dict.fromkeys(found))


def _url(host: str, port: int) -> str:
    """The page's address on `host` (IPv6 addresses in brackets)."""
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def opening_lines(host: str, port: int, lang: str, addresses: Sequence[str], hostname: str) -> list[str]:
    """What the command prints on start: addresses a browser can open (never 0.0.0.0), and who can."""
    stops = f"(language {lang}; Ctrl-C stops it)"
    if host in LOOPBACK_HOSTS:
        lines = [f"http://localhost:{port}/  {stops}"]
    elif host not in WILDCARD_HOSTS:
        lines = [
            f"{_url(host, port)}  {stops}",
            "listening beyond this machine; anyone on the network can open it",
        ]
    else:
        lines = [f"http://localhost:{port}/ on this machine  {stops}"]
        if addresses:
            urls = " or ".join(_url(address, port) for address in addresses)
            lines.append(f"participants on the same network open {urls}")
            if hostname and hostname != "localhost":
                lines.append(f"or http://{hostname}:{port}/ if their computers know this machine by name")
        else:
            lines.append(
                "no network address yet; participants can connect once this machine joins their network"
            )
        lines.append("listening on every network address of this machine; anyone on the network can open it")
    return [f"commgov dashboard: {line}" for line in lines]


def _pass_on(lines: Iterable[str]) -> None:
    """Print the server's output, less Solara's start line (our own lines gave the addresses to open)."""
    for line in lines:
        if not line.startswith(SOLARA_START_LINE):
            print(line, end="", flush=True)


def _dashboard(args: argparse.Namespace) -> int:
    """Serve the page until Ctrl-C or `kill`; the server's exit status."""
    from model.dashboard.catalogue import Catalogue, files_value

    check_assets()
    offered = Catalogue(args.scenarios)  # a bad file is refused in one sentence before anything starts
    check_port(args.host, args.port)
    env = offline_environment(args.lang, files=files_value(offered))
    command = server_command(args.host, args.port)
    wildcard = args.host in WILDCARD_HOSTS
    addresses = lan_addresses() if wildcard else []
    hostname = socket.gethostname() if wildcard else ""
    print("\n".join(opening_lines(args.host, args.port, args.lang, addresses, hostname)), flush=True)
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)

    def stop(signum: int, frame: Any) -> None:  # `kill PID` stops the server too
        process.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        if process.stdout is not None:
            _pass_on(process.stdout)
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
    from model import i18n

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
    parser.add_argument(
        "scenarios",
        nargs="*",
        metavar="SCENARIO_FILE",
        help="scenario or subdistrict files to offer besides the shipped ones (participants pick "
        "from this list only; a subdistrict offers each of its communities)",
    )
    parser.add_argument(  # as model.cli.add_lang_option, which this layer may not import
        "--lang",
        choices=i18n.LANGS,
        default=i18n.env_lang(),
        help="language of the page (default: $COMMGOV_LANG, else en)",
    )
    parser.set_defaults(func=_dashboard)
