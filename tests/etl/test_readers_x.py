"""X/Twitter exports: legacy By Tweet (English and French headers) and By day, the current
content export, their quirks, and conformance with real legacy exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from etl.base import LoadOptions
from tests.conftest import shared_path
from warehouse.loader import load_file

LEGACY = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements", "engagement rate",
          "retweets", "replies", "likes", "user profile clicks", "url clicks", "hashtag clicks", "detail expands",
          "permalink clicks", "app opens", "app installs", "follows", "email tweet", "dial phone", "media views",
          "media engagements"]  # fmt: skip
PROMOTED = ["promoted " + h for h in LEGACY[4:]]
FRENCH = ["Identifiant du Tweet", "Permalien du Tweet", "Texte du Tweet", "heure", "impressions", "engagements",
          "taux d'engagement", "Retweets", "réponses", "J'aime", "clics sur le profil de l'utilisateur",
          "clics sur l'URL", "clics sur le hashtag", "ouvertures des détails", "clics sur le permalien",
          "ouvertures de l'application", "installations d'application", "abonnements", "envoyer le Tweet par e-mail",
          "composer le numéro", "vues du média", "engagements avec le média"]  # fmt: skip
TEXT = 'Vaccination HPV : "les questions qu\'on me pose"\n\nFil 🧵 &amp; sources https://t.co/abc'


def _legacy_row(tid: str, user: str, text: str, time: str, imp: str, rt: str, rep: str, likes: str,
                prof: str, url: str, follows: str) -> list[str]:  # fmt: skip
    return [tid, f"https://twitter.com/{user}/status/{tid}", text, time, imp, "18.0", "0.0092", rt, rep, likes,
            prof, url, "0.0", "2.0", "0.0", "0", "0", follows, "0", "0", "12", "3"] + ["-"] * len(PROMOTED)  # fmt: skip


ROWS = [
    _legacy_row("812369747765362688", "DrLea_Test", TEXT, "2016-12-23 18:50 +0000", "1938.0", "3.0", "1.0", "11.0",
                "2.0", "15.0", "1"),
    _legacy_row("812341199767863296", "DrLea_Test", "Second tweet", "2016-12-23 16:56 +0000", "3626.0", "0.0", "0.0",
                "1.0", "0.0", "0.0", "0"),
]  # fmt: skip


def _write(
    path: Path, header, rows, encoding="utf-8", delimiter=",", quoting=csv.QUOTE_ALL, newline="\n"
) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator=newline)
    w.writerow(header)
    w.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def _m(con, tid: str) -> dict:
    cur = con.execute(
        "SELECT impressions, likes, comments, shares, saves, follows, profile_visits, clicks, views, reach "
        "FROM post_metrics_latest WHERE post_id = ?",
        ["x:" + tid],
    )
    return dict(zip([d[0] for d in cur.description], cur.fetchone()))


def test_legacy_by_tweet_values(con, tmp_path):
    f = _write(
        tmp_path / "tweet_activity_metrics_DrLea_Test_20161201_20170101_en.csv", LEGACY + PROMOTED, ROWS
    )
    s = load_file(con, f)
    assert (s.status, s.kind, s.platform) == ("loaded", "x_tweet_activity", "x")
    assert (s.rows_read, s.loaded, s.rejected, s.duplicates) == (2, 2, 0, 0)
    assert s.snapshot_date == "2017-01-01"  # end of the period in the file name
    assert any("promoted columns ignored" in n for n in s.notes)
    p = con.execute(
        "SELECT influencer_id, published_at, format, format_family, caption, permalink FROM posts "
        "WHERE platform_post_id = '812369747765362688'"
    ).fetchone()
    assert p[:4] == ("x:drlea_test", dt.datetime(2016, 12, 23, 18, 50), "x_post", "text_link")
    assert p[4] == TEXT  # multi-line text with quotes kept whole
    assert p[5] == "https://twitter.com/DrLea_Test/status/812369747765362688"
    m = _m(con, "812369747765362688")
    assert m == {
        "impressions": 1938, "likes": 11, "comments": 1, "shares": 3, "saves": None, "follows": 1,
        "profile_visits": 2, "clicks": 15, "views": None, "reach": None,
    }  # fmt: skip
    assert load_file(con, f).status == "already_loaded"


def test_french_headers_and_offsets_converted_to_utc(con, tmp_path):
    rows = [
        _legacy_row("812369747765362688", "DrLea_Test", "Bonjour", "2016-12-23 20:50 +0200", "1938.0", "3.0", "1.0",
                    "11.0", "2.0", "15.0", "1")[: len(FRENCH)]
    ]  # fmt: skip
    f = _write(
        tmp_path / "tweet_activity_metrics_DrLea_Test_20161201_20170101_fr.csv", FRENCH, rows, "utf-8-sig"
    )
    s = load_file(con, f)
    assert (s.status, s.kind, s.rows_read, s.loaded) == ("loaded", "x_tweet_activity", 1, 1)
    when = con.execute("SELECT published_at FROM posts").fetchone()[0]
    assert when == dt.datetime(2016, 12, 23, 18, 50)  # stored in UTC
    m = _m(con, "812369747765362688")
    assert (m["impressions"], m["likes"], m["comments"], m["shares"], m["clicks"]) == (1938, 11, 1, 3, 15)


def test_account_from_file_name_when_no_permalink(con, tmp_path):
    header = [h for h in LEGACY if h != "Tweet permalink"]
    rows = [[c for i, c in enumerate(ROWS[1]) if i != 1][: len(header)]]
    f = _write(tmp_path / "tweet_activity_metrics_SomeUser_20161201_20170101_en.csv", header, rows)
    s = load_file(con, f)
    assert s.loaded == 1
    assert any("taken from the file name" in n for n in s.notes)
    assert con.execute("SELECT influencer_id, permalink FROM posts").fetchone() == (
        "x:someuser",
        "https://x.com/SomeUser/status/812341199767863296",
    )


def test_rejects_name_column_and_value(con, tmp_path):
    bad_id = ["8.12369747765363E+17"] + ROWS[0][1:]
    bad_num = ["812369747765362699"] + ROWS[0][1:4] + ["lots"] + ROWS[0][5:]
    bad_time = ["812369747765362700"] + ROWS[0][1:3] + ["yesterday"] + ROWS[0][4:]
    f = _write(tmp_path / "metrics.csv", LEGACY + PROMOTED, [ROWS[1], bad_id, bad_num, bad_time])
    s = load_file(con, f)
    assert (s.rows_read, s.loaded, s.rejected) == (4, 1, 3)
    rej = con.execute("SELECT row_number, column_name, reason FROM rejects ORDER BY row_number").fetchall()
    assert (
        rej[0][1] == "Tweet id" and "scientific notation" in rej[0][2] and "8.12369747765363E+17" in rej[0][2]
    )
    assert rej[1][1:] == ("impressions", "not a number: lots")
    assert rej[2][1:] == ("time", "not a date: yesterday")


DAY = ["Date", "Tweets published"] + LEGACY[4:] + PROMOTED


def test_by_day_export_to_account_metrics(con, tmp_path):
    rows = [
        ["2021-08-01", "0", "1088", "13", "0.0119", "0", "0", "2", "1", "2", "0", "7", "0", "0", "0", "0", "0", "0",
         "2", "1"] + ["-"] * len(PROMOTED),
        ["2021-08-02", "2", "1244", "19", "0.0153", "4", "2", "3", "9", "0", "0", "5", "0", "0", "0", "1", "0", "0",
         "2", "0"] + ["-"] * len(PROMOTED),
    ]  # fmt: skip
    f = _write(tmp_path / "daily_tweet_activity_metrics_DrLea_Test_20210801_20210901_en.csv", DAY, rows)
    s = load_file(con, f)
    assert (s.status, s.kind, s.rows_read, s.loaded, s.rejected) == ("loaded", "x_daily_activity", 2, 2, 0)
    got = dict(
        con.execute(
            "SELECT metric, value FROM account_metrics WHERE date = '2021-08-02' AND account = 'drlea_test'"
        ).fetchall()
    )
    assert got["posts_published"] == 2 and got["impressions"] == 1244 and got["shares"] == 4
    assert got["comments"] == 2 and got["likes"] == 3 and got["profile_visits"] == 9 and got["follows"] == 1
    assert "engagement_rate" not in got and not any(k.startswith("promoted") for k in got)
    assert con.execute("SELECT DISTINCT dimension FROM account_metrics").fetchall() == [("",)]


CONTENT = ["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes", "Engagements", "Bookmarks", "Shares",
           "New follows", "Replies", "Reposts", "Profile visits", "Detail Expands", "URL Clicks", "Hashtag Clicks",
           "Permalink Clicks"]  # fmt: skip
CONTENT_ROWS = [
    ["2091108841245008184", "Sat, Aug 22, 2026", '@someone Vaccin grippe : "oui" à 65 ans',
     "https://x.com/DrLea_Test/status/2091108841245008184", "715", "6", "26", "2", "1", "3", "4", "5", "7", "9", "11",
     "0", "0"],
    ["2091095333082140951", "Fri, Aug 21, 2026", "Deuxième post, sans lien", "", "7", "3", "3", "0", "0", "0", "0",
     "0", "0", "0", "0", "0", "0"],
]  # fmt: skip


def test_content_export_values(con, tmp_path):
    f = _write(
        tmp_path / "account_analytics_content_2026-05-25_2026-08-22.csv", CONTENT, CONTENT_ROWS,
        quoting=csv.QUOTE_MINIMAL,
    )  # fmt: skip
    s = load_file(con, f, LoadOptions(account="DrLea_Test"))
    assert (s.status, s.kind, s.rows_read, s.loaded, s.rejected) == ("loaded", "x_content", 2, 2, 0)
    assert s.snapshot_date == "2026-08-22"
    assert any("no time of day" in n for n in s.notes)
    p = con.execute(
        "SELECT influencer_id, published_at, caption FROM posts WHERE platform_post_id = '2091108841245008184'"
    ).fetchone()
    assert p == ("x:drlea_test", dt.datetime(2026, 8, 22), '@someone Vaccin grippe : "oui" à 65 ans')
    m = _m(con, "2091108841245008184")
    assert m == {
        "impressions": 715, "likes": 6, "comments": 4, "shares": 6, "saves": 2, "follows": 3, "profile_visits": 7,
        "clicks": 11, "views": None, "reach": None,
    }  # fmt: skip
    # no link: the account comes from --account and the permalink is rebuilt from it
    assert con.execute(
        "SELECT influencer_id, permalink FROM posts WHERE platform_post_id = '2091095333082140951'"
    ).fetchone() == ("x:drlea_test", "https://x.com/DrLea_Test/status/2091095333082140951")


def test_content_export_excel_resave_is_duplicates_and_mangled_ids_rejected(con, tmp_path):
    opts = LoadOptions(export_date=dt.date(2026, 8, 22))
    f = _write(tmp_path / "a" / "content.csv", CONTENT, CONTENT_ROWS, quoting=csv.QUOTE_MINIMAL)
    assert load_file(con, f, opts).loaded == 2
    rows = [r[:] for r in CONTENT_ROWS]
    rows[1][0] = "2,0911E+18"  # Excel (French locale) turned the id into a number
    resaved = _write(tmp_path / "b" / "content.csv", CONTENT, rows, "cp1252", ";", csv.QUOTE_MINIMAL, "\r\n")
    s = load_file(con, resaved, opts)
    assert (s.status, s.rows_read, s.loaded, s.rejected, s.duplicates) == ("loaded", 2, 0, 1, 1)
    assert any("cp1252" in n for n in s.notes)
    reason = con.execute("SELECT column_name, reason FROM rejects").fetchone()
    assert reason[0] == "Post id" and "scientific notation" in reason[1]


def _expected(path: Path) -> dict:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    return {
        "n": len(rows),
        "impressions": sum(float(r["impressions"]) for r in rows),
        "likes": sum(float(r["likes"]) for r in rows),
        "replies": sum(float(r["replies"]) for r in rows),
        "retweets": sum(float(r["retweets"]) for r in rows),
        "users": {r["Tweet permalink"].split("/")[3].lower() for r in rows},
    }


def test_real_x_exports_load_and_match_their_totals(con):
    files = sorted(shared_path("real_exports", "x_twitter").glob("*.csv"))
    assert files
    for f in files:
        s = load_file(con, f)
        assert s.status == "loaded", (f.name, s.message)
        want = _expected(f) if s.kind == "x_tweet_activity" else None
        if want is None:
            assert s.loaded + s.rejected + s.duplicates == s.rows_read
            continue
        assert (s.rows_read, s.loaded, s.rejected, s.duplicates) == (want["n"], want["n"], 0, 0), f.name
        got = con.execute(
            "SELECT sum(impressions), sum(likes), sum(comments), sum(shares), count(*) FROM post_metrics "
            "WHERE file_id = ?",
            [s.file_id],
        ).fetchone()
        assert got == (
            pytest.approx(want["impressions"]),
            pytest.approx(want["likes"]),
            pytest.approx(want["replies"]),
            pytest.approx(want["retweets"]),
            want["n"],
        ), f.name
        infl = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT p.influencer_id FROM posts p JOIN post_metrics m USING (post_id) WHERE m.file_id = ?",
                [s.file_id],
            ).fetchall()
        }
        assert infl == {"x:" + u for u in want["users"]}, f.name
        assert (
            con.execute(
                "SELECT count(*) FROM posts p JOIN post_metrics m USING (post_id) "
                "WHERE m.file_id = ? AND p.published_at IS NULL",
                [s.file_id],
            ).fetchone()[0]
            == 0
        )
