"""X (Twitter) analytics exports.

* Legacy analytics.twitter.com "By Tweet" export,
  `tweet_activity_metrics_<user>_<start>_<end>_<lang>.csv`: 40 quoted columns,
  counts written as floats (`"1938.0"`), `"-"` in the promoted columns, tweet text
  spanning several lines, times `2016-12-23 18:50 +0000` (stored in UTC). French
  headers (`Identifiant du Tweet`, `Permalien du Tweet`, `heure`, `réponses`,
  `J'aime`...) load the same way.
* Its "By day" variant (`Date, Tweets published, impressions, ...`): one row per
  day, stored in account_metrics.
* The current X Premium "Content" export (`Post id, Date, Post text, Post Link,
  Impressions, Likes, Engagements, Bookmarks, Shares, New follows, Replies,
  Reposts, Profile visits, ...`), dates like `"Sat, Aug 22, 2026"` (no time of day).

Mapping to post metrics: replies -> comments; retweets/reposts -> shares (the
content export's `Shares`, shares by DM or link, are added to the reposts:
both put the post in front of new people); bookmarks -> saves; likes; follows /
new follows -> follows; user profile clicks / profile visits -> profile_visits;
url clicks -> clicks (hashtag, permalink and detail-expand clicks are not link
clicks and are not added). Engagements is X's own total over all of these and
is not stored per post (the split is). Promoted columns are ignored: Relais
keeps organic figures only.

Format: always x_post. The legacy export's media views/engagements count images,
GIFs and videos alike, so they cannot tell a video from a photo, and Relais does
not guess.

Account: the user in the permalink (`twitter.com/<user>/status/<id>` or x.com),
else --account, else the user in the file name (`tweet_activity_metrics_<user>_…`,
reported, since the content does not name it).
"""

from __future__ import annotations

import datetime as dt
import re

import duckdb

from etl.base import LoadOptions, ReadResult, RefusedFile, create_stage, init_rejects, reject_where
from etl.parsing import number_decimal, q, sql_is_null, sql_num, sql_sci_id
from etl.snapshot import export_date_from_name
from etl.source import Source, hnorm
from etl.tabular import HeaderMatch, rows_of, stage_match
from etl.timestamps import timestamp_sql


def _a(*names: str) -> tuple[str, ...]:
    out: list[str] = []
    for n in names:
        h = hnorm(n)
        if h not in out:
            out.append(h)
    return tuple(out)


# Columns shared by the two legacy exports (By Tweet and By day), English then French.
LEGACY_METRICS: dict[str, tuple[str, ...]] = {
    "impressions": _a("impressions"),
    "engagements": _a("engagements"),
    "engagement_rate": _a("engagement rate", "taux d'engagement"),
    "retweets": _a("retweets"),
    "replies": _a("replies", "réponses"),
    "likes": _a("likes", "J'aime", "j’aime"),
    "profile_clicks": _a("user profile clicks", "clics sur le profil de l'utilisateur", "clics sur le profil",
                         "clics sur le profil utilisateur"),
    "url_clicks": _a("url clicks", "clics sur l'URL", "clics sur les URL", "clics sur le lien"),
    "hashtag_clicks": _a("hashtag clicks", "clics sur le hashtag", "clics sur les hashtags"),
    "detail_expands": _a("detail expands", "ouvertures des détails", "affichages des détails"),
    "permalink_clicks": _a("permalink clicks", "clics sur le permalien", "clics sur le lien permanent"),
    "app_opens": _a("app opens", "ouvertures de l'application"),
    "app_installs": _a("app installs", "installations de l'application", "installations d'application"),
    "follows": _a("follows", "abonnements"),
    "email_tweet": _a("email tweet", "envoyer le Tweet par e-mail", "Tweet envoyé par e-mail"),
    "dial_phone": _a("dial phone", "composer le numéro", "appels téléphoniques"),
    "media_views": _a("media views", "vues du média", "vues des médias", "affichages du média"),
    "media_engagements": _a("media engagements", "engagements avec le média", "engagements sur le média"),
}  # fmt: skip
TWEET_SPEC: dict[str, tuple[str, ...]] = {
    "tweet_id": _a("Tweet id", "Identifiant du Tweet", "ID du Tweet"),
    "permalink": _a("Tweet permalink", "Permalien du Tweet"),
    "text": _a("Tweet text", "Texte du Tweet"),
    "time": _a("time", "heure"),
    **LEGACY_METRICS,
}
DAY_SPEC: dict[str, tuple[str, ...]] = {
    "date": _a("Date"),
    "tweets_published": _a("Tweets published", "Tweets publiés"),
    **LEGACY_METRICS,
}
CONTENT_SPEC: dict[str, tuple[str, ...]] = {
    "post_id": _a("Post id", "Post ID"),
    "date": _a("Date"),
    "text": _a("Post text"),
    "link": _a("Post Link", "Post URL"),
    "impressions": _a("Impressions"),
    "likes": _a("Likes"),
    "engagements": _a("Engagements"),
    "bookmarks": _a("Bookmarks"),
    "shares": _a("Shares"),
    "new_follows": _a("New follows"),
    "replies": _a("Replies"),
    "reposts": _a("Reposts"),
    "profile_visits": _a("Profile visits"),
    "detail_expands": _a("Detail Expands"),
    "url_clicks": _a("URL Clicks"),
    "hashtag_clicks": _a("Hashtag Clicks"),
    "permalink_clicks": _a("Permalink Clicks"),
}

# post metric -> source columns summed (NULL only when none of them is in the file or filled)
LEGACY_POST_METRICS = {
    "impressions": ("impressions",),
    "likes": ("likes",),
    "comments": ("replies",),
    "shares": ("retweets",),
    "follows": ("follows",),
    "profile_visits": ("profile_clicks",),
    "clicks": ("url_clicks",),
}
CONTENT_POST_METRICS = {
    "impressions": ("impressions",),
    "likes": ("likes",),
    "comments": ("replies",),
    "shares": ("reposts", "shares"),
    "saves": ("bookmarks",),
    "follows": ("new_follows",),
    "profile_visits": ("profile_visits",),
    "clicks": ("url_clicks",),
}
# By-day export: column -> account metric name (engagement rate is derived: not stored)
DAY_METRICS = {
    "tweets_published": "posts_published",
    "impressions": "impressions",
    "engagements": "engagements",
    "retweets": "shares",
    "replies": "comments",
    "likes": "likes",
    "profile_clicks": "profile_visits",
    "url_clicks": "clicks",
    "hashtag_clicks": "hashtag_clicks",
    "detail_expands": "detail_expands",
    "permalink_clicks": "permalink_clicks",
    "app_opens": "app_opens",
    "app_installs": "app_installs",
    "follows": "follows",
    "email_tweet": "email_tweet",
    "dial_phone": "dial_phone",
    "media_views": "media_views",
    "media_engagements": "media_engagements",
}

_USER_IN_LINK = r"(?:twitter|x)\.com/([A-Za-z0-9_]+)/status"
_NAME_USER = re.compile(r"(?:daily_)?tweet_activity_metrics_(.+?)_\d{8}_\d{8}", re.I)
_NAME_PERIOD = re.compile(r"(\d{4}-\d{2}-\d{2})(?:_|-to-|_to_)(\d{4}-\d{2}-\d{2})")


def _match(source: Source, spec: dict[str, tuple[str, ...]], required: tuple[str, ...]) -> HeaderMatch | None:
    """Header matching with apostrophes normalised (French `J’aime`)."""
    best: HeaderMatch | None = None
    for sheet, rows in rows_of(source):
        for i, row in enumerate(rows[:10]):
            cells = [hnorm(c) for c in row]
            pos: dict[str, int] = {}
            for target, aliases in spec.items():
                for j, cell in enumerate(cells):
                    if cell in aliases and j not in pos.values():
                        pos[target] = j
                        break
            if not all(r in pos for r in required):
                continue
            score = len(pos) / len(spec)
            if best is None or score > best.score:
                names = [f"c{j}" for j in range(len(row))]
                for t, j in pos.items():
                    names[j] = t
                best = HeaderMatch(
                    i, pos, names, [str(c) if c is not None else "" for c in row], sheet, score
                )
    return best


def _user_from_name(name: str) -> str | None:
    m = _NAME_USER.search(name.rsplit("/", 1)[-1])
    return m.group(1) if m else None


def _metric_rejects(con, m: HeaderMatch, cols, decimal: str) -> None:
    for c in cols:
        if c in m.positions:
            reject_where(
                con, "stg", f"NOT {sql_is_null(c)} AND {sql_num(c, decimal)} IS NULL",
                m.header[m.positions[c]], "not a number: ", q(c),
            )  # fmt: skip


def _sum_sql(cols: tuple[str, ...], have: set[str], decimal: str) -> str:
    present = [c for c in cols if c in have]
    if not present:
        return "NULL"
    if len(present) == 1:
        return sql_num(present[0], decimal)
    nums = [sql_num(c, decimal) for c in present]
    return f"(CASE WHEN {' AND '.join(f'{n} IS NULL' for n in nums)} THEN NULL ELSE {' + '.join(f'coalesce({n}, 0)' for n in nums)} END)"


def _decimal(con, m: HeaderMatch, cols) -> str:
    vals: list[str | None] = []
    for c in cols:
        if c in m.positions:
            vals += [r[0] for r in con.execute(f"SELECT {q(c)} FROM stg LIMIT 200").fetchall()]
    return number_decimal(vals)


class _PostsBase:
    platform = "x"

    def _stage_posts(
        self,
        con: duckdb.DuckDBPyConnection,
        source: Source,
        options: LoadOptions,
        m: HeaderMatch,
        id_col: str,
        link_col: str | None,
        text_col: str | None,
        time_col: str,
        metric_map: dict[str, tuple[str, ...]],
        notes: list[str],
    ) -> None:
        have = set(m.positions)
        hdr = {t: m.header[j] for t, j in m.positions.items()}
        init_rejects(con)
        reject_where(con, "stg", sql_is_null(id_col), hdr[id_col], "missing post id")
        reject_where(
            con, "stg", sql_sci_id(id_col), hdr[id_col],
            "post id was turned into scientific notation by a spreadsheet (digits lost): ", q(id_col),
        )  # fmt: skip
        reject_where(
            con, "stg", f"NOT regexp_full_match(trim({q(id_col)}), '[0-9]+')", hdr[id_col],
            "not an X post id: ", q(id_col),
        )  # fmt: skip
        ts = timestamp_sql(con, "stg", time_col, hdr[time_col])
        if ts.note:
            notes.append(ts.note)
        if ts.fmt and "%H" not in ts.fmt and ts.fmt not in ("epoch", "names"):
            notes.append(f"'{hdr[time_col]}' has no time of day: published_at is midnight")
        reject_where(
            con, "stg", f"NOT {sql_is_null(time_col)} AND {ts.expr} IS NULL", hdr[time_col],
            "not a date: ", q(time_col),
        )  # fmt: skip
        used = sorted({c for cols in metric_map.values() for c in cols})
        decimal = _decimal(con, m, used)
        _metric_rejects(con, m, used, decimal)

        link = f"trim({q(link_col)})" if link_col and link_col in have else "NULL"
        user_in_link = (
            f"nullif(regexp_extract({link}, '{_USER_IN_LINK}', 1), '')" if link != "NULL" else "NULL"
        )
        fallback = None
        if options.account:
            fallback = options.account.strip().lstrip("@")
        else:
            fallback = _user_from_name(source.name)
            if fallback:
                missing = con.execute(
                    f"SELECT count(*) FROM stg WHERE {user_in_link} IS NULL AND _row NOT IN (SELECT _row FROM _rejects)"
                ).fetchone()[0]
                if missing:
                    notes.append(f"account '{fallback}' taken from the file name for {missing} post(s)")
        metrics = ", ".join(
            f"{_sum_sql(cols, have, decimal)} AS {target}" for target, cols in metric_map.items()
        )
        permalink = (
            f"coalesce(nullif({link}, ''), 'https://x.com/' || coalesce({user_in_link}, ?, 'i/web') || "
            f"'/status/' || trim({q(id_col)}))"
        )
        select = f"""
            SELECT _row, 'x' AS platform, trim({q(id_col)}) AS platform_post_id,
                   lower(coalesce({user_in_link}, ?)) AS account_handle,
                   {ts.expr} AS published_at, 'x_post' AS format,
                   {f"nullif(trim({q(text_col)}), '')" if text_col and text_col in have else "NULL"} AS caption,
                   {permalink} AS permalink, {metrics}
            FROM stg WHERE _row NOT IN (SELECT _row FROM _rejects)
        """
        create_stage(con, "posts", "stage_posts", select, [fallback, fallback])
        unknown = con.execute("SELECT count(*) FROM stage_posts WHERE account_handle IS NULL").fetchone()[0]
        if unknown:
            notes.append(f"{unknown} post(s) without an account (no permalink, no --account): pass --account")


class XTweetActivityReader(_PostsBase):
    kind = "x_tweet_activity"
    description = "X/Twitter analytics export by Tweet (tweet_activity_metrics)"

    def detect(self, source: Source) -> float:
        m = _match(source, TWEET_SPEC, ("tweet_id", "time"))
        return 0.8 + 0.2 * m.score if m else 0.0

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        m = _match(source, TWEET_SPEC, ("tweet_id", "time"))
        if m is None:
            raise RefusedFile("not an X By Tweet export")
        rows = stage_match(con, source, m, "stg")
        notes = list(source.notes)
        promoted = [h for h in m.header if hnorm(h).startswith(("promoted", "sponsoris"))]
        if promoted:
            notes.append(f"{len(promoted)} promoted columns ignored: organic figures only")
        notes.append(
            "engagements, engagement rate, media views and hashtag/permalink/detail clicks are not post "
            "metrics in Relais: not stored"
        )
        self._stage_posts(
            con, source, options, m, "tweet_id", "permalink", "text", "time", LEGACY_POST_METRICS, notes
        )
        snap, basis = export_date_from_name(source.name, options)
        return ReadResult(
            kind=self.kind, platform="x", rows_read=rows, raw_table="stg", tables={"posts": "stage_posts"},
            snapshot_date=snap, snapshot_basis=basis, notes=notes,
        )  # fmt: skip


class XContentReader(_PostsBase):
    kind = "x_content"
    description = "X analytics Content export (Post id, Date, Post text, Post Link…)"

    def detect(self, source: Source) -> float:
        m = _match(source, CONTENT_SPEC, ("post_id", "date"))
        if not m or not ({"link", "text"} & set(m.positions)):
            return 0.0
        return 0.7 + 0.3 * m.score

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        m = _match(source, CONTENT_SPEC, ("post_id", "date"))
        if m is None:
            raise RefusedFile("not an X content export")
        rows = stage_match(con, source, m, "stg")
        notes = list(source.notes)
        if {"reposts", "shares"} <= set(m.positions):
            notes.append("shares = Reposts + Shares (shares by DM or link)")
        self._stage_posts(
            con, source, options, m, "post_id", "link", "text", "date", CONTENT_POST_METRICS, notes
        )
        snap, basis = _snapshot(source, options)
        return ReadResult(
            kind=self.kind, platform="x", rows_read=rows, raw_table="stg", tables={"posts": "stage_posts"},
            snapshot_date=snap, snapshot_basis=basis, notes=notes,
        )  # fmt: skip


def _snapshot(source: Source, options: LoadOptions) -> tuple[dt.date, str]:
    """The content export's names (`account_analytics_content_<start>_<end>`, or renamed
    `<user>-<start>-to-<end>`) end with the period; else the shared rule."""
    if not options.export_date:
        m = _NAME_PERIOD.search(source.name.rsplit("/", 1)[-1])
        if m:
            try:
                return dt.date.fromisoformat(m.group(2)), "end of the period in the file name"
            except ValueError:
                pass
    return export_date_from_name(source.name, options)


class XDailyReader:
    kind = "x_daily_activity"
    platform = "x"
    description = "X/Twitter analytics export by day (daily_tweet_activity_metrics)"

    def detect(self, source: Source) -> float:
        m = _match(source, DAY_SPEC, ("date", "tweets_published"))
        return 0.8 + 0.2 * m.score if m else 0.0

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        m = _match(source, DAY_SPEC, ("date", "tweets_published"))
        if m is None:
            raise RefusedFile("not an X By day export")
        rows = stage_match(con, source, m, "stg")
        notes = list(source.notes)
        init_rejects(con)
        if options.account:
            account = options.account.strip().lstrip("@").lower()
        else:
            user = _user_from_name(source.name)
            if user:
                account = user.lower()
                notes.append(f"account '{user}' taken from the file name (the file does not name it)")
            else:
                account = "(unspecified)"
                notes.append("the file does not name its account: loaded as '(unspecified)'; pass --account")
        promoted = [h for h in m.header if hnorm(h).startswith(("promoted", "sponsoris"))]
        if promoted:
            notes.append(f"{len(promoted)} promoted columns ignored: organic figures only")
        ts = timestamp_sql(con, "stg", "date", m.header[m.positions["date"]], prefer="mdy")
        if ts.note:
            notes.append(ts.note)
        reject_where(
            con, "stg", f"{ts.expr} IS NULL", m.header[m.positions["date"]], "not a date: ", q("date")
        )
        cols = [c for c in DAY_METRICS if c in m.positions]
        decimal = _decimal(con, m, cols)
        _metric_rejects(con, m, cols, decimal)
        parts = [
            f"""SELECT _row, 'x' AS platform, CAST(? AS VARCHAR) AS account, CAST(? AS VARCHAR) AS metric,
                       CAST({ts.expr} AS DATE) AS date, '' AS dimension, {sql_num(c, decimal)} AS value
                FROM stg WHERE _row NOT IN (SELECT _row FROM _rejects)"""
            for c in cols
        ]
        params: list = []
        for c in cols:
            params += [account, DAY_METRICS[c]]
        create_stage(con, "account_metrics", "stage_account", " UNION ALL ".join(parts), params)
        snap, basis = export_date_from_name(source.name, options)
        return ReadResult(
            kind=self.kind, platform="x", rows_read=rows, raw_table="stg",
            tables={"account_metrics": "stage_account"}, snapshot_date=snap, snapshot_basis=basis, notes=notes,
        )  # fmt: skip


READERS = [XTweetActivityReader(), XContentReader(), XDailyReader()]
