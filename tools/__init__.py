"""Maintenance tools for the repository itself (not part of the installed package)."""
