"""The post explorer: the posts behind every figure, searchable, sortable, paginated.

Why: users of influencer suites (Kolsquare, HypeAuditor, Sprout) expect to click
from a number to the posts that make it. Every page's selection is a
`Filters`; this module lists the posts of a selection with their permalink,
caption as plain text, format, the metrics layer's per-post figures, the mix
of reactions in their comments, the disclosure check and the caption flags.

Scale: the list is always one page (LIMIT/OFFSET, at most MAX_PAGE_SIZE rows)
plus a count; reaction mixes and checks are read for that page's posts only.
The whole selection is only read for a download (`export_posts`, bounded by
MAX_EXPORT_ROWS, the truncation said in the result).

Search is plain text (no pattern language): case- and accent-insensitive,
every word must appear in the caption, title, handle, display name, campaign
name or post id. SQL values are parameters; sort columns come from SORTS.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from warehouse import metrics
from warehouse.filters import Filters

# sort key -> column of the explorer rows (the only identifiers ever put in ORDER BY)
SORTS: dict[str, str] = {
    "published_at": "published_at",
    "engagement_rate": "engagement_rate",
    "engagements": "engagements",
    "reach": "reach",
    "impressions": "impressions",
    "views": "views",
    "likes": "likes",
    "comments": "comments",
    "shares": "shares",
    "saves": "saves",
    "useful_reactions": "useful_reactions",
    "handle": "handle",
}
MAX_PAGE_SIZE = 500
MAX_EXPORT_ROWS = 200_000
GROUPS: dict[str, str] = {  # top posts gallery: group key -> column
    "campaign": "campaign_id",
    "format": "format",
    "format_family": "format_family",
    "profile_type": "profile_type",
    "influencer": "influencer_id",
    "platform": "platform",
}
RANKINGS: tuple[str, ...] = ("engagements", "engagement_rate")

_COLUMNS = """
    b.post_id, b.platform, b.platform_post_id, b.influencer_id, b.handle, b.display_name, b.published_at,
    b.format, b.format_family, b.campaign_id, b.campaign_name, b.profile_type, b.tier, b.permalink, b.title,
    p.caption, b.is_boosted, b.reach, b.audience_measure, b.impressions, b.views, b.likes, b.comments, b.shares,
    b.saves, b.clicks, b.engagements, b.engagement_components, b.comments_classified, b.useful_reactions,
    b.adverse_events, b.fee_allocated, b.fee_currency, pc.disclosure, pc.disclosure_cues,
    coalesce(b.fee_allocated > 0, false) AS paid, coalesce(i.owned, false) AS owned_page
"""


@dataclass(frozen=True)
class PostPage:
    """One page of the explorer: rows, the number of posts matching, and where the page sits."""

    rows: pd.DataFrame
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size)) if self.page_size else 1


def _search_sql(search: str | None) -> tuple[str, list[Any]]:
    """Every word of `search` must appear (case/accent-insensitive) in one of the text columns."""
    words = [w for w in (search or "").split() if w][:10]
    if not words:
        return "TRUE", []
    hay = (
        "strip_accents(lower(concat_ws(' ', p.caption, b.title, b.handle, b.display_name, "
        "b.campaign_name, b.post_id, b.permalink)))"
    )
    return " AND ".join(f"contains({hay}, strip_accents(lower(?)))" for _ in words), words


def _base(filters: Filters | None, rate_basis: str, search: str | None) -> tuple[str, list[Any]]:
    """'WITH post_base AS (...), x AS (rows of the selection)' and its parameters."""
    rate_col, _metric, den = metrics.RATE_BASES[_check_basis(rate_basis)]
    base, params = metrics.post_base_sql()
    where, wparams = (filters or Filters()).where_sql("b")
    ssql, sparams = _search_sql(search)
    sql = f"""WITH post_base AS (
{base}
),
x AS (
    SELECT {_COLUMNS}, b.{rate_col} AS engagement_rate, b.{den} AS rate_denominator
    FROM post_base b
    JOIN posts p ON p.post_id = b.post_id
    LEFT JOIN influencers_v i ON i.influencer_id = b.influencer_id
    LEFT JOIN post_compliance pc ON pc.post_id = b.post_id
    WHERE {where} AND {ssql}
)"""
    return sql, [*params, *wparams, *sparams]


def _check_basis(rate_basis: str) -> str:
    if rate_basis not in metrics.RATE_BASES:
        raise ValueError(f"unknown rate basis {rate_basis!r}; valid: {', '.join(metrics.RATE_BASES)}")
    return rate_basis


def _order(sort: str, descending: bool) -> str:
    if sort not in SORTS:
        raise ValueError(f"cannot sort by {sort!r}; valid: {', '.join(SORTS)}")
    return f"ORDER BY {SORTS[sort]} {'DESC' if descending else 'ASC'} NULLS LAST, post_id"


def explore_posts(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None = None,
    search: str | None = None,
    sort: str = "published_at",
    descending: bool = True,
    page: int = 1,
    page_size: int = 50,
    rate_basis: str = "reach",
) -> PostPage:
    """One page of the selection's posts, with reactions mix, disclosure and caption flags."""
    size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    head, params = _base(filters, rate_basis, search)
    total = int(con.execute(f"{head}\nSELECT count(*) FROM x", params).fetchone()[0])
    pages = max(1, -(-total // size))
    page = max(1, min(int(page), pages))
    rows = con.execute(
        f"{head}\nSELECT * FROM x {_order(sort, descending)} LIMIT ? OFFSET ?",
        [*params, size, (page - 1) * size],
    ).df()
    return PostPage(_decorate(con, rows), total, page, size)


def export_posts(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None = None,
    search: str | None = None,
    sort: str = "published_at",
    descending: bool = True,
    rate_basis: str = "reach",
    max_rows: int = MAX_EXPORT_ROWS,
) -> tuple[pd.DataFrame, int]:
    """(every matching post up to `max_rows`, total matching) for a download; reaction mix included."""
    head, params = _base(filters, rate_basis, search)
    total = int(con.execute(f"{head}\nSELECT count(*) FROM x", params).fetchone()[0])
    rows = con.execute(
        f"{head}\nSELECT * FROM x {_order(sort, descending)} LIMIT ?", [*params, int(max_rows)]
    ).df()
    return _decorate(con, rows), total


def _decorate(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> pd.DataFrame:
    """Add reactions (category -> comments), reaction_mix text, caption flags and hashtags to a page."""
    rows = rows.copy()
    ids = rows["post_id"].tolist()
    mix: dict[str, Counter] = {i: Counter() for i in ids}
    flags: dict[str, list[str]] = {i: [] for i in ids}
    tags: dict[str, list[str]] = {i: [] for i in ids}
    if ids:
        for post_id, cat, n in con.execute(
            f"""SELECT c.post_id, cat, count(*) FROM (
                    SELECT c.post_id, unnest(er.categories) AS cat
                    FROM comments c JOIN ({metrics.effective_reactions_sql()}) er ON er.comment_id = c.comment_id
                    WHERE list_contains(?::VARCHAR[], c.post_id)) c
                GROUP BY ALL""",
            [ids],
        ).fetchall():
            mix[post_id][cat] = int(n)
        for post_id, flag, phrase in con.execute(
            "SELECT post_id, flag, phrase FROM post_caption_flags WHERE list_contains(?::VARCHAR[], post_id) "
            "ORDER BY post_id, flag, phrase",
            [ids],
        ).fetchall():
            flags[post_id].append(f"{flag}: {phrase}")
        for post_id, tag in con.execute(
            "SELECT post_id, hashtag FROM post_hashtags WHERE list_contains(?::VARCHAR[], post_id) "
            "ORDER BY post_id, hashtag",
            [ids],
        ).fetchall():
            tags[post_id].append(tag)
    rows["reactions"] = [dict(mix[i]) for i in ids]
    rows["caption_flags"] = [flags[i] for i in ids]
    rows["hashtags"] = [tags[i] for i in ids]
    rows["caption_text"] = [plain_caption(t, c) for t, c in zip(rows["title"], rows["caption"], strict=True)]
    return rows


def plain_caption(title: Any, caption: Any) -> str:
    """Title and caption as one plain text (the caption repeats the title on some platforms)."""
    t = "" if title is None or (isinstance(title, float) and np.isnan(title)) else str(title).strip()
    c = "" if caption is None or (isinstance(caption, float) and np.isnan(caption)) else str(caption).strip()
    if t and c and (c.startswith(t) or t == c):
        return c
    return "\n".join(x for x in (t, c) if x)


def top_posts(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None = None,
    by: str = "campaign",
    n: int = 3,
    rank: str = "engagements",
    rate_basis: str = "reach",
) -> pd.DataFrame:
    """The best `n` posts of each group (campaign, format, profile type, influencer…).

    rank 'engagements': most engagements first. rank 'engagement_rate': highest
    rate first, among posts whose denominator is at least the group's median
    (a post seen by 12 people with 6 likes is not a best post); column
    `rank_in_group` says the place. Ties go to the most recent post.
    """
    if by not in GROUPS:
        raise ValueError(f"unknown group {by!r}; valid: {', '.join(GROUPS)}")
    if rank not in RANKINGS:
        raise ValueError(f"unknown ranking {rank!r}; valid: {', '.join(RANKINGS)}")
    head, params = _base(filters, rate_basis, None)
    col = GROUPS[by]
    if rank == "engagements":
        cond, order = "engagements IS NOT NULL", "engagements DESC"
    else:
        cond = "engagement_rate IS NOT NULL AND rate_denominator >= _median_den"
        order = "engagement_rate DESC"
    sql = f"""{head},
y AS (
    SELECT *, quantile_cont(rate_denominator, 0.5) OVER (PARTITION BY {col}) AS _median_den FROM x
)
SELECT * EXCLUDE (_median_den), ? AS group_by, {col} AS group_value,
       row_number() OVER (PARTITION BY {col} ORDER BY {order}, published_at DESC NULLS LAST, post_id)
           AS rank_in_group
FROM y WHERE {cond}
QUALIFY rank_in_group <= ?
ORDER BY {col} NULLS LAST, rank_in_group
"""
    rows = con.execute(sql, [*params, by, int(n)]).df()
    return _decorate(con, rows)


def reaction_mix_text(reactions: Any, label: Any = None) -> str:
    """{'question': 3, 'support': 1} -> 'question 3 · support 1' (labels through `label(code)`)."""
    if not isinstance(reactions, dict) or not reactions:
        return ""
    items = sorted(reactions.items(), key=lambda kv: (-kv[1], kv[0]))
    name = label or (lambda c: c)
    return " · ".join(f"{name(k)} {v}" for k, v in items)
