"""Value parsing shared by readers: NULL tokens, numbers, dates.

Numbers and timestamps are parsed in SQL (DuckDB) so that a million-row export
stays fast; the *choice* of format (dd/mm or mm/dd, decimal comma, year-less
dates) is made once per file in Python from the distinct values, and reported.
Every SQL fragment here quotes identifiers it was given by the reader (never a
header from the file) and inlines only constants defined in this module.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

NULL_TOKENS = ("", "undefined", "nan", "null", "none", "--", "-", "n/a", "na", "—", "–", "∞")
_NULL_SQL = ", ".join("'" + t.replace("'", "''") + "'" for t in NULL_TOKENS)


def q(ident: str) -> str:
    """Quote an identifier the reader chose (letters, digits, underscore only)."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", ident):
        raise ValueError(f"unsafe identifier {ident!r}")
    return f'"{ident}"'


_MAX_TOKEN = max(len(t) for t in NULL_TOKENS) + 4  # room for surrounding spaces


def sql_is_null(col: str) -> str:
    """True for NULL and the NULL tokens; long texts (captions) skip the lower/trim work."""
    c = q(col)
    return f"({c} IS NULL OR (length({c}) <= {_MAX_TOKEN} AND lower(trim({c})) IN ({_NULL_SQL})))"


def sql_text(col: str) -> str:
    c = q(col)
    return f"(CASE WHEN {sql_is_null(col)} THEN NULL ELSE trim({c}) END)"


def sql_num(col: str, decimal: str = ".") -> str:
    """A number from text: thousands separators and spaces removed, `,` decimals if the file uses them.

    Plain numbers take a direct cast (fast on million-row files); only values that
    fail it go through the cleaning regexes.
    """
    c = q(col)
    cleaned = f"regexp_replace(trim({c}), '[\\s\\x{{00a0}}\\x{{202f}}%]', '', 'g')"
    if decimal == ",":
        cleaned = f"replace(replace({cleaned}, '.', ''), ',', '.')"
        return f"(CASE WHEN {sql_is_null(col)} THEN NULL ELSE TRY_CAST({cleaned} AS DOUBLE) END)"
    cleaned = f"replace({cleaned}, ',', '')"
    slow = f"(CASE WHEN {sql_is_null(col)} THEN NULL ELSE TRY_CAST({cleaned} AS DOUBLE) END)"
    fast = f"(CASE WHEN isfinite(TRY_CAST({c} AS DOUBLE)) THEN TRY_CAST({c} AS DOUBLE) END)"
    return f"(CASE WHEN {c} IS NULL THEN NULL ELSE coalesce({fast}, {slow}) END)"


def sql_num_invalid(col: str, decimal: str = ".") -> str:
    return f"(NOT {sql_is_null(col)} AND {sql_num(col, decimal)} IS NULL)"


def sql_ts(col: str, fmt: str | list[str]) -> str:
    """Parse with one format, or the first of several that fits (hand-edited files mix them)."""
    c = q(col)
    fmts = [fmt] if isinstance(fmt, str) else list(fmt)
    lit = ", ".join("'" + f.replace("'", "''") + "'" for f in fmts)
    arg = lit if len(fmts) == 1 else f"[{lit}]"
    return f"(CASE WHEN {sql_is_null(col)} THEN NULL ELSE try_strptime(trim({c}), {arg}) END)"


SCI_ID_RE = r"^[0-9]+([.,][0-9]+)?[eE][+]?[0-9]+$"


def sql_sci_id(col: str) -> str:
    """True when an ID was turned into scientific notation by a spreadsheet (lost digits)."""
    return f"regexp_matches(trim({q(col)}), '{SCI_ID_RE}')"


def detect_decimal(values: list[str]) -> str:
    """',' when numbers in this file use a decimal comma (`1,5`, `1.234,5`)."""
    comma = dot = 0
    for v in values:
        v = (v or "").strip()
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d+|-?\d+,\d{1,2}", v):
            comma += 1
        elif re.fullmatch(r"-?\d{1,3}(,\d{3})+\.\d+|-?\d+\.\d+", v):
            dot += 1
    return "," if comma > dot else "."


# --------------------------------------------------------------------------- dates


def number_decimal(values: list[str | None]) -> str:
    """',' when the file writes decimals with a comma (`1384,37`), else '.'.

    Stricter than `etl.parsing.detect_decimal` about long fractions: platform CSVs
    never use thousands separators, so `1384,3735` is a decimal comma.
    """
    comma = dot = 0
    for v in values:
        v = (v or "").strip()
        if re.fullmatch(r"-?\d+,\d+", v):
            comma += 1
        elif re.fullmatch(r"-?\d+\.\d+", v):
            dot += 1
    return "," if comma > dot else "."


_DMY_MDY = [
    ("{a}/{b}/%Y %H:%M:%S", "/"),
    ("{a}/{b}/%Y %H:%M", "/"),
    ("{a}/{b}/%Y", "/"),
    ("{a}.{b}.%Y %H:%M:%S", "."),
    ("{a}.{b}.%Y %H:%M", "."),
    ("{a}.{b}.%Y", "."),
    ("{a}-{b}-%Y %H:%M:%S", "-"),
    ("{a}-{b}-%Y %H:%M", "-"),
    ("{a}-{b}-%Y", "-"),
    ("{a}/{b}/%y %H:%M", "/"),
    ("{a}/{b}/%y", "/"),
]
_UNAMBIGUOUS = [
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M %z",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%a, %b %d, %Y",
    "%b %d, %Y",
    "%d %b %Y",
    "%B %d, %Y",
]


@dataclass
class DateChoice:
    fmt: str | None
    note: str | None
    unparsed: int


def _parses(fmt: str, v: str) -> bool:
    try:
        dt.datetime.strptime(v, fmt)
        return True
    except ValueError:
        return False


def infer_datetime_format(values: list[str], prefer: str = "mdy", what: str = "dates") -> DateChoice:
    """Pick one format for a column from its distinct values.

    dd/mm vs mm/dd is decided per file: a first part above 12 means dd/mm, a
    second part above 12 means mm/dd; when every value fits both, `prefer` (the
    platform's own default) wins and the choice is reported as ambiguous.
    """
    vals = [v.strip() for v in values if v and v.strip() and v.strip().lower() not in NULL_TOKENS]
    if not vals:
        return DateChoice(None, None, 0)
    sample = vals[:2000]
    candidates: list[str] = list(_UNAMBIGUOUS)
    for tmpl, _sep in _DMY_MDY:
        candidates.append(tmpl.format(a="%m", b="%d"))
        candidates.append(tmpl.format(a="%d", b="%m"))
    # Cheap elimination first: most formats fail on the first values they see.
    head = sample[:200]
    fitting = [f for f in candidates if all(_parses(f, v) for v in head)]
    if not fitting:
        head_scores = {f: sum(_parses(f, v) for v in head) for f in candidates}
        top = max(head_scores.values())
        fitting = [f for f in candidates if head_scores[f] == top and top > 0]
    scores = {f: sum(_parses(f, v) for v in sample) for f in fitting} or {candidates[0]: 0}
    best = max(scores.values())
    if best == 0:
        return DateChoice(None, f"{what}: no known date format matched (e.g. {sample[0]!r})", len(vals))
    winners = [f for f in candidates if scores.get(f) == best]
    fmt = winners[0]
    note = None
    mdy = [f for f in winners if f.startswith("%m")]
    dmy = [f for f in winners if f.startswith("%d") and ("/" in f or "." in f or "-" in f[:6])]
    if mdy and dmy:
        fmt = mdy[0] if prefer == "mdy" else dmy[0]
        note = (
            f"{what}: every value fits both dd/mm and mm/dd; read as "
            f"{'mm/dd' if prefer == 'mdy' else 'dd/mm'} (the default for this kind of file)"
        )
    elif fmt.startswith("%d/") or fmt.startswith("%d.") or fmt.startswith("%d-"):
        note = f"{what}: read as dd/mm/yyyy (a day above 12 appears first)"
    elif fmt.startswith("%m/") and prefer == "dmy":
        note = f"{what}: read as mm/dd/yyyy (a day above 12 appears second)"
    unparsed = len(sample) - best
    return DateChoice(fmt, note, unparsed)


MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "janv": 1, "févr": 2, "fevr": 2, "avr": 4, "juil": 7,
    "déc": 12,
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    # German
    "januar": 1, "februar": 2, "märz": 3, "maerz": 3, "juni": 6, "juli": 7, "oktober": 10,
    "dezember": 12,
    # Italian / Portuguese
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12, "janeiro": 1, "fevereiro": 2, "março": 3,
    "maio": 5, "junho": 6, "julho": 7, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
}  # fmt: skip

_MD_RE = re.compile(r"^\s*([^\d\s.,]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*$", re.I)
_DM_RE = re.compile(r"^\s*(\d{1,2})\.?\s*(?:de\s+)?([^\d\s.,]+)\.?\s*$", re.I)


def parse_month_day(value: str) -> tuple[int, int] | None:
    """'April 12', '12 avril', '8 de marzo', '12. März' -> (month, day); None otherwise."""
    if not value:
        return None
    v = value.strip()
    m = _MD_RE.match(v)
    if m:
        month, day = MONTHS.get(m.group(1).casefold()), int(m.group(2))
    else:
        m = _DM_RE.match(v)
        if not m:
            return None
        month, day = MONTHS.get(m.group(2).casefold()), int(m.group(1))
    if not month or not 1 <= day <= 31:
        return None
    return month, day


def latest_on_or_before(month: int, day: int, ref: dt.date) -> dt.date | None:
    """The most recent (month, day) that is not after `ref` (documented year rule)."""
    for year in range(ref.year, ref.year - 8, -1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue  # 29 February in a non-leap year
        if d <= ref:
            return d
    return None


def is_yearless(values: list[str]) -> bool:
    vals = [v for v in values if v and v.strip() and v.strip().lower() not in NULL_TOKENS]
    return bool(vals) and all(parse_month_day(v) for v in vals[:200])


@dataclass
class YearRule:
    """How dates without a year are placed: in the 12 months up to `reference`."""

    reference: dt.date
    basis: str

    def note(self, what: str) -> str:
        return (
            f"'{what}' values have no year: each is placed on its most recent occurrence on or "
            f"before {self.reference.isoformat()} ({self.basis}); use --year or "
            f"--export-date to change this"
        )


def year_rule(
    export_md: tuple[int, int] | None,
    last_md: tuple[int, int] | None,
    today: dt.date,
    year: int | None = None,
    export_date: dt.date | None = None,
) -> YearRule:
    """Choose the reference date for year-less dates.

    Order: an explicit --export-date; the export date found in the file (TikTok's
    `Time` column) in --year or else its latest occurrence up to today; the last
    date of the series in --year or else up to today; today.
    """
    if export_date:
        return YearRule(export_date, "the export date given")
    md = export_md or last_md
    basis = "the export date in the file's Time column" if export_md else "the file's last date"
    if md:
        if year:
            try:
                return YearRule(dt.date(year, *md), f"{basis}, in the year given ({year})")
            except ValueError:
                pass
        ref = latest_on_or_before(md[0], md[1], today)
        if ref:
            return YearRule(ref, f"{basis}, taken as its latest occurrence up to the load date {today}")
    if year:
        return YearRule(dt.date(year, 12, 31), f"the year given ({year})")
    return YearRule(today, "the load date")
