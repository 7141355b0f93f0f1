"""Use cases: the only code that calls both a stage and the store."""
