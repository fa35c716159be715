"""Languages: the gettext catalogs, ``theme.language`` and Babel's dates and durations.

The catalogs must hold every text the templates and labels mark for translation
(extracted with the project's ``babel.cfg``, as ``pybabel extract`` does), each
shipped language must translate all of them, and the compiled ``.mo`` files must be
the ones ``pybabel compile`` makes from the ``.po`` files. A site's
``theme.language`` picks the catalog; machine outputs never change with it.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from lxml import html as lxml_html

from statuspress.build import ShellContext, build_outputs
from statuspress.render.i18n import (
    DOMAIN,
    LANGUAGES,
    LOCALE_DIR,
    Localizer,
    html_lang,
    translations,
)
from statuspress.render.templating import make_environment
from tests.support.builds import mkdocs_build, text, texts
from tests.support.embed_fixture import STATES, write_embed_fixture
from tests.support.sites import load

REPO = Path(__file__).resolve().parents[1]
TRANSLATED = [language for language in LANGUAGES if language != "en"]


def _extracted() -> set[str | tuple[str, ...]]:
    with open(REPO / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: set[str | tuple[str, ...]] = set()
    for _, _, message, _, _ in extract_from_dir(str(REPO), method_map, options_map):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def _catalog(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as file:
        return read_po(file)


def test_template_matches_what_the_sources_mark() -> None:
    """A text marked in a template or label is in statuspress.pot (run `pybabel extract`)."""
    pot = _catalog(LOCALE_DIR / f"{DOMAIN}.pot")
    in_pot = {m.id if isinstance(m.id, str) else tuple(m.id) for m in pot if m.id}
    extracted = _extracted()
    assert extracted - in_pot == set(), "marked but not in statuspress.pot"
    assert in_pot - extracted == set(), "in statuspress.pot but no longer marked"
    assert "All Systems Operational" in extracted and "Identified" in extracted


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalog_translates_every_marked_text(language: str) -> None:
    catalog = _catalog(LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po")
    translated = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in catalog if m.id}
    missing = [m for m in _extracted() if m not in translated]
    assert missing == [], f"{language}: no entry for {missing} (run `pybabel update`)"
    untranslated = [key for key, m in translated.items()
                    if not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy]
    assert untranslated == [], f"{language}: untranslated or fuzzy: {untranslated}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalog_is_current(language: str) -> None:
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(folder / f"{DOMAIN}.po"))
    assert (folder / f"{DOMAIN}.mo").read_bytes() == compiled.getvalue(), "run `pybabel compile`"


def test_language_codes() -> None:
    assert translations("de").gettext("Identified") == "Ursache erkannt"
    assert translations("de-AT").gettext("Identified") == "Ursache erkannt"  # falls back to de
    assert translations("pt-BR").gettext("Resolved") == "Resolvido"
    assert translations("ja").gettext("Resolved") == "解決済み"
    assert translations("en").gettext("Resolved") == "Resolved"
    assert translations("xx").gettext("Resolved") == "Resolved"  # unknown: English
    assert [html_lang(code) for code in ("en", "pt_BR", "pt-BR", "ja", "xx")] == ["en", "pt-BR", "pt-BR", "ja", "en"]


@pytest.mark.parametrize(("language", "one", "two"), [
    ("de", "Und 1 weiterer.", "Und 2 weitere."),
    ("fr", "Et 1 autre.", "Et 2 autres."),
    ("ja", "ほか 1 件。", "ほか 2 件。"),
])
def test_plurals_follow_the_language(language: str, one: str, two: str) -> None:
    catalog = translations(language)
    forms = [catalog.ngettext("And %(count)s more.", "And %(count)s more.", n) % {"count": n} for n in (1, 2)]
    assert forms == [one, two]


def test_dates_and_durations_for_the_locale() -> None:
    day = date(2026, 12, 6)
    delta = timedelta(hours=1, minutes=5)
    assert [Localizer(code).format_date(day) for code in ("en", "de", "fr", "es", "pt_BR", "ja")] == [
        "6 Dec 2026", "06.12.2026", "6 déc. 2026", "6 dic 2026", "6 de dez. de 2026", "2026/12/06",
    ]
    assert [Localizer(code).format_duration(delta) for code in ("en", "de", "fr", "ja")] == [
        "1 h 5 min", "1 Std. 5 Min.", "1\u202fh 5\xa0min", "1 時間 5 分",  # French spaces do not break
    ]
    assert Localizer("de").format_duration(timedelta(days=2)) == "2 Tg."
    assert Localizer("de").format_duration(timedelta(seconds=45)) == "45 Sek."
    assert Localizer("fr").format_duration(None) == "" and Localizer("fr").format_date(None) == ""


def _at(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.mark.parametrize(("language", "lang", "headline", "notice"), [
    ("de", "de", "Geringfügige Dienststörung",
     "Checkout errors Erhebliche Auswirkung · Ursache erkannt · aktualisiert 2026-05-10 09:40 UTC"),
    ("ja", "ja", "サービスの軽微な障害", "Checkout errors 重大な影響 · 原因特定 · 2026-05-10 09:40 UTC に更新"),
    ("pt-BR", "pt-BR", "Interrupção menor do serviço",
     "Checkout errors Impacto grave · Identificado · atualizado em 2026-05-10 09:40 UTC"),
])
def test_embed_page_in_the_site_language(tmp_path: Path, language: str, lang: str, headline: str,
                                         notice: str) -> None:
    site = load(write_embed_fixture(tmp_path))
    shell = ShellContext("Acme Status", language=language)
    files = build_outputs(site, _at(STATES["incident"]), make_environment(language=language), shell=shell).files
    tree = lxml_html.fromstring(files["embed/status/index.html"])
    assert tree.get("lang") == lang
    assert text(tree.xpath("//h1")[0]) == headline
    assert texts(tree, "//li")[0] == notice  # the incident's own title stays as written
    english = build_outputs(site, _at(STATES["incident"]), make_environment(), shell=ShellContext("Acme Status"))
    # Machine outputs do not change with the language.
    for path in ("api/v2/summary.json", "api/v2/status.json", "badge.json"):
        assert files[path] == english.files[path], path


def test_theme_language_picks_the_catalog(tmp_path: Path) -> None:
    root = write_embed_fixture(tmp_path)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["language"] = "fr"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    site = mkdocs_build(root, at=STATES["maintenance-active"])
    tree = lxml_html.fromstring((site / "embed/status/index.html").read_bytes())
    assert tree.get("lang") == "fr"
    assert text(tree.xpath("//h1")[0]) == "Service en maintenance"
    assert text(tree.xpath("//footer")[0]) == "Page d’état de Acme · au 2026-05-12 22:30 UTC"


def test_catalogs_are_in_the_wheel(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )
    (wheel,) = tmp_path.glob("statuspress-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for language in TRANSLATED:
        for suffix in ("po", "mo"):
            assert f"statuspress/locale/{language}/LC_MESSAGES/{DOMAIN}.{suffix}" in names
