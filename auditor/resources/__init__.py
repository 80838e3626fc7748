"""Shared pack data that kinds consult: gazetteer, name mentions, word frequencies."""
