"""Deterministic, blind selection of the 300 comments for the second labelling pass (docs/annotation.md).

150 rows of labelled_real_fr.csv and 150 of labelled_real_en.csv, each drawn with
DataFrame.sample(n=150, random_state=300). Only the `source` and `key` columns of the first-pass files
are read (`usecols`): the draw depends only on the number of rows and the seed, so it picks the same rows
as sampling the whole file, while the first-pass labels and notes are never loaded — the second pass
stays blind. The texts are looked up in ../shared (or --shared / $RELAIS_SHARED) through the sources of
docs/annotation.md and cut into batches (source, key, text only) under /tmp (--out), for reading.
Texts never go into the project.

    python reactions/data/select_second_pass.py [--shared ../shared] [--out /tmp/relais_pass2_batches]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
N_PER_SET = 150
SEED = 300
BATCH = 50
FIRST_PASS = {"fr": HERE / "labelled_real_fr.csv", "en": HERE / "labelled_real_en.csv"}
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
    """First 12 hex chars of the text's SHA-1, the project's reference to a third-party text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def draw(first_pass: dict[str, Path] = FIRST_PASS) -> pd.DataFrame:
    """The 300 (set, source, key) rows, read blind: only source and key of the first-pass files."""
    parts = []
    for name, path in first_pass.items():
        df = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=["source", "key"])
        parts.append(df.sample(n=N_PER_SET, random_state=SEED).assign(set=name))
    return pd.concat(parts, ignore_index=True)[["set", "source", "key"]]


def source_texts(shared: Path, source: str) -> dict[str, str]:
    """key -> text of one source file (konkinit_fr repeats a tweet per vaccine type: same id, same text)."""
    rel, key, text = SOURCES[source]
    df = pd.read_csv(shared / rel, dtype=str, keep_default_na=False)
    keys = df[key] if key else df.iloc[:, 0]
    out: dict[str, str] = {}
    for k, t in zip(keys, df[text], strict=True):
        out.setdefault(k, t)
    return out


def select(shared: Path) -> pd.DataFrame:
    """The drawn rows with their text and text_sha1, in a shuffled reading order (fixed seed)."""
    sel = draw()
    cache = {s: source_texts(shared, s) for s in sorted(set(sel["source"]))}
    missing = [(s, k) for s, k in zip(sel["source"], sel["key"], strict=True) if k not in cache[s]]
    if missing:
        raise SystemExit(f"keys not found in their source file: {missing[:5]}")
    sel["text"] = [cache[s][k] for s, k in zip(sel["source"], sel["key"], strict=True)]
    sel["text_sha1"] = sel["text"].map(sha12)
    # mix the two sets so a reader cannot tell the first-pass file from the position
    return sel.sample(frac=1, random_state=SEED).reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("RELAIS_SHARED", ROOT.parent / "shared"))
    )
    ap.add_argument("--out", type=Path, default=Path("/tmp/relais_pass2_batches"))
    a = ap.parse_args(argv)
    if not str(a.out.resolve()).startswith("/tmp/"):
        ap.error("--out must be under /tmp (texts never go into the project)")
    sel = select(a.shared)
    a.out.mkdir(parents=True, exist_ok=True)
    sel[["set", "source", "key", "text_sha1"]].rename_axis("idx").to_csv(a.out / "manifest.csv")
    for b in range(0, len(sel), BATCH):
        with open(a.out / f"batch_{b // BATCH:02d}.txt", "w", encoding="utf-8") as f:
            for i in range(b, min(b + BATCH, len(sel))):
                r = sel.iloc[i]
                f.write(f"[{i}] {r.source}:{r.key}\n{' '.join(r.text.split())}\n\n")
    print(sel.groupby(["set", "source"]).size().to_string())
    print(f"selected: {len(sel)}; batches: {(len(sel) + BATCH - 1) // BATCH} in {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
