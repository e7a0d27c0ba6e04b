"""Facebook Page exports from Meta Business Suite.

* Post export (`"Post ID","Page ID","Page name",Title,…`): one row per post,
  about 330 columns of which many vary between files (retention curves,
  per-country and per-audience columns, the "Negative feedback from users: Hide"
  drift). Known columns are matched by name in any order; the rest are ignored.
  `Publish time` is `MM/DD/YYYY HH:MM`, checked per file against dd/mm.
* Video export (`"Video asset ID","Universal video ID",…`, 212 columns): one row
  per video, often re-saved by Excel with whole lines wrapped in quotes (the
  Source unwraps them). Its id is the video asset id, not the post id, so a
  video present in both exports is two posts in the warehouse (nothing in the
  files links them).
* Stacked-block exports: `Audience.csv` (age & gender, top cities, top
  countries, top Pages, a daily Follows series…) and `Top content formats.csv`
  (views / interactions / published content per format), each block a title
  line then its own header. They are `;`-delimited Excel re-saves in practice.

Decisions (the numbers must stay comparable across platforms):

* Account: the page's handle as the rest of the warehouse knows it: the
  roster influencer whose display name is the `Page name`, else the page's
  name in its own permalinks (`facebook.com/<name>/posts/…`), else the Page ID
  (stable, unique, present on every row). The Page name is the display name.
* `Reactions` (all reaction types) is Facebook's likes-equivalent: it is stored
  in `reactions` AND in `likes`, so engagement = likes + comments + shares
  means the same thing on every platform.
* Views: the `Views` column when the export has it, else `3-second video views`
  (the video export's view count). Unique viewers: `Viewers`, else
  `3-second viewers`. `Total clicks` -> clicks.
* Caption: Meta puts the post text in `Title` for some post types and in
  `Description` for others; `caption` keeps both (joined by a blank line when
  they differ) so hashtag and disclosure checks see all the text. `title` is
  `Title`.
* `Duration (sec)` of 0 on a photo, link, text or album is "not a video", not a
  zero-second video: NULL.
* Boosted: `Funded content status` non-empty (and not a "not funded" wording),
  or `Reach from Boosted posts` above 0. Without either column: NULL (unknown).
* Video export without a post type column: every row is `fb_video` (the file
  does not say which are reels) and a note says so.
* Audience shares are stored as fractions (0-1): Meta writes percentages. The
  dimension is `age=25-34|gender=F`, `city=…`, `country=…`, `page=…`. Values
  that a spreadsheet turned into dates (a Bulgarian Excel wrote 3.6 as
  `3.юни`) cannot be trusted: their row is rejected with that reason.
"""

from __future__ import annotations

import datetime as dt
import re

import duckdb

from etl.accounts import account_from_folder
from etl.base import (
    REJECT_COLUMNS,
    VALUE_COLUMNS,
    LoadOptions,
    ReadResult,
    RefusedFile,
    RejectRules,
    create_stage,
    init_rejects,
    typed_table,
)
from etl.meta import insight_metric
from etl.parsing import (
    NULL_TOKENS,
    detect_decimal,
    infer_datetime_format,
    q,
    sql_is_null,
    sql_num,
    sql_num_invalid,
    sql_sci_id,
    sql_text,
    sql_ts,
)
from etl.snapshot import export_date_from_name
from etl.source import Source, norm_header, stage_rows
from etl.tabular import find_table, stage_match

# --------------------------------------------------------------------------- post / video exports

_COMMON_SPEC: dict[str, tuple[str, ...]] = {
    "page_id": ("Page ID",),
    "page_name": ("Page name",),
    "title": ("Title",),
    "description": ("Description",),
    "duration": ("Duration (sec)",),
    "publish_time": ("Publish time",),
    "permalink": ("Permalink",),
    "post_type": ("Post type",),
    "funded": ("Funded content status",),
    "boosted_reach": ("Reach from Boosted posts",),
    "period": ("Date",),
    "views": ("Views",),
    "views_3s": ("3-second video views",),
    "viewers": ("Viewers",),
    "viewers_3s": ("3-second viewers",),
    "impressions": ("Impressions",),
    "reach": ("Reach",),
    "reactions": ("Reactions",),
    "comments": ("Comments",),
    "shares": ("Shares",),
    "clicks": ("Total clicks",),
    "follows": ("Follows",),
    "watch_time": ("Seconds viewed",),
    "avg_watch": ("Average Seconds viewed",),
}
POST_SPEC = {"post_id": ("Post ID",), **_COMMON_SPEC}
VIDEO_SPEC = {
    "post_id": ("Video asset ID",),
    "universal_id": ("Universal video ID",),
    **_COMMON_SPEC,
    "post_type": ("Post type", "Video type", "Content type"),
}
# source column -> numeric columns checked as numbers (a bad value rejects the row)
NUMERIC = (
    "duration", "views", "views_3s", "viewers", "viewers_3s", "impressions", "reach", "reactions",
    "comments", "shares", "clicks", "follows", "watch_time", "avg_watch", "boosted_reach",
)  # fmt: skip

POST_TYPES = {
    "photos": "fb_photo",
    "photo": "fb_photo",
    "videos": "fb_video",
    "video": "fb_video",
    "reels": "fb_reel",
    "reel": "fb_reel",
    "links": "fb_link",
    "link": "fb_link",
    "text": "fb_text",
    "status": "fb_text",
    "text/status": "fb_text",
    "albums": "fb_album",
    "album": "fb_album",
    "multi-photo": "fb_album",
    "live": "fb_live",
    "live video": "fb_live",
    "live videos": "fb_live",
}
_VIDEO_FORMATS = ("fb_video", "fb_reel", "fb_live")
_NOT_FUNDED = ("not funded", "not boosted", "no", "none", "organic", "0", "false")
_SUMMARY_IDS = ("total", "totals", "grand total")


def _decimal_for(values: list[str], delimiter: str) -> str:
    """Decimal mark of a file: a `;` re-save by a European Excel writes `14321,665`."""
    vals = [v.strip() for v in values if v and v.strip()]
    comma = sum(bool(re.fullmatch(r"-?\d+,\d+", v)) for v in vals)
    dot = sum(bool(re.fullmatch(r"-?\d+\.\d+", v)) for v in vals)
    if delimiter == ";" and comma and not dot:
        return ","
    return detect_decimal(vals)


class FacebookContentReader:
    """The post export and the video export share everything but their id column."""

    def __init__(self, kind: str, spec: dict[str, tuple[str, ...]], description: str) -> None:
        self.kind = kind
        self.platform = "facebook"
        self.description = description
        self.spec = spec

    def _match(self, source: Source):
        return find_table(source, self.spec, ("post_id", "page_id", "publish_time"))

    def detect(self, source: Source) -> float:
        m = self._match(source)
        return 0.7 + 0.3 * m.score if m else 0.0

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        m = self._match(source)
        if m is None:
            raise RefusedFile(f"not a {self.description}")
        rows = stage_match(con, source, m, "stg")
        notes = list(source.notes)
        have = set(m.positions)
        init_rejects(con)

        summary = con.execute(
            f"SELECT count(*) FROM stg WHERE lower(trim({q('post_id')})) IN {_SUMMARY_IDS}"
        ).fetchone()[0]
        if summary:
            con.execute(f"DELETE FROM stg WHERE lower(trim({q('post_id')})) IN {_SUMMARY_IDS}")
            rows -= summary
            notes.append(f"{summary} summary row(s) ('Total') are not posts: not counted")

        values = [r[0] for r in con.execute("SELECT DISTINCT publish_time FROM stg LIMIT 20000").fetchall()]
        choice = infer_datetime_format([v for v in values if v], prefer="mdy", what="Publish time")
        if choice.note:
            notes.append(choice.note)
        if choice.fmt is None and rows:
            raise RefusedFile(f"column 'Publish time': no date format recognised (e.g. {values[:1]})")
        ts = sql_ts("publish_time", choice.fmt or "%m/%d/%Y %H:%M")

        id_header = m.header[m.positions["post_id"]]
        checks = RejectRules("stg")  # one pass over the file, first failing check wins
        checks.add(sql_is_null("post_id"), id_header, f"missing {id_header}")
        checks.add(
            sql_sci_id("post_id"),
            id_header,
            f"{id_header} was turned into scientific notation by a spreadsheet (digits lost, cannot be recovered): ",
            q("post_id"),
        )
        checks.add(
            f"NOT regexp_matches(trim({q('post_id')}), '^[0-9]+(_[0-9]+)?$')",
            id_header,
            f"{id_header} is not a Facebook id: ",
            q("post_id"),
        )
        checks.add(sql_is_null("page_id"), "Page ID", "missing Page ID (the Page is the account)")
        checks.add(
            sql_sci_id("page_id"),
            "Page ID",
            "Page ID was turned into scientific notation by a spreadsheet (digits lost, cannot be recovered): ",
            q("page_id"),
        )
        checks.add(
            f"NOT {sql_is_null('publish_time')} AND {ts} IS NULL",
            "Publish time",
            f"not a date in the file's format {choice.fmt}: ",
            q("publish_time"),
        )
        numeric = [c for c in NUMERIC if c in have]
        sample: list[str] = []
        for c in ("avg_watch", "watch_time", "duration"):
            if c in have:
                sample += [r[0] for r in con.execute(f"SELECT {q(c)} FROM stg LIMIT 500").fetchall() if r[0]]
        delimiter = source.delimiter() if source.container == "csv" else ","
        decimal = _decimal_for(sample, delimiter)
        if decimal == ",":
            notes.append("numbers use a decimal comma (spreadsheet re-save)")
        for c in numeric:
            checks.add(sql_num_invalid(c, decimal), m.header[m.positions[c]], "not a number: ", q(c))

        checks.apply(con)

        if "post_type" in have:
            unknown = con.execute(
                f"SELECT DISTINCT trim({q('post_type')}) FROM stg WHERE NOT {sql_is_null('post_type')} "
                f"AND lower(trim({q('post_type')})) NOT IN ({', '.join(repr(k) for k in POST_TYPES)})"
            ).fetchall()
            if unknown:
                notes.append(
                    "post types not recognised, loaded with format 'unknown': "
                    + ", ".join(sorted(str(t[0]) for t in unknown))
                )
            cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in POST_TYPES.items())
            fmt = f"CASE lower(trim({q('post_type')})) {cases} ELSE 'unknown' END"
        elif self.kind == "facebook_videos":
            fmt = "'fb_video'"
            notes.append("the video export has no post type column: every video loaded as fb_video")
        else:
            fmt = "'unknown'"
            notes.append("no 'Post type' column: format 'unknown'")

        if "period" in have:
            periods = [
                r[0]
                for r in con.execute(
                    f"SELECT DISTINCT trim({q('period')}) FROM stg WHERE NOT {sql_is_null('period')}"
                ).fetchall()
            ]
            other = [p for p in periods if p.casefold() != "lifetime"]
            if other:
                notes.append(
                    f"figures cover the period in 'Date' ({', '.join(sorted(other)[:3])}), not lifetime"
                )

        def num(c: str) -> str:
            return sql_num(c, decimal) if c in have else "NULL"

        def pick(first: str, fallback: str) -> str:
            # a column-level choice: never mix two definitions within one file
            return num(first) if first in have else num(fallback)

        handles = _page_handles(con, "page_name" in have, "permalink" in have)
        if any(h != pid for pid, h in handles.items()):
            notes.append(
                "pages named by their handle (the roster's Page name, else the name in their permalinks); "
                "the others by their Page ID"
            )
        typed_table(
            con, "_pages", {"page_id": "VARCHAR", "handle": "VARCHAR"}, [[k, v] for k, v in handles.items()]
        )

        boosted_parts = []
        if "funded" in have:
            boosted_parts.append(
                f"CASE WHEN {sql_is_null('funded')} THEN FALSE "
                f"WHEN lower(trim({q('funded')})) IN {_NOT_FUNDED} THEN FALSE ELSE TRUE END"
            )
        if "boosted_reach" in have:
            boosted_parts.append(f"coalesce({num('boosted_reach')} > 0, FALSE)")
        boosted = " OR ".join(f"({p})" for p in boosted_parts) if boosted_parts else "NULL"
        title = sql_text("title") if "title" in have else "NULL"
        desc = sql_text("description") if "description" in have else "NULL"
        caption = (
            f"CASE WHEN {title} IS NULL THEN {desc} WHEN {desc} IS NULL OR {desc} = {title} THEN {title} "
            f"ELSE {title} || chr(10) || chr(10) || {desc} END"
        )
        select = f"""
            SELECT _row, 'facebook' AS platform,
                   trim({q("post_id")}) AS platform_post_id,
                   coalesce((SELECT handle FROM _pages WHERE page_id = trim(stg.{q("page_id")})),
                            trim({q("page_id")})) AS account_handle,
                   {sql_text("page_name") if "page_name" in have else "NULL"} AS account_name,
                   {ts} AS published_at,
                   {fmt} AS format,
                   {title} AS title,
                   {caption} AS caption,
                   {sql_text("permalink") if "permalink" in have else "NULL"} AS permalink,
                   {boosted} AS is_boosted,
                   {num("impressions")} AS impressions,
                   {num("reach")} AS reach,
                   {pick("views", "views_3s")} AS views,
                   {pick("viewers", "viewers_3s")} AS unique_viewers,
                   {num("reactions")} AS likes,
                   {num("reactions")} AS reactions,
                   {num("comments")} AS comments,
                   {num("shares")} AS shares,
                   {num("clicks")} AS clicks,
                   {num("follows")} AS follows,
                   {num("watch_time")} AS watch_time_sec,
                   {num("avg_watch")} AS avg_watch_time_sec,
                   CASE WHEN {num("duration")} = 0 AND ({fmt}) NOT IN {_VIDEO_FORMATS} THEN NULL
                        ELSE {num("duration")} END AS video_duration_sec
            FROM stg WHERE _row NOT IN (SELECT _row FROM _rejects)
        """
        create_stage(con, "posts", "stage_posts", select)
        snap, basis = export_date_from_name(source.name, options)
        return ReadResult(
            kind=self.kind,
            platform="facebook",
            rows_read=rows,
            raw_table="stg",
            tables={"posts": "stage_posts"},
            snapshot_date=snap,
            snapshot_basis=basis,
            notes=notes,
        )


_VANITY_SQL = (
    r"regexp_extract(trim(permalink), '(?i)facebook\.com/([A-Za-z0-9.\-]+)/(posts|videos|photos)/', 1)"
)


def _norm_name(s: str | None) -> str:
    return re.sub(r"\s+", " ", str(s or "")).strip().casefold()


def _page_handles(con: duckdb.DuckDBPyConnection, has_name: bool, has_link: bool) -> dict[str, str]:
    """Page ID -> the handle the rest of the warehouse knows the page by.

    The roster names Facebook pages by a handle and a display name, while the
    export names them by Page ID and Page name. In order: the roster influencer
    whose display name is the Page name (one match only); the page's name in
    its own permalinks (`facebook.com/<name>/posts/…`, the most frequent); else
    the Page ID. Load the roster first (`relais load` does) so it is known.
    """
    name_sql = "trim(page_name)" if has_name else "NULL"
    pages = con.execute(
        f"SELECT trim(page_id), any_value({name_sql}) FROM stg WHERE page_id IS NOT NULL "
        f"AND _row NOT IN (SELECT _row FROM _rejects) GROUP BY 1"
    ).fetchall()
    roster: dict[str, list[str]] = {}
    for handle, display in con.execute(
        "SELECT handle, display_name FROM influencers WHERE platform = 'facebook' AND display_name IS NOT NULL"
    ).fetchall():
        roster.setdefault(_norm_name(display), []).append(handle)
    vanity: dict[str, str] = {}
    if has_link:
        for pid, name in con.execute(
            f"SELECT trim(page_id), lower({_VANITY_SQL}) AS v FROM stg WHERE {_VANITY_SQL} <> '' "
            "AND _row NOT IN (SELECT _row FROM _rejects) GROUP BY ALL ORDER BY count(*) DESC, v"
        ).fetchall():
            vanity.setdefault(pid, name)
    out = {}
    for pid, name in pages:
        match = roster.get(_norm_name(name), []) if name else []
        if len(match) == 1:
            out[pid] = match[0]
        elif pid in vanity:
            out[pid] = vanity[pid]
    return out


# --------------------------------------------------------------------------- stacked blocks

AUDIENCE_BLOCKS: dict[str, str] = {
    # block title (normalised) -> dimension key
    "age & gender": "age_gender",
    "age and gender": "age_gender",
    "age": "age",
    "gender": "gender",
    "top towns/cities": "city",
    "top cities": "city",
    "top towns": "city",
    "top countries": "country",
    "top territories": "country",
    "top pages": "page",
}
CONTENT_FORMAT_BLOCKS: dict[str, str] = {
    "views": "content_format_views",
    "content interactions": "content_format_interactions",
    "interactions": "content_format_interactions",
    "published content": "content_format_published",
    "reach": "content_format_reach",
}
CONTENT_FORMAT_NAMES = {
    "reels", "multi-photo", "links", "photos", "others", "text", "stories", "videos", "live", "albums",
    "posts", "carousels", "reel", "photo", "video", "link",
}  # fmt: skip
_FB_ONLY_FORMATS = {"links", "link", "text", "multi-photo", "albums", "live"}
GENDERS = {"women": "F", "woman": "F", "female": "F", "f": "F", "men": "M", "man": "M", "male": "M", "m": "M"}

CORRUPTED_REASON = (
    "value corrupted into a date by a spreadsheet (a decimal such as 3.6 re-saved as '3.юни'): "
    "it cannot be trusted: "
)
_DATE_LIKE = re.compile(
    r"^\s*(\d{1,2}[.\-/ ]\s*[^\W\d_]{3,}\.?|[^\W\d_]{3,}\.?[.\-/ ]\s*\d{1,4})\s*$", re.UNICODE
)


def _display(cell: str | None, encoding: str | None) -> str | None:
    """Undo two spreadsheet mangles for display: CP1251 text read as cp1252 in a
    value that became a date, and UTF-16 text whose zero bytes were dropped."""
    if cell is None:
        return None
    s = cell
    if encoding == "cp1252" and _DATE_LIKE.match(s) and re.search(r"[\u00c0-\u00ff]", s):
        try:
            s = s.encode("cp1252").decode("cp1251")
        except UnicodeError:
            pass
    if len(re.findall(r"[\x00-\x7f]\x04", s)) >= 2:
        s = re.sub(r"([\x00-\x7f])\x04", lambda mt: chr(0x400 + ord(mt.group(1))), s)
    return s


def _py_num(v: str | None) -> float | None:
    """A number from a cell as written by Meta or a re-save (`1 234`, `3,6`, `74.3%`)."""
    if v is None:
        return None
    s = re.sub(r"[\s\u00a0\u202f%]", "", str(v))
    if s.casefold() in NULL_TOKENS:
        return None
    if re.fullmatch(r"-?[1-9]\d{0,2}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")  # 572,681: thousands
    elif re.fullmatch(r"-?\d+,\d+", s):
        s = s.replace(",", ".")  # 3,6: a decimal comma (European re-save)
    try:
        return float(s)
    except ValueError:
        return None


def _is_null(v: str | None) -> bool:
    return v is None or str(v).strip().casefold() in NULL_TOKENS


def _cells(row: list[str]) -> list[str]:
    return [str(c).strip() for c in row if c is not None and str(c).strip()]


def _blocks(rows: list[list[str]]) -> list[tuple[int, list[tuple[int, list[str]]]]]:
    """Split rows into blocks separated by blank rows: (index of title row, [(index, row), ...])."""
    out: list[tuple[int, list[tuple[int, list[str]]]]] = []
    cur: list[tuple[int, list[str]]] = []
    for i, r in enumerate(rows):
        if not _cells(r):
            if cur:
                out.append((cur[0][0], cur))
                cur = []
            continue
        cur.append((i, r))
    if cur:
        out.append((cur[0][0], cur))
    return out


def _title_of(row: list[str]) -> str | None:
    cells = _cells(row)
    return cells[0] if len(cells) == 1 and row and str(row[0] or "").strip() else None


def _preview(source: Source, n: int) -> list[list[str]]:
    """The first rows, a `sep=` line blanked (it is not a block title)."""
    rows = source.preview_rows(n) if source.container == "csv" else []
    return [[] if i == 0 and r and str(r[0]).lower().startswith("sep=") else r for i, r in enumerate(rows)]


def _all_rows(source: Source) -> list[list[str]]:
    """Every row, numbered as in the file (a `sep=` line is kept as an empty row)."""
    import csv
    import io

    text = source.text
    lines = text.split("\n")
    start = 0
    delim = source.delimiter()
    if lines and lines[0].strip().lower().startswith("sep="):
        delim = lines[0].strip()[4:5] or delim
        start = 1
    rows = list(csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=delim))
    return ([[]] if start else []) + rows


def _looks_like_audience(source: Source) -> bool:
    rows = _preview(source, 12)
    blocks = _blocks(rows)
    known = 0
    for _i, block in blocks:
        t = _title_of(block[0][1])
        if t and norm_header(t) in AUDIENCE_BLOCKS and len(block) >= 2:
            known += 1
    return known >= 1 and bool(blocks) and norm_header(_title_of(blocks[0][1][0][1]) or "") in AUDIENCE_BLOCKS


def _looks_like_content_formats(source: Source) -> bool:
    rows = _preview(source, 8)
    blocks = _blocks(rows)
    if not blocks:
        return False
    _i, first = blocks[0]
    t = _title_of(first[0][1])
    if not t or norm_header(t) not in CONTENT_FORMAT_BLOCKS or len(first) < 3:
        return False
    names = [norm_header(c) for c in _cells(first[1][1])]
    return bool(names) and sum(n in CONTENT_FORMAT_NAMES for n in names) >= max(2, len(names) - 1)


class _Record:
    """One source row: the values it yields, or why it was rejected."""

    def __init__(self, row: int) -> None:
        self.row = row
        self.values: list[
            tuple[str, dt.date | None, str, float | None]
        ] = []  # metric, date, dimension, value
        self.reject: tuple[str, str] | None = None  # column, reason


class _Cell:
    """A value of a distribution block, waiting for the file's date and scale."""

    def __init__(self, rec: _Record, block: int, metric: str, dimension: str, raw: str | None, column: str):
        self.rec, self.block, self.metric, self.dimension, self.raw, self.column = (
            rec, block, metric, dimension, raw, column,
        )  # fmt: skip


class MetaBlocksReader:
    """Audience.csv and Top content formats.csv: several titled blocks in one file.

    A record is a data row of a block: a day of a daily block, an age row of the
    age & gender table, the value row of a wide block (top cities…). Title and
    header rows are not records.
    """

    def __init__(self, kind: str, description: str, looks_like) -> None:
        self.kind = kind
        self.platform = None
        self.description = description
        self._looks_like = looks_like

    def detect(self, source: Source) -> float:
        if source.container != "csv":
            return 0.0
        return 0.92 if self._looks_like(source) else 0.0

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        if not self._looks_like(source):
            raise RefusedFile(f"not a {self.description}")
        rows = _all_rows(source)
        notes = list(source.notes)
        # the raw rows as people should read them: spreadsheet mangles undone
        shown = [[_display(c, source.encoding) for c in r] for r in rows]
        parsed = _Blocks()
        for b, (_t, block) in enumerate(_blocks(shown)):
            parsed.add(b, block, self.kind)

        days = _read_daily_series(parsed.series, notes)
        for c in parsed.cells:  # a corrupted or non-numeric value rejects its whole row (first one named)
            if c.rec.reject is None and not _is_null(c.raw) and _py_num(c.raw) is None:
                c.rec.reject = (c.column, _bad_value_reason(c.raw))
        day, basis = _snapshot_day(options, days, bool(parsed.cells), notes)
        _store_distributions(parsed.cells, day)
        notes += _quality_notes(parsed, repaired=any("\x04" in (c or "") for r in rows for c in r))

        platform, pnote = self._platform(options, parsed.titles, parsed.formats_seen)
        if pnote:
            notes.append(pnote)
        account = options.account or account_from_folder(source) or "(unspecified)"
        if account == "(unspecified)":
            notes.append("the file does not name its account: loaded as '(unspecified)'; pass --account")
        _stage_blocks(con, shown, parsed.records, platform, account)
        return ReadResult(
            kind=self.kind,
            platform=platform,
            rows_read=len(parsed.records),
            raw_table="stg",
            tables={"account_metrics": "stage_account"},
            snapshot_date=day,
            snapshot_basis=basis,
            notes=notes + [f"blocks: {', '.join(parsed.titles)}"],
        )

    def _platform(self, options: LoadOptions, titles: list[str], formats: set[str]) -> tuple[str, str | None]:
        if options.platform:
            return options.platform, None
        tn = " ".join(t.casefold() for t in titles)
        if "instagram" in tn:
            return "instagram", None
        if "facebook" in tn:
            return "facebook", None
        if "top pages" in tn:
            return "facebook", "platform taken as Facebook: the file has a 'Top Pages' block"
        if formats & _FB_ONLY_FORMATS:
            return (
                "facebook",
                "platform taken as Facebook: the content formats include Links/Text/Multi-photo",
            )
        return "meta", "the file does not say whether it is Instagram or Facebook: pass --platform"


class _Blocks:
    """What the titled blocks of a Meta audience / content-formats file hold: one record per data
    row, the values of distribution blocks (cells) and of daily series, block titles."""

    def __init__(self) -> None:
        self.records: list[_Record] = []
        self.cells: list[_Cell] = []
        self.series: list[
            tuple[_Record, str, str, str | None, str | None]
        ] = []  # rec, title, metric, date, value
        self.titles: list[str] = []
        self.formats_seen: set[str] = set()

    def record(self, i: int) -> _Record:
        rec = _Record(i + 1)
        self.records.append(rec)
        return rec

    def add(self, b: int, block: list[tuple[int, list[str]]], kind: str) -> None:
        """Read one block (its index `b`, its rows) into records, cells and series."""
        title = _title_of(block[0][1])
        if title is None:
            for i, r in block:
                self.record(i).reject = (
                    "",
                    "row outside a titled block (layout not recognised): " + ";".join(_cells(r)),
                )
            return
        self.titles.append(title)
        tnorm = norm_header(title)
        body = block[1:]
        if not body:
            return
        head = [str(c or "").strip() for c in body[0][1]]
        if [norm_header(c) for c in head[:2]] == ["date", "primary"]:
            metric = insight_metric(tnorm)
            for i, r in body[1:]:
                rec = self.record(i)
                self.series.append((rec, title, metric, r[0] if r else None, r[1] if len(r) > 1 else None))
            return
        if kind == "meta_content_formats":
            metric = CONTENT_FORMAT_BLOCKS.get(tnorm) or "content_format_" + re.sub(
                r"[^a-z0-9]+", "_", tnorm
            ).strip("_")
            self.formats_seen |= {norm_header(n) for n in head if n}
            self._wide(b, title, body, head, metric, "format")
            return
        key = AUDIENCE_BLOCKS.get(tnorm)
        if key is None:
            for i, _r in body:
                self.record(i).reject = ("", f"block '{title}' is not a known block: not loaded")
        elif key == "age_gender":
            self._age_gender(b, title, body, head)
        elif all(len(_cells(r)) == 2 for _i, r in body) and _py_num(_cells(body[0][1])[1]) is not None:
            # long layout: one `label;value` row per category
            for i, r in body:
                rec = self.record(i)
                label, v = _cells(r)
                self.cells.append(_Cell(rec, b, "audience_share", f"{key}={label}", v, f"{title} / {label}"))
        else:  # wide layout: a row of category names, then a row of values
            self._wide(b, title, body, head, "audience_share", key)

    def _wide(self, b: int, title: str, body, head: list[str], metric: str, key: str) -> None:
        for i, r in body[1:]:
            rec = self.record(i)
            for j, n in enumerate(head):
                if n:
                    v = r[j] if j < len(r) else None
                    self.cells.append(_Cell(rec, b, metric, f"{key}={n}", v, f"{title} / {n}"))

    def _age_gender(self, b: int, title: str, body, head: list[str]) -> None:
        """Header `;Women;Men`, then one row per age group."""
        for i, r in body[1:]:
            rec = self.record(i)
            age = str(r[0] or "").strip() if r else ""
            for j, col in enumerate(head):
                if j and col:
                    g = GENDERS.get(col.casefold(), col)
                    v = r[j] if j < len(r) else None
                    self.cells.append(
                        _Cell(
                            rec, b, "audience_share", f"age={age}|gender={g}", v, f"{title} / {age} / {col}"
                        )
                    )


def _read_daily_series(
    series: list[tuple[_Record, str, str, str | None, str | None]], notes: list[str]
) -> list[dt.date]:
    """Daily blocks: one date format per file, like the per-metric exports; returns the days read."""
    choice = infer_datetime_format([d for _r, _t, _m, d, _v in series if d], prefer="mdy", what="Date")
    if choice.note:
        notes.append(choice.note)
    days: list[dt.date] = []
    for rec, title, metric, d, v in series:
        day = _strp_day(d, choice.fmt)
        if day is None:
            rec.reject = (f"{title} / Date", f"not a date: {d!r}")
        elif not _is_null(v) and _py_num(v) is None:
            rec.reject = (f"{title} / Primary", _bad_value_reason(v))
        else:
            rec.values.append((metric, day, "", _py_num(v)))
            days.append(day)
    return days


def _snapshot_day(
    options: LoadOptions, days: list[dt.date], has_cells: bool, notes: list[str]
) -> tuple[dt.date, str]:
    """The date the distributions are stored on, and why."""
    if options.export_date:
        return options.export_date, "export date given"
    if days:
        return max(days), "the last date of the file's daily series"
    if has_cells:
        notes.append(f"the blocks carry no date: stored on the load date {options.today}; pass --export-date")
    return options.today, "load date (the file states no date; pass --export-date)"


def _store_distributions(cells: list[_Cell], day: dt.date) -> None:
    """Distribution values onto their records; a block in percent (sum > 1.5 or a % sign) is
    stored as fractions."""
    totals: dict[int, float] = {}
    percent_sign: set[int] = set()
    for c in cells:
        if c.rec.reject is None:
            totals[c.block] = totals.get(c.block, 0.0) + (_py_num(c.raw) or 0.0)
            if "%" in str(c.raw or ""):
                percent_sign.add(c.block)
    for c in cells:
        if c.rec.reject is not None:
            continue
        val = _py_num(c.raw)
        if (
            val is not None
            and c.metric == "audience_share"
            and (totals.get(c.block, 0.0) > 1.5 or c.block in percent_sign)
        ):
            val = round(val / 100, 12)  # 98.4 % -> 0.984, not 0.9840000000000001
        c.rec.values.append((c.metric, day, c.dimension, val))


def _quality_notes(parsed: _Blocks, repaired: bool) -> list[str]:
    notes = []
    if any(c.metric == "audience_share" for c in parsed.cells):
        notes.append("audience shares stored as fractions (0-1): Meta writes percentages")
    if repaired:
        notes.append("names written as UTF-16 without their zero bytes were decoded (Cyrillic)")
    n_corrupt = sum(1 for r in parsed.records if r.reject and r.reject[1].startswith(CORRUPTED_REASON))
    if n_corrupt:
        notes.append(
            f"{n_corrupt} row(s) hold values that a spreadsheet turned into dates: rejected; "
            "re-export the file from Meta and do not re-save it in Excel"
        )
    return notes


def _stage_blocks(
    con: duckdb.DuckDBPyConnection,
    shown: list[list[str | None]],
    records: list[_Record],
    platform: str,
    account: str,
) -> None:
    """The raw records (for the quarantine), their rejects and the account metrics stage."""
    width = max((len(r) for r in shown), default=1)
    stage_rows(con, "stg_all", [f"c{j}" for j in range(width)], shown, 1)
    typed_table(con, "_rec", {"_row": "BIGINT"}, [[r.row] for r in records])
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stg AS SELECT * FROM stg_all WHERE _row IN (SELECT _row FROM _rec)"
    )
    init_rejects(con)
    rejects = [[r.row, r.reject[0], r.reject[1]] for r in records if r.reject]
    typed_table(con, "_rej_in", REJECT_COLUMNS, rejects)
    con.execute("INSERT INTO _rejects SELECT * FROM _rej_in")
    vals = [[r.row, m, d, dim, v] for r in records if not r.reject for (m, d, dim, v) in r.values]
    typed_table(con, "_vals", VALUE_COLUMNS, vals)
    create_stage(
        con,
        "account_metrics",
        "stage_account",
        "SELECT _row, ? AS platform, ? AS account, metric, date, dimension, value FROM _vals",
        [platform, account],
    )


def _bad_value_reason(v: str | None) -> str:
    if _DATE_LIKE.match(str(v)):
        return CORRUPTED_REASON + repr(str(v))
    return "not a number: " + repr(str(v))


def _strp_day(v: str | None, fmt: str | None) -> dt.date | None:
    if _is_null(v) or not fmt:
        return None
    try:
        return dt.datetime.strptime(str(v).strip(), fmt).date()
    except ValueError:
        return None


READERS = [
    FacebookContentReader("facebook_posts", POST_SPEC, "Facebook post export (Meta Business Suite)"),
    FacebookContentReader("facebook_videos", VIDEO_SPEC, "Facebook video export (Meta Business Suite)"),
    MetaBlocksReader(
        "meta_audience", "Meta Business Suite audience export (stacked blocks)", _looks_like_audience
    ),
    MetaBlocksReader(
        "meta_content_formats",
        "Meta Business Suite top content formats export (stacked blocks)",
        _looks_like_content_formats,
    ),
]
