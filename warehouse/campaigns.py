"""Which campaign a post belongs to.

Rule (documented in the README), in order:
1. a per-post override set by a person (`relais assign POST_ID CAMPAIGN_ID`),
   which may also say "no campaign";
2. the author is on the campaign's roster and the post was published inside the
   campaign window (start_date..end_date, inclusive; an open end means ongoing);
3. the caption carries one of the campaign's hashtags.
When several campaigns match at the same step, the one whose window started
last wins (the most specific, usually the current one), then the campaign id.
"""

from __future__ import annotations

import datetime as dt

import duckdb

ASSIGN_SQL = """
WITH roster_match AS (
    SELECT p.post_id, c.campaign_id, 2 AS step, c.start_date
    FROM posts p
    JOIN roster r ON r.influencer_id = p.influencer_id
    JOIN campaigns c ON c.campaign_id = r.campaign_id
    WHERE p.published_at IS NOT NULL
      AND (c.start_date IS NULL OR CAST(p.published_at AS DATE) >= c.start_date)
      AND (c.end_date IS NULL OR CAST(p.published_at AS DATE) <= c.end_date)
),
hashtag_match AS (
    SELECT p.post_id, c.campaign_id, 3 AS step, c.start_date
    FROM posts p
    JOIN campaigns c ON len(c.hashtags) > 0
    WHERE p.caption IS NOT NULL
      AND list_has_any(
            c.hashtags,
            list_transform(regexp_extract_all(lower(p.caption), '#([[:alnum:]_]+)', 1), lambda x: x))
),
candidates AS (
    SELECT * FROM roster_match UNION ALL SELECT * FROM hashtag_match
),
best AS (
    SELECT post_id, arg_min(campaign_id, (step, -coalesce(epoch(start_date), 0), campaign_id)) AS campaign_id,
           min(step) AS step
    FROM candidates GROUP BY post_id
)
SELECT p.post_id,
       CASE WHEN o.post_id IS NOT NULL THEN o.campaign_id ELSE b.campaign_id END AS campaign_id,
       CASE WHEN o.post_id IS NOT NULL THEN 'override'
            WHEN b.step = 2 THEN 'roster_window'
            WHEN b.step = 3 THEN 'hashtag' END AS campaign_rule
FROM posts p
LEFT JOIN best b USING (post_id)
LEFT JOIN post_campaign_overrides o USING (post_id)
"""


def assign_campaigns(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute every post's campaign (cheap; keeps results consistent after any load)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _assign AS {ASSIGN_SQL}")
    con.execute(
        """UPDATE posts SET campaign_id = a.campaign_id, campaign_rule = a.campaign_rule
           FROM _assign a
           WHERE posts.post_id = a.post_id
             AND (posts.campaign_id IS DISTINCT FROM a.campaign_id OR posts.campaign_rule IS DISTINCT FROM a.campaign_rule)"""
    )
    n = con.execute("SELECT count(*) FROM _assign WHERE campaign_id IS NOT NULL").fetchone()[0]
    con.execute("DROP TABLE _assign")
    return n


def set_override(
    con: duckdb.DuckDBPyConnection, post_id: str, campaign_id: str | None, by: str, reason: str | None = None
) -> None:
    """A person says which campaign a post belongs to (None: none); it wins over the rules."""
    if not con.execute("SELECT 1 FROM posts WHERE post_id = ?", [post_id]).fetchone():
        raise ValueError(f"unknown post {post_id!r}")
    if (
        campaign_id is not None
        and not con.execute("SELECT 1 FROM campaigns WHERE campaign_id = ?", [campaign_id]).fetchone()
    ):
        raise ValueError(f"unknown campaign {campaign_id!r}")
    con.execute(
        "INSERT OR REPLACE INTO post_campaign_overrides VALUES (?, ?, ?, ?, ?)",
        [post_id, campaign_id, by, dt.datetime.now(), reason],
    )
    assign_campaigns(con)


def clear_override(con: duckdb.DuckDBPyConnection, post_id: str) -> None:
    con.execute("DELETE FROM post_campaign_overrides WHERE post_id = ?", [post_id])
    assign_campaigns(con)


def normalise_permalink_sql(expr: str) -> str:
    """Permalinks compare without scheme, www, tracking query string or trailing slash.

    The query string is kept where it *is* the identity of the post
    (`youtube.com/watch?v=…`, `facebook.com/permalink.php?story_fbid=…`): dropping it
    there would make every such link equal.
    """
    base = f"regexp_replace(lower(trim({expr})), '^https?://(www\\.|m\\.)?', '')"
    keeps_query = (
        f"regexp_matches({base}, '(watch|permalink\\.php|story\\.php|profile\\.php|attribution_link)\\?')"
    )
    return (
        f"rtrim(CASE WHEN {keeps_query} THEN regexp_replace({base}, '#.*$', '') "
        f"ELSE regexp_replace({base}, '[?#].*$', '') END, '/')"
    )


_IG_SHORTCODE = "instagram\\.com/(?:[^/?#]+/)?(?:p|reel|reels|tv)/([A-Za-z0-9_-]+)"


def relink_comments(con: duckdb.DuckDBPyConnection) -> int:
    """Attach comments whose post was unknown when they were loaded to posts that now exist.

    A comment names its post by platform post id, by Relais post id, by
    permalink or (Instagram) by shortcode; each is tried with an equality join (fast on large warehouses).
    Returns the number of comments still without a known post.
    """
    joins = [
        "c.post_ref = p.platform_post_id AND (c.platform IS NULL OR c.platform = p.platform)",
        "c.post_ref = p.post_id",
        f"{normalise_permalink_sql('c.post_ref')} = {normalise_permalink_sql('p.permalink')}",
        # Instagram: /p/CODE and /reel/CODE are the same post; compare the shortcodes
        f"p.platform = 'instagram' AND regexp_extract(c.post_ref, '{_IG_SHORTCODE}', 1) <> '' AND "
        f"regexp_extract(c.post_ref, '{_IG_SHORTCODE}', 1) = regexp_extract(p.permalink, '{_IG_SHORTCODE}', 1)",
    ]
    for cond in joins:
        con.execute(
            f"""UPDATE comments SET post_id = m.post_id
                FROM (SELECT c.comment_id, min(p.post_id) AS post_id
                      FROM comments c JOIN posts p ON {cond}
                      WHERE c.post_id IS NULL AND c.post_ref IS NOT NULL
                      GROUP BY c.comment_id) m
                WHERE comments.comment_id = m.comment_id"""
        )
    return con.execute("SELECT count(*) FROM comments WHERE post_id IS NULL").fetchone()[0]
