"""Template overrides: the fingerprint that invalidates cached pages reads only
statuspress's template files, and every command takes overrides from the theme's
``custom_dir``, as the build does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from statuspress.build import templates_fingerprint
from statuspress.render.templating import is_template, make_environment
from tests.support.sites import incident_text, write_site

#: What an installed package or a Material custom_dir may hold besides templates.
BINARY = b"\xa7\x0d\x0d\x0a\x00\x00\x00\x00\xff\xfe"


def test_the_fingerprint_reads_only_template_files(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    (overrides / "statuspress" / "__pycache__").mkdir(parents=True)
    (overrides / "statuspress" / "__pycache__" / "test_site.cpython-311.pyc").write_bytes(BINARY)
    (overrides / "statuspress" / "init").mkdir()
    (overrides / "statuspress" / "init" / "logo.bin").write_bytes(BINARY)
    (overrides / "assets" / "images").mkdir(parents=True)
    (overrides / "assets" / "images" / "logo.png").write_bytes(BINARY)
    (overrides / "main.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    plain = templates_fingerprint(make_environment())
    assert templates_fingerprint(make_environment([overrides])) == plain

    (overrides / "statuspress" / "incident.html").write_text("{{ page.title }}", encoding="utf-8")
    assert templates_fingerprint(make_environment([overrides])) != plain


def test_is_template() -> None:
    assert is_template("statuspress/incident.html")
    assert is_template("statuspress/announce/update.slack")
    assert not is_template("statuspress/init/test_site.py.txt")
    assert not is_template("statuspress/__pycache__/x.cpython-311.pyc")
    assert not is_template("main.html")  # Material's, not ours
    assert not is_template("statuspress/images/logo.png")


def test_report_uses_the_theme_custom_dir(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"2026-03-14-api": incident_text()})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: theme-overrides\n"), encoding="utf-8")
    override = root / "theme-overrides" / "statuspress" / "report" / "metrics.md"
    override.parent.mkdir(parents=True)
    override.write_text("Our own report: {{ title }}.\n", encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1774008000"}
    env.pop("STATUSPRESS_AUDIENCE", None)
    result = subprocess.run([sys.executable, "-m", "statuspress", "report"], cwd=root, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Our own report: all time.\n"


def test_a_fixed_block_renders_once_per_key() -> None:
    """``{% fixed %}`` (the page shell's blocks) reuses its body for the same key
    values, renders it anew for others, and tells unhashable keys apart by identity."""
    env = make_environment()
    template = env.from_string(
        "{% for item in items %}{% fixed item.key, shell %}<{{ item.text }}>{% endfixed %}{% endfor %}"
    )
    a, b = {"name": "a"}, {"name": "a"}  # equal, but two objects: two shells
    items = [{"key": 1, "text": "one"}, {"key": 2, "text": "two & more"}, {"key": 1, "text": "ignored"}]
    assert template.render(items=items, shell=a) == "<one><two &amp; more><one>"
    assert template.render(items=items[2:], shell=b) == "<ignored>"
    assert template.render(items=items[2:], shell=a) == "<one>"
