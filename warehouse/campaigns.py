"""Which campaign a post belongs to.

Rule (documented in the README), in order:
1. a per-post override set by a person (`relais assign POST_ID CAMPAIGN_ID`),
   which may also say "no campaign";
2. the author is on the campaign's roster and the post was published inside the
   campaign window (start_date..end_date, inclusive; an open end means ongoing);
3. the caption carries one of the campaign's hashtags.
When several campaigns match at the same step, the one whose window started
last wins (the most specific, usually the current one), then the campaign id.
Rules 2 and 3 never apply to the client's own pages (`owned_pages`, roster
profile_type brand_page): a campaign's figures are its influencers' figures, and
an owned page is on a roster only to say whose page it is and which campaigns it
is compared with (warehouse.owned). Its posts belong to no campaign unless a
person assigns one (rule 1).

Both derived steps here are incremental, because they run after every file of a
load: a post's campaign depends only on the post, the campaigns, the roster and
the overrides, so while those three are unchanged (same digest) only posts
written since the last run are assigned; a comment is linked to a post by the
two alone, so only new comments are matched against every post, and comments
still unlinked only against the posts written since. The watermarks (highest
file id seen) and the digest are kept in `warehouse_settings`, in the step's own
transaction. Posts with no file id (written by hand) are always reassigned.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from warehouse.hashtags import hashtags_sql

# {scope}: the posts to (re)assign, a condition on posts p (never a user value)
# {caption_hashtags}: warehouse.hashtags' one extraction rule (any script, accents kept)
ASSIGN_SQL = """
WITH scoped AS (
    SELECT * FROM posts p WHERE {scope}
),
auto AS (  -- the posts the derived rules may assign: not an owned page's
    SELECT * FROM scoped WHERE influencer_id IS NULL
        OR influencer_id NOT IN (SELECT influencer_id FROM owned_pages)
),
roster_match AS (
    SELECT p.post_id, c.campaign_id, 2 AS step, c.start_date
    FROM auto p
    JOIN roster r ON r.influencer_id = p.influencer_id
    JOIN campaigns c ON c.campaign_id = r.campaign_id
    WHERE p.published_at IS NOT NULL
      AND (c.start_date IS NULL OR CAST(p.published_at AS DATE) >= c.start_date)
      AND (c.end_date IS NULL OR CAST(p.published_at AS DATE) <= c.end_date)
),
-- a caption carries one of the campaign's hashtags: the caption's tags are extracted once
-- and joined on equality (same pairs as list_has_any(c.hashtags, tags), one regex per post)
post_tags AS (
    SELECT post_id, unnest({caption_hashtags}) AS tag
    FROM auto WHERE caption IS NOT NULL
),
campaign_tags AS (
    SELECT campaign_id, start_date, nfc_normalize(lower(ltrim(unnest(hashtags), '#'))) AS tag
    FROM campaigns WHERE len(hashtags) > 0
),
hashtag_match AS (
    SELECT DISTINCT t.post_id, c.campaign_id, 3 AS step, c.start_date
    FROM post_tags t JOIN campaign_tags c ON c.tag = t.tag
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
FROM scoped p
LEFT JOIN best b USING (post_id)
LEFT JOIN post_campaign_overrides o USING (post_id)
"""

_INPUTS_SQL = """
SELECT md5(concat_ws('|',
    (SELECT string_agg(concat_ws(',', campaign_id, start_date, end_date, CAST(hashtags AS VARCHAR)), ';'
                       ORDER BY campaign_id) FROM campaigns),
    (SELECT string_agg(campaign_id || ',' || influencer_id, ';' ORDER BY campaign_id, influencer_id) FROM roster),
    (SELECT string_agg(post_id || ',' || coalesce(campaign_id, '-'), ';' ORDER BY post_id)
       FROM post_campaign_overrides),
    (SELECT string_agg(influencer_id, ';' ORDER BY influencer_id) FROM owned_pages)))
"""


def _assign_sql(scope: str) -> str:
    return ASSIGN_SQL.replace("{scope}", scope).replace("{caption_hashtags}", hashtags_sql("caption"))


def _setting(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    row = con.execute("SELECT value FROM warehouse_settings WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def _set_setting(con: duckdb.DuckDBPyConnection, name: str, value: object) -> None:
    con.execute(
        "INSERT OR REPLACE INTO warehouse_settings (name, value, updated_at) VALUES (?, ?, current_timestamp)",
        [name, str(value)],
    )


def _posts_watermark(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT coalesce(max(updated_file_id), 0) FROM posts").fetchone()[0])


def _assign(con: duckdb.DuckDBPyConnection, scope: str, params: list | None = None) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE _assign AS {_assign_sql(scope)}", params or [])
    con.execute(
        """UPDATE posts SET campaign_id = a.campaign_id, campaign_rule = a.campaign_rule
           FROM _assign a
           WHERE posts.post_id = a.post_id
             AND (posts.campaign_id IS DISTINCT FROM a.campaign_id OR posts.campaign_rule IS DISTINCT FROM a.campaign_rule)"""
    )
    con.execute("DROP TABLE _assign")


def assign_campaigns(con: duckdb.DuckDBPyConnection, full: bool = False) -> int:
    """Bring every post's campaign up to date; returns the number of posts with a campaign.

    Only posts written since the last run are assigned while campaigns, roster and overrides
    are unchanged (see the module docstring); `full=True` reassigns every post.
    """
    inputs = con.execute(_INPUTS_SQL).fetchone()[0]
    watermark = _posts_watermark(con)
    done = _setting(con, "campaigns.through_file")
    if full or done is None or _setting(con, "campaigns.inputs") != inputs:
        _assign(con, "TRUE")
    else:
        _assign(con, "p.updated_file_id IS NULL OR p.updated_file_id > ?", [int(done)])
    _set_setting(con, "campaigns.inputs", inputs)
    _set_setting(con, "campaigns.through_file", watermark)
    return con.execute("SELECT count(*) FROM posts WHERE campaign_id IS NOT NULL").fetchone()[0]


def _after_override(con: duckdb.DuckDBPyConnection, post_id: str, digest_before: str | None) -> None:
    """One override changed: reassign that post only, unless other inputs changed meanwhile."""
    if digest_before is not None and _setting(con, "campaigns.inputs") == digest_before:
        _assign(con, "p.post_id = ?", [post_id])
        _set_setting(con, "campaigns.inputs", con.execute(_INPUTS_SQL).fetchone()[0])
    else:
        assign_campaigns(con)


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
    before = con.execute(_INPUTS_SQL).fetchone()[0]
    con.execute(
        "INSERT OR REPLACE INTO post_campaign_overrides VALUES (?, ?, ?, ?, ?)",
        [post_id, campaign_id, by, dt.datetime.now(), reason],
    )
    _after_override(con, post_id, before)


def clear_override(con: duckdb.DuckDBPyConnection, post_id: str) -> None:
    before = con.execute(_INPUTS_SQL).fetchone()[0]
    con.execute("DELETE FROM post_campaign_overrides WHERE post_id = ?", [post_id])
    _after_override(con, post_id, before)


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


def relink_comments(con: duckdb.DuckDBPyConnection, full: bool = False) -> int:
    """Attach comments whose post was unknown when they were loaded to posts that now exist.

    A comment names its post by platform post id, by Relais post id, by
    permalink or (Instagram) by shortcode; each is tried with an equality join (fast on large warehouses).
    Incremental (module docstring): comments loaded since the last run are matched against every
    post, comments still unlinked only against the posts written since; `full=True` matches all.
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
    posts_w = _posts_watermark(con)
    comments_w = int(con.execute("SELECT coalesce(max(file_id), 0) FROM comments").fetchone()[0])
    done_p, done_c = (
        _setting(con, "comment_links.posts_through"),
        _setting(con, "comment_links.comments_through"),
    )
    new_posts = "(p.updated_file_id IS NULL OR p.updated_file_id > ?)"
    if full or done_p is None or done_c is None:
        scopes: list[tuple[str, str, list]] = [("TRUE", "TRUE", [])]
    else:
        scopes = [
            ("c.file_id > ?", "TRUE", [int(done_c)]),
            ("c.file_id <= ?", new_posts, [int(done_c), int(done_p)]),
        ]
    for c_scope, p_scope, params in scopes:
        waiting = con.execute(
            f"SELECT count(*) FROM comments c WHERE c.post_id IS NULL AND c.post_ref IS NOT NULL AND {c_scope}",
            params[:1],
        ).fetchone()[0]
        if not waiting or (
            p_scope != "TRUE"
            and not con.execute(f"SELECT count(*) FROM posts p WHERE {p_scope}", params[1:]).fetchone()[0]
        ):
            continue
        for cond in joins:
            con.execute(
                f"""UPDATE comments SET post_id = m.post_id
                    FROM (SELECT c.comment_id, min(p.post_id) AS post_id
                          FROM comments c JOIN posts p ON {cond}
                          WHERE c.post_id IS NULL AND c.post_ref IS NOT NULL AND {c_scope} AND {p_scope}
                          GROUP BY c.comment_id) m
                    WHERE comments.comment_id = m.comment_id""",
                params,
            )
    _set_setting(con, "comment_links.posts_through", posts_w)
    _set_setting(con, "comment_links.comments_through", comments_w)
    return con.execute("SELECT count(*) FROM comments WHERE post_id IS NULL").fetchone()[0]
