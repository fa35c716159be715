"""Languages: gettext catalogs (Babel) and dates, numbers and durations for a locale.

The site's language is Material's ``theme.language`` (``de``, ``pt-BR``, ``ja``); the
engine passes it to ``statuspress.render.templating.make_environment``, which installs
the catalog of that language (Jinja's ``i18n`` extension: ``{% trans %}``, ``_()``,
``ngettext``) and the ``Localizer``'s ``format_date`` / ``format_duration`` /
``format_number`` / ``format_percent`` as filters; renderers that compose a text in
Python (a page title, a chart's description) use the same ``Localizer``.

English is the source language: its texts are the msgids, so it needs no catalog, and
its dates, counts and durations keep the forms of ``render/text.py`` and ``statuspress
report`` (``14 Mar 2026``, ``1234``, ``44%``, ``1 h 5 min``). Other languages read
``locale/<lang>/LC_MESSAGES/statuspress.mo`` in the package (compiled from the ``.po``
next to it by ``pybabel compile``; see the README), falling back to English for a
language without a catalog.

Machine outputs (JSON keys and status values, feed and calendar structure) never go
through here.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent
from babel.support import Translations
from babel.units import format_unit

from statuspress.render import text
from statuspress.render.text import N_

__all__ = [
    "DOMAIN", "LANGUAGES", "LOCALE_DIR", "N_", "Localizer", "html_lang", "locale_of", "translations",
]

#: The gettext domain of statuspress's catalogs.
DOMAIN = "statuspress"

#: The languages statuspress ships catalogs for (English is the source language).
LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "pt_BR", "ja")

#: Where the catalogs live in the package.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def locale_of(language: str) -> Locale:
    """Material's language code (``pt-BR``, ``de``) as a Babel locale; English for a
    code Babel does not know."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale("en")


def html_lang(language: str) -> str:
    """The ``<html lang>`` value: BCP 47 with a hyphen (``pt-BR``)."""
    return str(locale_of(language)).replace("_", "-")


@lru_cache(maxsize=16)
def translations(language: str) -> gettext.NullTranslations:
    """The catalog for ``language`` (``pt-BR`` finds ``pt_BR``, ``de-AT`` finds ``de``);
    English texts unchanged when there is none."""
    locale = locale_of(language)
    if locale.language == "en":
        return gettext.NullTranslations()
    found = Translations.load(str(LOCALE_DIR), [str(locale), locale.language], DOMAIN)
    return found


class Localizer:
    """Texts, dates, numbers and durations as a reader of ``language`` writes them.

    Renderers that write texts outside a template (feed titles, the calendar's name,
    page titles, chart labels) take them from ``gettext`` and ``ngettext``, with the
    same catalog the templates use; ``pybabel extract`` finds them by those names."""

    def __init__(self, language: str) -> None:
        self.locale = locale_of(language)
        self.english = self.locale.language == "en"
        #: The BCP 47 tag (``pt-BR``) for ``<html lang>``, RSS ``<language>``, ``xml:lang``.
        self.tag = html_lang(language)
        self.catalog = translations(language)

    def gettext(self, message: str, **values: object) -> str:
        """``message`` in the language, ``%(name)s`` placeholders filled from ``values``
        (left for the caller when there are none)."""
        translated = self.catalog.gettext(message)
        return translated % values if values else translated

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The plural form for ``count``; with ``values``, its placeholders filled in
        (``%(count)s`` as well), else left for the caller."""
        translated = self.catalog.ngettext(singular, plural, count)
        return translated % {"count": count, **values} if values else translated

    def format_date(self, moment: date | datetime | None, length: str = "medium") -> str:
        """``14 Mar 2026`` (English), ``14.03.2026``, ``6 déc. 2026``, ``2026/12/06``;
        ``length="long"``: ``14 March 2026``, ``6. Dezember 2026``, ``2026年12月6日``;
        ``length="month"``, the month alone as a chart labels it: ``Mar``, ``Dez.``, ``3月``."""
        if moment is None:
            return ""
        if self.english:
            return moment.strftime({"long": "%-d %B %Y", "month": "%b"}.get(length, "%-d %b %Y"))
        return babel_format_date(moment, "LLL" if length == "month" else length, locale=self.locale)

    def format_long_date(self, moment: date | datetime | None) -> str:
        """``14 March 2026`` (English), ``14. März 2026``, ``14 mars 2026``, ``2026年3月14日``."""
        return self.format_date(moment, "long")

    def format_month(self, moment: date | datetime) -> str:
        """``March 2026`` (English), ``März 2026``, ``marzo de 2026``, ``2026年3月``."""
        if self.english:
            return moment.strftime("%B %Y")
        return format_skeleton("yMMMM", moment, locale=self.locale)

    def format_number(self, value: int | float) -> str:
        """A count: ``1234`` in English (as ``statuspress report`` writes it), ``1.234``
        in German, ``1 234`` in French."""
        if self.english:
            return str(value)
        return format_decimal(value, locale=self.locale)

    def format_percent(self, rate: float | None) -> str:
        """A rate (0..1) as a whole percentage: ``44%``, ``44 %`` (German, French),
        an em dash when there is none."""
        if rate is None:
            return "—"
        if self.english:
            return f"{rate * 100:.0f}%"
        return format_percent(rate, locale=self.locale)

    def format_uptime(self, value: float | None) -> str:
        """An uptime percentage as ``text.percent`` truncates it (``99.95``), with the
        locale's decimal sign (``99,95``); the ``%`` sign is the template's."""
        figure = text.percent(value)
        if self.english or not figure:
            return figure
        return format_decimal(float(figure), "#,##0.##", locale=self.locale)

    def format_duration(self, delta: timedelta | None) -> str:
        """``1 h 5 min`` (English, as ``text.duration``), ``1 Std. 5 Min.``,
        ``1 h 5 min``, ``1 時間 5 分``: the same two largest units as in English."""
        if delta is None:
            return ""
        if self.english:
            return text.duration(delta)
        seconds = int(delta.total_seconds())
        if seconds < 0:
            return "-" + self.format_duration(-delta)
        days, rest = divmod(seconds, 86400)
        hours, rest = divmod(rest, 3600)
        minutes, secs = divmod(rest, 60)
        if days:
            parts = [(days, "day"), (hours, "hour")]
        elif hours:
            parts = [(hours, "hour"), (minutes, "minute")]
        elif minutes:
            parts = [(minutes, "minute")]
        else:
            parts = [(secs, "second")]
        shown = [p for i, p in enumerate(parts) if i == 0 or p[0]]
        return " ".join(
            format_unit(value, f"duration-{unit}", length="short", locale=self.locale) for value, unit in shown
        )
