"""Reactions page (AppTest): a correction needs who and why; comment text never reaches Markdown."""

from __future__ import annotations

import duckdb
import pandas as pd

from tests.ui.apptest import app, markdown_texts, no_exception, sql


def test_correcting_a_comment_needs_who_and_why_and_is_stored(writable_sample, monkeypatch):
    at = app(writable_sample, monkeypatch)
    at.run()
    at.switch_page("ui/pages/reactions.py").run()
    no_exception(at, "reactions")
    comment_id = at.selectbox(key="reac_pick").value
    assert comment_id
    at.multiselect(key=f"reac_new_cats_{comment_id}").set_value(["question", "testimony"])
    at.button[[b.label for b in at.button].index("Save the correction")].click().run()
    assert any("who you are" in e.value for e in at.error)
    assert sql(writable_sample, "SELECT count(*) FROM reaction_corrections")[0][0] == 0
    at.text_input(key="reac_who").input("Camille (PV)")
    at.text_area(key=f"reac_why_{comment_id}").input("témoignage, pas une question seule")
    at.button[[b.label for b in at.button].index("Save the correction")].click().run()
    no_exception(at, "after correction")
    rows = sql(
        writable_sample,
        "SELECT categories, corrected_by, reason FROM reaction_corrections WHERE comment_id = ?",
        [comment_id],
    )
    assert rows == [(["question", "testimony"], "Camille (PV)", "témoignage, pas une question seule")]
    assert any("Correction saved" in s.value for s in at.success)


def test_comment_text_is_never_rendered_as_markdown(writable_sample, monkeypatch):
    hostile = "**gras** <script>alert(1)</script> [clic](javascript:alert(1)) =cmd|' /C calc'!A0"
    con = duckdb.connect(str(writable_sample))
    post_id = con.execute("SELECT post_id FROM comments WHERE post_id IS NOT NULL LIMIT 1").fetchone()[0]
    con.execute(
        "INSERT INTO comments (comment_id, platform, post_id, author_hash, text, likes, file_id, first_loaded_at) "
        "VALUES ('hostile:1', 'instagram', ?, 'u_hostile', ?, 1000000, 1, now())",
        [post_id, hostile],
    )
    con.execute(
        "INSERT INTO comment_reactions (comment_id, categories, adverse_event, classifier_version, classified_at) "
        "VALUES ('hostile:1', ['question'], false, 'test', now())"
    )
    con.close()
    at = app(writable_sample, monkeypatch)
    at.run()
    at.switch_page("ui/pages/reactions.py").run()
    no_exception(at, "reactions with a hostile comment")
    assert at.selectbox(key="reac_pick").value == "hostile:1"  # most liked: first example
    shown = [d.value for d in at.dataframe if isinstance(d.value, pd.DataFrame)]
    assert any(hostile in df.to_string() for df in shown) or any(
        hostile in " ".join(map(str, df.get("text", []))) for df in shown
    )
    assert hostile in [t.value for t in at.text]
    md = markdown_texts(at)
    assert "<script>" not in md and "**gras**" not in md and "javascript:" not in md
