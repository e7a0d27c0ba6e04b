"""Hashtags as a KPI: extraction in any script, the figures per hashtag, campaign vs other hashtags,
the hashtag filter (in the URL like the other filters), the CLI and the Hashtags page."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import duckdb
import pytest

from cli.main import main as relais
from etl.base import LoadOptions
from tests.conftest import shared_path
from tests.exports import IG_HEADER, instagram_file, roster_files
from ui.filters import filters_from_query, filters_to_query
from warehouse.filters import Filters
from warehouse.hashtags import (
    extract_hashtags,
    hashtag_kind_kpis,
    hashtag_kpis,
    hashtag_timeline,
    hashtags_sql,
    normalize_hashtag,
)
from warehouse.loader import load_paths
from warehouse.metrics import aggregate

ROOT = Path(__file__).resolve().parents[1]

ODD = [
    ("Bonne #Santé ! #OctobreRose", ["santé", "octobrerose"]),
    ("#Плевен #VintageПлевен #ресторант", ["плевен", "vintageплевен", "ресторант"]),
    ("健康第一 #健康 #日本語", ["健康", "日本語"]),
    ("العناية #الصحة", ["الصحة"]),
    ("योग #हिंदी_दिवस", ["हिंदी_दिवस"]),  # combining marks stay inside the hashtag
    ("فارسی #می\u200cخواهم", ["می\u200cخواهم"]),  # zero-width non-joiner (Persian)
    ("full width ＃テスト", ["テスト"]),
    ("see https://example.org/page#section and #1 and #2026", []),  # URL fragment, all digits
    ("Cafe\u0301 #cafe\u0301 #Café", ["café"]),  # NFD and NFC spellings are one hashtag
    ("#a_b,#c;#d. (#e)", ["a_b", "c", "d", "e"]),
    ("", []),
    (None, []),
]


@pytest.mark.parametrize("text,expected", ODD)
def test_extraction_in_any_script_python_and_sql_agree(text, expected):
    assert extract_hashtags(text) == expected
    con = duckdb.connect()
    got = con.execute(f"SELECT {hashtags_sql('?')}", [text]).fetchone()[0]
    assert sorted(got) == sorted(expected)


def test_normalize_hashtag():
    assert normalize_hashtag("#OctobreRose") == "octobrerose"
    assert normalize_hashtag("＃Santé ") == "santé"
    assert (
        normalize_hashtag("#") is None
        and normalize_hashtag("#2026") is None
        and normalize_hashtag(None) is None
    )
    assert normalize_hashtag("x" * 101) is None


def test_filter_normalises_round_trips_and_lives_in_the_url():
    f = Filters(hashtags=["#OctobreRose", "octobrerose", "＃Santé"])
    assert f.hashtags == ("octobrerose", "santé")
    assert Filters.from_dict(f.to_dict()) == f
    sql, params = f.where_sql("b")
    assert "b.post_id IN (SELECT post_id FROM post_hashtags" in sql and params == ["octobrerose", "santé"]
    url = filters_to_query(f)
    assert url["hashtags"] == ["octobrerose", "santé"]
    assert filters_from_query({"hashtags": "octobrerose,santé", "campaigns": "OR26"}) == Filters(
        campaigns=("OR26",), hashtags=("octobrerose", "santé"), scope="campaigns"
    )


# --------------------------------------------------------------------------- on the sample


@pytest.fixture(scope="module")
def ro(sample_db):
    c = duckdb.connect(str(sample_db), read_only=True)
    yield c
    c.close()


def _posts_with(con, tag: str) -> set[str]:
    """Independent count: posts whose caption or title holds #tag as a whole word (Python regex)."""
    rx = re.compile(rf"(?<![\w&/=])#{re.escape(tag)}(?![\w])", re.IGNORECASE)
    return {
        pid
        for pid, title, caption in con.execute("SELECT post_id, title, caption FROM posts").fetchall()
        if rx.search(unicodedata.normalize("NFC", f"{title or ''} {caption or ''}"))
    }


def test_sample_hashtag_figures_match_an_independent_count(ro):
    kpis = hashtag_kpis(ro, None, "reach", None).set_index("hashtag")
    for tag in ("octobrerose", "spa", "santé", "denutrition"):
        assert kpis.loc[tag, "posts"] == len(_posts_with(ro, tag)), tag
    row = kpis.loc["octobrerose"]
    assert row["is_campaign_hashtag"] and row["campaigns"] == ["OR26"]
    assert not kpis.loc["santé", "is_campaign_hashtag"]
    # the rate is the metrics layer's: same as aggregating the hashtag's posts directly
    direct = aggregate(ro, [], Filters(hashtags=("octobrerose",))).iloc[0]
    assert row["engagement_rate"] == pytest.approx(direct["engagement_rate"])
    assert row["engagement_rate_ci_low"] <= row["engagement_rate"] <= row["engagement_rate_ci_high"]
    # the monthly trend covers every month of the selection and sums to the posts
    assert sum(row["monthly_posts"]) == row["posts"]
    assert len({len(v) for v in kpis["monthly_posts"]}) == 1
    assert str(row["first_used"]) >= "2026-09-21"


def test_campaign_other_none_partition_the_posts(ro):
    kinds = hashtag_kind_kpis(ro).set_index("hashtag_kind")
    total = ro.execute("SELECT count(*) FROM posts").fetchone()[0]
    assert int(kinds["posts"].sum()) == total
    untagged = ro.execute(
        "SELECT count(*) FROM posts WHERE post_id NOT IN (SELECT post_id FROM post_hashtags)"
    ).fetchone()[0]
    assert kinds.loc["none", "posts"] == untagged
    assert kinds.loc["campaign", "posts"] >= len(_posts_with(ro, "octobrerose"))


def test_hashtag_filter_narrows_every_figure(ro):
    f = Filters(campaigns=("OR26",), hashtags=("octobrerose",))
    expected = _posts_with(ro, "octobrerose") & {
        r[0] for r in ro.execute("SELECT post_id FROM posts WHERE campaign_id = 'OR26'").fetchall()
    }
    assert aggregate(ro, [], f).iloc[0]["posts"] == len(expected)
    tl = hashtag_timeline(ro, Filters(), ["octobrerose"], "month")
    assert tl["posts"].sum() == len(_posts_with(ro, "octobrerose"))


# --------------------------------------------------------------------------- loading


def test_a_newer_export_rescans_a_changed_caption(con, tmp_path):
    rows = [[
        "1801", "17841463586376007", "lab.page", "Lab", "Premier #Avant #Santé", "", "10/02/2026 10:05",
        "https://www.instagram.com/p/A1/", "IG image", "", "Lifetime", 200, 100, 10, 1, "", 2, 1,
    ]]  # fmt: skip
    load_paths(con, [instagram_file(tmp_path / "a" / "Oct-01-2026_Oct-31-2026_1.csv", rows)], LoadOptions())
    assert sorted(r[0] for r in con.execute("SELECT hashtag FROM post_hashtags").fetchall()) == [
        "avant",
        "santé",
    ]
    rows[0][4] = "Légende corrigée #Après"
    rows[0][13] = 12
    load_paths(con, [instagram_file(tmp_path / "b" / "Oct-01-2026_Nov-30-2026_2.csv", rows)], LoadOptions())
    assert [r[0] for r in con.execute("SELECT hashtag FROM post_hashtags").fetchall()] == ["après"]


def test_accented_campaign_hashtag_assigns_posts(con, tmp_path):
    files = roster_files(tmp_path / "r")
    camp = tmp_path / "r" / "campaigns.csv"
    camp.write_text(
        camp.read_text(encoding="utf-8").replace("#OctobreRose", "#DépistageSein"), encoding="utf-8"
    )
    rows = [[
        "1901", "17841463586376007", "outsider.account", "Outsider", "Faites-vous dépister #DépistageSein",
        "", "10/02/2026 10:05", "https://www.instagram.com/p/B1/", "IG image", "", "Lifetime", 200, 100, 10, 1,
        "", 2, 1,
    ]]  # fmt: skip
    load_paths(con, [*files, instagram_file(tmp_path / "Oct-01-2026_Oct-31-2026_3.csv", rows)], LoadOptions())
    assert con.execute("SELECT campaign_id, campaign_rule FROM posts").fetchone() == ("OR26", "hashtag")
    assert hashtag_kpis(con).set_index("hashtag").loc["dépistagesein", "is_campaign_hashtag"]


def test_real_export_hashtags_in_cyrillic(con):
    path = shared_path("real_exports", "instagram", "vsbperoto", "INSTAGRAM_RAW.csv")
    load_paths(con, [path], LoadOptions())
    kpis = hashtag_kpis(con, None, "reach", None).set_index("hashtag")
    assert {"плевен", "vintageплевен", "pleven"} <= set(kpis.index)
    for tag in ("плевен", "pleven", "ресторант"):
        assert kpis.loc[tag, "posts"] == len(_posts_with(con, tag)), tag
    assert IG_HEADER  # the fixture layout and the real one share the loader


def test_real_x_export_rstats(con):
    for name in ("tweet_activity_metrics_rOpenSci_20211201_20220101_en.csv",):
        load_paths(con, [shared_path("real_exports", "x_twitter", name)], LoadOptions())
    kpis = hashtag_kpis(con, None, "impressions", None).set_index("hashtag")
    assert kpis.loc["rstats", "posts"] == len(_posts_with(con, "rstats")) > 0
    assert kpis.loc["rstats", "engagement_rate"] > 0  # X gives impressions and engagements


# --------------------------------------------------------------------------- CLI and page


def test_cli_hashtags_json(sample_db, capsys):
    assert relais(["hashtags", "--db", str(sample_db), "--json", "--campaign", "OR26"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by = {r["hashtag"]: r for r in rows}
    assert by["octobrerose"]["is_campaign_hashtag"] is True and by["octobrerose"]["rate_basis"] == "reach"
    assert all(r["posts"] >= 1 for r in rows)
    assert relais(["hashtags", "--db", str(sample_db), "--kinds", "--json"]) == 0
    kinds = {r["hashtag_kind"] for r in json.loads(capsys.readouterr().out)}
    assert kinds == {"campaign", "other", "none"}


def test_an_older_warehouse_gets_its_hashtags_on_upgrade(tmp_path, monkeypatch):
    from warehouse import schema

    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as c:
        monkeypatch.setattr(schema, "MIGRATIONS", [m for m in schema.MIGRATIONS if m[0] <= 3])
        assert schema.apply_migrations(c) == 3
        c.execute(
            "INSERT INTO posts (post_id, platform, platform_post_id, format, format_family, caption, "
            "updated_file_id) VALUES ('x:1', 'x', '1', 'x_post', 'text_link', 'Old post #Ancien #Плевен', 7)"
        )
        monkeypatch.undo()
        assert schema.apply_migrations(c) >= 4
        assert sorted(r[0] for r in c.execute("SELECT hashtag FROM post_hashtags").fetchall()) == [
            "ancien",
            "плевен",
        ]
        assert c.execute("SELECT updated_file_id FROM post_hashtags_scanned").fetchall() == [(7,)]
