"""The findings pipeline: what happens to a finding after a kind yielded it, for the API and the CLI alike.

`check.batch` returns each document's findings in text order, the per-document and the
cross-document rules' merged. `FILTERS` then run in this order, each taking the findings of
one result and returning those still to report (textlint's kernel does the same in `messages/`):

1. markup (`findings.markup`): drop findings about blanked markup, and fixes that would overwrite it;
2. suppression comments (`findings.suppress`): drop what `auditor-disable` covers, report unused ones;
3. config (`findings.config`): per-file ignores and severity overrides;
4. merge (`findings.merge`): one finding per problem, naming the other rules that reported it in `also`;
5. baseline (`findings.baseline`): drop the findings a `check --baseline` file records;
6. cap (`findings.cap`): at most `max-findings-per-rule` findings of a rule per document, and a note for the rest.

`audit_text`, `fix_text` and every CLI command go through `audit_stream`, so they report
the same findings for the same text, rules and config.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from auditor.check.batch import check_stream
from auditor.check.ceiling import CEILING_FACTOR
from auditor.check.document import Result
from auditor.check.parallel import Mapper
from auditor.context import CheckContext
from auditor.findings import suppress
from auditor.findings.cap import cap
from auditor.findings.config import Config
from auditor.findings.markup import respect_markup
from auditor.findings.merge import merge_duplicates
from auditor.model import Finding
from auditor.packs.load import RuleSet
from auditor.text.document import Document

if TYPE_CHECKING:
    from auditor.findings.baseline import Baseline


@dataclass(frozen=True)
class Shaping:
    """What the filters read besides a result: the rule set, the config, the baseline and the cap of the run."""

    ruleset: RuleSet
    config: Config = field(default_factory=Config)
    baseline: Baseline | None = None
    max_findings_per_rule: int | None = None  # None or 0: no cap


Filter = Callable[[Result, Shaping], list[Finding]]


def _markup(result: Result, shaping: Shaping) -> list[Finding]:
    return respect_markup(result.document, result.findings)


def _suppression(result: Result, shaping: Shaping) -> list[Finding]:
    return suppress.apply(result.document, result.findings, shaping.ruleset)


def _config(result: Result, shaping: Shaping) -> list[Finding]:
    return shaping.config.adjust(result.path, result.findings, result.document.text)


def _merge(result: Result, shaping: Shaping) -> list[Finding]:
    return merge_duplicates(result.document.text, result.findings, shaping.ruleset.rules)


def _baseline(result: Result, shaping: Shaping) -> list[Finding]:
    return result.findings if shaping.baseline is None else shaping.baseline.new_findings(result)


def _cap(result: Result, shaping: Shaping) -> list[Finding]:
    if not shaping.max_findings_per_rule:
        return result.findings
    kept, result.capped = cap(result.findings, shaping.max_findings_per_rule)
    return kept


FILTERS: tuple[Filter, ...] = (_markup, _suppression, _config, _merge, _baseline, _cap)


def shape(result: Result, shaping: Shaping) -> None:
    """Run every filter over the findings of `result`, in order."""
    for step in FILTERS:
        result.findings = step(result, shaping)


def audit_documents(documents: Sequence[Document], ruleset: RuleSet, context: CheckContext, **options: Any) -> list[Result]:
    """Audit documents (`audit_stream`, whose keyword options these are) and return every result, in input order."""
    return list(audit_stream(documents, ruleset, context, **options))


def audit_stream(
    documents: Iterable[Document],
    ruleset: RuleSet,
    context: CheckContext,
    *,
    config: Config | None = None,
    baseline: Baseline | None = None,
    on_document: Callable[[], None] | None = None,
    jobs: int = 1,
    capped: bool = True,
    mapper: Mapper | None = None,
    on_interrupt: Callable[[int], None] | None = None,
) -> Iterator[Result]:
    """Check documents together (`check.batch.check_stream`), then shape each one's findings (`FILTERS`) and yield it.

    With `capped` (reports), the config's `max-findings-per-rule` applies; `fix` and
    `baseline create` pass False, to act on every finding. Each document's segments are
    dropped once its findings are shaped (`Document.release`). `mapper` and `on_interrupt`:
    see `check_stream`.
    """
    config = config if config is not None else Config()
    shaping = Shaping(ruleset, config, baseline, config.max_findings_per_rule if capped else None)
    if shaping.max_findings_per_rule and baseline is None:  # a baseline may drop findings by the thousand
        context = replace(context, ceiling=shaping.max_findings_per_rule * CEILING_FACTOR)
    for result in check_stream(documents, ruleset, context, on_document=on_document, jobs=jobs, mapper=mapper, on_interrupt=on_interrupt):
        shape(result, shaping)
        result.document.release()
        yield result
