"""LinkedIn company page followers and visitors exports: daily series and demographic sheets,
written by the test itself (the real layouts: one workbook per export, a daily sheet then one
sheet per demographic)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from etl.base import LoadOptions
from warehouse.loader import load_file

FOLLOWER_HEADER = [
    "Date",
    "Sponsored followers",
    "Organic followers",
    "Auto-invited followers",
    "Total followers",
]
FOLLOWER_ROWS = [
    ["10/01/2026", 0, 12, 1, 13],
    ["10/02/2026", 5, 8, None, 13],
    ["10/03/2026", 0, "n/a?", 0, 0],  # not a number: rejected, the other days stay
    ["10/04/2026", 1, 3, 0, 4],
]
JOB_FUNCTIONS = [["Healthcare Services", 420], ["Research", 80], ["Sales", 25]]


def followers_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "New followers"
    ws.append(FOLLOWER_HEADER)
    for r in FOLLOWER_ROWS:
        ws.append(r)
    jf = wb.create_sheet("Job function")
    jf.append(["Job function", "Total followers"])
    for r in JOB_FUNCTIONS:
        jf.append(r)
    loc = wb.create_sheet("Location")
    loc.append(["Location", "Total followers"])
    loc.append(["Lyon, Auvergne-Rhône-Alpes", 300])
    loc.append([None, 12])  # no category: rejected with its row
    wb.save(path)
    return path


def visitors_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Visitor metrics"
    ws.append(
        ["Date"]
        + [f"Overview page views ({k})" for k in ("desktop", "mobile devices", "total")]
        + [f"Total page views ({k})" for k in ("desktop", "mobile devices", "total")]
        + [f"Total unique visitors ({k})" for k in ("desktop", "mobile devices", "total")]
    )
    ws.append(["10/01/2026", 10, 5, 15, 20, 10, 30, 8, 4, 12])
    ws.append(["10/02/2026", 1, 0, 1, 2, 1, 3, 1, 1, 2])
    ind = wb.create_sheet("Industry")
    ind.append(["Industry", "Total views"])
    ind.append(["Hospitals and Health Care", 25])
    wb.save(path)
    return path


def _series(con, metric: str) -> dict[str, float | None]:
    rows = con.execute(
        "SELECT dimension, strftime(date, '%Y-%m-%d'), value FROM account_metrics WHERE metric = ?", [metric]
    ).fetchall()
    return {f"{d}/{day}": v for d, day, v in rows}


def test_followers_export(con, tmp_path):
    f = followers_xlsx(tmp_path / "laboratoire-exemple_followers_1700000000000.xlsx")
    s = load_file(con, f)
    assert s.status == "loaded", s
    assert s.kind == "linkedin_page_followers"
    assert s.rows_read == 4 + 3 + 2
    assert s.rejected == 2 and s.loaded == 7
    new = _series(con, "new_followers")
    assert new["total/2026-10-01"] == 13 and new["organic/2026-10-02"] == 8
    assert new["auto_invited/2026-10-02"] is None  # empty is not 0
    assert "total/2026-10-03" not in new
    assert s.snapshot_date == "2026-10-04"  # the last day of the series
    jobs = _series(con, "followers")
    assert jobs["job_function=Healthcare Services/2026-10-04"] == 420
    assert con.execute("SELECT DISTINCT account, platform FROM account_metrics").fetchall() == [
        ("laboratoire-exemple", "linkedin")
    ]
    reasons = {r[0] for r in con.execute("SELECT reason FROM rejects").fetchall()}
    assert any("not a number" in r for r in reasons) and "missing category" in reasons


def test_followers_export_without_page_is_kept_and_says_so(con, tmp_path):
    f = followers_xlsx(tmp_path / "export (3).xlsx")
    s = load_file(con, f)
    assert s.status == "loaded"
    assert any("--account" in n for n in s.notes)
    assert con.execute("SELECT DISTINCT account FROM account_metrics").fetchall() == [("(unspecified)",)]
    # the very same file (same bytes) with its page: read again and attached, not skipped as "already loaded"
    s2 = load_file(con, f, LoadOptions(account="@Laboratoire-Exemple"))
    assert s2.status == "loaded"
    assert ("laboratoire-exemple",) in con.execute("SELECT DISTINCT account FROM account_metrics").fetchall()


def test_visitors_export(con, tmp_path):
    s = load_file(con, visitors_xlsx(tmp_path / "laboratoire-exemple_visitors_1700000000000.xlsx"))
    assert s.status == "loaded", s
    assert s.kind == "linkedin_page_visitors"
    views = _series(con, "page_views")
    assert views["total/2026-10-01"] == 30 and views["mobile/2026-10-02"] == 1
    assert views["industry=Hospitals and Health Care/2026-10-02"] == 25
    assert _series(con, "unique_visitors")["total/2026-10-01"] == 12
    assert _series(con, "overview_page_views")["desktop/2026-10-01"] == 10


def test_followers_export_without_a_followers_column_keeps_everything_and_says_so(con, tmp_path):
    """Bad input: LinkedIn's followers file whose daily sheet lost its followers columns. It is not refused
    as 'not a recognised export': the demographic sheets load, each daily row is kept with the rejected
    rows, and the summary names the missing column."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "New followers"
    ws.append(["Date", "Something else"])
    ws.append(["10/01/2026", 3])
    ws.append(["10/02/2026", 4])
    jf = wb.create_sheet("Job function")
    jf.append(["Job function", "Total followers"])
    for r in JOB_FUNCTIONS:
        jf.append(r)
    f = tmp_path / "laboratoire-exemple_followers_1700000000000.xlsx"
    wb.save(f)
    s = load_file(con, f)
    assert s.status == "loaded" and s.kind == "linkedin_page_followers", s
    assert s.loaded == 3 and s.rejected == 2
    assert any("no followers column" in n and "'Total followers'" in n for n in s.notes)
    assert _series(con, "followers")["job_function=Healthcare Services/" + s.snapshot_date] == 420
    assert not _series(con, "new_followers")  # no daily series made up
    rejects = con.execute("SELECT row_number, column_name, reason FROM rejects ORDER BY 1").fetchall()
    assert [(r[0], r[1]) for r in rejects] == [
        (2, "New followers: Total followers"),
        (3, "New followers: Total followers"),
    ]
    assert all("no followers column" in r[2] for r in rejects)
