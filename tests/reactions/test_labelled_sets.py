"""The project's labelled reference files: well formed, disjoint, and joined to their real text in ../shared.

Why: the classifier is trained and measured on these files; a bad row (a label that is not 0/1, a key
labelled twice, a text changed upstream) would silently move every figure in bench/RESULTS.md.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from reactions.corpus import LABELLED_FILES, labelled_real, split_of
from reactions.rules import LABELS

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
HEADER = ["source", "key", "lang", "text_sha1", *LABELS, "annotator", "note"]


def _all() -> pd.DataFrame:
    return pd.concat(
        [
            pd.read_csv(p, dtype=str, keep_default_na=False).assign(file=name)
            for name, p in LABELLED_FILES.items()
        ],
        ignore_index=True,
    )


def test_every_labelled_file_is_well_formed_and_no_text_is_labelled_twice():
    for name, path in LABELLED_FILES.items():
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert list(df.columns) == HEADER, name
        assert b"\r" not in path.read_bytes(), name
        for lab in LABELS:
            assert df[lab].isin(["0", "1"]).all(), (name, lab)
        assert df["lang"].isin(["fr", "en"]).all(), name
        assert df["text_sha1"].str.fullmatch(r"[0-9a-f]{12}").all(), name
    both = _all()
    dup = both[both.duplicated(["source", "key"], keep=False)]
    assert dup.empty, dup[["file", "source", "key"]].head().to_dict("records")


def test_short_reply_pass_holds_real_support_examples_in_every_split():
    df = pd.read_csv(LABELLED_FILES["en_short"], dtype=str, keep_default_na=False)
    assert (df["annotator"] == "pass1-short").all()
    sup = df[df["support"] == "1"]
    assert len(sup) >= 100
    assert {split_of(k) for k in sup["key"]} == {"train", "dev", "heldout"}


@pytest.mark.skipif(not (SHARED / "corpora").exists(), reason="../shared is not here: no labelled text")
def test_every_labelled_row_finds_its_text_again():
    df, rep = labelled_real()
    assert rep.ok, rep.describe()
    assert len(df) == len(_all())
