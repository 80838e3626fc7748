"""Segment: source offsets, paragraphs, sentences, words, name-like spans and readability counts of a document."""
