"""Load benchmark: Relais' loader vs DuckDB's own read_csv on the same files, same run.

Generates a large Instagram + TikTok export set (default 1,000,000 posts spread
over files, in the platforms' layouts), then times
  * baseline: DuckDB `read_csv` (auto-detected types) of every file into a table
    of a fresh DuckDB file;
  * relais:   `load_paths` into a fresh warehouse (detection, staging, checks,
    quarantine, dedupe, snapshots, ledger, one transaction per file).
Reports the ratio relais / baseline (target: within 2x) and records it in
bench/RESULTS.md between the `load` markers. Ratios, not seconds, are the result:
both sides run on the same machine in the same minute.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.base import LoadOptions  # noqa: E402
from warehouse.loader import load_paths  # noqa: E402
from warehouse.schema import apply_migrations  # noqa: E402

IG_SQL = """
COPY (
  SELECT 18000000000000000 + i AS "Post ID", 17841400000000000 + (i % 400) AS "Account ID",
         'acct' || (i % 400) AS "Account username", 'Account ' || (i % 400) AS "Account name",
         'Octobre Rose: le dépistage, parlons-en ' || i || ' #OctobreRose #pub' AS "Description",
         CASE WHEN i % 3 = 0 THEN 30 + i % 60 END AS "Duration (sec)",
         strftime(TIMESTAMP '2026-01-01' + to_minutes(CAST(i % 400000 AS BIGINT)), '%m/%d/%Y %H:%M') AS "Publish time",
         'https://www.instagram.com/p/B' || i || '/' AS "Permalink",
         CASE i % 3 WHEN 0 THEN 'IG reel' WHEN 1 THEN 'IG image' ELSE 'IG carousel' END AS "Post type",
         NULL AS "Data comment", 'Lifetime' AS "Date",
         1000 + i % 5000 AS "Views", 800 + i % 4000 AS "Reach", 40 + i % 300 AS "Likes", i % 20 AS "Shares",
         i % 5 AS "Follows", i % 50 AS "Comments", i % 30 AS "Saves"
  FROM range(?, ?) t(i)
) TO '{path}' (HEADER, DELIMITER ',')
"""

TIKTOK_SQL = """
COPY (
  SELECT 'November 20' AS "Time", 'Diabète: 3 signes #prevention ' || i AS "Video title",
         'https://www.tiktok.com/@creator' || (i % 300) || '/video/' || (7500000000000000000 + i) AS "Video link",
         strftime(DATE '2026-01-01' + CAST(i % 300 AS INTEGER), '%B %-d') AS "Post time",
         40 + i % 900 AS "Total likes", i % 70 AS "Total comments", i % 40 AS "Total shares",
         1000 + i % 90000 AS "Total views"
  FROM range(?, ?) t(i)
) TO '{path}' (HEADER, DELIMITER ',', FORCE_QUOTE *)
"""


def generate(out: Path, posts: int, ig_files: int, tt_files: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    files: list[Path] = []
    ig_posts = int(posts * 0.6)
    tt_posts = posts - ig_posts
    for k in range(ig_files):
        lo, hi = k * ig_posts // ig_files, (k + 1) * ig_posts // ig_files
        p = out / f"Jan-01-2026_Nov-20-2026_{1000000000000000 + k}.csv"
        con.execute(IG_SQL.replace("{path}", str(p)), [lo, hi])
        files.append(p)
    for k in range(tt_files):
        lo, hi = k * tt_posts // tt_files, (k + 1) * tt_posts // tt_files
        d = out / f"tiktok_{k}"
        d.mkdir(exist_ok=True)
        p = d / "Content.csv"
        con.execute(TIKTOK_SQL.replace("{path}", str(p)), [lo, hi])
        files.append(p)
    con.close()
    return files


def baseline(files: list[Path], db: Path) -> float:
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    t0 = time.perf_counter()
    for k, f in enumerate(files):
        con.execute(f"CREATE TABLE t{k} AS SELECT * FROM read_csv(?)", [str(f)])
    con.close()
    return time.perf_counter() - t0


def relais(files: list[Path], db: Path, derived: bool = True) -> tuple[float, int]:
    """Time `load_paths`; with derived=False the post-load checks (campaign assignment,
    comment classification, compliance of every new caption) are left out, to show
    what the load itself costs and what the health-specific checks add."""
    import warehouse.loader as loader

    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    apply_migrations(con)
    saved = loader._after_load
    if not derived:
        loader._after_load = lambda con, summary: None
    try:
        t0 = time.perf_counter()
        summaries = load_paths(con, files, LoadOptions(today=dt.date(2026, 11, 23)))
        elapsed = time.perf_counter() - t0
    finally:
        loader._after_load = saved
    bad = [s for s in summaries if s.status != "loaded"]
    if bad:
        raise SystemExit(f"load failed: {bad[0].file}: {bad[0].message}")
    n = con.execute("SELECT count(*) FROM posts").fetchone()[0]
    con.close()
    return elapsed, n


def record(section: str, text: str) -> None:
    results = ROOT / "bench" / "RESULTS.md"
    body = results.read_text() if results.exists() else "# Benchmark results\n"
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    block = f"{start}\n{text.strip()}\n{end}"
    if start in body:
        body = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _m: block, body, flags=re.S)
    else:
        body = body.rstrip() + "\n\n" + block + "\n"
    results.write_text(body)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--ig-files", type=int, default=6)
    ap.add_argument("--tiktok-files", type=int, default=4)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--repeat", type=int, default=2, help="best of N for both sides")
    ap.add_argument("--no-record", action="store_true")
    args = ap.parse_args()

    shutil.rmtree(args.out, ignore_errors=True)
    files = generate(args.out, args.posts, args.ig_files, args.tiktok_files)
    size_mb = sum(f.stat().st_size for f in files) / 1e6
    base = min(baseline(files, args.out / "baseline.duckdb") for _ in range(args.repeat))
    runs = [relais(files, args.out / "relais.duckdb") for _ in range(args.repeat)]
    ours = min(r[0] for r in runs)
    n = runs[0][1]
    ratio = ours / base
    core = min(relais(files, args.out / "core.duckdb", derived=False)[0] for _ in range(args.repeat))
    core_ratio = core / base
    text = f"""## Loading (issue 2)

`python bench/bench_load.py --posts {args.posts}` — {len(files)} files ({args.ig_files} Instagram content
exports, {args.tiktok_files} TikTok Studio Content.csv), {size_mb:.0f} MB, {n:,} posts loaded.
Best of {args.repeat}; both sides write a DuckDB file on this machine in the same run.

| | seconds | ratio |
|---|---|---|
| DuckDB `read_csv` of the same files (baseline) | {base:.2f} | 1.00 |
| `relais load`, the load itself (detect, stage, check, quarantine, dedupe, snapshot, ledger) | {core:.2f} | **{core_ratio:.2f}×** |
| `relais load` with the derived checks (campaigns, compliance of every caption, comment reactions) | {ours:.2f} | **{ratio:.2f}×** |

Target: within 2× of the baseline — the load itself: {"met" if core_ratio <= 2 else "NOT met"}; with the
derived checks: {"met" if ratio <= 2 else "NOT met"}. The compliance check of captions runs in Python per
new post (disclosure cues with negation windows); it is the main cost above the load itself.
"""
    print(text)
    if not args.no_record:
        record("load", text)
    shutil.rmtree(args.out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
