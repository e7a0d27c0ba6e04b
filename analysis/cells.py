"""The comparison model fitted on large data from per-cell sums: the same estimator, linear cost.

Why: at agency scale (a million posts) statsmodels' GLM refits a dense n x p design by
least squares at every IRLS step, the NB dispersion is found by BFGS over the full
likelihood, and the design alone is hundreds of megabytes. But every column of the
design is a dummy of a categorical variable, so a post's row is one of a few hundred
*cells* (distinct rows). Each IRLS step of a log-link GLM with offset needs only, per
cell, the sum of the weights and of the working residuals; each step of the
dispersion needs the per-post log-likelihood, a vectorised O(n) sum. The
cluster-robust covariance with the Kauermann-Carroll / Mancl-DeRouen correction needs,
per influencer, the weighted Gram matrix and score of its posts, also cell sums (the
low-rank identity of `analysis.compare._kc_low_rank` in Gram form).

Nothing is approximated: no subsample, no binning of reach or engagements. The results
equal statsmodels' to its optimiser tolerance (tests/analysis/test_compare.py compares
both on the same data); `analysis.compare` uses this path above LARGE_POSTS posts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special


class FitFailed(RuntimeError):
    pass


@dataclass
class CellFit:
    params: np.ndarray  # coefficients (columns of the cell design)
    mu: np.ndarray  # fitted mean of every post
    alpha: float  # NB2 dispersion (0: Poisson)
    converged: bool
    crv1: np.ndarray | None = None

    def cov_params(self) -> np.ndarray:
        if self.crv1 is None:
            raise ValueError("no CRV1 covariance computed")
        return self.crv1


def _sum_by(index: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    return np.bincount(index, weights=values, minlength=size)


def irls(
    y: np.ndarray,
    offset: np.ndarray,
    cell: np.ndarray,
    Xc: np.ndarray,
    alpha: float = 0.0,
    beta: np.ndarray | None = None,
    maxiter: int = 200,
    tol: float = 1e-12,
) -> CellFit:
    """Log-link GLM (Poisson when alpha = 0, NB2 with fixed alpha otherwise) by IRLS on cell sums."""
    k = Xc.shape[0]
    if beta is None:  # start: the overall rate, as a first IRLS step from mu = y would
        beta = np.zeros(Xc.shape[1])
        beta[0] = math.log(max(y.sum(), 0.5) / np.exp(offset).sum())
    dev_old = np.inf
    for _it in range(maxiter):
        xb = Xc @ beta
        eta = offset + xb[cell]
        mu = np.exp(eta)
        w = mu / (1.0 + alpha * mu)
        W = _sum_by(cell, w, k)
        t = xb * W + _sum_by(cell, (y - mu) / (1.0 + alpha * mu), k)
        A = (Xc * W[:, None]).T @ Xc
        try:
            new = np.linalg.solve(A, Xc.T @ t)
        except np.linalg.LinAlgError as exc:
            raise FitFailed("singular weighted design") from exc
        if not np.all(np.isfinite(new)):
            raise FitFailed("the GLM diverged")
        step = np.max(np.abs(new - beta))
        beta = new
        mu = np.exp(offset + (Xc @ beta)[cell])
        dev = _deviance(y, mu, alpha)
        if step < 1e-10 or abs(dev - dev_old) <= tol * max(abs(dev), 1.0):
            return CellFit(beta, mu, alpha, True)
        dev_old = dev
    raise FitFailed("the GLM did not converge")


def _deviance(y: np.ndarray, mu: np.ndarray, alpha: float) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        ylog = np.where(y > 0, y * np.log(y / mu), 0.0)
        if alpha == 0:
            return float(2 * np.sum(ylog - (y - mu)))
        th = 1.0 / alpha
        return float(2 * np.sum(ylog - (y + th) * np.log((y + th) / (mu + th))))


def nb_loglike(y: np.ndarray, mu: np.ndarray, alpha: float, counts: tuple | None = None) -> float:
    th = 1.0 / alpha
    uy, inv = counts if counts is not None else np.unique(y, return_inverse=True)
    lg = (special.gammaln(uy + th) - special.gammaln(uy + 1))[inv]  # counts repeat: one call per value
    return float(np.sum(lg - special.gammaln(th) + th * np.log(th / (th + mu)) + y * np.log(mu / (th + mu))))


def nb_alpha_ml(
    y: np.ndarray, offset: np.ndarray, cell: np.ndarray, Xc: np.ndarray, start: np.ndarray, alpha0: float
) -> tuple[float, CellFit]:
    """Joint maximum likelihood of (beta, alpha) for NB2: alternate IRLS in beta and Newton in log(1/alpha).

    beta and alpha are orthogonal in NB2 (block-diagonal information), so alternating converges
    in a few rounds. Raises FitFailed when it does not (the caller falls back to the moments).
    The special functions of y + 1/alpha are evaluated once per distinct count.
    """
    uy, inv = np.unique(y, return_inverse=True)
    inv = inv.ravel()
    counts = (uy, inv)
    theta = 1.0 / max(alpha0, 0.05)
    fit = irls(y, offset, cell, Xc, 1.0 / theta, start)
    for _round in range(100):
        mu = fit.mu
        old = theta
        for _k in range(100):
            dig = special.digamma(uy + theta)[inv]
            tri = special.polygamma(1, uy + theta)[inv]
            g = float(
                np.sum(dig - special.digamma(theta) + np.log(theta / (theta + mu)) + (mu - y) / (theta + mu))
            )
            h = float(
                np.sum(tri - special.polygamma(1, theta) + 1.0 / theta - 1.0 / (theta + mu)
                       - (mu - y) / (theta + mu) ** 2)
            )  # fmt: skip
            d2 = h * theta**2 + g * theta  # second derivative in u = log(theta)
            du = -(g * theta) / d2 if d2 < 0 else math.copysign(0.5, g)
            du = max(min(du, 2.0), -2.0)
            base = nb_loglike(y, mu, 1.0 / theta, counts)
            while True:  # step halving: never decrease the likelihood
                cand = theta * math.exp(du)
                if nb_loglike(y, mu, 1.0 / cand, counts) >= base - 1e-9 * abs(base) or abs(du) < 1e-12:
                    break
                du /= 2
            theta = cand
            if not math.isfinite(theta) or theta > 1e12:
                raise FitFailed("the dispersion went to zero (no overdispersion)")
            if abs(du) < 1e-12:
                break
        fit = irls(y, offset, cell, Xc, 1.0 / theta, fit.params)
        if abs(theta - old) <= 1e-10 * theta:
            return 1.0 / theta, fit
    raise FitFailed("maximum likelihood for the dispersion did not converge")


def pearson_dispersion(y: np.ndarray, mu: np.ndarray, n_params: int) -> float:
    """Pearson chi2 / residual df of a Poisson fit."""
    return float(np.sum((y - mu) ** 2 / mu) / max(len(y) - n_params, 1))


def cluster_cov(
    fit: CellFit, y: np.ndarray, cell: np.ndarray, Xc: np.ndarray, groups: np.ndarray, kind: str
) -> np.ndarray:
    """Influencer-clustered sandwich from (influencer, cell) sums.

    kind "kc" / "md": Kauermann-Carroll / Mancl-DeRouen bias-reduced, exactly as
    analysis.compare._cluster_cov (hat-block eigenvalues clipped at 1e-2); "crv1": the
    plain sandwich with statsmodels' small-sample factor G/(G-1) (n-1)/(n-p).
    """
    mu, alpha = fit.mu, fit.alpha
    k, p = Xc.shape
    w = mu / (1.0 + alpha * mu)  # sw^2
    r = (y - mu) / (1.0 + alpha * mu)  # sw * Pearson residual
    n_groups = int(groups.max()) + 1
    pair = groups.astype(np.int64) * k + cell
    pairs, inv = np.unique(pair, return_inverse=True)
    pw = np.bincount(inv, weights=w)
    pr = np.bincount(inv, weights=r)
    pg, pc = pairs // k, pairs % k
    if kind == "crv1":  # statsmodels' bread: the observed information (log is not NB2's canonical link)
        W = np.bincount(cell, weights=mu * (1.0 + alpha * y) / (1.0 + alpha * mu) ** 2, minlength=k)
    else:  # the expected information, as analysis.compare._cluster_cov
        W = np.bincount(cell, weights=w, minlength=k)
    bread = np.linalg.inv((Xc * W[:, None]).T @ Xc)
    bounds = np.flatnonzero(np.diff(pg)) + 1
    meat = np.zeros((p, p))
    power = -1.0 if kind == "md" else -0.5
    chol = np.linalg.cholesky(bread) if kind != "crv1" else None
    for rows in np.split(np.arange(len(pairs)), bounds):
        Xg = Xc[pc[rows]]
        s = Xg.T @ pr[rows]
        if chol is not None:
            M = (Xg * pw[rows][:, None]).T @ Xg
            ML = M @ chol
            sig2, V = np.linalg.eigh(chol.T @ ML)
            sig2 = np.clip(sig2, 0.0, None)
            f = np.clip(1.0 - sig2, 1e-2, None) ** power - 1.0
            ratio = np.where(sig2 > 1e-14, f / np.where(sig2 > 1e-14, sig2, 1.0), -power)
            s = s + ML @ (V @ (ratio * (V.T @ (chol.T @ s))))
        meat += np.outer(s, s)
    cov = bread @ meat @ bread
    if kind == "crv1":
        n = len(y)
        cov *= n_groups / (n_groups - 1) * (n - 1) / (n - p)
    return cov
