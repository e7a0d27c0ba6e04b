"""Owned pages: the client's own accounts (a laboratory's Instagram, a brand's LinkedIn page),
judged as community managers judge them, beside the influencers of the same campaigns.

Why a module of its own: the figures of an owned page are about the account over time
(followers gained, posting regularity, format mix, engagement rate per month), not about a
campaign's posts; they come from the account series (`account_metrics`) and from the posts
(`metrics.post_table`, so an engagement rate is the same number as everywhere else).

An owned page is an account listed in `owned_pages` (a roster row whose profile_type is
`brand_page` puts it there: `refresh_owned_pages`, a derived step of every load); `influencers_v` shows it with profile type `brand_page`.
Its comparison group: the other accounts on the rosters of its campaigns (the campaigns whose
roster lists the page, and the campaigns of the page's client).

Never invented: followers gained in a month come from the follower series loaded for the account
(daily gains, else the change of the follower count); without one they are NULL, not 0.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from domain import OWNED_PAGE, hcp_audience_label
from warehouse import metrics
from warehouse.filters import Filters

# daily gains, in order of preference, per (metric, dimension): LinkedIn page 'total', TikTok and
# LinkedIn creator '', Meta 'follows', TikTok's signed 'followers_change'
GAIN_SOURCES: tuple[tuple[str, str], ...] = (
    ("new_followers", "total"),
    ("new_followers", ""),
    ("follows", ""),
    ("followers_change", ""),
)
COMPARISON = "campaign_influencers"  # the owned_group of the comparison rows


def refresh_owned_pages(con: duckdb.DuckDBPyConnection) -> int:
    """List in owned_pages the accounts a roster marks as brand_page (derived step; idempotent, no
    transaction of its own). The client and therapeutic area are the campaign's; returns the pages added."""
    before = con.execute("SELECT count(*) FROM owned_pages").fetchone()[0]
    con.execute(
        """INSERT INTO owned_pages (influencer_id, platform, handle, display_name, client, therapeutic_area, file_id)
           SELECT DISTINCT ON (r.influencer_id) r.influencer_id, i.platform, i.handle, i.display_name, c.client,
                  c.therapeutic_area, r.file_id
           FROM roster r JOIN influencers i USING (influencer_id) LEFT JOIN campaigns c USING (campaign_id)
           WHERE json_extract_string(r.extra, '$.profile_type') = ?
           ORDER BY r.influencer_id, r.file_id DESC
           ON CONFLICT (influencer_id) DO UPDATE SET
               display_name = coalesce(excluded.display_name, owned_pages.display_name),
               client = coalesce(owned_pages.client, excluded.client),
               therapeutic_area = coalesce(owned_pages.therapeutic_area, excluded.therapeutic_area)""",
        [OWNED_PAGE],
    )
    return con.execute("SELECT count(*) FROM owned_pages").fetchone()[0] - before


def owned_pages(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per owned page: id, platform, handle, names, client, declared audience, its campaigns."""
    return con.execute(
        """SELECT op.influencer_id, op.platform, op.handle,
                  coalesce(op.display_name, i.display_name) AS display_name, op.client, op.audience,
                  list_sort(list_distinct(list(c.campaign_id) FILTER (WHERE c.campaign_id IS NOT NULL)))
                      AS campaigns
           FROM owned_pages op
           LEFT JOIN influencers i ON i.influencer_id = op.influencer_id
           LEFT JOIN campaigns c ON c.campaign_id IN (SELECT r.campaign_id FROM roster r
                                                      WHERE r.influencer_id = op.influencer_id)
                                 OR (op.client IS NOT NULL AND c.client = op.client)
           GROUP BY ALL ORDER BY op.platform, op.handle"""
    ).df()


def comparison_accounts(con: duckdb.DuckDBPyConnection, influencer_id: str) -> list[str]:
    """The accounts of the page's campaigns' rosters, owned pages left out."""
    pages = owned_pages(con)
    row = pages[pages.influencer_id == influencer_id]
    campaigns = list(row.iloc[0].campaigns) if len(row) and row.iloc[0].campaigns is not None else []
    if not campaigns:
        return []
    marks = ", ".join("?" for _ in campaigns)
    return [
        r[0]
        for r in con.execute(
            f"""SELECT DISTINCT influencer_id FROM roster WHERE campaign_id IN ({marks})
                AND influencer_id NOT IN (SELECT influencer_id FROM owned_pages) ORDER BY 1""",
            campaigns,
        ).fetchall()
    ]


def follower_series(con: duckdb.DuckDBPyConnection, influencer_ids: list[str]) -> pd.DataFrame:
    """Per account and day: followers (the count, where an export gives it) and followers gained
    (the preferred daily gain series of GAIN_SOURCES); NULL where no export says."""
    cols = ["influencer_id", "date", "followers", "new_followers"]
    if not influencer_ids:
        return pd.DataFrame(columns=cols)
    marks = ", ".join("?" for _ in influencer_ids)
    prefs = " ".join(
        f"WHEN a.metric = '{m}' AND a.dimension = '{d}' THEN {k}" for k, (m, d) in enumerate(GAIN_SOURCES)
    )
    return con.execute(
        f"""WITH acc AS (
                SELECT i.influencer_id, a.metric, a.dimension, a.date, a.value,
                       CASE {prefs} END AS pref
                FROM influencers i JOIN account_metrics a ON a.platform = i.platform AND a.account = i.handle
                WHERE i.influencer_id IN ({marks})
            ), gain_source AS (
                SELECT influencer_id, min(pref) AS pref FROM acc WHERE pref IS NOT NULL GROUP BY 1
            )
            SELECT influencer_id, date,
                   max(value) FILTER (WHERE metric = 'followers' AND dimension = '') AS followers,
                   max(value) FILTER (WHERE pref = (SELECT g.pref FROM gain_source g
                                                    WHERE g.influencer_id = acc.influencer_id)) AS new_followers
            FROM acc
            WHERE (metric = 'followers' AND dimension = '') OR pref IS NOT NULL
            GROUP BY ALL ORDER BY influencer_id, date""",
        influencer_ids,
    ).df()[cols]


def monthly_growth(con: duckdb.DuckDBPyConnection, influencer_ids: list[str]) -> pd.DataFrame:
    """Per account and month: followers at the month's end, followers gained, growth rate.

    Gained = Σ daily gains when a gain series is loaded, else the change of the follower count
    since the previous month's end; growth rate = gained / followers at the previous month's end.
    NULL when the exports do not say (never 0)."""
    cols = ["influencer_id", "month", "followers_end", "followers_gained", "follower_growth_rate"]
    s = follower_series(con, influencer_ids)
    if s.empty:
        return pd.DataFrame(columns=cols)
    s["month"] = pd.to_datetime(s["date"]).dt.to_period("M").dt.to_timestamp()
    out = []
    for acc, g in s.sort_values("date").groupby("influencer_id", sort=True):
        prev_end = None
        for month, m in g.groupby("month", sort=True):
            known = m["followers"].dropna()
            end = float(known.iloc[-1]) if len(known) else None
            gains = m["new_followers"].dropna()
            if len(gains):
                gained = float(gains.sum())
            elif end is not None and prev_end is not None:
                gained = end - prev_end
            else:
                gained = None
            start = (
                prev_end
                if prev_end is not None
                else (end - gained if end is not None and gained is not None else None)
            )
            rate = gained / start if gained is not None and start else None
            out.append([acc, month, end, gained, rate])
            if end is not None:
                prev_end = end
            elif prev_end is not None and gained is not None:
                prev_end = prev_end + gained
    return pd.DataFrame(out, columns=cols)


def _posts(con: duckdb.DuckDBPyConnection, influencer_ids: list[str]) -> pd.DataFrame:
    # no account: an id no account has (platform:handle), so the columns are there and no row
    return metrics.post_table(con, Filters(influencers=tuple(influencer_ids) or ("(none)",)))


def _regularity(published: pd.Series) -> dict[str, float | None]:
    """posts per week over the span first post -> last post (at least one week), longest and
    median gap in days between consecutive posts."""
    days = pd.to_datetime(published.dropna()).sort_values()
    if days.empty:
        return {"posts_per_week": None, "longest_gap_days": None, "median_gap_days": None}
    span_weeks = max((days.iloc[-1] - days.iloc[0]).total_seconds() / 86400 / 7, 1.0)
    gaps = days.diff().dropna().dt.total_seconds() / 86400
    return {
        "posts_per_week": len(days) / span_weeks,
        "longest_gap_days": float(gaps.max()) if len(gaps) else None,
        "median_gap_days": float(gaps.median()) if len(gaps) else None,
    }


def _rate(posts: pd.DataFrame) -> float | None:
    """Engagement rate by reach as a ratio of sums over posts with both figures (the registry's rule)."""
    ok = posts[posts["engagements"].notna() & (posts["reach"] > 0)]
    return float(ok["engagements"].sum() / ok["reach"].sum()) if len(ok) else None


def posting_regularity(con: duckdb.DuckDBPyConnection, influencer_ids: list[str]) -> pd.DataFrame:
    """Per account: posts, first and last post, posts per week, longest and median gap (days)."""
    p = _posts(con, influencer_ids)
    rows = []
    for acc in influencer_ids:
        mine = p[p.influencer_id == acc]
        rows.append(
            {
                "influencer_id": acc,
                "posts": len(mine),
                "first_post": mine["published_at"].min() if len(mine) else None,
                "last_post": mine["published_at"].max() if len(mine) else None,
                **_regularity(mine["published_at"]),
            }
        )
    return pd.DataFrame(
        rows,
        columns=["influencer_id", "posts", "first_post", "last_post", "posts_per_week", "longest_gap_days",
                 "median_gap_days"],
    )  # fmt: skip


def format_mix(con: duckdb.DuckDBPyConnection, influencer_ids: list[str]) -> pd.DataFrame:
    """Per account and format: posts and their share of the account's posts."""
    p = _posts(con, influencer_ids)
    if p.empty:
        return pd.DataFrame(columns=["influencer_id", "format", "posts", "format_share"])
    g = p.groupby(["influencer_id", "format"]).size().rename("posts").reset_index()
    g["format_share"] = g["posts"] / g.groupby("influencer_id")["posts"].transform("sum")
    return g.sort_values(["influencer_id", "posts"], ascending=[True, False]).reset_index(drop=True)


def engagement_over_time(
    con: duckdb.DuckDBPyConnection, influencer_ids: list[str], freq: str = "month"
) -> pd.DataFrame:
    """Per account and month (or week): posts, engagements, reach, engagement rate by reach."""
    cols = ["influencer_id", "period", "posts", "engagements", "reach", "engagement_rate"]
    p = _posts(con, influencer_ids)
    p = p[p["published_at"].notna()]
    if p.empty:
        return pd.DataFrame(columns=cols)
    p = p.assign(period=pd.to_datetime(p["published_at"]).dt.to_period("M" if freq == "month" else "W"))
    p["period"] = p["period"].dt.start_time
    rows = [
        [acc, per, len(g), g["engagements"].sum(min_count=1), g["reach"].sum(min_count=1), _rate(g)]
        for (acc, per), g in p.groupby(["influencer_id", "period"], sort=True)
    ]
    return pd.DataFrame(rows, columns=cols)


def best_posts(con: duckdb.DuckDBPyConnection, influencer_ids: list[str], n: int = 5) -> pd.DataFrame:
    """The n posts of each account with the highest engagements (ties: engagement rate), with permalink."""
    p = _posts(con, influencer_ids)
    cols = ["influencer_id", "post_id", "published_at", "format", "permalink", "engagements", "reach",
            "engagement_rate"]  # fmt: skip
    if p.empty:
        return pd.DataFrame(columns=cols)
    p = p[p["engagements"].notna()].sort_values(["engagements", "engagement_rate"], ascending=False)
    return p.groupby("influencer_id", sort=True).head(n)[cols].reset_index(drop=True)


def audience_split(con: duckdb.DuckDBPyConnection, influencer_ids: list[str]) -> pd.DataFrame:
    """Per account: share of the audience that is health professionals, where the platform gives it.

    LinkedIn is the one platform that says: followers by job function (page exports, counts) or the
    audience's job titles (creator workbook, shares). hcp_audience_share = the health job functions' part of the
    total (an estimate: job functions are self-declared); NULL for the other platforms."""
    cols = ["influencer_id", "date", "hcp_audience_share", "public_share", "basis"]
    if not influencer_ids:
        return pd.DataFrame(columns=cols)
    marks = ", ".join("?" for _ in influencer_ids)
    d = con.execute(
        f"""SELECT i.influencer_id, a.metric, a.date, split_part(a.dimension, '=', 1) AS key,
                   substr(a.dimension, strpos(a.dimension, '=') + 1) AS label, a.value
            FROM influencers i JOIN account_metrics a ON a.platform = i.platform AND a.account = i.handle
            WHERE i.influencer_id IN ({marks}) AND a.metric IN ('followers', 'audience_share')
              AND split_part(a.dimension, '=', 1) IN ('job_function', 'job_title')""",
        influencer_ids,
    ).df()
    rows = []
    for acc in influencer_ids:
        mine = d[(d.influencer_id == acc) & d.value.notna()]
        if mine.empty:
            rows.append([acc, None, None, None, None])
            continue
        mine = mine[mine.date == mine.date.max()]
        key = "job_function" if (mine.key == "job_function").any() else "job_title"
        mine = mine[mine.key == key]
        hcp = mine[mine.label.map(hcp_audience_label)]["value"].sum()
        total = mine["value"].sum()
        share = float(hcp / total) if total else None
        basis = f"LinkedIn {key.replace('_', ' ')}s ({'counts' if mine.metric.iloc[0] == 'followers' else 'shares'})"
        rows.append([acc, mine.date.iloc[0], share, None if share is None else 1 - share, basis])
    return pd.DataFrame(rows, columns=cols)


def _groups(con: duckdb.DuckDBPyConnection, influencer_id: str) -> list[tuple[str, pd.DataFrame]]:
    """(owned_group, posts) of the page and of its campaigns' other accounts."""
    return [
        ("page", _posts(con, [influencer_id])),
        (COMPARISON, _posts(con, comparison_accounts(con, influencer_id))),
    ]


def engagement_compared(con: duckdb.DuckDBPyConnection, influencer_id: str) -> pd.DataFrame:
    """Per month, the page's engagement rate by reach and its campaigns' influencers' (pooled, ratio of sums)."""
    rows = []
    for group, p in _groups(con, influencer_id):
        p = p[p["published_at"].notna()]
        months = pd.to_datetime(p["published_at"]).dt.to_period("M").dt.start_time
        for month, g in p.groupby(months, sort=True):
            rows.append([group, month, len(g), g["engagements"].sum(min_count=1), g["reach"].sum(min_count=1),
                         _rate(g)])  # fmt: skip
    return pd.DataFrame(
        rows, columns=["owned_group", "period", "posts", "engagements", "reach", "engagement_rate"]
    )


def format_mix_compared(con: duckdb.DuckDBPyConnection, influencer_id: str) -> pd.DataFrame:
    """Format mix of the page and of its campaigns' influencers (posts, share of the group's posts)."""
    rows = []
    for group, p in _groups(con, influencer_id):
        for fmt, n in p.groupby("format").size().sort_values(ascending=False).items():
            rows.append([group, fmt, int(n), n / len(p)])
    return pd.DataFrame(rows, columns=["owned_group", "format", "posts", "format_share"])


def _summary_row(con: duckdb.DuckDBPyConnection, ids: list[str], posts: pd.DataFrame) -> dict:
    growth = monthly_growth(con, ids)
    per_account = [_regularity(posts[posts.influencer_id == i]["published_at"]) for i in ids]
    ppw = [r["posts_per_week"] for r in per_account if r["posts_per_week"] is not None]
    gaps = [r["longest_gap_days"] for r in per_account if r["longest_gap_days"] is not None]
    rates = growth["follower_growth_rate"].dropna()
    return {
        "influencers": len(ids),
        "posts": len(posts),
        "posts_per_week": float(np.median(ppw)) if ppw else None,
        "longest_gap_days": float(np.median(gaps)) if gaps else None,
        "followers_gained": growth["followers_gained"].sum(min_count=1) if len(growth) else None,
        "follower_growth_rate": float(rates.median()) if len(rates) else None,
        "engagement_rate": _rate(posts),
    }


def summary(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per owned page: its figures, then the same figures for the influencers of its campaigns
    (group 'page' / 'campaign_influencers'; per-account figures of the group are medians)."""
    cols = ["influencer_id", "handle", "platform", "owned_group", "influencers", "posts", "posts_per_week",
            "longest_gap_days", "followers_gained", "follower_growth_rate", "engagement_rate", "hcp_audience_share"]  # fmt: skip
    pages = owned_pages(con)
    rows = []
    for page in pages.itertuples():
        own = _posts(con, [page.influencer_id])
        split = audience_split(con, [page.influencer_id]).iloc[0]
        rows.append({"influencer_id": page.influencer_id, "handle": page.handle, "platform": page.platform,
                     "owned_group": "page", **_summary_row(con, [page.influencer_id], own),
                     "hcp_audience_share": split["hcp_audience_share"]})  # fmt: skip
        others = comparison_accounts(con, page.influencer_id)
        theirs = _posts(con, others)
        rows.append({"influencer_id": page.influencer_id, "handle": page.handle, "platform": page.platform,
                     "owned_group": COMPARISON, **_summary_row(con, others, theirs), "hcp_audience_share": None})  # fmt: skip
    return pd.DataFrame(rows, columns=cols)
