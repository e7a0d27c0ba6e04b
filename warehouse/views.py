"""Small read-only views the dashboard pages need beside `warehouse.metrics`.

Why a separate module: pages must never hold SQL or compute a metric, yet a
few page needs are not metrics (example comments, follower counts, compliance
listings) or are reshapings of metrics (long-form reaction shares, campaign
trajectories). They live here, as pure functions (connection in, DataFrame
out), with every value passed as a `?` parameter and every identifier taken
from a whitelist. Rates always come from `warehouse.metrics`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import duckdb
import pandas as pd

from domain import DISCLOSURE_LEVELS, useful_categories
from warehouse import metrics
from warehouse.filters import Filters

# The columns Filters.where_sql refers to, for queries that only need to know
# which posts are in the selection (no metric): cheaper than the metrics base.
SCOPE_SQL = """
SELECT p.post_id, p.platform, p.format, p.format_family, p.influencer_id, p.published_at,
       p.campaign_id, c.name AS campaign_name, p.permalink,
       i.handle, i.display_name, i.profile_type, i.tier
FROM posts p
LEFT JOIN influencers_v i ON i.influencer_id = p.influencer_id
LEFT JOIN campaigns c ON c.campaign_id = p.campaign_id
"""

# Comment text is shown as examples: @mentions, e-mail addresses and phone
# numbers are masked so that no third party is named (authors are already HMACs).
_MASKS: tuple[tuple[str, str], ...] = (
    (r"[\w.+-]+@[\w-]+\.[\w.-]+", "[e-mail]"),
    (r"@[\w.]+", "@…"),
    (r"(\+33\s?|0)[1-9]([\s.-]?\d{2}){4}", "[tel]"),
)

MENTION_COLUMNS: dict[str, str] = {
    "products": "products",
    "product_risks": "product_risks",
    "sensitive_topics": "sensitive_topics",
}


def _scope(filters: Filters | None) -> tuple[str, list[Any]]:
    """('WITH scope AS (...) ', params) restricted to the selected posts."""
    where, params = (filters or Filters()).where_sql()
    return f"WITH scope AS (SELECT * FROM ({SCOPE_SQL}) WHERE {where})\n", params


def _masked(expr: str) -> str:
    out = expr
    for pattern, repl in _MASKS:
        out = f"regexp_replace({out}, '{pattern}', '{repl}', 'g')"
    return out


def pseudonymise_text(con: duckdb.DuckDBPyConnection, text: str | None) -> str | None:
    """The masking applied to example comments, exposed for tests and for the correction form."""
    return con.execute(f"SELECT {_masked('?::VARCHAR')}", [text]).fetchone()[0]


# --------------------------------------------------------------------------- campaigns


def campaign_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """campaign_id -> name, to label groups that come back keyed by id."""
    return {r[0]: r[1] for r in con.execute("SELECT campaign_id, name FROM campaigns").fetchall()}


def campaign_trajectories(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, freq: str = "week"
) -> pd.DataFrame:
    """Each selected campaign's `metrics.timeline`, stacked, with running totals and weeks since launch.

    Campaigns run in different months, so the page can align them on their
    launch date (`weeks_since_start`) to compare trajectories. Posts without a
    campaign have no trajectory.
    """
    f = filters or Filters()
    head, params = _scope(dataclasses.replace(f, campaigns=()))
    sql = head + "SELECT DISTINCT campaign_id FROM scope WHERE campaign_id IS NOT NULL"
    if f.campaigns:
        sql += f" AND campaign_id IN ({', '.join('?' for _ in f.campaigns)})"
    ids = sorted(r[0] for r in con.execute(sql, [*params, *f.campaigns]).fetchall())
    starts = {
        r[0]: (r[1], r[2])
        for r in con.execute("SELECT campaign_id, name, start_date FROM campaigns").fetchall()
    }
    frames = []
    every = (
        metrics.timeline(con, dataclasses.replace(f, campaigns=tuple(ids)), freq, per_campaign=True)
        if ids
        else None
    )
    groups = dict(tuple(every.groupby("campaign_id", sort=False))) if every is not None else {}
    for cid in ids:
        if cid not in groups:
            continue
        tl = groups[cid].drop(columns="campaign_id").reset_index(drop=True)
        name, start = starts.get(cid, (cid, None))
        tl.insert(0, "campaign_id", cid)
        tl.insert(1, "campaign_name", name or cid)
        tl["cumulative_posts"] = tl["posts"].cumsum()
        tl["cumulative_engagements"] = tl["engagements"].fillna(0).cumsum()
        tl["cumulative_reach"] = tl["reach"].fillna(0).cumsum()
        origin = pd.Timestamp(start) if start is not None else pd.Timestamp(tl["period"].min())
        tl["weeks_since_start"] = (pd.to_datetime(tl["period"]) - origin).dt.days / 7.0
        frames.append(tl)
    if not frames:
        return pd.DataFrame(
            columns=[
                "campaign_id",
                "campaign_name",
                "period",
                "posts",
                "influencers",
                "engagements",
                "reach",
                "impressions",
                "engagement_rate",
                "cumulative_posts",
                "cumulative_engagements",
                "cumulative_reach",
                "weeks_since_start",
            ]  # fmt: skip
        )
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- influencers


def leaderboard(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, rate_basis: str = "reach"
) -> pd.DataFrame:
    """`metrics.aggregate` per influencer with the account's platform, profile, tier and followers.

    platform, profile type and tier are functions of the influencer, so adding
    them to the grouping does not change the groups; followers is today's
    follower count (a property of the account, not a metric).
    """
    agg = metrics.aggregate(con, ["influencer", "platform", "profile_type", "tier"], filters, rate_basis)
    if agg.empty:
        agg["followers"] = pd.Series(dtype="float64")
        return agg
    ids = [i for i in agg["influencer_id"].dropna().unique().tolist()]
    fol = con.execute(
        "SELECT influencer_id, CAST(followers AS DOUBLE) AS followers FROM influencers "
        "WHERE list_contains(?::VARCHAR[], influencer_id)",
        [ids],
    ).df()
    out = agg.merge(fol, on="influencer_id", how="left")
    return out.sort_values(["engagements", "posts"], ascending=False, na_position="last").reset_index(
        drop=True
    )


# --------------------------------------------------------------------------- reactions


def reaction_shares(con: duckdb.DuckDBPyConnection, by: str, filters: Filters | None = None) -> pd.DataFrame:
    """`metrics.reaction_mix` in long form: one row per (group, category) with its share of classified comments.

    A comment with two categories counts in both, so shares of a group can add
    up to more than 100%.
    """
    mix = metrics.reaction_mix(con, [by], filters)
    key = metrics.KEY_COLUMNS[by]
    cats = [c for c in mix.columns if c.startswith("n_")]
    base = [key, "comments_loaded", "comments_classified", "useful_reactions", "adverse_events"]
    if mix.empty or not cats:
        return pd.DataFrame(columns=[*base, "category", "comments_in_category", "category_share"])
    long = mix.melt(id_vars=base, value_vars=cats, var_name="category", value_name="comments_in_category")
    long["category"] = long["category"].str.removeprefix("n_")
    den = long["comments_classified"].where(long["comments_classified"] > 0)
    long["category_share"] = long["comments_in_category"] / den
    return long


def reaction_categories(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Categories in use (classifier output and corrections), useful ones first."""
    sql = f"SELECT DISTINCT unnest(categories) FROM ({metrics.effective_reactions_sql()})"
    found = sorted(r[0] for r in con.execute(sql).fetchall() if r[0])
    useful = [c for c in useful_categories() if c in found]
    return useful + [c for c in found if c not in useful]


def example_comments(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None = None,
    category: str | None = None,
    adverse_only: bool = False,
    limit: int = 20,
) -> pd.DataFrame:
    """A few classified comments of the selection (most liked first), text pseudonymised.

    Always LIMITed: the page shows examples, never the comment table. The examples are chosen
    first (ids, likes); their texts are masked and their cues read for those only.
    """
    head, params = _scope(filters)
    sql = f"""{head},
chosen AS (
    SELECT c.comment_id, c.likes, er.categories, er.adverse_event,
           s.platform, s.format, s.campaign_name, s.profile_type
    FROM comments c
    JOIN scope s ON s.post_id = c.post_id
    JOIN ({metrics.effective_reactions_sql()}) er ON er.comment_id = c.comment_id
    WHERE (?::VARCHAR IS NULL OR list_contains(er.categories, ?::VARCHAR))
      AND (NOT ? OR er.adverse_event)
    ORDER BY c.likes DESC NULLS LAST, c.comment_id
    LIMIT ?
)
SELECT k.comment_id, CAST(c.published_at AS DATE) AS published_on,
       {_masked("coalesce(c.text, '')")} AS text,
       k.categories, k.adverse_event, cr.ae_score,
       list_filter(CAST(cr.cues AS VARCHAR[]), lambda x: NOT starts_with(x, 'rules:')) AS cues,
       k.likes AS comment_likes,
       substr(c.author_hash, 1, 10) AS author,
       k.platform, k.format, k.campaign_name, k.profile_type
FROM chosen k
JOIN comments c ON c.comment_id = k.comment_id
LEFT JOIN comment_reactions cr ON cr.comment_id = k.comment_id
ORDER BY k.likes DESC NULLS LAST, k.comment_id
"""
    return con.execute(sql, [*params, category, category, bool(adverse_only), int(limit)]).df()


def comment_for_correction(con: duckdb.DuckDBPyConnection, comment_id: str) -> dict[str, Any] | None:
    """One comment's current (effective) labels and pseudonymised text, for the correction form."""
    row = con.execute(
        f"""SELECT c.comment_id, {_masked("coalesce(c.text, '')")}, er.categories, er.adverse_event
FROM comments c LEFT JOIN ({metrics.effective_reactions_sql()}) er ON er.comment_id = c.comment_id
WHERE c.comment_id = ?""",
        [comment_id],
    ).fetchone()
    if row is None:
        return None
    return {
        "comment_id": row[0],
        "text": row[1],
        "categories": list(row[2] or []),
        "adverse_event": bool(row[3]) if row[3] is not None else False,
    }


def correction_history(con: duckdb.DuckDBPyConnection, comment_id: str) -> pd.DataFrame:
    """Who changed a comment's labels, when and why (newest first)."""
    return con.execute(
        "SELECT corrected_at, corrected_by, categories, adverse_event, reason FROM reaction_corrections "
        "WHERE comment_id = ? ORDER BY corrected_at DESC, correction_id DESC",
        [comment_id],
    ).df()


# --------------------------------------------------------------------------- compliance


def _paid_sql() -> str:
    return (
        "EXISTS (SELECT 1 FROM roster r WHERE r.campaign_id = s.campaign_id "
        "AND r.influencer_id = s.influencer_id AND r.fee > 0)"
    )


def disclosure_posts(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None = None,
    statuses: tuple[str, ...] | list[str] | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """Checked posts of the selection with their disclosure status, products and flagged topics.

    `paid` says whether the influencer had a fee on the post's campaign (the
    disclosure obligation). Problems first, then newest; LIMITed.
    """
    head, params = _scope(filters)
    wanted = list(statuses) if statuses else list(DISCLOSURE_LEVELS)
    sql = f"""{head}
SELECT s.post_id, CAST(s.published_at AS DATE) AS published_on, s.platform, s.handle, s.display_name,
       s.format, s.campaign_name, {_paid_sql()} AS paid,
       pc.disclosure, pc.disclosure_cues, pc.products, pc.product_risks, pc.sensitive_topics, s.permalink
FROM scope s JOIN post_compliance pc ON pc.post_id = s.post_id
WHERE list_contains(?::VARCHAR[], pc.disclosure)
ORDER BY CASE pc.disclosure WHEN 'missing' THEN 0 WHEN 'weak' THEN 1 WHEN 'not_checkable' THEN 2 ELSE 3 END,
         paid DESC, s.published_at DESC NULLS LAST, s.post_id
LIMIT ?
"""
    return con.execute(sql, [*params, wanted, int(limit)]).df()


def mention_counts(
    con: duckdb.DuckDBPyConnection, column: str, filters: Filters | None = None
) -> pd.DataFrame:
    """Products, product risks or sensitive topics found in the selection's posts: posts and influencers each."""
    if column not in MENTION_COLUMNS:
        raise ValueError(f"unknown column {column!r}; valid: {', '.join(MENTION_COLUMNS)}")
    col = MENTION_COLUMNS[column]
    head, params = _scope(filters)
    sql = f"""{head},
_m AS (
    SELECT s.post_id, s.influencer_id, unnest(pc.{col}) AS item
    FROM scope s JOIN post_compliance pc ON pc.post_id = s.post_id
)
SELECT item, count(DISTINCT post_id) AS posts, count(DISTINCT influencer_id) AS influencers
FROM _m WHERE item IS NOT NULL AND item <> ''
GROUP BY item ORDER BY posts DESC, item
"""
    return con.execute(sql, params).df()
