"""What "the warehouse equals a clean load" means, as data: every table's content without what
legitimately differs between two loads of the same files (timestamps, ids from sequences, the
numbers of the ledger rows, which are mapped to the loaded files' content hashes)."""

from __future__ import annotations

from pathlib import Path

import duckdb

FILE_ID_COLUMNS = {"file_id", "first_file_id", "updated_file_id"}
SEQUENCE_COLUMNS = {"audit_id", "correction_id"}
TABLES = (
    "campaigns", "influencers", "roster", "posts", "post_metrics", "account_metrics", "comments",
    "comment_reactions", "post_compliance", "pv_cases", "pv_audit", "rejects", "products",
    "post_campaign_overrides",
)  # fmt: skip


def snapshot(db: str | Path) -> dict[str, list[tuple]]:
    """Table -> sorted rows, comparable between two warehouses built from the same files."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        hashes = dict(con.execute("SELECT file_id, content_hash FROM load_files").fetchall())
        out: dict[str, list[tuple]] = {}
        for table in TABLES:
            cols = con.execute(f"DESCRIBE {table}").fetchall()
            keep = [c[0] for c in cols if not c[1].startswith("TIMESTAMP") and c[0] not in SEQUENCE_COLUMNS]
            rows = con.execute(f"SELECT {', '.join(keep)} FROM {table}").fetchall()
            fixed = []
            for r in rows:
                fixed.append(tuple(hashes.get(v, v) if k in FILE_ID_COLUMNS else v for k, v in zip(keep, r)))
            out[table] = sorted(fixed, key=repr)
        if "pv_cases" in TABLES:  # the deadline is 15 days after day 0, whatever day 0 is
            out["pv_deadlines"] = sorted(
                con.execute("SELECT comment_id, due_at - day0 FROM pv_cases").fetchall(), key=repr
            )
        out["ledger"] = sorted(
            con.execute(
                "SELECT content_hash, kind, rows_read, rows_loaded, rows_rejected, rows_duplicate "
                "FROM load_files WHERE status = 'loaded'"
            ).fetchall(),
            key=repr,
        )
        has_steps = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'load_steps'"
        ).fetchone()[0]
        if has_steps:
            out["steps_not_done"] = con.execute(
                "SELECT count(*) FROM load_steps WHERE state <> 'done'"
            ).fetchall()
        return out
    finally:
        con.close()


def differences(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> list[str]:
    """Human-readable differences (empty when equal)."""
    out = []
    for table in sorted(set(a) | set(b)):
        ra, rb = a.get(table, []), b.get(table, [])
        if ra != rb:
            only_a = [r for r in ra if r not in rb][:2]
            only_b = [r for r in rb if r not in ra][:2]
            out.append(f"{table}: {len(ra)} vs {len(rb)} rows; e.g. {only_a} / {only_b}")
    return out
