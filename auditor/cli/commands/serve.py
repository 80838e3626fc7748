"""`auditor serve`: the editors' web page, its JSON API and a LanguageTool-compatible endpoint (docs/serve.md)."""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import socket
import sys
from pathlib import Path
from typing import Any

from auditor.cli.commands import SUMMARIES
from auditor.cli.commands.common import UsageError, load_config, load_rules

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
_SIZE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([kKmM]?)[bB]?")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help=SUMMARIES["serve"],
        description="Serve the editors' page, the JSON API (/api/v1) and a LanguageTool-compatible "
        "endpoint (/v2/check). Binds 127.0.0.1 unless --host names another address. Needs the web extra.",
    )
    parser.add_argument("--host", help=f"address to bind (default {DEFAULT_HOST}; anything but loopback makes the page reachable from other machines)")
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any free port)")
    parser.add_argument("--config", metavar="FILE", help="config file (default: the nearest one above the current folder); Mark as correct writes to it")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra folder of YAML rule packs (repeatable)")
    parser.add_argument("--max-body", type=_size, default=2_000_000, metavar="SIZE", help="largest request body, e.g. 2MB or 500kB (default 2MB)")
    parser.add_argument("--workers", type=_positive, default=2, metavar="N", help="audits run at once (default 2)")
    parser.add_argument("--queue", type=_count, default=256, metavar="N", help="audits that may wait for a worker before the server answers 503 (default 256)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="time limit of one audit once a worker takes it (default 30)")
    parser.set_defaults(run=run, paths=[])


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number 0-65535, got {value!r}")
    return int(value)


def _size(value: str) -> int:
    match = _SIZE_RE.fullmatch(value.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"expected a size such as 2MB or 500kB, got {value!r}")
    factor = {"": 1, "k": 1000, "m": 1_000_000}[match.group(2).lower()]
    size = int(float(match.group(1)) * factor)
    if size < 1:
        raise argparse.ArgumentTypeError("the size must be at least 1 byte")
    return size


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {value!r}")
    return int(value)


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, got {value!r}")
    return int(value)


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """Return a listening socket on `host`:`port`; raise UsageError with the reason when it cannot bind."""
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)[0]
        listener = socket.socket(family, kind, protocol)
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(2048)
    except OSError as error:
        listener.close()
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return listener


def url_of(listener: socket.socket) -> str:
    host, port = listener.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from auditor.serve.app import create_app
        from auditor.serve.limits import Limits
        from auditor.serve.service import Service
    except ImportError as error:
        raise UsageError(f"auditor serve needs the web extra ({error.name} is missing): pip install 'auditor[web]'") from None
    if args.timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds")
    host = args.host if args.host is not None else DEFAULT_HOST
    config = load_config(args)
    service = Service(load_rules(args, config), config, Path(os.getcwd()))
    service.warm_up()
    limits = Limits(max_body_bytes=args.max_body, workers=args.workers, queue=args.queue, timeout_s=args.timeout)
    app = create_app(service, limits, host=host)
    listener = bind(host, args.port)
    if not is_loopback(host):
        print(f"auditor serve: listening on {host}, reachable from other machines", file=sys.stderr)
    print(f"auditor serve: {url_of(listener)}  (config: {service.config.path or 'none'}; Mark as correct writes {service.config_path}; Ctrl-C stops)", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    try:
        server.run(sockets=[listener])
    except KeyboardInterrupt:  # uvicorn shuts down gracefully on Ctrl-C, then raises it again: stopping is the normal end
        pass
    print("auditor serve: stopped", flush=True)
    return 0
