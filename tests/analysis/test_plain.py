"""Findings a client can read (issue 10, point 6): one plain sentence, the evidence, then the
statistics; a sentence says why raw and adjusted rankings differ; every string in the reader's language."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.compare import compare
from analysis.plain import campaigns_sentence, combined_sentence, level_mix, read


def _posts(seed: int = 7) -> pd.DataFrame:
    """30 influencers; patient experts engage 2x; short videos 1.6x carousels 1.3x images at equal profile.

    Carousels are mostly posted by patient experts, so on raw rates they look best: the
    adjusted comparison puts short videos first, and says why.
    """
    rng = np.random.default_rng(seed)
    profile_effect = {"patient_expert": 2.0, "health_professional": 1.0, "caregiver": 1.0}
    format_effect = {"short_video": 1.6, "carousel": 1.3, "image": 1.0}
    rows = []
    for k in range(30):
        profile = ("patient_expert", "health_professional", "caregiver")[k % 3]
        infl = rng.lognormal(0, 0.15)
        for j in range(12):
            if profile == "patient_expert":
                fmt = "carousel" if j < 9 else ("short_video" if j < 11 else "image")
            else:
                fmt = ("short_video", "image", "carousel")[j % 3] if j < 11 else "image"
            reach = int(rng.integers(2_000, 20_000))
            mu = reach * 0.02 * profile_effect[profile] * format_effect[fmt] * infl
            rows.append(
                {
                    "post_id": f"p{k}_{j}", "influencer_id": f"i{k}", "engagements": float(rng.poisson(mu)),
                    "reach": float(reach), "format_family": fmt, "profile_type": profile,
                    "platform": "instagram", "tier": "micro", "campaign_id": "C1", "is_boosted": False,
                }
            )  # fmt: skip
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def fitted():
    posts = _posts()
    out = {}
    for by in ("format_family", "profile_type"):
        res = compare(posts, by)
        assert res.ok, res.refused
        out[by] = (res, level_mix(posts, by))
    return out


def test_plain_sentence_names_the_leader_and_evidence_follows(fitted):
    res, mix = fitted["profile_type"]
    en, fr = read(res, mix, "en"), read(res, mix, "fr")
    assert en.best == "patient_expert" and en.clear
    assert en.sentence.startswith("Patient experts drew the most engagement per person reached: ")
    assert fr.sentence.startswith(
        "Les patients experts ont suscité le plus d'engagement par personne atteinte"
    )
    assert 1 <= len(en.evidence) <= 3 and all("95% CI" in e for e in en.evidence)
    # the statistics are there, but behind the sentence: the Wald test is in the detail only
    assert any("Wald" in d for d in en.detail) and not any("Wald" in e for e in en.evidence)
    assert "Wald" not in en.sentence


def test_raw_and_adjusted_rankings_disagree_and_one_sentence_says_why(fitted):
    res, mix = fitted["format_family"]
    lv = res.levels.set_index("level")
    assert lv["raw_rate"].idxmax() == "carousel" and lv["rate_ratio"].idxmax() == "short_video"
    en, fr = read(res, mix, "en"), read(res, mix, "fr")
    assert en.rankings_differ is not None
    assert en.rankings_differ.startswith("Carousels rank first on raw rates but below short videos")
    assert "patient experts" in en.rankings_differ and "%" in en.rankings_differ
    assert fr.rankings_differ.startswith("Les carrousels arrivent en tête sur les taux bruts")
    assert "des patients experts" in fr.rankings_differ
    # the profile comparison agrees with its raw ranking: no such sentence there
    res_p, mix_p = fitted["profile_type"]
    assert read(res_p, mix_p, "en").rankings_differ is None


def test_french_reading_has_no_english(fitted):
    english = (
        "Wald test",
        "Method:",
        "adjusted for",
        "influencer-clustered",
        "sandwich",
        "based on",
        "views (proxy)",
    )
    for by in ("format_family", "profile_type"):
        res, mix = fitted[by]
        fr = read(res, mix, "fr")
        text = " ".join([fr.sentence, *fr.evidence, fr.rankings_differ or "", *fr.detail])
        for word in english:
            assert word not in text, (by, word)
        assert any(d.startswith("Méthode") for d in fr.detail)


def test_combined_sentence_for_the_overview(fitted):
    f, p = fitted["format_family"][0], fitted["profile_type"][0]
    en = combined_sentence(f, p, "en")
    assert en is not None and "by patient experts drew the most engagement per person reached" in en
    fr = combined_sentence(f, p, "fr")
    assert fr is not None and "des patients experts ont suscité le plus d'engagement" in fr
    assert combined_sentence(None, None, "en") is None


def test_campaigns_sentence_says_when_the_gap_may_be_chance():
    agg = pd.DataFrame(
        {
            "campaign_id": ["A", "B"],
            "engagement_rate": [0.05, 0.03],
            "engagement_rate_ci_low": [0.04, 0.02],
            "engagement_rate_ci_high": [0.06, 0.045],
        }
    )
    names = {"A": "Octobre Rose", "B": "Diabète"}
    assert campaigns_sentence(agg, names, "en") == (
        "Octobre Rose had the highest engagement rate (5.00%), Diabète the lowest (3.00%); "
        "their 95% intervals overlap, so the gap may be chance."
    )
    apart = agg.assign(engagement_rate_ci_high=[0.06, 0.035])
    assert campaigns_sentence(apart, names, "fr").endswith("le plus bas (3,00\u00a0%).")
