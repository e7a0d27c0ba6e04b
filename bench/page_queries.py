"""Which queries a dashboard page runs when it opens, how long each takes and how many rows it returns.

    python bench/page_queries.py --db DIR/relais.duckdb [--page compliance ...] [--timeout 900]

Why: bench/scale.py gives a page's server time from a real browser; to fix a slow page one needs
its queries. Each page is opened cold (a new process, empty cache) with Streamlit's AppTest and
the dashboard's own timing log (ui/timing.py, $RELAIS_TIMING_LOG), which records every query's
seconds and rows. A query returning more rows than the page draws is the first suspect.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("overview", "campaigns", "formats", "profiles", "reactions", "hashtags", "owned", "posts",
         "compliance", "data")  # fmt: skip

_CHILD = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({app!r}, default_timeout={timeout})
at.query_params["lang"] = "en"
at.switch_page("ui/pages/{page}.py").run()
print("exceptions:", [e.message[:200] for e in at.exception])
"""


def open_page(db: Path, page: str, timeout: float) -> dict:
    """Open one page cold in a child process; its run time and the queries it logged."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "timing.jsonl"
        env = {**os.environ, "RELAIS_DB": str(db), "RELAIS_TIMING_LOG": str(log)}
        code = _CHILD.format(app=str(ROOT / "dashboard.py"), timeout=timeout, page=page)
        started = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        recs = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    runs = [x for x in recs if "page" in x and x.get("page") == page]
    return {
        "page": page,
        "wall_s": round(wall, 1),
        "server_s": runs[-1]["seconds"] if runs else None,
        "queries": sorted((x for x in recs if "query" in x), key=lambda x: -x["seconds"]),
        "output": (r.stdout + r.stderr).strip()[-400:],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--page", action="append", choices=PAGES, help="default: every page")
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--top", type=int, default=6, help="queries shown per page")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args(argv)
    results = []
    for page in args.page or PAGES:
        res = open_page(Path(args.db).resolve(), page, args.timeout)
        results.append(res)
        print(
            f"{page}: server {res['server_s']} s (process {res['wall_s']} s); {res['output'].splitlines()[-1:]}"
        )
        for q in res["queries"][: args.top]:
            print(
                f"    {q['seconds']:8.2f} s  {q['rows'] if q['rows'] is not None else '-':>8} rows  {q['query']}"
            )
        sys.stdout.flush()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
