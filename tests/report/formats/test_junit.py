"""`junit` is well-formed XML that a standard parser reads: a suite per file, a failing case per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from auditor.check.document import Result
from auditor.model import Finding, Severity, Span
from auditor.report.formats import junit
from auditor.report.run import RunResult
from auditor.text.document import Document


def test_sample_parses_with_a_suite_per_file_and_a_case_per_finding(sample: RunResult) -> None:
    root = ET.fromstring(junit.render(sample).encode("utf-8"))
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert list(suites) == ["news/A Coruña.txt", "news/2020: review, part 2.txt", "news/clean.txt", "news/broken.bin"]
    assert root.get("failures") == "10" and root.get("errors") == "1"
    article = suites["news/A Coruña.txt"]
    assert len(article.findall("testcase")) == 7
    script_case = article.findall("testcase")[5]
    assert script_case.find("failure").get("message") == 'Markup <script>alert("x")</script> in the text'
    assert suites["news/clean.txt"].get("tests") == "0"
    assert suites["news/broken.bin"].find("testcase/error") is not None


def test_characters_xml_cannot_carry_are_replaced() -> None:
    text = "A form\x0cfeed and a bell\x07 here.\n"
    finding = Finding("TY100", "control-character", Severity.WARNING, "Control character '\x0c'", Span(6, 7))
    run = RunResult(results=[Result(Document(text, "odd.txt"), [finding])])
    failure = ET.fromstring(junit.render(run)).find(".//failure")
    assert failure is not None and failure.get("message") == "Control character '\ufffd'"
