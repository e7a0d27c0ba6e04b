"""The 95% interval of a ratio of sums (an engagement rate), honest at every size.

Why its own module: the rule must be the same for the dashboard, the CLI, the deck,
the coverage simulation in `bench/simulate_intervals.py` and its test.

A rate R = Σe / Σr is computed over *units*: influencers for a group (a format, a
profile type, a campaign: the figure generalises over influencers), posts for one
influencer's own row (the figure describes that influencer, its uncertainty is the
variation between their posts). With e_k, r_k the sums of unit k (units with r_k > 0):

- linearised residuals u_k = e_k − R·r_k, leverages h_k = r_k / Σr;
- bias-reduced (CR2) variance  V = Σ_k u_k² / (1 − h_k) / (Σr)²;
- Satterthwaite degrees of freedom (Bell–McCaffrey) under a working model where each
  unit's rate varies equally (Var(u_k) ∝ r_k²), so a group dominated by one large
  unit gets few degrees of freedom;
- interval R ± t(df, 0.975)·√V, the lower bound clipped at 0.

Below MIN_INFLUENCERS influencers (a group) or MIN_POSTS posts (one influencer) there
is no interval at all, never a Poisson or normal stand-in: the reason is given
(`ci_note`). Coverage measured by simulation: bench/RESULTS.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from warehouse.registry import MIN_INFLUENCERS, MIN_POSTS

LEVEL = 0.95
__all__ = ["MIN_INFLUENCERS", "MIN_POSTS", "Interval", "ratio_interval"]
# ci_note values (translated by the pages and the report): why a row has no interval
NOTE_FEW_INFLUENCERS = "few_influencers"
NOTE_FEW_POSTS = "few_posts"
NOTE_NO_RATE = "no_rate"
NOTE_NO_VARIATION = "no_variation"


@dataclass(frozen=True)
class Interval:
    """low/high None when there is no interval; `note` then says why."""

    rate: float | None
    low: float | None
    high: float | None
    df: float | None
    units: int
    note: str | None


def ratio_interval(
    e: Sequence[float] | np.ndarray,
    r: Sequence[float] | np.ndarray,
    min_units: int,
    few_note: str,
    level: float = LEVEL,
) -> Interval:
    """Interval of Σe/Σr from per-unit sums (see the module docstring); units with r ≤ 0 are left out."""
    ea = np.asarray(e, dtype=float)
    ra = np.asarray(r, dtype=float)
    keep = np.isfinite(ra) & (ra > 0) & np.isfinite(ea)
    ea, ra = ea[keep], ra[keep]
    k = int(ra.size)
    if k == 0:
        return Interval(None, None, None, None, 0, NOTE_NO_RATE)
    total = float(ra.sum())
    rate = float(ea.sum()) / total
    if k < max(min_units, 2):
        return Interval(rate, None, None, None, k, few_note)
    h = ra / total
    u = ea - rate * ra
    d = 1.0 / (1.0 - h)
    var = float(np.sum(u * u * d)) / total**2
    df = _bell_mccaffrey_df(ra, d)
    if not (var > 0 and df is not None and df > 0):
        return Interval(rate, None, None, None, k, NOTE_NO_VARIATION)
    from scipy.special import stdtrit  # here, not at import: scipy costs a CLI command ~0.5 s to start

    half = float(stdtrit(df, 0.5 + level / 2)) * var**0.5
    return Interval(rate, max(rate - half, 0.0), rate + half, df, k, None)


def _bell_mccaffrey_df(r: np.ndarray, d: np.ndarray) -> float | None:
    """Satterthwaite df of the CR2 variance for a ratio, working covariance diag(r²).

    û = M v with M = I − r·1ᵀ/Σr; V ∝ vᵀ Mᵀ D M v; df = tr(C)² / tr(C²), C = D½ M Σ Mᵀ D½.
    """
    k = r.size
    m = np.eye(k) - np.outer(r, np.ones(k)) / r.sum()
    sigma = np.diag(r * r)
    half = np.sqrt(d)
    c = (half[:, None] * (m @ sigma @ m.T)) * half[None, :]
    tr2 = float(np.sum(c * c))
    return float(np.trace(c)) ** 2 / tr2 if tr2 > 0 else None
