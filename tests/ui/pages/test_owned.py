"""The Owned pages page: an owned page's figures beside its campaigns' influencers, the audience
section (with a file that names no account), French labels, and the empty states."""

from __future__ import annotations

import datetime as dt

import duckdb

from tests.cli.test_community_cli import _warehouse
from tests.ui.apptest import app, no_exception
from tests.warehouse.test_owned import _post
from ui.i18n.en import STRINGS as _EN
from warehouse.schema import apply_migrations


def _with_posts(tmp_path):
    db = _warehouse(tmp_path)
    con = duckdb.connect(str(db))
    _post(con, "linkedin:L1", "linkedin:labo-page", "li_image", dt.datetime(2026, 10, 1, 9), impressions=1000,
          likes=40, comments=5, shares=5)  # fmt: skip
    _post(con, "linkedin:L2", "linkedin:labo-page", "li_video", dt.datetime(2026, 10, 8, 9), impressions=2000,
          likes=90, comments=10, shares=0)  # fmt: skip
    _post(con, "instagram:I1", "instagram:alice", "ig_reel", dt.datetime(2026, 10, 2, 9), reach=4000, likes=150,
          comments=30, shares=10, saves=10)  # fmt: skip
    con.close()
    return db


def test_owned_page_with_figures_and_audience(tmp_path, monkeypatch):
    db = _with_posts(tmp_path)
    at = app(db, monkeypatch)
    at.switch_page("ui/pages/owned.py").run()
    no_exception(at, "owned")
    assert at.title[0].value == "Owned pages"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Followers gained"] == "30"  # 13 + 13 + 4 from the LinkedIn followers export
    # the page's LinkedIn exports give impressions, no reach: no rate per person reached (issue 10)
    assert metrics["Engagement rate"] == _EN["own_na"]
    infos = [i.value for i in at.info]
    assert _EN["own_no_reach_linkedin"] in infos  # and the page says why
    # daily new followers, no follower count: the growth rate has nothing to divide by, and says so
    assert _EN["own_growth_na"] in [c.value for c in at.caption]
    assert metrics["Health professionals in the audience (est.)"] == "80%"  # 420 / 525
    subheaders = [s.value for s in at.subheader]
    assert {"Followers", "Engagement rate over time", "Format mix", "Best posts"} <= set(subheaders)
    assert any("names no account" in w.value for w in at.warning)  # kept, and the fix is said
    at = app(db, monkeypatch, locale="fr-FR")
    at.switch_page("ui/pages/owned.py").run()
    no_exception(at, "owned fr")
    assert at.title[0].value == "Pages de marque"
    assert "Répartition des formats" in [s.value for s in at.subheader]


def test_without_owned_page_or_audience_says_what_to_load(tmp_path, monkeypatch):
    db = tmp_path / "plain.duckdb"
    c = duckdb.connect(str(db))
    apply_migrations(c)
    _post(c, "instagram:I1", None, "ig_reel", dt.datetime(2026, 10, 2, 9), reach=4000, likes=150)
    c.close()
    at = app(db, monkeypatch)
    at.switch_page("ui/pages/owned.py").run()
    no_exception(at, "owned empty")
    infos = [i.value for i in at.info]
    assert any("brand_page" in i for i in infos) and any("No audience file" in i for i in infos)


def test_an_owned_page_without_follower_series_says_what_to_load(tmp_path, monkeypatch):
    """The page's content export loaded, no follower export: the Followers section says which files give
    the series, the headline shows 'not available' (never 0)."""
    from warehouse.loader import load_file

    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    apply_migrations(con)
    (tmp_path / "campaigns.csv").write_text(
        "campaign_id,name,client,therapeutic_area,start_date,end_date,hashtags,budget,currency\n"
        "C1,Octobre,Labo,oncologie,2026-10-01,2026-10-31,,,\n"
    )
    (tmp_path / "roster.csv").write_text(
        "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency\n"
        "C1,linkedin,@labo-page,Labo Exemple,brand_page,,,,\n"
    )
    for f in (tmp_path / "campaigns.csv", tmp_path / "roster.csv"):
        assert load_file(con, f).status == "loaded"
    _post(con, "linkedin:L1", "linkedin:labo-page", "li_image", dt.datetime(2026, 10, 1, 9), impressions=1000,
          likes=40, comments=5, shares=5)  # fmt: skip
    con.close()
    at = app(db, monkeypatch)
    at.switch_page("ui/pages/owned.py").run()
    no_exception(at, "owned without followers")
    assert _EN["own_no_followers"] in [i.value for i in at.info]
    assert {m.label: m.value for m in at.metric}["Followers gained"] == _EN["own_na"]
