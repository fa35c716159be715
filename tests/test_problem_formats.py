"""Problem formats, in particular GitHub's workflow-command syntax, which must be exact
for annotations to land on the pull request's changed lines."""

from __future__ import annotations

import json

from statuspress.checks.formats import github_command, render_problems, summary_line
from statuspress.checks.problems import Problem


def test_github_command_shape() -> None:
    problem = Problem("incidents/2026-03-14-api.md", 7, "error", "`title` is required but missing", "missing")
    assert github_command(problem) == (
        "::error file=incidents/2026-03-14-api.md,line=7,title=statuspress missing::"
        "`title` is required but missing"
    )


def test_github_command_escapes_data_and_properties() -> None:
    # GitHub's rules: in the message, % CR LF become %25 %0D %0A; in property values,
    # additionally : and , become %3A and %2C.
    problem = Problem("incidents/a,b:c%.md", 3, "warning", "50% done\r\nnext: line, with comma", "x:y,z")
    assert github_command(problem) == (
        "::warning file=incidents/a%2Cb%3Ac%25.md,line=3,title=statuspress x%3Ay%2Cz::"
        "50%25 done%0D%0Anext: line, with comma"
    )


def test_text_format_ends_with_a_summary() -> None:
    problems = [
        Problem("a.md", 1, "error", "one"),
        Problem("b.md", 2, "warning", "two"),
    ]
    assert render_problems(problems, "text", 5) == "a.md:1: error: one\nb.md:2: warning: two\n1 error, 1 warning in 2 of 5 files"
    assert summary_line([], 1) == "1 file OK"
    assert summary_line([Problem("a", 1, "error", "x")] * 2, 2) == "2 errors in 1 of 2 files"
    # Every file checked has a problem: not "in 2 of 2 files".
    assert summary_line([Problem("a", 1, "error", "x"), Problem("b", 1, "error", "y")], 2) == "2 errors in 2 files"


def test_json_format() -> None:
    text = render_problems([Problem("a.md", 1, "error", "é", "code")], "json", 1)
    assert json.loads(text) == {
        "files": 1, "errors": 1, "warnings": 0,
        "problems": [{"path": "a.md", "line": 1, "level": "error", "code": "code", "message": "é"}],
    }
    assert "é" in text  # UTF-8, not \u escapes
