"""`relais classify`, `relais eval-reactions` and `relais train-reactions`: the reaction classifier from the
command line.

Why `classify` needs no warehouse: an agency often wants to label a comment export before (or without)
loading it. It streams the file in chunks through the learned classifier (`reactions.model`, numpy only),
so a million comments fit in a bounded amount of memory, and only imports what it needs (no pandas
before the file is read, never scikit-learn).
"""

from __future__ import annotations

import argparse
import codecs
import csv
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
CHUNK_ROWS = 100_000


class InputError(ValueError):
    """A user-facing problem with an input file (message names the file)."""


def _encoding(path: Path) -> str:
    """utf-8 (with or without BOM) when the whole file decodes as such, else cp1252; streamed, not loaded."""
    dec = codecs.getincrementaldecoder("utf-8-sig")()
    with path.open("rb") as f:
        try:
            while block := f.read(1 << 20):
                dec.decode(block)
            dec.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            return "cp1252"


def _first_line(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, errors="replace", newline="") as f:
        return f.readline()


def read_table(path: Path) -> Any:
    """A CSV as strings: utf-8 (with or without BOM) or cp1252, ',' or ';' separated (the whole file)."""
    return next(iter_table(path, chunksize=None))


def iter_table(path: Path, chunksize: int | None = CHUNK_ROWS) -> Any:
    """The CSV in DataFrames of `chunksize` rows (all at once with None), every cell a string."""
    import pandas as pd

    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: empty file (no header)")
    enc = _encoding(path)
    first = _first_line(path, enc)
    sep = ";" if first.count(";") > first.count(",") else ","
    try:
        reader = pd.read_csv(
            path, sep=sep, dtype=str, keep_default_na=False, encoding=enc, chunksize=chunksize
        )
        if chunksize is None:
            yield reader
            return
        yield from reader
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read as CSV ({exc})") from exc


def neutralise(value: Any) -> Any:
    """Spreadsheet formula injection: the rule of warehouse.exporting (the one writer) for one value."""
    from warehouse.exporting import neutral_cell

    return neutral_cell(value)


def _products_arg(path: str | None) -> Any:
    """--products FILE (name, aliases |-separated, optional molecule): the client's list, else None."""
    if not path:
        return None
    df = read_table(Path(path))
    if "name" not in df.columns:
        raise InputError(f"{path}: no column 'name' (columns: {', '.join(df.columns)})")
    return df


def classify_file(
    input_path: str | Path,
    output_path: str | Path,
    text_column: str = "text",
    id_column: str | None = None,
    products: Any = None,
    rule_cues: bool = True,
) -> dict[str, int]:
    """Classify a CSV of comments into OUT (id, categories, adverse_event, ae_score, products, cues, status).

    Streams the input by chunks; returns counts (rows, adverse_events, skipped). The cues of a flagged
    comment are its cue classes, the words that weighed most, and (for possible adverse events) the
    rules-1.1 cues that fire.
    """
    import numpy as np
    import pandas as pd

    from reactions.classify import rule_cues_for
    from reactions.model import classifier
    from reactions.rules import AE
    from warehouse.exporting import neutralise_formulas

    src, dst = Path(input_path), Path(output_path)
    clf = classifier(products)
    counts = {"rows": 0, "adverse_events": 0, "skipped": 0}
    tmp = dst.with_name(dst.name + ".part")
    dst.parent.mkdir(parents=True, exist_ok=True)
    first = True
    try:
        with tmp.open("w", encoding="utf-8-sig", newline="") as out:
            for chunk in iter_table(src, CHUNK_ROWS):
                cols = ", ".join(chunk.columns) or "none"
                if text_column not in chunk.columns:
                    raise InputError(
                        f"{src}: no column '{text_column}' (columns: {cols}); choose it with --text-column"
                    )
                if id_column is not None and id_column not in chunk.columns:
                    raise InputError(
                        f"{src}: no column '{id_column}' (columns: {cols}); choose it with --id-column"
                    )
                idc = id_column or ("id" if "id" in chunk.columns else None)
                texts = chunk[text_column].tolist()
                res = clf.classify(texts)
                ae = res.column(AE)
                cues = res.cues
                if rule_cues and ae.any():
                    rows = np.flatnonzero(ae)
                    extra = rule_cues_for([texts[i] for i in rows])
                    for i, c in zip(rows, extra, strict=True):
                        cues[int(i)] = cues[int(i)] + [f"rules:{x}" for x in c]
                n = len(texts)
                ids = chunk[idc] if idc else pd.Series(
                    [str(i) for i in range(counts["rows"] + 1, counts["rows"] + n + 1)]
                )  # fmt: skip
                score = res.ae_scores
                frame = pd.DataFrame(
                    {
                        "id": ids.reset_index(drop=True),
                        "categories": res.category_strings(),
                        "adverse_event": ae.astype(np.int8),
                        "ae_score": np.where(np.isnan(score), "", np.char.mod("%.3f", np.nan_to_num(score))),
                        "products": ["|".join(p) for p in res.products],
                        "cues": ["|".join(c) for c in cues],
                        "status": [STATUS[int(s)] for s in res.status],
                    }
                )
                # formula-safe like every writer (warehouse.exporting): ids and cues come from the input
                neutralise_formulas(frame).to_csv(
                    out, index=False, header=first, lineterminator="\n", quoting=csv.QUOTE_MINIMAL
                )
                first = False
                counts["rows"] += n
                counts["adverse_events"] += int(ae.sum())
                counts["skipped"] += int(np.isin(res.status, SKIPPED).sum())
            if first:
                raise InputError(f"{src}: no rows after the header")
        tmp.replace(dst)
    finally:
        if tmp.exists():
            tmp.unlink()
    return counts


def _status() -> tuple[dict[int, str], tuple[int, ...]]:
    from reactions import features as F

    return F.STATUS_NAMES, (F.STATUS_EMPTY, F.STATUS_NO_TEXT)


STATUS, SKIPPED = _status()


def cmd_classify(args: argparse.Namespace) -> int:
    """relais classify --input FILE.csv --output OUT.csv"""
    from reactions.model import MODEL_VERSION, ModelFileError

    try:
        products = _products_arg(getattr(args, "products", None))
        counts = classify_file(args.input, args.output, args.text_column, args.id_column, products)
    except (InputError, ModelFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    n, ae = counts["rows"], counts["adverse_events"]
    skipped = f", {counts['skipped']} skipped (empty or no text)" if counts["skipped"] else ""
    print(
        f"{n} comments classified ({MODEL_VERSION}), {ae} possible adverse events{skipped} -> {args.output}"
    )
    if ae:
        print("Possible adverse events must be reviewed by pharmacovigilance.", file=sys.stderr)
    return EXIT_OK


# --------------------------------------------------------------------------- eval-reactions


def _classifier_for(name: str) -> Any:
    """The learned model, or rules-1.1 wrapped to give the same kind of result (for comparison)."""
    if name == "rules-1.1":
        from reactions.classify import RulesClassifier

        return RulesClassifier()
    from reactions.model import classifier

    return classifier()


def _eval_file(path: Path, clf: Any) -> dict[str, Any]:
    """A FILE: a references file (docs/annotation.md format, texts from ../shared) or id,text,categories,ae."""
    import pandas as pd

    from reactions import corpus as CO
    from reactions.evaluate import _rounded, evaluate_frame
    from reactions.rules import AE, CATEGORIES, LABELS

    df = read_table(path)
    if {"source", "key", "text_sha1"} <= set(df.columns):
        df, rep = CO.join_texts(CO.read_references(path))
        if not len(df):
            raise InputError(f"{path}: {rep.describe()}")
        note = rep.describe()
    elif {"text", "categories", "adverse_event"} <= set(df.columns):
        cats = df["categories"].fillna("").str.split("|")
        for c in CATEGORIES:
            df[c] = [float(c in set(x)) for x in cats]
        df[AE] = pd.to_numeric(df["adverse_event"].replace({"true": 1, "false": 0}), errors="coerce")
        note = f"{len(df)} comments"
    else:
        raise InputError(
            f"{path}: expected columns source,key,text_sha1 + labels (docs/annotation.md) or "
            f"id,text,categories,adverse_event; found {', '.join(df.columns)}"
        )
    figs = evaluate_frame(clf, df, [lab for lab in LABELS if lab in df.columns])
    return {"rows": len(df), "split": "all", "what": f"{path.name} ({note})", "labels": _rounded(figs)}


def cmd_eval_reactions(args: argparse.Namespace) -> int:
    """relais eval-reactions [--set NAME|FILE]... [--split S] [--classifier C] [--json] [--db PATH]"""
    from reactions import corpus as CO
    from reactions.evaluate import evaluate_sets, format_figures

    clf = _classifier_for(args.classifier)
    split = None if args.split == "all" else args.split
    sets = list(args.set or [])
    if getattr(args, "labelled", None):
        sets.append(args.labelled)
    out: dict[str, Any] = {}
    try:
        names = [s for s in sets if s in CO.SETS]
        files = [s for s in sets if s not in CO.SETS]
        for f in files:
            if not Path(f).exists():
                raise InputError(f"{f}: neither a known set ({', '.join(CO.SETS)}) nor a file")
        if names or not files:
            out.update(evaluate_sets(clf, names or None, split))
        for f in files:
            out[f] = _eval_file(Path(f), clf)
    except (InputError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    corrections = None
    if args.db:
        corrections = _evaluate_corrections(args.db, clf)
    version = getattr(clf, "version", args.classifier)
    if args.json:
        doc: dict[str, Any] = {"classifier_version": version, "split": args.split, "sets": out}
        if args.db:
            doc["corrections"] = corrections or {"rows": 0, "labels": {}}
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(
        f"classifier {version}; split {args.split} (sets are split by key: train 60% / dev 20% / held-out 20%)"
    )
    for name, fig in out.items():
        print()
        print(format_figures(name, fig))
    if args.db:
        print()
        if not corrections:
            print("No corrections in the warehouse yet.")
        else:
            print(format_figures("warehouse corrections as labels", corrections))
    return EXIT_OK


def _evaluate_corrections(db: str, clf: Any) -> dict[str, Any] | None:
    from reactions.classify import corrections_as_labels
    from reactions.evaluate import _rounded, evaluate_frame
    from reactions.rules import AE, CATEGORIES, LABELS
    from warehouse.db import connect

    with connect(db, read_only=True) as con:
        labels = corrections_as_labels(con)
    if labels.empty:
        return None
    cats = labels["categories"].fillna("").str.split("|")
    for c in CATEGORIES:
        labels[c] = [float(c in set(x)) for x in cats]
    labels[AE] = labels["adverse_event"].astype(float)
    figs = evaluate_frame(clf, labels, list(LABELS))
    return {"rows": len(labels), "split": "all", "what": f"{len(labels)} corrected comments",
            "labels": _rounded(figs)}  # fmt: skip


# --------------------------------------------------------------------------- train-reactions


def cmd_train_reactions(args: argparse.Namespace) -> int:
    """relais train-reactions [--check] [--out PATH]"""
    try:
        from reactions import train
    except ImportError as exc:  # pragma: no cover - scikit-learn missing
        print(f"error: training needs the [model] extra ({exc}); run `make model`", file=sys.stderr)
        return EXIT_USAGE
    from reactions.corpus import MissingSource

    try:
        return train.main(args.out or train.MODEL_PATH, check=args.check)
    except MissingSource as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def register_subcommands(subparsers: Any) -> None:
    """Add `classify`, `eval-reactions` and `train-reactions` to the `relais` command line."""
    p = subparsers.add_parser(
        "classify",
        help="label a CSV of comments (categories, adverse events) without a warehouse",
        description="Classify comments with the learned classifier (reactions-2.0). Input: CSV, utf-8 or "
        "cp1252, ',' or ';'. Output: id, categories ('|'-separated), adverse_event (0/1), ae_score (0-1), "
        "products, cues, status (ok, truncated, empty, no_text).",
    )
    p.add_argument("--input", required=True, help="CSV file of comments")
    p.add_argument("--output", required=True, help="CSV file to write")
    p.add_argument("--text-column", default="text", help="column holding the comment text (default: text)")
    p.add_argument(
        "--id-column", default=None, help="column holding the comment id (default: id, else the row number)"
    )
    p.add_argument(
        "--products",
        default=None,
        help="the client's products CSV (name, aliases, molecule) on top of the medicine lexicon",
    )
    p.set_defaults(func=cmd_classify)

    e = subparsers.add_parser(
        "eval-reactions",
        help="precision/recall/F1 with 95%% intervals on labelled sets (held-out split by default)",
    )
    e.add_argument(
        "--set",
        action="append",
        default=None,
        help="a named set (real, real_fr, real_en, smm4h_ade, vira_question, vira_question_noqmark, "
        "vira_concern, real_question_noqmark, posos_question_noqmark) or a labelled CSV FILE; repeatable; "
        "default: every named set whose sources are in ../shared",
    )
    e.add_argument("--split", default="heldout", choices=("heldout", "dev", "train", "all"))
    e.add_argument("--classifier", default="reactions-2.0", choices=("reactions-2.0", "rules-1.1"))
    e.add_argument("--labelled", default=None, help=argparse.SUPPRESS)  # older spelling of --set FILE
    e.add_argument("--json", action="store_true", help="print JSON")
    e.add_argument("--db", default=None, help="also evaluate this warehouse's corrections (opened read-only)")
    e.set_defaults(func=cmd_eval_reactions)

    t = subparsers.add_parser(
        "train-reactions",
        help="rebuild the reaction model from the labelled sets (needs ../shared and the [model] extra)",
    )
    t.add_argument(
        "--check", action="store_true", help="rebuild and compare with the shipped file, write nothing"
    )
    t.add_argument("--out", default=None, help="where to write the model (default: the shipped file)")
    t.set_defaults(func=cmd_train_reactions)


__all__ = [
    "register_subcommands",
    "cmd_classify",
    "cmd_eval_reactions",
    "cmd_train_reactions",
    "classify_file",
    "neutralise",
]
