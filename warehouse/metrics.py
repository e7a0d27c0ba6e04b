"""Every metric's SQL, generated from the registry, as pure functions (connection in, DataFrame out).

Why one module: a marketer must get the same number for "engagement rate" on
every page, in the CLI and in the exported deck. Each metric is declared once in
`warehouse.registry` (labels, definition, SQL); this module assembles those
declarations into queries: the post-level base (`post_base_sql`), the group
aggregates (`aggregate`), the timeline and the overview numbers.

Rules applied everywhere
- Figures come from the *latest* snapshot of each post (`post_metrics_latest`).
- A figure an export did not have stays NULL ("not available"), never 0. Sums are
  NULL when no post of the group has the figure.
- engagements = likes + comments + shares + saves, counting only the components
  the export has (likes fall back to reactions for Facebook/LinkedIn-style
  exports); `engagement_components` says which were used; all absent -> NULL.
- reach is reach as the platform measures it, never views or impressions: a post
  whose export has none (TikTok, YouTube mostly) has NULL reach and is in no
  figure per person reached (`posts_without_reach` counts them). The mixed total
  `audience` (reach, else unique viewers, views, impressions) is named for what
  it is, with its composition (`audience_measure`, `audience_not_reach`).
- A group rate is a ratio of sums, never a mean of ratios, and only posts where
  the numerator *and* the denominator are available (denominator > 0) enter it;
  `posts_with_rate` counts them. Median and IQR of per-post rates are given
  beside it so skew is visible.
- The 95% interval of the headline rate (warehouse.intervals): a group's rate
  generalises over influencers, so its units are influencers (posts without an
  influencer are their own unit); an influencer's own row (keys with `influencer`
  or `post`) describes that influencer, so its units are their posts. CR2
  bias-reduced variance of the ratio, Bell–McCaffrey degrees of freedom, Student t.
  No interval below intervals.MIN_INFLUENCERS influencers (a group) or
  intervals.MIN_POSTS posts (an influencer): `ci_note` says why, `ci_units` how many.
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
below (KEY_COLUMNS, RATE_BASES, TIMELINE_FREQS) or from the registry (post_columns()).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from domain import DISCLOSURE_LEVELS, OWNED_PAGE, PV_STATUSES, useful_categories, video_families
from warehouse import facts, intervals, registry
from warehouse.filters import Filters

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
    # derived keys (warehouse.hashtags): a post counts once under each of its hashtags
    "hashtag": "hashtag",
    # campaign = carries a hashtag some campaign lists; other = only other hashtags; none = no hashtag
    "hashtag_kind": "hashtag_kind",
}
# keys that are not columns of the post base: `_source_sql` adds them
DERIVED_KEYS: tuple[str, ...] = ("hashtag", "hashtag_kind")
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
# per period: these registry entries, then engagement_rate by reach (engagement_rate_reach)
TIMELINE_METRICS = ("posts", "influencers", "engagements", "reach", "impressions")


def effective_reactions_sql() -> str:
    """(comment_id, categories, adverse_event) with people's corrections winning.

    The only place that reads reaction tables; the definition is the classifier's
    (reactions.classify.EFFECTIVE_REACTIONS_SQL).
    """
    from reactions.classify import EFFECTIVE_REACTIONS_SQL

    return str(EFFECTIVE_REACTIONS_SQL).strip().rstrip(";")


# The post-level base: one row per post. Its columns are the registry's post-level entries
# (source expressions over the joined tables, then derived, then rate columns). Placeholders:
# {reactions} (SQL text from effective_reactions_sql), {source}/{derived}/{rate} (select lists from
# the registry), {video_params}; `?` params in order: the useful categories (as a list), the video families.
_POST_BASE_TEMPLATE = """
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
    SELECT {source}
    FROM posts p
    LEFT JOIN post_metrics_latest m ON m.post_id = p.post_id
    LEFT JOIN influencers_v i ON i.influencer_id = p.influencer_id
    LEFT JOIN campaigns c ON c.campaign_id = p.campaign_id
    LEFT JOIN _fee f ON f.post_id = p.post_id
    LEFT JOIN _reac rc ON rc.post_id = p.post_id
),
_e AS (
    SELECT *,
           {derived}
    FROM _j
)
SELECT *,
       {rate}
FROM _e
"""


def post_columns() -> tuple[str, ...]:
    """Columns of the base view, in order (also the ORDER BY whitelist of post_table)."""
    return tuple(m.name for m in registry.post_metrics())


def _stage_sql(stage: str) -> str:
    return ",\n           ".join(
        f"{m.post_sql} AS {m.name}" for m in registry.post_metrics() if m.stage == stage
    )


# the same two inputs of the base, read from the tables warehouse.facts keeps ready (when fresh)
_LATEST_LIVE = "LEFT JOIN post_metrics_latest m ON m.post_id = p.post_id"
_LATEST_READY = "LEFT JOIN post_latest m ON m.post_id = p.post_id"
_REAC_READY = """_reac AS (
    SELECT post_id, comments_classified, useful_reactions, adverse_events
    FROM post_reaction_counts WHERE comments_classified > 0
),"""


def post_base_sql(con: duckdb.DuckDBPyConnection | None = None) -> tuple[str, list[Any]]:
    """The base query and its parameters, ready to be wrapped as a CTE `post_base`.

    With `con`, the latest snapshots and reaction counts are read from the tables of
    `warehouse.facts` when they are fresh (same figures, without a window over every
    snapshot and a join of every comment); otherwise, and without `con`, computed live.
    """
    video = video_families()
    sql = (
        _POST_BASE_TEMPLATE.replace("{source}", _stage_sql("source"))
        .replace("{derived}", _stage_sql("derived"))
        .replace("{rate}", _stage_sql("rate"))
        .replace("{reactions}", effective_reactions_sql())
        .replace("{video_params}", ", ".join("?" for _ in video))
    )
    params: list[Any] = [list(useful_categories()), *video]
    if con is not None:
        ready = facts.fresh(con)
        if ready[facts.LATEST]:
            sql = sql.replace(_LATEST_LIVE, _LATEST_READY)
        if ready[facts.COUNTS]:
            start = sql.index("_reac AS (")
            end = sql.index("\n),", start) + len("\n),")
            sql = sql[:start] + _REAC_READY + sql[end:]
            params = params[1:]
    return sql, params


def _with_base(
    filters: Filters | None, con: duckdb.DuckDBPyConnection | None = None
) -> tuple[str, list[Any], str, list[Any]]:
    """('WITH post_base AS (...)', base params, where fragment, where params)."""
    base, params = post_base_sql(con)
    where, wparams = (filters or Filters()).where_sql()
    return f"WITH post_base AS (\n{base}\n)", params, where, wparams


_HASHTAG_KIND_SQL = """
SELECT b.*, CASE WHEN k.has_campaign THEN 'campaign' WHEN k.post_id IS NOT NULL THEN 'other' ELSE 'none' END
           AS hashtag_kind
FROM post_base b
LEFT JOIN (
    SELECT post_id, bool_or(hashtag IN (
               SELECT nfc_normalize(lower(ltrim(unnest(hashtags), '#'))) FROM campaigns)) AS has_campaign
    FROM post_hashtags GROUP BY post_id
) k ON k.post_id = b.post_id
"""


def _source_sql(keys: list[str]) -> str:
    """The rows to group: the post base, one row per (post, hashtag) when grouping by hashtag."""
    src = "SELECT * FROM post_base"
    if "hashtag_kind" in keys:
        src = _HASHTAG_KIND_SQL
    if "hashtag" in keys:
        src = f"SELECT s.*, h.hashtag FROM ({src}) s JOIN post_hashtags h ON h.post_id = s.post_id"
    return src


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
    if order_by not in post_columns() and order_by != "engagement_rate":
        raise ValueError(f"cannot order by {order_by!r}")
    head, params, where, wparams = _with_base(filters, con)
    sql = (
        f"{head}\nSELECT *, {rate_col} AS engagement_rate, ? AS rate_basis FROM post_base WHERE {where}"
        f"\nORDER BY {order_by} {'DESC' if descending else 'ASC'} NULLS LAST, post_id"
    )
    all_params = [*params, rate_basis, *wparams]
    if limit is not None:
        sql += "\nLIMIT ?"
        all_params.append(int(limit))
    return con.execute(sql, all_params).df()


def _group_select() -> str:
    """Aggregates of the `_f` CTE (base rows + _num/_den of the headline rate), one per registry entry."""
    return ",\n        ".join(f"{m.group_sql} AS {m.name}" for m in registry.group_metrics())


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
    head, params, where, wparams = _with_base(filters, con)
    key_cols = [KEY_COLUMNS[k] for k in keys]
    labels: list[str] = []
    for k in keys:
        for lab in KEY_LABELS.get(k, ()):
            if lab not in key_cols and lab not in labels:
                labels.append(lab)
    ksel = "".join(f"{c}, " for c in key_cols)
    lsel = "".join(f"any_value({c}) AS {c}, " for c in labels)
    # an influencer's own row: its units are its posts; a group's: its influencers
    own = "influencer" in keys or "post" in keys
    unit_sql = "post_id" if own else "coalesce(influencer_id, post_id)"
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
           {unit_sql} AS _unit
    FROM ({_source_sql(keys)}) WHERE {where}
),
_cl AS (
    SELECT {ksel}_unit, sum(_num) AS _e, sum(_den) AS _r FROM _f GROUP BY ALL
),
_ci AS (
    SELECT {ksel}list(_e ORDER BY _unit) FILTER (WHERE _r > 0) AS _le,
           list(_r ORDER BY _unit) FILTER (WHERE _r > 0) AS _lr
    FROM _cl GROUP BY ALL
),
_g AS (
    SELECT {ksel}{lsel}
        {_group_select()}
    FROM _f GROUP BY ALL
)
SELECT _g.*, _ci._le, _ci._lr, ? AS rate_basis, ? AS rate_metric
FROM _g {join} {order}
"""
    # GROUP BY ALL with only aggregates groups nothing: one overall row, as wanted for by=[]
    df = con.execute(sql, [*params, *wparams, rate_basis, rate_metric]).df()
    df = _with_intervals(df, own)
    return _order_columns(df, key_cols + labels)


def _with_intervals(df: pd.DataFrame, own: bool) -> pd.DataFrame:
    """engagement_rate_ci_low/high, ci_unit, ci_units, ci_note from each group's per-unit sums."""
    minimum = intervals.MIN_POSTS if own else intervals.MIN_INFLUENCERS
    few = intervals.NOTE_FEW_POSTS if own else intervals.NOTE_FEW_INFLUENCERS
    found = [
        intervals.ratio_interval(
            e if isinstance(e, list | tuple | np.ndarray) else [],
            r if isinstance(r, list | tuple | np.ndarray) else [],
            minimum,
            few,
        )
        for e, r in zip(df["_le"], df["_lr"], strict=True)
    ]
    df = df.drop(columns=["_le", "_lr"])
    df["engagement_rate_ci_low"] = pd.array([iv.low for iv in found], dtype="Float64").astype(float)
    df["engagement_rate_ci_high"] = pd.array([iv.high for iv in found], dtype="Float64").astype(float)
    df["ci_unit"] = "post" if own else "influencer"
    df["ci_units"] = [iv.units for iv in found]
    df["ci_note"] = [iv.note for iv in found]
    return df


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
    head, params, where, wparams = _with_base(filters, con)
    ksel = "".join(f"p.{c}, " for c in key_cols)
    order = ("ORDER BY " + ", ".join(f"{c} NULLS LAST" for c in key_cols)) if key_cols else ""
    useful = useful_categories()
    if facts.fresh(con)[facts.COUNTS]:  # per-post counts kept ready (warehouse.facts): same figures
        return _reaction_mix_ready(con, head, params, where, wparams, keys, ksel, order, useful)
    sql = f"""{head},
_p AS (SELECT * FROM ({_source_sql(keys)}) WHERE {where}),
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
    df = con.execute(sql, [*params, *wparams, list(useful)]).df()
    counts = [Counter(c) if isinstance(c, list | tuple | np.ndarray) else Counter() for c in df["_cats"]]
    return _with_categories(df.drop(columns="_cats"), counts, useful)


def _with_categories(df: pd.DataFrame, counts: list[Counter], useful: tuple[str, ...]) -> pd.DataFrame:
    df["useful_reaction_share"] = [
        (u / n) if n else None for u, n in zip(df["useful_reactions"], df["comments_classified"], strict=True)
    ]
    found = sorted({k for c in counts for k in c})
    cats = [c for c in useful if c in found] + [c for c in found if c not in useful]
    for cat in cats:
        df[f"n_{cat}"] = [c.get(cat, 0) for c in counts]
    return df


def _reaction_mix_ready(con, head, params, where, wparams, keys, ksel, order, useful) -> pd.DataFrame:
    """reaction_mix from post_reaction_counts / post_reaction_categories (no pass over the comments)."""
    plain = ksel.replace("p.", "")
    sums = ", ".join(
        f"CAST(coalesce(sum({c}), 0) AS BIGINT) AS {c}"
        for c in ("comments_loaded", "comments_classified", "useful_reactions", "adverse_events")
    )
    df = con.execute(
        f"""{head},
_p AS (SELECT * FROM ({_source_sql(keys)}) WHERE {where}),
_m AS (SELECT {ksel}rc.* FROM _p p JOIN post_reaction_counts rc ON rc.post_id = p.post_id)
SELECT {plain}{sums} FROM _m GROUP BY ALL {order}""",
        [*params, *wparams],
    ).df()
    cat = con.execute(
        f"""{head},
_p AS (SELECT * FROM ({_source_sql(keys)}) WHERE {where})
SELECT {ksel}k.category, CAST(sum(k.n) AS BIGINT) AS n
FROM _p p JOIN post_reaction_categories k ON k.post_id = p.post_id GROUP BY ALL""",
        [*params, *wparams],
    ).fetchall()
    key_cols = [KEY_COLUMNS[k] for k in keys]
    per_group: dict[tuple, Counter] = {}
    for row in cat:
        per_group.setdefault(tuple(row[: len(key_cols)]), Counter())[row[len(key_cols)]] += int(row[-1])
    groups = df[key_cols].itertuples(index=False, name=None) if key_cols else [()] * len(df)
    counts = [per_group.get(tuple(_py(v) for v in g), Counter()) for g in groups]
    return _with_categories(df, counts, useful)


def posts_for_comparison(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """Input of analysis.compare: posts with engagements; reach is measured reach (NULL when none).

    Posts without a measured reach stay in the frame (with their platform) so that the
    comparison can say how many it leaves out: it is per person reached, never per view.
    The client's own pages (profile type brand_page) are not in it, whatever the scope: the
    comparisons are of influencers; an owned page is compared with them on the Owned pages page.
    """
    head, params, where, wparams = _with_base(filters, con)
    sql = f"""{head}
SELECT post_id, influencer_id, engagements, reach, format, format_family, profile_type, tier, platform,
       campaign_id, is_boosted
FROM post_base
WHERE engagements IS NOT NULL AND profile_type IS DISTINCT FROM ? AND {where}
ORDER BY post_id
"""
    return con.execute(sql, [*params, OWNED_PAGE, *wparams]).df()


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
    reach is measured reach only; posts_without_reach / platforms_without_reach say
    which posts have none, views and audience (with audience_not_reach) what they have.
    """
    f = filters or Filters()
    agg = aggregate(con, [], f).iloc[0]
    out: dict[str, Any] = {
        k: _py(agg[k])
        for k in (
            "posts", "influencers", "reach", "impressions", "engagements", "engagement_rate",
            "engagement_rate_ci_low", "engagement_rate_ci_high", "ci_units", "ci_note", "posts_with_rate",
            "posts_without_reach", "posts_with_reach", "views", "audience", "audience_not_reach",
        )
    }  # fmt: skip
    mix = reaction_mix(con, [], f).iloc[0]
    classified = int(mix["comments_classified"])
    out["comments_classified"] = classified
    out["useful_reactions"] = int(mix["useful_reactions"]) if classified else None
    out["useful_reaction_share"] = _py(mix["useful_reaction_share"]) if classified else None

    head, params, where, wparams = _with_base(f, con)
    out["platforms_without_reach"] = [
        r[0]
        for r in con.execute(
            f"{head}\nSELECT DISTINCT platform FROM post_base WHERE reach IS NULL AND {where} ORDER BY 1",
            [*params, *wparams],
        ).fetchall()
    ]
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
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None = None,
    freq: str = "week",
    per_campaign: bool = False,
) -> pd.DataFrame:
    """posts, influencers, engagements, reach, engagement rate (by reach) per period of published_at;
    with `per_campaign`, per campaign and period (a leading campaign_id, posts without one left out):
    one query instead of one per campaign."""
    if freq not in TIMELINE_FREQS:
        raise ValueError(f"unknown freq {freq!r}; valid: {', '.join(TIMELINE_FREQS)}")
    head, params, where, wparams = _with_base(filters, con)
    cols = ",\n       ".join(f"{registry.get(n).group_sql} AS {n}" for n in TIMELINE_METRICS)
    rate = registry.get("engagement_rate_reach").group_sql
    lead, only = ("campaign_id, ", "AND campaign_id IS NOT NULL ") if per_campaign else ("", "")
    sql = f"""{head}
SELECT {lead}CAST(date_trunc(?, published_at) AS DATE) AS period,
       {cols},
       {rate} AS engagement_rate
FROM post_base
WHERE published_at IS NOT NULL {only}AND {where}
GROUP BY ALL ORDER BY {lead}period
"""
    return con.execute(sql, [*params, freq, *wparams]).df()


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What the UI's filter widgets can offer (only values present in the warehouse)."""
    from warehouse.hashtags import hashtag_options  # late: hashtags builds on this module

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
    # posts of the client's own pages belong to no campaign on purpose: neither assigned nor "to assign"
    lo, hi, assigned, unassigned, owned = con.execute(
        "SELECT CAST(min(published_at) AS DATE), CAST(max(published_at) AS DATE), count(p.campaign_id), "
        "count(*) FILTER (WHERE campaign_id IS NULL AND op.influencer_id IS NULL), "
        "count(*) FILTER (WHERE campaign_id IS NULL AND op.influencer_id IS NOT NULL) "
        "FROM posts p LEFT JOIN owned_pages op ON op.influencer_id = p.influencer_id"
    ).fetchone()
    return {
        "campaigns": campaigns,
        "platforms": col("SELECT DISTINCT platform FROM posts ORDER BY 1"),
        "formats": col("SELECT DISTINCT format FROM posts ORDER BY 1"),
        "format_families": col("SELECT DISTINCT format_family FROM posts ORDER BY 1"),
        "profile_types": col(
            "SELECT DISTINCT profile_type FROM influencers_v WHERE profile_type IS NOT NULL "
            "AND influencer_id IN (SELECT influencer_id FROM posts) ORDER BY 1"
        ),
        "tiers": col(
            "SELECT t.tier FROM tier_thresholds t WHERE t.tier IN (SELECT tier FROM influencers_v "
            "WHERE influencer_id IN (SELECT influencer_id FROM posts)) ORDER BY t.min_followers"
        ),
        "influencers": influencers,
        "hashtags": hashtag_options(con),
        "date_min": lo,
        "date_max": hi,
        "posts_assigned": int(assigned or 0),
        "posts_unassigned": int(unassigned or 0),
        "posts_owned": int(owned or 0),
    }
