"""Hashtags as a KPI: which hashtags the posts carry, and how the posts that carry them perform.

Why a table of its own: a marketer judges a campaign hashtag like a format or a
profile ("posts with #OctobreRose reach more than posts with #santé"), so
every hashtag gets the metrics layer's figures (posts, reach, engagement rate
with its influencer-clustered interval) and a monthly trend. Hashtags are
extracted once per post version at load time (`refresh_hashtags`, a loader
hook) into `post_hashtags`, so pages never scan captions.

Normalisation (one rule, used for captions and for the roster's campaign
hashtags): NFC, lower case, without the `#` (the full-width `＃` of Japanese
keyboards counts). A hashtag is letters, digits and marks of any script
(`#santé`, `#健康`, `#الصحة`, `#हिंदी`), `_`, and the zero-width (non-)joiners
Persian and Indic scripts need; it starts after a space or punctuation (never
inside a URL, `page#section`) and is not all digits (`#1`). Accents are kept:
Instagram treats `#santé` and `#sante` as two hashtags, and so does Relais.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from typing import Any

import duckdb
import pandas as pd

from warehouse import metrics
from warehouse.filters import Filters
from warehouse.views import SCOPE_SQL

# RE2 (DuckDB) and Python `re` accept the same pattern once the class is spelled for each.
_TAG_CHARS_SQL = r"\p{L}\p{N}\p{M}_\x{200C}\x{200D}"
HASHTAG_SQL_PATTERN = rf"(?:^|[^{_TAG_CHARS_SQL}&/=])[#＃]([{_TAG_CHARS_SQL}]+)"
MAX_HASHTAG_LENGTH = 100  # Instagram's limit is 100 characters; longer runs are not hashtags
_JOINERS = "_\u200c\u200d"


def _is_tag_char(ch: str) -> bool:
    """Letters, digits and marks of any script (Unicode L*, N*, M*), '_' and the zero-width joiners."""
    return ch in _JOINERS or unicodedata.category(ch)[0] in "LNM"


def normalize_hashtag(tag: Any) -> str | None:
    """'#Santé' -> 'santé'; None when `tag` holds no hashtag (empty, only '#', all digits)."""
    if tag is None:
        return None
    s = unicodedata.normalize("NFC", str(tag)).strip().lstrip("#＃").strip().lower()
    if not s or s.isdigit() or len(s) > MAX_HASHTAG_LENGTH:
        return None
    return s


def extract_hashtags(text: str | None) -> list[str]:
    """The hashtags of a text, normalised, in order of first appearance (Python twin of the SQL)."""
    if not text:
        return []
    norm = unicodedata.normalize("NFC", text).lower()
    out: list[str] = []
    i, n = 0, len(norm)
    while i < n:
        if norm[i] in "#＃" and (i == 0 or not (_is_tag_char(norm[i - 1]) or norm[i - 1] in "&/=")):
            j = i + 1
            while j < n and _is_tag_char(norm[j]):
                j += 1
            tag = normalize_hashtag(norm[i + 1 : j])
            if tag and tag not in out:
                out.append(tag)
            i = j
            continue
        i += 1
    return out


def hashtags_sql(expr: str) -> str:
    """SQL: the list of normalised hashtags of the text expression `expr` (distinct)."""
    return (
        f"list_distinct(list_filter(regexp_extract_all(nfc_normalize(lower(coalesce({expr}, ''))), "
        f"'{HASHTAG_SQL_PATTERN}', 1), "
        f"lambda h: NOT regexp_full_match(h, '[0-9]+') AND length(h) <= {MAX_HASHTAG_LENGTH}))"
    )


def refresh_hashtags(con: duckdb.DuckDBPyConnection) -> int:
    """Extract the hashtags of posts never scanned or updated by a later export; returns posts scanned.

    Runs inside the caller's transaction (the loader's hook): no BEGIN/COMMIT.
    """
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _ht_todo AS
           SELECT p.post_id, p.updated_file_id, concat_ws(' ', p.title, p.caption) AS text
           FROM posts p LEFT JOIN post_hashtags_scanned s ON s.post_id = p.post_id
           WHERE s.post_id IS NULL OR s.updated_file_id IS DISTINCT FROM p.updated_file_id"""
    )
    n = con.execute("SELECT count(*) FROM _ht_todo").fetchone()[0]
    if n:
        con.execute("DELETE FROM post_hashtags WHERE post_id IN (SELECT post_id FROM _ht_todo)")
        con.execute(
            f"""INSERT INTO post_hashtags (post_id, hashtag)
                SELECT post_id, unnest({hashtags_sql("text")}) FROM _ht_todo"""
        )
        con.execute(
            """INSERT INTO post_hashtags_scanned SELECT post_id, updated_file_id FROM _ht_todo
               ON CONFLICT (post_id) DO UPDATE SET updated_file_id = excluded.updated_file_id"""
        )
    con.execute("DROP TABLE _ht_todo")
    return int(n)


def campaign_hashtags(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """(hashtag, campaign_id, campaign_name): the roster's campaign hashtags, normalised."""
    rows = con.execute("SELECT campaign_id, name, hashtags FROM campaigns ORDER BY campaign_id").fetchall()
    out = []
    for cid, name, tags in rows:
        for t in tags or []:
            h = normalize_hashtag(t)
            if h:
                out.append({"hashtag": h, "campaign_id": cid, "campaign_name": name})
    return pd.DataFrame(out, columns=["hashtag", "campaign_id", "campaign_name"])


def hashtag_kpis(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None = None,
    rate_basis: str = "reach",
    limit: int | None = 200,
) -> pd.DataFrame:
    """Every hashtag of the selection with the metrics layer's figures and a monthly trend.

    Columns: hashtag, posts, influencers, reach, engagements, engagement_rate
    (+ CI, median, posts_with_rate…, as `metrics.aggregate`), is_campaign_hashtag,
    campaigns (ids whose roster lists it), the trend: monthly_posts (posts per
    month over every month of the selection, oldest first, zeros included),
    first_used and last_used (publication dates). Most used first; `limit`
    keeps the table readable on large warehouses.
    """
    agg = metrics.aggregate(con, ["hashtag"], filters, rate_basis)
    agg = agg.sort_values(["posts", "engagements", "hashtag"], ascending=[False, False, True])
    if limit is not None:
        agg = agg.head(int(limit))
    agg = agg.reset_index(drop=True)
    camp = campaign_hashtags(con)
    by_tag = camp.groupby("hashtag")["campaign_id"].agg(lambda s: sorted(set(s))).to_dict()
    agg["is_campaign_hashtag"] = [h in by_tag for h in agg["hashtag"]]
    agg["campaigns"] = [by_tag.get(h, []) for h in agg["hashtag"]]
    monthly = _monthly_posts(con, filters, agg["hashtag"].tolist())
    agg["monthly_posts"] = [monthly.get(h, ([], None, None))[0] for h in agg["hashtag"]]
    agg["first_used"] = [monthly.get(h, ([], None, None))[1] for h in agg["hashtag"]]
    agg["last_used"] = [monthly.get(h, ([], None, None))[2] for h in agg["hashtag"]]
    return agg


def _monthly_posts(
    con: duckdb.DuckDBPyConnection, filters: Filters | None, tags: list[str]
) -> dict[str, tuple[list[int], Any, Any]]:
    """hashtag -> (posts per month over every month of the selection, first day used, last day used)."""
    if not tags:
        return {}
    where, params = (filters or Filters()).where_sql()
    rows = con.execute(
        f"""WITH sel AS (
                SELECT post_id, CAST(published_at AS DATE) AS day,
                       CAST(date_trunc('month', published_at) AS DATE) AS month
                FROM ({SCOPE_SQL})
                WHERE published_at IS NOT NULL AND {where}
            ),
            months AS (
                SELECT CAST(unnest(generate_series(min(month), max(month), INTERVAL 1 MONTH)) AS DATE) AS month
                FROM sel
            ),
            counts AS (
                SELECT h.hashtag, s.month, count(*) AS n, min(s.day) AS first_day, max(s.day) AS last_day
                FROM sel s JOIN post_hashtags h ON h.post_id = s.post_id
                WHERE list_contains(?::VARCHAR[], h.hashtag)
                GROUP BY ALL
            )
            SELECT t.hashtag, list(coalesce(c.n, 0) ORDER BY m.month), min(c.first_day), max(c.last_day)
            FROM (SELECT unnest(?::VARCHAR[]) AS hashtag) t CROSS JOIN months m
            LEFT JOIN counts c ON c.hashtag = t.hashtag AND c.month = m.month
            GROUP BY t.hashtag""",
        [*params, tags, tags],
    ).fetchall()
    return {r[0]: ([int(x) for x in r[1]], r[2], r[3]) for r in rows}


def hashtag_kind_kpis(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, rate_basis: str = "reach"
) -> pd.DataFrame:
    """Posts carrying a campaign hashtag vs posts with only other hashtags vs posts without any.

    One row per kind (campaign | other | none) with the `metrics.aggregate` figures.
    """
    return metrics.aggregate(con, ["hashtag_kind"], filters, rate_basis)


def hashtag_timeline(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None,
    hashtags: list[str] | tuple[str, ...],
    freq: str = "month",
) -> pd.DataFrame:
    """`metrics.timeline` of the posts carrying each of `hashtags` (stacked, column hashtag)."""
    frames = []
    base = filters or Filters()
    for h in hashtags:
        tl = metrics.timeline(con, dataclasses.replace(base, hashtags=(h,)), freq)
        tl.insert(0, "hashtag", h)
        frames.append(tl)
    if not frames:
        return pd.DataFrame(columns=["hashtag", "period", "posts", "engagements", "reach", "engagement_rate"])
    return pd.concat(frames, ignore_index=True)


def hashtag_options(con: duckdb.DuckDBPyConnection, limit: int = 300) -> list[str]:
    """The most used hashtags (for the filter widget), campaign hashtags first."""
    camp = set(campaign_hashtags(con)["hashtag"])
    rows = con.execute(
        "SELECT hashtag, count(*) AS n FROM post_hashtags GROUP BY hashtag ORDER BY n DESC, hashtag LIMIT ?",
        [int(limit)],
    ).fetchall()
    used = [r[0] for r in rows]
    return [h for h in used if h in camp] + [h for h in used if h not in camp]
