"""Campaigns side by side on the same metrics, and how each one built up over time.

Campaigns run in different months with different rosters, so the
trajectories can be aligned on each campaign's launch date. Figures come from
`warehouse.metrics.aggregate` (by campaign) and `warehouse.views.campaign_trajectories`
(the metrics timeline of each campaign).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.benchmark import METRICS, MIN_HISTORY, POSITIONS, own_benchmark
from analysis.plain import campaigns_sentence
from ui import charts
from ui.common import (
    call,
    campaign_name,
    ci_texts,
    column,
    fmt_int,
    fmt_pct,
    labels_now,
    lang,
    level_name,
    md_escape,
    metric_columns,
    mhelp,
    mlabel,
    page_header,
    presenting,
    rate_basis_control,
    rate_label,
    require_data,
    require_posts,
    show_table,
    t,
)
from ui.filters import current_filters
from warehouse.catalogue import metric_format
from warehouse.metrics import aggregate
from warehouse.views import campaign_trajectories

CUMULATIVE = ("cumulative_engagements", "cumulative_posts", "cumulative_reach")

VOLUMES = (
    "engagements",
    "posts",
    "reach",
    "impressions",
    "useful_reactions",
    "spend_vs_budget",
    "cpe",
    "cpm",
)


def _frame(agg: pd.DataFrame) -> pd.DataFrame:
    df = agg.copy()
    df["campaign_label"] = [
        campaign_name(c, n) for c, n in zip(df["campaign_id"], df["campaign_name"], strict=True)
    ]
    colors = charts.warehouse_campaign_colors()
    df["color"] = [colors.get(c if c == c else None, charts.GREY) for c in df["campaign_id"]]
    return df


def _rates(df: pd.DataFrame, basis: str) -> None:
    shown = df[df["engagement_rate"].notna()]
    if shown.empty:
        st.info(t("sec_no_rate"))
        return
    d = pd.DataFrame(
        {
            "label": shown["campaign_label"],
            "color": shown["color"],
            "value": shown["engagement_rate"],
            "lo": shown["engagement_rate_ci_low"],
            "hi": shown["engagement_rate_ci_high"],
            "ci_text": ci_texts(shown),
            "posts": shown["posts"],
            "influencers": shown["influencers"],
            "posts_with_rate": shown["posts_with_rate"],
        }
    )
    fig = charts.rate_bars(
        d,
        title=t("camp_rate_title", rate=rate_label(basis)),
        subtitle=charts.subtitle(
            [
                "%",
                t("sec_ci"),
                t("n_posts_rate", n=fmt_int(d["posts_with_rate"].sum()), total=fmt_int(d["posts"].sum())),
            ]
        ),
        axis_title=f"{rate_label(basis)} (%)",
        hover_posts=mlabel("posts"),
        hover_influencers=mlabel("influencers"),
        hover_rate_posts=mlabel("posts_with_rate"),
        lang=lang(),
    )
    charts.show(fig, key="camp_rates")


def _volumes(df: pd.DataFrame) -> None:
    what = (
        st.segmented_control(
            t("camp_volume"),
            VOLUMES,
            format_func=labels_now(VOLUMES, mlabel),
            key="camp_volume",
            required=True,
            default="engagements",
        )
        or "engagements"
    )
    d = df[df[what].notna()]
    if d.empty:
        st.caption(t("not_available"))
        return
    plot = pd.DataFrame(
        {"label": d["campaign_label"], "value": d[what], "color": d["color"], "extra": d["posts"]}
    )
    money = what in ("cpe", "cpm")
    unit = d["currency"].dropna().iloc[0] if money and d["currency"].notna().any() else ""
    unit = "%" if what == "spend_vs_budget" else unit
    fig = charts.count_bars(
        plot,
        title=t("camp_volume_title", what=mlabel(what)),
        subtitle=charts.subtitle([unit, t("n_posts", n=fmt_int(d["posts"].sum()))]),
        x_title=mlabel(what) + (f" ({unit})" if unit else ""),
        hover_extra=mlabel("posts"),
        lang=lang(),
        value_format=".0%" if what == "spend_vs_budget" else ",",
    )
    charts.show(fig, key="camp_volumes")


def _table(df: pd.DataFrame, basis: str) -> None:
    df = df.assign(ci_text=ci_texts(df))
    show_table(
        df,
        "campaigns",
        {
            "campaign_label": column("campaign_name", pinned=True),
            **metric_columns(
                [  # what a client asks first (rate, its interval, cost) fits at 1440 px
                    "engagement_rate",
                    "engagement_rate_ci_low",
                    "engagement_rate_ci_high",
                    "cpe",
                    "currency",
                    "budget",
                    "fee_allocated",
                    "spend_vs_budget",
                    "posts",
                    "influencers",
                    "cpm",
                    "cost_per_useful_reaction",
                    "posts_with_rate",
                    "reach",
                    "impressions",
                    "views",
                    "engagements",
                    "useful_reactions",
                    "useful_reaction_share",
                    "adverse_events",
                ],
                basis,
            ),  # fmt: skip
            "ci_text": st.column_config.TextColumn(t("col_ci_text"), help=mhelp("engagement_rate_ci_low")),
        },
    )


def _trajectories(f) -> None:
    st.subheader(t("camp_traj"))
    c1, c2 = st.columns([1, 2])
    with c1:
        align = (
            st.segmented_control(
                t("camp_align"),
                ("launch", "calendar"),
                format_func=labels_now(("launch", "calendar"), lambda v: t(f"camp_align_{v}")),
                key="camp_align",
                required=True,
                default="launch",
            )
            or "launch"
        )
    # label and format from the registry; the weekly rate says which week and basis it is
    series = {
        **{c: (mlabel(c), metric_format(c)) for c in CUMULATIVE},
        "engagement_rate": (t("camp_weekly_rate"), metric_format("engagement_rate_reach")),
    }
    with c2:
        what = (
            st.segmented_control(
                t("camp_series"),
                tuple(series),
                format_func=labels_now(tuple(series), lambda v: series[v][0]),
                key="camp_series",
                required=True,
                default="cumulative_engagements",
            )
            or "cumulative_engagements"
        )
    tr = call(campaign_trajectories, f, "week")
    if tr.empty:
        st.info(t("camp_no_traj"))
        return
    colors = charts.warehouse_campaign_colors()
    label, value_format = series[what]
    d = pd.DataFrame(
        {
            "x": tr["weeks_since_start"] if align == "launch" else tr["period"],
            "y": tr[what],
            "group": [
                campaign_name(c, n) for c, n in zip(tr["campaign_id"], tr["campaign_name"], strict=True)
            ],
            "color": [colors.get(c, charts.GREY) for c in tr["campaign_id"]],
            "posts": tr["posts"],
        }
    )
    unit = "%" if "%" in value_format else t("unit_count")
    fig = charts.lines_by_group(
        d,
        title=label,
        subtitle=charts.subtitle([unit, t("n_posts", n=fmt_int(tr["posts"].sum())), t("camp_traj_note")]),
        x_title=mlabel("weeks_since_start") if align == "launch" else t("camp_week"),
        y_title=f"{label} ({unit})",
        hover_posts=mlabel("posts"),
        value_format=value_format,
        x_is_date=align != "launch",
        lang=lang(),
    )
    charts.show(fig, key="camp_traj")


def _fmt_value(metric: str, v) -> str:
    """Shares and rates as percentages, costs with two decimals (the cell mixes currencies rarely)."""
    if v is None or v != v:
        return t("not_available")
    return f"{v:.2f}" if metric.startswith("cp") else fmt_pct(v)


def _history(f, basis: str) -> None:
    """Each campaign against the user's own earlier campaigns (analysis.benchmark)."""
    st.subheader(t("camp_hist"))
    st.caption(t("camp_hist_intro", n=MIN_HISTORY))
    df = call(own_benchmark, f, METRICS, basis)
    if df.empty:
        st.info(t("camp_hist_empty"))
        return
    placed = df["position"].isin(POSITIONS[:3])
    if not placed.any():
        st.info(t("camp_hist_short", n=MIN_HISTORY))
    df = df.copy()
    df["campaign_label"] = [
        campaign_name(c, n) for c, n in zip(df["campaign_id"], df["campaign_name"], strict=True)
    ]
    df["cell"] = [
        " · ".join(level_name(v) for v in (p, tr, pt))
        for p, tr, pt in zip(df["platform"], df["tier"], df["profile_type"], strict=True)
    ]
    df["metric_label"] = [mlabel(m) for m in df["metric"]]
    df["value_label"] = [_fmt_value(m, v) for m, v in zip(df["metric"], df["value"], strict=True)]
    df["usual_label"] = [
        f"{_fmt_value(m, lo)} – {_fmt_value(m, hi)}" if lo == lo and lo is not None else ""
        for m, lo, hi in zip(df["metric"], df["usual_low"], df["usual_high"], strict=True)
    ]
    df["position_label"] = [t(f"camp_pos_{p}") for p in df["position"]]
    show_table(
        df.sort_values(["position"], key=lambda s: s.map({p: i for i, p in enumerate(POSITIONS)})),
        "own_benchmark",
        {
            "campaign_label": column("campaign_name", pinned=True),
            "cell": st.column_config.TextColumn(t("camp_hist_cell")),
            "metric_label": column("metric"),
            "value_label": column("value"),
            "position_label": column("position"),
            "percentile": column("percentile"),
            "usual_label": st.column_config.TextColumn(t("camp_hist_usual")),
            "history_campaigns": column("history_campaigns"),
        },
        file_stem="own_history_benchmark",
    )


def render() -> None:
    page_header(t("page_campaigns"), t("camp_intro"))
    require_data()
    f = current_filters()
    basis = rate_basis_control()
    agg = call(aggregate, ["campaign"], f, basis)
    require_posts(int(agg["posts"].sum()) if len(agg) else 0)
    df = _frame(agg)
    sentence = campaigns_sentence(
        agg, dict(zip(df["campaign_id"], df["campaign_label"], strict=True)), lang()
    )
    if sentence:
        st.markdown(f"### {md_escape(sentence)}")
    _rates(df, basis)
    _volumes(df)
    if not presenting():
        st.subheader(t("camp_table"))
        _table(df, basis)
    _trajectories(f)
    _history(f, basis)


render()
