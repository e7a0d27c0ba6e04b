"""Impossible values are rejected with a reason and listed by `relais rejects`.

Before: 1e309, Infinity and negative counts loaded; year 0001 / 9999 dates loaded (the date
filter then spanned 0001-9999); negative fees, followers and budgets loaded; roster rows for
campaigns nobody loaded were kept.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.hostile import make_corpus as corpus

ROOT = Path(__file__).resolve().parents[2]


def _campaign_window() -> str:
    """Campaign dates: 20 years either side of the load date (today)."""
    import datetime as dt

    span = dt.timedelta(days=365 * 20 + 5)
    today = dt.date.today()
    return f"{(today - span).isoformat()}..{(today + span).isoformat()}"


def test_impossible_values_are_rejected_with_their_reason(tmp_path):
    files = [
        corpus.impossible_campaigns(tmp_path / "a_campaigns.csv"),
        corpus.impossible_roster(tmp_path / "b_roster.csv"),
        corpus.impossible_posts(tmp_path / "c_posts.csv"),
        corpus.impossible_comments(tmp_path / "d_comments.csv"),
    ]
    db = tmp_path / "w.duckdb"
    cmd = [sys.executable, "-m", "cli.main"]
    env = {**os.environ}
    load = subprocess.run(
        [*cmd, "load", *map(str, files), "--db", str(db), "--export-date", "2026-11-01", "--json"],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert load.returncode == 0, load.stderr
    counts = {s["file"]: (s["rows_read"], s["loaded"], s["rejected"]) for s in json.loads(load.stdout)}
    assert counts == {
        "a_campaigns.csv": (3, 1, 2),
        "b_roster.csv": (4, 1, 3),
        "c_posts.csv": (6, 1, 5),
        "d_comments.csv": (2, 1, 1),
    }
    rej = subprocess.run(
        [*cmd, "rejects", "--json", "--db", str(db)], cwd=ROOT, capture_output=True, text=True
    )
    got = {(r["file_name"], r["row_number"], r["column_name"]): r["reason"] for r in json.loads(rej.stdout)}
    impossible = "impossible value (negative or not a finite number)"
    assert {k: v.split(":")[0] for k, v in got.items()} == {
        ("a_campaigns.csv", 3, "budget"): impossible,
        ("a_campaigns.csv", 4, "start_date"): f"date outside {_campaign_window()} (RELAIS_DATE_WINDOW_YEARS around the export date)",
        ("b_roster.csv", 3, "fee"): impossible,
        ("b_roster.csv", 4, "followers"): impossible,
        ("b_roster.csv", 5, "campaign_id"): "unknown campaign NOPE26",
        ("c_posts.csv", 3, "likes"): impossible,
        ("c_posts.csv", 4, "reach"): impossible,
        ("c_posts.csv", 5, "likes"): impossible,
        ("c_posts.csv", 6, "published_at"): "date outside 2006-11-01..2027-11-02 (RELAIS_DATE_WINDOW_YEARS around the export date)",
        ("c_posts.csv", 7, "published_at"): "date outside 2006-11-01..2027-11-02 (RELAIS_DATE_WINDOW_YEARS around the export date)",
        ("d_comments.csv", 3, "likes"): impossible,
    }  # fmt: skip
    assert got[("c_posts.csv", 3, "likes")].endswith(": inf")
    human = subprocess.run([*cmd, "rejects", "--db", str(db)], cwd=ROOT, capture_output=True, text=True)
    assert human.stdout.count("impossible value") == 7 and "unknown campaign NOPE26" in human.stdout
