"""`relais moderation`: the community manager's queue (comments under owned pages and campaign posts).

Why a CLI: the queue can be read, exported for whoever moderates the accounts, and acted on
(hide requested, answered, no action: always with who and why) from a script or a terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from cli.term import clean
from warehouse.db import connect

EXIT_OK, EXIT_FAILED = 0, 1


def _say_wait(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _wait(args: argparse.Namespace) -> float:
    return float(getattr(args, "wait", 120.0) or 120.0)


def _records(df: Any) -> list[dict[str, Any]]:
    return json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False))


def cmd_moderation_list(args: argparse.Namespace) -> int:
    from warehouse.filters import Filters
    from warehouse.moderation import export_queue, moderation_queue, queue_summary

    try:
        filters = Filters(campaigns=args.campaign or (), platforms=args.platform or ())
        with connect(args.db, read_only=True, wait=_wait(args), on_wait=_say_wait) as con:
            df = moderation_queue(con, filters, status=args.status)
        if args.export:
            export_queue(df, args.export)
            print(f"{len(df)} comment(s) written to {clean(args.export)}", file=sys.stderr)
    except ValueError as exc:
        print(f"error: {clean(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    if args.json:
        print(json.dumps({**queue_summary(df), "queue": _records(df)}, indent=2, ensure_ascii=False))
        return EXIT_OK
    s = queue_summary(df)
    print(f"{s['comments']} comment(s) to moderate, {s['to_handle']} to handle")
    for r in df.to_dict("records"):
        why = "; ".join(f"{a}: {p}" if p else a for a, p in zip(r["reasons"], r["phrases"], strict=True))
        print(
            f"{clean(r['comment_id'])}  [{r['status']}]  {clean(why)[:80]}  {clean(r['comment_text'])[:80]}"
        )
    return EXIT_OK


def cmd_moderation_act(args: argparse.Namespace) -> int:
    from warehouse.moderation import record_action

    with connect(args.db, wait=_wait(args), on_wait=_say_wait) as con:
        try:
            action_id = record_action(con, args.comment_id, args.action, args.by, args.reason)
        except ValueError as exc:
            print(f"error: {clean(str(exc))}", file=sys.stderr)
            return EXIT_FAILED
    out = {"action_id": action_id, "comment_id": args.comment_id, "action": args.action.strip().lower()}
    print(json.dumps(out) if args.json else f"{clean(args.comment_id)}: {out['action']} recorded")
    return EXIT_OK


def cmd_moderation_history(args: argparse.Namespace) -> int:
    from warehouse.moderation import action_history

    with connect(args.db, read_only=True, wait=_wait(args), on_wait=_say_wait) as con:
        df = action_history(con, args.comment_id)
    if args.json:
        print(json.dumps(_records(df), indent=2, ensure_ascii=False))
        return EXIT_OK
    if df.empty:
        print("No moderation action recorded.")
    for r in df.to_dict("records"):
        print(
            f"{r['acted_at']}  {clean(r['comment_id'])}  {r['action']}  {clean(r['acted_by'])}: {clean(r['reason'])}"
        )
    return EXIT_OK


def register_subcommands(subparsers) -> None:
    from domain.community import MODERATION_ACTIONS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", default=argparse.SUPPRESS, help="warehouse file (default: $RELAIS_DB or data/relais.duckdb)"
    )
    common.add_argument("--wait", type=float, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--json", action="store_true")
    help_text = (
        "the moderation queue: comments naming prescription medicines, asking or giving medical advice, spam"
    )
    g = subparsers.add_parser("moderation", help=help_text, description=help_text)
    g.add_argument("--db", help="warehouse file (default: $RELAIS_DB or data/relais.duckdb)")
    g.add_argument("--wait", type=float, default=120.0, help=argparse.SUPPRESS)
    sub = g.add_subparsers(dest="moderation_command", required=True)

    p = sub.add_parser("list", parents=[common], help="comments to moderate, those to handle first")
    p.add_argument(
        "--status", help="to_handle, " + ", ".join(MODERATION_ACTIONS.codes()) + " (comma-separated)"
    )
    p.add_argument("--campaign", action="append", help="campaign id (repeat for several)")
    p.add_argument("--platform", action="append", help="platform (repeat for several)")
    p.add_argument("--export", help="also write the queue to this .csv or .xlsx file (formula-safe)")
    p.set_defaults(func=cmd_moderation_list)

    p = sub.add_parser("act", parents=[common], help="record what was done about a comment (who and why)")
    p.add_argument("comment_id")
    p.add_argument("--action", required=True, choices=MODERATION_ACTIONS.codes())
    p.add_argument("--by", required=True, help="who acted")
    p.add_argument("--reason", required=True, help="why")
    p.set_defaults(func=cmd_moderation_act)

    p = sub.add_parser("history", parents=[common], help="every action recorded, oldest first")
    p.add_argument("comment_id", nargs="?", help="one comment (default: all)")
    p.set_defaults(func=cmd_moderation_history)
