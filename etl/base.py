"""The contract between readers (one per export kind) and the loader.

`rows_read` counts data records only: a summary line such as YouTube's `Total`
row is not a record (say so in `notes`). Every record read ends up loaded,
rejected or recognised as a duplicate.

A reader recognises its export from the content (`detect`) and turns it into
*staged* temp tables in the loader's DuckDB connection, in the shapes below.
The loader then checks duplicates, writes the warehouse tables and the ledger,
all inside one transaction per file. Readers never write warehouse tables.

Every staged table carries `_row`: the spreadsheet row number of the source
record (the header is row 1 when the file starts with it), so every reject can
name its row. Rejected rows go to the `_rejects` temp table
(`_row, column_name, reason`) and must not appear in the other staged tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

import duckdb
import pandas as pd

from domain import POST_METRIC_COLUMNS
from etl.parsing import q
from etl.source import Source

# Staged post rows: identity + descriptive columns + metrics (NULL = not in the export).
POST_STAGE_COLUMNS: dict[str, str] = {
    "_row": "BIGINT",
    "platform": "VARCHAR",
    "platform_post_id": "VARCHAR",
    "account_handle": "VARCHAR",
    "account_name": "VARCHAR",
    "published_at": "TIMESTAMP",
    "format": "VARCHAR",
    "title": "VARCHAR",
    "caption": "VARCHAR",
    "permalink": "VARCHAR",
    "is_boosted": "BOOLEAN",
}

for _m in POST_METRIC_COLUMNS:
    POST_STAGE_COLUMNS[_m] = "DOUBLE"

ACCOUNT_STAGE_COLUMNS: dict[str, str] = {
    "_row": "BIGINT",
    "platform": "VARCHAR",
    "account": "VARCHAR",
    "metric": "VARCHAR",
    "date": "DATE",
    "dimension": "VARCHAR",
    "value": "DOUBLE",
}

COMMENT_STAGE_COLUMNS: dict[str, str] = {
    "_row": "BIGINT",
    "platform": "VARCHAR",
    "comment_id": "VARCHAR",  # NULL -> derived from a hash of the other fields
    "post_ref": "VARCHAR",  # permalink or platform post id, as the export gives it
    "parent_id": "VARCHAR",
    "author": "VARCHAR",  # raw handle: the loader replaces it by an HMAC, never stores it
    "published_at": "TIMESTAMP",
    "text": "VARCHAR",
    "likes": "BIGINT",
}

CAMPAIGN_STAGE_COLUMNS: dict[str, str] = {
    "_row": "BIGINT",
    "campaign_id": "VARCHAR",
    "name": "VARCHAR",
    "client": "VARCHAR",
    "therapeutic_area": "VARCHAR",
    "start_date": "DATE",
    "end_date": "DATE",
    "hashtags": "VARCHAR[]",
    "budget": "DOUBLE",
    "currency": "VARCHAR",
    "extra": "JSON",
}

ROSTER_STAGE_COLUMNS: dict[str, str] = {
    "_row": "BIGINT",
    "campaign_id": "VARCHAR",
    "platform": "VARCHAR",
    "handle": "VARCHAR",
    "display_name": "VARCHAR",
    "profile_type": "VARCHAR",
    "specialty": "VARCHAR",
    "followers": "BIGINT",
    "fee": "DOUBLE",
    "currency": "VARCHAR",
    "hcp_agreement_ref": "VARCHAR",
    "extra": "JSON",
}

STAGES = {
    "posts": POST_STAGE_COLUMNS,
    "account_metrics": ACCOUNT_STAGE_COLUMNS,
    "comments": COMMENT_STAGE_COLUMNS,
    "campaigns": CAMPAIGN_STAGE_COLUMNS,
    "roster": ROSTER_STAGE_COLUMNS,
}


@dataclass
class LoadOptions:
    """What the person loading may tell us that the file does not."""

    export_date: dt.date | None = None  # the day the export was downloaded
    year: int | None = None  # the year of the export date, for year-less dates
    account: str | None = None  # the account of account-level files that do not name it
    platform: str | None = None  # for exports shared by several platforms (Meta daily series)
    post_ref: str | None = None  # the post (permalink or id) of a comment export that does not name it
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class ReadResult:
    """What a reader staged. Table names refer to temp tables in the connection."""

    kind: str
    platform: str | None
    rows_read: int
    raw_table: str  # staged source records (VARCHAR columns + _row), used to quote rejected rows
    tables: dict[str, str] = field(default_factory=dict)  # stage name ('posts'...) -> temp table
    snapshot_date: dt.date | None = None
    snapshot_basis: str | None = None
    notes: list[str] = field(default_factory=list)
    # Workbooks staging several sheets: sheet -> (raw table, rejects table); rows of
    # each sheet are numbered within the sheet. Default: raw_table and _rejects.
    sheets: dict[str, tuple[str, str]] | None = None
    # Raw-table columns holding people's handles or profile URLs (comment authors): the
    # loader pseudonymises them before quoting a rejected row, so no raw handle is stored.
    sensitive_columns: list[str] = field(default_factory=list)


class Reader(Protocol):
    kind: str
    platform: str | None
    description: str

    def detect(self, source: Source) -> float:
        """0 when the file is not this kind; otherwise a confidence in (0, 1]."""

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        """Stage the file's rows (see module docstring)."""


class RefusedFile(ValueError):
    """A recognised file that cannot be loaded at all (a clear reason is the message)."""


def create_stage(con: duckdb.DuckDBPyConnection, stage: str, table: str, select_sql: str, params=None) -> str:
    """Create temp table `table` in the canonical shape of `stage` from a SELECT.

    The SELECT may omit columns: they are NULL. Extra columns are an error, so a
    typo cannot silently drop data.
    """
    cols = STAGES[stage]
    con.execute(f"DROP TABLE IF EXISTS {table}")
    # bind only (no execution) to learn the SELECT's columns, then materialise once
    have = [r[0] for r in con.execute(f"DESCRIBE {select_sql}", params or []).fetchall()]
    unknown = set(have) - set(cols)
    if unknown:
        raise ValueError(f"stage {stage}: unknown columns {sorted(unknown)}")
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE {select_sql}", params or []).fetchall()}
    # a value that does not fit the stage's type (an overflowing count, an absurd date) rejects
    # its row with a reason instead of failing the whole file with a conversion error
    checked = [c for c in have if c != "_row" and cols[c] != "VARCHAR" and types.get(c) != cols[c]]
    exprs = [
        (f'TRY_CAST(_s."{c}" AS {t}) AS "{c}"' if c in have else f'CAST(NULL AS {t}) AS "{c}"')
        for c, t in cols.items()
    ]
    bad = " ".join(
        f"""WHEN _s."{c}" IS NOT NULL AND TRY_CAST(_s."{c}" AS {cols[c]}) IS NULL THEN '{c}\t' || CAST(_s."{c}" AS VARCHAR)"""
        for c in checked
    )
    bad_expr = f"CASE {bad} END" if checked else "CAST(NULL AS VARCHAR)"
    con.execute(
        f"CREATE TEMP TABLE {table} AS SELECT {', '.join(exprs)}, {bad_expr} AS _bad FROM ({select_sql}) _s",
        params or [],
    )
    if checked and con.execute(f"SELECT count(*) FROM {table} WHERE _bad IS NOT NULL").fetchone()[0]:
        con.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _rejects (_row BIGINT, column_name VARCHAR, reason VARCHAR)"
        )
        con.execute(
            f"""INSERT INTO _rejects SELECT _row, split_part(_bad, chr(9), 1),
                   'value out of range for this column: ' || left(split_part(_bad, chr(9), 2), 60)
                FROM {table} WHERE _bad IS NOT NULL AND _row NOT IN (SELECT _row FROM _rejects)"""
        )
        con.execute(f"DELETE FROM {table} WHERE _bad IS NOT NULL")
    con.execute(f"ALTER TABLE {table} DROP COLUMN _bad")
    return table


def init_rejects(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DROP TABLE IF EXISTS _rejects")
    con.execute("CREATE TEMP TABLE _rejects (_row BIGINT, column_name VARCHAR, reason VARCHAR)")


def reject_where(
    con: duckdb.DuckDBPyConnection,
    raw_table: str,
    condition_sql: str,
    column: str,
    reason: str,
    detail_sql: str | None = None,
) -> int:
    """Quarantine the rows of `raw_table` matching `condition_sql` (first reason wins).

    `detail_sql` is an optional SQL expression over the row (e.g. the offending
    value) appended to the reason, so the person sees what was wrong.
    """
    n_before = con.execute("SELECT count(*) FROM _rejects").fetchone()[0]
    reason_expr = "?" if detail_sql is None else f"? || coalesce(CAST({detail_sql} AS VARCHAR), '')"
    con.execute(
        f"INSERT INTO _rejects SELECT _row, ?, {reason_expr} FROM {raw_table} "
        f"WHERE ({condition_sql}) AND _row NOT IN (SELECT _row FROM _rejects)",
        [column, reason],
    )
    return con.execute("SELECT count(*) FROM _rejects").fetchone()[0] - n_before


class RejectRules:
    """Row checks collected, then applied in ONE pass over the staged table.

    The first failing check of a row gives its column and reason (checks run in
    the order they were added). Equivalent to several `reject_where` calls, but
    a million-row file is scanned once instead of once per check.
    """

    def __init__(self, raw_table: str) -> None:
        self.raw_table = raw_table
        self.rules: list[tuple[str, str, str, str | None]] = []

    def add(self, condition_sql: str, column: str, reason: str, detail_sql: str | None = None) -> RejectRules:
        self.rules.append((condition_sql, column, reason, detail_sql))
        return self

    def apply(self, con: duckdb.DuckDBPyConnection) -> int:
        if not self.rules:
            return 0
        col_case, reason_case, params_col, params_reason = [], [], [], []
        for cond, column, reason, detail in self.rules:
            col_case.append(f"WHEN ({cond}) THEN ?")
            params_col.append(column)
            expr = "?" if detail is None else f"? || coalesce(CAST({detail} AS VARCHAR), '')"
            reason_case.append(f"WHEN ({cond}) THEN {expr}")
            params_reason.append(reason)
        before = con.execute("SELECT count(*) FROM _rejects").fetchone()[0]
        con.execute(
            f"""INSERT INTO _rejects
                SELECT _row, column_name, reason FROM (
                    SELECT _row, CASE {" ".join(col_case)} END AS column_name,
                           CASE {" ".join(reason_case)} END AS reason
                    FROM {self.raw_table}
                    WHERE _row NOT IN (SELECT _row FROM _rejects)
                ) WHERE column_name IS NOT NULL""",
            params_col + params_reason,
        )
        return con.execute("SELECT count(*) FROM _rejects").fetchone()[0] - before


# --------------------------------------------------------------------------- temp tables from Python rows


def typed_table(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, str], rows: list[list]) -> str:
    """Temp table `name` (reader-chosen identifiers and types) from Python rows.

    Through a DataFrame: `executemany` costs seconds for a few thousand rows.
    Values travel as data, never as SQL text.
    """
    ddl = ", ".join(f"{q(c)} {t}" for c, t in columns.items())
    if not rows:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {q(name)} ({ddl})")
        return name
    df = pd.DataFrame([list(r) for r in rows], columns=list(columns), dtype=object)
    view = f"_df_{name.strip('_')}"
    con.register(view, df)
    try:
        cols = ", ".join(f"CAST({q(c)} AS {t}) AS {q(c)}" for c, t in columns.items())
        con.execute(f"CREATE OR REPLACE TEMP TABLE {q(name)} AS SELECT {cols} FROM {view}")
    finally:
        con.unregister(view)
    return name


REJECT_COLUMNS = {"_row": "BIGINT", "column_name": "VARCHAR", "reason": "VARCHAR"}
VALUE_COLUMNS = {
    "_row": "BIGINT",
    "metric": "VARCHAR",
    "date": "DATE",
    "dimension": "VARCHAR",
    "value": "DOUBLE",
}
