"""Data page's load function (warehouse.uploads) on real files and a real DuckDB file.

Uploading through a browser is covered by tests/ui/test_browser.py and the page itself
by tests/ui/pages/test_data.py; here `load_uploads` gets the bytes an upload would give.
"""

from __future__ import annotations

from pathlib import Path

from etl.base import LoadOptions
from tests.exports import as_uploads as _uploads
from tests.exports import instagram_file, instagram_rows, write_fixture_exports
from warehouse import uploads as page
from warehouse.db import connect

# --------------------------------------------------------------------------- load function


def _counts(db: Path) -> tuple[int, int, int, int]:
    with connect(db, read_only=True) as con:
        return con.execute(
            "SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM campaigns),"
            " (SELECT count(*) FROM load_files), (SELECT count(*) FROM rejects)"
        ).fetchone()


def test_load_uploads_loads_real_files_with_progress(env_db, tmp_path):
    files = write_fixture_exports(tmp_path / "in")
    progress: list[tuple[int, int, str]] = []
    processed: set[str] = set()
    out = page.load_uploads(
        _uploads(files), LoadOptions(), on_progress=lambda *a: progress.append(a), processed=processed
    )
    assert not out.refused and not out.skipped
    by_file = {s.file: s for s in out.summaries}
    assert set(by_file) == {f.name for f in files}  # original names, not temp paths
    assert all(s.status == "loaded" for s in out.summaries), [s.message for s in out.summaries]
    assert by_file["roster.csv"].kind == "roster"
    assert by_file["Oct-01-2026_Oct-31-2026_1784146358.csv"].loaded == 48
    # the roster loads first, so the posts find their campaign on this very load
    assert progress[0][2] in ("campaigns.csv", "roster.csv") and progress[-1] == (4, 4, "")
    with connect(env_db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM posts WHERE campaign_id = 'OR26'").fetchone()[0] == 48
    assert len(processed) == 4

    # pressing Load again with the same files in the session: nothing reaches the loader
    before = _counts(env_db)
    again = page.load_uploads(_uploads(files), LoadOptions(), processed=processed)
    assert sorted(again.skipped) == sorted(f.name for f in files) and not again.summaries
    assert _counts(env_db) == before
    # a new session: the loader's own idempotence answers
    fresh = page.load_uploads(_uploads(files[:1]), LoadOptions(), processed=set())
    assert [s.status for s in fresh.summaries] == ["already_loaded"]
    assert _counts(env_db) == before


def test_rejected_rows_and_history_are_read_back(env_db, tmp_path):
    rows = instagram_rows(1, 19000000000000000, seed=3)
    rows[1][6] = "not a date"  # publish time
    rows[2][12] = "12abc"  # reach
    f = instagram_file(tmp_path / "bad.csv", rows)
    out = page.load_uploads(_uploads([f]))
    (s,) = out.summaries
    assert s.status == "loaded" and s.rejected == 2 and s.loaded == 6
    frame = page.summaries_frame(out.summaries)
    assert list(frame.columns) == [
        "file", "kind", "rows_read", "loaded", "rejected", "duplicates", "status", "notes"
    ]  # fmt: skip
    with connect(env_db, read_only=True) as con:
        rej = page.rejected_rows(con)
        hist = page.load_history(con)
        files = page.rejected_files(con)
    assert len(rej) == 2 and set(rej["row_number"]) == {3, 4}
    assert rej["reason"].str.len().min() > 0 and rej["raw_row"].notna().all()
    assert hist.loc[0, "file_name"] == "bad.csv" and hist.loc[0, "rows_rejected"] == 2
    assert files.loc[0, "rows"] == 2


def test_oversize_upload_never_reaches_the_loader(env_db, tmp_path, monkeypatch):
    monkeypatch.setenv(page.MAX_UPLOAD_ENV, "0.001")  # ~1 KB
    f = write_fixture_exports(tmp_path / "in")[2]  # the 48-post export, several KB
    before = _counts(env_db)
    out = page.load_uploads(_uploads([f]))
    assert [r.reason for r in out.refused] == ["too_large"] and not out.summaries
    assert _counts(env_db) == before  # not even a 'failed' ledger row
    monkeypatch.setenv(page.MAX_UPLOAD_ENV, "nonsense")
    assert page.max_upload_bytes() == 50 * 1024 * 1024


def test_unknown_kind_gives_a_message_and_changes_nothing(env_db, tmp_path):
    before = _counts(env_db)
    out = page.load_uploads([page.Upload("notes.txt", b"hello"), page.Upload("../../etc/passwd", b"x")])
    assert [r.reason for r in out.refused] == ["unknown_kind", "unknown_kind"]
    assert out.refused[1].name == "passwd"  # never a path
    assert _counts(env_db) == before
    # a CSV that is no known export: the loader records a failed load, data untouched
    out = page.load_uploads([page.Upload("random.csv", b"foo,bar\n1,2\n")])
    (s,) = out.summaries
    assert s.status == "failed" and "not a recognised export" in (s.message or "")
    posts, campaigns, ledger, rejects = _counts(env_db)
    assert (posts, campaigns, rejects) == before[:2] + before[3:] and ledger == before[2] + 1


def test_roster_template_has_the_roster_columns():
    files = {name: data for name, data, _ in page.roster_template_files()}
    csvs = [d.decode("utf-8") for n, d in files.items() if n.endswith(".csv")]
    assert any("campaign_id,platform,handle" in c for c in csvs)
    assert any(n.endswith(".xlsx") for n in files)
