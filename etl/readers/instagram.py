"""Instagram exports from Meta Business Suite.

* Content export (one row per post, several accounts per file): the 2024 column
  order puts `Views` last, the 2025 order right after `Date`; columns are matched
  by name so both load. `Publish time` is `MM/DD/YYYY HH:MM` (the US default),
  checked per file against dd/mm. `Date` holds the period ("Lifetime").
* Per-metric Insights daily exports: UTF-16LE with BOM, `sep=,`, a metric title
  line, then `"Date","Primary"`. They do not name their account: pass --account.
"""

from __future__ import annotations

import duckdb

from etl.accounts import account_from_folder
from etl.base import (
    LoadOptions,
    ReadResult,
    RefusedFile,
    RejectRules,
    create_stage,
    init_rejects,
    reject_where,
)
from etl.meta import insight_metric
from etl.parsing import (
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
from etl.source import Source
from etl.tabular import find_table, rows_of, stage_match

CONTENT_SPEC: dict[str, tuple[str, ...]] = {
    "post_id": ("Post ID",),
    "account_id": ("Account ID",),
    "account_username": ("Account username",),
    "account_name": ("Account name",),
    "description": ("Description",),
    "duration": ("Duration (sec)",),
    "publish_time": ("Publish time",),
    "permalink": ("Permalink",),
    "post_type": ("Post type",),
    "data_comment": ("Data comment",),
    "period": ("Date",),
    "views": ("Views", "Plays"),
    "reach": ("Reach",),
    "likes": ("Likes",),
    "shares": ("Shares",),
    "follows": ("Follows",),
    "comments": ("Comments",),
    "saves": ("Saves",),
    "impressions": ("Impressions",),
    "profile_visits": ("Profile visits",),
    "link_clicks": ("Link clicks",),
}
REQUIRED = ("post_id", "account_username", "publish_time", "post_type")
METRICS = (
    "views",
    "reach",
    "likes",
    "shares",
    "follows",
    "comments",
    "saves",
    "impressions",
    "profile_visits",
)

POST_TYPES = {
    "ig reel": "ig_reel",
    "ig image": "ig_image",
    "ig carousel": "ig_carousel",
    "ig story": "ig_story",
    "ig stories": "ig_story",
    "story": "ig_story",
    "ig video": "ig_reel",
}


class InstagramContentReader:
    kind = "instagram_posts"
    platform = "instagram"
    description = "Instagram content export (Meta Business Suite)"

    def detect(self, source: Source) -> float:
        m = find_table(source, CONTENT_SPEC, REQUIRED)
        if not m:
            return 0.0
        # Facebook's post export shares 'Post ID' and 'Publish time' but has 'Page ID'.
        return 0.5 + 0.5 * m.score

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        m = find_table(source, CONTENT_SPEC, REQUIRED)
        if m is None:
            raise RefusedFile("not an Instagram content export")
        rows = stage_match(con, source, m, "stg")
        notes = list(source.notes)
        init_rejects(con)
        have = set(m.positions)

        values = [r[0] for r in con.execute("SELECT DISTINCT publish_time FROM stg LIMIT 20000").fetchall()]
        choice = infer_datetime_format([v for v in values if v], prefer="mdy", what="Publish time")
        if choice.note:
            notes.append(choice.note)
        if choice.fmt is None:
            raise RefusedFile(f"column 'Publish time': no date format recognised (e.g. {values[:1]})")

        checks = RejectRules("stg")
        checks.add(
            sql_is_null("post_id"),
            "Post ID",
            "missing post ID",
            f"' (the export says: ' || {q('data_comment')} || ')'" if "data_comment" in have else None,
        )
        checks.add(
            sql_sci_id("post_id"),
            "Post ID",
            "post ID was turned into scientific notation by a spreadsheet (digits lost, cannot be recovered): ",
            q("post_id"),
        )
        checks.add(
            f"NOT regexp_matches(trim({q('post_id')}), '^[0-9A-Za-z_]+$')",
            "Post ID",
            "post ID is not an identifier: ",
            q("post_id"),
        )
        checks.add(sql_is_null("account_username"), "Account username", "missing account username")
        ts = sql_ts("publish_time", choice.fmt)
        checks.add(
            f"NOT {sql_is_null('publish_time')} AND {ts} IS NULL",
            "Publish time",
            f"not a date in the file's format {choice.fmt}: ",
            q("publish_time"),
        )
        decimal = "."
        for metric in METRICS:
            if metric in have:
                checks.add(
                    sql_num_invalid(metric, decimal),
                    m.header[m.positions[metric]],
                    "not a number: ",
                    q(metric),
                )
        checks.apply(con)

        fmt_cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in POST_TYPES.items())
        unknown_types = con.execute(
            f"SELECT DISTINCT {q('post_type')} FROM stg WHERE lower(trim({q('post_type')})) NOT IN "
            f"({', '.join(repr(k) for k in POST_TYPES)})"
        ).fetchall()
        if unknown_types:
            notes.append(
                "post types not recognised, loaded with format 'unknown': "
                + ", ".join(sorted(str(t[0]) for t in unknown_types))
            )

        def metric(name: str, target: str | None = None) -> str:
            return f"{sql_num(name)} AS {target or name}" if name in have else f"NULL AS {target or name}"

        select = f"""
            SELECT _row,
                   'instagram' AS platform,
                   trim({q("post_id")}) AS platform_post_id,
                   lower(ltrim(trim({q("account_username")}), '@')) AS account_handle,
                   {sql_text("account_name") if "account_name" in have else "NULL"} AS account_name,
                   {ts} AS published_at,
                   CASE lower(trim({q("post_type")})) {fmt_cases} ELSE 'unknown' END AS format,
                   {sql_text("description") if "description" in have else "NULL"} AS caption,
                   {sql_text("permalink") if "permalink" in have else "NULL"} AS permalink,
                   {metric("impressions")}, {metric("reach")}, {metric("views")}, {metric("likes")},
                   {metric("comments")}, {metric("shares")}, {metric("saves")}, {metric("follows")},
                   {metric("profile_visits")},
                   {metric("duration", "video_duration_sec")}
            FROM stg WHERE _row NOT IN (SELECT _row FROM _rejects)
        """
        create_stage(con, "posts", "stage_posts", select)
        snap, basis = export_date_from_name(source.name, options)
        return ReadResult(
            kind=self.kind,
            platform="instagram",
            rows_read=rows,
            raw_table="stg",
            tables={"posts": "stage_posts"},
            snapshot_date=snap,
            snapshot_basis=basis,
            notes=notes,
        )


def _insights_title(source: Source) -> tuple[str, int] | None:
    """(metric title, header index) for a Meta per-metric daily export."""
    for _sheet, rows in rows_of(source):
        for i, row in enumerate(rows[:4]):
            cells = [str(c).strip().casefold() for c in row if c is not None and str(c).strip()]
            if cells[:2] == ["date", "primary"] and i >= 1:
                title_row = [str(c).strip() for c in rows[i - 1] if c is not None and str(c).strip()]
                title = title_row[0] if title_row else ""
                if title.lower().startswith("sep="):
                    title = ""
                return title, i
    return None


class MetaDailySeriesReader:
    """Meta Business Suite per-metric daily export (Instagram or Facebook)."""

    kind = "meta_daily_series"
    platform = None
    description = "Meta Business Suite per-metric daily series (Insights)"

    def detect(self, source: Source) -> float:
        found = _insights_title(source)
        return 0.9 if found else 0.0

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        found = _insights_title(source)
        if not found:
            raise RefusedFile("not a Meta daily series")
        title, header_index = found
        notes = list(source.notes)
        tnorm = title.casefold().rstrip(";,")
        if "instagram" in tnorm:
            platform = "instagram"
        elif "facebook" in tnorm:
            platform = "facebook"
        elif options.platform:
            platform = options.platform
        elif source.encoding and source.encoding.startswith("utf-16"):
            platform = "instagram"
            notes.append(
                "platform inferred as Instagram (UTF-16 Insights file whose title names no platform)"
            )
        else:
            platform = "meta"
            notes.append("the file does not say whether it is Instagram or Facebook: pass --platform")
        metric = insight_metric(tnorm) or "value"
        account = options.account or account_from_folder(source) or "(unspecified)"
        if account == "(unspecified)":
            notes.append("the file does not name its account: loaded as '(unspecified)'; pass --account")

        from etl.tabular import HeaderMatch

        match = HeaderMatch(header_index, {"date": 0, "value": 1}, ["date", "value"], ["Date", "Primary"])
        if source.container != "csv":
            match.sheet = next(iter(source.sheets()))
        rows = stage_match(con, source, match, "stg")
        init_rejects(con)
        values = [r[0] for r in con.execute("SELECT DISTINCT date FROM stg LIMIT 5000").fetchall()]
        choice = infer_datetime_format([v for v in values if v], prefer="mdy", what="Date")
        if choice.note:
            notes.append(choice.note)
        if choice.fmt is None:
            raise RefusedFile("column 'Date': no date format recognised")
        d = sql_ts("date", choice.fmt)
        reject_where(con, "stg", f"{d} IS NULL", "Date", "not a date: ", q("date"))
        decimal = "," if source.delimiter() == ";" else "."
        reject_where(con, "stg", sql_num_invalid("value", decimal), "Primary", "not a number: ", q("value"))
        create_stage(
            con,
            "account_metrics",
            "stage_account",
            f"""SELECT _row, ? AS platform, ? AS account, ? AS metric, CAST({d} AS DATE) AS date,
                       '' AS dimension, {sql_num("value", decimal)} AS value
                FROM stg WHERE _row NOT IN (SELECT _row FROM _rejects)""",
            [platform, account, metric],
        )
        snap, basis = export_date_from_name(source.name, options)
        return ReadResult(
            kind=self.kind,
            platform=platform,
            rows_read=rows,
            raw_table="stg",
            tables={"account_metrics": "stage_account"},
            snapshot_date=snap,
            snapshot_basis=basis,
            notes=notes + [f"series: {title or metric}"],
        )


READERS = [InstagramContentReader(), MetaDailySeriesReader()]
