"""Training code for the ml engine's models (not part of the installed package)."""
