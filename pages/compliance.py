"""Compliance & safety: partnership disclosure, product mentions, HCP agreements, pharmacovigilance.

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

from typing import Any

import pandas as pd
import streamlit as st

from pages import charts
from pages.common import (
    call,
    code_name,
    fmt_int,
    influencer_name,
    join_list,
    lang,
    level_name,
    md_escape,
    optional,
    page_header,
    presenting,
    register_strings,
    require_data,
    show_table,
    t,
    write_call,
)
from pages.filters import current_filters
from warehouse.metrics import headline
from warehouse.views import (
    DISCLOSURE_LEVELS,
    disclosure_by_influencer,
    disclosure_posts,
    mention_counts,
    pv_case_counts,
)

PV_STATUSES = ("new", "triaged", "reported", "not_a_case")
OPEN_STATUSES = ("new", "triaged")

register_strings(
    {
        "comp_intro": {
            "en": "Disclosure of paid partnerships, products and sensitive topics in posts, health "
            "professionals without a declared agreement, and the pharmacovigilance queue.",
            "fr": "Mention des partenariats rémunérés, produits et sujets sensibles dans les publications, "
            "professionnels de santé sans convention déclarée, et file de pharmacovigilance.",
        },
        "comp_disclosure_problems": {
            "en": "Paid posts badly disclosed",
            "fr": "Publications payées mal signalées",
        },
        "comp_paid_checked": {"en": "Paid posts checked", "fr": "Publications payées vérifiées"},
        "comp_hcp": {"en": "HCPs without agreement", "fr": "Professionnels de santé sans convention"},
        "comp_hcp_help": {
            "en": "Health professionals paid on a campaign with no agreement reference in the roster "
            "(transparency rules on benefits to health professionals).",
            "fr": "Professionnels de santé rémunérés sur une campagne sans référence de convention dans le "
            "roster (règles de transparence des avantages aux professionnels de santé).",
        },
        "comp_pv_open": {"en": "Open PV cases", "fr": "Cas de PV ouverts"},
        "comp_pv_overdue": {"en": "{n} past due", "fr": "{n} en retard"},
        "comp_no_checks": {
            "en": "No compliance check recorded yet: checks run when posts load. Reload the exports once the "
            "compliance checker is installed.",
            "fr": "Aucune vérification de conformité enregistrée : elles s'exécutent au chargement des "
            "publications. Rechargez les exports une fois le vérificateur installé.",
        },
        "comp_disclosure": {"en": "Partnership disclosure", "fr": "Mention du partenariat"},
        "comp_by_influencer_title": {
            "en": "Disclosure status of checked posts, by influencer",
            "fr": "Mention du partenariat des publications vérifiées, par influenceur",
        },
        "comp_unit_posts": {"en": "number of posts", "fr": "nombre de publications"},
        "comp_posts_table": {"en": "Posts", "fr": "Publications"},
        "comp_status_filter": {"en": "Disclosure", "fr": "Mention"},
        "comp_mentions": {"en": "Products and sensitive topics", "fr": "Produits et sujets sensibles"},
        "comp_products": {"en": "Products named in posts", "fr": "Produits cités dans les publications"},
        "comp_risks": {"en": "Product risks", "fr": "Risques produit"},
        "comp_topics": {"en": "Sensitive topics", "fr": "Sujets sensibles"},
        "comp_none": {"en": "None found in this selection.", "fr": "Aucun dans cette sélection."},
        "comp_hcp_title": {
            "en": "Health professionals without a declared agreement",
            "fr": "Professionnels de santé sans convention déclarée",
        },
        "comp_pv": {"en": "Pharmacovigilance queue", "fr": "File de pharmacovigilance"},
        "comp_pv_intro": {
            "en": "Comments flagged as a possible adverse event. Every status change needs a name and a "
            "reason and is kept in the audit trail.",
            "fr": "Commentaires signalés comme effet indésirable possible. Chaque changement de statut exige "
            "un nom et une raison et est conservé dans la piste d'audit.",
        },
        "comp_pv_status": {"en": "Status", "fr": "Statut"},
        "comp_pv_empty": {"en": "No case with these statuses.", "fr": "Aucun cas avec ces statuts."},
        "comp_pv_case": {"en": "Case", "fr": "Cas"},
        "comp_pv_new_status": {"en": "New status", "fr": "Nouveau statut"},
        "comp_pv_save": {"en": "Change the status", "fr": "Changer le statut"},
        "comp_pv_saved": {"en": "Status changed.", "fr": "Statut modifié."},
        "comp_pv_failed": {
            "en": "The status was not changed: {err}",
            "fr": "Le statut n'a pas été modifié : {err}",
        },
        "comp_audit": {"en": "Audit trail", "fr": "Piste d'audit"},
        "who": {"en": "Your name", "fr": "Votre nom"},
        "why": {"en": "Reason", "fr": "Raison"},
        "who_why_required": {
            "en": "Say who you are and why: both are stored with the change.",
            "fr": "Indiquez qui vous êtes et pourquoi : les deux sont conservés avec la modification.",
        },
        "col_influencer": {"en": "Influencer", "fr": "Influenceur"},
        "col_platform": {"en": "Platform", "fr": "Plateforme"},
        "col_profile": {"en": "Profile type", "fr": "Type de profil"},
        "col_posts_checked": {"en": "Posts checked", "fr": "Publications vérifiées"},
        "col_paid_posts": {"en": "Paid posts", "fr": "Publications payées"},
        "col_paid_problems": {"en": "Paid, badly disclosed", "fr": "Payées, mal signalées"},
        "col_date": {"en": "Date", "fr": "Date"},
        "col_format": {"en": "Format", "fr": "Format"},
        "col_campaign": {"en": "Campaign", "fr": "Campagne"},
        "col_paid": {"en": "Paid", "fr": "Payée"},
        "col_disclosure": {"en": "Disclosure", "fr": "Mention"},
        "col_cues": {"en": "Cues found", "fr": "Indices trouvés"},
        "col_products": {"en": "Products", "fr": "Produits"},
        "col_risks": {"en": "Product risks", "fr": "Risques produit"},
        "col_topics": {"en": "Sensitive topics", "fr": "Sujets sensibles"},
        "col_link": {"en": "Link", "fr": "Lien"},
        "col_item": {"en": "Found", "fr": "Trouvé"},
    }
)

# Known column names of the compliance and PV functions -> label keys (others are humanised)
KNOWN_COLUMNS: dict[str, dict[str, str]] = {
    "comment_id": {"en": "Comment", "fr": "Commentaire"},
    "post_id": {"en": "Post", "fr": "Publication"},
    "text": {"en": "Comment", "fr": "Commentaire"},
    "status": {"en": "Status", "fr": "Statut"},
    "day0": {"en": "Day 0", "fr": "Jour 0"},
    "due_at": {"en": "Due", "fr": "Échéance"},
    "products": {"en": "Products", "fr": "Produits"},
    "platform": {"en": "Platform", "fr": "Plateforme"},
    "handle": {"en": "Influencer", "fr": "Influenceur"},
    "display_name": {"en": "Name", "fr": "Nom"},
    "campaign_id": {"en": "Campaign", "fr": "Campagne"},
    "campaign_name": {"en": "Campaign", "fr": "Campagne"},
    "influencer_id": {"en": "Account", "fr": "Compte"},
    "fee": {"en": "Fee", "fr": "Cachet"},
    "currency": {"en": "Currency", "fr": "Devise"},
    "specialty": {"en": "Specialty", "fr": "Spécialité"},
    "profile_type": {"en": "Profile type", "fr": "Type de profil"},
    "from_status": {"en": "From", "fr": "De"},
    "to_status": {"en": "To", "fr": "Vers"},
    "changed_by": {"en": "Who", "fr": "Qui"},
    "changed_at": {"en": "When", "fr": "Quand"},
    "reason": {"en": "Why", "fr": "Pourquoi"},
    "status_changed_at": {"en": "Status changed", "fr": "Statut modifié le"},
    "status_changed_by": {"en": "Changed by", "fr": "Modifié par"},
    "published_at": {"en": "Published", "fr": "Publié le"},
    "permalink": {"en": "Link", "fr": "Lien"},
    "post_permalink": {"en": "Post link", "fr": "Lien de la publication"},
    "adverse_event": {"en": "Possible AE", "fr": "EI possible"},
    "overdue": {"en": "Overdue", "fr": "En retard"},
    "author": {"en": "Author (pseudonym)", "fr": "Auteur (pseudonyme)"},
    "author_hash": {"en": "Author (pseudonym)", "fr": "Auteur (pseudonyme)"},
}
_HIDDEN = {"cues", "file_id", "extra", "hcp_agreement_ref"}


def _col_label(name: str) -> str:
    entry = KNOWN_COLUMNS.get(name)
    if entry:
        return entry.get(lang()) or entry["en"]
    return name.replace("_", " ").capitalize()


def generic_table(df: pd.DataFrame, key: str, file_stem: str | None = None) -> None:
    """A table from a module whose exact columns may evolve: known columns labelled, codes humanised."""
    out = df.copy()
    config: dict[str, Any] = {}
    for col in out.columns:
        if col in _HIDDEN:
            continue
        series = out[col]
        if col in ("status", "from_status", "to_status"):
            out[col] = [code_name("pv_status", v) if v is not None and v == v else "" for v in series]
        elif col in ("profile_type", "platform", "format", "tier"):
            out[col] = [level_name(v) for v in series]
        elif series.dtype == object:
            out[col] = [join_list(v) if not isinstance(v, str) and v is not None else v for v in series]
        if pd.api.types.is_bool_dtype(out[col]):
            config[col] = st.column_config.CheckboxColumn(_col_label(col))
        elif pd.api.types.is_datetime64_any_dtype(out[col]):
            config[col] = st.column_config.DatetimeColumn(_col_label(col), format="localized")
        elif pd.api.types.is_numeric_dtype(out[col]):
            config[col] = st.column_config.NumberColumn(_col_label(col), format="localized")
        elif col in ("permalink", "post_permalink"):
            config[col] = st.column_config.LinkColumn(_col_label(col))
        else:
            config[col] = st.column_config.TextColumn(_col_label(col))
    show_table(out, key, config, file_stem=file_stem)


def _headline(f) -> int:
    h = call(headline, f)
    hcp_fn = optional("warehouse.compliance", "hcp_without_agreement")
    hcp = call(hcp_fn) if hcp_fn is not None else None
    pv = call(pv_case_counts)
    open_cases = sum(pv.get(s, 0) for s in OPEN_STATUSES)
    c = st.columns(4)
    c[0].metric(
        t("comp_disclosure_problems"), fmt_int(h.get("disclosure_problems")), help=t("ov_disclosure_help")
    )
    c[1].metric(t("comp_paid_checked"), fmt_int(h.get("paid_posts_checked")))
    c[2].metric(
        t("comp_hcp"), fmt_int(len(hcp)) if hcp is not None else t("not_available"), help=t("comp_hcp_help")
    )
    with c[3]:
        st.metric(t("comp_pv_open"), fmt_int(open_cases), help=t("ov_pv_help"))
        if pv.get("overdue"):
            st.caption(md_escape(t("comp_pv_overdue", n=fmt_int(pv["overdue"]))))
    return int(h.get("paid_posts_checked") or 0)


def _disclosure(f) -> None:
    st.subheader(t("comp_disclosure"))
    by_infl = call(disclosure_by_influencer, f)
    if by_infl.empty:
        st.info(t("comp_no_checks"), icon=":material/fact_check:")
        return
    by_infl = by_infl.copy()
    by_infl["influencer"] = [
        influencer_name(h, d, p)
        for h, d, p in zip(by_infl["handle"], by_infl["display_name"], by_infl["platform"], strict=True)
    ]
    top = by_infl.head(25)
    rows = []
    for _, r in top.iterrows():
        for level in DISCLOSURE_LEVELS:
            rows.append(
                {
                    "row": r["influencer"],
                    "series": code_name("disclosure", level),
                    "color": charts.color_for("disclosure", level),
                    "value": int(r[level]),
                }
            )
    fig = charts.stacked_counts(
        pd.DataFrame(rows),
        title=t("comp_by_influencer_title"),
        subtitle=charts.subtitle(
            [t("comp_unit_posts"), t("n_posts", n=fmt_int(by_infl["posts_checked"].sum()))]
        ),
        x_title=t("comp_unit_posts"),
        lang=lang(),
    )
    charts.show(fig, key="comp_disclosure_chart")
    if presenting():
        return
    num = st.column_config.NumberColumn
    show_table(
        by_infl,
        "disclosure_influencers",
        {
            "influencer": st.column_config.TextColumn(t("col_influencer"), pinned=True),
            "posts_checked": num(t("col_posts_checked"), format="localized"),
            "paid_posts": num(t("col_paid_posts"), format="localized"),
            "paid_problems": num(t("col_paid_problems"), format="localized"),
            "explicit": num(code_name("disclosure", "explicit"), format="localized"),
            "weak": num(code_name("disclosure", "weak"), format="localized"),
            "missing": num(code_name("disclosure", "missing"), format="localized"),
        },
    )
    st.markdown(f"**{md_escape(t('comp_posts_table'))}**")
    statuses = st.multiselect(
        t("comp_status_filter"),
        DISCLOSURE_LEVELS,
        default=["missing", "weak"],
        format_func=lambda s: code_name("disclosure", s),
        key="comp_disc_status",
    )
    posts = call(disclosure_posts, f, tuple(statuses) or None, 500)
    posts = posts.copy()
    posts["influencer"] = [
        influencer_name(h, d) for h, d in zip(posts["handle"], posts["display_name"], strict=True)
    ]
    posts["disclosure_label"] = [code_name("disclosure", v) for v in posts["disclosure"]]
    posts["format_label"] = [level_name(v) for v in posts["format"]]
    for col in ("disclosure_cues", "products", "product_risks", "sensitive_topics"):
        posts[col] = [join_list(v) for v in posts[col]]
    show_table(
        posts,
        "disclosure_posts",
        {
            "published_on": st.column_config.DateColumn(t("col_date"), format="localized"),
            "influencer": st.column_config.TextColumn(t("col_influencer")),
            "format_label": st.column_config.TextColumn(t("col_format")),
            "campaign_name": st.column_config.TextColumn(t("col_campaign")),
            "paid": st.column_config.CheckboxColumn(t("col_paid")),
            "disclosure_label": st.column_config.TextColumn(t("col_disclosure")),
            "disclosure_cues": st.column_config.TextColumn(t("col_cues")),
            "products": st.column_config.TextColumn(t("col_products")),
            "product_risks": st.column_config.TextColumn(t("col_risks")),
            "sensitive_topics": st.column_config.TextColumn(t("col_topics")),
            "permalink": st.column_config.LinkColumn(t("col_link")),
        },
    )


def _mentions(f) -> None:
    st.subheader(t("comp_mentions"))
    cols = st.columns(3)
    for col, (column, title, color) in zip(
        cols,
        (
            ("products", "comp_products", charts.BRAND),
            ("product_risks", "comp_risks", "#D62828"),
            ("sensitive_topics", "comp_topics", "#E09F3E"),
        ),
        strict=True,
    ):
        with col:
            df = call(mention_counts, column, f)
            st.markdown(f"**{md_escape(t(title))}**")
            if df.empty:
                st.caption(t("comp_none"))
                continue
            show_table(
                df,
                f"mentions_{column}",
                {
                    "item": st.column_config.TextColumn(t("col_item")),
                    "posts": st.column_config.NumberColumn(t("posts"), format="localized"),
                    "influencers": st.column_config.NumberColumn(t("influencers"), format="localized"),
                },
            )
            if presenting():
                plot = pd.DataFrame(
                    {"label": df["item"], "value": df["posts"], "color": color, "extra": df["influencers"]}
                ).head(12)
                charts.show(
                    charts.count_bars(
                        plot,
                        title=t(title),
                        subtitle=charts.subtitle([t("comp_unit_posts")]),
                        x_title=t("comp_unit_posts"),
                        hover_extra=t("influencers"),
                        lang=lang(),
                    ),
                    key=f"comp_{column}_chart",
                )


def _hcp() -> None:
    fn = optional("warehouse.compliance", "hcp_without_agreement")
    st.subheader(t("comp_hcp_title"))
    if fn is None:
        st.caption(t("module_missing"))
        return
    df = call(fn)
    if df is None or len(df) == 0:
        st.caption(t("comp_none"))
        return
    generic_table(df, "hcp_without_agreement")


def _pv() -> None:
    st.subheader(t("comp_pv"))
    queue_fn = optional("warehouse.pharmacovigilance", "queue")
    if queue_fn is None:
        st.caption(t("module_missing"))
        return
    st.caption(t("comp_pv_intro"))
    statuses = st.multiselect(
        t("comp_pv_status"),
        PV_STATUSES,
        default=list(OPEN_STATUSES),
        format_func=lambda s: code_name("pv_status", s),
        key="comp_pv_status",
    )
    frames = [call(queue_fn, s) for s in (statuses or PV_STATUSES)]
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        st.info(t("comp_pv_empty"))
        return
    q = pd.concat(frames, ignore_index=True)
    generic_table(q, "pv_queue", file_stem="pharmacovigilance_queue")
    if "comment_id" not in q.columns:
        return
    texts = dict(zip(q["comment_id"], q["text"], strict=True)) if "text" in q.columns else {}
    case = st.selectbox(
        t("comp_pv_case"),
        list(q["comment_id"]),
        format_func=lambda c: f"{c} — {(texts.get(c) or '')[:70]}".replace("\n", " "),
        key="comp_pv_case",
    )
    if case is None:
        return
    set_status = optional("warehouse.pharmacovigilance", "set_status")
    if set_status is not None:
        with st.form(f"pv_form_{case}"):
            new_status = st.selectbox(
                t("comp_pv_new_status"), PV_STATUSES, format_func=lambda s: code_name("pv_status", s)
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
                except (ValueError, KeyError) as exc:
                    st.error(t("comp_pv_failed", err=str(exc)))
                else:
                    st.success(t("comp_pv_saved"))
    audit_fn = optional("warehouse.pharmacovigilance", "audit_trail")
    if audit_fn is not None:
        trail = call(audit_fn, case)
        st.markdown(f"**{md_escape(t('comp_audit'))}**")
        if trail is None or len(trail) == 0:
            st.caption(t("comp_none"))
        else:
            generic_table(trail, f"pv_audit_{case}", file_stem="pv_audit_trail")


def render() -> None:
    page_header(t("page_compliance"), t("comp_intro"))
    require_data()
    f = current_filters()
    _headline(f)
    _disclosure(f)
    _mentions(f)
    if presenting():
        return
    _hcp()
    _pv()


if __name__ == "__main__":
    render()
