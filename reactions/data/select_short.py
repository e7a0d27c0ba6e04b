"""Deterministic selection of real short comments, thanks, praise and emoji for hand labelling (pass1-short).

Why: the first passes (select_fr.py, select_en.py) drew forum questions and medicine tweets at random, so
the labelled set held ~50 `support` texts and almost no short reply; the model then gave `concern` to
"❤️❤️" and no label to "thanks for sharing". This pass draws, from rows of ../shared not labelled yet:

- smm4h_en: 260 tweets matching `SUPPORTISH` (thanks, wishes, praise words, hearts, applause, prayer
  emoji), df.sample(n=260, random_state=20261202) — the pattern only selects; a person reads and labels
  every text by docs/annotation.md, and many selected tweets are not support at all;
- smm4h_en: 100 short tweets (at most 60 characters once @handles and links are removed), drawn the same
  way from the rest;
- vira_en: 140 messages of non-concern intents written without "?" (questions without a question mark,
  plans, statements), drawn the same way.

The union is shuffled (random_state=7). Batches of source, key and text only go under /tmp (--out); texts
never go into the project.

    python reactions/data/select_short.py [--shared ../shared] [--out /tmp/relais_short]
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SEED = 20261202
SUPPORTISH = re.compile(
    r"thank|thx|congrat|love (?:you|this|it|u)\b|great (?:video|post|job|work)|well done|bravo|good luck"
    r"|hope (?:you|u)\b|feel better|get well|prayers|praying|proud of|amazing|awesome|<3"
    r"|[\u2764\u2665\U0001f496\U0001f495\U0001f497\U0001f499\U0001f49a\U0001f49b\U0001f49c\U0001f64f"
    r"\U0001f44f\U0001f64c\U0001f60d\U0001f970\U0001f618]",
    re.IGNORECASE,
)
SOURCES = {
    "smm4h_en": ("corpora/en_smm4h20_task2_training.csv", "id", "text"),
    "vira_en": ("corpora/en_vira_intent_expressions_train.csv", "id", "text"),
}


def _read(shared: Path, source: str) -> pd.DataFrame:
    rel, key, text = SOURCES[source]
    df = pd.read_csv(shared / rel, dtype=str, keep_default_na=False)
    return df.rename(columns={key: "key", text: "text"}).assign(source=source)


def _taken() -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for name in ("labelled_real_en.csv", "labelled_real_en_skipped.csv", "labelled_real_fr.csv"):
        df = pd.read_csv(HERE / name, dtype=str, keep_default_na=False)
        out.update(zip(df["source"], df["key"], strict=True))
    return out


def select(shared: Path) -> pd.DataFrame:
    taken = _taken()
    smm = _read(shared, "smm4h_en")
    smm = smm[[(s, k) not in taken for s, k in zip(smm["source"], smm["key"], strict=True)]]
    sup = smm[smm["text"].str.contains(SUPPORTISH)].sample(n=260, random_state=SEED)
    rest = smm[~smm.index.isin(sup.index)]
    bare = rest["text"].str.replace(r"@\w+|https?://\S+", "", regex=True).str.strip()
    short = rest[(bare.str.len() <= 60) & (bare.str.len() > 0)].sample(n=100, random_state=SEED)
    vira = _read(shared, "vira_en")
    vira = vira[[(s, k) not in taken for s, k in zip(vira["source"], vira["key"], strict=True)]]
    vira = vira[(vira["concern_intent"] == "0") & ~vira["text"].str.contains("?", regex=False)]
    vira = vira.sample(n=140, random_state=SEED)
    union = pd.concat([p[["source", "key", "text"]] for p in (sup, short, vira)], ignore_index=True)
    assert not union.duplicated(["source", "key"]).any()
    return union.sample(frac=1, random_state=7).reset_index(drop=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=Path("/tmp/relais_short"))
    ap.add_argument("--size", type=int, default=100)
    a = ap.parse_args()
    if not str(a.out.resolve()).startswith("/tmp/"):
        ap.error("--out must be under /tmp (texts never go into the project)")
    sel = select(a.shared)
    a.out.mkdir(parents=True, exist_ok=True)
    sel.insert(0, "n", range(len(sel)))
    sel.to_csv(a.out / "selection.csv", index=False, quoting=csv.QUOTE_ALL)
    for b, start in enumerate(range(0, len(sel), a.size)):
        with open(a.out / f"batch_{b:02d}.txt", "w", encoding="utf-8") as f:
            for r in sel.iloc[start : start + a.size].itertuples():
                f.write(f"{r.n}\t{' '.join(r.text.split())}\n")
    print(f"{len(sel)} rows -> {a.out}")
    print(sel["source"].value_counts().to_string())


if __name__ == "__main__":
    main()
