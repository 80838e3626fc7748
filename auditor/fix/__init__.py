"""Fix: apply findings' edits, re-audit until stable, write files back atomically."""
