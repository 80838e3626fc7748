"""`sarif` validates against the official SARIF 2.1.0 schema and counts columns in UTF-16."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from auditor.report.formats import sarif
from auditor.report.run import RunResult
from tests.conftest import SEEDS
from tests.report.formats.conftest import ARTICLE, ARTICLE_PATH

SCHEMA = Path(__file__).parent.parent.parent / "data" / "sarif-schema-2.1.0.json"


def test_sample_validates_against_the_official_schema(sample: RunResult) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(json.loads(sarif.render(sample)))


def test_columns_count_utf16_code_units_after_an_emoji(sample: RunResult) -> None:
    run = sarif.document(sample)["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"
    virus = next(r for r in run["results"] if r["ruleId"] == "MT001")
    region = virus["locations"][0]["physicalLocation"]["region"]
    code_point_column = ARTICLE.index("Coruna virus") + 1
    assert region["startColumn"] == code_point_column + 1  # the emoji takes two UTF-16 units
    assert region["endColumn"] - region["startColumn"] == len("Coruna virus")
    assert region["snippet"]["text"] == "Coruna virus"


def test_rules_carry_their_docs_and_results_point_at_them(sample: RunResult) -> None:
    run = sarif.document(sample)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["MT001"]["fullDescription"]["text"].startswith("Machine translation mangles")
    assert by_id["MT001"]["defaultConfiguration"]["level"] == "error"
    assert by_id["LT001"]["properties"]["engine"] == "languagetool"  # no pack defines it


def test_fixes_are_artifact_changes_with_their_applicability(sample: RunResult) -> None:
    results = {r["ruleId"]: r for r in sarif.document(sample)["runs"][0]["results"]}
    boilerplate = results["BP001"]["fixes"][0]
    replacement = boilerplate["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"] == {"startLine": 2, "startColumn": 1, "endLine": 4, "endColumn": 1}
    assert "insertedContent" not in replacement  # a deletion
    assert boilerplate["properties"]["applicability"] == "safe"
    name = results["NM001"]["fixes"][0]
    assert name["properties"]["applicability"] == "unsafe"
    assert name["artifactChanges"][0]["replacements"][0]["insertedContent"] == {"text": "Hua Chunying"}
    period = results["PU001"]["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
    assert period["startColumn"] == period["endColumn"]  # an insertion point
    assert "fixes" not in results["MK001"]


def test_paths_become_percent_encoded_relative_uris(sample: RunResult) -> None:
    run = sarif.document(sample)["runs"][0]
    uris = [artifact["location"]["uri"] for artifact in run["artifacts"]]
    assert uris[0] == "news/A%20Coru%C3%B1a.txt"
    assert "news/2020%3A%20review%2C%20part%202.txt" in uris
    related = next(r for r in run["results"] if r["ruleId"] == "CAP001")["relatedLocations"][0]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == sarif.artifact_uri(ARTICLE_PATH)


def test_unreadable_inputs_are_tool_notifications(sample: RunResult) -> None:
    invocation = sarif.document(sample)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "binary file" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_an_empty_run_is_valid_sarif() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif.document(RunResult()))


def test_check_on_the_seeds_writes_valid_sarif_with_every_rule(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("check", "--format", "sarif", "--fail-on", "never", str(SEEDS))
    log = json.loads(run.stdout)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) >= len(cli("rules", "--format", "json").json())
    assert log["runs"][0]["results"]
