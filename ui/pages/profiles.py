"""Profiles & influencers: which kinds of voices engage, and who stands behind the numbers.

Profile types and tiers are compared exactly like formats (raw rates with an
influencer-clustered interval, then the adjusted model comparison). The
leaderboard shows, for every influencer, the posts behind each figure, so a
high rate on two posts is read for what it is.
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
    influencer_name,
    labels_now,
    lang,
    level_name,
    metric_columns,
    mhelp,
    mlabel,
    page_header,
    presenting,
    rate_basis_control,
    rate_label,
    require_data,
    show_table,
    t,
)
from ui.filters import current_filters
from warehouse.views import leaderboard


def _leaderboard(f, basis: str) -> pd.DataFrame:
    df = call(leaderboard, f, basis)
    st.subheader(t("prof_leaderboard"))
    if df.empty:
        st.info(t("no_posts_selected"))
        return df
    df = df.copy()
    df["influencer"] = [influencer_name(h, d) for h, d in zip(df["handle"], df["display_name"], strict=True)]
    df["ci_text"] = ci_texts(df)  # an influencer's interval comes from their posts: none below MIN_POSTS
    df["platform_label"] = [level_name(v) for v in df["platform"]]
    df["profile_label"] = [level_name(v) for v in df["profile_type"]]
    df["tier_label"] = [level_name(v) for v in df["tier"]]
    if not presenting():
        st.caption(t("prof_leaderboard_help"))
    show_table(
        df,
        "influencers",
        {
            "influencer": column("influencer", pinned=True),
            **metric_columns(
                [
                    "engagement_rate",
                    "engagement_rate_ci_low",
                    "engagement_rate_ci_high",
                    "posts_with_rate",
                    "cpe",
                    "currency",
                ],
                basis,
            ),  # fmt: skip
            "ci_text": st.column_config.TextColumn(t("col_ci_text"), help=mhelp("engagement_rate_ci_low")),
            "platform_label": column("platform"),
            "profile_label": column("profile_type"),
            "tier_label": column("tier"),
            "followers": column("followers"),
            **metric_columns(
                [
                    "posts",
                    "engagements",
                    "reach",
                    "useful_reaction_share",
                    "comments_classified",
                    "fee_allocated",
                ],
                basis,
                featured=False,
            ),  # fmt: skip
        },
        height=420,
    )
    return df


def _scatter(df: pd.DataFrame, basis: str) -> None:
    d = df[df["followers"].notna() & (df["followers"] > 0) & df["engagement_rate"].notna()]
    if d.empty:
        st.info(t("prof_no_followers"))
        return
    plot = pd.DataFrame(
        {
            "x": d["followers"],
            "y": d["engagement_rate"],
            "label": d["influencer"],
            "group": [level_name(v) for v in d["profile_type"]],
            "color": [charts.color_for("profile_type", v if v == v else None) for v in d["profile_type"]],
            "posts": d["posts_with_rate"],
        }
    )
    fig = charts.followers_scatter(
        plot,
        title=t("prof_scatter_title", rate=rate_label(basis)),
        subtitle=charts.subtitle(
            [
                t("prof_scatter_unit"),
                t("n_posts_infl", n=fmt_int(d["posts_with_rate"].sum()), k=fmt_int(len(d))),
            ]
        ),
        x_title=mlabel("followers"),
        y_title=f"{rate_label(basis)} (%)",
        hover_posts=mlabel("posts_with_rate"),
        lang=lang(),
    )
    charts.show(fig, key="prof_scatter")


def render() -> None:
    page_header(t("page_profiles"), t("prof_intro"))
    require_data()
    f = current_filters()
    by = (
        st.segmented_control(
            t("prof_level"),
            ("profile_type", "tier"),
            format_func=labels_now(("profile_type", "tier"), lambda v: t(f"prof_by_{v}")),
            key="prof_by",
            required=True,
            default="profile_type",
        )
        or "profile_type"
    )
    charts.page_sentence(by, f)
    basis = rate_basis_control()
    st.subheader(t("prof_rates"))
    agg = charts.rate_by_level_section(by, f, basis, key="prof")
    if agg.empty:
        return
    if not presenting():
        with st.expander(t("fmt_table")):
            charts.level_rate_table(agg, by, key=f"prof_rates_{by}")
    charts.comparison_section(by, f, key="prof")
    df = _leaderboard(f, basis)
    if not df.empty:
        _scatter(df, basis)


render()
