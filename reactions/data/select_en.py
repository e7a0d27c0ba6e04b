"""Deterministic selection of real English comments for hand labelling (pass1-en).

Reads the third-party corpora from ../shared (never copies text into the project) and cuts
batches of ~100 rows (source, key, text only — no source labels) into a temporary folder.

    python reactions/data/select_en.py [--shared ../shared] [--out /tmp/relais_en_batches]

Selection (fixed seeds, so anyone can rebuild the same set):
- ntmv_youtube_en: all 200 rows;
- smm4h_en: 700 rows df.sample(n=700, random_state=20261202) from all rows, plus 300 rows drawn the
  same way from the rows with ade == 1 not already taken (so the set holds enough real reports);
- vira_en: 300 rows df.sample(n=300, random_state=20261202);
the union is shuffled (random_state=7) so the annotator cannot tell a text's stratum.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261202

# source code -> (path under shared, key column, text column)
SOURCES = {
    "ntmv_youtube_en": (
        "real_comments/en_ntmv_youtube_vaccine_comments/youtube_dat.first200.csv",
        "",  # first column, unnamed
        "comments",
    ),
    "smm4h_en": ("corpora/en_smm4h20_task2_training.csv", "id", "text"),
    "vira_en": ("corpora/en_vira_intent_expressions_train.csv", "id", "text"),
}


def read_source(shared: Path, source: str) -> pd.DataFrame:
    rel, key_col, text_col = SOURCES[source]
    df = pd.read_csv(shared / rel, dtype=str, keep_default_na=False)
    if key_col == "":
        key_col = df.columns[0]  # pandas names the unnamed first column "Unnamed: 0"
    return df.rename(columns={key_col: "key", text_col: "text"})


def select(shared: Path) -> pd.DataFrame:
    parts = []
    ntmv = read_source(shared, "ntmv_youtube_en")
    parts.append(ntmv.assign(source="ntmv_youtube_en"))

    smm = read_source(shared, "smm4h_en")
    first = smm.sample(n=700, random_state=SEED)
    rest = smm[(smm["ade"] == "1") & ~smm.index.isin(first.index)]
    extra = rest.sample(n=300, random_state=SEED)
    parts.append(pd.concat([first, extra]).assign(source="smm4h_en"))

    vira = read_source(shared, "vira_en")
    parts.append(vira.sample(n=300, random_state=SEED).assign(source="vira_en"))

    union = pd.concat([p[["source", "key", "text"]] for p in parts], ignore_index=True)
    assert not union.duplicated(["source", "key"]).any()
    return union.sample(frac=1, random_state=7).reset_index(drop=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=Path("/tmp/relais_en_batches"))
    ap.add_argument("--size", type=int, default=100)
    a = ap.parse_args()
    sel = select(a.shared)
    a.out.mkdir(parents=True, exist_ok=True)
    sel.insert(0, "n", range(len(sel)))
    sel.to_csv(a.out / "selection.csv", index=False, quoting=csv.QUOTE_ALL)
    for b, start in enumerate(range(0, len(sel), a.size)):
        chunk = sel.iloc[start : start + a.size]
        with open(a.out / f"batch_{b:02d}.txt", "w", encoding="utf-8") as f:
            for r in chunk.itertuples():
                text = " ".join(r.text.split())  # one line per row for reading
                f.write(f"{r.n}\t{r.source}\t{r.key}\t{text}\n")
    print(f"{len(sel)} rows -> {a.out} ({(len(sel) + a.size - 1) // a.size} batches)")
    print(sel["source"].value_counts().to_string())


if __name__ == "__main__":
    main()
