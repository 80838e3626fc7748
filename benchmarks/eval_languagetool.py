"""`make eval` rows for LanguageTool: what its findings add to auditor's, per LanguageTool category.

Measured only when `AUDITOR_LT_URL` names a LanguageTool server (docs/languagetool.md); skipped
with a line saying so otherwise. The sets are audited again with the languagetool engine on;
the rows count its `LT:` findings, those left after deduplication against auditor's own (a
match repeating an auditor finding is not a finding of its own), judged as auditor's are.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.datasets import CONLL, MLQE, MQM_SETS
from benchmarks.report import table

HEADER = ["set", "LanguageTool category", "findings", "per 1,000 words", "precision", "chance"]


def languagetool_section(data: Path, sets: Sequence[str]) -> str:
    """The LanguageTool part of the report (a line saying why when it is not measured)."""
    from benchmarks.eval import Auditor, Judged, Score, _merged, _pct, evaluate_conll, evaluate_mlqe, evaluate_mqm

    url = os.environ.get("AUDITOR_LT_URL")
    heading = "### LanguageTool (`--engine languagetool`)\n\n"
    if not url:
        return heading + "Not measured: set AUDITOR_LT_URL to a LanguageTool server to add these rows.\n"
    from auditor.engines import EngineUnavailable, load_engine
    from auditor.engines.languagetool.settings import LanguageToolSettings

    try:
        engine = load_engine("languagetool", LanguageToolSettings(server=url))
    except EngineUnavailable as error:
        return heading + f"Not measured: {error}\n"
    auditor = _WithLanguageTool(Auditor(), engine)
    scores: dict[str, Score] = {}
    mqm = [name for name in sets if name in MQM_SETS]
    if mqm:
        scores["MQM (machine translations)"] = _merged(evaluate_mqm(data, name, auditor)[0] for name in mqm)
    if MLQE in sets:
        scores["MLQE-PE"] = _merged(evaluate_mlqe(data, auditor).values())
    if CONLL in sets:
        scores["CoNLL-2014"] = evaluate_conll(data, auditor)
    rows = []
    for name, score in scores.items():
        found = score.only(lambda judged: judged.rule_id.startswith("LT:"))
        by_category: dict[str, list[Judged]] = {}
        for judged in found.judged:
            by_category.setdefault(auditor.categories.get(judged.rule_id, "?"), []).append(judged)
        for category, judged in sorted(by_category.items(), key=lambda item: -len(item[1])):
            part = dataclasses.replace(score, judged=judged)
            rows.append([name, category, len(part.judged), part.rate, _pct(part.precision), part.chance])
        rows.append([name, "all", len(found.judged), found.rate, _pct(found.precision), found.chance])
    return heading + (
        f"Server {url}. A LanguageTool finding is judged as auditor's are in the sections above; matches "
        "that repeat an auditor finding (same span and correction) are not counted.\n\n" + table(HEADER, rows) + "\n"
    )


class _WithLanguageTool:
    """An `eval.Auditor` whose audits run with the languagetool engine, noting each LT rule's category."""

    def __init__(self, auditor: Any, engine: Any) -> None:
        from auditor.check.document import context_for

        self.ruleset = auditor.ruleset
        self.context = context_for(self.ruleset, {"languagetool": engine})
        self.rule_names = auditor.rule_names
        self.categories: dict[str, str] = {}

    def audit(self, texts: Sequence[tuple[str, str]]) -> list[Any]:
        from auditor.findings.pipeline import audit_documents
        from auditor.text.document import Document

        results = audit_documents([Document(text, path) for path, text in texts], self.ruleset, self.context)
        for result in results:
            self.categories.update({rule.id: rule.category for rule in result.engine_rules.values()})
        return results
