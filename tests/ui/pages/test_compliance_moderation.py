"""Compliance page (AppTest): caption flags and the moderation queue, in both languages, with empty states."""

from __future__ import annotations

import duckdb
import pandas as pd

from tests.ui.apptest import app, no_exception, sql
from tests.warehouse.test_moderation import fill
from warehouse.compliance import check_posts
from warehouse.schema import apply_migrations

PAGE = "ui/pages/compliance.py"


def _warehouse(tmp_path, with_data: bool = True):
    db = tmp_path / "mod.duckdb"
    c = duckdb.connect(str(db))
    apply_migrations(c)
    if with_data:
        fill(c)
        c.execute(
            "UPDATE posts SET caption = 'Mon Ozempic ! Prenez 2 comprimés par jour' WHERE post_id = 'instagram:CAMP1'"
        )
        check_posts(c)
    c.close()
    return db


def test_moderation_action_needs_who_and_why_and_is_kept(tmp_path, monkeypatch):
    db = _warehouse(tmp_path)
    at = app(db, monkeypatch)
    at.switch_page(PAGE).run()
    no_exception(at, "compliance")
    assert "Moderation queue" in [s.value for s in at.subheader]
    tables = [d.value for d in at.dataframe if isinstance(d.value, pd.DataFrame)]
    queue = next(t for t in tables if "comment_text" in t.columns)
    assert set(queue["comment_id"]) == {"c1", "c2", "c5"}
    flags = next(t for t in tables if "phrase" in t.columns)
    assert set(flags["phrase"]) == {"Ozempic", "Prenez 2 comprimés"}
    comment = at.selectbox(key="comp_mod_comment").value
    at.selectbox(key="mod_action").set_value("hide_requested")
    save = [b.label for b in at.button].index("Record the action")
    at.button[save].click().run()
    assert any("who you are" in e.value for e in at.error)
    at.text_input(key="mod_who").input("Camille")
    at.text_area(key="mod_why").input("nomme un médicament sur prescription")
    at.button[save].click().run()
    no_exception(at, "after the action")
    assert sql(db, "SELECT comment_id, action, acted_by, reason FROM moderation_actions") == [
        (comment, "hide_requested", "Camille", "nomme un médicament sur prescription")
    ]


def test_french_labels_and_empty_states(tmp_path, monkeypatch):
    db = _warehouse(tmp_path)
    at = app(db, monkeypatch, locale="fr-FR")
    at.switch_page(PAGE).run()
    no_exception(at, "compliance fr")
    subs = [s.value for s in at.subheader]
    assert "File de modération" in subs and "Conseil médical et promotion dans les légendes" in subs
    # nothing with the status 'answered' yet: the queue says what to load
    at.multiselect(key="comp_mod_status").set_value(["answered"]).run()
    assert any("Aucun commentaire à modérer" in i.value for i in at.info)
