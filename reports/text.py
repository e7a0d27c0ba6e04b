"""The report's words and how it writes a figure: every label in French and English, and the
formatting shared by the deck, the HTML page and the gathering step.

Why one module: the deck and the HTML page must say exactly the same thing; a label or a number
format defined twice would drift. Text from third-party files (captions, campaign names) is cleaned
by `clean_text` before it reaches either writer.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from analysis import findings as fx
from domain import level_term
from reports.content import ReportError

LANGS = ("fr", "en")

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
    "ci_few_influencers": {
        "en": "no interval: {n} influencers (a group needs {min} to generalise)",
        "fr": "pas d'intervalle : {n} influenceurs (il en faut {min} pour généraliser)",
    },
    "ci_few_posts": {
        "en": "no interval: {n} posts (an influencer needs {min})",
        "fr": "pas d'intervalle : {n} publications (il en faut {min} par influenceur)",
    },
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
    "no_reach_note": {
        "en": "{n} post(s) have no measured reach ({platforms}): their views or impressions are shown as such, "
        "never added to reach, and they are not in the rate per person reached. Audience (reach, else views): "
        "{audience} = {reach} reach + {other} views or impressions.",
        "fr": "{n} publication(s) sans portée mesurée ({platforms}) : leurs vues ou impressions sont montrées "
        "comme telles, jamais ajoutées à la portée, et elles ne sont pas dans le taux par personne touchée. "
        "Audience (portée, sinon vues) : {audience} = {reach} de portée + {other} vues ou impressions.",
    },
    "measured_on": {
        "en": "measured on {n} of {total} posts",
        "fr": "mesurée sur {n} publications sur {total}",
    },
    "method_text": {
        "en": "Figures use the latest export of each post. A figure an export did not give is 'n/a', never 0. "
        "Reach is reach as the platform measures it, never views or impressions; rates per person reached use "
        "only the posts with a measured reach. Group rates are ratios of sums over the posts that have both "
        "figures; a group's 95% interval comes from the variation between its influencers (none below 5), an "
        "influencer's from the variation between their posts (none below 3). Comparisons between formats or profiles use a "
        "negative-binomial model of engagements per person reached, adjusted for the other factors where the "
        "data allow, with influencer-robust errors and Holm-adjusted p-values.",
        "fr": "Les chiffres viennent du dernier export de chaque publication. Un chiffre absent de l'export "
        "est « n.d. », jamais 0. Les taux d'un groupe sont des rapports de sommes sur les publications qui ont "
        "les deux chiffres ; la portée est celle que mesure la plateforme, jamais des vues ou impressions, et "
        "les taux par personne touchée n'utilisent que les publications à portée mesurée ; l'intervalle à "
        "95 % d'un groupe vient des écarts entre ses influenceurs (aucun sous 5), celui d'un influenceur des "
        "écarts entre ses publications (aucun sous 3). Les comparaisons entre formats ou profils reposent sur un modèle binomial négatif des "
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
    "col_rate": {"en": "Rate", "fr": "Taux"},
    "col_level": {"en": "Group", "fr": "Groupe"},
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
        "en": "all posts, including those matching no campaign and the client's own pages",
        "fr": "toutes les publications, y compris hors campagne et les pages du client",
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
        "comes from the variation between influencers (none with fewer than {min_influencers}). Reach sums "
        "double-count people reached by several posts.",
        "fr": "Le taux d'engagement est un rapport de sommes sur les {n} publications qui ont les deux chiffres ; "
        "son intervalle à 95 % vient des écarts entre influenceurs (aucun sous {min_influencers}). La somme des "
        "portées compte deux fois une personne touchée par plusieurs publications.",
    },
    "notes_reactions": {
        "en": "Comments are classified by a learned model ({version}) in French and English, with the rules' cues "
        "as explanations; a person's correction wins. The share depends on which comments the platform "
        "exported (often the most visible).",
        "fr": "Les commentaires sont classés par un modèle appris ({version}) en français et en anglais, les "
        "indices des règles servant d'explication ; la correction d'une personne prime. La part dépend des "
        "commentaires exportés par la plateforme (souvent les plus visibles).",
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


def t(key: str, lang: str, **fmt: Any) -> str:
    """The label `key` in `lang` (English when a translation is missing), filled with `fmt`."""
    text = TEXT[key].get(lang) or TEXT[key]["en"]
    return text.format(**fmt) if fmt else text


def check_lang(lang: str) -> str:
    """'fr' or 'en' from what the caller gave ('FR', 'en_GB'…); ReportError for anything else."""
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


def num(v: Any) -> float | None:
    """A figure as a float, or None when the export did not give it (None, NA, NaN, not a number)."""
    if v is None or v is pd.NA:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def fmt_count(v: Any, lang: str) -> str:
    """A count as the reader writes it, or 'n/a' (never 0) when absent."""
    f = num(v)
    return t("na", lang) if f is None else fx.fmt_int(round(f), lang)


def fmt_rate(v: Any, lang: str, decimals: int = 2) -> str:
    """A share as a percentage, or 'n/a' (never 0) when absent."""
    f = num(v)
    return t("na", lang) if f is None else fx.fmt_percent(f, lang, decimals)


def day(d: Any, lang: str) -> str:
    """A date as the reader writes it (plotly's date axis would print English month names)."""
    d = pd.Timestamp(d)
    return d.strftime("%d/%m/%Y") if lang == "fr" else d.strftime("%Y-%m-%d")


def level_name(code: Any, lang: str) -> str:
    """'short_video' -> 'Short videos' / 'Vidéos courtes' (chart axes and tables)."""
    if code is None or (isinstance(code, float) and math.isnan(code)):
        return t("na", lang)
    term = level_term(code)
    if term is not None:
        return term.text(lang)
    text = fx.label(code, lang)
    if lang == "fr" and text.startswith(("les ", "le ", "la ")):
        text = text.split(" ", 1)[1]
    return text[:1].upper() + text[1:]


def compact(v: Any, lang: str) -> str:
    """Headline counts as the dashboard's tiles write them (27.0M / 27,0 M above a million)."""
    f = num(v)
    return t("na", lang) if f is None else fx.fmt_compact(f, lang)
