"""auditor's public Python API (docs/api.md): what `import auditor` offers.

The package root exports exactly `__all__`, loaded on first attribute access
(`auditor.__getattr__`), so that `auditor --help` imports none of this.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from auditor.check.document import Result, context_for
from auditor.context import CheckContext
from auditor.examples import verify_examples
from auditor.findings.config import Config
from auditor.findings.pipeline import audit_documents
from auditor.fix.apply import FixOutcome, apply_fixes, fix_text, fix_texts
from auditor.packs.load import RuleSet, load_packs
from auditor.read.inputs import SourceFile
from auditor.read.markup import document_for

__all__ = ["FixOutcome", "Result", "apply_fixes", "audit_text", "fix_text", "fix_texts", "load_ruleset"]


def load_ruleset(
    extra_dirs: Sequence[Path | str] = (),
    *,
    include_builtin: bool = True,
    verify_user_examples: bool = True,
) -> RuleSet:
    """Load the built-in packs plus user folders into one RuleSet.

    The examples of user packs are run at load time (a failing example stops loading, like
    prh); the built-in packs' examples are run by the test suite instead, keeping start-up fast.
    """
    loaded = load_packs(extra_dirs, include_builtin=include_builtin)
    if verify_user_examples:
        verify_examples(loaded.ruleset, loaded.user_packs)
    return loaded.ruleset


def audit_text(
    text: str,
    *,
    path: str = "<text>",
    ruleset: RuleSet | None = None,
    context: CheckContext | None = None,
    config: Config | None = None,
    source: str | None = None,
) -> Result:
    """Audit one text with the built-in rules (or `ruleset`) and return its Result.

    With `source`, the text is a translation of it, aligned line by line or paragraph by
    paragraph (`read.bitext`; raises `read.bitext.BitextError` when they do not align), and
    the source-aware rules check it against it.
    A `path` ending .md or .html makes the text Markdown or HTML (see `read.markup.document_for`).
    With `config` (`findings.config.load_config`), its rule packs, rule selection, options,
    per-file ignores, severities and engines apply as in `auditor check` (an engine that cannot
    load raises `auditor.engines.EngineUnavailable`).
    """
    if config is not None:
        ruleset = config.select_rules(ruleset if ruleset is not None else load_ruleset(config.rule_packs))
    ruleset = ruleset if ruleset is not None else load_ruleset()
    if context is None:
        context = context_for(ruleset, config.enabled_engines(), **config.context_options()) if config is not None else context_for(ruleset)
    return audit_documents([document_for(SourceFile(path, text, translated_from=source))], ruleset, context, config=config)[0]
