"""The pharmacovigilance queue: comments that may report a side effect, until a person closes them.

Why: a company that reads a comment reporting an adverse effect of its product
must assess it and, if it is a valid case, report it within 15 calendar days of
day 0 (the day it became aware). Relais opens a case for every comment the
classifier (reactions.classify) or a person flags; from then on only a person
moves it, with a name and a reason, and every move is kept in pv_audit.
Nothing here deletes a case or changes one automatically: reloading data,
re-running the classifier or correcting a comment's category never takes a
case out of the queue.

Statuses: new -> triaged -> reported | not_a_case; not_a_case -> triaged
re-opens a case (reason required, like every change). `reported` is final.

day 0 is the comment's first load into Relais (`comments.first_loaded_at`, the
earliest moment the company provably had it); the queue also shows when the
comment was published so a reviewer can see an older comment found late.

Transactions: `set_status`, `open_case` and `open_cases` run in the caller's
transaction when there is one (e.g. the loader's), else in their own, so a
status change and its audit row are written together or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from domain import PV_STATUSES
from warehouse.exporting import write_table
from warehouse.filters import Filters
from warehouse.products import atomic, product_matcher, sample_products_frame

STATUSES: tuple[str, ...] = PV_STATUSES.codes()
OPEN_STATUSES: tuple[str, ...] = PV_STATUSES.where(open=True)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("triaged", "not_a_case"),
    "triaged": ("reported", "not_a_case"),
    "not_a_case": ("triaged",),  # re-open
    "reported": (),  # final: the report has left the building
}
REPORTING_DAYS = 15


def _now() -> dt.datetime:
    # local naive time, like comments.first_loaded_at (DuckDB current_timestamp in the session time zone)
    return dt.datetime.now().replace(microsecond=0)


def _required(value: str | None, what: str) -> str:
    s = (value or "").strip()
    if not s:
        raise ValueError(f"{what} is required (a pharmacovigilance decision must say who and why)")
    return s


def _check_status(status: str) -> str:
    s = (status or "").strip().lower()
    if s not in STATUSES:
        raise ValueError(f"unknown status {status!r}; valid: {', '.join(STATUSES)}")
    return s


def set_status(con: duckdb.DuckDBPyConnection, comment_id: str, new_status: str, by: str, reason: str) -> str:
    """Move a case to `new_status`, recording who and why; returns the previous status.

    Raises ValueError for an unknown case, an unknown status, a missing name or
    reason, or a transition the workflow does not allow (the message lists the
    allowed ones). The update and its audit row are written atomically.
    """
    by = _required(by, "by (who decides)")
    reason = _required(reason, "reason")
    new_status = _check_status(new_status)
    with atomic(con):
        row = con.execute("SELECT status FROM pv_cases WHERE comment_id = ?", [comment_id]).fetchone()
        if row is None:
            raise ValueError(
                f"no pharmacovigilance case for comment {comment_id!r} (open one with open_case)"
            )
        current = row[0]
        allowed = TRANSITIONS.get(current, ())
        if new_status not in allowed:
            nxt = ", ".join(allowed) if allowed else f"none ({current!r} is final)"
            raise ValueError(
                f"case {comment_id!r} cannot go from {current!r} to {new_status!r}; allowed from {current!r}: {nxt}"
            )
        now = _now()
        con.execute(
            "UPDATE pv_cases SET status = ?, status_changed_at = ?, status_changed_by = ? WHERE comment_id = ?",
            [new_status, now, by, comment_id],
        )
        con.execute(
            "INSERT INTO pv_audit (comment_id, from_status, to_status, changed_by, changed_at, reason) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [comment_id, current, new_status, by, now, reason],
        )
    return current


def open_case(con: duckdb.DuckDBPyConnection, comment_id: str, by: str, reason: str) -> bool:
    """Flag one comment by hand; True if a case was opened, False if it already had one (unchanged)."""
    by = _required(by, "by (who flags)")
    reason = _required(reason, "reason")
    with atomic(con):
        if con.execute("SELECT 1 FROM comments WHERE comment_id = ?", [comment_id]).fetchone() is None:
            raise ValueError(f"no comment {comment_id!r} in the warehouse")
        return open_cases(con, [comment_id], by, reason) == 1


def open_cases(con: duckdb.DuckDBPyConnection, comment_ids: Iterable[str], by: str, reason: str) -> int:
    """Open a case (status new, audit NULL -> new) for each known comment without one; returns cases opened.

    Set-based so the classifier can route thousands of comments at once;
    comments that already have a case, whatever its status, are left alone.
    """
    by = _required(by, "by")
    reason = _required(reason, "reason")
    ids = sorted({str(c) for c in comment_ids if c is not None})
    if not ids:
        return 0
    now = _now()
    with atomic(con):
        con.execute(
            """CREATE OR REPLACE TEMP TABLE _pv_new AS
               SELECT c.comment_id, coalesce(c.first_loaded_at, CAST(? AS TIMESTAMP)) AS day0
               FROM comments c
               WHERE list_contains(?::VARCHAR[], c.comment_id)
                 AND NOT EXISTS (SELECT 1 FROM pv_cases pv WHERE pv.comment_id = c.comment_id)""",
            [now, ids],
        )
        n = con.execute("SELECT count(*) FROM _pv_new").fetchone()[0]
        con.execute(
            "INSERT INTO pv_cases (comment_id, day0, due_at, status, status_changed_at, status_changed_by) "
            "SELECT comment_id, day0, day0 + to_days(CAST(? AS INTEGER)), ?, ?, ? FROM _pv_new",
            [REPORTING_DAYS, "new", now, by],
        )
        con.execute(
            "INSERT INTO pv_audit (comment_id, from_status, to_status, changed_by, changed_at, reason) "
            "SELECT comment_id, NULL, ?, ?, ?, ? FROM _pv_new ORDER BY comment_id",
            ["new", by, now, reason],
        )
        con.execute("DROP TABLE _pv_new")
    return int(n)


def _statuses(status: str | Iterable[str] | None) -> list[str]:
    if status is None:
        return list(STATUSES)
    items = [status] if isinstance(status, str) else list(status)
    out: list[str] = []
    for s in items:
        for part in str(s).split(","):
            if part.strip():
                out.append(_check_status(part))
    return out or list(STATUSES)


_QUEUE_BASE = """
SELECT pv.comment_id, c.text AS comment_text, c.published_at AS comment_published_at,
       cr.products AS products, cr.ae_score,
       list_filter(CAST(cr.cues AS VARCHAR[]), lambda x: NOT starts_with(x, 'cue:')
                   AND NOT (contains(x, ':+') AND NOT starts_with(x, 'adverse_event:'))) AS ae_cues,
       pv.day0, pv.due_at, pv.status,
       pv.status_changed_by AS last_changed_by, pv.status_changed_at AS last_changed_at,
       la.reason AS last_reason,
       c.post_id, p.permalink AS post_permalink, coalesce(p.platform, c.platform) AS platform,
       p.influencer_id, coalesce(i.display_name, i.handle) AS influencer, i.handle,
       p.campaign_id, camp.name AS campaign_name,
       p.format, p.format_family, i.profile_type, i.tier, p.published_at
FROM pv_cases pv
LEFT JOIN comments c ON c.comment_id = pv.comment_id
LEFT JOIN comment_reactions cr ON cr.comment_id = pv.comment_id
LEFT JOIN posts p ON p.post_id = c.post_id
LEFT JOIN influencers_v i ON i.influencer_id = p.influencer_id
LEFT JOIN campaigns camp ON camp.campaign_id = p.campaign_id
LEFT JOIN last_audit la ON la.comment_id = pv.comment_id
WHERE pv.comment_id IN (SELECT comment_id FROM chosen)
"""
# the latest audit row of each chosen case (its reason is the queue's last_reason)
_LAST_AUDIT = """
SELECT a.comment_id, a.reason FROM pv_audit a
WHERE a.comment_id IN (SELECT comment_id FROM chosen)
QUALIFY row_number() OVER (PARTITION BY a.comment_id ORDER BY a.changed_at DESC, a.audit_id DESC) = 1
"""


# what the filters, the order and the counts need, without texts, cues or the audit trail
_QUEUE_KEYS = """
SELECT pv.comment_id, pv.due_at, pv.status, c.post_id, coalesce(p.platform, c.platform) AS platform,
       p.influencer_id, p.campaign_id, p.format, p.format_family, i.profile_type, i.tier, p.published_at
FROM pv_cases pv
LEFT JOIN comments c ON c.comment_id = pv.comment_id
LEFT JOIN posts p ON p.post_id = c.post_id
LEFT JOIN influencers_v i ON i.influencer_id = p.influencer_id
"""


def _selection(
    status: str | Iterable[str] | None, filters: Filters | None, today: dt.date | None
) -> tuple[str, list[Any]]:
    """(comment_id, overdue, status, due_at) of the cases in the queue, as SQL and its parameters."""
    today = today or dt.date.today()
    statuses = _statuses(status)
    f = filters or Filters()
    if f.only_scope():  # the default view's campaign scope never hides a safety case
        f = Filters()
    where, wparams = f.where_sql("q")
    open_ph = ", ".join("?" for _ in OPEN_STATUSES)
    sql = f"""
SELECT q.comment_id, q.status, q.due_at,
       coalesce(q.status IN ({open_ph}) AND CAST(q.due_at AS DATE) < CAST(? AS DATE), false) AS overdue
FROM ({_QUEUE_KEYS}) q
WHERE list_contains(?::VARCHAR[], q.status) AND {where}
"""
    return sql, [*OPEN_STATUSES, today, statuses, *wparams]


def _order(alias: str = "") -> tuple[str, list[Any]]:
    """Most urgent first: open cases, overdue ones, by due date (columns of `alias`, or the select list)."""
    a = f"{alias}." if alias else ""
    open_ph = ", ".join("?" for _ in OPEN_STATUSES)
    return (
        f"ORDER BY ({a}status IN ({open_ph})) DESC, {a}overdue DESC, {a}due_at, {a}comment_id",
        [*OPEN_STATUSES],
    )


def queue(
    con: duckdb.DuckDBPyConnection,
    status: str | Iterable[str] | None = None,
    filters: Filters | None = None,
    today: dt.date | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """The cases (all statuses unless `status` says), most urgent first; the first `limit` ones if given
    (a page draws no more rows than it shows: `queue_counts` gives the totals).

    days_left = due date - today in days (negative when late) for open cases,
    NULL for closed ones; overdue = open and past its due date. With filters,
    only cases on a selected post show; without, every case does, including
    comments whose post is unknown (a case must never be hidden by default).

    The cases are chosen and ordered first on their keys; texts, cues and the last audit reason are
    read for the chosen ones only.
    """
    today = today or dt.date.today()
    sel, sel_params = _selection(status, filters, today)
    order, order_params = _order("s")
    chosen = f"SELECT s.comment_id FROM ({sel}) s {order}" + (" LIMIT ?" if limit is not None else "")
    chosen_params = [*sel_params, *order_params, *([int(limit)] if limit is not None else [])]
    open_ph = ", ".join("?" for _ in OPEN_STATUSES)
    order_q, order_q_params = _order()
    sql = f"""
WITH chosen AS ({chosen}), last_audit AS ({_LAST_AUDIT})
SELECT q.comment_id, q.comment_text, q.ae_score, q.ae_cues, q.products, q.day0, q.due_at,
       CASE WHEN q.status IN ({open_ph}) THEN date_diff('day', CAST(? AS DATE), CAST(q.due_at AS DATE)) END
           AS days_left,
       coalesce(q.status IN ({open_ph}) AND CAST(q.due_at AS DATE) < CAST(? AS DATE), false) AS overdue,
       q.status, q.last_changed_by, q.last_changed_at, q.last_reason,
       q.comment_published_at, q.platform, q.post_id, q.post_permalink, q.influencer_id, q.influencer,
       q.campaign_id, q.campaign_name
FROM ({_QUEUE_BASE}) q
{order_q}
"""
    params: list[Any] = [*chosen_params, *OPEN_STATUSES, today, *OPEN_STATUSES, today, *order_q_params]
    df = con.execute(sql, params).df()
    missing = df["products"].isna() if len(df) else pd.Series(dtype=bool)
    if missing.any():
        # cases flagged by hand have no classifier row: name the products from the text
        n_products = con.execute("SELECT count(*) FROM products").fetchone()[0]
        matcher = product_matcher(con if n_products else sample_products_frame())
        df["products"] = df["products"].astype(object)
        for idx in df.index[missing]:
            df.at[idx, "products"] = matcher.find(df.at[idx, "comment_text"])
    return df


def queue_counts(
    con: duckdb.DuckDBPyConnection,
    status: str | Iterable[str] | None = None,
    filters: Filters | None = None,
    today: dt.date | None = None,
) -> dict[str, int]:
    """How many cases `queue` holds and how many are overdue, counted in DuckDB."""
    sql, params = _selection(status, filters, today)
    n, overdue = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE overdue) FROM ({sql})", params
    ).fetchone()
    return {"cases": int(n), "overdue": int(overdue)}


def operating_point(con: duckdb.DuckDBPyConnection | None = None) -> dict[str, Any]:
    """The PV operating point of the shipped classifier: version, threshold, and its held-out figures.

    (`con` is unused: pages call every warehouse function the same way.)
    """
    from reactions.model import shipped_model

    m = shipped_model()
    thr = float(m.thresholds[list(m.labels).index("adverse_event")])
    return {"version": m.version, "threshold": thr, "target_recall": m.meta.get("pv_target_recall"),
            "heldout": m.meta.get("heldout", {})}  # fmt: skip


def audit_trail(con: duckdb.DuckDBPyConnection, comment_id: str | None = None) -> pd.DataFrame:
    """Every status change (who, when, why), oldest first; one case or all."""
    sql = (
        "SELECT audit_id, comment_id, from_status, to_status, changed_by, changed_at, reason FROM pv_audit"
        + (" WHERE comment_id = ?" if comment_id is not None else "")
        + " ORDER BY changed_at, audit_id"
    )
    return con.execute(sql, [comment_id] if comment_id is not None else []).df()


def export_queue(df: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write the queue to .csv or .xlsx (formula-safe, see warehouse.exporting)."""
    return write_table(df, path, sheet_name="pharmacovigilance")
