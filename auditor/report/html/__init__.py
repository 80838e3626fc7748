"""The batch audit report: index.html, one page per file, summary.json and summary.md.

The output depends only on the run (no dates, no absolute paths unless given), so a report
checked into a repository can be regenerated and compared byte for byte.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.model import Severity
from auditor.report.html.summary import SEVERITY_WEIGHTS
from auditor.report.run import RunResult

if TYPE_CHECKING:
    import jinja2

    from auditor.report.html.pages import FilePage

FILES_DIR = "files"
SEVERITY_LABELS = tuple(severity.label for severity in sorted(Severity, reverse=True))
HARD_GRADE = 12.0  # above this a grade level is hard, unless the readability profile sets a target
EASY_MARGIN = 4.0  # this far below the hard level a grade is easy
WORST_LABEL_LENGTH = 28
# The index lists this many files; the rest go to files-2.html, files-3.html...: a page of
# tens of thousands of table rows takes a browser seconds to lay out.
FILES_PER_PAGE = 500
WEIGHTS = {severity.label: SEVERITY_WEIGHTS[severity] for severity in sorted(Severity, reverse=True)}


def grade_class(grade: float, hard: float | None = None) -> str:
    """Return the CSS class of a grade level against the profile's target: easy, mid or hard."""
    hard = HARD_GRADE if hard is None else hard
    if grade <= hard - EASY_MARGIN:
        return "easy"
    return "mid" if grade <= hard else "hard"


def environment() -> "jinja2.Environment":
    """Return the template environment: autoescaping everything, failing on undefined names."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("auditor.report.html", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["grade_class"] = grade_class
    return env


def write_report(run: RunResult, out: Path, *, on_page: Any = None) -> list[Path]:
    """Write the report of `run` under `out` and return the files written.

    Stale pages left in `out/files/` by an earlier report are removed: that folder belongs
    to the report. `on_page` is called after each file page (progress).
    """
    from auditor.report.html.pages import file_page, page_name
    from auditor.report.html.summary import markdown, summarize

    env = environment()
    pages_dir = out / FILES_DIR
    pages_dir.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    names = {}
    for result in run.results:
        if result.path not in names:
            names[result.path] = page_name(result.path, taken)
    summary = summarize(run, {path: f"{FILES_DIR}/{name}" for path, name in names.items()})
    listing = _listing_pages(summary)
    written = [_write(out / "index.html", env.get_template("index.html.j2").render(_index_context(summary) | listing[0]))]
    for number, page_context in enumerate(listing[1:], start=2):
        page_context |= {"s": summary, "generator": summary["generator"], "severities": SEVERITY_LABELS, "root": ""}
        written.append(_write(out / f"files-{number}.html", env.get_template("files_page.html.j2").render(page_context)))
    template = env.get_template("file.html.j2")
    done = set()
    for result in run.results:
        if result.path in done:
            continue
        done.add(result.path)
        page = file_page(result, names[result.path])
        written.append(_write(pages_dir / page.name, template.render(_file_context(page, summary["generator"]))))
        if on_page is not None:
            on_page()
    written.append(_write(out / "summary.json", json.dumps(summary, indent=2, ensure_ascii=False) + "\n"))
    written.append(_write(out / "summary.md", markdown(summary)))
    keep = {path.name for path in written}
    for stale in sorted([*pages_dir.glob("*.html"), *out.glob("files-*.html")]):
        if stale.name not in keep:
            stale.unlink()
    return written


def _listing_pages(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The file list split into pages of `FILES_PER_PAGE`: each page's files, its number and the links to all pages."""
    files = summary["files"]
    count = max(1, -(-len(files) // FILES_PER_PAGE))
    links = [(number, "index.html" if number == 1 else f"files-{number}.html") for number in range(1, count + 1)]
    return [
        {
            "files": files[(number - 1) * FILES_PER_PAGE : number * FILES_PER_PAGE],
            "page": number,
            "pages": links,
            "first": (number - 1) * FILES_PER_PAGE + 1,
            "last": min(number * FILES_PER_PAGE, len(files)),
        }
        for number in range(1, count + 1)
    ]


def _write(path: Path, text: str) -> Path:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path


def _index_context(summary: dict[str, Any]) -> dict[str, Any]:
    from auditor.report.html import charts

    families = [
        charts.Bar(family, tuple(charts.Segment(counts[label], f"sev-{label}", f"{family}: {counts[label]} {label}") for label in SEVERITY_LABELS))
        for family, counts in summary["by_family"].items()
    ]
    grades = [
        charts.Bar(band["band"], (charts.Segment(band["files"], "bar", f"grade {band['band']}: {band['files']} files"),))
        for band in summary["readability"]["grade_distribution"]
    ]
    by_path = {record["path"]: record for record in summary["files"]}
    worst = [by_path[path] for path in summary["worst_files"]]
    worst_bars = [
        charts.Bar(
            _shorten(Path(record["path"]).name),
            tuple(
                charts.Segment(record["by_severity"][label] * WEIGHTS[label], f"sev-{label}", f"{record['path']}: {record['by_severity'][label]} {label}")
                for label in SEVERITY_LABELS
            ),
        )
        for record in worst
    ]
    return {
        "s": summary,
        "worst": worst,
        "severities": SEVERITY_LABELS,
        "generator": summary["generator"],
        "root": "",
        "weights": ", ".join(f"{label} {weight}" for label, weight in WEIGHTS.items()),
        "charts": {
            "families": charts.horizontal_bars(families, title="Findings by rule family and severity"),
            "grades": charts.columns(grades, title="Files by grade level"),
            "worst": charts.horizontal_bars(worst_bars, title="Worst files by weighted findings"),
        },
    }


def _shorten(label: str) -> str:
    if len(label) <= WORST_LABEL_LENGTH:
        return label
    half = (WORST_LABEL_LENGTH - 1) // 2
    return label[:half] + "…" + label[-half:]


def _file_context(page: "FilePage", generator: str) -> dict[str, Any]:
    from auditor.report.html import charts

    counts = Counter(view.severity for view in page.findings)
    figures = page.readability or {}
    cards = []
    if isinstance(figures.get("grade"), (int, float)):
        cards.append((f"{figures['grade']:.1f}", "grade level"))
    if isinstance(figures.get("flesch_reading_ease"), (int, float)):
        cards.append((f"{figures['flesch_reading_ease']:.1f}", "reading ease"))
    if "words" in figures:
        cards.append((str(figures["words"]), f"words, {figures.get('sentences', '?')} sentences"))
    bars = [
        charts.Bar(str(row["number"]), (charts.Segment(float(row["grade"]), f"bar-{grade_class(float(row['grade']), page.target_grade)}", f"paragraph {row['number']}: grade {float(row['grade']):.1f}"),))
        for row in page.paragraphs
    ]
    reference: float | None = page.target_grade
    if reference is not None:
        reference_label = f"target {reference:g}"
    else:
        reference = float(figures["grade"]) if isinstance(figures.get("grade"), (int, float)) else None
        reference_label = "whole text"
    return {
        "page": page,
        "counts": {label: counts.get(label, 0) for label in SEVERITY_LABELS},
        "readability_cards": cards,
        "severities": SEVERITY_LABELS,
        "generator": generator,
        "root": "../",
        "paragraph_chart": charts.columns(bars, title="Grade level by paragraph", reference=reference, reference_label=reference_label),
        "reference_label": reference_label,
    }
