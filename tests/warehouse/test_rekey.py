"""Re-keying: the warehouse ends exactly as if its comment exports had been loaded with the new key."""

from __future__ import annotations

import csv
import io
import json
import secrets
from pathlib import Path

import duckdb
import pytest

from cli.main import main
from warehouse.db import connect
from warehouse.loader import PseudonymKeyError, key_fingerprint, load_file
from warehouse.rekey import RekeyError, rekey

HEADER = [
    "platform",
    "post_permalink",
    "post_id",
    "comment_id",
    "parent_id",
    "author",
    "published_at",
    "text",
    "likes",
]
ROWS = [
    ["instagram", "https://www.instagram.com/p/ABC123/", "", "c1", "", "Alice.Handle", "2026-03-01T08:00:00Z",
     "Merci, très clair", "1"],
    ["instagram", "https://www.instagram.com/p/ABC123/", "", "c2", "c1", "bob_handle_42", "2026-03-01T09:00:00Z",
     "@alice.handle tout à fait, j'ai eu des nausées avec ce traitement", "0"],
    # no comment id: the id is made from the author's pseudonym, so it changes with the key
    ["instagram", "https://www.instagram.com/p/ABC123/", "", "", "", "carol_handle_7", "2026-03-02T10:00:00Z",
     "Comme @bob_handle_42 je me pose la question", "2"],
    ["instagram", "https://www.instagram.com/p/ABC123/", "", "", "", "dave_handle_8", "2026-03-02T11:00:00Z",
     "Super", "0"],
    # quarantined (no date): the raw row keeps the author's pseudonym
    ["instagram", "https://www.instagram.com/p/ABC123/", "", "c5", "", "erin_handle_9", "pas une date",
     "Et pour les enfants ?", "3"],
]  # fmt: skip
EXTRA = ["instagram", "https://www.instagram.com/p/ABC123/", "", "c6", "", "frank_handle_10", "2026-03-03T11:00:00Z",
         "Merci @carol_handle_7", "0"]  # fmt: skip


def _csv(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _key(path: Path) -> Path:
    path.write_text(secrets.token_hex(32))
    return path


@pytest.fixture
def keys(tmp_path, monkeypatch):
    a, b = _key(tmp_path / "a.key"), _key(tmp_path / "b.key")
    monkeypatch.delenv("RELAIS_HMAC_KEY", raising=False)
    monkeypatch.setenv("RELAIS_KEY_FILE", str(a))
    return a, b


def _state(con: duckdb.DuckDBPyConnection) -> dict:
    return {
        "comments": sorted(
            con.execute("SELECT comment_id, parent_id, author_hash, text, likes FROM comments").fetchall()
        ),
        "rejects": sorted(con.execute("SELECT row_number, reason, raw_row FROM rejects").fetchall()),
    }


def test_rekey_gives_the_warehouse_the_new_keys_pseudonyms_and_ids(tmp_path, keys, monkeypatch):
    a, b = keys
    src = (
        _csv(tmp_path / "exports" / "comments.csv", ROWS) if (tmp_path / "exports").mkdir() is None else None
    )
    w1 = tmp_path / "w1.duckdb"
    with connect(w1) as con:
        s = load_file(con, src)
        assert (s.loaded, s.rejected) == (4, 1), s
        before = _state(con)
        synthetic = [r[0] for r in before["comments"] if ":h" in r[0]]
        assert len(synthetic) == 2
        # a person's decision recorded against a key-dependent id must follow it
        con.execute(
            "INSERT INTO moderation_actions (comment_id, action, acted_by, acted_at, reason) "
            "VALUES (?, 'answered', 'cm', now(), 'answered in DM')",
            [synthetic[0]],
        )
        report = rekey(con, a.read_text().encode(), b.read_text().encode(), [tmp_path / "exports"])
        after = _state(con)
        moderated = con.execute("SELECT comment_id FROM moderation_actions").fetchone()[0]
        fingerprint = con.execute(
            "SELECT value FROM warehouse_settings WHERE name = 'key_fingerprint'"
        ).fetchone()[0]

    assert (report.commenters, report.mapped, report.unmatched, report.comment_ids_changed) == (4, 4, 0, 2)
    assert fingerprint == key_fingerprint(b.read_text().encode())
    # the same exports loaded from scratch with the new key give exactly the same warehouse
    monkeypatch.setenv("RELAIS_KEY_FILE", str(b))
    with connect(tmp_path / "w2.duckdb") as con:
        load_file(con, src)
        fresh = _state(con)
    assert after == fresh
    assert after != before
    assert not set(r[2] for r in before["comments"]) & set(r[2] for r in after["comments"])
    assert moderated in {r[0] for r in after["comments"]} and moderated not in synthetic
    assert "@u_" in next(r[3] for r in after["comments"] if r[3].startswith("@"))

    # a later export with the new key: known comments are duplicates, not second copies
    with connect(w1) as con:
        s = load_file(con, _csv(tmp_path / "later.csv", [*ROWS, EXTRA]))
        assert (s.loaded, s.duplicates, s.rejected) == (1, 4, 1), s
        assert con.execute("SELECT count(DISTINCT author_hash) FROM comments").fetchone()[0] == 5
    # the old key is refused from now on
    monkeypatch.setenv("RELAIS_KEY_FILE", str(a))
    with connect(w1) as con:
        s = load_file(con, _csv(tmp_path / "other.csv", [EXTRA[:3] + ["c7"] + EXTRA[4:]]))
        assert s.status == "failed" and "another key" in s.message


def test_missing_exports_stop_the_rekey_unless_asked(tmp_path, keys):
    a, b = keys
    src = _csv(tmp_path / "comments.csv", ROWS)
    with connect(tmp_path / "w.duckdb") as con:
        load_file(con, src)
        before = _state(con)
        with pytest.raises(RekeyError, match="4 of 4 commenters"):
            rekey(con, a.read_text().encode(), b.read_text().encode(), [])
        assert _state(con) == before  # nothing changed
        with pytest.raises(PseudonymKeyError, match="old key"):
            rekey(con, b.read_text().encode(), _key(tmp_path / "c.key").read_text().encode(), [src])
        report = rekey(con, a.read_text().encode(), b.read_text().encode(), [], allow_unmatched=True)
        after = _state(con)
    assert (report.mapped, report.unmatched) == (0, 4)
    old_authors = {r[2] for r in before["comments"]}
    new_authors = {r[2] for r in after["comments"]}
    assert len(new_authors) == 4 and not old_authors & new_authors
    assert all(a.startswith("u_") and len(a) == 22 for a in new_authors)


def test_cli_rekey(tmp_path, keys, capsys):
    a, b = keys
    src = _csv(tmp_path / "comments.csv", ROWS)
    db = tmp_path / "w.duckdb"
    assert main(["load", str(src), "--db", str(db)]) == 0
    capsys.readouterr()
    # no sources named: the comment files recorded in the ledger are read again
    assert main(["rekey", "--db", str(db), "--new-key-file", str(b), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["mapped"], out["unmatched"], out["files_read"]) == (4, 0, ["comments.csv"])
    weak = tmp_path / "weak.key"
    weak.write_text("password")
    assert main(["rekey", "--db", str(db), "--new-key-file", str(weak)]) == 1
    assert "too weak" in capsys.readouterr().err
