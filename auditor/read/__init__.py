"""Read: find and decode inputs, list changed files, turn markup into prose views."""
