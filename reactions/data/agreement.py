"""Agreement between the first labelling pass and the blind second pass (docs/annotation.md).

Joins reactions/data/labelled_second_pass.csv with the first-pass files (labelled_real_fr.csv,
labelled_real_en.csv) on (source, key) and prints, per label (8 categories + adverse_event) and over all
labels pooled, for all rows and per language set (the first-pass file a row comes from): n, positives in
each pass, raw agreement, Cohen's kappa and a 95% percentile bootstrap interval of kappa (comments
resampled with replacement, fixed seed, so the interval is reproducible). Kappa is undefined ("n/a") when
both passes give a label to no row or to every row; raw agreement and the positive counts are shown beside
it because kappa is unstable for rare labels.

    python reactions/data/agreement.py [--boot 2000] [--seed 300] [--disagreements]

--disagreements lists each (source, key, label) on which the passes differ, with both notes (no text:
texts stay in ../shared).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
FIRST_PASS = {"fr": HERE / "labelled_real_fr.csv", "en": HERE / "labelled_real_en.csv"}
SECOND_PASS = HERE / "labelled_second_pass.csv"
LABELS = [
    "question",
    "testimony",
    "support",
    "intent",
    "awareness",
    "concern",
    "tag",
    "spam",
    "adverse_event",
]
BOOT = 2000
SEED = 300


def kappa(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cohen's kappa of two 0/1 ratings along the last axis (NaN where chance agreement is 1).

    Works on 1-D vectors and on (resamples, n) matrices, so the bootstrap is one vectorised call.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    po = (a == b).mean(axis=-1)
    pa, pb = a.mean(axis=-1), b.mean(axis=-1)
    pe = pa * pb + (1 - pa) * (1 - pb)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(pe < 1, (po - pe) / (1 - pe), np.nan)


def bootstrap_ci(a: np.ndarray, b: np.ndarray, boot: int, rng: np.random.Generator) -> tuple[float, float]:
    """95% percentile interval of kappa over comments resampled with replacement.

    For pooled labels pass (n, k) matrices: whole comments are resampled, keeping a comment's labels
    together (they are not independent units).
    """
    n = a.shape[0]
    idx = rng.integers(0, n, size=(boot, n))
    ka = a[idx].reshape(boot, -1)
    kb = b[idx].reshape(boot, -1)
    ks = kappa(ka, kb)
    ks = ks[~np.isnan(ks)]
    if len(ks) < boot * 0.5:  # interval meaningless when most resamples have no positive at all
        return (float("nan"), float("nan"))
    lo, hi = np.percentile(ks, [2.5, 97.5])
    return (float(lo), float(hi))


def load(first_pass: dict[str, Path] = FIRST_PASS, second_pass: Path = SECOND_PASS) -> pd.DataFrame:
    """One row per second-pass comment with both passes' labels (`<label>_1`, `<label>_2`) and its set."""
    first = pd.concat(
        [pd.read_csv(p, dtype=str, keep_default_na=False).assign(set=name) for name, p in first_pass.items()],
        ignore_index=True,
    )
    second = pd.read_csv(second_pass, dtype=str, keep_default_na=False)
    m = second.merge(first, on=["source", "key"], how="left", suffixes=("_2", "_1"), indicator=True)
    missing = m[m["_merge"] != "both"]
    if len(missing):
        raise SystemExit(
            f"{len(missing)} second-pass rows not in the first pass, e.g. {missing[['source', 'key']].head(3).values.tolist()}"
        )
    bad = m[m["text_sha1_1"] != m["text_sha1_2"]]
    if len(bad):
        raise SystemExit(
            f"{len(bad)} rows whose text_sha1 differs between passes, e.g. {bad['key'].head(3).tolist()}"
        )
    for c in LABELS:
        for s in ("_1", "_2"):
            m[c + s] = m[c + s].astype(int)
    return m.drop(columns="_merge")


def table(m: pd.DataFrame, boot: int = BOOT, seed: int = SEED) -> pd.DataFrame:
    """Per set (all, fr, en) and label (+ 'all labels' pooled): n, positives, raw agreement, kappa, CI."""
    rows = []
    sets = [("all", m)] + [(name, m[m["set"] == name]) for name in FIRST_PASS]
    for set_name, sub in sets:
        rng = np.random.default_rng(seed)  # same seed per set: a set's interval does not depend on the others
        for label in [*LABELS, "all labels"]:
            cols = LABELS if label == "all labels" else [label]
            a = sub[[c + "_1" for c in cols]].to_numpy()
            b = sub[[c + "_2" for c in cols]].to_numpy()
            k = float(kappa(a.ravel(), b.ravel()))
            lo, hi = bootstrap_ci(a, b, boot, rng)
            rows.append(
                {
                    "set": set_name,
                    "label": label,
                    "n": len(sub) * len(cols),
                    "pos_pass1": int(a.sum()),
                    "pos_pass2": int(b.sum()),
                    "agreement": float((a == b).mean()),
                    "kappa": k,
                    "ci_low": lo,
                    "ci_high": hi,
                }
            )
    return pd.DataFrame(rows)


def exact_match(m: pd.DataFrame) -> pd.Series:
    """Share of comments on which the two passes give the identical nine labels, per set."""
    same = np.all(
        m[[c + "_1" for c in LABELS]].to_numpy() == m[[c + "_2" for c in LABELS]].to_numpy(), axis=1
    )
    out = {"all": same.mean()}
    for name in FIRST_PASS:
        out[name] = same[(m["set"] == name).to_numpy()].mean()
    return pd.Series(out)


def disagreements(m: pd.DataFrame) -> pd.DataFrame:
    """Every (comment, label) the passes disagree on, with both notes."""
    parts = []
    for c in LABELS:
        d = m[m[c + "_1"] != m[c + "_2"]]
        parts.append(
            pd.DataFrame(
                {
                    "set": d["set"],
                    "source": d["source"],
                    "key": d["key"],
                    "label": c,
                    "pass1": d[c + "_1"],
                    "pass2": d[c + "_2"],
                    "note1": d["note_1"],
                    "note2": d["note_2"],
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def fmt(v: float, spec: str = ".2f") -> str:
    return "n/a" if np.isnan(v) else format(v, spec)


def markdown(t: pd.DataFrame) -> str:
    lines = [
        "| set | label | n | positives pass 1 | positives pass 2 | raw agreement | kappa | kappa 95% CI |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in t.itertuples():
        ci = "n/a" if np.isnan(r.ci_low) else f"{r.ci_low:.2f} – {r.ci_high:.2f}"
        lines.append(
            f"| {r.set} | {r.label} | {r.n} | {r.pos_pass1} | {r.pos_pass2} | {r.agreement:.1%} | {fmt(r.kappa)} | {ci} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--boot", type=int, default=BOOT, help="bootstrap resamples")
    ap.add_argument("--seed", type=int, default=SEED, help="bootstrap seed")
    ap.add_argument("--disagreements", action="store_true", help="list the disagreements")
    a = ap.parse_args(argv)
    m = load()
    print(
        f"{len(m)} comments in both passes ({', '.join(f'{k}: {v}' for k, v in m['set'].value_counts().items())})"
    )
    print(
        f"bootstrap: {a.boot} resamples of comments, seed {a.seed}; 'all labels' pools the 9 labels per comment\n"
    )
    print(markdown(table(m, a.boot, a.seed)))
    em = exact_match(m)
    print("\nidentical 9 labels: " + ", ".join(f"{k} {v:.1%}" for k, v in em.items()))
    lang = (m["lang_1"] != m["lang_2"]).sum()
    print(f"lang differs on {lang} comment(s)")
    if a.disagreements:
        with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 60):
            print()
            print(disagreements(m).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
