"""What keeps the page safe: a strict CSP on every answer, no remote assets, loopback host names only."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from auditor.packs.load import RuleSet
from auditor.serve.app import CONTENT_SECURITY_POLICY, STATIC, create_app
from auditor.serve.service import Service
from auditor.findings.config import Config
from tests.serve.conftest import client_of


def test_every_answer_carries_the_content_security_policy(client: Any) -> None:
    answers = [
        client.get("/"),
        client.get("/static/page.js"),
        client.get("/static/page.css"),
        client.post("/api/v1/check", json={"text": "The Coruna virus."}),
        client.post("/api/v1/check", content=b"{"),  # an error too
        client.get("/no/such/page"),
    ]
    for answer in answers:
        assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert answer.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY and "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_the_page_loads_nothing_from_elsewhere_and_never_writes_html_from_text() -> None:
    for asset in STATIC.iterdir():
        source = asset.read_text(encoding="utf-8")
        assert not re.search(r"(?:src|href)\s*=\s*[\"'](?:https?:)?//", source), asset.name
        assert not re.search(r"url\(\s*[\"']?(?:https?:)?//", source), asset.name
        assert not re.search(r"@import|innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", source), asset.name
    assert not re.search(r"<script>|<style>|\son\w+=", (STATIC / "index.html").read_text(encoding="utf-8"))


def test_a_request_naming_another_host_is_refused(client: Any) -> None:
    """A page on another site whose name resolves to 127.0.0.1 (DNS rebinding) cannot reach the API."""
    answer = client.post("/api/v1/check", json={"text": "x"}, headers={"Host": "attacker.example"})
    assert answer.status_code == 400
    for host in ("localhost:8765", "127.0.0.1:8765", "[::1]:8765"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host


def test_a_server_bound_to_a_named_host_accepts_that_name(ruleset: RuleSet, tmp_path: Path) -> None:
    app = create_app(Service(ruleset, Config(), tmp_path), host="10.1.2.3")
    with client_of(app) as client:
        assert client.get("/", headers={"Host": "10.1.2.3:8765"}).status_code == 200
        assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
