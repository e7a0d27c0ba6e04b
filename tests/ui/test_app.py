"""The dashboard as a whole through Streamlit's AppTest, on the bundled sample and on an empty warehouse.

What is checked: every page of the navigation runs without an exception on
both; the empty warehouse says what to load; a sidebar filter changes the
figures exactly as an independent SQL count says, lands in the URL and
follows the user to the next page; a shared link's filters are applied; the
language switch turns labels French <-> English and is kept in the URL; the
rate-basis switch relabels the rate; presentation mode hides tables. What
belongs to one page is in tests/ui/pages/test_<page>.py.

The sample warehouse is the session fixture `sample_db` (tests/conftest.py:
`relais load sample_data/` through warehouse.loader.load_paths, once per
worker); tests that write use a copy (`writable_sample`, tests/ui/conftest.py).
"""

from __future__ import annotations

import datetime as dt

from tests.ui.apptest import PAGES, app, as_int, metric, no_exception, sql
from ui.filters import filters_from_query, filters_to_query
from warehouse.filters import Filters

# --------------------------------------------------------------------------- every page


def test_every_page_runs_on_the_sample(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch)
    at.run()
    no_exception(at, "overview")
    posts = sql(sample_db, "SELECT count(*) FROM posts WHERE campaign_id IS NOT NULL")[0][0]  # default view
    assert as_int(metric(at, "Posts")) == posts
    assert at.title[0].value == "Relais — health influencer campaigns"
    for page in PAGES:
        at.switch_page(page).run()
        no_exception(at, page)
        assert at.title, page
    # the main pages each draw charts and offer their tables for download
    at.switch_page("ui/pages/profiles.py").run()
    assert at.dataframe and len(at.get("plotly_chart")) >= 3
    assert any(b.label == "CSV" for b in at.get("download_button"))
    assert any(b.label == "Excel" for b in at.get("download_button"))


def test_every_page_runs_on_an_empty_warehouse_and_says_what_to_load(empty_db, monkeypatch):
    at = app(empty_db, monkeypatch)
    at.run()
    no_exception(at, "overview (empty)")
    assert "relais load sample_data/" in at.info[0].value
    for page in PAGES:
        at.switch_page(page).run()
        no_exception(at, f"{page} (empty)")
        if page != "ui/pages/data.py":
            assert at.info and "relais load sample_data/" in at.info[0].value, page
    # and in French
    at = app(empty_db, monkeypatch, locale="fr-FR")
    at.run()
    assert "Aucune donnée chargée" in at.info[0].value


# --------------------------------------------------------------------------- filters


def test_campaign_filter_changes_the_numbers_lands_in_the_url_and_follows_pages(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch)
    at.run()
    total = as_int(metric(at, "Posts"))
    at.multiselect(key="flt_campaigns").set_value(["OR26"]).run()
    no_exception(at, "overview filtered")
    expected = sql(sample_db, "SELECT count(*) FROM posts WHERE campaign_id = ?", ["OR26"])[0][0]
    assert 0 < expected < total
    assert as_int(metric(at, "Posts")) == expected
    influencers = sql(
        sample_db, "SELECT count(DISTINCT influencer_id) FROM posts WHERE campaign_id = ?", ["OR26"]
    )[0][0]
    assert as_int(metric(at, "Influencers")) == influencers
    assert at.query_params["campaigns"] == "OR26"
    # the selection follows the user to another page, and stays in the URL
    at.switch_page("ui/pages/campaigns.py").run()
    no_exception(at, "campaigns filtered")
    assert at.multiselect(key="flt_campaigns").value == ["OR26"]
    assert at.query_params["campaigns"] == "OR26"
    assert any("Octobre Rose" in c.value for c in at.caption)
    # clearing the filter brings every campaign back and empties the URL key
    at.multiselect(key="flt_campaigns").set_value([]).run()
    no_exception(at, "campaigns unfiltered")
    assert "campaigns" not in at.query_params
    assert at.multiselect(key="flt_campaigns").value == []


def test_a_shared_link_applies_its_filters(sample_db, monkeypatch):
    at = app(
        sample_db, monkeypatch, lang="en", campaigns="DT2-26", platforms="instagram", date_from="2026-06-10"
    )
    at.run()
    no_exception(at, "overview from link")
    expected = sql(
        sample_db,
        "SELECT count(*) FROM posts WHERE campaign_id = ? AND platform = ? AND CAST(published_at AS DATE) >= ?",
        ["DT2-26", "instagram", dt.date(2026, 6, 10)],
    )[0][0]
    assert expected > 0
    assert as_int(metric(at, "Posts")) == expected
    assert at.multiselect(key="flt_platforms").value == ["instagram"]
    assert at.query_params["date_from"] == "2026-06-10"


def test_a_link_with_unknown_values_does_not_break_the_page(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch, campaigns="NOPE", date_from="not-a-date", rate="bogus", lang="xx")
    at.run()
    no_exception(at, "overview from a bad link")


def test_query_string_round_trip():
    f = Filters(
        campaigns=("OR26", "DT2-26"), tiers=("nano",), date_to=dt.date(2026, 10, 31), scope="campaigns"
    )
    q = filters_to_query(f)
    assert q == {"campaigns": ["OR26", "DT2-26"], "tiers": ["nano"], "date_to": "2026-10-31"}
    assert filters_from_query(q) == f
    assert filters_from_query({"campaigns": "OR26,DT2-26", "date_from": "garbage"}) == Filters(
        campaigns=("OR26", "DT2-26"), scope="campaigns"
    )
    everything = Filters(scope="all")
    assert (
        filters_to_query(everything) == {"scope": "all"}
        and filters_from_query({"scope": "all"}) == everything
    )


# --------------------------------------------------------------------------- language, rate basis, presentation


def test_language_follows_the_browser_then_the_switch_and_the_url(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch, locale="fr-FR")
    at.run()
    assert at.title[0].value == "Relais — campagnes d'influence santé"
    assert "Publications" in [m.label for m in at.metric]
    at.radio(key="lang_switch").set_value("en").run()
    no_exception(at, "switch to English")
    assert at.title[0].value == "Relais — health influencer campaigns"
    assert "Posts" in [m.label for m in at.metric]
    assert at.query_params["lang"] == "en"
    at.switch_page("ui/pages/formats.py").run()
    assert at.title[0].value == "Formats" and at.query_params["lang"] == "en"
    assert at.button_group(key="fmt_by").options[0] == "Format families"
    at.radio(key="lang_switch").set_value("fr").run()
    assert at.button_group(key="fmt_by").options[0] == "Familles de formats"
    assert at.query_params["lang"] == "fr"


def test_rate_basis_switch_relabels_the_rate_and_is_kept_in_the_url(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch)
    at.run()
    labels = [m.label for m in at.metric]
    assert "Engagement rate" in labels
    at.button_group(key="rate_w").set_value("impressions").run()
    no_exception(at, "rate by impressions")
    assert "Engagement rate (impressions)" in [m.label for m in at.metric]
    assert at.query_params["rate"] == "impressions"
    at.switch_page("ui/pages/campaigns.py").run()
    no_exception(at, "campaigns by impressions")
    assert at.session_state["rate_basis"] == "impressions"
    assert at.query_params["rate"] == "impressions"
    specs = " ".join(c.proto.spec for c in at.get("plotly_chart"))
    assert "Engagement rate (impressions) by campaign" in specs


def test_presentation_mode_hides_tables_and_can_be_left(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch, present="1")
    at.run()
    at.switch_page("ui/pages/campaigns.py").run()
    no_exception(at, "campaigns presented")
    assert not at.dataframe
    assert len(at.get("plotly_chart")) >= 2
    at.button(key="present_exit").click().run()
    no_exception(at, "after presentation")
    assert at.dataframe
    assert "present" not in at.query_params
