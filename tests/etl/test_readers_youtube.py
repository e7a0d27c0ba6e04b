"""YouTube Studio exports: Table data / Chart data / Totals in English, German and French,
the quirks of real files (Total/Gesamt rows, soft hyphens, leading-space ids, h:mm:ss,
bare percentages, Excel re-saves), the ZIP, and conformance with real exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from etl.base import LoadOptions
from tests.conftest import shared_path
from warehouse.loader import load_file, load_paths

SHY = "\u00ad"
EXPORT = dt.date(2026, 3, 31)

TABLE_HEADER = [
    "Content", "Video title", "Video publish time", "Duration", "Average view duration",
    "Average percentage viewed (%)", "Views", "Watch time (hours)", "Subscribers", "Impressions",
    "Impressions click-through rate (%)",
]  # fmt: skip
TABLE_ROWS = [
    ["Total", "", "", "", "0:01:10", "61.2", "12000", "250.5", "40", "300000", "4.5"],
    [" -AbCdEfGhIj", "Vaccin: vos questions #shorts", "Aug 19, 2011", "45", "0:00:27", "83.65", "9000", "67.5", "31",
     "200000", "4.5"],
    ["ZYX987wvu65", "Diabète: 3 erreurs #shorts", "Mar 2, 2026", "150", "0:01:40", "66.7", "2000", "55.55", "10",
     "60000", "3.2"],
    ["Qq_Rr-SsTt1", "Live Q&A diabète, replay", "Mar 10, 2026", "150", "0:02:00", "80", "900", "30", "-1", "30000",
     "5"],
    ["LongVideo01", "Comprendre la spondylarthrite", "", "600", "0:04:53", "48.8", "100", "8.1375", "0", "10000",
     ""],
]  # fmt: skip


def _csv_text(header: list[str], rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _write(path: Path, header, rows, encoding="utf-8", delimiter=",", newline="\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_csv_text(header, rows, delimiter, newline).encode(encoding))
    return path


def _metrics(con, video_id: str) -> dict:
    cur = con.execute(
        "SELECT views, watch_time_sec, avg_watch_time_sec, completion_rate, impressions, follows, likes, comments,"
        " shares, clicks, reach, video_duration_sec, unique_viewers FROM post_metrics_latest WHERE post_id = ?",
        ["youtube:" + video_id],
    )
    return dict(zip([d[0] for d in cur.description], cur.fetchone()))


def test_table_data_posts_values_formats_and_total_row(con, tmp_path):
    f = _write(tmp_path / "Table data.csv", TABLE_HEADER, TABLE_ROWS)
    s = load_file(con, f, LoadOptions(export_date=EXPORT, account="@DrSante"))
    assert (s.status, s.kind, s.platform) == ("loaded", "youtube_videos", "youtube")
    # the Total row is a summary, not a record
    assert (s.rows_read, s.loaded, s.rejected, s.duplicates) == (4, 4, 0, 0)
    assert any("'Total' row" in n and "not counted" in n for n in s.notes)
    assert s.snapshot_date == "2026-03-31"
    assert con.execute("SELECT count(*) FROM posts WHERE platform_post_id = 'Total'").fetchone()[0] == 0

    posts = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT platform_post_id, format, format_family, published_at, title, permalink, influencer_id FROM posts"
        ).fetchall()
    }
    # a leading space before ids starting with '-' is YouTube's, not the id's
    assert posts["-AbCdEfGhIj"][:3] == ("yt_short", "short_video", dt.datetime(2011, 8, 19))
    assert posts["-AbCdEfGhIj"][4] == "https://www.youtube.com/watch?v=-AbCdEfGhIj"
    assert posts["-AbCdEfGhIj"][5] == "youtube:drsante"
    assert posts["ZYX987wvu65"][0] == "yt_short"  # 150 s with a #shorts hashtag
    assert posts["Qq_Rr-SsTt1"][0] == "yt_video"  # 150 s without
    assert posts["LongVideo01"][0:3] == ("yt_video", "video", None)  # no publish time -> NULL

    m = _metrics(con, "-AbCdEfGhIj")
    assert m["views"] == 9000
    assert m["watch_time_sec"] == 67.5 * 3600
    assert m["avg_watch_time_sec"] == 27  # 0:00:27
    assert m["completion_rate"] == pytest.approx(0.8365)  # bare percentage -> fraction
    assert m["impressions"] == 200000
    assert m["follows"] == 31
    assert m["video_duration_sec"] == 45
    # not in this export: NULL, never 0 (and the CTR is not turned into clicks)
    assert (m["likes"], m["comments"], m["shares"], m["clicks"], m["reach"], m["unique_viewers"]) == (
        None,
    ) * 6
    assert _metrics(con, "Qq_Rr-SsTt1")["follows"] == -1  # net subscribers may be negative
    assert _metrics(con, "LongVideo01")["watch_time_sec"] == pytest.approx(29295.0)
    assert _metrics(con, "LongVideo01")["avg_watch_time_sec"] == 4 * 60 + 53
    assert any("Impressions click-through rate (%)" in n and "not stored" in n for n in s.notes)


def test_varying_metric_columns_and_idempotence(con, tmp_path):
    first = _write(tmp_path / "a" / "Table data.csv", TABLE_HEADER, TABLE_ROWS)
    assert load_file(con, first, LoadOptions(export_date=EXPORT)).loaded == 4
    again = load_file(con, first, LoadOptions(export_date=EXPORT))
    assert again.status == "already_loaded"

    # the same figures re-saved by Excel (CRLF, BOM): same snapshot -> all duplicates
    resaved = _write(tmp_path / "b" / "Table data.csv", TABLE_HEADER, TABLE_ROWS, "utf-8-sig", newline="\r\n")
    s = load_file(con, resaved, LoadOptions(export_date=EXPORT))
    assert (s.status, s.rows_read, s.loaded, s.duplicates) == ("loaded", 4, 0, 4)

    # a later export with other columns chosen: what is absent is NULL, not 0
    header = ["Content", "Video title", "Video publish time", "Duration", "Views", "Likes", "Comments added", "Shares",
              "Unique viewers"]  # fmt: skip
    rows = [
        ["Total", "", "", "", "12500", "700", "80", "50", "9000"],
        [
            " -AbCdEfGhIj",
            "Vaccin: vos questions #shorts",
            "Aug 19, 2011",
            "45",
            "9400",
            "650",
            "75",
            "48",
            "8000",
        ],
    ]
    later = _write(tmp_path / "c" / "Table data.csv", header, rows)
    s = load_file(con, later, LoadOptions(export_date=dt.date(2026, 4, 30)))
    assert (s.rows_read, s.loaded) == (1, 1)
    m = _metrics(con, "-AbCdEfGhIj")
    assert (m["views"], m["likes"], m["comments"], m["shares"], m["unique_viewers"]) == (
        9400,
        650,
        75,
        48,
        8000,
    )
    assert (m["impressions"], m["watch_time_sec"], m["follows"], m["completion_rate"]) == (None,) * 4
    assert (
        con.execute("SELECT count(*) FROM post_metrics WHERE post_id = 'youtube:-AbCdEfGhIj'").fetchone()[0]
        == 2
    )


def test_rejected_rows_name_column_and_value(con, tmp_path):
    rows = TABLE_ROWS[:2] + [
        ["not-an-id", "Titre", "Mar 2, 2026", "30", "0:00:10", "50", "10", "0.1", "0", "100", "1"],
        ["Abc_Def-123", "Titre", "Mar 2, 2026", "30", "0:00:10", "50", "12x", "0.1", "0", "100", "1"],
        ["Abc_Def-124", "Titre", "32 Foo 2026", "30", "0:00:10", "50", "10", "0.1", "0", "100", "1"],
    ]
    s = load_file(
        con, _write(tmp_path / "Table data.csv", TABLE_HEADER, rows), LoadOptions(export_date=EXPORT)
    )
    assert (s.rows_read, s.loaded, s.rejected, s.duplicates) == (4, 1, 3, 0)
    rej = con.execute("SELECT row_number, column_name, reason FROM rejects ORDER BY row_number").fetchall()
    assert rej[0] == (4, "Content", "not a YouTube video id: not-an-id")
    assert rej[1] == (5, "Views", "not a number: 12x")
    assert rej[2][1:] == ("Video publish time", "not a date: 32 Foo 2026")


def test_german_export_with_soft_hyphens(con, tmp_path):
    folder = tmp_path / "Inhalt 2020-01-01_2020-12-31 WEIMA Kanal"
    header = [f"Vi{SHY}deo", f"Vi{SHY}deo{SHY}ti{SHY}tel",
              f"Ver{SHY}öf{SHY}fent{SHY}li{SHY}chungs{SHY}zeit{SHY}punkt des Vi{SHY}de{SHY}os",
              f"Auf{SHY}ru{SHY}fe", f"Wie{SHY}der{SHY}ga{SHY}be{SHY}zeit (Stun{SHY}den)", f"Abon{SHY}nen{SHY}ten",
              f"Im{SHY}pres{SHY}sio{SHY}nen", f"Klick{SHY}ra{SHY}te der Im{SHY}pres{SHY}sio{SHY}nen (%)"]  # fmt: skip
    rows = [
        [f"Ge{SHY}samt", "", "", "405712", "7807.6061", "730", "3645609", "6.27"],
        ["50KfgObDrEI", f"Zer{SHY}klei{SHY}ne{SHY}rer Vam{SHY}pire", "Aug 19, 2011", "91116", "1949.0412", "204",
         "867597", "6.74"],
        [" -VdePwcODwE", "Shredder FineCut", "Jun 25, 2013", "1132", "34.8967", "-1", "10130", "6.61"],
    ]  # fmt: skip
    s = load_file(con, _write(folder / "Tabellendaten.csv", header, rows))
    assert (s.status, s.rows_read, s.loaded, s.rejected) == ("loaded", 2, 2, 0)
    assert any("'Gesamt' row" in n for n in s.notes)
    # the channel and the export period come from the export folder's name
    assert s.snapshot_date == "2020-12-31"
    title, infl = con.execute(
        "SELECT title, influencer_id FROM posts WHERE platform_post_id = '50KfgObDrEI'"
    ).fetchone()
    assert title == "Zerkleinerer Vampire"  # soft hyphens stripped from values too
    assert infl == "youtube:weima kanal"
    m = _metrics(con, "-VdePwcODwE")
    assert (m["views"], m["follows"], m["impressions"]) == (1132, -1, 10130)
    assert m["watch_time_sec"] == pytest.approx(34.8967 * 3600)

    chart = [f"Da{SHY}tum", f"Vi{SHY}deo", f"Vi{SHY}deo{SHY}ti{SHY}tel", f"Auf{SHY}ru{SHY}fe"]
    s = load_file(
        con,
        _write(folder / "Diagrammdaten.csv", chart,
               [["2020-01-01", "50KfgObDrEI", "Vampire", "4"], ["2020-01-02", " -VdePwcODwE", "FineCut", "10"]]),
    )  # fmt: skip
    assert (s.kind, s.rows_read, s.loaded) == ("youtube_video_daily", 2, 2)
    totals = _write(
        folder / "Gesamtwerte.csv", [f"Da{SHY}tum", f"Auf{SHY}ru{SHY}fe"], [["2020-01-01", "1607"]]
    )
    s = load_file(con, totals)
    assert (s.kind, s.rows_read, s.loaded) == ("youtube_channel_daily", 1, 1)
    got = con.execute(
        "SELECT account, metric, date, dimension, value FROM account_metrics ORDER BY dimension, date"
    ).fetchall()
    assert got == [
        ("weima kanal", "views", dt.date(2020, 1, 1), "", 1607.0),
        ("weima kanal", "views", dt.date(2020, 1, 2), "-VdePwcODwE", 10.0),
        ("weima kanal", "views", dt.date(2020, 1, 1), "50KfgObDrEI", 4.0),
    ]


def test_french_export_resaved_cp1252_semicolons_decimal_comma(con, tmp_path):
    header = ["Contenu", "Titre de la vidéo", "Heure de publication de la vidéo", "Durée", "Vues",
              "Durée de visionnage (heures)", "Abonnés", "Impressions", "Taux de clics de l'impression (%)",
              "Durée moyenne de visionnage"]  # fmt: skip
    rows = [
        ["Total", "", "", "", "1500", "20,5", "12", "40000", "3,75", "0:00:49"],
        ["AbCdEfGh123", "Vaccination : idées reçues", "19 août 2011", "58", "1200", "16,25", "10", "30000", "4",
         "0:00:48"],
        ["AbCdEfGh124", "Hépatite B : le rappel", "3 mars 2026", "420", "300", "4,25", "2", "10000", "2,5", "0:00:51"],
    ]  # fmt: skip
    f = _write(tmp_path / "Table data.csv", header, rows, encoding="cp1252", delimiter=";")
    s = load_file(con, f, LoadOptions(export_date=EXPORT))
    assert (s.status, s.rows_read, s.loaded, s.rejected) == ("loaded", 2, 2, 0)
    assert any("cp1252" in n for n in s.notes)
    got = con.execute(
        "SELECT p.title, p.published_at, p.format, m.views, m.watch_time_sec, m.follows, m.avg_watch_time_sec "
        "FROM posts p JOIN post_metrics m USING (post_id) ORDER BY p.platform_post_id"
    ).fetchall()
    assert got == [
        ("Vaccination : idées reçues", dt.datetime(2011, 8, 19), "yt_short", 1200, 16.25 * 3600, 10, 48),
        ("Hépatite B : le rappel", dt.datetime(2026, 3, 3), "yt_video", 300, 4.25 * 3600, 2, 51),
    ]


def test_chart_totals_and_breakdown_to_account_metrics(con, tmp_path):
    chart = _write(
        tmp_path / "Chart data.csv",
        ["Date", "Content", "Video title", "Video publish time", "Duration", "Views", "Average view duration"],
        [["2026-03-01", " -AbCdEfGhIj", "Vaccin #shorts", "Aug 19, 2011", "45", "120", "0:00:27"],
         ["2026-03-02", " -AbCdEfGhIj", "Vaccin #shorts", "Aug 19, 2011", "45", "80", ""]],
    )  # fmt: skip
    s = load_file(con, chart)
    assert (s.kind, s.rows_read, s.loaded, s.rejected) == ("youtube_video_daily", 2, 2, 0)
    assert any("(unspecified)" in n for n in s.notes)
    got = con.execute(
        "SELECT account, metric, date, dimension, value FROM account_metrics ORDER BY date, metric"
    ).fetchall()
    assert got == [
        ("(unspecified)", "avg_watch_time_sec", dt.date(2026, 3, 1), "-AbCdEfGhIj", 27.0),
        ("(unspecified)", "views", dt.date(2026, 3, 1), "-AbCdEfGhIj", 120.0),
        ("(unspecified)", "avg_watch_time_sec", dt.date(2026, 3, 2), "-AbCdEfGhIj", None),  # blank: NULL
        ("(unspecified)", "views", dt.date(2026, 3, 2), "-AbCdEfGhIj", 80.0),
    ]
    con.execute("DELETE FROM account_metrics")

    # Excel re-save: CRLF, dd-mm-yyyy
    totals = _write(
        tmp_path / "Totals.csv",
        ["Date", "Views"],
        [["13-06-2025", "1224"], ["14-06-2025", "147"]],
        newline="\r\n",
    )
    s = load_file(con, totals, LoadOptions(account="DrSante"))
    assert (s.kind, s.rows_read, s.loaded) == ("youtube_channel_daily", 2, 2)
    assert con.execute("SELECT account, date, value FROM account_metrics ORDER BY date").fetchall() == [
        ("drsante", dt.date(2025, 6, 13), 1224.0),
        ("drsante", dt.date(2025, 6, 14), 147.0),
    ]
    con.execute("DELETE FROM account_metrics")

    gender = _write(
        tmp_path / "Viewer gender.csv",
        ["Viewer gender", "Views (%)", "Average view duration", "Average percentage viewed (%)"],
        [["Total", "100", "0:10:00", "50"], ["Female", "33.56", "0:12:56", "51.91"], ["Male", "66.44", "0:08:43", "44.83"]],
    )  # fmt: skip
    s = load_file(con, gender, LoadOptions(export_date=EXPORT, account="DrSante"))
    assert (s.kind, s.rows_read, s.loaded) == ("youtube_breakdown", 2, 2)
    got = con.execute(
        "SELECT metric, date, value FROM account_metrics WHERE dimension = 'viewer_gender:Female' ORDER BY metric"
    ).fetchall()
    assert got == [
        ("avg_watch_time_sec", EXPORT, 776.0),
        ("completion_rate", EXPORT, pytest.approx(0.5191)),
        ("views_share", EXPORT, pytest.approx(0.3356)),
    ]


def test_zip_export_names_channel_and_period(con, tmp_path):
    # (the period ends after the videos' publish dates: a post published after its export is rejected)
    z = tmp_path / "Content 2026-01-01_2026-03-31 Dr Health Channel.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("Table data.csv", _csv_text(TABLE_HEADER, TABLE_ROWS))
        zf.writestr("Chart data.csv", "Date,Content,Video title,Video publish time,Duration,Views\n"
                                      "2024-01-02,ZYX987wvu65,Diabète,\"Mar 2, 2026\",150,7\n")  # fmt: skip
        zf.writestr("Totals.csv", "Date,Views\n2024-01-02,700\n2024-01-03,650\n")
    out = load_paths(con, [z])
    assert [(s.status, s.kind, s.rows_read, s.loaded) for s in out] == [
        ("loaded", "youtube_videos", 4, 4),
        ("loaded", "youtube_video_daily", 1, 1),
        ("loaded", "youtube_channel_daily", 2, 2),
    ]
    assert all(s.snapshot_date == "2026-03-31" for s in out)
    assert out[0].file.endswith(".zip/Table data.csv")
    assert {r[0] for r in con.execute("SELECT DISTINCT influencer_id FROM posts").fetchall()} == {
        "youtube:dr health channel"
    }
    assert {r[0] for r in con.execute("SELECT DISTINCT account FROM account_metrics").fetchall()} == {
        "dr health channel"
    }


def test_channel_from_folder_takes_the_roster_handle(con, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency,hcp_agreement_ref\n"
        "DT2,youtube,@DrSanteFacile,Dr Santé Facile,health_professional,généraliste,1250000,5000,EUR,EIS-1\n",
        encoding="utf-8",
    )
    (tmp_path / "campaigns.csv").write_text(
        "campaign_id,name,client,therapeutic_area,start_date,end_date,hashtags,budget,currency\n"
        "DT2,Diabète,Client,diabétologie,2026-01-01,2026-12-31,#DT2,10000,EUR\n",
        encoding="utf-8",
    )
    folder = tmp_path / "Content 2026-01-01_2026-03-31 Dr Santé Facile"
    _write(folder / "Table data.csv", TABLE_HEADER, TABLE_ROWS)
    out = load_paths(con, [tmp_path])
    assert [s.status for s in out] == ["loaded"] * 3
    assert any("matched by display name" in n for n in out[-1].notes)
    assert {r[0] for r in con.execute("SELECT DISTINCT influencer_id FROM posts").fetchall()} == {
        "youtube:drsantefacile"
    }


def _expected(path: Path) -> tuple[int, float | None, str | None]:
    """(records, sum of the views column, views header) computed with the csv module alone."""
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("utf-8")
    rows = [r for r in csv.reader(io.StringIO(text.replace(SHY, ""))) if any(c.strip() for c in r)]
    header, body = rows[0], rows[1:]
    body = [r for r in body if r[0].strip().lower() not in ("total", "gesamt")]
    views = next((h for h in header if h in ("Views", "Aufrufe", "Vues")), None)
    total = None
    if views:
        j = header.index(views)
        total = sum(float(r[j]) for r in body if j < len(r) and r[j].strip())
    return len(body), total, views


def test_real_youtube_exports_load_and_match_their_totals(con):
    folder = shared_path("real_exports", "youtube")
    files = sorted(folder.rglob("*.csv"))
    assert files
    for f in files:
        s = load_file(con, f, LoadOptions(account=f.stem[:40], export_date=EXPORT))
        assert s.status == "loaded", (f.name, s.message)
        assert s.kind.startswith("youtube_"), f.name
        n, views_sum, views_col = _expected(f)
        assert s.rows_read == n, f.name
        assert (s.loaded, s.rejected, s.duplicates) == (n, 0, 0), f.name
        if views_col is None:
            continue
        if s.kind == "youtube_videos":
            got = con.execute(
                "SELECT sum(views) FROM post_metrics WHERE file_id = ?", [s.file_id]
            ).fetchone()[0]
        else:
            got = con.execute(
                "SELECT sum(value) FROM account_metrics WHERE file_id = ? AND metric = 'views'", [s.file_id]
            ).fetchone()[0]
        assert got == pytest.approx(views_sum), f.name


def test_content_type_column_decides_live_and_shorts(con, tmp_path):
    header = ["Content", "Content type", "Video title", "Video publish time", "Duration", "Views"]
    rows = [
        ["Total", "", "", "", "", "30"],
        ["LiveStream1", "Live stream", "Questions en direct", "Mar 1, 2026", "3600", "10"],
        ["ShortClip01", "Shorts", "Sans hashtag", "Mar 1, 2026", "170", "10"],
        ["LongVideo01", "Videos", "Pas un short", "Mar 1, 2026", "40", "10"],
    ]
    s = load_file(con, _write(tmp_path / "Table data.csv", header, rows), LoadOptions(export_date=EXPORT))
    assert (s.rows_read, s.loaded) == (3, 3)
    assert dict(con.execute("SELECT platform_post_id, format FROM posts").fetchall()) == {
        "LiveStream1": "yt_live",
        "ShortClip01": "yt_short",
        "LongVideo01": "yt_video",
    }
