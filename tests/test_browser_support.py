"""The real-browser test helpers work: serving, Chromium, axe-core and screenshots."""

from __future__ import annotations

import struct
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.browser import (
    DESKTOP,
    PHONE,
    axe_violations,
    collect_console_errors,
    filter_violations,
    format_violations,
    save_screenshot,
    serve_directory,
    set_viewport,
)

GOOD_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Acme Status</title>
  <link rel="icon" href="dot.svg">
  <style>
    body { font-family: sans-serif; margin: 0; color: #1a1a1a; background: #fff; }
    header, main, footer { padding: 1rem 2rem; }
    header { background: #0b3d91; color: #fff; }
    .ok { background: #e6f4ea; color: #0d5223; border-left: 6px solid #188038; padding: 1rem; }
    a { color: #0b57d0; }
  </style>
</head>
<body>
  <header><p>Acme Cloud</p></header>
  <main>
    <h1>All systems operational</h1>
    <p class="ok">Every component is working normally.</p>
    <img src="dot.svg" alt="Operational" width="16" height="16">
    <button type="button">Subscribe</button>
    <p><a href="history/">Incident history</a></p>
  </main>
  <footer><p>Powered by statuspress</p></footer>
</body>
</html>
"""

BAD_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Broken</title></head>
<body>
  <main>
    <h1>Broken page</h1>
    <img src="dot.svg">
    <button type="button"></button>
  </main>
</body>
</html>
"""

DOT_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16">'
    '<circle cx="8" cy="8" r="7" fill="#188038"/></svg>'
)


def _write(root: Path, html: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text(html, encoding="utf-8")
    (root / "dot.svg").write_text(DOT_SVG, encoding="utf-8")
    return root


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


# --------------------------------------------------------------------------- no browser needed


def test_serve_directory_serves_files_then_stops(tmp_path: Path) -> None:
    _write(tmp_path, GOOD_PAGE)
    with serve_directory(tmp_path) as base_url:
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/")
        with urllib.request.urlopen(base_url, timeout=5) as response:
            assert response.status == 200
            assert "All systems operational" in response.read().decode()
        with urllib.request.urlopen(base_url + "dot.svg", timeout=5) as response:
            assert response.headers["Content-Type"] == "image/svg+xml"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base_url + "nope.html", timeout=5)
        assert missing.value.code == 404
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base_url, timeout=2)


def test_serve_directory_rejects_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), serve_directory(tmp_path / "missing"):
        pass


def test_filter_and_format_violations() -> None:
    violations = [
        {"id": "region", "impact": "moderate", "help": "Content in landmarks", "nodes": [{"target": ["p"]}]},
        {
            "id": "image-alt",
            "impact": "critical",
            "help": "Images must have alternative text",
            "helpUrl": "https://example.invalid/image-alt",
            "nodes": [{"target": [f"img:nth-child({i})"]} for i in range(1, 6)],
        },
        {"id": "color-contrast", "impact": "serious", "help": "Contrast", "nodes": [{"target": [["iframe", "p"]]}]},
    ]
    serious = filter_violations(violations)
    assert [v["id"] for v in serious] == ["image-alt", "color-contrast"]
    assert [v["id"] for v in filter_violations(violations, "critical")] == ["image-alt"]
    assert len(filter_violations(violations, "minor")) == 3
    with pytest.raises(ValueError, match="min_impact must be one of"):
        filter_violations(violations, "severe")

    message = format_violations(serious)
    assert "2 accessibility violation(s)" in message
    assert "image-alt [critical] Images must have alternative text (5 element(s))" in message
    assert "img:nth-child(3)" in message and "img:nth-child(4)" not in message
    assert "... and 2 more" in message
    assert "iframe >> p" in message
    assert format_violations([]) == "no accessibility violations"


# --------------------------------------------------------------------------- in Chromium


def test_accessible_page_renders_and_passes_axe(page, tmp_path: Path) -> None:
    site = _write(tmp_path / "good", GOOD_PAGE)
    errors = collect_console_errors(page)
    with serve_directory(site) as base_url:
        page.goto(base_url)
        heading = page.get_by_role("heading", level=1, name="All systems operational")
        assert heading.is_visible()
        assert page.title() == "Acme Status"
        # The image really loaded over HTTP.
        assert page.eval_on_selector("img", "img => img.complete && img.naturalWidth") == 16

        violations = axe_violations(page)
        assert violations == [], format_violations(violations)

        desktop = save_screenshot(page, "browser-support-good-desktop")
        set_viewport(page, PHONE)
        phone = save_screenshot(page, "browser-support-good-phone")
    assert errors == []
    assert _png_size(desktop) == DESKTOP
    assert _png_size(phone) == PHONE


def test_axe_reports_missing_alt_and_button_name(page, tmp_path: Path) -> None:
    site = _write(tmp_path / "bad", BAD_PAGE)
    with serve_directory(site) as base_url:
        page.goto(base_url)
        violations = axe_violations(page)
    ids = {v["id"] for v in violations}
    assert {"image-alt", "button-name"} <= ids, format_violations(violations)
    assert all(v["impact"] in ("serious", "critical") for v in violations)
    message = format_violations(violations)
    assert "image-alt" in message and "button-name" in message and "img" in message


def test_axe_context_limits_the_check(page, tmp_path: Path) -> None:
    site = _write(tmp_path / "bad", BAD_PAGE)
    with serve_directory(site) as base_url:
        page.goto(base_url)
        only_heading = axe_violations(page, context="h1")
    assert only_heading == [], format_violations(only_heading)
