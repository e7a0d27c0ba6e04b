"""`relais`: the command line.

Every command takes `--db PATH` (else $RELAIS_DB, else data/relais.duckdb).
Commands of the other `cli` modules are added by their `register_subcommands`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import inspect
import json
import sys
from pathlib import Path
from types import ModuleType

from cli import term
from cli.term import clean
from warehouse.db import WarehouseBusy, connect, resolve_db_path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _db_parent() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--db", help="warehouse file (default: $RELAIS_DB or data/relais.duckdb)")
    return p


class Progress:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""

    def __init__(self, stream=sys.stderr) -> None:
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, done: int, total: int, name: str) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {clean(name)[:60]}"
        if self.tty:
            self.stream.write("\r\033[K" + line)
            if done == total:
                self.stream.write("\n")
        elif done < total:
            self.stream.write(line + "\n")
        self.stream.flush()


def _say_wait(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _interrupt_on_sigterm() -> None:
    """`kill` (SIGTERM) is handled like Ctrl-C: roll the current file back, exit non-zero."""
    import signal

    from warehouse.steps import LoadInterrupted

    def handler(_signum, _frame):
        raise LoadInterrupted("terminated")

    try:
        signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (tests calling main() from a thread)
        pass


def cmd_load(args: argparse.Namespace) -> int:
    from warehouse.loader import load_paths_each

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        for p in missing:
            print(f"error: {clean(p)}: no such file or folder", file=sys.stderr)
        return EXIT_FAILED
    from etl.base import LoadOptions

    options = LoadOptions(
        export_date=args.export_date,
        year=args.year,
        account=args.account,
        platform=args.platform,
        post_ref=args.post,
    )
    _interrupt_on_sigterm()
    # the write lock is taken per file: dashboards read between two files
    summaries = load_paths_each(
        lambda: connect(args.db, wait=args.wait, on_wait=_say_wait),
        args.paths,
        options,
        on_progress=Progress(),
    )
    if args.json:
        print(json.dumps([s.to_dict() for s in summaries], indent=2, default=str))
    else:
        _print_summaries(summaries)
    return EXIT_OK if all(s.ok for s in summaries) else EXIT_FAILED


def _print_summaries(summaries) -> None:
    rows = [("file", "kind", "read", "loaded", "rejected", "duplicates", "status")]
    for s in summaries:
        rows.append((s.file, s.kind or "-", s.rows_read, s.loaded, s.rejected, s.duplicates, s.status))
    _print_table(rows)
    for s in summaries:
        name = clean(s.file)
        if s.status == "failed":
            print(f"error: {name}: {clean(s.message)}", file=sys.stderr)
        elif s.status == "already_loaded":
            print(f"note: {name}: {clean(s.message)}")
        for n in s.notes:
            print(f"note: {name}: {clean(n)}")
        for e in s.step_errors:
            print(
                f"error: {name}: {clean(e)}; the rows are loaded and the step runs again on the next `relais load`",
                file=sys.stderr,
            )
        if s.rejected:
            print(f"note: {name}: {s.rejected} row(s) quarantined; see `relais rejects --file {s.file_id}`")


def _print_table(rows) -> None:
    """Aligned columns; every text cell escaped (a file name cannot add a line or move the cursor)."""
    rows = [tuple(clean(v) if isinstance(v, str) else v for v in r) for r in rows]
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for k, r in enumerate(rows):
        print(
            "  ".join(str(v).ljust(w) if isinstance(v, str) else str(v).rjust(w) for v, w in zip(r, widths))
        )
        if k == 0:
            print("  ".join("-" * w for w in widths))


def cmd_status(args: argparse.Namespace) -> int:
    from warehouse.steps import pending

    with connect(args.db, read_only=True, wait=args.wait, on_wait=_say_wait) as con:
        df = con.execute(
            "SELECT file_id, file_name, kind, platform, status, rows_read, rows_loaded, rows_rejected, "
            "rows_duplicate, snapshot_date, started_at, finished_at, message, notes FROM load_files ORDER BY file_id"
        ).df()
        waiting = pending(con)
    if args.json:
        print(df.to_json(orient="records", date_format="iso", indent=2))
        return EXIT_OK
    if df.empty:
        print(f"No file loaded yet in {resolve_db_path(args.db)}. Try `relais load sample_data/`.")
        return EXIT_OK
    rows = [("id", "file", "kind", "status", "read", "loaded", "rejected", "dup", "finished")]
    for r in df.itertuples():
        rows.append((str(r.file_id), r.file_name, r.kind or "-", r.status, r.rows_read, r.rows_loaded,
                     r.rows_rejected, r.rows_duplicate, str(r.finished_at)[:19]))  # fmt: skip
    _print_table(rows)
    if waiting:
        names = ", ".join(sorted({w[0] for w in waiting}))
        print(
            f"warning: derived steps not finished ({names}) for load #"
            + ", #".join(str(i) for i in sorted({w[1] for w in waiting}))
            + ": run `relais load` to finish them.",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_rejects(args: argparse.Namespace) -> int:
    sql = "SELECT file_id, file_name, row_number, column_name, reason, raw_row FROM rejects"
    params: list = []
    if args.file is not None:
        sql += " WHERE file_id = ?"
        params.append(args.file)
    sql += " ORDER BY file_id, row_number"
    with connect(args.db, read_only=True, wait=args.wait, on_wait=_say_wait) as con:
        df = con.execute(sql, params).df()
    if args.json:
        print(df.to_json(orient="records", indent=2))
        return EXIT_OK
    if df.empty:
        print("No rejected rows.")
        return EXIT_OK
    for r in df.itertuples():
        print(
            f"{clean(r.file_name)}: row {r.row_number}, column {clean(r.column_name)!r}: {clean(r.reason)}"
            f"\n    raw: {clean(r.raw_row)[:300] if isinstance(r.raw_row, str) else '(not kept)'}"
        )
    return EXIT_OK


def cmd_assign(args: argparse.Namespace) -> int:
    from warehouse.campaigns import clear_override, set_override

    with connect(args.db, wait=args.wait, on_wait=_say_wait) as con:
        try:
            if args.clear:
                clear_override(con, args.post_id)
            else:
                campaign = None if args.campaign_id in ("none", "-") else args.campaign_id
                set_override(con, args.post_id, campaign, args.by, args.reason)
        except ValueError as exc:
            print(f"error: {clean(exc)}", file=sys.stderr)
            return EXIT_FAILED
    print("ok")
    return EXIT_OK


def cmd_rekey(args: argparse.Namespace) -> int:
    from warehouse.loader import KEY_FILE_ENV, PseudonymKeyError, pseudonymisation_key, validate_key
    from warehouse.rekey import RekeyError, rekey

    try:
        new_path = Path(args.new_key_file)
        new_key = validate_key(new_path.read_text(), str(new_path))
        old_key = pseudonymisation_key()
    except (OSError, PseudonymKeyError) as exc:
        print(f"error: {clean(exc)}", file=sys.stderr)
        return EXIT_FAILED
    with connect(args.db, wait=args.wait, on_wait=_say_wait) as con:
        sources = args.sources or [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT path FROM load_files WHERE kind = 'comments' AND status = 'loaded' AND path IS NOT NULL"
            ).fetchall()
            if Path(r[0]).exists()
        ]
        try:
            report = rekey(con, old_key, new_key, sources, allow_unmatched=args.allow_unmatched)
        except (RekeyError, PseudonymKeyError) as exc:
            print(f"error: {clean(exc)} Nothing was changed.", file=sys.stderr)
            return EXIT_FAILED
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print(
            f"re-keyed: {report.mapped} of {report.commenters} commenters from {len(report.files_read)} export(s), "
            f"{report.comment_ids_changed} comment id(s) re-made, {report.values_rewritten} text value(s) rewritten"
        )
        if report.unmatched:
            print(
                f"warning: {report.unmatched} commenter(s) had no export at hand; see `relais rekey --help`"
            )
    print(
        f"From now on load with the new key: set {KEY_FILE_ENV}={clean(str(new_path))} (or put it in place of the "
        "old key file); the old key is refused by this warehouse.",
        file=sys.stderr,
    )
    return EXIT_OK


def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s}") from exc


# Each module adds its commands; heavy libraries are imported inside the handlers.
SUBCOMMAND_MODULES = (
    "cli.metrics", "cli.compare", "cli.reactions", "cli.report", "cli.admin", "cli.explore", "cli.moderation",
    "cli.community", "cli.benchmark",
)  # fmt: skip
# command -> the module that adds it: a command imports only its own module (and its libraries:
# statsmodels, plotly, pptx, the classifier...), so `relais classify` or `relais status` start fast.
# Any other first argument (--help, a typo, a command missing here) builds the whole parser.
COMMAND_MODULES: dict[str, str] = {
    "metrics": "cli.metrics", "compare": "cli.compare", "classify": "cli.reactions",
    "eval-reactions": "cli.reactions", "report": "cli.report", "products": "cli.admin",
    "compliance": "cli.admin", "pv": "cli.admin", "posts": "cli.explore", "top-posts": "cli.explore",
    "hashtags": "cli.explore", "moderation": "cli.moderation", "benchmark": "cli.benchmark", "load": "",
    "status": "", "rejects": "",
    "assign": "", "rekey": "", "owned": "cli.community", "audience": "cli.community",
}  # fmt: skip


def _modules_for(argv: list[str] | None) -> list[ModuleType]:
    args = sys.argv[1:] if argv is None else argv
    command = next((a for a in args if not a.startswith("-")), None)
    needed = COMMAND_MODULES.get(command or "")
    if needed is None or (args and args[0].startswith("-")):
        return [importlib.import_module(m) for m in SUBCOMMAND_MODULES]
    return [importlib.import_module(needed)] if needed else []


def build_parser(argv: list[str] | None = None, *, everything: bool = True) -> argparse.ArgumentParser:
    """The `relais` parser; with everything=False only the commands `argv` needs are registered."""
    parser = argparse.ArgumentParser(
        prog="relais", description="Relais: health influencer campaign analytics"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    parent = _db_parent()
    parent.add_argument("--wait", type=float, default=120.0, help="seconds to wait for a busy warehouse")

    p = sub.add_parser("load", parents=[parent], help="load exports, roster files or folders")
    p.add_argument(
        "paths",
        nargs="*",
        help="files or folders (recursive); none: only finish steps an interrupted load left",
    )
    p.add_argument("--export-date", type=_date, help="the day the export was downloaded (YYYY-MM-DD)")
    p.add_argument("--year", type=int, help="year of the export date, for exports whose dates have no year")
    p.add_argument("--account", help="account handle, for account-level files that do not name it")
    p.add_argument("--platform", help="platform, for Meta daily series that do not say it")
    p.add_argument("--post", help="post permalink or id, for comment exports that do not name their post")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_load)

    p = sub.add_parser("status", parents=[parent], help="the load ledger")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("rejects", parents=[parent], help="rows quarantined at load time, with their reason")
    p.add_argument("--file", type=int, help="only this load id (see `relais status`)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_rejects)

    p = sub.add_parser("assign", parents=[parent], help="override the campaign of one post")
    p.add_argument("post_id", help="Relais post id, e.g. instagram:1801…")
    p.add_argument("campaign_id", nargs="?", default="none", help="campaign id, or 'none'")
    p.add_argument("--clear", action="store_true", help="remove the override (back to the rules)")
    p.add_argument("--by", default="cli", help="who decides")
    p.add_argument("--reason")
    p.set_defaults(func=cmd_assign)

    p = sub.add_parser(
        "rekey",
        parents=[parent],
        help="re-make every commenter pseudonym with a new key (needs the current key and the comment exports)",
        description="Re-pseudonymise the warehouse with a new key. The current key ($RELAIS_HMAC_KEY or "
        "$RELAIS_KEY_FILE) must be the warehouse's; the comment exports are read again to map each commenter "
        "(default: the comment files recorded by `relais status`, where they still exist). Commenters whose "
        "export is missing stop the re-key, unless --allow-unmatched: they then get a pseudonym that a later "
        "load of their comments will not match. One transaction: on any error nothing changes.",
    )
    p.add_argument("--new-key-file", required=True, help="file holding the new key (64 hex digits)")
    p.add_argument(
        "sources", nargs="*", help="comment exports (files, folders, ZIPs) loaded into this warehouse"
    )
    p.add_argument("--allow-unmatched", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_rekey)

    modules = [importlib.import_module(m) for m in SUBCOMMAND_MODULES] if everything else _modules_for(argv)
    for mod in modules:
        before = set(sub.choices)
        mod.register_subcommands(sub)
        for name in set(sub.choices) - before:
            sp = sub.choices[name]
            if not any("--db" in a.option_strings for a in sp._actions):
                sp.add_argument("--db", help="warehouse file (default: $RELAIS_DB or data/relais.duckdb)")
            if not any("--wait" in a.option_strings for a in sp._actions):
                sp.add_argument("--wait", type=float, default=120.0, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    term.install()  # no control character from a file or a value reaches the terminal
    parser = build_parser(argv, everything=False)
    args = parser.parse_args(argv)
    try:
        func = args.func
        # plug-in handlers written as func(args, con) get a read-only connection
        if len(inspect.signature(func).parameters) == 2:
            with connect(
                args.db, read_only=getattr(func, "read_only", True), wait=args.wait, on_wait=_say_wait
            ) as con:
                return int(func(args, con) or 0)
        return int(func(args) or 0)
    except WarehouseBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt as exc:
        what = str(exc) or "interrupted"
        print(
            f"error: {what}. Files loaded before it are committed; the file in progress was rolled back and "
            "unfinished derived steps are recorded. Run the same command again to finish.",
            file=sys.stderr,
        )
        return 130


if __name__ == "__main__":
    sys.exit(main())
