"""Posts: the posts behind every figure — search, sort, page through, download; the best posts per group.

Every other page links here with its selection ("See these posts"), so a
number can always be checked against the posts that make it. The list is one
page at a time (`warehouse.explorer.explore_posts`); captions and comments are
third-party text and are only ever shown as plain text (table cells, st.text).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.common import (
    call,
    code_name,
    column,
    fmt_int,
    fmt_pct,
    influencer_name,
    labels_now,
    level_name,
    metric_columns,
    page_header,
    presenting,
    rate_basis_control,
    rate_label,
    require_data,
    show_table,
    t,
    to_csv_bytes,
    to_xlsx_bytes,
)
from ui.filters import current_filters
from warehouse.explorer import (
    GROUPS,
    MAX_EXPORT_ROWS,
    RANKINGS,
    SORTS,
    explore_posts,
    export_posts,
    top_posts,
)
from warehouse.explorer import reaction_mix_text as _mix_text

PAGE_SIZES = (25, 50, 100, 250)
FLAG_KIND = "caption_flag"


def _flag_text(items) -> str:
    out = []
    for item in items or []:
        flag, _, phrase = str(item).partition(": ")
        out.append(f"{code_name(FLAG_KIND, flag)} « {phrase} »")
    return " · ".join(out)


def _display(df: pd.DataFrame) -> pd.DataFrame:
    """Readable labels for codes, lists and reaction mixes (the table shows text, never HTML)."""
    df = df.copy()
    df["influencer"] = [
        influencer_name(h, d, p)
        for h, d, p in zip(df["handle"], df["display_name"], df["platform"], strict=True)
    ]
    df["format_label"] = [level_name(v) for v in df["format"]]
    df["campaign_label"] = [
        (n if isinstance(n, str) and n else (c if isinstance(c, str) else t("unassigned")))
        for c, n in zip(df["campaign_id"], df["campaign_name"], strict=True)
    ]
    df["reaction_mix"] = [_mix_text(r, lambda c: code_name("category", c)) for r in df["reactions"]]
    df["disclosure_label"] = [
        (code_name("disclosure", d) if isinstance(d, str) else t("posts_not_checked"))
        for d in df["disclosure"]
    ]
    df["flags_label"] = [_flag_text(v) for v in df["caption_flags"]]
    df["hashtags_label"] = [" ".join(f"#{h}" for h in v) for v in df["hashtags"]]
    df["link"] = [
        p if isinstance(p, str) and p.startswith(("http://", "https://")) else None for p in df["permalink"]
    ]
    return df


def _columns(basis: str) -> dict:
    return {
        "published_at": column("published_at"),
        "influencer": column("influencer", pinned=True),
        "format_label": column("format"),
        "campaign_label": column("campaign_name"),
        "caption_text": column("caption_text", width="large"),
        "link": column("permalink", display_text=t("posts_open")),
        **metric_columns(
            ["reach", "engagements", "engagement_rate", "likes", "comments", "shares", "saves"], basis
        ),
        "reaction_mix": column("reactions"),
        "disclosure_label": column("disclosure"),
        "flags_label": column("caption_flags"),
        "hashtags_label": column("hashtags"),
        "post_id": column("post_id"),
    }


def _controls() -> tuple[str, str, bool, int]:
    c = st.columns([3, 2, 1, 1])
    search = c[0].text_input(t("posts_search"), key="posts_q", placeholder=t("posts_search_ph"))
    sort = c[1].selectbox(
        t("posts_sort"),
        list(SORTS),
        index=list(SORTS).index("published_at"),
        format_func=labels_now(list(SORTS), lambda k: t(f"posts_sort_{k}")),
        key="posts_sort",
    )
    descending = c[2].toggle(t("posts_desc"), value=True, key="posts_desc")
    size = c[3].selectbox(t("posts_page_size"), PAGE_SIZES, index=1, key="posts_size")
    return search, sort, descending, int(size)


def _list(f, basis: str) -> None:
    search, sort, descending, size = _controls()
    # a new search or order starts again at page 1
    sig = (search, sort, descending, size, f, basis)
    if st.session_state.get("posts_sig") != sig:
        st.session_state["posts_sig"] = sig
        st.session_state["posts_page"] = 1
    page = int(st.session_state.get("posts_page", 1))
    result = call(explore_posts, f, search or None, sort, descending, page, size, basis)
    if result.total == 0:
        st.info(t("posts_none") if search else t("no_posts_selected"), icon=":material/search_off:")
        return
    if result.page != page:
        st.session_state["posts_page"] = result.page
    nav = st.columns([1, 1, 4])
    nav[0].number_input(
        t("posts_page", n=fmt_int(result.pages)),
        min_value=1,
        max_value=result.pages,
        step=1,
        key="posts_page",
    )
    first = (result.page - 1) * result.page_size + 1
    nav[2].caption(
        t("posts_showing", a=fmt_int(first), b=fmt_int(first + len(result.rows) - 1), n=fmt_int(result.total))
    )
    df = _display(result.rows)
    show_table(df, "posts_page", _columns(basis), file_stem="posts_page", height=560)
    if presenting():
        return
    with st.expander(t("posts_download_all", n=fmt_int(min(result.total, MAX_EXPORT_ROWS)))):
        if result.total > MAX_EXPORT_ROWS:
            st.caption(t("posts_export_capped", n=fmt_int(MAX_EXPORT_ROWS)))
        cols = _columns(basis)

        def _export() -> pd.DataFrame:
            rows, _total = call(export_posts, f, search or None, sort, descending, basis)
            from ui.common import export_frame

            return export_frame(_display(rows), cols)

        row = st.container(horizontal=True)
        row.download_button(
            t("download_csv"), data=lambda: to_csv_bytes(_export()), file_name="relais_posts.csv",
            mime="text/csv", key="posts_all_csv", icon=":material/download:", on_click="ignore",
        )  # fmt: skip
        row.download_button(
            t("download_xlsx"), data=lambda: to_xlsx_bytes(_export(), sheet="posts"), file_name="relais_posts.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="posts_all_xlsx",
            icon=":material/download:", on_click="ignore",
        )  # fmt: skip


def _group_title(by: str, row: pd.Series) -> str:
    v = row["group_value"]
    if by == "campaign":
        return row["campaign_name"] if isinstance(row["campaign_name"], str) else t("unassigned")
    if by == "influencer":
        return influencer_name(row["handle"], row["display_name"], row["platform"])
    return level_name(v)


def _gallery(f, basis: str) -> None:
    c = st.columns([2, 2, 1])
    by = c[0].selectbox(
        t("posts_group_by"), list(GROUPS), format_func=labels_now(list(GROUPS), lambda k: t(f"posts_by_{k}")),
        key="posts_top_by",
    )  # fmt: skip
    rank = c[1].selectbox(
        t("posts_rank"), RANKINGS, format_func=labels_now(RANKINGS, lambda k: t(f"posts_rank_{k}")),
        key="posts_top_rank",
    )  # fmt: skip
    n = int(c[2].number_input(t("posts_top_n"), min_value=1, max_value=10, value=3, key="posts_top_n"))
    if rank == "engagement_rate" and not presenting():
        st.caption(t("posts_rank_rate_help"))
    top = call(top_posts, f, by, n, rank, basis)
    if top.empty:
        st.info(t("posts_top_none"), icon=":material/hide_image:")
        return
    top = _display(top)
    for _value, group in top.groupby("group_value", sort=False, dropna=False):
        st.markdown(f"**{_escape(_group_title(by, group.iloc[0]))}**")
        cols = st.columns(n)
        for i, (_, post) in enumerate(group.iterrows()):
            with cols[i % n].container(border=True):
                st.caption(f"{_escape(post['influencer'])} · {_escape(post['format_label'])}")
                st.metric(rate_label(basis), fmt_pct(post["engagement_rate"]))
                st.caption(t("posts_card_figures", e=fmt_int(post["engagements"]), r=fmt_int(post["reach"])))
                st.text(_excerpt(post["caption_text"]))
                if post["link"]:
                    st.link_button(t("posts_open"), post["link"], icon=":material/open_in_new:")


def _excerpt(text: str, n: int = 220) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _escape(text: str) -> str:
    from ui.common import md_escape

    return md_escape(text)


def render() -> None:
    page_header(t("page_posts"), t("posts_intro"))
    require_data()
    f = current_filters()
    basis = rate_basis_control()
    tab_list, tab_top = st.tabs([t("posts_tab_list"), t("posts_tab_top")])
    with tab_list:
        _list(f, basis)
    with tab_top:
        _gallery(f, basis)


render()
