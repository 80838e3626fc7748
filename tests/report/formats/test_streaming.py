"""jsonl, json and sarif write each file's results as they come: a streamed run holds no list of findings."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from auditor.check.document import Result
from auditor.report.formats import render, streams, write
from auditor.report.run import RunResult
from tests.report.formats.conftest import ARTICLE_PATH, sample_run

STREAMED = ["jsonl", "json", "sarif"]


def _streamed_run(out: io.StringIO, written_before: list[bool]) -> RunResult:
    """The sample run with its results in a stream that notes, before each result, whether the previous one was written."""
    run = sample_run()
    held = run.results
    held[1].related_sources[ARTICLE_PATH] = held[0].document.source  # what `check_stream` attaches for cross-file notes
    run.results = []

    def results() -> Iterator[Result]:
        previous: Result | None = None
        for result in held:
            if previous is not None and previous.findings:
                written_before.append(previous.findings[-1].message in out.getvalue())
            yield result
            previous = result

    run.stream = results()
    return run


@pytest.mark.parametrize("name", STREAMED)
def test_each_result_is_written_before_the_next_is_produced(name: str) -> None:
    assert streams(name)
    out = io.StringIO()
    written_before: list[bool] = []
    run = _streamed_run(out, written_before)
    write(name, run, out)
    assert written_before == [True, True]
    assert run.results == [] and run.stream is None  # nothing was kept
    assert out.getvalue() == render(name, sample_run())


def test_a_streamed_run_counts_its_findings_for_the_exit_code() -> None:
    out = io.StringIO()
    run = _streamed_run(out, [])
    write("jsonl", run, out)
    held = sample_run()
    assert run.count_by_severity() == held.count_by_severity()
    assert run.files() == len(held.results) == 3


@pytest.mark.parametrize("name", ["text", "csv"])
def test_formats_that_render_whole_do_not_stream(name: str) -> None:
    assert not streams(name)
