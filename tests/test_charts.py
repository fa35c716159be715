"""Static SVG charts (statuspress.render.charts): valid XML, accessible, and bars
and points exactly where the hand-computed scale puts them."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from statuspress.model.config import DEFAULT_SEVERITIES
from statuspress.render.charts import (
    detect_distribution_svg,
    incidents_per_month_svg,
    metrics_charts,
    mttr_trend_svg,
)
from statuspress.views.metrics import MonthStats, period_metrics, summarise
from tests.support.metrics_site import AT, metrics_site

NS = {"svg": "http://www.w3.org/2000/svg"}


@pytest.fixture(scope="module")
def q1(tmp_path_factory: pytest.TempPathFactory):
    site = metrics_site(tmp_path_factory.mktemp("charts"))
    return period_metrics(site, date(2026, 1, 1), date(2026, 4, 1), AT)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.find("svg:title", NS) is not None and root.find("svg:desc", NS) is not None
    return root


def test_incidents_per_month_stacked_bars(q1) -> None:
    root = parse(incidents_per_month_svg(q1.months, DEFAULT_SEVERITIES))
    assert root.get("aria-label") == (
        "Incidents per month by severity, 2026-01 to 2026-03: 6 incidents in total; "
        "2026-01: 2 (SEV1 1, SEV2 1); 2026-02: 1 (SEV2 1); 2026-03: 3 (SEV1 1, SEV2 1, SEV3 1)"
    )
    # One legend row (4 × 140 px fit in 560): plot from y = 36 + 20 + 12 = 68 to 320 − 48 = 272,
    # 204 px for a peak of 3 (step 1) -> 68 px per incident. Slots are 560 / 3 px, bars 48 px
    # wide, centred: x = 64 + k × 186.67 + 69.33. Most severe at the bottom.
    segments = [
        (r.get("data-month"), r.get("data-severity"), r.get("data-count"),
         r.get("x"), r.get("y"), r.get("width"), r.get("height"))
        for r in root.iterfind(".//svg:rect[@class='segment']", NS)
    ]
    assert segments == [
        ("2026-01", "SEV1", "1", "133.33", "204", "48", "68"),
        ("2026-01", "SEV2", "1", "133.33", "136", "48", "68"),
        ("2026-02", "SEV2", "1", "320", "204", "48", "68"),
        ("2026-03", "SEV1", "1", "506.67", "204", "48", "68"),
        ("2026-03", "SEV2", "1", "506.67", "136", "48", "68"),
        ("2026-03", "SEV3", "1", "506.67", "68", "48", "68"),
    ]
    totals = [(t.get("data-month"), t.text, t.get("y")) for t in root.iterfind(".//svg:text[@class='total']", NS)]
    assert totals == [("2026-01", "2", "132"), ("2026-02", "1", "200"), ("2026-03", "3", "64")]
    ticks = [t.text for t in root.iterfind(".//svg:g[@class='grid']/svg:text", NS)]
    assert ticks == ["0", "1", "2", "3"]


def test_series_differ_by_pattern_and_are_named_in_the_legend(q1) -> None:
    root = parse(incidents_per_month_svg(q1.months, DEFAULT_SEVERITIES, chart_id="q1-ipm"))
    patterns = root.findall(".//svg:pattern", NS)
    assert [p.get("id") for p in patterns] == ["q1-ipm-p0", "q1-ipm-p1", "q1-ipm-p2", "q1-ipm-p3"]
    # Each pattern draws something different over its colour (solid, stripes, dots, cross).
    drawn = [tuple(child.tag.split("}")[1] for child in p)[1:] for p in patterns]
    assert drawn == [(), ("path",), ("circle",), ("path",)]
    assert len({ET.tostring(p) for p in patterns}) == 4
    legend = [t.text for t in root.iterfind(".//svg:g[@class='legend']/svg:text", NS)]
    assert legend == ["SEV1 Critical", "SEV2 Major", "SEV3 Minor", "SEV4 Low"]


def test_mttr_trend_points(q1) -> None:
    root = parse(mttr_trend_svg(q1.months))
    assert root.get("aria-label") == (
        "Median time to resolve per month, 2026-01 to 2026-03: "
        "2026-01 15 min (n=2); 2026-02 30 min (n=1); 2026-03 1 h 10 min (n=2)"
    )
    # Peak 70 min -> 15-min steps up to 75 min; no legend, so the plot is y 48..272 (224 px):
    # y = 272 − minutes × 224 / 75 -> 15: 227.2, 30: 182.4, 70: 62.93. x at the slot centres.
    points = [(c.get("data-month"), c.get("data-seconds"), c.get("cx"), c.get("cy"))
              for c in root.iterfind(".//svg:circle[@class='point']", NS)]
    assert points == [
        ("2026-01", "900", "157.33", "227.2"),
        ("2026-02", "1800", "344", "182.4"),
        ("2026-03", "4200", "530.67", "62.93"),
    ]
    assert [p.get("points") for p in root.iterfind(".//svg:polyline", NS)] == [
        "157.33,227.2 344,182.4 530.67,62.93"]
    ticks = [t.text for t in root.iterfind(".//svg:g[@class='grid']/svg:text", NS)]
    assert ticks == ["0", "15 min", "30 min", "45 min", "1 h", "1 h 15 min"]


def test_mttr_trend_skips_unknown_months_and_breaks_the_line() -> None:
    empty = {"SEV1": 0}
    months = [
        MonthStats(date(2026, 1, 1), 1, empty, summarise([timedelta(hours=2)])),
        MonthStats(date(2026, 2, 1), 1, empty, summarise([None])),  # only an open incident
        MonthStats(date(2026, 3, 1), 1, empty, summarise([timedelta(hours=1)])),
        MonthStats(date(2026, 4, 1), 1, empty, summarise([timedelta(hours=3)])),
    ]
    root = parse(mttr_trend_svg(months))
    assert [c.get("data-month") for c in root.iterfind(".//svg:circle", NS)] == ["2026-01", "2026-03", "2026-04"]
    # Only March–April are consecutive known months: one line of two points.
    assert [p.get("points").count(",") for p in root.iterfind(".//svg:polyline", NS)] == [2]
    assert "2026-02 no resolved incident" in root.get("aria-label")


def test_detect_distribution_bars(q1) -> None:
    root = parse(detect_distribution_svg(q1.detect_histogram))
    assert root.get("aria-label") == (
        "Time to detect distribution, 5 incidents with a known time to detect: "
        "< 5 min: 2; 5–15 min: 1; 15–30 min: 1; 30–60 min: 0; 1–4 h: 1; ≥ 4 h: 0"
    )
    # Peak 2 (step 1): plot y 48..272, 112 px per incident. Slots 560 / 6 = 93.33 px, bars 72 px.
    bars = [(r.get("data-bucket"), r.get("data-count"), r.get("x"), r.get("y"), r.get("height"))
            for r in root.iterfind(".//svg:rect[@class='bucket']", NS)]
    assert bars == [
        ("< 5 min", "2", "74.67", "48", "224"),
        ("5–15 min", "1", "168", "160", "112"),
        ("15–30 min", "1", "261.33", "160", "112"),
        ("30–60 min", "0", "354.67", "272", "0"),
        ("1–4 h", "1", "448", "160", "112"),
        ("≥ 4 h", "0", "541.33", "272", "0"),
    ]


def test_empty_period_says_so(q1) -> None:
    root = parse(incidents_per_month_svg([], DEFAULT_SEVERITIES))
    assert "No data for this period" in [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert root.get("aria-label") == "Incidents per month by severity: no data for this period"
    trend = parse(mttr_trend_svg([]))
    assert trend.get("aria-label") == "Median time to resolve per month: no data for this period"
    assert trend.find(".//svg:polyline", NS) is None


def test_metrics_charts_bundle_has_unique_ids(q1) -> None:
    from statuspress.model.config import SiteConfig

    config = SiteConfig(components=[{"id": "api", "name": "API"}])
    charts = metrics_charts(q1, config, prefix="q1-")
    assert sorted(charts) == ["detect-distribution.svg", "incidents-per-month.svg", "mttr-trend.svg"]
    ids = [el.get("id") for svg in charts.values() for el in ET.fromstring(svg).iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("q1-") for i in ids)
