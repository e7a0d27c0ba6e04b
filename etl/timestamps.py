"""How a file's date column is read: chosen once per file from its distinct values, applied in SQL.

Shared by the readers of platform exports and comment files (formats with an offset are converted
to UTC, Unix timestamps are UTC, month names in other languages are mapped in Python).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from etl.parsing import MONTHS, NULL_TOKENS, infer_datetime_format, q, sql_is_null

_EXTRA_TS_FORMATS = (
    "%Y-%m-%dT%H:%M:%S.%f%z",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%dT%H:%M%z",
    "%a %b %d %H:%M:%S %z %Y",  # Twitter API v1 created_at
    "%b %d, %Y %I:%M %p",
    "%B %d, %Y %I:%M %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%d/%m/%Y %H:%M:%S",
    "%d.%m.%Y %H:%M:%S",
)


@dataclass
class TimestampChoice:
    """A TIMESTAMP expression over a staged column (naive UTC when values carry an offset)."""

    expr: str
    note: str | None
    fmt: str | None


def _count_parses(fmt: str, values: list[str]) -> int:
    n = 0
    for v in values:
        try:
            dt.datetime.strptime(v, fmt)
            n += 1
        except ValueError:
            pass
    return n


def _localized(value: str) -> dt.datetime | None:
    """'19 août 2011', 'août 19, 2011', '19. Aug. 2011 14:05', '19 de agosto de 2011'."""
    v = value.strip()
    tm = re.search(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", v)
    core = v[: tm.start()] if tm else v
    words = [w.casefold().rstrip(".") for w in re.findall(r"[^\W\d_]+\.?", core)]
    nums = re.findall(r"\d+", core)
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    years = [int(n) for n in nums if len(n) == 4]
    days = [int(n) for n in nums if len(n) <= 2]
    if not month or len(years) != 1 or len(days) != 1:
        return None
    try:
        d = dt.datetime(years[0], month, days[0])
    except ValueError:
        return None
    if tm:
        d = d.replace(hour=int(tm.group(1)), minute=int(tm.group(2)), second=int(tm.group(3) or 0))
    return d


def timestamp_sql(
    con: duckdb.DuckDBPyConnection, table: str, col: str, what: str, prefer: str = "mdy"
) -> TimestampChoice:
    """Choose once per file how a date column is read, and return the SQL that reads it.

    Values with an offset (`+0000`, `Z`, `+02:00`) are converted to UTC; Unix
    seconds (or milliseconds) are UTC; month names in other languages are mapped
    in Python (few distinct values). Values the chosen format does not read give
    NULL, so the caller can quarantine them with their value.
    """
    c = q(col)
    vals = [
        r[0].strip()
        for r in con.execute(f"SELECT DISTINCT {c} FROM {table} WHERE {c} IS NOT NULL LIMIT 5000").fetchall()
    ]
    vals = [v for v in vals if v and v.lower() not in NULL_TOKENS]
    null = sql_is_null(col)
    if not vals:
        return TimestampChoice("CAST(NULL AS TIMESTAMP)", None, None)
    if all(re.fullmatch(r"\d{9,13}(\.\d+)?", v) for v in vals):
        div = 1000 if all(len(v.split(".")[0]) >= 12 for v in vals) else 1
        expr = (
            f"(CASE WHEN {null} THEN NULL ELSE CAST(timezone('UTC', "
            f"to_timestamp(TRY_CAST(trim({c}) AS DOUBLE) / {div})) AS TIMESTAMP) END)"
        )
        return TimestampChoice(expr, f"{what}: Unix timestamps, read as UTC", "epoch")
    choice = infer_datetime_format(vals, prefer=prefer, what=what)
    best, note = choice.fmt, choice.note
    best_n = _count_parses(best, vals) if best else 0
    for fmt in _EXTRA_TS_FORMATS:
        if best_n == len(vals):
            break
        n = _count_parses(fmt, vals)
        if n > best_n:
            best, best_n, note = fmt, n, None
    if best_n == 0:
        mapping = {v: _localized(v) for v in vals}
        if not any(mapping.values()):
            return TimestampChoice(
                "CAST(NULL AS TIMESTAMP)", f"{what}: no known date format (e.g. {vals[0]!r})", None
            )
        # the whole column, not only the sample, goes through the Python mapping
        allv = [
            r[0].strip()
            for r in con.execute(f"SELECT DISTINCT {c} FROM {table} WHERE {c} IS NOT NULL").fetchall()
        ]
        mapping = {v: _localized(v) for v in allv if v}
        tname = f"_ts_{col}"
        df = pd.DataFrame(
            {"raw": list(mapping), "ts": pd.Series(list(mapping.values()), dtype="datetime64[us]")}
        )
        con.execute(f"DROP TABLE IF EXISTS {tname}")
        con.register(f"{tname}_df", df)
        con.execute(
            f"CREATE TEMP TABLE {tname} AS SELECT raw::VARCHAR AS raw, ts::TIMESTAMP AS ts FROM {tname}_df"
        )
        con.unregister(f"{tname}_df")
        expr = f"(SELECT m.ts FROM {tname} m WHERE m.raw = trim({c}))"
        return TimestampChoice(expr, f"{what}: dates with month names (e.g. {vals[0]!r})", "names")
    v_expr = f"regexp_replace(trim({c}), '[Zz]$', '+00:00')"
    f = best.replace("'", "''")
    if "%z" in best:
        expr = f"(CASE WHEN {null} THEN NULL ELSE CAST(timezone('UTC', try_strptime({v_expr}, '{f}')) AS TIMESTAMP) END)"
        note = (note + "; " if note else "") + f"{what}: times converted to UTC from their offset"
    else:
        expr = f"(CASE WHEN {null} THEN NULL ELSE CAST(try_strptime(trim({c}), '{f}') AS TIMESTAMP) END)"
    return TimestampChoice(expr, note, best)
