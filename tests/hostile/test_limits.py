"""Bounded resources: archives, workbooks and uploads cannot take the machine's memory.

Before: a 1 MB ZIP expanding to 1 GB took the CLI to 3.5 GB; an XLSX bomb went straight to
openpyxl; a corrupt or encrypted ZIP member crashed the load with a traceback and stopped a
folder load; uploads were read whole into memory before any size check.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.hostile import make_corpus as corpus

ROOT = Path(__file__).resolve().parents[2]
MEMORY_MB = 512  # a smaller budget than the default, so that the bound is tested, not the machine
# What a bomb may add to the peak of the same command loading a small, good file in the same run: the
# process's own size (Python, DuckDB, pandas, threads) differs between machines, the growth does not. A
# bomb read whole would add its 1 GB.
GROWTH_MB = 256


@pytest.fixture(scope="module")
def baseline_mb(tmp_path_factory) -> int:
    """Peak RSS of `relais load` on a 3-row export: the reference the bombs are measured against."""
    d = tmp_path_factory.mktemp("baseline")
    good = d / "content.csv"
    good.write_text(corpus.ig_csv(3))
    rc, out, err, peak = load_measured([good], d / "w.duckdb")
    assert rc == 0 and out[0]["status"] == "loaded", err
    return peak


def load_measured(paths: list[Path], db: Path, env: dict | None = None) -> tuple[int, list[dict], str, int]:
    """`relais load --json` in a fresh process: (exit code, summaries, stderr, peak RSS in MB)."""
    code = textwrap.dedent(f"""
        import resource, sys
        from cli.main import main
        rc = main(["load", *{[str(p) for p in paths]!r}, "--db", {str(db)!r}, "--json"])
        sys.stderr.write("\\nPEAK_RSS_KB=%d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        sys.exit(rc)
    """)
    e = {**os.environ, "RELAIS_LOAD_MEMORY_MB": str(MEMORY_MB), **(env or {})}
    r = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=e, timeout=300
    )
    peak = int(r.stderr.rsplit("PEAK_RSS_KB=", 1)[1].split()[0]) // 1024
    return r.returncode, json.loads(r.stdout or "[]"), r.stderr, peak


@pytest.mark.slow
def test_zip_bomb_is_refused_within_the_memory_budget_and_the_good_member_loads(tmp_path, baseline_mb):
    bomb = corpus.zip_bomb(tmp_path / "export.zip", expanded_mb=1024)
    assert bomb.stat().st_size < 3 * 1024 * 1024
    rc, out, err, peak = load_measured([bomb], tmp_path / "w.duckdb")
    by_name = {s["file"]: s for s in out}
    assert rc == 1 and "Traceback" not in err
    assert by_name["export.zip/good/content.csv"]["status"] == "loaded"
    assert by_name["export.zip/good/content.csv"]["loaded"] == 3
    bomb_summary = by_name["export.zip/bomb/Table data.csv"]
    assert bomb_summary["status"] == "failed" and "decompression bomb" in bomb_summary["message"]
    assert peak - baseline_mb < GROWTH_MB, f"peak RSS {peak} MB against {baseline_mb} MB for a small file"


@pytest.mark.slow
def test_xlsx_bomb_never_reaches_openpyxl(tmp_path, baseline_mb):
    bomb = corpus.xlsx_bomb(tmp_path / "roster.xlsx")
    rc, out, err, peak = load_measured([bomb], tmp_path / "w.duckdb")
    assert rc == 1 and "Traceback" not in err
    assert out[0]["status"] == "failed" and "compression ratio" in out[0]["message"]
    assert peak - baseline_mb < GROWTH_MB, f"peak RSS {peak} MB against {baseline_mb} MB for a small file"


def test_encrypted_and_corrupt_members_are_failed_and_the_rest_loads(tmp_path):
    z = corpus.zip_encrypted_and_corrupt(tmp_path / "exports.zip")
    good = tmp_path / "later.csv"
    good.write_text(corpus.ig_csv(2).replace("P1/", "Q1/").replace("18000000000000001", "18000000000000091"))
    rc, out, err, _ = load_measured([z, good], tmp_path / "w.duckdb")
    status = {s["file"]: (s["status"], s.get("message") or "") for s in out}
    assert rc == 1 and "Traceback" not in err
    assert status["exports.zip/a_good.csv"][0] == "loaded"
    assert (
        status["exports.zip/b_secret.csv"][0] == "failed"
        and "encrypted" in status["exports.zip/b_secret.csv"][1]
    )
    assert (
        status["exports.zip/c_broken.csv"][0] == "failed"
        and "corrupt" in status["exports.zip/c_broken.csv"][1]
    )
    assert status["later.csv"][0] == "loaded"  # the folder load went on


def test_an_archive_with_too_many_members_is_refused(tmp_path):
    z = corpus.zip_many_members(tmp_path / "many.zip", 1001)
    rc, out, err, _ = load_measured([z], tmp_path / "w.duckdb")
    assert rc == 1 and out[0]["status"] == "failed" and "1001 files (limit 1000" in out[0]["message"]


def test_uploads_are_streamed_never_read_whole(tmp_path):
    """Three 40 MB uploads, one announcing 1 MB but sending 60 MB, one announced at 60 MB: peak
    memory stays far below their total, the oversized ones are refused, nothing else is lost."""
    code = textwrap.dedent(f"""
        import json, os, resource
        from warehouse import uploads
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        folder = {str(tmp_path)!r}
        files = []
        for i, mb in enumerate((40, 40, 40, 60, 60)):
            p = os.path.join(folder, f"u{{i}}.csv")
            with open(p, "wb") as f:
                for _ in range(mb):
                    f.write((b"x" * 1023 + b"\\n") * 1024)
            files.append((p, mb))
        ups = []
        for i, (p, mb) in enumerate(files):
            f = open(p, "rb")
            announced = 1 << 20 if i == 3 else os.path.getsize(p)
            ups.append(uploads.Upload(os.path.basename(p), stream=f, size=announced))
        seen = []
        out = uploads.load_uploads(ups, limit=45 << 20, run=lambda fn, paths, *a: seen.append(
            os.path.getsize(paths[0])) or [])
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({{"growth_mb": (peak - base) // 1024, "seen": seen,
                          "refused": [(r.name, r.reason) for r in out.refused]}}))
    """)
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    assert res["seen"] == [40 << 20] * 3
    assert sorted(res["refused"]) == [["u3.csv", "too_large"], ["u4.csv", "too_large"]]
    assert res["growth_mb"] < 64, res
