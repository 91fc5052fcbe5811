"""Letter analysis: pure functions from a parsed letter (and the user's context) to labels."""
