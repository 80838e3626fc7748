"""The one merge of a batch run: the cross-document rules judge every document's summary together."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from auditor.context import CheckContext
from auditor.kinds.base import BatchRule
from auditor.model import Finding


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
            for path, finding in rule.check_batch(group, context):
                findings.setdefault(path, []).append(finding)
    return findings


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
