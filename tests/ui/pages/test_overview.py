"""Overview page (AppTest): the client report is exactly what is on screen (issue 10, point 5)."""

from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation

from tests.conftest import ROOT
from tests.reports.test_report import needs_chromium


def _app(db, monkeypatch, **query):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("RELAIS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
    for k, v in query.items():
        at.query_params[k] = v
    return at


def _download(at):
    return [b for b in at.get("download_button") if b.proto.id and "ov_report_download" in b.proto.id]


def test_overview_offers_the_client_report_and_never_serves_a_stale_one(sample_db, monkeypatch):
    at = _app(sample_db, monkeypatch, lang="en")
    at.run()
    assert not at.exception
    at.radio(key="ov_report_kind").set_value("html").run()
    at.button(key="ov_report_prepare").click().run()
    assert not at.exception
    ready = at.session_state["ov_report"]
    assert (ready["kind"], ready["lang"]) == ("html", "en")
    assert ready["name"] == "relais_all-campaigns_en.html"
    assert ready["data"].startswith(b"<!DOCTYPE html") and ready["data"].count(b"plotly-graph-div") >= 2
    assert _download(at)
    # switching to PowerPoint (or to French, or changing a filter) never serves the HTML file
    at.radio(key="ov_report_kind").set_value("pptx").run()
    assert not _download(at)
    assert any("prepare it again" in c.value for c in at.caption)
    at.radio(key="ov_report_kind").set_value("html").run()
    assert _download(at)
    at.multiselect(key="flt_platforms").set_value(["instagram"]).run()
    assert not _download(at)


@needs_chromium
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_deck_shows_the_numbers_of_the_page(sample_db, monkeypatch, lang):
    """Same selection (campaign + platform), same rate basis: the deck's headline figures are the
    page's, character for character."""
    at = _app(sample_db, monkeypatch, lang=lang, campaigns="OR26", platforms="instagram", rate="impressions")
    at.run()
    assert not at.exception
    page = {m.label: m.value for m in at.metric}
    at.button(key="ov_report_prepare").click().run()
    assert not at.exception, at.exception
    ready = at.session_state["ov_report"]
    assert ready["kind"] == "pptx" and ready["lang"] == lang
    assert ready["name"] == f"relais_OR26_instagram_by-impressions_{lang}.pptx"
    prs = Presentation(io.BytesIO(ready["data"]))
    slide = list(prs.slides)[1]
    texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
    deck = {texts[i]: texts[i + 1] for i in range(len(texts) - 1)}  # label box, then its value box
    compared = 0
    for label in ("Posts", "Publications", "Influencers", "Influenceurs", "Reach", "Portée", "Impressions",
                  "Engagements", "Engagement rate (impressions)", "Taux d'engagement (impressions)"):  # fmt: skip
        if label in page and label in deck:
            assert deck[label] == page[label], (label, deck[label], page[label])
            compared += 1
    assert compared == 6, (sorted(page), sorted(deck))
    cover = " ".join(sh.text_frame.text for sh in list(prs.slides)[0].shapes if sh.has_text_frame)
    assert "OR26" in cover and "Instagram" in cover
    assert re.search(r"impressions", cover, re.I)
