"""Dashboard pages through Streamlit's AppTest, on the bundled sample and on an empty warehouse.

What is checked: every page of the navigation runs without an exception on
both; the empty warehouse says what to load; a sidebar filter changes the
figures exactly as an independent SQL count says, lands in the URL and
follows the user to the next page; a shared link's filters are applied; the
language switch turns labels French <-> English and is kept in the URL; the
rate-basis switch relabels the rate; presentation mode hides tables; a
correction and a PV status change are stored with who and why; comment text
never reaches a Markdown element.

The sample warehouse is the session fixture `sample_db` (tests/conftest.py:
`relais load sample_data/` through warehouse.loader.load_paths, once per
worker); tests that write use a copy.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui.filters import filters_from_query, filters_to_query
from warehouse.filters import Filters
from warehouse.schema import apply_migrations

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
PAGES = [
    "ui/pages/campaigns.py",
    "ui/pages/formats.py",
    "ui/pages/profiles.py",
    "ui/pages/reactions.py",
    "ui/pages/compliance.py",
    "ui/pages/data.py",
]
TIMEOUT = 60


def app(db: Path, monkeypatch, locale: str = "en-US", **query: str) -> AppTest:
    monkeypatch.setenv("RELAIS_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.context = {"locale": locale}
    for k, v in query.items():
        at.query_params[k] = v
    return at


def no_exception(at: AppTest, where: str) -> None:
    assert not at.exception, f"{where}: {[e.message for e in at.exception]}"


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return found[0]


def as_int(text: str) -> int:
    return int(text.replace(",", "").replace("\u202f", "").replace(" ", ""))


def markdown_texts(at: AppTest) -> str:
    """Everything rendered as Markdown (markdown, captions, info boxes, titles)."""
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [e.value for e in at.info] + [e.value for e in at.warning] + [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    con = duckdb.connect(str(path))
    apply_migrations(con)
    con.close()
    return path


@pytest.fixture
def writable_sample(sample_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sample_copy.duckdb"
    shutil.copyfile(sample_db, target)
    return target


def sql(db: Path, query: str, params: list | None = None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


# --------------------------------------------------------------------------- every page


def test_every_page_runs_on_the_sample(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch)
    at.run()
    no_exception(at, "overview")
    posts = sql(sample_db, "SELECT count(*) FROM posts")[0][0]
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
    f = Filters(campaigns=("OR26", "DT2-26"), tiers=("nano",), date_to=dt.date(2026, 10, 31))
    q = filters_to_query(f)
    assert q == {"campaigns": ["OR26", "DT2-26"], "tiers": ["nano"], "date_to": "2026-10-31"}
    assert filters_from_query(q) == f
    assert filters_from_query({"campaigns": "OR26,DT2-26", "date_from": "garbage"}) == Filters(
        campaigns=("OR26", "DT2-26")
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


# --------------------------------------------------------------------------- writes: who and why


def test_correcting_a_comment_needs_who_and_why_and_is_stored(writable_sample, monkeypatch):
    at = app(writable_sample, monkeypatch)
    at.run()
    at.switch_page("ui/pages/reactions.py").run()
    no_exception(at, "reactions")
    comment_id = at.selectbox(key="reac_pick").value
    assert comment_id
    at.multiselect(key=f"reac_new_cats_{comment_id}").set_value(["question", "testimony"])
    at.button[[b.label for b in at.button].index("Save the correction")].click().run()
    assert any("who you are" in e.value for e in at.error)
    assert sql(writable_sample, "SELECT count(*) FROM reaction_corrections")[0][0] == 0
    at.text_input(key="reac_who").input("Camille (PV)")
    at.text_area(key=f"reac_why_{comment_id}").input("témoignage, pas une question seule")
    at.button[[b.label for b in at.button].index("Save the correction")].click().run()
    no_exception(at, "after correction")
    rows = sql(
        writable_sample,
        "SELECT categories, corrected_by, reason FROM reaction_corrections WHERE comment_id = ?",
        [comment_id],
    )
    assert rows == [(["question", "testimony"], "Camille (PV)", "témoignage, pas une question seule")]
    assert any("Correction saved" in s.value for s in at.success)


def test_pv_status_change_needs_who_and_why_and_lands_in_the_audit_trail(writable_sample, monkeypatch):
    open_cases = sql(writable_sample, "SELECT count(*) FROM pv_cases WHERE status IN ('new', 'triaged')")[0][
        0
    ]
    if not open_cases:
        pytest.skip("the sample has no open pharmacovigilance case")
    at = app(writable_sample, monkeypatch)
    at.run()
    at.switch_page("ui/pages/compliance.py").run()
    no_exception(at, "compliance")
    case = at.selectbox(key="comp_pv_case").value
    before = sql(writable_sample, "SELECT status FROM pv_cases WHERE comment_id = ?", [case])[0][0]
    at.selectbox(key="pv_new_status").set_value("triaged" if before == "new" else "not_a_case")
    at.button[[b.label for b in at.button].index("Change the status")].click().run()
    assert any("who you are" in e.value for e in at.error)
    at.text_input(key="pv_who").input("Dr Martin")
    at.text_area(key="pv_why").input("vertiges rapportés, à évaluer")
    at.button[[b.label for b in at.button].index("Change the status")].click().run()
    no_exception(at, "after PV change")
    trail = sql(
        writable_sample,
        "SELECT from_status, changed_by, reason FROM pv_audit WHERE comment_id = ? ORDER BY audit_id DESC LIMIT 1",
        [case],
    )
    assert trail == [(before, "Dr Martin", "vertiges rapportés, à évaluer")]
    # the audit trail table is on the page, and the queue offers its export
    assert any(isinstance(d.value, pd.DataFrame) and "Dr Martin" in d.value.to_string() for d in at.dataframe)


def test_comment_text_is_never_rendered_as_markdown(writable_sample, monkeypatch):
    hostile = "**gras** <script>alert(1)</script> [clic](javascript:alert(1)) =cmd|' /C calc'!A0"
    con = duckdb.connect(str(writable_sample))
    post_id = con.execute("SELECT post_id FROM comments WHERE post_id IS NOT NULL LIMIT 1").fetchone()[0]
    con.execute(
        "INSERT INTO comments (comment_id, platform, post_id, author_hash, text, likes, file_id, first_loaded_at) "
        "VALUES ('hostile:1', 'instagram', ?, 'u_hostile', ?, 1000000, 1, now())",
        [post_id, hostile],
    )
    con.execute(
        "INSERT INTO comment_reactions (comment_id, categories, adverse_event, classifier_version, classified_at) "
        "VALUES ('hostile:1', ['question'], false, 'test', now())"
    )
    con.close()
    at = app(writable_sample, monkeypatch)
    at.run()
    at.switch_page("ui/pages/reactions.py").run()
    no_exception(at, "reactions with a hostile comment")
    assert at.selectbox(key="reac_pick").value == "hostile:1"  # most liked: first example
    shown = [d.value for d in at.dataframe if isinstance(d.value, pd.DataFrame)]
    assert any(hostile in df.to_string() for df in shown) or any(
        hostile in " ".join(map(str, df.get("text", []))) for df in shown
    )
    assert hostile in [t.value for t in at.text]
    md = markdown_texts(at)
    assert "<script>" not in md and "**gras**" not in md and "javascript:" not in md


def test_downloads_neutralise_formulas():
    from ui.common import to_csv_bytes, to_xlsx_bytes

    df = pd.DataFrame({"text": ['=HYPERLINK("http://x")', "+33 6", "ok"], "n": [1, -2, 3]})
    csv = to_csv_bytes(df).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "'+33 6" in csv and "-2" in csv
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(to_xlsx_bytes(df))).active
    values = [c.value for c in ws["A"]]
    assert values[1].startswith("'=") and ws["A2"].data_type == "s"


# --------------------------------------------------------------------------- chart conventions


def test_every_format_and_profile_type_has_its_own_fixed_colour():
    from ui import charts
    from warehouse.schema import FORMAT_FAMILY, PROFILE_TYPES

    assert set(FORMAT_FAMILY) <= set(charts.FORMAT_COLORS)
    real = [charts.FORMAT_COLORS[f] for f in FORMAT_FAMILY if f != "unknown"]
    assert len(set(real)) == len(real), "two formats share a colour"
    assert set(PROFILE_TYPES) <= set(charts.PROFILE_COLORS)
    assert len({charts.PROFILE_COLORS[p] for p in PROFILE_TYPES}) == len(PROFILE_TYPES)
    assert charts.color_for("format", "ig_reel") == charts.color_for("format", "ig_reel")
    ids = ["OR26", "DT2-26", "SPA26"]
    assert charts.campaign_colors(ids) == charts.campaign_colors(reversed(ids))


def test_rate_chart_carries_unit_interval_posts_and_escapes_names():
    from ui import charts

    d = pd.DataFrame(
        {
            "label": ["<b>Reels</b> & co", "Carrousels"],
            "color": ["#000000", "#111111"],
            "value": [0.05, 0.03],
            "lo": [0.04, 0.02],
            "hi": [0.06, 0.05],
            "posts": [12, 30],
            "influencers": [3, 8],
            "posts_with_rate": [10, 30],
        }
    )
    fig = charts.rate_bars(
        d,
        title="Engagement rate by format",
        subtitle="% · 95% interval · 40 posts",
        axis_title="Engagement rate (%)",
        hover_posts="Posts",
        hover_influencers="Influencers",
        hover_rate_posts="Posts behind the rate",
    )
    bar = fig.data[0]
    assert list(bar.error_x.array) == pytest.approx([0.02, 0.01])  # sorted ascending: 0.03 first
    assert "&lt;b&gt;Reels&lt;/b&gt; &amp; co" in bar.y
    assert "Posts: %{customdata[0]:,}" in bar.hovertemplate
    assert fig.layout.title.subtitle.text.endswith("40 posts")
    assert fig.layout.xaxis.title.text == "Engagement rate (%)"
    assert fig.layout.template.layout.font.family.startswith("Source Sans")


def test_overview_offers_the_client_report(sample_db, monkeypatch):
    """The Overview builds the client report of the selection and offers it for download."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("RELAIS_DB", str(sample_db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    at.radio(key="ov_report_kind").set_value("html").run()
    at.button(key="ov_report_prepare").click().run()
    assert not at.exception
    kind, lang, _camps, data = at.session_state["ov_report"]
    assert (kind, lang) == ("html", "en")
    assert data.startswith(b"<!DOCTYPE html") or b"<html" in data[:500]
    assert data.count(b"plotly-graph-div") >= 2
