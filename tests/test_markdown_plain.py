"""The plain-paragraph shortcut of ``render.markdown`` gives exactly what the full
conversion (cmark-gfm, then nh3) gives, on every text it accepts: checked on random
texts over its alphabet and on tricky cases."""

from __future__ import annotations

import random

import pytest

from statuspress.render.markdown import plain_paragraph, render, to_html


def _full(text: str) -> str:
    return render(text)


@pytest.mark.parametrize("text", [
    "We are investigating elevated error rates on the API.",
    "Errors are limited to requests in eu-west (about 3%).",
    "Fixed at 10:30 UTC; monitoring.",
    "Back to normal!\n",
    "A + B = C?",
    "en -- dash, wait...",
    "two  spaces",
])
def test_accepted_texts(text: str) -> None:
    assert plain_paragraph(text) == _full(text)
    assert str(to_html(text)) == _full(text)


@pytest.mark.parametrize("text", [
    "    indented code", " leading space", "1. a list", "- a list", "# heading", "Two\nlines",
    "It's", 'A "quote"', "see https://x.example/", "www.example.com", "WWW.example.com",
    "mail ops@example.com", "a *b*", "a_b_c", "a `code`", "[link](x)", "x & y", "x < y", "a\tb",
    "trailing space ", "A | table", "~~struck~~", "",
])
def test_refused_texts(text: str) -> None:
    assert plain_paragraph(text) is None


def test_random_texts_agree_with_the_full_conversion() -> None:
    rng = random.Random(20260320)
    alphabet = "abcXYZ019 ,.;:()%/?!=+-"
    words = ["www", "http", "ftp", "UTC", "a", "I", "x", "--", "...", "://", "1.", "=", "+", "-"]
    checked = 0
    for _ in range(5000):
        parts = [
            rng.choice(words) if rng.random() < 0.3
            else "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
            for _ in range(rng.randint(1, 8))
        ]
        text = rng.choice("AbZ") + rng.choice(["", " "]).join(parts)
        plain = plain_paragraph(text)
        if plain is not None:
            assert plain == _full(text), text
            checked += 1
    assert checked > 1000
