"""Products, disclosure, product risks, sensitive topics, paid-post flags, HCP agreements, and their CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from warehouse.compliance import (
    CHECKER_VERSION,
    check_posts,
    compliance_by_influencer,
    compliance_flags,
    disclosure_level,
    guess_language,
    hcp_without_agreement,
    product_mentions,
    sensitive_topics,
)
from warehouse.filters import Filters
from warehouse.products import (
    ProductFileError,
    ensure_sample_products,
    load_products,
    product_matcher,
    sample_products_frame,
    write_sample_csv,
)

ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- helpers


def add_influencer(con, influencer_id: str, profile_type: str = "patient_expert") -> None:
    platform, handle = influencer_id.split(":", 1)
    con.execute(
        "INSERT INTO influencers (influencer_id, platform, handle, display_name, followers, profile_type) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [influencer_id, platform, handle, handle.title(), 12_000, profile_type],
    )


def add_post(con, post_id: str, influencer_id: str, caption: str | None, campaign_id: str | None = "C1",
             title: str | None = None, updated_file_id: int | None = None) -> None:  # fmt: skip
    platform, pid = post_id.split(":", 1)
    con.execute(
        "INSERT INTO posts (post_id, platform, platform_post_id, influencer_id, published_at, format, format_family,"
        " title, caption, permalink, campaign_id, updated_file_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [post_id, platform, pid, influencer_id, dt.datetime(2026, 3, 10, 9), "ig_reel", "short_video", title,
         caption, f"https://www.instagram.com/reel/{pid}/", campaign_id, updated_file_id],
    )  # fmt: skip


def add_campaign(con, campaign_id: str = "C1") -> None:
    con.execute(
        "INSERT INTO campaigns (campaign_id, name) VALUES (?, ?)", [campaign_id, f"Campagne {campaign_id}"]
    )


def add_roster(
    con, campaign_id: str, influencer_id: str, fee: float | None, hcp_ref: str | None = None
) -> None:
    con.execute(
        "INSERT INTO roster (campaign_id, influencer_id, fee, currency, hcp_agreement_ref) VALUES (?, ?, ?, 'EUR', ?)",
        [campaign_id, influencer_id, fee, hcp_ref],
    )


# --------------------------------------------------------------------------- disclosure


@pytest.mark.parametrize(
    "caption, level",
    [
        ("Publicité", "explicit"),
        ("#Publicité pour @laboratoires.helora 💗", "explicit"),
        ("PUBLICITE - merci à tous", "explicit"),
        ("publicite", "explicit"),
        ("Super routine du matin#pub #santé", "explicit"),  # hashtag glued to the word before
        ("(pub) Mon avis sur ce capteur", "explicit"),
        ("Collaboration commerciale avec @mutuelle.previa", "explicit"),
        ("#CollaborationCommerciale", "explicit"),
        ("Partenariat rémunéré avec Prévia Santé", "explicit"),
        ("partenariat remunere", "explicit"),
        ("En partenariat avec @spondylavenir 🙏", "explicit"),
        ("#sponsorisé", "explicit"),
        ("Vidéo sponsorisée par la mutuelle", "explicit"),
        ("Partenariat non rémunéré avec l'association", "explicit"),
        ("#partenariat", "weak"),
        ("En partenariat ✨", "weak"),
        ("#collab avec la team", "weak"),
        ("#sp", "weak"),
        ("-15% avec le code promo LEA15", "weak"),
        ("Produit offert par la marque, avis 100% honnête", "weak"),
        ("#gifted", "weak"),
        ("Merci à @laboratoires.helora 💕", "weak"),
        # French post with English cues: the French audience is owed French words
        ("Ma routine anti-douleur du matin #ad", "weak"),
        ("Nouvelle publication sur le blog, lien en bio", "missing"),
        ("#publication #republication", "missing"),
        ("Dépistage : on en parle ? #OctobreRose #prevention", "missing"),
        ("Ceci n'est pas une publicité, je paie mes produits moi-même", "missing"),
        ("Pas sponsorisé, juste fan", "missing"),
        ("#spa #SpondylArthrite", "missing"),
        ("", "missing"),
        (None, "missing"),
    ],
)
def test_disclosure_level_french_captions(caption, level):
    assert disclosure_level(caption)[0] == level


@pytest.mark.parametrize(
    "caption, language, level",
    [
        ("Love this serum, my skin is so happy #ad", None, "explicit"),
        ("This is a paid partnership with @brand and I love it", None, "explicit"),
        ("Sponsored by the brand, thank you for your support", None, "explicit"),
        ("Not sponsored, I just love it and you should try it", None, "missing"),
        ("Run with the team #adidas", "en", "missing"),
        ("#ad", "en", "explicit"),
        ("#ad", "fr", "weak"),
        ("#ad", "fr-FR", "weak"),
        ("Paid partnership", "en_GB", "explicit"),
    ],
)
def test_disclosure_english_cues_count_only_on_english_posts(caption, language, level):
    assert disclosure_level(caption, language)[0] == level


def test_disclosure_cues_name_what_was_found_without_double_counting():
    level, cues = disclosure_level("En partenariat avec @labo — code promo SPA10 #partenariat")
    assert level == "explicit"
    assert cues == ["en partenariat avec", "code promo", "#partenariat"]


def test_language_guess():
    assert guess_language("Je vous montre ma routine du matin avec mon traitement") == "fr"
    assert guess_language("I show you my morning routine with the new sensor") == "en"
    assert guess_language("Love this serum") == "en"
    assert guess_language("🎉🎉") == "fr"  # a French market: French unless English is clear


# --------------------------------------------------------------------------- products


def test_sample_product_matching_accents_case_aliases_and_molecules():
    m = product_matcher(sample_products_frame())
    assert m.find("J'ai pris du DOLIPRANE hier soir") == ["Doliprane"]
    assert m.find("Lévothyrox ou levothyrox, pareil") == ["Levothyrox"]
    assert m.find("la lévothyroxine me fatigue") == ["Levothyrox"]  # molecule -> product
    assert m.find("Sous sémaglutide depuis 3 mois") == ["Ozempic", "Wegovy"]  # shared molecule -> its brands
    assert m.find("Glucovia, c'est de la metformine") == ["Glucovia"]  # the named brand takes the molecule
    assert m.find("mon #FreeStyleLibre3 et mon dexcom-g7") == ["Dexcom G7", "FreeStyle Libre"]
    assert m.find("insuline  glargine le soir") == ["Lantus"]
    assert m.find("Gardasil9 pour ma fille") == ["Gardasil 9"]
    assert m.find("Dolipranes") == ["Doliprane"]
    # word boundaries: a name inside another word is not a mention
    assert m.find("#OzempicFrance et la spasfonction") == []
    assert m.find("une publication libre de droits") == []
    assert m.find(None) == [] and m.find("") == []


def test_product_risks():
    m = product_matcher(sample_products_frame())
    assert m.risks(m.find("Ozempic")) == ["rx_or_reimbursed_to_public"]
    assert m.risks(m.find("Doliprane")) == ["rx_or_reimbursed_to_public"]  # OTC but reimbursed
    assert m.risks(m.find("Advil")) == []  # OTC, not reimbursed: may be advertised
    assert m.risks(m.find("Dexcom G7")) == ["device_claims_review"]
    assert m.risks(m.find("patchs Nicorette")) == ["nicotine_product"]
    assert m.risks(m.find("Gardasil")) == ["vaccine_public_campaign"]
    assert m.risks(m.find("Oenobiol")) == []


def test_sql_matching_agrees_with_python(con):
    ensure_sample_products(con)
    m = product_matcher(con)
    texts = [
        "J'ai pris du DOLIPRANE hier",
        "la metformine",
        "Glucovia, c\u2019est de la metformine",
        "mon #FreeStyleLibre3 et mon dexcom-g7",
        "rien à voir",
        "Lévothyrox",
        None,
    ]
    con.execute("CREATE TEMP TABLE t (id INTEGER, text VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", [[i, t] for i, t in enumerate(texts)])
    sql, params = m.products_sql("t", "id", "text")
    got = {r[0]: list(r[1]) for r in con.execute(sql, params).fetchall()}
    want = {i: m.find(t) for i, t in enumerate(texts) if m.find(t)}
    assert got == want
    with pytest.raises(ValueError):
        m.products_sql("t", "id; DROP TABLE t", "text")


def test_load_products_csv_upserts_and_ignores_extra_columns(con, tmp_path):
    ensure_sample_products(con)
    f = tmp_path / "client.csv"
    f.write_text(
        "name;aliases;molecule;kind;prescription_only;reimbursed;device_class;client;notes\n"
        "Doliprane;Doli;paracétamol;médicament;non;oui;;Opella;free text\n"
        "Cardiolis;Cardio L|Cardiolis LP;bisoprolol;medicine;1;1;;Client SA;\n"
        "PatchX;;;dispositif;0;0;2a;Client SA;\n"
        ";;;;;;;;\n",
        encoding="utf-8",
    )
    assert load_products(con, f, "client") == 3
    rows = {r[0]: r[1:] for r in con.execute(
        "SELECT name, aliases, kind, prescription_only, reimbursed, device_class, source FROM products").fetchall()}  # fmt: skip
    assert sorted(rows) == ["Cardiolis", "Doliprane", "PatchX"]  # a real list replaces the sample
    assert rows["Doliprane"] == (["Doli"], "medicine", False, True, None, "client")
    assert rows["Cardiolis"][0] == ["Cardio L", "Cardiolis LP"]
    assert rows["PatchX"][1:5] == ("device", False, False, "IIa")
    assert product_matcher(con).find("mon cardio l du matin") == ["Cardiolis"]
    assert ensure_sample_products(con) == 0  # never over a loaded list

    # a second list upserts: same name in other case/accents replaces, others stay
    more = pd.DataFrame([{"name": "DOLIPRANE", "kind": "medicine", "prescription_only": 0, "reimbursed": 0}])
    assert load_products(con, more, "client v2") == 1
    names = {r[0]: r[1] for r in con.execute("SELECT name, source FROM products").fetchall()}
    assert names == {"Cardiolis": "client", "DOLIPRANE": "client v2", "PatchX": "client"}


def test_load_products_can_keep_the_sample(con):
    ensure_sample_products(con)
    n = con.execute("SELECT count(*) FROM products").fetchone()[0]
    load_products(
        con, pd.DataFrame([{"name": "Cardiolis", "kind": "supplement"}]), "client", keep_sample=True
    )
    assert con.execute("SELECT count(*) FROM products").fetchone()[0] == n + 1


def test_load_products_xlsx(con, tmp_path):
    f = tmp_path / "client.xlsx"
    pd.DataFrame(
        [{"Name": "Cardiolis", "Kind": "medicine", "Prescription_only": 1, "Reimbursed": 0, "Extra": "x"}]
    ).to_excel(f, index=False)
    assert load_products(con, f, None) == 1
    assert con.execute("SELECT name, prescription_only, reimbursed, source FROM products").fetchall() == [
        ("Cardiolis", True, False, "client.xlsx")
    ]


@pytest.mark.parametrize(
    "body, message",
    [
        (
            "name,kind,prescription_only,reimbursed\nA,medicine,peut-être,1\n",
            "row 2, column prescription_only",
        ),
        ("name,kind,prescription_only,reimbursed\nA,medicine,0,1\nB,potion,0,0\n", "row 3, column kind"),
        ("name,kind,prescription_only,reimbursed\nA,medicine,,1\n", "row 2, column prescription_only: empty"),
        (
            "name,kind,prescription_only,reimbursed,device_class\nA,device,0,0,IV\n",
            "row 2, column device_class",
        ),
        ("name,kind,prescription_only,reimbursed\nA,medicine,0,1\na,medicine,0,1\n", "already on row 2"),
        ("name,prescription_only\nA,1\n", "missing column(s) kind"),
    ],
)
def test_load_products_errors_name_file_row_column_and_write_nothing(con, tmp_path, body, message):
    f = tmp_path / "bad.csv"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(ProductFileError) as exc:
        load_products(con, f, "client")
    assert "bad.csv" in str(exc.value) and message in str(exc.value)
    assert con.execute("SELECT count(*) FROM products").fetchone()[0] == 0


def test_sample_template_round_trips(con, tmp_path):
    path = write_sample_csv(tmp_path / "products.csv")
    assert load_products(con, path, "template") == len(sample_products_frame())


# --------------------------------------------------------------------------- sensitive topics


@pytest.mark.parametrize(
    "text, topics",
    [
        ("Mes injections d'acide hyaluronique chez le Dr X", ["aesthetic_procedure"]),
        ("Crème à l'acide hyaluronique pour le soir", []),
        ("Botox ou pas botox ?", ["aesthetic_procedure"]),
        ("Mon parcours en médecine esthétique", ["aesthetic_procedure"]),
        ("Ma nouvelle vape goût mangue", ["nicotine_vaping"]),
        ("Les puffs, un danger pour les ados", ["nicotine_vaping"]),
        ("Les sachets de nicotine arrivent en France", ["nicotine_vaping"]),
        ("Arrêtez votre traitement, écoutez votre corps", ["stop_treatment"]),
        ("J'ai décidé d'arrêter mon traitement", ["stop_treatment"]),
        ("Stop taking your medication and try this", ["stop_treatment"]),
        ("Cette cure remplace votre traitement", ["replaces_treatment"]),
        ("Plus besoin de médicaments avec cette méthode", ["replaces_treatment"]),
        ("Use this instead of your medication", ["replaces_treatment"]),
        ("Le curcuma guérit naturellement l'inflammation", ["replaces_treatment"]),
        ("Parlez-en à votre médecin avant de changer de traitement", []),
    ],
)
def test_sensitive_topics(text, topics):
    assert sensitive_topics(text) == topics


# --------------------------------------------------------------------------- check_posts and flags


@pytest.fixture
def campaign(con):
    """C1: a paid patient (missing), a paid HCP (weak, names Ozempic), a paid explicit one, an unpaid one."""
    add_campaign(con)
    add_influencer(con, "instagram:paid.missing")
    add_influencer(con, "instagram:dr.weak", "health_professional")
    add_influencer(con, "instagram:paid.explicit")
    add_influencer(con, "instagram:unpaid")
    add_roster(con, "C1", "instagram:paid.missing", 500)
    add_roster(con, "C1", "instagram:dr.weak", 800, hcp_ref=None)
    add_roster(con, "C1", "instagram:paid.explicit", 300)
    add_roster(con, "C1", "instagram:unpaid", 0)
    add_post(con, "instagram:1", "instagram:paid.missing", "Ma routine du matin 🌞 #SpA")
    add_post(con, "instagram:2", "instagram:dr.weak", "Parlons d'Ozempic #partenariat", title="Mon avis")
    add_post(con, "instagram:3", "instagram:paid.explicit", "Publicité — Arrêtez votre traitement ? Non !")
    add_post(con, "instagram:4", "instagram:unpaid", "Ma routine du matin")
    add_post(con, "instagram:5", "instagram:paid.missing", "Hors campagne", campaign_id=None)
    return con


def test_check_posts_fills_post_compliance_and_loads_sample_products(campaign):
    con = campaign
    assert con.execute("SELECT count(*) FROM products").fetchone()[0] == 0
    assert check_posts(con) == 5
    assert con.execute("SELECT count(*) FROM products").fetchone()[0] > 20
    rows = {r[0]: r[1:] for r in con.execute(
        "SELECT post_id, disclosure, products, product_risks, sensitive_topics, checker_version "
        "FROM post_compliance").fetchall()}  # fmt: skip
    assert rows["instagram:1"][:4] == ("missing", [], [], [])
    assert rows["instagram:2"][:4] == ("weak", ["Ozempic"], ["rx_or_reimbursed_to_public"], [])
    assert rows["instagram:3"][0] == "explicit" and rows["instagram:3"][3] == ["stop_treatment"]
    assert all(r[4].startswith(CHECKER_VERSION) for r in rows.values())


def test_check_posts_is_incremental_and_rechecks_on_version_change(campaign):
    con = campaign
    assert check_posts(con) == 5
    assert check_posts(con) == 0  # nothing new
    add_post(con, "instagram:6", "instagram:unpaid", "#pub")
    assert check_posts(con) == 1  # only the new post
    con.execute("UPDATE post_compliance SET checker_version = 'old' WHERE post_id = 'instagram:1'")
    assert check_posts(con) == 1  # an older checker's row is redone
    # a new product list changes what captions name: every post is re-checked
    load_products(con, pd.DataFrame([{"name": "Routinex", "kind": "supplement"}]), "client")
    assert check_posts(con) == 6
    assert (
        con.execute("SELECT products FROM post_compliance WHERE post_id = 'instagram:1'").fetchone()[0] == []
    )


def test_check_posts_rechecks_a_post_updated_by_a_later_export(campaign):
    con = campaign
    check_posts(con)
    con.execute(
        "INSERT INTO load_files (file_name, content_hash, started_at, status) VALUES ('later.csv', 'h', ?, 'loaded')",
        [dt.datetime.now() + dt.timedelta(seconds=5)],
    )
    fid = con.execute("SELECT max(file_id) FROM load_files").fetchone()[0]
    con.execute(
        "UPDATE posts SET caption = 'Collaboration commerciale', updated_file_id = ? WHERE post_id = 'instagram:1'",
        [fid],
    )
    assert check_posts(con) == 1
    assert con.execute("SELECT disclosure FROM post_compliance WHERE post_id = 'instagram:1'").fetchone()[
        0
    ] == ("explicit")


def test_check_posts_does_not_commit_the_callers_transaction(campaign):
    con = campaign
    con.execute("BEGIN TRANSACTION")
    check_posts(con)
    con.execute("ROLLBACK")
    assert con.execute("SELECT count(*) FROM post_compliance").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM products").fetchone()[0] == 0


def test_flags_paid_missing_or_weak_only(campaign):
    con = campaign
    check_posts(con)
    df = compliance_flags(con).set_index("post_id")
    assert bool(df.loc["instagram:1", "flagged"]) and bool(df.loc["instagram:1", "paid"])
    assert bool(df.loc["instagram:2", "flagged"])  # weak counts
    assert not bool(df.loc["instagram:3", "flagged"])  # explicit
    assert not bool(df.loc["instagram:4", "flagged"]) and not bool(df.loc["instagram:4", "paid"])  # fee 0
    assert not bool(df.loc["instagram:5", "flagged"])  # not a campaign post
    assert bool(df.loc["instagram:3", "needs_review"])  # explicit but "arrêtez votre traitement"
    assert list(df.loc["instagram:2", "products"]) == ["Ozempic"]
    for col in ("platform", "influencer_id", "campaign_id", "published_at", "permalink", "disclosure",
                "disclosure_cues", "product_risks", "sensitive_topics"):  # fmt: skip
        assert col in df.columns
    # filters use the same names as every other page
    only = compliance_flags(con, Filters(influencers=("instagram:dr.weak",)))
    assert list(only["post_id"]) == ["instagram:2"]
    assert compliance_flags(con, Filters(profile_types=("health_professional",)))["post_id"].tolist() == [
        "instagram:2"
    ]
    assert compliance_flags(con, Filters(date_from=dt.date(2027, 1, 1))).empty


def test_unchecked_posts_are_not_flagged(campaign):
    df = compliance_flags(campaign)
    assert df["disclosure"].isna().all() and not df["flagged"].any()


def test_compliance_by_influencer(campaign):
    con = campaign
    check_posts(con)
    df = compliance_by_influencer(con).set_index("influencer_id")
    row = df.loc["instagram:paid.missing"]
    assert (row.posts, row.paid_posts, row.flagged_posts, row.missing, row.weak, row.explicit) == (
        2,
        1,
        1,
        2,
        0,
        0,
    )
    assert df.loc["instagram:dr.weak", "weak"] == 1
    assert df.loc["instagram:unpaid", "flagged_posts"] == 0


def test_hcp_without_agreement(campaign):
    con = campaign
    add_influencer(con, "instagram:dr.signed", "health_professional")
    add_influencer(con, "instagram:dr.blank", "health_professional")
    add_influencer(con, "instagram:dr.free", "health_professional")
    add_roster(con, "C1", "instagram:dr.signed", 900, hcp_ref="CONV-2026-001")
    add_roster(con, "C1", "instagram:dr.blank", 900, hcp_ref="   ")
    add_roster(con, "C1", "instagram:dr.free", 0)
    df = hcp_without_agreement(con)
    assert sorted(df["influencer_id"]) == ["instagram:dr.blank", "instagram:dr.weak"]
    assert df.set_index("influencer_id").loc["instagram:dr.weak", "posts"] == 1


def test_product_mentions_posts_and_comments(campaign):
    con = campaign
    check_posts(con)
    con.execute(
        "INSERT INTO comments (comment_id, platform, post_id, text, file_id, first_loaded_at) VALUES "
        "('c1', 'instagram', 'instagram:2', 'Ozempic m''a donné des nausées', 1, now()),"
        "('c2', 'instagram', 'instagram:1', 'et le Doliprane ?', 1, now())"
    )
    con.execute(
        "INSERT INTO comment_reactions (comment_id, categories, adverse_event, products, classifier_version, "
        "classified_at) VALUES ('c1', ['adverse_event'], true, ['Ozempic'], 't', now()),"
        "('c2', ['question'], false, ['Doliprane'], 't', now())"
    )
    df = product_mentions(con).set_index("product")
    assert (df.loc["Ozempic", "posts"], df.loc["Ozempic", "comments_naming"]) == (1, 1)
    assert df.loc["Ozempic", "risk"] == "rx_or_reimbursed_to_public"
    assert (df.loc["Doliprane", "posts"], df.loc["Doliprane", "comments_naming"]) == (0, 1)
    only = product_mentions(con, Filters(influencers=("instagram:dr.weak",))).set_index("product")
    assert list(only.index) == ["Ozempic"]


# --------------------------------------------------------------------------- CLI


def _relais(args: list[str], db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args, "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=120,
    )


def test_cli_products_and_compliance(campaign, db_path, tmp_path, capsys):
    from cli.main import main

    campaign.close()  # the CLI opens the file itself
    f = tmp_path / "client.csv"
    f.write_text("name,aliases,kind,prescription_only,reimbursed\nRoutinex,,medicine,1,1\n", encoding="utf-8")
    # one real `python -m cli.main` run; the others in-process (same parser and handlers, faster)
    r = _relais(["products", "load", str(f), "--source", "Client SA"], db_path)
    assert r.returncode == 0, r.stderr
    assert "1 product(s) loaded" in r.stdout

    assert main(["products", "list", "--json", "--db", str(db_path)]) == 0
    products = json.loads(capsys.readouterr().out)
    assert [(p["name"], p["risk"], p["source"]) for p in products] == [
        ("Routinex", "rx_or_reimbursed_to_public", "Client SA")
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("name,kind\nX,potion\n", encoding="utf-8")
    assert main(["products", "--db", str(db_path), "load", str(bad)]) == 1
    assert "bad.csv, row 2, column kind" in capsys.readouterr().err

    assert main(["compliance", "--json", "--db", str(db_path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert sorted(p["post_id"] for p in out["flagged_posts"]) == ["instagram:1", "instagram:2"]
    assert [h["influencer_id"] for h in out["hcp_without_agreement"]] == ["instagram:dr.weak"]
    assert [p["post_id"] for p in out["posts_to_review"]] == ["instagram:3"]  # "arrêtez votre traitement"
    assert main(["compliance", "--db", str(db_path)]) == 0
    text = capsys.readouterr().out
    assert "Paid posts with a missing or weak disclosure: 2" in text and "instagram:dr.weak" in text

    tpl = tmp_path / "tpl.csv"
    assert main(["products", "template", "--out", str(tpl)]) == 0
    assert tpl.read_text(encoding="utf-8-sig").startswith("name,aliases,molecule,kind,")


# --------------------------------------------------------------------------- posts whose export has no text


@pytest.mark.parametrize(
    ("title", "caption", "level"),
    [
        ("Routine mobilité du matin", None, "not_checkable"),  # YouTube: title, no description
        (None, None, "not_checkable"),
        (None, "   ", "not_checkable"),
        ("#pub Ma routine avec Marque", None, "explicit"),  # a cue in the title still counts
        ("Mon avis #partenariat", "", "weak"),
        ("Mon avis", "Ma routine du matin", "missing"),  # text we have, no cue: missing
    ],
)
def test_posts_without_text_are_not_checkable_not_missing(title, caption, level):
    from warehouse.compliance import post_disclosure

    assert post_disclosure(title, caption)[0] == level


def test_not_checkable_paid_posts_are_counted_apart_in_the_headline(campaign):
    """A YouTube video (no description in the export) is neither a problem nor a checked post."""
    from warehouse.metrics import headline

    con = campaign
    add_influencer(con, "youtube:chaine")
    add_roster(con, "C1", "youtube:chaine", 900)
    add_post(con, "youtube:v1", "youtube:chaine", None, title="Ma routine du matin")
    add_post(con, "youtube:v2", "youtube:chaine", None, title="#pub Ma routine avec Marque")
    check_posts(con)
    status = dict(con.execute("SELECT post_id, disclosure FROM post_compliance").fetchall())
    assert status["youtube:v1"] == "not_checkable" and status["youtube:v2"] == "explicit"
    h = headline(con)
    # paid campaign posts: instagram:1 missing, :2 weak, :3 explicit, youtube:v1 not checkable, v2 explicit
    assert h["disclosure_problems"] == 2
    assert h["paid_posts_checked"] == 4
    assert h["paid_posts_not_checkable"] == 1
    flags = compliance_flags(con).set_index("post_id")
    assert not bool(flags.loc["youtube:v1", "flagged"])
    assert (
        compliance_by_influencer(con).set_index("influencer_id").loc["youtube:chaine", "not_checkable"] == 1
    )


def test_sample_youtube_posts_are_not_checkable(sample_db):
    """The sample's YouTube exports carry titles only: none of their posts may read as 'missing'."""
    import duckdb

    from warehouse.metrics import headline

    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        rows = dict(
            con.execute(
                "SELECT pc.disclosure, count(*) FROM posts p JOIN post_compliance pc USING (post_id) "
                "WHERE p.platform = 'youtube' GROUP BY ALL"
            ).fetchall()
        )
        h = headline(con)
    finally:
        con.close()
    assert "missing" not in rows and rows.get("not_checkable", 0) > 0, rows
    assert h["paid_posts_not_checkable"] > 0
