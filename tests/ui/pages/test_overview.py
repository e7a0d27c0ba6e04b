"""Overview page (AppTest)."""

from __future__ import annotations

from tests.conftest import ROOT


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
