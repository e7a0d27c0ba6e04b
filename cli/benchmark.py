"""`relais benchmark`: each campaign's figures against your own earlier campaigns (analysis.benchmark).

Why a CLI: the same placement the Campaigns page shows, for a script or a slide written by hand.
"""

from __future__ import annotations

import argparse
import json
import sys

from cli.term import clean
from warehouse.db import connect

EXIT_OK, EXIT_FAILED = 0, 1


def cmd_benchmark(args: argparse.Namespace) -> int:
    from analysis.benchmark import METRICS, MIN_HISTORY, own_benchmark
    from warehouse.filters import Filters

    metrics = tuple(args.metric or METRICS)
    try:
        filters = Filters(campaigns=args.campaign or (), platforms=args.platform or (), scope="campaigns")
        with connect(args.db, read_only=True, wait=args.wait) as con:
            df = own_benchmark(con, filters, metrics, rate_basis=args.rate_basis)
    except ValueError as exc:
        print(f"error: {clean(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        rows = json.loads(df.to_json(orient="records", force_ascii=False))
        out = {
            "min_history": MIN_HISTORY,
            "metrics": list(metrics),
            "rate_basis": args.rate_basis,
            "rows": rows,
        }
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return EXIT_OK
    if df.empty:
        print("No campaign figures yet: load exports and a roster first.")
        return EXIT_OK
    for r in df.to_dict("records"):
        where = f"{r['campaign_id']} {r['platform']}/{r['tier']}/{r['profile_type']}"
        print(f"{clean(where)}  {r['metric']}: {r['position']} (n={r['history_campaigns']})")
    return EXIT_OK


def register_subcommands(subparsers) -> None:
    p = subparsers.add_parser(
        "benchmark",
        help="each campaign against your earlier campaigns (same platform, tier, profile type)",
    )
    p.add_argument("--db", help="warehouse file (default: $RELAIS_DB or data/relais.duckdb)")
    p.add_argument("--wait", type=float, default=120.0, help=argparse.SUPPRESS)
    p.add_argument("--campaign", action="append", help="campaign id to place (repeat; default: all)")
    p.add_argument("--platform", action="append", help="platform (repeat for several)")
    p.add_argument(
        "--metric", action="append", help="engagement_rate, cpe, useful_reaction_share (default: all three)"
    )
    p.add_argument("--rate-basis", default="reach", choices=("reach", "impressions", "views", "followers"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_benchmark)
