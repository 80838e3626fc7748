"""The ml engine's settings (`[tool.auditor.ml]`), checked without importing torch.

```toml
[tool.auditor.ml]
lm = "trigram"          # or "gemma-3-270m", a .gguf file, a model folder, a hub name
batch-size = 32
device = "auto"         # auto | cpu | cuda
[tool.auditor.ml.thresholds]   # overrides of the calibrated thresholds
word-error = 0.89       # ML001: detector probability
close-gap = 10.0        # ML002: nats between the word and its close alternative
fluency-z = 3.0         # ML003: robust z-score within the document
paragraph-cosine = 0.15 # ML004: below this, a paragraph is out of place
story-cosine = 0.85     # story linking for cross-file consistency
```
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.engines import SettingsError

DEVICES = ("auto", "cpu", "cuda")
# threshold key -> (lowest, highest) allowed value
THRESHOLD_RANGES: dict[str, tuple[float, float]] = {
    "word-error": (0.0, 1.0),
    "close-gap": (0.0, 100.0),
    "fluency-z": (0.0, 100.0),
    "paragraph-cosine": (-1.0, 1.0),
    "story-cosine": (-1.0, 1.0),
}


@dataclass(frozen=True)
class MLSettings:
    lm: str = "trigram"
    batch_size: int = 32
    device: str = "auto"
    thresholds: tuple[tuple[str, float], ...] = ()
    """overrides, (key, value) sorted by key: the calibrated value applies to any key not here."""

    def threshold(self, key: str, calibrated: float) -> float:
        return dict(self.thresholds).get(key, calibrated)


def parse_settings(table: dict[str, Any]) -> MLSettings:
    """The settings in a `[tool.auditor.ml]` table; raise SettingsError naming the bad key."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key == "lm":
            if not isinstance(value, str) or not value.strip():
                raise SettingsError(key, 'must be "trigram", "gemma-3-270m", a model file or folder, or a hub name')
            values["lm"] = value.strip()
        elif key == "batch-size":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise SettingsError(key, "must be a whole number of 1 or more")
            values["batch_size"] = value
        elif key == "device":
            if value not in DEVICES:
                raise SettingsError(key, f"unknown device {value!r} (expected {', '.join(DEVICES)})")
            values["device"] = value
        elif key == "thresholds":
            values["thresholds"] = _thresholds(value)
        else:
            raise SettingsError(key, "unknown key (allowed: batch-size, device, lm, thresholds)")
    return MLSettings(**values)


def _thresholds(table: Any) -> tuple[tuple[str, float], ...]:
    if not isinstance(table, dict):
        raise SettingsError("thresholds", "must be a table of name = number")
    pairs = []
    for key, value in table.items():
        if key not in THRESHOLD_RANGES:
            raise SettingsError(f"thresholds.{key}", f"unknown threshold (allowed: {', '.join(THRESHOLD_RANGES)})")
        low, high = THRESHOLD_RANGES[key]
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
            raise SettingsError(f"thresholds.{key}", f"must be a number from {low:g} to {high:g}")
        pairs.append((key, float(value)))
    return tuple(sorted(pairs))
