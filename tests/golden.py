"""The sample warehouse's metrics and comparisons, recorded once, so that speed work cannot change them.

`tests/data/sample_results.json` holds what `relais metrics --json` (several
groupings, filters and rate bases), `relais compare --json` (every factor, both
languages) and the metric functions the pages call (headline, reaction mix,
timeline) returned on the bundled sample when it was recorded. The test
`tests/cli/test_results_unchanged.py` recomputes them and compares.

A change that is *meant* to change results (a new metric definition, a new
classifier) regenerates the file on purpose and says so in its commit:

    .venv/bin/python -m tests.golden --update

Reaction-derived figures depend on the classifier; they are compared only while
`reactions.classify.CLASSIFIER_VERSION` is the version recorded in the file.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import math
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "tests" / "data" / "sample_results.json"
SAMPLE = ROOT / "sample_data"
SAMPLE_INPUTS = [SAMPLE / "roster", SAMPLE / "exports"]
TODAY = dt.date(2026, 11, 23)

METRICS_ARGS: tuple[tuple[str, ...], ...] = (
    ("--by", ""),
    ("--by", "campaign"),
    ("--by", "influencer"),
    ("--by", "format,profile_type"),
    ("--by", "format_family"),
    ("--by", "platform,tier"),
    ("--by", "post", "--campaign", "DEN26"),
    ("--by", "format", "--rate-basis", "views"),
    ("--by", "profile_type", "--rate-basis", "impressions"),
    ("--by", "tier", "--rate-basis", "followers"),
    ("--by", "influencer", "--platform", "instagram"),
    ("--by", "format", "--from", "2026-03-01", "--to", "2026-09-30"),
)
COMPARE_BY = ("format", "format_family", "profile_type", "tier", "platform")
# columns that come from the reaction classifier (compared only for the same classifier version)
REACTION_KEYS = frozenset(
    {
        "comments_classified",
        "useful_reactions",
        "adverse_events",
        "useful_reaction_share",
        "cost_per_useful_reaction",
        "comments_loaded",
        "open_pv_items",
    }
)


def build_sample_db(path: Path) -> Path:
    """The warehouse `make run` builds, loaded the way tests/conftest.py's sample_db is."""
    import duckdb

    from etl.base import LoadOptions
    from warehouse.loader import load_paths
    from warehouse.schema import apply_migrations

    con = duckdb.connect(str(path))
    try:
        apply_migrations(con)
        summaries = load_paths(con, SAMPLE_INPUTS, LoadOptions(today=TODAY))
    finally:
        con.close()
    failed = [(s.file, s.message) for s in summaries if s.status == "failed"]
    if failed:
        raise RuntimeError(f"sample load failed: {failed}")
    return path


def _cli_json(args: list[str]) -> Any:
    from cli.main import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(args)
    if code != 0:
        raise RuntimeError(f"relais {' '.join(args)} exited {code}")
    return json.loads(out.getvalue())


def _frame(df) -> list[dict[str, Any]]:
    from cli.metrics import rows_for_json

    return [{k: v for k, v in r.items() if k != "metric_version"} for r in rows_for_json(df)]


def compute(db: Path) -> dict[str, Any]:
    """Every recorded result on the warehouse `db` (JSON-ready)."""
    from reactions.classify import CLASSIFIER_VERSION
    from warehouse.db import connect
    from warehouse.filters import Filters
    from warehouse.metrics import headline, reaction_mix, timeline

    out: dict[str, Any] = {
        "classifier_version": CLASSIFIER_VERSION,
        "metrics": {},
        "compare": {},
        "functions": {},
    }
    for args in METRICS_ARGS:
        key = " ".join(a if a else "''" for a in args)
        out["metrics"][key] = _cli_json(["metrics", "--db", str(db), "--json", *args])
    for by in COMPARE_BY:
        out["compare"][by] = _cli_json(["compare", "--db", str(db), "--json", "--by", by])
    out["compare"]["format_family fr"] = _cli_json(
        ["compare", "--db", str(db), "--json", "--by", "format_family", "--lang", "fr"]
    )
    out["compare"]["format_family campaign-filter"] = _cli_json(
        [
            "compare",
            "--db",
            str(db),
            "--json",
            "--by",
            "format_family",
            "--platform",
            "instagram",
            "--platform",
            "tiktok",
        ]
    )
    with connect(db, read_only=True) as con:
        campaigns = [r[0] for r in con.execute("SELECT campaign_id FROM campaigns ORDER BY 1").fetchall()]
        one = Filters(campaigns=tuple(campaigns[:1]))
        h = headline(con)
        out["functions"]["headline"] = {k: v for k, v in h.items()}
        out["functions"]["headline campaign"] = dict(headline(con, one))
        out["functions"]["reaction_mix format_family"] = _frame(reaction_mix(con, ["format_family"]))
        out["functions"]["reaction_mix campaign"] = _frame(reaction_mix(con, ["campaign"], one))
        out["functions"]["timeline week"] = _frame(timeline(con, None, "week"))
        out["functions"]["timeline month campaign"] = _frame(timeline(con, one, "month"))
    return json.loads(json.dumps(out, default=str))


def differences(expected: Any, got: Any, path: str = "", same_classifier: bool = True) -> list[str]:
    """Where `got` differs from `expected`: exact for text and integers; floats to 1e-12 relative
    (the last digit of a double: sums may be added in a different order)."""
    if isinstance(expected, dict) and isinstance(got, dict):
        diffs = []
        for k in sorted(set(expected) | set(got)):
            if not same_classifier and k in REACTION_KEYS:
                continue
            if k not in got or k not in expected:
                diffs.append(f"{path}/{k}: {'missing' if k not in got else 'unexpected'}")
                continue
            diffs += differences(expected[k], got[k], f"{path}/{k}", same_classifier)
        return diffs
    if isinstance(expected, list) and isinstance(got, list):
        if len(expected) != len(got):
            return [f"{path}: {len(got)} items, expected {len(expected)}"]
        diffs = []
        for i, (a, b) in enumerate(zip(expected, got)):
            diffs += differences(a, b, f"{path}[{i}]", same_classifier)
        return diffs
    if isinstance(expected, float) or isinstance(got, float):
        if isinstance(expected, bool) or isinstance(got, bool) or expected is None or got is None:
            return [] if expected == got else [f"{path}: {got!r}, expected {expected!r}"]
        a, b = float(expected), float(got)
        if a == b or (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0):
            return []
        return [f"{path}: {got!r}, expected {expected!r}"]
    return [] if expected == got else [f"{path}: {got!r}, expected {expected!r}"]


def _dump(results: dict[str, Any]) -> str:
    """One line per recorded row: small enough to commit, readable in a diff."""
    lines = ["{", f' "classifier_version": {json.dumps(results["classifier_version"])},']
    sections = [s for s in results if s != "classifier_version"]
    for i, section in enumerate(sections):
        lines.append(f" {json.dumps(section)}: {{")
        items = list(results[section].items())
        for j, (key, value) in enumerate(items):
            end = "," if j < len(items) - 1 else ""
            if isinstance(value, list):
                rows = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in value]
                lines.append(f"  {json.dumps(key)}: [")
                lines += [f"   {r}," for r in rows[:-1]] + ([f"   {rows[-1]}"] if rows else [])
                lines.append(f"  ]{end}")
            else:
                lines.append(
                    f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False, sort_keys=True)}{end}"
                )
        lines.append(" }" + ("," if i < len(sections) - 1 else ""))
    return "\n".join(lines + ["}"]) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--update", action="store_true", help=f"rewrite {RESULTS.relative_to(ROOT)}")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if "RELAIS_KEY_FILE" not in os.environ and "RELAIS_HMAC_KEY" not in os.environ:
            from tests.sample_warehouse import ensure_key

            os.environ["RELAIS_KEY_FILE"] = str(ensure_key(Path(tmp)))  # the tests' fixed key
        db = build_sample_db(Path(tmp) / "sample.duckdb")
        got = compute(db)
    if args.update:
        RESULTS.write_text(_dump(got), encoding="utf-8")
        print(f"wrote {RESULTS}")
        return 0
    expected = json.loads(RESULTS.read_text(encoding="utf-8"))
    diffs = differences(
        expected, got, same_classifier=expected["classifier_version"] == got["classifier_version"]
    )
    print("\n".join(diffs[:50]) or "identical")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
