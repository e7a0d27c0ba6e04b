"""LinkedIn exports: the company-page content export and the personal creator analytics workbook.

* Company page content export (`.xls` or `.xlsx`): a per-post sheet (`Post
  title, Post link, Post type, Campaign name, Posted by, Created date, …,
  Impressions, Views (excluding off-site video views), Off-site views, Clicks,
  …, Likes, Comments, Reposts, Follows, Engagement rate, Content Type`) and a
  daily sheet whose columns come in organic / sponsored / total triples. Each
  sheet starts with one preamble row. Older exports say `Published by`, `Date`,
  `Shares`, `Followers`: matched as aliases.
* Personal creator analytics workbook (sheets DISCOVERY, ENGAGEMENT, TOP POSTS,
  FOLLOWERS, DEMOGRAPHICS). Dates are text `M/D/YYYY`; the workbook declares a
  wrong `<dimension ref="A1">` (Source.sheets resets it).

Decisions:

* Post id: the URN in the post link (`urn:li:activity:N`, `urn:li:share:N`,
  `urn:li:ugcPost:N`, or `activity-N` in a `/posts/` URL), else the link itself
  without query string.
* Account of a company export: the page, when known: --account, else the page
  in LinkedIn's own file name (`<page>_content_<timestamp>.xls`), else the
  roster influencer named in the preamble or by the single `Posted by`. Else
  each post's `Posted by` (lower-cased) and the daily sheet '(unspecified)'.
  The creator workbook does not name its account: --account, else posts have
  no account and account series go to '(unspecified)'.
* Likes -> likes, Reposts -> shares, Follows -> follows. Views = on-site views
  plus off-site views when the export gives both (LinkedIn counts them apart).
  CTR and engagement rate are not stored: they derive from the counts.
* Sponsored: `Post type` 'Sponsored' or a campaign name -> is_boosted.
* Daily organic / sponsored / total columns -> account_metrics, metric
  `impressions`, `clicks`… with dimension 'organic', 'sponsored' or 'total'.
* TOP POSTS holds two rankings side by side (by engagements | by
  impressions) that list overlapping posts. Each listed entry is a record; the
  entries of one post are merged into one row (engagements from one table,
  impressions from the other), the first is loaded and the others count as
  duplicates. Engagements there is a total with no split: it goes to
  `engagements_total`, never to likes. No post type is given: format
  'unknown', which never overwrites the type another export gave the post.
* FOLLOWERS: 'followers' on the stated date, plus daily 'new_followers'.
  DISCOVERY: period totals, dimension 'period=<start>..<end>', dated at the
  period end. DEMOGRAPHICS: metric 'audience_share' (fractions), dimension
  'job_title=…', 'location=…'; LinkedIn writes `< 1%` for small shares: the
  value is stored as NULL (never an invented number) with the dimension kept.
* Several sheets: raw rows and rejects are kept per sheet (row numbers within
  the sheet); staged rows of the 2nd, 3rd… table carry an offset of
  10,000,000 per table so that each record stays distinct in the loader's
  per-row accounting.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.accounts import account_from_folder
from etl.base import (
    POST_STAGE_COLUMNS,
    REJECT_COLUMNS,
    VALUE_COLUMNS,
    LoadOptions,
    ReadResult,
    RefusedFile,
    create_stage,
    init_rejects,
    typed_table,
)
from etl.parsing import NULL_TOKENS, infer_datetime_format
from etl.source import Source, cell_text, norm_header
from etl.tabular import match_header

OFFSET = 10_000_000  # per staged table, see the module docstring

# --------------------------------------------------------------------------- shared helpers

_URN_RE = re.compile(r"urn:li:(activity|share|ugcPost):(\d+)", re.I)
_ACTIVITY_RE = re.compile(r"activity[-:](\d{10,})", re.I)


def post_id_from_link(link: str | None) -> str | None:
    """`urn:li:activity:N` (or share / ugcPost) from a post link; else the link without query."""
    if link is None or not str(link).strip():
        return None
    s = str(link).strip()
    m = _URN_RE.search(s)
    if m:
        kind = {"activity": "activity", "share": "share", "ugcpost": "ugcPost"}[m.group(1).lower()]
        return f"urn:li:{kind}:{m.group(2)}"
    m = _ACTIVITY_RE.search(s)
    if m:
        return f"urn:li:activity:{m.group(1)}"
    if not re.match(r"(?i)^https?://", s):
        return None
    return re.sub(r"[?#].*$", "", s).rstrip("/")


def _is_null(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v) or str(v).strip().casefold() in NULL_TOKENS


def _num(v: object) -> tuple[float | None, bool]:
    """(value, ok): numbers as read by openpyxl/xlrd, or text such as `1,234` or `6.2%`."""
    if _is_null(v):
        return None, True
    if isinstance(v, bool):
        return None, False
    if isinstance(v, int | float):
        return float(v), True
    s = re.sub(r"[\s\u00a0\u202f]", "", str(v))
    pct = s.endswith("%")
    s = s.rstrip("%")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")
    try:
        x = float(s)
    except ValueError:
        return None, False
    return (round(x / 100, 12) if pct else x), True


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", norm_header(s)).strip("_") or "value"


class DateColumn:
    """One date format per column (M/D/YYYY text, or ISO from real date cells)."""

    def __init__(self, values: list[object], what: str, notes: list[str]) -> None:
        present = [v for v in values if not _is_null(v)]
        # a legacy .xls date cell arrives from xlrd as its serial number (1900 date system)
        self.serial = bool(present) and all(
            isinstance(v, int | float) and not isinstance(v, bool) and 20000 <= v <= 80000 for v in present
        )
        if self.serial:
            notes.append(f"{what}: Excel date serial numbers read in the 1900 date system")
        texts = [cell_text(v) for v in present]
        self.choice = infer_datetime_format([t for t in texts if t], prefer="mdy", what=what)
        if self.choice.note and not self.serial:
            notes.append(self.choice.note)

    def parse(self, v: object) -> dt.datetime | None:
        if isinstance(v, dt.datetime):
            return v
        if isinstance(v, dt.date):
            return dt.datetime(v.year, v.month, v.day)
        if self.serial and isinstance(v, int | float):
            return dt.datetime(1899, 12, 30) + dt.timedelta(days=float(v))
        t = cell_text(v)
        if not t or not self.choice.fmt:
            return None
        try:
            d = dt.datetime.strptime(t.strip(), self.choice.fmt)
        except ValueError:
            return None
        return d.replace(tzinfo=None)


@dataclass
class SheetStage:
    """The records of one table: raw cells by sheet row, rejects, staged values."""

    key: str  # the name shown in rejects ('TOP POSTS (by impressions)')
    columns: list[str]  # raw column names (reader-chosen identifiers)
    offset: int
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    rejects: list[tuple[int, str, str]] = field(default_factory=list)
    metrics: list[tuple[int, str, dt.date, str, float | None]] = field(default_factory=list)
    rejected_rows: set[int] = field(default_factory=set)

    def record(self, row: int, cells: list[object]) -> None:
        self.rows.append((row, cells))

    def reject(self, row: int, column: str, reason: str) -> None:
        if row not in self.rejected_rows:
            self.rejected_rows.add(row)
            self.rejects.append((row, column, reason))

    def metric(self, row: int, metric: str, day: dt.date, dimension: str, value: float | None) -> None:
        self.metrics.append((row, metric, day, dimension, value))

    def write(self, con: duckdb.DuckDBPyConnection, n: int) -> tuple[str, str]:
        raw, rej = f"stg_{n}", f"_rej_{n}"
        data: dict[str, list] = {"_row": [r for r, _c in self.rows]}
        for j, c in enumerate(self.columns):
            data[c] = [cell_text(cells[j]) if j < len(cells) else None for _r, cells in self.rows]
        typed_table(
            con,
            raw,
            {"_row": "BIGINT", **{c: "VARCHAR" for c in self.columns}},
            [list(t) for t in zip(*data.values())],
        )
        typed_table(con, rej, REJECT_COLUMNS, [list(r) for r in self.rejects])
        return raw, rej

    def check_repeats(self) -> None:
        """A key given twice with different values: the later row is rejected (never a silent pick)."""
        first: dict[tuple[str, dt.date, str], tuple[int, float | None]] = {}
        for row, metric, day, dim, value in self.metrics:
            if row in self.rejected_rows:
                continue
            k = (metric, day, dim)
            if k in first and first[k][1] != value and first[k][0] != row:
                self.reject(row, "Date", f"already in row {first[k][0]} of this sheet with a different value")
            else:
                first.setdefault(k, (row, value))
        self.metrics = [m for m in self.metrics if m[0] not in self.rejected_rows]


def _stage_account(
    con: duckdb.DuckDBPyConnection, stages: list[SheetStage], platform: str, account: str
) -> str | None:
    vals = [
        [s.offset + row, metric, day, dim, value]
        for s in stages
        for row, metric, day, dim, value in s.metrics
        if row not in s.rejected_rows
    ]
    if not vals:
        return None
    typed_table(con, "_vals", VALUE_COLUMNS, vals)
    create_stage(
        con,
        "account_metrics",
        "stage_account",
        "SELECT _row, ? AS platform, ? AS account, metric, date, dimension, value FROM _vals",
        [platform, account],
    )
    return "stage_account"


def _stage_posts(con: duckdb.DuckDBPyConnection, posts: list[dict]) -> str | None:
    if not posts:
        return None
    typed_table(con, "_posts_in", POST_STAGE_COLUMNS, [[p.get(c) for c in POST_STAGE_COLUMNS] for p in posts])
    create_stage(con, "posts", "stage_posts", "SELECT * FROM _posts_in")
    return "stage_posts"


def _finish(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    stages: list[SheetStage],
    posts: list[dict],
    account: str,
    snapshot: tuple[dt.date, str],
    notes: list[str],
) -> ReadResult:
    tables: dict[str, str] = {}
    t = _stage_posts(con, posts)
    if t:
        tables["posts"] = t
    t = _stage_account(con, stages, "linkedin", account)
    if t:
        tables["account_metrics"] = t
    sheets = {}
    for n, s in enumerate(stages):
        sheets[s.key] = s.write(con, n)
    init_rejects(con)  # the loader's own in-file checks write here; the reader's rejects are per sheet
    first_raw = next(iter(sheets.values()))[0] if sheets else "stg_0"
    if not sheets:
        con.execute("CREATE OR REPLACE TEMP TABLE stg_0 (_row BIGINT)")
    return ReadResult(
        kind=kind,
        platform="linkedin",
        rows_read=sum(len(s.rows) for s in stages),
        raw_table=first_raw,
        tables=tables,
        snapshot_date=snapshot[0],
        snapshot_basis=snapshot[1],
        notes=notes,
        sheets=sheets,
    )


def _account(source: Source, options: LoadOptions, notes: list[str]) -> str | None:
    acct = options.account or account_from_folder(source)
    return acct.lstrip("@").strip().lower() if acct else None


_FILE_NAME_RE = re.compile(r"(?i)^(.+?)_content_\d{13}(?:\s*\(\d+\))?\.xlsx?$")
_PREAMBLE_RE = re.compile(r"(?i)\bpublished by (.+?) from \d")


def _norm_name(s: object) -> str:
    return re.sub(r"\s+", " ", str(s or "")).strip().casefold()


def _page_account(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    sheets: dict[str, list[list[object]]],
    pm,
    notes: list[str],
) -> str | None:
    """The page of a company export that --account does not name.

    LinkedIn names the file `<page>_content_<timestamp>.xls`; else the roster
    influencer whose display name is the page named in the preamble or the one
    `Posted by` of every post (before any ' — ' title). None: posts keep their
    `Posted by` and the daily sheet goes to '(unspecified)'.
    """
    m = _FILE_NAME_RE.match(Path(source.name).name)
    if m:
        notes.append(f"page '{m.group(1)}' taken from LinkedIn's file name")
        return m.group(1).strip().lower()
    names: list[str] = []
    for rows in sheets.values():
        for r in rows[:2]:
            mt = _PREAMBLE_RE.search(str(r[0] or "")) if r else None
            if mt:
                names.append(mt.group(1))
    if pm is not None and "posted_by" in pm.positions:
        j = pm.positions["posted_by"]
        posters = {
            _norm_name(r[j])
            for r in sheets[pm.sheet][pm.header_index + 1 :]
            if j < len(r) and not _is_null(r[j])
        }
        if len(posters) == 1:
            names.append(posters.pop())
    roster: dict[str, set[str]] = {}
    for handle, display in con.execute(
        "SELECT handle, display_name FROM influencers WHERE platform = 'linkedin' AND display_name IS NOT NULL"
    ).fetchall():
        for key in {_norm_name(display), _norm_name(re.split(r"\s+[—–-]\s+", display)[0])}:
            roster.setdefault(key, set()).add(handle)
    for n in names:
        match = roster.get(_norm_name(n), set())
        if len(match) == 1:
            handle = match.pop()
            notes.append(f"page '{handle}': the roster's name for '{n}'")
            return handle
    return None


# --------------------------------------------------------------------------- company page content export

COMPANY_POST_SPEC: dict[str, tuple[str, ...]] = {
    "title": ("Post title", "Update title"),
    "link": ("Post link", "Update link"),
    "post_type": ("Post type", "Update type"),
    "campaign": ("Campaign name",),
    "posted_by": ("Posted by", "Published by"),
    "created": ("Created date", "Date", "Posted on"),
    "campaign_start": ("Campaign start date",),
    "campaign_end": ("Campaign end date",),
    "audience": ("Audience",),
    "impressions": ("Impressions",),
    "views": ("Views (excluding off-site video views)", "Views", "Video views"),
    "offsite_views": ("Off-site views",),
    "clicks": ("Clicks",),
    "ctr": ("Click through rate (CTR)", "Click-through rate (CTR)"),
    "likes": ("Likes", "Reactions"),
    "comments": ("Comments",),
    "shares": ("Reposts", "Shares"),
    "follows": ("Follows", "Followers"),
    "engagement_rate": ("Engagement rate",),
    "content_type": ("Content Type",),
}
COMPANY_POST_REQUIRED = ("link", "created", "impressions")
COMPANY_POST_METRICS = (
    "impressions",
    "views",
    "offsite_views",
    "clicks",
    "likes",
    "comments",
    "shares",
    "follows",
)
CONTENT_TYPES = {
    "text": "li_post",
    "text only": "li_post",
    "link": "li_post",
    "url": "li_post",
    "article link": "li_post",
    "repost": "li_post",
    "celebration": "li_post",
    "event": "li_post",
    "image": "li_image",
    "images": "li_image",
    "photo": "li_image",
    "multi-image": "li_image",
    "multiple images": "li_image",
    "video": "li_video",
    "native video": "li_video",
    "live video": "li_video",
    "document": "li_document",
    "carousel": "li_document",
    "pdf": "li_document",
    "article": "li_article",
    "newsletter": "li_article",
    "poll": "li_poll",
}
_TRIPLE_RE = re.compile(r"^(.*?)\s*\((organic|sponsored|total)\)\s*$", re.I)
_DAILY_METRIC_NAMES = {"reposts": "shares", "unique impressions": "unique_impressions"}


def _company_post_match(sheets: dict[str, list[list[object]]]):
    for name, rows in sheets.items():
        m = match_header(rows, COMPANY_POST_SPEC, COMPANY_POST_REQUIRED)
        if m and any(t in m.positions for t in ("title", "content_type", "posted_by")):
            m.sheet = name
            return m
    return None


def _company_daily_match(sheets: dict[str, list[list[object]]]):
    for name, rows in sheets.items():
        for i, row in enumerate(rows[:10]):
            cells = [norm_header(c) for c in row]
            triples = [m.group(2).lower() for m in map(_TRIPLE_RE.match, cells) if m]
            # organic/sponsored/total: the content metrics (the visitors export has desktop/mobile/total)
            if cells and cells[0] == "date" and len(triples) >= 3 and {"organic", "sponsored"} & set(triples):
                return name, i
    return None


class LinkedInCompanyContentReader:
    kind = "linkedin_company_content"
    platform = "linkedin"
    description = "LinkedIn company page content export (posts and daily metrics)"

    def _find(self, source: Source):
        if source.container not in ("xlsx", "xls"):
            return None, None, {}
        sheets = source.sheets()
        return _company_post_match(sheets), _company_daily_match(sheets), sheets

    def detect(self, source: Source) -> float:
        posts, daily, _s = self._find(source)
        if posts:
            return 0.9
        return 0.85 if daily else 0.0

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        pm, dm, sheets = self._find(source)
        if pm is None and dm is None:
            raise RefusedFile("no LinkedIn post sheet or daily metrics sheet found")
        notes = list(source.notes)
        stages: list[SheetStage] = []
        posts: list[dict] = []
        forced = _account(source, options, notes) or _page_account(con, source, sheets, pm, notes)
        if pm is not None:
            st = SheetStage(pm.sheet, list(pm.names), 0)
            stages.append(st)
            posts = self._posts(st, sheets[pm.sheet], pm, forced, notes)
        account = forced
        if dm is not None:
            name, hi = dm
            rows = sheets[name]
            header = [str(c or "").strip() for c in rows[hi]]
            st = SheetStage(name, [f"c{j}" for j in range(len(header))], OFFSET * len(stages))
            stages.append(st)
            self._daily(st, rows, hi, header, notes)
            if account is None:  # the page itself: who posted a post is not the page
                notes.append(
                    "the daily sheet does not name the page: loaded as '(unspecified)'; pass --account"
                )
        if options.export_date:
            snap = (options.export_date, "export date given")
        else:
            days = [m[2] for s in stages for m in s.metrics] + [
                p["published_at"].date() for p in posts if p.get("published_at") is not None
            ]
            snap = (
                (max(days), "the last date in the export")
                if days
                else (options.today, "load date (the file states no export date; pass --export-date)")
            )
        return _finish(con, self.kind, stages, posts, account or "(unspecified)", snap, notes)

    def _posts(
        self, st: SheetStage, rows: list[list[object]], m, forced: str | None, notes: list[str]
    ) -> list[dict]:
        pos = m.positions
        body = rows[m.header_index + 1 :]

        def cell(r: list[object], target: str) -> object:
            j = pos.get(target)
            return r[j] if j is not None and j < len(r) else None

        records = [(m.header_index + 2 + k, r) for k, r in enumerate(body) if any(not _is_null(c) for c in r)]
        dates = DateColumn([cell(r, "created") for _i, r in records], m.header[pos["created"]], notes)
        unknown_types: set[str] = set()
        out: list[dict] = []
        for row, r in records:
            st.record(row, r)
            link = cell(r, "link")
            pid = post_id_from_link(None if _is_null(link) else str(link))
            if _is_null(link):
                st.reject(row, m.header[pos["link"]], "missing post link")
                continue
            if pid is None:
                st.reject(row, m.header[pos["link"]], f"not a LinkedIn post link: {link!r}")
                continue
            created = cell(r, "created")
            published = dates.parse(created)
            if not _is_null(created) and published is None:
                st.reject(row, m.header[pos["created"]], f"not a date: {created!r}")
                continue
            values: dict[str, float | None] = {}
            bad = None
            for t in COMPANY_POST_METRICS:
                if t in pos:
                    v, ok = _num(cell(r, t))
                    if not ok:
                        bad = (m.header[pos[t]], f"not a number: {cell(r, t)!r}")
                        break
                    values[t] = v
            if bad:
                st.reject(row, *bad)
                continue
            ctype = cell(r, "content_type")
            ptype = cell(r, "post_type")
            fmt = "unknown"
            for t in (ctype, ptype):
                if not _is_null(t):
                    k = norm_header(t)
                    if k in CONTENT_TYPES:
                        fmt = CONTENT_TYPES[k]
                        break
            if fmt == "unknown" and not _is_null(ctype):
                unknown_types.add(str(ctype).strip())
            if "post_type" in pos or "campaign" in pos:
                boosted = (not _is_null(ptype) and "sponsor" in norm_header(ptype)) or not _is_null(
                    cell(r, "campaign")
                )
            else:
                boosted = None
            views = values.get("views")
            if views is not None and values.get("offsite_views") is not None:
                views = views + values["offsite_views"]
            poster = cell(r, "posted_by")
            handle = forced or (None if _is_null(poster) else str(poster).strip().lower())
            out.append(
                {
                    "_row": row,
                    "platform": "linkedin",
                    "platform_post_id": pid,
                    "account_handle": handle,
                    "account_name": None if _is_null(poster) else str(poster).strip(),
                    "published_at": published,
                    "format": fmt,
                    "title": None if _is_null(cell(r, "title")) else str(cell(r, "title")).strip(),
                    "caption": None if _is_null(cell(r, "title")) else str(cell(r, "title")).strip(),
                    "permalink": re.sub(r"[?#].*$", "", str(link).strip()),
                    "is_boosted": boosted,
                    "impressions": values.get("impressions"),
                    "views": views,
                    "clicks": values.get("clicks"),
                    "likes": values.get("likes"),
                    "comments": values.get("comments"),
                    "shares": values.get("shares"),
                    "follows": values.get("follows"),
                }
            )
        if unknown_types:
            notes.append(
                "content types not recognised, loaded as 'unknown': " + ", ".join(sorted(unknown_types))
            )
        return out

    def _daily(
        self, st: SheetStage, rows: list[list[object]], hi: int, header: list[str], notes: list[str]
    ) -> None:
        cols: list[tuple[int, str, str]] = []  # position, metric, dimension
        for j, h in enumerate(header):
            if j == 0 or not h:
                continue
            mt = _TRIPLE_RE.match(h)
            base, dim = (mt.group(1), mt.group(2).lower()) if mt else (h, "")
            b = norm_header(base)
            cols.append((j, _DAILY_METRIC_NAMES.get(b, _slug(b)), dim))
        _stage_daily_rows(st, rows, hi, header, cols, notes)


def _stage_daily_rows(
    st: SheetStage,
    rows: list[list[object]],
    hi: int,
    header: list[str],
    cols: list[tuple[int, str, str]],
    notes: list[str],
) -> None:
    """One dated row per day, one value per (position, metric, dimension) of `cols`: content, follower
    and visitor sheets share it. A row whose date or any number is unreadable is rejected whole; an
    engagement rate written as a percentage (> 1) becomes a share."""
    records = _data_rows(rows, hi, notes, st.key)
    dates = DateColumn([r[0] if r else None for _i, r in records], "Date", notes)
    for row, r in records:
        st.record(row, r)
        d = dates.parse(r[0] if r else None)
        if d is None:
            st.reject(row, header[0], f"not a date: {r[0] if r else None!r}")
            continue
        vals = []
        for j, metric, dim in cols:
            v, ok = _num(r[j] if j < len(r) else None)
            if not ok:
                st.reject(row, header[j], f"not a number: {r[j]!r}")
                break
            if metric == "engagement_rate" and v is not None and v > 1:
                v = round(v / 100, 12)
            vals.append((metric, dim, v))
        else:
            for metric, dim, v in vals:
                st.metric(row, metric, d.date(), dim, v)
    st.check_repeats()


# --------------------------------------------------------------------------- personal creator analytics workbook

CREATOR_SHEETS = ("discovery", "engagement", "top posts", "followers", "demographics")
TOP_POST_METRICS = {
    "engagements": "engagements_total",
    "impressions": "impressions",
    "members reached": "reach",
    "reactions": "likes",
    "comments": "comments",
    "reposts": "shares",
}
DEMOGRAPHIC_KEYS = {
    "job titles": "job_title",
    "locations": "location",
    "industries": "industry",
    "seniority": "seniority",
    "company size": "company_size",
    "companies": "company",
}
_FOLLOWERS_RE = re.compile(r"(?i)^\s*total followers on\s+(.+?):?\s*$")


class LinkedInCreatorReader:
    kind = "linkedin_creator_analytics"
    platform = "linkedin"
    description = "LinkedIn personal creator analytics workbook"

    def _sheets(self, source: Source) -> dict[str, list[list[object]]] | None:
        if source.container not in ("xlsx", "xls"):
            return None
        sheets = source.sheets()
        names = {norm_header(n) for n in sheets}
        if "top posts" in names or len(names & set(CREATOR_SHEETS)) >= 3:
            return sheets
        return None

    def detect(self, source: Source) -> float:
        return 0.97 if self._sheets(source) else 0.0

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        sheets = self._sheets(source)
        if sheets is None:
            raise RefusedFile("not a LinkedIn creator analytics workbook")
        notes = list(source.notes)
        account = _account(source, options, notes)
        if account is None:
            notes.append(
                "the workbook does not name its account: posts have no account and series are loaded "
                "as '(unspecified)'; pass --account"
            )
        by_name = {norm_header(n): n for n in sheets}
        known = {
            "discovery": self._discovery,
            "engagement": self._daily,
            "followers": self._followers,
            "demographics": self._demographics,
        }
        stages: list[SheetStage] = []
        posts: list[dict] = []
        period_end: dt.date | None = None
        followers_day: dt.date | None = None
        # the stated dates first: DEMOGRAPHICS has none of its own
        if "discovery" in by_name:
            period = _period(sheets[by_name["discovery"]])
            period_end = period[1] if period else None
        if "followers" in by_name:
            followers_day = _followers_day(sheets[by_name["followers"]])
        if options.export_date:
            snap = (options.export_date, "export date given")
        elif period_end:
            snap = (period_end, "end of the period stated in the workbook (DISCOVERY)")
        elif followers_day:
            snap = (followers_day, "the date of 'Total followers on …' (FOLLOWERS)")
        else:
            snap = (options.today, "load date (the workbook states no date; pass --export-date)")

        for name, rows in sheets.items():
            key = norm_header(name)
            if key == "top posts":
                posts += self._top_posts(stages, name, rows, account, notes)
                continue
            fn: Callable | None = known.get(key)
            if fn is None:
                if any(any(not _is_null(c) for c in r) for r in rows):
                    notes.append(f"sheet '{name}' is not part of the known layout: not read")
                continue
            st = SheetStage(name, [], OFFSET * len(stages))
            stages.append(st)
            fn(st, rows, notes, snap[0])
            st.check_repeats()
        if not stages and not posts:
            raise RefusedFile(
                "the workbook has none of the sheets DISCOVERY, ENGAGEMENT, TOP POSTS, FOLLOWERS"
            )
        return _finish(con, self.kind, stages, posts, account or "(unspecified)", snap, notes)

    # -- sheets ------------------------------------------------------------------
    def _discovery(self, st: SheetStage, rows: list[list[object]], notes: list[str], snap: dt.date) -> None:
        st.columns = ["label", "value"]
        period = _period(rows)
        for i, r in enumerate(rows):
            if i == 0 or not r or _is_null(r[0]):
                continue
            row = i + 1
            st.record(row, r[:2])
            if period is None:
                st.reject(
                    row, "Overall Performance", f"the period in row 1 is not understood: {rows[0][1:2]!r}"
                )
                continue
            v, ok = _num(r[1] if len(r) > 1 else None)
            if not ok:
                st.reject(row, str(r[0]), f"not a number: {r[1]!r}")
                continue
            dim = f"period={period[0].isoformat()}..{period[1].isoformat()}"
            st.metric(row, _slug(str(r[0])), period[1], dim, v)

    def _daily(self, st: SheetStage, rows: list[list[object]], notes: list[str], snap: dt.date) -> None:
        hi = _header_row(rows, "date")
        if hi is None:
            notes.append(f"sheet '{st.key}': no 'Date' header: not read")
            return
        header = [str(c or "").strip() for c in rows[hi]]
        st.columns = [_slug(h) if h else f"c{j}" for j, h in enumerate(header)]
        self._series(st, rows, hi, header, notes, {})

    def _followers(self, st: SheetStage, rows: list[list[object]], notes: list[str], snap: dt.date) -> None:
        st.columns = ["c0", "c1"]
        for i, r in enumerate(rows[:5]):
            mt = _FOLLOWERS_RE.match(str(r[0] or "")) if r else None
            if mt:
                st.record(i + 1, r[:2])
                d = DateColumn([mt.group(1)], "Total followers on", []).parse(mt.group(1))
                v, ok = _num(r[1] if len(r) > 1 else None)
                if d is None:
                    st.reject(i + 1, str(r[0]), f"the date is not understood: {mt.group(1)!r}")
                elif not ok or v is None:
                    st.reject(i + 1, str(r[0]), f"not a number: {r[1] if len(r) > 1 else None!r}")
                else:
                    st.metric(i + 1, "followers", d.date(), "", v)
        hi = _header_row(rows, "date")
        if hi is None:
            return
        header = [str(c or "").strip() for c in rows[hi]]
        self._series(st, rows, hi, header, notes, {})

    def _series(
        self,
        st: SheetStage,
        rows: list[list[object]],
        hi: int,
        header: list[str],
        notes: list[str],
        names: dict[str, str],
    ) -> None:
        records = _data_rows(rows, hi, notes, st.key)
        dates = DateColumn([r[0] for _i, r in records], f"{st.key} / Date", notes)
        for row, r in records:
            st.record(row, r)
            d = dates.parse(r[0])
            if d is None:
                st.reject(row, header[0], f"not a date: {r[0]!r}")
                continue
            vals = []
            for j, h in enumerate(header):
                if j == 0 or not h:
                    continue
                v, ok = _num(r[j] if j < len(r) else None)
                if not ok:
                    st.reject(row, h, f"not a number: {r[j]!r}")
                    break
                vals.append((names.get(h, _slug(h)), v))
            else:
                for metric, v in vals:
                    st.metric(row, metric, d.date(), "", v)

    def _demographics(
        self, st: SheetStage, rows: list[list[object]], notes: list[str], snap: dt.date
    ) -> None:
        hi = None
        for i, r in enumerate(rows[:10]):
            cells = [norm_header(c) for c in r]
            if "percentage" in cells:
                hi = i
                break
        if hi is None:
            notes.append(f"sheet '{st.key}': no 'Percentage' header: not read")
            return
        st.columns = ["category", "value", "percentage"]
        below = 0
        for k, r in enumerate(rows[hi + 1 :]):
            if not r or all(_is_null(c) for c in r):
                continue
            row = hi + 2 + k
            cells = (list(r) + [None, None, None])[:3]
            st.record(row, cells)
            cat, label, pct = cells
            if _is_null(cat) or _is_null(label):
                st.reject(row, "Top Demographics", "missing category or value")
                continue
            key = DEMOGRAPHIC_KEYS.get(norm_header(cat), _slug(str(cat)))
            dim = f"{key}={str(label).strip()}"
            if isinstance(pct, str) and re.fullmatch(r"\s*<\s*1\s*%\s*", pct):
                below += 1
                st.metric(row, "audience_share", snap, dim, None)
                continue
            v, ok = _num(pct)
            if not ok:
                st.reject(row, "Percentage", f"not a number: {pct!r}")
                continue
            if v is not None and v > 1:
                v = round(v / 100, 12)
            st.metric(row, "audience_share", snap, dim, v)
        if below:
            notes.append(
                f"DEMOGRAPHICS: {below} share(s) reported only as '< 1%': stored as NULL (the category is kept)"
            )

    def _top_posts(
        self,
        stages: list[SheetStage],
        name: str,
        rows: list[list[object]],
        account: str | None,
        notes: list[str],
    ) -> list[dict]:
        hi = _header_row(rows, "post url", anywhere=True)
        if hi is None:
            notes.append(f"sheet '{name}': no 'Post URL' header: not read")
            return []
        tables = _ranking_tables(stages, name, rows, hi)
        entries = []
        for st, cols in tables:
            entries += _ranking_entries(st, cols, rows, hi, notes)
        merged = _merge_rankings(entries)
        out = []
        for st, row, pid, _pub, _metrics in entries:
            if row in st.rejected_rows:
                continue
            out.append(
                {
                    "_row": st.offset + row,
                    "platform": "linkedin",
                    "platform_post_id": pid,
                    "account_handle": account,
                    "published_at": merged[pid]["published_at"],
                    # the type is not given: 'unknown' never overwrites a type another export knows
                    "format": "unknown",
                    "permalink": f"https://www.linkedin.com/feed/update/{pid}"
                    if pid.startswith("urn:")
                    else pid,
                    **{m: merged[pid].get(m) for m in set(TOP_POST_METRICS.values())},
                }
            )
        if out:
            notes.append(
                f"TOP POSTS: {len(out)} entries in {len(tables)} rankings describe {len(merged)} posts: "
                "each post is loaded once with the figures of every ranking, the other entries count as duplicates"
            )
        return out


# --------------------------------------------------------------------------- TOP POSTS rankings

_Entry = tuple[SheetStage, int, str, "dt.datetime | None", dict[str, "float | None"]]


def _ranking_tables(
    stages: list[SheetStage], name: str, rows: list[list[object]], hi: int
) -> list[tuple[SheetStage, dict[str, int]]]:
    """The side-by-side rankings of the sheet (each starts at a 'Post URL' column), one stage each."""
    header = [norm_header(c) for c in rows[hi]]
    starts = [j for j, h in enumerate(header) if h == "post url"]
    tables: list[tuple[SheetStage, dict[str, int]]] = []
    for t, s in enumerate(starts):
        cols: dict[str, int] = {}
        j = s
        while j < len(header) and header[j]:
            cols[header[j]] = j
            j += 1
        metric_names = [h for h in cols if h in TOP_POST_METRICS]
        label = f"{name} (by {metric_names[0]})" if metric_names else f"{name} (table {t + 1})"
        raw_cols = [_slug(str(rows[hi][c])) for c in cols.values()]
        st = SheetStage(label, raw_cols, OFFSET * len(stages))
        stages.append(st)
        tables.append((st, cols))
    return tables


def _ranking_entries(
    st: SheetStage, cols: dict[str, int], rows: list[list[object]], hi: int, notes: list[str]
) -> list[_Entry]:
    """The entries of one ranking: (stage, row, post id, published, metrics); bad rows rejected."""
    body = list(enumerate(rows[hi + 1 :]))
    pos = list(cols.values())
    dcol = cols.get("post publish date")
    dates = DateColumn(
        [r[dcol] for _k, r in body if dcol is not None and dcol < len(r)],
        f"{st.key} / Post publish date",
        notes,
    )
    entries: list[_Entry] = []
    for k, r in body:
        cells = [r[j] if j < len(r) else None for j in pos]
        if all(_is_null(c) for c in cells):
            continue
        row = hi + 2 + k
        st.record(row, cells)
        url = r[cols["post url"]] if cols["post url"] < len(r) else None
        pid = post_id_from_link(None if _is_null(url) else str(url))
        if pid is None:
            st.reject(row, "Post URL", f"not a LinkedIn post link: {url!r}")
            continue
        pub = None
        if dcol is not None:
            raw = r[dcol] if dcol < len(r) else None
            pub = dates.parse(raw)
            if not _is_null(raw) and pub is None:
                st.reject(row, "Post publish date", f"not a date: {raw!r}")
                continue
        metrics, bad = _ranking_metrics(cols, rows[hi], r)
        if bad:
            st.reject(row, *bad)
            continue
        entries.append((st, row, pid, pub, metrics))
    return entries


def _ranking_metrics(
    cols: dict[str, int], header: list[object], r: list[object]
) -> tuple[dict[str, float | None], tuple[str, str] | None]:
    """The metrics of a ranking row, or the first value that is not a number (column, reason)."""
    metrics: dict[str, float | None] = {}
    for h, j in cols.items():
        if h in TOP_POST_METRICS:
            v, ok = _num(r[j] if j < len(r) else None)
            if not ok:
                return metrics, (str(header[j]), f"not a number: {r[j]!r}")
            metrics[TOP_POST_METRICS[h]] = v
    return metrics, None


def _merge_rankings(entries: list[_Entry]) -> dict[str, dict]:
    """One post, several entries: merged; an entry contradicting an earlier one is rejected."""
    merged: dict[str, dict] = {}
    first_at: dict[tuple[str, str], str] = {}
    for st, row, pid, pub, metrics in entries:
        cur = merged.setdefault(pid, {"published_at": None})
        clash = [m for m, v in metrics.items() if v is not None and cur.get(m) is not None and cur[m] != v]
        if clash:
            st.reject(
                row,
                clash[0],
                f"post already listed in {first_at[(pid, clash[0])]} with a different {clash[0]}",
            )
            continue
        for m, v in metrics.items():
            if v is not None and cur.get(m) is None:
                cur[m] = v
                first_at[(pid, m)] = f"{st.key} row {row}"
        if cur["published_at"] is None:
            cur["published_at"] = pub
    return merged


_SUMMARY = ("total", "totals", "grand total", "overall")


def _data_rows(
    rows: list[list[object]], hi: int, notes: list[str], sheet: str
) -> list[tuple[int, list[object]]]:
    """(sheet row, cells) of the data rows under header `hi`: blank rows skipped,
    a summary row ('Total') is not a record (said in a note)."""
    out = []
    for k, r in enumerate(rows[hi + 1 :]):
        if not r or all(_is_null(c) for c in r):
            continue
        if norm_header(r[0]) in _SUMMARY:
            notes.append(f"{sheet}: the '{r[0]}' row is a summary, not a day: not counted")
            continue
        out.append((hi + 2 + k, r))
    return out


def _header_row(rows: list[list[object]], first: str, anywhere: bool = False) -> int | None:
    for i, r in enumerate(rows[:30]):
        cells = [norm_header(c) for c in r]
        if (anywhere and first in cells) or (cells and cells[0] == first):
            return i
    return None


def _period(rows: list[list[object]]) -> tuple[dt.date, dt.date] | None:
    """'3/24/2025 - 3/23/2026' in the DISCOVERY header row."""
    if not rows or len(rows[0]) < 2 or _is_null(rows[0][1]):
        return None
    parts = re.split(r"\s+[-–]\s+", str(rows[0][1]).strip())
    if len(parts) != 2:
        return None
    col = DateColumn(parts, "period", [])
    a, b = col.parse(parts[0]), col.parse(parts[1])
    return (a.date(), b.date()) if a and b else None


def _followers_day(rows: list[list[object]]) -> dt.date | None:
    for r in rows[:5]:
        mt = _FOLLOWERS_RE.match(str(r[0] or "")) if r else None
        if mt:
            d = DateColumn([mt.group(1)], "", []).parse(mt.group(1))
            return d.date() if d else None
    return None


# --------------------------------------------------------------------------- company page followers / visitors

_PAGE_FILE_RE = re.compile(r"(?i)^(.+?)_(followers|visitors)_\d{13}(?:\s*\(\d+\))?\.xlsx?$")
FOLLOWER_COLUMNS = {
    "organic followers": "organic",
    "sponsored followers": "sponsored",
    "auto-invited followers": "auto_invited",
    "total followers": "total",
}
_DEVICE_RE = re.compile(r"^(.*?)\s*\((desktop|mobile|mobile devices|total)\)\s*$", re.I)
_VISITOR_METRICS = {"total page views": "page_views", "total unique visitors": "unique_visitors"}
PAGE_DEMOGRAPHICS = {
    "location": "location",
    "job function": "job_function",
    "seniority": "seniority",
    "industry": "industry",
    "company size": "company_size",
}
_DEMOGRAPHIC_VALUES = {"total followers": "followers", "total views": "page_views"}


def _page_daily_sheet(sheets: dict[str, list[list[object]]]) -> tuple[str, str, int] | None:
    """(kind, sheet, header row) of a company page followers or visitors export."""
    for name, rows in sheets.items():
        for i, row in enumerate(rows[:10]):
            cells = [norm_header(c) for c in row]
            if not cells or cells[0] != "date":
                continue
            if len(set(cells) & set(FOLLOWER_COLUMNS)) >= 2:
                return "linkedin_page_followers", name, i
            devices = [m.group(2).lower() for m in map(_DEVICE_RE.match, cells) if m]
            if len(devices) >= 3 and "desktop" in devices:
                return "linkedin_page_visitors", name, i
    return None


class LinkedInPageAudienceReader:
    """Company page follower and visitor exports (`<page>_followers_<ts>.xls`, `<page>_visitors_<ts>.xls`).

    Followers: a daily sheet (Date, Sponsored / Organic / Auto-invited / Total followers: new followers
    of the day) -> metric 'new_followers' with dimension 'sponsored', 'organic', 'auto_invited', 'total';
    Visitors: a daily sheet of '<section> page views (desktop | mobile devices | total)' and unique
    visitors -> 'page_views' / 'unique_visitors' (the 'Total' section) or '<section>_page_views', dimension
    'desktop', 'mobile' or 'total'. Both carry demographic sheets (Location, Job function, Seniority,
    Industry, Company size): counts at the export date, metric 'followers' or 'page_views', dimension
    'job_function=<label>'… Counts, never shares: a share is derived from them.
    """

    kind = "linkedin_page_audience"
    platform = "linkedin"
    description = "LinkedIn company page followers or visitors export"

    def _find(self, source: Source):
        if source.container not in ("xlsx", "xls"):
            return None, {}
        sheets = source.sheets()
        found = _page_daily_sheet(sheets)
        m = _PAGE_FILE_RE.match(Path(source.name).name)
        if found is None and m and m.group(2).lower() == "followers":
            # LinkedIn's own file name, a dated sheet, no followers column: read what is there and say
            # what is missing (the demographic sheets are not lost with the daily series)
            for name, rows in sheets.items():
                for i, row in enumerate(rows[:10]):
                    if row and norm_header(row[0]) == "date":
                        return ("linkedin_page_followers", name, i), sheets
        return found, sheets

    def detect(self, source: Source) -> float:
        found, _s = self._find(source)
        return 0.9 if found else 0.0

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        found, sheets = self._find(source)
        if found is None:
            raise RefusedFile("no LinkedIn followers or visitors sheet (a 'Date' column) found")
        kind, name, hi = found
        notes = list(source.notes)
        account = _account(source, options, notes)
        if account is None:
            m = _PAGE_FILE_RE.match(Path(source.name).name)
            if m:
                account = m.group(1).strip().lower()
                notes.append(f"page '{account}' taken from LinkedIn's file name")
            else:
                notes.append(
                    "the file does not name its page: loaded as '(unspecified)'; pass --account "
                    "(nothing is lost: load it again with --account to attach it)"
                )
        rows = sheets[name]
        header = [str(c or "").strip() for c in rows[hi]]
        daily = SheetStage(name, [f"c{j}" for j in range(len(header))], 0)
        stages = [daily]
        self._daily(daily, rows, hi, header, kind, notes)
        days = [m[2] for m in daily.metrics]
        if options.export_date:
            snap = (options.export_date, "export date given")
        elif days:
            snap = (max(days), "the last date in the export")
        else:
            snap = (options.today, "load date (the file states no export date; pass --export-date)")
        for other, orows in sheets.items():
            if other == name:
                continue
            st = SheetStage(other, ["category", "value"], OFFSET * len(stages))
            if self._demographic(st, orows, snap[0], notes):
                stages.append(st)
        return _finish(con, kind, stages, [], account or "(unspecified)", snap, notes)

    def _daily(
        self,
        st: SheetStage,
        rows: list[list[object]],
        hi: int,
        header: list[str],
        kind: str,
        notes: list[str],
    ) -> None:
        cols: list[tuple[int, str, str]] = []  # position, metric, dimension
        for j, h in enumerate(header):
            if j == 0 or not h:
                continue
            b = norm_header(h)
            if kind == "linkedin_page_followers":
                if b in FOLLOWER_COLUMNS:
                    cols.append((j, "new_followers", FOLLOWER_COLUMNS[b]))
                continue
            mt = _DEVICE_RE.match(h)
            if mt:
                base = norm_header(mt.group(1))
                dev = "mobile" if mt.group(2).lower().startswith("mobile") else mt.group(2).lower()
                cols.append((j, _VISITOR_METRICS.get(base, _slug(base)), dev))
        unread = [h for j, h in enumerate(header) if j and h and j not in {c[0] for c in cols}]
        if unread:
            notes.append(f"{st.key}: columns not read: {', '.join(unread)}")
        if kind == "linkedin_page_followers" and not cols:
            missing = (
                "no followers column (expected "
                + ", ".join(f"'{c.capitalize()}'" for c in FOLLOWER_COLUMNS)
                + ")"
            )
            notes.append(f"sheet '{st.key}': {missing}: its rows are kept with the rejected rows")
            for row, r in _data_rows(rows, hi, notes, st.key):
                st.record(row, r)
                st.reject(row, "Total followers", missing)
            return
        _stage_daily_rows(st, rows, hi, header, cols, notes)

    def _demographic(self, st: SheetStage, rows: list[list[object]], snap: dt.date, notes: list[str]) -> bool:
        """A two-column sheet (category, 'Total followers' | 'Total views'); False when it is not one."""
        for i, r in enumerate(rows[:5]):
            cells = [norm_header(c) for c in r]
            if len(cells) >= 2 and cells[0] in PAGE_DEMOGRAPHICS and cells[1] in _DEMOGRAPHIC_VALUES:
                key, metric, hi = PAGE_DEMOGRAPHICS[cells[0]], _DEMOGRAPHIC_VALUES[cells[1]], i
                break
        else:
            if any(any(not _is_null(c) for c in r) for r in rows):
                notes.append(f"sheet '{st.key}': not a demographic table: not read")
            return False
        for k, r in enumerate(rows[hi + 1 :]):
            if not r or all(_is_null(c) for c in r):
                continue
            row = hi + 2 + k
            cells = (list(r) + [None, None])[:2]
            st.record(row, cells)
            if _is_null(cells[0]):
                st.reject(row, str(rows[hi][0]), "missing category")
                continue
            v, ok = _num(cells[1])
            if not ok:
                st.reject(row, str(rows[hi][1]), f"not a number: {cells[1]!r}")
                continue
            st.metric(row, metric, snap, f"{key}={str(cells[0]).strip()}", v)
        st.check_repeats()
        return True


READERS = [LinkedInCompanyContentReader(), LinkedInCreatorReader(), LinkedInPageAudienceReader()]
