"""Pseudonymisation that holds: mentions, replies, weak keys, a changed key.

Before: handles survived in comment text as @mentions; a reply starting with @handle tied a
pseudonym back to the raw handle; an empty key file was accepted; a key change between
loads gave the same commenter two pseudonyms without a word.
"""

from __future__ import annotations

import pytest

from tests.hostile.make_corpus import COMMENTS_HEADER, comment_row
from warehouse.loader import key_fingerprint, load_file, pseudonymisation_key, pseudonymise

KEY_A = "9b1d5e0c7a3f42e8b6d1c0a59f7e3b2d4c6a8e0f1b3d5c7e9a0b2c4d6e8f0a1b"
KEY_B = "1f0e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"


@pytest.fixture
def key_a(monkeypatch):
    monkeypatch.setenv("RELAIS_HMAC_KEY", KEY_A)
    return KEY_A.encode()


def test_mentions_of_commenters_and_reply_handles_are_pseudonymised(con, tmp_path, key_a):
    f = tmp_path / "c.csv"
    f.write_text(
        COMMENTS_HEADER
        + comment_row(1, "alice", "super vidéo")
        + comment_row(2, "bob", "merci")
        + comment_row(3, "carol", "@alice tu as raison, et @bob aussi ; merci @marque_officielle")
        + comment_row(4, "erwan", "@dave_not_a_commenter oui exactement", parent="c9"),
        encoding="utf-8",
    )
    assert load_file(con, f).status == "loaded"
    texts = {r[0]: r[1] for r in con.execute("SELECT comment_id, text FROM comments").fetchall()}
    a, b, d = (pseudonymise(h, key_a) for h in ("alice", "bob", "dave_not_a_commenter"))
    assert texts["instagram:c3"] == f"@{a} tu as raison, et @{b} aussi ; merci @marque_officielle"
    assert texts["instagram:c4"] == f"@{d} oui exactement"
    stored = " ".join(str(r) for r in con.execute("SELECT * FROM comments").fetchall())
    assert "alice" not in stored and "dave_not" not in stored


def test_a_commenter_known_later_is_replaced_in_earlier_comments(con, tmp_path, key_a):
    first, second = tmp_path / "c1.csv", tmp_path / "c2.csv"
    first.write_text(COMMENTS_HEADER + comment_row(1, "alice", "coucou @gwen_b !"), encoding="utf-8")
    second.write_text(COMMENTS_HEADER + comment_row(2, "gwen_b", "merci"), encoding="utf-8")
    load_file(con, first)
    assert "@gwen_b" in con.execute("SELECT text FROM comments").fetchone()[0]  # not a commenter yet
    load_file(con, second)
    text = con.execute("SELECT text FROM comments WHERE comment_id = 'instagram:c1'").fetchone()[0]
    assert text == f"coucou @{pseudonymise('gwen_b', key_a)} !"


def test_stored_pseudonyms_are_not_hashed_again_by_later_loads(con, tmp_path, key_a):
    """A reply stored as "@u_… oui" starts with a mention-shaped pseudonym: a later load's sweep once
    hashed it again, changing the stored text and counting unchanged comments as new."""
    first, second = tmp_path / "c1.csv", tmp_path / "c2.csv"
    first.write_text(COMMENTS_HEADER + comment_row(1, "alice", "@bob oui exactement"), encoding="utf-8")
    second.write_text(
        COMMENTS_HEADER + comment_row(1, "alice", "@bob oui exactement") + comment_row(2, "bob", "merci"),
        encoding="utf-8",
    )
    load_file(con, first)
    expected = f"@{pseudonymise('bob', key_a)} oui exactement"
    assert con.execute("SELECT text FROM comments").fetchone()[0] == expected
    s = load_file(con, second)
    assert (s.loaded, s.duplicates) == (1, 1)
    assert (
        con.execute("SELECT text FROM comments WHERE comment_id = 'instagram:c1'").fetchone()[0] == expected
    )


@pytest.mark.parametrize("value", ["", "abc", "0" * 64, "secret-password-123"])
def test_a_weak_or_empty_key_is_refused(con, tmp_path, monkeypatch, value):
    monkeypatch.delenv("RELAIS_HMAC_KEY", raising=False)
    keyfile = tmp_path / "hmac.key"
    keyfile.write_text(value)
    monkeypatch.setenv("RELAIS_KEY_FILE", str(keyfile))
    f = tmp_path / "c.csv"
    f.write_text(COMMENTS_HEADER + comment_row(1, "alice", "x"), encoding="utf-8")
    s = load_file(con, f)
    assert s.status == "failed" and "at least 32 random bytes" in s.message
    assert con.execute("SELECT count(*) FROM comments").fetchone()[0] == 0


def test_a_different_key_is_refused_and_the_fingerprint_recorded(con, tmp_path, monkeypatch, key_a):
    f1, f2 = tmp_path / "c1.csv", tmp_path / "c2.csv"
    f1.write_text(COMMENTS_HEADER + comment_row(1, "alice", "x"), encoding="utf-8")
    f2.write_text(COMMENTS_HEADER + comment_row(2, "alice", "y"), encoding="utf-8")
    assert load_file(con, f1).status == "loaded"
    fp = con.execute("SELECT value FROM warehouse_settings WHERE name = 'key_fingerprint'").fetchone()[0]
    assert fp == key_fingerprint(pseudonymisation_key()) and KEY_A not in fp
    monkeypatch.setenv("RELAIS_HMAC_KEY", KEY_B)
    s = load_file(con, f2)
    assert s.status == "failed" and "another key" in s.message
    assert con.execute("SELECT count(DISTINCT author_hash) FROM comments").fetchone()[0] == 1
