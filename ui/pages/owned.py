"""Owned pages: the client's own accounts judged as community managers judge them, beside the
influencers of the same campaigns; then the audience of every account (files loaded per account,
per campaign, and those that named no account).

Every figure comes from `warehouse.owned` and `warehouse.audience`; this page only lays them out.
A figure the exports do not give is shown as not available, never as 0.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import charts
from ui.common import (
    call,
    code_name,
    column,
    fmt_int,
    fmt_pct,
    lang,
    mlabel,
    page_header,
    require_data,
    show_table,
    t,
)
from ui.filters import view_url
from warehouse import audience, owned

GROUP_COLORS = {"page": charts.BRAND, owned.COMPARISON: "#8E7DBE"}


def _na(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def _num(v: object, spec: str) -> str:
    return t("own_na") if _na(v) else format(v, spec)


def _group_name(g: str) -> str:
    return t("own_group_page") if g == "page" else t("own_group_campaign")


def _pick_page(pages: pd.DataFrame) -> pd.Series:
    names = {
        r.influencer_id: f"{r.display_name or r.handle} ({code_name('platform', r.platform)})"
        for r in pages.itertuples()
    }
    pick = st.selectbox(t("own_pick"), list(names), format_func=names.get, key="own_page")
    return pages[pages.influencer_id == pick].iloc[0]


def _headline(summary: pd.DataFrame) -> None:
    cols = st.columns(5)
    page = summary[summary.owned_group == "page"].iloc[0]
    other = summary[summary.owned_group == owned.COMPARISON].iloc[0]
    for col, name, spec in zip(
        cols,
        ("followers_gained", "posts_per_week", "longest_gap_days", "engagement_rate", "hcp_audience_share"),
        (",.0f", ".1f", ".0f", ".2%", ".0%"),
        strict=True,
    ):
        col.metric(mlabel(name), _num(page[name], spec), help=t("own_vs", value=_num(other[name], spec)))
    st.caption(t("own_compared_with", n=fmt_int(other["influencers"])))


def _growth(con_args: tuple[str]) -> None:
    st.subheader(t("own_followers"))
    g = call(owned.monthly_growth, list(con_args))
    if g.empty or g["followers_gained"].isna().all():
        st.info(t("own_no_followers"), icon=":material/group_add:")
        return
    d = pd.DataFrame(
        {
            "x": g["month"],
            "y": g["followers_gained"],
            "group": t("own_group_page"),
            "color": charts.BRAND,
            "posts": 0,
        }
    )
    fig = charts.lines_by_group(
        d,
        title=t("own_followers_title"),
        subtitle=charts.subtitle([t("own_per_month")]),
        x_title="",
        y_title=mlabel("followers_gained"),
        hover_posts=mlabel("posts"),
        lang=lang(),
    )
    charts.show(fig, key="own_growth")
    show_table(
        g.drop(columns=["influencer_id"]),
        "owned_growth",
        {
            "month": column("month", format="MMM YYYY"),
            **{c: column(c) for c in ("followers_end", "followers_gained", "follower_growth_rate")},
        },
    )
    if g["follower_growth_rate"].isna().all():  # gains without a follower count: nothing to divide by
        st.caption(t("own_growth_na"))


def _engagement(page_id: str, platform: str) -> None:
    st.subheader(t("own_engagement"))
    e = call(owned.engagement_compared, page_id)
    e = e[e["engagement_rate"].notna()]
    if not (e["owned_group"] == "page").any():  # say why the page has no rate per person reached
        st.info(t("own_no_reach_linkedin" if platform == "linkedin" else "own_no_reach"))
    if e.empty:
        return
    d = pd.DataFrame(
        {
            "x": e["period"],
            "y": e["engagement_rate"],
            "group": [_group_name(g) for g in e["owned_group"]],
            "color": [GROUP_COLORS[g] for g in e["owned_group"]],
            "posts": e["posts"],
        }
    )
    fig = charts.lines_by_group(
        d,
        title=t("own_engagement_title"),
        subtitle=charts.subtitle([t("own_per_month"), t("own_rate_reach")]),
        x_title="",
        y_title=f"{mlabel('engagement_rate')} (%)",
        hover_posts=mlabel("posts"),
        value_format=".2%",
        lang=lang(),
    )
    charts.show(fig, key="own_engagement")


def _mix_and_regularity(page_id: str) -> None:
    left, right = st.columns(2)
    with left:
        st.subheader(t("own_mix"))
        mix = call(owned.format_mix_compared, page_id)
        if mix.empty:
            st.info(t("no_posts_selected"))
        else:
            wide = mix.pivot_table(
                index="format", columns="owned_group", values="format_share", fill_value=0.0
            )
            wide = wide.rename(columns=_group_name).reset_index()
            wide["format"] = [code_name("format", f) for f in wide["format"]]
            cfg = {"format": column("format")}
            for c in wide.columns[1:]:
                cfg[c] = st.column_config.ProgressColumn(c, format="percent", min_value=0.0, max_value=1.0)
            show_table(wide, "owned_mix", cfg)
    with right:
        st.subheader(t("own_regularity"))
        r = call(owned.posting_regularity, [page_id]).iloc[0]
        st.markdown(
            t(
                "own_regularity_text",
                posts=fmt_int(r["posts"]),
                per_week=_num(r["posts_per_week"], ".1f"),
                gap=_num(r["longest_gap_days"], ".0f"),
                median=_num(r["median_gap_days"], ".1f"),
            )
        )


def _best(page_id: str) -> None:
    st.subheader(t("own_best"))
    b = call(owned.best_posts, [page_id], 5)
    if b.empty:
        st.info(t("no_posts_selected"))
        return
    b = b.assign(format=[code_name("format", f) for f in b["format"]])
    show_table(
        b.drop(columns=["influencer_id"]),
        "owned_best",
        {
            "post_id": None,
            "published_at": column("published_at"),
            "format": column("format"),
            "permalink": column("permalink", display_text=t("posts_open")),
            **{c: column(c) for c in ("engagements", "reach", "engagement_rate")},
        },
    )
    st.markdown(f"[{t('own_all_posts')}]({view_url('posts', influencers=[page_id])})")


def _audience_of(platform: str, account: str) -> None:
    dist = call(audience.distributions, platform, account)
    series = call(audience.series, platform, account)
    if dist.empty and series.empty:
        st.info(t("aud_none_for_account"), icon=":material/person_search:")
        return
    if not series.empty:
        wide = series.pivot_table(index="date", columns="metric", values="value").reset_index()
        cfg = {"date": st.column_config.DateColumn(t("aud_date"))}
        for m in wide.columns[1:]:
            cfg[m] = st.column_config.NumberColumn(str(m).replace("_", " ").capitalize(), format="localized")
        show_table(wide, f"aud_series_{platform}_{account}", cfg)
    for kind, g in dist.groupby("kind", sort=True):
        st.markdown(f"**{t('aud_kind', kind=kind.replace('_', ' '))}** — {g['date'].iloc[0]:%Y-%m-%d}")
        show_table(
            g[["category", "value", "share"]].head(15),
            f"aud_{platform}_{account}_{kind}",
            {
                "category": st.column_config.TextColumn(t("aud_category")),
                "value": st.column_config.NumberColumn(t("aud_value"), format="localized"),
                "share": st.column_config.ProgressColumn(
                    t("aud_share"), format="percent", min_value=0.0, max_value=1.0
                ),
            },
        )


def _audience_section() -> None:
    st.header(t("aud_title"))
    st.caption(t("aud_intro"))
    lost = call(audience.unattached)
    for r in lost.itertuples():
        st.warning(
            t("aud_unattached", file=r.file_name, n=fmt_int(r.values_loaded)), icon=":material/link_off:"
        )
    acc = call(audience.accounts)
    acc = acc[acc["account"] != audience.UNSPECIFIED]
    if acc.empty:
        st.info(t("aud_empty"), icon=":material/person_search:")
        return
    names = {
        f"{r.platform}:{r.account}": f"{r.display_name} ({code_name('platform', r.platform)})"
        for r in acc.itertuples()
    }
    pick = st.selectbox(t("aud_pick"), list(names), format_func=names.get, key="aud_account")
    platform, _, account = pick.partition(":")
    _audience_of(platform, account)
    st.subheader(t("aud_campaigns"))
    c = call(audience.campaign_audience, None)
    if c.empty:
        st.info(t("aud_no_roster"))
        return
    c = c.assign(has=[t("aud_yes") if h else t("aud_missing") for h in c["has_audience"]])
    show_table(
        c[["campaign_name", "handle", "platform", "has", "first_date", "last_date", "values_loaded"]],
        "aud_campaigns",
        {
            "campaign_name": st.column_config.TextColumn(mlabel("campaign_name")),
            "handle": st.column_config.TextColumn(mlabel("handle")),
            "platform": st.column_config.TextColumn(mlabel("platform")),
            "has": st.column_config.TextColumn(t("aud_has")),
            "first_date": st.column_config.DateColumn(t("aud_from")),
            "last_date": st.column_config.DateColumn(t("aud_to")),
            "values_loaded": st.column_config.NumberColumn(t("aud_values"), format="localized"),
        },
    )


def render() -> None:
    page_header(t("page_owned"), t("own_intro"))
    require_data()
    pages = call(owned.owned_pages)
    if pages.empty:
        st.info(t("own_empty"), icon=":material/storefront:")
    else:
        page = _pick_page(pages)
        summary = call(owned.summary)
        summary = summary[summary.influencer_id == page.influencer_id]
        _headline(summary)
        split = call(owned.audience_split, [page.influencer_id]).iloc[0]
        if not _na(split["hcp_audience_share"]):
            st.caption(t("own_split", hcp=fmt_pct(split["hcp_audience_share"], 0), basis=split["basis"]))
        else:
            st.caption(t("own_split_na"))
        _growth((page.influencer_id,))
        _engagement(page.influencer_id, page.platform)
        _mix_and_regularity(page.influencer_id)
        _best(page.influencer_id)
    _audience_section()


render()
