"""Adding a platform or a metric is one entry: a fake one of each flows to the UI and the CLI.

The fixture registers, through the public APIs only, a platform ("mastodon",
with the alias "masto" a roster might use) and its one format in `domain`, and
a metric ("like_rate") in `warehouse.registry`. Nothing else is edited: the
roster reader accepts the platform, the warehouse computes the metric, the
CLI prints both, and the dashboard shows them with their labels and colour.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from pathlib import Path

import duckdb
import pytest

from domain import FORMATS, PLATFORMS, Format, Platform, labels
from tests.ui.apptest import app, no_exception
from warehouse import registry
from warehouse.schema import apply_migrations

COLOUR = "#6364FF"


@pytest.fixture
def extended():
    """One platform, its format and one metric, registered and removed again."""
    PLATFORMS.register(
        Platform(
            code="mastodon",
            label=labels("Mastodon"),
            phrase=labels("Mastodon posts", "les publications Mastodon"),
            colour=COLOUR,
            aliases=("masto",),
            shade=0.2,
        )
    )
    FORMATS.register(
        Format(
            code="md_post",
            family="text_link",
            platform="mastodon",
            label=labels("Mastodon posts", "Publications Mastodon"),
            phrase=labels("Mastodon posts", "les publications Mastodon"),
        )
    )
    registry.register(
        registry.ratio(
            "like_rate",
            labels("Like rate", "Taux de j'aime"),
            labels("Likes per account reached.", "J'aime par compte touché."),
            numerator="likes",
            denominator="reach",
            condition="likes IS NOT NULL AND reach > 0",
            featured=True,
        )
    )
    try:
        yield
    finally:
        registry.unregister("like_rate")
        FORMATS.unregister("md_post")
        PLATFORMS.unregister("mastodon")


@pytest.fixture
def db(extended, tmp_path: Path) -> Path:
    """A real warehouse: the roster (platform written "Masto") goes through the loader; two Mastodon
    posts and one Instagram post are inserted as a Mastodon reader would stage them."""
    from etl.base import LoadOptions
    from warehouse.loader import load_paths

    roster = tmp_path / "roster"
    roster.mkdir()
    (roster / "campaigns.csv").write_text(
        "campaign_id,name,client,therapeutic_area,start_date,end_date,hashtags,budget,currency\n"
        "MD1,Fediverse,Lab,vaccination,2026-01-01,2026-06-30,#fedi,1000,EUR\n",
        encoding="utf-8",
    )
    (roster / "roster.csv").write_text(
        "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency,hcp_agreement_ref\n"
        "MD1,Masto,@doc_toot,Doc Toot,health_professional,GP,8000,300,EUR,AG-1\n"
        "MD1,instagram,@nurse_ig,Nurse,health_professional,,20000,200,EUR,AG-2\n",
        encoding="utf-8",
    )
    path = tmp_path / "relais.duckdb"
    con = duckdb.connect(str(path))
    try:
        apply_migrations(con)
        summaries = load_paths(con, [roster], LoadOptions(today=dt.date(2026, 7, 1)))
        assert all(s.status == "loaded" for s in summaries), [(s.file, s.message) for s in summaries]
        posts = [
            ("mastodon:1", "mastodon", "1", "mastodon:doc_toot", "md_post", dt.datetime(2026, 2, 1)),
            ("mastodon:2", "mastodon", "2", "mastodon:doc_toot", "md_post", dt.datetime(2026, 3, 1)),
            ("instagram:9", "instagram", "9", "instagram:nurse_ig", "ig_image", dt.datetime(2026, 2, 2)),
        ]
        for pid, platform, ppid, infl, fmt, published in posts:
            con.execute(
                "INSERT INTO posts (post_id, platform, platform_post_id, influencer_id, published_at, format, "
                "format_family, campaign_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'MD1')",
                [pid, platform, ppid, infl, published, fmt, FORMATS[fmt].family],
            )
        for pid, reach, likes, comments in (
            ("mastodon:1", 1000, 50, 5),
            ("mastodon:2", 500, 30, 2),
            ("instagram:9", 4000, 100, 10),
        ):
            con.execute(
                "INSERT INTO post_metrics (post_id, snapshot_date, file_id, loaded_at, reach, likes, comments) "
                "VALUES (?, DATE '2026-06-30', 1, TIMESTAMP '2026-07-01 00:00:00', ?, ?, ?)",
                [pid, reach, likes, comments],
            )
    finally:
        con.close()
    return path


def _cli(*args: str) -> str:
    from cli.main import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


def test_the_roster_accepts_the_new_platform_by_its_alias(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT influencer_id, platform FROM influencers ORDER BY 1").fetchall()
    finally:
        con.close()
    assert ("mastodon:doc_toot", "mastodon") in rows


def test_the_cli_shows_the_new_platform_and_metric(db):
    rows = json.loads(_cli("metrics", "--db", str(db), "--by", "platform", "--json"))
    by = {r["platform"]: r for r in rows}
    assert set(by) == {"instagram", "mastodon"}
    assert by["mastodon"]["like_rate"] == pytest.approx((50 + 30) / (1000 + 500))
    assert by["instagram"]["like_rate"] == pytest.approx(100 / 4000)
    table = _cli("metrics", "--db", str(db), "--by", "platform")
    header, _, *lines = table.splitlines()
    assert header.split()[-1] == "like_rate"  # a featured metric joins the table
    mastodon = next(line for line in lines if line.startswith("mastodon"))
    assert mastodon.split()[-1] == f"{80 / 1500:.2%}"  # its registry format
    # and it is in the definitions, with its label
    assert "like_rate" in _cli("metrics", "--db", str(db), "--by", "platform", "--csv").splitlines()[0]


def _column_labels(element) -> str:
    """The column configuration a st.dataframe sent to the browser (labels, formats), as text."""
    return element.proto.columns


def test_the_dashboard_shows_the_new_platform_and_metric(db, monkeypatch):
    at = app(db, monkeypatch, lang="fr")
    at.run()
    no_exception(at, "overview")
    platforms = next(m for m in at.sidebar.multiselect if m.key.endswith("platforms"))
    assert "Mastodon" in platforms.options
    at.switch_page("ui/pages/campaigns.py").run()
    no_exception(at, "campaigns")
    configs = " ".join(_column_labels(d) for d in at.dataframe)
    assert "Taux de j'aime" in configs  # the featured metric, labelled in French, in the campaign table
    table = next(d for d in at.dataframe if "Taux de j'aime" in _column_labels(d))
    assert table.value["like_rate"].iloc[0] == pytest.approx(180 / 5500)  # MD1: all three posts

    at.switch_page("ui/pages/formats.py").run()
    no_exception(at, "formats")
    at.segmented_control(key="fmt_by").set_value("format").run()
    no_exception(at, "formats by format")
    charts = " ".join(str(c.proto.spec) for c in at.get("plotly_chart"))
    assert "Publications Mastodon" in charts  # the format's French label on the chart
    assert FORMATS["md_post"].colour in charts  # and its colour, derived from its family and platform
