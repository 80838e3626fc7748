"""Fixtures of the `auditor serve` tests: an application over a config in a temporary folder, and a live server.

The tests need the web extra (the test extra includes it); without it they are skipped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed (pip install -e '.[web]')")
pytest.importorskip("uvicorn", reason="the web extra is not installed (pip install -e '.[web]')")

from auditor.cli.commands.serve import bind, url_of  # noqa: E402
from auditor.findings.config import CONFIG_FILE, Config, load_config  # noqa: E402
from auditor.packs.load import RuleSet  # noqa: E402
from auditor.serve.app import create_app  # noqa: E402
from auditor.serve.limits import Limits  # noqa: E402
from auditor.serve.service import Service  # noqa: E402

CSRF = "test-token"
SERVER_START_S = 20.0


def make_app(ruleset: RuleSet, folder: Path, limits: Limits = Limits(), config: Path | None = None) -> Any:
    """The application for the config file `config` (or none), writing new vocabulary into `folder`."""
    service = Service(ruleset, load_config(config) if config is not None else Config(), folder)
    return create_app(service, limits, csrf_token=CSRF)


def client_of(app: Any) -> Any:
    from starlette.testclient import TestClient

    return TestClient(app, base_url="http://127.0.0.1")


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / CONFIG_FILE
    path.write_text('# the desk\'s settings\nfail-on = "error"  # CI fails on errors only\n\n# words we spell our way\naccepted-words = ["Xinhua"]\n', encoding="utf-8")
    return path


@pytest.fixture
def client(ruleset: RuleSet, tmp_path: Path, config_file: Path) -> Iterator[Any]:
    with client_of(make_app(ruleset, tmp_path, config=config_file)) as opened:
        yield opened


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port in a thread; yield its URL."""
    import uvicorn

    listener = bind("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield url_of(listener)
    finally:
        server.should_exit = True
        thread.join(SERVER_START_S)
        listener.close()
