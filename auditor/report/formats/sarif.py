"""`sarif`: SARIF 2.1.0, the format code-scanning services read (GitHub, Azure DevOps, IDEs).

Columns count UTF-16 code units (`columnKind: utf16CodeUnits`), as those consumers do; the
rules come from the run's rule set with their docs, and fixes become `artifactChanges`.
"""

from __future__ import annotations

import io
import json
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from auditor import __version__
from auditor.check.document import Result
from auditor.context import BUILT_IN_ENGINE, EngineRule
from auditor.kinds.base import Rule
from auditor.model import Finding, Severity, Span
from auditor.report.formats.json_report import indented
from auditor.report.formats.shared import also_property, fix_label, proposal, source_evidence
from auditor.report.run import RunResult
from auditor.text.source import SourceText

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """Return the URI of a path: relative paths stay relative (to the working directory)."""
    pure = PurePath(path)
    if pure.is_absolute():
        return pure.as_uri()
    return quote(pure.as_posix())


def region(source: SourceText, span: Span) -> dict[str, Any]:
    """Return a SARIF region for a span, columns in UTF-16 code units (end column exclusive)."""
    return {
        "startLine": source.line_index(span.start) + 1,
        "startColumn": source.utf16_column(span.start),
        "endLine": source.line_index(span.end) + 1,
        "endColumn": source.utf16_column(span.end),
    }


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """Return the reportingDescriptor of a rule: what it flags as description, its whole docs as help."""
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.name.replace("-", " ").capitalize()},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.family], "family": rule.family, "kind": rule.kind, "fix": rule.fix.label, "pack": rule.pack},
    }
    if rule.engine != BUILT_IN_ENGINE:
        descriptor["properties"]["engine"] = rule.engine
    docs = rule.docs.strip()
    if docs:
        descriptor["fullDescription"] = {"text": rule.doc_sections().flags or docs}
        descriptor["help"] = {"text": docs}
    return descriptor


def engine_rule_descriptor(rule: EngineRule) -> dict[str, Any]:
    """The reportingDescriptor of an optional engine's own rule (LanguageTool's), from what the engine said of it."""
    return {
        "id": rule.id,
        "name": rule.id.partition(":")[2] or rule.id,
        "shortDescription": {"text": rule.description},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.family, rule.category], "family": rule.family, "category": rule.category, "engine": rule.engine},
    }


def _descriptor_for_unknown(finding: Finding) -> dict[str, Any]:
    # Findings of optional engines (LanguageTool...) name rules that no pack defines.
    return {
        "id": finding.rule_id,
        "name": finding.rule_name,
        "shortDescription": {"text": finding.rule_name.replace("-", " ").capitalize() or finding.rule_id},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {"tags": [finding.family or finding.engine], "engine": finding.engine},
    }


class _Builder:
    """Collects rules and artifacts while the results are written, so that indexes agree."""

    def __init__(self, run: RunResult) -> None:
        self.run = run
        rules = sorted(run.ruleset.rules, key=lambda r: r.id) if run.ruleset is not None else []
        self.rules = [rule_descriptor(rule) for rule in rules]
        self.rule_index = {descriptor["id"]: index for index, descriptor in enumerate(self.rules)}
        self.artifacts: list[dict[str, Any]] = []
        self.artifact_index: dict[str, int] = {}
        self.held = {result.path: result.document.source for result in run.results}  # none in a streamed run

    def location(self, path: str) -> dict[str, Any]:
        if path not in self.artifact_index:
            self.artifact_index[path] = len(self.artifacts)
            artifact: dict[str, Any] = {"location": {"uri": artifact_uri(path)}}
            source_file = self.run.sources.get(path)
            if source_file is not None:
                artifact["encoding"] = source_file.encoding
            self.artifacts.append(artifact)
        return {"uri": artifact_uri(path), "index": self.artifact_index[path]}

    def physical(self, result: Result, path: str, span: Span, snippet: bool = False) -> dict[str, Any]:
        location: dict[str, Any] = {"artifactLocation": self.location(path)}
        source = result.document.source if path == result.path else result.related_sources.get(path) or self.held.get(path)
        if source is not None:
            location["region"] = region(source, span)
            if snippet:
                location["region"]["snippet"] = {"text": source.text[span.start : span.end]}
        return location

    def add_engine_rules(self, result: Result) -> None:
        """Describe the optional engines' rules that a result names (in findings or in their `also`), first come first."""
        for rule_id in sorted(result.engine_rules):
            if rule_id not in self.rule_index:
                self.rule_index[rule_id] = len(self.rules)
                self.rules.append(engine_rule_descriptor(result.engine_rules[rule_id]))

    def index_of(self, finding: Finding) -> int:
        if finding.rule_id not in self.rule_index:
            self.rule_index[finding.rule_id] = len(self.rules)
            self.rules.append(_descriptor_for_unknown(finding))
        return self.rule_index[finding.rule_id]

    def result(self, result: Result, finding: Finding) -> dict[str, Any]:
        record: dict[str, Any] = {
            "ruleId": finding.rule_id,
            "ruleIndex": self.index_of(finding),
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": self.physical(result, result.path, finding.span, snippet=True)}],
            "properties": {
                "family": finding.family,
                "engine": finding.engine,
                "suggestions": list(finding.suggestions),
                **also_property(finding),
                **({"source": evidence} if (evidence := source_evidence(result, finding)) else {}),
            },
        }
        if finding.related:
            record["relatedLocations"] = [
                {"id": number, "physicalLocation": self.physical(result, related.path or result.path, related.span), "message": {"text": related.message}}
                for number, related in enumerate(finding.related, start=1)
            ]
        if finding.fix is not None:
            source = result.document.source
            replacements = []
            for edit in finding.fix.edits:
                replacement: dict[str, Any] = {"deletedRegion": region(source, edit.span)}
                if edit.replacement:
                    replacement["insertedContent"] = {"text": edit.replacement}
                replacements.append(replacement)
            record["fixes"] = [
                {
                    "description": {"text": proposal(finding, result.document.original) or finding.message},
                    "artifactChanges": [{"artifactLocation": self.location(result.path), "replacements": replacements}],
                    "properties": {"applicability": fix_label(finding)},
                }
            ]
        return record


def document(run: RunResult) -> dict[str, Any]:
    """Return the SARIF log of a run as a JSON-ready dict."""
    return json.loads(render(run))  # type: ignore[no-any-return]


def render(run: RunResult) -> str:
    out = io.StringIO()
    write(run, out)
    return out.getvalue()


def write(run: RunResult, stream: TextIO) -> None:
    """Write the SARIF log of a run, each result as its file's results come; the rules and
    artifacts they name follow them (a streamed run holds no list of findings)."""
    builder = _Builder(run)
    stream.write(f'{{\n  "$schema": {indented(SCHEMA)},\n  "version": "2.1.0",\n  "runs": [\n    {{\n      "columnKind": "utf16CodeUnits",\n      "results": ')
    opener = "["
    for result in run.each_result():
        builder.location(result.path)
        builder.add_engine_rules(result)
        parts = []
        for finding in result.findings:
            parts.append(opener + "\n        " + indented(builder.result(result, finding), 4))
            opener = ","
        if parts:
            stream.write("".join(parts))  # one call per file: see `jsonl.write`
    stream.write("[]" if opener == "[" else "\n      ]")
    notifications = [
        {"level": "error", "message": {"text": str(error)}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(error.path)}}}]}
        for error in run.input_errors
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not run.input_errors and run.interrupted is None}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    tool = {"driver": {"name": "auditor", "version": __version__, "semanticVersion": __version__, "rules": builder.rules}}
    for key, value in (("tool", tool), ("invocations", [invocation]), ("artifacts", builder.artifacts)):
        stream.write(f',\n      "{key}": {indented(value, 3)}')
    stream.write("\n    }\n  ]\n}\n")
