"""The second labelling pass and its agreement with the first (reactions/data/agreement.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reactions.data import agreement, select_second_pass


def test_kappa_matches_hand_computation():
    # po = 0.75; pass rates 0.5 and 0.25 -> pe = 0.5*0.25 + 0.5*0.75 = 0.5; kappa = (0.75-0.5)/0.5
    assert agreement.kappa(np.array([1, 1, 0, 0]), np.array([1, 0, 0, 0])) == 0.5
    assert agreement.kappa(np.array([1, 0, 1, 0]), np.array([1, 0, 1, 0])) == 1.0
    # chance-level agreement gives 0, opposite ratings give a negative kappa
    assert agreement.kappa(np.array([1, 1, 0, 0]), np.array([1, 0, 1, 0])) == 0.0
    assert agreement.kappa(np.array([1, 0]), np.array([0, 1])) < 0


def test_kappa_undefined_when_no_pass_uses_the_label():
    assert np.isnan(agreement.kappa(np.zeros(5), np.zeros(5)))


def test_bootstrap_interval_is_reproducible_and_brackets_kappa():
    rng = np.random.default_rng(0)
    a = rng.integers(0, 2, size=(200, 1))
    b = np.where(rng.random((200, 1)) < 0.85, a, 1 - a)
    ci1 = agreement.bootstrap_ci(a, b, 500, np.random.default_rng(1))
    ci2 = agreement.bootstrap_ci(a, b, 500, np.random.default_rng(1))
    k = float(agreement.kappa(a.ravel(), b.ravel()))
    assert ci1 == ci2
    assert ci1[0] < k < ci1[1]


def test_second_pass_is_the_seeded_draw_of_the_first_pass_files():
    drawn = select_second_pass.draw()
    second = pd.read_csv(agreement.SECOND_PASS, dtype=str, keep_default_na=False)
    assert list(zip(second["source"], second["key"], strict=True)) == list(
        zip(drawn["source"], drawn["key"], strict=True)
    )
    assert (drawn["set"].value_counts() == 150).all()
    assert set(second["annotator"]) == {"pass2"}


def test_agreement_table_covers_every_label_and_set():
    m = agreement.load()  # also checks every row is in the first pass with the same text_sha1
    assert len(m) == 300
    t = agreement.table(m, boot=200)
    assert set(t["set"]) == {"all", "fr", "en"}
    assert list(t[t["set"] == "all"]["label"]) == [*agreement.LABELS, "all labels"]
    pooled = t[(t["set"] == "all") & (t["label"] == "all labels")].iloc[0]
    assert pooled["n"] == 300 * 9
    assert pooled["pos_pass1"] == sum(m[c + "_1"].sum() for c in agreement.LABELS)
    assert 0 <= pooled["agreement"] <= 1
