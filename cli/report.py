"""`relais report`: the client report from the command line (same content as the dashboard's download).

relais report --campaign OR26 --out octobre_rose.pptx --lang fr
relais report --out all_campaigns.html --lang en
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import duckdb

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def cmd_report(args: argparse.Namespace, con: duckdb.DuckDBPyConnection) -> int:
    """Write the report; errors are one clear line on stderr, never a half-written file."""
    from reports.report import ReportError, build_report

    out = Path(args.out)
    if out.suffix.lower() not in (".pptx", ".html", ".htm"):
        print(f"error: --out {out}: must end in .pptx or .html", file=sys.stderr)
        return EXIT_USAGE
    try:
        path = build_report(con, args.campaign or None, args.lang, out, args.rate_basis)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return EXIT_OK


cmd_report.read_only = True  # type: ignore[attr-defined]


def register_subcommands(subparsers: Any) -> None:
    """Called by cli.main (PLUGINS): adds `relais report`."""
    p = subparsers.add_parser(
        "report",
        help="client report (PowerPoint deck or self-contained HTML)",
        description="Write the client report: headline figures, formats, profiles, reactions, compliance "
        "and method notes. The kind follows the --out suffix (.pptx or .html). The deck's charts need "
        "Chromium (Debian's /usr/bin/chromium, or $RELAIS_CHROMIUM).",
    )
    p.add_argument(
        "--campaign",
        action="append",
        metavar="ID",
        help="campaign id (repeatable; default: the posts of every campaign, as the dashboard shows)",
    )
    p.add_argument("--out", required=True, metavar="FILE", help="output file, .pptx or .html")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="report language (default fr)")
    p.add_argument(
        "--rate-basis",
        choices=("reach", "impressions", "views", "followers"),
        default="reach",
        help="engagement rate denominator, as the dashboard's switch (default reach)",
    )
    p.set_defaults(func=cmd_report)
