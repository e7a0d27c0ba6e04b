"""The Posts page: a figure's link opens its posts, paging and search, French labels, the empty state."""

from __future__ import annotations

import duckdb

from tests.ui.apptest import app, no_exception
from warehouse.schema import apply_migrations


def test_posts_page_follows_a_link_and_pages(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch, campaigns="OR26", formats="ig_reel", view="1")
    at.switch_page("ui/pages/posts.py").run()
    no_exception(at, "posts")
    with duckdb.connect(str(sample_db), read_only=True) as c:
        n = c.execute(
            "SELECT count(*) FROM posts WHERE campaign_id = 'OR26' AND format = 'ig_reel'"
        ).fetchone()[0]
    assert any(c.value == f"Posts 1–{min(n, 50)} of {n}" for c in at.caption), [c.value for c in at.caption]
    table = at.dataframe[0].value
    assert set(table["format"]) == {"ig_reel"} and len(table) == min(n, 50)
    at.text_input(key="posts_q").input("zzzz-nothing").run()
    assert any("No post of the selection contains these words" in i.value for i in at.info)


def test_posts_page_in_french_and_empty(sample_db, tmp_path, monkeypatch):
    at = app(sample_db, monkeypatch, locale="fr-FR")
    at.switch_page("ui/pages/posts.py").run()
    assert not at.exception
    assert at.title[0].value == "Publications"
    empty = tmp_path / "empty.duckdb"
    with duckdb.connect(str(empty)) as c:
        apply_migrations(c)
    at = app(empty, monkeypatch)
    at.switch_page("ui/pages/posts.py").run()
    assert not at.exception
    assert any("No data loaded yet" in i.value for i in at.info)
