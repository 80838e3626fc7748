"""The merge fed summaries while phase one runs (`RunningMerge`, `LocalMapper`'s merger) finds what the merge of all summaries at the end finds."""

from __future__ import annotations

import multiprocessing
import pickle
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.check.document import check_one, context_for
from auditor.check.merge import RunningMerge, judge_summaries
from auditor.check.parallel import FindingsFile, LocalMapper
from auditor.kinds.base import BatchRule
from auditor.packs.load import RuleSet
from auditor.text.document import Document
from tests.conftest import SEEDS

TEXTS = [
    "Foreign Ministry spokeswoman Hua Chunying said the coronavirus spread.",
    "Hua Chuning said the corona virus spread. Hua Chunying spoke later.",
    "Hua Chunying repeated that the coronavirus spread.",
]


def _summaries(documents: list[Document], ruleset: RuleSet) -> list[tuple[str, dict[str, bytes]]]:
    context = context_for(ruleset)
    return [(document.path, check_one(document, ruleset, context).summaries) for document in documents]


def _by_rule(fed: list[tuple[str, dict[str, bytes]]], rules: list[BatchRule]) -> dict[str, dict[str, object]]:
    return {rule.id: {path: pickle.loads(pickled[rule.id]) for path, pickled in fed if rule.id in pickled} for rule in rules}


def _batch_rules(ruleset: RuleSet) -> list[BatchRule]:
    return [rule for rule in ruleset.rules if isinstance(rule, BatchRule)]


def test_fed_merge_finds_what_the_whole_merge_finds(ruleset: RuleSet) -> None:
    documents = [Document(text, f"{n}.txt") for n, text in enumerate(TEXTS)]
    documents += [Document(seed.read_text(encoding="utf-8"), seed.name) for seed in sorted(SEEDS.glob("*.txt"))]
    fed = _summaries(documents, ruleset)
    rules, context = _batch_rules(ruleset), context_for(ruleset)
    running = RunningMerge(rules, context)
    for path, pickled in fed:
        running.add(path, pickled)
    whole = judge_summaries(rules, _by_rule(fed, rules), context)
    assert running.findings(_by_rule(fed, rules), context) == whole
    assert any(f.rule_id == "CS001" and f.fix is not None and f.fix.edits[0].replacement == "Hua Chunying" for f in whole["1.txt"])


def test_fed_merge_refuses_a_repeated_path_and_story_groups(ruleset: RuleSet) -> None:
    fed = _summaries([Document(text, f"{n}.txt") for n, text in enumerate(TEXTS)], ruleset)
    rules, context = _batch_rules(ruleset), context_for(ruleset)
    repeated = RunningMerge(rules, context)
    for path, pickled in [*fed, fed[0]]:
        repeated.add(path, pickled)
    assert repeated.findings(_by_rule(fed, rules), context) is None
    grouped = RunningMerge(rules, context)
    for path, pickled in fed:
        grouped.add(path, pickled)
    assert grouped.findings(_by_rule(fed, rules), replace(context, stories=(("0.txt", "1.txt"),))) is None


@pytest.fixture
def one_document_per_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.check import parallel

    monkeypatch.setattr(parallel, "BATCH_CHARACTERS", 1)


@pytest.mark.usefixtures("one_document_per_batch")
def test_workers_merge_beside_the_map_and_over_again_when_cut_short(ruleset: RuleSet) -> None:
    context, rules = context_for(ruleset), _batch_rules(ruleset)
    documents = [Document(text, f"{n}.txt") for n, text in enumerate(TEXTS)]
    expected = judge_summaries(rules, _by_rule(_summaries(documents, ruleset), rules), context)
    mapper = LocalMapper(jobs=2)
    assert len(list(mapper.map(documents, ruleset, context))) == 3
    # Merged beside the map, from what the workers sent: the summaries given here are not read.
    beside = mapper.merge(rules, {rule.id: {} for rule in rules}, context)
    assert {path: beside[path] for path in beside} == expected
    # A map left before its end (Ctrl-C) is merged over again, from the summaries given.
    mapped = mapper.map(documents, ruleset, context)
    next(mapped)
    mapped.close()
    assert mapper.merge(rules, {rule.id: {} for rule in rules}, context) == {}


def test_own_findings_are_pickled_once_where_they_are_made(ruleset: RuleSet) -> None:
    """A worker pickles a document's findings; the parent passes the bytes on (to the spool) unread."""
    checked = check_one(Document(TEXTS[1], "1.txt"), ruleset, context_for(ruleset))
    findings, measured = checked.own.unpack()
    assert findings and "corona virus" in checked.fixed_forms  # a term rule proposes "coronavirus"
    sent = pickle.loads(pickle.dumps(checked))  # as the worker sends it back
    spooled = pickle.dumps(sent.own)
    assert spooled == pickle.dumps(checked.own)  # the same bytes, not pickled again
    assert pickle.loads(spooled).unpack() == (findings, measured)
    assert sent.summaries == checked.summaries and sent.fixed_forms == checked.fixed_forms


def test_the_judged_findings_come_back_through_an_unlinked_file(ruleset: RuleSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The process that judges writes each path's findings; the parent reads them back by path.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    documents = [Document(text, f"{n}.txt") for n, text in enumerate(TEXTS)]
    rules = _batch_rules(ruleset)
    found = judge_summaries(rules, _by_rule(_summaries(documents, ruleset), rules), context_for(ruleset))
    assert found  # "Hua Chuning", "corona virus"
    judged = FindingsFile()
    fork = multiprocessing.get_context("fork")
    ours, theirs = fork.Pipe()
    writer = fork.Process(target=lambda: theirs.send(judged.write(found)))
    writer.start()
    places = ours.recv()
    writer.join()
    assert dict(judged.opened(places)) == found
    assert all(path in judged for path in found) and "elsewhere.txt" not in judged
    assert list(tmp_path.iterdir()) == []  # nothing left behind, whatever becomes of the run
