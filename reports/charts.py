"""The report's charts as Plotly figures, in the dashboard's colours and the reader's number format.

Why apart: the deck embeds them as PNG images and the HTML page as interactive divs; both take the
same figure from here, so the two reports cannot draw a chart differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from domain import DISCLOSURE_LEVELS, REACTION_CATEGORIES, level_term
from reports.text import clean_text, day, fmt_rate, level_name, t

BRAND = "#0F6E7A"
IMG_W, IMG_H = 1100, 520


def rate_figure(
    agg: pd.DataFrame, key: str, title: str, lang: str, rate_basis: str = "reach"
) -> go.Figure | None:
    """Rate per level with its 95% interval, each level in the dashboard's colour for it."""
    d = agg[agg["engagement_rate"].notna()]
    if d.empty:
        return None
    names = [level_name(v, lang) for v in d[key]]
    rate = d["engagement_rate"].astype(float)
    hi = d["engagement_rate_ci_high"].astype(float) - rate
    lo = rate - d["engagement_rate_ci_low"].astype(float)
    colours = []
    for v in d[key]:
        term = level_term(v)
        colours.append(term.colour if term is not None and term.colour else BRAND)
    fig = go.Figure(
        go.Bar(
            x=names,
            y=rate,
            marker_color=colours,
            error_y=dict(type="data", array=hi.fillna(0).tolist(), arrayminus=lo.fillna(0).tolist()),
            text=[fmt_rate(v, lang) for v in rate],
            textposition="inside",
            insidetextanchor="middle",
            textfont=dict(color="white", size=14),
        )
    )
    style(fig, title, lang)
    axis = (
        t("rate_axis", lang)
        if rate_basis == "reach"
        else f"{t('rate_axis', lang).split('(')[0].strip()} ({t(f'basis_{rate_basis}', lang)})"
    )
    fig.update_yaxes(tickformat=".1%", title=axis, rangemode="tozero")
    return fig


def style(fig: go.Figure, title: str, lang: str) -> None:
    """The house style: title, white template, the reader's decimal and thousands separators."""
    fig.update_layout(
        title=dict(text=title, x=0.01, font=dict(size=18)),
        template="plotly_white",
        margin=dict(l=70, r=30, t=60, b=60),
        showlegend=False,
        font=dict(family="DejaVu Sans, Arial, sans-serif", size=13),
        separators=", " if lang == "fr" else ".,",  # decimal comma, thin thousands in French
    )


def weekly_figure(tl: pd.DataFrame, lang: str) -> go.Figure | None:
    """Engagements per week (the headline slide); None when no week has a figure."""
    if tl.empty or not tl["engagements"].notna().any():
        return None
    fig = go.Figure(go.Bar(x=[day(d, lang) for d in tl["period"]], y=tl["engagements"], marker_color=BRAND))
    style(fig, t("weekly", lang), lang)
    fig.update_xaxes(title=t("week", lang))
    return fig


def categories_figure(cats: Sequence[tuple[str, Any]], lang: str) -> go.Figure:
    """Classified comments per reaction category, each in its category's colour."""
    fig = go.Figure(
        go.Bar(
            x=[REACTION_CATEGORIES.label(c, lang) or c.replace("_", " ") for c, _ in cats],
            y=[float(n) for _, n in cats],
            marker_color=[REACTION_CATEGORIES.colour(c) or BRAND for c, _ in cats],
        )
    )
    style(fig, t("categories", lang), lang)
    fig.update_yaxes(title=t("comments_n", lang))
    return fig


def disclosure_figure(paid: pd.DataFrame, handles: list[str], lang: str) -> go.Figure:
    """Posts per disclosure level for each paid influencer, stacked (the compliance slide)."""
    fig = go.Figure()
    for col in DISCLOSURE_LEVELS.codes():
        color = DISCLOSURE_LEVELS.colour(col)  # the dashboard's colours, so the deck reads the same
        fig.add_trace(
            go.Bar(y=handles, x=paid[col].astype(float), name=t(f"disc_{col}", lang), orientation="h",
                   marker_color=color)
        )  # fmt: skip
    style(fig, t("disclosure_mix", lang), lang)
    fig.update_layout(barmode="stack", showlegend=True, legend=dict(orientation="h", y=-0.15))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=t("col_posts", lang))
    return fig


def spend_figure(shown: pd.DataFrame, lang: str) -> go.Figure:
    """Spend as a share of budget per campaign (the money slide)."""
    fig = go.Figure(
        go.Bar(
            x=[clean_text(n or c, 30) for c, n in zip(shown["campaign_id"], shown["campaign_name"])],
            y=shown["spend_vs_budget"].astype(float),
            marker_color=BRAND,
            text=[fmt_rate(v, lang, 0) for v in shown["spend_vs_budget"]],
            textposition="outside",
        )
    )
    style(fig, t("spend_vs_budget_by", lang), lang)
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    return fig
