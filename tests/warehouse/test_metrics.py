"""Metrics checked against numbers computed by hand.

The fixture is small enough to hold in one's head; every expected value below
is derived from the rows inserted in `warehouse` with the arithmetic written
out, never by calling the code under test.

Posts (latest snapshot)                                             engagements  reach  audience (measure)
C1  P1 ig alice  ig_reel     2024-03-04  imp 1500 reach 1000 views 2000 l80 c10 sh5 sv5   100  1000   1000 reach
C1  P2 ig alice  ig_image    2024-03-11  imp 600 reach 400 l30 c2 sh– sv8                 40   400    400 reach
C1  P3 ig bob    ig_carousel 2024-03-12  imp 12000 reach 10000 l250 c20 sh10 sv20        300 10000  10000 reach
C1  P4 tt carla  tiktok_video 2024-03-20 views 20000 l900 c50 sh50 (no reach/imp/saves) 1000     –  20000 views
C1  P5 tt carla  tiktok_video 2024-04-02 views 5000 uv 4000 l110 c30 sh20                160     –   4000 unique_viewers
C2  P6 fb dan    fb_photo    2024-04-10  imp 3000 reach 2500 reactions 40 c5 sh5          50  2500   2500 reach
C2  P7 fb dan    fb_text     2024-04-11  imp 100, no engagement component                NULL     –    100 impressions
–   P8 ig bob    ig_reel     2024-05-01  reach 2000 l100 c0 sh0 sv0                      100  2000   2000 reach
Reach is measured reach only: P4, P5 and P7 have none (never views or impressions instead).
Followers: alice 5 000 (nano), bob 50 000 (micro), carla 200 000 (mid), dan 20 000 (micro).
Roster: C1 alice 300 EUR, C1 bob 1000 EUR, C1 carla 600 EUR, C2 dan 500 USD.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math

import pandas as pd
import pytest

from cli.metrics import register_subcommands
from domain import FORMAT_FAMILY
from warehouse import catalogue, metrics, registry
from warehouse.filters import Filters

T0 = dt.datetime(2024, 6, 1)


def _post(con, post_id, influencer_id, fmt, published, campaign_id):
    platform, pid = post_id.split(":")
    con.execute(
        "INSERT INTO posts (post_id, platform, platform_post_id, influencer_id, published_at, format, "
        "format_family, campaign_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [post_id, platform, pid, influencer_id, published, fmt, FORMAT_FAMILY[fmt], campaign_id],
    )


def _snap(con, post_id, day, file_id=1, **vals):
    cols = ", ".join(vals)
    marks = ", ".join("?" for _ in vals)
    con.execute(
        f"INSERT INTO post_metrics (post_id, snapshot_date, file_id, loaded_at, {cols}) "
        f"VALUES (?, ?, ?, ?, {marks})",
        [post_id, day, file_id, T0, *vals.values()],
    )


@pytest.fixture
def wh(con):
    """The warehouse described in the module docstring."""
    con.executemany(
        "INSERT INTO campaigns (campaign_id, name, start_date, end_date, currency, budget) VALUES (?, ?, ?, ?, ?, ?)",
        [
            ["C1", "Vaccination", dt.date(2024, 3, 1), dt.date(2024, 4, 5), "EUR", 5000],
            ["C2", "Diabète", dt.date(2024, 4, 6), dt.date(2024, 4, 30), "USD", None],
        ],
    )
    con.executemany(
        "INSERT INTO influencers (influencer_id, platform, handle, followers, profile_type) VALUES (?, ?, ?, ?, ?)",
        [
            ["instagram:alice", "instagram", "alice", 5_000, "health_professional"],
            ["instagram:bob", "instagram", "bob", 50_000, "patient_expert"],
            ["tiktok:carla", "tiktok", "carla", 200_000, "patient_expert"],
            ["facebook:dan", "facebook", "dan", 20_000, "institution"],
        ],
    )
    con.executemany(
        "INSERT INTO roster (campaign_id, influencer_id, fee, currency) VALUES (?, ?, ?, ?)",
        [
            ["C1", "instagram:alice", 300, "EUR"],
            ["C1", "instagram:bob", 1000, "EUR"],
            ["C1", "tiktok:carla", 600, "EUR"],
            ["C2", "facebook:dan", 500, "USD"],
        ],
    )
    d = dt.datetime
    _post(con, "instagram:p1", "instagram:alice", "ig_reel", d(2024, 3, 4, 10), "C1")
    _post(con, "instagram:p2", "instagram:alice", "ig_image", d(2024, 3, 11, 10), "C1")
    _post(con, "instagram:p3", "instagram:bob", "ig_carousel", d(2024, 3, 12, 10), "C1")
    _post(con, "tiktok:p4", "tiktok:carla", "tiktok_video", d(2024, 3, 20, 10), "C1")
    _post(con, "tiktok:p5", "tiktok:carla", "tiktok_video", d(2024, 4, 2, 10), "C1")
    _post(con, "facebook:p6", "facebook:dan", "fb_photo", d(2024, 4, 10, 10), "C2")
    _post(con, "facebook:p7", "facebook:dan", "fb_text", d(2024, 4, 11, 10), "C2")
    _post(con, "instagram:p8", "instagram:bob", "ig_reel", d(2024, 5, 1, 10), None)
    day = dt.date(2024, 5, 20)
    # an older export of P1 that must be ignored (latest snapshot wins)
    _snap(
        con,
        "instagram:p1",
        dt.date(2024, 3, 5),
        file_id=1,
        reach=500,
        likes=10,
        comments=1,
        shares=0,
        saves=0,
    )
    _snap(con, "instagram:p1", day, file_id=2, impressions=1500, reach=1000, views=2000,
          likes=80, comments=10, shares=5, saves=5)  # fmt: skip
    _snap(con, "instagram:p2", day, file_id=2, impressions=600, reach=400, likes=30, comments=2, saves=8)
    _snap(con, "instagram:p3", day, file_id=2, impressions=12000, reach=10000,
          likes=250, comments=20, shares=10, saves=20)  # fmt: skip
    _snap(con, "tiktok:p4", day, file_id=3, views=20000, likes=900, comments=50, shares=50,
          completion_rate=0.25, avg_watch_time_sec=6.0)  # fmt: skip
    _snap(con, "tiktok:p5", day, file_id=3, views=5000, unique_viewers=4000, likes=110, comments=30, shares=20,
          completion_rate=0.5, avg_watch_time_sec=12.0)  # fmt: skip
    _snap(
        con, "facebook:p6", day, file_id=4, impressions=3000, reach=2500, reactions=40, comments=5, shares=5
    )
    _snap(con, "facebook:p7", day, file_id=4, impressions=100)
    _snap(con, "instagram:p8", day, file_id=2, reach=2000, likes=100, comments=0, shares=0, saves=0)

    # comments: cm1..cm5 on P1 (cm5 unclassified), cm6..cm7 on P3, cm9 not linked to any post
    con.executemany(
        "INSERT INTO comments (comment_id, platform, post_id, text, file_id, first_loaded_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            [cid, "instagram", post, "…", 9, T0]
            for cid, post in [
                ("cm1", "instagram:p1"), ("cm2", "instagram:p1"), ("cm3", "instagram:p1"),
                ("cm4", "instagram:p1"), ("cm5", "instagram:p1"),
                ("cm6", "instagram:p3"), ("cm7", "instagram:p3"), ("cm9", None),
            ]
        ],
    )  # fmt: skip
    con.executemany(
        "INSERT INTO comment_reactions (comment_id, categories, adverse_event, classifier_version, classified_at) "
        "VALUES (?, ?, ?, 'test', ?)",
        [
            ["cm1", ["question"], False, T0],
            ["cm2", ["testimony", "support"], False, T0],
            ["cm3", ["support"], False, T0],
            ["cm4", ["spam"], False, T0],
            ["cm6", ["concern"], True, T0],
            ["cm7", ["question", "testimony"], False, T0],
            ["cm9", ["concern"], True, T0],
        ],
    )
    # corrections win; for cm3 the latest correction (back to support) wins over the earlier one
    con.executemany(
        "INSERT INTO reaction_corrections (comment_id, categories, adverse_event, corrected_by, corrected_at) "
        "VALUES (?, ?, ?, 'pv', ?)",
        [
            ["cm4", ["intent"], False, d(2024, 6, 2)],
            ["cm3", ["question"], False, d(2024, 6, 2)],
            ["cm3", ["support"], False, d(2024, 6, 3)],
        ],
    )
    con.executemany(
        "INSERT INTO pv_cases (comment_id, day0, due_at, status) VALUES (?, ?, ?, ?)",
        [
            ["cm6", T0, T0, "new"],
            ["cm9", T0, T0, "triaged"],
            ["cm7", T0, T0, "reported"],
        ],
    )
    con.executemany(
        "INSERT INTO post_compliance (post_id, disclosure, checker_version, checked_at) VALUES (?, ?, 'test', ?)",
        [
            ["instagram:p1", "missing", T0],  # paid (alice, C1)
            ["instagram:p3", "explicit", T0],  # paid (bob, C1)
            ["facebook:p6", "weak", T0],  # paid (dan, C2)
            ["instagram:p8", "missing", T0],  # no campaign -> not a paid post
        ],
    )
    return con


def _row(df, **keys):
    mask = True
    for k, v in keys.items():
        mask = mask & (df[k].isna() if v is None else (df[k] == v))
    sub = df[mask]
    assert len(sub) == 1, sub
    return sub.iloc[0]


def _isnull(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


# --- post level ------------------------------------------------------------------


def test_post_base_components_reach_fallback_and_latest_snapshot(wh):
    raw = metrics.post_table(wh, order_by="post_id", descending=False)
    assert list(raw.columns) == [*metrics.post_columns(), "engagement_rate", "rate_basis"]
    df = raw.set_index("post_id")
    p1 = df.loc["instagram:p1"]
    # latest snapshot: 80 + 10 + 5 + 5 = 100 (the older export said 10 + 1 + 0 + 0 = 11)
    assert (
        p1.engagements == 100 and p1.reach == 1000 and p1.audience == 1000 and p1.audience_measure == "reach"
    )
    assert p1.engagement_components == "likes+comments+shares+saves"
    assert p1.tier == "nano" and p1.profile_type == "health_professional"
    # P2 has no shares: 30 + 2 + 8 = 40, shares skipped (not counted as 0)
    p2 = df.loc["instagram:p2"]
    assert p2.engagements == 40 and p2.engagement_components == "likes+comments+saves"
    assert _isnull(p2.shares) and _isnull(p2.share_rate)
    # TikTok without reach: reach stays empty (never the views); the audience is the views; 900 + 50 + 50 = 1000
    p4 = df.loc["tiktok:p4"]
    assert _isnull(p4.reach) and p4.audience == 20000 and p4.audience_measure == "views"
    assert _isnull(p4.engagement_rate)  # no rate per person reached without reach
    assert p4.engagements == 1000 and p4.engagement_components == "likes+comments+shares"
    p5 = df.loc["tiktok:p5"]
    assert _isnull(p5.reach) and p5.audience == 4000 and p5.audience_measure == "unique_viewers"
    # Facebook: reactions stand for likes; 40 + 5 + 5 = 50
    p6 = df.loc["facebook:p6"]
    assert p6.likes == 40 and p6.engagements == 50 and p6.engagement_components == "reactions+comments+shares"
    # all components absent: engagements NULL (not 0), reach from impressions
    p7 = df.loc["facebook:p7"]
    assert _isnull(p7.engagements) and _isnull(p7.engagement_components) and _isnull(p7.engagement_rate)
    assert _isnull(p7.reach) and p7.audience == 100 and p7.audience_measure == "impressions"
    assert _isnull(p7.views) and _isnull(p7.saves)


def test_post_rates_and_costs(wh):
    df = metrics.post_table(wh).set_index("post_id")
    p1 = df.loc["instagram:p1"]
    assert p1.engagement_rate == pytest.approx(100 / 1000)
    assert p1.engagement_rate_impressions == pytest.approx(100 / 1500)
    assert p1.engagement_rate_views == pytest.approx(100 / 2000)  # ig_reel is video
    assert p1.engagement_rate_followers == pytest.approx(100 / 5000)
    assert p1.view_rate == pytest.approx(2000 / 1000) and p1.view_rate_basis == "reach"
    assert p1.save_rate == pytest.approx(5 / 1000)
    assert p1.share_rate == pytest.approx(5 / 1000)
    assert p1.comment_rate == pytest.approx(10 / 1000)
    # fee: alice 300 EUR over her 2 C1 posts = 150 per post
    assert p1.fee_allocated == pytest.approx(150) and p1.fee_currency == "EUR"
    assert p1.cpe == pytest.approx(150 / 100)
    assert p1.cpm == pytest.approx(150 / 1500 * 1000)
    assert p1.cpv == pytest.approx(150 / 2000)
    assert p1.cost_per_reach == pytest.approx(150 / 1000)
    # P1 reactions: cm1 question, cm2 testimony, cm3 support (latest correction), cm4 intent (corrected) -> 3 of 4
    assert p1.comments_classified == 4 and p1.useful_reactions == 3
    assert p1.cost_per_useful_reaction == pytest.approx(150 / 3)
    # not a video: no engagement rate by views
    assert _isnull(df.loc["instagram:p2"].engagement_rate_views)
    # video without reported reach: view rate by followers 20000 / 200000
    p4 = df.loc["tiktok:p4"]
    assert p4.view_rate == pytest.approx(0.1) and p4.view_rate_basis == "followers"
    assert p4.fee_allocated == pytest.approx(600 / 2)
    assert _isnull(p4.cpm)  # no impressions -> not available, not 0
    # bob's P3 is his only C1 post: whole fee; P8 has no campaign: no fee
    assert df.loc["instagram:p3"].fee_allocated == pytest.approx(1000)
    assert _isnull(df.loc["instagram:p8"].fee_allocated) and _isnull(df.loc["instagram:p8"].cpe)
    # the rate basis switches engagement_rate
    imp = metrics.post_table(wh, rate_basis="impressions").set_index("post_id")
    assert imp.loc["instagram:p1"].engagement_rate == pytest.approx(100 / 1500)
    assert (imp.rate_basis == "impressions").all()


def test_post_table_order_and_limit(wh):
    df = metrics.post_table(wh, order_by="engagements", limit=2)
    assert list(df.post_id) == ["tiktok:p4", "instagram:p3"]  # 1000, 300
    with pytest.raises(ValueError):
        metrics.post_table(wh, order_by="engagements; DROP TABLE posts")
    with pytest.raises(ValueError):
        metrics.post_table(wh, rate_basis="vibes")


# --- aggregates ------------------------------------------------------------------


def test_aggregate_by_campaign_sums_and_ratio_of_sums(wh):
    df = metrics.aggregate(wh, ["campaign"])
    assert list(df.campaign_id.iloc[:2]) == ["C1", "C2"] and df.campaign_id.isna().iloc[2]
    c1 = _row(df, campaign_id="C1")
    assert c1.campaign_name == "Vaccination"
    assert c1.posts == 5 and c1.influencers == 3
    assert c1.engagements == 100 + 40 + 300 + 1000 + 160
    assert c1.reach == 1000 + 400 + 10000  # measured reach only: the TikTok views are not reach
    assert c1.posts_with_reach == 3 and c1.posts_without_reach == 2
    # the mixed total, named for what it is: 11 400 reach + 24 000 TikTok views / unique viewers
    assert c1.audience == 11400 + 20000 + 4000 and c1.audience_not_reach == 24000
    assert c1.impressions == 1500 + 600 + 12000  # TikTok has none: skipped
    assert c1.views == 2000 + 20000 + 5000
    assert c1.saves == 5 + 8 + 20
    assert c1.shares == 5 + 10 + 50 + 20
    assert c1.posts_with_shares == 4 and c1.posts_with_impressions == 3
    # per person reached: only P1..P3 have reach. ratio of sums 440 / 11400 = 0.0386; mean of ratios
    # (.1 + .1 + .03) / 3 = 0.077
    assert c1.engagement_rate == pytest.approx(440 / 11400)
    mean_of_ratios = (0.1 + 0.1 + 0.03) / 3
    assert abs(c1.engagement_rate - mean_of_ratios) > 0.01
    assert c1.posts_with_rate == 3 and c1.influencers_with_rate == 2
    # per-post rates sorted: .03 .10 .10 -> p25 at position 0.5, median at 1, p75 at 1.5
    assert c1.engagement_rate_median == pytest.approx(0.10)
    assert c1.engagement_rate_p25 == pytest.approx(0.065)
    assert c1.engagement_rate_p75 == pytest.approx(0.10)
    # other bases: impressions P1..P3 (100+40+300)/(1500+600+12000); views on video P1,P4,P5
    assert c1.engagement_rate_impressions == pytest.approx(440 / 14100)
    assert c1.engagement_rate_views == pytest.approx((100 + 1000 + 160) / (2000 + 20000 + 5000))
    assert c1.engagement_rate_followers == pytest.approx(1600 / (5000 + 5000 + 50000 + 200000 + 200000))
    # view rate: P1 by reach 1000, P4/P5 by followers 200000 each
    assert c1.view_rate == pytest.approx((2000 + 20000 + 5000) / (1000 + 200000 + 200000))
    # completion weighted by views: (.25 * 20000 + .5 * 5000) / 25000 = 0.3
    assert c1.completion_rate == pytest.approx(0.3)
    assert c1.avg_watch_time_sec == pytest.approx((6 * 20000 + 12 * 5000) / 25000)
    assert c1.save_rate == pytest.approx((5 + 8 + 20) / (1000 + 400 + 10000))
    assert c1.share_rate == pytest.approx((5 + 10) / (1000 + 10000))  # P2 has no shares, P4/P5 no reach
    assert c1.comment_rate == pytest.approx((10 + 2 + 20) / 11400)
    # reactions: P1 3 useful of 4 classified, P3 cm7 useful of 2 (cm6 concern)
    assert c1.comments_classified == 6 and c1.useful_reactions == 4 and c1.adverse_events == 1
    assert c1.useful_reaction_share == pytest.approx(4 / 6)
    assert c1.rate_basis == "reach" and c1.rate_metric == "engagement_rate"

    c2 = _row(df, campaign_id="C2")
    # P7 has no engagements and no reach: it counts as a post (its impressions in audience), not in the rate
    assert c2.posts == 2 and c2.posts_with_rate == 1 and c2.engagements == 50 and c2.reach == 2500
    assert c2.audience == 2600 and c2.posts_without_reach == 1
    assert c2.engagement_rate == pytest.approx(50 / 2500)
    # nobody in C2 has saves or views: NULL, not 0
    assert _isnull(c2.saves) and _isnull(c2.views) and _isnull(c2.engagement_rate_views)
    assert _isnull(c2.useful_reactions) and _isnull(c2.useful_reaction_share)


def test_engagement_rate_ci_none_below_the_minimum_and_says_why(wh):
    # C1 has 2 influencers with reach (< 5): a rate, no interval, never a Poisson stand-in
    by_campaign = metrics.aggregate(wh, ["campaign"])
    c1 = _row(by_campaign, campaign_id="C1")
    assert c1.engagement_rate == pytest.approx(440 / 11400)
    assert _isnull(c1.engagement_rate_ci_low) and _isnull(c1.engagement_rate_ci_high)
    assert c1.ci_note == "few_influencers" and c1.ci_units == 2 and c1.ci_unit == "influencer"
    # C2: one influencer (the old code gave 2.00% [1.45–2.55] from Poisson)
    c2 = _row(by_campaign, campaign_id="C2")
    assert _isnull(c2.engagement_rate_ci_low) and c2.ci_note == "few_influencers" and c2.ci_units == 1
    # an influencer's own row: its units are its posts; alice has 2 (< 3)
    alice = _row(metrics.aggregate(wh, ["influencer"]), influencer_id="instagram:alice")
    assert alice.ci_unit == "post" and alice.ci_units == 2 and alice.ci_note == "few_posts"
    assert _isnull(alice.engagement_rate_ci_low)
    # carla (TikTok) has no reach at all: no rate per person reached, no interval
    carla = _row(metrics.aggregate(wh, ["influencer"]), influencer_id="tiktok:carla")
    assert _isnull(carla.engagement_rate) and carla.ci_note == "no_rate" and carla.ci_units == 0


def test_engagement_rate_ci_from_units_by_hand(wh):
    """Five influencers of equal reach: CR2 variance 5/4·Σu²/(Σr)², Bell–McCaffrey df = K − 1 = 4."""
    d = dt.datetime
    e = [30, 50, 20, 80, 40]
    for k, ek in enumerate(e):
        inf = f"instagram:g{k}"
        wh.execute(
            "INSERT INTO influencers (influencer_id, platform, handle) VALUES (?, 'instagram', ?)",
            [inf, f"g{k}"],
        )
        _post(wh, f"instagram:q{k}", inf, "ig_image", d(2024, 6, 1 + k, 10), "C3")
        _snap(wh, f"instagram:q{k}", dt.date(2024, 6, 20), file_id=3, reach=1000, likes=ek)
    g = _row(metrics.aggregate(wh, ["campaign"]), campaign_id="C3")
    rate = sum(e) / 5000
    var = 5 / 4 * sum((ek - rate * 1000) ** 2 for ek in e) / 5000**2
    t4 = 2.7764451051977987  # Student t, 4 df, 0.975 quantile
    assert g.engagement_rate == pytest.approx(rate)
    assert g.engagement_rate_ci_low == pytest.approx(rate - t4 * math.sqrt(var))
    assert g.engagement_rate_ci_high == pytest.approx(rate + t4 * math.sqrt(var))
    assert _isnull(g.ci_note) and g.ci_units == 5


def test_aggregate_overall_and_combined_keys(wh):
    overall = metrics.aggregate(wh, [])
    assert len(overall) == 1
    o = overall.iloc[0]
    assert o.posts == 8 and o.influencers == 4
    assert o.engagements == 1600 + 50 + 100
    assert o.engagement_rate == pytest.approx((440 + 50 + 100) / (11400 + 2500 + 2000))
    by2 = metrics.aggregate(wh, ["platform", "format_family"])
    ig_video = _row(by2, platform="instagram", format_family="short_video")  # P1 (C1) and P8 (no campaign)
    assert ig_video.posts == 2 and ig_video.engagements == 200
    assert ig_video.engagement_rate == pytest.approx(200 / 3000)
    by_tier = metrics.aggregate(wh, "tier,profile_type")
    micro_pe = _row(by_tier, tier="micro", profile_type="patient_expert")  # bob: P3, P8
    assert micro_pe.posts == 2 and micro_pe.engagement_rate == pytest.approx(400 / 12000)
    by_post = metrics.aggregate(wh, ["post"])
    assert len(by_post) == 8 and "permalink" in by_post.columns
    by_infl = metrics.aggregate(wh, ["influencer"])
    assert _row(by_infl, influencer_id="tiktok:carla").handle == "carla"
    with pytest.raises(ValueError, match="valid keys"):
        metrics.aggregate(wh, ["colour"])


def test_aggregate_rate_basis(wh):
    c1 = _row(metrics.aggregate(wh, ["campaign"], rate_basis="impressions"), campaign_id="C1")
    assert c1.engagement_rate == pytest.approx(440 / 14100)
    assert c1.posts_with_rate == 3 and c1.rate_metric == "engagement_rate_impressions"
    # the reach-based rate stays available under its explicit name
    assert c1.engagement_rate_reach == pytest.approx(440 / 11400)
    # the interval's units follow the basis: only alice and bob have impressions
    assert c1.ci_units == 2 and c1.ci_note == "few_influencers" and _isnull(c1.engagement_rate_ci_high)


def test_costs_allocation_and_mixed_currency(wh):
    df = metrics.aggregate(wh, ["campaign"])
    c1 = _row(df, campaign_id="C1")
    # C1 fees: alice 150 + 150, bob 1000, carla 300 + 300 = 1900 EUR
    assert c1.fee_allocated == pytest.approx(1900) and c1.currency == "EUR"
    assert c1.cpe == pytest.approx(1900 / 1600)
    # CPM over posts with impressions P1, P2, P3: (150 + 150 + 1000) / 14100 * 1000
    assert c1.cpm == pytest.approx(1300 / 14100 * 1000)
    # CPV over posts with views P1, P4, P5: (150 + 300 + 300) / 27000
    assert c1.cpv == pytest.approx(750 / 27000)
    assert c1.cost_per_reach == pytest.approx(1300 / 11400)  # P1..P3: the posts with a measured reach
    # useful reactions only on P1 (3) and P3 (1): (150 + 1000) / 4
    assert c1.cost_per_useful_reaction == pytest.approx(1150 / 4)
    assert _isnull(c1.cost_note)
    c2 = _row(df, campaign_id="C2")
    # dan 500 USD over P6 and P7 = 250 each; only P6 has engagements
    assert c2.currency == "USD" and c2.fee_allocated == pytest.approx(500)
    assert c2.cpe == pytest.approx(250 / 50)
    assert c2.cost_per_reach == pytest.approx(250 / 2500)  # P6 only: P7 has no reach
    nocamp = _row(df, campaign_id=None)
    assert _isnull(nocamp.fee_allocated) and _isnull(nocamp.cpe)
    # overall mixes EUR and USD: no cost at all, and a note saying why
    o = metrics.aggregate(wh, []).iloc[0]
    for col in (
        "fee_allocated",
        "cpe",
        "cpm",
        "cpv",
        "cost_per_reach",
        "cost_per_useful_reaction",
        "currency",
    ):
        assert _isnull(o[col]), col
    assert o.cost_note == "mixed currencies (EUR, USD): no cost figure"


def test_filters_change_results(wh):
    c2 = metrics.aggregate(wh, [], Filters(campaigns=("C2",))).iloc[0]
    assert c2.posts == 2 and c2.currency == "USD"
    tt = metrics.aggregate(wh, [], Filters(platforms=("tiktok",))).iloc[0]
    # TikTok has no reach: no rate per person reached, the views are there
    assert tt.posts == 2 and _isnull(tt.engagement_rate) and tt.views == 25000 and tt.posts_without_reach == 2
    # up to 2024-03-31: P1..P4 -> (100 + 40 + 300) / (1000 + 400 + 10000), P4 has no reach
    march = metrics.aggregate(wh, [], Filters(date_to=dt.date(2024, 3, 31))).iloc[0]
    assert march.posts == 4 and march.engagement_rate == pytest.approx(440 / 11400)
    both = metrics.aggregate(wh, [], Filters(platforms=("instagram",), date_from=dt.date(2024, 3, 12))).iloc[
        0
    ]
    assert both.posts == 2  # P3, P8
    # a filter does not change how a fee is spread (alice's fee stays 150 per post)
    p2 = metrics.post_table(wh, Filters(formats=("ig_image",)))
    assert list(p2.post_id) == ["instagram:p2"] and p2.fee_allocated.iloc[0] == pytest.approx(150)
    assert metrics.aggregate(wh, ["campaign"], Filters(tiers=("mega",))).empty


def test_filters_sql_and_round_trip():
    f = Filters(campaigns=["C1", "C2"], tiers=("micro",), date_from="2024-03-01")
    sql, params = f.where_sql()
    assert sql == "campaign_id IN (?, ?) AND tier IN (?) AND CAST(published_at AS DATE) >= ?"
    assert params == ["C1", "C2", "micro", dt.date(2024, 3, 1)]
    assert f.where_sql(alias="b")[0].startswith("b.campaign_id IN")
    assert Filters().where_sql() == ("TRUE", [])
    d = f.to_dict()
    assert d == {"campaigns": ["C1", "C2"], "tiers": ["micro"], "date_from": "2024-03-01"}
    assert Filters.from_dict(d) == f and hash(Filters.from_dict(d)) == hash(f)
    # URL shapes: comma-separated strings, unknown keys ignored
    assert (
        Filters.from_dict({"campaigns": "C1,C2", "tiers": ["micro"], "date_from": ["2024-03-01"], "x": 1})
        == f
    )
    with pytest.raises(ValueError):
        Filters(date_from=dt.date(2024, 5, 1), date_to=dt.date(2024, 4, 1))
    with pytest.raises(ValueError):
        Filters().where_sql(alias="b; --")


# --- reactions, headline, timeline, options, comparison -----------------------------------


def test_reaction_mix(wh):
    df = metrics.reaction_mix(wh, ["campaign"])
    assert list(df.campaign_id) == ["C1"]  # no loaded comment on C2 or no-campaign posts
    c1 = df.iloc[0]
    # cm1..cm5 on P1, cm6..cm7 on P3; cm5 unclassified
    assert c1.comments_loaded == 7 and c1.comments_classified == 6
    assert c1.useful_reactions == 4 and c1.useful_reaction_share == pytest.approx(4 / 6)
    assert c1.adverse_events == 1
    # categories (a comment may count in several): question cm1+cm7, testimony cm2+cm7, intent cm4 (corrected),
    # support cm2+cm3, concern cm6; spam disappeared with the correction
    assert (c1.n_question, c1.n_testimony, c1.n_intent, c1.n_support, c1.n_concern) == (2, 2, 1, 2, 1)
    assert "n_spam" not in df.columns
    assert [c for c in df.columns if c.startswith("n_")][:3] == ["n_question", "n_testimony", "n_intent"]
    by_post = metrics.reaction_mix(wh, ["post"], Filters(platforms=("instagram",)))
    assert _row(by_post, post_id="instagram:p3").n_concern == 1


def test_headline(wh):
    h = metrics.headline(wh)
    assert h["posts"] == 8 and h["influencers"] == 4
    # three measures, never summed: reach (measured), views, impressions; and the mixed audience apart
    assert h["reach"] == 11400 + 2500 + 2000 and h["posts_with_reach"] == 5
    assert h["views"] == 2000 + 20000 + 5000
    assert h["impressions"] == 14100 + 3100
    assert h["posts_without_reach"] == 3 and h["platforms_without_reach"] == ["facebook", "tiktok"]
    assert h["audience"] == 15900 + 20000 + 4000 + 100 and h["audience_not_reach"] == 24100
    assert h["engagements"] == 1750
    assert h["engagement_rate"] == pytest.approx((440 + 50 + 100) / 15900)  # posts with reach only
    # 3 influencers with reach (alice, bob, dan): no interval, and why
    assert h["engagement_rate_ci_low"] is None and h["engagement_rate_ci_high"] is None
    assert h["ci_units"] == 3 and h["ci_note"] == "few_influencers"
    assert h["useful_reaction_share"] == pytest.approx(4 / 6)
    # open PV: cm6 (new) and cm9 (triaged, comment not linked to a post); cm7 is reported
    assert h["open_pv_items"] == 2
    # paid posts with a weak/missing disclosure: P1 (missing, C1) and P6 (weak, C2); P8 is unpaid
    assert h["disclosure_problems"] == 2 and h["paid_posts_checked"] == 3
    c1 = metrics.headline(wh, Filters(campaigns=("C1",)))
    assert c1["open_pv_items"] == 1 and c1["disclosure_problems"] == 1
    c2 = metrics.headline(wh, Filters(campaigns=("C2",)))
    assert c2["useful_reaction_share"] is None and c2["open_pv_items"] is None
    assert c2["disclosure_problems"] == 1
    tt = metrics.headline(wh, Filters(platforms=("tiktok",)))
    assert tt["disclosure_problems"] is None  # no paid TikTok post was checked
    empty = metrics.headline(wh, Filters(tiers=("mega",)))
    assert empty["posts"] == 0 and empty["engagement_rate"] is None and empty["reach"] is None


def test_timeline(wh):
    wk = metrics.timeline(wh, freq="week").set_index("period")
    # week of Monday 2024-03-11: P2 (40 / 400) and P3 (300 / 10000)
    w = wk.loc[pd.Timestamp("2024-03-11")]
    assert w.posts == 2 and w.engagements == 340 and w.reach == 10400
    assert w.engagement_rate == pytest.approx(340 / 10400)
    month = metrics.timeline(wh, freq="month")
    assert list(month.posts) == [4, 3, 1]  # March P1-P4, April P5-P7, May P8
    assert list(metrics.timeline(wh, Filters(campaigns=("C2",)), freq="month").posts) == [2]
    with pytest.raises(ValueError):
        metrics.timeline(wh, freq="fortnight")


def test_filter_options(wh):
    o = metrics.filter_options(wh)
    assert {c["campaign_id"] for c in o["campaigns"]} == {"C1", "C2"}
    assert o["platforms"] == ["facebook", "instagram", "tiktok"]
    assert o["tiers"] == ["nano", "micro", "mid"]
    assert "tiktok_video" in o["formats"] and "short_video" in o["format_families"]
    assert o["profile_types"] == ["health_professional", "institution", "patient_expert"]
    assert [i["influencer_id"] for i in o["influencers"]][0] == "instagram:alice"
    assert o["date_min"] == dt.date(2024, 3, 4) and o["date_max"] == dt.date(2024, 5, 1)


def test_posts_for_comparison(wh):
    df = metrics.posts_for_comparison(wh)
    assert list(df.columns) == [
        "post_id", "influencer_id", "engagements", "reach", "format", "format_family", "profile_type",
        "tier", "platform", "campaign_id", "is_boosted",
    ]  # fmt: skip
    assert len(df) == 7 and "facebook:p7" not in set(df.post_id)  # P7 has no engagements
    # P4 has no measured reach: kept with an empty reach (compare leaves it out and says so), never its views
    assert _isnull(df.set_index("post_id").loc["tiktok:p4"].reach)
    assert len(metrics.posts_for_comparison(wh, Filters(campaigns=("C1",)))) == 5


# --- catalogue -------------------------------------------------------------------


REQUIRED = (
    "posts influencers impressions reach views likes comments shares saves clicks engagements engagement_rate "
    "engagement_rate_impressions engagement_rate_views engagement_rate_followers view_rate completion_rate "
    "save_rate share_rate comment_rate useful_reactions useful_reaction_share cpe cpm cpv cost_per_reach "
    "cost_per_useful_reaction fee_allocated"
).split()


def test_catalogue():
    df = catalogue.catalogue_df("fr")
    assert set(REQUIRED) <= set(df.name)
    assert set(df.unit) <= set(registry.UNITS)
    assert df.label.str.len().gt(0).all() and df.description.str.len().gt(0).all()
    assert catalogue.metric_label("engagement_rate", "fr") == "Taux d'engagement"
    assert catalogue.metric_label("engagement_rate", "en") == "Engagement rate"
    assert catalogue.metric_label("no_such_column") == "no_such_column"
    assert "Σ engagements / Σ reach" in catalogue.metric_help("engagement_rate")
    assert "Formule" in catalogue.metric_help("cpe", "fr")
    assert registry.get("engagement_rate_followers").fallback
    assert catalogue.metric_versions()["engagement_rate"] == "2.0"  # 2.0: measured reach only
    assert list(df.name) == [m.name for m in registry.entries()]
    with pytest.raises(ValueError):
        catalogue.catalogue_df("de")


# --- CLI -------------------------------------------------------------------------


def _cli(argv):
    parser = argparse.ArgumentParser(prog="relais")
    register_subcommands(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_cli_json(wh, capsys):
    args = _cli(["metrics", "--by", "campaign", "--json"])
    assert args.func(args, wh) == 0
    rows = json.loads(capsys.readouterr().out)
    assert isinstance(rows, list) and len(rows) == 3
    c1 = next(r for r in rows if r["campaign_id"] == "C1")
    for key in ("posts", "influencers", "reach", "impressions", "views", "likes", "comments", "shares", "saves",
                "engagements", "engagement_rate", "engagement_rate_ci_low", "engagement_rate_ci_high"):  # fmt: skip
        assert key in c1
    assert c1["engagement_rate"] == pytest.approx(440 / 11400)
    assert c1["metric_version"] == catalogue.metric_versions()["engagement_rate"]
    c2 = next(r for r in rows if r["campaign_id"] == "C2")
    assert c2["saves"] is None  # not available -> null, never 0


def test_cli_filters_csv_table_and_bad_key(wh, capsys):
    args = _cli(["metrics", "--by", "platform,format", "--platform", "tiktok", "--campaign", "C1", "--json"])
    assert args.func(args, wh) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["platform"], r["format"], r["posts"]) for r in rows] == [("tiktok", "tiktok_video", 2)]
    args = _cli(["metrics", "--csv", "--rate-basis", "impressions"])
    assert args.func(args, wh) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("campaign_id,campaign_name,posts")
    args = _cli(["metrics"])
    assert args.func(args, wh) == 0
    table = capsys.readouterr().out
    assert "Vaccination" in table and "3.86%" in table  # 440 / 11400
    args = _cli(["metrics", "--by", "campaign,colour"])
    assert args.func(args, wh) == 2
    err = capsys.readouterr().err
    assert "colour" in err and "profile_type" in err and "format_family" in err
