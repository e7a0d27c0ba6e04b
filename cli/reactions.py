"""`relais classify` and `relais eval-reactions`: the reaction rules from the command line.

Why `classify` needs no warehouse: an agency often wants to label a comment
export before (or without) loading it. It runs the same one-query DuckDB
classifier on an in-memory database.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from reactions.classify import CLASSIFIER_VERSION, AliasMatcher, classify_in_duckdb
from reactions.evaluate import (
    DEFAULT_LABELLED,
    evaluate,
    evaluate_texts,
    format_report,
    metric,
    read_labelled,
    report_records,
    targets_met,
)
from warehouse.exporting import neutral_cell, to_csv_bytes

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
ENCODINGS = ("utf-8-sig", "cp1252")  # utf-8-sig also reads plain utf-8


class InputError(ValueError):
    """A user-facing problem with an input file (message names the file)."""


def read_table(path: Path) -> pd.DataFrame:
    """A CSV as strings: utf-8 (with or without BOM) or cp1252, ',' or ';' separated."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    raw = path.read_bytes()
    for enc in ENCODINGS:
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise InputError(f"{path}: not a utf-8 or cp1252 text file")
    first = text.split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{path}: cannot read as CSV ({exc})") from exc


def neutralise(value: Any) -> Any:
    """Spreadsheet formula injection: the rule of warehouse.exporting (the one writer) for one value."""
    return neutral_cell(value)


def _products_arg(path: str | None) -> Any:
    """--products FILE (name, aliases |-separated), else the products module's list, else none."""
    if path:
        df = read_table(Path(path))
        if "name" not in df.columns:
            raise InputError(f"{path}: no column 'name' (columns: {', '.join(df.columns)})")
        aliases = df["aliases"] if "aliases" in df.columns else [""] * len(df)
        return AliasMatcher(
            {n: [a for a in str(al).split("|") if a] for n, al in zip(df["name"], aliases, strict=True)}
        )
    try:
        from warehouse.products import product_matcher, sample_products_frame  # type: ignore[attr-defined]

        return product_matcher(sample_products_frame())
    except Exception:  # noqa: BLE001 - products are optional for classification
        return None


def classify_file(
    input_path: str | Path,
    output_path: str | Path,
    text_column: str = "text",
    id_column: str | None = None,
    products: Any = None,
) -> pd.DataFrame:
    """Classify a CSV of comments into OUT (id, categories, adverse_event, products, cues); returns OUT's rows."""
    src = Path(input_path)
    df = read_table(src)
    cols = ", ".join(df.columns) or "none"
    if text_column not in df.columns:
        raise InputError(f"{src}: no column '{text_column}' (columns: {cols}); choose it with --text-column")
    if id_column is not None and id_column not in df.columns:
        raise InputError(f"{src}: no column '{id_column}' (columns: {cols}); choose it with --id-column")
    if id_column is None:
        id_column = "id" if "id" in df.columns else None
    frame = pd.DataFrame(
        {
            "id": df[id_column] if id_column else [str(i) for i in range(1, len(df) + 1)],
            "text": df[text_column],
            "_row": range(len(df)),
        }
    )
    con = duckdb.connect()
    try:
        out = classify_in_duckdb(con, frame, "text", "_row", products=products)
    finally:
        con.close()
    out = out.sort_values("_row")
    result = pd.DataFrame(
        {
            "id": list(frame["id"]),
            "categories": ["|".join(c) for c in out["categories"]],
            "adverse_event": [int(bool(a)) for a in out["adverse_event"]],
            "products": ["|".join(p) for p in out["products"]],
            "cues": ["|".join(c) for c in out["cues"]],
        }
    )
    dst = Path(output_path)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(to_csv_bytes(result))  # the one formula-safe writer (warehouse.exporting)
    return result


def cmd_classify(args: argparse.Namespace) -> int:
    """relais classify --input FILE.csv --output OUT.csv"""
    try:
        products = _products_arg(getattr(args, "products", None))
        result = classify_file(args.input, args.output, args.text_column, args.id_column, products)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    n = len(result)
    ae = int(result["adverse_event"].sum()) if n else 0
    print(f"{n} comments classified ({CLASSIFIER_VERSION}), {ae} possible adverse events -> {args.output}")
    if ae:
        print("Possible adverse events must be reviewed by pharmacovigilance.", file=sys.stderr)
    return EXIT_OK


def _evaluate_corrections(db: str) -> tuple[pd.DataFrame | None, int]:
    from reactions.classify import corrections_as_labels
    from warehouse.db import connect

    with connect(db, read_only=True) as con:
        labels = corrections_as_labels(con)
    if labels.empty:
        return None, 0
    report, _ = evaluate_texts(labels)
    return report, len(labels)


def cmd_eval_reactions(args: argparse.Namespace) -> int:
    """relais eval-reactions [--labelled PATH] [--json] [--db PATH]"""
    path = Path(args.labelled) if args.labelled else DEFAULT_LABELLED
    try:
        labelled = read_labelled(path)
    except (InputError, ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    report, _ = evaluate_texts(labelled)
    corrections, n_corr = (None, 0)
    if args.db:
        corrections, n_corr = _evaluate_corrections(args.db)
    if args.json:
        out: dict[str, Any] = {
            "classifier_version": CLASSIFIER_VERSION,
            "labelled": {
                "path": str(path),
                "comments": len(labelled),
                "macro_f1": metric(report, "macro_f1"),
                "targets": targets_met(report),
                "rows": report_records(report),
            },
        }
        if args.db:
            out["corrections"] = (
                {
                    "comments": n_corr,
                    "macro_f1": metric(corrections, "macro_f1"),
                    "rows": report_records(corrections),
                }
                if corrections is not None
                else {"comments": 0, "rows": []}
            )
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(format_report(report, f"{path} ({len(labelled)} comments, rules {CLASSIFIER_VERSION})"))
    for name, ok in targets_met(report).items():
        print(f"  {'ok ' if ok else 'NOT'} {name}")
    if args.db:
        print()
        if corrections is None:
            print("No corrections in the warehouse yet.")
        else:
            print(format_report(corrections, f"warehouse corrections as labels ({n_corr} comments)"))
    return EXIT_OK


def register_subcommands(subparsers: Any) -> None:
    """Add `classify` and `eval-reactions` to the `relais` command line."""
    p = subparsers.add_parser(
        "classify",
        help="label a CSV of comments (categories, adverse events) without a warehouse",
        description="Classify comments with the reaction rules. Input: CSV, utf-8 or cp1252, ',' or ';'. "
        "Output: id, categories, adverse_event (0/1), products, cues (lists '|'-separated).",
    )
    p.add_argument("--input", required=True, help="CSV file of comments")
    p.add_argument("--output", required=True, help="CSV file to write")
    p.add_argument("--text-column", default="text", help="column holding the comment text (default: text)")
    p.add_argument(
        "--id-column", default=None, help="column holding the comment id (default: id, else the row number)"
    )
    p.add_argument(
        "--products", default=None, help="products CSV (name, aliases) to detect; default: the sample list"
    )
    p.set_defaults(func=cmd_classify)

    e = subparsers.add_parser(
        "eval-reactions",
        help="precision/recall/F1 of the reaction rules on a labelled set (and on warehouse corrections)",
    )
    e.add_argument("--labelled", default=None, help=f"labelled CSV (default: {DEFAULT_LABELLED.name})")
    e.add_argument("--json", action="store_true", help="print JSON")
    e.add_argument("--db", default=None, help="also evaluate this warehouse's corrections (opened read-only)")
    e.set_defaults(func=cmd_eval_reactions)


__all__ = [
    "register_subcommands",
    "cmd_classify",
    "cmd_eval_reactions",
    "classify_file",
    "neutralise",
    "evaluate",
]
