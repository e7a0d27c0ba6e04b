"""Validate a hand-labelled file against docs/annotation.md (default: labelled_real_fr.csv).

Checks: exact header, 0/1 labels, known sources, every key exists in its source file and its
text_sha1 matches the text, no duplicate (source, key), lang fr/en, annotator set. Prints counts per
label. Reads ../shared (or --shared / $RELAIS_SHARED). Exit code 1 on any problem.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
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
SOURCES = {  # source code: (file under shared/, key column or None for the first unnamed column, text column)
    "posos_fr": ("corpora/fr_posos_drug_questions_even.csv", "id", "text"),
    "konkinit_fr": ("real_comments/fr_konkinit_vaccine_tweets/tweets_vaccins.first200.csv", "id", "texte"),
    "ntmv_youtube_en": (
        "real_comments/en_ntmv_youtube_vaccine_comments/youtube_dat.first200.csv",
        None,
        "comments",
    ),
    "smm4h_en": ("corpora/en_smm4h20_task2_training.csv", "id", "text"),
    "vira_en": ("corpora/en_vira_intent_expressions_train.csv", "id", "text"),
}


def sha12(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def texts(shared: Path, source: str) -> dict[str, set[str]]:
    rel, key, text = SOURCES[source]
    df = pd.read_csv(shared / rel, dtype=str, keep_default_na=False)
    keys = df[key] if key else df.iloc[:, 0]
    out: dict[str, set[str]] = {}
    for k, t in zip(keys, df[text], strict=True):
        out.setdefault(k, set()).add(sha12(t))
    return out


def validate(path: Path, shared: Path) -> list[str]:
    problems: list[str] = []
    raw = path.read_bytes()
    if b"\r\n" in raw:
        problems.append("CRLF line ends")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != HEADER:
        problems.append(f"header {rows[0]} != {HEADER}")
        return problems
    df = pd.DataFrame(rows[1:], columns=HEADER)
    for c in LABELS:
        bad = ~df[c].isin(["0", "1"])
        if bad.any():
            problems.append(f"{c}: {int(bad.sum())} values not 0/1")
    if (~df["lang"].isin(["fr", "en"])).any():
        problems.append("lang not fr/en")
    if (df["annotator"] == "").any():
        problems.append("empty annotator")
    unknown = set(df["source"]) - set(SOURCES)
    if unknown:
        problems.append(f"unknown sources {unknown}")
    dup = df.duplicated(["source", "key"])
    if dup.any():
        problems.append(f"{int(dup.sum())} duplicate (source, key)")
    for source in sorted(set(df["source"]) & set(SOURCES)):
        idx = texts(shared, source)
        sub = df[df["source"] == source]
        missing = [k for k in sub["key"] if k not in idx]
        if missing:
            problems.append(f"{source}: {len(missing)} keys not in source, e.g. {missing[:3]}")
        mism = [k for k, h in zip(sub["key"], sub["text_sha1"], strict=True) if k in idx and h not in idx[k]]
        if mism:
            problems.append(f"{source}: {len(mism)} text_sha1 mismatches, e.g. {mism[:3]}")
    print(f"{path.name}: {len(df)} rows")
    print(df.groupby("source").size().to_string())
    counts = df[LABELS].astype(int).sum()
    print(counts.to_string())
    print(f"no category: {int((df[LABELS[:-1]].astype(int).sum(axis=1) == 0).sum())}")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=HERE / "labelled_real_fr.csv")
    ap.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("RELAIS_SHARED", ROOT.parent / "shared"))
    )
    a = ap.parse_args(argv)
    problems = validate(a.path, a.shared)
    for p in problems:
        print("PROBLEM:", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
