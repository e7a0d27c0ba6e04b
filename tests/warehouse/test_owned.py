"""Owned pages: a roster row with profile_type brand_page makes the client's own page; its figures
(followers gained per month, posting regularity, format mix, engagement rate per month, best posts,
audience split) checked against numbers computed by hand, beside the influencers of its campaigns.

Fixture (campaign C1, client Labo):
  linkedin:labo-page  brand_page  posts L1 2026-10-01 li_image  reach 1000 (impressions) l40 c5 sh5  -> 50
                                        L2 2026-10-08 li_video  impressions 2000 l90 c10 sh0        -> 100
                                        L3 2026-10-29 li_image  impressions 500 (no engagement)     -> NULL
  instagram:alice   health_professional I1 2026-10-02 ig_reel reach 4000 l150 c30 sh10 sv10        -> 200
                                        I2 2026-10-05 ig_image reach 1000 l40 c5 sh5 sv0            -> 50
  Follower series of the page (LinkedIn followers export): new followers 10/01: 13, 10/02: 13,
  11/03: 4 (total column); job functions: Healthcare Services 420, Research 80, Sales 25 (of 525).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from domain import FORMAT_FAMILY
from tests.etl.test_readers_linkedin_page import followers_xlsx
from warehouse import owned
from warehouse.loader import load_file

T0 = dt.datetime(2026, 11, 10)
PAGE, ALICE = "linkedin:labo-page", "instagram:alice"

# the registry entries of owned pages, computed by hand (tests/warehouse/test_registry.py checks
# that every entry has one)
EXPECTED_OWNED = {
    "owned_group": "page",
    "posts_per_week": 3 / 4,  # 3 posts from 10/01 to 10/29: 28 days = 4 weeks
    "longest_gap_days": 21.0,  # 10/08 -> 10/29
    "followers_gained": 13 + 13 + 4,
    "follower_growth_rate": None,  # no follower count loaded, only gains: no base to divide by
    "hcp_audience_share": 420 / 525,
    "median_gap_days": (7 + 21) / 2,  # gaps 10/01 -> 10/08 -> 10/29
    "format_share": 2 / 3,  # li_image: L1 and L3 of the page's 3 posts
    "followers_end": None,  # only daily gains in the export: no follower count at a month's end
}


def _post(con, post_id, influencer_id, fmt, published, **vals):
    platform, pid = post_id.split(":")
    con.execute(
        "INSERT INTO posts (post_id, platform, platform_post_id, influencer_id, published_at, format, "
        "format_family, campaign_id, permalink) VALUES (?, ?, ?, ?, ?, ?, ?, 'C1', ?)",
        [post_id, platform, pid, influencer_id, published, fmt, FORMAT_FAMILY[fmt], "https://x.test/" + pid],
    )
    cols = ", ".join(vals)
    con.execute(
        f"INSERT INTO post_metrics (post_id, snapshot_date, file_id, loaded_at, {cols}) "
        f"VALUES (?, ?, 1, ?, {', '.join('?' for _ in vals)})",
        [post_id, dt.date(2026, 11, 10), T0, *vals.values()],
    )


@pytest.fixture
def wh(con, tmp_path):
    (tmp_path / "campaigns.csv").write_text(
        "campaign_id,name,client,therapeutic_area,start_date,end_date,hashtags,budget,currency\n"
        "C1,Octobre,Labo,oncologie,2026-10-01,2026-10-31,#octobre,1000,EUR\n"
    )
    (tmp_path / "roster.csv").write_text(
        "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency\n"
        "C1,linkedin,@labo-page,Labo Exemple,brand_page,,,,\n"
        "C1,instagram,@alice,Alice,health_professional,infirmière,5000,300,EUR\n"
    )
    assert load_file(con, tmp_path / "campaigns.csv").status == "loaded"
    s = load_file(con, tmp_path / "roster.csv")
    assert s.status == "loaded" and s.loaded == 2, s
    _post(con, "linkedin:L1", PAGE, "li_image", dt.datetime(2026, 10, 1, 9), impressions=1000, likes=40,
          comments=5, shares=5)  # fmt: skip
    _post(con, "linkedin:L2", PAGE, "li_video", dt.datetime(2026, 10, 8, 9), impressions=2000, likes=90,
          comments=10, shares=0)  # fmt: skip
    _post(con, "linkedin:L3", PAGE, "li_image", dt.datetime(2026, 10, 29, 9), impressions=500)
    _post(con, "instagram:I1", ALICE, "ig_reel", dt.datetime(2026, 10, 2, 9), reach=4000, likes=150,
          comments=30, shares=10, saves=10)  # fmt: skip
    _post(con, "instagram:I2", ALICE, "ig_image", dt.datetime(2026, 10, 5, 9), reach=1000, likes=40,
          comments=5, shares=5, saves=0)  # fmt: skip
    wb = followers_xlsx(tmp_path / "labo-page_followers_1700000000000.xlsx")
    assert load_file(con, wb).status == "loaded"
    # the 10/03 row of the fixture is rejected; move 10/04 to November for a second month
    con.execute(
        "UPDATE account_metrics SET date = DATE '2026-11-03' WHERE date = DATE '2026-10-04' AND metric = 'new_followers'"
    )
    return con


def test_brand_page_in_roster_is_an_owned_page(wh):
    pages = owned.owned_pages(wh)
    assert pages.influencer_id.tolist() == [PAGE]
    assert pages.iloc[0].client == "Labo" and list(pages.iloc[0].campaigns) == ["C1"]
    assert wh.execute(
        "SELECT profile_type, owned FROM influencers_v WHERE influencer_id = ?", [PAGE]
    ).fetchone() == (
        "brand_page",
        True,
    )
    assert owned.comparison_accounts(wh, PAGE) == [ALICE]
    # the page has no person's profile type; the roster keeps what it declared
    assert wh.execute("SELECT profile_type FROM influencers WHERE influencer_id = ?", [PAGE]).fetchone() == (
        None,
    )
    extra = wh.execute(
        "SELECT extra->>'$.profile_type' FROM roster WHERE influencer_id = ?", [PAGE]
    ).fetchone()
    assert extra == ("brand_page",)
    assert owned.refresh_owned_pages(wh) == 0  # idempotent


def test_follower_growth_per_month(wh):
    g = owned.monthly_growth(wh, [PAGE]).set_index("month")
    assert g.loc[pd.Timestamp(2026, 10, 1), "followers_gained"] == 26
    assert g.loc[pd.Timestamp(2026, 11, 1), "followers_gained"] == 4
    # no follower count in the export: not available, never 0
    assert g["followers_end"].isna().all() and EXPECTED_OWNED["followers_end"] is None
    assert g["follower_growth_rate"].isna().all()
    assert owned.monthly_growth(wh, [ALICE]).empty  # no series loaded for alice


def test_regularity_mix_engagement_best_posts(wh):
    r = owned.posting_regularity(wh, [PAGE, ALICE]).set_index("influencer_id")
    assert r.loc[PAGE, "posts"] == 3
    assert r.loc[PAGE, "posts_per_week"] == pytest.approx(EXPECTED_OWNED["posts_per_week"])
    assert r.loc[PAGE, "longest_gap_days"] == EXPECTED_OWNED["longest_gap_days"]
    assert r.loc[ALICE, "posts_per_week"] == 2  # 3 days apart: counted over one week at least
    mix = owned.format_mix(wh, [PAGE])
    assert dict(zip(mix.format, mix.format_share)) == {
        "li_image": EXPECTED_OWNED["format_share"],
        "li_video": 1 / 3,
    }
    assert r.loc[PAGE, "median_gap_days"] == EXPECTED_OWNED["median_gap_days"]
    er = owned.engagement_over_time(wh, [PAGE]).iloc[0]
    # the LinkedIn page's exports give impressions, no reach: no rate per person reached (impressions never
    # stand in for reach, issue 10); its impressions are still there
    assert er.posts == 3 and pd.isna(er.engagement_rate) and pd.isna(er.reach)
    best = owned.best_posts(wh, [PAGE], n=1)
    assert best.post_id.tolist() == ["linkedin:L2"] and best.permalink.iloc[0] == "https://x.test/L2"


def test_audience_split_and_summary(wh):
    split = owned.audience_split(wh, [PAGE, ALICE]).set_index("influencer_id")
    assert split.loc[PAGE, "hcp_audience_share"] == pytest.approx(EXPECTED_OWNED["hcp_audience_share"])
    assert pd.isna(split.loc[ALICE, "hcp_audience_share"])  # Instagram does not say: not available
    s = owned.summary(wh).set_index("owned_group")
    assert s.loc["page", "followers_gained"] == EXPECTED_OWNED["followers_gained"]
    assert pd.isna(s.loc["page", "engagement_rate"])  # impressions only: not per person reached
    assert s.loc[owned.COMPARISON, "influencers"] == 1
    assert s.loc[owned.COMPARISON, "engagement_rate"] == pytest.approx(250 / 5000)
    assert pd.isna(s.loc[owned.COMPARISON, "followers_gained"])


def test_no_owned_page(con):
    assert owned.owned_pages(con).empty and owned.summary(con).empty


def test_compared_with_campaign_influencers(wh):
    e = owned.engagement_compared(wh, PAGE).set_index("owned_group")
    assert pd.isna(e.loc["page", "engagement_rate"])  # impressions only: not per person reached
    assert e.loc[owned.COMPARISON, "engagement_rate"] == pytest.approx(250 / 5000)
    mix = owned.format_mix_compared(wh, PAGE)
    theirs = mix[mix.owned_group == owned.COMPARISON].set_index("format")["format_share"].to_dict()
    assert theirs == {"ig_reel": 0.5, "ig_image": 0.5}


def test_an_owned_page_counts_in_no_campaign_figure(wh):
    """The page is on C1's roster and posts inside C1's window with C1's hashtag: still no campaign post.
    C1's figures are Alice's alone (2 posts, 1 influencer, 250 engagements / 5000 reach); the page's
    posts are in 'all' (not in 'unassigned': nothing to assign), out of the comparisons of profiles."""
    from warehouse.campaigns import assign_campaigns, clear_override, set_override
    from warehouse.filters import Filters
    from warehouse.metrics import aggregate, filter_options, posts_for_comparison
    from warehouse.uploads import unassigned_posts

    wh.execute("UPDATE posts SET caption = 'Octobre rose #octobre' WHERE influencer_id = ?", [PAGE])
    assert assign_campaigns(wh, full=True) == 2
    got = dict(wh.execute("SELECT post_id, campaign_id FROM posts ORDER BY 1").fetchall())
    assert got == {"instagram:I1": "C1", "instagram:I2": "C1", "linkedin:L1": None, "linkedin:L2": None,
                   "linkedin:L3": None}  # fmt: skip
    c1 = aggregate(wh, ["campaign"], Filters(campaigns=["C1"])).iloc[0]
    assert (c1.posts, c1.influencers, c1.engagements) == (2, 1, 250)
    assert c1.engagement_rate == pytest.approx(250 / 5000)
    assert aggregate(wh, [], Filters(scope="campaigns")).iloc[0].posts == 2
    assert aggregate(wh, [], Filters(scope="unassigned")).iloc[0].posts == 0
    assert aggregate(wh, [], Filters(scope="all")).iloc[0].posts == 5  # "all" mixes them: the UI says so
    opts = filter_options(wh)
    assert (opts["posts_assigned"], opts["posts_unassigned"], opts["posts_owned"]) == (2, 0, 3)
    assert unassigned_posts(wh)["total"] == 0
    # comparisons of profiles are of influencers, whatever the scope
    assert set(posts_for_comparison(wh, Filters(scope="all")).influencer_id) == {ALICE}
    # a person may still put a page's post in a campaign (rule 1), and take it back
    set_override(wh, "linkedin:L1", "C1", by="test")
    assert wh.execute("SELECT campaign_id FROM posts WHERE post_id = 'linkedin:L1'").fetchone() == ("C1",)
    clear_override(wh, "linkedin:L1")
    assert wh.execute("SELECT campaign_id FROM posts WHERE post_id = 'linkedin:L1'").fetchone() == (None,)


def test_an_owned_page_listed_after_its_posts_leaves_the_campaign(con, tmp_path):
    """The roster marks the page as brand_page in a later load: the page's posts, assigned by the
    earlier roster, leave the campaign (the owned pages are part of what assignment depends on)."""
    from warehouse.campaigns import assign_campaigns

    (tmp_path / "campaigns.csv").write_text(
        "campaign_id,name,client,therapeutic_area,start_date,end_date,hashtags,budget,currency\n"
        "C1,Octobre,Labo,oncologie,2026-10-01,2026-10-31,,,\n"
    )
    (tmp_path / "roster.csv").write_text(
        "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency\n"
        "C1,linkedin,@labo-page,Labo Exemple,institution,,,,\n"
    )
    load_file(con, tmp_path / "campaigns.csv")
    load_file(con, tmp_path / "roster.csv")
    _post(con, "linkedin:L1", PAGE, "li_image", dt.datetime(2026, 10, 1, 9), impressions=1000)
    assign_campaigns(con)
    assert con.execute("SELECT campaign_id FROM posts").fetchone() == ("C1",)
    (tmp_path / "roster2.csv").write_text(
        "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency\n"
        "C1,linkedin,@labo-page,Labo Exemple,brand_page,,,,\n"
    )
    assert load_file(con, tmp_path / "roster2.csv").status == "loaded"
    assert owned.owned_pages(con).influencer_id.tolist() == [PAGE]
    assert con.execute("SELECT campaign_id FROM posts").fetchone() == (None,)


def test_a_follower_export_without_its_followers_column_keeps_the_gains(con, tmp_path):
    """Bad input: a TikTok follower history whose 'Followers' column is missing (only the daily change).
    Nothing is lost: the changes load, the month's gains are their sum, and the count and the growth
    rate stay not available (never 0, never a count made up from the gains)."""
    from etl.base import LoadOptions

    (tmp_path / "campaigns.csv").write_text(
        "campaign_id,name,client,therapeutic_area,start_date,end_date,hashtags,budget,currency\n"
        "C1,Page,Labo,,2026-03-01,2026-04-30,,,\n"
    )
    (tmp_path / "roster.csv").write_text(
        "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency\n"
        "C1,tiktok,labo.page,Labo,brand_page,,,,\n"
    )
    load_file(con, tmp_path / "campaigns.csv")
    load_file(con, tmp_path / "roster.csv")
    hist = tmp_path / "FollowerHistory.csv"
    hist.write_text(
        '"Date","Difference in followers from previous day"\n"March 30","3"\n"March 31","5"\n"April 1","-2"\n'
    )
    s = load_file(con, hist, LoadOptions(account="labo.page", platform="tiktok", year=2026))
    assert s.status == "loaded" and s.loaded == 3 and s.rejected == 0, s
    g = owned.monthly_growth(con, ["tiktok:labo.page"])
    assert g["followers_gained"].tolist() == [8.0, -2.0]
    assert g["followers_end"].isna().all() and g["follower_growth_rate"].isna().all()


def test_sample_has_two_owned_pages_with_their_figures(sample_db):
    import duckdb

    with duckdb.connect(str(sample_db), read_only=True) as ro:
        pages = owned.owned_pages(ro)
        assert set(pages.influencer_id) == {"instagram:helora.sante", "linkedin:laboratoires-helora"}
        assert set(pages.client) == {"Laboratoires Hélora"}
        s = owned.summary(ro).set_index(["influencer_id", "owned_group"])
        for page in pages.influencer_id:
            mine = s.loc[(page, "page")]
            assert mine.posts > 0 and mine.posts_per_week > 0
            assert mine.followers_gained > 0  # Instagram follows / LinkedIn new followers series
            assert s.loc[(page, owned.COMPARISON), "influencers"] > 5  # the OR26 roster
            # its posts are in no campaign: OR26's figures are its influencers'
            assert ro.execute(
                "SELECT count(campaign_id) FROM posts WHERE influencer_id = ?", [page]
            ).fetchone() == (0,)
        li = s.loc[("linkedin:laboratoires-helora", "page")]
        assert 0.3 < li.hcp_audience_share < 0.6  # Healthcare Services ≈ 46 % of job functions
        assert pd.isna(s.loc[("instagram:helora.sante", "page"), "hcp_audience_share"])


def test_real_instagram_follows_make_the_growth_of_an_owned_page(con, tmp_path):
    from etl.base import LoadOptions
    from tests.conftest import shared_path

    follows = shared_path("real_exports", "instagram", "vsbperoto", "IG_FOLLOWS.csv")
    if not follows.exists():
        pytest.skip("../shared/real_exports not present")
    (tmp_path / "campaigns.csv").write_text(
        "campaign_id,name,client,therapeutic_area,start_date,end_date,hashtags,budget,currency\n"
        "C1,Page,Client,,2025-10-01,2025-12-31,,,\n"
    )
    (tmp_path / "roster.csv").write_text(
        "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency\n"
        "C1,instagram,vsbperoto,Vsbperoto,brand_page,,,,\n"
    )
    load_file(con, tmp_path / "campaigns.csv")
    load_file(con, tmp_path / "roster.csv")
    s = load_file(con, follows, LoadOptions(account="vsbperoto", platform="instagram"))
    assert s.status == "loaded", s
    daily = con.execute(
        "SELECT strftime(date, '%Y-%m') AS m, sum(value) FROM account_metrics WHERE metric = 'follows' GROUP BY 1"
    ).fetchall()
    assert daily  # the export's "Instagram follows" per day
    g = owned.monthly_growth(con, ["instagram:vsbperoto"])
    got = {m.strftime("%Y-%m"): v for m, v in zip(g["month"], g["followers_gained"], strict=True)}
    assert got == {m: v for m, v in daily}  # every month's gains are the export's daily follows, summed
    assert g["follower_growth_rate"].isna().all()  # Instagram gives no follower count: not invented
