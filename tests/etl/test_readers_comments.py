"""Comment exports: the Relais generic layout and export-tool layouts, linking to posts
(by permalink and by id, in either load order), unknown posts kept, pseudonymised
authors (no raw handle anywhere in the warehouse), and the real comment corpora."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from etl.base import LoadOptions
from tests.conftest import shared_path
from warehouse.loader import load_file, pseudonymise

KEY = "3e459100488037f96127c67648336b32553997490939a566379ea81345bfe434"  # 32 random-looking bytes: shorter keys are refused
GENERIC = [
    "platform",
    "post_permalink",
    "post_id",
    "comment_id",
    "parent_id",
    "author",
    "published_at",
    "text",
    "likes",
]
HANDLES = ["dr.alice.handle", "bob_handle_42", "carol_handle_7", "dave_handle_8", "erin_handle_9",
           "frank_handle_10", "gina_handle_12", "jane.doe.ig", "kim_handle_11", "leo_display_13"]  # fmt: skip
YT_VIDEO = "AbCdEfGh123"
TWEET = "812369747765362688"
IG_POST, IG_CODE = "18160563013405972", "DS7zYdbioBc"

GENERIC_ROWS = [
    ["youtube", f"https://youtu.be/{YT_VIDEO}", "", "Ugx1", "", "@Dr.Alice.Handle", "2026-03-01T08:15:00Z",
     "Merci docteur, très clair !", "1.2K"],
    ["youtube", "", YT_VIDEO, "Ugx2", "Ugx1", "bob_handle_42", "2026-03-01T09:00:00+02:00", "Réponse : d'accord", "3"],
    ["twitter", f"https://x.com/drlea_test/status/{TWEET}?s=20", "", "900000000000000001", "", "carol_handle_7",
     "2026-03-02T10:00:00Z", "Bon rappel\nsur deux lignes", "0"],
    ["x", "", TWEET, "900000000000000002", "", "dave_handle_8", "2026-03-02T11:00:00Z", "Merci", ""],
    ["instagram", f"https://www.instagram.com/p/{IG_CODE}/?igsh=abc", "", "17900000000000001", "", "erin_handle_9",
     "2026-03-03T12:00:00Z", "Super 💗", "5"],
    ["", "", "", "c-unknown-1", "", "frank_handle_10", "2026-03-04T12:00:00Z", "Sans post connu", "0"],
    ["facebook", "https://www.facebook.com/permalink.php?story_fbid=123456789&id=42", "", "fb-1", "", "gina_handle_12",
     "2026-03-05T12:00:00Z", "Et pour les enfants ?", "2"],
]  # fmt: skip


@pytest.fixture(autouse=True)
def _hmac_key(monkeypatch):
    monkeypatch.setenv("RELAIS_HMAC_KEY", KEY)


def _write(path: Path, header, rows, encoding="utf-8", delimiter=",", newline="\n") -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    w.writerow(header)
    w.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def _load_posts(con, folder: Path) -> None:
    """One YouTube video, one tweet and one Instagram reel, from their own exports."""
    yt = _write(
        folder / "yt" / "Table data.csv",
        ["Content", "Video title", "Video publish time", "Duration", "Views"],
        [["Total", "", "", "", "10"], [YT_VIDEO, "Vaccins", "Mar 1, 2026", "300", "10"]],
    )
    x = _write(
        folder / "tweet_activity_metrics_drlea_test_20260301_20260401_en.csv",
        ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "likes"],
        [
            [
                TWEET,
                f"https://twitter.com/DrLea_Test/status/{TWEET}",
                "Rappel",
                "2026-03-02 09:00 +0000",
                "100.0",
                "1.0",
            ]
        ],
    )
    ig = _write(
        folder / "Mar-01-2026_Mar-31-2026_1234567890123456.csv",
        ["Post ID", "Account username", "Description", "Publish time", "Permalink", "Post type", "Views"],
        [[IG_POST, "infirmiere.test", "Reel", "03/01/2026 08:00", f"https://www.instagram.com/reel/{IG_CODE}/",
          "IG reel", "100"]],
    )  # fmt: skip
    for f in (yt, x, ig):
        assert load_file(con, f, LoadOptions(account="chaine.test")).status == "loaded", f


def _links(con) -> dict[str, str | None]:
    return dict(con.execute("SELECT comment_id, post_id FROM comments").fetchall())


EXPECTED_LINKS = {
    "youtube:Ugx1": f"youtube:{YT_VIDEO}",  # by permalink (youtu.be)
    "youtube:Ugx2": f"youtube:{YT_VIDEO}",  # by id
    "x:900000000000000001": f"x:{TWEET}",  # by permalink (x.com vs twitter.com)
    "x:900000000000000002": f"x:{TWEET}",  # by id
    "instagram:17900000000000001": f"instagram:{IG_POST}",  # /p/ link of a /reel/ post
    "unknown:c-unknown-1": None,  # kept, post unknown
    "facebook:fb-1": None,  # the post was never loaded
}


def assert_no_raw_handle(con, handles=HANDLES) -> None:
    """Search every column of every table of the warehouse for the handles.

    The lambda variable is `needle_`, not a name a table could use as a column (a column `n` once
    shadowed it and every row matched)."""
    tables = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
        "AND table_catalog = current_database() AND table_schema = 'main'"
    ).fetchall()
    assert tables
    needles = [h.lower() for h in handles]
    for (t,) in tables:
        cols = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main'",
                [t],
            ).fetchall()
        ]
        hits = con.execute(
            f"SELECT {', '.join(f'count(*) FILTER (WHERE list_bool_or([contains(lower(CAST({chr(34)}{c}{chr(34)} AS VARCHAR)), needle_) FOR needle_ IN $1]))' for c in cols)} FROM main.{chr(34)}{t}{chr(34)}",
            [needles],
        ).fetchone()
        found = {c: n for c, n in zip(cols, hits) if n}
        assert not found, f"raw handle found in {t}: {found}"


def test_generic_layout_posts_first_then_comments(con, tmp_path):
    _load_posts(con, tmp_path)
    f = _write(tmp_path / "comments.csv", GENERIC, GENERIC_ROWS)
    s = load_file(con, f)
    assert (s.status, s.kind, s.rows_read, s.loaded, s.rejected, s.duplicates) == (
        "loaded",
        "comments",
        7,
        7,
        0,
        0,
    )
    assert _links(con) == EXPECTED_LINKS
    row = con.execute(
        "SELECT platform, post_ref, parent_id, author_hash, published_at, text, likes FROM comments "
        "WHERE comment_id = 'youtube:Ugx1'"
    ).fetchone()
    assert row == (
        "youtube", YT_VIDEO, None, pseudonymise("dr.alice.handle", KEY.encode()), dt.datetime(2026, 3, 1, 8, 15),
        "Merci docteur, très clair !", 1200,
    )  # fmt: skip
    reply = con.execute(
        "SELECT parent_id, published_at, likes FROM comments WHERE comment_id = 'youtube:Ugx2'"
    ).fetchone()
    assert reply == ("youtube:Ugx1", dt.datetime(2026, 3, 1, 7, 0), 3)  # +02:00 -> UTC
    assert con.execute("SELECT likes FROM comments WHERE comment_id = 'x:900000000000000002'").fetchone() == (
        None,
    )
    assert con.execute("SELECT post_ref FROM comments WHERE comment_id = 'facebook:fb-1'").fetchone() == (
        "123456789",
    )
    assert any("1 comment(s) do not say their platform" in n for n in s.notes)
    assert_no_raw_handle(con)

    # idempotence: the same file, then the same comments re-saved by Excel (BOM, CRLF, ';', cp1252)
    assert load_file(con, f).status == "already_loaded"
    resaved = _write(tmp_path / "b" / "comments.csv", GENERIC, GENERIC_ROWS[:2] + GENERIC_ROWS[5:6], "utf-8-sig",
                     ";", "\r\n")  # fmt: skip
    s = load_file(con, resaved)
    assert (s.rows_read, s.loaded, s.duplicates) == (3, 0, 3)


def test_comments_first_are_relinked_when_posts_arrive(con, tmp_path):
    s = load_file(con, _write(tmp_path / "comments.csv", GENERIC, GENERIC_ROWS))
    assert s.loaded == 7
    assert set(_links(con).values()) == {None}  # nothing to link to yet: kept, not dropped
    _load_posts(con, tmp_path / "posts")
    assert _links(con) == EXPECTED_LINKS


def test_rejected_comments_name_column_and_value_without_quoting_the_author(con, tmp_path):
    rows = [
        ["youtube", "", YT_VIDEO, "Ugx9", "", "bob_handle_42", "yesterday", "Texte", "1"],
        ["youtube", "", YT_VIDEO, "Ugx10", "", "bob_handle_42", "2026-03-01T08:15:00Z", "Texte", "beaucoup"],
        ["myspace", "", "p1", "m1", "", "carol_handle_7", "2026-03-01T08:15:00Z", "Texte", "1"],
        ["youtube", "", YT_VIDEO, "", "", "dave_handle_8", "2026-03-01T08:15:00Z", "", "1"],
        ["youtube", "", YT_VIDEO, "Ugx11", "", "erin_handle_9", "2026-03-01T08:15:00Z", "Valide", "1"],
    ]
    s = load_file(con, _write(tmp_path / "comments.csv", GENERIC, rows))
    assert (s.rows_read, s.loaded, s.rejected) == (5, 1, 4)
    rej = con.execute(
        "SELECT row_number, column_name, reason, raw_row FROM rejects ORDER BY row_number"
    ).fetchall()
    assert [r[:3] for r in rej] == [
        (2, "published_at", "not a date: yesterday"),
        (3, "likes", "not a number: beaucoup"),
        (
            4,
            "platform",
            "not a platform Relais knows (instagram, facebook, tiktok, linkedin, youtube, x): myspace",
        ),
        (5, "text", "empty comment: no text and no comment id"),
    ]
    assert "Texte" in rej[0][3]  # the row is quoted, its author is not
    assert_no_raw_handle(con)


TOOL = ["Name", "Profile URL", "Date", "Likes", "Comment"]


def _tool_rows(tag: str) -> list[list[str]]:
    return [
        [
            "Jane D.",
            "https://www.instagram.com/jane.doe.ig/",
            "2026-10-12 18:50:11",
            "4",
            f"Merci pour ce rappel {tag}",
        ],
        ["", "https://www.instagram.com/kim_handle_11", "2026-10-12 19:00:00", "0", f"Je partage {tag}"],
        ["leo_display_13", "", "2026-10-12 19:05:00", "1", f"Et le rappel ? {tag}"],
    ]


def test_tool_layout_post_from_option_file_name_or_unknown(con, tmp_path):
    _load_posts(con, tmp_path / "posts")
    # 1. --post given
    f = _write(tmp_path / "export.csv", TOOL, _tool_rows("a"), "utf-8-sig", newline="\r\n")
    s = load_file(con, f, LoadOptions(post_ref=f"https://www.instagram.com/reel/{IG_CODE}/"))
    assert (s.status, s.rows_read, s.loaded) == ("loaded", 3, 3)
    got = con.execute(
        "SELECT platform, post_id, author_hash FROM comments WHERE file_id = ? ORDER BY published_at",
        [s.file_id],
    ).fetchall()
    key = KEY.encode()
    assert got == [
        # the handle in the profile URL identifies the author (display names are not unique)
        ("instagram", f"instagram:{IG_POST}", pseudonymise("jane.doe.ig", key)),
        ("instagram", f"instagram:{IG_POST}", pseudonymise("kim_handle_11", key)),
        ("instagram", f"instagram:{IG_POST}", pseudonymise("leo_display_13", key)),
    ]
    # 2. the post's shortcode in the file name (noted)
    f = _write(tmp_path / f"comments_export_{IG_CODE}.csv", TOOL, _tool_rows("b"))
    s = load_file(con, f)
    assert s.loaded == 3
    assert any("taken from the file name" in n for n in s.notes)
    assert (
        con.execute("SELECT count(post_id) FROM comments WHERE file_id = ?", [s.file_id]).fetchone()[0] == 3
    )
    # 3. nothing names the post: kept with an unknown post
    f = _write(tmp_path / "comments_export.csv", TOOL, _tool_rows("c"))
    s = load_file(con, f)
    assert (s.loaded, s.rejected) == (3, 0)
    assert any("do not name their post" in n for n in s.notes)
    assert con.execute(
        "SELECT count(*), count(post_id), count(post_ref) FROM comments WHERE file_id = ?", [s.file_id]
    ).fetchone() == (3, 0, 0)
    assert_no_raw_handle(con)


def test_youtube_scraper_layouts(con, tmp_path):
    _load_posts(con, tmp_path / "posts")
    f = _write(
        tmp_path / "scraped.csv",
        ["Comment ID", "Author", "Date", "Likes", "Reply Count", "Text", "Video ID"],
        [["UgzA", "@dr.alice.handle", "2026-03-01 08:15:00", "12", "1", "Très utile", YT_VIDEO],
         ["UgzB", "@bob_handle_42", "2026-03-01 09:15:00", "0", "0", "Merci", YT_VIDEO]],
    )  # fmt: skip
    s = load_file(con, f)
    assert (s.kind, s.platform, s.loaded) == ("comments", "youtube", 2)
    assert con.execute(
        "SELECT count(*) FROM comments WHERE post_id = ?", [f"youtube:{YT_VIDEO}"]
    ).fetchone() == (2,)
    # youtube-comment-downloader: relative `time`, epoch `time_parsed`, `votes` like 1.2K; the video in the name
    f = _write(
        tmp_path / f"youtube-comments_{YT_VIDEO}.csv",
        ["cid", "text", "time", "author", "channel", "votes", "replies", "heart", "reply", "time_parsed"],
        [["UgzC", "Top vidéo", "2 years ago", "@carol_handle_7", "UCxyz", "1.2K", "3", "False", "False",
          "1709280000.0"]],
    )  # fmt: skip
    s = load_file(con, f)
    assert s.loaded == 1
    assert con.execute(
        "SELECT post_id, published_at, likes FROM comments WHERE comment_id = 'youtube:UgzC'"
    ).fetchone() == (
        f"youtube:{YT_VIDEO}",
        dt.datetime(2024, 3, 1, 8, 0),
        1200,
    )
    assert_no_raw_handle(con)


def test_meta_graph_layouts(con, tmp_path):
    f = _write(
        tmp_path / "ig_comments.csv",
        ["username", "text", "timestamp", "like_count", "id", "replies_count"],
        [["erin_handle_9", "Bravo", "2026-03-01T10:00:00+0000", "2", "17900000000000009", "0"]],
    )
    s = load_file(con, f, LoadOptions(post_ref=f"https://www.instagram.com/p/{IG_CODE}/"))
    assert (s.platform, s.loaded) == ("instagram", 1)
    assert con.execute(
        "SELECT comment_id, post_ref, published_at FROM comments WHERE comment_id LIKE 'instagram:%'"
    ).fetchone() == (
        "instagram:17900000000000009",
        f"https://www.instagram.com/p/{IG_CODE}/",
        dt.datetime(2026, 3, 1, 10),
    )
    f = _write(
        tmp_path / "fb_comments.csv",
        ["id", "message", "created_time", "from.name", "like_count", "parent.id"],
        [["10_20", "Merci", "2026-03-01T10:00:00+0000", "Gina", "1", ""],
         ["10_21", "Oui", "2026-03-01T11:00:00+0000", "Gina", "0", "10_20"]],
    )  # fmt: skip
    s = load_file(con, f)
    assert (s.platform, s.loaded) == ("facebook", 2)
    assert con.execute("SELECT parent_id FROM comments WHERE comment_id = 'facebook:10_21'").fetchone() == (
        "facebook:10_20",
    )


def test_tweet_corpus_layout_with_repeated_rows(con, tmp_path):
    header = ["date", "id", "nbre_like", "nbre_retweet", "screenName", "texte", "type", "type_vaccin"]
    text = "Vaccinons en pharmacie,\navec deux lignes"
    rows = [
        ["2021-03-01 08:42:07", "1366307752096768000", "2", "0", "gina_handle_12", text, "tweet", "janssen"],
        ["2021-03-01 08:42:07", "1366307752096768000", "2", "0", "gina_handle_12", text, "tweet", "moderna"],
        ["2021-03-01 09:08:28", "1366314384935550977", "5", "0", "kim_handle_11", "Autre", "quote", "pfizer"],
    ]
    s = load_file(con, _write(tmp_path / "tweets_vaccins.csv", header, rows, newline="\r\n"))
    assert (s.platform, s.rows_read, s.loaded, s.rejected, s.duplicates) == ("x", 3, 2, 0, 1)
    assert con.execute(
        "SELECT text, likes, published_at FROM comments WHERE comment_id = 'x:1366307752096768000'"
    ).fetchone() == (text, 2, dt.datetime(2021, 3, 1, 8, 42, 7))
    assert_no_raw_handle(con)


# ------------------------------------------------------------------------------ real corpora


def _records(path: Path) -> list[dict]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_real_comment_corpora_load_or_are_refused_precisely(con):
    folder = shared_path("real_comments")
    files = sorted(folder.rglob("*.csv"))
    assert files
    for f in files:
        s = load_file(con, f)
        rows = _records(f)
        header = set(rows[0]) if rows else set()
        if {"comments", "event"} <= header or {"screenName", "texte"} <= header:
            assert s.status == "loaded", (f.name, s.message)
            assert s.kind == "comments"
            assert s.rows_read == len(rows), f.name
            assert s.rejected == 0, f.name
            if "screenName" in header:
                # one record per tweet id (the corpus repeats a tweet once per vaccine it names)
                assert s.loaded == len({r["id"] for r in rows}), f.name
                assert s.platform == "x"
                names = {r["screenName"].lower() for r in rows}
                hashes = {
                    r[0]
                    for r in con.execute(
                        "SELECT author_hash FROM comments WHERE file_id = ?", [s.file_id]
                    ).fetchall()
                }
                assert hashes == {pseudonymise(n, KEY.encode()) for n in names}
                for t, c in (("comments", "author_hash"), ("comments", "comment_id"), ("rejects", "raw_row")):
                    leaked = con.execute(
                        f"SELECT count(*) FROM {t} WHERE list_has_any(?, [lower(CAST({c} AS VARCHAR))])",
                        [sorted(names)],
                    ).fetchone()[0]
                    assert leaked == 0
            else:
                # no comment id, no author: identical (date, text) pairs are one comment
                assert s.loaded == len({(r["Date"], r["comments"].strip()) for r in rows}), f.name
            assert s.loaded + s.duplicates == s.rows_read
        else:
            # a labelled text dataset (title, label), not comments: refused, saying what it saw
            assert s.status == "failed", f.name
            assert "not a recognised export" in s.message and "title,label" in s.message


def test_platform_from_option_when_the_file_does_not_say(con, tmp_path):
    header = ["", "comments", "event", "Date"]
    rows = [
        ["1", "Line up and get your shot!", "AZ Clots", "2021-05-28"],
        ["2", "No thanks", "AZ Clots", "2021-05-28"],
    ]
    s = load_file(con, _write(tmp_path / "a" / "dat.csv", header, rows))
    assert (s.loaded, s.platform) == (2, None)
    assert any("pass --platform" in n for n in s.notes)
    rows2 = [r[:1] + [r[1] + " (bis)"] + r[2:] for r in rows]
    s = load_file(con, _write(tmp_path / "b" / "dat.csv", header, rows2), LoadOptions(platform="YouTube"))
    assert (s.loaded, s.platform) == (2, "youtube")
    assert con.execute("SELECT platform, count(*) FROM comments GROUP BY ALL ORDER BY 1").fetchall() == [
        ("youtube", 2),
        (None, 2),
    ]


def test_tool_workbook_with_a_preamble(con, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Comments export", None, None, None, None])
    ws.append(["https://www.instagram.com/reel/" + IG_CODE + "/", None, None, None, None])
    ws.append(TOOL)
    ws.append(
        [
            "Jane D.",
            "https://www.instagram.com/jane.doe.ig/",
            dt.datetime(2026, 10, 12, 18, 50, 11),
            4,
            "Merci",
        ]
    )
    ws.append(["Kim", "https://www.instagram.com/kim_handle_11/", dt.datetime(2026, 10, 12, 19, 0), 0, "Top"])
    f = tmp_path / "export.xlsx"
    wb.save(f)
    s = load_file(con, f, LoadOptions(post_ref=f"https://www.instagram.com/reel/{IG_CODE}/"))
    assert (s.status, s.rows_read, s.loaded, s.rejected) == ("loaded", 2, 2, 0)
    assert con.execute(
        "SELECT platform, published_at, likes FROM comments ORDER BY published_at"
    ).fetchall() == [
        ("instagram", dt.datetime(2026, 10, 12, 18, 50, 11), 4),
        ("instagram", dt.datetime(2026, 10, 12, 19, 0), 0),
    ]
    assert_no_raw_handle(con)
