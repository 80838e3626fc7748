"""`auditor serve` as a process: it prints its URL, serves, stops on Ctrl-C; bad options are one line and exit 2."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.cli.commands.serve import DEFAULT_HOST, is_loopback
from tests.conftest import ROOT, CliRun

START_S = 120  # loading the rules and warming up, on a busy two-core machine


def test_the_server_prints_its_url_serves_the_page_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    (tmp_path / ".auditor.toml").write_text('accepted-words = ["Coruna virus"]\n', encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, "-m", "auditor.cli.main", "serve", "--port", "0"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    ) as process:
        try:
            assert process.stdout is not None and process.stderr is not None
            line = process.stdout.readline()
            assert line.startswith("auditor serve: http://127.0.0.1:"), line
            assert f"config: {tmp_path / '.auditor.toml'}" in line
            url = line.split()[2]
            with urllib.request.urlopen(url, timeout=START_S) as page:
                assert page.status == 200 and b"csrf-token" in page.read()
            request = urllib.request.Request(url + "api/v1/check", data=json.dumps({"text": "The Coruna virus and the protestors."}).encode(), method="POST")
            with urllib.request.urlopen(request, timeout=START_S) as answer:
                rules = [finding["rule"] for finding in json.loads(answer.read())["findings"]]
            assert rules == ["ST001"]  # the config's accepted word is honoured
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
        assert process.stdout.read() == "auditor serve: stopped\n"
    assert process.returncode == 0


def test_a_port_in_use_is_one_line_and_exit_2(cli: Callable[..., CliRun]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = cli("serve", "--port", str(port))
    assert run.code == 2
    assert run.stderr.startswith(f"auditor: cannot listen on 127.0.0.1:{port}: ") and run.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--config", "missing.toml"], "missing.toml: config file not found"),
        (["--timeout", "0"], "--timeout must be more than 0 seconds"),
    ],
)
def test_bad_settings_are_one_line_and_exit_2(cli: Callable[..., CliRun], arguments: list[str], message: str) -> None:
    run = cli("serve", *arguments)
    assert run.code == 2 and message in run.stderr and run.stderr.count("\n") == 1


@pytest.mark.parametrize("option", [["--port", "70000"], ["--max-body", "lots"], ["--workers", "0"]])
def test_bad_option_values_are_usage_errors(cli: Callable[..., CliRun], option: list[str]) -> None:
    assert cli("serve", *option).code == 2


def test_only_loopback_is_bound_unless_host_says_otherwise() -> None:
    assert DEFAULT_HOST == "127.0.0.1" and is_loopback(DEFAULT_HOST)
    assert is_loopback("localhost") and is_loopback("::1") and is_loopback("[::1]") and is_loopback("127.8.0.1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.org")
