"""The moderation queue: which comments, why (with the phrase), actions with who/when/why, export, CLI."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from cli.main import main as relais
from reactions.classify import correct_comment
from tests.conftest import shared_path
from tests.warehouse.test_compliance import add_influencer, add_post
from warehouse.caption_flags import rx_finder
from warehouse.filters import Filters
from warehouse.moderation import (
    action_history,
    comment_reasons,
    export_queue,
    is_fresh,
    moderation_queue,
    queue_counts,
    queue_summary,
    record_action,
    refresh,
)
from warehouse.products import load_products, product_matcher, sample_products_frame


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


# --------------------------------------------------------------------------- the derived table


def _live(con, **kw):
    """The queue computed from the comments now (the table marked stale)."""
    con.execute("DELETE FROM warehouse_settings WHERE name = 'moderation.digest'")
    assert not is_fresh(con)
    return moderation_queue(con, **kw)


def test_table_gives_the_same_queue_as_computing_it_live(wh):
    record_action(wh, "c1", "answered", "Camille", "replied", at=dt.datetime(2026, 3, 5, 9))
    live = _live(wh)
    assert refresh(wh) == 5  # every comment checked once
    assert is_fresh(wh)
    # only comments with a reason are kept, whatever their post (the scope is applied on reading)
    assert {r[0] for r in wh.execute("SELECT comment_id FROM comment_moderation").fetchall()} == {
        "c1", "c2", "c4", "c5"}  # fmt: skip
    pd.testing.assert_frame_equal(moderation_queue(wh), live)
    for kw in ({"filters": Filters(campaigns=["C1"])}, {"status": "to_handle"}, {"status": "answered"}):
        pd.testing.assert_frame_equal(moderation_queue(wh, **kw), _live(wh, **kw))
        refresh(wh)
    assert refresh(wh) == 0  # nothing new: nothing checked


def test_limit_and_counts_cover_the_whole_selection(wh):
    refresh(wh)
    q = moderation_queue(wh, limit=2)
    assert list(q["comment_id"]) == ["c1", "c2"]
    assert queue_counts(wh) == queue_summary(moderation_queue(wh)) == {
        "comments": 3, "to_handle": 3,
        "per_reason": {"prescription_medicine": 2, "asks_medical_advice": 1, "gives_medical_advice": 0, "spam": 1},
    }  # fmt: skip
    assert queue_counts(wh, status="answered")["comments"] == 0


def test_only_new_relabelled_or_changed_comments_are_checked_again(wh):
    refresh(wh)
    add_comment(wh, "c6", "instagram:CAMP1", "Quelle dose pour un enfant ?", day=6)
    assert not is_fresh(wh)  # a new comment: read live until the step runs
    wh.execute("UPDATE comments SET file_id = 2 WHERE comment_id = 'c6'")
    assert refresh(wh) == 1
    assert moderation_queue(wh)["comment_id"].iloc[0] == "c6"
    # a person says c3 is spam: only that comment is checked again
    correct_comment(wh, "c3", ["spam"], False, "Camille", "bot")
    assert refresh(wh) == 1
    assert moderation_queue(wh).set_index("comment_id").loc["c3", "reasons"] == ["spam"]
    # the loader marks a comment whose text changed (reasons NULL): checked again, reason gone
    wh.execute("UPDATE comments SET text = 'Merci !' WHERE comment_id = 'c1'")
    wh.execute("INSERT OR REPLACE INTO comment_moderation VALUES ('c1', NULL, NULL)")
    assert not is_fresh(wh)
    assert refresh(wh) == 1
    assert "c1" not in set(moderation_queue(wh)["comment_id"])
    pd.testing.assert_frame_equal(moderation_queue(wh), _live(wh))


def test_a_new_product_list_rebuilds_the_table(wh):
    refresh(wh)
    assert "c3" not in set(moderation_queue(wh)["comment_id"])
    wh.execute("UPDATE comments SET text = 'Super vidéo, le Zorbex me va bien' WHERE comment_id = 'c3'")
    wh.execute("DELETE FROM warehouse_settings WHERE name = 'moderation.digest'")
    refresh(wh)
    assert "c3" not in set(moderation_queue(wh)["comment_id"])  # not a medicine yet
    products = sample_products_frame().head(0)
    products = pd.concat(
        [
            products,
            pd.DataFrame(
                [{"name": "Zorbex", "kind": "medicine", "prescription_only": "1", "reimbursed": "0"}]
            ),
        ]
    )
    load_products(wh, products, "client list")
    assert not is_fresh(wh)  # another product list: the table is stale
    refresh(wh)
    assert moderation_queue(wh).set_index("comment_id").loc["c3", "phrases"] == ["Zorbex"]
    pd.testing.assert_frame_equal(moderation_queue(wh), _live(wh))


def test_the_sample_warehouse_reads_its_table(sample_db, tmp_path):
    """The loads' derived step left the table fresh; it gives the queue computed live."""
    import shutil

    import duckdb

    db = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, db)
    c = duckdb.connect(str(db))
    try:
        assert is_fresh(c)
        table = moderation_queue(c)
        assert len(table) > 0
        pd.testing.assert_frame_equal(table, _live(c))
    finally:
        c.close()


_CSV = "platform,post_permalink,post_id,comment_id,parent_id,author,published_at,text,likes\n"
_ROW = "instagram,https://www.instagram.com/reel/P1/,,{id},,{who},2026-03-02T10:00:00,{text},0\n"


def _load_export(con, path, comments: list[tuple[str, str, str]]) -> None:
    """Write a comment export (id, author, text per comment) and load it through the real loader."""
    from etl.base import LoadOptions
    from warehouse.loader import load_paths

    path.write_text(
        _CSV + "".join(_ROW.format(id=i, who=w, text=t) for i, w, t in comments), encoding="utf-8"
    )
    assert load_paths(con, [path], LoadOptions())[0].status == "loaded"


def test_a_load_fills_the_table_and_a_changed_text_is_checked_again(con, tmp_path):
    """The derived step keeps the table fresh; a later export that edits a text is checked again."""
    _load_export(
        con,
        tmp_path / "comments_v1.csv",
        [("c100", "lea", "Mon Ozempic me donne des nausées"), ("c101", "max", "Merci !")],
    )
    assert is_fresh(con)
    reasons = dict(con.execute("SELECT comment_id, reasons FROM comment_moderation").fetchall())
    assert reasons == {"instagram:c100": ["prescription_medicine"]}
    _load_export(
        con,
        tmp_path / "comments_v2.csv",
        [("c100", "lea", "Merci pour la vidéo"), ("c101", "max", "Quelle dose pour un enfant ?")],
    )
    assert is_fresh(con)
    reasons = dict(con.execute("SELECT comment_id, reasons FROM comment_moderation").fetchall())
    assert reasons == {"instagram:c101": ["asks_medical_advice"]}


def test_a_changed_text_is_classified_again_and_its_pv_case_stays(con, tmp_path):
    """Labels describe a text: an edited comment is classified again; a case opened on the old text stays."""
    ask = "SELECT adverse_event, ae_score FROM comment_reactions WHERE comment_id = 'instagram:c200'"
    cases = "SELECT count(*) FROM pv_cases WHERE comment_id = 'instagram:c200'"
    _load_export(con, tmp_path / "comments_v1.csv", [("c200", "lea", "Depuis mon Ozempic j'ai des nausées")])
    ae1, score1 = con.execute(ask).fetchone()
    assert ae1, "the first text reports a side effect"
    assert con.execute(cases).fetchone()[0] == 1
    _load_export(con, tmp_path / "comments_v2.csv", [("c200", "lea", "Merci pour la vidéo")])
    ae2, score2 = con.execute(ask).fetchone()
    assert not ae2 and score2 < score1  # the labels are the new text's, not the old one's
    assert con.execute(cases).fetchone()[0] == 1
