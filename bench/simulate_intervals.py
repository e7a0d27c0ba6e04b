"""Coverage of the engagement-rate interval (warehouse.intervals) by group size and posts per influencer.

Why: an account lead shows "4.1% [3.2–5.0]" to a client; the interval must contain the
true rate 95% of the time whether a group has 5 influencers or 40, and whether an
influencer has 3 posts or 30. Data mimic the sample generator: influencer reach
log-normal (sd 1: a few large accounts dominate), post reach log-normal around it
(sd 0.5), influencer rate effect log-normal (sd 0.5, mean 1), post noise gamma (shape
10) and Poisson counts. Truths: a group's rate is the base rate (effects have mean 1
and are independent of reach); an influencer's rate is their own effect × base.

`old` is the interval shipped before (normal, K/(K−1) clustered delta method, Poisson
with one influencer); `new` is warehouse.intervals.ratio_interval. Rows without an
interval (below the minimum) are not counted: they show none.

    .venv/bin/python bench/simulate_intervals.py --reps 4000

writes the table into bench/RESULTS.md between <!-- intervals:start --> and <!-- intervals:end -->.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from warehouse.intervals import (  # noqa: E402
    MIN_INFLUENCERS,
    MIN_POSTS,
    NOTE_FEW_INFLUENCERS,
    NOTE_FEW_POSTS,
    ratio_interval,
)

BASE_RATE = 0.04
REACH_SD = 1.0
POST_REACH_SD = 0.5
RATE_SD = 0.5
POST_SHAPE = 10.0
MEDIAN_REACH = 20_000.0
Z_95 = 1.959963984540054
MARK_START, MARK_END = "<!-- intervals:start -->", "<!-- intervals:end -->"


def old_interval(e: np.ndarray, r: np.ndarray) -> tuple[float, float] | None:
    """The interval shipped before: z with K/(K−1) clustered delta method, Poisson with K = 1."""
    keep = r > 0
    e, r = e[keep], r[keep]
    k = r.size
    if k == 0:
        return None
    rate = e.sum() / r.sum()
    if k == 1:
        se = np.sqrt(e.sum()) / r.sum()
    else:
        se = np.sqrt(k / (k - 1.0) * np.sum((e - rate * r) ** 2)) / r.sum()
    return max(rate - Z_95 * se, 0.0), rate + Z_95 * se


def simulate_posts(
    rng: np.random.Generator, theta: float, scale: float, n_posts: int
) -> tuple[np.ndarray, np.ndarray]:
    """One influencer's posts: (engagements, reach) with expected rate theta."""
    reach = np.maximum(np.round(scale * rng.lognormal(-(POST_REACH_SD**2) / 2, POST_REACH_SD, n_posts)), 1.0)
    mu = reach * theta * rng.gamma(POST_SHAPE, 1.0 / POST_SHAPE, n_posts)
    return rng.poisson(mu).astype(float), reach


def simulate_group(rng: np.random.Generator, n_influencers: int, posts: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-influencer sums (e_k, r_k) of a group; posts per influencer vary around `posts`."""
    thetas = BASE_RATE * rng.lognormal(-(RATE_SD**2) / 2, RATE_SD, n_influencers)
    scales = MEDIAN_REACH * rng.lognormal(0.0, REACH_SD, n_influencers)
    counts = 1 + rng.poisson(posts - 1, n_influencers)
    e = np.empty(n_influencers)
    r = np.empty(n_influencers)
    for k in range(n_influencers):
        ek, rk = simulate_posts(rng, thetas[k], scales[k], int(counts[k]))
        e[k], r[k] = ek.sum(), rk.sum()
    return e, r


def coverage_groups(rng: np.random.Generator, n_influencers: int, posts: int, reps: int) -> dict[str, float]:
    """Coverage of the group rate (truth: BASE_RATE) for both intervals."""
    hit_new = hit_old = shown = 0
    for _ in range(reps):
        e, r = simulate_group(rng, n_influencers, posts)
        iv = ratio_interval(e, r, MIN_INFLUENCERS, NOTE_FEW_INFLUENCERS)
        if iv.low is not None:
            shown += 1
            hit_new += iv.low <= BASE_RATE <= iv.high
        old = old_interval(e, r)
        hit_old += old is not None and old[0] <= BASE_RATE <= old[1]
    return {"new": hit_new / shown if shown else float("nan"), "old": hit_old / reps, "shown": shown / reps}


def coverage_influencer(rng: np.random.Generator, n_posts: int, reps: int) -> dict[str, float]:
    """Coverage of one influencer's own rate (truth: their theta), posts as units."""
    hit_new = hit_old = shown = 0
    for _ in range(reps):
        theta = BASE_RATE * rng.lognormal(-(RATE_SD**2) / 2, RATE_SD)
        scale = MEDIAN_REACH * rng.lognormal(0.0, REACH_SD)
        e, r = simulate_posts(rng, theta, scale, n_posts)
        iv = ratio_interval(e, r, MIN_POSTS, NOTE_FEW_POSTS)
        if iv.low is not None:
            shown += 1
            hit_new += iv.low <= theta <= iv.high
        # the old interval of an influencer's row: one cluster -> Poisson on the sums
        old = old_interval(np.array([e.sum()]), np.array([r.sum()]))
        hit_old += old is not None and old[0] <= theta <= old[1]
    return {"new": hit_new / shown if shown else float("nan"), "old": hit_old / reps, "shown": shown / reps}


GROUP_SIZES = (2, 3, 5, 8, 12, 20, 40)
GROUP_POSTS = (3, 10)
INFLUENCER_POSTS = (2, 3, 4, 5, 8, 12, 20, 40)


def run(reps: int, seed: int) -> str:
    rng = np.random.default_rng(seed)
    t0 = time.time()
    lines = [
        "## Engagement-rate intervals (`warehouse.intervals`): coverage by simulation",
        "",
        f"Generated by `bench/simulate_intervals.py --reps {reps}` (seed {seed}). Target: 93–97%. `new` is the "
        "shipped interval (CR2 bias-reduced variance, Bell–McCaffrey/Satterthwaite df, Student t; none below "
        f"{MIN_INFLUENCERS} influencers for a group, {MIN_POSTS} posts for an influencer), counted over the rows "
        "that show one; `old` the interval shipped before (normal, K/(K−1) delta method, Poisson with one "
        "influencer). Data: influencer reach log-normal sd 1, post reach sd 0.5, influencer rate effect "
        "log-normal sd 0.5, post gamma noise shape 10, Poisson counts, base rate 4%.",
        "",
        "### A group (format, profile type, campaign…): units are influencers",
        "",
        "| influencers | posts each (mean) | coverage new | coverage old | rows with an interval |",
        "|---|---|---|---|---|",
    ]
    for posts in GROUP_POSTS:
        for k in GROUP_SIZES:
            c = coverage_groups(rng, k, posts, reps)
            new = "— (no interval)" if c["shown"] == 0 else f"{c['new']:.3f}"
            lines.append(f"| {k} | {posts} | {new} | {c['old']:.3f} | {c['shown']:.0%} |")
    lines += [
        "",
        "### One influencer's own row: units are their posts",
        "",
        "| posts | coverage new | coverage old (Poisson) | rows with an interval |",
        "|---|---|---|---|",
    ]
    for n in INFLUENCER_POSTS:
        c = coverage_influencer(rng, n, reps)
        new = "— (no interval)" if c["shown"] == 0 else f"{c['new']:.3f}"
        lines.append(f"| {n} | {new} | {c['old']:.3f} | {c['shown']:.0%} |")
    lines += ["", f"{time.time() - t0:.0f} s."]
    return "\n".join(lines)


def write(section: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    block = f"{MARK_START}\n{section}\n{MARK_END}"
    if MARK_START in text and MARK_END in text:
        head, rest = text.split(MARK_START, 1)
        text = head + block + rest.split(MARK_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    section = run(args.reps, args.seed)
    print(section)
    if not args.no_write:
        write(section, ROOT / "bench" / "RESULTS.md")


if __name__ == "__main__":
    main()
