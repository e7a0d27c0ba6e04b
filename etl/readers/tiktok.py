"""TikTok Studio and TikTok Business exports.

* Content.csv (Studio): `Time` (export date), `Video title`, `Video link`,
  `Post time`, `Total likes/comments/shares/views`. Dates usually have no year
  (`"April 12"`, `"8 de marzo"`, `"12 avril"`): years are placed by the rule in
  `etl.parsing.year_rule` and the rule used is reported.
* The Business variant: `Video views`, `Add to Favorites`, `2025/10/31 18:19:10`.
* Account files: Overview, Viewers, FollowerHistory, FollowerActivity (by hour),
  FollowerGender, FollowerTopTerritories, and the Business audience/overview
  files. They do not name the account: --account, else a `Followers_<handle>`
  folder, else the handle of a Content export in the same folder.
* The XLSX flavour (numbers stored as text) goes through the same code.
"""

from __future__ import annotations

import datetime as dt
import re

import duckdb

from etl.accounts import account_from_folder
from etl.base import LoadOptions, ReadResult, RefusedFile, create_stage, init_rejects, reject_where
from etl.parsing import (
    NULL_TOKENS,
    infer_datetime_format,
    is_yearless,
    latest_on_or_before,
    parse_month_day,
    q,
    sql_is_null,
    sql_num,
    sql_num_invalid,
    sql_text,
    year_rule,
)
from etl.source import Source, norm_header
from etl.tabular import find_table, match_header, stage_match

CONTENT_SPEC: dict[str, tuple[str, ...]] = {
    "export_time": ("Time",),
    "title": ("Video title", "Title"),
    "link": ("Video link", "Link"),
    "post_time": ("Post time", "Posted on", "Create time"),
    "likes": ("Total likes", "Likes"),
    "comments": ("Total comments", "Comments"),
    "shares": ("Total shares", "Shares"),
    "views": ("Total views", "Video views", "Views"),
    "saves": ("Add to Favorites", "Add to favorites", "Favorites", "Total favorites"),
    "reach": ("Reached audience",),
    "avg_watch": ("Average watch time", "Average time watched"),
    "watch_time": ("Total play time", "Total time watched"),
    "completion": ("Watched full video", "Full video watch rate"),
}
CONTENT_REQUIRED = ("link", "post_time")
CONTENT_METRICS = {
    "likes": "likes",
    "comments": "comments",
    "shares": "shares",
    "views": "views",
    "saves": "saves",
    "reach": "reach",
    "avg_watch": "avg_watch_time_sec",
    "watch_time": "watch_time_sec",
    "completion": "completion_rate",
}

SERIES_METRICS: dict[str, tuple[str, ...]] = {
    "video_views": ("Video Views", "Video views"),
    "profile_views": ("Profile Views", "Profile views"),
    "likes": ("Likes",),
    "comments": ("Comments",),
    "shares": ("Shares",),
    "viewers": ("Total Viewers", "Total viewers"),
    "new_viewers": ("New Viewers", "New viewers"),
    "returning_viewers": ("Returning Viewers", "Returning viewers"),
    "followers": ("Followers", "Total followers"),
    "followers_change": ("Difference in followers from previous day",),
    "new_followers": ("New followers",),
    "reached_audience": ("Reached audience",),
    "engaged_audience": ("Engaged audience",),
    "active_followers": ("Active followers",),
}
SERIES_KIND = {
    "viewers": "tiktok_viewers",
    "followers_change": "tiktok_follower_history",
    "active_followers": "tiktok_follower_activity",
    "new_followers": "tiktok_audience",
}
DISTRIBUTIONS = {
    "gender": ("follower_gender", "tiktok_follower_gender"),
    "top territories": ("follower_territory", "tiktok_follower_territories"),
    "territories": ("follower_territory", "tiktok_follower_territories"),
}

_LINK_RE = re.compile(r"tiktok\.com/@([^/?#\s]+)/(video|photo)/(\d+)")


def _is_tiktok_link_table(source: Source) -> bool:
    m = find_table(source, CONTENT_SPEC, CONTENT_REQUIRED)
    return m is not None


class DateResolver:
    """Turns a column of date strings into dates, year-less ones included."""

    def __init__(self, values: list[str], options: LoadOptions, export_md=None, last_value=None, what="Date"):
        vals = [v for v in values if v and v.strip().lower() not in NULL_TOKENS]
        self.note: str | None = None
        self.mapping: dict[str, dt.datetime | None] = {}
        self.fmt: str | None = None
        if vals and is_yearless(vals):
            last_md = parse_month_day(last_value) if last_value else None
            rule = year_rule(export_md, last_md, options.today, options.year, options.export_date)
            self.rule = rule
            self.note = rule.note(what)
            for v in vals:
                md = parse_month_day(v)
                d = latest_on_or_before(md[0], md[1], rule.reference) if md else None
                self.mapping[v] = dt.datetime(d.year, d.month, d.day) if d else None
        else:
            choice = infer_datetime_format(vals, prefer="mdy", what=what)
            self.fmt = choice.fmt
            self.note = choice.note
            for v in vals:
                self.mapping[v] = _strptime(v.strip(), choice.fmt)

    def table(self, con: duckdb.DuckDBPyConnection, name: str) -> str:
        con.execute(f"DROP TABLE IF EXISTS {name}")
        con.execute(f"CREATE TEMP TABLE {name} (raw VARCHAR, ts TIMESTAMP)")
        con.executemany(f"INSERT INTO {name} VALUES (?, ?)", [[k, v] for k, v in self.mapping.items()])
        return name


def _strptime(v: str, fmt: str | None) -> dt.datetime | None:
    if not fmt:
        return None
    try:
        d = dt.datetime.strptime(v, fmt)
        return d.replace(tzinfo=None) if d.tzinfo else d
    except ValueError:
        return None


class TikTokContentReader:
    kind = "tiktok_posts"
    platform = "tiktok"
    description = "TikTok Studio / Business content export (one row per video)"

    def detect(self, source: Source) -> float:
        m = find_table(source, CONTENT_SPEC, CONTENT_REQUIRED)
        if not m:
            return 0.0
        return 0.6 + 0.4 * m.score

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        m = find_table(source, CONTENT_SPEC, CONTENT_REQUIRED)
        if m is None:
            raise RefusedFile("not a TikTok content export")
        rows = stage_match(con, source, m, "stg")
        notes = list(source.notes)
        have = set(m.positions)
        init_rejects(con)

        export_md = None
        snapshot = options.export_date
        basis = "export date given" if snapshot else None
        if "export_time" in have:
            times = [
                r[0] for r in con.execute(f"SELECT DISTINCT {q('export_time')} FROM stg").fetchall() if r[0]
            ]
            if times:
                export_md = parse_month_day(times[0])
                if export_md is None:
                    full = infer_datetime_format(times, what="Time")
                    d = _strptime(times[0].strip(), full.fmt)
                    if d and not snapshot:
                        snapshot, basis = d.date(), "the export date in the Time column"
        posts_values = [r[0] for r in con.execute(f"SELECT DISTINCT {q('post_time')} FROM stg").fetchall()]
        resolver = DateResolver(posts_values, options, export_md=export_md, what="Post time")
        if resolver.note:
            notes.append(resolver.note)
        if export_md and not snapshot:
            rule = year_rule(export_md, None, options.today, options.year, options.export_date)
            snapshot, basis = rule.reference, "the export date in the Time column (" + rule.basis + ")"
        if not snapshot:
            snapshot, basis = options.today, "load date (the file states no export date; pass --export-date)"
        resolver.table(con, "_post_dates")

        link = q("link")
        reject_where(con, "stg", sql_is_null("link"), "Video link", "missing video link")
        reject_where(
            con,
            "stg",
            f"NOT regexp_matches({link}, 'tiktok\\.com/@[^/]+/(video|photo)/[0-9]+')",
            "Video link",
            "not a TikTok video link: ",
            link,
        )
        reject_where(
            con,
            "stg",
            f"NOT {sql_is_null('post_time')} AND {q('post_time')} NOT IN "
            "(SELECT raw FROM _post_dates WHERE ts IS NOT NULL)",
            "Post time",
            "not a date: ",
            q("post_time"),
        )
        for src in CONTENT_METRICS:
            if src in have:
                reject_where(
                    con, "stg", sql_num_invalid(src), m.header[m.positions[src]], "not a number: ", q(src)
                )

        def metric(src: str) -> str:
            target = CONTENT_METRICS[src]
            if src not in have:
                return f"NULL AS {target}"
            if src == "completion":
                return f"CASE WHEN {sql_num(src)} > 1 THEN {sql_num(src)} / 100 ELSE {sql_num(src)} END AS {target}"
            return f"{sql_num(src)} AS {target}"

        select = f"""
            SELECT s._row, 'tiktok' AS platform,
                   regexp_extract({link}, '/(video|photo)/([0-9]+)', 2) AS platform_post_id,
                   lower(regexp_extract({link}, 'tiktok\\.com/@([^/?#]+)', 1)) AS account_handle,
                   d.ts AS published_at,
                   CASE WHEN {link} LIKE '%/photo/%' THEN 'tiktok_photo' ELSE 'tiktok_video' END AS format,
                   {sql_text("title") if "title" in have else "NULL"} AS caption,
                   regexp_replace(trim({link}), '[?#].*$', '') AS permalink,
                   {", ".join(metric(s) for s in CONTENT_METRICS)}
            FROM stg s LEFT JOIN _post_dates d ON d.raw = s.{q("post_time")}
            WHERE s._row NOT IN (SELECT _row FROM _rejects)
        """
        create_stage(con, "posts", "stage_posts", select)
        return ReadResult(
            kind=self.kind,
            platform="tiktok",
            rows_read=rows,
            raw_table="stg",
            tables={"posts": "stage_posts"},
            snapshot_date=snapshot,
            snapshot_basis=basis,
            notes=notes,
        )


def _account_for(source: Source, options: LoadOptions) -> tuple[str, str | None]:
    if options.account:
        return options.account.lstrip("@").lower(), None
    from_folder = account_from_folder(source)
    if from_folder:
        return from_folder, f"account '{from_folder}' taken from the folder name"
    # a Content export next to it names the account through its video links
    folder = source.path.parent
    for sibling in sorted(list(folder.glob("*.csv")) + list(folder.parent.glob("*.csv")))[:50]:
        if sibling == source.path:
            continue
        try:
            head = sibling.read_bytes()[:20000].decode("utf-8", errors="ignore")
        except OSError:
            continue
        mt = _LINK_RE.search(head)
        if mt:
            return mt.group(
                1
            ).lower(), f"account '{mt.group(1)}' taken from {sibling.name} in the same folder"
    return "(unspecified)", "the file does not name its account: loaded as '(unspecified)'; pass --account"


class TikTokSeriesReader:
    kind = "tiktok_account_series"
    platform = "tiktok"
    description = "TikTok account series (Overview, Viewers, Followers…)"

    def _match(self, source: Source):
        spec = {"date": ("Date",), "hour": ("Hour",), **SERIES_METRICS}
        from etl.tabular import rows_of

        for sheet, rows in rows_of(source):
            m = match_header(rows, spec, ("date",))
            if m and len(m.positions) >= 2 and not any(norm_header(h) == "primary" for h in m.header):
                # every other column must be a known metric: a different export must not slip in
                known = {j for j in m.positions.values()}
                unknown = [h for j, h in enumerate(m.header) if j not in known and str(h).strip()]
                if unknown:
                    continue
                m.sheet = sheet
                return m
        return None

    def detect(self, source: Source) -> float:
        if _is_tiktok_link_table(source):
            return 0.0
        return 0.8 if self._match(source) else 0.0

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        m = self._match(source)
        if m is None:
            raise RefusedFile("not a TikTok account series")
        rows = stage_match(con, source, m, "stg")
        notes = list(source.notes)
        account, note = _account_for(source, options)
        if note:
            notes.append(note)
        init_rejects(con)
        metrics = [t for t in m.positions if t in SERIES_METRICS]
        kind = "tiktok_overview"
        for t in metrics:
            if t in SERIES_KIND:
                kind = SERIES_KIND[t]
        values = [r[0] for r in con.execute("SELECT DISTINCT date FROM stg").fetchall()]
        last = con.execute(
            "SELECT date FROM stg WHERE date IS NOT NULL ORDER BY _row DESC LIMIT 1"
        ).fetchone()
        resolver = DateResolver(values, options, last_value=last[0] if last else None)
        if resolver.note:
            notes.append(resolver.note)
        resolver.table(con, "_dates")
        reject_where(
            con,
            "stg",
            "date IS NULL OR date NOT IN (SELECT raw FROM _dates WHERE ts IS NOT NULL)",
            "Date",
            "not a date: ",
            q("date"),
        )
        hour = "hour" in m.positions
        if hour:
            reject_where(
                con,
                "stg",
                f"TRY_CAST(trim({q('hour')}) AS INTEGER) IS NULL",
                "Hour",
                "not an hour: ",
                q("hour"),
            )
        for t in metrics:
            reject_where(con, "stg", sql_num_invalid(t), m.header[m.positions[t]], "not a number: ", q(t))
        unions = " UNION ALL ".join(
            f"""SELECT s._row, 'tiktok' AS platform, ? AS account, '{t}' AS metric, CAST(d.ts AS DATE) AS date,
                       {"trim(s.hour)" if hour else "''"} AS dimension, {sql_num(t)} AS value
                FROM stg s JOIN _dates d ON d.raw = s.date
                WHERE s._row NOT IN (SELECT _row FROM _rejects)"""
            for t in metrics
        )
        create_stage(con, "account_metrics", "stage_account", unions, [account] * len(metrics))
        snapshot = options.export_date or getattr(getattr(resolver, "rule", None), "reference", None)
        return ReadResult(
            kind=kind,
            platform="tiktok",
            rows_read=rows,
            raw_table="stg",
            tables={"account_metrics": "stage_account"},
            snapshot_date=snapshot or options.today,
            snapshot_basis="the file's last date" if snapshot else "load date",
            notes=notes,
        )


class TikTokDistributionReader:
    """FollowerGender / FollowerTopTerritories: a share per category, no date."""

    kind = "tiktok_follower_distribution"
    platform = "tiktok"
    description = "TikTok follower distribution (gender, territories)"

    def _match(self, source: Source):
        spec = {"category": ("Gender", "Top territories", "Territories"), "share": ("Distribution",)}
        m = find_table(source, spec, ("category", "share"))
        if m and len([h for h in m.header if str(h).strip()]) == 2:
            return m
        return None

    def detect(self, source: Source) -> float:
        return 0.8 if self._match(source) else 0.0

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        m = self._match(source)
        if m is None:
            raise RefusedFile("not a TikTok follower distribution")
        rows = stage_match(con, source, m, "stg")
        notes = list(source.notes)
        account, note = _account_for(source, options)
        if note:
            notes.append(note)
        metric, kind = DISTRIBUTIONS[norm_header(m.header[m.positions["category"]])]
        init_rejects(con)
        reject_where(con, "stg", sql_is_null("category"), m.header[0], "missing category")
        reject_where(con, "stg", sql_num_invalid("share"), "Distribution", "not a number: ", q("share"))
        snapshot = options.export_date or options.today
        basis = (
            "export date given"
            if options.export_date
            else "load date (distributions carry no date; pass --export-date)"
        )
        create_stage(
            con,
            "account_metrics",
            "stage_account",
            f"""SELECT _row, 'tiktok' AS platform, ? AS account, ? AS metric, CAST(? AS DATE) AS date,
                       trim(category) AS dimension,
                       CASE WHEN {sql_num("share")} > 1 THEN {sql_num("share")} / 100 ELSE {sql_num("share")} END AS value
                FROM stg WHERE _row NOT IN (SELECT _row FROM _rejects)""",
            [account, metric, snapshot],
        )
        return ReadResult(
            kind=kind,
            platform="tiktok",
            rows_read=rows,
            raw_table="stg",
            tables={"account_metrics": "stage_account"},
            snapshot_date=snapshot,
            snapshot_basis=basis,
            notes=notes,
        )


READERS = [TikTokContentReader(), TikTokSeriesReader(), TikTokDistributionReader()]
