"""Choose the LM engine named by the config value ``ml.lm``.

Kept apart from :mod:`auditor.engines.ml.lm` because the trigram engine builds on that module's
shared interface: a factory inside it would make the two import each other.
"""

from __future__ import annotations

from auditor.engines.ml.lm import SurprisalModel, TransformersLM
from auditor.engines.ml.trigram import TrigramLM


def load_lm(spec: str, *, batch_size: int = 16) -> SurprisalModel:
    """The engine named by a config value ``ml.lm``: ``trigram``, ``gemma-3-270m`` (the packaged GGUF),
    a ``.gguf`` file, a model folder or a hub name."""
    if spec == "trigram":
        return TrigramLM()
    return TransformersLM(spec, batch_size=batch_size)
