"""Medical-advice and promotion flags on captions: FR/EN probes, real captions, stored by check_posts."""

from __future__ import annotations

import pytest

from etl.base import LoadOptions
from tests.conftest import shared_path
from tests.warehouse.test_compliance import add_influencer, add_post
from warehouse.caption_flags import (
    caption_flag_counts,
    caption_flags,
    dosage_phrases,
    flagged_captions,
    rx_finder,
    substitute_phrases,
)
from warehouse.compliance import check_posts
from warehouse.filters import Filters
from warehouse.loader import load_paths
from warehouse.products import product_matcher, sample_products_frame


@pytest.fixture(scope="module")
def finder():
    return rx_finder(product_matcher(sample_products_frame()))


@pytest.mark.parametrize(
    "text, expected",
    [
        # French
        ("Mon Ozempic m'a changé la vie !", [("rx_medicine_to_public", "Ozempic")]),
        ("Sous LEVOTHYROX depuis 2 ans", [("rx_medicine_to_public", "LEVOTHYROX")]),
        ("Prenez 2 comprimés par jour, c'est magique", [("dosage_advice", "Prenez 2 comprimés")]),
        ("une gélule le matin et hop", [("dosage_advice", "une gélule le matin")]),
        ("Doublez la dose si ça ne passe pas", [("dosage_advice", "Doublez la dose")]),
        # a count without a unit, at a rhythm
        ("Prenez-en 2 par jour, ça marche", [("dosage_advice", "Prenez-en 2 par jour")]),
        ("prends-en deux le soir et dors", [("dosage_advice", "prends-en deux le soir")]),
        ("J'en prends 3 par jour depuis un mois", [("dosage_advice", "prends 3 par jour")]),
        ("Avalez-en une le matin", [("dosage_advice", "Avalez-en une le matin")]),
        (
            "Pas besoin de consulter un médecin pour ça",
            [("replaces_professional", "Pas besoin de consulter un médecin")],
        ),
        (
            "Arrêtez votre traitement, le jeûne suffit",
            [("replaces_professional", "Arrêtez votre traitement")],
        ),
        # English
        ("Take 400mg of it, works every time", [("dosage_advice", "Take 400mg")]),
        ("500 mg twice a day did it for me", [("dosage_advice", "500 mg twice a day")]),
        ("Take 2 a day and you're fine", [("dosage_advice", "Take 2 a day")]),
        ("take one at bedtime, trust me", [("dosage_advice", "take one at bedtime")]),
        ("Take them twice a day!", [("dosage_advice", "Take them twice a day")]),
        ("No need to see a doctor, just rest", [("replaces_professional", "No need to see a doctor")]),
        ("Stop taking your meds and try this", [("replaces_professional", "Stop taking your meds")]),
        ("My #xarelto journey", [("rx_medicine_to_public", "xarelto")]),
        ("Ｏｚｅｍｐｉｃ, enfin", [("rx_medicine_to_public", "Ozempic")]),  # full-width letters
    ],
)
def test_probes_flag_with_the_phrase(finder, text, expected):
    assert caption_flags(text, finder) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        None,
        "Prenez 2 comprimés par jour selon la prescription de votre médecin.",  # referral in the sentence
        "Take 2 tablets a day as your doctor prescribed",
        "Parlez-en à votre médecin ou à votre pharmacien.",  # the right advice
        "Nicorette m'a aidée à arrêter",  # nicotine replacement: a different review (product risk)
        "Belle journée à la plage, pas besoin de plus ! #summer",
        "Les 5 bons gestes pour une peau saine ☀️",
        "🙂🙂 #ميدان #日本 #здоровье",  # hashtags in other scripts
        "Un mono-ski, du talc et un rhino en peluche",  # lexicon names that are everyday words
        "2 jours de randonnée, 20 km par jour",  # a number and a rhythm, no dose unit
        # a count taken at a rhythm that is not a dose: the count is followed by what it counts
        "Prenez 5 minutes par jour pour marcher",
        "Je prends 2 jours de repos par semaine",
        "On prend 3 repas par jour, pas plus",
        "Je prends 2 fois par semaine des cours de yoga",
        "Prends un moment le soir pour toi",
        "Take 2 minutes a day for yourself",
        "take 10,000 steps a day",
        "Take it one day at a time",
        "Eat 5 a day!",
        "Prenez-en 2 par jour, comme votre médecin l'a dit.",  # referral in the sentence
    ],
)
def test_probes_not_flagged(finder, text):
    assert caption_flags(text, finder) == []


def test_a_client_product_that_is_not_restricted_is_not_flagged_by_the_lexicon():
    frame = sample_products_frame()
    frame.loc[frame["name"] == "Levothyrox", ["prescription_only", "reimbursed"]] = [0, 0]
    f = rx_finder(product_matcher(frame))
    assert caption_flags("Levothyrox et Ozempic", f) == [("rx_medicine_to_public", "Ozempic")]


def test_client_alias_and_plural_and_multi_word_names():
    frame = sample_products_frame()
    f = rx_finder(product_matcher(frame))
    # a client product written in two words or glued, a lexicon brand in the plural
    assert [m.name for m in f.mentions("Glucovia LP et 2 Humiras")] == ["Glucovia", "Humira"]


def test_each_phrase_list_is_deduplicated():
    text = "Prenez 2 comprimés. Prenez 2 comprimés ! No need to see a doctor. No need to see a doctor."
    assert dosage_phrases(text) == ["Prenez 2 comprimés"]
    assert substitute_phrases(text) == ["No need to see a doctor"]


# --------------------------------------------------------------------------- in the warehouse


def test_check_posts_stores_flags_and_rechecks_an_updated_caption(con):
    add_influencer(con, "instagram:alice")
    add_post(con, "instagram:P1", "instagram:alice", "Mon Ozempic ! Prenez 2 comprimés par jour. #pub")
    add_post(con, "instagram:P2", "instagram:alice", "Rien à signaler #pub")
    add_post(con, "instagram:P3", "instagram:alice", None, title="No need to see a doctor")
    check_posts(con)
    got = flagged_captions(con)
    assert sorted(zip(got["post_id"], got["flag"], got["phrase"], strict=True)) == [
        ("instagram:P1", "dosage_advice", "Prenez 2 comprimés"),
        ("instagram:P1", "rx_medicine_to_public", "Ozempic"),
        ("instagram:P3", "replaces_professional", "No need to see a doctor"),
    ]
    counts = dict(zip(*caption_flag_counts(con).T.values, strict=True))
    assert counts == {"rx_medicine_to_public": 1, "dosage_advice": 1, "replaces_professional": 1}
    # a later export changes the caption: the flags follow
    con.execute("INSERT INTO load_files (file_id, file_name, content_hash, status, started_at) "
                "VALUES (99, 'x.csv', 'abc', 'loaded', now() + INTERVAL 1 MINUTE)")  # fmt: skip
    con.execute("UPDATE posts SET caption = 'Rien', updated_file_id = 99 WHERE post_id = 'instagram:P1'")
    check_posts(con)
    assert set(flagged_captions(con)["post_id"]) == {"instagram:P3"}
    # filters apply, and a selection with nothing flagged has every flag at 0
    assert flagged_captions(con, Filters(platforms=["tiktok"])).empty
    assert set(caption_flag_counts(con, Filters(platforms=["tiktok"]))["posts"]) == {0}


def test_a_page_for_health_professionals_may_name_a_prescription_medicine(con):
    add_influencer(con, "linkedin:labo")
    con.execute(
        "INSERT INTO owned_pages (influencer_id, platform, handle, audience) VALUES ('linkedin:labo', 'linkedin', 'labo', 'hcp')"
    )
    add_post(
        con, "linkedin:L1", "linkedin:labo", "Ozempic : nouvelles données. Pas besoin de consulter un médecin"
    )
    check_posts(con)
    assert list(flagged_captions(con)["flag"]) == ["replaces_professional"]


def test_a_dose_without_a_unit_passes_the_sql_gate_and_is_stored(con):
    """check_posts sends to Python only the posts its SQL gate lets through: a dose without a unit
    (none of the unit words) must pass it, in captions and in comments (moderation shares the gate)."""
    add_influencer(con, "instagram:alice")
    add_post(con, "instagram:P1", "instagram:alice", "Mon astuce : prenez-en 2 par jour #pub")
    add_post(con, "instagram:P2", "instagram:alice", "Take 2 a day, honestly")
    add_post(con, "instagram:P3", "instagram:alice", "Prenez 5 minutes par jour pour vous #pub")
    check_posts(con)
    got = flagged_captions(con)
    assert sorted(zip(got["post_id"], got["phrase"], strict=True)) == [
        ("instagram:P1", "prenez-en 2 par jour"),
        ("instagram:P2", "Take 2 a day"),
    ]


def test_the_campaign_scope_never_hides_an_owned_pages_flags(con):
    """An owned page's posts belong to no campaign (warehouse.campaigns); the Compliance page's
    default view (campaign posts) still shows what the client publishes itself."""
    add_influencer(con, "instagram:alice")
    add_influencer(con, "instagram:labo", profile_type=None)
    con.execute(
        "INSERT INTO owned_pages (influencer_id, platform, handle) VALUES ('instagram:labo', 'instagram', 'labo')"
    )
    add_post(con, "instagram:P1", "instagram:alice", "No need to see a doctor")
    add_post(con, "instagram:P2", "instagram:labo", "Mon Ozempic !", campaign_id=None)
    add_post(con, "instagram:P3", "instagram:alice", "Mon Ozempic !", campaign_id=None)  # unassigned
    check_posts(con)
    assert sorted(flagged_captions(con, Filters(scope="campaigns"))["post_id"]) == [
        "instagram:P1",
        "instagram:P2",
    ]
    assert list(flagged_captions(con, Filters(scope="unassigned"))["post_id"]) == ["instagram:P3"]
    assert list(flagged_captions(con, Filters(scope="campaigns", campaigns=["C1"]))["post_id"]) == [
        "instagram:P1"
    ]


def test_real_captions_raise_no_medical_flag(con):
    """Real Instagram (Bulgarian restaurant) and X (rOpenSci) captions: no health content, no flag."""
    load_paths(
        con, [shared_path("real_exports", "instagram", "vsbperoto", "INSTAGRAM_RAW.csv")], LoadOptions()
    )
    load_paths(con, [shared_path("real_exports", "x_twitter")], LoadOptions())
    n_posts = con.execute("SELECT count(*) FROM posts WHERE coalesce(caption, '') <> ''").fetchone()[0]
    assert n_posts > 50
    assert flagged_captions(con).empty
