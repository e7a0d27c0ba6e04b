"""Overview: the current selection at a glance — volumes, engagement with its uncertainty,
reactions, safety items, findings, the client report and what is loaded."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import charts
from ui.common import (
    call,
    column,
    fmt_big,
    fmt_ci,
    fmt_int,
    fmt_money,
    fmt_pct,
    labels_now,
    lang,
    level_name,
    md_escape,
    mhelp,
    mlabel,
    page_header,
    presenting,
    rate_basis_control,
    rate_help,
    rate_label,
    require_data,
    require_posts,
    show_table,
    t,
)
from ui.filters import current_filters
from warehouse.metrics import aggregate, headline, timeline
from warehouse.summary import loaded_campaigns


def _metric(col, label: str, value: str, help_text: str, note: str = "") -> None:
    with col:
        st.metric(label, value, help=help_text)
        if note:
            st.caption(md_escape(note))


def _headline(f, basis: str) -> dict:
    h = call(headline, f)
    require_posts(h.get("posts"))
    overall = call(aggregate, [], f, basis)
    row = overall.iloc[0] if len(overall) else pd.Series(dtype=object)
    c = st.columns(6)
    _metric(c[0], mlabel("posts"), fmt_int(h["posts"]), mhelp("posts"))
    _metric(c[1], mlabel("influencers"), fmt_int(h["influencers"]), mhelp("influencers"))
    # reach, views and impressions are three measures, never summed into one
    measured = t("ov_measured_on", n=fmt_int(h.get("posts_with_reach")), total=fmt_int(h["posts"]))
    _metric(c[2], mlabel("reach"), fmt_big(h["reach"]), mhelp("reach"), measured)
    _metric(c[3], mlabel("views"), fmt_big(h.get("views")), mhelp("views"))
    _metric(c[4], mlabel("impressions"), fmt_big(h["impressions"]), mhelp("impressions"))
    _metric(c[5], mlabel("engagements"), fmt_big(h["engagements"]), mhelp("engagements"))
    if h.get("posts_without_reach"):
        st.caption(
            t(
                "ov_no_reach",
                n=fmt_int(h["posts_without_reach"]),
                platforms=", ".join(level_name(p) for p in h.get("platforms_without_reach") or []),
                audience=fmt_big(h.get("audience")),
                reach=fmt_big(h.get("reach") or 0),
                other=fmt_big(h.get("audience_not_reach")),
            )
        )
    c = st.columns(5)
    _metric(
        c[0],
        rate_label(basis),
        fmt_pct(row.get("engagement_rate")),
        rate_help(basis),
        " · ".join(
            p
            for p in (
                fmt_ci(
                    row.get("engagement_rate_ci_low"),
                    row.get("engagement_rate_ci_high"),
                    note=row.get("ci_note"),
                    units=row.get("ci_units"),
                ),
                t("ov_rate_posts", n=fmt_int(row.get("posts_with_rate"))),
            )
            if p
        ),
    )
    _metric(
        c[1],
        mlabel("useful_reaction_share"),
        fmt_pct(h.get("useful_reaction_share"), 1),
        mhelp("useful_reaction_share"),
        t("n_classified", n=fmt_int(h.get("comments_classified") or 0)),
    )
    _metric(c[2], mlabel("adverse_events"), fmt_int(row.get("adverse_events")), mhelp("adverse_events"))
    _metric(c[3], t("ov_pv_open"), fmt_int(h.get("open_pv_items")), t("ov_pv_help"))
    _metric(
        c[4],
        t("ov_disclosure"),
        fmt_int(h.get("disclosure_problems")),
        t("ov_disclosure_help"),
        " · ".join(
            p
            for p in (
                t("ov_of_checked", n=fmt_int(h["paid_posts_checked"])) if h.get("paid_posts_checked") else "",
                t("ov_not_checkable", n=fmt_int(h["paid_posts_not_checkable"]))
                if h.get("paid_posts_not_checkable")
                else "",
            )
            if p
        ),
    )
    _money(row)
    return h


def _money(row: pd.Series) -> None:
    """Budget, spend and what it bought, for the selection (costs in one currency only)."""
    if _is_na_all(row, ("budget", "fee_allocated")):
        return
    cur = row.get("currency") if isinstance(row.get("currency"), str) else None
    cur = cur or (row.get("budget_currency") if isinstance(row.get("budget_currency"), str) else None)
    c = st.columns(6)
    _metric(c[0], mlabel("budget"), fmt_money(row.get("budget"), cur), mhelp("budget"))
    _metric(c[1], mlabel("fee_allocated"), fmt_money(row.get("fee_allocated"), cur), mhelp("fee_allocated"))
    _metric(c[2], mlabel("spend_vs_budget"), fmt_pct(row.get("spend_vs_budget"), 0), mhelp("spend_vs_budget"))
    _metric(c[3], mlabel("cpe"), fmt_money(row.get("cpe"), cur, 2), mhelp("cpe"))
    _metric(c[4], mlabel("cpm"), fmt_money(row.get("cpm"), cur, 2), mhelp("cpm"))
    _metric(
        c[5],
        mlabel("cost_per_useful_reaction"),
        fmt_money(row.get("cost_per_useful_reaction"), cur, 2),
        mhelp("cost_per_useful_reaction"),
    )
    if isinstance(row.get("cost_note"), str) and row.get("cost_note"):
        st.caption(t("ov_money_mixed"))


def _is_na_all(row: pd.Series, names: tuple[str, ...]) -> bool:
    return all(row.get(n) is None or pd.isna(row.get(n)) for n in names)


def _timeline(f) -> None:
    st.subheader(t("ov_timeline"))
    c1, c2 = st.columns([1, 3])
    with c1:
        freq = st.segmented_control(
            t("ov_freq"),
            ("week", "month"),
            format_func=labels_now(("week", "month"), lambda v: t(f"freq_{v}")),
            key="ov_freq",
            required=True,
            default="week",
        )
    series = {
        "engagements": (mlabel("engagements"), ",.0f", "bar"),
        "posts": (mlabel("posts"), ",.0f", "bar"),
        "reach": (mlabel("reach"), ",.0f", "bar"),
        "engagement_rate": (mlabel("engagement_rate_reach"), ".2%", "line"),
    }
    with c2:
        what = st.segmented_control(
            t("ov_series"),
            tuple(series),
            format_func=labels_now(tuple(series), lambda v: series[v][0]),
            key="ov_series",
            required=True,
            default="engagements",
        )
    freq = freq or "week"
    what = what or "engagements"
    tl = call(timeline, f, freq)
    if tl.empty:
        st.info(t("no_posts_selected"))
        return
    label, value_format, kind = series[what]
    d = pd.DataFrame({"period": tl["period"], "value": tl[what], "posts": tl["posts"]})
    unit = t("unit_pct") if what == "engagement_rate" else t("unit_count")
    note = t("ov_rate_reach_note") if what == "engagement_rate" else ""
    fig = charts.timeline_chart(
        d,
        title=t(f"ov_per_{freq}", what=label),
        subtitle=charts.subtitle([unit, t("n_posts", n=fmt_int(tl["posts"].sum())), note]),
        y_title=f"{label} ({unit})",
        hover_posts=mlabel("posts"),
        kind=kind,
        value_format=value_format,
        lang=lang(),
    )
    charts.show(fig, key="ov_timeline_chart")


def _findings(f) -> None:
    """One plain sentence first (format by profile), then per factor its sentence and evidence."""
    from analysis.plain import combined_sentence, plain_comparison

    st.subheader(t("ov_findings"))
    readings = {by: call(plain_comparison, by, f, lang()) for by in ("format_family", "profile_type")}
    headline_sentence = combined_sentence(readings["format_family"][0], readings["profile_type"][0], lang())
    if headline_sentence:
        st.markdown(f"### {md_escape(headline_sentence)}")
    if not presenting():
        st.caption(t("ov_findings_intro"))
    cols = st.columns(2)
    for col, (by, title) in zip(cols, (("format_family", "ov_by_family"), ("profile_type", "ov_by_profile"))):
        result, plain = readings[by]
        with col:
            st.markdown(f"**{md_escape(t(title))}**")
            if not result.ok:
                st.caption(md_escape(result.message(lang())))
                continue
            st.markdown(md_escape(plain.sentence))
            for sentence in plain.evidence[:2]:
                st.markdown("- " + md_escape(sentence))
            if plain.rankings_differ:
                st.caption(md_escape(plain.rankings_differ))
            if not presenting():
                with st.expander(t("sec_detail", n=len(plain.detail))):
                    for line in plain.detail:
                        st.markdown("- " + md_escape(line))


def _loaded() -> None:
    if presenting():
        return
    with st.expander(t("ov_loaded")):
        df = call(loaded_campaigns)
        show_table(
            df,
            "loaded_campaigns",
            {
                "name": column("campaign_name"),
                "client": st.column_config.TextColumn(t("col_client")),
                "therapeutic_area": st.column_config.TextColumn(t("col_area")),
                "start_date": st.column_config.DateColumn(t("col_start"), format="localized"),
                "end_date": st.column_config.DateColumn(t("col_end"), format="localized"),
                "posts": st.column_config.NumberColumn(mlabel("posts"), format="localized"),
                "influencers": st.column_config.NumberColumn(mlabel("influencers"), format="localized"),
                "roster_size": st.column_config.NumberColumn(t("col_roster"), format="localized"),
            },
        )


def report_key(f, basis: str, kind: str, language: str) -> tuple:
    """What a prepared report was built from: any change (a filter, the rate, the format, the
    language) makes it stale, so the download always matches what is on screen."""
    return (kind, language, basis, tuple(sorted((k, str(v)) for k, v in f.to_dict().items())))


def _report(f, basis: str) -> None:
    """The client report of exactly the current selection: built on request (5–15 s), then downloadable."""
    from reports.report import ReportError, report_bytes, report_file_name
    from ui.common import db_path
    from warehouse.db import connect

    st.subheader(t("ov_report"))
    st.caption(t("ov_report_help"))
    kind = st.radio(
        t("ov_report"),
        ["pptx", "html"],
        format_func=lambda k: {"pptx": "PowerPoint (.pptx)", "html": "HTML"}[k],
        horizontal=True,
        key="ov_report_kind",
        label_visibility="collapsed",
    )
    key = report_key(f, basis, kind, lang())
    name = report_file_name(f, lang(), kind, basis)
    st.caption(md_escape(t("ov_report_covers", name=name)))
    if st.button(t("ov_report_prepare"), key="ov_report_prepare"):
        with st.spinner(t("ov_report_preparing")):
            try:
                with connect(db_path(), read_only=True, wait=30) as con:
                    data = report_bytes(con, f, lang(), kind, basis)
            except ReportError as exc:
                st.error(t("ov_report_failed", error=str(exc)))
                return
        st.session_state["ov_report"] = {"key": key, "kind": kind, "lang": lang(), "name": name, "data": data}
    ready = st.session_state.get("ov_report")
    if not ready:
        return
    if ready["key"] != key:  # prepared for another format, language, rate or selection: never served
        st.caption(t("ov_report_stale"))
        return
    mime = (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        if ready["kind"] == "pptx"
        else "text/html"
    )
    st.download_button(
        t("ov_report_download"),
        ready["data"],
        file_name=ready["name"],
        mime=mime,
        key="ov_report_download",
        type="primary",
    )


def overview() -> None:
    page_header(t("app_title"), t("ov_intro"))
    require_data()
    f = current_filters()
    basis = rate_basis_control()
    _headline(f, basis)
    _timeline(f)
    _findings(f)
    if not presenting():
        _report(f, basis)
    _loaded()


overview()
