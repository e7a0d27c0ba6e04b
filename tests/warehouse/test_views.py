"""warehouse.views on a warehouse small enough to check by hand.

Posts                                      campaign  comments (categories; corrections win)
ig:1 alice ig_reel     2024-03-04  e=100 r=1000  C1   k1 question (+ correction -> testimony), k2 question|intent,
                                                          k3 spam, k4 unclassified
ig:2 alice ig_image    2024-03-11  e=40  r=400   C1   k5 support (adverse event)
ig:3 bob   ig_carousel 2024-03-20  e=300 r=3000  C2   k6 question
tt:4 carla tiktok_video 2024-04-02 e=160 r=4000  –    –
Roster: C1 alice 300 EUR (paid), C2 bob 0 (unpaid). Followers: alice 5 000, bob 50 000, carla 200 000.
Compliance: ig:1 missing [Hélotam; rx] [stop_treatment], ig:2 explicit, ig:3 weak [Hélotam].
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from domain import FORMAT_FAMILY
from warehouse import views
from warehouse.filters import Filters

T0 = dt.datetime(2024, 6, 1)


def _post(con, post_id, influencer_id, fmt, published, campaign_id, **m):
    platform, pid = post_id.split(":")
    con.execute(
        "INSERT INTO posts (post_id, platform, platform_post_id, influencer_id, published_at, format, "
        "format_family, campaign_id, permalink) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            post_id,
            platform,
            pid,
            influencer_id,
            published,
            fmt,
            FORMAT_FAMILY[fmt],
            campaign_id,
            f"https://x/{pid}",
        ],
    )
    cols = ", ".join(m)
    con.execute(
        f"INSERT INTO post_metrics (post_id, snapshot_date, file_id, loaded_at, {cols}) "
        f"VALUES (?, ?, 1, ?, {', '.join('?' for _ in m)})",
        [post_id, dt.date(2024, 5, 1), T0, *m.values()],
    )


def _comment(con, cid, post_id, text, likes, categories=None, adverse=False):
    con.execute(
        "INSERT INTO comments (comment_id, platform, post_id, author_hash, published_at, text, likes, file_id, "
        "first_loaded_at) VALUES (?, 'instagram', ?, ?, ?, ?, ?, 2, ?)",
        [cid, post_id, "u_" + cid * 6, T0, text, likes, T0],
    )
    if categories is not None:
        con.execute(
            "INSERT INTO comment_reactions (comment_id, categories, adverse_event, classifier_version, "
            "classified_at) VALUES (?, ?, ?, 'test', ?)",
            [cid, categories, adverse, T0],
        )


@pytest.fixture
def wh(con):
    con.executemany(
        "INSERT INTO campaigns (campaign_id, name, start_date, end_date) VALUES (?, ?, ?, ?)",
        [
            ["C1", "Vaccination", dt.date(2024, 3, 1), dt.date(2024, 3, 31)],
            ["C2", "Diabète", dt.date(2024, 3, 15), None],
        ],
    )
    con.executemany(
        "INSERT INTO influencers (influencer_id, platform, handle, display_name, followers, profile_type) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            ["instagram:alice", "instagram", "alice", "Alice IDE", 5_000, "health_professional"],
            ["instagram:bob", "instagram", "bob", None, 50_000, "patient_expert"],
            ["tiktok:carla", "tiktok", "carla", "Carla", 200_000, "caregiver"],
        ],
    )
    con.executemany(
        "INSERT INTO roster (campaign_id, influencer_id, fee, currency) VALUES (?, ?, ?, ?)",
        [["C1", "instagram:alice", 300, "EUR"], ["C2", "instagram:bob", 0, "EUR"]],
    )
    _post(
        con,
        "instagram:1",
        "instagram:alice",
        "ig_reel",
        dt.datetime(2024, 3, 4, 12),
        "C1",
        reach=1000,
        likes=100,
    )
    _post(
        con,
        "instagram:2",
        "instagram:alice",
        "ig_image",
        dt.datetime(2024, 3, 11, 12),
        "C1",
        reach=400,
        likes=40,
    )
    _post(
        con,
        "instagram:3",
        "instagram:bob",
        "ig_carousel",
        dt.datetime(2024, 3, 20, 12),
        "C2",
        reach=3000,
        likes=300,
    )
    _post(
        con,
        "tiktok:4",
        "tiktok:carla",
        "tiktok_video",
        dt.datetime(2024, 4, 2, 12),
        None,
        reach=4000,
        likes=160,
    )
    _comment(con, "k1", "instagram:1", "c'est remboursé ? @dr.mehdi", 5, ["question"])
    _comment(
        con, "k2", "instagram:1", "je vais prendre rdv, appelez le 06 12 34 56 78", 9, ["question", "intent"]
    )
    _comment(con, "k3", "instagram:1", '=HYPERLINK("http://x") gagnez un iphone', 1, ["spam"])
    _comment(con, "k4", "instagram:1", "pas encore classé", 50)
    _comment(
        con, "k5", "instagram:2", "**merci** <b>bravo</b> mais j'ai eu des vertiges", 2, ["support"], True
    )
    _comment(con, "k6", "instagram:3", "et pour les enfants ? écrivez à jo.doe@mail.fr", 7, ["question"])
    con.execute(
        "INSERT INTO reaction_corrections (comment_id, categories, adverse_event, corrected_by, corrected_at, reason) "
        "VALUES ('k1', ['testimony'], false, 'Alice', ?, 'c''est un témoignage')",
        [T0],
    )
    con.executemany(
        "INSERT INTO post_compliance (post_id, disclosure, disclosure_cues, products, product_risks, sensitive_topics, "
        "checker_version, checked_at) VALUES (?, ?, ?, ?, ?, ?, 'test', ?)",
        [
            [
                "instagram:1",
                "missing",
                [],
                ["Hélotam"],
                ["rx_or_reimbursed_to_public"],
                ["stop_treatment"],
                T0,
            ],
            ["instagram:2", "explicit", ["#partenariat"], [], [], [], T0],
            ["instagram:3", "weak", ["merci à"], ["Hélotam"], [], [], T0],
        ],
    )
    return con


def test_pseudonymise_masks_mentions_emails_and_phones(con):
    out = views.pseudonymise_text(
        con, "merci @dr.mehdi ! jo.doe@mail.fr ou 06 12 34 56 78 / +33 6 12 34 56 78"
    )
    assert "dr.mehdi" not in out and "jo.doe" not in out and "12 34" not in out
    assert out.startswith("merci @… !")
    assert views.pseudonymise_text(con, None) is None


def test_example_comments_most_liked_first_masked_and_limited(wh):
    ex = views.example_comments(wh, limit=3)
    # k4 (50 likes) is not classified: never an example
    assert list(ex["comment_id"]) == ["k2", "k6", "k1"]
    texts = " ".join(ex["text"])
    assert "06 12" not in texts and "jo.doe@mail.fr" not in texts and "@dr.mehdi" not in texts
    assert all(not a.startswith("u_") or len(a) <= 10 for a in ex["author"])
    assert len(views.example_comments(wh, limit=1)) == 1


def test_example_comments_category_filters_and_corrections_win(wh):
    q = views.example_comments(wh, category="question")
    assert sorted(q["comment_id"]) == ["k2", "k6"]  # k1 was corrected to testimony
    t = views.example_comments(wh, category="testimony")
    assert list(t["comment_id"]) == ["k1"]
    ae = views.example_comments(wh, adverse_only=True)
    assert list(ae["comment_id"]) == ["k5"]
    c1 = views.example_comments(wh, Filters(campaigns=["C1"]), category="question")
    assert list(c1["comment_id"]) == ["k2"]
    assert views.example_comments(wh, Filters(platforms=["tiktok"])).empty


def test_reaction_categories_and_correction_helpers(wh):
    cats = views.reaction_categories(wh)
    assert cats[:3] == ["question", "testimony", "intent"]  # useful ones first
    assert set(cats) == {"question", "testimony", "intent", "spam", "support"}
    cur = views.comment_for_correction(wh, "k1")
    assert cur["categories"] == ["testimony"] and cur["adverse_event"] is False
    assert "@dr.mehdi" not in cur["text"]
    assert views.comment_for_correction(wh, "nope") is None
    hist = views.correction_history(wh, "k1")
    assert list(hist["corrected_by"]) == ["Alice"] and list(hist["reason"]) == ["c'est un témoignage"]


def test_reaction_shares_long_form(wh):
    long = views.reaction_shares(wh, "campaign")
    c1 = long[long["campaign_id"] == "C1"].set_index("category")
    # C1 classified comments: k1 (testimony), k2 (question, intent), k3 (spam), k5 (support) = 4
    assert set(c1["comments_classified"]) == {4}
    assert c1.loc["question", "comments_in_category"] == 1
    assert c1.loc["question", "category_share"] == pytest.approx(0.25)
    assert c1.loc["testimony", "comments_in_category"] == 1
    assert c1.loc["spam", "category_share"] == pytest.approx(0.25)
    assert views.reaction_shares(wh, "format", Filters(platforms=["tiktok"])).empty


def test_leaderboard_adds_account_facts(wh):
    lb = views.leaderboard(wh)
    assert list(lb["influencer_id"]) == ["instagram:bob", "tiktok:carla", "instagram:alice"]  # by engagements
    row = lb.set_index("influencer_id").loc["instagram:alice"]
    assert row["posts"] == 2 and row["followers"] == 5_000 and row["profile_type"] == "health_professional"
    assert row["engagement_rate"] == pytest.approx(140 / 1400)
    assert lb["posts"].sum() == 4
    assert views.leaderboard(wh, Filters(platforms=["x"])).empty


def test_campaign_trajectories(wh):
    tr = views.campaign_trajectories(wh)
    assert sorted(tr["campaign_id"].unique()) == ["C1", "C2"]  # the unassigned TikTok post has none
    c1 = tr[tr["campaign_id"] == "C1"]
    assert list(c1["cumulative_posts"]) == [1, 2]
    assert list(c1["cumulative_engagements"]) == [100, 140]
    assert c1["campaign_name"].iloc[0] == "Vaccination"
    # launch 2024-03-01 (a Friday); first post's week starts Monday 2024-03-04
    assert c1["weeks_since_start"].iloc[0] == pytest.approx(3 / 7)
    only = views.campaign_trajectories(wh, Filters(campaigns=["C2"]))
    assert list(only["campaign_id"].unique()) == ["C2"]
    assert views.campaign_trajectories(wh, Filters(platforms=["tiktok"])).empty


def test_trajectories_are_each_campaigns_timeline_in_one_query(wh):
    from warehouse import metrics

    tr = views.campaign_trajectories(wh)
    for cid, part in tr.groupby("campaign_id"):
        tl = metrics.timeline(wh, Filters(campaigns=[cid]))
        assert len(tl) > 0
        pd.testing.assert_frame_equal(part[list(tl.columns)].reset_index(drop=True), tl, check_dtype=False)


def test_disclosure_posts_problems_first_and_limited(wh):
    d = views.disclosure_posts(wh)
    assert list(d["post_id"]) == ["instagram:1", "instagram:3", "instagram:2"]
    assert list(d["paid"]) == [True, False, True]
    probs = views.disclosure_posts(wh, statuses=["missing", "weak"], limit=1)
    assert list(probs["post_id"]) == ["instagram:1"]
    assert views.disclosure_posts(wh, Filters(campaigns=["C2"]))["post_id"].tolist() == ["instagram:3"]


def test_mention_counts(wh):
    p = views.mention_counts(wh, "products")
    assert p.to_dict("records") == [{"item": "Hélotam", "posts": 2, "influencers": 2}]
    topics = views.mention_counts(wh, "sensitive_topics", Filters(campaigns=["C2"]))
    assert topics.empty
    with pytest.raises(ValueError):
        views.mention_counts(wh, "caption; DROP TABLE posts")
