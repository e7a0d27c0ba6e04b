"""Compliance & safety: disclosure, product mentions, caption flags, HCP agreements, pharmacovigilance, moderation.

Why this page exists in a health dashboard: a paid post without a clear
partnership mention, a prescription-only product named by an influencer, a
health professional paid without a declared agreement, or an adverse event
reported in a comment are legal obligations for the lab, not engagement
trivia. The checks themselves run when posts and comments load
(`warehouse.compliance`, `warehouse.pharmacovigilance`); this page lists
their results for the selection and records the PV team's actions, each with
who and why, in an audit trail.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from domain import DISCLOSURE_LEVELS
from domain.community import MODERATION_ACTIONS
from ui import charts
from ui.common import (
    call,
    code_name,
    codes_names,
    column,
    fmt_int,
    influencer_name,
    join_list,
    labels_now,
    lang,
    level_name,
    md_escape,
    mlabel,
    page_header,
    presenting,
    require_data,
    show_table,
    t,
    write_call,
)
from ui.filters import current_filters
from warehouse.caption_flags import caption_flag_counts, flagged_captions
from warehouse.compliance import compliance_by_influencer, hcp_without_agreement, product_mentions
from warehouse.metrics import headline
from warehouse.moderation import STATUSES as MOD_STATUSES
from warehouse.moderation import TO_HANDLE, action_history, moderation_queue, queue_counts, record_action
from warehouse.pharmacovigilance import (
    OPEN_STATUSES,
    STATUSES,
    TRANSITIONS,
    audit_trail,
    operating_point,
    queue,
    set_status,
)
from warehouse.pharmacovigilance import queue_counts as pv_counts
from warehouse.views import disclosure_posts, mention_counts


def _scoped(df: pd.DataFrame, f) -> pd.DataFrame:
    """Roster-level rows (HCP agreements) restricted to the selected campaigns and influencers."""
    if f.campaigns and "campaign_id" in df.columns:
        df = df[df["campaign_id"].isin(f.campaigns)]
    if f.influencers and "influencer_id" in df.columns:
        df = df[df["influencer_id"].isin(f.influencers)]
    if f.platforms and "platform" in df.columns:
        df = df[df["platform"].isin(f.platforms)]
    return df


def _headline(f) -> None:
    h = call(headline, f)
    hcp = _scoped(call(hcp_without_agreement), f)
    open_cases = call(pv_counts, OPEN_STATUSES, f)
    c = st.columns(4)
    with c[0]:
        st.metric(
            t("comp_disclosure_problems"), fmt_int(h.get("disclosure_problems")), help=t("ov_disclosure_help")
        )
        if h.get("paid_posts_checked"):
            st.caption(md_escape(t("ov_of_checked", n=fmt_int(h["paid_posts_checked"]))))
        if h.get("paid_posts_not_checkable"):
            st.caption(md_escape(t("ov_not_checkable", n=fmt_int(h["paid_posts_not_checkable"]))))
    c[1].metric(t("comp_hcp"), fmt_int(len(hcp)), help=t("comp_hcp_help"))
    with c[2]:
        st.metric(t("comp_pv_open"), fmt_int(open_cases["cases"]), help=t("ov_pv_help"))
        overdue = open_cases["overdue"]
        if overdue:
            st.caption(md_escape(t("comp_pv_overdue", n=fmt_int(overdue))))
    c[3].metric(t("comp_topics_posts"), fmt_int(call(mention_counts, "sensitive_topics", f)["posts"].sum()))


def _disclosure(f) -> None:
    st.subheader(t("comp_disclosure"))
    by_infl = call(compliance_by_influencer, f)
    checked = by_infl[list(DISCLOSURE_LEVELS)].sum(axis=1) if len(by_infl) else pd.Series(dtype=int)
    if by_infl.empty or not int(checked.sum()):
        st.info(t("comp_no_checks"), icon=":material/fact_check:")
        return
    by_infl = by_infl.copy()
    by_infl["influencer"] = [
        influencer_name(h, d, p)
        for h, d, p in zip(by_infl["handle"], by_infl["display_name"], by_infl["platform"], strict=True)
    ]
    top = by_infl[checked > 0].head(25)
    rows = [
        {
            "row": r["influencer"],
            "series": code_name("disclosure", level),
            "color": charts.color_for("disclosure", level),
            "value": int(r[level]),
        }
        for _, r in top.iterrows()
        for level in DISCLOSURE_LEVELS
    ]
    fig = charts.stacked_counts(
        pd.DataFrame(rows),
        title=t("comp_by_influencer_title"),
        subtitle=charts.subtitle([t("comp_unit_posts"), t("n_posts", n=fmt_int(checked.sum()))]),
        x_title=t("comp_unit_posts"),
        lang=lang(),
    )
    charts.show(fig, key="comp_disclosure_chart")
    if presenting():
        return
    show_table(
        by_infl,
        "disclosure_influencers",
        {
            "influencer": column("influencer", pinned=True),
            **{
                c: column(c)
                for c in ("posts", "paid_posts", "flagged_posts", *DISCLOSURE_LEVELS.codes(), "unchecked")
            },
            "posts_with_product_risk": column("posts_with_product_risk"),
            "posts_with_sensitive_topic": column("posts_with_sensitive_topic"),
        },
    )
    st.markdown(f"**{md_escape(t('comp_posts_table'))}**")
    statuses = st.multiselect(
        t("comp_status_filter"),
        DISCLOSURE_LEVELS.codes(),
        default=sorted(DISCLOSURE_LEVELS.where(problem=True), key=lambda c: DISCLOSURE_LEVELS[c].rank),
        format_func=labels_now(DISCLOSURE_LEVELS.codes(), lambda s: code_name("disclosure", s)),
        key="comp_disc_status",
    )
    posts = call(disclosure_posts, f, tuple(statuses) or None, 500).copy()
    posts["influencer"] = [
        influencer_name(h, d) for h, d in zip(posts["handle"], posts["display_name"], strict=True)
    ]
    posts["disclosure_label"] = [code_name("disclosure", v) for v in posts["disclosure"]]
    posts["format_label"] = [level_name(v) for v in posts["format"]]
    posts["cues"] = [join_list(v) for v in posts["disclosure_cues"]]
    posts["products_label"] = [join_list(v) for v in posts["products"]]
    posts["risks_label"] = [codes_names("risk", v) for v in posts["product_risks"]]
    posts["topics_label"] = [codes_names("topic", v) for v in posts["sensitive_topics"]]
    show_table(
        posts,
        "disclosure_posts",
        {
            "published_on": column("published_on"),
            "influencer": column("influencer"),
            "format_label": column("format"),
            "campaign_name": column("campaign_name"),
            "paid": column("paid"),
            "disclosure_label": column("disclosure"),
            "cues": column("disclosure_cues"),
            "products_label": column("products"),
            "risks_label": column("product_risks"),
            "topics_label": column("sensitive_topics"),
            "permalink": column("permalink"),
        },
    )


def _mentions(f) -> None:
    st.subheader(t("comp_mentions"))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{md_escape(t('comp_products'))}**")
        prod = call(product_mentions, f)
        if prod.empty:
            st.caption(t("comp_none"))
        else:
            prod = prod.copy()
            prod["risk_label"] = [
                code_name("risk", v) if v is not None and v == v else "" for v in prod["risk"]
            ]
            if presenting():
                plot = pd.DataFrame(
                    {
                        "label": prod["product"],
                        "value": prod["posts"],
                        "color": [charts.BRAND if r else charts.GREY for r in prod["risk_label"]],
                        "extra": prod["comments_naming"],
                    }
                ).head(12)
                charts.show(
                    charts.count_bars(
                        plot,
                        title=t("comp_products"),
                        subtitle=t("comp_unit_posts"),
                        x_title=t("comp_unit_posts"),
                        hover_extra=mlabel("comments_naming"),
                        lang=lang(),
                    ),
                    key="comp_products_chart",
                )
            show_table(
                prod,
                "product_mentions",
                {
                    "product": column("product"),
                    "risk_label": column("risk"),
                    "molecule": column("molecule"),
                    "client": column("client"),
                    "posts": column("posts"),
                    "comments_naming": column("comments_naming"),
                },
            )
    with right:
        st.markdown(f"**{md_escape(t('comp_topics'))}**")
        topics = call(mention_counts, "sensitive_topics", f)
        if topics.empty:
            st.caption(t("comp_none"))
        else:
            topics = topics.copy()
            topics["topic"] = [code_name("topic", v) for v in topics["item"]]
            show_table(
                topics,
                "sensitive_topics",
                {
                    "topic": column("sensitive_topics"),
                    "posts": column("posts"),
                    "influencers": column("influencers"),
                },
            )


def _mod_status(code: str) -> str:
    return t("comp_mod_to_handle") if code == TO_HANDLE else code_name("moderation_action", code)


def _caption_flags(f) -> None:
    """Medical-advice and promotion flags on captions, each with the phrase that raised it."""
    st.subheader(t("comp_flags"))
    st.caption(t("comp_flags_intro"))
    counts = call(caption_flag_counts, f)
    cols = st.columns(len(counts))
    for col, (code, n) in zip(cols, zip(counts["flag"], counts["posts"], strict=True), strict=True):
        col.metric(code_name("caption_flag", code), fmt_int(n))
    df = call(flagged_captions, f)
    if df.empty:
        st.info(t("comp_flags_empty"), icon=":material/fact_check:")
        return
    df = df.copy()
    df["influencer"] = [
        influencer_name(h, d, p)
        for h, d, p in zip(df["handle"], df["display_name"], df["platform"], strict=True)
    ]
    df["flag_label"] = [code_name("caption_flag", v) for v in df["flag"]]
    show_table(
        df,
        "caption_flags",
        {
            "published_at": column("published_at"),
            "influencer": column("influencer", pinned=True),
            "flag_label": column("flag"),
            "phrase": column("phrase"),
            "campaign_name": column("campaign_name"),
            "permalink": column("permalink"),
        },
        file_stem="caption_flags",
    )


MOD_ROWS = 500  # the moderation table's rows: the CLI exports the whole queue


def _moderation(f) -> None:
    """The community manager's queue: comments to hide, answer or leave, with who and why."""
    st.subheader(t("comp_mod"))
    st.caption(t("comp_mod_intro"))
    statuses = st.multiselect(
        t("comp_pv_status"),
        MOD_STATUSES,
        default=[TO_HANDLE],
        format_func=labels_now(MOD_STATUSES, _mod_status),
        key="comp_mod_status",
    )
    chosen = tuple(statuses) or MOD_STATUSES
    q = call(moderation_queue, f, chosen, MOD_ROWS)  # no more rows than the table shows
    if q.empty:
        st.info(t("comp_mod_empty"), icon=":material/forum:")
        return
    if len(q) == MOD_ROWS:
        total = call(queue_counts, f, chosen)["comments"]
        if total > MOD_ROWS:
            st.caption(t("comp_mod_first", shown=MOD_ROWS, total=f"{total:,}"))
    q = q.copy()
    q["status_label"] = [_mod_status(s) for s in q["status"]]
    q["triggers"] = [
        "; ".join(
            f"{code_name('moderation_reason', r)}: «{p}»" if p else code_name("moderation_reason", r)
            for r, p in zip(rs, ps, strict=True)
        )
        for rs, ps in zip(q["reasons"], q["phrases"], strict=True)
    ]
    q["where"] = [
        t("comp_mod_owned") if o else (c or "")
        for o, c in zip(q["owned_page"], q["campaign_name"], strict=True)
    ]
    show_table(
        q,
        "moderation_queue",
        {
            "comment_published_at": column("comment_published_at"),
            "status_label": column("status"),
            "triggers": column("reasons", width="medium"),
            "comment_text": column("comment_text", width="large"),
            "account": column("account"),
            "where": column("campaign_name"),
            "last_action_by": column("last_action_by"),
            "last_action_reason": column("last_action_reason"),
            "post_permalink": column("post_permalink"),
        },
        file_stem="moderation_queue",
    )
    texts = dict(zip(q["comment_id"], q["comment_text"], strict=True))
    status_of = dict(zip(q["comment_id"], q["status"], strict=True))
    comment = st.selectbox(
        t("col_comment"),
        list(q["comment_id"]),
        format_func=labels_now(
            list(q["comment_id"]),
            lambda c: f"{_mod_status(status_of.get(c, TO_HANDLE))} · {(texts.get(c) or '')[:80]}".replace(
                "\n", " "
            ),
        ),
        key="comp_mod_comment",
    )
    if comment is None:
        return
    st.text(texts.get(comment) or "")  # untrusted text: plain, never markdown or HTML
    with st.form("mod_form"):
        action = st.selectbox(
            t("comp_mod_action"),
            MODERATION_ACTIONS.codes(),
            format_func=labels_now(MODERATION_ACTIONS.codes(), lambda a: code_name("moderation_action", a)),
            key="mod_action",
        )
        who = st.text_input(t("who"), key="mod_who")
        why = st.text_area(t("why"), key="mod_why", height=80)
        submitted = st.form_submit_button(t("comp_mod_save"), type="primary")
    if submitted:
        if not who.strip() or not why.strip():
            st.error(t("who_why_required"))
        else:
            try:
                write_call(record_action, comment, action, who.strip(), why.strip())
            except ValueError as exc:
                st.error(t("comp_pv_failed", err=str(exc)))
            else:
                st.success(t("comp_mod_saved"))
    history = call(action_history, comment)
    st.markdown(f"**{md_escape(t('comp_audit'))}**")
    if history.empty:
        st.caption(t("comp_none"))
        return
    history = history.copy()
    history["action_label"] = [code_name("moderation_action", a) for a in history["action"]]
    show_table(
        history,
        f"mod_history_{comment}",
        {
            "acted_at": column("acted_at"),
            "action_label": column("action"),
            "acted_by": column("acted_by"),
            "reason": column("reason"),
        },
        file_stem="moderation_history",
    )


def _hcp(f) -> None:
    st.subheader(t("comp_hcp_title"))
    df = _scoped(call(hcp_without_agreement), f)
    if df.empty:
        st.caption(t("comp_none"))
        return
    df = df.copy()
    df["influencer"] = [
        influencer_name(h, d, p)
        for h, d, p in zip(df["handle"], df["display_name"], df["platform"], strict=True)
    ]
    show_table(
        df,
        "hcp_without_agreement",
        {c: column(c) for c in ("campaign_name", "influencer", "specialty", "fee", "currency", "posts")},
    )


PV_ROWS = 500  # the PV table's rows, most urgent first: `relais pv export` gives every case


def _pv(f) -> None:
    st.subheader(t("comp_pv"))
    st.caption(t("comp_pv_intro"))
    statuses = st.multiselect(
        t("comp_pv_status"),
        STATUSES,
        default=list(OPEN_STATUSES),
        format_func=labels_now(STATUSES, lambda s: code_name("pv_status", s)),
        key="comp_pv_status",
    )
    chosen = tuple(statuses) or STATUSES
    q = call(queue, chosen, f, None, PV_ROWS)  # no more rows than the table shows
    if q.empty:
        st.info(t("comp_pv_empty"))
        return
    if len(q) == PV_ROWS:
        total = call(pv_counts, chosen, f)["cases"]
        if total > PV_ROWS:
            st.caption(t("comp_pv_first", shown=PV_ROWS, total=f"{total:,}"))
    q = q.copy()
    q["status_label"] = [code_name("pv_status", s) for s in q["status"]]
    q["products_label"] = [join_list(v) for v in q["products"]]
    q["ae_cues_label"] = [join_list(v) for v in q["ae_cues"]]
    show_table(
        q,
        "pv_queue",
        {
            # the deadline first: a PV officer sorts by what is due
            "due_at": column("due_at", pinned=True),
            "days_left": column("days_left"),
            "overdue": column("overdue"),
            "status_label": column("status"),
            "comment_text": column("comment_text", width="large"),
            "ae_score": column("ae_score"),
            "ae_cues_label": column("ae_cues"),
            "products_label": column("products"),
            "day0": column("day0"),
            "comment_id": column("comment_id", label=t("comp_pv_case")),
            "last_changed_by": column("last_changed_by"),
            "last_reason": column("last_reason"),
            "influencer": column("influencer"),
            "campaign_name": column("campaign_name"),
            "post_permalink": column("post_permalink"),
        },
        file_stem="pharmacovigilance_queue",
    )
    texts = dict(zip(q["comment_id"], q["comment_text"], strict=True))
    status_of = dict(zip(q["comment_id"], q["status"], strict=True))
    case = st.selectbox(
        t("comp_pv_case"),
        list(q["comment_id"]),
        format_func=labels_now(
            list(q["comment_id"]),
            # the case id closes the label: two cases may quote the same text, a label must name one case
            lambda c: (
                f"{code_name('pv_status', status_of.get(c))} · {(texts.get(c) or '')[:70]} · {c}".replace(
                    "\n", " "
                )
            ),
        ),
        key="comp_pv_case",
    )
    if case is None:
        return
    st.text(texts.get(case) or "")
    row = q[q["comment_id"] == case].iloc[0]
    if row["ae_score"] == row["ae_score"] and row["ae_score"] is not None:  # not NaN
        op = call(operating_point)
        st.text(
            t(
                "comp_pv_score",
                score=f"{row['ae_score']:.2f}",
                threshold=f"{op['threshold']:.2f}",
                version=op["version"],
                cues=join_list(row["ae_cues"]) or "—",
            )  # fmt: skip
        )
    else:
        st.caption(t("comp_pv_score_none"))
    allowed = TRANSITIONS.get(status_of.get(case, ""), ())
    if not allowed:
        st.caption(t("comp_pv_final"))
    else:
        with st.form("pv_form"):
            new_status = st.selectbox(
                t("comp_pv_new_status"),
                allowed,
                format_func=labels_now(allowed, lambda s: code_name("pv_status", s)),
                key="pv_new_status",
            )
            who = st.text_input(t("who"), key="pv_who")
            why = st.text_area(t("why"), key="pv_why", height=80)
            submitted = st.form_submit_button(t("comp_pv_save"), type="primary")
        if submitted:
            if not who.strip() or not why.strip():
                st.error(t("who_why_required"))
            else:
                try:
                    write_call(set_status, case, new_status, who.strip(), why.strip())
                except ValueError as exc:
                    st.error(t("comp_pv_failed", err=str(exc)))
                else:
                    st.success(t("comp_pv_saved"))
    trail = call(audit_trail, case)
    st.markdown(f"**{md_escape(t('comp_audit'))}**")
    if trail.empty:
        st.caption(t("comp_none"))
        return
    trail = trail.copy()
    trail["from_label"] = [
        code_name("pv_status", s) if s is not None and s == s else "—" for s in trail["from_status"]
    ]
    trail["to_label"] = [code_name("pv_status", s) for s in trail["to_status"]]
    show_table(
        trail,
        f"pv_audit_{case}",
        {
            "changed_at": column("changed_at"),
            "from_label": column("from_status"),
            "to_label": column("to_status"),
            "changed_by": column("changed_by"),
            "reason": column("reason"),
        },
        file_stem="pv_audit_trail",
    )


def render() -> None:
    page_header(t("page_compliance"), t("comp_intro"))
    require_data()
    f = current_filters()
    _headline(f)
    _disclosure(f)
    _mentions(f)
    _caption_flags(f)
    if presenting():
        return
    _hcp(f)
    _pv(f)
    _moderation(f)


render()
