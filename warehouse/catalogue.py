"""The metric catalogue: what every number on screen means, in English and French.

One entry per metric, Rill-style: a stable machine name, labels, a human-readable
formula, a unit, a version and a short description that says how the figure is
made and what its caveats are. The SQL that computes each metric lives in
`warehouse.metrics`; this registry is what the UI shows in tooltips and what an
exported report stores (`metric_versions`) so that a figure can be traced back
to the definition in force when it was produced. Bump `version` whenever the
definition (not the label) of a metric changes.

Rules shared by every metric (repeated here because marketers ask):
- a figure an export did not provide stays "not available" (NULL), never 0;
- a group rate is a ratio of sums over the posts where both numerator and
  denominator are available, never the mean of per-post ratios;
- costs come from roster fees, spread equally over the influencer's posts in
  the campaign (see `fee_allocated`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

LANGS = ("en", "fr")
UNITS = ("count", "fraction", "currency", "seconds")


@dataclass(frozen=True)
class Metric:
    name: str
    label_en: str
    label_fr: str
    formula: str
    unit: str
    version: str
    description_en: str
    description_fr: str
    format: str
    fallback: bool = False  # a second-best definition, to be shown flagged


_ALLOC_EN = (
    "Fees come from the roster: an influencer's fee on a campaign is spread equally over that "
    "influencer's posts assigned to the campaign. Only posts that have both a fee and the denominator "
    "enter; groups mixing currencies get no cost."
)
_ALLOC_FR = (
    "Les cachets viennent du roster : le cachet d'un influenceur sur une campagne est réparti à parts "
    "égales entre ses publications rattachées à la campagne. Seules les publications ayant un cachet et "
    "le dénominateur comptent ; un groupe mêlant plusieurs devises n'a pas de coût."
)
_RATE_EN = "Ratio of sums over the posts where both figures are available (not the mean of per-post rates)."
_RATE_FR = (
    "Rapport des sommes sur les publications où les deux chiffres sont disponibles "
    "(pas la moyenne des taux par publication)."
)
_SUM_EN = "Sum over posts, latest export snapshot of each post; not available when no post has it."
_SUM_FR = (
    "Somme sur les publications, dernier export de chaque publication ; non disponible "
    "quand aucune publication ne l'a."
)

_METRICS: tuple[Metric, ...] = (
    # --- volumes -----------------------------------------------------------------
    Metric(
        "posts",
        "Posts",
        "Publications",
        "count(posts)",
        "count",
        "1.0",
        "Number of posts in the selection.",
        "Nombre de publications dans la sélection.",
        ",.0f",
    ),
    Metric(
        "influencers",
        "Influencers",
        "Influenceurs",
        "count(distinct influencer account)",
        "count",
        "1.0",
        "Distinct influencer accounts behind the posts (one person on two platforms counts twice).",
        "Comptes d'influenceurs distincts derrière les publications (une personne sur deux "
        "plateformes compte deux fois).",
        ",.0f",
    ),
    Metric(
        "impressions",
        "Impressions",
        "Impressions",
        "Σ impressions",
        "count",
        "1.0",
        "Times the content was displayed, as reported by the platform. " + _SUM_EN,
        "Nombre d'affichages du contenu, tel que déclaré par la plateforme. " + _SUM_FR,
        ",.0f",
    ),
    Metric(
        "reach",
        "Reach",
        "Portée",
        "Σ reach (fallback: unique viewers → views → impressions)",
        "count",
        "1.0",
        "Accounts reached. When an export has no reach, the first available of unique viewers, views, "
        "impressions is used as a proxy (see reach_basis); proxies overstate reach. "
        "Summing over posts double-counts people reached by several posts.",
        "Comptes touchés. Quand un export n'a pas la portée, on prend le premier disponible parmi "
        "spectateurs uniques, vues, impressions (voir reach_basis) ; ces substituts surestiment la portée. "
        "La somme sur les publications compte deux fois une personne touchée par plusieurs publications.",
        ",.0f",
    ),
    Metric(
        "views",
        "Views",
        "Vues",
        "Σ views",
        "count",
        "1.0",
        "Plays or views as reported by the platform (definitions differ by platform). " + _SUM_EN,
        "Lectures ou vues telles que déclarées par la plateforme (définitions variables). " + _SUM_FR,
        ",.0f",
    ),
    Metric(
        "likes",
        "Likes",
        "J'aime",
        "Σ likes (or reactions when the export has no likes)",
        "count",
        "1.0",
        "Likes; for exports that only give reactions (Facebook, LinkedIn) the reactions count. " + _SUM_EN,
        "J'aime ; pour les exports qui ne donnent que les réactions (Facebook, LinkedIn), le nombre de "
        "réactions. " + _SUM_FR,
        ",.0f",
    ),
    Metric(
        "comments",
        "Comments",
        "Commentaires",
        "Σ comments",
        "count",
        "1.0",
        "Comment count reported by the platform (not the comments loaded in Relais). " + _SUM_EN,
        "Nombre de commentaires déclaré par la plateforme (pas les commentaires chargés dans Relais). "
        + _SUM_FR,
        ",.0f",
    ),
    Metric(
        "shares",
        "Shares",
        "Partages",
        "Σ shares",
        "count",
        "1.0",
        "Shares. " + _SUM_EN,
        "Partages. " + _SUM_FR,
        ",.0f",
    ),
    Metric(
        "saves",
        "Saves",
        "Enregistrements",
        "Σ saves",
        "count",
        "1.0",
        "Saves / bookmarks (not every platform reports them). " + _SUM_EN,
        "Enregistrements (toutes les plateformes ne les donnent pas). " + _SUM_FR,
        ",.0f",
    ),
    Metric(
        "clicks",
        "Clicks",
        "Clics",
        "Σ clicks",
        "count",
        "1.0",
        "Link clicks. " + _SUM_EN,
        "Clics sur lien. " + _SUM_FR,
        ",.0f",
    ),
    Metric(
        "engagements",
        "Engagements",
        "Engagements",
        "likes + comments + shares + saves (present components)",
        "count",
        "1.0",
        "Per post, the sum of the components the export has; a missing component is skipped, not counted "
        "as 0 (see engagement_components), so platforms without saves are not comparable like for like. "
        "Not available when no component is present.",
        "Par publication, somme des composantes présentes dans l'export ; une composante absente est "
        "ignorée, pas comptée 0 (voir engagement_components) : les plateformes sans enregistrements ne sont "
        "pas strictement comparables. Non disponible si aucune composante n'est présente.",
        ",.0f",
    ),
    Metric(
        "watch_time_sec",
        "Watch time",
        "Temps de visionnage",
        "Σ watch time",
        "seconds",
        "1.0",
        "Total watch time reported by the platform. " + _SUM_EN,
        "Temps de visionnage total déclaré par la plateforme. " + _SUM_FR,
        ",.0f",
    ),
    Metric(
        "avg_watch_time_sec",
        "Average watch time",
        "Durée moyenne de visionnage",
        "Σ (avg watch time × views) / Σ views",
        "seconds",
        "1.0",
        "Views-weighted average of the per-post average watch time. " + _RATE_EN,
        "Moyenne pondérée par les vues de la durée moyenne de visionnage. " + _RATE_FR,
        ",.1f",
    ),
    # --- rates ---------------------------------------------------------------------
    Metric(
        "engagement_rate",
        "Engagement rate",
        "Taux d'engagement",
        "Σ engagements / Σ reach",
        "fraction",
        "1.0",
        "Default headline rate, by reach (proxies included, see reach_basis). "
        + _RATE_EN
        + " The 95% interval treats each influencer as a cluster (delta method).",
        "Taux principal par défaut, rapporté à la portée (substituts inclus, voir reach_basis). "
        + _RATE_FR
        + " L'intervalle à 95 % traite chaque influenceur comme une grappe (méthode delta).",
        ".2%",
    ),
    Metric(
        "engagement_rate_reach",
        "Engagement rate (reach)",
        "Taux d'engagement (portée)",
        "Σ engagements / Σ reach",
        "fraction",
        "1.0",
        "Same definition as engagement_rate, named explicitly when another basis is the headline.",
        "Même définition que engagement_rate, nommée explicitement quand une autre base est affichée.",
        ".2%",
    ),
    Metric(
        "engagement_rate_impressions",
        "Engagement rate (impressions)",
        "Taux d'engagement (impressions)",
        "Σ engagements / Σ impressions",
        "fraction",
        "1.0",
        "Engagements per impression; lower than by reach since one person can see a post several times. "
        + _RATE_EN,
        "Engagements par impression ; plus bas que par portée car une personne peut voir plusieurs fois. "
        + _RATE_FR,
        ".2%",
    ),
    Metric(
        "engagement_rate_views",
        "Engagement rate (views)",
        "Taux d'engagement (vues)",
        "Σ engagements / Σ views (video formats)",
        "fraction",
        "1.0",
        "Engagements per view, for video formats only (short video, video, live). " + _RATE_EN,
        "Engagements par vue, formats vidéo uniquement (vidéo courte, vidéo, live). " + _RATE_FR,
        ".2%",
    ),
    Metric(
        "engagement_rate_followers",
        "Engagement rate (followers)",
        "Taux d'engagement (abonnés)",
        "Σ engagements / Σ followers",
        "fraction",
        "1.0",
        "Fallback when reach is unknown: follower counts are today's, not those on the day of the post, "
        "and followers are not the audience reached. " + _RATE_EN,
        "Solution de repli quand la portée est inconnue : le nombre d'abonnés est celui d'aujourd'hui, pas "
        "celui du jour de la publication, et les abonnés ne sont pas l'audience touchée. " + _RATE_FR,
        ".2%",
        fallback=True,
    ),
    Metric(
        "view_rate",
        "View rate",
        "Taux de vue",
        "Σ views / Σ reach (video without reach: / followers)",
        "fraction",
        "1.0",
        "Views per account reached; for video posts without a reported reach, views per follower "
        "(flagged by view_rate_basis). Proxy reach is not used (it may be the views themselves). " + _RATE_EN,
        "Vues par compte touché ; pour les vidéos sans portée déclarée, vues par abonné (voir "
        "view_rate_basis). La portée de substitution n'est pas utilisée. " + _RATE_FR,
        ".1%",
    ),
    Metric(
        "completion_rate",
        "Completion rate",
        "Taux de complétion",
        "Σ (completion rate × views) / Σ views",
        "fraction",
        "1.0",
        "Share of views watched to the end, as reported (TikTok), weighted by views; only posts with both "
        "figures enter.",
        "Part des vues regardées jusqu'au bout, telle que déclarée (TikTok), pondérée par les vues ; seules "
        "les publications ayant les deux chiffres comptent.",
        ".1%",
    ),
    Metric(
        "save_rate",
        "Save rate",
        "Taux d'enregistrement",
        "Σ saves / Σ reach",
        "fraction",
        "1.0",
        "Saves per account reached. " + _RATE_EN,
        "Enregistrements par compte touché. " + _RATE_FR,
        ".2%",
    ),
    Metric(
        "share_rate",
        "Share rate",
        "Taux de partage",
        "Σ shares / Σ reach",
        "fraction",
        "1.0",
        "Shares per account reached. " + _RATE_EN,
        "Partages par compte touché. " + _RATE_FR,
        ".2%",
    ),
    Metric(
        "comment_rate",
        "Comment rate",
        "Taux de commentaire",
        "Σ comments / Σ reach",
        "fraction",
        "1.0",
        "Comments per account reached. " + _RATE_EN,
        "Commentaires par compte touché. " + _RATE_FR,
        ".2%",
    ),
    # --- reactions -------------------------------------------------------------------
    Metric(
        "comments_classified",
        "Classified comments",
        "Commentaires classés",
        "count(loaded comments with a reaction label)",
        "count",
        "1.0",
        "Loaded comments the classifier (or a person's correction) has labelled.",
        "Commentaires chargés étiquetés par le classifieur (ou corrigés par une personne).",
        ",.0f",
    ),
    Metric(
        "useful_reactions",
        "Useful reactions",
        "Réactions utiles",
        "count(classified comments that are a question, testimony or intent)",
        "count",
        "1.0",
        "Classified comments carrying at least one of question, testimony, intent (a comment counts once); "
        "corrections win over the classifier. Not available for posts without classified comments.",
        "Commentaires classés portant au moins une des catégories question, témoignage, intention (un "
        "commentaire compte une fois) ; les corrections priment sur le classifieur. Non disponible pour les "
        "publications sans commentaire classé.",
        ",.0f",
    ),
    Metric(
        "useful_reaction_share",
        "Share of useful reactions",
        "Part de réactions utiles",
        "useful reactions / classified comments",
        "fraction",
        "1.0",
        "Share of classified comments that are questions, testimonies or intents. Depends on which comments "
        "were exported (often the top ones only).",
        "Part des commentaires classés qui sont des questions, témoignages ou intentions. Dépend des "
        "commentaires exportés (souvent les plus visibles seulement).",
        ".1%",
    ),
    Metric(
        "adverse_events",
        "Possible adverse events",
        "Effets indésirables possibles",
        "count(classified comments flagged adverse event)",
        "count",
        "1.0",
        "Comments flagged as a possible adverse event (to be assessed by pharmacovigilance).",
        "Commentaires signalés comme effet indésirable possible (à évaluer par la pharmacovigilance).",
        ",.0f",
    ),
    # --- costs -------------------------------------------------------------------------
    Metric(
        "fee_allocated",
        "Fee (allocated)",
        "Cachet (réparti)",
        "Σ fee / n posts of the influencer in the campaign",
        "currency",
        "1.0",
        _ALLOC_EN,
        _ALLOC_FR,
        ",.2f",
    ),
    Metric(
        "cpe",
        "Cost per engagement",
        "Coût par engagement",
        "Σ fee allocated / Σ engagements",
        "currency",
        "1.0",
        _ALLOC_EN,
        _ALLOC_FR,
        ",.2f",
    ),
    Metric(
        "cpm",
        "Cost per thousand impressions",
        "Coût pour mille impressions",
        "Σ fee allocated / Σ impressions × 1000",
        "currency",
        "1.0",
        _ALLOC_EN,
        _ALLOC_FR,
        ",.2f",
    ),
    Metric(
        "cpv",
        "Cost per view",
        "Coût par vue",
        "Σ fee allocated / Σ views",
        "currency",
        "1.0",
        _ALLOC_EN,
        _ALLOC_FR,
        ",.3f",
    ),
    Metric(
        "cost_per_reach",
        "Cost per account reached",
        "Coût par compte touché",
        "Σ fee allocated / Σ reach",
        "currency",
        "1.0",
        _ALLOC_EN + " Reach may be a proxy (see reach_basis).",
        _ALLOC_FR + " La portée peut être un substitut (voir reach_basis).",
        ",.3f",
    ),
    Metric(
        "cost_per_useful_reaction",
        "Cost per useful reaction",
        "Coût par réaction utile",
        "Σ fee allocated / Σ useful reactions",
        "currency",
        "1.0",
        _ALLOC_EN + " Only posts with classified comments enter.",
        _ALLOC_FR + " Seules les publications avec des commentaires classés comptent.",
        ",.2f",
    ),
    # --- how much evidence is behind a figure -------------------------------------------
    Metric(
        "posts_with_rate",
        "Posts behind the rate",
        "Publications derrière le taux",
        "count(posts with engagements and denominator > 0)",
        "count",
        "1.0",
        "Posts that enter the headline rate (both figures available).",
        "Publications qui entrent dans le taux principal (les deux chiffres disponibles).",
        ",.0f",
    ),
    Metric(
        "influencers_with_rate",
        "Influencers behind the rate",
        "Influenceurs derrière le taux",
        "count(distinct influencers among posts_with_rate)",
        "count",
        "1.0",
        "Distinct influencer accounts behind the headline rate; few influencers means a fragile figure.",
        "Comptes distincts derrière le taux principal ; peu d'influenceurs = chiffre fragile.",
        ",.0f",
    ),
    Metric(
        "reach_proxy_posts",
        "Posts with proxy reach",
        "Publications à portée substituée",
        "count(posts whose reach is a proxy)",
        "count",
        "1.0",
        "Posts whose reach comes from unique viewers, views or impressions because the export had no reach.",
        "Publications dont la portée vient des spectateurs uniques, vues ou impressions faute de portée "
        "dans l'export.",
        ",.0f",
    ),
)

CATALOGUE: dict[str, Metric] = {m.name: m for m in _METRICS}


def _lang(lang: str) -> str:
    code = (lang or "en").lower()[:2]
    if code not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")
    return code


def catalogue_df(lang: str = "en") -> pd.DataFrame:
    """The catalogue as a table in one language (for the 'definitions' page and exports)."""
    code = _lang(lang)
    rows = []
    for m in _METRICS:
        d = asdict(m)
        rows.append(
            {
                "name": m.name,
                "label": d[f"label_{code}"],
                "formula": m.formula,
                "unit": m.unit,
                "version": m.version,
                "description": d[f"description_{code}"],
                "format": m.format,
                "fallback": m.fallback,
            }
        )
    return pd.DataFrame(rows)


def metric_label(name: str, lang: str = "en") -> str:
    """Display label; an unknown name comes back unchanged so any column can be labelled safely."""
    m = CATALOGUE.get(name)
    if m is None:
        return name
    return m.label_fr if _lang(lang) == "fr" else m.label_en


def metric_help(name: str, lang: str = "en") -> str:
    """Tooltip text: description then formula (empty for unknown names)."""
    m = CATALOGUE.get(name)
    if m is None:
        return ""
    code = _lang(lang)
    desc = m.description_fr if code == "fr" else m.description_en
    word = "Formule" if code == "fr" else "Formula"
    return f"{desc}\n\n{word} : {m.formula}" if code == "fr" else f"{desc}\n\n{word}: {m.formula}"


def metric_format(name: str) -> str | None:
    """Python format spec of a metric (None for unknown names)."""
    m = CATALOGUE.get(name)
    return m.format if m else None


def metric_versions() -> dict[str, str]:
    """name -> version, stored with every exported report."""
    return {m.name: m.version for m in _METRICS}
