"""Reactions: what the audience says (questions, testimonies, intentions...) and fixing a wrong label.

Comment text comes from third parties: it is pseudonymised (@mentions,
e-mails and phone numbers masked; authors are HMACs) by `warehouse.views` and
is only ever shown as plain text in tables and `st.text`, never as Markdown
or HTML. Example lists are LIMITed in SQL. A correction records who made it
and why (`reactions.classify.correct_comment`) and wins over the classifier
everywhere, including the useful-reaction figures.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reactions.classify import CATEGORIES, correct_comment
from ui import charts
from ui.common import (
    call,
    code_name,
    codes_names,
    column,
    fmt_int,
    join_list,
    labels_now,
    level_name,
    page_header,
    presenting,
    require_data,
    show_table,
    t,
    write_call,
)
from ui.filters import current_filters
from warehouse.metrics import reaction_mix
from warehouse.pharmacovigilance import operating_point
from warehouse.views import (
    comment_for_correction,
    correction_history,
    example_comments,
    reaction_categories,
    reaction_shares,
)

BY = ("campaign", "format_family", "format", "profile_type")


def _mix_table(by: str, f) -> None:
    long = call(reaction_shares, by, f)
    if long.empty:
        return
    key = "campaign_id" if by == "campaign" else by
    if by == "campaign":
        from ui.common import campaign_name
        from warehouse.views import campaign_names

        names = call(campaign_names)
        groups = [campaign_name(v, names.get(v)) if v == v else campaign_name(None) for v in long[key]]
    else:
        groups = [level_name(v) for v in long[key]]
    df = pd.DataFrame(
        {
            "group": groups,
            "category": [code_name("category", c) for c in long["category"]],
            "comments_in_category": long["comments_in_category"],
            "category_share": long["category_share"],
            "comments_classified": long["comments_classified"],
        }
    )
    with st.expander(t("reac_table")):
        show_table(
            df,
            f"reactions_{by}",
            {
                "group": column("group_value"),
                **{
                    c: column(c)
                    for c in ("category", "comments_in_category", "category_share", "comments_classified")
                },
            },
        )


def _examples(f) -> pd.DataFrame:
    st.subheader(t("reac_examples"))
    st.caption(t("reac_examples_help"))
    cats = call(reaction_categories)
    c1, c2, c3 = st.columns([3, 2, 1], vertical_alignment="bottom")
    with c1:
        category = st.selectbox(
            t("reac_category"),
            [None, *cats],
            format_func=labels_now(
                [None, *cats], lambda c: t("reac_any") if c is None else code_name("category", c)
            ),
            key="reac_cat",
        )
    with c2:
        adverse = st.toggle(t("reac_adverse_only"), key="reac_ae")
    with c3:
        limit = st.selectbox(t("reac_limit"), (10, 20, 50), index=1, key="reac_limit")
    ex = call(example_comments, f, category, adverse, limit)
    if ex.empty:
        st.info(t("reac_none"))
        return ex
    df = ex.copy()
    df["categories_label"] = [codes_names("category", v) for v in df["categories"]]
    df["format_label"] = [level_name(v) for v in df["format"]]
    df["cues_label"] = [join_list(v) for v in df["cues"]]
    st.caption(t("reac_score_help", threshold=f"{call(operating_point)['threshold']:.2f}"))
    show_table(
        df,
        "example_comments",
        {
            "text": column("text", width="large"),
            "categories_label": column("categories"),
            "adverse_event": column("adverse_event"),
            "ae_score": column("ae_score"),
            "cues_label": column("cues"),
            "comment_likes": column("comment_likes"),
            "format_label": column("format"),
            "campaign_name": column("campaign_name"),
            "published_on": column("published_on"),
            "author": column("author"),
        },
    )
    return df


def _correction(examples: pd.DataFrame) -> None:
    st.subheader(t("reac_correct"))
    st.caption(t("reac_correct_intro"))
    ids = list(examples["comment_id"])
    texts = dict(zip(examples["comment_id"], examples["text"], strict=True))
    comment_id = st.selectbox(
        t("reac_pick"),
        ids,
        format_func=lambda c: (texts.get(c) or "")[:90].replace("\n", " ") or c,
        key="reac_pick",
    )
    if comment_id is None:
        return
    current = call(comment_for_correction, comment_id)
    if current is None:
        return
    st.text(current["text"])
    st.caption(
        t("reac_current", labels=", ".join(code_name("category", c) for c in current["categories"]) or "—")
    )
    known = CATEGORIES
    options = list(dict.fromkeys([*known, *current["categories"]]))
    with st.form("reac_form", clear_on_submit=False):
        cats = st.multiselect(
            t("reac_new_categories"),
            options,
            default=[c for c in current["categories"] if c in options],
            format_func=labels_now(options, lambda c: code_name("category", c)),
            key=f"reac_new_cats_{comment_id}",
        )
        adverse = st.checkbox(
            t("reac_new_adverse"), value=bool(current["adverse_event"]), key=f"reac_new_ae_{comment_id}"
        )
        who = st.text_input(t("who"), key="reac_who")
        why = st.text_area(t("why"), key=f"reac_why_{comment_id}", height=80)
        submitted = st.form_submit_button(t("reac_save"), type="primary")
    if submitted:
        if not who.strip() or not why.strip():
            st.error(t("who_why_required"))
        else:
            try:
                write_call(correct_comment, comment_id, list(cats), bool(adverse), who.strip(), why.strip())
            except (ValueError, KeyError) as exc:
                st.error(t("reac_failed", err=str(exc)))
            else:
                st.success(t("reac_saved"))
    hist = call(correction_history, comment_id)
    if not hist.empty:
        hist = hist.copy()
        hist["categories_label"] = [codes_names("category", v) for v in hist["categories"]]
        st.caption(t("reac_history"))
        show_table(
            hist,
            f"corrections_{comment_id}",
            {
                "corrected_at": column("corrected_at"),
                "corrected_by": column("corrected_by"),
                "categories_label": column("categories"),
                "adverse_event": column("adverse_event"),
                "reason": column("reason"),
            },
            file_stem="corrections",
        )


def render() -> None:
    page_header(t("page_reactions"), t("reac_intro"))
    counts = require_data()
    f = current_filters()
    if not counts.get("comments"):
        st.info(t("reac_no_comments"), icon=":material/forum:")
        return
    by = (
        st.segmented_control(
            t("reac_by"),
            BY,
            format_func=labels_now(BY, lambda v: t(f"reac_by_{v}")),
            key="reac_by",
            required=True,
            default="campaign",
        )
        or "campaign"
    )
    overall = call(reaction_mix, [], f)
    loaded = int(overall["comments_loaded"].iloc[0]) if len(overall) else 0
    if not loaded:
        st.info(t("reac_no_comments"), icon=":material/forum:")
        return
    if not int(overall["comments_classified"].iloc[0]):
        st.info(t("reac_unclassified", n=fmt_int(loaded)), icon=":material/hourglass_empty:")
        return
    charts.reaction_mix_section(by, f, key="reac")
    if presenting():
        return
    _mix_table(by, f)
    examples = _examples(f)
    if not examples.empty:
        _correction(examples)


render()
