"""Per-post facts kept ready for the metrics: the latest snapshot and the reaction counts of every post.

Why: every metric query started from the post base of `warehouse.metrics`, which
picked each post's latest snapshot with a window over all snapshots and counted
its comments' reactions by joining every comment to its classification. At 1M
posts and 10M comments that was ~20 s per query, before any aggregation.

`refresh(con)` keeps two tables up to date after every load (derived step
`post_facts`, last in warehouse.steps) and after a person's correction:
- `post_latest`: `post_metrics_latest` as a table; posts whose snapshots came
  from files above the watermark are refreshed;
- `post_reaction_counts`: per post, the classified comments, useful reactions
  and adverse events from `metrics.effective_reactions_sql()` (corrections
  win); posts with new comments, newly classified or corrected comments, or
  newly written posts (comments linked to them) are recounted.
Each table is used only while it is *fresh*: a digest of what it was built from
(row counts, watermarks, the reaction SQL, the useful categories) is stored at
refresh and recomputed by `fresh()` before a query; when they differ (a load in
progress, a correction not yet counted, an older Relais) the metrics compute
the same figures live, from the original SQL. So the tables can make a query
faster, never different.
"""

from __future__ import annotations

import hashlib
import os
import threading
from typing import Any

import duckdb

from domain import useful_categories

LATEST, COUNTS, CATEGORIES = "post_latest", "post_reaction_counts", "post_reaction_categories"
_SETTING = "post_facts.{part}.{what}"


def _reactions_sql() -> str:
    from warehouse.metrics import effective_reactions_sql

    return effective_reactions_sql()


def _digest_sql(part: str) -> tuple[str, list[Any]]:
    """SQL returning the digest of what `part` is built from (cheap: counts and maxima)."""
    if part == LATEST:
        return (
            """SELECT concat_ws('|', (SELECT count(*) FROM post_metrics), (SELECT max(file_id) FROM post_metrics),
                   (SELECT string_agg(column_name, ',' ORDER BY column_index) FROM duckdb_columns()
                     WHERE table_name = 'post_metrics' AND schema_name = 'main' AND database_name = current_database()))""",
            [],
        )
    recipe = hashlib.sha256((_reactions_sql() + "|" + ",".join(useful_categories())).encode()).hexdigest()[
        :16
    ]
    return (
        """SELECT concat_ws('|', ?, (SELECT count(*) FROM comments), (SELECT count(post_id) FROM comments),
               (SELECT max(file_id) FROM comments), (SELECT count(*) FROM comment_reactions),
               (SELECT max(classified_at) FROM comment_reactions), (SELECT count(*) FROM reaction_corrections),
               (SELECT max(correction_id) FROM reaction_corrections), (SELECT count(*) FROM posts),
               (SELECT max(updated_file_id) FROM posts))""",
        [recipe],
    )


def _digest(con: duckdb.DuckDBPyConnection, part: str) -> str:
    sql, params = _digest_sql(part)
    return str(con.execute(sql, params).fetchone()[0])


def _get(con: duckdb.DuckDBPyConnection, part: str, what: str) -> str | None:
    row = con.execute(
        "SELECT value FROM warehouse_settings WHERE name = ?", [_SETTING.format(part=part, what=what)]
    ).fetchone()
    return row[0] if row else None


def _put(con: duckdb.DuckDBPyConnection, part: str, what: str, value: object) -> None:
    con.execute(
        "INSERT OR REPLACE INTO warehouse_settings (name, value, updated_at) VALUES (?, ?, current_timestamp)",
        [_SETTING.format(part=part, what=what), str(value)],
    )


def _has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    n = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND table_name IN (?, ?, ?)",
        [LATEST, COUNTS, CATEGORIES],
    ).fetchone()[0]
    return n == 3


# fresh() is asked before every metric query: remembered per warehouse file state
_FRESH: dict[tuple, dict[str, bool]] = {}
_FRESH_LOCK = threading.Lock()


def _file_state(con: duckdb.DuckDBPyConnection) -> tuple | None:
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    if not row or not row[0]:
        return None
    try:
        parts = []
        for p in (row[0], row[0] + ".wal"):
            st = os.stat(p) if os.path.exists(p) else None
            parts.append((st.st_mtime_ns, st.st_size) if st else None)
        return (row[0], *parts)
    except OSError:
        return None


def fresh(con: duckdb.DuckDBPyConnection) -> dict[str, bool]:
    """{table: usable} — a table is usable when its stored digest equals the current one."""
    read_only = _read_only(con)
    key = _file_state(con) if read_only else None  # a writer's file state lags its transaction
    if key is not None:
        with _FRESH_LOCK:
            if key in _FRESH:
                return _FRESH[key]
    out = {LATEST: False, COUNTS: False}
    if _has_tables(con):
        for part in out:
            stored = _get(con, part, "digest")
            out[part] = stored is not None and stored == _digest(con, part)
    if key is not None:
        with _FRESH_LOCK:
            if len(_FRESH) > 64:
                _FRESH.clear()
            _FRESH[key] = out
    return out


def _read_only(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        return bool(
            con.execute(
                "SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()"
            ).fetchone()[0]
        )
    except duckdb.Error:
        return False


def refresh(con: duckdb.DuckDBPyConnection, full: bool = False) -> dict[str, int]:
    """Bring both tables up to date (incrementally); returns the posts refreshed per table.

    Runs inside the caller's transaction (a derived step's, a correction's): no BEGIN/COMMIT.
    """
    done = {LATEST: 0, COUNTS: 0}
    if not _has_tables(con):
        return done
    done[LATEST] = _refresh_latest(con, full)
    done[COUNTS] = _refresh_counts(con, full)
    return done


def _refresh_latest(con: duckdb.DuckDBPyConnection, full: bool) -> int:
    digest = _digest(con, LATEST)
    if not full and _get(con, LATEST, "digest") == digest:
        return 0
    through = _get(con, LATEST, "through_file")
    cols_now = _get(con, LATEST, "columns")
    columns = digest.rsplit("|", 1)[-1]
    if full or through is None or cols_now != columns:
        con.execute(f"CREATE OR REPLACE TABLE {LATEST} AS SELECT * FROM post_metrics_latest")
        n = con.execute(f"SELECT count(*) FROM {LATEST}").fetchone()[0]
    else:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _facts_posts AS SELECT DISTINCT post_id FROM post_metrics WHERE file_id > ?",
            [int(through)],
        )
        con.execute(f"DELETE FROM {LATEST} WHERE post_id IN (SELECT post_id FROM _facts_posts)")
        con.execute(
            f"INSERT INTO {LATEST} SELECT * FROM post_metrics_latest WHERE post_id IN (SELECT post_id FROM _facts_posts)"
        )
        n = con.execute("SELECT count(*) FROM _facts_posts").fetchone()[0]
        con.execute("DROP TABLE _facts_posts")
    _put(
        con,
        LATEST,
        "through_file",
        con.execute("SELECT coalesce(max(file_id), 0) FROM post_metrics").fetchone()[0],
    )
    _put(con, LATEST, "columns", columns)
    _put(con, LATEST, "digest", digest)
    return int(n)


# per post: every linked comment, the classified ones and what they say (as metrics counts them)
_COUNT_SQL = """
SELECT c.post_id,
       count(*) AS comments_loaded,
       count(er.comment_id) AS comments_classified,
       count(*) FILTER (WHERE er.comment_id IS NOT NULL AND list_has_any(er.categories, ?::VARCHAR[]))
           AS useful_reactions,
       count(*) FILTER (WHERE er.comment_id IS NOT NULL AND er.adverse_event) AS adverse_events
FROM comments c
LEFT JOIN ({reactions}) er ON er.comment_id = c.comment_id
WHERE c.post_id IS NOT NULL {scope}
GROUP BY c.post_id
"""
_CATEGORY_SQL = """
SELECT post_id, category, count(*) AS n
FROM (SELECT c.post_id, unnest(er.categories) AS category
      FROM comments c JOIN ({reactions}) er ON er.comment_id = c.comment_id
      WHERE c.post_id IS NOT NULL {scope})
GROUP BY ALL
"""


def _refresh_counts(con: duckdb.DuckDBPyConnection, full: bool) -> int:
    digest = _digest(con, COUNTS)
    if not full and _get(con, COUNTS, "digest") == digest:
        return 0
    recipe = digest.split("|", 1)[0]
    marks = {
        w: _get(con, COUNTS, w)
        for w in ("comment_file", "classified_at", "correction", "post_file", "recipe")
    }
    count_sql = _COUNT_SQL.replace("{reactions}", _reactions_sql())
    cat_sql = _CATEGORY_SQL.replace("{reactions}", _reactions_sql())
    useful = list(useful_categories())
    if full or any(v is None for v in marks.values()) or marks["recipe"] != recipe:
        con.execute(f"DELETE FROM {COUNTS}")
        con.execute(f"DELETE FROM {CATEGORIES}")
        con.execute(f"INSERT INTO {COUNTS} {count_sql.replace('{scope}', '')}", [useful])
        con.execute(f"INSERT INTO {CATEGORIES} {cat_sql.replace('{scope}', '')}")
        n = con.execute(f"SELECT count(*) FROM {COUNTS}").fetchone()[0]
    else:
        # posts whose counts may have moved: new comments, (re)classified or corrected comments,
        # and posts written since (comments loaded earlier may have been linked to them)
        con.execute(
            """CREATE OR REPLACE TEMP TABLE _facts_posts AS
               SELECT post_id FROM comments WHERE file_id > ? AND post_id IS NOT NULL
               UNION SELECT c.post_id FROM comment_reactions r JOIN comments c USING (comment_id)
                     WHERE r.classified_at > CAST(? AS TIMESTAMP) AND c.post_id IS NOT NULL
               UNION SELECT c.post_id FROM reaction_corrections k JOIN comments c USING (comment_id)
                     WHERE k.correction_id > ? AND c.post_id IS NOT NULL
               UNION SELECT post_id FROM posts WHERE updated_file_id IS NULL OR updated_file_id > ?""",
            [
                int(marks["comment_file"]),
                marks["classified_at"],
                int(marks["correction"]),
                int(marks["post_file"]),
            ],
        )
        scope = "AND c.post_id IN (SELECT post_id FROM _facts_posts)"
        con.execute(f"DELETE FROM {COUNTS} WHERE post_id IN (SELECT post_id FROM _facts_posts)")
        con.execute(f"DELETE FROM {CATEGORIES} WHERE post_id IN (SELECT post_id FROM _facts_posts)")
        con.execute(f"INSERT INTO {COUNTS} " + count_sql.replace("{scope}", scope), [useful])
        con.execute(f"INSERT INTO {CATEGORIES} " + cat_sql.replace("{scope}", scope))
        n = con.execute("SELECT count(*) FROM _facts_posts").fetchone()[0]
        con.execute("DROP TABLE _facts_posts")
    comment_file, classified_at, correction, post_file = con.execute(
        """SELECT (SELECT coalesce(max(file_id), 0) FROM comments),
                  (SELECT coalesce(max(classified_at), TIMESTAMP '1970-01-01') FROM comment_reactions),
                  (SELECT coalesce(max(correction_id), 0) FROM reaction_corrections),
                  (SELECT coalesce(max(updated_file_id), 0) FROM posts)"""
    ).fetchone()
    _put(con, COUNTS, "comment_file", comment_file)
    _put(con, COUNTS, "classified_at", classified_at)
    _put(con, COUNTS, "correction", correction)
    _put(con, COUNTS, "post_file", post_file)
    _put(con, COUNTS, "recipe", recipe)
    _put(con, COUNTS, "digest", digest)
    return int(n)
