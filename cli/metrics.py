"""`relais metrics`: the aggregate table of warehouse.metrics on the command line.

Output shapes
- default: an aligned, human-readable table of the main columns;
- `--csv`: every column of `aggregate`, one row per group;
- `--json`: a JSON array of row objects (consumers iterate directly), each with
  its keys, every column of `aggregate` (NULL -> null, rates as fractions) and
  `metric_version`, the registry version of the headline rate shown in
  `engagement_rate` (whose basis is in `rate_basis` / `rate_metric`). The full
  name -> version map is `warehouse.catalogue.metric_versions()`.

Number formats come from each metric's registry entry (`warehouse.registry`);
metrics marked `featured` there are appended to the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from typing import Any

import duckdb
import pandas as pd

from warehouse import registry
from warehouse.catalogue import metric_format, metric_versions
from warehouse.exporting import to_csv_text
from warehouse.filters import Filters
from warehouse.metrics import KEY_COLUMNS, KEY_LABELS, RATE_BASES, aggregate, validate_keys

EXIT_USAGE = 2
_TABLE_COLUMNS = (
    "posts", "influencers", "reach", "impressions", "engagements", "engagement_rate",
    "engagement_rate_ci_low", "engagement_rate_ci_high", "ci_note", "posts_with_rate", "cpe", "currency",
)  # fmt: skip


def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s}") from exc


def register_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Add `metrics` to the `relais` command line (the CLI owner adds --db and opens the warehouse)."""
    p = subparsers.add_parser(
        "metrics",
        help="campaign metrics per group (engagement rate with 95%% interval, costs)",
        description="Aggregate post metrics by one or more keys. Valid keys: " + ", ".join(KEY_COLUMNS),
    )
    p.add_argument("--by", default="campaign", help="KEY[,KEY…] among: " + ", ".join(KEY_COLUMNS))
    p.add_argument(
        "--campaign", action="append", default=[], metavar="ID", help="only this campaign (repeatable)"
    )
    p.add_argument(
        "--platform", action="append", default=[], metavar="P", help="only this platform (repeatable)"
    )
    p.add_argument("--from", dest="date_from", type=_date, help="published on or after (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", type=_date, help="published on or before (YYYY-MM-DD)")
    p.add_argument(
        "--rate-basis", choices=list(RATE_BASES), default="reach", help="denominator of engagement_rate"
    )
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="a JSON array of rows")
    out.add_argument("--csv", action="store_true", help="CSV with every column")
    p.set_defaults(func=cmd_metrics)


def _jsonable(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    if isinstance(v, dt.datetime | dt.date | pd.Timestamp):
        return v.isoformat()
    return v


def rows_for_json(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Records with JSON-safe values and the headline rate's metric_version."""
    versions = metric_versions()
    rows = []
    for rec in df.to_dict(orient="records"):
        row = {k: _jsonable(v) for k, v in rec.items()}
        row["metric_version"] = versions.get(str(row.get("rate_metric")), None)
        rows.append(row)
    return rows


def _fmt(name: str, v: Any) -> str:
    v = _jsonable(v)
    if v is None:
        return "n/a"
    spec = metric_format(name)
    if spec and isinstance(v, int | float) and not isinstance(v, bool):
        try:
            return format(v, spec)
        except (ValueError, TypeError):
            return str(v)
    return str(v)


def _print_table(df: pd.DataFrame, keys: list[str], stream) -> None:
    lead: list[str] = []
    for k in keys:
        col = KEY_COLUMNS[k]
        lead.append(col)
        lead += [c for c in KEY_LABELS.get(k, ()) if c in ("campaign_name", "handle") and c not in lead]
    shown = [*_TABLE_COLUMNS, *(c for c in registry.featured() if c not in _TABLE_COLUMNS)]
    cols = lead + [c for c in shown if c in df.columns]
    rows = [cols] + [[_fmt(c, r[c]) for c in cols] for r in df.to_dict(orient="records")]
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(cols))]
    for n, r in enumerate(rows):
        cells = [
            str(v).ljust(w) if i < len(lead) else str(v).rjust(w)
            for i, (v, w) in enumerate(zip(r, widths, strict=True))
        ]
        print("  ".join(cells).rstrip(), file=stream)
        if n == 0:
            print("  ".join("-" * w for w in widths), file=stream)


def cmd_metrics(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> int:
    """Handler: `con` is an open (read-only) warehouse connection supplied by the CLI owner."""
    try:
        keys = validate_keys(args.by)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    filters = Filters(
        campaigns=tuple(args.campaign or ()),
        platforms=tuple(args.platform or ()),
        date_from=getattr(args, "date_from", None),
        date_to=getattr(args, "date_to", None),
    )
    df = aggregate(con, keys, filters, rate_basis=args.rate_basis)
    if args.json:
        print(json.dumps(rows_for_json(df), indent=2, ensure_ascii=False))
    elif args.csv:
        sys.stdout.write(to_csv_text(df))  # the one formula-safe writer (warehouse.exporting)
    elif df.empty:
        print("No post matches.", file=sys.stdout)
    else:
        _print_table(df, keys, sys.stdout)
        basis = args.rate_basis
        print(
            f"\nengagement_rate = Σ engagements / Σ {basis} (95% interval and ci_note: `relais catalogue`)."
        )
        metric = registry.get(RATE_BASES[basis][1])
        if metric is not None and metric.fallback:
            print(f"note: {metric.text('en')} is a fallback: {metric.describe('en')}")
    return 0
