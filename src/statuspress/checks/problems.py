"""Problems, re-exported where the checks produce them; they live in the leaf module
``statuspress.problems`` so that ``load`` can report them without importing ``checks``."""

from __future__ import annotations

from statuspress.problems import Level, Problem, errors

__all__ = ["Level", "Problem", "errors"]
