"""The Mesa agents: residents and the institutions that serve their needs (a package, so linters see it)."""
