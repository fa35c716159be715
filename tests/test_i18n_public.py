"""The public site in the reader's language (``theme.language``).

The pages' fixed words, plurals, dates, numbers and durations, the feeds' titles and
``language``, the calendar's name and ``LANGUAGE`` parameters, the SVG badge, the
widget's words, the announcements and Material's own texts follow the language;
incident texts stay as written, and machine outputs (the JSON API, ``badge.json``)
are the same bytes in every language.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import feedparser
import icalendar
import pytest
import yaml
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html

from statuspress.build import ShellContext, build_outputs
from statuspress.cli import cli
from statuspress.load import Site
from statuspress.plugin import material_translations
from statuspress.render.announce import render_announcement
from statuspress.render.embed import widget_texts
from statuspress.render.i18n import Localizer
from statuspress.render.templating import make_environment
from statuspress.views.incident_state import incident_state
from tests.support.builds import environ, epoch, mkdocs_build, text, texts
from tests.support.sites import load, write_site
from tests.support.status_fixture import AT, write_status_fixture

MOMENT = datetime.fromisoformat(AT.replace("Z", "+00:00"))
MATERIAL_TEMPLATES = Path(__import__("material").__file__).parent / "templates"


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_status_fixture(tmp_path_factory.mktemp("i18n-public"))


@pytest.fixture(scope="module")
def site(fixture_root: Path) -> Site:
    return load(fixture_root)


@pytest.fixture(scope="module")
def outputs(site: Site) -> dict[str, dict[str, bytes]]:
    return {
        language: build_outputs(site, MOMENT, make_environment(language=language),
                                shell=ShellContext("Acme Status", language=language)).files
        for language in ("en", "de", "fr", "ja", "pt-BR")
    }


def _tree(files: dict[str, bytes], path: str) -> Any:
    return lxml_html.fromstring(files[path])


def test_status_page_in_german(outputs: dict[str, dict[str, bytes]]) -> None:
    tree = _tree(outputs["de"], "index.html")
    assert tree.get("lang") == "de"
    assert texts(tree, "//h1|//h2") == ["Status von Acme", "Aktive Vorfälle", "Geplante Wartung", "Komponenten",
                                        "Letzte 7 Tage"]
    assert texts(tree, "//div[contains(@class,'sp-banner')]") == [
        "Teilweiser Systemausfall Aktualisiert 2026-03-20 12:00 UTC"]
    assert texts(tree, "//*[contains(@class,'sp-notice__meta')]") == [
        "Kritische Auswirkung · Ursache erkannt · begonnen 2026-03-19 23:00 UTC, seit 13 Std. andauernd",
        "Ursache erkannt · 2026-03-20 01:00 UTC",
        "Komponenten: Website (Totalausfall)",
        "Geplant · 2026-03-25 22:00 UTC – 2026-03-25 23:00 UTC",
        "Komponenten: Database",
    ]
    assert texts(tree, "//p[contains(@class,'sp-bar__legend')]")[0] == (
        "vor 90 Tagen vor 30 Tagen 99,97 % Verfügbarkeit über 90 Tage Heute")
    assert tree.xpath("//ol[contains(@class,'sp-bar')]/@aria-label")[0] == (
        "API: Verfügbarkeit pro Tag in den letzten 90 Tagen")
    days = texts(tree, "//li[contains(@class,'sp-day')]")
    assert "17.03.2026 100 % Verfügbarkeit. Eingeschränkte Leistung für 30 Min.: Slow database queries" in days
    # Incident titles stay as written; the words around them are German.
    assert texts(tree, "//li[contains(@class,'sp-incident-item')]") == [
        "Slow database queries Geringe Auswirkung · 2026-03-17 23:30 UTC · Dauer 1 Std.",
        "Elevated API errors Erhebliche Auswirkung · 2026-03-14 09:00 UTC · Dauer 1 Std. 30 Min.",
    ]
    assert texts(tree, "//nav[contains(@class,'sp-subscribe')]") == ["RSS-Feed Atom-Feed JSON-API Wartungskalender"]
    assert tree.xpath("//meta[@name='description']/@content") == ["Aktueller Status von Acme: Teilweiser Systemausfall."]
    assert tree.xpath("//link[@rel='alternate']/@title") == [
        "Acme Status - Vorfallhistorie (RSS)", "Acme Status - Vorfallhistorie (Atom)"]
    assert texts(tree, "//a[contains(@class,'md-tabs__link')]") == ["Status", "Verlauf"]
    assert texts(tree, "//a[contains(@class,'md-skip')]") == ["Zum Inhalt springen"]
    assert tree.xpath("//meta[@name='statuspress-local-time']/@content") == ["(Ihre Zeit)"]


def test_incident_and_history_pages_in_japanese(outputs: dict[str, dict[str, bytes]]) -> None:
    incident = _tree(outputs["ja"], "incidents/2026-03-14-api-errors/index.html")
    assert incident.get("lang") == "ja"
    assert texts(incident, "//h1|//h2") == ["Elevated API errors", "影響を受けたコンポーネント", "進捗", "更新情報"]
    assert texts(incident, "//dl[contains(@class,'sp-summary')]/div") == [
        "影響 重大な影響", "ステータス 解決済み", "開始 2026-03-14 09:00 UTC", "解決済み 2026-03-14 10:30 UTC",
        "継続時間 1 時間 30 分",
    ]
    assert texts(incident, "//li[contains(@class,'sp-stage')]") == [
        "調査中 (完了) 2026-03-14 09:05 UTC", "原因特定 (完了) 2026-03-14 09:45 UTC", "監視中 (スキップ)",
        "解決済み (現在の段階) 2026-03-14 10:30 UTC",
    ]
    assert texts(incident, "//span[contains(@class,'sp-update__stage')]") == ["解決済み", "原因特定", "更新", "調査中"]
    history = _tree(outputs["ja"], "history/index.html")
    assert texts(history, "//h1|//h2") == ["インシデント履歴 2 ページ中 1 ページ目", "2026年3月"]
    assert texts(history, "//p[contains(@class,'sp-muted')]") == ["2026年3月17日 – 2026年3月19日"]
    assert texts(history, "//nav[contains(@class,'sp-pagination')]") == ["← 新しい 1 / 2 ページ 古い →"]
    assert texts(history, "//li[contains(@class,'sp-incident-item')]")[0] == (
        "Website unreachable 致命的な影響 · 2026-03-19 23:00 UTC · 継続中")


def test_numbers_dates_and_months_follow_the_locale(outputs: dict[str, dict[str, bytes]]) -> None:
    legend = {lang: texts(_tree(files, "index.html"), "//span[contains(@class,'sp-uptime')]")[0]
              for lang, files in outputs.items()}
    assert legend == {
        "en": "99.97 % uptime over 90 days",
        "de": "99,97 % Verfügbarkeit über 90 Tage",
        "fr": "99,97 % de disponibilité sur 90 jours",
        "ja": "稼働率 99.97 % （90 日間）",
        "pt-BR": "99,97 % de disponibilidade em 90 dias",
    }
    months = {lang: texts(_tree(files, "history/index.html"), "//h2[contains(@class,'sp-month__title')]")
              for lang, files in outputs.items()}
    assert months == {"en": ["March 2026"], "de": ["März 2026"], "fr": ["mars 2026"], "ja": ["2026年3月"],
                      "pt-BR": ["março de 2026"]}


@pytest.mark.parametrize(("language", "legend"), [
    ("en", "1 day ago 1 day ago 100 % uptime Today"),
    ("de", "vor 1 Tag vor 1 Tag 100 % Verfügbarkeit Heute"),
    ("fr", "il y a 1 jour il y a 1 jour 100 % de disponibilité Aujourd’hui"),
])
def test_plurals_of_one(tmp_path: Path, language: str, legend: str) -> None:
    site = load(write_site(tmp_path, uptime_days=1))
    files = build_outputs(site, MOMENT, make_environment(language=language),
                          shell=ShellContext("Acme Status", language=language)).files
    tree = _tree(files, "index.html")
    assert texts(tree, "//p[contains(@class,'sp-bar__legend')]")[0] == legend
    recent = {"en": "Past 7 days", "de": "Letzte 7 Tage", "fr": "7 derniers jours"}[language]
    assert text(tree.xpath("//h2[@id='sp-recent']")[0]) == recent


@pytest.mark.parametrize(("language", "tag", "title", "stage"), [
    ("de", "de", "Acme Status - Vorfallhistorie", "Ursache erkannt"),
    ("pt-BR", "pt-BR", "Status de Acme - Histórico de incidentes", "Identificado"),
    ("en", "en", "Acme Status - Incident History", "Identified"),
])
def test_feeds_speak_the_site_language(outputs: dict[str, dict[str, bytes]], language: str, tag: str,
                                       title: str, stage: str) -> None:
    files = outputs[language]
    for path in ("history.rss", "history.atom"):
        parsed = feedparser.parse(files[path])
        assert parsed.bozo == 0, path
        assert parsed.feed.language == tag, path
        assert parsed.feed.title == title, path
        entry = parsed.entries[0]
        assert entry.title == "Website unreachable"  # incident text stays as written
        html = entry.content[0].value if "content" in entry else entry.summary  # RSS: description
        assert f"<strong>{stage}</strong>" in html, path
    rss = feedparser.parse(files["history.rss"])
    assert rss.feed.subtitle == Localizer(language).gettext(
        "Incidents and maintenance of %(name)s, newest first", name="Acme")
    assert b'xml:lang="' + tag.encode() + b'"' in files["history.atom"]


def test_component_feed_in_german(outputs: dict[str, dict[str, bytes]]) -> None:
    parsed = feedparser.parse(outputs["de"]["components/api/history.atom"])
    assert parsed.feed.title == "Acme Status - Vorfallhistorie von API"
    assert parsed.feed.subtitle == "Vorfälle und Wartungen von Acme, die API betrafen"


@pytest.mark.parametrize(("language", "tag", "name", "stage"), [
    ("de", "de", "Geplante Wartungen von Acme", "Geplant"),
    ("ja", "ja", "Acme の計画メンテナンス", "予定"),
    ("en", "en", "Acme scheduled maintenance", "Scheduled"),
])
def test_calendar_speaks_the_site_language(outputs: dict[str, dict[str, bytes]], language: str, tag: str,
                                           name: str, stage: str) -> None:
    calendar = icalendar.Calendar.from_ical(outputs[language]["maintenance.ics"])
    assert str(calendar["X-WR-CALNAME"]) == name
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Database upgrade"
    assert event["SUMMARY"].params["LANGUAGE"] == tag
    assert event["DESCRIPTION"].params["LANGUAGE"] == tag
    assert f"2026-03-18 10:00 UTC · {stage}\nWe will upgrade the database" in str(event["DESCRIPTION"])


def test_machine_outputs_never_change_with_the_language(outputs: dict[str, dict[str, bytes]]) -> None:
    english = outputs["en"]
    machine = [p for p in english if p.startswith("api/") or p == "badge.json"]
    assert "api/v2/summary.json" in machine and len(machine) >= 5
    for language, files in outputs.items():
        for path in machine:
            assert files[path] == english[path], (language, path)
    assert json.loads(outputs["de"]["badge.json"])["message"] == "Partial System Outage"


def test_badge_svg_in_the_site_language(outputs: dict[str, dict[str, bytes]]) -> None:
    svg = {lang: etree.fromstring(files["badge.svg"]) for lang, files in outputs.items()}
    title = "{http://www.w3.org/2000/svg}title"
    assert svg["de"].findtext(title) == "Status: Teilweiser Systemausfall"
    assert svg["en"].findtext(title) == "status: Partial System Outage"
    assert svg["ja"].findtext(title) == "ステータス: システムの部分的な障害"
    # A CJK glyph is about one em wide: the badge grows with it rather than squeezing it.
    assert int(svg["ja"].get("width")) > 11 * len("システムの部分的な障害")


def _widget_bytes(script: bytes) -> bytes:
    match = re.search(rb"/\*texts\*/(\{.*?\})/\*end texts\*/", script, re.S)
    assert match is not None
    return match.group(1)


def _widget_object(script: bytes) -> dict[str, str]:
    found: dict[str, str] = json.loads(_widget_bytes(script))
    return found


def test_widget_words(outputs: dict[str, dict[str, bytes]]) -> None:
    # The English object in the shipped script is what the catalog gives for English:
    # a word added to one and not the other fails here.
    assert _widget_object(outputs["en"]["embed/widget.js"]) == widget_texts(Localizer("en"))
    german = _widget_object(outputs["de"]["embed/widget.js"])
    assert german == widget_texts(Localizer("de"))
    assert (german["identified"], german["major"], german["dismiss"]) == (
        "Ursache erkannt", "Erhebliche Auswirkung", "Diesen Hinweis schließen")
    assert german["starts_until"] == "Beginnt {start}, bis {end}"
    assert (german["more_one"], german["more_other"]) == (
        "Und {count} weiterer auf der Statusseite", "Und {count} weitere auf der Statusseite")
    # Its dates and its notice's lang attribute follow the site's language, not the browser's.
    assert (german["lang"], _widget_object(outputs["ja"]["embed/widget.js"])["lang"]) == ("de", "ja")
    assert _widget_bytes(outputs["ja"]["embed/widget.js"]).isascii()  # escaped, whatever charset a host sends


GERMAN_DECLARATION = """\
[SEV1] Vorfall ausgerufen: Website unreachable

Wir haben einen Vorfall ausgerufen und arbeiten daran.

Schweregrad: SEV1 (Critical)
Auswirkung: Kritisch
Status: Ursache erkannt
Betroffen: Website (Totalausfall)
Begonnen: 2026-03-19 23:00 UTC (vor 13 Std.)
Incident Commander: noch nicht zugewiesen

A load balancer failed; we are replacing it.

Nächste Aktualisierung: bis 2026-03-20 01:30 UTC (alle 30 Min.)
Statusseite: https://status.acme.test/incidents/2026-03-19-web-down/
"""


def test_announcement_in_german(site: Site) -> None:
    state = incident_state(site.incidents_by_id["2026-03-19-web-down"], MOMENT)
    assert render_announcement(state, site.config, "declared", "text", make_environment(language="de")) == (
        GERMAN_DECLARATION)
    resolved = render_announcement(incident_state(site.incidents_by_id["2026-03-14-api-errors"], MOMENT),
                                   site.config, "resolved", "slack", make_environment(language="de"))
    assert resolved.splitlines()[:2] == [
        ":white_check_mark: *[SEV2] Behoben: Elevated API errors*",
        "*Dauer:* 1 Std. 30 Min. (2026-03-14 09:00 UTC bis 2026-03-14 10:30 UTC)",
    ]
    assert "*Postmortem:* für SEV2 erforderlich; fällig am 2026-03-20 (5 Werktage nach der Behebung)" in resolved


def _with_language(root: Path, language: str) -> Path:
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["language"] = language
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


def test_announce_command_uses_theme_language(tmp_path: Path) -> None:
    root = _with_language(write_status_fixture(tmp_path), "de")
    with environ(SOURCE_DATE_EPOCH=epoch(AT)):
        result = CliRunner().invoke(cli, ["announce", "2026-03-19-web-down", "--template", "declared",
                                          "--config-file", str(root / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert result.output == GERMAN_DECLARATION


def test_material_texts_come_from_material() -> None:
    dirs = [MATERIAL_TEMPLATES]
    german = material_translations("de", dirs)
    assert (german["search.placeholder"], german["search.result.placeholder"], german["clipboard.copy"]) == (
        "Suche", "Suchbegriff eingeben", "In Zwischenablage kopieren")
    assert material_translations("pt-BR", dirs)["search.result.placeholder"] == "Digite para iniciar a busca"
    assert material_translations("xx", dirs)["search.result.placeholder"] == "Type to start searching"


def test_mkdocs_build_in_german(tmp_path: Path) -> None:
    site = mkdocs_build(_with_language(write_status_fixture(tmp_path), "de"), at=AT)
    home = lxml_html.fromstring((site / "index.html").read_bytes())
    assert home.get("lang") == "de"
    config = json.loads(home.xpath("//script[@id='__config']")[0].text)
    assert config["translations"]["search.result.placeholder"] == "Suchbegriff eingeben"
    assert config["translations"]["search.result.none"] == "Keine Suchergebnisse"
    assert home.xpath("//input[@name='query']/@placeholder") == ["Suche"]
    # statuspress's own palette toggle, named in German on our pages and Material's alike.
    about = lxml_html.fromstring((site / "about" / "index.html").read_bytes())
    for tree in (home, about):
        assert tree.xpath("//label[contains(@class,'md-icon') and @for='__palette_1']/@title") == [
            "Zum hellen Modus wechseln"]
    assert about.get("lang") == "de"
    rss = feedparser.parse((site / "history.rss").read_bytes())
    assert rss.feed.language == "de"


def test_html_lang_is_the_language_of_the_texts(outputs: dict[str, dict[str, bytes]], site: Site) -> None:
    langs = {lang: _tree(files, "history/index.html").get("lang") for lang, files in outputs.items()}
    assert langs == {"en": "en", "de": "de", "fr": "fr", "ja": "ja", "pt-BR": "pt-BR"}
    # A language without a catalog is written in English, and says so.
    files = build_outputs(site, MOMENT, make_environment(language="xx"),
                          shell=ShellContext("Acme Status", language="xx")).files
    tree = _tree(files, "index.html")
    assert tree.get("lang") == "en"
    assert text(tree.xpath("//h2[@id='sp-components']")[0]) == "Components"


REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("language", "headings"), [
    # The example site's pinned notice comes first, as written (content is not translated).
    ("fr", ["Support hours over the holidays", "Incidents en cours", "Composants", "7 derniers jours"]),
    ("es", ["Support hours over the holidays", "Incidentes activos", "Componentes", "Últimos 7 días"]),
    ("pt-BR", ["Support hours over the holidays", "Incidentes ativos", "Componentes", "Últimos 7 dias"]),
])
def test_example_site_builds_strictly_in_every_language(tmp_path: Path, language: str,
                                                        headings: list[str]) -> None:
    """German and Japanese: tests/test_browser_languages.py."""
    for name in ("incidents", "postmortems", "overrides", "pages"):
        shutil.copytree(REPO / name, tmp_path / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        config.replace("\n  name: material\n", f"\n  name: material\n  language: {language}\n"), encoding="utf-8")
    site = mkdocs_build(tmp_path, at="2026-12-15T12:00:00Z", strict=True)
    home = lxml_html.fromstring((site / "index.html").read_bytes())
    assert home.get("lang") == language
    assert texts(home, "//h2") == headings
