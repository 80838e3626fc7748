"""Matching helpers that several rule kinds share; no kind imports another kind."""
