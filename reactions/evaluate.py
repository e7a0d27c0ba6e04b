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

import numpy as np
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


# --------------------------------------------------------------------------- real sets, with intervals

Z95 = 1.959963984540054
BOOTSTRAP = 1000
BOOTSTRAP_SEED = 20261202


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95% Wilson score interval of a proportion k/n ((nan, nan) when n = 0)."""
    if n == 0:
        return (float("nan"), float("nan"))
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def _f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(tp + fp + fn > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), np.nan)


def label_figures(gold: np.ndarray, pred: np.ndarray, labels: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Per label: n, support, predicted, tp/fp/fn, precision and recall with Wilson 95% intervals, F1 with a
    bootstrap 95% interval (rows resampled, fixed seed); gold NaN = label unknown for that row.
    Also `macro_f1` over the categories present (support or predictions > 0), bootstrapped the same way."""
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    n = gold.shape[0]
    idx = rng.integers(0, n, size=(BOOTSTRAP, n)) if n else np.zeros((BOOTSTRAP, 0), dtype=np.int64)
    out: dict[str, dict[str, Any]] = {}
    boot_f1: dict[str, np.ndarray] = {}
    for j, lab in enumerate(labels):
        g, p = gold[:, j], pred[:, j]
        known = ~np.isnan(g)
        if not known.any():
            continue
        gk, pk = g[known] == 1, p[known].astype(bool)
        tp, fp, fn = int((gk & pk).sum()), int((~gk & pk).sum()), int((gk & ~pk).sum())
        rec = tp / (tp + fn) if tp + fn else float("nan")
        prec = tp / (tp + fp) if tp + fp else float("nan")
        f1 = float(_f1(np.array(tp), np.array(fp), np.array(fn)))
        # bootstrap: per resample, counts over the resampled known rows
        kn = known.astype(np.int64)
        tpv = ((g == 1) & p.astype(bool) & known).astype(np.int64)
        fpv = ((g == 0) & p.astype(bool) & known).astype(np.int64)
        fnv = ((g == 1) & ~p.astype(bool) & known).astype(np.int64)
        bf = _f1(tpv[idx].sum(1), fpv[idx].sum(1), fnv[idx].sum(1)) if n else np.array([np.nan])
        boot_f1[lab] = bf
        lo, hi = np.nanpercentile(bf, [2.5, 97.5]) if np.isfinite(bf).any() else (np.nan, np.nan)
        out[lab] = {
            "n": int(kn.sum()), "support": tp + fn, "predicted": tp + fp, "tp": tp, "fp": fp, "fn": fn,
            "precision": prec, "precision_ci": list(wilson(tp, tp + fp)),
            "recall": rec, "recall_ci": list(wilson(tp, tp + fn)),
            "f1": f1, "f1_ci": [float(lo), float(hi)],
        }  # fmt: skip
    cats = [c for c in CATEGORIES if c in out and (out[c]["support"] or out[c]["predicted"])]
    if len(cats) > 1:
        stack = np.vstack([boot_f1[c] for c in cats])
        macro_b = np.nanmean(stack, axis=0)
        macro = float(np.mean([out[c]["f1"] for c in cats]))
        out[MACRO] = {"f1": macro, "f1_ci": [float(x) for x in np.nanpercentile(macro_b, [2.5, 97.5])],
                      "categories": cats, "n": n}  # fmt: skip
    return out


def result_matrix(result: Any, labels: Sequence[str]) -> np.ndarray:
    """Decisions of a `reactions.model.BatchResult` as a (rows, labels) 0/1 matrix."""
    return np.column_stack([result.column(lab) for lab in labels]).astype(np.float64)


def evaluate_frame(classifier: Any, df: pd.DataFrame, labels: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Classify `df["text"]` and compare with its label columns (NaN = unknown)."""
    res = classifier.classify(list(df["text"]), explain=False, products=False)
    gold = np.column_stack([pd.to_numeric(df[lab], errors="coerce").to_numpy(np.float64) for lab in labels])
    return label_figures(gold, result_matrix(res, labels), labels)


def evaluate_sets(
    classifier: Any, names: Sequence[str] | None = None, split: str | None = "heldout", shared: Any = None
) -> dict[str, Any]:
    """Figures for every named set of `reactions.corpus.SETS` whose sources are present (others: `missing`)."""
    from reactions import corpus as CO

    out: dict[str, Any] = {}
    for name in names or list(CO.SETS):
        spec = CO.SETS[name]
        try:
            df = CO.load_set(name, split, shared)
        except CO.MissingSource as exc:
            out[name] = {"missing": str(exc)}
            continue
        figs = evaluate_frame(classifier, df, spec.labels)
        out[name] = {"rows": len(df), "split": split or "all", "what": spec.what,
                     "labels": _rounded(figs)}  # fmt: skip
    return out


def _rounded(figs: dict[str, Any]) -> dict[str, Any]:
    def r(v: Any) -> Any:
        if isinstance(v, float):
            return None if math.isnan(v) else round(v, 4)
        if isinstance(v, list):
            return [r(x) for x in v]
        if isinstance(v, dict):
            return {k: r(x) for k, x in v.items()}
        return v

    return r(figs)


def format_figures(name: str, fig: dict[str, Any]) -> str:
    """A terminal table of one set's figures (precision / recall / F1 with 95% intervals)."""
    if "missing" in fig:
        return f"{name}: not available ({fig['missing']})"
    lines = [f"{name}: {fig['what']} — {fig['rows']} comments ({fig['split']})"]
    lines.append(
        f"  {'label':<15}{'n':>6}{'support':>8}{'precision [95% CI]':>26}{'recall [95% CI]':>26}{'F1 [95% CI]':>26}"
    )

    def cell(v: Any, ci: Any) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return f"{'-':>26}"
        lo, hi = ci
        return f"{v:>10.3f} [{lo:.3f}, {hi:.3f}]".rjust(26) if lo is not None else f"{v:>26.3f}"

    for lab, r in fig["labels"].items():
        if lab == MACRO:
            continue
        lines.append(
            f"  {lab:<15}{r['n']:>6}{r['support']:>8}{cell(r['precision'], r['precision_ci'])}"
            f"{cell(r['recall'], r['recall_ci'])}{cell(r['f1'], r['f1_ci'])}"
        )
    if MACRO in fig["labels"]:
        m = fig["labels"][MACRO]
        lines.append(f"  macro-F1 over {len(m['categories'])} categories: {m['f1']:.3f} "
                     f"[{m['f1_ci'][0]:.3f}, {m['f1_ci'][1]:.3f}]")  # fmt: skip
    return "\n".join(lines)


__all__ = [
    "evaluate", "evaluate_texts", "label_figures", "evaluate_sets", "evaluate_frame", "wilson", "format_figures", "metric", "targets_met", "errors", "read_labelled", "format_report",
    "report_records", "DEFAULT_LABELLED", "DEFAULT_HOLDOUT",
]  # fmt: skip
