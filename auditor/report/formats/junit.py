"""`junit`: JUnit XML, a test suite per file and a failing test case per finding (CI test views)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from auditor.report.formats.shared import finding_position, message_with_also, proposal
from auditor.report.run import RunResult

# Characters XML 1.0 cannot carry even escaped; audited text may contain them (form feeds...).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Return `text` with characters XML cannot represent replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def render(run: RunResult) -> str:
    """Render a `testsuites` document; files that could not be read are test cases with errors."""
    total = sum(len(result.findings) for result in run.results)
    root = ET.Element("testsuites", name="auditor", tests=str(total + len(run.input_errors)), failures=str(total), errors=str(len(run.input_errors)))
    for result in run.results:
        suite = ET.SubElement(
            root, "testsuite", name=xml_text(result.path), tests=str(len(result.findings)), failures=str(len(result.findings)), errors="0", skipped="0"
        )
        text = result.document.original
        for finding in result.findings:
            where = finding_position(result, finding)
            case = ET.SubElement(
                suite,
                "testcase",
                name=xml_text(f"{finding.rule_id} {finding.rule_name} at {where.line}:{where.column}"),
                classname=xml_text(result.path),
                file=xml_text(result.path),
                line=str(where.line),
            )
            body = [f"{result.path}:{where.line}:{where.column}: {finding.severity.label} [{finding.rule_id}] {message_with_also(finding)}"]
            body.append(f"text: {text[finding.span.start:finding.span.end]}")
            proposed = proposal(finding, text)
            if proposed:
                body.append(f"correction: {proposed}")
            failure = ET.SubElement(case, "failure", message=xml_text(message_with_also(finding)), type=finding.severity.label)
            failure.text = xml_text("\n".join(body))
    for error in run.input_errors:
        suite = ET.SubElement(root, "testsuite", name=xml_text(error.path), tests="1", failures="0", errors="1", skipped="0")
        case = ET.SubElement(suite, "testcase", name="read", classname=xml_text(error.path), file=xml_text(error.path))
        ET.SubElement(case, "error", message=xml_text(str(error)), type="input")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
