"""The page cache's keys: equal template contexts get equal digests, and any change
to a value a template is handed gives another."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from statuspress.buildkeys import Fingerprints
from statuspress.model.config import Component


@dataclass(frozen=True)
class _Row:
    title: str
    at: datetime
    tags: tuple[str, ...]


AT = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _key(**context: object) -> str:
    return Fingerprints().context("statuspress/x.html", context)


def test_equal_contexts_have_equal_keys_in_separate_builds() -> None:
    row = _Row("API errors", AT, ("a", "b"))
    assert _key(row=row, n=1) == _key(row=_Row("API errors", AT, ("a", "b")), n=1)


def test_every_shown_value_changes_the_key() -> None:
    base = _key(rows=[_Row("API errors", AT, ("a",))], component=Component(id="api", name="API"))
    assert _key(rows=[_Row("API errorz", AT, ("a",))], component=Component(id="api", name="API")) != base
    assert _key(rows=[_Row("API errors", AT, ("a", ""))], component=Component(id="api", name="API")) != base
    assert _key(rows=[_Row("API errors", AT, ("a",))], component=Component(id="api", name="Api")) != base
    assert _key(rows=[], component=Component(id="api", name="API")) != base
    # Strings are length-prefixed: moving text between two values is a change.
    assert _key(a="ab", b="c") != _key(a="a", b="bc")
    assert _key(flag=True) != _key(flag=1)


def test_a_remembered_digest_stands_for_the_object() -> None:
    keys = Fingerprints()
    row = _Row("API errors", AT, ())
    keys.remember(row, "doc:incidents/x.md:abc")
    other = Fingerprints()
    other.remember(row, "doc:incidents/x.md:abd")
    assert keys.context("t", {"row": row}) != other.context("t", {"row": row})


def test_a_value_of_an_unknown_type_is_never_equal() -> None:
    class Opaque:
        pass

    keys = Fingerprints()
    assert keys.context("t", {"x": Opaque()}) != keys.context("t", {"x": Opaque()})
    assert keys.unknown == 2


def test_an_unshown_field_does_not_key_the_page_and_every_other_does() -> None:
    """``IncidentState.at`` is left out when only the package's templates render:
    an hour later the same state keys the same page."""
    later = datetime(2026, 3, 1, 13, tzinfo=UTC)
    shown_only = {_Row: frozenset({"at"})}
    assert (Fingerprints(unshown=shown_only).context("t", {"row": _Row("API errors", AT, ())})
            == Fingerprints(unshown=shown_only).context("t", {"row": _Row("API errors", later, ())}))
    assert (Fingerprints(unshown=shown_only).context("t", {"row": _Row("API errors", AT, ())})
            != Fingerprints(unshown=shown_only).context("t", {"row": _Row("API errorz", AT, ())}))
    assert (Fingerprints().context("t", {"row": _Row("API errors", AT, ())})
            != Fingerprints().context("t", {"row": _Row("API errors", later, ())}))


def test_a_list_is_digested_by_its_items_each_time() -> None:
    """Lists made for one page are not memoised (that would keep them alive for the
    whole build): the same list, changed in place, gets another digest."""
    keys = Fingerprints()
    rows = [_Row(f"API errors {n}", AT, ("a", "b")) for n in range(4)]
    before = keys.context("t", {"rows": rows})
    rows.append(_Row("API errors 4", AT, ()))
    assert keys.context("t", {"rows": rows}) != before
