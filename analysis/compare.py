"""Compare formats, profile types, tiers or platforms on engagement per person reached.

Why a model and not just ratio-of-sums rates: posts from the same influencer are
correlated (one big account can drive a whole format), counts are overdispersed
and formats differ in platform, tier and profile mix. So each comparison fits a
negative-binomial GLM of engagements with offset log(reach) (a model of the
engagement *rate*), the compared factor treatment-coded against a reference
level, the other factors as covariates where the data allow, and standard
errors clustered by influencer. Raw ratio-of-sums rates are reported alongside.

Reach basis: the offset is the platform's *measured* reach. Posts whose export has
none (TikTok, YouTube, X mostly) are left out, never given views or impressions as a
stand-in (a view is not a person: it would make video platforms look worse per
person and mix two measures in one rate); the caveat `no_reach` says how many
and from which platforms. Comparing them on views is what the views rate basis
of the dashboard is for.

Model details
-------------
* Covariates: for ``by`` in {format, format_family} the candidates are
  profile_type, tier and platform; otherwise format_family (not format: format
  codes are platform-specific, e.g. ig_reel is always Instagram, so format would
  be nested in platform), profile_type, tier and platform minus ``by``. A
  covariate is dropped when missing, when it has one level, when it is nested
  with the factor (one determines the other: then it cannot be adjusted for and
  a caveat explains that the comparison includes its effect), when it makes the
  design rank-deficient, or (last candidate first) while the model has more
  than one parameter per INFLUENCERS_PER_PARAMETER = 2 influencers (the
  cluster-robust covariance has rank below the number of influencers). Covariate levels with fewer than MIN_LEVEL_POSTS posts
  or MIN_LEVEL_INFLUENCERS influencers are pooled into "other"; missing values
  become "unknown".
* Dispersion: Poisson GLM first; Pearson chi2/df is reported as
  ``overdispersion``. Below OVERDISPERSION_MIN a Poisson GLM is used. Otherwise
  alpha (NB2) is estimated by maximum likelihood (statsmodels.discrete
  NegativeBinomial); if that fails, by the method of moments from the Poisson
  fit; the GLM NB is then fitted with that alpha. If the NB GLM fails, the
  Poisson GLM with cluster-robust errors is used (quasi-Poisson: still valid
  inference with robust SEs) and ``method`` says so.
* Inference: cluster-robust covariance by influencer with the Kauermann &
  Carroll (2001) bias-reduced sandwich (each influencer's Pearson residuals
  scaled by (I - H_gg)^-1/2, H_gg the cluster block of the GLM hat matrix), and
  CIs/p-values from a Student t with G-1 degrees of freedom (G = influencers).
  Why: in bench/simulate_compare.py the plain CRV1 sandwich (statsmodels
  cov_type='cluster') with normal intervals covered the true rate ratio only
  ~92% of the time with 20-40 influencers; KC + t(G-1) gives ~95% (figures in
  bench/RESULTS.md). The GLM is still fitted with cov_type='cluster' (CRV1),
  and ROBUST_SE switches back to it. The overall test is a Wald F test
  (q, G-1) that all the factor's coefficients are 0. Pairwise contrasts between all levels use the
  robust covariance; their p-values are Holm-adjusted as one family (see holm()), and the
  level-vs-reference ``p_adjusted`` is taken from that same family so a finding
  never contradicts the pairwise table.

Minimums (refusal below them, documented for the UI)
----------------------------------------------------
* MIN_POSTS = 30 posts and MIN_INFLUENCERS = 6 influencers in total, counted
  both before and after dropping small levels;
* each compared level needs MIN_LEVEL_POSTS = 5 posts from
  MIN_LEVEL_INFLUENCERS = 2 influencers and some engagement; other levels are
  listed as "not compared" rather than failing the comparison;
* at least MIN_LEVELS = 2 comparable levels.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.discrete.discrete_model import NegativeBinomial

from analysis import cells
from analysis import findings as fx
from warehouse.filters import Filters
from warehouse.metrics import posts_for_comparison

MIN_POSTS = 30
MIN_INFLUENCERS = 6
MIN_LEVEL_POSTS = 5
MIN_LEVEL_INFLUENCERS = 2
MIN_LEVELS = 2
# Covariates are dropped (last candidate first) until there are at least this many
# influencers (clusters) per model parameter: the robust covariance has rank < G.
INFLUENCERS_PER_PARAMETER = 2
# Caveat thresholds
FEW_INFLUENCERS_PER_LEVEL = 10
FEW_INFLUENCERS_TOTAL = 20
# Pearson chi2/df of the Poisson fit below which the NB step is skipped
OVERDISPERSION_MIN = 1.2
ROBUST_SE = "kc"  # "kc" (Kauermann-Carroll), "md" (Mancl-DeRouen) or "crv1" (statsmodels cluster)
# clusters up to this many posts get the bias correction from the dense n_g x n_g hat block; larger
# ones from the equivalent low-rank form (_kc_low_rank): the dense block is O(n_g^3) time, O(n_g^2) memory
KC_DENSE_MAX = 256
# above this many posts the model is fitted from per-cell sums (analysis.cells): same estimator,
# linear cost and memory; below it, statsmodels on the post-level design
LARGE_POSTS = 20_000
UNKNOWN_VALUES = frozenset({"", "unknown", "nan", "none"})

DEFAULT_COVARIATES: dict[str, tuple[str, ...]] = {
    "format": ("profile_type", "tier", "platform"),
    "format_family": ("profile_type", "tier", "platform"),
    "profile_type": ("format_family", "tier", "platform"),
    "tier": ("format_family", "profile_type", "platform"),
    "platform": ("format_family", "profile_type", "tier"),
}
REQUIRED_COLUMNS = ("influencer_id", "engagements", "reach")

LEVEL_COLUMNS = [
    "level",
    "reference",
    "rate_ratio",
    "ci_low",
    "ci_high",
    "p_value",
    "p_adjusted",
    "posts",
    "influencers",
    "engagements",
    "reach",
    "raw_rate",
    "log_se",
    "is_reference",
    "status",
]
PAIR_COLUMNS = ["level_a", "level_b", "rate_ratio", "ci_low", "ci_high", "p_value", "p_adjusted"]


def _clean(v: Any) -> Any:
    """JSON-friendly scalar: numpy -> python, NaN -> None."""
    if v is None:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


@dataclass
class ComparisonResult:
    """Everything the UI and the report need about one comparison (or why it was refused)."""

    by: str
    reference: str | None = None
    method: str = ""
    n_posts: int = 0
    n_influencers: int = 0
    covariates_used: list[str] = field(default_factory=list)
    dropped_covariates: dict[str, str] = field(default_factory=dict)
    overdispersion: float | None = None
    alpha: float | None = None
    overall_test: dict[str, Any] | None = None
    levels: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LEVEL_COLUMNS))
    pairwise: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PAIR_COLUMNS))
    refused: str | None = None  # in the language compare() was called with
    refused_en: str | None = None
    refused_fr: str | None = None
    caveats: list[str] = field(default_factory=list)
    caveats_fr: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    findings_fr: list[str] = field(default_factory=list)
    not_compared: dict[str, str] = field(default_factory=dict)
    inference: str = ""
    lang: str = "en"
    # distinct influencers behind each pair of levels, for the findings' "based on" counts
    pair_influencers: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return self.refused is None

    def message(self, lang: str | None = None) -> str | None:
        """The refusal message in a language (default: the one compare() was called with)."""
        return self.refused_fr if (lang or self.lang) == "fr" else self.refused_en

    def findings_in(self, lang: str | None = None) -> list[str]:
        return self.findings_fr if (lang or self.lang) == "fr" else self.findings

    def caveats_in(self, lang: str | None = None) -> list[str]:
        return self.caveats_fr if (lang or self.lang) == "fr" else self.caveats

    def to_json_rows(self) -> list[dict[str, Any]]:
        """One JSON-serialisable dict per level (compared or not); reference row: RR 1.0, p_adjusted None."""
        rows = []
        for rec in self.levels.to_dict("records"):
            rows.append({k: _clean(rec.get(k)) for k in LEVEL_COLUMNS})
        return rows

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable summary with findings and caveats in both languages."""
        return {
            "by": self.by,
            "reference": self.reference,
            "method": self.method,
            "inference": self.inference,
            "n_posts": self.n_posts,
            "n_influencers": self.n_influencers,
            "covariates_used": list(self.covariates_used),
            "dropped_covariates": dict(self.dropped_covariates),
            "overdispersion": _clean(self.overdispersion),
            "alpha": _clean(self.alpha),
            "overall_test": None
            if self.overall_test is None
            else {k: _clean(v) for k, v in self.overall_test.items()},
            "levels": self.to_json_rows(),
            "pairwise": [{k: _clean(v) for k, v in r.items()} for r in self.pairwise.to_dict("records")],
            "not_compared": dict(self.not_compared),
            "refused": self.refused,
            "refused_i18n": {"en": self.refused_en, "fr": self.refused_fr},
            "caveats": {"en": list(self.caveats), "fr": list(self.caveats_fr)},
            "findings": {"en": list(self.findings), "fr": list(self.findings_fr)},
        }


def holm(pvals: np.ndarray) -> np.ndarray:
    """Holm step-down adjusted p-values.

    Identical to statsmodels.stats.multitest.multipletests(p, method='holm')[1]
    (checked in tests), but that function runs gc.collect() on every Holm call,
    which costs ~80 ms in a loaded process, more than the model fit itself.
    """
    p = np.asarray(pvals, dtype=float)
    order = np.argsort(p)
    m = len(p)
    stepped = np.maximum.accumulate(p[order] * np.arange(m, 0, -1))
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    return out


class _FitFailed(RuntimeError):
    pass


# --------------------------------------------------------------------------- data preparation


def _as_level(s: pd.Series) -> pd.Series:
    """Factor values as strings; missing and 'unknown'-like values -> 'unknown'."""
    out = s.astype(object).where(s.notna(), "unknown").astype(str).str.strip()
    return out.where(~out.str.lower().isin(UNKNOWN_VALUES), "unknown")


def _truthy(v: Any) -> bool | None:
    """is_boosted as stored (bool) or as exported text ('yes', '1', 'true'); None when unreadable."""
    if isinstance(v, bool | np.bool_):
        return bool(v)
    if isinstance(v, int | float | np.integer | np.floating):
        return bool(v)
    t = str(v).strip().lower()
    if t in ("true", "yes", "oui", "1", "y", "t"):
        return True
    if t in ("false", "no", "non", "0", "n", "f"):
        return False
    return None


def _level_table(d: pd.DataFrame, by: str) -> pd.DataFrame:
    g = d.groupby(by, sort=False)
    t = pd.DataFrame(
        {
            "posts": g.size(),
            "influencers": g["influencer_id"].nunique(),
            "engagements": g["engagements"].sum(),
            "reach": g["reach"].sum(),
        }
    )
    t["raw_rate"] = t["engagements"] / t["reach"]
    t.index.name = "level"
    return t.sort_values(["posts", "influencers"], ascending=False, kind="stable")


def _pool_rare(x: pd.Series, infl: pd.Series, min_posts: int, min_infl: int) -> pd.Series:
    """Pool covariate levels too thin to estimate into 'other' (or the largest level)."""
    counts = x.value_counts()
    n_infl = infl.groupby(x).nunique()
    rare = [lvl for lvl in counts.index if counts[lvl] < min_posts or n_infl[lvl] < min_infl]
    if not rare:
        return x
    x = x.where(~x.isin(rare), "other")
    if (x == "other").sum() < min_posts or infl[x == "other"].nunique() < min_infl:
        biggest = x[x != "other"].value_counts()
        if len(biggest):
            x = x.where(x != "other", biggest.index[0])
    return x


def _dummies(x: pd.Series, name: str, ref: str, dtype: Any = float) -> pd.DataFrame:
    levels = [lvl for lvl in pd.unique(x) if lvl != ref]
    return pd.DataFrame(
        {f"{name}[{lvl}]": (x == lvl).astype(dtype).to_numpy() for lvl in levels}, index=x.index
    )


def _cells(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first post of each distinct key, cell of every post): the design's distinct rows."""
    _u, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return first, inverse.ravel()


def _combine(keys: np.ndarray, x: pd.Series) -> np.ndarray:
    """Cell keys refined by one more categorical column (kept small by re-coding)."""
    codes, uniques = pd.factorize(x)
    return np.unique(keys * len(uniques) + codes, return_inverse=True)[1].ravel().astype(np.int64)


def _full_rank(X: pd.DataFrame) -> bool:
    return int(np.linalg.matrix_rank(X.to_numpy())) == X.shape[1]


def _nesting(d: pd.DataFrame, by: str, cov: str) -> tuple[str, str] | None:
    """(finer level, coarser level) example when one of by/cov determines the other, else None."""
    per_by = d.groupby(by)[cov].nunique()
    if (per_by == 1).all():  # cov is a function of the factor (e.g. format -> platform)
        lvl = d[by].value_counts().index[0]
        return lvl, d.loc[d[by] == lvl, cov].iloc[0]
    per_cov = d.groupby(cov)[by].nunique()
    if (per_cov == 1).all():  # the factor is a function of cov
        lvl = d[cov].value_counts().index[0]
        return lvl, d.loc[d[cov] == lvl, by].iloc[0]
    return None


# --------------------------------------------------------------------------- fitting


def _quiet_fit(fn, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = fn(*args, **kwargs)
    bad = [w for w in caught if "converg" in str(w.message).lower() or "overflow" in str(w.message).lower()]
    return res, bad


def _mom_alpha(y: np.ndarray, mu: np.ndarray) -> float:
    """NB2 alpha by the method of moments (Cameron & Trivedi auxiliary regression, no constant)."""
    return float(np.sum((y - mu) ** 2 - y) / np.sum(mu**2))


def _fit_negbin_alpha(
    y: np.ndarray, X: np.ndarray, offset: np.ndarray, start: np.ndarray, alpha0: float
) -> float:
    """Maximum-likelihood NB2 alpha; raises _FitFailed when the optimiser does not converge."""
    model = NegativeBinomial(y, X, offset=offset, loglike_method="nb2")
    start_params = np.append(start, max(alpha0, 0.05))
    with np.errstate(all="ignore"):
        res, bad = _quiet_fit(model.fit, start_params=start_params, method="bfgs", maxiter=500, disp=0)
    alpha = float(res.params[-1])
    converged = bool(res.mle_retvals.get("converged", False))
    if not converged or bad or not math.isfinite(alpha) or alpha <= 0 or not np.all(np.isfinite(res.params)):
        raise _FitFailed("maximum likelihood for the dispersion did not converge")
    return alpha


def _glm_fit(y, X, offset, family, groups):
    with np.errstate(all="ignore"):
        res, bad = _quiet_fit(
            sm.GLM(y, X, family=family, offset=offset).fit,
            maxiter=200,
            cov_type="cluster",
            cov_kwds={"groups": groups, "use_correction": True},
        )
    cov = np.asarray(res.cov_params())
    if (
        bad
        or not getattr(res, "converged", True)
        or not np.all(np.isfinite(res.params))
        or not np.all(np.isfinite(cov))
    ):
        raise _FitFailed("the GLM did not converge")
    return res


def _cluster_cov(
    res: Any, X: np.ndarray, y: np.ndarray, groups: np.ndarray, alpha: float | None, kind: str
) -> np.ndarray:
    """Cluster-robust covariance with a small-sample bias correction of each cluster's residuals.

    With S_g the cluster block of the (symmetric) GLM hat matrix and e_g the Pearson
    residuals: "md" (Mancl & DeRouen 2001) uses (I - S_g)^-1 e_g, "kc" (Kauermann &
    Carroll 2001) (I - S_g)^-1/2 e_g. Both counter the known under-coverage of the plain
    sandwich (CRV1) with a few tens of clusters, where residuals of influential
    clusters are too small.
    """
    mu = np.asarray(res.mu, dtype=float)
    var = mu + (alpha or 0.0) * mu**2
    sw = mu / np.sqrt(var)  # sqrt of the IRLS weight for the log link
    Xw = X * sw[:, None]
    bread = np.linalg.inv(Xw.T @ Xw)
    e = (y - mu) / np.sqrt(var)
    meat = np.zeros_like(bread)
    power = -1.0 if kind == "md" else -0.5
    order = np.argsort(groups, kind="stable")
    bounds = np.flatnonzero(np.diff(groups[order])) + 1
    chol = None
    for idx in np.split(order, bounds):
        Xg = Xw[idx]
        if len(idx) <= KC_DENSE_MAX:
            S = Xg @ bread @ Xg.T
            evals, evecs = np.linalg.eigh(np.eye(len(idx)) - S)
            evals = np.clip(evals, 1e-2, None)  # cap the inflation of near-leverage-1 clusters
            eg = evecs @ ((evals**power) * (evecs.T @ e[idx]))
        else:
            if chol is None:
                chol = np.linalg.cholesky(bread)
            eg = _kc_low_rank(Xg @ chol, e[idx], power)
        u = Xg.T @ eg
        meat += np.outer(u, u)
    return bread @ meat @ bread


def _kc_low_rank(A: np.ndarray, e: np.ndarray, power: float) -> np.ndarray:
    """(I - A A')^power e for a tall A (n_g x p) without the n_g x n_g matrix.

    With A = U diag(s) V' (thin SVD), I - AA' has eigenvalues 1 - s^2 on U's columns and 1
    on their complement, so (I - AA')^power e = e + U diag(f(1 - s^2) - 1) U'e, f the same
    clipped power as the dense path. Exact; O(n_g p^2) instead of O(n_g^3) time and n_g^2 memory.
    """
    U, sv, _vt = np.linalg.svd(A, full_matrices=False)
    f = np.clip(1.0 - sv**2, 1e-2, None) ** power - 1.0
    return e + U @ (f * (U.T @ e))


def _fit(
    y: np.ndarray, X: pd.DataFrame, offset: np.ndarray, groups: np.ndarray, family: str
) -> tuple[Any, str, float | None, float, list[tuple[str, str]]]:
    """Fit with the documented fall-backs. Returns (results, method, alpha, dispersion, fallback notes)."""
    Xa = X.to_numpy()
    notes: list[tuple[str, str]] = []
    pois = sm.GLM(y, Xa, family=sm.families.Poisson(), offset=offset).fit(maxiter=200)
    dispersion = float(pois.pearson_chi2 / max(pois.df_resid, 1))
    clustered = "influencer-clustered robust SEs"
    if family == "poisson" or (family == "auto" and dispersion < OVERDISPERSION_MIN):
        res = _glm_fit(y, Xa, offset, sm.families.Poisson(), groups)
        why = (
            "requested"
            if family == "poisson"
            else f"no material overdispersion, Pearson χ²/df = {dispersion:.2f}"
        )
        return res, f"Poisson GLM with {clustered} ({why})", None, dispersion, notes
    mu = np.asarray(pois.fittedvalues)
    alpha_mom = _mom_alpha(y, mu)
    how = "maximum likelihood"
    try:
        alpha = _fit_negbin_alpha(y, Xa, offset, np.asarray(pois.params), alpha_mom)
    except _FitFailed:
        alpha, how = alpha_mom, "method of moments (ML did not converge)"
    if not (math.isfinite(alpha) and alpha > 0):
        notes.append(
            (
                "the dispersion of the negative binomial could not be estimated",
                "la dispersion de la binomiale négative n'a pas pu être estimée",
            )
        )
    else:
        try:
            res = _glm_fit(y, Xa, offset, sm.families.NegativeBinomial(alpha=alpha), groups)
            return res, f"Negative binomial GLM (alpha by {how}) with {clustered}", alpha, dispersion, notes
        except (_FitFailed, ValueError, np.linalg.LinAlgError):
            notes.append(
                (
                    "the negative binomial model did not converge",
                    "le modèle binomial négatif n'a pas convergé",
                )
            )
    res = _glm_fit(y, Xa, offset, sm.families.Poisson(), groups)
    return (
        res,
        f"Poisson GLM with {clustered} (quasi-Poisson fallback: negative binomial failed)",
        None,
        dispersion,
        notes,
    )


def _fit_cells(
    y: np.ndarray, Xc: np.ndarray, cell: np.ndarray, offset: np.ndarray, family: str
) -> tuple[Any, str, float | None, float, list[tuple[str, str]]]:
    """`_fit` on large data: the same decisions and fall-backs, fitted from cell sums (analysis.cells)."""
    notes: list[tuple[str, str]] = []
    clustered = "influencer-clustered robust SEs"
    try:
        pois = cells.irls(y, offset, cell, Xc)
    except cells.FitFailed as exc:
        raise _FitFailed(str(exc)) from exc
    dispersion = cells.pearson_dispersion(y, pois.mu, Xc.shape[1])
    if family == "poisson" or (family == "auto" and dispersion < OVERDISPERSION_MIN):
        why = (
            "requested"
            if family == "poisson"
            else f"no material overdispersion, Pearson χ²/df = {dispersion:.2f}"
        )
        return pois, f"Poisson GLM with {clustered} ({why})", None, dispersion, notes
    alpha_mom = _mom_alpha(y, pois.mu)
    how = "maximum likelihood"
    try:
        alpha, nb = cells.nb_alpha_ml(y, offset, cell, Xc, pois.params, alpha_mom)
    except cells.FitFailed:
        alpha, how, nb = alpha_mom, "method of moments (ML did not converge)", None
    if not (math.isfinite(alpha) and alpha > 0):
        notes.append(
            (
                "the dispersion of the negative binomial could not be estimated",
                "la dispersion de la binomiale négative n'a pas pu être estimée",
            )
        )
    else:
        try:
            res = nb if nb is not None else cells.irls(y, offset, cell, Xc, alpha, pois.params)
            return res, f"Negative binomial GLM (alpha by {how}) with {clustered}", alpha, dispersion, notes
        except cells.FitFailed:
            notes.append(
                (
                    "the negative binomial model did not converge",
                    "le modèle binomial négatif n'a pas convergé",
                )
            )
    return (
        pois,
        f"Poisson GLM with {clustered} (quasi-Poisson fallback: negative binomial failed)",
        None,
        dispersion,
        notes,
    )


# --------------------------------------------------------------------------- main entry point


def compare(
    df: pd.DataFrame,
    by: str,
    lang: str = "en",
    reference: str | None = None,
    min_posts: int = MIN_POSTS,
    min_influencers: int = MIN_INFLUENCERS,
    min_level_posts: int = MIN_LEVEL_POSTS,
    min_level_influencers: int = MIN_LEVEL_INFLUENCERS,
    covariates: Sequence[str] | None = None,
    family: str = "auto",
) -> ComparisonResult:
    """Compare the levels of `by` on engagement per person reached (see the module docstring).

    `reference` defaults to the level with the most posts (ties: most influencers):
    the best-estimated baseline gives the narrowest intervals. `family` is
    'auto' (NB with fall-backs), 'negbin' (same, without the Poisson shortcut
    for non-overdispersed data) or 'poisson'. `lang` ('en'/'fr') picks the
    language of `refused` and of the message()/findings_in()/caveats_in()
    defaults; findings and caveats are always produced in both languages.
    `covariates` overrides DEFAULT_COVARIATES[by]. Never raises on thin data:
    returns a result with `refused` set instead (ValueError only for a missing
    column or an unsupported lang/family).
    """
    _check_arguments(df, by, lang, family)
    result = ComparisonResult(by=by, lang=lang)

    d = _usable_rows(df, by, result.notes)
    n_posts, n_infl = len(d), int(d["influencer_id"].nunique())
    result.n_posts, result.n_influencers = n_posts, n_infl
    table = _level_table(d, by)
    status = _level_status(table, min_level_posts, min_level_influencers)
    ok_levels = [lvl for lvl in table.index if status[lvl] == "ok"]
    _note_not_compared(result, table, status, min_level_posts, min_level_influencers)

    minimums = (min_posts, min_influencers, min_level_posts, min_level_influencers)
    refusal = _thin_data(by, n_posts, n_infl, len(ok_levels), *minimums)
    if refusal:
        return _refused(result, table, status, *refusal)
    d = d[d[by].isin(ok_levels)].copy()
    n_posts, n_infl = len(d), int(d["influencer_id"].nunique())
    result.n_posts, result.n_influencers = n_posts, n_infl
    refusal = _thin_data(by, n_posts, n_infl, len(ok_levels), *minimums)
    if refusal:
        return _refused(result, table, status, *refusal)

    ref = _choose_reference(ok_levels, reference, result.notes)
    result.reference = ref
    order = [ref] + [lvl for lvl in ok_levels if lvl != ref]

    candidates = list(DEFAULT_COVARIATES.get(by, ()) if covariates is None else covariates)
    design = _design(d, by, order, candidates, n_infl, min_level_posts, min_level_influencers, result)
    X = design.X
    if X.shape[1] >= n_infl or not _full_rank(pd.DataFrame(design.Xc) if design.large else X):
        # Fewer influencers than factor levels: the robust covariance would be singular.
        return _refused(
            result,
            table,
            status,
            fx.refusal_message(n_posts, n_infl, min_posts, X.shape[1] + 1, "en"),
            fx.refusal_message(n_posts, n_infl, min_posts, X.shape[1] + 1, "fr"),
        )

    groups = pd.factorize(d["influencer_id"])[0]
    params, V, df_t = _fit_and_covariance(d, design, groups, family, n_infl, result)
    pw = _pairwise(params, V, by, order, df_t)
    result.pairwise = pw[PAIR_COLUMNS].reset_index(drop=True)
    result.overall_test = _overall_test(params, V, [f"{by}[{lvl}]" for lvl in order[1:]], df_t)

    est_rows = {r["level_a"]: r for _, r in pw[pw["level_b"] == ref].iterrows()}
    result.levels = _levels_frame(table, status, ref, est_rows)
    result.pair_influencers.update(_pair_influencers(d[by], groups, order, n_infl))

    _note_caveats(result.notes, d, table, order, by, n_infl)
    _render_notes(result)
    result.findings = fx.build_findings(result, "en")
    result.findings_fr = fx.build_findings(result, "fr")
    return result


# --------------------------------------------------------------------------- the steps of compare()


def _check_arguments(df: pd.DataFrame, by: str, lang: str, family: str) -> None:
    if lang not in fx.LANGS:
        raise ValueError(f"lang must be one of {fx.LANGS}")
    if family not in ("auto", "negbin", "poisson"):
        raise ValueError("family must be 'auto', 'negbin' or 'poisson'")
    missing = [c for c in (*REQUIRED_COLUMNS, by) if c not in df.columns]
    if missing:
        raise ValueError(f"compare(): missing column(s) {missing}")


def _usable_rows(df: pd.DataFrame, by: str, notes: list) -> pd.DataFrame:
    """Rows usable for a rate model (an influencer, engagements >= 0, reach > 0, a level); the
    others are counted in a note."""
    d = df.copy()
    d["engagements"] = pd.to_numeric(d["engagements"], errors="coerce")
    d["reach"] = pd.to_numeric(d["reach"], errors="coerce")
    usable = (
        d["influencer_id"].notna()
        & d["engagements"].notna()
        & (d["engagements"] >= 0)
        & d["reach"].notna()
        & (d["reach"] > 0)
        & d[by].notna()
    )
    # posts whose export measures no reach (TikTok, YouTube…): never a proxy, left out and said so
    no_reach = ~usable & ~(d["reach"].notna() & (d["reach"] > 0)) & d["engagements"].notna()
    if no_reach.any():
        where = sorted(d.loc[no_reach, "platform"].dropna().astype(str).unique()) if "platform" in d else []
        notes.append(("no_reach", {"posts": int(no_reach.sum()), "platforms": where}))
    n_excluded = int((~usable & ~no_reach).sum())
    d = d[usable].copy()
    d[by] = _as_level(d[by])
    d["influencer_id"] = d["influencer_id"].astype(str)
    if n_excluded:
        notes.append(("excluded_rows", {"posts": n_excluded, "by": by}))
    return d


def _level_status(table: pd.DataFrame, min_level_posts: int, min_level_influencers: int) -> dict[str, str]:
    """Which levels can be compared: 'ok', or why not ('unknown', 'too_few', 'no_engagement')."""
    status: dict[str, str] = {}
    for lvl, row in table.iterrows():
        if lvl == "unknown":
            status[lvl] = "unknown"
        elif row["posts"] < min_level_posts or row["influencers"] < min_level_influencers:
            status[lvl] = "too_few"
        elif row["engagements"] <= 0:
            status[lvl] = "no_engagement"
        else:
            status[lvl] = "ok"
    return status


def _note_not_compared(
    result: ComparisonResult,
    table: pd.DataFrame,
    status: dict[str, str],
    min_level_posts: int,
    min_level_influencers: int,
) -> None:
    for lvl, st in status.items():
        if st != "ok":
            result.not_compared[lvl] = {
                "too_few": "not compared: too few posts",
                "no_engagement": "not compared: no engagement",
                "unknown": "not compared: unknown value",
            }[st]
            result.notes.append(
                (
                    "not_compared",
                    {
                        "level": lvl,
                        "reason": st,
                        "posts": int(table.loc[lvl, "posts"]),
                        "influencers": int(table.loc[lvl, "influencers"]),
                        "min_posts": min_level_posts,
                        "min_influencers": min_level_influencers,
                        "by": result.by,
                    },
                )
            )


def _thin_data(
    by: str,
    n_posts: int,
    n_infl: int,
    n_levels: int,
    min_posts: int,
    min_influencers: int,
    min_level_posts: int,
    min_level_influencers: int,
) -> tuple[str, str] | None:
    """The refusal (en, fr) when there are too few posts or influencers, or fewer than two
    comparable levels; None when the comparison can go on."""
    if n_posts < min_posts or n_infl < min_influencers:
        return (
            fx.refusal_message(n_posts, n_infl, min_posts, min_influencers, "en"),
            fx.refusal_message(n_posts, n_infl, min_posts, min_influencers, "fr"),
        )
    if n_levels < MIN_LEVELS:
        return (
            fx.refusal_levels_message(by, n_levels, min_level_posts, min_level_influencers, "en"),
            fx.refusal_levels_message(by, n_levels, min_level_posts, min_level_influencers, "fr"),
        )
    return None


def _refused(
    result: ComparisonResult, table: pd.DataFrame, status: dict[str, str], en: str, fr: str
) -> ComparisonResult:
    result.refused_en, result.refused_fr = en, fr
    result.refused = fr if result.lang == "fr" else en
    result.levels = _levels_frame(table, status, None, None)
    result.levels.loc[result.levels["status"] == "compared", "status"] = "not compared: not enough data"
    _render_notes(result)
    return result


def _choose_reference(ok_levels: list[str], reference: str | None, notes: list) -> str:
    """The requested reference when it can be compared, else the level with the most posts."""
    default_ref = ok_levels[0]  # table is sorted by posts, then influencers
    if reference is None:
        return default_ref
    if str(reference) in ok_levels:
        return str(reference)
    notes.append(("reference_changed", {"requested": str(reference), "used": default_ref}))
    return default_ref


@dataclass
class _Design:
    """The design matrix; on large data also the cell (distinct design row) of every post and the
    distinct rows as floats (Xc), on which ranks are checked and the model is fitted."""

    X: pd.DataFrame
    large: bool
    cell: np.ndarray | None = None
    Xc: np.ndarray | None = None


def _design(
    d: pd.DataFrame,
    by: str,
    order: list[str],
    candidates: list[str],
    n_infl: int,
    min_level_posts: int,
    min_level_influencers: int,
    result: ComparisonResult,
) -> _Design:
    """The factor, then the covariates where the data allow (dropped ones are recorded with their
    reason in `result`). Large data: one-byte dummies and the cell of every post; ranks are
    checked on the distinct rows."""
    notes = result.notes
    n_posts = len(d)
    large = n_posts > LARGE_POSTS
    dtype = np.uint8 if large else float
    keys = pd.factorize(d[by])[0].astype(np.int64)
    X = pd.DataFrame({"const": np.ones(n_posts, dtype=dtype)}, index=d.index)
    fac = _dummies(d[by], by, order[0], dtype)
    fac = fac[[f"{by}[{lvl}]" for lvl in order[1:]]]
    X = pd.concat([X, fac], axis=1)
    used: list[str] = []
    cov_blocks: dict[str, pd.DataFrame] = {}
    cov_values: dict[str, pd.Series] = {}
    for cov in candidates:
        if cov == by:
            continue
        if cov not in d.columns:
            result.dropped_covariates[cov] = "not in the data"
            continue
        x = _pool_rare(_as_level(d[cov]), d["influencer_id"], min_level_posts, min_level_influencers)
        if x.nunique() < 2:
            result.dropped_covariates[cov] = f"only one level ({x.iloc[0]}) among the compared posts"
            continue
        nest = _nesting(d.assign(**{cov: x}), by, cov)
        if nest is not None:
            result.dropped_covariates[cov] = f"nested with {by} (e.g. {nest[0]} is always {nest[1]})"
            notes.append(
                ("nested", {"by": by, "covariate": cov, "example_finer": nest[0], "example_coarser": nest[1]})
            )
            continue
        block = _dummies(x, cov, x.value_counts().index[0], dtype)
        trial = pd.concat([X, block], axis=1)
        trial_keys = _combine(keys, x) if large else keys
        if not _full_rank(trial.iloc[_cells(trial_keys)[0]] if large else trial):
            result.dropped_covariates[cov] = f"collinear with {by} and the other covariates"
            notes.append(
                (
                    "covariate_dropped",
                    {
                        "covariate": cov,
                        "reason_en": "it is collinear with the compared levels and the other covariates",
                        "reason_fr": "il est colinéaire avec les niveaux comparés et les autres critères",
                    },
                )
            )
            continue
        X = trial
        keys = trial_keys
        used.append(cov)
        cov_blocks[cov] = block
        cov_values[cov] = x
    X = _drop_for_parameters(X, used, cov_blocks, n_infl, len(order), result)
    result.covariates_used = used
    if not large:
        return _Design(X, large)
    # the cells of the final design (covariates may have been dropped above)
    keys = pd.factorize(d[by])[0].astype(np.int64)
    for cov in used:
        keys = _combine(keys, cov_values[cov])
    first, cell = _cells(keys)
    return _Design(X, large, cell, X.iloc[first].to_numpy(dtype=float))


def _drop_for_parameters(
    X: pd.DataFrame,
    used: list[str],
    cov_blocks: dict[str, pd.DataFrame],
    n_infl: int,
    n_levels: int,
    result: ComparisonResult,
) -> pd.DataFrame:
    """Covariates dropped, last added first, while the model has more parameters than the
    influencers support (`used` is shortened in place)."""
    while used and X.shape[1] > max(n_infl // INFLUENCERS_PER_PARAMETER, 1 + n_levels - 1):
        cov = used.pop()
        X = X.drop(columns=list(cov_blocks[cov].columns))
        result.dropped_covariates[cov] = f"too many parameters for {n_infl} influencers"
        result.notes.append(
            (
                "covariate_dropped",
                {
                    "covariate": cov,
                    "reason_en": f"too many parameters for {n_infl} influencers",
                    "reason_fr": f"trop de paramètres pour {n_infl} influenceurs",
                },
            )
        )
    return X


def _fit_and_covariance(
    d: pd.DataFrame, design: _Design, groups: np.ndarray, family: str, n_infl: int, result: ComparisonResult
) -> tuple[pd.Series, pd.DataFrame, int]:
    """Fit the model; returns the coefficients, their influencer-clustered covariance and the
    degrees of freedom of the t reference (influencers - 1)."""
    X = design.X
    y = d["engagements"].to_numpy(dtype=float)
    offset = np.log(d["reach"].to_numpy(dtype=float))
    if design.large:
        res, method, alpha, dispersion, fallback = _fit_cells(y, design.Xc, design.cell, offset, family)
    else:
        res, method, alpha, dispersion, fallback = _fit(y, X, offset, groups, family)
    result.method, result.alpha, result.overdispersion = method, alpha, dispersion
    for en, fr in fallback:
        result.notes.append(("poisson", {"reason_en": en, "reason_fr": fr}))

    params = pd.Series(np.asarray(res.params), index=X.columns)
    if design.large:
        cov = cells.cluster_cov(res, y, design.cell, design.Xc, groups, ROBUST_SE)
    elif ROBUST_SE == "crv1":
        cov = np.asarray(res.cov_params())
    else:
        cov = _cluster_cov(res, X.to_numpy(), y, groups, alpha, ROBUST_SE)
    V = pd.DataFrame(cov, index=X.columns, columns=X.columns)
    df_t = n_infl - 1
    result.inference = {
        "kc": "influencer-clustered sandwich, Kauermann-Carroll bias-reduced",
        "md": "influencer-clustered sandwich, Mancl-DeRouen bias-reduced",
        "crv1": "influencer-clustered sandwich (CRV1)",
    }[ROBUST_SE] + f"; Student t with {df_t} df"
    return params, V, df_t


def _pairwise(params: pd.Series, V: pd.DataFrame, by: str, order: list[str], df_t: int) -> pd.DataFrame:
    """Every pair of levels: rate ratio, 95% interval, p-value and Holm-adjusted p-value."""
    ref = order[0]
    q975 = float(stats.t.ppf(0.975, df_t))

    def coef(lvl: str) -> str | None:
        return None if lvl == ref else f"{by}[{lvl}]"

    def contrast(a: str, b: str) -> tuple[float, float]:
        ca, cb = coef(a), coef(b)
        est = (params[ca] if ca else 0.0) - (params[cb] if cb else 0.0)
        var = (V.loc[ca, ca] if ca else 0.0) + (V.loc[cb, cb] if cb else 0.0)
        if ca and cb:
            var -= 2 * V.loc[ca, cb]
        return float(est), float(math.sqrt(max(var, 0.0)))

    pairs = []
    for i, j in itertools.combinations(range(len(order)), 2):
        a, b = order[j], order[i]
        est, se = contrast(a, b)
        p = float(2 * stats.t.sf(abs(est / se), df_t)) if se > 0 else float("nan")
        pairs.append(
            {
                "level_a": a,
                "level_b": b,
                "rate_ratio": math.exp(est),
                "ci_low": math.exp(est - q975 * se),
                "ci_high": math.exp(est + q975 * se),
                "p_value": p,
                "log_se": se,
            }
        )
    pw = pd.DataFrame(pairs)
    pvals = pw["p_value"].to_numpy()
    finite = np.isfinite(pvals)
    adj = np.full(len(pvals), np.nan)
    if finite.any():
        adj[finite] = holm(pvals[finite])
    pw["p_adjusted"] = adj
    return pw


def _overall_test(params: pd.Series, V: pd.DataFrame, names: list[str], df_t: int) -> dict[str, Any]:
    """Wald test that all the factor's coefficients are 0 (F with df_t denominator, and chi2)."""
    b = params[names].to_numpy()
    Vf = V.loc[names, names].to_numpy()
    wald = float(b @ np.linalg.pinv(Vf) @ b)
    qdf = len(names)
    fstat = wald / qdf
    return {
        "test": "F",
        "stat": fstat,
        "df": qdf,
        "df_denom": df_t,
        "p": float(stats.f.sf(fstat, qdf, df_t)),
        "chi2": wald,
        "p_chi2": float(stats.chi2.sf(wald, qdf)),
    }


def _pair_influencers(
    levels: pd.Series, groups: np.ndarray, order: list[str], n_infl: int
) -> dict[tuple[str, str], int]:
    """Distinct influencers behind each pair of levels: |A u B| = |A| + |B| - |A n B| from a
    level x influencer incidence matrix (one pass over the posts, not one per pair)."""
    lvl_codes = pd.Categorical(levels, categories=order).codes
    seen = np.zeros((len(order), n_infl), dtype=np.int64)
    seen[lvl_codes, groups] = 1
    inter, sizes = seen @ seen.T, seen.sum(axis=1)
    return {
        (a, b_): int(sizes[i] + sizes[j] - inter[i, j])
        for (i, a), (j, b_) in itertools.combinations(enumerate(order), 2)
    }


def _note_caveats(
    notes: list, d: pd.DataFrame, table: pd.DataFrame, order: list[str], by: str, n_infl: int
) -> None:
    """Few influencers, boosted or unknown-boost posts; always: association only."""
    n_few = table.loc[order, "influencers"]
    for lvl in order:
        if n_few[lvl] < FEW_INFLUENCERS_PER_LEVEL:
            notes.append(("few_influencers", {"level": lvl, "influencers": int(n_few[lvl]), "by": by}))
    if n_infl < FEW_INFLUENCERS_TOTAL:
        notes.append(("few_influencers_total", {"influencers": n_infl}))
    if "is_boosted" in d.columns:
        codes, values = pd.factorize(d["is_boosted"])  # few distinct values: read each once; NA -> -1
        per_value = np.bincount(codes[codes >= 0], minlength=len(values))
        truth = [_truthy(v) for v in values]
        n_true = int(sum(c for c, t in zip(per_value, truth) if t is True))
        n_na = int((codes < 0).sum()) + int(sum(c for c, t in zip(per_value, truth) if t is None))
        if n_true:
            notes.append(("boosted", {"posts": n_true}))
        if n_na:
            notes.append(("boosted_unknown", {"posts": n_na}))
    else:
        notes.append(("boosted_unknown", {"posts": None}))
    notes.append(("association", {"by": by}))


def _levels_frame(
    table: pd.DataFrame, status: dict[str, str], ref: str | None, est_rows: dict[str, Any] | None
) -> pd.DataFrame:
    """The per-level table: estimates for compared levels, raw figures for all."""
    rows = []
    ordered = ([ref] if ref else []) + [lvl for lvl in table.index if lvl != ref]
    for lvl in ordered:
        t = table.loc[lvl]
        row: dict[str, Any] = {
            "level": lvl,
            "reference": ref,
            "rate_ratio": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "p_value": np.nan,
            "p_adjusted": np.nan,
            "posts": int(t["posts"]),
            "influencers": int(t["influencers"]),
            "engagements": float(t["engagements"]),
            "reach": float(t["reach"]),
            "raw_rate": float(t["raw_rate"]),
            "log_se": np.nan,
            "is_reference": lvl == ref,
            "status": "not compared" if status.get(lvl) != "ok" else "compared",
        }
        if status.get(lvl) != "ok":
            row["status"] = {
                "too_few": "not compared: too few posts",
                "no_engagement": "not compared: no engagement",
                "unknown": "not compared: unknown value",
            }.get(status.get(lvl, ""), "not compared")
        if lvl == ref:
            row.update(rate_ratio=1.0, status="reference")
        elif est_rows and lvl in est_rows:
            r = est_rows[lvl]
            row.update(
                rate_ratio=r["rate_ratio"],
                ci_low=r["ci_low"],
                ci_high=r["ci_high"],
                p_value=r["p_value"],
                p_adjusted=r["p_adjusted"],
                log_se=r["log_se"],
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=LEVEL_COLUMNS)


def _render_notes(result: ComparisonResult) -> None:
    seen: set[str] = set()
    result.caveats, result.caveats_fr = [], []
    for key, params in result.notes:
        en = fx.render_note(key, params, "en")
        if en in seen:
            continue
        seen.add(en)
        result.caveats.append(en)
        result.caveats_fr.append(fx.render_note(key, params, "fr"))


def comparison(
    con: duckdb.DuckDBPyConnection, by: str, filters: Filters | None = None, lang: str = "en"
) -> ComparisonResult:
    """Posts of the selection (from the metrics layer) -> the model comparison."""
    return compare(posts_for_comparison(con, filters), by, lang=lang)
