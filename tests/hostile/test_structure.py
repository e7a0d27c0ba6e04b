"""Strict parsing that quarantines: a structure error costs its record, never the file or its neighbours.

Before: one unbalanced quote swallowed every later record into one field (with the swallowed
rows' raw handles); valid UTF-8 rows of a mixed-encoding file became mojibake; a >128 KB cell
near the top made a valid export "not a recognised export" (Python's csv field limit); one
overflowing value failed the whole file with a raw DuckDB error.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.hostile import make_corpus as corpus
from warehouse.loader import load_file


@pytest.fixture
def wh(con):
    return con


def everything_stored(con: duckdb.DuckDBPyConnection) -> str:
    parts = []
    for table in ("comments", "rejects", "load_files"):
        parts += [str(r) for r in con.execute(f"SELECT * FROM {table}").fetchall()]
    return "\n".join(parts)


@pytest.mark.parametrize("n", [1500, 3000])  # 3000 rows: over 256 KB, DuckDB's strict reader first
def test_unbalanced_quote_costs_one_record(con, tmp_path, n):
    s = load_file(con, corpus.unbalanced_quote_comments(tmp_path / "c.csv", n))
    assert (s.status, s.rows_read, s.loaded, s.rejected, s.duplicates) == ("loaded", n + 2, n + 1, 1, 0)
    row, reason = con.execute("SELECT row_number, reason FROM rejects").fetchone()
    assert row == 3 and reason.startswith("unbalanced quote")
    assert con.execute("SELECT max(length(text)) FROM comments").fetchone()[0] < 40
    stored = everything_stored(con)
    assert "quote_user" not in stored and "user_0005" not in stored and "first_user" not in stored


def test_quote_closed_by_a_later_stray_quote(con, tmp_path):
    s = load_file(con, corpus.swallowing_quote_closed_later(tmp_path / "c.csv"))
    assert (s.status, s.rows_read, s.loaded, s.rejected) == ("loaded", 3000, 2998, 2)
    assert [r[0] for r in con.execute("SELECT row_number FROM rejects ORDER BY 1").fetchall()] == [3, 53]
    assert con.execute("SELECT max(length(text)) FROM comments").fetchone()[0] < 40
    assert "user_0001" not in everything_stored(con)


def test_mixed_encoding_quarantines_the_bad_row_and_keeps_utf8(con, tmp_path):
    s = load_file(con, corpus.mixed_encoding_comments(tmp_path / "c.csv"))
    assert (s.status, s.rows_read, s.loaded, s.rejected) == ("loaded", 3, 2, 1)
    texts = sorted(r[0] for r in con.execute("SELECT text FROM comments").fetchall())
    assert texts == ["très bien, merci à vous", "été génial"]
    assert "not valid UTF-8" in con.execute("SELECT reason FROM rejects").fetchone()[0]


def test_huge_cell_near_the_top_is_quarantined_and_the_export_recognised(con, tmp_path):
    s = load_file(con, corpus.huge_cell_near_top(tmp_path / "ig.csv"))
    assert (s.status, s.kind, s.rows_read, s.loaded, s.rejected) == ("loaded", "instagram_posts", 3, 2, 1)
    row, reason = con.execute("SELECT row_number, reason FROM rejects").fetchone()
    assert row == 2 and "longer than the 128 KB limit" in reason


def test_overflowing_value_rejects_its_row_only(con, tmp_path):
    s = load_file(con, corpus.overflowing_values(tmp_path / "c.csv"))
    assert (s.status, s.rows_read, s.loaded, s.rejected) == ("loaded", 3, 2, 1)
    row, col, reason = con.execute("SELECT row_number, column_name, reason FROM rejects").fetchone()
    assert (row, col) == (3, "likes") and "out of range" in reason
