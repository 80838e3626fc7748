"""LanguageTool's findings for auditor: `check_texts(texts, settings)` returns plain matches.

Nothing here is imported unless the engine is enabled; it needs only the standard library
and a LanguageTool server (see docs/languagetool.md).
"""

from auditor.engines.languagetool.client import EngineUnavailable
from auditor.engines.languagetool.dedup import Agreement, agreements
from auditor.engines.languagetool.engine import Match, check_texts
from auditor.engines.languagetool.settings import LanguageToolSettings

__all__ = ["Agreement", "EngineUnavailable", "LanguageToolSettings", "Match", "agreements", "check_texts"]
