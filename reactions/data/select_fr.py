"""Deterministic selection of the French comments for the hand-labelled set (docs/annotation.md).

All rows of konkinit_fr (one per tweet id: the file repeats a tweet once per vaccine type) plus
1,400 rows of posos_fr drawn with DataFrame.sample(n=1400, random_state=20261202).

Reads ../shared (or --shared / $RELAIS_SHARED); writes nothing into the project: it prints a summary
and cuts the selection into batches of ~100 texts under a folder in /tmp (--out), for reading.
Texts never go into the project: the labelled CSV keeps source, key and text_sha1 only.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {
    "konkinit_fr": ("real_comments/fr_konkinit_vaccine_tweets/tweets_vaccins.first200.csv", "id", "texte"),
    "posos_fr": ("corpora/fr_posos_drug_questions_even.csv", "id", "text"),
}
POSOS_N = 1400
SEED = 20261202
BATCH = 100


def sha12(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def read(shared: Path, source: str) -> pd.DataFrame:
    rel, key, text = SOURCES[source]
    df = pd.read_csv(shared / rel, dtype=str, keep_default_na=False)
    return pd.DataFrame({"source": source, "key": df[key], "text": df[text]})


def select(shared: Path) -> tuple[pd.DataFrame, dict[str, int]]:
    counts: dict[str, int] = {}
    kon = read(shared, "konkinit_fr")
    counts["konkinit_rows"] = len(kon)
    # a tweet listed once per vaccine type: same id, same text
    assert kon.groupby("key")["text"].nunique().max() == 1, "same id with different texts"
    kon = kon.drop_duplicates("key", keep="first")
    counts["konkinit_unique_ids"] = len(kon)
    pos = read(shared, "posos_fr").sample(n=POSOS_N, random_state=SEED)
    counts["posos_sampled"] = len(pos)
    sel = pd.concat([kon, pos], ignore_index=True)
    empty = sel["text"].str.strip() == ""
    counts["empty_skipped"] = int(empty.sum())
    sel = sel[~empty].reset_index(drop=True)
    sel["text_sha1"] = sel["text"].map(sha12)
    counts["selected"] = len(sel)
    return sel, counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("RELAIS_SHARED", ROOT.parent / "shared"))
    )
    ap.add_argument("--out", type=Path, default=Path("/tmp/relais_fr_batches"))
    a = ap.parse_args(argv)
    if not str(a.out.resolve()).startswith("/tmp/"):
        ap.error("--out must be under /tmp (texts never go into the project)")
    sel, counts = select(a.shared)
    a.out.mkdir(parents=True, exist_ok=True)
    sel[["source", "key", "text_sha1"]].rename_axis("idx").to_csv(a.out / "manifest.csv")
    for b in range(0, len(sel), BATCH):
        with open(a.out / f"batch_{b // BATCH:02d}.txt", "w", encoding="utf-8") as f:
            for i in range(b, min(b + BATCH, len(sel))):
                r = sel.iloc[i]
                f.write(f"[{i}] {r.source}:{r.key}\n{' '.join(r.text.split())}\n\n")
    for k, v in counts.items():
        print(f"{k}: {v}")
    print(f"batches: {(len(sel) + BATCH - 1) // BATCH} in {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
