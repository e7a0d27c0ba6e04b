"""Train `reactions-2.0` from the labelled sets and write the model file (`relais train-reactions`, `make model`).

Why this procedure (and nothing is tuned on held-out rows):

1. Data (`reactions.corpus`): the project's hand-labelled real comments (8 categories + adverse event),
   plus, for the labels they carry, SMM4H task-2 tweets (adverse event), VIRA chatbot messages (question;
   concern positives) and Posos forum questions (question). A text labelled by the project keeps the
   project's labels. Every row's split comes from its key: train 60%, dev 20%, held-out 20%.
2. Features (`reactions.features`): hashed character n-grams, words, bigrams, cue classes (the rules'
   vocabularies and the medicine lexicon) and meta features.
3. Per label, a logistic regression (liblinear, balanced class weights). The regularisation C is chosen on
   the dev split (average precision on the project's labelled dev rows; for the adverse event also on the
   SMM4H dev tweets).
4. Thresholds from out-of-fold probabilities (5 folds over train + dev): categories at the best F1 on the
   project's labelled rows; the adverse event at the pharmacovigilance operating point, the highest
   threshold whose out-of-fold recall reaches `PV_TARGET_RECALL` on the pooled project and SMM4H rows
   (recall first: a person triages the queue; a missed report is the costly error).
5. The final models are fitted on train + dev; weights are stored as int16 (a scale per label). The held-out figures are
   computed with the stored (rounded) weights, i.e. exactly what ships, and written into the file.

Reproducibility: inputs are fingerprinted (labelled files, source files, lexicon, this code's settings),
liblinear runs with a fixed seed, the file has no timestamp: the same inputs give the same bytes
(`relais train-reactions --check` rebuilds and compares).
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from reactions import corpus as CO
from reactions import features as F
from reactions.model import LEARNED, MODEL_PATH, MODEL_VERSION, Classifier, LinearModel
from reactions.rules import AE

BITS = 18
NGRAMS = (3, 4, 5)
C_GRID = (1.0, 3.0, 10.0, 30.0, 100.0)
FOLDS = 5
SEED = 20261202
PV_TARGET_RECALL = 0.85
MIN_POSITIVES = 5  # a label with fewer known positives in train is not learned


def _log(msg: str, log: Callable[[str], None] | None) -> None:
    if log:
        log(msg)


def training_frame(shared: Path | None = None) -> pd.DataFrame:
    """Every labelled row (project + corpora), one per text key, with `own` = labelled by the project."""
    missing = CO.missing_sources(shared)
    if missing:
        raise CO.MissingSource("cannot train without the labelled sources; missing: " + ", ".join(missing))
    own, rep = CO.labelled_real(shared=shared)
    if not rep.ok:
        raise CO.MissingSource(rep.describe())
    own = own.assign(own=True)
    keys = set(own["key"])
    parts = [own]
    for fn in (CO.smm4h_ade, CO.vira, CO.posos):
        d = fn(shared)
        parts.append(d[~d["key"].isin(keys)].assign(own=False))
    cols = ["id", "source", "key", "lang", "text", "split", "own", *CO.LABELS]
    df = pd.concat([p[cols] for p in parts], ignore_index=True)
    return df.sort_values("id", kind="stable").reset_index(drop=True)


def design_matrix(clf: Classifier, texts: list[str]) -> Any:
    """The sparse matrix of exactly what `LinearModel.margins` computes (scaled occurrences per slot)."""
    from scipy import sparse

    mats = []
    for a, b in F.chunks(texts):
        enc = clf.encode(texts[a:b])
        n = enc.batch.n
        rows, cols, vals = [], [], []
        for fam, parts in enc.families.items():
            cnt = enc.counts(fam)
            scale = 1.0 / np.sqrt(np.maximum(cnt, 1)) if fam in F.SQRT_SCALED else np.ones(n)
            for ptr, slots in parts:
                r = np.repeat(np.arange(n), np.diff(ptr))
                rows.append(r)
                cols.append(slots)
                vals.append(scale[r])
        m = sparse.csr_matrix(
            (np.concatenate(vals).astype(np.float64), (np.concatenate(rows), np.concatenate(cols))),
            shape=(n, 1 << clf.model.bits),
        )
        m.sum_duplicates()
        mats.append(m)
    return sparse.vstack(mats).tocsr()


def _fit(X: Any, y: np.ndarray, C: float) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(
        C=C, class_weight="balanced", solver="liblinear", dual=True, max_iter=2000, random_state=SEED
    )
    m.fit(X, y)
    return m.coef_.ravel().astype(np.float64), float(m.intercept_[0])


def _ap(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import average_precision_score

    return float(average_precision_score(y, s)) if y.sum() and (1 - y).sum() else float("nan")


def _best_f1_threshold(y: np.ndarray, p: np.ndarray) -> float:
    order = np.argsort(-p, kind="stable")
    ys, ps = y[order], p[order]
    tp = np.cumsum(ys)
    k = np.arange(1, len(ys) + 1)
    f1 = 2 * tp / (k + ys.sum())
    last = np.r_[ps[1:] != ps[:-1], True]  # only cut between distinct scores
    f1 = np.where(last, f1, -1)
    i = int(np.argmax(f1))
    return float(ps[i])


def _recall_threshold(y: np.ndarray, p: np.ndarray, target: float) -> float:
    """The highest threshold whose recall reaches `target`."""
    pos = np.sort(p[y == 1])[::-1]
    need = int(np.ceil(target * len(pos)))
    return float(pos[max(need - 1, 0)])


def _folds(keys: pd.Series) -> np.ndarray:
    return np.array([int(hashlib.sha1(("fold:" + k).encode()).hexdigest()[:8], 16) % FOLDS for k in keys])


def fingerprint(shared: Path | None = None) -> dict[str, str]:
    """sha256 (first 16 hex) of every data input (labelled files, source files, lexicon) and of the settings.

    Code is not fingerprinted: a change of the features or of the training changes the weights, which
    `relais train-reactions --check` compares byte for byte anyway.
    """
    base = shared or CO.shared_dir()
    files = {f"labels/{p.name}": p for p in CO.LABELLED_FILES.values()}
    files.update({f"shared/{rel}": base / rel for rel, _, _ in CO.SOURCES.values()})
    files["data/medicines.csv"] = Path(__file__).resolve().parent / "data" / "medicines.csv"
    out = {k: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for k, p in sorted(files.items())}
    out["settings"] = hashlib.sha256(
        json.dumps([BITS, NGRAMS, C_GRID, FOLDS, SEED, PV_TARGET_RECALL, MIN_POSITIVES]).encode()
    ).hexdigest()[:16]
    return out


def train(shared: Path | None = None, log: Callable[[str], None] | None = print) -> LinearModel:
    """The whole procedure of the module docstring; returns the model (held-out figures in `meta`)."""
    data = training_frame(shared)
    _log(f"{len(data)} labelled texts ({int(data['own'].sum())} labelled by the project)", log)
    k = len(LEARNED)
    placeholder = LinearModel.from_weights(BITS, LEARNED, np.zeros((1 << BITS, k)), np.zeros(k), np.full(k, 0.5),
                                           {"version": MODEL_VERSION}, NGRAMS)  # fmt: skip
    clf = Classifier(placeholder)
    X = design_matrix(clf, list(data["text"]))
    _log(f"features: {X.shape[1]} slots, {X.nnz} non-zeros", log)
    split = data["split"].to_numpy()
    own = data["own"].to_numpy()
    smm = (data["source"] == "smm4h_en").to_numpy()
    fit_rows = split != "heldout"
    folds = _folds(data["key"])
    weights = np.zeros((1 << BITS, k), np.float64)
    bias = np.zeros(k)
    thresholds = np.full(k, 0.5)
    choices: dict[str, Any] = {}
    for j, lab in enumerate(LEARNED):
        y = data[lab].to_numpy(dtype=np.float64)
        known = ~np.isnan(y)
        tr = known & (split == "train")
        if y[tr].sum() < MIN_POSITIVES:
            _log(f"{lab}: {int(y[tr].sum())} positives in train, not learned", log)
            thresholds[j] = 1.1
            continue
        dev_eval = known & (split == "dev") & (own | (smm if lab == AE else False))
        best = None
        for C in C_GRID:
            w, b = _fit(X[tr], y[tr], C)
            s = X[dev_eval] @ w + b
            ap = _ap(y[dev_eval], s)
            if lab == AE:  # also the English tweets the PV target is measured on
                sm = known & (split == "dev") & smm & ~own
                ap = (ap + _ap(y[sm], X[sm] @ w + b)) / 2
            if best is None or ap > best[0] + 1e-9:
                best = (ap, C)
        assert best is not None
        C = best[1]
        fit = known & fit_rows
        oof = np.full(len(y), np.nan)
        for f in range(FOLDS):
            trf = fit & (folds != f)
            tef = fit & (folds == f)
            w, b = _fit(X[trf], y[trf], C)
            oof[tef] = 1 / (1 + np.exp(-(X[tef] @ w + b)))
        if lab == AE:
            pool = fit & (own | smm)
            thr = _recall_threshold(y[pool], oof[pool], PV_TARGET_RECALL)
        else:
            pool = fit & own
            thr = _best_f1_threshold(y[pool], oof[pool])
        w, b = _fit(X[fit], y[fit], C)
        weights[:, j], bias[j], thresholds[j] = w, b, thr
        choices[lab] = {"C": C, "dev_ap": round(best[0], 4), "threshold": round(thr, 6),
                        "train_rows": int(fit.sum()), "train_positives": int(y[fit].sum())}  # fmt: skip
        _log(f"{lab}: C={C} dev AP={best[0]:.3f} threshold={thr:.4f} ({int(y[fit].sum())} positives)", log)
    import sklearn

    meta = {
        "version": MODEL_VERSION,
        "inputs": fingerprint(shared),
        "training": choices,
        "pv_target_recall": PV_TARGET_RECALL,
        "software": {
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },  # fmt: skip
    }
    model = LinearModel.from_weights(BITS, LEARNED, weights, bias, thresholds, meta, NGRAMS)
    model = LinearModel.from_bytes(model.to_bytes())  # exactly what ships
    from reactions.evaluate import evaluate_sets

    figures = evaluate_sets(Classifier(model), split="heldout", shared=shared)
    model.meta["heldout"] = figures
    return model


def main(out: str | Path = MODEL_PATH, check: bool = False, shared: Path | None = None) -> int:
    """Train and write (or, with `check`, compare with the existing file); exit code."""
    model = train(shared)
    data = model.to_bytes()
    out = Path(out)
    if check:
        same = out.exists() and out.read_bytes() == data
        print(f"{out}: {'identical to the rebuild' if same else 'DIFFERS from the rebuild'}")
        return 0 if same else 1
    out.write_bytes(data)
    print(f"{out}: {len(data):,} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(check="--check" in sys.argv))
