"""The Hashtags page: the URL's hashtag filter narrows the table, French labels, the empty state."""

from __future__ import annotations

import duckdb

from etl.base import LoadOptions
from tests.exports import instagram_file
from tests.ui.apptest import app, no_exception
from tests.warehouse.test_hashtags import _posts_with
from warehouse.hashtags import extract_hashtags
from warehouse.loader import load_paths
from warehouse.schema import apply_migrations


def test_hashtags_page_on_the_sample(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch, hashtags="octobrerose")
    at.switch_page("ui/pages/hashtags.py").run()
    no_exception(at, "hashtags")
    assert at.title[0].value == "Hashtags"
    # the URL's hashtag narrowed the selection: the table lists exactly the hashtags of those posts
    table = at.dataframe[0].value
    with duckdb.connect(str(sample_db), read_only=True) as c:
        ids = _posts_with(c, "octobrerose")
        expected = {
            h
            for pid, title, caption in c.execute("SELECT post_id, title, caption FROM posts").fetchall()
            if pid in ids
            for h in extract_hashtags(f"{title or ''} {caption or ''}")
        }
    assert set(table["hashtag"]) == expected and "#octobrerose" in set(table["tag"])
    at = app(sample_db, monkeypatch, locale="fr-FR")
    at.switch_page("ui/pages/hashtags.py").run()
    assert not at.exception
    assert "Hashtags de campagne et autres" in [s.value for s in at.subheader]


def test_hashtags_page_without_hashtags_says_what_to_load(tmp_path, monkeypatch):
    db = tmp_path / "plain.duckdb"
    c = duckdb.connect(str(db))
    apply_migrations(c)
    rows = [[
        "2001", "17841463586376007", "plain", "Plain", "Pas de hashtag ici", "", "10/02/2026 10:05",
        "https://www.instagram.com/p/C1/", "IG image", "", "Lifetime", 200, 100, 10, 1, "", 2, 1,
    ]]  # fmt: skip
    load_paths(c, [instagram_file(tmp_path / "Oct-01-2026_Oct-31-2026_4.csv", rows)], LoadOptions())
    c.close()
    at = app(db, monkeypatch)
    at.switch_page("ui/pages/hashtags.py").run()
    assert not at.exception
    assert any("No hashtag found yet" in i.value for i in at.info)
