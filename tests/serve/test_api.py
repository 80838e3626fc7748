"""The JSON API of `auditor serve` through Starlette's test client: check, fix, export, decode, rules, limits."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from auditor.api import audit_text, fix_text
from auditor.packs.load import RuleSet
from auditor.serve.limits import Limits
from tests.conftest import SEEDS
from tests.serve.conftest import client_of, make_app

SEED = (SEEDS / "000_6631a8e0a366c5c7.txt").read_text(encoding="utf-8")


def _by_rule_and_text(check: dict[str, Any]) -> list[tuple[str, str]]:
    return [(finding["rule"], finding["text"]) for finding in check["findings"]]


def test_check_reports_what_audit_text_reports_with_corrections_and_readability(client: Any, ruleset: RuleSet) -> None:
    answer = client.post("/api/v1/check", json={"text": SEED, "filename": "seed.txt"})
    assert answer.status_code == 200
    check = answer.json()
    expected = audit_text(SEED, path="seed.txt", ruleset=ruleset).findings
    assert [(f["rule"], f["start"], f["end"]) for f in check["findings"]] == [(f.rule_id, f.span.start, f.span.end) for f in expected]
    [coruna] = [f for f in check["findings"] if f["text"] == "Coruna virus"]
    assert coruna["rule"] == "TM001" and coruna["corrections"][0]["label"] == "coronavirus"
    assert coruna["corrections"][0]["edits"] == [{"start": coruna["start"], "end": coruna["end"], "replacement": "coronavirus"}]
    assert check["counts"]["by_severity"]["error"] == sum(1 for f in expected if f.severity.label == "error")
    readability = check["readability"]
    assert readability["words"] > 300 and 0 < readability["grade"] < 30 and len(readability["paragraphs"]) >= 10
    assert check["api_version"] == 1 and check["server_ms"] > 0


def test_offsets_come_in_code_points_and_in_utf16_units(client: Any) -> None:
    text = "Emoji 😀😀 first. The Coruna virus spread.\n"
    [finding] = [f for f in client.post("/api/v1/check", json={"text": text}).json()["findings"] if f["rule"] == "TM001"]
    assert (finding["start"], finding["end"]) == (text.index("Coruna"), text.index("Coruna") + len("Coruna virus"))
    assert finding["utf16"] == {"start": finding["start"] + 2, "end": finding["end"] + 2}
    assert text.encode("utf-16-le")[2 * finding["utf16"]["start"] : 2 * finding["utf16"]["end"]].decode("utf-16-le") == "Coruna virus"


def test_accepting_a_correction_changes_only_its_text_and_the_other_findings_follow(client: Any) -> None:
    before = client.post("/api/v1/check", json={"text": SEED}).json()
    [coruna] = [f for f in before["findings"] if f["text"] == "Coruna virus"]
    answer = client.post("/api/v1/fix", json={"text": SEED, "edits": coruna["corrections"][0]["edits"]}).json()
    assert answer["text"] == SEED.replace("Coruna virus", "coronavirus")
    assert "-Coruna virus" not in answer["diff"] and "+coronavirus" not in answer["diff"]  # a changed line, not a word
    after = answer["check"]
    assert ("TM001", "Coruna virus") not in _by_rule_and_text(after)
    others = [pair for pair in _by_rule_and_text(before) if pair != ("TM001", "Coruna virus")]
    assert [pair for pair in _by_rule_and_text(after) if pair[0] != "RD004"] == [pair for pair in others if pair[0] != "RD004"]
    shift = len("coronavirus") - len("Coruna virus")
    for old, new in zip([f for f in before["findings"] if f["start"] > coruna["end"]], [f for f in after["findings"] if f["start"] > coruna["start"]]):
        assert new["start"] == old["start"] + shift and new["text"] == old["text"]


def test_fix_without_edits_applies_the_safe_fixes_as_fix_text_does(client: Any, ruleset: RuleSet) -> None:
    answer = client.post("/api/v1/fix", json={"text": SEED}).json()
    outcome = fix_text(SEED, ruleset=ruleset)
    assert answer["text"] == outcome.text != SEED
    assert answer["applied"] == dict(outcome.applied)
    assert answer["diff"] == outcome.diff().replace("<text>", "draft.txt")
    assert not any(f["safe"] for f in answer["check"]["findings"])


def test_the_unversioned_api_is_the_current_version(client: Any) -> None:
    assert client.post("/api/check", json={"text": SEED}).json()["findings"] == client.post("/api/v1/check", json={"text": SEED}).json()["findings"]


def test_markdown_and_html_are_audited_as_their_prose(client: Any) -> None:
    html = "<p>The <b>Coruna virus</b> spread.</p>\n<script>var Coruna = 1;</script>\n"
    findings = client.post("/api/v1/check", json={"text": html, "filename": "page.html"}).json()["findings"]
    assert [f["text"] for f in findings if f["rule"] == "TM001"] == ["Coruna virus"]


def test_bad_input_is_a_422_saying_what_is_wrong(client: Any) -> None:
    cases: list[tuple[str, Any, str]] = [
        ("/api/v1/check", b"{not json", "not JSON"),
        ("/api/v1/check", [1, 2], "JSON object"),
        ("/api/v1/check", {}, "'text' is required"),
        ("/api/v1/check", {"text": 5}, "'text' must be a string"),
        ("/api/v1/check", {"text": "a\x00b"}, "NUL"),
        ("/api/v1/check", {"text": "x", "filename": "report.pdf"}, "unsupported file type .pdf"),
        ("/api/v1/fix", {"text": "abc", "edits": [{"start": 2, "end": 9, "replacement": ""}]}, "outside the text"),
        ("/api/v1/fix", {"text": "abcdef", "edits": [{"start": 0, "end": 3, "replacement": "x"}, {"start": 2, "end": 4, "replacement": "y"}]}, "overlap"),
        ("/api/v1/fix", {"text": "abc", "edits": "all"}, "'edits' must be a list"),
        ("/api/v1/fix", {"text": "abc", "edits": [{"start": "0", "end": 1, "replacement": ""}]}, "integer 'start'"),
        ("/api/v1/export", {"text": "abc", "format": "pdf"}, "unknown export format"),
    ]
    for path, body, message in cases:
        answer = client.post(path, content=body) if isinstance(body, bytes) else client.post(path, json=body)
        assert answer.status_code == 422, (path, body, answer.text)
        assert message in answer.json()["error"] and answer.json()["status"] == 422


def test_a_body_over_the_limit_is_a_413_whether_declared_or_streamed(ruleset: RuleSet, tmp_path: Path) -> None:
    with client_of(make_app(ruleset, tmp_path, Limits(max_body_bytes=1000))) as client:
        small = client.post("/api/v1/check", json={"text": "The Coruna virus."})
        assert small.status_code == 200
        declared = client.post("/api/v1/check", json={"text": "word " * 400})
        assert declared.status_code == 413 and "limit is 1,000" in declared.json()["error"]
        streamed = client.post("/api/v1/check", content=(chunk for chunk in [b'{"text": "', b"w" * 900, b"w" * 900, b'"}']))
        assert streamed.status_code == 413 and "over the limit" in streamed.json()["error"]
        assert client.post("/api/v1/decode?filename=a.txt", content=b"x" * 1001).status_code == 413
        assert client.post("/v2/check", content=b"language=en-US&text=" + b"x" * 1001).status_code == 413


def test_a_full_worker_pool_answers_503_and_serves_again_once_free(ruleset: RuleSet, tmp_path: Path) -> None:
    app = make_app(ruleset, tmp_path, Limits(workers=1, queue=0))
    release = threading.Event()
    with client_of(app) as client:
        occupied = app.state.pool.submit(release.wait)  # the one slot, busy
        busy = client.post("/api/v1/check", json={"text": "The Coruna virus."})
        assert busy.status_code == 503 and busy.headers["retry-after"] == "1" and "busy" in busy.json()["error"]
        release.set()
        occupied.result(timeout=10)
        assert client.post("/api/v1/check", json={"text": "The Coruna virus."}).status_code == 200


def test_an_audit_past_the_time_limit_answers_503(ruleset: RuleSet, tmp_path: Path) -> None:
    with client_of(make_app(ruleset, tmp_path, Limits(timeout_s=1e-9))) as client:
        answer = client.post("/api/v1/check", json={"text": SEED})
        assert answer.status_code == 503 and "longer than" in answer.json()["error"]


def test_exports_give_the_text_the_diff_the_json_and_the_html_report(client: Any) -> None:
    fixed = SEED.replace("Coruna virus", "coronavirus")
    body = {"text": fixed, "original": SEED, "filename": "story.txt"}
    text = client.post("/api/v1/export", json={**body, "format": "text"})
    assert text.text == fixed and "attachment" in text.headers["content-disposition"] and "story.txt" in text.headers["content-disposition"]
    diff = client.post("/api/v1/export", json={**body, "format": "diff"}).text
    assert diff.startswith("--- story.txt\n+++ story.txt\n") and "Coruna virus" in diff
    document = json.loads(client.post("/api/v1/export", json={**body, "format": "json"}).text)
    assert document["version"] == 1 and document["files"][0]["path"] == "story.txt"
    assert "Coruna virus" not in {f["text"] for f in document["files"][0]["findings"]}
    hostile = client.post("/api/v1/export", json={"text": "The Coruna virus <script>alert(1)</script>.", "format": "html"})
    assert hostile.headers["content-type"].startswith("text/html") and "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile.text
    assert "<script>alert(1)</script>" not in hostile.text


def test_uploads_are_decoded_as_auditor_reads_files(client: Any) -> None:
    latin = client.post("/api/v1/decode?filename=story.txt", content="Café au lait in Zürich, a long enough sentence to detect.".encode("cp1252"))
    assert latin.status_code == 200 and latin.json()["text"].startswith("Café au lait in Zürich")
    binary = client.post("/api/v1/decode?filename=photo.txt", content=b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert binary.status_code == 422 and binary.json()["error"] == "photo.txt: binary file (contains NUL bytes), not audited"
    assert client.post("/api/v1/decode?filename=photo.png", content=b"abc").status_code == 422


def test_rules_lists_the_rules_that_run(client: Any, ruleset: RuleSet) -> None:
    rules = client.get("/api/v1/rules").json()["rules"]
    assert [rule["id"] for rule in rules] == [rule.id for rule in ruleset.rules]
    assert {"id", "name", "family", "severity", "fix", "docs"} <= rules[0].keys()


def test_the_openapi_document_describes_every_route_and_only_those(client: Any) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    described = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    served = {
        (route.path, method)
        for route in client.app.routes
        if route.path.startswith(("/api/v1/", "/v2/"))
        for method in (route.methods or ()) - {"HEAD"}
    }
    assert described == served
