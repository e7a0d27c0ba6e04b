"""The dashboard's default view is the campaigns' posts; the rest is chosen on purpose and the
Data page says, after every load, which posts match no campaign and how to assign them."""

from __future__ import annotations

import duckdb
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.exports import as_uploads, instagram_file, instagram_rows, write_fixture_exports
from tests.ui.apptest import app, as_int, metric, no_exception, sql
from warehouse import uploads


def test_default_view_is_the_campaigns_posts_and_the_rest_is_chosen_on_purpose(sample_db, monkeypatch):
    # the client's own pages' posts belong to no campaign on purpose: not "to assign", only in "all"
    assigned, unassigned, owned = sql(
        sample_db,
        "SELECT count(campaign_id), count(*) FILTER (WHERE campaign_id IS NULL AND NOT o), "
        "count(*) FILTER (WHERE campaign_id IS NULL AND o) "
        "FROM (SELECT *, influencer_id IN (SELECT influencer_id FROM owned_pages) AS o FROM posts)",
    )[0]
    assert owned > 0
    at = app(sample_db, monkeypatch)
    at.run()
    no_exception(at, "overview")
    assert as_int(metric(at, "Posts")) == assigned
    assert any(f"{unassigned} posts matching no campaign are not shown" in c.value for c in at.caption)
    assert "scope" not in at.query_params  # the default stays out of shared links
    at.radio(key="flt_scope").set_value("unassigned").run()
    no_exception(at, "unassigned")
    assert as_int(metric(at, "Posts")) == unassigned
    assert at.query_params["scope"] == "unassigned"
    at.radio(key="flt_scope").set_value("all").run()
    assert as_int(metric(at, "Posts")) == assigned + unassigned + owned
    assert any(f"including {owned} posts of the client's own pages" in c.value for c in at.caption)
    # a shared link keeps the scope
    at2 = app(sample_db, monkeypatch, scope="all")
    at2.run()
    assert as_int(metric(at2, "Posts")) == assigned + unassigned + owned


def test_without_any_campaign_every_post_is_shown_and_the_sidebar_says_why(env_db, tmp_path, monkeypatch):
    uploads.load_uploads(
        as_uploads(
            [
                instagram_file(
                    tmp_path / "Oct-01-2026_Oct-31-2026_1.csv", instagram_rows(2, 19200000000000000, seed=3)
                )
            ]
        )
    )
    at = app(env_db, monkeypatch)
    at.run()
    no_exception(at, "overview without roster")
    posts = sql(env_db, "SELECT count(*) FROM posts")[0][0]
    assert posts > 0 and as_int(metric(at, "Posts")) == posts
    assert any("No post is assigned to a campaign yet" in c.value for c in at.sidebar.caption)


def test_data_page_says_which_posts_of_a_load_match_no_campaign(env_db, tmp_path):
    uploads.load_uploads(as_uploads(write_fixture_exports(tmp_path / "in")))
    stray = instagram_file(
        tmp_path / "Mar-01-2026_Mar-31-2026_2.csv", instagram_rows(1, 19300000000000000, seed=5)
    )
    # March posts without the campaign hashtag: outside the October window, they match no campaign
    text = stray.read_text(encoding="utf-8-sig").replace("10/", "03/").replace("#OctobreRose", "#Printemps")
    stray.write_text(text, encoding="utf-8-sig")
    at = AppTest.from_file(str(ROOT / "ui" / "pages" / "data.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    outcome = uploads.load_uploads(as_uploads([stray]))
    file_ids = [s.file_id for s in outcome.summaries if s.file_id is not None]
    with duckdb.connect(str(env_db), read_only=True) as con:
        info = uploads.unassigned_posts(con, file_ids)
        n_new = con.execute("SELECT count(*) FROM posts WHERE first_file_id = ?", [file_ids[0]]).fetchone()[0]
    assert info["in_load"] == info["load_posts"] == n_new > 0
    assert info["total"] == n_new and len(info["examples"]) == n_new
    # the page shows the notice after the load (session state as the upload form leaves it)
    at.session_state["data_last"] = {
        "summaries": [s.to_dict() for s in outcome.summaries],
        "refused": [],
        "skipped": [],
    }
    at.run()
    assert not at.exception, at.exception
    warning = " ".join(w.value for w in at.warning)
    assert f"{n_new} of the {n_new} posts in this load match no campaign" in warning
    assert "relais assign" in " ".join(c.value for c in at.caption)
