"""Derived views: pure functions of a loaded site and an as-of time."""
