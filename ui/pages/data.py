"""Data page: drop exports and the roster, see what was loaded, rejected and why.

Why this page exists: analysts are not command-line users. It does what
`relais load` does (same loader, same per-file summary, `warehouse.uploads`)
and shows the ledger and the quarantined rows, so nobody has to guess what
happened to a file. Loading only happens when the person presses "Load" (a
form), and the hash of every processed upload is remembered in the session,
so a rerun never loads the same files twice. Rejected rows are shown as data
(st.dataframe), never as HTML: their raw text comes from third-party exports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from domain import PLATFORMS
from etl.base import LoadOptions
from ui.common import call, fmt_int, lang, md_escape, t, write_call
from warehouse import uploads
from warehouse.catalogue import catalogue_df
from warehouse.summary import warehouse_counts

# --------------------------------------------------------------------------- labels


# --------------------------------------------------------------------------- page


def _labelled(df: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:

    return df[[c for c in mapping if c in df.columns]].rename(columns={c: t(k) for c, k in mapping.items()})


def _options_form() -> LoadOptions:

    with st.expander(t("data_options")):
        st.caption(t("data_options_help"))
        c1, c2 = st.columns(2)
        export_date = c1.date_input(t("opt_export_date"), value=None, key="data_opt_date")
        year = c2.number_input(
            t("opt_year"), min_value=2000, max_value=2100, value=None, step=1, key="data_opt_year"
        )
        c3, c4 = st.columns(2)
        account = c3.text_input(t("opt_account"), key="data_opt_account").strip() or None
        platform = c4.selectbox(
            t("opt_platform"),
            [None, *PLATFORMS.codes()],
            format_func=lambda p: t("opt_none") if p is None else p,
            key="data_opt_platform",
        )
        post = st.text_input(t("opt_post"), key="data_opt_post").strip() or None
    return LoadOptions(
        export_date=export_date if isinstance(export_date, dt.date) else None,
        year=int(year) if year is not None else None,
        account=account,
        platform=platform,
        post_ref=post,
    )


def _run_load(files: list[Any], options: LoadOptions) -> None:

    # streams, not bytes: sizes are checked first and files copied to disk in chunks
    ups = [uploads.Upload(f.name, stream=f, size=f.size) for f in files]
    processed: set[str] = st.session_state.setdefault("data_processed", set())
    bar = st.progress(0.0, text=t("data_loading", n=len(ups)))
    boxes: dict[str, Any] = {}
    current: list[str] = []

    def on_progress(i: int, total: int, name: str) -> None:
        for prev in current:
            boxes[prev].update(state="complete")
        current.clear()
        if i < total:
            boxes[name] = st.status(
                t("data_loading_file", i=i + 1, n=total, name=md_escape(name)), state="running"
            )
            current.append(name)
            bar.progress(i / total, text=t("data_loading_file", i=i + 1, n=total, name=name))
        else:
            bar.progress(1.0, text=t("data_done", n=total))

    outcome = uploads.load_uploads(ups, options, run=write_call, on_progress=on_progress, processed=processed)
    for name, box in boxes.items():
        mine = [s for s in outcome.summaries if s.file == name or s.file.startswith(name + "/")]
        failed = any(s.status == "failed" for s in mine)
        with box:
            for s in mine:
                st.text(f"{s.file}: {s.status} ({s.loaded}/{s.rows_read})")  # file content: never Markdown
        box.update(state="error" if failed else "complete", expanded=False)
    if not boxes:
        bar.empty()
    st.session_state["data_last"] = {
        "summaries": [s.to_dict() for s in outcome.summaries],
        "refused": [(r.name, r.reason, r.detail) for r in outcome.refused],
        "skipped": list(outcome.skipped),
    }


def _show_last() -> None:

    last = st.session_state.get("data_last")
    if not last:
        return
    st.subheader(t("data_last_load"))
    for name, reason, detail in last["refused"]:
        st.error(t(f"data_{reason}", name=md_escape(name), detail=md_escape(detail)))
    for name in last["skipped"]:
        st.info(t("data_skipped", name=md_escape(name)))
    summaries = [uploads.FileSummary(**d) for d in last["summaries"]]
    if not summaries:
        return
    st.dataframe(
        _labelled(
            uploads.summaries_frame(summaries),
            {
                "file": "col_file",
                "kind": "col_kind",
                "rows_read": "col_rows_read",
                "loaded": "col_loaded",
                "rejected": "col_rejected",
                "duplicates": "col_duplicates",
                "status": "col_status",
                "notes": "col_notes",
            },
        ),
        hide_index=True,
        width="stretch",
    )
    _unassigned_notice([s.file_id for s in summaries if s.file_id is not None])
    for s in summaries:
        if s.status == "failed":
            st.error(t("data_failed", name=md_escape(s.file), message=md_escape(s.message or "")))
        elif s.status == "already_loaded":
            st.info(t("data_already", name=md_escape(s.file), message=md_escape(s.message or "")))
        if s.rejected:
            st.warning(t("data_rejected_note", name=md_escape(s.file), n=s.rejected))
        for e in s.step_errors:
            st.error(t("data_step_failed", name=md_escape(s.file), message=md_escape(e)))


def _unassigned_notice(file_ids: list[int]) -> None:
    """Posts of this load that match no campaign: said after every load, with how to assign them."""
    info = call(uploads.unassigned_posts, tuple(file_ids))
    if not info["in_load"] and not info["total"]:
        return
    if info["in_load"]:
        st.warning(
            t("data_unassigned", n=info["in_load"], of=info["load_posts"], total=info["total"]),
            icon=":material/link_off:",
        )
    else:
        st.info(t("data_unassigned_total", total=info["total"]), icon=":material/link_off:")
    st.caption(t("data_unassigned_how"))
    ex = info["examples"]
    if len(ex):
        st.dataframe(
            _labelled(
                ex[["post_id", "handle", "published_on", "permalink"]],
                {
                    "post_id": "col_post_id",
                    "handle": "col_influencer",
                    "published_on": "col_date",
                    "permalink": "col_link",
                },
            ),
            hide_index=True,
            width="stretch",
        )


def _show_rejects() -> None:

    files = call(uploads.rejected_files)
    if files.empty:
        st.caption(t("rejects_none"))
        return
    st.caption(t("rejects_help", n=uploads.REJECTS_SHOWN))
    choices: list[int | None] = [None, *[int(v) for v in files["file_id"]]]
    names = {int(r.file_id): f"#{r.file_id} {r.file_name} ({r.rows})" for r in files.itertuples()}
    pick = st.selectbox(
        t("rejects_file"),
        choices,
        format_func=lambda v: t("rejects_all") if v is None else names[v],
        key="data_rejects_file",
    )
    df = call(uploads.rejected_rows, pick)
    st.dataframe(
        _labelled(
            df,
            {
                "file_name": "col_file",
                "row_number": "col_row",
                "column_name": "col_column",
                "reason": "col_reason",
                "raw_row": "col_raw",
            },
        ),
        hide_index=True,
        width="stretch",
    )


def _show_history() -> None:

    df = call(uploads.load_history)
    if df.empty:
        st.caption(t("history_none"))
        return
    st.dataframe(
        _labelled(
            df,
            {
                "file_id": "col_id",
                "file_name": "col_file",
                "kind": "col_kind",
                "platform": "col_platform",
                "status": "col_status",
                "rows_read": "col_rows_read",
                "rows_loaded": "col_loaded",
                "rows_rejected": "col_rejected",
                "rows_duplicate": "col_duplicates",
                "snapshot_date": "col_snapshot",
                "finished_at": "col_finished",
                "message": "col_message",
                "notes": "col_notes",
            },
        ),
        hide_index=True,
        width="stretch",
    )


def _show_template() -> None:

    st.caption(t("template_help"))
    for name, data, mime in uploads.roster_template_files():
        st.download_button(t("download", name=name), data, file_name=name, mime=mime, key=f"tpl_{name}")


def _show_catalogue() -> None:
    """Every column the metric functions return, as the registry declares it."""
    st.dataframe(
        _labelled(
            catalogue_df(lang()),
            {
                "label": "col_label",
                "description": "col_description",
                "formula": "col_formula",
                "unit": "col_unit",
                "version": "col_version",
            },
        ),
        hide_index=True,
        width="stretch",
    )


def _show_report() -> None:
    """The client report is built on the Overview, from exactly the selection on screen."""
    st.caption(t("report_help"))
    st.info(t("report_go"), icon=":material/slideshow:")


def render() -> None:
    """Draw the page."""
    st.title(t("data_title"))
    st.caption(t("data_intro"))

    limit_mb = uploads.max_upload_bytes() / 1048576
    with st.form("data_upload", clear_on_submit=False):
        files = st.file_uploader(
            t("data_files"),
            type=uploads.UPLOAD_TYPES,
            accept_multiple_files=True,
            help=t("data_files_help", mb=f"{limit_mb:g}"),
            key="data_files",
        )
        options = _options_form()
        submitted = st.form_submit_button(t("data_load"), type="primary")
    if submitted:
        if not files:
            st.warning(t("data_no_files"))
        else:
            _run_load(list(files), options)
    _show_last()

    counts = call(warehouse_counts)
    st.caption(
        t(
            "data_counts",
            files=fmt_int(counts["load_files"]),
            posts=fmt_int(counts["posts"]),
            rejects=fmt_int(counts["rejects"]),
        )
    )
    if not st.session_state.get("data_last"):
        _unassigned_notice([])
    tabs = st.tabs(
        [t("tab_rejects"), t("tab_history"), t("tab_template"), t("tab_catalogue"), t("tab_report")]
    )
    with tabs[0]:
        _show_rejects()
    with tabs[1]:
        _show_history()
    with tabs[2]:
        _show_template()
    with tabs[3]:
        _show_catalogue()
    with tabs[4]:
        _show_report()


render()
