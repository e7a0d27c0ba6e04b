"""Every metric's SQL, in one place, as pure functions (connection in, DataFrame out).

Why one module: a marketer must get the same number for "engagement rate" on
every page, in the CLI and in the exported deck. Definitions and caveats are in
`warehouse.catalogue`; this module computes them.

Rules applied everywhere
- Figures come from the *latest* snapshot of each post (`post_metrics_latest`).
- A figure an export did not have stays NULL ("not available"), never 0. Sums are
  NULL when no post of the group has the figure.
- engagements = likes + comments + shares + saves, counting only the components
  the export has (likes fall back to reactions for Facebook/LinkedIn-style
  exports); `engagement_components` says which were used; all absent -> NULL.
- reach falls back reach -> unique_viewers -> views -> impressions; `reach_basis`
  says which, `reach_is_proxy` flags the fallbacks.
- A group rate is a ratio of sums, never a mean of ratios, and only posts where
  the numerator *and* the denominator are available (denominator > 0) enter it;
  `posts_with_rate` counts them. Median and IQR of per-post rates are given
  beside it so skew is visible.
- The 95% interval of the headline rate treats influencers as clusters (posts of
  one influencer are not independent): with R = Σe/Σr over the group,
  e_k, r_k the sums of influencer k, K influencers with r_k > 0,
      Var(R) ≈ K/(K−1) · Σ_k (e_k − R·r_k)² / (Σr)²      (linearisation / delta method)
  and, when K < 2, the Poisson fallback SE = sqrt(Σe) / Σr. Interval = R ± 1.96·SE,
  the lower bound clipped at 0. Posts without an influencer are their own cluster.
- Costs: an influencer's roster fee on a campaign is spread equally over that
  influencer's posts assigned to that campaign (fee_allocated = fee / n posts,
  counted over all the influencer's posts in the campaign, whatever the filters).
  CPE = Σfee/Σengagements, CPM = Σfee/Σimpressions·1000, CPV = Σfee/Σviews,
  cost per reach = Σfee/Σreach, cost per useful reaction = Σfee/Σuseful reactions,
  each over the posts that have both a fee and the denominator. A group mixing
  currencies gets NULL costs and a `cost_note`.
- Useful reactions = classified comments (corrections win over the classifier)
  carrying at least one useful category (domain.REACTION_CATEGORIES, useful=True); a comment
  counts once. Video formats are the families with is_video (domain.FORMAT_FAMILIES).

SQL values are `?` parameters; identifiers only ever come from the whitelists
below (KEY_COLUMNS, RATE_BASES, POST_COLUMNS, TIMELINE_FREQS).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from domain import DISCLOSURE_LEVELS, PV_STATUSES, useful_categories, video_families
from warehouse.filters import Filters

Z_95 = 1.959963984540054

# aggregation key -> base view column
KEY_COLUMNS: dict[str, str] = {
    "post": "post_id",
    "influencer": "influencer_id",
    "profile_type": "profile_type",
    "tier": "tier",
    "format": "format",
    "format_family": "format_family",
    "platform": "platform",
    "campaign": "campaign_id",
}
# readable companions of a key (functionally dependent on it)
KEY_LABELS: dict[str, tuple[str, ...]] = {
    "post": ("published_at", "permalink", "handle"),
    "influencer": ("handle", "display_name"),
    "campaign": ("campaign_name",),
}
# rate basis -> (per-post rate column, catalogue metric name, per-post denominator)
RATE_BASES: dict[str, tuple[str, str, str]] = {
    "reach": ("engagement_rate_reach", "engagement_rate", "reach"),
    "impressions": ("engagement_rate_impressions", "engagement_rate_impressions", "impressions"),
    "views": ("engagement_rate_views", "engagement_rate_views", "views"),
    "followers": ("engagement_rate_followers", "engagement_rate_followers", "followers"),
}
TIMELINE_FREQS = ("day", "week", "month", "quarter")


def effective_reactions_sql() -> str:
    """(comment_id, categories, adverse_event) with people's corrections winning.

    The only place that reads reaction tables: uses the classifier module's
    definition when it is there, else reads comment_reactions + the latest
    reaction_corrections row per comment.
    """
    try:
        from reactions.classify import EFFECTIVE_REACTIONS_SQL  # type: ignore[attr-defined]
    except ImportError:
        return _FALLBACK_REACTIONS_SQL
    return str(EFFECTIVE_REACTIONS_SQL).strip().rstrip(";")


_FALLBACK_REACTIONS_SQL = """
SELECT coalesce(k.comment_id, r.comment_id) AS comment_id,
       coalesce(k.categories, r.categories) AS categories,
       coalesce(k.adverse_event, r.adverse_event) AS adverse_event
FROM comment_reactions r
FULL OUTER JOIN (
    SELECT comment_id, categories, adverse_event FROM reaction_corrections
    QUALIFY row_number() OVER (PARTITION BY comment_id ORDER BY corrected_at DESC, correction_id DESC) = 1
) k ON k.comment_id = r.comment_id
"""

# The post-level base: one row per post. Placeholders: {reactions} (SQL text from
# effective_reactions_sql); `?` params in order: the useful categories (as a list), the video families.
POST_BASE_SQL = """
WITH _fee AS (
    SELECT p.post_id,
           r.fee / count(*) OVER (PARTITION BY p.campaign_id, p.influencer_id) AS fee_allocated,
           r.currency AS fee_currency
    FROM posts p
    JOIN roster r ON r.campaign_id = p.campaign_id AND r.influencer_id = p.influencer_id
),
_reac AS (
    SELECT c.post_id,
           count(*) AS comments_classified,
           count(*) FILTER (WHERE list_has_any(er.categories, ?::VARCHAR[])) AS useful_reactions,
           count(*) FILTER (WHERE er.adverse_event) AS adverse_events
    FROM comments c
    JOIN ({reactions}) er ON er.comment_id = c.comment_id
    WHERE c.post_id IS NOT NULL
    GROUP BY c.post_id
),
_j AS (
    SELECT p.post_id, p.platform, p.platform_post_id, p.influencer_id, i.handle, i.display_name,
           p.published_at, p.format, p.format_family,
           coalesce(p.format_family IN ({video_params}), false) AS is_video,
           p.is_boosted, p.campaign_id, c.name AS campaign_name, p.campaign_rule, p.title, p.permalink,
           i.profile_type, i.tier, CAST(i.followers AS DOUBLE) AS followers,
           m.snapshot_date,
           m.impressions, m.reach AS reach_reported, m.unique_viewers, m.views,
           coalesce(m.likes, m.reactions) AS likes,
           CASE WHEN m.likes IS NOT NULL THEN 'likes' WHEN m.reactions IS NOT NULL THEN 'reactions' END
               AS likes_source,
           m.comments, m.shares, m.saves, m.clicks,
           m.watch_time_sec, m.avg_watch_time_sec, m.completion_rate, m.video_duration_sec,
           f.fee_allocated, f.fee_currency,
           CAST(rc.comments_classified AS BIGINT) AS comments_classified,
           CAST(rc.useful_reactions AS BIGINT) AS useful_reactions,
           CAST(rc.adverse_events AS BIGINT) AS adverse_events
    FROM posts p
    LEFT JOIN post_metrics_latest m ON m.post_id = p.post_id
    LEFT JOIN influencers_v i ON i.influencer_id = p.influencer_id
    LEFT JOIN campaigns c ON c.campaign_id = p.campaign_id
    LEFT JOIN _fee f ON f.post_id = p.post_id
    LEFT JOIN _reac rc ON rc.post_id = p.post_id
),
_e AS (
    SELECT *,
           CASE WHEN likes IS NULL AND comments IS NULL AND shares IS NULL AND saves IS NULL THEN NULL
                ELSE coalesce(likes, 0) + coalesce(comments, 0) + coalesce(shares, 0) + coalesce(saves, 0)
           END AS engagements,
           nullif(concat_ws('+',
                CASE WHEN likes IS NOT NULL THEN likes_source END,
                CASE WHEN comments IS NOT NULL THEN 'comments' END,
                CASE WHEN shares IS NOT NULL THEN 'shares' END,
                CASE WHEN saves IS NOT NULL THEN 'saves' END), '') AS engagement_components,
           coalesce(reach_reported, unique_viewers, views, impressions) AS reach,
           CASE WHEN reach_reported IS NOT NULL THEN 'reach'
                WHEN unique_viewers IS NOT NULL THEN 'unique_viewers (proxy)'
                WHEN views IS NOT NULL THEN 'views (proxy)'
                WHEN impressions IS NOT NULL THEN 'impressions (proxy)' END AS reach_basis,
           CASE WHEN views IS NOT NULL AND reach_reported > 0 THEN reach_reported
                WHEN views IS NOT NULL AND is_video AND followers > 0 THEN followers END AS view_rate_den,
           CASE WHEN views IS NOT NULL AND reach_reported > 0 THEN 'reach'
                WHEN views IS NOT NULL AND is_video AND followers > 0 THEN 'followers' END AS view_rate_basis
    FROM _j
)
SELECT *,
       CASE WHEN reach_basis IS NOT NULL THEN reach_basis <> 'reach' END AS reach_is_proxy,
       CASE WHEN engagements IS NOT NULL AND reach > 0 THEN engagements / reach END AS engagement_rate_reach,
       CASE WHEN engagements IS NOT NULL AND impressions > 0 THEN engagements / impressions END
           AS engagement_rate_impressions,
       CASE WHEN is_video AND engagements IS NOT NULL AND views > 0 THEN engagements / views END
           AS engagement_rate_views,
       CASE WHEN engagements IS NOT NULL AND followers > 0 THEN engagements / followers END
           AS engagement_rate_followers,
       views / view_rate_den AS view_rate,
       CASE WHEN saves IS NOT NULL AND reach > 0 THEN saves / reach END AS save_rate,
       CASE WHEN shares IS NOT NULL AND reach > 0 THEN shares / reach END AS share_rate,
       CASE WHEN comments IS NOT NULL AND reach > 0 THEN comments / reach END AS comment_rate,
       CASE WHEN comments_classified > 0 THEN useful_reactions / comments_classified END
           AS useful_reaction_share,
       fee_allocated / nullif(engagements, 0) AS cpe,
       fee_allocated / nullif(impressions, 0) * 1000 AS cpm,
       fee_allocated / nullif(views, 0) AS cpv,
       fee_allocated / nullif(reach, 0) AS cost_per_reach,
       fee_allocated / nullif(useful_reactions, 0) AS cost_per_useful_reaction
FROM _e
"""

# Columns of the base view, in order (also the ORDER BY whitelist of post_table).
POST_COLUMNS: tuple[str, ...] = (
    "post_id", "platform", "platform_post_id", "influencer_id", "handle", "display_name", "published_at",
    "format", "format_family", "is_video", "is_boosted", "campaign_id", "campaign_name", "campaign_rule",
    "title", "permalink", "profile_type", "tier", "followers", "snapshot_date", "impressions",
    "reach_reported", "unique_viewers", "views", "likes", "likes_source", "comments", "shares", "saves",
    "clicks", "watch_time_sec", "avg_watch_time_sec", "completion_rate", "video_duration_sec",
    "fee_allocated", "fee_currency", "comments_classified", "useful_reactions", "adverse_events",
    "engagements", "engagement_components", "reach", "reach_basis", "view_rate_den", "view_rate_basis",
    "reach_is_proxy", "engagement_rate_reach", "engagement_rate_impressions", "engagement_rate_views",
    "engagement_rate_followers", "view_rate", "save_rate", "share_rate", "comment_rate",
    "useful_reaction_share", "cpe", "cpm", "cpv", "cost_per_reach", "cost_per_useful_reaction",
)  # fmt: skip


def post_base_sql() -> tuple[str, list[Any]]:
    """The base query and its parameters, ready to be wrapped as a CTE `post_base`."""
    video = video_families()
    sql = POST_BASE_SQL.replace("{reactions}", effective_reactions_sql()).replace(
        "{video_params}", ", ".join("?" for _ in video)
    )
    return sql, [list(useful_categories()), *video]


def _with_base(filters: Filters | None) -> tuple[str, list[Any], str, list[Any]]:
    """('WITH post_base AS (...)', base params, where fragment, where params)."""
    base, params = post_base_sql()
    where, wparams = (filters or Filters()).where_sql()
    return f"WITH post_base AS (\n{base}\n)", params, where, wparams


def _rate_basis(rate_basis: str) -> tuple[str, str, str]:
    if rate_basis not in RATE_BASES:
        raise ValueError(f"unknown rate basis {rate_basis!r}; valid: {', '.join(RATE_BASES)}")
    return RATE_BASES[rate_basis]


def validate_keys(by: list[str] | tuple[str, ...] | str | None) -> list[str]:
    """Normalise `by` (list or 'a,b' string); ValueError listing the valid keys otherwise."""
    if by is None:
        return []
    items = [k.strip() for k in by.split(",")] if isinstance(by, str) else [str(k).strip() for k in by]
    items = [k for k in items if k]
    bad = [k for k in items if k not in KEY_COLUMNS]
    if bad:
        raise ValueError(f"unknown key(s) {', '.join(bad)}; valid keys: {', '.join(KEY_COLUMNS)}")
    out: list[str] = []
    for k in items:
        if k not in out:
            out.append(k)
    return out


def post_table(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None = None,
    rate_basis: str = "reach",
    order_by: str = "published_at",
    descending: bool = True,
    limit: int | None = None,
) -> pd.DataFrame:
    """One row per post with every per-post metric; `engagement_rate` is in the chosen basis."""
    rate_col, _, _ = _rate_basis(rate_basis)
    if order_by not in POST_COLUMNS and order_by != "engagement_rate":
        raise ValueError(f"cannot order by {order_by!r}")
    head, params, where, wparams = _with_base(filters)
    sql = (
        f"{head}\nSELECT *, {rate_col} AS engagement_rate, ? AS rate_basis FROM post_base WHERE {where}"
        f"\nORDER BY {order_by} {'DESC' if descending else 'ASC'} NULLS LAST, post_id"
    )
    all_params = [*params, rate_basis, *wparams]
    if limit is not None:
        sql += "\nLIMIT ?"
        all_params.append(int(limit))
    return con.execute(sql, all_params).df()


# (output name, numerator, denominator, condition for a post to enter), all over the base columns
_RATIOS: tuple[tuple[str, str, str, str], ...] = (
    ("engagement_rate_reach", "engagements", "reach", "engagements IS NOT NULL AND reach > 0"),
    (
        "engagement_rate_impressions",
        "engagements",
        "impressions",
        "engagements IS NOT NULL AND impressions > 0",
    ),
    ("engagement_rate_views", "engagements", "views", "is_video AND engagements IS NOT NULL AND views > 0"),
    ("engagement_rate_followers", "engagements", "followers", "engagements IS NOT NULL AND followers > 0"),
    ("view_rate", "views", "view_rate_den", "view_rate IS NOT NULL"),
    ("completion_rate", "completion_rate * views", "views", "completion_rate IS NOT NULL AND views > 0"),
    (
        "avg_watch_time_sec",
        "avg_watch_time_sec * views",
        "views",
        "avg_watch_time_sec IS NOT NULL AND views > 0",
    ),
    ("save_rate", "saves", "reach", "saves IS NOT NULL AND reach > 0"),
    ("share_rate", "shares", "reach", "shares IS NOT NULL AND reach > 0"),
    ("comment_rate", "comments", "reach", "comments IS NOT NULL AND reach > 0"),
    ("useful_reaction_share", "useful_reactions", "comments_classified", "comments_classified > 0"),
)
_SUMS: tuple[str, ...] = (
    "impressions", "reach", "views", "likes", "comments", "shares", "saves", "clicks", "engagements",
    "watch_time_sec", "comments_classified", "useful_reactions", "adverse_events",
)  # fmt: skip
# sums that also report how many posts stand behind them (posts_with_<metric>)
_COUNTED = ("impressions", "reach", "views", "likes", "comments", "shares", "saves", "clicks", "engagements")
# (cost metric, denominator, multiplier)
_COSTS: tuple[tuple[str, str, int], ...] = (
    ("cpe", "engagements", 1),
    ("cpm", "impressions", 1000),
    ("cpv", "views", 1),
    ("cost_per_reach", "reach", 1),
    ("cost_per_useful_reaction", "useful_reactions", 1),
)
_ONE_CURRENCY = "count(DISTINCT coalesce(fee_currency, '')) FILTER (WHERE fee_allocated IS NOT NULL) <= 1"


def _group_select() -> str:
    """Aggregates of the `_f` CTE (base rows + _num/_den of the headline rate)."""
    cols = [
        "count(*) AS posts",
        "count(DISTINCT influencer_id) AS influencers",
    ]
    for m in _SUMS:
        cols.append(f"sum({m}) AS {m}")
    cols.append("count(*) FILTER (WHERE reach_is_proxy) AS reach_proxy_posts")
    cols += [
        "sum(_num) / nullif(sum(_den), 0) AS engagement_rate",
        "quantile_cont(_num / _den, 0.5) AS engagement_rate_median",
        "quantile_cont(_num / _den, 0.25) AS engagement_rate_p25",
        "quantile_cont(_num / _den, 0.75) AS engagement_rate_p75",
        "count(_num) AS posts_with_rate",
        "count(DISTINCT influencer_id) FILTER (WHERE _num IS NOT NULL) AS influencers_with_rate",
    ]
    for name, num, den, cond in _RATIOS:
        cols.append(
            f"sum({num}) FILTER (WHERE {cond}) / nullif(sum({den}) FILTER (WHERE {cond}), 0) AS {name}"
        )
    cols.append(f"CASE WHEN {_ONE_CURRENCY} THEN sum(fee_allocated) END AS fee_allocated")
    cols.append(
        f"CASE WHEN {_ONE_CURRENCY} THEN any_value(fee_currency) FILTER (WHERE fee_allocated IS NOT NULL) END"
        " AS currency"
    )
    for name, den, mult in _COSTS:
        cond = f"fee_allocated IS NOT NULL AND {den} IS NOT NULL"
        scale = f" * {mult}" if mult != 1 else ""
        cols.append(
            f"CASE WHEN {_ONE_CURRENCY} THEN sum(fee_allocated) FILTER (WHERE {cond})"
            f" / nullif(sum({den}) FILTER (WHERE {cond}), 0){scale} END AS {name}"
        )
    cols.append(
        f"CASE WHEN NOT ({_ONE_CURRENCY}) THEN 'mixed currencies ('"
        " || string_agg(DISTINCT coalesce(fee_currency, '?'), ', ' ORDER BY coalesce(fee_currency, '?'))"
        " FILTER (WHERE fee_allocated IS NOT NULL) || '): no cost figure' END AS cost_note"
    )
    for m in _COUNTED:
        cols.append(f"count({m}) AS posts_with_{m}")
    return ",\n        ".join(cols)


def aggregate(
    con: duckdb.DuckDBPyConnection,
    by: list[str] | tuple[str, ...] | str,
    filters: Filters | None = None,
    rate_basis: str = "reach",
) -> pd.DataFrame:
    """Metrics per group of `by` keys (any combination of KEY_COLUMNS; [] = one overall row).

    `engagement_rate` and its CI / median / IQR / posts_with_rate are in `rate_basis`
    (column `rate_basis`, catalogue name in `rate_metric`); the other bases are
    always there as engagement_rate_reach/_impressions/_views/_followers.
    """
    keys = validate_keys(by)
    rate_col, rate_metric, den = _rate_basis(rate_basis)
    cond = f"{rate_col} IS NOT NULL"
    head, params, where, wparams = _with_base(filters)
    key_cols = [KEY_COLUMNS[k] for k in keys]
    labels: list[str] = []
    for k in keys:
        for lab in KEY_LABELS.get(k, ()):
            if lab not in key_cols and lab not in labels:
                labels.append(lab)
    ksel = "".join(f"{c}, " for c in key_cols)
    lsel = "".join(f"any_value({c}) AS {c}, " for c in labels)
    partition = f"PARTITION BY {', '.join(key_cols)}" if key_cols else ""
    if key_cols:
        join = "JOIN _ci ON " + " AND ".join(f"_g.{c} IS NOT DISTINCT FROM _ci.{c}" for c in key_cols)
        order = "ORDER BY " + ", ".join(f"{c} NULLS LAST" for c in key_cols)
    else:
        join, order = "CROSS JOIN _ci", ""
    sql = f"""{head},
_f AS (
    SELECT *,
           CASE WHEN {cond} THEN engagements END AS _num,
           CASE WHEN {cond} THEN {den} END AS _den,
           coalesce(influencer_id, post_id) AS _cluster
    FROM post_base WHERE {where}
),
_cl AS (
    SELECT {ksel}_cluster, sum(_num) AS _e, sum(_den) AS _r FROM _f GROUP BY ALL
),
_cl2 AS (
    SELECT *, sum(_e) OVER (__W) / sum(_r) OVER (__W) AS _ratio FROM _cl
),
_ci AS (
    SELECT {ksel}count(*) FILTER (WHERE _r > 0) AS _k, sum(_e) AS _se, sum(_r) AS _sr,
           sum(power(_e - _ratio * _r, 2)) FILTER (WHERE _r > 0) AS _ss
    FROM _cl2 GROUP BY ALL
),
_g AS (
    SELECT {ksel}{lsel}
        {_group_select()}
    FROM _f GROUP BY ALL
),
_out AS (
    SELECT _g.*,
           CASE WHEN _ci._sr > 0 THEN
               CASE WHEN _ci._k >= 2 THEN sqrt(_ci._k / (_ci._k - 1.0) * _ci._ss) / _ci._sr
                    WHEN _ci._k = 1 THEN sqrt(_ci._se) / _ci._sr END
           END AS _stderr
    FROM _g {join}
)
SELECT * EXCLUDE (_stderr),
       CASE WHEN _stderr IS NOT NULL THEN greatest(engagement_rate - ? * _stderr, 0) END
           AS engagement_rate_ci_low,
       engagement_rate + ? * _stderr AS engagement_rate_ci_high,
       ? AS rate_basis, ? AS rate_metric
FROM _out {order}
""".replace("__W", partition)
    # GROUP BY ALL with only aggregates groups nothing: one overall row, as wanted for by=[]
    df = con.execute(sql, [*params, *wparams, Z_95, Z_95, rate_basis, rate_metric]).df()
    return _order_columns(df, key_cols + labels)


def _order_columns(df: pd.DataFrame, lead: list[str]) -> pd.DataFrame:
    first = [*lead, "posts", "influencers", "engagements", "reach", "engagement_rate",
             "engagement_rate_ci_low", "engagement_rate_ci_high", "rate_basis"]  # fmt: skip
    first = [c for c in first if c in df.columns]
    return df[first + [c for c in df.columns if c not in first]]


def reaction_mix(
    con: duckdb.DuckDBPyConnection,
    by: list[str] | tuple[str, ...] | str,
    filters: Filters | None = None,
) -> pd.DataFrame:
    """Comment reactions per group: counts per category (columns n_<category>), useful share, adverse events.

    Only comments linked to a post (comments.post_id) of the selection count;
    groups without any loaded comment do not appear. A comment with several
    categories counts in each category column but once in useful_reactions.
    """
    keys = validate_keys(by)
    key_cols = [KEY_COLUMNS[k] for k in keys]
    head, params, where, wparams = _with_base(filters)
    ksel = "".join(f"p.{c}, " for c in key_cols)
    order = ("ORDER BY " + ", ".join(f"{c} NULLS LAST" for c in key_cols)) if key_cols else ""
    sql = f"""{head},
_p AS (SELECT * FROM post_base WHERE {where}),
_c AS (
    SELECT {ksel}c.comment_id, er.categories, er.adverse_event, er.comment_id IS NOT NULL AS classified
    FROM comments c
    JOIN _p p ON p.post_id = c.post_id
    LEFT JOIN ({effective_reactions_sql()}) er ON er.comment_id = c.comment_id
)
SELECT {ksel.replace("p.", "")}
       count(*) AS comments_loaded,
       count(*) FILTER (WHERE classified) AS comments_classified,
       count(*) FILTER (WHERE classified AND list_has_any(categories, ?::VARCHAR[])) AS useful_reactions,
       count(*) FILTER (WHERE classified AND adverse_event) AS adverse_events,
       flatten(list(categories) FILTER (WHERE classified)) AS _cats
FROM _c GROUP BY ALL {order}
"""
    useful = useful_categories()
    df = con.execute(sql, [*params, *wparams, list(useful)]).df()
    df["useful_reaction_share"] = [
        (u / n) if n else None for u, n in zip(df["useful_reactions"], df["comments_classified"], strict=True)
    ]
    counts = [Counter(c) if isinstance(c, list | tuple | np.ndarray) else Counter() for c in df["_cats"]]
    found = sorted({k for c in counts for k in c})
    cats = [c for c in useful if c in found] + [c for c in found if c not in useful]
    for cat in cats:
        df[f"n_{cat}"] = [c.get(cat, 0) for c in counts]
    return df.drop(columns="_cats")


def posts_for_comparison(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """Input of analysis.compare: posts with engagements and reach > 0 (proxies flagged by reach_basis)."""
    head, params, where, wparams = _with_base(filters)
    sql = f"""{head}
SELECT post_id, influencer_id, engagements, reach, format, format_family, profile_type, tier, platform,
       campaign_id, is_boosted, reach_basis
FROM post_base
WHERE engagements IS NOT NULL AND reach > 0 AND {where}
ORDER BY post_id
"""
    return con.execute(sql, [*params, *wparams]).df()


def _py(v: Any) -> Any:
    """numpy/pandas scalar -> plain Python, NaN/NA -> None (for dicts and JSON)."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        v = v.item()
        if isinstance(v, float) and math.isnan(v):
            return None
    return v


def headline(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> dict[str, Any]:
    """The overview numbers; each value None when not available.

    open_pv_items counts pv_cases in status new/triaged whose comment belongs to a
    selected post; with no filter, or only the campaign scope of the default view,
    every open case counts (an unlinked comment's case must never be hidden from
    the overview). It is None when no
    comment in scope was classified and no case exists in scope.
    disclosure_problems counts paid posts (influencer with roster fee > 0 on the
    post's campaign) whose compliance check says 'missing' or 'weak'; None when
    no paid post in scope could be checked. paid_posts_checked counts the paid
    posts whose text could be checked; paid_posts_not_checkable those whose export
    carries no text (a YouTube video without its description): never "missing".
    """
    f = filters or Filters()
    agg = aggregate(con, [], f).iloc[0]
    out: dict[str, Any] = {
        k: _py(agg[k])
        for k in (
            "posts", "influencers", "reach", "impressions", "engagements", "engagement_rate",
            "engagement_rate_ci_low", "engagement_rate_ci_high", "posts_with_rate", "reach_proxy_posts",
        )
    }  # fmt: skip
    mix = reaction_mix(con, [], f).iloc[0]
    classified = int(mix["comments_classified"])
    out["comments_classified"] = classified
    out["useful_reactions"] = int(mix["useful_reactions"]) if classified else None
    out["useful_reaction_share"] = _py(mix["useful_reaction_share"]) if classified else None

    head, params, where, wparams = _with_base(f)
    # a case is never hidden by the default view's campaign scope (nor when its post is unknown)
    every_case = f.is_empty() or f.only_scope()
    scope = "TRUE" if every_case else "c.post_id IN (SELECT post_id FROM post_base WHERE " + where + ")"
    open_statuses = PV_STATUSES.where(open=True)
    pv = con.execute(
        f"""{head}
SELECT count(*) FILTER (WHERE pv.status IN ({", ".join("?" for _ in open_statuses)})), count(*)
FROM pv_cases pv LEFT JOIN comments c ON c.comment_id = pv.comment_id
WHERE {scope}""",
        [*params, *open_statuses, *([] if every_case else wparams)],
    ).fetchone()
    out["open_pv_items"] = int(pv[0]) if (classified or pv[1]) else None

    bwhere, bparams = f.where_sql(alias="b")
    problems = DISCLOSURE_LEVELS.where(problem=True)
    checkable = DISCLOSURE_LEVELS.where(checkable=True)
    dis = con.execute(
        f"""{head}
SELECT count(*) FILTER (WHERE pc.disclosure IN ({", ".join("?" for _ in problems)})),
       count(pc.post_id) FILTER (WHERE pc.disclosure IN ({", ".join("?" for _ in checkable)})),
       count(pc.post_id) FILTER (WHERE pc.disclosure NOT IN ({", ".join("?" for _ in checkable)}))
FROM post_base b
JOIN roster r ON r.campaign_id = b.campaign_id AND r.influencer_id = b.influencer_id AND r.fee > ?
LEFT JOIN post_compliance pc ON pc.post_id = b.post_id
WHERE {bwhere}""",
        [*params, *problems, *checkable, *checkable, 0, *bparams],
    ).fetchone()
    out["disclosure_problems"] = int(dis[0]) if dis[1] else None
    out["paid_posts_checked"] = int(dis[1])
    out["paid_posts_not_checkable"] = int(dis[2])
    return out


def timeline(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, freq: str = "week"
) -> pd.DataFrame:
    """posts, influencers, engagements, reach, engagement rate (by reach) per period of published_at."""
    if freq not in TIMELINE_FREQS:
        raise ValueError(f"unknown freq {freq!r}; valid: {', '.join(TIMELINE_FREQS)}")
    head, params, where, wparams = _with_base(filters)
    sql = f"""{head}
SELECT CAST(date_trunc(?, published_at) AS DATE) AS period,
       count(*) AS posts,
       count(DISTINCT influencer_id) AS influencers,
       sum(engagements) AS engagements,
       sum(reach) AS reach,
       sum(impressions) AS impressions,
       sum(engagements) FILTER (WHERE engagement_rate_reach IS NOT NULL)
         / nullif(sum(reach) FILTER (WHERE engagement_rate_reach IS NOT NULL), 0) AS engagement_rate
FROM post_base
WHERE published_at IS NOT NULL AND {where}
GROUP BY ALL ORDER BY period
"""
    return con.execute(sql, [*params, freq, *wparams]).df()


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What the UI's filter widgets can offer (only values present in the warehouse)."""

    def col(sql: str, params: list[Any] | None = None) -> list[Any]:
        return [r[0] for r in con.execute(sql, params or []).fetchall()]

    campaigns = [
        {"campaign_id": r[0], "name": r[1]}
        for r in con.execute(
            "SELECT campaign_id, name FROM campaigns ORDER BY start_date DESC NULLS LAST, name"
        ).fetchall()
    ]
    influencers = [
        {"influencer_id": r[0], "platform": r[1], "handle": r[2], "display_name": r[3]}
        for r in con.execute(
            "SELECT influencer_id, platform, handle, display_name FROM influencers_v "
            "WHERE influencer_id IN (SELECT influencer_id FROM posts) ORDER BY lower(handle), platform"
        ).fetchall()
    ]
    lo, hi, assigned, unassigned = con.execute(
        "SELECT CAST(min(published_at) AS DATE), CAST(max(published_at) AS DATE), "
        "count(campaign_id), count(*) - count(campaign_id) FROM posts"
    ).fetchone()
    return {
        "campaigns": campaigns,
        "platforms": col("SELECT DISTINCT platform FROM posts ORDER BY 1"),
        "formats": col("SELECT DISTINCT format FROM posts ORDER BY 1"),
        "format_families": col("SELECT DISTINCT format_family FROM posts ORDER BY 1"),
        "profile_types": col(
            "SELECT DISTINCT profile_type FROM influencers WHERE profile_type IS NOT NULL "
            "AND influencer_id IN (SELECT influencer_id FROM posts) ORDER BY 1"
        ),
        "tiers": col(
            "SELECT t.tier FROM tier_thresholds t WHERE t.tier IN (SELECT tier FROM influencers_v "
            "WHERE influencer_id IN (SELECT influencer_id FROM posts)) ORDER BY t.min_followers"
        ),
        "influencers": influencers,
        "date_min": lo,
        "date_max": hi,
        "posts_assigned": int(assigned or 0),
        "posts_unassigned": int(unassigned or 0),
    }
