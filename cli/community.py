"""`relais owned` and `relais audience`: the client's own pages and the audience of every account.

Why a CLI: the owned pages' figures (followers gained, posting regularity, format mix, engagement
rate over time, health-professional share) and the audience files behind them can be read from a
script, with --json, like every other capability.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import duckdb

from cli.term import clean

EXIT_OK, EXIT_FAILED = 0, 1
OWNED_EMPTY = (
    "No owned page: give the client's own accounts profile_type 'brand_page' in the roster "
    "(`relais load roster.csv`), then load their exports and follower series."
)
AUDIENCE_EMPTY = (
    "No audience data: load account exports (TikTok Followers*/Viewers files, Meta Follows/Visits/Audience, "
    "LinkedIn followers / visitors exports or the creator workbook) with `relais load`."
)


def _records(df: Any) -> list[dict[str, Any]]:
    return json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False))


def cmd_owned(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> int:
    from warehouse import owned

    pages = owned.owned_pages(con)
    if args.page:
        pages = pages[pages.influencer_id == args.page]
        if pages.empty:
            print(f"error: {clean(args.page)} is not an owned page (see `relais owned`)", file=sys.stderr)
            return EXIT_FAILED
    ids = pages.influencer_id.tolist()
    summary = owned.summary(con)
    summary = summary[summary.influencer_id.isin(ids)]
    if args.json:
        out = {
            "pages": _records(pages),
            "summary": _records(summary),
            "monthly_growth": _records(owned.monthly_growth(con, ids)),
            "posting_regularity": _records(owned.posting_regularity(con, ids)),
            "format_mix": _records(owned.format_mix(con, ids)),
            "engagement_over_time": _records(owned.engagement_over_time(con, ids)),
            "best_posts": _records(owned.best_posts(con, ids)),
            "audience_split": _records(owned.audience_split(con, ids)),
            "message": None if ids else OWNED_EMPTY,
        }
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not ids:
        print(OWNED_EMPTY)
        return EXIT_OK
    for r in summary.to_dict("records"):

        def fmt(v: Any, spec: str) -> str:
            return "n/a" if v is None or v != v else format(v, spec)

        print(
            f"{clean(r['influencer_id'])} [{r['owned_group']}]  accounts {r['influencers']}  posts {r['posts']}  "
            f"posts/week {fmt(r['posts_per_week'], '.1f')}  longest gap {fmt(r['longest_gap_days'], '.0f')} d  "
            f"followers gained {fmt(r['followers_gained'], ',.0f')}  ER {fmt(r['engagement_rate'], '.2%')}  "
            f"HCP share {fmt(r['hcp_audience_share'], '.0%')}"
        )
    return EXIT_OK


def cmd_audience(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> int:
    from warehouse import audience

    accounts = audience.accounts(con)
    unattached = audience.unattached(con)
    out: dict[str, Any] = {"accounts": _records(accounts), "unattached": _records(unattached)}
    if args.account:
        platform, _, handle = args.account.partition(":")
        if not handle:
            print("error: --account is platform:handle (e.g. tiktok:my_page)", file=sys.stderr)
            return EXIT_FAILED
        handle = handle.lstrip("@").lower()
        out["series"] = _records(audience.series(con, platform, handle))
        out["distributions"] = _records(audience.distributions(con, platform, handle))
        out["by_hour"] = _records(audience.by_hour(con, platform, handle))
    if args.campaign:
        out["campaign"] = _records(audience.campaign_audience(con, args.campaign))
    out["message"] = None if len(accounts) else AUDIENCE_EMPTY
    if args.json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return EXIT_OK
    if accounts.empty:
        print(AUDIENCE_EMPTY)
        return EXIT_OK
    for r in accounts.to_dict("records"):
        print(
            f"{clean(r['platform'])}:{clean(r['account'])}  {r['values_loaded']} values  "
            f"{r['first_date']:%Y-%m-%d}..{r['last_date']:%Y-%m-%d}  series: {clean(', '.join(r['series']))}  "
            f"distributions: {clean(', '.join(r['distributions']))}"
        )
    for r in unattached.to_dict("records"):
        print(
            f"warning: {clean(r['file_name'])} names no account ({r['values_loaded']} values kept): {r['fix']}"
        )
    return EXIT_OK


def register_subcommands(subparsers: Any) -> None:
    """Called by cli.main: adds `owned` and `audience`."""
    p = subparsers.add_parser(
        "owned",
        help="owned pages: followers, regularity, format mix, engagement, audience, vs campaign influencers",
    )
    p.add_argument("--page", help="one owned page (platform:handle)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_owned)

    p = subparsers.add_parser("audience", help="audience files loaded, per account and per campaign")
    p.add_argument("--account", help="platform:handle: its series, distributions and activity by hour")
    p.add_argument("--campaign", help="campaign id: which accounts of its roster have audience data")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audience)
