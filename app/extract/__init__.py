"""Pure extraction: article text in, typed facts out. Knows nothing of the database or HTTP."""
