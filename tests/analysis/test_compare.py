"""Comparisons (analysis.compare) and their plain-language findings (analysis.findings).

Real statsmodels fits on simulated data with known rate ratios; fixed seeds.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

import analysis.compare as wc
from analysis.compare import MIN_INFLUENCERS, MIN_POSTS, ComparisonResult, compare
from analysis.findings import (
    NBSP,
    NNBSP,
    difference_sentence,
    fmt_int,
    fmt_p,
    label,
)

ROOT = Path(__file__).resolve().parents[2]


def _load_bench():
    spec = importlib.util.spec_from_file_location("simulate_compare", ROOT / "bench" / "simulate_compare.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


sim = _load_bench()


@pytest.fixture(scope="module")
def sim_df() -> pd.DataFrame:
    return sim.simulate_dataset(np.random.default_rng(11), n_influencers=40)


@pytest.fixture(scope="module")
def fitted(sim_df) -> ComparisonResult:
    return compare(sim_df, by="format_family", reference="image")


# --------------------------------------------------------------------------- estimation


def test_simulation_recovers_true_rate_ratios_with_honest_coverage():
    summary, info = sim.run(n_sims=40, seed=7, n_influencers=40)
    assert info["refused"] == 0
    assert set(summary["level"]) == {"short_video", "carousel"}
    for _, row in summary.iterrows():
        assert abs(row["median_rr"] / row["true_rr"] - 1) < 0.15, row.to_dict()
        assert row["coverage_t"] >= 0.85, row.to_dict()
    assert info["nb_share"] == 1.0


def test_result_shape_and_reference(fitted):
    r = fitted
    assert r.ok and r.refused is None
    assert r.reference == "image"
    assert r.method.startswith("Negative binomial")
    assert r.alpha is not None and r.alpha > 0
    assert r.overdispersion > 1.2
    assert set(r.covariates_used) == {"profile_type", "tier", "platform"}
    assert r.n_posts == int(r.levels["posts"].sum())
    for col in wc.LEVEL_COLUMNS[:12]:
        assert col in r.levels.columns
    ref = r.levels[r.levels["level"] == "image"].iloc[0]
    assert ref["rate_ratio"] == 1.0 and ref["is_reference"] and np.isnan(ref["p_adjusted"])
    # raw ratio-of-sums rate
    sub = r.levels.set_index("level")
    assert sub.loc["short_video", "raw_rate"] == pytest.approx(
        sub.loc["short_video", "engagements"] / sub.loc["short_video", "reach"]
    )
    # CI is exp(coef ± t(G-1)·SE) around the estimate
    sv = sub.loc["short_video"]
    assert sv["ci_low"] < sv["rate_ratio"] < sv["ci_high"]
    assert np.log(sv["rate_ratio"]) == pytest.approx((np.log(sv["ci_low"]) + np.log(sv["ci_high"])) / 2)


def test_default_reference_is_level_with_most_posts(sim_df):
    r = compare(sim_df, by="format_family")
    assert r.reference == sim_df["format_family"].value_counts().index[0]


def test_unusable_reference_falls_back_with_caveat(sim_df):
    r = compare(sim_df, by="format_family", reference="live")
    assert r.ok and r.reference != "live"
    assert any("could not serve as the reference" in c for c in r.caveats)


def test_holm_adjustment_matches_multipletests(fitted):
    pw = fitted.pairwise
    assert list(pw.columns) == [
        "level_a",
        "level_b",
        "rate_ratio",
        "ci_low",
        "ci_high",
        "p_value",
        "p_adjusted",
    ]
    assert len(pw) == 3  # all pairs of 3 levels
    expected = multipletests(pw["p_value"].to_numpy(), method="holm")[1]
    np.testing.assert_allclose(pw["p_adjusted"].to_numpy(), expected)
    assert (pw["p_adjusted"] >= pw["p_value"] - 1e-15).all()
    # the level table uses the same family of adjusted p-values
    lv = fitted.levels.set_index("level")
    for _, row in pw[pw["level_b"] == "image"].iterrows():
        assert lv.loc[row["level_a"], "p_adjusted"] == pytest.approx(row["p_adjusted"])
        assert lv.loc[row["level_a"], "rate_ratio"] == pytest.approx(row["rate_ratio"])
    # a non-reference pair is the ratio of the two rate ratios
    other = pw[(pw["level_b"] != "image")].iloc[0]
    assert other["rate_ratio"] == pytest.approx(
        lv.loc[other["level_a"], "rate_ratio"] / lv.loc[other["level_b"], "rate_ratio"]
    )


def test_overall_wald_test_present(fitted):
    t = fitted.overall_test
    assert t is not None
    assert t["df"] == 2 and t["df_denom"] == fitted.n_influencers - 1
    assert t["stat"] > 0 and 0 <= t["p"] < 0.05  # true RRs 1.9 and 0.7 with 40 influencers


# --------------------------------------------------------------------------- refusals and thin levels


def test_refusal_below_minimums_says_how_much_data_there_is(sim_df):
    ids = sim_df["influencer_id"].unique()[:3]
    small = sim_df[sim_df["influencer_id"].isin(ids)].groupby("influencer_id").head(4)
    assert small["influencer_id"].nunique() == 3
    r = compare(small, by="format_family")
    assert not r.ok
    assert "12 posts from 3 influencers" in r.refused
    assert f"need at least {MIN_POSTS} posts from {MIN_INFLUENCERS} influencers" in r.refused
    assert "12 publications de 3 influenceurs" in r.refused_fr
    assert r.findings == [] and r.pairwise.empty
    assert (r.levels["status"] != "compared").all()
    fr = compare(small, by="format_family", lang="fr")
    assert fr.refused == fr.refused_fr and fr.message("en") == r.refused


def test_thin_level_is_listed_not_compared_instead_of_failing(sim_df):
    extra = sim_df.head(3).copy()
    extra["format_family"] = "live"
    extra["post_id"] = extra["post_id"] + "-live"
    r = compare(pd.concat([sim_df, extra]), by="format_family")
    assert r.ok
    assert r.not_compared == {"live": "not compared: too few posts"}
    live = r.levels.set_index("level").loc["live"]
    assert live["status"] == "not compared: too few posts" and np.isnan(live["rate_ratio"])
    assert any("Live videos not compared: too few posts (3 posts from 1 influencer" in c for c in r.caveats)
    assert "live" not in set(r.pairwise["level_a"]) | set(r.pairwise["level_b"])


def test_refusal_when_fewer_than_two_levels_remain(sim_df):
    df = sim_df.copy()
    df.loc[df.index[:4], "format_family"] = "live"
    df.loc[df.index[4:], "format_family"] = "image"
    r = compare(df, by="format_family")
    assert not r.ok and "only 1 of the format families" in r.refused


# --------------------------------------------------------------------------- model fall-backs and covariates


def test_no_overdispersion_uses_poisson(sim_df):
    df = sim.simulate_dataset(np.random.default_rng(3), n_influencers=30, re_sd=0.0, nb_alpha=None)
    r = compare(df, by="format_family")
    assert r.ok and "Poisson" in r.method and r.alpha is None
    assert r.overdispersion < 1.2
    # forcing the negative binomial on Poisson data: alpha cannot be estimated -> quasi-Poisson
    forced = compare(df, by="format_family", family="negbin")
    assert forced.ok and "Poisson" in forced.method and "fallback" in forced.method
    assert any("fell back to a Poisson fit" in c for c in forced.caveats)
    assert forced.levels["rate_ratio"].notna().all()


def test_failed_ml_dispersion_falls_back_to_moments(sim_df, monkeypatch):
    def boom(*args, **kwargs):
        raise wc._FitFailed("forced")

    monkeypatch.setattr(wc, "_fit_negbin_alpha", boom)
    r = compare(sim_df, by="format_family")
    assert r.ok and "method of moments" in r.method and r.alpha > 0


def test_format_nested_in_platform_drops_platform_with_caveat(sim_df):
    r = compare(sim_df, by="format", reference="ig_image")
    assert r.ok
    assert "platform" not in r.covariates_used
    assert "nested" in r.dropped_covariates["platform"]
    nested = [c for c in r.caveats if "nested" in c]
    assert len(nested) == 1 and "could not be adjusted for" in nested[0]
    assert any("imbriqués" in c for c in r.caveats_fr)
    assert "profile_type" in r.covariates_used


def test_single_level_covariate_is_dropped(sim_df):
    one = sim_df[sim_df["platform"] == "instagram"]
    r = compare(one, by="format_family")
    assert r.ok and "only one level" in r.dropped_covariates["platform"]


# --------------------------------------------------------------------------- findings text


def test_finding_sentence_en_and_fr_formatting():
    en = difference_sentence(
        "ig_reel", "ig_image", 1.9, 1.4, 2.6, 0.001, 212, 31, ["platform", "tier"], 3, "en"
    )
    assert en == (
        "Reels drew 1.9× the engagement per person reached of image posts (95% CI 1.4–2.6), "
        "adjusted for platform and tier; based on 212 posts from 31 influencers."
    )
    fr = difference_sentence(
        "ig_reel", "ig_image", 1.9, 1.4, 2.6, 0.001, 212, 31, ["platform", "tier"], 3, "fr"
    )
    assert fr == (
        "Les reels ont suscité 1,9 fois l'engagement par personne atteinte des publications image "
        f"(IC à 95{NBSP}%{NBSP}: 1,4–2,6), à plateforme et palier égaux{NNBSP}; "
        "sur la base de 212 publications de 31 influenceurs."
    )


def test_finding_only_claims_significant_differences():
    ns = difference_sentence("caregiver", "health_professional", 1.2, 0.8, 1.8, 0.4, 90, 14, [], 3, "en")
    assert ns.startswith("No clear difference") and "includes 1" in ns and "drew" not in ns
    ns_fr = difference_sentence("caregiver", "health_professional", 1.2, 0.8, 1.8, 0.4, 90, 14, [], 3, "fr")
    assert ns_fr.startswith("Pas de différence nette") and "0,80–1,80" in ns_fr and "qui inclut 1" in ns_fr
    # CI excludes 1 but the Holm-adjusted p does not: still no claim, and say why
    holm = difference_sentence("nano", "micro", 1.3, 1.02, 1.66, 0.09, 120, 20, ["tier"], 6, "en")
    assert holm.startswith("No clear difference") and "correcting for 6 comparisons" in holm
    assert "adjusted p = 0.09" in holm
    holm_fr = difference_sentence("nano", "micro", 1.3, 1.02, 1.66, 0.09, 120, 20, ["tier"], 6, "fr")
    assert holm_fr.startswith("Pas de différence nette") and f"p ajusté{NBSP}={NBSP}0,09" in holm_fr
    assert f"à palier égal{NNBSP};" in holm_fr


def test_result_findings_follow_holm_decision(fitted):
    rows = fitted.pairwise.set_index(["level_a", "level_b"])
    assert fitted.findings[0].startswith("Overall")
    sv = next(f for f in fitted.findings if f.startswith("Short videos drew"))
    est = rows.loc[("short_video", "image")]
    assert est["p_adjusted"] < 0.05
    assert f"{est['rate_ratio']:.1f}×" in sv and "adjusted for profile type, tier and platform" in sv
    car = rows.loc[("carousel", "image")]
    car_text = [f for f in fitted.findings if "carousels" in f.lower() and "image posts" in f]
    if car["p_adjusted"] < 0.05:
        assert car_text[0].startswith("Carousels drew")
    else:
        assert car_text[0].startswith("No clear difference")
    assert len(fitted.findings_fr) == len(fitted.findings)
    for text in fitted.findings_fr[1:]:
        assert "IC à 95" in text and "fois" in text or "Pas de différence nette" in text
        # French numbers use a decimal comma
        assert not any(
            ch.isdigit() and nxt == "." and after.isdigit()
            for ch, nxt, after in zip(text, text[1:], text[2:])
        )
    assert "1,9" in difference_sentence("ig_reel", "ig_image", 1.9, 1.4, 2.6, 0.001, 5, 2, [], 1, "fr")


def test_caveats_boosted_no_reach_and_causation(sim_df):
    df = sim_df.copy()
    df.loc[df.index[:4], "is_boosted"] = True
    # 7 posts whose export measures no reach (TikTok): left out, never given their views, and said so
    df.loc[df.index[10:17], "reach"] = np.nan
    df.loc[df.index[10:17], "platform"] = "tiktok"
    r = compare(df, by="format_family")
    assert r.n_posts == len(df) - 7
    assert any("4 posts were boosted or sponsored" in c for c in r.caveats)
    assert any("7 posts (TikTok) without a measured reach are left out" in c for c in r.caveats), r.caveats
    assert any("7 publications (TikTok) sans portée mesurée sont écartées" in c for c in r.caveats_fr)
    assert not any("left out because reach" in c for c in r.caveats)  # not counted twice
    assert sum("Association, not causation" in c for c in r.caveats) == 1
    assert any("sponsorisées" in c for c in r.caveats_fr)
    assert len(r.caveats) == len(r.caveats_fr)
    no_col = compare(sim_df.drop(columns=["is_boosted"]), by="format_family")
    assert any("Whether posts were boosted or sponsored is not known" in c for c in no_col.caveats)


def test_few_influencers_caveat():
    df = sim.simulate_dataset(np.random.default_rng(4), n_influencers=14)
    r = compare(df, by="tier")
    assert r.ok
    few = [c for c in r.caveats if "based on few influencers" in c]
    assert few and all("rather than the tier" in c for c in few)


# --------------------------------------------------------------------------- serialisation and labels


def test_json_rows_and_dict(fitted):
    rows = fitted.to_json_rows()
    assert len(rows) == len(fitted.levels)
    for row in rows:
        for key in (
            "level",
            "reference",
            "rate_ratio",
            "ci_low",
            "ci_high",
            "p_adjusted",
            "posts",
            "influencers",
        ):
            assert key in row
        assert row["reference"] == "image"
    ref = next(r for r in rows if r["level"] == "image")
    assert ref["rate_ratio"] == 1.0 and ref["p_adjusted"] is None
    d = fitted.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["findings"]["en"] == fitted.findings and d["findings"]["fr"] == fitted.findings_fr
    assert d["caveats"]["fr"] == fitted.caveats_fr


def test_labels_and_number_formatting():
    assert label("ig_reel", "en") == "Reels" and label("ig_reel", "fr") == "les reels"
    assert label("health_professional", "fr") == "les professionnels de santé"
    assert label("patient_expert", "fr") == "les patients experts"
    assert label("generalist", "en") == "generalist creators"
    assert label("tiktok", "fr") == "les publications TikTok" and label("mid", "en") == "mid-tier influencers"
    assert label("new_format", "en") == "“new format” posts"
    assert fmt_int(12345, "fr") == f"12{NNBSP}345" and fmt_int(12345, "en") == "12,345"
    assert fmt_p(0.0312, "fr") == f"p{NBSP}={NBSP}0,03" and fmt_p(0.0001, "en") == "p < 0.001"
    with pytest.raises(ValueError):
        label("ig_reel", "de")


def test_low_rank_bias_correction_equals_the_dense_one(monkeypatch):
    """Large clusters get the Kauermann-Carroll / Mancl-DeRouen correction from the low-rank identity:
    the same covariance as the dense n_g x n_g computation (scale: an influencer with 20,000 posts)."""
    from types import SimpleNamespace

    from analysis import compare as C

    rng = np.random.default_rng(4)
    n, p = 900, 6
    X = np.column_stack([np.ones(n), rng.integers(0, 2, (n, p - 1))]).astype(float)
    groups = np.sort(rng.integers(0, 5, n))  # five clusters of ~180 posts
    mu = np.exp(X @ rng.normal(0, 0.3, p) + 3)
    y = rng.negative_binomial(1 / 0.4, 1 / (1 + 0.4 * mu)).astype(float)
    res = SimpleNamespace(mu=mu)
    for kind in ("kc", "md"):
        monkeypatch.setattr(C, "KC_DENSE_MAX", 10**9)
        dense = C._cluster_cov(res, X, y, groups, 0.4, kind)
        monkeypatch.setattr(C, "KC_DENSE_MAX", 0)
        low = C._cluster_cov(res, X, y, groups, 0.4, kind)
        np.testing.assert_allclose(low, dense, rtol=1e-9, atol=0)
        assert np.all(np.diag(dense) > 0)


@pytest.mark.parametrize("kind", ["kc", "crv1"])
@pytest.mark.parametrize("by", ["format_family", "profile_type"])
def test_large_data_path_equals_statsmodels(monkeypatch, by, kind):
    """Above LARGE_POSTS the model is fitted from cell sums (analysis.cells): same estimates,
    intervals and tests as statsmodels on the post-level design, to the optimiser's tolerance."""
    df = sim.simulate_dataset(np.random.default_rng(23), n_influencers=60, mean_posts=25)
    monkeypatch.setattr(wc, "ROBUST_SE", kind)
    ref = compare(df, by=by)
    monkeypatch.setattr(wc, "LARGE_POSTS", 0)
    big = compare(df, by=by)
    assert ref.ok and big.ok and ref.method == big.method and "Negative binomial" in ref.method
    assert big.covariates_used == ref.covariates_used and big.dropped_covariates == ref.dropped_covariates
    assert big.alpha == pytest.approx(ref.alpha, rel=1e-4)
    num = ["rate_ratio", "ci_low", "ci_high", "p_value", "p_adjusted", "log_se"]
    np.testing.assert_allclose(
        big.levels[num].to_numpy(float), ref.levels[num].to_numpy(float), rtol=2e-4, equal_nan=True
    )
    np.testing.assert_allclose(big.overall_test["stat"], ref.overall_test["stat"], rtol=2e-4)
    assert big.pair_influencers == ref.pair_influencers
    assert big.findings == ref.findings and big.caveats == ref.caveats


def test_large_data_path_poisson_when_not_overdispersed(monkeypatch):
    rng = np.random.default_rng(5)
    df = sim.simulate_dataset(rng, n_influencers=40)
    mu = df["reach"] * 0.05
    df["engagements"] = rng.poisson(mu)  # no overdispersion
    ref = compare(df, by="format_family")
    monkeypatch.setattr(wc, "LARGE_POSTS", 0)
    big = compare(df, by="format_family")
    assert big.method == ref.method and big.method.startswith("Poisson")
    np.testing.assert_allclose(big.levels["rate_ratio"], ref.levels["rate_ratio"], rtol=1e-6)
    np.testing.assert_allclose(big.levels["ci_high"], ref.levels["ci_high"], rtol=1e-6, equal_nan=True)
