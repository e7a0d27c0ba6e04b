"""Your own history as the benchmark: each campaign's figures against your earlier campaigns.

Why: an industry benchmark ("3 % engagement is good on Instagram") mixes audiences, sectors and
ways of counting; a health team learns more from "this is above what our own nano patient-experts
on Instagram usually do". So each campaign's figure in a cell (platform x tier x profile type) is
placed among the same cell's figures in the campaigns that started before it:

- percentile: share of the earlier figures below it (ties count half), 0-100;
- usual range: the earlier figures' interquartile range (25th-75th percentile, linear);
- position: above / within / below that range, with the number of earlier campaigns behind it;
  with fewer than MIN_HISTORY earlier campaigns it is `not_enough_history`, and a figure the
  exports did not give is `no_value` (never 0).

The figures are the metric layer's (warehouse.metrics.aggregate), so a campaign's engagement rate
here is the one on every other page. "Earlier" is the campaign's start date (else its first post).
The client's own pages are no cell (warehouse.campaigns: their posts belong to no campaign).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from domain import OWNED_PAGE
from warehouse.filters import Filters
from warehouse.metrics import aggregate

CELL = ("platform", "tier", "profile_type")
METRICS: tuple[str, ...] = ("engagement_rate", "cpe", "useful_reaction_share")
MIN_HISTORY = 3
POSITIONS: tuple[str, ...] = ("above", "within", "below", "not_enough_history", "no_value")

COLUMNS = [
    "campaign_id", "campaign_name", "platform", "tier", "profile_type", "metric", "value", "history_campaigns",
    "percentile", "usual_low", "usual_high", "position",
]  # fmt: skip


def _num(v: object) -> float | None:
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if np.isfinite(f) else None


def place(value: float | None, history: list[float], min_history: int = MIN_HISTORY) -> dict[str, object]:
    """Where one figure stands among earlier ones: percentile, usual range (IQR) and position."""
    hist = [h for h in (_num(x) for x in history) if h is not None]
    out: dict[str, object] = {
        "history_campaigns": len(hist), "percentile": None, "usual_low": None, "usual_high": None,
    }  # fmt: skip
    v = _num(value)
    if len(hist) < min_history:
        out["position"] = "not_enough_history"
        return out
    low, high = (float(x) for x in np.percentile(hist, [25, 75]))
    out["usual_low"], out["usual_high"] = low, high
    if v is None:
        out["position"] = "no_value"
        return out
    below = sum(1 for h in hist if h < v)
    ties = sum(1 for h in hist if h == v)
    out["percentile"] = 100.0 * (below + 0.5 * ties) / len(hist)
    out["position"] = "above" if v > high else "below" if v < low else "within"
    return out


def place_against_history(
    cells: pd.DataFrame, metrics: tuple[str, ...] = METRICS, min_history: int = MIN_HISTORY
) -> pd.DataFrame:
    """Long table (one row per campaign x cell x metric) from per-campaign-cell figures.

    `cells`: campaign_id, campaign_name, started (orderable), the CELL columns and the metrics.
    A campaign's history is the same cell in the campaigns that started strictly before it.
    """
    rows: list[dict[str, object]] = []
    if cells.empty:
        return pd.DataFrame(columns=COLUMNS)
    keyed = cells.assign(_cell=[tuple(r) for r in cells[list(CELL)].astype(object).itertuples(index=False)])
    for r in keyed.to_dict("records"):
        same = keyed[(keyed["_cell"] == r["_cell"]) & (keyed["started"] < r["started"])]
        for m in metrics:
            rows.append(
                {
                    "campaign_id": r["campaign_id"], "campaign_name": r.get("campaign_name"),
                    **{k: r[k] for k in CELL}, "metric": m, "value": _num(r.get(m)),
                    **place(r.get(m), same[m].tolist(), min_history),
                }
            )  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def own_benchmark(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None = None,
    metrics: tuple[str, ...] = METRICS,
    rate_basis: str = "reach",
    min_history: int = MIN_HISTORY,
) -> pd.DataFrame:
    """Each selected campaign's figures per platform x tier x profile type against your earlier campaigns.

    The history is every campaign in the warehouse (the selection chooses which campaigns and
    cells are shown, never which earlier campaigns count).
    """
    f = filters or Filters()
    agg = aggregate(con, ["campaign", *CELL], Filters(scope="campaigns"), rate_basis=rate_basis)
    # an owned page's post a person assigned to a campaign is no influencer's figure
    agg = agg[agg["profile_type"].astype(object).ne(OWNED_PAGE)]
    if agg.empty:
        return pd.DataFrame(columns=COLUMNS)
    starts = con.execute(
        """SELECT c.campaign_id, coalesce(c.start_date, min(CAST(p.published_at AS DATE))) AS started
           FROM campaigns c LEFT JOIN posts p ON p.campaign_id = c.campaign_id
           GROUP BY c.campaign_id, c.start_date"""
    ).df()
    cells = agg.merge(starts, on="campaign_id", how="left")
    cells = cells[cells["started"].notna()]
    out = place_against_history(cells, metrics, min_history)
    for name, column in (("campaigns", "campaign_id"), ("platforms", "platform"), ("tiers", "tier"),
                         ("profile_types", "profile_type")):  # fmt: skip
        chosen = getattr(f, name)
        if chosen:
            out = out[out[column].isin(chosen)]
    return out.reset_index(drop=True)
