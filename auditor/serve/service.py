"""What `auditor serve` does for each request, without the web framework: check, fix, export, vocabulary.

One `Service` per server process holds the rule set (loaded once) and the project config.
Each audit reads one snapshot of the config and its check context; marking a word correct
writes the config file and swaps in a new snapshot, so the next audit accepts the word.
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.check.document import Result, context_for
from auditor.context import CheckContext
from auditor.findings.config import Config, load_config
from auditor.findings.pipeline import audit_documents
from auditor.fix.apply import converge, rule_filter, splice, unified_diff
from auditor.model import Edit, Finding, Span
from auditor.packs.load import RuleSet
from auditor.read.inputs import SourceFile
from auditor.read.markup import HTML_SUFFIXES, MARKDOWN_SUFFIXES, document_for
from auditor.report.formats import json_report
from auditor.report.rule_docs import rule_record
from auditor.report.run import RunResult
from auditor.serve import languagetool, records
from auditor.serve.vocabulary import add_entry, config_target

API_VERSION = 1
TEXT_SUFFIXES = frozenset({".txt", ".text"})
FILE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES
EXPORTS = {  # format -> (media type, suffix added to the file name)
    "text": ("text/plain; charset=utf-8", ""),
    "diff": ("text/x-diff; charset=utf-8", ".diff"),
    "json": ("application/json", ".auditor.json"),
    "html": ("text/html; charset=utf-8", ".auditor.html"),
}


class InputProblem(ValueError):
    """A request whose content cannot be used (the API answers 422); `str()` says what is wrong."""


@dataclass(frozen=True)
class _Snapshot:
    """What one audit reads: the config and the check context built from it."""

    config: Config
    ruleset: RuleSet
    context: CheckContext


@dataclass(frozen=True)
class Export:
    body: bytes
    media_type: str
    filename: str


def check_filename(filename: str) -> str:
    """Return the name a text is audited under (its suffix picks plain text, Markdown or HTML)."""
    name = Path(filename or "draft.txt").name
    suffix = Path(name).suffix.lower()
    if suffix not in FILE_SUFFIXES:
        raise InputProblem(f"{name}: unsupported file type {suffix or '(none)'} (expected {', '.join(sorted(FILE_SUFFIXES))})")
    return name


def check_edits(text: str, edits: Sequence[Mapping[str, Any]]) -> list[Edit]:
    """Return the edits (code-point offsets) of a request; raise InputProblem for offsets outside the text or overlaps."""
    parsed = []
    for item in edits:
        start, end, replacement = item.get("start"), item.get("end"), item.get("replacement")
        if not (isinstance(start, int) and isinstance(end, int) and isinstance(replacement, str)) or isinstance(start, bool) or isinstance(end, bool):
            raise InputProblem("each edit needs integer 'start' and 'end' and a string 'replacement'")
        if not 0 <= start <= end <= len(text):
            raise InputProblem(f"edit {start}..{end} lies outside the text (length {len(text)})")
        parsed.append(Edit(Span(start, end), replacement))
    parsed.sort(key=lambda edit: (edit.span.start, edit.span.end))
    for before, after in zip(parsed, parsed[1:]):
        if after.span.start < before.span.end:
            raise InputProblem(f"edits {before.span.start}..{before.span.end} and {after.span.start}..{after.span.end} overlap")
    return parsed


class Service:
    """Audits for one server process: the rule set is loaded once, the config re-read after each vocabulary change."""

    def __init__(self, ruleset: RuleSet, config: Config, folder: Path) -> None:
        self._all_rules = ruleset
        self.folder = folder
        self._lock = threading.Lock()
        self._snapshot = self._build(config)

    def _build(self, config: Config) -> _Snapshot:
        ruleset = config.select_rules(self._all_rules)
        context = context_for(ruleset, config.enabled_engines(), sentence_scores=True, **config.context_options())
        return _Snapshot(config, ruleset, context)

    def warm_up(self) -> None:
        """Audit the rules' own bad examples once, so each rule's data is loaded before the first request."""
        examples = [example.bad.replace("[", "").replace("]", "") for rule in self._snapshot.ruleset.rules for example in rule.examples if example.bad]
        self.audit("\n\n".join(examples), "warm-up.txt")

    @property
    def config(self) -> Config:
        return self._snapshot.config

    @property
    def config_path(self) -> Path:
        """The file `Mark as correct` writes to."""
        return config_target(self._snapshot.config.path, self.folder)

    # ------------------------------------------------------------------ audits

    def audit(self, text: str, filename: str) -> Result:
        """Audit one text as `auditor check` would with the server's config."""
        snapshot = self._snapshot
        document = document_for(SourceFile(filename, text))
        return audit_documents([document], snapshot.ruleset, snapshot.context, config=snapshot.config)[0]

    def check(self, text: str, filename: str) -> dict[str, Any]:
        """The page's view of a text: findings with corrections, counts, readability, server time (wall and CPU of the audit)."""
        started, cpu_started = time.perf_counter(), time.thread_time()
        result = self.audit(text, filename)
        return {
            "api_version": API_VERSION,
            "filename": filename,
            "length": len(text),
            "findings": records.finding_records(result),
            "counts": records.counts(result),
            "readability": records.readability_record(result),
            "server_ms": round((time.perf_counter() - started) * 1000, 1),
            "cpu_ms": round((time.thread_time() - cpu_started) * 1000, 1),
        }

    def apply_edits(self, text: str, filename: str, edits: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """Apply the edits an editor accepted, then check the new text."""
        fixed = splice(text, check_edits(text, edits))
        return {"text": fixed, "diff": unified_diff(filename, text, fixed), "applied": {}, "check": self.check(fixed, filename)}

    def fix_safe(self, text: str, filename: str, *, unsafe: bool = False) -> dict[str, Any]:
        """Apply every safe fix (with `unsafe`, unsafe ones too) until the text is stable, as `auditor fix` does."""
        snapshot = self._snapshot

        def audit(texts: Sequence[str]) -> list[list[Finding]]:
            documents = [document_for(SourceFile(filename, current)) for current in texts]
            return [r.findings for r in audit_documents(documents, snapshot.ruleset, snapshot.context, config=snapshot.config, capped=False)]

        select = rule_filter(snapshot.config.fixable, snapshot.config.unfixable)
        [outcome] = converge([filename], [text], audit, unsafe=unsafe, select=select)
        return {"text": outcome.text, "diff": outcome.diff(), "applied": dict(outcome.applied), "check": self.check(outcome.text, filename)}

    def export(self, original: str, text: str, filename: str, kind: str) -> Export:
        """The corrected text, the diff from the original, or the JSON findings or HTML report of the text."""
        if kind not in EXPORTS:
            raise InputProblem(f"unknown export format {kind!r} (expected {', '.join(EXPORTS)})")
        media_type, suffix = EXPORTS[kind]
        if kind == "text":
            body = text
        elif kind == "diff":
            body = unified_diff(filename, original, text)
        else:
            run = RunResult(results=[self.audit(text, filename)], ruleset=self._snapshot.ruleset, config=self._snapshot.config)
            body = json.dumps(json_report.document(run), indent=2, ensure_ascii=False) + "\n" if kind == "json" else _html_report(run)
        return Export(body.encode("utf-8"), media_type, filename + suffix)

    def languagetool_check(self, fields: Mapping[str, str]) -> dict[str, Any]:
        """The answer of LanguageTool's `/v2/check` (raises `languagetool.RequestError` for a bad request)."""
        language = languagetool.language_of(fields.get("language"))
        text, markup = languagetool.text_of(fields)
        return languagetool.answer(self.audit(text, "<text>"), language, fields, markup)

    # ------------------------------------------------------------------ rules and vocabulary

    def rules(self) -> list[dict[str, Any]]:
        """Every rule that runs with the server's config."""
        return [rule_record(rule) for rule in self._snapshot.ruleset.rules]

    def add_vocabulary(self, entry: str, kind: str) -> dict[str, Any]:
        """Add a word or name to the config file, then audit with the new config."""
        with self._lock:
            added = add_entry(self.config_path, entry, kind)
            self._snapshot = self._build(load_config(added.path))
        return {"config": str(added.path), "key": added.key, "added": added.added, "entries": list(added.entries)}


def _html_report(run: RunResult) -> str:
    """The report page of one text, as `auditor report` writes it."""
    from auditor.report.html import FILES_DIR, write_report

    with tempfile.TemporaryDirectory(prefix="auditor-serve-") as folder:
        write_report(run, Path(folder))
        [page] = (Path(folder) / FILES_DIR).glob("*.html")
        return page.read_text(encoding="utf-8")
