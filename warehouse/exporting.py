"""Table downloads (CSV, XLSX) that are safe to open in Excel.

Why: comments and captions are written by strangers. A cell such as
`=HYPERLINK("http://x","click")` or `@SUM(A1)` becomes a live formula when a
CSV is opened in Excel or LibreOffice (CSV/formula injection). Every table the
UI offers for download and every export goes through these functions: string
cells (and column names) starting with = + - @ tab or CR get a leading
apostrophe, numbers are left alone, and XLSX cells are always written as
strings, never formulas. CSV is UTF-8 with a BOM so Excel shows accents.

CSV dialects: French Excel splits a CSV on ";" and reads "0,25" as a number,
so `to_csv_bytes(df, lang="fr")` writes ";" and decimal commas; English keeps
"," and ".". XLSX cells carry number formats (percent, thousands, currency
decimals) so a rate opens as 4.44 %, not 0.0444262.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutral_cell(value: Any) -> Any:
    """One cell as the writers write it: a string a spreadsheet would run as a formula gets a leading apostrophe."""
    return _neutral(value)


def _neutral(value: Any) -> Any:
    # leading spaces do not stop LibreOffice from reading " =1+1" as a formula
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_PREFIXES + ("\n",)):
        return "'" + value
    return value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy where no string cell or column name can be read as a formula."""
    out = df.copy()
    out.columns = [_neutral(c) if isinstance(c, str) else c for c in out.columns]
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_datetime64_any_dtype(col.dtype):
            continue
        if pd.api.types.is_bool_dtype(col.dtype):
            continue
        out.isetitem(i, col.map(_neutral).astype(object))
    return out


def _flat(value: Any) -> Any:
    """Lists and dicts (products, cues) as readable text; missing values as None."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, list | tuple | set):
        return ", ".join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _prepare(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if col.dtype == object:
            out.isetitem(i, col.map(_flat))
    return neutralise_formulas(out)


CSV_DIALECTS: dict[str, tuple[str, str]] = {"en": (",", "."), "fr": (";", ",")}
# excel number format of a column, by the kind of figure it holds
XLSX_FORMATS: dict[str, str] = {
    "percent": "0.00%",
    "percent1": "0.0%",
    "integer": "#,##0",
    "decimal": "#,##0.00",
    "decimal3": "#,##0.000",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}


def to_csv_bytes(df: pd.DataFrame, lang: str = "en") -> bytes:
    """UTF-8 CSV with BOM (Excel reads the accents), formulas neutralised, lists joined with ', '.

    `lang="fr"`: ";" between fields and a decimal comma, the dialect French Excel opens
    in columns; any other language: "," and ".".
    """
    sep, decimal = CSV_DIALECTS.get(lang, CSV_DIALECTS["en"])
    text = _prepare(df).to_csv(index=False, lineterminator="\r\n", sep=sep, decimal=decimal)
    return (BOM + text).encode("utf-8")


def to_csv_text(df: pd.DataFrame) -> str:
    """The same CSV as text without a BOM, for a terminal or a pipe (`relais metrics --csv`)."""
    return _prepare(df).to_csv(index=False, lineterminator="\n")


def _cell_value(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, np.generic):
        v = v.item()
        if isinstance(v, float) and math.isnan(v):
            return None
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        v = v.astimezone(dt.UTC).replace(tzinfo=None)  # Excel has no time zones: UTC, said in the header
    if isinstance(v, dt.time) and v.tzinfo is not None:
        v = v.replace(tzinfo=None)
    if isinstance(v, pd.Timedelta | dt.timedelta):
        return str(v)
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def _default_format(col: pd.Series) -> str | None:
    if pd.api.types.is_bool_dtype(col.dtype):
        return None
    if pd.api.types.is_integer_dtype(col.dtype):
        return XLSX_FORMATS["integer"]
    if pd.api.types.is_datetime64_any_dtype(col.dtype):
        return XLSX_FORMATS["datetime"]
    return None


def _auto_format(col: pd.Series) -> str | None:
    if not pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype):
        return None
    values = col.dropna().astype(float)
    whole = bool(len(values)) and bool(((values - values.round()).abs() < 1e-9).all())
    return "integer" if whole else "decimal"


def to_xlsx_bytes(
    df: pd.DataFrame, sheet_name: str = "data", number_formats: dict[str, str] | None = None
) -> bytes:
    """One-sheet XLSX: neutralised strings stored as strings (data_type 's'), never formulas.

    `number_formats` maps a column name to an XLSX_FORMATS key or a raw Excel format
    ("0.00%"); integer and date columns get thousands / ISO formats by default.
    """
    return to_xlsx_book_bytes({sheet_name: df}, number_formats)


def to_xlsx_book_bytes(
    sheets: dict[str, pd.DataFrame], number_formats: dict[str, str] | None = None
) -> bytes:
    """A workbook with one sheet per frame, each written like `to_xlsx_bytes`."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for sheet_name, df in sheets.items():
        _write_sheet(wb, df, sheet_name, number_formats)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write_sheet(wb: Any, df: pd.DataFrame, sheet_name: str, number_formats: dict[str, str] | None) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
    from openpyxl.styles import Font

    data = _prepare(df)
    title = "".join(ch for ch in str(sheet_name) if ch not in "[]:*?/\\")[:31] or "data"
    ws = wb.create_sheet(title=title)

    given = number_formats or {}
    formats: list[str | None] = []
    for i, name in enumerate(df.columns):
        fmt = given.get(str(name))
        if fmt == "auto":  # whole numbers with thousands, else two decimals
            fmt = _auto_format(df.iloc[:, i])
        formats.append(XLSX_FORMATS.get(fmt, fmt) if fmt else _default_format(df.iloc[:, i]))

    def cell(value: Any, bold: bool = False, number_format: str | None = None) -> WriteOnlyCell:
        value = _cell_value(value)
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value) or None
        c = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            c.data_type = "s"  # belt and braces: a string is never a formula
        elif number_format and isinstance(value, int | float | dt.date) and not isinstance(value, bool):
            c.number_format = number_format
        if bold:
            c.font = Font(bold=True)
        return c

    ws.append([cell(str(c), bold=True) for c in data.columns])
    for row in data.itertuples(index=False, name=None):
        ws.append([cell(v, number_format=f) for v, f in zip(row, formats)])


def write_table(df: pd.DataFrame, path: str | os.PathLike[str], sheet_name: str) -> Path:
    """Write `df` to `path` as .csv or .xlsx by its suffix (formula-safe); any other suffix is refused."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        data = to_csv_bytes(df)
    elif suffix == ".xlsx":
        data = to_xlsx_bytes(df, sheet_name=sheet_name)
    else:
        raise ValueError(f"{path.name}: export to .csv or .xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
