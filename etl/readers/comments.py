"""Comment exports: the Relais generic layout and the layouts of common export tools.

The Relais generic comments layout (documented in the README) is a CSV or XLSX with
exactly these columns, in any order::

    platform,post_permalink,post_id,comment_id,parent_id,author,published_at,text,likes

* `platform`: instagram, facebook, tiktok, linkedin, youtube or x (twitter, ig, fb,
  yt, tt, li are accepted). Empty: taken from the post permalink's domain, else
  `--platform`.
* `post_permalink` / `post_id`: the commented post; either may be empty. YouTube,
  X and TikTok links are reduced to the video/status id, so `youtu.be/ID`,
  `watch?v=ID&t=5s`, `x.com/...` and `twitter.com/...` all find the same post.
* `comment_id`, `parent_id` (the comment replied to, for replies).
* `author`: the commenter's handle. It is pseudonymised by the loader (an HMAC);
  the handle itself is never stored, not even in the quarantine.
* `published_at`: ISO 8601 (`2026-03-01T08:15:00Z`, offsets converted to UTC),
  `2026-03-01 08:15`, dd/mm/yyyy or mm/dd/yyyy (decided per file and reported),
  or Unix seconds.
* `text`, `likes` (`1.2K` as written by scrapers is accepted).

Header aliases make the exports of common tools load without editing: `post_url`,
`permalink`, `video_id`, `media_id`; `comment`, `message`, `textDisplay`, `texte`;
`username`, `screen_name`, `Name`; `Profile URL`; `date`, `created_time`,
`timestamp`, `publishedAt`; `like_count`, `votes`, `nbre_like`... (see `SPEC`).
When a file names its author only by a profile URL, the handle (or numeric id)
in the URL is the author; a handle column wins over a URL, which wins over a
display name (display names are not unique).

A file that does not say which post it is about (e.g. `Name, Profile URL, Date,
Likes, Comment`) takes the post from `relais load --post URL`, else from a video
id, status id or permalink found in the file *name* (reported), else the
comments are kept with an unknown post and linked later if a post names them;
they are never dropped. Platform: a platform column, the domain of the post or
profile URL, `--platform`, then the layout (e.g. `screen_name` means X).

The module also holds the date and number helpers the X and YouTube readers share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from domain import PLATFORMS
from etl.base import LoadOptions, ReadResult, RefusedFile, create_stage, init_rejects, reject_where
from etl.parsing import (
    number_decimal,
    q,
    sql_is_null,
    sql_num,
    sql_sci_id,
)
from etl.snapshot import export_date_from_name
from etl.source import Source, hnorm
from etl.tabular import HeaderMatch, rows_of, stage_match
from etl.timestamps import TimestampChoice, timestamp_sql

# --------------------------------------------------------------------------- shared helpers


def sql_count(col: str, decimal: str = ".") -> str:
    """A count that scrapers may abbreviate (`1.2K`, `3M`, `1,5 k`)."""
    c = q(col)
    v = f"upper(replace(trim({c}), ' ', ''))"
    mant = f"TRY_CAST(replace(regexp_extract({v}, '^([0-9]+([.,][0-9]+)?)[KM]$', 1), ',', '.') AS DOUBLE)"
    return (
        f"(CASE WHEN {sql_is_null(col)} THEN NULL "
        f"WHEN regexp_full_match({v}, '[0-9]+([.,][0-9]+)?K') THEN round({mant} * 1000) "
        f"WHEN regexp_full_match({v}, '[0-9]+([.,][0-9]+)?M') THEN round({mant} * 1000000) "
        f"ELSE {sql_num(col, decimal)} END)"
    )


# --------------------------------------------------------------------------- URL helpers

_YT_ID = r"[A-Za-z0-9_-]{11}"
_IG_CODE = r"instagram\.com/(?:[^/?#]+/)?(?:p|reel|reels|tv)/([A-Za-z0-9_-]+)"
_URL_RULES = (
    # (platform, domain regex, id regex, how the id is written); no id regex: the URL is kept
    (
        "youtube",
        r"(youtube\.com|youtu\.be)",
        r"(?:[?&]v=|youtu\.be/|/shorts/|/live/|/embed/)(" + _YT_ID + ")",
        "{}",
    ),
    ("x", r"(^|[/.])(twitter\.com|x\.com)", r"/status(?:es)?/([0-9]+)", "{}"),
    ("tiktok", r"tiktok\.com", r"/(?:video|photo)/([0-9]+)", "{}"),
    ("instagram", r"instagram\.com", _IG_CODE, "https://www.instagram.com/p/{}/"),
    ("facebook", r"(facebook\.com|fb\.com|fb\.watch)", r"[?&](?:story_fbid|fbid)=([0-9]+)", "{}"),
    ("linkedin", r"linkedin\.com", None, "{}"),
)


def canonical_post_ref(ref: str | None) -> tuple[str | None, str | None]:
    """(post reference as Relais matches it, platform the URL names).

    YouTube, X and TikTok URLs become the video/status id, so the same post is
    found whatever form of its URL a tool wrote (`youtu.be/ID`, `x.com` vs
    `twitter.com`, `watch?v=ID&t=5s`); Facebook `permalink.php?story_fbid=ID`
    becomes the id (its query string is its identity); Instagram `/reel/CODE`
    and `/p/CODE` are written `/p/CODE/` (relinking compares shortcodes). Other
    URLs are kept whole; relinking compares them without scheme, `www.` or query.
    """
    if ref is None or not ref.strip():
        return None, None
    r = ref.strip()
    low = r.lower()
    for platform, dom, idre, template in _URL_RULES:
        if re.search(dom, low):
            if idre:
                m = re.search(idre, r)
                if m:
                    return template.format(m.group(1)), platform
            return r, platform
    return r, None


def _sql_platform_of_url(expr: str) -> str:
    whens = " ".join(
        f"WHEN regexp_matches(lower({expr}), '{dom}') THEN '{platform}'"
        for platform, dom, _i, _t in _URL_RULES
    )
    return f"(CASE {whens} ELSE NULL END)"


def _sql_canonical_ref(expr: str) -> str:
    parts = []
    for _platform, dom, idre, template in _URL_RULES:
        if idre:
            ext = f"regexp_extract({expr}, '{idre}', 1)"
            pre, post = template.split("{}")
            val = " || ".join(x for x in (f"'{pre}'" if pre else "", ext, f"'{post}'" if post else "") if x)
            parts.append(f"WHEN regexp_matches(lower({expr}), '{dom}') AND {ext} <> '' THEN {val}")
    return f"(CASE {' '.join(parts)} ELSE {expr} END)"


def _sql_handle_of_profile(col: str) -> str:
    """The handle (or numeric id) in a profile URL; a value without '/' is taken as a handle."""
    expr = q(col)
    path = f"regexp_replace(regexp_replace(lower(trim({expr})), '^(https?://)?([a-z0-9-]+\\.)*[a-z0-9-]+\\.[a-z]+/', ''), '[#].*$', '')"
    pid = f"regexp_extract({path}, 'profile\\.php\\?id=([0-9]+)', 1)"
    seg = f"regexp_extract(regexp_replace({path}, '^(channel|user|c|in|company)/', ''), '^@?([^/?]+)', 1)"
    return (
        f"(CASE WHEN {sql_is_null(col)} THEN NULL "
        f"WHEN NOT contains(trim({expr}), '/') THEN ltrim(trim({expr}), '@') "
        f"WHEN {pid} <> '' THEN {pid} ELSE nullif({seg}, '') END)"
    )


# --------------------------------------------------------------------------- the layout


def _v(*names: str) -> tuple[str, ...]:
    """Aliases with `_`, space and nothing between words (`like_count`, `like count`, `likecount`)."""
    out: list[str] = []
    for n in names:
        for variant in (n, n.replace("_", " "), n.replace(" ", "_"), n.replace("_", "").replace(" ", "")):
            h = hnorm(variant)
            if h not in out:
                out.append(h)
    return tuple(out)


# target -> aliases in order of preference (the first alias present wins)
SPEC: dict[str, tuple[str, ...]] = {
    "platform": _v("platform", "network", "social_network", "plateforme", "réseau"),
    "post_permalink": _v(
        "post_permalink", "post_url", "permalink", "post_link", "video_url", "media_permalink",
        "tweet_url", "publication_url", "lien_publication", "url_publication",
    ),
    "post_id": _v(
        "post_id", "video_id", "videoId", "media_id", "aweme_id", "in_reply_to_status_id",
        "publication_id", "id_publication",
    ),
    "comment_id": _v("comment_id", "commentId", "cid", "id", "id_str", "tweet_id", "comment id"),
    "parent_id": _v(
        "parent_id", "parentId", "parent.id", "parent_comment_id", "in_reply_to_comment_id", "reply_to", "parent",
    ),
    "author": _v(
        "author", "username", "screen_name", "user_screen_name", "screenName", "handle", "user",
        "owner_username", "user_name", "commenter", "auteur", "utilisateur", "pseudo", "from.username",
    ),
    "author_name": _v(
        "author_name", "authorDisplayName", "name", "display_name", "from.name", "from_name", "nom", "full_name",
    ),
    "profile_url": _v(
        "profile_url", "author_url", "authorChannelUrl", "author_channel_url", "profile_link", "user_url",
        "author_profile", "profile",
    ),
    "published_at": _v(
        "published_at", "publishedAt", "created_time", "created_at", "timestamp", "time_parsed", "date",
        "comment_date", "posted_at", "datetime", "create_time", "time", "heure", "date_publication",
    ),
    "text": _v(
        "text", "comment", "textOriginal", "textDisplay", "message", "body", "comment_text", "full_text",
        "texte", "commentaire", "comments", "tweet",
    ),
    "likes": _v(
        "likes", "like_count", "likeCount", "votes", "favorite_count", "digg_count", "nbre_like", "nb_likes",
        "likes_count", "reactions",
    ),
}  # fmt: skip
GENERIC_HEADER = (
    "platform", "post_permalink", "post_id", "comment_id", "parent_id", "author", "published_at", "text", "likes",
)  # fmt: skip
IDENTITY = ("author", "author_name", "profile_url")  # never quoted in the quarantine, never stored raw
# headers that mean a per-post metrics export, not comments
_POST_METRIC_HEADERS = {
    hnorm(h)
    for h in ("impressions", "reach", "views", "shares", "saves", "engagements", "plays", "video views",
              "watch time (hours)", "post type", "reposts", "bookmarks", "total views", "total likes")
}  # fmt: skip

# layout -> platform, from columns only one tool writes (lowest priority evidence)
_LAYOUT_PLATFORM = (
    ("x", {"screen name", "screen_name", "screenname", "user_screen_name", "favorite_count", "in_reply_to_status_id",
           "full_text", "nbre_retweet", "retweet_count"}),
    ("tiktok", {"aweme_id", "digg_count", "create_time"}),
    ("youtube", {"videoid", "video_id", "video id", "textdisplay", "textoriginal", "authorchannelurl", "votes",
                 "heart", "reply count"}),
    ("facebook", {"from.name", "from_name", "created_time"}),
)  # fmt: skip


@dataclass
class _Layout:
    header_index: int
    sheet: str | None
    header: list[str]
    cols: dict[str, int]  # target -> column position
    score: float
    platform_hint: str | None
    generic: bool


def _is_numberish(v: str) -> bool:
    return bool(re.fullmatch(r"[-+]?[\d\s.,]+[kKmM%]?", v.strip()))


def _find_layout(source: Source) -> _Layout | None:
    best: _Layout | None = None
    for sheet, rows in rows_of(source):
        for i, row in enumerate(rows[:10]):
            cells = [hnorm(c) for c in row]
            if sum(1 for c in cells if c) < 2:
                continue
            cols: dict[str, int] = {}
            for target, aliases in SPEC.items():
                for alias in aliases:
                    if alias in cells and cells.index(alias) not in cols.values():
                        cols[target] = cells.index(alias)
                        break
            if "text" not in cols:
                continue
            others = {
                "author",
                "author_name",
                "profile_url",
                "published_at",
                "comment_id",
                "post_permalink",
                "post_id",
            }
            if not (others & set(cols)):
                continue
            if len(_POST_METRIC_HEADERS & set(cells)) >= 2:
                continue
            # the text column must hold text: `Comments` is a count in post exports
            sample = [r[cols["text"]] for r in rows[i + 1 : i + 31] if len(r) > cols["text"]]
            sample = [str(v) for v in sample if v is not None and str(v).strip()]
            if sample and sum(_is_numberish(v) for v in sample) > len(sample) / 2:
                continue
            generic = all(hnorm(h) in cells for h in GENERIC_HEADER)
            score = 0.95 if generic else min(0.4 + 0.05 * len(cols), 0.75)
            hint = None
            cellset = set(cells)
            for platform, marks in _LAYOUT_PLATFORM:
                if marks & cellset:
                    hint = platform
                    break
            if hint is None and {"username", "timestamp", "text"} <= cellset:
                hint = "instagram"  # Instagram Graph API comment fields
            if best is None or score > best.score:
                best = _Layout(
                    i, sheet, [str(c) if c is not None else "" for c in row], cols, score, hint, generic
                )
        if best:
            break
    return best


def _data_platform(con: duckdb.DuckDBPyConnection, have: set[str]) -> str | None:
    """The platform most URLs of the file point to (profile or post links)."""
    for col in ("post_permalink", "profile_url"):
        if col in have:
            row = con.execute(
                f"SELECT p FROM (SELECT {_sql_platform_of_url(q(col))} AS p FROM stg) WHERE p IS NOT NULL "
                "GROUP BY p ORDER BY count(*) DESC LIMIT 1"
            ).fetchone()
            if row:
                return row[0]
    return None


def _id_tokens(stem: str) -> list[str]:
    """Candidate ids in a file name. Ids may contain `_` and `-`, so the 11 characters
    ending the name (after a separator) come first, then the `_`-separated words."""
    out: list[str] = []
    for word in re.split(r"[\s.()\[\]]+", stem):
        if len(word) > 11 and word[-12] in "_- " and re.fullmatch(r"[A-Za-z0-9_-]{11}", word[-11:]):
            out.append(word[-11:])
        out += [t for t in re.split(r"_", word) if re.fullmatch(r"[A-Za-z0-9-]+", t)]
    return out


def _ref_from_name(name: str, platform: str | None) -> tuple[str | None, str | None]:
    """A post named by the file name: a URL (mangled by the browser), or a bare id of a known platform."""
    base = name.rsplit("/", 1)[-1]
    stem = re.sub(r"\.[A-Za-z0-9]{2,4}$", "", base)
    m = re.search(r"(?:v=|youtu\.be[/_]|shorts[/_])(" + _YT_ID + r")(?![A-Za-z0-9_-])", stem)
    if m:
        return m.group(1), "youtube"
    m = re.search(r"status(?:es)?[/_](\d{8,20})", stem)
    if m:
        return m.group(1), "x"
    m = re.search(r"(?:video|photo)[/_](\d{15,20})", stem)
    if m and "tiktok" in stem.lower():
        return m.group(1), "tiktok"
    m = re.search(r"instagram\.com[/_]+(?:p|reel|reels|tv)[/_]([A-Za-z0-9_-]{5,})", stem)
    if m:
        return f"https://www.instagram.com/p/{m.group(1)}/", "instagram"
    tokens = _id_tokens(stem)
    if platform == "instagram":
        # a shortcode (11 characters today): mixed case or digits
        for t in tokens:
            if len(t) == 11 and re.search(r"[A-Z0-9]", t) and re.search(r"[a-z]", t):
                return f"https://www.instagram.com/p/{t}/", "instagram"
    if platform == "youtube":
        for t in tokens:
            if len(t) == 11 and re.search(r"\d", t) and re.search(r"[A-Za-z]", t):
                return t, "youtube"
    if platform in ("x", "tiktok"):
        for t in tokens:
            if re.fullmatch(r"\d{15,20}", t):
                return t, platform
    return None, None


class CommentsReader:
    kind = "comments"
    platform = None
    description = "comment export (Relais generic layout or a comment-export tool)"

    def detect(self, source: Source) -> float:
        lay = _find_layout(source)
        return lay.score if lay else 0.0

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        lay = _find_layout(source)
        if lay is None:
            raise RefusedFile("no comment text column next to an author, date, comment id or post column")
        names = [f"c{j}" for j in range(len(lay.header))]
        for target, j in lay.cols.items():
            names[j] = target
        match = HeaderMatch(lay.header_index, dict(lay.cols), names, lay.header, sheet=lay.sheet)
        rows = stage_match(con, source, match, "stg")
        notes = list(source.notes)
        init_rejects(con)
        have = set(lay.cols)
        hdr = {t: lay.header[j] for t, j in lay.cols.items()}
        notes += _layout_notes(lay, have, hdr)

        # What the quarantine may quote: never the author columns nor unknown ones.
        quoted = [t for t in SPEC if t in have and t not in IDENTITY]
        con.execute(
            "CREATE OR REPLACE TEMP TABLE stg_quote AS SELECT _row"
            + "".join(f", {q(t)}" for t in quoted)
            + " FROM stg"
        )
        platform_expr, opt_platform, fallback = _platform_expr(con, lay, have, hdr, options, notes)
        ref_expr, default_ref, fallback = _post_ref_expr(
            con, source, have, options, opt_platform, fallback, notes
        )
        ts, decimal = _reject_bad_values(con, have, hdr, notes)
        author_expr = _author_expr(have)

        select = f"""
            SELECT _row, {platform_expr} AS platform,
                   {f"nullif(trim({q('comment_id')}), '')" if "comment_id" in have else "NULL"} AS comment_id,
                   {ref_expr} AS post_ref,
                   {f"nullif(trim({q('parent_id')}), '')" if "parent_id" in have else "NULL"} AS parent_id,
                   {author_expr} AS author,
                   {ts.expr} AS published_at,
                   nullif(trim({q("text")}), '') AS text,
                   {sql_count("likes", decimal) if "likes" in have else "NULL"} AS likes
            FROM stg WHERE _row NOT IN (SELECT _row FROM _rejects)
        """
        create_stage(con, "comments", "stage_comments", select, [fallback, default_ref])
        notes += _unknowns_notes(con, author_expr)
        snap, basis = export_date_from_name(source.name, options)
        return ReadResult(
            kind=self.kind,
            platform=fallback,
            rows_read=rows,
            raw_table="stg_quote",
            tables={"comments": "stage_comments"},
            snapshot_date=snap,
            snapshot_basis=basis,
            notes=notes,
        )


# --------------------------------------------------------------------------- the steps of read()


def _layout_notes(lay: _Layout, have: set[str], hdr: dict[str, str]) -> list[str]:
    """How the columns were understood, and which were not used."""
    notes = []
    if not lay.generic:
        notes.append(
            "comment layout read by header names: "
            + ", ".join(f"{hdr[t]!r} -> {t}" for t in SPEC if t in have and t not in IDENTITY)
            + (" (author columns pseudonymised)" if have & set(IDENTITY) else "")
        )
    ignored = [h for j, h in enumerate(lay.header) if j not in lay.cols.values() and str(h).strip()]
    if ignored:
        notes.append("columns not used: " + ", ".join(repr(h) for h in ignored))
    return notes


def _platform_expr(
    con: duckdb.DuckDBPyConnection,
    lay: _Layout,
    have: set[str],
    hdr: dict[str, str],
    options: LoadOptions,
    notes: list[str],
) -> tuple[str, str | None, str | None]:
    """The platform, per row: column > URL domain > --platform > layout. Returns the SQL (its
    `?` is the file's fallback platform), the --platform given and the fallback."""
    aliases = PLATFORMS.alias_map()  # codes and the spellings exports use (domain.platforms)
    opt_platform = aliases.get((options.platform or "").strip().lower()) if options.platform else None
    if options.platform and not opt_platform:
        notes.append(f"--platform {options.platform!r} is not a platform Relais knows: ignored")
    platform_sources = []
    if "platform" in have:
        cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in aliases.items())
        pcol = f"lower(trim({q('platform')}))"
        reject_where(
            con,
            "stg",
            f"NOT {sql_is_null('platform')} AND {pcol} NOT IN ({', '.join(repr(k) for k in aliases)})",
            hdr["platform"],
            f"not a platform Relais knows ({', '.join(PLATFORMS)}): ",
            q("platform"),
        )
        platform_sources.append(f"(CASE {pcol} {cases} ELSE NULL END)")
    if "post_permalink" in have:
        platform_sources.append(_sql_platform_of_url(q("post_permalink")))
    if "profile_url" in have:
        platform_sources.append(_sql_platform_of_url(q("profile_url")))
    fallback = opt_platform or lay.platform_hint
    platform_expr = f"coalesce({', '.join(platform_sources + ['?'])})"
    if not opt_platform and lay.platform_hint:
        notes.append(f"platform '{lay.platform_hint}' inferred from the columns of the export tool")
    return platform_expr, opt_platform, fallback


def _post_ref_expr(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    have: set[str],
    options: LoadOptions,
    opt_platform: str | None,
    fallback: str | None,
    notes: list[str],
) -> tuple[str, str | None, str | None]:
    """The post of each comment: its id or URL column, else --post, else the file name. Returns
    the SQL (its `?` is the default post), the default post and the (possibly updated) fallback
    platform."""
    post_opt, post_opt_platform = canonical_post_ref(options.post_ref)
    name_ref = None
    if not ({"post_permalink", "post_id"} & have) and not post_opt:
        name_ref, name_platform = _ref_from_name(
            source.name, opt_platform or _data_platform(con, have) or fallback
        )
        if name_ref:
            notes.append(f"the file does not name its post: post {name_ref!r} taken from the file name")
            fallback = fallback or name_platform
    if post_opt and not fallback:
        fallback = post_opt_platform
    ref_parts = []
    if "post_id" in have:
        ref_parts.append(f"nullif(trim({q('post_id')}), '')")
    if "post_permalink" in have:
        pl = f"nullif(trim({q('post_permalink')}), '')"
        ref_parts.append(_sql_canonical_ref(pl))
    ref_expr = f"coalesce({', '.join(ref_parts + ['?'])})"
    return ref_expr, post_opt or name_ref, fallback


def _reject_bad_values(
    con: duckdb.DuckDBPyConnection, have: set[str], hdr: dict[str, str], notes: list[str]
) -> tuple[TimestampChoice, str]:
    """Quarantine mangled ids, empty comments, unreadable dates and counts; returns how dates
    and counts are read."""
    if "comment_id" in have:
        reject_where(
            con,
            "stg",
            sql_sci_id("comment_id"),
            hdr["comment_id"],
            "comment id was turned into scientific notation by a spreadsheet (digits lost): ",
            q("comment_id"),
        )
    if "post_id" in have:
        reject_where(
            con,
            "stg",
            sql_sci_id("post_id"),
            hdr["post_id"],
            "post id was turned into scientific notation by a spreadsheet (digits lost): ",
            q("post_id"),
        )
    text_null = f"nullif(trim({q('text')}), '') IS NULL"
    id_null = sql_is_null("comment_id") if "comment_id" in have else "TRUE"
    reject_where(
        con, "stg", f"{text_null} AND {id_null}", hdr["text"], "empty comment: no text and no comment id"
    )
    ts = TimestampChoice("CAST(NULL AS TIMESTAMP)", None, None)
    if "published_at" in have:
        ts = timestamp_sql(con, "stg", "published_at", hdr["published_at"])
        if ts.note:
            notes.append(ts.note)
        reject_where(
            con,
            "stg",
            f"NOT {sql_is_null('published_at')} AND {ts.expr} IS NULL",
            hdr["published_at"],
            "not a date: ",
            q("published_at"),
        )
    decimal = "."
    if "likes" in have:
        decimal = number_decimal(
            [r[0] for r in con.execute(f"SELECT {q('likes')} FROM stg LIMIT 2000").fetchall()]
        )
        reject_where(
            con,
            "stg",
            f"NOT {sql_is_null('likes')} AND {sql_count('likes', decimal)} IS NULL",
            hdr["likes"],
            "not a number: ",
            q("likes"),
        )
    return ts, decimal


def _author_expr(have: set[str]) -> str:
    """The author: a handle column, else the handle in the profile URL, else the display name."""
    author_parts = []
    if "author" in have:
        author_parts.append(f"nullif(ltrim(trim({q('author')}), '@'), '')")
    if "profile_url" in have:
        author_parts.append(_sql_handle_of_profile("profile_url"))
    if "author_name" in have:
        author_parts.append(f"nullif(trim({q('author_name')}), '')")
    return f"coalesce({', '.join(author_parts)})" if author_parts else "NULL"


def _unknowns_notes(con: duckdb.DuckDBPyConnection, author_expr: str) -> list[str]:
    """What the staged comments do not say (platform, post, author), with what to pass."""
    notes = []
    unknown_platform, unknown_post = con.execute(
        "SELECT count(*) FILTER (WHERE platform IS NULL), count(*) FILTER (WHERE post_ref IS NULL) "
        "FROM stage_comments"
    ).fetchone()
    if unknown_platform:
        notes.append(
            f"{unknown_platform} comment(s) do not say their platform (no platform column or URL): "
            "pass --platform"
        )
    if unknown_post:
        notes.append(
            f"{unknown_post} comment(s) do not name their post: kept with an unknown post; "
            "pass --post URL to attach them"
        )
    if author_expr == "NULL":
        notes.append("no author column: comments are stored without an author")
    return notes


READERS = [CommentsReader()]
