"""Kill -9 and Ctrl-C at random moments of a load: one re-run always gives the clean load's warehouse.

The load is the sample roster, two comment exports (their reactions open pharmacovigilance
cases) and post exports: every derived step has work. Each trial starts `relais load` in a
fresh process, interrupts it after a random delay within the clean load's duration, checks
the exit status (non-zero unless the load had finished), runs the same command once more and
compares the whole warehouse with the clean load (tests/hostile/compare.py).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.compare import differences, snapshot

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
# (sample file, where it goes in the load folder): comments last, so that the derived steps of
# the last files (classification, PV cases) take a good share of the load's time
FILES = [
    ("roster/campaigns.csv", "a/campaigns.csv"),
    ("roster/roster.csv", "a/roster.csv"),
    ("exports/instagram/Jan-01-2026_Dec-31-2026_6491224906292453.csv", "b/ig1.csv"),
    ("exports/instagram/Jan-01-2026_Oct-15-2026_3846650755714646.csv", "b/ig2.csv"),
    ("exports/facebook/sante.au.quotidien/Jan-01-2026_Nov-14-2026_3999292723375457.csv", "b/fb1.csv"),
    ("exports/comments/comments_facebook.csv", "c/comments_facebook.csv"),
    ("exports/comments/comments_instagram.csv", "c/comments_instagram.csv"),
]
TRIALS = int(os.environ.get("RELAIS_KILL_TRIALS", "4"))  # more: RELAIS_KILL_TRIALS=40


def _inputs(tmp: Path) -> Path:
    folder = tmp / "inputs"
    for rel, target in FILES:
        src = SAMPLE / rel
        if not src.exists():
            pytest.skip(f"{src} missing: run `make sample`")
        dst = folder / target
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dst)
    return folder


def _cmd(folder: Path, db: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "cli.main",
        "load",
        str(folder),
        "--db",
        str(db),
        "--export-date",
        "2026-11-23",
    ]


def _env(tmp: Path) -> dict[str, str]:
    return {**os.environ, "RELAIS_KEY_FILE": str(tmp / "hmac.key"), "PYTHONUNBUFFERED": "1"}


@pytest.mark.slow
def test_kill_and_ctrl_c_at_random_moments_then_one_rerun_equals_a_clean_load(tmp_path):
    folder = _inputs(tmp_path)
    env = _env(tmp_path)
    clean = tmp_path / "clean.duckdb"
    t0 = time.monotonic()
    r = subprocess.run(_cmd(folder, clean), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    duration = time.monotonic() - t0
    assert r.returncode == 0, r.stderr
    reference = snapshot(clean)
    assert reference["pv_cases"], "the inputs must open pharmacovigilance cases"
    assert reference["comment_reactions"] and reference["post_compliance"]

    seed = int(os.environ.get("RELAIS_KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    for trial in range(TRIALS):
        sig = (signal.SIGKILL, signal.SIGINT)[trial % 2]
        delay = rng.uniform(0.2, duration)
        db = tmp_path / f"t{trial}.duckdb"
        p = subprocess.Popen(
            _cmd(folder, db), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        time.sleep(delay)
        p.send_signal(sig)
        out, err = p.communicate(timeout=600)
        where = f"seed {seed}, trial {trial}, {sig.name} after {delay:.2f}s of {duration:.2f}s"
        if p.returncode == 0:  # the load had finished before the signal: it must be complete
            assert not differences(snapshot(db), reference), where
        else:
            assert p.returncode != 0, where
        if not db.exists():
            continue  # killed before the warehouse file was created: nothing to resume
        again = subprocess.run(
            _cmd(folder, db), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )
        assert again.returncode == 0, f"{where}: re-run failed: {again.stderr[-2000:]}"
        diff = differences(snapshot(db), reference)
        assert not diff, f"{where}: {diff}"
