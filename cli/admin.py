"""`relais products`, `relais compliance`, `relais pv`: the compliance officer's commands.

Why a CLI: a client's product list, the compliance findings and the
pharmacovigilance queue must be usable (and scriptable) without the dashboard.
Commands that write open the warehouse read-write themselves; the others open
it read-only so they can run while the dashboard is up.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from cli.term import clean
from domain import PV_STATUSES
from warehouse.db import connect

if TYPE_CHECKING:
    import pandas as pd

EXIT_OK, EXIT_FAILED = 0, 1


def _say_wait(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _wait(args: argparse.Namespace) -> float:
    return float(getattr(args, "wait", 120.0) or 120.0)


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return json.loads(df.to_json(orient="records", date_format="iso", force_ascii=False))


def _show(v: Any) -> Any:
    if isinstance(v, list | tuple):
        return ", ".join(map(str, v))
    if hasattr(v, "tolist") and not isinstance(v, str | bytes):
        v = v.tolist()
        if isinstance(v, list):
            return ", ".join(map(str, v))
    import pandas as pd

    try:
        return "" if pd.isna(v) else v
    except (TypeError, ValueError):
        return v


def _print_df(df: pd.DataFrame, columns: list[str], empty: str) -> None:
    if df.empty:
        print(empty)
        return
    import pandas as pd

    view = df[[c for c in columns if c in df.columns]].copy()
    for c in view.columns:
        view[c] = view[c].astype(object).map(_show).map(lambda v: clean(v) if isinstance(v, str) else v)
    with pd.option_context("display.max_colwidth", 60, "display.width", 200):
        print(view.to_string(index=False))


# --------------------------------------------------------------------------- products


def cmd_products_load(args: argparse.Namespace) -> int:
    from warehouse.compliance import check_posts
    from warehouse.moderation import refresh as refresh_moderation
    from warehouse.products import ProductFileError, load_products
    from warehouse.products import atomic as _atomic

    with connect(args.db, wait=_wait(args), on_wait=_say_wait) as con:
        try:
            with _atomic(con):
                n = load_products(con, args.file, args.source, keep_sample=args.keep_sample)
                rechecked = check_posts(con)  # the new list changes which posts name a product
                refresh_moderation(con)  # and which comments name a prescription medicine
        except ProductFileError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_FAILED
    print(f"{n} product(s) loaded from {args.file}; {rechecked} post(s) re-checked")
    return EXIT_OK


def cmd_products_list(args: argparse.Namespace) -> int:
    from warehouse.products import product_risk, read_products, sample_products_frame

    with connect(args.db, read_only=True, wait=_wait(args), on_wait=_say_wait) as con:
        df = read_products(con)
    note = None
    if df.empty:
        df = sample_products_frame()
        df["aliases"] = df["aliases"].map(lambda s: [a for a in s.split("|") if a])
        df["source"] = "sample (used until a product list is loaded)"
        note = "No product list loaded yet: the sample list below is used. Load yours with `relais products load`."
    df["risk"] = [product_risk(r) for r in df.to_dict("records")]
    if args.json:
        print(json.dumps(_records(df), indent=2, ensure_ascii=False))
        return EXIT_OK
    if note:
        print(note)
    _print_df(df, ["name", "kind", "molecule", "prescription_only", "reimbursed", "device_class", "risk", "client",
                   "source"], "No product.")  # fmt: skip
    return EXIT_OK


def cmd_products_template(args: argparse.Namespace) -> int:
    from warehouse.products import write_sample_csv

    path = write_sample_csv(args.out)
    print(f"wrote {path} (the sample list: edit it, then `relais products load {path}`)")
    return EXIT_OK


# --------------------------------------------------------------------------- compliance


def cmd_compliance(args: argparse.Namespace) -> int:
    from warehouse.compliance import check_posts, compliance_flags, hcp_without_agreement

    if args.recheck:
        with connect(args.db, wait=_wait(args), on_wait=_say_wait) as con:
            n = check_posts(con)
        print(f"{n} post(s) checked", file=sys.stderr)
    with connect(args.db, read_only=True, wait=_wait(args), on_wait=_say_wait) as con:
        flags = compliance_flags(con)
        hcp = hcp_without_agreement(con)
    flagged = flags[flags["flagged"]] if len(flags) else flags
    review = flags[flags["needs_review"] & ~flags["flagged"]] if len(flags) else flags
    if args.json:
        out = {
            "posts": int(len(flags)),
            "posts_checked": int(flags["disclosure"].notna().sum()) if len(flags) else 0,
            "posts_not_checkable": int((flags["disclosure"] == "not_checkable").sum()) if len(flags) else 0,
            "flagged_posts": _records(flagged),
            "posts_to_review": _records(review),
            "hcp_without_agreement": _records(hcp),
        }
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"Paid posts with a missing or weak disclosure: {len(flagged)}")
    if len(flags):
        blind = int((flags["paid"] & (flags["disclosure"] == "not_checkable")).sum())
        if blind:
            print(f"Paid posts that could not be checked (no text in their export): {blind}")
    _print_df(
        flagged,
        ["post_id", "handle", "campaign_id", "published_at", "disclosure", "disclosure_cues", "permalink"],
        "  none",
    )
    print(f"\nOther campaign posts to review (risky product named, sensitive topic): {len(review)}")
    _print_df(
        review,
        ["post_id", "handle", "campaign_id", "products", "product_risks", "sensitive_topics"],
        "  none",
    )
    print(f"\nPaid health professionals without an agreement reference: {len(hcp)}")
    _print_df(hcp, ["campaign_id", "influencer_id", "display_name", "fee", "currency", "posts"], "  none")
    return EXIT_OK


# --------------------------------------------------------------------------- pharmacovigilance


def cmd_pv_list(args: argparse.Namespace) -> int:
    from warehouse.pharmacovigilance import queue

    with connect(args.db, read_only=True, wait=_wait(args), on_wait=_say_wait) as con:
        try:
            df = queue(con, status=args.status)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_FAILED
    if args.json:
        print(json.dumps(_records(df), indent=2, ensure_ascii=False))
        return EXIT_OK
    if not df.empty:
        n_open = int(df["status"].isin(PV_STATUSES.where(open=True)).sum())
        print(f"{len(df)} case(s), {n_open} open, {int(df['overdue'].sum())} overdue")
    _print_df(
        df,
        ["comment_id", "status", "days_left", "overdue", "due_at", "products", "influencer", "campaign_id",
         "last_changed_by", "comment_text"],
        "No pharmacovigilance case.",
    )  # fmt: skip
    return EXIT_OK


def cmd_pv_set(args: argparse.Namespace) -> int:
    from warehouse.pharmacovigilance import set_status

    with connect(args.db, wait=_wait(args), on_wait=_say_wait) as con:
        try:
            before = set_status(con, args.comment_id, args.status, args.by, args.reason)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_FAILED
    print(f"{args.comment_id}: {before} -> {args.status.strip().lower()}")
    return EXIT_OK


def cmd_pv_open(args: argparse.Namespace) -> int:
    from warehouse.pharmacovigilance import open_case

    with connect(args.db, wait=_wait(args), on_wait=_say_wait) as con:
        try:
            created = open_case(con, args.comment_id, args.by, args.reason)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_FAILED
    print(
        f"{args.comment_id}: case opened"
        if created
        else f"{args.comment_id}: already in the queue (unchanged)"
    )
    return EXIT_OK


def cmd_pv_audit(args: argparse.Namespace) -> int:
    from warehouse.pharmacovigilance import audit_trail

    with connect(args.db, read_only=True, wait=_wait(args), on_wait=_say_wait) as con:
        df = audit_trail(con, args.comment_id)
    if args.json:
        print(json.dumps(_records(df), indent=2, ensure_ascii=False))
        return EXIT_OK
    _print_df(
        df, ["changed_at", "comment_id", "from_status", "to_status", "changed_by", "reason"], "No change yet."
    )
    return EXIT_OK


def cmd_pv_export(args: argparse.Namespace) -> int:
    from warehouse.pharmacovigilance import export_queue, queue

    with connect(args.db, read_only=True, wait=_wait(args), on_wait=_say_wait) as con:
        try:
            df = queue(con, status=args.status)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_FAILED
    try:
        path = export_queue(df, args.out)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {len(df)} case(s) to {path}")
    return EXIT_OK


# --------------------------------------------------------------------------- wiring


def _common() -> argparse.ArgumentParser:
    """--db/--wait on every leaf, defaulting to SUPPRESS so `relais pv --db X list` keeps X."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument(
        "--db", default=argparse.SUPPRESS, help="warehouse file (default: $RELAIS_DB or data/relais.duckdb)"
    )
    p.add_argument("--wait", type=float, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


def _group(subparsers, name: str, help_text: str) -> argparse._SubParsersAction:
    p = subparsers.add_parser(name, help=help_text, description=help_text)
    p.add_argument("--db", help="warehouse file (default: $RELAIS_DB or data/relais.duckdb)")
    p.add_argument("--wait", type=float, default=120.0, help=argparse.SUPPRESS)
    return p.add_subparsers(dest=f"{name}_command", required=True)


def register_subcommands(subparsers) -> None:
    common = _common()

    sub = _group(subparsers, "products", "the product list (brands, molecules, prescription status)")
    p = sub.add_parser("load", parents=[common], help="load a client's product list (CSV or XLSX)")
    p.add_argument("file", help="columns: name, aliases (|-separated), molecule, kind, prescription_only, "
                   "reimbursed, device_class, client")  # fmt: skip
    p.add_argument("--source", help="where the list comes from (default: the file name)")
    p.add_argument(
        "--keep-sample", action="store_true", help="keep the sample list's products beside this list"
    )
    p.set_defaults(func=cmd_products_load)
    p = sub.add_parser("list", parents=[common], help="the products Relais recognises, with their risk")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_products_list)
    p = sub.add_parser("template", parents=[common], help="write the sample list as a CSV to fill in")
    p.add_argument("--out", required=True, help="file to write, e.g. products.csv")
    p.set_defaults(func=cmd_products_template)

    p = subparsers.add_parser(
        "compliance", help="paid posts without a clear disclosure, posts to review, HCPs without an agreement"
    )
    p.add_argument("--db", help="warehouse file (default: $RELAIS_DB or data/relais.duckdb)")
    p.add_argument("--wait", type=float, default=120.0, help=argparse.SUPPRESS)
    p.add_argument(
        "--recheck", action="store_true", help="re-run the checks first (opens the warehouse for writing)"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_compliance)

    sub = _group(subparsers, "pv", "the pharmacovigilance queue (possible adverse events in comments)")
    p = sub.add_parser("list", parents=[common], help="cases, most urgent first")
    p.add_argument("--status", help="new, triaged, reported or not_a_case (comma-separated for several)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_pv_list)
    p = sub.add_parser("set", parents=[common], help="move a case: new->triaged|not_a_case, triaged->reported|"
                       "not_a_case, not_a_case->triaged (re-open)")  # fmt: skip
    p.add_argument("comment_id")
    p.add_argument("status", help="triaged, reported or not_a_case")
    p.add_argument("--by", required=True, help="who decides")
    p.add_argument("--reason", required=True, help="why (kept in the audit trail)")
    p.set_defaults(func=cmd_pv_set)
    p = sub.add_parser("open", parents=[common], help="flag a comment by hand (opens a case in status new)")
    p.add_argument("comment_id")
    p.add_argument("--by", required=True)
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_pv_open)
    p = sub.add_parser("audit", parents=[common], help="every status change: who, when, why")
    p.add_argument("comment_id", nargs="?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_pv_audit)
    p = sub.add_parser("export", parents=[common], help="write the queue to .csv or .xlsx")
    p.add_argument("--out", required=True, help="FILE.csv or FILE.xlsx")
    p.add_argument("--status", help="only these statuses (comma-separated)")
    p.set_defaults(func=cmd_pv_export)
