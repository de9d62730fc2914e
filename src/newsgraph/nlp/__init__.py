"""spaCy pipeline and newsgraph's components."""
