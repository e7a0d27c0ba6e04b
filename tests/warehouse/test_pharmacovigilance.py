"""The pharmacovigilance queue: workflow, audit, deadlines, and that no case ever leaves on its own."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from etl.base import LoadOptions
from warehouse.filters import Filters
from warehouse.pharmacovigilance import (
    REPORTING_DAYS,
    TRANSITIONS,
    audit_trail,
    export_queue,
    open_case,
    open_cases,
    queue,
    queue_counts,
    set_status,
)

ROOT = Path(__file__).resolve().parents[2]
LOADED = dt.datetime(2026, 3, 2, 9, 30)


def add_comment(con, comment_id: str, text: str, post_id: str | None = "instagram:P1") -> None:
    con.execute(
        "INSERT INTO comments (comment_id, platform, post_id, published_at, text, file_id, first_loaded_at) "
        "VALUES (?, 'instagram', ?, ?, ?, 1, ?)",
        [comment_id, post_id, LOADED - dt.timedelta(days=1), text, LOADED],
    )


@pytest.fixture
def world(con):
    """One campaign post with three comments, one comment on an unknown post."""
    con.execute("INSERT INTO campaigns (campaign_id, name) VALUES ('C1', 'Campagne 1')")
    con.execute(
        "INSERT INTO influencers (influencer_id, platform, handle, display_name, profile_type) "
        "VALUES ('instagram:claire', 'instagram', 'claire', 'Claire IDE', 'health_professional')"
    )
    con.execute(
        "INSERT INTO posts (post_id, platform, platform_post_id, influencer_id, published_at, format, format_family,"
        " caption, permalink, campaign_id) VALUES ('instagram:P1', 'instagram', 'P1', 'instagram:claire', ?,"
        " 'ig_reel', 'short_video', 'Publicité', 'https://www.instagram.com/reel/P1/', 'C1')",
        [dt.datetime(2026, 3, 1, 8)],
    )
    add_comment(con, "instagram:c1", "Depuis l'Ozempic j'ai des nausées tous les jours")
    add_comment(con, "instagram:c2", "Le Doliprane me donne des boutons")
    add_comment(con, "instagram:c3", "Super vidéo")
    add_comment(con, "instagram:c4", "Urticaire après le Levothyrox", post_id=None)
    return con


# --------------------------------------------------------------------------- opening cases


def test_open_case_is_idempotent_and_audited(world):
    con = world
    assert open_case(con, "instagram:c1", "alice", "nausées rapportées") is True
    assert open_case(con, "instagram:c1", "bob", "encore") is False
    case = con.execute("SELECT day0, due_at, status, status_changed_by FROM pv_cases").fetchall()
    assert case == [(LOADED, LOADED + dt.timedelta(days=REPORTING_DAYS), "new", "alice")]
    trail = audit_trail(con, "instagram:c1")
    assert trail[["from_status", "to_status", "changed_by", "reason"]].to_dict("records") == [
        {"from_status": None, "to_status": "new", "changed_by": "alice", "reason": "nausées rapportées"}
    ]
    with pytest.raises(ValueError, match="no comment"):
        open_case(con, "instagram:nope", "alice", "x")
    with pytest.raises(ValueError, match="reason is required"):
        open_case(con, "instagram:c2", "alice", "  ")


def test_open_cases_bulk_skips_existing_and_unknown(world):
    con = world
    open_case(con, "instagram:c1", "alice", "manuel")
    set_status(con, "instagram:c1", "not_a_case", "alice", "pas d'effet")
    n = open_cases(
        con, ["instagram:c1", "instagram:c2", "instagram:c4", "instagram:unknown"], "classifier", "auto"
    )
    assert n == 2
    assert (
        con.execute("SELECT status FROM pv_cases WHERE comment_id = 'instagram:c1'").fetchone()[0]
        == "not_a_case"
    )
    assert open_cases(con, [], "classifier", "auto") == 0


# --------------------------------------------------------------------------- the state machine


def test_valid_transitions_and_reopen(world):
    con = world
    open_case(con, "instagram:c1", "alice", "signalé")
    assert set_status(con, "instagram:c1", "triaged", "bob", "à évaluer") == "new"
    assert (
        set_status(con, "instagram:c1", "not_a_case", "bob", "effet attendu, déjà connu ? non: pas un EI")
        == "triaged"
    )
    assert (
        set_status(con, "instagram:c1", "triaged", "carla", "réouvert: le patient précise la dose")
        == "not_a_case"
    )
    assert set_status(con, "instagram:c1", "reported", "carla", "déclaré ANSM réf 123") == "triaged"
    status, at, by = con.execute(
        "SELECT status, status_changed_at, status_changed_by FROM pv_cases WHERE comment_id = 'instagram:c1'"
    ).fetchone()
    assert (status, by) == ("reported", "carla") and at is not None
    trail = audit_trail(con, "instagram:c1")
    assert list(zip(trail["from_status"].fillna("-"), trail["to_status"])) == [
        ("-", "new"), ("new", "triaged"), ("triaged", "not_a_case"), ("not_a_case", "triaged"),
        ("triaged", "reported"),
    ]  # fmt: skip
    assert trail["changed_by"].tolist() == ["alice", "bob", "bob", "carla", "carla"]
    assert trail["reason"].iloc[3] == "réouvert: le patient précise la dose"
    assert trail["changed_at"].notna().all()

    open_case(con, "instagram:c2", "alice", "signalé")
    assert set_status(con, "instagram:c2", "not_a_case", "bob", "spam") == "new"


@pytest.mark.parametrize(
    "path, target",
    [
        ([], "reported"),  # new -> reported skips triage
        ([], "new"),
        (["triaged"], "new"),
        (["triaged", "reported"], "triaged"),  # reported is final
        (["triaged", "reported"], "not_a_case"),
        (["not_a_case"], "reported"),
        (["not_a_case"], "not_a_case"),
    ],
)
def test_invalid_transitions_raise_and_change_nothing(world, path, target):
    con = world
    open_case(con, "instagram:c1", "alice", "signalé")
    for s in path:
        set_status(con, "instagram:c1", s, "bob", "étape")
    before = con.execute("SELECT * FROM pv_cases").fetchall()
    n_audit = len(audit_trail(con))
    with pytest.raises(ValueError, match="cannot go from") as exc:
        set_status(con, "instagram:c1", target, "bob", "essai")
    assert "allowed from" in str(exc.value)
    assert con.execute("SELECT * FROM pv_cases").fetchall() == before
    assert len(audit_trail(con)) == n_audit


def test_transition_table_is_the_documented_one():
    assert TRANSITIONS == {
        "new": ("triaged", "not_a_case"),
        "triaged": ("reported", "not_a_case"),
        "not_a_case": ("triaged",),
        "reported": (),
    }


@pytest.mark.parametrize(
    "by, reason, status, message",
    [
        ("", "ok", "triaged", "by"),
        ("  ", "ok", "triaged", "by"),
        ("bob", "", "triaged", "reason is required"),
        ("bob", None, "triaged", "reason is required"),
        ("bob", "ok", "closed", "unknown status"),
    ],
)
def test_who_why_and_status_are_required(world, by, reason, status, message):
    con = world
    open_case(con, "instagram:c1", "alice", "signalé")
    with pytest.raises(ValueError, match=message):
        set_status(con, "instagram:c1", status, by, reason)
    assert con.execute("SELECT status FROM pv_cases").fetchone()[0] == "new"


def test_unknown_case(world):
    with pytest.raises(ValueError, match="no pharmacovigilance case"):
        set_status(world, "instagram:c3", "triaged", "bob", "x")


def test_set_status_joins_the_callers_transaction(world):
    con = world
    open_case(con, "instagram:c1", "alice", "signalé")
    con.execute("BEGIN TRANSACTION")
    set_status(con, "instagram:c1", "triaged", "bob", "à évaluer")
    con.execute("ROLLBACK")  # the caller decides: status and audit go together
    assert con.execute("SELECT status FROM pv_cases").fetchone()[0] == "new"
    assert len(audit_trail(con)) == 1


# --------------------------------------------------------------------------- the queue


def test_queue_days_left_and_overdue_from_due_at(world):
    con = world
    today = dt.date(2026, 3, 20)
    rows = [  # comment, due_at, status
        ("instagram:c1", dt.datetime(2026, 3, 17, 9), "new"),  # 3 days late
        ("instagram:c2", dt.datetime(2026, 3, 20, 18), "triaged"),  # due today
        ("instagram:c3", dt.datetime(2026, 3, 30, 8), "new"),  # 10 days left
        ("instagram:c4", dt.datetime(2026, 3, 1, 8), "reported"),  # closed: never overdue
    ]
    for cid, due, status in rows:
        con.execute(
            "INSERT INTO pv_cases (comment_id, day0, due_at, status) VALUES (?, ?, ?, ?)",
            [cid, due - dt.timedelta(days=REPORTING_DAYS), due, status],
        )
    q = queue(con, today=today)
    assert q["comment_id"].tolist() == ["instagram:c1", "instagram:c2", "instagram:c3", "instagram:c4"]
    got = q.set_index("comment_id")
    assert got.loc["instagram:c1", "days_left"] == -3 and bool(got.loc["instagram:c1", "overdue"])
    assert got.loc["instagram:c2", "days_left"] == 0 and not bool(got.loc["instagram:c2", "overdue"])
    assert got.loc["instagram:c3", "days_left"] == 10 and not bool(got.loc["instagram:c3", "overdue"])
    assert pd.isna(got.loc["instagram:c4", "days_left"]) and not bool(got.loc["instagram:c4", "overdue"])
    c1 = got.loc["instagram:c1"]
    assert c1["comment_text"].startswith("Depuis l'Ozempic")
    assert list(c1["products"]) == ["Ozempic"]  # named from the text when the classifier has not run
    assert c1["post_permalink"] == "https://www.instagram.com/reel/P1/"
    assert (c1["influencer"], c1["campaign_id"], c1["campaign_name"]) == ("Claire IDE", "C1", "Campagne 1")
    for col in ("day0", "due_at", "status", "last_changed_by", "last_changed_at"):
        assert col in q.columns

    # a page takes the most urgent rows and counts the rest in DuckDB
    assert queue(con, today=today, limit=2)["comment_id"].tolist() == ["instagram:c1", "instagram:c2"]
    assert queue_counts(con, today=today) == {"cases": 4, "overdue": 1}
    assert queue_counts(con, status=("new", "triaged"), today=today + dt.timedelta(days=1)) == {
        "cases": 3, "overdue": 2}  # fmt: skip
    assert queue(con, status="triaged", today=today)["comment_id"].tolist() == ["instagram:c2"]
    assert len(queue(con, status=["new", "reported"], today=today)) == 3
    # filters select posts: a case on an unknown post only shows without filters
    assert (
        "instagram:c4"
        not in queue(con, filters=Filters(campaigns=("C1",)), today=today)["comment_id"].tolist()
    )
    assert queue(con, filters=Filters(campaigns=("C9",)), today=today).empty
    with pytest.raises(ValueError, match="unknown status"):
        queue(con, status="open")


def test_queue_prefers_the_classifier_products(world):
    con = world
    open_case(con, "instagram:c1", "alice", "signalé")
    con.execute(
        "INSERT INTO comment_reactions (comment_id, categories, adverse_event, products, classifier_version,"
        " classified_at) VALUES ('instagram:c1', ['adverse_event'], true, ['Wegovy'], 't', now())"
    )
    assert list(queue(con)["products"].iloc[0]) == ["Wegovy"]


# --------------------------------------------------------------------------- nothing leaves on its own

COMMENTS_V1 = (
    "platform,post_permalink,post_id,comment_id,parent_id,author,published_at,text,likes\n"
    "instagram,https://www.instagram.com/reel/P1/,,c100,,lea,2026-03-02T10:00:00,"
    "Depuis l'Ozempic j'ai des nausées,0\n"
    "instagram,https://www.instagram.com/reel/P1/,,c101,,max,2026-03-02T11:00:00,Merci !,1\n"
)
COMMENTS_V2 = COMMENTS_V1.replace("des nausées,0", "des nausées (ça va mieux),3") + (
    "instagram,https://www.instagram.com/reel/P1/,,c102,,zoe,2026-03-03T11:00:00,Top,0\n"
)


def test_reloading_and_reclassifying_never_remove_or_change_a_case(world, tmp_path):
    from warehouse.compliance import check_posts
    from warehouse.loader import load_paths
    from warehouse.steps import derived_steps

    con = world
    v1 = tmp_path / "comments_v1.csv"
    v1.write_text(COMMENTS_V1, encoding="utf-8")
    s = load_paths(con, [v1], LoadOptions(today=dt.date(2026, 3, 5)))
    assert s[0].status == "loaded", s[0].message
    cid = con.execute(
        "SELECT comment_id FROM comments WHERE text LIKE '%nausées%' AND comment_id LIKE '%c100'"
    ).fetchone()[0]
    open_case(con, cid, "alice", "EI possible")
    set_status(con, cid, "triaged", "bob", "à évaluer")
    before_case = con.execute("SELECT * FROM pv_cases WHERE comment_id = ?", [cid]).fetchall()
    before_audit = audit_trail(con, cid).to_dict("records")

    # a newer export of the same comments (text edited), the same file again, then a reclassification
    v2 = tmp_path / "comments_v2.csv"
    v2.write_text(COMMENTS_V2, encoding="utf-8")
    load_paths(con, [v2, v1], LoadOptions(today=dt.date(2026, 3, 6)))
    con.execute("DELETE FROM comment_reactions")
    con.execute(
        "INSERT INTO comment_reactions (comment_id, categories, adverse_event, products, classifier_version,"
        " classified_at) VALUES (?, ['praise'], false, [], 'v-next', now())",
        [cid],
    )
    con.execute(
        "INSERT INTO reaction_corrections (comment_id, categories, adverse_event, corrected_by, corrected_at, reason)"
        " VALUES (?, ['praise'], false, 'marketing', now(), 'pas un EI selon moi')",
        [cid],
    )
    con.execute("BEGIN TRANSACTION")
    for step in derived_steps():  # what a load runs after its rows: classification included
        step.run(con)
    check_posts(con)
    con.execute("COMMIT")

    assert con.execute("SELECT * FROM pv_cases WHERE comment_id = ?", [cid]).fetchall() == before_case
    assert audit_trail(con, cid).to_dict("records") == before_audit
    assert cid in queue(con, status="triaged")["comment_id"].tolist()


def test_no_function_deletes_a_case():
    import inspect

    import warehouse.pharmacovigilance as pv

    source = inspect.getsource(pv).lower()
    assert "delete from pv_cases" not in source and "delete from pv_audit" not in source


# --------------------------------------------------------------------------- export and CLI


def test_export_queue_csv_and_xlsx(world, tmp_path):
    con = world
    add_comment(con, "instagram:evil", '=HYPERLINK("http://x","click") Ozempic me rend malade')
    open_case(con, "instagram:evil", "alice", "EI possible")
    df = queue(con)
    csv_path = export_queue(df, tmp_path / "pv.csv")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "'=HYPERLINK" in csv_path.read_text(encoding="utf-8-sig")
    xlsx = export_queue(df, tmp_path / "pv.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes())).active
    cell = ws.cell(row=2, column=list(df.columns).index("comment_text") + 1)
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")
    with pytest.raises(ValueError):
        export_queue(df, tmp_path / "pv.json")


def test_cli_pv(world, db_path, tmp_path, capsys):
    from cli.main import main

    con = world
    open_case(con, "instagram:c1", "alice", "EI possible")
    con.close()  # the CLI opens the file itself

    # one real `python -m cli.main` run; the others in-process (same parser and handlers)
    r = subprocess.run(
        [sys.executable, "-m", "cli.main", "pv", "set", "instagram:c1", "triaged", "--by", "bob",
         "--reason", "à évaluer", "--db", str(db_path)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ}, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "new -> triaged" in r.stdout

    db = ["--db", str(db_path)]
    assert main(["pv", "set", "instagram:c1", "new", "--by", "bob", "--reason", "x", *db]) == 1
    assert "cannot go from 'triaged' to 'new'" in capsys.readouterr().err
    assert main(["pv", "open", "instagram:c2", "--by", "carla", "--reason", "boutons", *db]) == 0
    assert "case opened" in capsys.readouterr().out

    assert main(["pv", "list", "--json", *db]) == 0
    cases = json.loads(capsys.readouterr().out)
    assert {c["comment_id"]: c["status"] for c in cases} == {"instagram:c1": "triaged", "instagram:c2": "new"}
    assert main(["pv", "--db", str(db_path), "list", "--status", "new"]) == 0
    out = capsys.readouterr().out
    assert "instagram:c2" in out and "instagram:c1" not in out

    assert main(["pv", "audit", "instagram:c1", "--json", *db]) == 0
    trail = json.loads(capsys.readouterr().out)
    assert [(t["to_status"], t["changed_by"], t["reason"]) for t in trail] == [
        ("new", "alice", "EI possible"),
        ("triaged", "bob", "à évaluer"),
    ]

    out_file = tmp_path / "queue.xlsx"
    assert main(["pv", "export", "--out", str(out_file), *db]) == 0
    ws = openpyxl.load_workbook(out_file).active
    assert ws.max_row == 3
    assert main(["pv", "export", "--out", str(tmp_path / "queue.txt"), *db]) == 1
