"""Downloads that are safe to open in Excel: no cell may become a formula."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd

from warehouse.exporting import neutralise_formulas, to_csv_bytes, to_xlsx_bytes

HOSTILE = ['=HYPERLINK("http://x","click")', "+1+1", "@SUM(A1)", "-2+3", "\t=1", "\r=1"]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "comment": [*HOSTILE, "Très bien, merci ! é à ç", None],
            "likes": [1, -2, 3, 4, 5, 6, 7, 8],
            "rate": [0.5, -0.25, None, 1.0, 0.0, 2.0, 3.0, 4.0],
            "products": [["=cmd", "Doliprane"], [], None, ["Ozempic"], [], [], [], []],
            "published_at": pd.to_datetime(["2026-03-01 08:15"] * 8, utc=True),
            "flag": [True, False] * 4,
        }
    )


def test_neutralise_formulas_strings_only():
    df = _frame()
    df["=evil header"] = "x"
    out = neutralise_formulas(df)
    assert list(out["comment"][:6]) == ["'" + s for s in HOSTILE]
    assert out["comment"][6] == "Très bien, merci ! é à ç"
    assert pd.isna(out["comment"][7])
    assert (
        list(out["likes"]) == list(df["likes"]) and out["likes"].dtype == df["likes"].dtype
    )  # numbers untouched
    assert out["rate"].dtype == df["rate"].dtype
    assert "'=evil header" in out.columns
    assert list(df["comment"][:1]) == [HOSTILE[0]]  # the input is not modified


def test_csv_has_bom_and_no_formula_cell():
    data = to_csv_bytes(_frame())
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert back["comment"][6] == "Très bien, merci ! é à ç"
    for value in back["comment"]:
        assert not str(value).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert back["comment"][0] == "'" + HOSTILE[0]
    assert back["likes"].tolist() == [1, -2, 3, 4, 5, 6, 7, 8]  # negative numbers stay numbers
    assert back["products"][0] == "'=cmd, Doliprane"  # lists are text, neutralised too


def test_xlsx_holds_strings_not_formulas():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(_frame(), sheet_name="commentaires")))
    ws = wb["commentaires"]
    header = [c.value for c in ws[1]]
    assert header == ["comment", "likes", "rate", "products", "published_at", "flag"]
    comments = [ws.cell(row=r, column=1) for r in range(2, 8)]
    for cell, raw in zip(comments, HOSTILE):
        assert cell.data_type == "s", (cell.value, cell.data_type)
        assert cell.value == "'" + raw
    assert ws.cell(row=2, column=1).value == "'" + HOSTILE[0]
    assert ws.cell(row=8, column=1).value == "Très bien, merci ! é à ç"
    assert ws.cell(row=3, column=2).value == -2 and ws.cell(row=3, column=2).data_type == "n"
    assert ws.cell(row=2, column=4).value == "'=cmd, Doliprane"
    assert ws.cell(row=2, column=5).value == dt.datetime(2026, 3, 1, 8, 15)  # UTC, no time zone in Excel
    assert ws.cell(row=2, column=6).value is True
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_xlsx_survives_control_characters_and_odd_sheet_names():
    df = pd.DataFrame({"text": ["bell\x07 here", "ok"], "n": [1, 2]})
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(df, sheet_name="a/b:c?" * 10)))
    ws = wb.active
    assert ws.cell(row=2, column=1).value == "bell here"
    assert len(ws.title) <= 31


def test_empty_frame():
    df = pd.DataFrame({"a": pd.Series([], dtype=object)})
    assert to_csv_bytes(df).decode("utf-8-sig").strip() == "a"
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(df))).active
    assert [c.value for c in ws[1]] == ["a"]
