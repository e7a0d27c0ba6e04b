"""Data page through Streamlit's AppTest on a real warehouse file (RELAIS_DB from `env_db`)."""

from __future__ import annotations

import duckdb
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.exports import as_uploads as _uploads
from tests.exports import instagram_file, instagram_rows, write_fixture_exports
from warehouse import uploads as page


def _app(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "ui" / "pages" / "data.py"), default_timeout=30)
    at.query_params["lang"] = lang
    return at


def test_page_on_empty_warehouse(env_db):
    at = _app().run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("Data")
    assert [t.label for t in at.tabs][:2] == ["Rejected rows", "Load history"]
    text = " ".join(c.value for c in at.caption)
    assert "No rejected row." in text and "No file loaded yet." in text
    assert at.button(key="FormSubmitter:data_upload-Load") is not None


def test_page_shows_ledger_and_rejects_after_a_load(env_db, tmp_path):
    rows = instagram_rows(1, 19100000000000000, seed=4)
    rows[0][6] = "31/31/2026"
    page.load_uploads(_uploads([instagram_file(tmp_path / "export_oct.csv", rows)]))
    at = _app("fr").run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("Données")
    frames = [df.value for df in at.dataframe]
    rejects = next(f for f in frames if "Raison" in f.columns)
    assert rejects["Fichier"].tolist() == ["export_oct.csv"] and rejects["Ligne"].tolist() == [2]
    history = next(f for f in frames if "Chargement n°" in f.columns)
    assert history["Fichier"].tolist() == ["export_oct.csv"] and history["Rejetées"].tolist() == [1]
    catalogue = next(f for f in frames if "Indicateur" in f.columns)
    assert "Taux d'engagement" in " ".join(catalogue["Indicateur"])


def test_new_data_shows_without_restart(env_db, tmp_path):
    """The cached read of the page drops when a load goes through write_call."""
    at = _app().run()
    assert "0 post(s)" in " ".join(c.value for c in at.caption)
    page.load_uploads(_uploads(write_fixture_exports(tmp_path / "in")))
    at.run()
    assert "48 post(s)" in " ".join(c.value for c in at.caption)


def test_processed_hashes_survive_reruns(env_db, tmp_path):
    """The page's load runs from the form only; a rerun re-shows the last result without loading."""
    at = _app().run()
    at.session_state["data_last"] = {
        "summaries": [
            {
                "file": "a.csv",
                "status": "failed",
                "kind": None,
                "platform": None,
                "rows_read": 0,
                "loaded": 0,
                "rejected": 0,
                "duplicates": 0,
                "file_id": None,
                "snapshot_date": None,
                "message": "not a recognised export",
                "notes": [],
            }
        ],  # fmt: skip
        "refused": [("big.csv", "too_large", "60.0/50")],
        "skipped": [],
    }
    at.run()
    errors = " ".join(e.value for e in at.error).replace("\\", "")  # names are Markdown-escaped
    assert "big.csv: too large" in errors and "a.csv: not loaded" in errors
    with duckdb.connect(str(env_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM load_files").fetchone()[0] == 0


def test_client_report_tab_points_to_the_overview(env_db, tmp_path):
    """One selection, one truth: the report is built on the Overview from the selection on screen,
    not from a second campaign picker on the Data page."""
    page.load_uploads(_uploads(write_fixture_exports(tmp_path / "in")))
    at = _app().run()
    assert not at.exception, at.exception
    assert "data_report_prepare" not in [b.key for b in at.button]
    assert any("built on the Overview" in c.value for c in at.caption)
