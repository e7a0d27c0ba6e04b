"""`relais compare`: the statistical comparison of formats, profiles, tiers or platforms."""

from __future__ import annotations

import argparse
import json
import sys

import duckdb

from warehouse.filters import Filters

BY_CHOICES = ("format", "format_family", "profile_type", "tier", "platform")


def cmd_compare(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> int:
    from analysis.compare import comparison  # statsmodels: only for this command

    filters = Filters(campaigns=tuple(args.campaign or ()), platforms=tuple(args.platform or ()))
    result = comparison(con, args.by, filters, lang=args.lang)
    if args.json:
        out = result.to_dict()
        out["rows"] = result.to_json_rows()
        out["findings_text"] = result.findings_in(args.lang)
        print(json.dumps(out, indent=2, ensure_ascii=False, default=str))
        return 0
    if not result.ok:
        print(result.message(args.lang), file=sys.stderr)
        return 0
    print(
        f"{result.method} — reference: {result.reference}; {result.n_posts} posts, {result.n_influencers} influencers"
    )
    cols = ["level", "rate_ratio", "ci_low", "ci_high", "p_adjusted", "posts", "influencers"]
    print(result.levels[cols].to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    for line in result.findings_in(args.lang):
        print("- " + line)
    for line in result.caveats_in(args.lang):
        print("! " + line)
    return 0


def register_subcommands(subparsers) -> None:
    p = subparsers.add_parser("compare", help="compare formats, profile types, tiers or platforms (NB model)")
    p.add_argument("--by", required=True, choices=BY_CHOICES)
    p.add_argument("--campaign", action="append", help="campaign id (repeatable)")
    p.add_argument("--platform", action="append", help="platform (repeatable)")
    p.add_argument("--lang", choices=("en", "fr"), default="en")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_compare)
