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


def test_french_csv_uses_semicolons_and_decimal_commas():
    """French Excel splits on ';' and reads '0,25' as a number: the French download must be that dialect."""
    df = pd.DataFrame({"campagne": ["OR26", "Dénutrition, seniors"], "taux": [0.0444, 0.25], "n": [1200, 3]})
    fr = to_csv_bytes(df, lang="fr").decode("utf-8-sig").splitlines()
    assert fr[0] == "campagne;taux;n"
    assert fr[1] == "OR26;0,0444;1200"
    assert fr[2] == "Dénutrition, seniors;0,25;3"  # a comma in text needs no quoting with ';'
    back = pd.read_csv(io.StringIO("\n".join(fr)), sep=";", decimal=",")
    assert back["taux"].tolist() == [0.0444, 0.25]
    en = to_csv_bytes(df, lang="en").decode("utf-8-sig").splitlines()
    assert en[0] == "campagne,taux,n" and en[1] == "OR26,0.0444,1200"


def test_xlsx_number_formats():
    df = pd.DataFrame(
        {
            "rate": [0.0444, None],
            "reach": [26778669.0, 12.0],
            "cpe": [0.123456, 1.5],
            "posts": [799, 3],
            "label": ["a", "=b"],
            "day": pd.to_datetime(["2026-03-01", "2026-03-02"]),
        }
    )
    data = to_xlsx_bytes(df, number_formats={"rate": "percent", "reach": "auto", "cpe": "decimal"})
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    fmt = {ws.cell(row=1, column=j).value: ws.cell(row=2, column=j).number_format for j in range(1, 7)}
    assert fmt["rate"] == "0.00%"
    assert fmt["reach"] == "#,##0"  # whole numbers stored as float still read with thousands
    assert fmt["cpe"] == "#,##0.00"
    assert fmt["posts"] == "#,##0"  # integers by default
    assert fmt["label"] == "General"  # strings untouched
    assert fmt["day"].startswith("yyyy-mm-dd")
    assert ws.cell(row=2, column=1).value == 0.0444  # the value stays exact, only its display changes


def test_table_downloads_take_formats_from_column_config():
    import streamlit as st

    from ui.common import xlsx_formats

    cfg = {
        "engagement_rate": st.column_config.NumberColumn("Taux", format="percent"),
        "posts": st.column_config.NumberColumn("Publications", format="localized"),
        "cpe": st.column_config.NumberColumn("CPE", format="%.3f"),
        "start": st.column_config.DateColumn("Début", format="localized"),
        "name": st.column_config.TextColumn("Nom"),
    }
    assert xlsx_formats(cfg) == {
        "Taux": "percent",
        "Publications": "auto",
        "CPE": "decimal3",
        "Début": "date",
    }
