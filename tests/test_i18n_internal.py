"""The internal site in every shipped language, and the catalogs that make it so.

Catalog coverage: the texts are extracted at test time with Babel's API and the
project's ``babel.cfg`` (so a text marked a minute ago counts without running
``pybabel`` by hand), and every shipped catalog must translate each of them: no entry
missing, none empty or fuzzy, every ``%(name)s`` of the msgid kept (Babel's own
checks), and the compiled ``.mo`` must be what ``pybabel compile`` makes of the
``.po``. The checks are tried once on a catalog with a planted gap, so that they are
known to fail.

The example site (the repository's ``mkdocs.yml``, Lumen) is built by MkDocs once per
language and audience (module-scoped, shared by every assertion), as of
2026-12-15 12:00 UTC; each language's internal pages carry exact translated texts,
dates, durations and numbers, and no English text of the marked set is left in the
chrome of the knowledge base's pages.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from statuspress.render.i18n import DOMAIN, LANGUAGES, LOCALE_DIR
from tests.support.builds import mkdocs_build, page, text, texts

REPO = Path(__file__).resolve().parents[1]
AT = "2026-12-15T12:00:00Z"
TRANSLATED = [language for language in LANGUAGES if language != "en"]
#: Material's codes for the shipped languages (``theme.language``).
SITE_LANGUAGES = ["en", "de", "fr", "es", "pt-BR", "ja"]
POSTMORTEM = "postmortems/2026-09-29-api-timeouts/"

Key = str | tuple[str, ...]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


# --- catalog coverage ------------------------------------------------------------------


def extracted() -> set[Key]:
    """Every text the templates and Python labels mark, as ``pybabel extract`` finds them."""
    with open(REPO / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: set[Key] = set()
    for _, _, message, _, _ in extract_from_dir(str(REPO), method_map, options_map):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def catalog_gaps(path: Path, marked: set[Key]) -> list[str]:
    """What keeps the catalog at ``path`` from translating every text in ``marked``."""
    catalog = read_catalog(path)
    entries = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in catalog if m.id}
    gaps = [f"missing: {key!r}" for key in sorted(marked - entries.keys(), key=str)]
    for key in sorted(marked & entries.keys(), key=str):
        message = entries[key]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            gaps.append(f"fuzzy: {key!r}")
        elif not all(strings):
            gaps.append(f"empty: {key!r}")
        elif isinstance(key, str) and set(PLACEHOLDER.findall(key)) != set(PLACEHOLDER.findall(strings[0])):
            # A lost name prints the msgid's value nowhere; an unknown one fails the build.
            gaps.append(f"placeholders differ: {key!r}")
    # Babel's checkers: placeholder types (python-format) and the number of plural forms.
    gaps += [f"{error}: {message.id!r}" for message, errors in catalog.check() for error in errors]
    return gaps


def mo_is_current(folder: Path) -> bool:
    """Is ``statuspress.mo`` exactly what ``pybabel compile`` makes of ``statuspress.po``?"""
    compiled = io.BytesIO()
    write_mo(compiled, read_catalog(folder / f"{DOMAIN}.po"))
    mo = folder / f"{DOMAIN}.mo"
    return mo.is_file() and mo.read_bytes() == compiled.getvalue()


@pytest.fixture(scope="module")
def marked() -> set[Key]:
    return extracted()


def test_the_internal_sites_texts_are_marked(marked: set[Key]) -> None:
    """Templates (HTML and SVG), view labels, renderers' composed texts: all extracted."""
    for text_ in ("Action items", "Completion rate", "Quarterly review: %(quarter)s", "No data for this period",
                  "Impact started", "Time to detect", "≥ 4 h", "root cause", "Incident commander",
                  "This site is for responders only; it is not the public status page", "%(site)s (internal)"):
        assert text_ in marked
    assert ("%(num)s item", "%(num)s items") in marked


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalog_translates_every_marked_text(language: str, marked: set[Key]) -> None:
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    assert catalog_gaps(folder / f"{DOMAIN}.po", marked) == [], "see the README's Languages"
    assert mo_is_current(folder), f"{language}: run `pybabel compile -d src/statuspress/locale -D statuspress`"


def test_the_checks_fail_on_a_gap(tmp_path: Path, marked: set[Key]) -> None:
    """A catalog with one entry removed, one emptied, one fuzzy and one placeholder lost,
    and a .mo compiled before the .po changed: every one is reported."""
    catalog = read_catalog(LOCALE_DIR / "de" / "LC_MESSAGES" / f"{DOMAIN}.po")
    catalog.delete("Action items")
    catalog["Completion rate"].string = ""
    catalog["Metrics"].flags.add("fuzzy")
    catalog["Action items: %(owner)s"].string = "Maßnahmen"
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(LOCALE_DIR / "de" / "LC_MESSAGES" / f"{DOMAIN}.mo", folder / f"{DOMAIN}.mo")
    with (folder / f"{DOMAIN}.po").open("wb") as file:
        write_po(file, catalog)
    gaps = catalog_gaps(folder / f"{DOMAIN}.po", marked)
    assert "missing: 'Action items'" in gaps
    assert "empty: 'Completion rate'" in gaps
    assert "fuzzy: 'Metrics'" in gaps
    assert any("placeholders" in gap and "Action items: %(owner)s" in gap for gap in gaps), gaps
    assert not mo_is_current(folder)


# --- the example site in every language -------------------------------------------------


class Builds:
    """The example site built by MkDocs once per (language, audience), on demand."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sites: dict[tuple[str, str], Path] = {}

    def site(self, language: str, audience: str) -> Path:
        key = (language, audience)
        if key not in self.sites:
            source = self.root / f"src-{language}"
            if not source.exists():
                for name in ("incidents", "postmortems", "pages", "overrides"):
                    shutil.copytree(REPO / name, source / name)
                # A text edit: mkdocs.yml holds `!ENV` tags that a YAML round trip would lose.
                config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
                assert config.count("\ntheme:\n") == 1
                config = config.replace("\ntheme:\n", f"\ntheme:\n  language: {language}\n")
                (source / "mkdocs.yml").write_text(config, encoding="utf-8")
            self.sites[key] = mkdocs_build(source, at=AT, audience=audience,
                                           site_dir=self.root / f"site-{language}-{audience}")
        return self.sites[key]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    return Builds(tmp_path_factory.mktemp("languages"))


#: What a reader of each language sees on the internal site: (status page tabs after
#: Status and History, the internal badge, the postmortem's facts, the metrics page's
#: first figures, the action items heading and figures). `text()` collapses whitespace,
#: the no-break spaces of French and German included.
EXPECTED: dict[str, dict[str, Any]] = {
    "en": {
        "tabs": ["Postmortems", "Action items", "Metrics"], "badge": "Internal", "title": "Lumen Status (internal)",
        "facts": [("Date", "5 Oct 2026"), ("Severity", "SEV2 · Major"), ("Duration", "2 h 35 min")],
        "metrics": ["Incident metrics", ("Median time to resolve", "1 h 59 min"), ("Action items done", "52%")],
        "actions": ["Action items", ("Done", "12 of 23"), ("Won't do", "1")],
        "quarter": "Quarterly review: 2026 Q3",
    },
    "de": {
        "tabs": ["Postmortems", "Maßnahmen", "Kennzahlen"], "badge": "Intern", "title": "Lumen Status (intern)",
        "facts": [("Datum", "05.10.2026"), ("Schweregrad", "SEV2 · Major"), ("Dauer", "2 Std. 35 Min.")],
        "metrics": ["Incident-Kennzahlen", ("Median der Zeit bis zur Behebung", "1 Std. 59 Min."),
                    ("Erledigte Maßnahmen", "52 %")],
        "actions": ["Maßnahmen", ("Erledigt", "12 von 23"), ("Verworfen", "1")],
        "quarter": "Quartalsbericht: Q3 2026",
    },
    "fr": {
        "tabs": ["Postmortems", "Actions correctives", "Indicateurs"], "badge": "Interne",
        "title": "Lumen Status (interne)",
        "facts": [("Date", "5 oct. 2026"), ("Gravité", "SEV2 · Major"), ("Durée", "2 h 35 min")],
        "metrics": ["Indicateurs d’incidents", ("Délai médian de résolution", "1 h 59 min"),
                    ("Actions terminées", "52 %")],
        "actions": ["Actions correctives", ("Terminée", "12 sur 23"), ("Abandonnée", "1")],
        "quarter": "Revue trimestrielle : T3 2026",
    },
    "es": {
        "tabs": ["Postmortems", "Acciones correctivas", "Métricas"], "badge": "Interno",
        "title": "Lumen Status (interno)",
        "facts": [("Fecha", "5 oct 2026"), ("Severidad", "SEV2 · Major"), ("Duración", "2 h 35 min")],
        "metrics": ["Métricas de incidentes", ("Mediana del tiempo de resolución", "1 h 59 min"),
                    ("Acciones hechas", "52 %")],
        "actions": ["Acciones correctivas", ("Hecha", "12 de 23"), ("Descartada", "1")],
        "quarter": "Revisión trimestral: T3 2026",
    },
    "pt-BR": {
        "tabs": ["Postmortems", "Itens de ação", "Métricas"], "badge": "Interno", "title": "Lumen Status (interno)",
        "facts": [("Data", "5 de out. de 2026"), ("Severidade", "SEV2 · Major"), ("Duração", "2 h 35 min")],
        "metrics": ["Métricas de incidentes", ("Mediana do tempo para resolver", "1 h 59 min"),
                    ("Itens de ação concluídos", "52%")],
        "actions": ["Itens de ação", ("Concluído", "12 de 23"), ("Descartado", "1")],
        "quarter": "Revisão trimestral: T3 2026",
    },
    "ja": {
        "tabs": ["ポストモーテム", "アクションアイテム", "指標"], "badge": "社内", "title": "Lumen Status（社内）",
        "facts": [("日付", "2026/10/05"), ("重大度", "SEV2 · Major"), ("継続時間", "2 時間 35 分")],
        "metrics": ["インシデントの指標", ("解決までの時間（中央値）", "1 時間 59 分"), ("完了したアクションアイテム", "52%")],
        "actions": ["アクションアイテム", ("完了", "23 件中 12 件"), ("対応しない", "1")],
        "quarter": "四半期レビュー：2026年 第3四半期",
    },
}


#: The quarterly review's first sentence (dates in words, except in English, where they
#: read as `statuspress report --since` takes them).
SCOPES = {
    "en": (
        "Incidents that started on or after 2026-07-01 and before 2026-10-01 (UTC dates); "
        "maintenance is not counted."
    ),
    "de": (
        "Incidents, die am 1. Juli 2026 oder später und vor dem 1. Oktober 2026 begannen "
        "(Datumsangaben in UTC); Wartungen werden nicht gezählt."
    ),
    "fr": (
        "Incidents commencés le 1 juillet 2026 ou après et avant le 1 octobre 2026 (dates UTC) ; "
        "les maintenances ne sont pas comptées."
    ),
    "es": (
        "Incidentes que empezaron el 1 de julio de 2026 o después y antes del 1 de octubre de 2026 "
        "(fechas en UTC); el mantenimiento no se cuenta."
    ),
    "pt-BR": (
        "Incidentes que começaram em 1 de julho de 2026 ou depois e antes de 1 de outubro de 2026 "
        "(datas em UTC); manutenções não são contadas."
    ),
    "ja": (
        "2026年7月1日以降、2026年10月1日より前に始まったインシデント（日付は UTC）。メンテナンスは数えません。"
    ),
}


def _figures(tree: Any) -> list[tuple[str, str]]:
    return [(text(d.xpath("dt")[0]), text(d.xpath("dd")[0])) for d in tree.xpath("//dl[@class='sp-figures']/div")]


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_the_internal_site_in_the_language(builds: Builds, language: str) -> None:
    site = builds.site(language, "internal")
    want = EXPECTED[language]
    status = page(site, "")
    assert status.get("lang") == language
    assert texts(status, "//nav[contains(@class, 'sp-tabs')]//a")[2:5] == want["tabs"]  # after Status, History
    assert texts(status, "//*[@class='sp-internal-badge']") == [want["badge"]]
    assert text(status.xpath("//header//*[@class='md-header__topic']")[0]) == want["title"]

    postmortem = page(site, POSTMORTEM)
    facts = [(text(d.xpath("dt")[0]), text(d.xpath("dd")[0])) for d in postmortem.xpath("//dl[@class='sp-summary']/div")]
    assert facts[:3] == want["facts"]
    # Headings the authors wrote stay as written; the content is never translated.
    assert "Root Cause" in texts(postmortem, "//section[@class='sp-section']/h2")

    metrics = page(site, "metrics/")
    assert texts(metrics, "//h1") == [want["metrics"][0]]
    figures = _figures(metrics)
    assert figures[1] == want["metrics"][1] and figures[3] == want["metrics"][2]
    quarter = page(site, "metrics/2026-q3/")
    assert texts(quarter, "//h1") == [want["quarter"]]
    assert text(quarter.xpath("//main//h1/following-sibling::p[1]")[0]).startswith(SCOPES[language])

    actions = page(site, "action-items/")
    assert texts(actions, "//h1") == [want["actions"][0]]
    assert want["actions"][1] in _figures(actions) and want["actions"][2] in _figures(actions)


#: The public embed's headline as of AT (an incident degrades a component then).
HEADLINES = {
    "en": "Partially Degraded Service", "de": "Teilweise eingeschränkter Dienst",
    "fr": "Service partiellement dégradé", "es": "Servicio parcialmente degradado",
    "pt-BR": "Serviço parcialmente degradado", "ja": "サービスの一部で性能低下",
}


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_the_public_site_builds_in_the_language(builds: Builds, language: str) -> None:
    site = builds.site(language, "public")
    status = page(site, "")
    assert status.get("lang") == language
    # Nothing of the internal site: no knowledge base, no internal badge, in any language.
    assert not (site / "postmortems").exists() and not (site / "metrics").exists()
    assert status.xpath("//*[@class='sp-internal-badge']") == []
    embed = page(site, "embed/status/")
    assert embed.get("lang") == language
    assert texts(embed, "//h1") == [HEADLINES[language]]


def _content_words() -> str:
    """Every text the example site's authors wrote: a marked text found in it may
    appear on a page as content, which stays as written."""
    files = [REPO / "mkdocs.yml", *sorted((REPO / "incidents").rglob("*.md")),
             *sorted((REPO / "postmortems").rglob("*.md"))]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


#: The knowledge base's pages, and the incident page whose internal block is scanned.
INTERNAL_PAGES = (POSTMORTEM, "postmortems/", "postmortems/severity/", "postmortems/tag/connection-pool/",
                  "action-items/", "metrics/", "metrics/2026-q3/")
INCIDENT = "incidents/2026-09-29-api-timeouts/"


def _leftovers(tree: Any, english: set[str]) -> list[str]:
    """Text nodes and accessible names that are exactly an English text of the marked set."""
    found = []
    for element in tree.iter():
        if element.tag in ("script", "style") or not isinstance(element.tag, str):
            continue
        for value in (element.text, element.tail, element.get("aria-label"), element.get("title")):
            if value and value.strip() in english:
                found.append(value.strip())
    return found


def _english_left_to_find(language: str, marked: set[Key]) -> set[str]:
    """Every marked text without placeholders whose translation in ``language``
    differs from the English, and which the content does not also use."""
    catalog = read_catalog(LOCALE_DIR / language.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po")
    content = _content_words()
    english = set()
    for message in catalog:
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (message.string,) if isinstance(message.string, str) else tuple(message.string)
        for msgid in ids:
            if msgid and msgid in marked | {k for key in marked if isinstance(key, tuple) for k in key} \
                    and "%(" not in msgid and msgid not in strings and not re.search(
                        rf"(?<!\w){re.escape(msgid)}(?!\w)", content):
                english.add(msgid)
    return english


@pytest.mark.parametrize("language", [code for code in SITE_LANGUAGES if code != "en"])
def test_no_english_is_left_in_the_internal_chrome(builds: Builds, language: str, marked: set[Key]) -> None:
    """No such English text appears on the knowledge base's pages (nor in an incident
    page's internal block)."""
    english = _english_left_to_find(language, marked)
    assert {"Completion rate", "Incident record", "Time to detect", "Merged timeline"} <= english
    site = builds.site(language, "internal")
    left = {url: _leftovers(page(site, url), english) for url in INTERNAL_PAGES}
    block = page(site, INCIDENT).xpath("//section[@aria-labelledby='sp-internal']")
    assert block, "the incident page has no internal block"
    left[INCIDENT] = _leftovers(block[0], english)
    assert {url: found for url, found in left.items() if found} == {}


#: A page of each kind of the public site: status, history, a component, an incident,
#: a maintenance and a notice.
PUBLIC_PAGES = ("", "history/", "components/api/", "incidents/2026-08-12-api-outage/",
                "incidents/2026-09-13-primary-database-upgrade/", "incidents/2026-12-10-holiday-support-hours/")


@pytest.mark.parametrize("language", [code for code in SITE_LANGUAGES if code != "en"])
def test_no_english_is_left_on_the_public_pages(builds: Builds, language: str, marked: set[Key]) -> None:
    """A text left unmarked in a template (as the notice page's breadcrumb once was)
    shows up here when it is also a marked text somewhere else."""
    english = _english_left_to_find(language, marked)
    assert {"Incident history", "Components"} <= english
    site = builds.site(language, "public")
    left = {url: _leftovers(page(site, url), english) for url in PUBLIC_PAGES}
    assert {url: found for url, found in left.items() if found} == {}
