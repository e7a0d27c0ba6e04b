"""How good are the reaction rules: precision, recall and F1 against labelled comments.

Why its own module: the same figures must come out of the tests (targets on
the labelled set), the CLI (`relais eval-reactions`) and people's corrections
in the warehouse (`reactions.classify.corrections_as_labels`), which become
labels as soon as someone fixes a comment.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from reactions.rules import AE, CATEGORIES

DEFAULT_LABELLED = Path(__file__).resolve().parents[1] / "tests" / "data" / "reactions_labelled.csv"
DEFAULT_HOLDOUT = DEFAULT_LABELLED.with_name("reactions_holdout.csv")
MACRO = "macro_f1"
# What the rules must reach on the labelled set (tests assert them).
TARGET_MACRO_F1 = 0.80
TARGET_AE_RECALL = 0.95
TARGET_AE_PRECISION = 0.70
COLUMNS = ("label", "precision", "recall", "f1", "support", "predicted", "tp", "fp", "fn")


def _cats(v: Any) -> frozenset[str]:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return frozenset()
    if isinstance(v, str):
        return frozenset(c.strip() for c in v.split("|") if c.strip())
    return frozenset(str(c) for c in v)


def _flag(v: Any) -> bool:
    if isinstance(v, str):
        return v.strip().lower() in {"1", "true", "yes", "oui", "vrai"}
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return False
    return bool(v)


def _predictions(labelled: pd.DataFrame, predictions: Any) -> list[tuple[frozenset[str], bool]]:
    """Predictions aligned with the labelled rows: by id when they carry ids, else by position."""
    if isinstance(predictions, pd.DataFrame):
        id_col = next((c for c in ("id", "comment_id") if c in predictions.columns), None)
        rows = list(zip(predictions["categories"], predictions["adverse_event"], strict=True))
        if id_col is not None and "id" in labelled.columns:
            by_id = dict(zip(predictions[id_col].astype(str), rows, strict=True))
            missing = [i for i in labelled["id"].astype(str) if i not in by_id]
            if missing:
                raise ValueError(f"no prediction for {len(missing)} labelled ids, e.g. {missing[:3]}")
            rows = [by_id[i] for i in labelled["id"].astype(str)]
        return [(_cats(c), _flag(a)) for c, a in rows]
    if isinstance(predictions, Mapping):
        return [
            (_cats(predictions[i].categories), bool(predictions[i].adverse_event))
            for i in labelled["id"].astype(str)
        ]
    preds = list(predictions)
    if len(preds) != len(labelled):
        raise ValueError(f"{len(preds)} predictions for {len(labelled)} labelled comments")
    return [(_cats(p.categories), bool(p.adverse_event)) for p in preds]


def _row(label: str, tp: int, fp: int, fn: int) -> dict[str, Any]:
    if tp + fp + fn == 0:  # neither labelled nor predicted: undefined, left out of the macro average
        p = r = f = float("nan")
    else:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
    return {"label": label, "precision": p, "recall": r, "f1": f, "support": tp + fn, "predicted": tp + fp,
            "tp": tp, "fp": fp, "fn": fn}  # fmt: skip


def evaluate(labelled_df: pd.DataFrame, predictions: Any) -> pd.DataFrame:
    """Per-category and adverse-event precision/recall/F1/support, then a macro_f1 row (8 categories).

    `labelled_df`: id, categories ('|'-separated or lists), adverse_event (0/1).
    `predictions`: classify_texts results in the same order, a {id: Result}
    mapping, or a DataFrame with id/comment_id, categories, adverse_event.
    """
    preds = _predictions(labelled_df, predictions)
    gold = [
        (_cats(c), _flag(a))
        for c, a in zip(labelled_df["categories"], labelled_df["adverse_event"], strict=True)
    ]
    rows = []
    for cat in CATEGORIES:
        tp = sum(1 for (g, _), (p, _) in zip(gold, preds, strict=True) if cat in g and cat in p)
        fp = sum(1 for (g, _), (p, _) in zip(gold, preds, strict=True) if cat not in g and cat in p)
        fn = sum(1 for (g, _), (p, _) in zip(gold, preds, strict=True) if cat in g and cat not in p)
        rows.append(_row(cat, tp, fp, fn))
    tp = sum(1 for (_, g), (_, p) in zip(gold, preds, strict=True) if g and p)
    fp = sum(1 for (_, g), (_, p) in zip(gold, preds, strict=True) if not g and p)
    fn = sum(1 for (_, g), (_, p) in zip(gold, preds, strict=True) if g and not p)
    rows.append(_row(AE, tp, fp, fn))
    f1s = [r["f1"] for r in rows[: len(CATEGORIES)] if not math.isnan(r["f1"])]
    macro = sum(f1s) / len(f1s) if f1s else float("nan")
    rows.append({"label": MACRO, "precision": float("nan"), "recall": float("nan"), "f1": macro,
                 "support": len(gold), "predicted": len(preds), "tp": 0, "fp": 0, "fn": 0})  # fmt: skip
    return pd.DataFrame(rows, columns=list(COLUMNS))


def metric(report: pd.DataFrame, label: str, column: str = "f1") -> float:
    """One figure of an `evaluate` report, e.g. metric(r, "adverse_event", "recall")."""
    return float(report.loc[report["label"] == label, column].iloc[0])


def targets_met(report: pd.DataFrame) -> dict[str, bool]:
    """The acceptance targets (macro-F1, AE recall and precision) against an `evaluate` report."""
    return {
        f"macro_f1 >= {TARGET_MACRO_F1}": metric(report, MACRO) >= TARGET_MACRO_F1,
        f"adverse_event recall >= {TARGET_AE_RECALL}": metric(report, AE, "recall") >= TARGET_AE_RECALL,
        f"adverse_event precision >= {TARGET_AE_PRECISION}": metric(report, AE, "precision")
        >= TARGET_AE_PRECISION,
    }


def errors(labelled_df: pd.DataFrame, results: Sequence[Any]) -> pd.DataFrame:
    """The labelled comments the rules get wrong, with the cues that fired (for reviewing rules)."""
    out = []
    for (_, row), r in zip(labelled_df.iterrows(), results, strict=True):
        g, a = _cats(row["categories"]), _flag(row["adverse_event"])
        if g != set(r.categories) or a != r.adverse_event:
            out.append({"id": row.get("id"), "text": row.get("text"), "expected": "|".join(sorted(g)),
                        "expected_ae": int(a), "got": "|".join(r.categories), "got_ae": int(r.adverse_event),
                        "cues": "|".join(r.cues)})  # fmt: skip
    return pd.DataFrame(out, columns=["id", "text", "expected", "expected_ae", "got", "got_ae", "cues"])


def read_labelled(path: str | Path) -> pd.DataFrame:
    """A labelled CSV (id, text, categories, adverse_event, ...), utf-8 or utf-8-sig."""
    df = pd.read_csv(path, encoding="utf-8-sig", dtype={"id": str, "text": str, "categories": str})
    missing = [c for c in ("id", "text", "categories", "adverse_event") if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    df["categories"] = df["categories"].fillna("")
    return df


def format_report(report: pd.DataFrame, title: str | None = None) -> str:
    """A plain-text table for the terminal."""
    lines = [title] if title else []
    lines.append(f"{'label':<15}{'precision':>10}{'recall':>10}{'f1':>8}{'support':>9}{'predicted':>11}")
    for r in report.to_dict("records"):
        if r["label"] == MACRO:
            lines.append(f"{'macro-F1 (8 categories)':<44}{r['f1']:>8.3f}{r['support']:>9}")
            continue

        def fmt(v: float, width: int) -> str:
            return f"{'-':>{width}}" if math.isnan(v) else f"{v:>{width}.3f}"

        lines.append(
            f"{r['label']:<15}{fmt(r['precision'], 10)}{fmt(r['recall'], 10)}{fmt(r['f1'], 8)}"
            f"{r['support']:>9}{r['predicted']:>11}"
        )
    return "\n".join(lines)


def report_records(report: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-friendly rows (NaN -> None)."""
    out = []
    for r in report.to_dict("records"):
        out.append({k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()})
    return out


def evaluate_texts(labelled_df: pd.DataFrame, classify: Any = None) -> tuple[pd.DataFrame, list[Any]]:
    """Classify the labelled texts with the Python rules and evaluate: (report, results)."""
    if classify is None:
        from reactions.classify import classify_texts as classify
    results = classify(list(labelled_df["text"]))
    return evaluate(labelled_df, results), results


__all__ = [
    "evaluate", "evaluate_texts", "metric", "targets_met", "errors", "read_labelled", "format_report",
    "report_records", "DEFAULT_LABELLED", "DEFAULT_HOLDOUT",
]  # fmt: skip
