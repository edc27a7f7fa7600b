"""kaoping — 考评."""
