"""Evaluation against human annotations (`make eval`) and speed benchmarks (`make bench`)."""
