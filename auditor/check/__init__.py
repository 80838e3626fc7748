"""Check: run the rules over documents, one at a time or in worker processes, then across documents."""
