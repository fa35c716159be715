"""Markdown reads as on GitHub: each case is rendered by statuspress and compared with
the HTML that cmark-gfm (GitHub's renderer) gives for it, written out here as the
GFM spec gives it, after the same sanitising. Raw HTML is kept where the allow-list
allows it and removed where it does not, as GitHub does."""

from __future__ import annotations

import pytest

from statuspress.render.markdown import render, sanitise, to_html, to_text

#: (Markdown, cmark-gfm's HTML for it)
GFM_CASES = {
    "a list right after a line": (
        "Affected:\n- API\n- Webhooks\n",
        "<p>Affected:</p>\n<ul>\n<li>API</li>\n<li>Webhooks</li>\n</ul>\n",
    ),
    "two-space nesting": (
        "Affected:\n- API\n  - EU region\n  - US region\n- Dashboard\n",
        ("<p>Affected:</p>\n<ul>\n<li>API\n<ul>\n<li>EU region</li>\n<li>US region</li>\n</ul>\n</li>\n"
         "<li>Dashboard</li>\n</ul>\n"),
    ),
    "an ordered list that starts at 3": (
        "3. Drain the node\n4. Replace it\n",
        '<ol start="3">\n<li>Drain the node</li>\n<li>Replace it</li>\n</ol>\n',
    ),
    "a loose list": (
        "- one\n\n- two\n",
        "<ul>\n<li>\n<p>one</p>\n</li>\n<li>\n<p>two</p>\n</li>\n</ul>\n",
    ),
    "a table with alignments": (
        "| Region | Errors |\n| :--- | ---: |\n| eu-west | 3% |\n| us-east | `0` |\n",
        ('<table>\n<thead>\n<tr>\n<th align="left">Region</th>\n<th align="right">Errors</th>\n</tr>\n'
         '</thead>\n<tbody>\n<tr>\n<td align="left">eu-west</td>\n<td align="right">3%</td>\n</tr>\n'
         '<tr>\n<td align="left">us-east</td>\n<td align="right"><code>0</code></td>\n</tr>\n'
         "</tbody>\n</table>\n"),
    ),
    "a table with an escaped pipe and a short row": (
        "| a | b |\n| --- | --- |\n| x \\| y |\n",
        ("<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
         "<td>x | y</td>\n<td></td>\n</tr>\n</tbody>\n</table>\n"),
    ),
    "strikethrough": (
        "~~Partial outage~~ Degraded, ~once~",
        "<p><del>Partial outage</del> Degraded, <del>once</del></p>\n",
    ),
    "a task list": (
        "- [ ] Roll back\n- [x] Page the owner\n",
        ('<ul>\n<li><input type="checkbox" disabled="" /> Roll back</li>\n'
         '<li><input type="checkbox" checked="" disabled="" /> Page the owner</li>\n</ul>\n'),
    ),
    "autolinks": (
        "See www.commonmark.org/help, https://status.example.com/incidents/42. or ops@example.com",
        ('<p>See <a href="http://www.commonmark.org/help">www.commonmark.org/help</a>, '
         '<a href="https://status.example.com/incidents/42">https://status.example.com/incidents/42</a>. '
         'or <a href="mailto:ops@example.com">ops@example.com</a></p>\n'),
    ),
    "an angle-bracket autolink": (
        "<https://example.com/a?b=1&c=2>",
        '<p><a href="https://example.com/a?b=1&amp;c=2">https://example.com/a?b=1&amp;c=2</a></p>\n',
    ),
    "a hard and a soft line break": (
        "Rolled back.  \nMonitoring\nclosely.",
        "<p>Rolled back.<br />\nMonitoring\nclosely.</p>\n",
    ),
    "no smart punctuation": (
        "It's \"fixed\" -- mostly...",
        "<p>It's &quot;fixed&quot; -- mostly...</p>\n",
    ),
    "underscores inside words": (
        "snake_case_name and __bold__ and *em*",
        "<p>snake_case_name and <strong>bold</strong> and <em>em</em></p>\n",
    ),
    "a fenced code block with a language": (
        "```sql\nSELECT 1 < 2;\n```\n",
        '<pre><code class="language-sql">SELECT 1 &lt; 2;\n</code></pre>\n',
    ),
    "a heading and a quote": (
        "## Impact\n> Checkout failed for 4% of users.\n",
        "<h2>Impact</h2>\n<blockquote>\n<p>Checkout failed for 4% of users.</p>\n</blockquote>\n",
    ),
}

#: (Markdown, cmark-gfm's HTML for it, what remains after sanitising)
RAW_HTML_CASES = {
    "details and kbd are kept": (
        "<details>\n<summary>Logs</summary>\n\nThe **full** log.\n\n</details>\n\nPress <kbd>Ctrl</kbd>.",
        ("<details>\n<summary>Logs</summary>\n<p>The <strong>full</strong> log.</p>\n</details>\n"
         "<p>Press <kbd>Ctrl</kbd>.</p>\n"),
        ("<details>\n<summary>Logs</summary>\n<p>The <strong>full</strong> log.</p>\n</details>\n"
         "<p>Press <kbd>Ctrl</kbd>.</p>"),
    ),
    "a script block goes with its content": (
        "<script>alert(1)</script>\n\nAfter.",
        "<script>alert(1)</script>\n<p>After.</p>\n",
        "\n<p>After.</p>",
    ),
    "handlers and javascript: URLs go": (
        'An <img src="x.png" onerror="alert(1)"> and <a href="javascript:alert(2)" onclick="x">a link</a>',
        '<p>An <img src="x.png" onerror="alert(1)"> and <a href="javascript:alert(2)" onclick="x">a link</a></p>\n',
        '<p>An <img src="x.png"> and <a rel="noopener noreferrer nofollow">a link</a></p>',
    ),
    "a Markdown javascript: link loses its URL": (
        "[click](javascript:alert(1)) [data](data:text/html,x)",
        '<p><a href="javascript:alert(1)">click</a> <a href="data:text/html,x">data</a></p>\n',
        '<p><a rel="noopener noreferrer nofollow">click</a> <a rel="noopener noreferrer nofollow">data</a></p>',
    ),
    "iframes, styles and forms go": (
        'Text <iframe src="https://evil.example/"></iframe><style>p{}</style><form><input name=q></form>',
        '<p>Text <iframe src="https://evil.example/"></iframe><style>p{}</style><form><input name=q></form></p>\n',
        '<p>Text </p><input disabled=""><p></p>',
    ),
    "a task list box cannot be made into a text field": (
        '<input type="text" value="x" checked> <input type="checkbox" onclick="x">',
        '<p><input type="text" value="x" checked> <input type="checkbox" onclick="x"></p>\n',
        '<p><input checked="" disabled=""> <input type="checkbox" disabled=""></p>',
    ),
}


@pytest.mark.parametrize("case", GFM_CASES)
def test_gfm_case_renders_as_cmark_gfm(case: str) -> None:
    markdown, expected = GFM_CASES[case]
    assert render(markdown) == sanitise(expected).rstrip("\n")
    assert str(to_html(markdown)) == sanitise(expected).rstrip("\n")


@pytest.mark.parametrize("case", RAW_HTML_CASES)
def test_raw_html_is_sanitised_after_cmark_gfm(case: str) -> None:
    markdown, expected, sanitised = RAW_HTML_CASES[case]
    assert sanitise(expected).rstrip("\n") == sanitised
    assert render(markdown) == sanitised


def test_task_list_sanitised_as_github_shows_it() -> None:
    assert render("- [x] done") == '<ul>\n<li><input type="checkbox" checked="" disabled=""> done</li>\n</ul>'


def test_to_text_reads_gfm() -> None:
    plain = to_text("Affected:\n- API\n  - ~~EU~~ region\n\n| a |\n| - |\n| 1 < 2 & 3 |")
    assert plain.split("\n") == ["Affected:", "", "- API", "  - EU region", "", "a", "1 < 2 & 3"]
