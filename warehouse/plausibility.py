"""Plausibility rules: values no export can hold are rejected with a reason, never loaded.

Why: `1e309`, `Infinity` and negative counts loaded (one file turned a platform's reach and
engagement rate into n/a for every post); dates in year 1 or 9999 stretched the date filter
over ten thousand years; negative fees, followers and budgets gave negative costs; roster
rows for campaigns nobody loaded produced influencers attached to nothing.

The rules run in the loader on the staged tables, inside the file's transaction, before
anything is written, so a rejected row is in the rejects listing with its row, column and
value, and `rows read = loaded + rejected + duplicates` still holds. Settings:
`RELAIS_DATE_WINDOW_YEARS` (default 20): a date must lie within that many years before
the export date (campaign dates: before or after the load date), and at most one year after
it (an export date given or guessed a little early, scheduled posts).
"""

from __future__ import annotations

import datetime as dt
import os

import duckdb

# per-post measures that can be negative: YouTube's "Subscribers" is a net figure
SIGNED_POST_METRICS = {"follows"}


def window_years() -> int:
    try:
        return max(1, int(os.environ.get("RELAIS_DATE_WINDOW_YEARS", "20")))
    except ValueError:
        return 20


def _count_rule(col: str, signed: bool = False) -> tuple[str, str]:
    bad = f"(isinf({col}) OR isnan({col}))" if signed else f"(isinf({col}) OR isnan({col}) OR {col} < 0)"
    what = "not a finite number" if signed else "impossible value (negative or not a finite number)"
    return f"{col} IS NOT NULL AND {bad}", what


def _date_rule(col: str, lo: dt.date, hi: dt.date) -> tuple[str, str]:
    cond = f"{col} IS NOT NULL AND (CAST({col} AS DATE) < DATE '{lo.isoformat()}' OR CAST({col} AS DATE) > DATE '{hi.isoformat()}')"
    return (
        cond,
        f"date outside {lo.isoformat()}..{hi.isoformat()} (RELAIS_DATE_WINDOW_YEARS around the export date)",
    )


def rules(stage: str, columns: list[str], export_date: dt.date, today: dt.date) -> list[tuple[str, str, str]]:
    """(condition, column, reason) of every rule for a staged table of `stage`."""
    years = window_years()
    lo = export_date - dt.timedelta(days=365 * years + years // 4)
    hi = export_date + dt.timedelta(days=366)
    out: list[tuple[str, str, str]] = []
    if stage == "posts":
        from warehouse.schema import POST_METRIC_COLUMNS

        for c in POST_METRIC_COLUMNS:
            if c in columns:
                out.append((*_count_rule(c, c in SIGNED_POST_METRICS), c))
        out.append((*_date_rule("published_at", lo, hi), "published_at"))
    elif stage == "account_metrics":
        out.append((*_count_rule("value", signed=True), "value"))
        out.append((*_date_rule("date", lo, hi), "date"))
    elif stage == "comments":
        out.append((*_count_rule("likes"), "likes"))
        out.append((*_date_rule("published_at", lo, hi), "published_at"))
    elif stage == "campaigns":
        out.append((*_count_rule("budget"), "budget"))
        span = dt.timedelta(days=365 * years + years // 4)
        for c in ("start_date", "end_date"):
            out.append((*_date_rule(c, today - span, today + span), c))
    elif stage == "roster":
        out.append((*_count_rule("fee"), "fee"))
        out.append((*_count_rule("followers"), "followers"))
    return [(cond, col, reason) for cond, reason, col in out]


def apply(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    table: str,
    rejects: str,
    export_date: dt.date,
    today: dt.date,
    campaigns_table: str | None = None,
) -> int:
    """Move the implausible rows of `table` to `rejects` (first failing rule wins); returns how many."""
    columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    checks = rules(stage, columns, export_date, today)
    cols, reasons = [], []
    params_c: list[str] = []
    params_r: list[str] = []
    for cond, col, reason in checks:
        cols.append(f"WHEN {cond} THEN ?")
        params_c.append(col)
        reasons.append(f"WHEN {cond} THEN ? || ': ' || CAST({col} AS VARCHAR)")
        params_r.append(reason)
    if stage == "roster":
        known = "SELECT campaign_id FROM campaigns"
        if campaigns_table:
            known += f" UNION SELECT campaign_id FROM {campaigns_table}"
        cond = f"campaign_id NOT IN ({known})"
        cols.append(f"WHEN {cond} THEN 'campaign_id'")
        reasons.append(
            f"WHEN {cond} THEN 'unknown campaign ' || campaign_id || "
            "': load its campaigns file first (or add it to the campaigns sheet)'"
        )
    if not cols:
        return 0
    con.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {rejects} (_row BIGINT, column_name VARCHAR, reason VARCHAR)"
    )
    before = con.execute(f"SELECT count(*) FROM {rejects}").fetchone()[0]
    con.execute(
        f"""INSERT INTO {rejects} (_row, column_name, reason)
            SELECT _row, c, r FROM (
                SELECT _row, CASE {" ".join(cols)} END AS c, CASE {" ".join(reasons)} END AS r
                FROM {table} WHERE _row NOT IN (SELECT _row FROM {rejects})
            ) WHERE c IS NOT NULL""",
        params_c + params_r,
    )
    n = con.execute(f"SELECT count(*) FROM {rejects}").fetchone()[0] - before
    if n:
        con.execute(f"DELETE FROM {table} WHERE _row IN (SELECT _row FROM {rejects})")
    return n
