"""The client report: a PowerPoint deck or a self-contained HTML page, in French or English.

Why here and not in a page: the same report comes out of `relais report` and
the dashboard, and both must show the same numbers as the pages. So this
module only *gathers* figures from `warehouse.metrics`, `analysis.compare` and
its findings, and formats them; it computes no metric itself.

Charts
- The deck embeds PNG images made by Plotly's static export (kaleido 1.x),
  which drives a Chromium. We never let kaleido download a browser: the path
  is $RELAIS_CHROMIUM, else $BROWSER_PATH, else Debian's /usr/bin/chromium
  (or `chromium` on PATH), passed explicitly to `kaleido.Kaleido(path=...)`.
  MathJax is switched off so that nothing is fetched from the network. If the
  export fails the build fails with `ReportError`: a deck without its charts
  would look complete and mislead.
- The HTML page embeds plotly.js once, inline, and every figure after it, so
  it opens offline. Every piece of text is passed through `html.escape`
  (captions and campaign names come from third-party files).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import io
import logging
import math
import os
import re
import shutil
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go

from analysis import findings as fx
from domain import CAPTION_FLAGS, DISCLOSURE_LEVELS, REACTION_CATEGORIES, level_term
from warehouse.filters import Filters

KINDS = ("pptx", "html")
LANGS = ("fr", "en")
CHROMIUM_ENV = "RELAIS_CHROMIUM"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHART_TIMEOUT_S = 60
TOP_POSTS = 5
BRAND = "#0F6E7A"
IMG_W, IMG_H = 1100, 520


class ReportError(RuntimeError):
    """The report cannot be produced as promised (the message says why and what to do)."""


# --------------------------------------------------------------------------- labels

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Campaign report", "fr": "Rapport de campagne"},
    "all_campaigns": {"en": "All campaigns", "fr": "Toutes les campagnes"},
    "generated": {"en": "Generated on {date} with Relais", "fr": "Produit le {date} avec Relais"},
    "headline": {"en": "Headline figures", "fr": "Chiffres clés"},
    "formats": {"en": "Formats", "fr": "Formats"},
    "profiles": {"en": "Influencer profiles", "fr": "Profils d'influenceurs"},
    "reactions": {"en": "Audience reactions", "fr": "Réactions du public"},
    "compliance": {"en": "Compliance summary", "fr": "Synthèse conformité"},
    "top_posts": {"en": "Top posts by engagements", "fr": "Publications les plus engageantes"},
    "method": {"en": "Method notes", "fr": "Notes de méthode"},
    "campaigns": {"en": "Campaigns", "fr": "Campagnes"},
    "na": {"en": "n/a", "fr": "n.d."},
    "ci": {"en": "95% CI {lo} to {hi}", "fr": "IC à 95 % : {lo} à {hi}"},
    "rate_axis": {"en": "Engagement rate (by reach)", "fr": "Taux d'engagement (sur la portée)"},
    "weekly": {"en": "Engagements per week", "fr": "Engagements par semaine"},
    "week": {"en": "Week", "fr": "Semaine"},
    "rate_by": {"en": "Engagement rate by {what}, 95% CI", "fr": "Taux d'engagement par {what}, IC à 95 %"},
    "format_word": {"en": "format", "fr": "format"},
    "profile_word": {"en": "profile type", "fr": "type de profil"},
    "categories": {"en": "Classified comments by category", "fr": "Commentaires classés par catégorie"},
    "comments_n": {"en": "Comments", "fr": "Commentaires"},
    "no_posts": {"en": "No post in this selection.", "fr": "Aucune publication dans cette sélection."},
    "no_comments": {
        "en": "No classified comment in this selection: reactions are not available.",
        "fr": "Aucun commentaire classé dans cette sélection : les réactions ne sont pas disponibles.",
    },
    "reactions_text": {
        "en": "{classified} comments classified; {useful} useful reactions ({share}); {ae} possible adverse "
        "event(s) routed to pharmacovigilance.",
        "fr": "{classified} commentaires classés ; {useful} réactions utiles ({share}) ; {ae} effet(s) "
        "indésirable(s) possible(s) transmis à la pharmacovigilance.",
    },
    "disclosure": {
        "en": "Paid posts checked for disclosure: {checked}; with a missing or weak disclosure: {problems}.",
        "fr": "Publications rémunérées vérifiées (mention du partenariat) : {checked} ; mention absente ou "
        "insuffisante : {problems}.",
    },
    "not_checkable": {
        "en": "{n} paid post(s) could not be checked: their export carries no text (YouTube exports have no "
        "description); they are not counted as missing.",
        "fr": "{n} publication(s) rémunérée(s) non vérifiable(s) : leur export ne contient pas de texte (les "
        "exports YouTube n'ont pas la description) ; elles ne sont pas comptées comme « absente ».",
    },
    "disclosure_none": {
        "en": "No paid post has been checked for disclosure in this selection.",
        "fr": "Aucune publication rémunérée n'a été vérifiée (mention du partenariat) dans cette sélection.",
    },
    "pv_open": {
        "en": "Open pharmacovigilance items (new or triaged): {n}.",
        "fr": "Signalements de pharmacovigilance ouverts (nouveaux ou en cours) : {n}.",
    },
    "pv_none": {
        "en": "Pharmacovigilance: no comment in scope has been classified yet.",
        "fr": "Pharmacovigilance : aucun commentaire de la sélection n'a encore été classé.",
    },
    "caption_flags": {
        "en": "Captions to review for medical advice or promotion: {n} post(s).",
        "fr": "Légendes à relire pour conseil médical ou promotion : {n} publication(s).",
    },
    "caption_flags_none": {
        "en": "No caption names a prescription-only or reimbursed medicine, gives dosage advice or stands in "
        "for a health professional.",
        "fr": "Aucune légende ne cite de médicament sur prescription ou remboursable, ne donne de posologie "
        "ni ne se substitue à un professionnel de santé.",
    },
    "compliance_note": {
        "en": "Automatic checks flag posts for review by a person; they are not a legal opinion.",
        "fr": "Les contrôles automatiques signalent des publications à relire par une personne ; ils ne "
        "constituent pas un avis juridique.",
    },
    "proxy_note": {
        "en": "{n} post(s) had no reach in their export: a proxy (unique viewers, views or impressions) was used.",
        "fr": "{n} publication(s) sans portée dans leur export : un substitut (spectateurs uniques, vues ou "
        "impressions) a été utilisé.",
    },
    "method_text": {
        "en": "Figures use the latest export of each post. A figure an export did not give is 'n/a', never 0. "
        "Group rates are ratios of sums over the posts that have both figures; the 95% interval treats the "
        "posts of one influencer as a cluster. Comparisons between formats or profiles use a "
        "negative-binomial model of engagements per person reached, adjusted for the other factors where the "
        "data allow, with influencer-robust errors and Holm-adjusted p-values.",
        "fr": "Les chiffres viennent du dernier export de chaque publication. Un chiffre absent de l'export "
        "est « n.d. », jamais 0. Les taux d'un groupe sont des rapports de sommes sur les publications qui ont "
        "les deux chiffres ; l'intervalle à 95 % traite les publications d'un même influenceur comme un "
        "groupe. Les comparaisons entre formats ou profils reposent sur un modèle binomial négatif des "
        "engagements par personne atteinte, ajusté sur les autres facteurs quand les données le permettent, "
        "avec des erreurs robustes par influenceur et des p-valeurs ajustées (Holm).",
    },
    "sources": {
        "en": "Data: {files} export file(s) loaded, latest export dated {latest}.",
        "fr": "Données : {files} fichier(s) d'export chargé(s), dernier export daté du {latest}.",
    },
    "versions": {
        "en": "Metric definitions in force (name and version)",
        "fr": "Définitions en vigueur (nom et version)",
    },
    "definitions": {"en": "Definitions", "fr": "Définitions"},
    "col_handle": {"en": "Account", "fr": "Compte"},
    "col_format": {"en": "Format", "fr": "Format"},
    "col_date": {"en": "Published", "fr": "Publiée le"},
    "col_eng": {"en": "Engagements", "fr": "Engagements"},
    "col_rate": {"en": "Rate", "fr": "Taux"},
    "col_caption": {"en": "Caption", "fr": "Légende"},
    "col_level": {"en": "Group", "fr": "Groupe"},
    "col_paid": {"en": "Paid posts", "fr": "Publications rémunérées"},
    "col_flagged": {"en": "To review", "fr": "À revoir"},
    "disc_explicit": {"en": "Explicit disclosure", "fr": "Mention explicite"},
    "disc_weak": {"en": "Weak disclosure", "fr": "Mention insuffisante"},
    "disc_missing": {"en": "No disclosure", "fr": "Aucune mention"},
    "disc_not_checkable": {"en": "Not checkable (no text)", "fr": "Non vérifiable (sans texte)"},
    "disclosure_mix": {
        "en": "Paid influencers: disclosure of the partnership per post",
        "fr": "Influenceurs rémunérés : mention du partenariat par publication",
    },
    "hcp_missing": {
        "en": "Paid health professionals without an agreement reference on the roster: {n} ({names}).",
        "fr": "Professionnels de santé rémunérés sans référence de convention dans le roster : {n} ({names}).",
    },
    "col_posts": {"en": "Posts", "fr": "Publications"},
    "col_infl": {"en": "Influencers", "fr": "Influenceurs"},
    "col_ci": {"en": "95% CI", "fr": "IC à 95 %"},
    # cover: what the report covers
    "client": {"en": "Client: {names}", "fr": "Client : {names}"},
    "campaign_line": {"en": "Campaign: {names}", "fr": "Campagne : {names}"},
    "campaigns_line": {"en": "Campaigns: {names}", "fr": "Campagnes : {names}"},
    "selection": {"en": "Selection: {what}", "fr": "Sélection : {what}"},
    "scope_campaigns": {"en": "posts of the campaigns", "fr": "publications des campagnes"},
    "scope_all": {
        "en": "all posts, including those matching no campaign",
        "fr": "toutes les publications, y compris hors campagne",
    },
    "scope_unassigned": {"en": "posts matching no campaign", "fr": "publications hors campagne"},
    "from": {"en": "from {d}", "fr": "à partir du {d}"},
    "until": {"en": "until {d}", "fr": "jusqu'au {d}"},
    "influencers_n": {"en": "{n} influencer(s): {names}", "fr": "{n} influenceur(s) : {names}"},
    "basis_line": {"en": "Engagement rate by {basis}", "fr": "Taux d'engagement rapporté {basis}"},
    "basis_reach": {"en": "reach", "fr": "à la portée"},
    "basis_impressions": {"en": "impressions", "fr": "aux impressions"},
    "basis_views": {"en": "views (video formats)", "fr": "aux vues (formats vidéo)"},
    "basis_followers": {"en": "followers (fallback)", "fr": "aux abonnés (solution de repli)"},
    # one message per slide
    "msg_headline": {
        "en": "{posts} posts by {influencers} influencers: {rate} engagement rate",
        "fr": "{posts} publications de {influencers} influenceurs : {rate} de taux d'engagement",
    },
    "msg_reactions": {
        "en": "{share} of classified comments are useful reactions (questions, testimonies, intentions)",
        "fr": "{share} des commentaires classés sont des réactions utiles (questions, témoignages, intentions)",
    },
    "msg_compliance": {
        "en": "{problems} of {checked} checked paid posts need a disclosure review",
        "fr": "{problems} des {checked} publications rémunérées vérifiées ont une mention à revoir",
    },
    "msg_compliance_none": {
        "en": "Disclosure: no paid post could be checked in this selection",
        "fr": "Mention du partenariat : aucune publication rémunérée vérifiable dans cette sélection",
    },
    "msg_top_posts": {
        "en": "The five posts that drew the most engagements",
        "fr": "Les cinq publications qui ont suscité le plus d'engagements",
    },
    "msg_method": {
        "en": "How the figures are made",
        "fr": "Comment les chiffres sont établis",
    },
    "notes_headline": {
        "en": "The engagement rate is a ratio of sums over the {n} posts that have both figures; its 95% interval "
        "treats the posts of one influencer as a cluster. Reach sums double-count people reached by several posts.",
        "fr": "Le taux d'engagement est un rapport de sommes sur les {n} publications qui ont les deux chiffres ; "
        "son intervalle à 95 % traite les publications d'un même influenceur comme un groupe. La somme des "
        "portées compte deux fois une personne touchée par plusieurs publications.",
    },
    "notes_reactions": {
        "en": "Comments are classified by rules in French and English; a person's correction wins. The share "
        "depends on which comments the platform exported (often the most visible).",
        "fr": "Les commentaires sont classés par des règles en français et en anglais ; la correction d'une "
        "personne prime. La part dépend des commentaires exportés par la plateforme (souvent les plus visibles).",
    },
    "kicker_headline": {"en": "Headline figures", "fr": "Chiffres clés"},
    "money": {"en": "Budget and costs", "fr": "Budget et coûts"},
    "spend": {"en": "Spend", "fr": "Dépense"},
    "msg_money": {
        "en": "{spend} spent of a {budget} budget ({share}): {cpe} per engagement",
        "fr": "{spend} dépensés sur un budget de {budget} ({share}) : {cpe} par engagement",
    },
    "msg_money_no_budget": {
        "en": "{spend} in influencer fees: {cpe} per engagement",
        "fr": "{spend} de cachets d'influenceurs : {cpe} par engagement",
    },
    "money_lines": {
        "en": "Cost per thousand impressions: {cpm}. Cost per useful reaction: {cpu}.",
        "fr": "Coût pour mille impressions : {cpm}. Coût par réaction utile : {cpu}.",
    },
    "money_mixed": {
        "en": "The selection mixes currencies: no cost figure.",
        "fr": "La sélection mêle plusieurs devises : pas de coût.",
    },
    "spend_vs_budget_by": {"en": "Spend vs budget by campaign", "fr": "Dépense / budget par campagne"},
    "notes_money": {
        "en": "Spend is the roster fees of the influencers who posted, spread equally over each one's posts in "
        "the campaign; fees of roster influencers who have not posted are not in it. Budgets come from the "
        "campaigns sheet and are not split by a platform or format filter.",
        "fr": "La dépense est la somme des cachets du roster des influenceurs qui ont publié, répartis à parts "
        "égales sur leurs publications de la campagne ; les cachets des influenceurs du roster sans publication "
        "n'y sont pas. Les budgets viennent de la feuille campaigns et ne sont pas répartis par un filtre de "
        "plateforme ou de format.",
    },
    "notes_top_posts": {
        "en": "Posts ranked by engagements (likes, comments, shares and saves, as far as each export gives them); "
        "the rate column uses the report's rate basis. Captions are shown as published, shortened.",
        "fr": "Publications classées par engagements (j'aime, commentaires, partages et enregistrements, selon ce "
        "que donne chaque export) ; la colonne taux suit la base du rapport. Légendes telles que publiées, "
        "raccourcies.",
    },
}


def _t(key: str, lang: str, **fmt: Any) -> str:
    text = TEXT[key].get(lang) or TEXT[key]["en"]
    return text.format(**fmt) if fmt else text


def _lang(lang: str) -> str:
    code = (lang or "fr").lower()[:2]
    if code not in LANGS:
        raise ReportError(f"unsupported language {lang!r}: use fr or en")
    return code


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: Any, limit: int | None = None) -> str:
    """Untrusted text as a plain one-line string (no control characters, which PPTX XML refuses)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    s = _CONTROL.sub("", str(value)).replace("\r", " ").replace("\n", " ").strip()
    if limit and len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return s


def _num(v: Any) -> float | None:
    if v is None or v is pd.NA:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def fmt_count(v: Any, lang: str) -> str:
    f = _num(v)
    return _t("na", lang) if f is None else fx.fmt_int(round(f), lang)


def fmt_rate(v: Any, lang: str, decimals: int = 2) -> str:
    f = _num(v)
    return _t("na", lang) if f is None else fx.fmt_percent(f, lang, decimals)


def _day(d: Any, lang: str) -> str:
    """A date as the reader writes it (plotly's date axis would print English month names)."""
    d = pd.Timestamp(d)
    return d.strftime("%d/%m/%Y") if lang == "fr" else d.strftime("%Y-%m-%d")


def level_name(code: Any, lang: str) -> str:
    """'short_video' -> 'Short videos' / 'Vidéos courtes' (chart axes and tables)."""
    if code is None or (isinstance(code, float) and math.isnan(code)):
        return _t("na", lang)
    term = level_term(code)
    if term is not None:
        return term.text(lang)
    text = fx.label(code, lang)
    if lang == "fr" and text.startswith(("les ", "le ", "la ")):
        text = text.split(" ", 1)[1]
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- gathering


@dataclass
class Section:
    """One part of the report: a title, paragraphs, an optional chart and an optional table."""

    key: str
    title: str  # the section's name (the small kicker above a slide's message)
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    figure: go.Figure | None = None
    table: pd.DataFrame | None = None
    message: str = ""  # the one thing this slide says (its title); the section's name when empty
    notes: list[str] = field(default_factory=list)  # speaker notes: method, caveats, statistics

    @property
    def headline(self) -> str:
        return self.message or self.title


@dataclass
class ReportData:
    lang: str
    title: str
    subtitle: str
    generated: str
    kpis: list[tuple[str, str, str]]  # label, value, note
    sections: list[Section]
    versions: dict[str, str]
    cover: list[str] = field(default_factory=list)  # client, campaign(s), selection, rate basis
    file_stem: str = "relais_report"

    @property
    def figures(self) -> list[go.Figure]:
        return [s.figure for s in self.sections if s.figure is not None]


def _campaigns(con: duckdb.DuckDBPyConnection, campaigns: Sequence[str] | None) -> pd.DataFrame:
    from warehouse.summary import loaded_campaigns

    df = loaded_campaigns(con)
    if campaigns:
        missing = sorted(set(campaigns) - set(df["campaign_id"]))
        if missing:
            raise ReportError(f"unknown campaign id(s): {', '.join(missing)}")
        df = df[df["campaign_id"].isin(list(campaigns))]
    return df


def _rate_figure(
    agg: pd.DataFrame, key: str, title: str, lang: str, rate_basis: str = "reach"
) -> go.Figure | None:
    """Rate per level with its 95% interval, each level in the dashboard's colour for it."""
    d = agg[agg["engagement_rate"].notna()]
    if d.empty:
        return None
    names = [level_name(v, lang) for v in d[key]]
    rate = d["engagement_rate"].astype(float)
    hi = d["engagement_rate_ci_high"].astype(float) - rate
    lo = rate - d["engagement_rate_ci_low"].astype(float)
    colours = []
    for v in d[key]:
        term = level_term(v)
        colours.append(term.colour if term is not None and term.colour else BRAND)
    fig = go.Figure(
        go.Bar(
            x=names,
            y=rate,
            marker_color=colours,
            error_y=dict(type="data", array=hi.fillna(0).tolist(), arrayminus=lo.fillna(0).tolist()),
            text=[fmt_rate(v, lang) for v in rate],
            textposition="inside",
            insidetextanchor="middle",
            textfont=dict(color="white", size=14),
        )
    )
    _style(fig, title, lang)
    axis = (
        _t("rate_axis", lang)
        if rate_basis == "reach"
        else f"{_t('rate_axis', lang).split('(')[0].strip()} ({_t(f'basis_{rate_basis}', lang)})"
    )
    fig.update_yaxes(tickformat=".1%", title=axis, rangemode="tozero")
    return fig


def _style(fig: go.Figure, title: str, lang: str) -> None:
    fig.update_layout(
        title=dict(text=title, x=0.01, font=dict(size=18)),
        template="plotly_white",
        margin=dict(l=70, r=30, t=60, b=60),
        showlegend=False,
        font=dict(family="DejaVu Sans, Arial, sans-serif", size=13),
        separators=", " if lang == "fr" else ".,",  # decimal comma, thin thousands in French
    )


def _level_table(agg: pd.DataFrame, key: str, lang: str) -> pd.DataFrame:
    rows = []
    for r in agg.to_dict("records"):
        ci = (
            f"{fmt_rate(r.get('engagement_rate_ci_low'), lang)} – {fmt_rate(r.get('engagement_rate_ci_high'), lang)}"
            if _num(r.get("engagement_rate_ci_low")) is not None
            else _t("na", lang)
        )
        rows.append(
            {
                _t("col_level", lang): level_name(r.get(key), lang),
                _t("col_posts", lang): fmt_count(r.get("posts"), lang),
                _t("col_infl", lang): fmt_count(r.get("influencers"), lang),
                _t("col_rate", lang): fmt_rate(r.get("engagement_rate"), lang),
                _t("col_ci", lang): ci,
            }
        )
    return pd.DataFrame(rows)


def _compliance_details(
    con: duckdb.DuckDBPyConnection, sec: Section, filters: Filters, campaigns: Sequence[str] | None, lang: str
) -> None:
    """Disclosure mix of the paid influencers (chart + table) and paid HCPs without agreement.

    Uses warehouse.compliance when it is installed; the headline sentences stand alone otherwise.
    """
    try:
        from warehouse.compliance import compliance_by_influencer, hcp_without_agreement
    except ImportError:
        return
    hcp = hcp_without_agreement(con)
    if campaigns:
        hcp = hcp[hcp["campaign_id"].isin(list(campaigns))]
    if not hcp.empty:
        names = ", ".join(sorted({clean_text(h, 40) for h in hcp["handle"]}))
        sec.paragraphs.append(_t("hcp_missing", lang, n=fmt_count(len(hcp), lang), names=names))
    by_infl = compliance_by_influencer(con, filters)
    paid = by_infl[by_infl["paid_posts"] > 0].head(6)
    levels = list(DISCLOSURE_LEVELS.codes())
    if paid.empty or not (paid[levels].to_numpy() > 0).any():
        return  # nothing checked yet: the headline sentence says so
    handles = [clean_text(h, 30) for h in paid["handle"]]
    fig = go.Figure()
    for col in DISCLOSURE_LEVELS.codes():
        color = DISCLOSURE_LEVELS.colour(col)  # the dashboard's colours, so the deck reads the same
        fig.add_trace(
            go.Bar(y=handles, x=paid[col].astype(float), name=_t(f"disc_{col}", lang), orientation="h",
                   marker_color=color)
        )  # fmt: skip
    _style(fig, _t("disclosure_mix", lang), lang)
    fig.update_layout(barmode="stack", showlegend=True, legend=dict(orientation="h", y=-0.15))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=_t("col_posts", lang))
    sec.figure = fig
    sec.table = pd.DataFrame(
        {
            _t("col_handle", lang): handles,
            _t("col_paid", lang): [fmt_count(v, lang) for v in paid["paid_posts"]],
            _t("col_flagged", lang): [fmt_count(v, lang) for v in paid["flagged_posts"]],
        }
    )


def _caption_flag_bullets(con: duckdb.DuckDBPyConnection, sec: Section, filters: Filters, lang: str) -> None:
    """One bullet per caption flag raised in the selection: posts flagged and the words that raised it."""
    from warehouse.caption_flags import flagged_captions

    df = flagged_captions(con, filters)
    if df.empty:
        sec.paragraphs.append(_t("caption_flags_none", lang))
        return
    sec.paragraphs.append(_t("caption_flags", lang, n=fmt_count(df["post_id"].nunique(), lang)))
    for code in CAPTION_FLAGS.codes():
        rows = df[df["flag"] == code]
        if rows.empty:
            continue
        examples = ", ".join(f'"{clean_text(p, 40)}"' for p in list(dict.fromkeys(rows["phrase"]))[:3])
        colon = " : " if lang == "fr" else ": "  # French typography
        sec.bullets.append(
            f"{CAPTION_FLAGS.label(code, lang)}{colon}{fmt_count(rows['post_id'].nunique(), lang)} ({examples})"
        )


Selection = Filters | Sequence[str] | None


def as_filters(selection: Selection) -> Filters:
    """The report's selection: a Filters as the dashboard holds it, or campaign ids (CLI), or None
    (every campaign's posts). Campaign ids and None keep to the campaigns' posts, like the dashboard."""
    if isinstance(selection, Filters):
        return selection
    return Filters(campaigns=tuple(selection or ()), scope="campaigns")


def _rate_basis_of(rate_basis: str) -> str:
    from warehouse.metrics import RATE_BASES

    if rate_basis not in RATE_BASES:
        raise ReportError(f"unknown rate basis {rate_basis!r}: use {', '.join(RATE_BASES)}")
    return rate_basis


def _describe(
    con: duckdb.DuckDBPyConnection, f: Filters, camps: pd.DataFrame, rate_basis: str, lang: str
) -> list[str]:
    """The cover's lines: client, campaign(s), every other filter in words, the rate basis."""
    lines: list[str] = []
    clients = sorted({clean_text(c) for c in camps["client"].dropna() if clean_text(c)})
    if clients:
        lines.append(_t("client", lang, names=", ".join(clients)))
    if len(camps):
        names = "; ".join(clean_text(f"{r.name} ({r.campaign_id})") for r in camps.itertuples())
        lines.append(_t("campaign_line" if len(camps) == 1 else "campaigns_line", lang, names=names))
    parts = [_t(f"scope_{f.scope}", lang)] if f.scope != "campaigns" or not f.campaigns else []
    for field_name in ("platforms", "format_families", "formats", "profile_types", "tiers"):
        values = getattr(f, field_name)
        if values:
            parts.append(", ".join(level_name(v, lang) for v in values))
    if f.influencers:
        handles = [
            r[0]
            for r in con.execute(
                "SELECT '@' || handle FROM influencers WHERE list_contains(?, influencer_id) ORDER BY 1",
                [list(f.influencers)],
            ).fetchall()
        ]
        parts.append(
            _t(
                "influencers_n",
                lang,
                n=len(f.influencers),
                names=", ".join(clean_text(h, 30) for h in handles[:4]),
            )
        )
    if f.date_from:
        parts.append(_t("from", lang, d=_day(f.date_from, lang)))
    if f.date_to:
        parts.append(_t("until", lang, d=_day(f.date_to, lang)))
    if parts:
        lines.append(_t("selection", lang, what=" · ".join(parts)))
    lines.append(_t("basis_line", lang, basis=_t(f"basis_{rate_basis}", lang)))
    return lines


_STEM = re.compile(r"[^A-Za-z0-9_.+-]+")


def report_file_name(f: Filters, lang: str, kind: str, rate_basis: str = "reach") -> str:
    """'relais_OR26_instagram_2026-10-01-2026-10-31_fr.pptx': the file says which selection it holds."""
    parts = [
        "+".join(f.campaigns)
        if f.campaigns
        else {"campaigns": "all-campaigns"}.get(f.scope, f"{f.scope}-posts")
    ]
    if f.campaigns and f.scope != "campaigns":
        parts.append(f"{f.scope}-posts")
    for field_name in ("platforms", "format_families", "formats", "profile_types", "tiers"):
        parts.extend(getattr(f, field_name))
    if f.influencers:
        parts.append(f"{len(f.influencers)}-influencers")
    if f.date_from or f.date_to:
        parts.append(f"{f.date_from or ''}-{f.date_to or ''}".strip("-"))
    if rate_basis != "reach":
        parts.append(f"by-{rate_basis}")
    stem = _STEM.sub("-", "_".join(p for p in parts if p)).strip("-_")[:100]
    return f"relais_{stem}_{_lang(lang)}.{kind}"


def compact(v: Any, lang: str) -> str:
    """Headline counts as the dashboard's tiles write them (27.0M / 27,0 M above a million)."""
    f = _num(v)
    return _t("na", lang) if f is None else fx.fmt_compact(f, lang)


def _comparison_section(
    con: duckdb.DuckDBPyConnection,
    key: str,
    title_key: str,
    word: str,
    f: Filters,
    rate_basis: str,
    lang: str,
) -> tuple[Section, Any]:
    """A rate chart per level (the dashboard's colours) whose slide title is the plain finding."""
    from analysis.plain import level_mix, read
    from warehouse import metrics

    sec = Section(title_key, _t(title_key, lang))
    agg = metrics.aggregate(con, [key], f, rate_basis)
    if agg.empty:
        sec.paragraphs.append(_t("no_posts", lang))
        return sec, None
    sec.figure = _rate_figure(agg, key, _t("rate_by", lang, what=_t(word, lang)), lang, rate_basis)
    sec.table = _level_table(agg, key, lang)
    from analysis.compare import compare

    posts = metrics.posts_for_comparison(con, f)
    result = compare(posts, key, lang=lang) if len(posts) else None
    if result is None:
        return sec, None
    if not result.ok:
        sec.bullets.append(result.message(lang) or "")
        return sec, result
    plain = read(result, level_mix(posts, key), lang)
    sec.message = plain.sentence
    sec.bullets = list(plain.evidence)
    if plain.rankings_differ:
        sec.bullets.append(plain.rankings_differ)
    sec.notes = list(plain.detail)
    return sec, result


def _money_section(
    con: duckdb.DuckDBPyConnection, f: Filters, rate_basis: str, overall: pd.Series, lang: str
) -> Section:
    """Budget, spend, spend vs budget and what it bought, per campaign (one currency per figure)."""
    from warehouse import metrics

    sec = Section("money", _t("money", lang), notes=[_t("notes_money", lang)])
    cur = overall.get("currency") if isinstance(overall.get("currency"), str) else None

    def money(v: Any, digits: int = 0) -> str:
        n = _num(v)
        return _t("na", lang) if n is None else fx.fmt_money(n, cur, lang, digits)

    if _num(overall.get("fee_allocated")) is None:
        sec.message = _t("money_mixed", lang) if overall.get("cost_note") else ""
        sec.paragraphs.append(sec.message or _t("na", lang))
        return sec
    if _num(overall.get("spend_vs_budget")) is not None:
        sec.message = _t(
            "msg_money", lang, spend=money(overall.get("fee_allocated")), budget=money(overall.get("budget")),
            share=fmt_rate(overall.get("spend_vs_budget"), lang, 0), cpe=money(overall.get("cpe"), 2),
        )  # fmt: skip
    else:
        sec.message = _t(
            "msg_money_no_budget",
            lang,
            spend=money(overall.get("fee_allocated")),
            cpe=money(overall.get("cpe"), 2),
        )
    sec.paragraphs.append(
        _t(
            "money_lines",
            lang,
            cpm=money(overall.get("cpm"), 2),
            cpu=money(overall.get("cost_per_useful_reaction"), 2),
        )
    )
    by = metrics.aggregate(con, ["campaign"], f, rate_basis)
    by = by[by["campaign_id"].notna()]
    if len(by):
        sec.table = pd.DataFrame(
            {
                _t("campaigns", lang): [
                    clean_text(n or c, 40) for c, n in zip(by["campaign_id"], by["campaign_name"])
                ],
                "Budget": [money(v) for v in by["budget"]],
                _t("spend", lang): [money(v) for v in by["fee_allocated"]],
                "%": [fmt_rate(v, lang, 0) for v in by["spend_vs_budget"]],
                "CPE": [money(v, 2) for v in by["cpe"]],
                "CPM": [money(v, 2) for v in by["cpm"]],
            }
        )
        shown = by[by["spend_vs_budget"].notna()]
        if len(shown):
            fig = go.Figure(
                go.Bar(
                    x=[clean_text(n or c, 30) for c, n in zip(shown["campaign_id"], shown["campaign_name"])],
                    y=shown["spend_vs_budget"].astype(float),
                    marker_color=BRAND,
                    text=[fmt_rate(v, lang, 0) for v in shown["spend_vs_budget"]],
                    textposition="outside",
                )
            )
            _style(fig, _t("spend_vs_budget_by", lang), lang)
            fig.update_yaxes(tickformat=".0%", rangemode="tozero")
            sec.figure = fig
    return sec


def gather(
    con: duckdb.DuckDBPyConnection, selection: Selection, lang: str, rate_basis: str = "reach"
) -> ReportData:
    """Every figure of the report for exactly this selection and rate basis, formatted in `lang`."""
    from analysis.plain import combined_sentence
    from warehouse import metrics
    from warehouse.catalogue import catalogue_df, metric_label, metric_versions

    lang = _lang(lang)
    rate_basis = _rate_basis_of(rate_basis)
    filters = as_filters(selection)
    camps = _campaigns(con, filters.campaigns or None)
    head = metrics.headline(con, filters)
    overall = metrics.aggregate(con, [], filters, rate_basis)
    row = overall.iloc[0] if len(overall) else pd.Series(dtype=object)
    if not filters.campaigns and head.get("posts"):  # the campaigns the selection's posts belong to
        shown = metrics.aggregate(con, ["campaign"], filters, rate_basis)["campaign_id"].dropna().tolist()
        camps = camps[camps["campaign_id"].isin(shown)]
    today = dt.date.today()
    if filters.campaigns:
        subtitle = "; ".join(clean_text(f"{r.name} ({r.campaign_id})") for r in camps.itertuples())
    else:
        subtitle = (
            _t("all_campaigns", lang) if filters.scope == "campaigns" else _t(f"scope_{filters.scope}", lang)
        )

    ci = ""
    if _num(row.get("engagement_rate_ci_low")) is not None:
        ci = _t(
            "ci",
            lang,
            lo=fmt_rate(row.get("engagement_rate_ci_low"), lang),
            hi=fmt_rate(row.get("engagement_rate_ci_high"), lang),
        )
    rate_name = metric_label(metrics.RATE_BASES[rate_basis][1], lang)
    kpis = [
        (metric_label("posts", lang), fmt_count(head.get("posts"), lang), ""),
        (metric_label("influencers", lang), fmt_count(head.get("influencers"), lang), ""),
        (metric_label("reach", lang), compact(head.get("reach"), lang), ""),
        (metric_label("impressions", lang), compact(head.get("impressions"), lang), ""),
        (metric_label("engagements", lang), compact(head.get("engagements"), lang), ""),
        (rate_name, fmt_rate(row.get("engagement_rate"), lang), ci),
    ]
    sections: list[Section] = []

    # headline: weekly engagements
    hl = Section("headline", _t("kicker_headline", lang))
    if not head.get("posts"):
        hl.paragraphs.append(_t("no_posts", lang))
    else:
        hl.message = _t(
            "msg_headline",
            lang,
            posts=fmt_count(head.get("posts"), lang),
            influencers=fmt_count(head.get("influencers"), lang),
            rate=fmt_rate(row.get("engagement_rate"), lang),
        )
        hl.notes.append(_t("notes_headline", lang, n=fmt_count(row.get("posts_with_rate"), lang)))
    tl = metrics.timeline(con, filters, "week")
    if not tl.empty and tl["engagements"].notna().any():
        fig = go.Figure(
            go.Bar(x=[_day(d, lang) for d in tl["period"]], y=tl["engagements"], marker_color=BRAND)
        )
        _style(fig, _t("weekly", lang), lang)
        fig.update_xaxes(title=_t("week", lang))
        hl.figure = fig
    if head.get("reach_proxy_posts"):
        hl.notes.append(_t("proxy_note", lang, n=fmt_count(head["reach_proxy_posts"], lang)))
    sections.append(hl)

    results = {}
    for key, title_key, word in (
        ("format_family", "formats", "format_word"),
        ("profile_type", "profiles", "profile_word"),
    ):
        if not head.get("posts"):
            sec = Section(title_key, _t(title_key, lang), paragraphs=[_t("no_posts", lang)])
            results[key] = None
        else:
            sec, results[key] = _comparison_section(con, key, title_key, word, filters, rate_basis, lang)
        sections.append(sec)
    if head.get("posts"):
        sections.append(_money_section(con, filters, rate_basis, row, lang))
    together = combined_sentence(results["format_family"], results["profile_type"], lang)
    if together:
        hl.paragraphs.append(together)

    # reactions
    rs = Section("reactions", _t("reactions", lang))
    classified = head.get("comments_classified") or 0
    if classified:
        mix = metrics.reaction_mix(con, [], filters)
        mrow = mix.iloc[0] if not mix.empty else pd.Series(dtype=object)
        rs.message = _t("msg_reactions", lang, share=fmt_rate(head.get("useful_reaction_share"), lang, 0))
        rs.paragraphs.append(
            _t(
                "reactions_text",
                lang,
                classified=fmt_count(classified, lang),
                useful=fmt_count(head.get("useful_reactions"), lang),
                share=fmt_rate(head.get("useful_reaction_share"), lang, 0),
                ae=fmt_count(row.get("adverse_events"), lang),
            )
        )
        rs.notes.append(_t("notes_reactions", lang))
        cats = [(c[2:], mrow[c]) for c in mix.columns if c.startswith("n_") and _num(mrow.get(c))]
        if cats:
            fig = go.Figure(
                go.Bar(
                    x=[REACTION_CATEGORIES.label(c, lang) or c.replace("_", " ") for c, _ in cats],
                    y=[float(n) for _, n in cats],
                    marker_color=[REACTION_CATEGORIES.colour(c) or BRAND for c, _ in cats],
                )
            )
            _style(fig, _t("categories", lang), lang)
            fig.update_yaxes(title=_t("comments_n", lang))
            rs.figure = fig
    else:
        rs.paragraphs.append(_t("no_comments", lang))
    sections.append(rs)

    # compliance
    cs = Section("compliance", _t("compliance", lang))
    if head.get("paid_posts_checked"):
        cs.message = _t(
            "msg_compliance",
            lang,
            problems=fmt_count(head.get("disclosure_problems"), lang),
            checked=fmt_count(head["paid_posts_checked"], lang),
        )
        cs.paragraphs.append(
            _t(
                "disclosure",
                lang,
                checked=fmt_count(head["paid_posts_checked"], lang),
                problems=fmt_count(head.get("disclosure_problems"), lang),
            )
        )
    else:
        cs.message = _t("msg_compliance_none", lang)
        cs.paragraphs.append(_t("disclosure_none", lang))
    if head.get("paid_posts_not_checkable"):
        cs.paragraphs.append(_t("not_checkable", lang, n=fmt_count(head["paid_posts_not_checkable"], lang)))
    if head.get("open_pv_items") is None:
        cs.paragraphs.append(_t("pv_none", lang))
    else:
        cs.paragraphs.append(_t("pv_open", lang, n=fmt_count(head["open_pv_items"], lang)))
    _compliance_details(con, cs, filters, filters.campaigns or None, lang)
    _caption_flag_bullets(con, cs, filters, lang)
    cs.notes.append(_t("compliance_note", lang))
    sections.append(cs)

    # top posts (captions are untrusted: cleaned here, escaped by the HTML writer)
    tp = Section("top_posts", _t("top_posts", lang))
    if head.get("posts"):
        tp.message = _t("msg_top_posts", lang)
        tp.notes.append(_t("notes_top_posts", lang))
        top = metrics.post_table(con, filters, rate_basis=rate_basis, order_by="engagements", limit=TOP_POSTS)
        ids = [str(v) for v in top["post_id"]]
        texts = dict(
            con.execute(
                "SELECT post_id, coalesce(title, caption) FROM posts WHERE list_contains(?, post_id)", [ids]
            ).fetchall()
        )
        tp.table = pd.DataFrame(
            {
                _t("col_handle", lang): [clean_text(h, 40) for h in top["handle"]],
                _t("col_format", lang): [level_name(f, lang) for f in top["format"]],
                _t("col_date", lang): [_day(d, lang) if pd.notna(d) else "" for d in top["published_at"]],
                _t("col_eng", lang): [fmt_count(v, lang) for v in top["engagements"]],
                _t("col_rate", lang): [fmt_rate(v, lang) for v in top["engagement_rate"]],
                _t("col_caption", lang): [clean_text(texts.get(i), 90) for i in ids],
            }
        )
    else:
        tp.paragraphs.append(_t("no_posts", lang))
    sections.append(tp)

    # method
    versions = metric_versions()
    ms = Section("method", _t("method", lang), message=_t("msg_method", lang))
    ms.paragraphs.append(_t("method_text", lang))
    files, latest = con.execute(
        "SELECT count(*), max(snapshot_date) FROM load_files WHERE status = 'loaded'"
    ).fetchone()
    ms.paragraphs.append(
        _t(
            "sources",
            lang,
            files=fmt_count(files, lang),
            latest=_day(latest, lang) if latest else _t("na", lang),
        )
    )
    cat = catalogue_df(lang).set_index("name")
    for name in ("reach", "engagements", metrics.RATE_BASES[rate_basis][1], "useful_reaction_share"):
        if name in cat.index:
            ms.bullets.append(
                f"{cat.at[name, 'label']} (v{cat.at[name, 'version']}): {cat.at[name, 'description']}"
            )
    ms.notes.append(_t("method_text", lang))
    sections.append(ms)

    return ReportData(
        lang=lang,
        title=_t("title", lang),
        subtitle=subtitle,
        generated=_t(
            "generated", lang, date=today.strftime("%d/%m/%Y") if lang == "fr" else today.isoformat()
        ),
        kpis=kpis,
        sections=sections,
        versions=versions,
        cover=_describe(con, filters, camps, rate_basis, lang),
        file_stem=report_file_name(filters, lang, "x", rate_basis)[:-2],
    )


# --------------------------------------------------------------------------- static charts


def chromium_path() -> str:
    """The Chromium kaleido must use: $RELAIS_CHROMIUM, $BROWSER_PATH, Debian's, or on PATH."""
    for env in (CHROMIUM_ENV, "BROWSER_PATH"):
        p = os.environ.get(env)
        if p:
            if not os.access(p, os.X_OK):
                raise ReportError(f"${env} points to {p}, which is not an executable Chromium")
            return p
    for p in CHROMIUM_CANDIDATES:
        if os.access(p, os.X_OK):
            return p
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    raise ReportError(
        "charts need a Chromium for Plotly's static export and none was found: install Debian's "
        "(apt-get install chromium) or set RELAIS_CHROMIUM to its path. The deck was not written."
    )


def render_pngs(figures: Sequence[go.Figure], width: int = IMG_W, height: int = IMG_H) -> list[bytes]:
    """PNG bytes of every figure, with one Chromium for all; ReportError if any fails."""
    if not figures:
        return []
    path = chromium_path()
    try:
        import kaleido
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ReportError("kaleido is not installed: pip install 'kaleido>=1'") from exc

    async def run() -> list[bytes]:
        out = []
        async with kaleido.Kaleido(path=path, n=1, timeout=CHART_TIMEOUT_S, mathjax=False) as k:
            for fig in figures:
                out.append(
                    await k.calc_fig(
                        fig, opts={"format": "png", "width": width, "height": height, "scale": 1}
                    )
                )
        return out

    box: dict[str, Any] = {}

    def target() -> None:  # own thread and loop: callers (Streamlit) may already run one
        try:
            box["out"] = asyncio.run(run())
        except BaseException as exc:  # noqa: BLE001 - reported below
            box["err"] = exc

    # choreographer logs benign protocol hiccups as tracebacks; real failures raise below
    quiet = [logging.getLogger(n) for n in ("choreographer", "kaleido")]
    levels = [lg.level for lg in quiet]
    for lg in quiet:
        lg.setLevel(logging.CRITICAL)
    try:
        th = threading.Thread(target=target, name="relais-kaleido", daemon=True)
        th.start()
        th.join(CHART_TIMEOUT_S * (len(figures) + 1))
    finally:
        for lg, level in zip(quiet, levels):
            lg.setLevel(level)
    if th.is_alive():
        raise ReportError(
            "the chart export did not finish in time (Chromium stuck?); the deck was not written"
        )
    if "err" in box:
        exc = box["err"]
        raise ReportError(
            f"the charts could not be exported as images with Chromium at {path} "
            f"({type(exc).__name__}: {exc}); the deck was not written"
        ) from exc
    pngs = box.get("out") or []
    if len(pngs) != len(figures) or not all(p[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs):
        raise ReportError(
            "the chart export returned something other than PNG images; the deck was not written"
        )
    return pngs


# --------------------------------------------------------------------------- PowerPoint


def render_pptx(data: ReportData) -> bytes:
    """A 16:9 deck a client can be sent: a cover naming the client, campaign and selection, then one
    message per slide (its title) with its chart, in the dashboard's colours, speaker notes with
    the method and the statistics behind the message."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Emu, Inches, Pt

    pngs = iter(render_pngs(data.figures))
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    brand, ink, grey, white = (RGBColor.from_string(c) for c in (BRAND[1:], "1D2B2E", "5B6B6E", "FFFFFF"))
    font = "DejaVu Sans"

    def text_box(slide, left, top, width, height, lines, size=14, bold=False, color=None, anchor=None):
        box = slide.shapes.add_textbox(left, top, width, height)
        tf = box.text_frame
        tf.word_wrap = True
        if anchor is not None:
            tf.vertical_anchor = anchor
        for k, line in enumerate(lines):
            para = tf.paragraphs[0] if k == 0 else tf.add_paragraph()
            para.text = clean_text(line)
            para.font.size = Pt(size)
            para.font.bold = bold
            para.font.name = font
            para.font.color.rgb = color or ink
            para.space_after = Pt(6)
        return box

    def rect(slide, left, top, width, height, color):
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
        shape.fill.solid()
        shape.fill.fore_color.rgb = color
        shape.line.fill.background()
        tree = slide.shapes._spTree  # behind the placeholders (the cover's title sits on the band)
        tree.remove(shape._element)
        tree.insert(2, shape._element)
        return shape

    def notes(slide, lines: Sequence[str]) -> None:
        if lines:
            slide.notes_slide.notes_text_frame.text = "\n\n".join(clean_text(x) for x in lines if x)

    def new_slide(sec: Section, page: int):
        slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only: the title is the message
        rect(slide, 0, 0, prs.slide_width, Inches(0.12), brand)
        text_box(
            slide, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.4), [sec.title.upper()], 12, True, brand
        )
        title = slide.shapes.title
        title.left, title.top, title.width, title.height = (
            Inches(0.5),
            Inches(0.62),
            Inches(12.3),
            Inches(1.1),
        )
        title.text = clean_text(sec.headline)
        tf = title.text_frame
        tf.word_wrap = True
        tf.vertical_anchor = MSO_ANCHOR.TOP
        for para in tf.paragraphs:
            para.alignment = PP_ALIGN.LEFT
            para.font.size = Pt(26 if len(sec.headline) < 90 else 22)
            para.font.bold = True
            para.font.name = font
            para.font.color.rgb = ink
        footer = f"{data.subtitle} · {page}"
        text_box(slide, Inches(0.5), Inches(7.05), Inches(12.3), Inches(0.35), [footer], 9, color=grey)
        return slide

    def add_table(slide, df: pd.DataFrame, left, top, width, size=11) -> None:
        rows, cols = len(df) + 1, len(df.columns)
        shape = slide.shapes.add_table(rows, cols, left, top, width, Inches(0.3) * rows)
        table = shape.table
        weights = [
            min(60, max(11, len(str(c)), *(len(clean_text(v)) for v in df.iloc[:, j])))
            for j, c in enumerate(df.columns)
        ]
        for j, w in enumerate(weights):
            table.columns[j].width = int(width * w / sum(weights))
        for j, col in enumerate(df.columns):
            table.cell(0, j).text = clean_text(col)
            table.cell(0, j).fill.solid()
            table.cell(0, j).fill.fore_color.rgb = brand
        for r, rec in enumerate(df.itertuples(index=False), start=1):
            for j, v in enumerate(rec):
                table.cell(r, j).text = clean_text(v)
        for r in range(rows):
            for j in range(cols):
                for para in table.cell(r, j).text_frame.paragraphs:
                    para.font.size = Pt(size)
                    para.font.name = font
                    para.font.color.rgb = white if r == 0 else ink

    # cover: the client, the campaign, exactly what the report covers
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    rect(slide, 0, 0, Inches(4.4), prs.slide_height, brand)
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(2.6), Inches(3.6), Inches(1.6)
    title.text = clean_text(data.title)
    for para in title.text_frame.paragraphs:
        para.alignment = PP_ALIGN.LEFT
        para.font.size, para.font.bold, para.font.name = Pt(32), True, font
        para.font.color.rgb = white
    text_box(slide, Inches(0.5), Inches(0.5), Inches(3.6), Inches(0.5), ["Relais"], 16, True, white)
    text_box(slide, Inches(0.5), Inches(6.6), Inches(3.6), Inches(0.5), [data.generated], 10, color=white)
    cover = list(data.cover) or [data.subtitle]
    box = text_box(slide, Inches(5.0), Inches(1.2), Inches(7.8), Inches(5.2), cover, 16, color=grey)
    lead = box.text_frame.paragraphs[0]  # the client (or the campaign) first, large
    lead.font.size, lead.font.bold = Pt(26 if len(cover[0]) < 60 else 20), True
    lead.font.color.rgb = ink
    lead.space_after = Pt(18)
    notes(slide, [*data.cover, data.generated])

    for page, sec in enumerate(data.sections, start=2):
        slide = new_slide(sec, page)
        top = Inches(1.85)
        if sec.key == "headline" and data.kpis:
            w = Inches(12.3) / len(data.kpis)
            for k, (label, value, note) in enumerate(data.kpis):
                left = Inches(0.5) + Emu(int(w * k))
                rect(slide, left + Inches(0.04), top, Inches(0.06), Inches(1.05), brand)
                text_box(
                    slide,
                    left + Inches(0.15),
                    top - Inches(0.05),
                    w - Inches(0.2),
                    Inches(0.35),
                    [label],
                    11,
                    color=grey,
                )
                text_box(
                    slide,
                    left + Inches(0.15),
                    top + Inches(0.25),
                    w - Inches(0.2),
                    Inches(0.5),
                    [value],
                    22,
                    True,
                    brand,
                )
                if note:
                    text_box(
                        slide,
                        left + Inches(0.15),
                        top + Inches(0.75),
                        w - Inches(0.2),
                        Inches(0.4),
                        [note],
                        9,
                        color=grey,
                    )
            top += Inches(1.35)
        side_lines = [*sec.paragraphs, *(f"• {b}" for b in sec.bullets[:4])]
        if sec.figure is not None:
            png = next(pngs)
            width = Inches(7.6) if side_lines else Inches(12.3)
            max_h = Inches(6.9) - top
            pic = slide.shapes.add_picture(io.BytesIO(png), Inches(0.5), top, width=width)
            if pic.height > max_h:  # keep the whole chart on the slide
                ratio = max_h / pic.height
                pic.height, pic.width = int(max_h), int(pic.width * ratio)
            side_left, side_width = Inches(8.4), Inches(4.45)
        else:
            side_left, side_width = Inches(0.5), Inches(12.3)
        y = top
        if sec.figure is None and sec.table is not None and not sec.table.empty:
            add_table(slide, sec.table, side_left, y, side_width, size=11)
            y += Inches(0.34) * (len(sec.table) + 1) + Inches(0.3)
        if side_lines:
            total = sum(len(x) for x in side_lines)
            size = 14 if total < 500 else (12 if total < 900 else 10)
            text_box(slide, side_left, y, side_width, Inches(6.9) - y, side_lines, size)
        if sec.key == "method":
            versions = " · ".join(f"{k} {v}" for k, v in sorted(data.versions.items()))
            text_box(
                slide,
                Inches(0.5),
                Inches(5.7),
                Inches(12.3),
                Inches(1.3),
                [_t("versions", data.lang), versions],
                8,
                color=grey,
            )
        table_notes = []
        if sec.figure is not None and sec.table is not None and not sec.table.empty:
            cols = list(sec.table.columns)
            table_notes = [
                " · ".join(f"{c}: {clean_text(v)}" for c, v in zip(cols, rec))
                for rec in sec.table.itertuples(index=False)
            ]
        notes(slide, [*sec.notes, *table_notes])
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:0;color:#1d2b2e;background:#f6f8f8}
main{max-width:1100px;margin:0 auto;padding:24px}
header{background:#0F6E7A;color:#fff;padding:28px 24px}
header h1{margin:0 0 6px 0;font-size:30px} header p{margin:2px 0}
section{background:#fff;border-radius:8px;padding:18px 22px;margin:18px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h2{color:#0F6E7A;margin-top:0}
.kpis{display:flex;flex-wrap:wrap;gap:12px}
.kpi{flex:1 1 150px;border:1px solid #dfe7e8;border-radius:6px;padding:10px}
.kpi .v{font-size:24px;font-weight:bold;color:#0F6E7A} .kpi .n{font-size:12px;color:#5b6b6e}
table{border-collapse:collapse;width:100%;font-size:14px;margin:10px 0}
th,td{border-bottom:1px solid #e3eaeb;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef4f5} .versions{font-size:12px;color:#5b6b6e}
.message{font-size:20px;font-weight:bold;color:#1d2b2e}
"""


def _html_table(df: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(clean_text(v))}</td>" for v in rec) + "</tr>"
        for rec in df.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(data: ReportData) -> bytes:
    """One HTML file: plotly.js inline once, every figure as an interactive div, all text escaped."""
    import plotly.io as pio
    from plotly.offline import get_plotlyjs

    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{data.lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(data.title)} — {esc(data.subtitle)}</title>",
        f"<style>{_CSS}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head><body>",
        f"<header><h1>{esc(data.title)}</h1>"
        + "".join(f"<p>{esc(clean_text(line))}</p>" for line in (data.cover or [data.subtitle]))
        + f"<p>{esc(data.generated)}</p></header>",
        "<main>",
    ]
    for sec in data.sections:
        parts.append(f'<section id="{esc(sec.key)}"><h2>{esc(sec.title)}</h2>')
        if sec.message:
            parts.append(f'<p class="message">{esc(clean_text(sec.message))}</p>')
        if sec.key == "headline":
            parts.append('<div class="kpis">')
            for label, value, note in data.kpis:
                parts.append(
                    f'<div class="kpi"><div>{esc(label)}</div><div class="v">{esc(value)}</div>'
                    f'<div class="n">{esc(note)}</div></div>'
                )
            parts.append("</div>")
        for p in sec.paragraphs:
            parts.append(f"<p>{esc(clean_text(p))}</p>")
        if sec.figure is not None:
            parts.append(
                pio.to_html(
                    sec.figure,
                    full_html=False,
                    include_plotlyjs=False,
                    config={"displaylogo": False, "responsive": True},
                    default_width="100%",
                    default_height=f"{IMG_H}px",
                )
            )
        if sec.table is not None and not sec.table.empty:
            parts.append(_html_table(sec.table))
        if sec.bullets:
            parts.append("<ul>" + "".join(f"<li>{esc(clean_text(b))}</li>" for b in sec.bullets) + "</ul>")
        if sec.key == "method":
            versions = ", ".join(f"{k} {v}" for k, v in sorted(data.versions.items()))
            parts.append(f'<p class="versions">{esc(_t("versions", data.lang))} — {esc(versions)}</p>')
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts).encode("utf-8")


# --------------------------------------------------------------------------- entry points


def report_bytes(
    con: duckdb.DuckDBPyConnection, selection: Selection, lang: str, kind: str, rate_basis: str = "reach"
) -> bytes:
    """The report of exactly `selection` (Filters, or campaign ids) as bytes: kind 'pptx' or 'html'."""
    if kind not in KINDS:
        raise ReportError(f"unknown report kind {kind!r}: use pptx or html")
    data = gather(con, selection, lang, rate_basis)
    return render_pptx(data) if kind == "pptx" else render_html(data)


def build_report(
    con: duckdb.DuckDBPyConnection, selection: Selection, lang: str, out: Path, rate_basis: str = "reach"
) -> Path:
    """Write the report to `out`; its suffix (.pptx or .html) chooses the kind.

    Nothing is written when any part fails (the file appears whole or not at all).
    """
    out = Path(out)
    kind = out.suffix.lower().lstrip(".")
    if kind == "htm":
        kind = "html"
    if kind not in KINDS:
        raise ReportError(f"{out}: the output must end in .pptx or .html")
    data = report_bytes(con, selection, lang, kind, rate_basis)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    return out


# --------------------------------------------------------------------------- slides as images


def slide_images(pptx: bytes, out_dir: Path, dpi: int = 60) -> list[Path]:
    """Every slide of a deck as a PNG (slide-01.png…), rendered by LibreOffice then pdftoppm.

    Why: a deck is checked the way a client sees it (text that overflows, a chart off
    the slide), in tests and in the browser walk's screenshots. Needs Debian's
    libreoffice-impress and poppler-utils (`.ci/run` installs them).
    """
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        raise ReportError("rendering slides needs LibreOffice (soffice) and pdftoppm (poppler-utils)")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="relais-slides-") as tmp:
        work = Path(tmp)
        deck = work / "deck.pptx"
        deck.write_bytes(pptx)
        profile = (work / "lo-profile").as_uri()  # its own profile: no clash with a running LibreOffice
        run = subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
             "--outdir", str(work), str(deck)],
            capture_output=True, text=True, timeout=240, env={**os.environ, "HOME": str(work)},
        )  # fmt: skip
        pdf = work / "deck.pdf"
        if run.returncode != 0 or not pdf.exists():
            raise ReportError(
                f"LibreOffice could not render the deck: {run.stderr.strip() or run.stdout.strip()}"
            )
        for old in out_dir.glob("slide-*.png"):
            old.unlink()
        subprocess.run(
            [pdftoppm, "-png", "-r", str(dpi), str(pdf), str(out_dir / "slide")], check=True, timeout=240
        )
    pages = sorted(out_dir.glob("slide-*.png"))
    if not pages:
        raise ReportError("pdftoppm wrote no image")
    return pages
