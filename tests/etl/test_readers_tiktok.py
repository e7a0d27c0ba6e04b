"""TikTok Studio / Business exports: content, account series, distributions, year-less dates."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from etl.base import LoadOptions
from etl.parsing import latest_on_or_before, parse_month_day
from tests.conftest import shared_path
from warehouse.loader import load_file, load_paths

TODAY = dt.date(2026, 11, 23)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
    return path


CONTENT_HEADER = ["Time", "Video title", "Video link", "Post time", "Total likes", "Total comments", "Total shares",
                  "Total views"]  # fmt: skip


def test_month_day_parsing_in_several_languages():
    assert parse_month_day("April 12") == (4, 12)
    assert parse_month_day("12 avril") == (4, 12)
    assert parse_month_day("8 de marzo") == (3, 8)
    assert parse_month_day("1 août") == (8, 1)
    assert parse_month_day("12. März") == (3, 12)
    assert parse_month_day("2026-04-12") is None
    # the year rule: the latest occurrence on or before the reference date
    assert latest_on_or_before(12, 31, dt.date(2026, 2, 28)) == dt.date(2025, 12, 31)
    assert latest_on_or_before(2, 29, dt.date(2026, 3, 1)) == dt.date(2024, 2, 29)


def test_studio_content_yearless_dates_use_export_time(con, tmp_path):
    f = _write(
        tmp_path / "Content.csv",
        CONTENT_HEADER,
        [
            ["February 28", "Dépistage 🎀 #OctobreRose", "https://www.tiktok.com/@infirmiere.claire/video/7527623000473079054",
             "December 16", "533", "32", "16", "191265"],
            ["February 28", "", "https://www.tiktok.com/@infirmiere.claire/video/7531345990947851551", "February 2",
             "1837", "50", "undefined", "30504"],
        ],
    )  # fmt: skip
    s = load_file(con, f, LoadOptions(today=TODAY))
    assert (s.kind, s.rows_read, s.loaded, s.rejected) == ("tiktok_posts", 2, 2, 0)
    assert s.snapshot_date == "2026-02-28"
    assert any("no year" in n and "2026-02-28" in n for n in s.notes)
    got = dict(con.execute("SELECT platform_post_id, published_at FROM posts").fetchall())
    # December 16 is before the export date of Feb 28 2026 -> December 2025
    assert got["7527623000473079054"] == dt.datetime(2025, 12, 16)
    assert got["7531345990947851551"] == dt.datetime(2026, 2, 2)
    row = con.execute(
        "SELECT likes, comments, shares, views, saves, reach FROM post_metrics WHERE post_id = ?",
        ["tiktok:7531345990947851551"],
    ).fetchone()
    assert row == (1837, 50, None, 30504, None, None)  # 'undefined' and absent metrics -> NULL
    assert con.execute("SELECT influencer_id, format FROM posts LIMIT 1").fetchone() == (
        "tiktok:infirmiere.claire", "tiktok_video",
    )  # fmt: skip


def test_year_option_overrides_the_rule(con, tmp_path):
    f = _write(tmp_path / "c.csv", CONTENT_HEADER, [
        ["March 1", "t", "https://www.tiktok.com/@a/video/1234567890123456789", "February 20", "1", "1", "1", "1"],
    ])  # fmt: skip
    s = load_file(con, f, LoadOptions(today=TODAY, year=2024))
    assert s.snapshot_date == "2024-03-01"
    assert con.execute("SELECT published_at FROM posts").fetchone()[0] == dt.datetime(2024, 2, 20)


def test_business_variant_full_timestamps_and_favorites(con, tmp_path):
    header = [
        "Video title",
        "Video link",
        "Post time",
        "Video views",
        "Likes",
        "Comments",
        "Shares",
        "Add to Favorites",
    ]
    f = _write(tmp_path / "TIKTOK_VIDEO_RAW.csv", header, [
        ["Diabète: 3 signes", "https://www.tiktok.com/@dr.mehdi/video/7566000000000000001", "2025/10/31 18:19:10",
         "1200", "80", "9", "4", "15"],
        ["bad", "https://www.tiktok.com/@dr.mehdi/video/7566000000000000002", "2025/11/01 10:00:00", "NAN", "--",
         "1", "1", "1"],
    ])  # fmt: skip
    s = load_file(con, f, LoadOptions(today=TODAY, export_date=dt.date(2025, 11, 30)))
    assert s.loaded == 2
    rows = con.execute("SELECT views, likes, saves FROM post_metrics ORDER BY post_id").fetchall()
    assert rows == [(1200, 80, 15), (None, None, 1)]
    assert con.execute("SELECT min(published_at) FROM posts").fetchone()[0] == dt.datetime(
        2025, 10, 31, 18, 19, 10
    )


def test_overview_series_and_spanish_dates(con, tmp_path):
    f = _write(tmp_path / "Overview.csv", ["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"], [
        ["30 de diciembre", "10", "1", "2", "0", "0"],
        ["31 de diciembre", "12", "1", "3", "0", "1"],
        ["1 de enero", "15", "undefined", "4", "1", "0"],
    ])  # fmt: skip
    s = load_file(con, f, LoadOptions(today=dt.date(2026, 5, 1), account="@Dr.Mehdi"))
    assert (s.kind, s.rows_read, s.loaded) == ("tiktok_overview", 3, 3)
    dates = [r[0] for r in con.execute("SELECT DISTINCT date FROM account_metrics ORDER BY 1").fetchall()]
    assert dates == [dt.date(2025, 12, 30), dt.date(2025, 12, 31), dt.date(2026, 1, 1)]  # across the year end
    assert (
        con.execute(
            "SELECT value FROM account_metrics WHERE metric = 'profile_views' AND date = '2026-01-01'"
        ).fetchone()[0]
        is None
    )
    assert con.execute("SELECT DISTINCT account FROM account_metrics").fetchall() == [("dr.mehdi",)]
    # loading it again from another copy: every row is a duplicate
    g = _write(tmp_path / "Overview (1).csv", ["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"], [
        ["30 de diciembre", "10", "1", "2", "0", "0"], ["31 de diciembre", "12", "1", "3", "0", "1"],
        ["1 de enero", "15", "undefined", "4", "1", "0"], ["1 de enero", "15", "undefined", "4", "1", "0"],
    ])  # fmt: skip
    s2 = load_file(con, g, LoadOptions(today=dt.date(2026, 5, 1), account="dr.mehdi"))
    assert (s2.rows_read, s2.loaded, s2.duplicates, s2.rejected) == (4, 0, 4, 0)


def test_follower_activity_hours_and_distributions(con, tmp_path):
    folder = tmp_path / "Followers_infirmiere.claire"
    folder.mkdir()
    _write(folder / "FollowerActivity.csv", ["Date", "Hour", "Active followers"],
           [["April 1", "0", "491"], ["April 1", "1", "364"]])  # fmt: skip
    _write(folder / "FollowerGender.csv", ["Gender", "Distribution"], [["Female", "0.59"], ["Male", "0.41"]])
    _write(
        folder / "FollowerTopTerritories.csv",
        ["Top territories", "Distribution"],
        [["FR", "0.8"], ["BE", "0.1"]],
    )
    out = load_paths(con, [folder], LoadOptions(today=TODAY, export_date=dt.date(2026, 4, 2)))
    assert [s.status for s in out] == ["loaded"] * 3
    assert {s.kind for s in out} == {
        "tiktok_follower_activity",
        "tiktok_follower_gender",
        "tiktok_follower_territories",
    }
    assert con.execute(
        "SELECT dimension, value FROM account_metrics WHERE metric = 'active_followers' ORDER BY dimension"
    ).fetchall() == [("0", 491.0), ("1", 364.0)]
    assert con.execute(
        "SELECT value FROM account_metrics WHERE metric = 'follower_gender' AND dimension = 'Female'"
    ).fetchone()[0] == pytest.approx(0.59)
    assert con.execute("SELECT DISTINCT account FROM account_metrics").fetchall() == [("infirmiere.claire",)]


def test_xlsx_flavour_numbers_stored_as_text(con, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Overview"
    ws.append(["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"])
    ws.append(["April 12", "1591", "7", "10", "1", "0"])
    ws.append(["April 13", "1154", "1", "5", "0", "0"])
    f = tmp_path / "Overview.xlsx"
    wb.save(f)
    s = load_file(con, f, LoadOptions(today=TODAY, account="a"))
    assert (s.kind, s.rows_read, s.loaded) == ("tiktok_overview", 2, 2)
    assert (
        con.execute("SELECT sum(value) FROM account_metrics WHERE metric = 'video_views'").fetchone()[0]
        == 2745
    )


def test_bad_link_is_rejected_with_reason(con, tmp_path):
    f = _write(tmp_path / "c.csv", CONTENT_HEADER, [
        ["March 1", "ok", "https://www.tiktok.com/@a/video/1234567890123456789", "February 20", "1", "1", "1", "1"],
        ["March 1", "ko", "https://example.com/x", "February 21", "1", "1", "1", "1"],
    ])  # fmt: skip
    s = load_file(con, f, LoadOptions(today=TODAY))
    assert (s.loaded, s.rejected) == (1, 1)
    assert con.execute("SELECT row_number, column_name FROM rejects").fetchone() == (3, "Video link")


# --------------------------------------------------------------------------- real files


def _records(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_real_studio_export_folder(con):
    folder = shared_path("real_exports", "tiktok", "haileytupy_studio_export")
    out = load_paths(con, [folder], LoadOptions(today=TODAY))
    assert all(s.status == "loaded" for s in out), [(s.file, s.message) for s in out]
    for s in out:
        assert s.rows_read == s.loaded + s.rejected + s.duplicates
    contents = sorted(folder.glob("Content*.csv"))
    links = {r["Video link"] for f in contents for r in _records(f)}
    assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == len(links)
    overview = _records(folder / "Overview.csv")
    assert con.execute("SELECT sum(value) FROM account_metrics WHERE metric = 'video_views'").fetchone()[
        0
    ] == sum(float(r["Video Views"]) for r in overview)
    # 'undefined' viewers are NULL, not 0
    undefined = sum(1 for r in _records(folder / "Viewers.csv") if r["Total Viewers"] == "undefined")
    assert undefined > 0
    assert (
        con.execute(
            "SELECT count(*) FROM account_metrics WHERE metric = 'viewers' AND value IS NULL"
        ).fetchone()[0]
        == undefined
    )


@pytest.mark.parametrize("name", ["BossZY27__Overview.csv", "BossZY27__Overview.xlsx"])
def test_real_overview_csv_and_xlsx(con, name):
    f = shared_path("real_exports", "tiktok", name)
    s = load_file(con, f, LoadOptions(today=TODAY, account="bosszy27"))
    assert s.status == "loaded" and s.rows_read == s.loaded
    csv_rows = _records(shared_path("real_exports", "tiktok", "BossZY27__Overview.csv"))
    assert s.rows_read == len(csv_rows)
    assert con.execute("SELECT sum(value) FROM account_metrics WHERE metric = 'likes'").fetchone()[0] == sum(
        float(r["Likes"]) for r in csv_rows
    )
