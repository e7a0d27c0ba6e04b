"""Audience: what the account-level exports say about who follows and visits an account.

Why: the exports Relais loads carry the audience (TikTok follower history, gender, territories and
activity by hour; Meta follows, visits and age/gender/city shares; LinkedIn followers, visitors and
demographics) into `account_metrics`; this module reads them back per account and per campaign.

Three kinds of rows in `account_metrics`, told apart by metric and dimension:
* series: a value per day (dimension '' or a source / device: 'total', 'organic', 'mobile'…);
* distributions: a value per category at one date (dimension 'key=label', or a TikTok gender /
  territory); shares are fractions, LinkedIn page demographics are counts (their share is derived);
* by hour: TikTok's active followers (dimension = the hour).

An audience file that did not name its account is stored under '(unspecified)': it is listed
by `unattached` with what to do (load it again with --account), never dropped.
"""

from __future__ import annotations

import duckdb
import pandas as pd

UNSPECIFIED = "(unspecified)"
# dimensioned metrics that are distributions over a category (not daily sources or devices)
DISTRIBUTION_METRICS: tuple[str, ...] = ("audience_share", "follower_gender", "follower_territory")
HOURLY_METRICS: tuple[str, ...] = ("active_followers",)
# daily series shown on the Audience page, in order; the dimension kept for each (first found)
SERIES_METRICS: tuple[str, ...] = (
    "followers", "new_followers", "follows", "followers_change", "profile_visits", "page_views",
    "unique_visitors", "reached_audience", "engaged_audience",
)  # fmt: skip
_DAILY_DIMENSIONS = ("", "total")


def _is_distribution_sql() -> str:
    """SQL: the row is a category value (a distribution), from the metric or a 'key=label' dimension."""
    marks = ", ".join(f"'{m}'" for m in DISTRIBUTION_METRICS)
    return f"(metric IN ({marks}) OR strpos(dimension, '=') > 0)"


def accounts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per account with audience data: what is loaded (series, distributions), from when to when,
    whether Relais knows the account (influencer_id) and whether it is an owned page."""
    return con.execute(
        f"""SELECT * FROM (SELECT a.platform, a.account, i.influencer_id, coalesce(i.display_name, a.account) AS display_name,
                   coalesce(v.owned, false) AS owned,
                   list_sort(list_distinct(list(a.metric) FILTER (WHERE NOT {_is_distribution_sql()})))
                       AS series,
                   list_sort(list_distinct(list(CASE WHEN strpos(a.dimension, '=') > 0
                                                     THEN split_part(a.dimension, '=', 1) ELSE a.metric END)
                                           FILTER (WHERE {_is_distribution_sql()}))) AS distributions,
                   min(a.date) AS first_date, max(a.date) AS last_date, count(*) AS values_loaded
            FROM account_metrics a
            LEFT JOIN influencers i ON i.platform = a.platform AND i.handle = a.account
            LEFT JOIN influencers_v v ON v.influencer_id = i.influencer_id
            GROUP BY ALL) ORDER BY account = ? DESC, platform, account""",
        [UNSPECIFIED],
    ).df()


def unattached(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Audience files loaded without an account ('(unspecified)'): file, kind, values kept, and the fix."""
    return con.execute(
        """SELECT f.file_id, f.file_name, f.kind, a.platform, count(*) AS values_loaded,
                  'relais load <file> --account <handle>' AS fix
           FROM account_metrics a JOIN load_files f ON f.file_id = a.file_id
           WHERE a.account = ?
           GROUP BY ALL ORDER BY f.file_id""",
        [UNSPECIFIED],
    ).df()


def series(con: duckdb.DuckDBPyConnection, platform: str, account: str) -> pd.DataFrame:
    """Daily values of the account's series (long form: date, metric, value), one dimension per metric
    ('' or 'total' when the export splits by source or device)."""
    marks = ", ".join("?" for _ in SERIES_METRICS)
    d = con.execute(
        f"""SELECT date, metric, dimension, value FROM account_metrics
            WHERE platform = ? AND account = ? AND metric IN ({marks}) AND dimension IN ('', 'total')
            ORDER BY metric, date""",
        [platform, account, *SERIES_METRICS],
    ).df()
    if d.empty:
        return pd.DataFrame(columns=["date", "metric", "value"])
    # a metric given both plain and as 'total' keeps the plain one
    pref = d.assign(_p=d["dimension"].map(_DAILY_DIMENSIONS.index))
    best = pref.groupby("metric")["_p"].transform("min")
    return pref[pref["_p"] == best][["date", "metric", "value"]].reset_index(drop=True)


def distributions(con: duckdb.DuckDBPyConnection, platform: str, account: str) -> pd.DataFrame:
    """The latest distribution of each kind (gender, age, territory, job function…): category, value,
    share (the value itself when the export gives shares, value / total when it gives counts)."""
    cols = ["kind", "category", "date", "value", "share", "unit"]
    d = con.execute(
        f"""SELECT CASE WHEN strpos(dimension, '=') > 0 THEN split_part(dimension, '=', 1) ELSE metric END AS kind,
                   CASE WHEN strpos(dimension, '=') > 0 THEN substr(dimension, strpos(dimension, '=') + 1)
                        ELSE dimension END AS category,
                   metric, date, value
            FROM account_metrics
            WHERE platform = ? AND account = ? AND {_is_distribution_sql()}""",
        [platform, account],
    ).df()
    if d.empty:
        return pd.DataFrame(columns=cols)
    d = d[d["date"] == d.groupby(["kind", "metric"])["date"].transform("max")]
    counts = ~d["metric"].isin(DISTRIBUTION_METRICS)
    totals = d.groupby(["kind", "metric"])["value"].transform("sum")
    d = d.assign(
        share=d["value"].where(~counts, d["value"] / totals.where(totals > 0)),
        unit=counts.map({True: "count", False: "share"}),
    )
    return d.sort_values(["kind", "value"], ascending=[True, False])[cols].reset_index(drop=True)


def by_hour(con: duckdb.DuckDBPyConnection, platform: str, account: str) -> pd.DataFrame:
    """Active followers per hour of the day (TikTok), averaged over the days exported."""
    marks = ", ".join("?" for _ in HOURLY_METRICS)
    return con.execute(
        f"""SELECT TRY_CAST(dimension AS INTEGER) AS hour, avg(value) AS active_followers, count(*) AS days
            FROM account_metrics WHERE platform = ? AND account = ? AND metric IN ({marks})
              AND TRY_CAST(dimension AS INTEGER) IS NOT NULL
            GROUP BY 1 ORDER BY 1""",
        [platform, account, *HOURLY_METRICS],
    ).df()


def campaign_audience(con: duckdb.DuckDBPyConnection, campaign_id: str | None = None) -> pd.DataFrame:
    """Per campaign and account of its roster: which audience data is loaded (none: what to load)."""
    acc = accounts(con)
    roster = con.execute(
        """SELECT r.campaign_id, c.name AS campaign_name, i.influencer_id, i.platform, i.handle
           FROM roster r JOIN influencers i USING (influencer_id) LEFT JOIN campaigns c USING (campaign_id)
           WHERE ? IS NULL OR r.campaign_id = ?
           ORDER BY r.campaign_id, i.platform, i.handle""",
        [campaign_id, campaign_id],
    ).df()
    merged = roster.merge(
        acc[["platform", "account", "series", "distributions", "first_date", "last_date", "values_loaded"]],
        left_on=["platform", "handle"],
        right_on=["platform", "account"],
        how="left",
    ).drop(columns=["account"])
    merged["values_loaded"] = merged["values_loaded"].astype("Int64")
    merged["has_audience"] = merged["values_loaded"].notna()
    return merged
