"""The Relais campaign roster template (documented in the README).

Two CSV files or one XLSX with sheets `campaigns` and `roster`, with exactly
these columns (extra columns are kept in `extra`, never an error):

* campaigns: campaign_id, name, client, therapeutic_area, start_date, end_date,
  hashtags, budget, currency
* roster: campaign_id, platform, handle, display_name, profile_type, specialty,
  followers, fee, currency, hcp_agreement_ref

profile_type `brand_page` marks the client's own page (not a person): the account gets no
profile type, the roster row keeps `"profile_type": "brand_page"` in `extra`, and the derived
step `owned_pages` (warehouse.owned.refresh_owned_pages) lists it in owned_pages.

Handles match with or without `@`, case-insensitively. Dates may be ISO or
dd/mm/yyyy (French spreadsheets), numbers may use a decimal comma.
"""

from __future__ import annotations

import duckdb

from domain import OWNED_PAGE, PLATFORMS, roster_profile_types
from etl.base import LoadOptions, ReadResult, RefusedFile, create_stage, init_rejects, reject_where
from etl.parsing import (
    detect_decimal,
    infer_datetime_format,
    q,
    sql_is_null,
    sql_num,
    sql_num_invalid,
    sql_text,
    sql_ts,
)
from etl.source import Source
from etl.tabular import HeaderMatch, find_table, stage_match

CAMPAIGN_COLUMNS = (
    "campaign_id", "name", "client", "therapeutic_area", "start_date", "end_date", "hashtags", "budget", "currency",
)  # fmt: skip
ROSTER_COLUMNS = (
    "campaign_id", "platform", "handle", "display_name", "profile_type", "specialty", "followers", "fee",
    "currency", "hcp_agreement_ref",
)  # fmt: skip
CAMPAIGN_SPEC = {c: (c,) for c in CAMPAIGN_COLUMNS}
ROSTER_SPEC = {c: (c,) for c in ROSTER_COLUMNS}


def _extra_sql(m: HeaderMatch) -> str:
    """Extra columns as a JSON object keyed by their original header (kept, not lost)."""
    pairs = [
        (h, n) for h, n in zip(m.header, m.names) if n.startswith("c") and n[1:].isdigit() and str(h).strip()
    ]
    if not pairs:
        return "NULL"
    args = ", ".join(f"{_sql_str(h)}, {q(n)}" for h, n in pairs)
    return f"json_object({args})"


def _sql_str(s: str) -> str:
    return "'" + str(s).replace("'", "''") + "'"


def _dates(con, cols: list[str], notes: list[str]) -> dict[str, str]:
    out = {}
    for c in cols:
        vals = [r[0] for r in con.execute(f"SELECT DISTINCT {q(c)} FROM stg").fetchall() if r[0]]
        choice = infer_datetime_format(vals, prefer="dmy", what=c)
        if choice.note:
            notes.append(choice.note)
        # people type dates by hand here: ISO dates are accepted next to the file's own format
        fmts = [choice.fmt or "%Y-%m-%d"] + [f for f in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S") if f != choice.fmt]
        out[c] = f"CAST({sql_ts(c, fmts)} AS DATE)"
    return out


class CampaignsReader:
    kind = "roster_campaigns"
    platform = None
    description = "Relais roster template: campaigns"

    def detect(self, source: Source) -> float:
        m = find_table(
            source, CAMPAIGN_SPEC, ("campaign_id", "name", "start_date", "end_date"), ("campaigns",)
        )
        if not m:
            return 0.0
        if source.container != "csv":
            # a workbook with both sheets is handled by RosterWorkbookReader
            r = find_table(source, ROSTER_SPEC, ("campaign_id", "platform", "handle"), ("roster",))
            if r:
                return 0.0
        return 0.95

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        m = find_table(
            source, CAMPAIGN_SPEC, ("campaign_id", "name", "start_date", "end_date"), ("campaigns",)
        )
        if not m:
            raise RefusedFile("not a campaigns sheet")
        return _read_campaigns(con, source, m, options, self.kind)


def _read_campaigns(con, source: Source, m: HeaderMatch, options: LoadOptions, kind: str):
    rows = stage_match(con, source, m, "stg")
    notes = list(source.notes)
    init_rejects(con)
    have = set(m.positions)
    for c in CAMPAIGN_COLUMNS:
        if c not in have:
            con.execute(f"ALTER TABLE stg ADD COLUMN {q(c)} VARCHAR")
    dates = _dates(con, ["start_date", "end_date"], notes)
    decimal = detect_decimal(
        [r[0] for r in con.execute("SELECT budget FROM stg LIMIT 500").fetchall() if r[0]]
    )
    reject_where(con, "stg", sql_is_null("campaign_id"), "campaign_id", "missing campaign_id")
    reject_where(con, "stg", sql_is_null("name"), "name", "missing campaign name")
    for c in ("start_date", "end_date"):
        reject_where(con, "stg", f"NOT {sql_is_null(c)} AND {dates[c]} IS NULL", c, "not a date: ", q(c))
    reject_where(
        con,
        "stg",
        f"{dates['start_date']} > {dates['end_date']}",
        "end_date",
        "end_date is before start_date",
    )
    reject_where(con, "stg", sql_num_invalid("budget", decimal), "budget", "not a number: ", q("budget"))
    select = f"""
        SELECT _row, trim(campaign_id) AS campaign_id, {sql_text("name")} AS name, {sql_text("client")} AS client,
               {sql_text("therapeutic_area")} AS therapeutic_area,
               {dates["start_date"]} AS start_date, {dates["end_date"]} AS end_date,
               list_filter(list_transform(regexp_split_to_array(coalesce(lower(hashtags), ''), '[\\s,;|]+'),
                                          lambda x: ltrim(x, '#')), lambda x: x <> '') AS hashtags,
               {sql_num("budget", decimal)} AS budget, upper({sql_text("currency")}) AS currency,
               {_extra_sql(m)} AS extra
        FROM stg WHERE _row NOT IN (SELECT _row FROM _rejects)
    """
    create_stage(con, "campaigns", "stage_campaigns", select)
    return ReadResult(kind=kind, platform=None, rows_read=rows, raw_table="stg",
                      tables={"campaigns": "stage_campaigns"}, notes=notes)  # fmt: skip


class RosterReader:
    kind = "roster"
    platform = None
    description = "Relais roster template: who works on which campaign"

    def detect(self, source: Source) -> float:
        m = find_table(source, ROSTER_SPEC, ("campaign_id", "platform", "handle"), ("roster",))
        if not m:
            return 0.0
        if source.container != "csv":
            c = find_table(
                source, CAMPAIGN_SPEC, ("campaign_id", "name", "start_date", "end_date"), ("campaigns",)
            )
            if c:
                return 0.0
        return 0.95

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        m = find_table(source, ROSTER_SPEC, ("campaign_id", "platform", "handle"), ("roster",))
        if not m:
            raise RefusedFile("not a roster sheet")
        return _read_roster(con, source, m, self.kind)


def _read_roster(con, source: Source, m: HeaderMatch, kind: str, table: str = "stg") -> ReadResult:
    rows = stage_match(con, source, m, table)
    notes = list(source.notes)
    if table == "stg":
        init_rejects(con)
    have = set(m.positions)
    for c in ROSTER_COLUMNS:
        if c not in have:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {q(c)} VARCHAR")
    sample = [r[0] for r in con.execute(f"SELECT fee FROM {table} LIMIT 500").fetchall() if r[0]]
    decimal = detect_decimal(sample)
    platform_expr = (
        "CASE lower(trim(platform)) "
        + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in PLATFORMS.alias_map().items() if k != v)
        + " ELSE lower(trim(platform)) END"
    )
    reject_where(con, table, sql_is_null("campaign_id"), "campaign_id", "missing campaign_id")
    reject_where(con, table, sql_is_null("handle"), "handle", "missing handle")
    reject_where(
        con,
        table,
        f"{platform_expr} NOT IN ({', '.join(_sql_str(p) for p in PLATFORMS)})",
        "platform",
        f"unknown platform (expected one of {', '.join(PLATFORMS)}): ",
        q("platform"),
    )
    profile_types = (*roster_profile_types(), OWNED_PAGE)  # brand_page: the client's own page
    reject_where(
        con,
        table,
        f"NOT {sql_is_null('profile_type')} AND lower(trim(profile_type)) NOT IN "
        f"({', '.join(_sql_str(p) for p in profile_types)})",
        "profile_type",
        f"unknown profile_type (expected one of {', '.join(profile_types)}): ",
        q("profile_type"),
    )
    reject_where(
        con, table, sql_num_invalid("followers", decimal), "followers", "not a number: ", q("followers")
    )
    reject_where(con, table, sql_num_invalid("fee", decimal), "fee", "not a number: ", q("fee"))
    select = f"""
        SELECT _row, trim(campaign_id) AS campaign_id, {platform_expr} AS platform,
               lower(ltrim(trim(handle), '@')) AS handle, {sql_text("display_name")} AS display_name,
               nullif(lower({sql_text("profile_type")}), '{OWNED_PAGE}') AS profile_type,
               {sql_text("specialty")} AS specialty,
               CAST(round({sql_num("followers", decimal)}) AS BIGINT) AS followers,
               {sql_num("fee", decimal)} AS fee, upper({sql_text("currency")}) AS currency,
               {sql_text("hcp_agreement_ref")} AS hcp_agreement_ref,
               CASE WHEN lower({sql_text("profile_type")}) = '{OWNED_PAGE}'
                    THEN json_merge_patch(coalesce({_extra_sql(m)}, '{{}}'), '{{"profile_type": "{OWNED_PAGE}"}}')
                    ELSE {_extra_sql(m)} END AS extra
        FROM {table} WHERE _row NOT IN (SELECT _row FROM _rejects)
    """
    create_stage(con, "roster", "stage_roster", select)
    return ReadResult(kind=kind, platform=None, rows_read=rows, raw_table=table,
                      tables={"roster": "stage_roster"}, notes=notes)  # fmt: skip


class RosterWorkbookReader:
    """One XLSX with both sheets: campaigns first, then the roster, in one transaction."""

    kind = "roster_workbook"
    platform = None
    description = "Relais roster template workbook (sheets campaigns and roster)"

    def _matches(self, source: Source):
        if source.container not in ("xlsx", "xls"):
            return None
        c = find_table(
            source, CAMPAIGN_SPEC, ("campaign_id", "name", "start_date", "end_date"), ("campaigns",)
        )
        r = find_table(source, ROSTER_SPEC, ("campaign_id", "platform", "handle"), ("roster",))
        return (c, r) if c and r else None

    def detect(self, source: Source) -> float:
        return 0.99 if self._matches(source) else 0.0

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        found = self._matches(source)
        if not found:
            raise RefusedFile("the workbook needs sheets 'campaigns' and 'roster'")
        c, r = found
        camp = _read_campaigns(con, source, c, options, self.kind)
        # keep the campaigns' rejects and raw rows apart from the roster's: row numbers are per sheet
        con.execute("CREATE OR REPLACE TEMP TABLE stg_campaigns AS SELECT * FROM stg")
        con.execute("ALTER TABLE _rejects ADD COLUMN IF NOT EXISTS sheet VARCHAR")
        con.execute("UPDATE _rejects SET sheet = 'campaigns'")
        con.execute("CREATE OR REPLACE TEMP TABLE _rejects_campaigns AS SELECT * FROM _rejects")
        init_rejects(con)
        ros = _read_roster(con, source, r, self.kind, table="stg")
        return ReadResult(
            kind=self.kind,
            platform=None,
            rows_read=camp.rows_read + ros.rows_read,
            raw_table="stg",
            tables={"campaigns": "stage_campaigns", "roster": "stage_roster"},
            notes=camp.notes + [n for n in ros.notes if n not in camp.notes],
            sheets={"campaigns": ("stg_campaigns", "_rejects_campaigns"), "roster": ("stg", "_rejects")},
        )


READERS = [CampaignsReader(), RosterReader(), RosterWorkbookReader()]
