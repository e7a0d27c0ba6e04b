"""The dashboard finishes derived steps an interrupted load left, and its busy notice refreshes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.hostile.test_derived_steps import COMMENTS
from warehouse.db import connect
from warehouse.loader import load_paths

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")


def test_opening_the_dashboard_finishes_undone_steps(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    f = tmp_path / "comments.csv"
    f.write_text(COMMENTS, encoding="utf-8")
    with connect(db) as con:
        load_paths(con, [f])
        # what a kill right after the data commit leaves
        con.execute("DELETE FROM pv_audit; DELETE FROM pv_cases; DELETE FROM comment_reactions")
        con.execute("UPDATE load_steps SET state = 'pending' WHERE step IN ('reactions', 'compliance')")
    monkeypatch.setenv("RELAIS_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM load_steps WHERE state <> 'done'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM comment_reactions").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM pv_cases").fetchone()[0] == 1


@pytest.mark.slow
def test_busy_notice_refreshes_when_the_lock_is_released(tmp_path, monkeypatch):
    """Held longer than a page query waits (before: 30 s, then a notice that never refreshed)."""
    db = tmp_path / "w.duckdb"
    with connect(db):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('held', flush=True);"
         " time.sleep(32); c.close()"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("RELAIS_DB", str(db))
        monkeypatch.setattr("ui.common.READ_WAIT_S", 0.5)
        at = AppTest.from_file(APP, default_timeout=90)
        at.context = {"locale": "en-US"}
        t0 = time.monotonic()
        at.run()
        waited = time.monotonic() - t0
    finally:
        holder.wait(timeout=30)
    assert not at.exception, [e.message for e in at.exception]
    # the page waited for the lock, then drew itself (the empty-warehouse message), no stale notice
    assert waited >= 30
    assert not [w for w in at.warning if "being updated" in w.value]
    assert any("No data loaded yet" in i.value for i in at.info)
