"""`relais posts`, `relais top-posts`, `relais hashtags`: the post explorer and hashtag KPIs on the command line.

Every command takes the dashboard's filters (--campaign, --platform, --format,
--profile-type, --tier, --influencer, --hashtag, --from, --to) and prints a
readable table, or `--json` (an array of row objects, NULL -> null, rates as
fractions) or `--csv` (formula-safe, like the dashboard's downloads).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from warehouse.filters import Filters

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s}") from exc


def add_filter_args(p: argparse.ArgumentParser) -> None:
    """The dashboard's sidebar filters as options (each repeatable)."""
    for opt, dest, what in (
        ("--campaign", "campaigns", "campaign id"),
        ("--platform", "platforms", "platform"),
        ("--format", "formats", "format code (ig_reel, li_document…)"),
        ("--profile-type", "profile_types", "profile type"),
        ("--tier", "tiers", "tier"),
        ("--influencer", "influencers", "account id (platform:handle)"),
        ("--hashtag", "hashtags", "hashtag, with or without #"),
    ):
        p.add_argument(
            opt, dest=dest, action="append", default=[], metavar="X", help=f"only this {what} (repeatable)"
        )
    p.add_argument("--from", dest="date_from", type=_date, help="published on or after (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", type=_date, help="published on or before (YYYY-MM-DD)")


def filters_from_args(args: argparse.Namespace) -> Filters:
    return Filters(
        campaigns=tuple(args.campaigns),
        platforms=tuple(args.platforms),
        formats=tuple(args.formats),
        profile_types=tuple(args.profile_types),
        tiers=tuple(args.tiers),
        influencers=tuple(args.influencers),
        hashtags=tuple(args.hashtags),
        date_from=args.date_from,
        date_to=args.date_to,
    )


def add_output_args(p: argparse.ArgumentParser, csv: bool = True) -> None:
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="a JSON array of row objects")
    if csv:
        out.add_argument("--csv", action="store_true", help="CSV (formulas neutralised)")


def jsonable(v: Any) -> Any:
    """numpy/pandas values -> plain JSON values (NaN/NaT -> null, dates ISO, arrays lists)."""
    if isinstance(v, np.ndarray):
        return [jsonable(x) for x in v.tolist()]
    if isinstance(v, list | tuple):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if hasattr(v, "item") and not isinstance(v, str | bytes):
        v = v.item()
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    if isinstance(v, dt.datetime | dt.date | pd.Timestamp):
        return v.isoformat()
    return v


def records(df: pd.DataFrame, columns: list[str] | None = None) -> list[dict[str, Any]]:
    cols = [c for c in (columns or list(df.columns)) if c in df.columns]
    return [{c: jsonable(r[c]) for c in cols} for r in df[cols].to_dict(orient="records")]


def emit(df: pd.DataFrame, args: argparse.Namespace, columns: list[str], table: list[str], empty: str) -> int:
    """Print `df` as JSON, CSV or an aligned table (the `table` columns)."""
    if getattr(args, "json", False):
        print(json.dumps(records(df, columns), indent=2, ensure_ascii=False))
        return EXIT_OK
    if getattr(args, "csv", False):
        from warehouse.exporting import to_csv_bytes

        sys.stdout.write(to_csv_bytes(df[[c for c in columns if c in df.columns]]).decode("utf-8-sig"))
        return EXIT_OK
    if df.empty:
        print(empty)
        return EXIT_OK
    from warehouse.catalogue import metric_format

    view = df[[c for c in table if c in df.columns]].copy()
    for c in view.columns:
        view[c] = [_cell(v, metric_format(c)) for v in view[c]]
    with pd.option_context("display.max_colwidth", 50, "display.width", 220):
        print(view.to_string(index=False))
    return EXIT_OK


def _cell(v: Any, spec: str | None = None) -> Any:
    """One table cell; a number in the registry's format for its column (`spec`), else 4 digits."""
    v = jsonable(v)
    if v is None:
        return "n/a"
    if spec and isinstance(v, int | float) and not isinstance(v, bool):
        return format(v, spec)
    if isinstance(v, list):
        return ", ".join(map(str, v))
    if isinstance(v, dict):
        return " ".join(f"{k}:{x}" for k, x in v.items())
    if isinstance(v, str):
        return " ".join(v.split())
    if isinstance(v, float):
        return f"{v:.4g}"
    return v


# --------------------------------------------------------------------------- posts

POST_COLUMNS = [
    "post_id", "published_at", "platform", "handle", "display_name", "campaign_id", "campaign_name", "format",
    "format_family", "profile_type", "tier", "owned_page", "permalink", "caption_text", "reach", "audience_measure",
    "impressions", "views", "likes", "comments", "shares", "saves", "engagements", "engagement_rate",
    "rate_basis", "reactions", "comments_classified", "useful_reactions", "paid", "disclosure",
    "disclosure_cues", "caption_flags", "hashtags",
]  # fmt: skip
POST_TABLE = [
    "published_at",
    "handle",
    "format",
    "campaign_id",
    "engagements",
    "engagement_rate",
    "caption_text",
]


def cmd_posts(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> int:
    from warehouse.explorer import explore_posts, export_posts

    try:
        f = filters_from_args(args)
        if args.all:
            df, total = export_posts(con, f, args.search, args.sort, not args.asc, args.rate_basis)
            page_info = {"total": total, "rows": len(df)}
        else:
            res = explore_posts(
                con, f, args.search, args.sort, not args.asc, args.page, args.page_size, args.rate_basis
            )
            df = res.rows
            page_info = {"total": res.total, "page": res.page, "pages": res.pages}
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    df = df.assign(rate_basis=args.rate_basis)
    if not args.json and not args.csv:
        print(" · ".join(f"{k} {v}" for k, v in page_info.items()))
    return emit(df, args, POST_COLUMNS, POST_TABLE, "No post matches.")


def cmd_top_posts(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> int:
    from warehouse.explorer import top_posts

    try:
        df = top_posts(con, filters_from_args(args), args.by, args.n, args.rank, args.rate_basis)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    df = df.assign(rate_basis=args.rate_basis)
    cols = ["group_by", "group_value", "rank_in_group", *POST_COLUMNS]
    return emit(
        df, args, cols, ["group_value", "rank_in_group", *POST_TABLE], "No post has the figures to rank."
    )


# --------------------------------------------------------------------------- hashtags

HASHTAG_COLUMNS = [
    "hashtag", "is_campaign_hashtag", "campaigns", "posts", "influencers", "reach", "impressions", "engagements",
    "engagement_rate", "engagement_rate_ci_low", "engagement_rate_ci_high", "engagement_rate_median",
    "posts_with_rate", "rate_basis", "monthly_posts", "first_used", "last_used",
]  # fmt: skip


def cmd_hashtags(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> int:
    from warehouse.hashtags import hashtag_kind_kpis, hashtag_kpis

    f = filters_from_args(args)
    if args.kinds:
        df = hashtag_kind_kpis(con, f, args.rate_basis)
        cols = ["hashtag_kind", *HASHTAG_COLUMNS[3:14]]
        return emit(df, args, cols, cols[:9], "No post matches.")
    df = hashtag_kpis(con, f, args.rate_basis, args.limit)
    if df.empty and not args.json and not args.csv:
        print("No hashtag in the selection: load content exports with captions (`relais load`).")
        return EXIT_OK
    table = ["hashtag", "is_campaign_hashtag", "posts", "reach", "engagements", "engagement_rate",
             "engagement_rate_ci_low", "engagement_rate_ci_high", "last_used"]  # fmt: skip
    return emit(df, args, HASHTAG_COLUMNS, table, "No hashtag in the selection.")


def register_subcommands(subparsers: Any) -> None:
    """Called by cli.main: adds `posts`, `top-posts`, `hashtags`."""
    from warehouse.explorer import GROUPS, MAX_PAGE_SIZE, RANKINGS, SORTS
    from warehouse.metrics import RATE_BASES

    p = subparsers.add_parser(
        "posts",
        help="the post explorer: posts of a selection, searchable, sortable, paginated",
        description="List the posts behind a figure (one page at a time, or --all for an export).",
    )
    add_filter_args(p)
    p.add_argument("--search", help="words that must all appear (caption, handle, campaign, post id)")
    p.add_argument("--sort", choices=list(SORTS), default="published_at")
    p.add_argument("--asc", action="store_true", help="lowest first (default: highest / newest first)")
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--page-size", type=int, default=50, help=f"at most {MAX_PAGE_SIZE}")
    p.add_argument("--all", action="store_true", help="every matching post (bounded), not one page")
    p.add_argument("--rate-basis", choices=list(RATE_BASES), default="reach")
    add_output_args(p)
    p.set_defaults(func=cmd_posts)

    p = subparsers.add_parser("top-posts", help="the best posts of each campaign, format, profile type…")
    add_filter_args(p)
    p.add_argument("--by", choices=list(GROUPS), default="campaign")
    p.add_argument("--n", type=int, default=3, help="posts per group")
    p.add_argument("--rank", choices=list(RANKINGS), default="engagements")
    p.add_argument("--rate-basis", choices=list(RATE_BASES), default="reach")
    add_output_args(p)
    p.set_defaults(func=cmd_top_posts)

    p = subparsers.add_parser(
        "hashtags", help="hashtags as a KPI: posts, reach, engagement rate with its interval, monthly trend"
    )
    add_filter_args(p)
    p.add_argument("--limit", type=int, default=200, help="most used hashtags kept (default 200)")
    p.add_argument("--kinds", action="store_true", help="campaign hashtags vs other hashtags vs none")
    p.add_argument("--rate-basis", choices=list(RATE_BASES), default="reach")
    add_output_args(p)
    p.set_defaults(func=cmd_hashtags)
