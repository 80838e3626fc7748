"""Optional engines, imported lazily and only when enabled (their dependencies are extras)."""
