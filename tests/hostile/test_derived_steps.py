"""Derived steps are part of the load: recorded per file, resumable, never lost silently.

Before: rows and ledger committed, then classification / PV cases / compliance ran in a
second transaction whose failure or interruption was only a note; the file stayed `loaded`,
a re-run said `already_loaded`, and Ctrl-C there exited 0.
"""

from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from tests.hostile.compare import differences, snapshot
from warehouse import steps
from warehouse.db import connect
from warehouse.loader import finish_pending, load_paths, load_paths_each
from warehouse.steps import DerivedStep, LoadInterrupted

ROOT = Path(__file__).resolve().parents[2]
COMMENTS = (
    "platform,post_permalink,post_id,comment_id,parent_id,author,published_at,text,likes\n"
    "instagram,https://www.instagram.com/reel/AAA/,1,c1,,alice,2026-02-16T15:47:55,"
    '"depuis que je prends ce traitement j\'ai des vertiges et des nausées",0\n'
    "instagram,https://www.instagram.com/reel/AAA/,1,c2,,bob,2026-02-16T16:00:00,merci pour la vidéo,0\n"
)


def _write(tmp: Path, name: str = "comments.csv", text: str = COMMENTS) -> Path:
    f = tmp / name
    f.write_text(text, encoding="utf-8")
    return f


def _boom(con):
    raise RuntimeError("classifier crashed")


def _ctrl_c(con):
    raise KeyboardInterrupt


def test_a_failing_step_is_recorded_and_finished_by_the_next_load(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    f = _write(tmp_path)
    original = steps.derived_steps()
    broken = [
        s if s.name != "reactions" else DerivedStep("reactions", _boom, s.description) for s in original
    ]
    monkeypatch.setattr(steps, "_STEPS", broken)
    with connect(db) as con:
        [s] = load_paths(con, [f])
        assert s.status == "loaded" and not s.ok
        assert "classifier crashed" in s.step_errors[0]
        assert con.execute("SELECT state FROM load_steps WHERE step = 'reactions'").fetchone()[0] == "failed"
        assert con.execute("SELECT count(*) FROM pv_cases").fetchone()[0] == 0
    monkeypatch.setattr(steps, "_STEPS", original)
    with connect(db) as con:
        again = load_paths(con, [f])  # same file: already loaded, but the step is finished first
        assert [s.status for s in again] == ["resumed", "already_loaded"]
        assert all(s.ok for s in again)
        assert con.execute("SELECT count(*) FROM load_steps WHERE state <> 'done'").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM pv_cases").fetchone()[0] == 1


def test_ctrl_c_in_a_step_rolls_it_back_raises_and_resumes(tmp_path, monkeypatch):
    db, ref = tmp_path / "w.duckdb", tmp_path / "ref.duckdb"
    f = _write(tmp_path)
    with connect(ref) as con:
        load_paths(con, [f])
    original = steps.derived_steps()
    monkeypatch.setattr(
        steps,
        "_STEPS",
        [s if s.name != "reactions" else DerivedStep("reactions", _ctrl_c, "") for s in original],
    )
    with connect(db) as con, pytest.raises(LoadInterrupted):
        load_paths(con, [f])
    with connect(db) as con:
        states = dict(con.execute("SELECT step, state FROM load_steps").fetchall())
    assert (
        states["campaigns"] == "done"
        and states["reactions"] == "pending"
        and states["compliance"] == "pending"
    )
    monkeypatch.setattr(steps, "_STEPS", original)
    with connect(db) as con:
        assert finish_pending(con).ok
    assert not differences(snapshot(db), snapshot(ref))


def test_the_cli_exits_non_zero_when_a_step_failed_and_status_says_so(tmp_path):
    db = tmp_path / "w.duckdb"
    f = _write(tmp_path)
    script = (
        "import sys; from warehouse import steps; from cli.main import main\n"
        "def boom(con): raise RuntimeError('classifier crashed')\n"
        "steps.register_step(steps.DerivedStep('reactions', boom, 'x'), replace='reactions')\n"
        f"sys.exit(main(['load', {str(f)!r}, '--db', {str(db)!r}]))\n"
    )
    r = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "classifier crashed" in r.stderr
    st = subprocess.run(
        [sys.executable, "-m", "cli.main", "status", "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert "derived steps not finished (reactions)" in st.stderr
    fin = subprocess.run(
        [sys.executable, "-m", "cli.main", "load", "--db", str(db)], cwd=ROOT, capture_output=True, text=True
    )
    assert fin.returncode == 0, fin.stderr
    assert "finished derived steps" in fin.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM pv_cases").fetchone()[0] == 1


def test_the_write_lock_is_held_per_file(tmp_path):
    """Between two files another process can open the warehouse (before: locked for the whole command)."""
    db = tmp_path / "w.duckdb"
    files = [_write(tmp_path, "c1.csv"), _write(tmp_path, "c2.csv", COMMENTS.replace("c1,", "c3,"))]
    opened: list[bool] = []

    def reader_can_open(i: int, total: int, name: str) -> None:
        if 0 < i <= total:
            r = subprocess.run(
                [sys.executable, "-c", f"import duckdb; duckdb.connect({str(db)!r}, read_only=True).close()"],
                capture_output=True,
            )
            opened.append(r.returncode == 0)

    @contextmanager
    def opener():
        with connect(db) as con:
            yield con

    out = load_paths_each(opener, files, on_progress=reader_can_open)
    assert [s.status for s in out] == ["loaded", "loaded"]
    assert opened == [True, True]
