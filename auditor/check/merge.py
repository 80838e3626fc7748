"""The one merge of a batch run: the cross-document rules judge every document's summary together."""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from auditor.context import CheckContext
from auditor.kinds.base import BatchRule
from auditor.model import Finding


class RunningMerge:
    """The merge fed each document's pickled summaries as phase one yields them, in input order.

    Rules whose judge reads summaries as they come (`BatchJudge.FED`) build their run-wide
    tables here while workers still check documents; `findings` then judges what was added.
    It gives `judge_summaries`'s findings for the same documents, and refuses (returns None) where
    it cannot: story groups (known only after phase one) or a path given twice.
    """

    def __init__(self, batch_rules: Sequence[BatchRule], context: CheckContext) -> None:
        self._judges = [(rule.id, rule.judge()) for rule in batch_rules if context.runs(rule.engine)]
        self._paths: set[str] = set()
        self.usable = True

    def add(self, path: str, pickled: Mapping[str, bytes]) -> None:
        """Take in one document's summaries (rule id -> pickled summary; a rule without one is absent)."""
        if path in self._paths:
            self.usable = False  # the run's mapping keeps a repeated path's last summary only
        self._paths.add(path)
        for rule_id, judge in self._judges:
            summary = pickled.get(rule_id)
            if judge.FED and summary is not None and self.usable:
                judge.add(path, pickle.loads(summary))

    def findings(self, summaries: Mapping[str, Mapping[str, Any]], context: CheckContext) -> dict[str, list[Finding]] | None:
        """Return the cross-document findings by path, `summaries` being what was added (rule id -> path -> summary)."""
        if not self.usable or context.stories is not None:
            return None
        findings: dict[str, list[Finding]] = {}
        for rule_id, judge in self._judges:
            _collect(findings, judge.findings(summaries[rule_id], context))
        return findings


def judge_summaries(batch_rules: Sequence[BatchRule], summaries: Mapping[str, Mapping[str, Any]], context: CheckContext) -> dict[str, list[Finding]]:
    """Return the findings of cross-document rules from their per-document summaries (rule id -> path -> summary).

    With story groups in the context (an engine linked the documents that report one story),
    each group is judged on its own: consistency across unrelated articles means nothing.
    """
    findings: dict[str, list[Finding]] = {}
    for rule in batch_rules:
        if not context.runs(rule.engine):
            continue
        by_path = summaries[rule.id]
        groups = [by_path] if context.stories is None else [_Subset(by_path, story) for story in context.stories]
        for group in groups:
            _collect(findings, rule.check_batch(group, context))
    return findings


def _collect(findings: dict[str, list[Finding]], found: Iterable[tuple[str, Finding]]) -> None:
    for path, finding in found:
        findings.setdefault(path, []).append(finding)


class _Subset(Mapping[str, Any]):
    """The summaries of some paths only (one story), read through to the run's mapping."""

    def __init__(self, summaries: Mapping[str, Any], paths: Sequence[str]) -> None:
        self._summaries = summaries
        self._paths = [path for path in paths if path in summaries]

    def __getitem__(self, path: str) -> Any:
        if path not in self._paths:
            raise KeyError(path)
        return self._summaries[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)
