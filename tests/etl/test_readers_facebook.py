"""Facebook exports: post export (two column orders, drift), video export (Excel-wrapped and
`;` re-saves), per-metric daily series re-saved by Excel, stacked-block Audience and
Top content formats with decimals corrupted into CP1251 dates, and the real files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from etl.base import LoadOptions
from tests.conftest import shared_path
from warehouse.loader import load_file

# --------------------------------------------------------------------------- post export

# 2025 order: Views right after Date, clicks split, drifting negative-feedback columns
HEADER_2025 = [
    "Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
    "Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages", "Custom labels",
    "Funded content status", "Data comment", "Date", "Views", "Reach", "Reactions, Comments and Shares",
    "Reactions", "Comments", "Shares", "Total clicks", "Link clicks", "Other clicks",
    "Negative feedback from users: Hide", "Unique negative feedback from users: Hide",
    "Seconds viewed", "Average Seconds viewed", "Percentage of total views at interval 0",
    "Percentage of total views at interval 1", "3-second video views by country (France (FR))",
]  # fmt: skip
# 2024 order (as in the benzco89 export): no Views up front, Reach first, clicks in another
# order, retention curves and per-country columns, then Views far to the right
HEADER_2024 = [
    "Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
    "Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages", "Custom labels",
    "Funded content status", "Data comment", "Date", "Reach", "Reactions, Comments and Shares",
    "Reactions", "Comments", "Shares", "Seconds viewed", "Average Seconds viewed",
    "Estimated earnings (USD)", "Ad impressions", "Total clicks", "Other Clicks", "Link Clicks",
    "Reach from Organic posts", "Reach from Boosted posts", "3-second video views",
    "Percentage of total views at interval 0", "Percentage of total views at interval 1",
    "3-second video views by top audience (M, 25-34)", "3-second video views by country (Israel (IL))",
    "Views", "Views from Organic posts", "Views from Boosted posts",
    "Negative feedback from users: Hide all", "Unique negative feedback from users: Hide all",
]  # fmt: skip

PAGE = "100064467291406"
POSTS = [
    # id, title, description, duration, publish, type, funded, views, reach, reactions, comments, shares, clicks, seconds, avg
    ["1002822028543364", "Octobre Rose 🎀\nLe dépistage sauve des vies. #OctobreRose", "", "0",
     "10/03/2026 08:24", "Photos", "", "5210", "4841", "636", "123", "45", "210", "", ""],
    ["1002822028543365", "Vaccination: vos questions", "Une vidéo de 30 s #partenariat", "30",
     "10/15/2026 18:05", "Reels", "Boosted", "25992", "17483", "321", "45", "120", "88", "51200.5", "4.25"],
    ["1002822028543366", "Lien vers l'article", "Article de fond", "0", "10/16/2026 09:00", "Links", "",
     "900", "850", "12", "0", "--", "", "", ""],
    ["1002822028543367", "Album du congrès", "", "0", "10/17/2026 12:00", "Albums", "", "700", "650", "30",
     "2", "1", "4", "", ""],
    ["1002822028543368", "Live Q&A", "", "1800", "10/18/2026 19:00", "Live", "", "3000", "2500", "80", "40",
     "5", "10", "90000", "30"],
    ["1002822028543369", "Juste du texte", "", "0", "10/19/2026 07:30", "Text", "", "100", "90", "3", "1",
     "0", "", "", ""],
]  # fmt: skip
BAD_POSTS = [
    ["1.00282E+15", "Ligne abîmée par Excel", "", "0", "10/20/2026 10:00", "Photos", "", "1", "1", "1", "1",
     "1", "1", "", ""],
    ["1002822028543370", "Date illisible", "", "0", "hier", "Photos", "", "1", "1", "1", "1", "1", "1", "", ""],
    ["1002822028543371", "Vues illisibles", "", "0", "10/21/2026 10:00", "Photos", "", "beaucoup", "1", "1",
     "1", "1", "1", "", ""],
]  # fmt: skip


def _post_values(r: list[str]) -> dict[str, str]:
    pid, title, desc, dur, pub, typ, funded, views, reach, reac, com, sha, clicks, secs, avg = r
    return {
        "Post ID": pid, "Page ID": PAGE, "Page name": "Hôpital Exemple", "Title": title, "Description": desc,
        "Duration (sec)": dur, "Publish time": pub, "Caption type": "N/A",
        "Permalink": f"https://www.facebook.com/permalink.php?story_fbid={pid}&id={PAGE}", "Is crosspost": "0",
        "Is share": "0", "Post type": typ, "Funded content status": funded, "Date": "Lifetime", "Views": views,
        "Reach": reach, "Reactions": reac, "Comments": com, "Shares": sha, "Total clicks": clicks,
        "Seconds viewed": secs, "Average Seconds viewed": avg,
    }  # fmt: skip


def write_posts(path: Path, header: list[str], rows: list[list[str]], encoding="utf-8-sig") -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        values = _post_values(r)
        # unknown columns get something, so ignoring them is really tested
        w.writerow([values.get(h, "7" if "interval" in h or "country" in h else "") for h in header])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


NAME = "Oct-01-2026_Oct-31-2026_1509169891251840.csv"


def _metrics(con, pid: str):
    return con.execute(
        "SELECT views, reach, likes, reactions, comments, shares, clicks, impressions, watch_time_sec, "
        "avg_watch_time_sec, video_duration_sec FROM post_metrics WHERE post_id = ?",
        [f"facebook:{pid}"],
    ).fetchone()


@pytest.mark.parametrize("header", [HEADER_2025, HEADER_2024], ids=["order2025", "order2024"])
def test_post_export_values_formats_and_nulls(con, tmp_path, header):
    f = write_posts(tmp_path / NAME, header, POSTS)
    s = load_file(con, f)
    assert (s.status, s.kind, s.platform, s.rows_read, s.loaded, s.rejected, s.duplicates) == (
        "loaded", "facebook_posts", "facebook", 6, 6, 0, 0,
    )  # fmt: skip
    assert s.snapshot_date == "2026-10-31"
    formats = dict(con.execute("SELECT platform_post_id, format FROM posts").fetchall())
    assert formats == {
        "1002822028543364": "fb_photo", "1002822028543365": "fb_reel", "1002822028543366": "fb_link",
        "1002822028543367": "fb_album", "1002822028543368": "fb_live", "1002822028543369": "fb_text",
    }  # fmt: skip
    p = con.execute(
        "SELECT influencer_id, published_at, title, caption, permalink, is_boosted, format_family FROM posts "
        "WHERE platform_post_id = '1002822028543365'"
    ).fetchone()
    assert p[0] == f"facebook:{PAGE}"
    assert p[1] == dt.datetime(2026, 10, 15, 18, 5)
    assert p[2] == "Vaccination: vos questions"
    assert p[3] == "Vaccination: vos questions\n\nUne vidéo de 30 s #partenariat"  # Title and Description
    assert p[4].startswith("https://www.facebook.com/permalink.php?story_fbid=1002822028543365")
    assert p[5] is True and p[6] == "short_video"
    assert con.execute(
        "SELECT display_name FROM influencers WHERE influencer_id = ?", [f"facebook:{PAGE}"]
    ).fetchone() == ("Hôpital Exemple",)
    photo = con.execute(
        "SELECT caption, is_boosted FROM posts WHERE platform_post_id = '1002822028543364'"
    ).fetchone()
    assert "\n" in photo[0] and photo[1] is False  # multi-line caption; empty funded status = not boosted
    # Reactions are the likes-equivalent: in both columns. No Impressions column -> NULL.
    # A photo's 'Duration (sec)' of 0 is not a duration -> NULL.
    assert _metrics(con, "1002822028543364") == (5210, 4841, 636, 636, 123, 45, 210, None, None, None, None)
    assert _metrics(con, "1002822028543365") == (25992, 17483, 321, 321, 45, 120, 88, None, 51200.5, 4.25, 30)
    # '--' and empty -> NULL, never 0; a real 0 stays 0
    assert _metrics(con, "1002822028543366")[5:7] == (None, None)
    assert _metrics(con, "1002822028543366")[4] == 0
    assert _metrics(con, "1002822028543368")[10] == 1800


def test_post_export_rejects_name_column_and_value(con, tmp_path):
    f = write_posts(tmp_path / NAME, HEADER_2025, POSTS + BAD_POSTS)
    s = load_file(con, f)
    assert (s.rows_read, s.loaded, s.rejected, s.duplicates) == (9, 6, 3, 0)
    rej = con.execute("SELECT row_number, column_name, reason FROM rejects ORDER BY row_number").fetchall()
    assert rej[0][:2] == (8, "Post ID")
    assert "scientific notation" in rej[0][2] and "1.00282E+15" in rej[0][2]
    assert rej[1][:2] == (9, "Publish time") and rej[1][2].endswith("hier")
    assert rej[2][:2] == (10, "Views") and rej[2][2] == "not a number: beaucoup"
    assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == 6


def test_post_export_twice_and_other_order_same_snapshot(con, tmp_path):
    f = write_posts(tmp_path / NAME, HEADER_2025, POSTS)
    load_file(con, f)
    before = con.execute("SELECT * FROM post_metrics ORDER BY post_id").fetchall()
    again = load_file(con, f)
    assert again.status == "already_loaded"
    # the same figures in the other column order (another file, same period): all duplicates
    (tmp_path / "other").mkdir()
    g = write_posts(tmp_path / "other" / NAME, HEADER_2024, POSTS)
    s = load_file(con, g)
    assert (s.status, s.rows_read, s.loaded, s.duplicates) == ("loaded", 6, 0, 6)
    after = con.execute("SELECT * FROM post_metrics ORDER BY post_id").fetchall()
    assert [r[:2] + r[3:-2] for r in after] == [r[:2] + r[3:-2] for r in before]
    assert con.execute("SELECT count(*) FROM posts").fetchone()[0] == 6


def test_page_handle_from_permalinks_or_roster(con, tmp_path):
    rows = [list(r) for r in POSTS]
    f = write_posts(tmp_path / NAME, HEADER_2025, rows)
    text = f.read_text(encoding="utf-8-sig")
    # some permalinks name the page (as Meta writes for posts and videos of a page with a username)
    text = text.replace(
        f"https://www.facebook.com/permalink.php?story_fbid=1002822028543364&id={PAGE}",
        "https://www.facebook.com/Hopital.Exemple/posts/1002822028543364",
    )
    f.write_text(text, encoding="utf-8-sig")
    s = load_file(con, f)
    assert s.loaded == 6
    assert con.execute("SELECT DISTINCT influencer_id FROM posts").fetchall() == [
        ("facebook:hopital.exemple",)
    ]


def test_page_handle_from_roster_display_name(con, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency,hcp_agreement_ref\n"
        "OR26,facebook,@hopital.exemple.officiel,Hôpital  exemple,institution,,9100,0,EUR,\n",
        encoding="utf-8",
    )
    con.execute(
        "INSERT INTO campaigns (campaign_id, name) VALUES ('OR26', 'Octobre Rose')"
    )  # roster rows need it
    assert load_file(con, roster).status == "loaded"
    s = load_file(con, write_posts(tmp_path / NAME, HEADER_2025, POSTS))
    assert s.loaded == 6
    assert con.execute("SELECT DISTINCT influencer_id FROM posts").fetchall() == [
        ("facebook:hopital.exemple.officiel",)
    ]


def test_header_only_export_loads_nothing(con, tmp_path):
    f = write_posts(tmp_path / NAME, HEADER_2024, [])
    s = load_file(con, f)
    assert (s.status, s.kind, s.rows_read, s.loaded) == ("loaded", "facebook_posts", 0, 0)


# --------------------------------------------------------------------------- video export

VIDEO_HEADER = [
    "Video asset ID", "Universal video ID", "Page ID", "Page name", "Title", "Duration (sec)", "Publish time",
    "Custom labels", "Data comment", "Date", "Reach", "3-second video views", "1-minute video views",
    "Seconds viewed", "Average Seconds viewed", "3-second viewers", "1-minute viewers",
    "Reactions, comments and shares", "Reactions", "Comments", "Shares",
    "Percentage of total views at interval 1", "Percentage of total views at interval 0",
    "3-second video views by country (Bulgaria (BG))",
]  # fmt: skip
VIDEOS = [
    ["4388442338054561", "", "191026444094537", "Restaurant Exemple", "", "10", "11/01/2025 11:04", "", "",
     "Lifetime", "2222", "1488", "0", "14321.665", "5.404", "1432", "0", "27", "24", "1", "2", "80", "100", "3"],
    ["1143661437958712", "", "191026444094537", "Restaurant Exemple", "Recette", "11", "10/31/2025 11:01", "",
     "", "Lifetime", "1196", "2111", "0", "32976.478", "8.321", "1902", "0", "107", "95", "3", "9", "70", "100", ""],
]  # fmt: skip


def _excel_wrapped(rows: list[list[str]]) -> str:
    """What Excel writes when a whole CSV line sits in one cell: each line quoted, quotes doubled."""
    lines = []
    for r in rows:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(r)
        lines.append('"' + buf.getvalue().replace('"', '""') + '"')
    return "\r\n".join(lines) + "\r\n"


def test_video_export_excel_wrapped(con, tmp_path):
    f = tmp_path / "Oct-31-2025_Dec-30-2025_1664278361210560.csv"
    f.write_bytes(_excel_wrapped([VIDEO_HEADER] + VIDEOS).encode("utf-8-sig"))
    s = load_file(con, f)
    assert (s.status, s.kind, s.rows_read, s.loaded, s.rejected) == ("loaded", "facebook_videos", 2, 2, 0)
    assert any("wrapped in quotes" in n for n in s.notes)
    assert any("fb_video" in n for n in s.notes)  # no post type column: said, not guessed
    p = con.execute(
        "SELECT influencer_id, format, published_at, caption, is_boosted, permalink FROM posts "
        "WHERE platform_post_id = '4388442338054561'"
    ).fetchone()
    assert p == ("facebook:191026444094537", "fb_video", dt.datetime(2025, 11, 1, 11, 4), None, None, None)
    m = con.execute(
        "SELECT views, unique_viewers, reach, likes, reactions, comments, shares, watch_time_sec, "
        "avg_watch_time_sec, video_duration_sec, impressions, clicks FROM post_metrics "
        "WHERE post_id = 'facebook:4388442338054561'"
    ).fetchone()
    assert m == (1488, 1432, 2222, 24, 24, 1, 2, 14321.665, 5.404, 10, None, None)


def test_video_export_semicolon_resave_with_decimal_comma(con, tmp_path):
    rows = [[c.replace(".", ",") if re.fullmatch(r"\d+\.\d+", c) else c for c in r] for r in VIDEOS]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(VIDEO_HEADER)
    w.writerows(rows)
    f = tmp_path / "videos.csv"
    f.write_bytes(buf.getvalue().encode("cp1252"))
    s = load_file(con, f)
    assert (s.status, s.kind, s.rows_read, s.loaded) == ("loaded", "facebook_videos", 2, 2)
    m = con.execute(
        "SELECT watch_time_sec, avg_watch_time_sec FROM post_metrics WHERE post_id = 'facebook:1143661437958712'"
    ).fetchone()
    assert m == (32976.478, 8.321)


# --------------------------------------------------------------------------- daily series (Excel re-save)


def _series(title: str, values: list[tuple[str, str]]) -> bytes:
    lines = [f"{title};", "Date;Primary"] + [f"{d};{v}" for d, v in values]
    return ("\n".join(lines) + "\n").encode("ascii")


DAYS = [("2025-10-31T00:00:00", "5213"), ("2025-11-01T00:00:00", "4216"), ("2025-11-02T01:00:00", "")]


def test_daily_series_semicolon_resave(con, tmp_path):
    f = tmp_path / "Views.csv"
    f.write_bytes(_series("Views", DAYS))
    s = load_file(con, f, LoadOptions(account="hopital.exemple"))
    assert (s.status, s.kind, s.platform, s.rows_read, s.loaded) == (
        "loaded",
        "meta_daily_series",
        "meta",
        3,
        3,
    )
    assert any("--platform" in n for n in s.notes)
    rows = con.execute(
        "SELECT date, value FROM account_metrics WHERE metric = 'views' ORDER BY date"
    ).fetchall()
    assert rows == [(dt.date(2025, 10, 31), 5213), (dt.date(2025, 11, 1), 4216), (dt.date(2025, 11, 2), None)]

    g = tmp_path / "Viewers.csv"
    g.write_bytes(_series("Viewers", DAYS))
    s2 = load_file(con, g, LoadOptions(account="hopital.exemple", platform="facebook"))
    assert s2.platform == "facebook"
    h = tmp_path / "Follows.csv"
    h.write_bytes(_series("Facebook follows", [("2025-10-31T00:00:00", "4")]))
    s3 = load_file(con, h, LoadOptions(account="hopital.exemple"))
    assert (s3.platform, s3.loaded) == ("facebook", 1)
    assert con.execute(
        "SELECT value FROM account_metrics WHERE platform = 'facebook' AND metric = 'follows'"
    ).fetchone() == (4,)
    k = tmp_path / "Link clicks.csv"
    k.write_bytes(_series("Facebook link clicks", [("2025-10-31T00:00:00", "3")]))
    load_file(con, k, LoadOptions(account="hopital.exemple"))
    assert con.execute(
        "SELECT platform, value FROM account_metrics WHERE metric = 'link_clicks'"
    ).fetchone() == ("facebook", 3)


# --------------------------------------------------------------------------- Audience.csv (stacked blocks)


def _utf16_without_zero_bytes(s: str) -> bytes:
    """How the 'Top Pages' names arrive: UTF-16LE with the zero bytes dropped."""
    return b"".join(ch.encode("utf-16-le").rstrip(b"\x00") or b"\x00" for ch in s)


def audience_bytes() -> bytes:
    """A Bulgarian Excel re-save: CRLF, ';', CP1251, decimals turned into dates (3.6 -> '3.юни')."""

    def line(*cells: str) -> bytes:
        return ";".join(cells).encode("cp1251") + b"\r\n"

    out = b"".join(
        [
            line("Age & gender", "", "", ""),
            line("", "Women", "Men", ""),
            line("18-24", "3.юни", "1.май", ""),  # corrupted: 3.6 and 1.5
            line("25-34", "40", "15", ""),
            line("35-44", "30", "12", ""),
            line("", "", "", ""),
            line("Top towns/cities", "", "", ""),
            line("Pleven, Bulgaria", "Sofia, Bulgaria", "Paris, France", ""),
            line("74.3", "12.5", "1", ""),
            line("", "", "", ""),
            line("Top countries", "", "", ""),
            line("Bulgaria", "France", "Germany", ""),
            line("96.1", "2.яну", "0.9", ""),  # corrupted: 2.1
            line("", "", "", ""),
            line("Follows", "", "", ""),
            line("Date", "Primary", "", ""),
            line("2025-12-30T01:00:00", "17", "", ""),
            line("2025-12-31T01:00:00", "5", "", ""),
            line("", "", "", ""),
            line("Top Pages", "", "", ""),
        ]
    )
    out += b"Novini.bg;" + _utf16_without_zero_bytes("Жена") + b";VMzona;;\r\n"
    out += line("22.78", "20.15", "19.14", "")
    return out


def test_audience_blocks_corrupted_decimals_rejected(con, tmp_path):
    f = tmp_path / "Audience.csv"
    f.write_bytes(audience_bytes())
    s = load_file(con, f, LoadOptions(account="restaurant.exemple"))
    # records: 3 age rows, 1 city row, 1 country row, 2 days, 1 Top Pages row
    assert (s.status, s.kind, s.platform, s.rows_read, s.loaded, s.rejected, s.duplicates) == (
        "loaded", "meta_audience", "facebook", 8, 6, 2, 0,
    )  # fmt: skip
    assert s.snapshot_date == "2025-12-31"  # the last day of the file's daily block
    rej = con.execute("SELECT row_number, column_name, reason FROM rejects ORDER BY row_number").fetchall()
    assert rej[0][:2] == (3, "Age & gender / 18-24 / Women")
    assert rej[0][2].startswith("value corrupted into a date by a spreadsheet") and rej[0][2].endswith(
        "'3.юни'"
    )
    assert rej[1][:2] == (13, "Top countries / France") and rej[1][2].endswith("'2.яну'")

    def val(metric: str, dim: str):
        r = con.execute(
            "SELECT value, date FROM account_metrics WHERE metric = ? AND dimension = ?", [metric, dim]
        ).fetchone()
        return r

    assert val("audience_share", "age=25-34|gender=F") == (0.40, dt.date(2025, 12, 31))
    assert val("audience_share", "age=35-44|gender=M")[0] == 0.12
    assert val("audience_share", "age=18-24|gender=F") is None  # rejected row: nothing stored
    assert val("audience_share", "city=Pleven, Bulgaria")[0] == 0.743
    assert val("audience_share", "city=Paris, France")[0] == 0.01
    assert val("audience_share", "country=Bulgaria") is None
    assert con.execute(
        "SELECT value FROM account_metrics WHERE metric = 'follows' AND date = '2025-12-31'"
    ).fetchone() == (5,)
    assert val("audience_share", "page=Жена")[0] == 0.2015  # UTF-16 without zero bytes decoded
    assert con.execute("SELECT count(*) FROM account_metrics").fetchone()[0] == 4 + 3 + 2 + 3

    # idempotent: the same file again changes nothing
    n = con.execute("SELECT count(*), sum(value) FROM account_metrics").fetchone()
    assert load_file(con, f, LoadOptions(account="restaurant.exemple")).status == "already_loaded"
    assert con.execute("SELECT count(*), sum(value) FROM account_metrics").fetchone() == n


def test_audience_pristine_utf16_with_sep_line(con, tmp_path):
    f = tmp_path / "Audience.csv"
    text = (
        'sep=,\n"Age & gender"\n"","Women","Men"\n"25-34","40.5","15"\n\n'
        '"Top countries"\n"France","Belgium"\n"91.2","8.8"\n'
    )
    f.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    s = load_file(con, f, LoadOptions(account="hopital.exemple", platform="instagram"))
    assert (s.status, s.kind, s.platform, s.rows_read, s.loaded, s.rejected) == (
        "loaded", "meta_audience", "instagram", 2, 2, 0,
    )  # fmt: skip
    rows = dict(con.execute("SELECT dimension, value FROM account_metrics").fetchall())
    assert rows == {"age=25-34|gender=F": 0.405, "age=25-34|gender=M": 0.15, "country=France": 0.912,
                    "country=Belgium": 0.088}  # fmt: skip
    assert con.execute("SELECT DISTINCT row_number FROM rejects").fetchall() == []


def test_top_content_formats(con, tmp_path):
    f = tmp_path / "Top content formats.csv"
    f.write_text(
        "Views;;;;;\nReels;Multi-photo;Links;Photos;Others;Text\n572681;86208;79536;22287;413;329\n;;;;;\n"
        "Published content;;;;;\nReels;Photos;Stories;Links;Text;\n46;30;13;2;--;\n",
        encoding="ascii",
    )
    s = load_file(con, f, LoadOptions(account="restaurant.exemple", export_date=dt.date(2025, 12, 31)))
    assert (s.status, s.kind, s.platform, s.rows_read, s.loaded, s.rejected) == (
        "loaded", "meta_content_formats", "facebook", 2, 2, 0,
    )  # fmt: skip
    rows = dict(
        con.execute(
            "SELECT metric || ' ' || dimension, value FROM account_metrics WHERE date = '2025-12-31'"
        ).fetchall()
    )
    assert rows["content_format_views format=Reels"] == 572681
    assert rows["content_format_published format=Links"] == 2
    assert rows["content_format_published format=Text"] is None  # '--' is not 0
    assert len(rows) == 6 + 5


# --------------------------------------------------------------------------- real exports


def _real_files() -> list[Path]:
    root = shared_path("real_exports", "facebook")
    return sorted(p for p in root.rglob("*.csv"))


def _unwrap(text: str) -> str:
    first = text.split("\n", 1)[0]
    if first.startswith('"') and '""' in first:
        return "\n".join(next(csv.reader([ln]))[0] if ln.startswith('"') else ln for ln in text.splitlines())
    return text


def test_real_facebook_exports_load_or_are_refused_precisely(con):
    files = _real_files()
    assert files
    for f in files:
        s = load_file(con, f, LoadOptions(account="real.page"))
        assert s.status == "loaded", (f.name, s.message)
        assert s.rows_read == s.loaded + s.rejected + s.duplicates, f.name


def test_real_facebook_video_export_totals(con):
    f = shared_path("real_exports", "facebook", "vsbperoto", "Oct-31-2025_Dec-30-2025_1664278361210560.csv")
    rows = list(csv.reader(io.StringIO(_unwrap(f.read_bytes().decode("utf-8-sig")))))
    header, data = rows[0], [r for r in rows[1:] if r and any(r)]
    ix = {h: i for i, h in enumerate(header)}
    s = load_file(con, f)
    assert (s.kind, s.rows_read, s.loaded, s.rejected) == ("facebook_videos", len(data), len(data), 0)
    got = con.execute(
        "SELECT count(*), sum(reactions), sum(reach), sum(views), sum(comments) FROM post_metrics"
    ).fetchone()
    assert got == (
        len(data),
        sum(float(r[ix["Reactions"]]) for r in data),
        sum(float(r[ix["Reach"]]) for r in data),
        sum(float(r[ix["3-second video views"]]) for r in data),
        sum(float(r[ix["Comments"]]) for r in data),
    )


@pytest.mark.parametrize(
    "name", ["Views.csv", "Viewers.csv", "Follows.csv", "Interactions.csv", "Link clicks.csv", "Visits.csv"]
)
def test_real_facebook_daily_series_totals(con, name):
    f = shared_path("real_exports", "facebook", "vsbperoto", name)
    rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8")), delimiter=";"))
    data = [r for r in rows[2:] if r and r[0]]
    s = load_file(con, f, LoadOptions(account="vsbperoto"))
    assert (s.status, s.rows_read, s.loaded, s.rejected) == ("loaded", len(data), len(data), 0)
    assert con.execute("SELECT sum(value) FROM account_metrics").fetchone()[0] == sum(
        float(r[1]) for r in data
    )


def test_real_facebook_audience(con):
    f = shared_path("real_exports", "facebook", "vsbperoto", "Audience.csv")
    rows = list(csv.reader(io.StringIO(f.read_bytes().decode("cp1251")), delimiter=";"))
    # independent count: data rows are the non-title, non-header rows of each block
    date_like = re.compile(r"^\d{1,2}\.[^\W\d_]{3,}$")
    corrupted = sum(1 for r in rows if any(date_like.match(c.strip()) for c in r))
    days = [r for r in rows if re.match(r"^\d{4}-\d{2}-\d{2}T", r[0] if r else "")]
    s = load_file(con, f, LoadOptions(account="vsbperoto"))
    assert s.status == "loaded"
    assert s.rejected == corrupted
    assert s.rows_read == 6 + 1 + 1 + len(days) + 1  # age rows, cities, countries, follows days, top pages
    reasons = [r[0] for r in con.execute("SELECT reason FROM rejects").fetchall()]
    assert all(r.startswith("value corrupted into a date by a spreadsheet") for r in reasons)
    assert "'3.апр'" in reasons[0]  # shown as the Bulgarian Excel wrote it, not as cp1252 mojibake
    assert con.execute("SELECT sum(value) FROM account_metrics WHERE metric = 'follows'").fetchone()[
        0
    ] == sum(float(r[1]) for r in days)
    countries = con.execute(
        "SELECT count(*), round(sum(value), 6) FROM account_metrics WHERE dimension LIKE 'country=%'"
    ).fetchone()
    block = rows[[i for i, r in enumerate(rows) if r and r[0] == "Top countries"][0] + 2]
    assert countries == (len(block), round(sum(float(v) for v in block) / 100, 6))
