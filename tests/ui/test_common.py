"""ui.common: the download helpers the pages use."""

from __future__ import annotations

import pandas as pd


def test_downloads_neutralise_formulas():
    from ui.common import to_csv_bytes, to_xlsx_bytes

    df = pd.DataFrame({"text": ['=HYPERLINK("http://x")', "+33 6", "ok"], "n": [1, -2, 3]})
    csv = to_csv_bytes(df).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "'+33 6" in csv and "-2" in csv
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(to_xlsx_bytes(df))).active
    values = [c.value for c in ws["A"]]
    assert values[1].startswith("'=") and ws["A2"].data_type == "s"
