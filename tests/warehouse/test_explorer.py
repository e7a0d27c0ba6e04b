"""The post explorer: every post of a selection reachable page by page, search, sort, the reaction mix
and checks of each post, the top posts per group, safe downloads, the CLI and the Posts page."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from cli.main import main as relais
from etl.base import LoadOptions
from tests.conftest import shared_path
from tests.exports import instagram_file
from warehouse.explorer import MAX_PAGE_SIZE, explore_posts, export_posts, top_posts
from warehouse.exporting import to_csv_bytes
from warehouse.filters import Filters
from warehouse.loader import load_paths
from warehouse.metrics import aggregate, effective_reactions_sql

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ro(sample_db):
    c = duckdb.connect(str(sample_db), read_only=True)
    yield c
    c.close()


def test_pages_cover_the_selection_exactly_once(ro):
    f = Filters(campaigns=("DT2-26",), platforms=("instagram", "tiktok"))
    first = explore_posts(ro, f, page=1, page_size=40)
    assert first.total == aggregate(ro, [], f).iloc[0]["posts"]
    seen: list[str] = []
    for page in range(1, first.pages + 1):
        seen += explore_posts(ro, f, page=page, page_size=40).rows["post_id"].tolist()
    assert len(seen) == len(set(seen)) == first.total
    # a page beyond the last is the last page, not an empty one
    assert explore_posts(ro, f, page=999, page_size=40).page == first.pages
    assert explore_posts(ro, f, page_size=10_000).page_size == MAX_PAGE_SIZE


def test_sort_is_honoured_and_nulls_go_last(ro):
    rows = explore_posts(ro, Filters(platforms=("instagram",)), sort="engagement_rate", page_size=500).rows
    rates = rows["engagement_rate"]
    assert rates.dropna().is_monotonic_decreasing
    assert rates.isna().sum() == 0 or rates.iloc[-rates.isna().sum() :].isna().all()
    asc = explore_posts(ro, None, sort="published_at", descending=False, page_size=5).rows
    assert asc["published_at"].is_monotonic_increasing
    with pytest.raises(ValueError):
        explore_posts(ro, None, sort="caption; DROP TABLE posts")


def test_search_is_accent_insensitive_words_and_harmless(ro):
    res = explore_posts(ro, None, search="DEPISTAGE sein", page_size=500)
    assert res.total > 0
    for text in res.rows["caption_text"] + " " + res.rows["campaign_name"].fillna(""):
        low = text.lower()
        assert "dépistage" in low or "depistage" in low
    hostile = explore_posts(ro, None, search="'; DROP TABLE posts; -- %_")
    assert hostile.total == 0
    assert ro.execute("SELECT count(*) FROM posts").fetchone()[0] > 0
    by_id = explore_posts(ro, None, search=res.rows["post_id"].iloc[0])
    assert by_id.total == 1


def test_reaction_mix_matches_the_comment_tables(ro):
    rows = explore_posts(ro, Filters(campaigns=("OR26",)), sort="comments", page_size=20).rows
    for _, r in rows.head(5).iterrows():
        cats = ro.execute(
            f"""SELECT unnest(er.categories) FROM comments c
                JOIN ({effective_reactions_sql()}) er ON er.comment_id = c.comment_id WHERE c.post_id = ?""",
            [r["post_id"]],
        ).fetchall()
        assert r["reactions"] == dict(Counter(c[0] for c in cats))
    assert rows["disclosure"].notna().all()  # every post was checked at load time


def test_top_posts_per_group(ro):
    top = top_posts(ro, Filters(platforms=("instagram",)), "format", 2, "engagements")
    assert (top.groupby("group_value").size() <= 2).all()
    for fmt, g in top.groupby("group_value"):
        best = ro.execute(
            "SELECT max(coalesce(likes,0)+coalesce(comments,0)+coalesce(shares,0)+coalesce(saves,0)) "
            "FROM posts p JOIN post_metrics_latest m USING (post_id) WHERE p.format = ? AND p.platform = ?",
            [fmt, "instagram"],
        ).fetchone()[0]
        if g["engagements"].notna().any():
            assert g.sort_values("rank_in_group")["engagements"].iloc[0] == best
    by_rate = top_posts(ro, None, "campaign", 3, "engagement_rate")
    for _cid, g in by_rate.groupby("group_value"):
        assert g.sort_values("rank_in_group")["engagement_rate"].is_monotonic_decreasing
    with pytest.raises(ValueError):
        top_posts(ro, None, "caption")


def test_export_neutralises_formulas_and_says_the_total(con, tmp_path):
    rows = [[
        "3001", "17841463586376007", "lab.page", "Lab", '=HYPERLINK("http://evil","click") #pub', "",
        "10/02/2026 10:05", "https://www.instagram.com/p/E1/", "IG image", "", "Lifetime", 200, 100, 10, 1, "",
        2, 1,
    ]]  # fmt: skip
    load_paths(con, [instagram_file(tmp_path / "Oct-01-2026_Oct-31-2026_5.csv", rows)], LoadOptions())
    df, total = export_posts(con)
    assert total == 1 and len(df) == 1
    text = to_csv_bytes(df[["post_id", "caption_text"]]).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    back = pd.read_csv(io.StringIO(text))
    assert back["caption_text"].iloc[0].startswith("'=")


def test_real_exports_are_explorable(con):
    load_paths(con, [shared_path("real_exports", "x_twitter")], LoadOptions())
    loaded = con.execute("SELECT count(*) FROM posts").fetchone()[0]
    res = explore_posts(con, None, page_size=MAX_PAGE_SIZE)
    assert res.total == loaded > 0
    tagged = explore_posts(con, Filters(hashtags=("rstats",)), page_size=MAX_PAGE_SIZE)
    assert 0 < tagged.total < loaded
    assert all("rstats" in tags for tags in tagged.rows["hashtags"])
    assert tagged.rows["permalink"].str.startswith("https://").all()


def test_cli_posts_and_top_posts(sample_db, capsys):
    assert relais(["posts", "--db", str(sample_db), "--hashtag", "SpA", "--page-size", "7", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 7 and all("spa" in r["hashtags"] for r in rows)
    assert {"permalink", "caption_text", "reactions", "disclosure", "engagement_rate"} <= set(rows[0])
    assert relais(["posts", "--db", str(sample_db), "--search", "zzzz-nothing"]) == 0
    assert "No post matches." in capsys.readouterr().out
    assert relais(["top-posts", "--db", str(sample_db), "--by", "profile_type", "--n", "1", "--json"]) == 0
    top = json.loads(capsys.readouterr().out)
    assert len({r["group_value"] for r in top}) == len(top)
