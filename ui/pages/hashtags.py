"""Hashtags: which hashtags the posts carry, how the posts carrying them perform, and how use evolves.

Hashtags are read from captions at load time (`warehouse.hashtags`); each gets
the metrics layer's figures (engagement rate with its influencer-clustered
interval). Campaign hashtags are the ones the roster lists. The sidebar's
hashtag filter (in the URL like the other filters) narrows every page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import charts
from ui.common import (
    call,
    ci_texts,
    column,
    fmt_int,
    lang,
    metric_columns,
    mhelp,
    mlabel,
    page_header,
    posts_link,
    presenting,
    rate_basis_control,
    rate_label,
    require_data,
    show_table,
    t,
)
from ui.filters import current_filters, view_url
from warehouse.hashtags import hashtag_kind_kpis, hashtag_kpis, hashtag_options, hashtag_timeline

KIND_COLORS = {"campaign": charts.BRAND, "other": "#8E7DBE", "none": charts.GREY}
TOP_CHART = 15


def _kinds(f, basis: str) -> None:
    st.subheader(t("tags_kinds"))
    agg = call(hashtag_kind_kpis, f, basis)
    d = pd.DataFrame(
        {
            "label": [t(f"tags_kind_{k}") for k in agg["hashtag_kind"]],
            "color": [KIND_COLORS.get(k, charts.GREY) for k in agg["hashtag_kind"]],
            "value": agg["engagement_rate"],
            "lo": agg["engagement_rate_ci_low"],
            "hi": agg["engagement_rate_ci_high"],
            "ci_text": ci_texts(agg),
            "posts": agg["posts"],
            "influencers": agg["influencers"],
            "posts_with_rate": agg["posts_with_rate"],
        }
    )
    d = d[d["value"].notna()]
    if d.empty:
        st.info(t("sec_no_rate"))
        return
    fig = charts.rate_bars(
        d,
        title=t("tags_kinds_title", rate=rate_label(basis)),
        subtitle=charts.subtitle(["%", t("sec_ci"), t("n_posts", n=fmt_int(d["posts"].sum()))]),
        axis_title=f"{rate_label(basis)} (%)",
        hover_posts=mlabel("posts"),
        hover_influencers=mlabel("influencers"),
        hover_rate_posts=mlabel("posts_with_rate"),
        lang=lang(),
    )
    charts.show(fig, key="tags_kinds")
    if not presenting():
        st.caption(t("tags_kinds_help"))


def _table(kpis: pd.DataFrame, basis: str) -> None:
    df = kpis.copy()
    df["tag"] = ["#" + h for h in df["hashtag"]]
    df["kind"] = [t("tags_kind_campaign") if c else t("tags_kind_other") for c in df["is_campaign_hashtag"]]
    df["campaigns_label"] = [", ".join(c) for c in df["campaigns"]]
    df["posts_url"] = [view_url("posts", hashtags=[h]) for h in df["hashtag"]]
    show_table(
        df,
        "hashtags",
        {
            "tag": column("hashtag", pinned=True),
            "kind": column("hashtag_kind"),
            "campaigns_label": column("campaigns"),
            **metric_columns(
                [
                    "posts",
                    "influencers",
                    "reach",
                    "engagements",
                    "engagement_rate",
                    "engagement_rate_ci_low",
                    "engagement_rate_ci_high",
                    "posts_with_rate",
                ],
                basis,
            ),  # fmt: skip
            "monthly_posts": st.column_config.LineChartColumn(
                mlabel("monthly_posts"), help=mhelp("monthly_posts"), y_min=0
            ),
            "first_used": column("first_used"),
            "last_used": column("last_used"),
            "posts_url": st.column_config.LinkColumn(t("see_posts"), display_text=t("posts_open")),
        },
        height=460,
    )


def _chart(kpis: pd.DataFrame, basis: str) -> None:
    top = kpis[kpis["engagement_rate"].notna()].head(TOP_CHART)
    if top.empty:
        return
    d = pd.DataFrame(
        {
            "label": ["#" + h for h in top["hashtag"]],
            "color": [
                KIND_COLORS["campaign"] if c else KIND_COLORS["other"] for c in top["is_campaign_hashtag"]
            ],
            "value": top["engagement_rate"],
            "lo": top["engagement_rate_ci_low"],
            "hi": top["engagement_rate_ci_high"],
            "ci_text": ci_texts(top),
            "posts": top["posts"],
            "influencers": top["influencers"],
            "posts_with_rate": top["posts_with_rate"],
        }
    )
    fig = charts.rate_bars(
        d,
        title=t("tags_top_title", n=len(d), rate=rate_label(basis)),
        subtitle=charts.subtitle(["%", t("sec_ci"), t("tags_top_unit")]),
        axis_title=f"{rate_label(basis)} (%)",
        hover_posts=mlabel("posts"),
        hover_influencers=mlabel("influencers"),
        hover_rate_posts=mlabel("posts_with_rate"),
        lang=lang(),
    )
    charts.show(fig, key="tags_top")


def _trend(f, kpis: pd.DataFrame) -> None:
    st.subheader(t("tags_trend_title"))
    options = kpis["hashtag"].tolist()
    default = [h for h, c in zip(kpis["hashtag"], kpis["is_campaign_hashtag"], strict=True) if c][
        :3
    ] or options[:3]
    picked = st.multiselect(
        t("tags_pick"),
        options,
        default=default,
        format_func=lambda h: f"#{h}",
        key="tags_pick",
        max_selections=8,
    )
    if not picked:
        st.info(t("tags_pick_none"))
        return
    tl = call(hashtag_timeline, f, tuple(picked), "month")
    if tl.empty:
        st.info(t("no_posts_selected"))
        return
    palette = charts.CAMPAIGN_PALETTE
    colors = {h: palette[i % len(palette)] for i, h in enumerate(picked)}
    for metric, key, fmt, title in (
        ("posts", "tags_tl_posts", ",.0f", t("tags_tl_posts")),
        ("engagement_rate", "tags_tl_rate", ".2%", t("tags_tl_rate")),
    ):
        d = pd.DataFrame(
            {
                "x": tl["period"],
                "y": tl[metric],
                "group": ["#" + h for h in tl["hashtag"]],
                "color": [colors[h] for h in tl["hashtag"]],
                "posts": tl["posts"],
            }
        )
        fig = charts.lines_by_group(
            d,
            title=title,
            subtitle=charts.subtitle([t("tags_tl_unit"), t("n_posts", n=fmt_int(tl["posts"].sum()))]),
            x_title="",
            y_title=mlabel("posts") if metric == "posts" else f"{mlabel('engagement_rate')} (%)",
            hover_posts=mlabel("posts"),
            value_format=fmt,
            lang=lang(),
        )
        charts.show(fig, key=key)


def render() -> None:
    page_header(t("page_hashtags"), t("tags_intro"))
    require_data()
    if not call(hashtag_options, 1):
        st.info(t("tags_empty"), icon=":material/tag:")
        st.stop()
    f = current_filters()
    basis = rate_basis_control()
    kpis = call(hashtag_kpis, f, basis, 200)
    if kpis.empty:
        st.info(t("tags_none_selected"), icon=":material/filter_alt_off:")
        return
    st.caption(t("tags_count", n=fmt_int(len(kpis))))
    _kinds(f, basis)
    st.subheader(t("tags_table"))
    _chart(kpis, basis)
    _table(kpis, basis)
    posts_link()
    _trend(f, kpis)


render()
