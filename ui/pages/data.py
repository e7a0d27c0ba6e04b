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

from etl.base import LoadOptions
from ui.common import call, db_path, fmt_int, lang, register_strings, t, write_call
from warehouse import uploads
from warehouse.summary import warehouse_counts

# --------------------------------------------------------------------------- labels

STRINGS: dict[str, dict[str, str]] = {
    "page_data": {"en": "Data", "fr": "Données"},
    "data_title": {
        "en": "Data: load exports and the roster",
        "fr": "Données : charger les exports et le roster",
    },
    "data_intro": {
        "en": "Drop platform exports (Instagram, Facebook, TikTok, LinkedIn, YouTube, X) and the campaign "
        "roster. Each file is recognised from its content and loaded in its own transaction; loading the "
        "same file twice changes nothing.",
        "fr": "Déposez les exports des plateformes (Instagram, Facebook, TikTok, LinkedIn, YouTube, X) et le "
        "roster de campagne. Chaque fichier est reconnu d'après son contenu et chargé dans sa propre "
        "transaction ; charger deux fois le même fichier ne change rien.",
    },
    "data_files": {"en": "Export or roster files", "fr": "Fichiers d'export ou de roster"},
    "data_files_help": {
        "en": "CSV, TSV, XLSX, XLS or ZIP; at most {mb} MB per file.",
        "fr": "CSV, TSV, XLSX, XLS ou ZIP ; {mb} Mo au plus par fichier.",
    },
    "data_options": {
        "en": "Optional details about these files",
        "fr": "Précisions facultatives sur ces fichiers",
    },
    "data_options_help": {
        "en": "Only needed when a file does not say it; leave empty otherwise.",
        "fr": "Utile seulement quand un fichier ne le précise pas ; sinon laissez vide.",
    },
    "opt_export_date": {
        "en": "Export date (day it was downloaded)",
        "fr": "Date de l'export (jour du téléchargement)",
    },
    "opt_year": {"en": "Year (for dates without a year)", "fr": "Année (pour les dates sans année)"},
    "opt_account": {"en": "Account (for account-level files)", "fr": "Compte (fichiers au niveau du compte)"},
    "opt_platform": {"en": "Platform (Meta daily series)", "fr": "Plateforme (séries quotidiennes Meta)"},
    "opt_post": {"en": "Post URL (comment exports)", "fr": "URL de la publication (exports de commentaires)"},
    "opt_none": {"en": "(from the file)", "fr": "(d'après le fichier)"},
    "data_load": {"en": "Load", "fr": "Charger"},
    "data_no_files": {
        "en": "Choose at least one file first.",
        "fr": "Choisissez d'abord au moins un fichier.",
    },
    "data_loading": {"en": "Loading {n} file(s)…", "fr": "Chargement de {n} fichier(s)…"},
    "data_loading_file": {"en": "File {i}/{n}: {name}", "fr": "Fichier {i}/{n} : {name}"},
    "data_done": {"en": "Done: {n} file(s) processed.", "fr": "Terminé : {n} fichier(s) traité(s)."},
    "data_too_large": {
        "en": "{name}: too large ({detail} MB). Nothing was loaded from it. Split the export or raise "
        "RELAIS_MAX_UPLOAD_MB.",
        "fr": "{name} : trop volumineux ({detail} Mo). Rien n'en a été chargé. Scindez l'export ou relevez "
        "RELAIS_MAX_UPLOAD_MB.",
    },
    "data_unknown_kind": {
        "en": "{name}: not a file Relais reads ({detail}); use CSV, TSV, XLSX, XLS or ZIP. Nothing was loaded.",
        "fr": "{name} : Relais ne lit pas ce type de fichier ({detail}) ; utilisez CSV, TSV, XLSX, XLS ou ZIP. "
        "Rien n'a été chargé.",
    },
    "data_skipped": {
        "en": "{name}: already processed in this session with the same details; not loaded again.",
        "fr": "{name} : déjà traité dans cette session avec les mêmes précisions ; pas rechargé.",
    },
    "data_last_load": {"en": "Last load", "fr": "Dernier chargement"},
    "data_failed": {"en": "{name}: not loaded. {message}", "fr": "{name} : non chargé. {message}"},
    "data_already": {"en": "{name}: {message}", "fr": "{name} : {message}"},
    "data_rejected_note": {
        "en": "{name}: {n} row(s) quarantined; see the rejected rows below.",
        "fr": "{name} : {n} ligne(s) mises en quarantaine ; voir les lignes rejetées ci-dessous.",
    },
    "data_counts": {
        "en": "Warehouse: {files} file(s) in the ledger, {posts} post(s), {rejects} rejected row(s).",
        "fr": "Entrepôt : {files} fichier(s) dans le registre, {posts} publication(s), {rejects} ligne(s) "
        "rejetée(s).",
    },
    "tab_rejects": {"en": "Rejected rows", "fr": "Lignes rejetées"},
    "tab_history": {"en": "Load history", "fr": "Historique des chargements"},
    "tab_template": {"en": "Roster template", "fr": "Modèle de roster"},
    "tab_catalogue": {"en": "Metric definitions", "fr": "Définitions des indicateurs"},
    "tab_report": {"en": "Client report", "fr": "Rapport client"},
    "rejects_none": {"en": "No rejected row.", "fr": "Aucune ligne rejetée."},
    "rejects_file": {"en": "File", "fr": "Fichier"},
    "rejects_all": {"en": "All files", "fr": "Tous les fichiers"},
    "rejects_help": {
        "en": "Rows set aside at load time, with the column and the reason. Fix them in the export and load "
        "it again. At most {n} rows are shown.",
        "fr": "Lignes écartées au chargement, avec la colonne et la raison. Corrigez-les dans l'export puis "
        "rechargez-le. {n} lignes au plus sont affichées.",
    },
    "history_none": {"en": "No file loaded yet.", "fr": "Aucun fichier chargé pour l'instant."},
    "template_help": {
        "en": "Two CSV files (campaigns, roster) or one workbook with sheets `campaigns` and `roster`. Extra "
        "columns are kept. Dates ISO or dd/mm/yyyy; handles with or without @.",
        "fr": "Deux fichiers CSV (campagnes, roster) ou un classeur avec les feuilles `campaigns` et `roster`. "
        "Les colonnes en plus sont conservées. Dates ISO ou jj/mm/aaaa ; identifiants avec ou sans @.",
    },
    "download": {"en": "Download {name}", "fr": "Télécharger {name}"},
    "catalogue_missing": {
        "en": "The metric catalogue is not available in this version.",
        "fr": "Le catalogue des indicateurs n'est pas disponible dans cette version.",
    },
    "report_help": {
        "en": "A deck (PowerPoint) or a self-contained web page (HTML) with the headline figures, formats, "
        "profiles, reactions, compliance and the method notes.",
        "fr": "Une présentation (PowerPoint) ou une page web autonome (HTML) avec les chiffres clés, les "
        "formats, les profils, les réactions, la conformité et les notes de méthode.",
    },
    "report_campaigns": {"en": "Campaigns (empty = all)", "fr": "Campagnes (vide = toutes)"},
    "report_kind": {"en": "Format", "fr": "Format"},
    "report_prepare": {"en": "Prepare the report", "fr": "Préparer le rapport"},
    "report_preparing": {"en": "Preparing the report…", "fr": "Préparation du rapport…"},
    "report_failed": {
        "en": "The report could not be built: {error}",
        "fr": "Le rapport n'a pas pu être produit : {error}",
    },
    "report_download": {"en": "Download the report", "fr": "Télécharger le rapport"},
    "col_file": {"en": "File", "fr": "Fichier"},
    "col_kind": {"en": "Kind", "fr": "Type"},
    "col_rows_read": {"en": "Rows read", "fr": "Lignes lues"},
    "col_loaded": {"en": "Loaded", "fr": "Chargées"},
    "col_rejected": {"en": "Rejected", "fr": "Rejetées"},
    "col_duplicates": {"en": "Duplicates", "fr": "Doublons"},
    "col_status": {"en": "Status", "fr": "Statut"},
    "col_notes": {"en": "Notes", "fr": "Remarques"},
    "col_row": {"en": "Row", "fr": "Ligne"},
    "col_column": {"en": "Column", "fr": "Colonne"},
    "col_reason": {"en": "Reason", "fr": "Raison"},
    "col_raw": {"en": "Raw row", "fr": "Ligne brute"},
    "col_id": {"en": "Load #", "fr": "Chargement n°"},
    "col_platform": {"en": "Platform", "fr": "Plateforme"},
    "col_snapshot": {"en": "Export date", "fr": "Date d'export"},
    "col_finished": {"en": "Finished", "fr": "Terminé"},
    "col_message": {"en": "Message", "fr": "Message"},
    "col_label": {"en": "Metric", "fr": "Indicateur"},
    "col_formula": {"en": "Formula", "fr": "Formule"},
    "col_unit": {"en": "Unit", "fr": "Unité"},
    "col_version": {"en": "Version", "fr": "Version"},
    "col_description": {"en": "Definition", "fr": "Définition"},
}


# --------------------------------------------------------------------------- page


def _labelled(df: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:

    return df[[c for c in mapping if c in df.columns]].rename(columns={c: t(k) for c, k in mapping.items()})


def _options_form() -> LoadOptions:

    from warehouse.schema import PLATFORMS

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
            [None, *PLATFORMS],
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

    ups = [uploads.Upload(f.name, f.getvalue()) for f in files]
    processed: set[str] = st.session_state.setdefault("data_processed", set())
    bar = st.progress(0.0, text=t("data_loading", n=len(ups)))
    boxes: dict[str, Any] = {}
    current: list[str] = []

    def on_progress(i: int, total: int, name: str) -> None:
        for prev in current:
            boxes[prev].update(state="complete")
        current.clear()
        if i < total:
            boxes[name] = st.status(t("data_loading_file", i=i + 1, n=total, name=name), state="running")
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
                st.write(f"{s.file}: {s.status} ({s.loaded}/{s.rows_read})")
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
        st.error(t(f"data_{reason}", name=name, detail=detail))
    for name in last["skipped"]:
        st.info(t("data_skipped", name=name))
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
    for s in summaries:
        if s.status == "failed":
            st.error(t("data_failed", name=s.file, message=s.message or ""))
        elif s.status == "already_loaded":
            st.info(t("data_already", name=s.file, message=s.message or ""))
        if s.rejected:
            st.warning(t("data_rejected_note", name=s.file, n=s.rejected))


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

    try:
        from warehouse.catalogue import catalogue_df
    except ImportError:
        st.info(t("catalogue_missing"))
        return
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

    st.caption(t("report_help"))
    camps = call(uploads.campaign_choices)
    names = {r.campaign_id: f"{r.name} ({r.campaign_id})" for r in camps.itertuples()}
    chosen = st.multiselect(
        t("report_campaigns"), list(names), format_func=lambda c: names.get(c, c), key="data_report_campaigns"
    )
    kind = st.radio(
        t("report_kind"),
        ["pptx", "html"],
        format_func=lambda k: {"pptx": "PowerPoint (.pptx)", "html": "HTML"}[k],
        horizontal=True,
        key="data_report_kind",
    )
    if st.button(t("report_prepare"), key="data_report_prepare"):
        from reports.report import ReportError, report_bytes
        from warehouse.db import connect

        with st.spinner(t("report_preparing")):
            try:
                with connect(db_path(), read_only=True, wait=30) as con:
                    data = report_bytes(con, chosen or None, lang(), kind)
            except ReportError as exc:
                st.error(t("report_failed", error=str(exc)))
                return
        st.session_state["data_report"] = (kind, lang(), data)
    ready = st.session_state.get("data_report")
    if ready:
        rkind, rlang, data = ready
        mime = (
            "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            if rkind == "pptx"
            else "text/html"
        )
        st.download_button(
            t("report_download"),
            data,
            file_name=f"relais_report_{rlang}.{rkind}",
            mime=mime,
            key="data_report_download",
        )


def render() -> None:
    """Draw the page."""

    register_strings(STRINGS)
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
