"""Instagram exports: content export (2024 and 2025 orders), Insights daily series, quirks."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from etl.base import LoadOptions
from tests.conftest import shared_path
from warehouse.loader import load_file

HEADER_2025 = [
    "Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)",
    "Publish time", "Permalink", "Post type", "Data comment", "Date", "Views", "Reach", "Likes",
    "Shares", "Follows", "Comments", "Saves",
]  # fmt: skip
HEADER_2024 = [
    "Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)",
    "Publish time", "Permalink", "Post type", "Data comment", "Date", "Reach", "Likes", "Shares",
    "Follows", "Comments", "Saves", "Views",
]  # fmt: skip

ROWS = [
    # post id, account, caption, duration, publish time, permalink, type, views, reach, likes, shares, follows, comments, saves
    ["18160563013405972", "infirmiere.claire", "Octobre Rose 🎀\nLe dépistage sauve des vies.\n#OctobreRose #pub",
     "55", "10/03/2026 08:24", "https://www.instagram.com/reel/DS7zYdbioBc/", "IG reel",
     "1085", "762", "47", "1", "0", "1", "1"],
    ["18031208150569748", "dr.mehdi", "Mammographie: vos questions", "", "10/15/2026 18:05",
     "https://www.instagram.com/p/DS5ZIWnjR4N/", "IG carousel", "25992", "17483", "321", "120", "", "45", "88"],
    ["18031208150569749", "dr.mehdi", "Story du jour", "", "10/16/2026 09:00",
     "https://www.instagram.com/stories/dr.mehdi/1/", "IG story", "900", "850", "", "", "", "", ""],
]  # fmt: skip


def _write_content(path: Path, header: list[str], rows: list[list[str]], encoding="utf-8-sig", delimiter=","):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        pid, acct, cap, dur, pub, link, typ, views, reach, likes, shares, follows, comments, saves = r
        values = {
            "Post ID": pid, "Account ID": "17841463586376007", "Account username": acct, "Account name": acct.title(),
            "Description": cap, "Duration (sec)": dur, "Publish time": pub, "Permalink": link, "Post type": typ,
            "Data comment": "", "Date": "Lifetime", "Views": views, "Reach": reach, "Likes": likes, "Shares": shares,
            "Follows": follows, "Comments": comments, "Saves": saves,
        }  # fmt: skip
        w.writerow([values[h] for h in header])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def test_content_export_2025_loads_values_and_nulls(con, tmp_path):
    f = _write_content(tmp_path / "Oct-01-2026_Oct-31-2026_1234567890123456.csv", HEADER_2025, ROWS)
    s = load_file(con, f)
    assert (s.status, s.kind, s.rows_read, s.loaded, s.rejected, s.duplicates) == (
        "loaded", "instagram_posts", 3, 3, 0, 0,
    )  # fmt: skip
    assert s.snapshot_date == "2026-10-31"  # end of the period in Meta's file name
    post = con.execute(
        "SELECT influencer_id, published_at, format, format_family, caption FROM posts WHERE platform_post_id = ?",
        ["18160563013405972"],
    ).fetchone()
    assert post[0] == "instagram:infirmiere.claire"
    assert post[1] == dt.datetime(2026, 10, 3, 8, 24)
    assert post[2:4] == ("ig_reel", "short_video")
    assert "\n" in post[4]  # multi-line caption kept whole
    m = con.execute(
        "SELECT views, reach, likes, shares, follows, comments, saves, impressions FROM post_metrics "
        "WHERE post_id = 'instagram:18031208150569748'"
    ).fetchone()
    # empty Follows -> NULL, and Impressions is not in the export -> NULL (never 0)
    assert m == (25992, 17483, 321, 120, None, 45, 88, None)
    story = con.execute(
        "SELECT likes, reach FROM post_metrics WHERE post_id = 'instagram:18031208150569749'"
    ).fetchone()
    assert story == (None, 850)


def test_2024_column_order_maps_by_name(con, tmp_path):
    f = _write_content(tmp_path / "export.csv", HEADER_2024, ROWS[:1])
    s = load_file(con, f)
    assert s.loaded == 1
    assert con.execute("SELECT views, reach, saves FROM post_metrics").fetchone() == (1085, 762, 1)


def test_reload_same_file_changes_nothing(con, tmp_path):
    f = _write_content(tmp_path / "a.csv", HEADER_2025, ROWS)
    load_file(con, f)
    before = con.execute("SELECT count(*) FROM load_files").fetchone()[0]
    s = load_file(con, f)
    assert s.status == "already_loaded" and s.duplicates == 3 and s.loaded == 0
    assert con.execute("SELECT count(*) FROM load_files").fetchone()[0] == before
    assert con.execute("SELECT count(*) FROM post_metrics").fetchone()[0] == 3


def test_newer_export_adds_snapshot_and_updates_latest(con, tmp_path):
    old = _write_content(tmp_path / "Oct-01-2026_Oct-20-2026_1.csv", HEADER_2025, ROWS[:1])
    newer_rows = [ROWS[0][:7] + ["2000", "1500", "90", "3", "1", "4", "2"]]
    new = _write_content(tmp_path / "Oct-01-2026_Nov-15-2026_1.csv", HEADER_2025, newer_rows)
    load_file(con, old)
    s = load_file(con, new)
    assert s.loaded == 1
    assert con.execute("SELECT count(*) FROM post_metrics").fetchone()[0] == 2  # history kept
    latest = con.execute("SELECT snapshot_date, views, likes FROM post_metrics_latest").fetchone()
    assert latest == (dt.date(2026, 11, 15), 2000, 90)


def test_same_posts_in_another_file_same_date_are_duplicates(con, tmp_path):
    a = _write_content(tmp_path / "a.csv", HEADER_2025, ROWS)
    b = _write_content(tmp_path / "b.csv", HEADER_2025, ROWS + [ROWS[0]])  # + an in-file repeat
    opts = LoadOptions(export_date=dt.date(2026, 11, 1))
    load_file(con, a, opts)
    s = load_file(con, b, opts)
    assert (s.rows_read, s.loaded, s.rejected, s.duplicates) == (4, 0, 0, 4)


def test_bad_rows_are_quarantined_with_row_column_reason(con, tmp_path):
    rows = [
        ROWS[0],
        ["1.80312E+16", "dr.mehdi", "x", "", "10/15/2026 18:05", "https://www.instagram.com/p/X/", "IG image",
         "1", "1", "1", "1", "1", "1", "1"],
        ["18031208150569800", "dr.mehdi", "x", "", "10/15/2026 18:05", "https://www.instagram.com/p/Y/", "IG image",
         "1", "1", "beaucoup", "1", "1", "1", "1"],
        ["18031208150569801", "dr.mehdi", "x", "", "not a date", "https://www.instagram.com/p/Z/", "IG image",
         "1", "1", "1", "1", "1", "1", "1"],
    ]  # fmt: skip
    f = _write_content(tmp_path / "bad.csv", HEADER_2025, rows)
    s = load_file(con, f)
    assert (s.rows_read, s.loaded, s.rejected, s.duplicates) == (4, 1, 3, 0)
    rej = con.execute(
        "SELECT row_number, column_name, reason, raw_row FROM rejects ORDER BY row_number"
    ).fetchall()
    assert [(r[0], r[1]) for r in rej] == [(3, "Post ID"), (4, "Likes"), (5, "Publish time")]
    assert "scientific notation" in rej[0][2] and "1.80312E+16" in rej[0][2]
    assert "beaucoup" in rej[1][2]
    assert "beaucoup" in rej[2][3] or "not a date" in rej[2][3]


def test_excel_resave_semicolon_cp1252_ddmm(con, tmp_path):
    rows = [r[:] for r in ROWS[:2]]
    rows[0][2] = "Dépistage – octobre"
    rows[0][4] = "25/10/2026 08:24"  # a day above 12 first: dd/mm/yyyy
    rows[1][4] = "03/10/2026 18:05"
    f = _write_content(tmp_path / "resaved.csv", HEADER_2025, rows, encoding="cp1252", delimiter=";")
    s = load_file(con, f)
    assert s.loaded == 2, s
    assert any("dd/mm" in n for n in s.notes)
    assert any("cp1252" in n.lower() or "windows-1252" in n.lower() for n in s.notes)
    got = dict(con.execute("SELECT platform_post_id, published_at FROM posts").fetchall())
    assert got["18031208150569748"] == dt.datetime(2026, 10, 3, 18, 5)
    assert (
        con.execute("SELECT caption FROM posts WHERE caption LIKE 'D%'").fetchone()[0]
        == "Dépistage – octobre"
    )


def test_excel_wrapped_lines_are_unwrapped(con, tmp_path):
    plain = _write_content(tmp_path / "plain.csv", HEADER_2025, [ROWS[1]], encoding="utf-8")
    lines = plain.read_text(encoding="utf-8").splitlines()
    wrapped = "".join('"' + line.replace('"', '""') + '"\n' for line in lines)
    f = tmp_path / "wrapped.csv"
    f.write_bytes(("\ufeff" + wrapped).encode("utf-8"))
    s = load_file(con, f)
    assert s.loaded == 1, s
    assert con.execute("SELECT likes, saves FROM post_metrics").fetchone() == (321, 88)


def _insights(path: Path, title: str, rows: list[tuple[str, str]]) -> Path:
    lines = ["sep=,", f'"{title}"', '"Date","Primary"'] + [
        f'"{d}","{v}"' if v else f'"{d}",' for d, v in rows
    ]
    path.write_bytes(b"\xff\xfe" + ("\n".join(lines) + "\n").encode("utf-16-le"))
    return path


def test_insights_daily_series_utf16(con, tmp_path):
    folder = tmp_path / "insights_infirmiere.claire"
    folder.mkdir()
    f = _insights(
        folder / "views.csv", "Instagram follows", [("2026-10-01T00:00:00", "4"), ("2026-10-02T00:00:00", "")]
    )
    s = load_file(con, f)
    assert (s.kind, s.rows_read, s.loaded) == ("meta_daily_series", 2, 2)
    rows = con.execute(
        "SELECT platform, account, metric, date, value FROM account_metrics ORDER BY date"
    ).fetchall()
    assert rows == [
        ("instagram", "infirmiere.claire", "follows", dt.date(2026, 10, 1), 4.0),
        ("instagram", "infirmiere.claire", "follows", dt.date(2026, 10, 2), None),
    ]


def test_failed_file_leaves_warehouse_unchanged(con, tmp_path):
    good = _write_content(tmp_path / "good.csv", HEADER_2025, ROWS)
    load_file(con, good)
    snapshot = con.execute("SELECT count(*), sum(likes) FROM post_metrics").fetchone()
    junk = tmp_path / "junk.csv"
    junk.write_text("hello,world\n1,2\n")
    s = load_file(con, junk)
    assert s.status == "failed" and "not a recognised export" in s.message and "hello" in s.message
    assert con.execute("SELECT count(*), sum(likes) FROM post_metrics").fetchone() == snapshot
    assert (
        con.execute("SELECT status FROM load_files ORDER BY file_id DESC LIMIT 1").fetchone()[0] == "failed"
    )


def test_crash_mid_write_rolls_back(con, tmp_path, monkeypatch):
    import warehouse.loader as loader

    f = _write_content(tmp_path / "a.csv", HEADER_2025, ROWS)

    def boom(*a, **k):
        raise RuntimeError("disk full (simulated)")

    monkeypatch.setitem(loader.WRITERS, "posts", boom)
    s = load_file(con, f)
    assert s.status == "failed" and "disk full" in s.message
    assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM influencers").fetchone()[0] == 0
    monkeypatch.undo()
    assert load_file(con, f).loaded == 3  # the failed attempt does not block a retry


# --------------------------------------------------------------------------- real files


def _csv_records(path: Path, encoding="utf-8-sig") -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode(encoding))))


def test_real_instagram_content_export_benzco89(con):
    f = next(shared_path("real_exports", "instagram", "benzco89").glob("*.csv"))
    records = _csv_records(f)
    s = load_file(con, f)
    assert s.status == "loaded" and s.rows_read == len(records) == s.loaded
    assert con.execute("SELECT count(DISTINCT influencer_id) FROM posts").fetchone()[0] == len(
        {r["Account username"] for r in records}
    )
    assert con.execute("SELECT sum(views) FROM post_metrics").fetchone()[0] == sum(
        int(r["Views"]) for r in records
    )


def test_real_instagram_excel_wrapped_export(con):
    f = shared_path("real_exports", "instagram", "vsbperoto", "INSTAGRAM_RAW.csv")
    s = load_file(con, f)
    assert s.status == "loaded"
    assert s.rows_read == s.loaded + s.rejected + s.duplicates
    # one record has no post id: Meta wrote "An error occurred while computing metadata"
    assert s.rejected == 1
    assert "missing post ID" in con.execute("SELECT reason FROM rejects").fetchone()[0]
    # every loaded permalink is an Instagram URL and every publish time parsed
    assert (
        con.execute(
            "SELECT count(*) FROM posts WHERE permalink NOT LIKE 'https://www.instagram.com/%'"
        ).fetchone()[0]
        == 0
    )
    assert con.execute("SELECT count(*) FROM posts WHERE published_at IS NULL").fetchone()[0] == 0


@pytest.mark.parametrize("name", ["IG VIEWS.csv", "IG_FOLLOWS.csv", "IG_LINK_CLICKS.csv", "IG_VISITS.csv"])
def test_real_instagram_insights(con, name):
    f = shared_path("real_exports", "instagram", "vsbperoto", name)
    text = f.read_bytes().decode("utf-16")
    data_lines = [ln for ln in text.splitlines()[3:] if ln.strip()]
    expected_sum = sum(float(ln.split(",")[1].strip('"')) for ln in data_lines if ln.split(",")[1].strip('"'))
    s = load_file(con, f, LoadOptions(account="vintagerest.bg"))
    assert s.rows_read == len(data_lines) == s.loaded
    assert con.execute("SELECT coalesce(sum(value), 0) FROM account_metrics").fetchone()[0] == pytest.approx(
        expected_sum
    )
