"""The figures of a batch audit across files: what index.html, summary.json and summary.md show."""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from auditor import __version__
from auditor.check.document import Result
from auditor.model import Finding, Severity
from auditor.report.run import RunResult

SUMMARY_VERSION = 1
# Grade-level bands of the readability histogram: (label, upper bound exclusive).
GRADE_BANDS = (("< 6", 6.0), ("6-8", 8.0), ("8-10", 10.0), ("10-12", 12.0), ("12-14", 14.0), ("14-16", 16.0), ("16+", float("inf")))
# How much a finding weighs when ranking the worst files.
SEVERITY_WEIGHTS = {Severity.ERROR: 10, Severity.WARNING: 3, Severity.INFO: 1}
WORST_FILES = 10
SEVERITIES = tuple(severity.label for severity in sorted(Severity, reverse=True))


def document_readability(result: Result) -> dict[str, Any]:
    """Return the file's whole-document readability figures, or {} when none were measured."""
    if not result.readability:
        return {}
    return dict(result.readability.get("document") or {})


def word_count(result: Result) -> int:
    """Return the file's word count (the readability figure when measured, else the segmenter's)."""
    words = document_readability(result).get("words")
    return int(words) if isinstance(words, int) else len(result.document.words)


def file_summary(result: Result, page: str) -> dict[str, Any]:
    """Return the figures of one file."""
    counts = Counter(finding.severity for finding in result.findings)
    words = word_count(result)
    readability = document_readability(result)
    return {
        "path": result.path,
        "page": page,
        "findings": len(result.findings),
        "by_severity": {severity.label: counts.get(severity, 0) for severity in sorted(Severity, reverse=True)},
        "score": sum(SEVERITY_WEIGHTS[severity] * n for severity, n in counts.items()),
        "words": words,
        "findings_per_1000_words": round(1000 * len(result.findings) / words, 1) if words else 0.0,
        "grade": _rounded(readability.get("grade")),
        "flesch_reading_ease": _rounded(readability.get("flesch_reading_ease")),
    }


def _rounded(value: Any) -> float | None:
    return round(float(value), 1) if isinstance(value, (int, float)) else None


def by_family(run: RunResult) -> dict[str, dict[str, int]]:
    """Return finding counts per rule family and severity, the largest family first."""
    table: dict[str, Counter[str]] = {}
    for _, finding in run.findings():
        table.setdefault(finding.family or "general", Counter())[finding.severity.label] += 1
    ordered = sorted(table.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    return {family: {label: counts.get(label, 0) for label in SEVERITIES} for family, counts in ordered}


def by_rule(run: RunResult) -> list[dict[str, Any]]:
    """Return one row per rule that fired: findings and files, the most frequent first."""
    findings: Counter[str] = Counter()
    files: dict[str, set[str]] = {}
    first: dict[str, Finding] = {}
    for result, finding in run.findings():
        findings[finding.rule_id] += 1
        files.setdefault(finding.rule_id, set()).add(result.path)
        first.setdefault(finding.rule_id, finding)
    return [
        {
            "rule": rule_id,
            "name": first[rule_id].rule_name,
            "family": first[rule_id].family or "general",
            "severity": first[rule_id].severity.label,
            "findings": count,
            "files": len(files[rule_id]),
        }
        for rule_id, count in sorted(findings.items(), key=lambda item: (-item[1], item[0]))
    ]


def grade_distribution(files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return how many files fall in each grade-level band."""
    counts: Counter[str] = Counter()
    for record in files:
        grade = record["grade"]
        if grade is not None:
            counts[next(label for label, upper in GRADE_BANDS if grade < upper)] += 1
    return [{"band": label, "files": counts.get(label, 0)} for label, _ in GRADE_BANDS]


def summarize(run: RunResult, pages: dict[str, str]) -> dict[str, Any]:
    """Return the summary of a run; `pages` maps each path to its page in the report."""
    files = [file_summary(result, pages[result.path]) for result in run.results]
    grades = [record["grade"] for record in files if record["grade"] is not None]
    profiles = sorted({str(r.readability.get("profile")) for r in run.results if r.readability and r.readability.get("profile")})
    worst = sorted((record for record in files if record["findings"]), key=lambda r: (-r["score"], -r["findings_per_1000_words"], r["path"]))
    return {
        "version": SUMMARY_VERSION,
        "generator": f"auditor {__version__}",
        "totals": {
            "files": len(run.results),
            "not_audited": len(run.input_errors),
            "findings": sum(record["findings"] for record in files),
            "words": sum(record["words"] for record in files),
            "files_with_findings": sum(1 for record in files if record["findings"]),
        },
        "by_severity": run.count_by_severity(),
        "by_family": by_family(run),
        "by_rule": by_rule(run),
        "readability": {
            "profiles": profiles,
            "files_measured": len(grades),
            "median_grade": round(statistics.median(grades), 1) if grades else None,
            "grade_distribution": grade_distribution(files),
        },
        "worst_files": [record["path"] for record in worst[:WORST_FILES]],
        "files": files,
        "errors": [{"path": error.path, "message": str(error)} for error in run.input_errors],
    }


def markdown(summary: dict[str, Any]) -> str:
    """Return the summary as Markdown (summary.md), linking each file to its HTML page."""
    from auditor.report.formats.markdown import Cell, escape, table

    totals = summary["totals"]
    severity = ", ".join(f"{count} {label}" for label, count in summary["by_severity"].items())
    median = summary["readability"]["median_grade"]
    lines = [
        "# auditor report: batch summary",
        "",
        f"- Files audited: {totals['files']} ({totals['not_audited']} not audited)",
        f"- Findings: {totals['findings']} ({severity}) in {totals['files_with_findings']} files",
        f"- Words: {totals['words']}",
        f"- Median grade level: {median if median is not None else 'not measured'}",
        "",
        "## Findings by rule family",
        "",
    ]
    lines += table(("Family", *SEVERITIES, "Total"), ((family, *counts.values(), sum(counts.values())) for family, counts in summary["by_family"].items()))
    lines += ["", "## Findings by rule", ""]
    lines += table(("Rule", "Name", "Family", "Severity", "Findings", "Files"), (tuple(row.values()) for row in summary["by_rule"]))
    lines += ["", "## Readability: files by grade level", ""]
    lines += table(("Grade level", "Files"), ((band["band"], band["files"]) for band in summary["readability"]["grade_distribution"]))
    by_path = {record["path"]: record for record in summary["files"]}

    def link(record: dict[str, Any]) -> Cell:
        return Cell(f"[{escape(record['path'])}]({record['page']})")

    lines += ["", "## Worst files", ""]
    lines += table(
        ("File", "Findings", *SEVERITIES, "Per 1,000 words", "Grade"),
        (
            (link(r), r["findings"], *r["by_severity"].values(), r["findings_per_1000_words"], r["grade"] if r["grade"] is not None else "-")
            for r in (by_path[path] for path in summary["worst_files"])
        ),
    )
    if summary["errors"]:
        lines += ["", "## Not audited", ""]
        lines += [f"- {escape(error['message'])}" for error in summary["errors"]]
    return "\n".join(lines) + "\n"
