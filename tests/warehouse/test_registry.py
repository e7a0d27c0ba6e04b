"""The metric registry is complete, and every entry's SQL gives the number computed by hand.

The fixture is the hand-computed warehouse of tests/warehouse/test_metrics.py (its
docstring lists every post). Below, EXPECTED_* give, for every registry entry,
its value on one post or one group with the arithmetic written out — never by
calling the code under test. A metric added to the registry without a
hand-computed value here fails `test_every_entry_has_a_hand_computed_value`.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from analysis import benchmark
from domain import DISCLOSURE_LEVELS, REACTION_CATEGORIES
from tests.analysis.test_benchmark import EXPECTED_PLACE
from tests.warehouse.test_metrics import (
    T0,
    wh,  # noqa: F401  (the shared hand-computed fixture)
)
from tests.warehouse.test_owned import EXPECTED_OWNED
from warehouse import (
    caption_flags,
    compliance,
    explorer,
    hashtags,
    metrics,
    moderation,
    owned,
    pharmacovigilance,
    registry,
    views,
)
from warehouse.filters import Filters
from warehouse.registry import Metric

NA = None  # "not available": the export did not have it

# ---- post tiktok:p4 (carla, C1): views 20000, likes 900, comments 50, shares 50, no reach/impressions/saves,
# completion 0.25, avg watch 6 s; carla has 200 000 followers (tier mid) and a 600 EUR fee over her 2 C1 posts.
EXPECTED_P4 = {
    "post_id": "tiktok:p4", "platform": "tiktok", "platform_post_id": "p4", "influencer_id": "tiktok:carla",
    "handle": "carla", "display_name": NA, "published_at": pd.Timestamp(2024, 3, 20, 10),
    "format": "tiktok_video", "format_family": "short_video", "is_video": True, "is_boosted": NA,
    "campaign_id": "C1", "campaign_name": "Vaccination", "campaign_rule": NA, "title": NA, "permalink": NA,
    "profile_type": "patient_expert", "tier": "mid", "followers": 200_000.0,
    "snapshot_date": pd.Timestamp(2024, 5, 20), "impressions": NA, "reach": NA, "unique_viewers": NA,
    "views": 20_000, "likes": 900, "likes_source": "likes", "comments": 50, "shares": 50, "saves": NA,
    "clicks": NA, "watch_time_sec": NA, "avg_watch_time_sec": 6.0, "completion_rate": 0.25,
    "video_duration_sec": NA, "fee_allocated": 600 / 2, "fee_currency": "EUR",
    "budget": 5000.0, "budget_currency": "EUR",
    "comments_classified": NA, "useful_reactions": NA, "adverse_events": NA,
    "engagements": 900 + 50 + 50, "engagement_components": "likes+comments+shares",
    # no reach: it stays empty (never the views), so nothing per person reached; the audience is the views
    "audience": 20_000, "audience_measure": "views", "view_rate_den": 200_000, "view_rate_basis": "followers",
    "engagement_rate_reach": NA, "engagement_rate_impressions": NA,
    "engagement_rate_views": 1000 / 20_000, "engagement_rate_followers": 1000 / 200_000,
    "view_rate": 20_000 / 200_000, "save_rate": NA, "share_rate": NA, "comment_rate": NA,
    "useful_reaction_share": NA,
    "cpe": 300 / 1000, "cpm": NA, "cpv": 300 / 20_000, "cost_per_reach": NA,
    "cost_per_useful_reaction": NA,
    "engagement_rate": NA, "rate_basis": "reach",
}  # fmt: skip
# ---- post facebook:p6 (dan, C2): imp 3000, reach 2500, reactions 40 (no likes), comments 5, shares 5;
# dan's 500 USD fee over his 2 C2 posts. Checks what P4 cannot (reported reach, reactions as likes).
EXPECTED_P6 = {
    "likes": 40, "likes_source": "reactions", "engagements": 40 + 5 + 5,
    "engagement_components": "reactions+comments+shares", "reach": 2500,
    "audience": 2500, "audience_measure": "reach", "is_video": False, "view_rate_den": NA, "view_rate": NA,
    "engagement_rate_impressions": 50 / 3000, "cpm": 250 / 3000 * 1000, "fee_currency": "USD",
}  # fmt: skip

# ---- group C1 (posts P1..P5, see test_metrics' docstring), engagement rate by reach.
# per post (eng, reach): P1 (100, 1000) P2 (40, 400) P3 (300, 10000) P4 (1000, no reach: views 20000)
# P5 (160, no reach: unique viewers 4000)
# fees: alice 300/2 on P1, P2; bob 1000 on P3; carla 600/2 on P4, P5.
# comments: P1 cm1..cm5 (cm5 unclassified; useful: cm1 question, cm2 testimony, cm4 corrected to intent),
# P3 cm6 (concern, adverse event), cm7 (question).
_R = 440 / 11_400  # per person reached: P1..P3 only
EXPECTED_C1 = {
    "campaign_id": "C1", "campaign_name": "Vaccination", "rate_basis": "reach", "rate_metric": "engagement_rate",
    "posts": 5, "influencers": 3,
    "impressions": 1500 + 600 + 12_000, "posts_with_impressions": 3,
    "reach": 1000 + 400 + 10_000, "posts_with_reach": 3, "posts_without_reach": 2,
    "audience": 11_400 + 20_000 + 4000, "audience_not_reach": 24_000,
    "views": 2000 + 20_000 + 5000, "posts_with_views": 3,
    "likes": 80 + 30 + 250 + 900 + 110, "posts_with_likes": 5,
    "comments": 10 + 2 + 20 + 50 + 30, "posts_with_comments": 5,
    "shares": 5 + 10 + 50 + 20, "posts_with_shares": 4,
    "saves": 5 + 8 + 20, "posts_with_saves": 3,
    "clicks": NA, "posts_with_clicks": 0,
    "engagements": 1600, "posts_with_engagements": 5,
    "watch_time_sec": NA,
    "avg_watch_time_sec": (6 * 20_000 + 12 * 5000) / 25_000,
    "comments_classified": 4 + 2, "useful_reactions": 3 + 1, "adverse_events": 1,
    "engagement_rate": _R,
    "engagement_rate_median": 0.1,  # per-post rates 0.03 0.1 0.1
    "engagement_rate_p25": 0.065, "engagement_rate_p75": 0.1,
    # 2 influencers with reach (alice, bob) < 5: no interval, and the row says why
    "engagement_rate_ci_low": NA, "engagement_rate_ci_high": NA,
    "ci_unit": "influencer", "ci_units": 2, "ci_note": "few_influencers",
    "posts_with_rate": 3, "influencers_with_rate": 2,
    "engagement_rate_reach": _R,
    "engagement_rate_impressions": (100 + 40 + 300) / 14_100,
    "engagement_rate_views": (100 + 1000 + 160) / 27_000,  # the video posts P1, P4, P5
    "engagement_rate_followers": 1600 / (5000 + 5000 + 50_000 + 200_000 + 200_000),
    "view_rate": 27_000 / (1000 + 200_000 + 200_000),  # P1 by its reach, P4 and P5 by followers
    "completion_rate": (0.25 * 20_000 + 0.5 * 5000) / 25_000,
    "save_rate": (5 + 8 + 20) / (1000 + 400 + 10_000),
    "share_rate": (5 + 10) / (1000 + 10_000),  # posts with shares and reach: P1, P3
    "comment_rate": (10 + 2 + 20) / 11_400,
    "useful_reaction_share": 4 / 6,
    "fee_allocated": 150 + 150 + 1000 + 300 + 300, "currency": "EUR", "cost_note": NA,
    "budget": 5000.0, "spend_vs_budget": 1900 / 5000,  # fees of C1's posts against C1's budget
    "cpe": 1900 / 1600,
    "cpm": (150 + 150 + 1000) / 14_100 * 1000,
    "cpv": (150 + 300 + 300) / 27_000,
    "cost_per_reach": (150 + 150 + 1000) / 11_400,
    "cost_per_useful_reaction": (150 + 1000) / (3 + 1),
}  # fmt: skip
# ---- reaction mix of C1: 7 loaded comments (cm5 unclassified); categories after corrections
EXPECTED_MIX_C1 = {
    "campaign_id": "C1", "comments_loaded": 7, "comments_classified": 6, "useful_reactions": 4,
    "adverse_events": 1, "useful_reaction_share": 4 / 6,
    "n_question": 2, "n_testimony": 2, "n_support": 2, "n_intent": 1, "n_concern": 1,
}  # fmt: skip
# ---- timeline by month, March 2024: P1..P4
EXPECTED_MARCH = {
    "period": pd.Timestamp(2024, 3, 1), "posts": 4, "influencers": 3, "engagements": 100 + 40 + 300 + 1000,
    "reach": 1000 + 400 + 10_000, "impressions": 14_100,  # P4 has no reach
    "engagement_rate": 440 / 11_400,
}  # fmt: skip
# ---- by hashtag: P1 and P3 carry #vaccin, P3 also #hpv; C1 lists #hpv; the other 6 posts have none
EXPECTED_HASHTAG_VACCIN = {"hashtag": "vaccin", "posts": 2, "engagements": 100 + 300}
EXPECTED_KIND_CAMPAIGN = {"hashtag_kind": "campaign", "posts": 1, "reach": 10_000}  # P3
EXPECTED_KIND_OTHER = {"hashtag_kind": "other", "posts": 1, "reach": 1000}  # P1
# ---- overview, no filter: open PV cases cm6 (new) and cm9 (triaged, not linked to a post); paid posts checked
# P1 (missing), P3 (explicit), P6 (weak); P8 is checked but has no campaign, so no fee.
EXPECTED_HEADLINE = {
    "open_pv_items": 2, "disclosure_problems": 2, "paid_posts_checked": 3, "paid_posts_not_checkable": 0,
    # P4, P5 (TikTok) and P7 (Facebook, impressions only) have no reach
    "posts_without_reach": 3, "platforms_without_reach": ["facebook", "tiktok"],
    "audience": 15_900 + 24_000 + 100, "audience_not_reach": 24_100,
}  # fmt: skip

# ---- compliance, on the fixture plus `_with_checks` (P3 names Gardasil, a vaccine campaign topic; P7 has no
# text to check; cm6, the open PV case on P3, names Gardasil with score 0.9).
# Checks: P1 missing (alice, paid), P3 explicit (bob, paid), P6 weak (dan, paid), P7 not checkable (dan, paid),
# P8 missing (bob, no campaign: not paid); P2, P4, P5 unchecked.
EXPECTED_BOB_CHECKS = {  # compliance_by_influencer: P3 and P8
    "posts": 2, "paid_posts": 1, "flagged_posts": 0, "explicit": 1, "weak": 0, "missing": 1, "not_checkable": 0,
    "unchecked": 0, "posts_with_product_risk": 1, "posts_with_sensitive_topic": 1,
}  # fmt: skip
EXPECTED_DAN_CHECKS = {  # P6 (weak: paid and badly disclosed) and P7
    "posts": 2, "paid_posts": 2, "flagged_posts": 1, "weak": 1, "not_checkable": 1, "unchecked": 0,
}  # fmt: skip
# alice is a health professional paid 300 EUR on C1 with no agreement reference on the roster
EXPECTED_HCP_ALICE = {"campaign_id": "C1", "fee": 300.0, "currency": "EUR", "posts": 2}
EXPECTED_GARDASIL = {"posts": 1, "comments_naming": 1}  # P3; cm6
# cm6 (new) is due on T0 = 2024-06-01; seen on 2024-05-30: 2 days left, not overdue
EXPECTED_PV_CM6 = {"days_left": 2, "overdue": False, "ae_score": 0.9, "status": "new"}
# C1's week of Monday 2024-03-11 (P2, P3) after the week of 03-04 (P1); C1 starts on Friday 2024-03-01
EXPECTED_TRAJECTORY_C1 = {
    "posts": 2, "cumulative_posts": 1 + 2, "cumulative_engagements": 100 + 40 + 300,
    "cumulative_reach": 1000 + 400 + 10_000, "weeks_since_start": 10 / 7,
}  # fmt: skip

# ---- posts explorer and reactions
EXPECTED_P1_EXPLORED = {"rate_denominator": 1000, "engagement_rate": 100 / 1000}  # P1 by reach
EXPECTED_QUESTION_C1 = {"comments_in_category": 2, "category_share": 2 / 6}  # cm1, cm7 of C1's 6 classified


def _same(got, want) -> bool:
    if want is None:
        return got is None or got is pd.NA or got is pd.NaT or (isinstance(got, float) and math.isnan(got))
    if isinstance(want, float):
        return got is not None and math.isclose(float(got), want, rel_tol=1e-12, abs_tol=1e-15)
    if isinstance(want, pd.Timestamp):
        return pd.Timestamp(got) == want
    return got == want


def _check(row: pd.Series | dict, expected: dict) -> list[str]:
    return [f"{k}: got {row[k]!r}, expected {v!r}" for k, v in expected.items() if not _same(row[k], v)]


def _with_checks(con):
    """What the compliance tables need beyond the fixture (nothing a metric of test_metrics reads)."""
    con.execute(
        "INSERT INTO products (name, molecule, kind, prescription_only, reimbursed, client) "
        "VALUES ('Gardasil', 'hpv vaccine', 'vaccine', true, true, 'Lab')"
    )
    con.execute(
        "UPDATE post_compliance SET disclosure_cues = ['#partenariat'], products = ['Gardasil'], "
        "product_risks = ['vaccine_public_campaign'], sensitive_topics = ['stop_treatment'] "
        "WHERE post_id = 'instagram:p3'"
    )
    con.execute(
        "INSERT INTO post_compliance (post_id, disclosure, checker_version, checked_at) "
        "VALUES ('facebook:p7', 'not_checkable', 'test', ?)",
        [T0],
    )
    con.execute(
        "UPDATE comment_reactions SET products = ['Gardasil'], ae_score = 0.9 WHERE comment_id = 'cm6'"
    )
    con.execute("INSERT INTO post_caption_flags VALUES ('instagram:p3', 'dosage_advice', 'deux doses')")
    con.execute(
        "INSERT INTO pv_audit (comment_id, from_status, to_status, changed_by, changed_at, reason) "
        "VALUES ('cm7', 'new', 'reported', 'pv', ?, 'sent')",
        [T0],
    )
    con.execute(
        "INSERT INTO moderation_actions (comment_id, action, acted_by, acted_at, reason) "
        "VALUES ('cm1', 'answered', 'cm', ?, 'answered the question')",
        [T0],
    )
    return con


def _outputs(con) -> dict[str, pd.DataFrame | dict]:
    """Every public function whose columns reach a page, the CLI or the deck, with the arguments that
    widen its output."""
    return {
        "post_table": metrics.post_table(con, order_by="post_id", descending=False),
        "aggregate": metrics.aggregate(con, ["campaign"]),
        "aggregate_keys": metrics.aggregate(con, list(metrics.KEY_COLUMNS), rate_basis="views"),
        "aggregate_no_hashtag": metrics.aggregate(
            con, [k for k in metrics.KEY_COLUMNS if k not in metrics.DERIVED_KEYS]
        ),
        "timeline": metrics.timeline(con, freq="month"),
        "reaction_mix": metrics.reaction_mix(con, ["campaign"]),
        "headline": metrics.headline(con),
        "posts_for_comparison": metrics.posts_for_comparison(con),
        "owned_summary": owned.summary(con),
        "campaign_trajectories": views.campaign_trajectories(con),
        "compliance_flags": compliance.compliance_flags(con),
        "compliance_by_influencer": compliance.compliance_by_influencer(con),
        "hcp_without_agreement": compliance.hcp_without_agreement(con),
        "product_mentions": compliance.product_mentions(con),
        "disclosure_posts": views.disclosure_posts(con),
        "mention_counts": views.mention_counts(con, "products"),
        "flagged_captions": caption_flags.flagged_captions(con),
        "caption_flag_counts": caption_flags.caption_flag_counts(con),
        "pv_queue": pharmacovigilance.queue(con),
        "pv_audit_trail": pharmacovigilance.audit_trail(con),
        "moderation_queue": moderation.moderation_queue(con),
        "moderation_history": moderation.action_history(con),
        "explore_posts": explorer.explore_posts(con).rows,
        "top_posts": explorer.top_posts(con, rank="engagement_rate"),
        "hashtag_kpis": hashtags.hashtag_kpis(con),
        "hashtag_kind_kpis": hashtags.hashtag_kind_kpis(con),
        "campaign_hashtags": hashtags.campaign_hashtags(con),
        "leaderboard": views.leaderboard(con),
        "reaction_shares": views.reaction_shares(con, "campaign"),
        "example_comments": views.example_comments(con),
        "correction_history": views.correction_history(con, "cm3"),
        # owned pages: the fixture has none, the columns are there all the same (values: test_owned)
        "owned_monthly_growth": owned.monthly_growth(con, ["instagram:alice"]),
        "owned_regularity": owned.posting_regularity(con, ["instagram:alice"]),
        "owned_format_mix": owned.format_mix(con, ["instagram:alice"]),
        "owned_format_mix_compared": owned.format_mix_compared(con, "instagram:alice"),
        "owned_engagement": owned.engagement_over_time(con, ["instagram:alice"]),
        "owned_engagement_compared": owned.engagement_compared(con, "instagram:alice"),
        "owned_best_posts": owned.best_posts(con, ["instagram:alice"]),
        "own_benchmark": benchmark.own_benchmark(con),
    }


def test_every_output_column_has_exactly_one_registry_entry_and_the_reverse(wh):  # noqa: F811
    names = [m.name for m in registry.entries()]
    assert len(names) == len(set(names)), "a name is declared twice"
    produced: set[str] = set()
    for fn, out in _outputs(_with_hashtags(_with_checks(wh))).items():
        cols = list(out) if isinstance(out, dict) else list(out.columns)
        missing = [c for c in cols if registry.get(c) is None]
        assert not missing, f"{fn} returns columns without a registry entry: {missing}"
        produced |= set(cols)
    static = {m.name for m in registry.entries() if not m.name.startswith(registry.CATEGORY_PREFIX)}
    assert static - produced == set(), "registry entries no metric function returns"
    # per-category counts: one entry per category of the vocabulary, no more
    assert {m.name for m in registry.entries()} - static == {f"n_{c}" for c in REACTION_CATEGORIES}


def test_labels_are_unambiguous_and_formats_valid():
    for lang in registry.LANGS:
        labels = [m.text(lang) for m in registry.entries()]
        dupes = sorted({x for x in labels if labels.count(x) > 1})
        assert not dupes, f"two entries share a {lang} label: {dupes}"
    for m in registry.entries():
        if m.format:
            format(1234.5, m.format)
        assert m.number_format in (None, "localized", "percent") or m.number_format.startswith("%")
        assert (m.unit == "fraction") == (m.number_format == "percent"), m.name


def test_every_entry_has_a_hand_computed_value():
    """Every figure, and every column the registry's SQL computes, has its value worked out by hand here;
    a descriptive column a function sets itself (an id, a text, a status) is checked by that function's tests."""
    checked = (
        set(EXPECTED_P4)
        | set(EXPECTED_C1)
        | set(EXPECTED_MIX_C1)
        | set(EXPECTED_MARCH)
        | set(EXPECTED_HEADLINE)
        | set(EXPECTED_HASHTAG_VACCIN)
        | set(EXPECTED_KIND_CAMPAIGN)
        | set(EXPECTED_OWNED)  # checked by tests/warehouse/test_owned.py
        | set(EXPECTED_PLACE)  # checked by tests/analysis/test_benchmark.py
        | set(EXPECTED_BOB_CHECKS)
        | set(EXPECTED_DAN_CHECKS)
        | set(EXPECTED_HCP_ALICE)
        | set(EXPECTED_GARDASIL)
        | set(EXPECTED_PV_CM6)
        | set(EXPECTED_TRAJECTORY_C1)
        | set(EXPECTED_P1_EXPLORED)
        | set(EXPECTED_QUESTION_C1)
    )
    dynamic_ok = {f"n_{c}" for c in REACTION_CATEGORIES} - set(EXPECTED_MIX_C1)  # categories absent from C1
    descriptive = {
        m.name
        for m in registry.entries()
        if m.section == "attribute" and m.post_sql is None and m.group_sql is None
    }
    unchecked = {m.name for m in registry.entries()} - checked - dynamic_ok - descriptive
    assert not unchecked, (
        f"add the hand-computed value of {sorted(unchecked)} to tests/warehouse/test_registry.py"
    )


def test_post_level_sql_matches_the_hand_computed_values(wh):  # noqa: F811
    df = metrics.post_table(wh).set_index("post_id", drop=False)
    assert _check(df.loc["tiktok:p4"], EXPECTED_P4) == []
    assert _check(df.loc["facebook:p6"], EXPECTED_P6) == []


def test_group_sql_matches_the_hand_computed_values(wh):  # noqa: F811
    df = metrics.aggregate(wh, ["campaign"])
    c1 = df[df.campaign_id == "C1"].iloc[0]
    assert _check(c1, EXPECTED_C1) == []
    mix = metrics.reaction_mix(wh, ["campaign"])
    assert _check(mix[mix.campaign_id == "C1"].iloc[0], EXPECTED_MIX_C1) == []
    tl = metrics.timeline(wh, freq="month")
    assert _check(tl[tl.period == pd.Timestamp(2024, 3, 1)].iloc[0], EXPECTED_MARCH) == []
    assert _check(metrics.headline(wh), EXPECTED_HEADLINE) == []


def _with_hashtags(con):
    con.executemany(
        "INSERT INTO post_hashtags (post_id, hashtag) VALUES (?, ?)",
        [["instagram:p1", "vaccin"], ["instagram:p3", "vaccin"], ["instagram:p3", "hpv"]],
    )
    con.execute("UPDATE campaigns SET hashtags = ['#HPV'] WHERE campaign_id = 'C1'")
    return con


def test_hashtag_keys_match_the_hand_computed_values(wh):  # noqa: F811
    con = _with_hashtags(wh)
    by_tag = metrics.aggregate(con, ["hashtag"]).set_index("hashtag", drop=False)
    assert _check(by_tag.loc["vaccin"], EXPECTED_HASHTAG_VACCIN) == []
    by_kind = metrics.aggregate(con, ["hashtag_kind"]).set_index("hashtag_kind", drop=False)
    assert _check(by_kind.loc["campaign"], EXPECTED_KIND_CAMPAIGN) == []
    assert _check(by_kind.loc["other"], EXPECTED_KIND_OTHER) == []
    assert by_kind.loc["none"].posts == 6


def test_a_registered_metric_is_computed_everywhere_and_removed_cleanly(wh):  # noqa: F811
    like_rate = registry.ratio(
        "like_rate",
        {"en": "Like rate", "fr": "Taux de j'aime"},
        {"en": "Likes per account reached.", "fr": "J'aime par compte touché."},
        numerator="likes",
        denominator="reach",
        condition="likes IS NOT NULL AND reach > 0",
    )
    registry.register(like_rate)
    try:
        with pytest.raises(ValueError, match="already registered"):
            registry.register(like_rate)
        c1 = metrics.aggregate(wh, ["campaign"]).set_index("campaign_id").loc["C1"]
        assert c1.like_rate == pytest.approx((80 + 30 + 250) / 11_400)  # P1..P3, the posts with reach
        p1 = metrics.post_table(wh).set_index("post_id").loc["instagram:p1"]
        assert p1.like_rate == pytest.approx(80 / 1000)
        assert "like_rate" in metrics.post_columns()
    finally:
        registry.unregister("like_rate")
    assert "like_rate" not in metrics.aggregate(wh, []).columns


def test_register_refuses_an_incomplete_entry():
    with pytest.raises(ValueError, match="label and description"):
        registry.register(Metric(name="x_rate", label={"en": "X"}, description={"en": "x"}, unit="fraction",
                                 section="rate"))  # fmt: skip
    with pytest.raises(ValueError, match="unknown unit"):
        registry.register(Metric(name="x_rate", label={"en": "X", "fr": "X"}, description={"en": "x", "fr": "x"},
                                 unit="parsecs", section="rate"))  # fmt: skip
    assert registry.get("x_rate") is None


def test_a_filtered_selection_uses_the_same_definitions(wh):  # noqa: F811
    # the same SQL with a filter: C1 restricted to TikTok = P4 + P5
    df = metrics.aggregate(wh, [], Filters(campaigns=("C1",), platforms=("tiktok",)))
    row = df.iloc[0]
    assert row.posts == 2 and row.engagements == 1160 and pd.isna(row.reach) and row.audience == 24_000
    assert row.cpe == pytest.approx(600 / 1160) and row.view_rate == pytest.approx(25_000 / 400_000)


def test_compliance_tables_match_the_hand_computed_values(wh):  # noqa: F811
    con = _with_checks(wh)
    by_infl = compliance.compliance_by_influencer(con).set_index("influencer_id")
    assert set(DISCLOSURE_LEVELS) <= set(by_infl.columns)  # one column per level of the vocabulary
    assert _check(by_infl.loc["instagram:bob"], EXPECTED_BOB_CHECKS) == []
    assert _check(by_infl.loc["facebook:dan"], EXPECTED_DAN_CHECKS) == []
    hcp = compliance.hcp_without_agreement(con).set_index("influencer_id")
    assert list(hcp.index) == ["instagram:alice"]
    assert _check(hcp.loc["instagram:alice"], EXPECTED_HCP_ALICE) == []
    products = compliance.product_mentions(con).set_index("product")
    assert _check(products.loc["Gardasil"], EXPECTED_GARDASIL) == []
    pv = pharmacovigilance.queue(con, today=dt.date(2024, 5, 30)).set_index("comment_id")
    assert _check(pv.loc["cm6"], EXPECTED_PV_CM6) == []
    tr = views.campaign_trajectories(con)
    c1 = tr[(tr.campaign_id == "C1") & (tr.period == pd.Timestamp(2024, 3, 11))].iloc[0]
    assert _check(c1, EXPECTED_TRAJECTORY_C1) == []


def test_explorer_and_reaction_shares_match_the_hand_computed_values(wh):  # noqa: F811
    rows = explorer.explore_posts(wh, page_size=50).rows.set_index("post_id")
    assert _check(rows.loc["instagram:p1"], EXPECTED_P1_EXPLORED) == []
    long = views.reaction_shares(wh, "campaign")
    c1 = long[long.campaign_id == "C1"].set_index("category")
    assert _check(c1.loc["question"], EXPECTED_QUESTION_C1) == []
