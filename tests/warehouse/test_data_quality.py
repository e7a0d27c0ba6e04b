"""Data tests on the warehouse built from the sample data (dbt-style: unique, not_null,
relationships, accepted_values, expression_is_true), plus pseudonymisation."""

from __future__ import annotations

import csv
import shutil

import duckdb
import pytest

from domain import FORMAT_FAMILY, PLATFORMS, roster_profile_types
from tests.golden import SAMPLE, SAMPLE_INPUTS


@pytest.fixture(scope="module")
def ro(sample_db):
    c = duckdb.connect(str(sample_db), read_only=True)
    yield c
    c.close()


UNIQUE = {
    "posts": "post_id",
    "post_metrics": "post_id, snapshot_date",
    "influencers": "influencer_id",
    "campaigns": "campaign_id",
    "roster": "campaign_id, influencer_id",
    "comments": "comment_id",
    "account_metrics": "platform, account, metric, date, dimension",
    "load_files": "file_id",
}


@pytest.mark.parametrize("table,key", UNIQUE.items())
def test_unique(ro, table, key):
    dup = ro.execute(
        f"SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY ALL HAVING count(*) > 1)"
    ).fetchone()[0]
    assert dup == 0


@pytest.mark.parametrize(
    "table,column",
    [("posts", "platform"), ("posts", "format"), ("posts", "format_family"), ("posts", "platform_post_id"),
     ("post_metrics", "file_id"), ("post_metrics", "snapshot_date"), ("comments", "file_id")],
)  # fmt: skip
def test_not_null(ro, table, column):
    assert ro.execute(f"SELECT count(*) FROM {table} WHERE {column} IS NULL").fetchone()[0] == 0


@pytest.mark.parametrize(
    "child,col,parent,pcol",
    [("post_metrics", "post_id", "posts", "post_id"), ("posts", "influencer_id", "influencers", "influencer_id"),
     ("roster", "influencer_id", "influencers", "influencer_id"), ("roster", "campaign_id", "campaigns", "campaign_id"),
     ("posts", "campaign_id", "campaigns", "campaign_id"), ("rejects", "file_id", "load_files", "file_id"),
     ("comments", "post_id", "posts", "post_id")],
)  # fmt: skip
def test_relationships(ro, child, col, parent, pcol):
    orphans = ro.execute(
        f"SELECT count(*) FROM {child} c WHERE c.{col} IS NOT NULL AND NOT EXISTS "
        f"(SELECT 1 FROM {parent} p WHERE p.{pcol} = c.{col})"
    ).fetchone()[0]
    assert orphans == 0


def test_accepted_values(ro):
    formats = {r[0] for r in ro.execute("SELECT DISTINCT format FROM posts").fetchall()}
    assert formats <= set(FORMAT_FAMILY)
    assert {r[0] for r in ro.execute("SELECT DISTINCT platform FROM posts").fetchall()} <= set(PLATFORMS)
    types = {
        r[0]
        for r in ro.execute(
            "SELECT DISTINCT profile_type FROM influencers WHERE profile_type IS NOT NULL"
        ).fetchall()
    }
    assert types == set(roster_profile_types())  # the sample covers every profile type a roster can give


def test_ledger_accounting_holds_for_every_file(ro):
    bad = ro.execute(
        "SELECT file_name FROM load_files WHERE status = 'loaded' "
        "AND rows_read <> rows_loaded + rows_rejected + rows_duplicate"
    ).fetchall()
    assert bad == []
    assert ro.execute("SELECT count(*) FROM load_files WHERE status = 'failed'").fetchone()[0] == 0


def test_sample_covers_platforms_and_campaigns(ro):
    platforms = {r[0] for r in ro.execute("SELECT DISTINCT platform FROM posts").fetchall()}
    assert {"instagram", "tiktok"} <= platforms
    assert ro.execute("SELECT count(*) FROM campaigns").fetchone()[0] >= 3
    share_assigned = ro.execute(
        "SELECT avg(CASE WHEN campaign_id IS NOT NULL THEN 1 ELSE 0 END) FROM posts"
    ).fetchone()[0]
    assert share_assigned > 0.8


def test_no_raw_commenter_handle_is_stored(ro, sample_db):
    handles = set()
    for f in SAMPLE.rglob("*.csv"):
        raw = f.read_bytes()
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue  # UTF-16 Insights series: no comments there
        reader = csv.DictReader(raw.decode("utf-8-sig", errors="replace").splitlines())
        if reader.fieldnames and "author" in reader.fieldnames:
            handles |= {r["author"].lstrip("@").lower() for r in reader if r.get("author")}
    if not handles:
        pytest.skip("no comment export in the sample data")
    sample = sorted(h for h in handles if len(h) >= 6)[:300]
    cols = ro.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE data_type = 'VARCHAR' AND NOT internal "
        "AND schema_name = 'main'"
    ).fetchall()
    for table, column in cols:
        hits = ro.execute(
            f'SELECT count(*) FROM "{table}" WHERE lower("{column}") IN (SELECT unnest(?::VARCHAR[]))',
            [sample],
        ).fetchone()[0]
        assert hits == 0, (table, column)


def test_loading_the_sample_again_changes_nothing(sample_db, tmp_path):
    import datetime as dt

    from etl.base import LoadOptions
    from warehouse.loader import load_paths

    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(sample_db, copy)
    con = duckdb.connect(str(copy))
    before = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in UNIQUE}
    out = load_paths(con, SAMPLE_INPUTS, LoadOptions(today=dt.date(2026, 11, 23)))
    assert {s.status for s in out} == {"already_loaded"}
    after = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in UNIQUE}
    con.close()
    assert before == after
