"""The moderation queue: which comments, why (with the phrase), actions with who/when/why, export, CLI."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from cli.main import main as relais
from tests.conftest import shared_path
from tests.warehouse.test_compliance import add_influencer, add_post
from warehouse.caption_flags import rx_finder
from warehouse.filters import Filters
from warehouse.moderation import (
    action_history,
    comment_reasons,
    export_queue,
    moderation_queue,
    queue_summary,
    record_action,
)
from warehouse.products import product_matcher, sample_products_frame


@pytest.fixture(scope="module")
def finder():
    return rx_finder(product_matcher(sample_products_frame()))


def add_comment(
    con, comment_id: str, post_id: str, text: str | None, *, spam: bool = False, day: int = 1
) -> None:
    con.execute(
        "INSERT INTO comments (comment_id, platform, post_id, text, published_at, file_id, first_loaded_at) "
        "VALUES (?, 'instagram', ?, ?, ?, 1, now())",
        [comment_id, post_id, text, dt.datetime(2026, 3, day, 12)],
    )
    if spam:
        con.execute(
            "INSERT INTO comment_reactions (comment_id, categories, adverse_event, classifier_version, classified_at)"
            " VALUES (?, ['spam'], false, 'test', now())",
            [comment_id],
        )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mon médecin m'a donné du Levothyrox", [("prescription_medicine", "Levothyrox")]),
        ("Je peux prendre de l'ibuprofène avec ?", [("asks_medical_advice", "Je peux prendre")]),
        ("Quelle dose pour un enfant ?", [("asks_medical_advice", "Quelle dose")]),
        ("Do I need a prescription for this?", [("asks_medical_advice", "Do I need a prescription")]),
        ("How many mg should I take", [("asks_medical_advice", "How many mg")]),
        ("Tu devrais prendre 2 comprimés par jour", [
            ("gives_medical_advice", "Tu devrais prendre"), ("gives_medical_advice", "prendre 2 comprimés")]),
        ("You should take it, no need to see a doctor", [
            ("gives_medical_advice", "You should take"), ("gives_medical_advice", "no need to see a doctor")]),
        ("Merci pour ces infos 🙏", []),
        ("", []),
        ("#日本 #здоровье 🙂", []),
    ],
)  # fmt: skip
def test_reasons_with_the_phrase(finder, text, expected):
    assert comment_reasons(text, finder) == expected


def test_spam_phrase_comes_from_the_classifier_cues(finder):
    assert comment_reasons("DM me for the best crypto signals", finder, spam=True) == [("spam", "dm me")]
    assert comment_reasons("", finder, spam=True) == [("spam", "")]  # labelled by a person, no text


def fill(con) -> None:
    """A brand page (owned), a campaign influencer and an influencer outside any campaign."""
    add_influencer(con, "instagram:labo")
    con.execute(
        "INSERT INTO owned_pages (influencer_id, platform, handle, audience) "
        "VALUES ('instagram:labo', 'instagram', 'labo', 'public')"
    )
    add_influencer(con, "instagram:alice")
    add_influencer(con, "instagram:bob")
    con.execute("INSERT INTO campaigns (campaign_id, name) VALUES ('C1', 'Diabète 2026')")
    add_post(con, "instagram:OWN1", "instagram:labo", "Notre page", campaign_id=None)
    add_post(con, "instagram:CAMP1", "instagram:alice", "Campagne", campaign_id="C1")
    add_post(con, "instagram:OTHER", "instagram:bob", "Hors campagne", campaign_id=None)
    add_comment(con, "c1", "instagram:OWN1", "Mon Ozempic ne passe plus, je peux doubler ?", day=3)
    add_comment(con, "c2", "instagram:CAMP1", "DM me for crypto signals", spam=True, day=2)
    add_comment(con, "c3", "instagram:CAMP1", "Super vidéo merci", day=4)
    add_comment(con, "c4", "instagram:OTHER", "Ozempic partout", day=5)  # not under an owned page or campaign
    add_comment(con, "c5", "instagram:OWN1", '=HYPERLINK("http://x") Xarelto', day=1)


@pytest.fixture
def wh(con):
    fill(con)
    return con


def test_queue_lists_owned_page_and_campaign_comments_with_reasons(wh):
    q = moderation_queue(wh)
    assert list(q["comment_id"]) == ["c1", "c2", "c5"]  # to handle, newest first
    by = q.set_index("comment_id")
    assert by.loc["c1", "reasons"] == ["prescription_medicine", "asks_medical_advice"]
    assert by.loc["c1", "phrases"] == ["Ozempic", "je peux doubler"]
    assert by.loc["c2", "reasons"] == ["spam"] and by.loc["c2", "campaign_name"] == "Diabète 2026"
    assert bool(by.loc["c1", "owned_page"]) and not bool(by.loc["c2", "owned_page"])
    assert set(q["status"]) == {"to_handle"}
    assert queue_summary(q) == {
        "comments": 3, "to_handle": 3,
        "per_reason": {"prescription_medicine": 2, "asks_medical_advice": 1, "gives_medical_advice": 0, "spam": 1},
    }  # fmt: skip
    # the default view's campaign scope does not hide the owned page's comments
    assert list(moderation_queue(wh, Filters(scope="campaigns"))["comment_id"]) == ["c1", "c2", "c5"]
    assert list(moderation_queue(wh, Filters(campaigns=["C1"]))["comment_id"]) == ["c2"]


def test_actions_are_appended_and_the_latest_is_the_status(wh):
    first = record_action(
        wh, "c1", "answered", "Camille", "replied: ask your doctor", at=dt.datetime(2026, 3, 5, 9)
    )
    second = record_action(wh, "c1", "hide_requested", "Camille", "names a prescription medicine",
                           at=dt.datetime(2026, 3, 5, 10))  # fmt: skip
    assert second > first
    q = moderation_queue(wh).set_index("comment_id")
    assert q.loc["c1", "status"] == "hide_requested"
    assert q.loc["c1", "last_action_by"] == "Camille"
    assert q.loc["c1", "last_action_at"] == pd.Timestamp(2026, 3, 5, 10)
    assert list(moderation_queue(wh)["comment_id"]) == ["c2", "c5", "c1"]  # handled ones last
    assert list(moderation_queue(wh, status="to_handle")["comment_id"]) == ["c2", "c5"]
    hist = action_history(wh, "c1")
    assert list(hist["action"]) == ["answered", "hide_requested"]  # nothing overwritten
    assert len(action_history(wh)) == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (("c1", "delete", "Camille", "x"), "unknown moderation action"),
        (("c1", "answered", " ", "x"), r"by \(who acts\) is required"),
        (("c1", "answered", "Camille", ""), "reason is required"),
        (("nope", "answered", "Camille", "x"), "no comment 'nope'"),
    ],
)
def test_bad_actions_are_refused_and_nothing_is_written(wh, args, message):
    with pytest.raises(ValueError, match=message):
        record_action(wh, *args)
    assert action_history(wh).empty


def test_unknown_status_is_refused(wh):
    with pytest.raises(ValueError, match="unknown moderation status"):
        moderation_queue(wh, status="done")


def test_export_is_formula_safe_and_keeps_the_triggers(wh, tmp_path):
    out = export_queue(moderation_queue(wh), tmp_path / "moderation.csv")
    df = pd.read_csv(out, dtype=str)
    row = df.set_index("comment_id").loc["c5"]
    assert not row["comment_text"].startswith("=")  # neutralised for spreadsheets
    assert "HYPERLINK" in row["comment_text"]
    assert df.set_index("comment_id").loc["c1", "triggers"] == (
        "prescription_medicine: Ozempic; asks_medical_advice: je peux doubler"
    )
    with pytest.raises(ValueError, match="csv or .xlsx"):
        export_queue(moderation_queue(wh), tmp_path / "x.pdf")
    assert export_queue(moderation_queue(wh), tmp_path / "m.xlsx").stat().st_size > 0


def test_empty_warehouse_has_an_empty_queue(con):
    q = moderation_queue(con)
    assert q.empty and queue_summary(q)["comments"] == 0


def test_cli_list_act_history(wh, db_path, capsys):
    wh.close()
    assert relais(["moderation", "list", "--db", str(db_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["to_handle"] == 3 and [r["comment_id"] for r in out["queue"]] == ["c1", "c2", "c5"]
    assert relais(["moderation", "act", "c2", "--db", str(db_path), "--action", "hide_requested",
                   "--by", "Camille", "--reason", "spam", "--json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["action"] == "hide_requested"
    assert relais(["moderation", "act", "zz", "--db", str(db_path), "--action", "answered",
                   "--by", "Camille", "--reason", "x"]) == 1  # fmt: skip
    assert "no comment 'zz'" in capsys.readouterr().err
    assert relais(["moderation", "history", "--db", str(db_path), "--json"]) == 0
    hist = json.loads(capsys.readouterr().out)
    assert [(h["comment_id"], h["action"], h["acted_by"]) for h in hist] == [
        ("c2", "hide_requested", "Camille")
    ]
    assert relais(["moderation", "list", "--db", str(db_path), "--status", "to_handle", "--json"]) == 0
    assert [r["comment_id"] for r in json.loads(capsys.readouterr().out)["queue"]] == ["c1", "c5"]


def test_real_vaccine_comments_reasons_stay_rare(finder):
    """Real French vaccine tweets: a few name medicines or ask questions, most need no moderation."""
    path = shared_path("real_comments", "fr_konkinit_vaccine_tweets", "tweets_vaccins.first200.csv")
    texts = pd.read_csv(path, dtype=str)["texte"].fillna("").tolist()
    flagged = [t for t in texts if comment_reasons(t, finder)]
    assert len(texts) >= 100
    assert len(flagged) <= len(texts) * 0.15


def test_the_sql_gate_drops_no_comment_with_a_reason(con, finder):
    """DuckDB skips comments that cannot have a reason; the queue equals checking every comment in Python."""
    fill(con)
    real = shared_path("real_comments", "fr_konkinit_vaccine_tweets", "tweets_vaccins.first200.csv")
    texts = pd.read_csv(real, dtype=str)["texte"].fillna("").tolist()
    probes = [
        "Puis-je prendre du Doliprane ?", "HOW MANY MG?", "Prends-en deux le soir", "ÉVITEZ le médecin",
        "Je vous conseille le Xanax", "Ｏｚｅｍｐｉｃ en plein écran", "Ozempic\u200bfan", "Quelle posologie ?",
    ]  # fmt: skip
    all_texts = texts + probes
    for i, text in enumerate(all_texts):
        add_comment(con, f"r{i}", "instagram:CAMP1", text)
    expected = {f"r{i}" for i, text in enumerate(all_texts) if comment_reasons(text, finder)}
    got = set(moderation_queue(con)["comment_id"]) - {"c1", "c2", "c5"}
    assert got == expected
    assert {f"r{len(texts) + i}" for i in (0, 1, 4, 6, 7)} <= expected  # the probes meant to be found
