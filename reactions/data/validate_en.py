"""Validate reactions/data/labelled_real_en.csv (pass1-en) against the labelling spec.

Checks the exact header, 0/1 label values, lang, annotator, that every (source, key) exists in its
source file under ../shared and that text_sha1 matches sha1(text)[:12], and no duplicate rows; prints
counts per label and per source. With --smm4h-agreement it also compares the adverse_event column
with SMM4H's own `ade` label on the smm4h_en rows (a sanity check, read only after labelling).

    python reactions/data/validate_en.py [--shared ../shared] [--smm4h-agreement]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FILE = HERE / "labelled_real_en.csv"
HEADER = [
    "source",
    "key",
    "lang",
    "text_sha1",
    "question",
    "testimony",
    "support",
    "intent",
    "awareness",
    "concern",
    "tag",
    "spam",
    "adverse_event",
    "annotator",
    "note",
]
LABELS = HEADER[4:13]
SOURCES = {  # source: (file under shared/, key column ("" = first, unnamed), text column)
    "ntmv_youtube_en": (
        "real_comments/en_ntmv_youtube_vaccine_comments/youtube_dat.first200.csv",
        "",
        "comments",
    ),
    "smm4h_en": ("corpora/en_smm4h20_task2_training.csv", "id", "text"),
    "vira_en": ("corpora/en_vira_intent_expressions_train.csv", "id", "text"),
}


def load(shared: Path, source: str) -> pd.DataFrame:
    rel, key, text = SOURCES[source]
    df = pd.read_csv(shared / rel, dtype=str, keep_default_na=False)
    return df.rename(columns={(key or df.columns[0]): "key", text: "text"})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--file", type=Path, default=FILE)
    ap.add_argument("--smm4h-agreement", action="store_true")
    ap.add_argument("--annotator", default="pass1-en")
    a = ap.parse_args()
    problems: list[str] = []
    raw = a.file.read_bytes()
    if b"\r" in raw:
        problems.append("CR line endings")
    df = pd.read_csv(a.file, dtype=str, keep_default_na=False)
    if list(df.columns) != HEADER:
        problems.append(f"header {list(df.columns)}")
    for c in LABELS:
        bad = df[~df[c].isin(["0", "1"])]
        if len(bad):
            problems.append(f"{c}: {len(bad)} values not 0/1")
    if (~df["lang"].isin(["en", "fr"])).any():
        problems.append("lang not en/fr")
    if (df["annotator"] != a.annotator).any():
        problems.append(f"annotator not {a.annotator}")
    dup = df.duplicated(["source", "key"]).sum()
    if dup:
        problems.append(f"{dup} duplicate (source, key)")
    unknown = set(df["source"]) - set(SOURCES)
    if unknown:
        problems.append(f"unknown sources {unknown}")
    sources = {s: load(a.shared, s) for s in SOURCES}
    for s, src in sources.items():
        if src["key"].duplicated().any():
            problems.append(f"{s}: keys not unique in the source")
        sha = dict(zip(src["key"], (hashlib.sha1(t.encode("utf-8")).hexdigest()[:12] for t in src["text"])))
        mine = df[df["source"] == s]
        missing = mine[~mine["key"].isin(sha)]
        if len(missing):
            problems.append(f"{s}: {len(missing)} keys not in source")
        wrong = mine[mine["key"].isin(sha) & (mine["key"].map(sha) != mine["text_sha1"])]
        if len(wrong):
            problems.append(f"{s}: {len(wrong)} text_sha1 mismatches")
    print(f"{a.file.name}: {len(df)} rows")
    print(df["source"].value_counts().to_string(), "\n")
    print(df["lang"].value_counts().to_string(), "\n")
    counts = df[LABELS].astype(int)
    print("label counts (all / per source):")
    print(pd.concat([counts.sum().rename("all"), counts.groupby(df["source"]).sum().T], axis=1).to_string())
    print(f"rows with no category: {(counts[LABELS[:8]].sum(axis=1) == 0).sum()}")
    if a.smm4h_agreement:
        smm = df[df["source"] == "smm4h_en"].merge(sources["smm4h_en"][["key", "ade"]], on="key")
        mine, gold = smm["adverse_event"].astype(int), smm["ade"].astype(int)
        tp, fp = int(((mine == 1) & (gold == 1)).sum()), int(((mine == 1) & (gold == 0)).sum())
        fn, tn = int(((mine == 0) & (gold == 1)).sum()), int(((mine == 0) & (gold == 0)).sum())
        n = tp + fp + fn + tn
        po = (tp + tn) / n
        pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / n**2
        print(f"\nSMM4H ade agreement on {n} rows: tp={tp} fp={fp} fn={fn} tn={tn}")
        print(
            f"  accuracy {po:.3f}  kappa {(po - pe) / (1 - pe):.3f}  "
            f"precision {tp / (tp + fp):.3f}  recall {tp / (tp + fn):.3f}  F1 {2 * tp / (2 * tp + fp + fn):.3f}"
        )
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    print("OK" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
