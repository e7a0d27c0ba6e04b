"""The metric registry: every column the metric functions return, declared once, executable.

Why: a marketer must read the same "engagement rate" on every page, in the CLI
and in the deck, with the same label, unit, format and definition. Each entry
here carries its labels and descriptions (en/fr), unit, display formats,
version, and the SQL that computes it — a post-level expression and/or a group
aggregate, or a numerator / denominator / condition from which both are built.
From these entries `warehouse.metrics` generates its SQL, `warehouse.catalogue`
the definitions page and tooltips, `ui.common.metric_columns` the table
columns, `cli.metrics` its formats and `reports` its labels. A test checks that
every output column of the warehouse functions whose tables reach a page, the
CLI or the deck has exactly one entry and the reverse
(tests/warehouse/test_registry.py).

Rules shared by every metric:
- a figure an export did not provide stays "not available" (NULL), never 0;
- a group rate is a ratio of sums over the posts where both numerator and
  denominator are available, never the mean of per-post ratios;
- costs come from roster fees, spread equally over the influencer's posts in
  the campaign (see `fee_allocated`); a group mixing currencies has no cost.

Post-level SQL is evaluated in three stages over the base join of
`warehouse.metrics` (posts p, post_metrics_latest m, influencers_v i,
campaigns c, allocated fees f, reaction counts rc): `source` expressions read
those tables, `derived` ones read source columns, `rate` ones read both.
Group SQL aggregates the selected post rows (plus `_num`/`_den`, the headline
rate's numerator and denominator in the chosen basis). SQL here is written by
developers; no user value is ever pasted into it.

Bump `version` whenever the definition (not the label) of a metric changes.

Fields — the columns that are not figures (identifiers, names, texts, dates,
statuses, flags, links) — are entries too, made with `attribute(...)`: the same
`Metric` record in the section "attribute", with labels, a description and a
unit (text, id, date, datetime, flag, url) that tells the UI which column to
draw (`ui.common.column`). A field the registry's SQL computes has `post_sql`;
one a warehouse function sets itself (the PV queue's status, a hashtag's first
use) has none and is described here only. Counts and other figures such
functions return (paid posts, days left, cumulative engagements) are metrics
in their section, with a hand-computed value in tests/warehouse/test_registry.py.
The rule is one name, one meaning across every function: a column whose
meaning differs gets its own name (product_mentions' `comments_naming`, not
`comments`). `column_label` keeps a table's short header where the label must
be longer to stay unique in the catalogue ("Who" for changed_by, acted_by…).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from domain import DISCLOSURE_LEVELS, REACTION_CATEGORIES

LANGS = ("en", "fr")
UNITS = (
    "count",
    "fraction",
    "currency",
    "seconds",
    "number",
    "text",
    "id",
    "date",
    "datetime",
    "flag",
    "url",
)
# catalogue order; attributes (identifiers, labels, bases) come last
SECTIONS = ("volume", "rate", "reaction", "cost", "evidence", "compliance", "attribute")
STAGES = ("source", "derived", "rate")
# the condition under which a group's costs exist: one currency among its fees
ONE_CURRENCY = "count(DISTINCT coalesce(fee_currency, '')) FILTER (WHERE fee_allocated IS NOT NULL) <= 1"
# a group's budget: the sum over its distinct campaigns, when every one of them has a budget in one currency
BUDGET_SQL = (
    "CASE WHEN count(DISTINCT campaign_id) > 0"
    " AND count(DISTINCT campaign_id) = count(DISTINCT campaign_id) FILTER (WHERE budget IS NOT NULL)"
    " AND count(DISTINCT budget_currency) <= 1"
    " THEN list_sum(list_transform(list_distinct(list(struct_pack(k := campaign_id, b := budget))"
    " FILTER (WHERE campaign_id IS NOT NULL)), lambda s: s.b)) END"
)

# the interval rules (warehouse.intervals): a group's rate generalises over influencers, none below this many
MIN_INFLUENCERS = 5
# an influencer's own rate: its interval comes from the variation between posts; none below this many
MIN_POSTS = 3

_UI_FORMAT_OF_UNIT = {"fraction": "percent", "currency": "%.2f"}


@dataclass(frozen=True, kw_only=True)
class Metric:
    """One output column.

    post_sql/stage: its value per post (None: not a post column).
    group_sql: its value per group of posts (None: not a group column).
    format: Python format spec (CLI table, report); ui_format: st.column_config number format.
    column_label: a shorter table header, when the label is too long for a column.
    featured: also shown, after the standard columns, in the CLI table and the
        dashboard's per-group tables (a new metric that should be seen everywhere).
    """

    name: str
    label: Mapping[str, str]
    description: Mapping[str, str]
    unit: str
    section: str
    formula: str = ""
    format: str | None = None
    ui_format: str | None = None
    column_label: Mapping[str, str] | None = None
    version: str = "1.0"
    post_sql: str | None = None
    stage: str | None = None
    group_sql: str | None = None
    fallback: bool = False
    featured: bool = False
    numerator: str | None = field(default=None, repr=False)
    denominator: str | None = field(default=None, repr=False)
    condition: str | None = field(default=None, repr=False)

    def text(self, lang: str) -> str:
        return self.label.get(lang) or self.label["en"]

    def header(self, lang: str) -> str:
        """Table header: the short column label when there is one, else the label."""
        if self.column_label:
            return self.column_label.get(lang) or self.column_label["en"]
        return self.text(lang)

    def describe(self, lang: str) -> str:
        return self.description.get(lang) or self.description["en"]

    @property
    def number_format(self) -> str | None:
        """How the dashboard formats it (None: not a number)."""
        if self.ui_format:
            return self.ui_format
        if self.unit in ("count", "seconds", "number"):
            return "localized"
        return _UI_FORMAT_OF_UNIT.get(self.unit)


_REGISTRY: dict[str, Metric] = {}


def _check(m: Metric) -> None:
    if m.unit not in UNITS:
        raise ValueError(f"metric {m.name!r}: unknown unit {m.unit!r}; valid: {', '.join(UNITS)}")
    if m.section not in SECTIONS:
        raise ValueError(f"metric {m.name!r}: unknown section {m.section!r}; valid: {', '.join(SECTIONS)}")
    if (m.post_sql is None) != (m.stage is None):
        raise ValueError(f"metric {m.name!r}: post_sql and stage go together")
    if m.stage is not None and m.stage not in STAGES:
        raise ValueError(f"metric {m.name!r}: unknown stage {m.stage!r}; valid: {', '.join(STAGES)}")
    if not m.name.isidentifier() or m.name != m.name.lower():
        raise ValueError(f"metric name {m.name!r} must be a lower-case SQL identifier")
    for lang in LANGS:
        if not m.label.get(lang) or not m.description.get(lang):
            raise ValueError(f"metric {m.name!r}: label and description needed in {lang}")


def register(metric: Metric) -> Metric:
    """Add an entry (the one public way to add a metric); refuses a name already taken."""
    _check(metric)
    if metric.name in _REGISTRY or _dynamic(metric.name) is not None:
        raise ValueError(f"metric {metric.name!r} is already registered")
    _REGISTRY[metric.name] = metric
    return metric


def unregister(name: str) -> None:
    """Remove an entry (tests that register a fake metric clean up with this)."""
    del _REGISTRY[name]


# --------------------------------------------------------------------------- per-category counts (reaction_mix)

CATEGORY_PREFIX = "n_"


def _dynamic(name: str) -> Metric | None:
    """Entries derived from a vocabulary of `domain`, so that a new code needs no entry here.

    n_<category>: one per reaction category (domain.REACTION_CATEGORIES), reaction_mix's counts;
    <level>: one per disclosure level (domain.DISCLOSURE_LEVELS), compliance_by_influencer's counts.
    """
    level = DISCLOSURE_LEVELS.get(name)
    if level is not None and name == level.code:
        return Metric(
            name=name,
            label=_l(
                f"Posts with disclosure: {level.text('en')}",
                f"Publications avec mention : {level.text('fr')}",
            ),
            column_label=_l(level.text("en"), level.text("fr")),
            description=_l(
                f"Checked posts whose partnership disclosure is “{level.text('en')}”.",
                f"Publications vérifiées dont la mention du partenariat est « {level.text('fr')} ».",
            ),
            unit="count",
            section="compliance",
            format=",.0f",
            formula=f"count(posts with disclosure {level.code})",
        )
    if not name.startswith(CATEGORY_PREFIX):
        return None
    term = REACTION_CATEGORIES.get(name[len(CATEGORY_PREFIX) :])
    if term is None:
        return None
    return Metric(
        name=name,
        label=_l(f"Comments: {term.text('en')}", f"Commentaires : {term.text('fr')}"),
        description=_l(
            f"Classified comments labelled “{term.text('en')}” (a comment may carry several categories).",
            f"Commentaires classés « {term.text('fr')} » (un commentaire peut avoir plusieurs catégories).",
        ),
        unit="count",
        section="reaction",
        format=",.0f",
        formula=f"count(classified comments in category {term.code})",
    )


# --------------------------------------------------------------------------- helpers that build entries


def _l(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


def attribute(
    name: str, label: dict[str, str], description: dict[str, str], *, post_sql: str | None = None,
    stage: str | None = "source", unit: str = "text", **kw,
) -> Metric:  # fmt: skip
    """A descriptive column: an identifier, a label, a basis (no arithmetic)."""
    return Metric(
        name=name, label=label, description=description, unit=unit, section="attribute",
        post_sql=post_sql, stage=stage if post_sql is not None else None, **kw,
    )  # fmt: skip


def total(
    name: str, label: dict[str, str], description: dict[str, str], *, post_sql: str, stage: str = "source",
    unit: str = "count", format: str = ",.0f", counted: bool = False, section: str = "volume", **kw,
) -> list[Metric]:  # fmt: skip
    """A per-post figure summed over a group; `counted` adds posts_with_<name>, the posts behind the sum."""
    out = [
        Metric(
            name=name, label=label, description=description, unit=unit, section=section, format=format,
            formula=kw.pop("formula", f"Σ {name}"), post_sql=post_sql, stage=stage, group_sql=f"sum({name})",
            **kw,
        )
    ]  # fmt: skip
    if counted:
        out.append(
            Metric(
                name=f"posts_with_{name}",
                label=_l(f"Posts with {label['en'].lower()}", f"Publications avec {label['fr'].lower()}"),
                description=_l(
                    f"Posts of the group whose {label['en'].lower()} is available (the posts behind the sum).",
                    f"Publications du groupe dont « {label['fr'].lower()} » est disponible "
                    "(les publications derrière la somme).",
                ),
                unit="count",
                section="evidence",
                format=",.0f",
                formula=f"count(posts with {name})",
                group_sql=f"count({name})",
            )  # fmt: skip
        )
    return out


def ratio(
    name: str, label: dict[str, str], description: dict[str, str], *, numerator: str, denominator: str,
    condition: str, per_post: bool = True, format: str = ".2%", unit: str = "fraction", section: str = "rate",
    **kw,
) -> Metric:  # fmt: skip
    """Σ numerator / Σ denominator over the posts where `condition` holds (both available, denominator > 0).

    per_post: the post-level value is the same ratio on the post (else give post_sql/stage, or none).
    """
    group = f"sum({numerator}) FILTER (WHERE {condition}) / nullif(sum({denominator}) FILTER (WHERE {condition}), 0)"
    if per_post:
        kw.setdefault("post_sql", f"CASE WHEN {condition} THEN {numerator} / {denominator} END")
        kw.setdefault("stage", "rate")
    kw.setdefault("formula", f"Σ {numerator} / Σ {denominator}")
    return Metric(
        name=name, label=label, description=description, unit=unit, section=section, format=format,
        group_sql=group, numerator=numerator, denominator=denominator, condition=condition, **kw,
    )  # fmt: skip


def cost(
    name: str, label: dict[str, str], description: dict[str, str], *, denominator: str, scale: int = 1,
    format: str = ",.2f", **kw,
) -> Metric:  # fmt: skip
    """Allocated fee per unit of `denominator` (× scale); no figure for a group mixing currencies."""
    times = f" * {scale}" if scale != 1 else ""
    cond = f"fee_allocated IS NOT NULL AND {denominator} IS NOT NULL"
    return Metric(
        name=name, label=label, description=description, unit="currency", section="cost", format=format,
        post_sql=f"fee_allocated / nullif({denominator}, 0){times}", stage="rate",
        group_sql=(
            f"CASE WHEN {ONE_CURRENCY} THEN sum(fee_allocated) FILTER (WHERE {cond})"
            f" / nullif(sum({denominator}) FILTER (WHERE {cond}), 0){times} END"
        ),
        numerator="fee_allocated", denominator=denominator, condition=cond, **kw,
    )  # fmt: skip


def _add(*items: Metric | list[Metric]) -> None:
    for item in items:
        for m in item if isinstance(item, list) else [item]:
            register(m)


# --------------------------------------------------------------------------- shared description texts

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
# the interval rules (warehouse.intervals), stated once for the catalogue
_CI_EN = (
    "Lower bound of the 95% interval of the headline rate. A group (format, profile type, campaign, tier…) "
    "generalises over influencers: its interval comes from the variation between its influencers, and with "
    f"fewer than {MIN_INFLUENCERS} influencers it has no interval (ci_note: few_influencers). An influencer's "
    "own row describes that influencer: its interval comes from the variation between their posts, and with "
    f"fewer than {MIN_POSTS} posts it has none (ci_note: few_posts). Ratio estimator, bias-reduced (CR2) "
    "variance, Student t with Bell–McCaffrey degrees of freedom; coverage checked by simulation "
    "(bench/RESULTS.md). Never a Poisson interval: it ignores how much influencers and posts differ."
)
_CI_FR = (
    "Borne basse de l'intervalle à 95 % du taux principal. Un groupe (format, type de profil, campagne, "
    "palier…) généralise sur des influenceurs : son intervalle vient des écarts entre ses influenceurs, et "
    f"sous {MIN_INFLUENCERS} influenceurs il n'a pas d'intervalle (ci_note : few_influencers). La ligne d'un "
    "influenceur décrit cet influenceur : son intervalle vient des écarts entre ses publications, et sous "
    f"{MIN_POSTS} publications il n'en a pas (ci_note : few_posts). Estimateur par quotient, variance à biais "
    "réduit (CR2), loi de Student aux degrés de liberté de Bell–McCaffrey ; couverture vérifiée par simulation "
    "(bench/RESULTS.md). Jamais d'intervalle de Poisson : il ignore combien influenceurs et publications "
    "diffèrent."
)
_HEADLINE_EN = " In the rate basis chosen (reach by default, see rate_basis)."
_HEADLINE_FR = " Dans la base de taux choisie (portée par défaut, voir rate_basis)."

# --------------------------------------------------------------------------- group-only counts

_add(
    Metric(
        name="posts", label=_l("Posts", "Publications"), unit="count", section="volume", format=",.0f",
        formula="count(posts)", group_sql="count(*)",
        description=_l("Number of posts in the selection.", "Nombre de publications dans la sélection."),
    ),
    Metric(
        name="influencers", label=_l("Influencers", "Influenceurs"), unit="count", section="volume",
        format=",.0f", formula="count(distinct influencer account)", group_sql="count(DISTINCT influencer_id)",
        description=_l(
            "Distinct influencer accounts behind the posts (one person on two platforms counts twice).",
            "Comptes d'influenceurs distincts derrière les publications (une personne sur deux "
            "plateformes compte deux fois).",
        ),
    ),
)  # fmt: skip

# --------------------------------------------------------------------------- post-level source columns
# (in the order post_table returns them)

_add(
    attribute(
        "post_id", _l("Post", "Publication"), unit="id", post_sql="p.post_id",
        description=_l("Relais id of the post: platform:platform post id.",
                       "Identifiant Relais de la publication : plateforme:identifiant sur la plateforme."),
    ),
    attribute(
        "platform", _l("Platform", "Plateforme"), post_sql="p.platform",
        description=_l("Platform the post was published on.", "Plateforme de la publication."),
    ),
    attribute(
        "platform_post_id", _l("Platform post id", "Identifiant sur la plateforme"), unit="id",
        post_sql="p.platform_post_id",
        description=_l("The post's id in the platform's export.", "Identifiant de la publication dans l'export."),
    ),
    attribute(
        "influencer_id", _l("Influencer account", "Compte d'influenceur"), unit="id", post_sql="p.influencer_id",
        description=_l("platform:handle of the account that published the post.",
                       "plateforme:identifiant du compte qui a publié."),
    ),
    attribute(
        "handle", _l("Handle", "Identifiant"), post_sql="i.handle",
        description=_l("The account's handle, without @.", "Identifiant du compte, sans @."),
    ),
    attribute(
        "display_name", _l("Display name", "Nom affiché"), post_sql="i.display_name",
        description=_l("The account's name from the roster or the export.",
                       "Nom du compte, d'après le roster ou l'export."),
    ),
    attribute(
        "published_at", _l("Published", "Publiée le"), unit="datetime", post_sql="p.published_at",
        description=_l("Publication date and time, as the export gives it.",
                       "Date et heure de publication, telles que données par l'export."),
    ),
    attribute(
        "format", _l("Format", "Format"), post_sql="p.format",
        description=_l("Format of the post (Reel, carousel, Short…), from the export.",
                       "Format de la publication (reel, carrousel, Short…), d'après l'export."),
    ),
    attribute(
        "format_family", _l("Format family", "Famille de formats"), post_sql="p.format_family",
        description=_l("Formats grouped across platforms (short video, image, carousel…).",
                       "Formats regroupés entre plateformes (vidéo courte, image, carrousel…)."),
    ),
    attribute(
        "is_video", _l("Video format", "Format vidéo"), unit="flag",
        post_sql="coalesce(p.format_family IN ({video_params}), false)",
        description=_l("The format family is a video one (short video, video, live): engagement by views "
                       "and view rates apply.",
                       "La famille de formats est vidéo (vidéo courte, vidéo, live) : le taux par vue et le "
                       "taux de vue s'appliquent."),
    ),
    attribute(
        "is_boosted", _l("Boosted", "Sponsorisée"), unit="flag", post_sql="p.is_boosted",
        description=_l("The export says the post was boosted (paid distribution); empty when it does not say.",
                       "L'export indique une diffusion payante ; vide quand il ne le dit pas."),
    ),
    attribute(
        "campaign_id", _l("Campaign", "Campagne"), unit="id", post_sql="p.campaign_id",
        description=_l("Campaign the post is assigned to (override, roster and window, or hashtag).",
                       "Campagne à laquelle la publication est rattachée (forçage, roster et période, "
                       "ou hashtag)."),
    ),
    attribute(
        "campaign_name", _l("Campaign name", "Nom de la campagne"), post_sql="c.name",
        column_label=_l("Campaign", "Campagne"),
        description=_l("Name of the campaign in the roster.", "Nom de la campagne dans le roster."),
    ),
    attribute(
        "campaign_rule", _l("Campaign rule", "Règle de rattachement"), post_sql="p.campaign_rule",
        description=_l("Which rule assigned the campaign: override, roster_window or hashtag.",
                       "Règle qui a rattaché la campagne : override (forçage), roster_window (roster et "
                       "période) ou hashtag."),
    ),
    attribute(
        "title", _l("Title", "Titre"), post_sql="p.title",
        description=_l("Title of the post when the platform has one (YouTube, LinkedIn articles).",
                       "Titre de la publication quand la plateforme en a un (YouTube, articles LinkedIn)."),
    ),
    attribute(
        "permalink", _l("Link", "Lien"), post_sql="p.permalink", unit="url",
        description=_l("Address of the post.", "Adresse de la publication."),
    ),
    attribute(
        "profile_type", _l("Profile type", "Type de profil"), post_sql="i.profile_type",
        description=_l("Profile of the influencer from the roster (health professional, patient expert…).",
                       "Profil de l'influenceur d'après le roster (professionnel de santé, patient expert…)."),
    ),
    attribute(
        "tier", _l("Tier", "Palier"), post_sql="i.tier",
        description=_l("Follower tier of the account (thresholds in tier_thresholds).",
                       "Palier d'abonnés du compte (seuils dans tier_thresholds)."),
    ),
    attribute(
        "followers", _l("Followers", "Abonnés"), unit="count", post_sql="CAST(i.followers AS DOUBLE)",
        format=",.0f",
        description=_l("The account's followers today (roster or latest export), not on the day of the post.",
                       "Abonnés du compte aujourd'hui (roster ou dernier export), pas le jour de la "
                       "publication."),
    ),
    attribute(
        "snapshot_date", _l("Export date", "Date de l'export"), unit="date", post_sql="m.snapshot_date",
        description=_l("Date of the export the post's figures come from (the latest one).",
                       "Date de l'export dont viennent les chiffres de la publication (le plus récent)."),
    ),
    total(
        "impressions", _l("Impressions", "Impressions"), post_sql="m.impressions", counted=True,
        description=_l("Times the content was displayed, as reported by the platform. " + _SUM_EN,
                       "Nombre d'affichages du contenu, tel que déclaré par la plateforme. " + _SUM_FR),
    ),
    total(
        "reach", _l("Reach", "Portée"), post_sql="m.reach", counted=True, version="2.0",
        formula="Σ reach as measured by the platform (never views or impressions)",
        description=_l("Accounts reached, as the platform measures it (Instagram, Facebook; TikTok and LinkedIn "
                       "only in some exports). Empty for a post whose export has no reach (TikTok, YouTube, X "
                       "mostly): it is never replaced by views or impressions (see audience). Summing over posts "
                       "double-counts people reached by several posts.",
                       "Comptes touchés, tels que mesurés par la plateforme (Instagram, Facebook ; TikTok et "
                       "LinkedIn dans certains exports seulement). Vide pour une publication dont l'export n'a pas "
                       "de portée (surtout TikTok, YouTube, X) : jamais remplacée par les vues ou impressions (voir "
                       "audience). La somme sur les publications compte deux fois une personne touchée par "
                       "plusieurs publications."),
    ),
    attribute(
        "unique_viewers", _l("Unique viewers", "Spectateurs uniques"), unit="count", post_sql="m.unique_viewers",
        format=",.0f",
        description=_l("Unique viewers as reported (YouTube, Facebook video, some TikTok exports); not reach.",
                       "Spectateurs uniques déclarés (YouTube, vidéo Facebook, certains exports TikTok) ; pas la "
                       "portée."),
    ),
    total(
        "views", _l("Views", "Vues"), post_sql="m.views", counted=True,
        description=_l("Plays or views as reported by the platform (definitions differ by platform). " + _SUM_EN,
                       "Lectures ou vues telles que déclarées par la plateforme (définitions variables). "
                       + _SUM_FR),
    ),
    total(
        "likes", _l("Likes", "J'aime"), post_sql="coalesce(m.likes, m.reactions)", counted=True,
        formula="Σ likes (or reactions when the export has no likes)",
        description=_l("Likes; for exports that only give reactions (Facebook, LinkedIn) the reactions count. "
                       + _SUM_EN,
                       "J'aime ; pour les exports qui ne donnent que les réactions (Facebook, LinkedIn), le "
                       "nombre de réactions. " + _SUM_FR),
    ),
    attribute(
        "likes_source", _l("Likes from", "Origine des j'aime"),
        post_sql="CASE WHEN m.likes IS NOT NULL THEN 'likes' WHEN m.reactions IS NOT NULL THEN 'reactions' END",
        description=_l("'likes', or 'reactions' when the export only counts reactions.",
                       "« likes », ou « reactions » quand l'export ne compte que les réactions."),
    ),
    total(
        "comments", _l("Comments", "Commentaires"), post_sql="m.comments", counted=True,
        description=_l("Comment count reported by the platform (not the comments loaded in Relais). " + _SUM_EN,
                       "Nombre de commentaires déclaré par la plateforme (pas les commentaires chargés dans "
                       "Relais). " + _SUM_FR),
    ),
    total(
        "shares", _l("Shares", "Partages"), post_sql="m.shares", counted=True,
        description=_l("Shares. " + _SUM_EN, "Partages. " + _SUM_FR),
    ),
    total(
        "saves", _l("Saves", "Enregistrements"), post_sql="m.saves", counted=True,
        description=_l("Saves / bookmarks (not every platform reports them). " + _SUM_EN,
                       "Enregistrements (toutes les plateformes ne les donnent pas). " + _SUM_FR),
    ),
    total(
        "clicks", _l("Clicks", "Clics"), post_sql="m.clicks", counted=True,
        description=_l("Link clicks. " + _SUM_EN, "Clics sur lien. " + _SUM_FR),
    ),
    total(
        "watch_time_sec", _l("Watch time", "Temps de visionnage"), post_sql="m.watch_time_sec", unit="seconds",
        formula="Σ watch time",
        description=_l("Total watch time reported by the platform. " + _SUM_EN,
                       "Temps de visionnage total déclaré par la plateforme. " + _SUM_FR),
    ),
    ratio(
        "avg_watch_time_sec", _l("Average watch time", "Durée moyenne de visionnage"), unit="seconds",
        section="volume", format=",.1f", per_post=False, post_sql="m.avg_watch_time_sec", stage="source",
        numerator="avg_watch_time_sec * views", denominator="views",
        condition="avg_watch_time_sec IS NOT NULL AND views > 0",
        formula="Σ (avg watch time × views) / Σ views",
        description=_l("Views-weighted average of the per-post average watch time. " + _RATE_EN,
                       "Moyenne pondérée par les vues de la durée moyenne de visionnage. " + _RATE_FR),
    ),
    ratio(
        "completion_rate", _l("Completion rate", "Taux de complétion"), format=".1%", per_post=False,
        post_sql="m.completion_rate", stage="source",
        numerator="completion_rate * views", denominator="views", condition="completion_rate IS NOT NULL AND views > 0",
        formula="Σ (completion rate × views) / Σ views",
        description=_l("Share of views watched to the end, as reported (TikTok), weighted by views; only posts "
                       "with both figures enter.",
                       "Part des vues regardées jusqu'au bout, telle que déclarée (TikTok), pondérée par les "
                       "vues ; seules les publications ayant les deux chiffres comptent."),
    ),
    attribute(
        "video_duration_sec", _l("Video duration", "Durée de la vidéo"), unit="seconds",
        post_sql="m.video_duration_sec", format=",.0f",
        description=_l("Length of the video in seconds, when the export gives it.",
                       "Durée de la vidéo en secondes, quand l'export la donne."),
    ),
    Metric(
        name="fee_allocated", label=_l("Fee (allocated)", "Cachet (réparti)"), unit="currency", section="cost",
        format=",.2f", ui_format="%.0f", formula="Σ fee / n posts of the influencer in the campaign",
        post_sql="f.fee_allocated", stage="source",
        group_sql=f"CASE WHEN {ONE_CURRENCY} THEN sum(fee_allocated) END",
        description=_l(_ALLOC_EN, _ALLOC_FR),
    ),
    attribute(
        "fee_currency", _l("Fee currency", "Devise du cachet"), post_sql="f.fee_currency",
        description=_l("Currency of the roster fee.", "Devise du cachet dans le roster."),
    ),
    total(
        "comments_classified", _l("Classified comments", "Commentaires classés"), section="reaction",
        post_sql="CAST(rc.comments_classified AS BIGINT)",
        formula="count(loaded comments with a reaction label)",
        description=_l("Loaded comments the classifier (or a person's correction) has labelled.",
                       "Commentaires chargés étiquetés par le classifieur (ou corrigés par une personne)."),
    ),
    total(
        "useful_reactions", _l("Useful reactions", "Réactions utiles"), section="reaction",
        post_sql="CAST(rc.useful_reactions AS BIGINT)",
        formula="count(classified comments that are a question, testimony or intent)",
        description=_l("Classified comments carrying at least one of question, testimony, intent (a comment "
                       "counts once); corrections win over the classifier. Not available for posts without "
                       "classified comments.",
                       "Commentaires classés portant au moins une des catégories question, témoignage, "
                       "intention (un commentaire compte une fois) ; les corrections priment sur le "
                       "classifieur. Non disponible pour les publications sans commentaire classé."),
    ),
    total(
        "adverse_events", _l("Possible adverse events", "Effets indésirables possibles"), section="reaction",
        post_sql="CAST(rc.adverse_events AS BIGINT)", formula="count(classified comments flagged adverse event)",
        description=_l("Comments flagged as a possible adverse event (to be assessed by pharmacovigilance).",
                       "Commentaires signalés comme effet indésirable possible (à évaluer par la "
                       "pharmacovigilance)."),
    ),
)  # fmt: skip

# --------------------------------------------------------------------------- post-level derived columns

_add(
    total(
        "engagements", _l("Engagements", "Engagements"), stage="derived", counted=True,
        post_sql=(
            "CASE WHEN likes IS NULL AND comments IS NULL AND shares IS NULL AND saves IS NULL THEN NULL\n"
            "                ELSE coalesce(likes, 0) + coalesce(comments, 0) + coalesce(shares, 0)"
            " + coalesce(saves, 0)\n           END"
        ),
        formula="likes + comments + shares + saves (present components)",
        description=_l("Per post, the sum of the components the export has; a missing component is skipped, "
                       "not counted as 0 (see engagement_components), so platforms without saves are not "
                       "comparable like for like. Not available when no component is present.",
                       "Par publication, somme des composantes présentes dans l'export ; une composante absente "
                       "est ignorée, pas comptée 0 (voir engagement_components) : les plateformes sans "
                       "enregistrements ne sont pas strictement comparables. Non disponible si aucune "
                       "composante n'est présente."),
    ),
    attribute(
        "engagement_components", _l("Engagement components", "Composantes de l'engagement"), stage="derived",
        post_sql=(
            "nullif(concat_ws('+',\n"
            "                CASE WHEN likes IS NOT NULL THEN likes_source END,\n"
            "                CASE WHEN comments IS NOT NULL THEN 'comments' END,\n"
            "                CASE WHEN shares IS NOT NULL THEN 'shares' END,\n"
            "                CASE WHEN saves IS NOT NULL THEN 'saves' END), '')"
        ),
        description=_l("Which components the post's engagements add up (e.g. likes+comments+shares).",
                       "Composantes additionnées dans les engagements de la publication "
                       "(p. ex. likes+comments+shares)."),
    ),
    total(
        "audience", _l("Audience (reach, else views)", "Audience (portée, sinon vues)"), stage="derived",
        post_sql="coalesce(reach, unique_viewers, views, impressions)",
        formula="Σ (reach, else unique viewers, else views, else impressions) per post",
        description=_l("A mixed total, named for what it is: each post's reach when measured, else its unique "
                       "viewers, views or impressions (see audience_measure and audience_not_reach). Not people "
                       "reached: views and impressions count a person several times.",
                       "Un total mixte, nommé pour ce qu'il est : la portée de chaque publication quand elle est "
                       "mesurée, sinon ses spectateurs uniques, vues ou impressions (voir audience_measure et "
                       "audience_not_reach). Pas des personnes : vues et impressions comptent une personne "
                       "plusieurs fois."),
    ),
    attribute(
        "audience_measure", _l("Audience measure", "Mesure de l'audience"), stage="derived",
        post_sql=(
            "CASE WHEN reach IS NOT NULL THEN 'reach'\n"
            "                WHEN unique_viewers IS NOT NULL THEN 'unique_viewers'\n"
            "                WHEN views IS NOT NULL THEN 'views'\n"
            "                WHEN impressions IS NOT NULL THEN 'impressions' END"
        ),
        description=_l("Which measure the post's audience is: reach, else unique viewers, views, impressions.",
                       "La mesure de l'audience de la publication : portée, sinon spectateurs uniques, vues, "
                       "impressions."),
    ),
    attribute(
        "view_rate_den", _l("View rate denominator", "Dénominateur du taux de vue"), unit="count",
        stage="derived", format=",.0f",
        post_sql=(
            "CASE WHEN views IS NOT NULL AND reach > 0 THEN reach\n"
            "                WHEN views IS NOT NULL AND is_video AND followers > 0 THEN followers END"
        ),
        description=_l("Reported reach, or followers for a video without reported reach (see view_rate_basis).",
                       "Portée déclarée, ou abonnés pour une vidéo sans portée déclarée (voir "
                       "view_rate_basis)."),
    ),
    attribute(
        "view_rate_basis", _l("View rate basis", "Base du taux de vue"), stage="derived",
        post_sql=(
            "CASE WHEN views IS NOT NULL AND reach > 0 THEN 'reach'\n"
            "                WHEN views IS NOT NULL AND is_video AND followers > 0 THEN 'followers' END"
        ),
        description=_l("'reach' or 'followers': what the post's view rate is divided by.",
                       "« reach » ou « followers » : ce par quoi le taux de vue de la publication est divisé."),
    ),
)  # fmt: skip

# --------------------------------------------------------------------------- rates, the headline rate, costs

_add(
    Metric(
        name="engagement_rate", label=_l("Engagement rate", "Taux d'engagement"), unit="fraction",
        section="rate", format=".2%", formula="Σ engagements / Σ reach", group_sql="sum(_num) / nullif(sum(_den), 0)",
        version="2.0",
        description=_l("Default headline rate: engagements per person reached, over the posts whose reach is "
                       "measured only (posts without reach, e.g. TikTok or YouTube, are not in it: see "
                       "posts_with_rate and posts_without_reach). " + _RATE_EN
                       + " Its 95% interval: see engagement_rate_ci_low.",
                       "Taux principal par défaut : engagements par personne touchée, sur les seules publications "
                       "dont la portée est mesurée (les publications sans portée, p. ex. TikTok ou YouTube, n'y "
                       "sont pas : voir posts_with_rate et posts_without_reach). "
                       + _RATE_FR + " Son intervalle à 95 % : voir engagement_rate_ci_low."),
    ),
    Metric(
        name="engagement_rate_median", label=_l("Median per-post rate", "Taux médian par publication"),
        unit="fraction", section="rate", format=".2%", formula="median(engagements / denominator per post)",
        group_sql="quantile_cont(_num / _den, 0.5)",
        description=_l("Median of the per-post engagement rates, beside the ratio of sums so that skew shows."
                       + _HEADLINE_EN,
                       "Médiane des taux d'engagement par publication, à côté du rapport des sommes pour voir "
                       "l'asymétrie." + _HEADLINE_FR),
    ),
    Metric(
        name="engagement_rate_p25", label=_l("Per-post rate, 1st quartile", "Taux par publication, 1er quartile"),
        unit="fraction", section="rate", format=".2%", formula="quantile 25% of per-post rates",
        group_sql="quantile_cont(_num / _den, 0.25)",
        description=_l("A quarter of the posts have a lower engagement rate (with p75: the interquartile range)."
                       + _HEADLINE_EN,
                       "Un quart des publications ont un taux d'engagement plus bas (avec p75 : l'écart "
                       "interquartile)." + _HEADLINE_FR),
    ),
    Metric(
        name="engagement_rate_p75", label=_l("Per-post rate, 3rd quartile", "Taux par publication, 3e quartile"),
        unit="fraction", section="rate", format=".2%", formula="quantile 75% of per-post rates",
        group_sql="quantile_cont(_num / _den, 0.75)",
        description=_l("A quarter of the posts have a higher engagement rate." + _HEADLINE_EN,
                       "Un quart des publications ont un taux d'engagement plus élevé." + _HEADLINE_FR),
    ),
    Metric(
        name="posts_with_rate", label=_l("Posts behind the rate", "Publications derrière le taux"), unit="count",
        section="evidence", format=",.0f", formula="count(posts with engagements and denominator > 0)",
        group_sql="count(_num)",
        description=_l("Posts that enter the headline rate (both figures available).",
                       "Publications qui entrent dans le taux principal (les deux chiffres disponibles)."),
    ),
    Metric(
        name="influencers_with_rate", label=_l("Influencers behind the rate", "Influenceurs derrière le taux"),
        unit="count", section="evidence", format=",.0f", formula="count(distinct influencers among posts_with_rate)",
        group_sql="count(DISTINCT influencer_id) FILTER (WHERE _num IS NOT NULL)",
        description=_l("Distinct influencer accounts behind the headline rate; few influencers means a fragile "
                       "figure.",
                       "Comptes distincts derrière le taux principal ; peu d'influenceurs = chiffre fragile."),
    ),
    Metric(
        name="posts_without_reach", label=_l("Posts without reach", "Publications sans portée"),
        unit="count", section="evidence", format=",.0f", formula="count(posts whose export has no reach)",
        group_sql="count(*) FILTER (WHERE reach IS NULL)",
        description=_l("Posts whose export measures no reach (TikTok and YouTube mostly): they are in no figure "
                       "per person reached; their views or impressions are in audience.",
                       "Publications dont l'export ne mesure pas la portée (surtout TikTok et YouTube) : elles "
                       "ne sont dans aucun chiffre par personne touchée ; leurs vues ou impressions sont dans "
                       "l'audience."),
    ),
    Metric(
        name="audience_not_reach", label=_l("Audience not measured as reach", "Audience hors portée"),
        unit="count", section="volume", format=",.0f",
        formula="Σ audience over posts without reach (their unique viewers, views or impressions)",
        group_sql="sum(audience) FILTER (WHERE reach IS NULL)",
        description=_l("The part of audience that is not reach: unique viewers, views or impressions of the posts "
                       "without a measured reach. audience = reach + this.",
                       "La part de l'audience qui n'est pas de la portée : spectateurs uniques, vues ou "
                       "impressions des publications sans portée mesurée. audience = portée + cette part."),
    ),
    Metric(
        name="engagement_rate_ci_low", label=_l("95% CI low", "IC 95 % bas"), unit="fraction", section="rate",
        format=".2%", formula="max(0, rate − t(df, 0.975) × √V_CR2); none below the minimum of units",
        version="2.0",
        description=_l(_CI_EN, _CI_FR),
    ),
    Metric(
        name="engagement_rate_ci_high", label=_l("95% CI high", "IC 95 % haut"), unit="fraction", section="rate",
        format=".2%", formula="rate + t(df, 0.975) × √V_CR2; none below the minimum of units",
        version="2.0",
        description=_l("Upper bound of the 95% interval of the headline rate (see engagement_rate_ci_low).",
                       "Borne haute de l'intervalle à 95 % du taux principal (voir engagement_rate_ci_low)."),
    ),
    ratio(
        "engagement_rate_reach", _l("Engagement rate (reach)", "Taux d'engagement (portée)"),
        numerator="engagements", denominator="reach", condition="engagements IS NOT NULL AND reach > 0",
        description=_l("Same definition as engagement_rate, named explicitly when another basis is the headline.",
                       "Même définition que engagement_rate, nommée explicitement quand une autre base est "
                       "affichée."),
    ),
    ratio(
        "engagement_rate_impressions", _l("Engagement rate (impressions)", "Taux d'engagement (impressions)"),
        numerator="engagements", denominator="impressions", condition="engagements IS NOT NULL AND impressions > 0",
        description=_l("Engagements per impression; lower than by reach since one person can see a post several "
                       "times. " + _RATE_EN,
                       "Engagements par impression ; plus bas que par portée car une personne peut voir "
                       "plusieurs fois. " + _RATE_FR),
    ),
    ratio(
        "engagement_rate_views", _l("Engagement rate (views)", "Taux d'engagement (vues)"),
        numerator="engagements", denominator="views", condition="is_video AND engagements IS NOT NULL AND views > 0",
        formula="Σ engagements / Σ views (video formats)",
        description=_l("Engagements per view, for video formats only (short video, video, live). " + _RATE_EN,
                       "Engagements par vue, formats vidéo uniquement (vidéo courte, vidéo, live). " + _RATE_FR),
    ),
    ratio(
        "engagement_rate_followers", _l("Engagement rate (followers)", "Taux d'engagement (abonnés)"),
        numerator="engagements", denominator="followers", condition="engagements IS NOT NULL AND followers > 0",
        fallback=True,
        description=_l("Fallback when reach is unknown: follower counts are today's, not those on the day of the "
                       "post, and followers are not the audience reached. " + _RATE_EN,
                       "Solution de repli quand la portée est inconnue : le nombre d'abonnés est celui "
                       "d'aujourd'hui, pas celui du jour de la publication, et les abonnés ne sont pas "
                       "l'audience touchée. " + _RATE_FR),
    ),
    ratio(
        "view_rate", _l("View rate", "Taux de vue"), format=".1%",
        numerator="views", denominator="view_rate_den", condition="views IS NOT NULL AND view_rate_den > 0",
        formula="Σ views / Σ reach (video without reach: / followers)",
        description=_l("Views per account reached; for video posts without a reported reach, views per follower "
                       "(flagged by view_rate_basis). " + _RATE_EN,
                       "Vues par compte touché ; pour les vidéos sans portée déclarée, vues par abonné (voir "
                       "view_rate_basis). " + _RATE_FR),
    ),
    ratio(
        "save_rate", _l("Save rate", "Taux d'enregistrement"),
        numerator="saves", denominator="reach", condition="saves IS NOT NULL AND reach > 0",
        description=_l("Saves per account reached. " + _RATE_EN, "Enregistrements par compte touché. " + _RATE_FR),
    ),
    ratio(
        "share_rate", _l("Share rate", "Taux de partage"),
        numerator="shares", denominator="reach", condition="shares IS NOT NULL AND reach > 0",
        description=_l("Shares per account reached. " + _RATE_EN, "Partages par compte touché. " + _RATE_FR),
    ),
    ratio(
        "comment_rate", _l("Comment rate", "Taux de commentaire"),
        numerator="comments", denominator="reach", condition="comments IS NOT NULL AND reach > 0",
        description=_l("Comments per account reached. " + _RATE_EN, "Commentaires par compte touché. " + _RATE_FR),
    ),
    ratio(
        "useful_reaction_share", _l("Share of useful reactions", "Part de réactions utiles"), format=".1%",
        section="reaction", numerator="useful_reactions", denominator="comments_classified",
        condition="comments_classified > 0", formula="useful reactions / classified comments",
        description=_l("Share of classified comments that are questions, testimonies or intents. Depends on which "
                       "comments were exported (often the top ones only).",
                       "Part des commentaires classés qui sont des questions, témoignages ou intentions. "
                       "Dépend des commentaires exportés (souvent les plus visibles seulement)."),
    ),
    Metric(
        name="currency", label=_l("Currency", "Devise"), column_label=_l("€ / $", "€ / $"), unit="text",
        section="cost",
        group_sql=f"CASE WHEN {ONE_CURRENCY} THEN any_value(fee_currency) FILTER (WHERE fee_allocated IS NOT NULL) END",
        description=_l("Currency of the group's fees and costs; empty when the group mixes currencies.",
                       "Devise des cachets et coûts du groupe ; vide quand le groupe mêle plusieurs devises."),
    ),
    cost(
        "cpe", _l("Cost per engagement", "Coût par engagement"), denominator="engagements", ui_format="%.3f",
        formula="Σ fee allocated / Σ engagements", description=_l(_ALLOC_EN, _ALLOC_FR),
    ),
    cost(
        "cpm", _l("Cost per thousand impressions", "Coût pour mille impressions"), denominator="impressions",
        scale=1000, formula="Σ fee allocated / Σ impressions × 1000", description=_l(_ALLOC_EN, _ALLOC_FR),
    ),
    cost(
        "cpv", _l("Cost per view", "Coût par vue"), denominator="views", format=",.3f", ui_format="%.3f",
        formula="Σ fee allocated / Σ views", description=_l(_ALLOC_EN, _ALLOC_FR),
    ),
    cost(
        "cost_per_reach", _l("Cost per account reached", "Coût par compte touché"), denominator="reach",
        format=",.3f", ui_format="%.3f", formula="Σ fee allocated / Σ reach",
        description=_l(_ALLOC_EN + " Measured reach only (posts without reach are not in it).",
                       _ALLOC_FR + " Portée mesurée seulement (les publications sans portée n'y sont pas)."),
    ),
    cost(
        "cost_per_useful_reaction", _l("Cost per useful reaction", "Coût par réaction utile"),
        denominator="useful_reactions", formula="Σ fee allocated / Σ useful reactions",
        description=_l(_ALLOC_EN + " Only posts with classified comments enter.",
                       _ALLOC_FR + " Seules les publications avec des commentaires classés comptent."),
    ),
    attribute(
        "budget_currency", _l("Budget currency", "Devise du budget"), post_sql="c.currency",
        description=_l("Currency of the campaign's budget (campaigns sheet of the roster).",
                       "Devise du budget de la campagne (feuille campaigns du roster)."),
    ),
    Metric(
        name="budget", label=_l("Budget", "Budget"), unit="currency", section="cost", format=",.0f",
        ui_format="%.0f", formula="Σ budget of the distinct campaigns of the group",
        post_sql="c.budget", stage="source", group_sql=BUDGET_SQL,
        description=_l("The campaign's budget from the roster (campaigns sheet); for several campaigns, the sum of "
                       "their budgets. Not available when a campaign of the group has no budget or the budgets "
                       "are in several currencies. A filter on platforms or formats does not split a budget.",
                       "Le budget de la campagne, tiré du roster (feuille campaigns) ; pour plusieurs campagnes, "
                       "la somme de leurs budgets. Non disponible si une campagne du groupe n'a pas de budget ou "
                       "si les budgets sont dans plusieurs devises. Un filtre par plateforme ou format ne "
                       "répartit pas un budget."),
    ),
    Metric(
        name="spend_vs_budget", label=_l("Spend vs budget", "Dépense / budget"), unit="fraction", section="cost",
        format=".0%", ui_format="percent", formula="Σ fee allocated / budget",
        group_sql=(
            f"CASE WHEN {ONE_CURRENCY} AND ({BUDGET_SQL}) > 0 AND count(DISTINCT budget_currency) = 1"
            " AND any_value(budget_currency) IS NOT DISTINCT FROM"
            " coalesce(any_value(fee_currency) FILTER (WHERE fee_allocated IS NOT NULL), any_value(budget_currency))"
            f" THEN sum(fee_allocated) / ({BUDGET_SQL}) END"
        ),
        description=_l("Influencer fees of the group's posts (roster fees spread over each influencer's posts) "
                       "against the campaigns' budget. Fees of roster influencers who have not posted yet are "
                       "not in it. Not available across currencies.",
                       "Cachets des publications du groupe (cachets du roster répartis sur les publications de "
                       "chaque influenceur) rapportés au budget des campagnes. Les cachets des influenceurs du "
                       "roster qui n'ont pas encore publié n'y sont pas. Non disponible entre devises."),
    ),
    Metric(
        name="cost_note", label=_l("Cost note", "Note sur les coûts"), unit="text", section="cost",
        group_sql=(
            f"CASE WHEN NOT ({ONE_CURRENCY}) THEN 'mixed currencies ('"
            " || string_agg(DISTINCT coalesce(fee_currency, '?'), ', ' ORDER BY coalesce(fee_currency, '?'))"
            " FILTER (WHERE fee_allocated IS NOT NULL) || '): no cost figure' END"
        ),
        description=_l("Why a group has no cost figure (its fees are in several currencies).",
                       "Pourquoi un groupe n'a pas de coût (ses cachets sont en plusieurs devises)."),
    ),
)  # fmt: skip

# --------------------------------------------------------------------------- set by the functions themselves

_add(
    attribute(
        "rate_basis", _l("Rate basis", "Base du taux"), stage=None,
        description=_l("Denominator of engagement_rate in this result: reach, impressions, views or followers.",
                       "Dénominateur de engagement_rate dans ce résultat : reach (portée), impressions, views "
                       "(vues) ou followers (abonnés)."),
    ),
    attribute(
        "rate_metric", _l("Rate definition", "Définition du taux"), stage=None,
        description=_l("The registry entry that defines engagement_rate in this result (its version is "
                       "metric_version in JSON output).",
                       "L'entrée du registre qui définit engagement_rate dans ce résultat (sa version est "
                       "metric_version dans la sortie JSON)."),
    ),
    attribute(
        "platforms_without_reach", _l("Platforms without reach", "Plateformes sans portée"), stage=None,
        description=_l("Platforms of the selection with posts whose export measures no reach (overview).",
                       "Plateformes de la sélection dont des publications n'ont pas de portée mesurée (vue "
                       "d'ensemble)."),
    ),
    attribute(
        "ci_unit", _l("Interval units", "Unités de l'intervalle"), stage=None,
        description=_l("What the rate's interval generalises over: 'influencer' for a group, 'post' for one "
                       "influencer's own row (see engagement_rate_ci_low).",
                       "Ce sur quoi l'intervalle du taux généralise : « influencer » pour un groupe, « post » "
                       "pour la ligne d'un influenceur (voir engagement_rate_ci_low)."),
    ),
    Metric(
        name="ci_units", label=_l("Units behind the interval", "Unités derrière l'intervalle"), unit="count",
        section="evidence", format=",.0f", formula="count(influencers, or posts, with a rate denominator > 0)",
        description=_l("Influencers (a group) or posts (an influencer) behind the rate's interval.",
                       "Influenceurs (un groupe) ou publications (un influenceur) derrière l'intervalle du taux."),
    ),
    attribute(
        "ci_note", _l("Why no interval", "Pourquoi pas d'intervalle"), stage=None,
        description=_l("Empty when the rate has an interval; otherwise few_influencers (fewer than "
                       f"{MIN_INFLUENCERS}), few_posts (fewer than {MIN_POSTS}), no_rate or no_variation.",
                       "Vide quand le taux a un intervalle ; sinon few_influencers (moins de "
                       f"{MIN_INFLUENCERS}), few_posts (moins de {MIN_POSTS}), no_rate ou no_variation."),
    ),
    attribute(
        "hashtag", _l("Hashtag", "Hashtag"), stage=None,
        description=_l("A hashtag of the post's caption or title (lower case, without #); a post counts once "
                       "under each of its hashtags.",
                       "Un hashtag de la légende ou du titre (en minuscules, sans #) ; une publication compte "
                       "une fois sous chacun de ses hashtags."),
    ),
    attribute(
        "hashtag_kind", _l("Hashtag kind", "Type de hashtag"), stage=None, column_label=_l("Kind", "Type"),
        description=_l("campaign: the post carries a hashtag a campaign lists; other: only other hashtags; "
                       "none: no hashtag.",
                       "campaign : la publication porte un hashtag listé par une campagne ; other : seulement "
                       "d'autres hashtags ; none : aucun hashtag."),
    ),
    attribute(
        "period", _l("Period", "Période"), stage=None, unit="date",
        description=_l("First day of the day, week, month or quarter the posts were published in.",
                       "Premier jour du jour, de la semaine, du mois ou du trimestre de publication."),
    ),
    Metric(
        name="comments_loaded", label=_l("Loaded comments", "Commentaires chargés"), unit="count",
        section="reaction", format=",.0f", formula="count(loaded comments linked to a selected post)",
        description=_l("Comments loaded into Relais under the selected posts (often only the exported top ones).",
                       "Commentaires chargés dans Relais sous les publications sélectionnées (souvent les "
                       "plus visibles seulement)."),
    ),
    Metric(
        name="open_pv_items", label=_l("Open pharmacovigilance items", "Cas de pharmacovigilance ouverts"),
        unit="count", section="compliance", format=",.0f", formula="count(PV cases new or triaged)",
        description=_l("Possible adverse events still waiting for a pharmacovigilance decision (15-day clock). "
                       "With no filter, every open case counts, linked to a post or not.",
                       "Effets indésirables possibles en attente d'une décision de pharmacovigilance (délai de "
                       "15 jours). Sans filtre, tous les cas ouverts comptent, liés à une publication ou non."),
    ),
    Metric(
        name="disclosure_problems", label=_l("Paid posts to review", "Publications rémunérées à revoir"),
        unit="count", section="compliance", format=",.0f",
        formula="count(paid posts whose disclosure is missing or weak)",
        description=_l("Posts of influencers paid on the campaign whose partnership disclosure is missing or weak.",
                       "Publications d'influenceurs rémunérés sur la campagne dont la mention du partenariat "
                       "est absente ou insuffisante."),
    ),
    Metric(
        name="paid_posts_checked", label=_l("Paid posts checked", "Publications rémunérées vérifiées"),
        unit="count", section="compliance", format=",.0f", formula="count(paid posts whose text could be checked)",
        description=_l("Posts of paid influencers whose text has been checked for disclosure.",
                       "Publications d'influenceurs rémunérés dont le texte a été vérifié."),
    ),
    Metric(
        name="paid_posts_not_checkable", label=_l("Paid posts not checkable", "Publications rémunérées non vérifiables"),
        unit="count", section="compliance", format=",.0f", formula="count(paid posts whose export has no text)",
        description=_l("Posts of paid influencers whose export carries no text to check (a YouTube video without "
                       "its description): never counted as missing a disclosure.",
                       "Publications d'influenceurs rémunérés dont l'export n'a pas de texte à vérifier (une "
                       "vidéo YouTube sans sa description) : jamais comptées comme sans mention."),
    ),
    # owned pages (warehouse.owned): figures of an account over time, not of a group of posts
    attribute(
        "owned_group", _l("Compared group", "Groupe comparé"), stage=None,
        description=_l("page: the owned page itself; campaign_influencers: the other accounts on the rosters of "
                       "the page's campaigns, for comparison.",
                       "page : la page de marque elle-même ; campaign_influencers : les autres comptes des "
                       "rosters des campagnes de la page, pour comparaison."),
    ),
    Metric(
        name="posts_per_week", label=_l("Posts per week", "Publications par semaine"), unit="number",
        section="volume", format=",.1f", formula="posts / weeks from first to last post (at least 1 week)",
        description=_l("Posting regularity of an account: its posts over the weeks between its first and last "
                       "post in the selection (a group's value is the median of its accounts').",
                       "Régularité de publication d'un compte : ses publications sur les semaines entre la "
                       "première et la dernière (pour un groupe, la médiane de ses comptes)."),
    ),
    Metric(
        name="longest_gap_days", label=_l("Longest gap (days)", "Plus longue pause (jours)"), unit="number",
        section="volume", format=",.1f", formula="max(days between consecutive posts)",
        description=_l("The longest silence between two consecutive posts of the account.",
                       "Le plus long silence entre deux publications consécutives du compte."),
    ),
    Metric(
        name="followers_gained", label=_l("Followers gained", "Abonnés gagnés"), unit="count",
        section="volume", format=",.0f",
        formula="Σ daily new followers of the follower series, else change of the follower count",
        description=_l("Followers gained over the period, from the follower series exported for the account "
                       "(TikTok follower history, Meta follows, LinkedIn followers); not available without one.",
                       "Abonnés gagnés sur la période, d'après la série d'abonnés exportée pour le compte "
                       "(historique TikTok, abonnements Meta, abonnés LinkedIn) ; non disponible sans elle."),
    ),
    Metric(
        name="follower_growth_rate", label=_l("Follower growth", "Croissance des abonnés"), unit="fraction",
        section="rate", format=".2%", formula="followers gained in the month / followers at the previous month's end",
        description=_l("Monthly follower growth; needs a follower count (not only daily gains) to divide by. "
                       "A group's value is the median of its accounts' months.",
                       "Croissance mensuelle des abonnés ; demande un nombre d'abonnés (pas seulement les gains "
                       "quotidiens). Pour un groupe, la médiane des mois de ses comptes."),
    ),
    Metric(
        name="hcp_audience_share", label=_l("Health professionals in the audience (est.)",
                                            "Professionnels de santé dans l'audience (est.)"),
        unit="fraction", section="evidence", format=".1%",
        formula="followers whose job function is a health one / followers with a job function (LinkedIn)",
        description=_l("Estimate: the share of the account's LinkedIn followers whose self-declared job function "
                       "(or job title) is a health profession. Other platforms do not say: not available.",
                       "Estimation : part des abonnés LinkedIn du compte dont la fonction déclarée (ou "
                       "l'intitulé de poste) est une profession de santé. Les autres plateformes ne le disent "
                       "pas : non disponible."),
    ),
)  # fmt: skip


# --------------------------------------------------------------------------- compliance and safety tables
# warehouse.compliance, warehouse.views (disclosure_posts, mention_counts), warehouse.caption_flags,
# warehouse.pharmacovigilance, warehouse.moderation. `column_label` keeps the short header the tables
# have always shown where the label must be longer to stay unique in the catalogue.

_WHO = _l("Who", "Qui")
_WHY = _l("Why", "Pourquoi")
_WHEN = _l("When", "Quand")

_add(
    attribute(
        "published_on", _l("Publication day", "Jour de publication"), stage=None, unit="date",
        column_label=_l("Date", "Date"),
        description=_l("Day the post (or the comment) was published.",
                       "Jour de publication de la publication (ou du commentaire)."),
    ),
    attribute(
        "influencer", _l("Influencer", "Influenceur"), stage=None,
        description=_l("The influencer's display name, or the handle when the export gives no name.",
                       "Le nom affiché de l'influenceur, ou son identifiant quand l'export ne donne pas de nom."),
    ),
    attribute(
        "disclosure", _l("Disclosure", "Mention"), stage=None,
        description=_l("Partnership disclosure found in the post's text: explicit, weak, missing, or not "
                       "checkable (no text in the export); empty when the post has not been checked yet.",
                       "Mention du partenariat trouvée dans le texte : claire, faible, absente, ou non "
                       "vérifiable (pas de texte dans l'export) ; vide si la publication n'a pas été vérifiée."),
    ),
    attribute(
        "disclosure_cues", _l("Disclosure cues found", "Indices de mention trouvés"), stage=None,
        column_label=_l("Cues found", "Indices trouvés"),
        description=_l("The words of the text that decided the disclosure level (#ad, partenariat…).",
                       "Les mots du texte qui ont décidé du niveau de mention (#ad, partenariat…)."),
    ),
    attribute(
        "paid", _l("Paid post", "Publication payée"), stage=None, unit="flag", column_label=_l("Paid", "Payée"),
        description=_l("The influencer has a fee above zero on the post's campaign (roster): the post must "
                       "disclose the partnership.",
                       "L'influenceur a un cachet non nul sur la campagne de la publication (roster) : la "
                       "publication doit mentionner le partenariat."),
    ),
    Metric(
        name="fee", label=_l("Roster fee", "Cachet du roster"), column_label=_l("Fee", "Cachet"),
        unit="currency", section="cost", format=",.0f", ui_format="%.0f", formula="roster fee (campaign, influencer)",
        description=_l("The influencer's fee on the campaign as the roster gives it, before it is spread over "
                       "posts (see fee_allocated).",
                       "Le cachet de l'influenceur sur la campagne tel que donné par le roster, avant sa "
                       "répartition sur les publications (voir fee_allocated)."),
    ),
    attribute(
        "flagged", _l("Paid post badly disclosed", "Publication payée mal signalée"), stage=None, unit="flag",
        description=_l("A paid post whose disclosure is missing or weak.",
                       "Une publication payée dont la mention est absente ou faible."),
    ),
    attribute(
        "needs_review", _l("Needs a compliance review", "À revoir (conformité)"), stage=None, unit="flag",
        description=_l("Badly disclosed paid post, or a campaign or paid post naming a risky product or "
                       "touching a sensitive topic.",
                       "Publication payée mal signalée, ou publication de campagne ou payée citant un produit "
                       "à risque ou abordant un sujet sensible."),
    ),
    attribute(
        "products", _l("Products named", "Produits cités"), stage=None, column_label=_l("Products", "Produits"),
        description=_l("Products (the client's list or the medicine lexicon) named in the text: the post's "
                       "caption, or the comment of a pharmacovigilance case.",
                       "Produits (liste du client ou lexique des médicaments) cités dans le texte : la légende "
                       "de la publication, ou le commentaire d'un cas de pharmacovigilance."),
    ),
    attribute(
        "product_risks", _l("Product risks", "Risques produit"), stage=None,
        description=_l("Why a product named in the post needs care (prescription medicine to the public, "
                       "device claims, nicotine, vaccine campaign).",
                       "Pourquoi un produit cité demande de la prudence (médicament sur prescription au grand "
                       "public, allégations de dispositif, nicotine, campagne de vaccination)."),
    ),
    attribute(
        "sensitive_topics", _l("Sensitive topics", "Sujets sensibles"), stage=None,
        description=_l("Sensitive health topics the post's text touches.",
                       "Sujets de santé sensibles abordés par le texte de la publication."),
    ),
    attribute(
        "checked_at", _l("Checked at", "Vérifiée le"), stage=None, unit="datetime",
        description=_l("When the compliance checks ran on the post (at load time).",
                       "Quand les vérifications de conformité ont tourné sur la publication (au chargement)."),
    ),
    Metric(
        name="paid_posts", label=_l("Paid posts", "Publications payées"), unit="count", section="compliance",
        format=",.0f", formula="count(posts whose influencer has a fee on the campaign)",
        description=_l("Posts of influencers with a fee on the post's campaign.",
                       "Publications d'influenceurs ayant un cachet sur la campagne de la publication."),
    ),
    Metric(
        name="flagged_posts", label=_l("Paid, badly disclosed", "Payées, mal signalées"), unit="count",
        section="compliance", format=",.0f", formula="count(paid posts with a missing or weak disclosure)",
        description=_l("Paid posts whose disclosure is missing or weak.",
                       "Publications payées dont la mention est absente ou faible."),
    ),
    Metric(
        name="unchecked", label=_l("Posts not checked", "Publications non vérifiées"),
        column_label=_l("Not checked", "Non vérifiées"), unit="count", section="compliance", format=",.0f",
        formula="count(posts without a compliance check)",
        description=_l("Posts with no compliance check recorded (checks run when posts load).",
                       "Publications sans vérification de conformité (elles s'exécutent au chargement)."),
    ),
    Metric(
        name="posts_with_product_risk", label=_l("Posts with a product risk", "Publications à risque produit"),
        unit="count", section="compliance", format=",.0f", formula="count(posts with a product risk)",
        description=_l("Posts naming a product that needs care (see product_risks).",
                       "Publications citant un produit qui demande de la prudence (voir product_risks)."),
    ),
    Metric(
        name="posts_with_sensitive_topic",
        label=_l("Posts on a sensitive topic", "Publications sur un sujet sensible"),
        unit="count", section="compliance", format=",.0f", formula="count(posts with a sensitive topic)",
        description=_l("Posts whose text touches a sensitive health topic.",
                       "Publications dont le texte aborde un sujet de santé sensible."),
    ),
    attribute(
        "specialty", _l("Specialty", "Spécialité"), stage=None,
        description=_l("Medical specialty of a health professional (roster).",
                       "Spécialité médicale d'un professionnel de santé (roster)."),
    ),
    attribute(
        "product", _l("Product", "Produit"), stage=None,
        description=_l("A product named in posts or comments of the selection.",
                       "Un produit cité dans les publications ou commentaires de la sélection."),
    ),
    attribute(
        "risk", _l("Product risk", "Risque produit"), stage=None,
        description=_l("Why the product needs care in influencer content (from its kind, prescription and "
                       "reimbursement status); empty when it needs none.",
                       "Pourquoi le produit demande de la prudence dans un contenu d'influenceur (selon son type, "
                       "sa prescription et son remboursement) ; vide sinon."),
    ),
    attribute(
        "kind", _l("Product kind", "Type de produit"), stage=None,
        description=_l("medicine, device, supplement or other (products list, else the medicine lexicon).",
                       "médicament, dispositif, complément ou autre (liste des produits, sinon lexique des "
                       "médicaments)."),
    ),
    attribute(
        "molecule", _l("Molecule", "Molécule"), stage=None,
        description=_l("Active substance of the product.", "Substance active du produit."),
    ),
    attribute(
        "prescription_only", _l("Prescription only", "Sur prescription"), stage=None, unit="flag",
        description=_l("The product needs a prescription.", "Le produit nécessite une prescription."),
    ),
    attribute(
        "reimbursed", _l("Reimbursed", "Remboursé"), stage=None, unit="flag",
        description=_l("The product is reimbursed by the health insurance.",
                       "Le produit est remboursé par l'Assurance maladie."),
    ),
    attribute(
        "device_class", _l("Device class", "Classe du dispositif"), stage=None,
        description=_l("Class of a medical device (products list).",
                       "Classe d'un dispositif médical (liste des produits)."),
    ),
    attribute(
        "client", _l("Client", "Client"), stage=None,
        description=_l("The client the product belongs to (products list).",
                       "Le client auquel appartient le produit (liste des produits)."),
    ),
    Metric(
        name="comments_naming", label=_l("Comments naming it", "Commentaires le citant"), unit="count",
        section="compliance", format=",.0f", formula="count(classified comments naming the product)",
        description=_l("Classified comments naming the product; with no filter, comments not linked to a known "
                       "post count too.",
                       "Commentaires classés citant le produit ; sans filtre, les commentaires non liés à une "
                       "publication connue comptent aussi."),
    ),
    attribute(
        "item", _l("Found", "Trouvé"), stage=None,
        description=_l("The product, product risk or sensitive topic the row counts.",
                       "Le produit, risque produit ou sujet sensible que la ligne compte."),
    ),
    attribute(
        "flag", _l("Caption flag", "Signalement de légende"), stage=None, column_label=_l("Flag", "Signalement"),
        description=_l("Medical advice or promotion found in a caption (prescription medicine to the public, "
                       "dosage, stands in for a professional…); a flag asks for a review, it is not a verdict.",
                       "Conseil médical ou promotion trouvé dans une légende (médicament sur prescription au "
                       "grand public, posologie, se substitue à un professionnel…) ; un signalement demande une "
                       "relecture, ce n'est pas un verdict."),
    ),
    attribute(
        "phrase", _l("Words that raised it", "Mots en cause"), stage=None,
        description=_l("The words of the caption that raised the flag.",
                       "Les mots de la légende qui ont déclenché le signalement."),
    ),
    # pharmacovigilance queue and audit trail
    attribute(
        "comment_id", _l("Comment id", "Identifiant du commentaire"), stage=None, unit="id",
        description=_l("Identifier of the comment (a pharmacovigilance case is named by its comment).",
                       "Identifiant du commentaire (un cas de pharmacovigilance porte celui de son commentaire)."),
    ),
    attribute(
        "comment_text", _l("Comment", "Commentaire"), stage=None,
        description=_l("Text of the comment (untrusted: shown as plain text).",
                       "Texte du commentaire (non fiable : affiché en texte brut)."),
    ),
    Metric(
        name="ae_score", label=_l("Adverse-event score", "Score d'effet indésirable"),
        column_label=_l("AE score", "Score EI"), unit="number", section="compliance", format=".2f",
        ui_format="%.2f", formula="classifier probability of an adverse event",
        description=_l("The classifier's score that the comment reports an adverse event (0 to 1); empty for a "
                       "case opened by a person.",
                       "Score du classifieur selon lequel le commentaire signale un effet indésirable (0 à 1) ; "
                       "vide pour un cas ouvert par une personne."),
    ),
    attribute(
        "ae_cues", _l("Adverse-event cues", "Indices d'effet indésirable"), stage=None,
        column_label=_l("Why flagged", "Pourquoi signalé"),
        description=_l("What in the comment made the classifier flag a possible adverse event.",
                       "Ce qui, dans le commentaire, a fait signaler un effet indésirable possible."),
    ),
    attribute(
        "day0", _l("Day 0", "Jour 0"), stage=None, unit="datetime",
        description=_l("When the case became known (the 15-day clock starts).",
                       "Quand le cas a été connu (début du délai de 15 jours)."),
    ),
    attribute(
        "due_at", _l("Due", "Échéance"), stage=None, unit="datetime",
        description=_l("Deadline of the pharmacovigilance decision (day 0 + 15 days).",
                       "Échéance de la décision de pharmacovigilance (jour 0 + 15 jours)."),
    ),
    Metric(
        name="days_left", label=_l("Days left", "Jours restants"), unit="number", section="compliance",
        format=",.0f", ui_format="%d", formula="due date - today (days)",
        description=_l("Days until the case is due, negative when late; empty for a closed case.",
                       "Jours avant l'échéance du cas, négatif en retard ; vide pour un cas clos."),
    ),
    attribute(
        "overdue", _l("Overdue", "En retard"), stage=None, unit="flag",
        description=_l("An open case past its due date.", "Un cas ouvert dont l'échéance est passée."),
    ),
    attribute(
        "status", _l("Status", "Statut"), stage=None,
        description=_l("Where the case stands: pharmacovigilance status (new, triaged, reported, not a case) "
                       "or moderation status (to handle, or the last action).",
                       "Où en est le cas : statut de pharmacovigilance (nouveau, en évaluation, déclaré, pas un "
                       "cas) ou de modération (à traiter, ou la dernière action)."),
    ),
    attribute(
        "last_changed_by", _l("Status changed by", "Statut changé par"), stage=None, column_label=_WHO,
        description=_l("Who made the case's last status change.", "Qui a fait le dernier changement de statut."),
    ),
    attribute(
        "last_changed_at", _l("Status changed at", "Statut changé le"), stage=None, unit="datetime",
        description=_l("When the case's status last changed.", "Quand le statut du cas a changé pour la dernière fois."),
    ),
    attribute(
        "last_reason", _l("Reason of the last change", "Raison du dernier changement"), stage=None,
        column_label=_WHY,
        description=_l("The reason given with the case's last status change.",
                       "La raison donnée avec le dernier changement de statut du cas."),
    ),
    attribute(
        "comment_published_at", _l("Comment published", "Commentaire publié le"), stage=None, unit="datetime",
        column_label=_l("Date", "Date"),
        description=_l("When the comment was published.", "Quand le commentaire a été publié."),
    ),
    attribute(
        "post_permalink", _l("Link to the post", "Lien vers la publication"), stage=None, unit="url",
        column_label=_l("Link", "Lien"),
        description=_l("Address of the post the comment is under.",
                       "Adresse de la publication sous laquelle est le commentaire."),
    ),
    attribute(
        "audit_id", _l("Audit entry", "Entrée d'audit"), stage=None, unit="id",
        description=_l("Number of the audit entry (entries are never changed).",
                       "Numéro de l'entrée d'audit (les entrées ne sont jamais modifiées)."),
    ),
    attribute(
        "from_status", _l("Status before", "Statut avant"), stage=None, column_label=_l("From", "De"),
        description=_l("The case's status before the change (empty when the case was opened).",
                       "Le statut du cas avant le changement (vide à l'ouverture du cas)."),
    ),
    attribute(
        "to_status", _l("Status after", "Statut après"), stage=None, column_label=_l("To", "Vers"),
        description=_l("The case's status after the change.", "Le statut du cas après le changement."),
    ),
    attribute(
        "changed_by", _l("Changed by", "Changé par"), stage=None, column_label=_WHO,
        description=_l("Who changed the case's status.", "Qui a changé le statut du cas."),
    ),
    attribute(
        "changed_at", _l("Changed at", "Changé le"), stage=None, unit="datetime", column_label=_WHEN,
        description=_l("When the case's status changed.", "Quand le statut du cas a changé."),
    ),
    attribute(
        "reason", _l("Reason", "Raison"), stage=None, column_label=_WHY,
        description=_l("Why, as the person who acted wrote it (required with every change or action).",
                       "Pourquoi, tel que l'a écrit la personne qui a agi (exigé à chaque changement ou action)."),
    ),
    # moderation queue and history
    attribute(
        "reasons", _l("Moderation reasons", "Motifs de modération"), stage=None,
        column_label=_l("Why (words that raised it)", "Pourquoi (mots en cause)"),
        description=_l("Why the comment is in the moderation queue (prescription medicine named, dosage or "
                       "medical advice, spam), with the words that raised each reason.",
                       "Pourquoi le commentaire est dans la file de modération (médicament sur prescription "
                       "cité, posologie ou avis médical, spam), avec les mots en cause pour chaque motif."),
    ),
    attribute(
        "phrases", _l("Words behind the reasons", "Mots derrière les motifs"), stage=None,
        description=_l("The words that raised each moderation reason, in the same order.",
                       "Les mots qui ont déclenché chaque motif de modération, dans le même ordre."),
    ),
    attribute(
        "last_action_by", _l("Last action by", "Dernière action par"), stage=None, column_label=_WHO,
        description=_l("Who recorded the comment's last moderation action.",
                       "Qui a consigné la dernière action de modération du commentaire."),
    ),
    attribute(
        "last_action_at", _l("Last action at", "Dernière action le"), stage=None, unit="datetime",
        description=_l("When the comment's last moderation action was recorded.",
                       "Quand la dernière action de modération du commentaire a été consignée."),
    ),
    attribute(
        "last_action_reason", _l("Reason of the last action", "Raison de la dernière action"), stage=None,
        column_label=_WHY,
        description=_l("The reason given with the comment's last moderation action.",
                       "La raison donnée avec la dernière action de modération du commentaire."),
    ),
    attribute(
        "account", _l("Account", "Compte"), stage=None,
        description=_l("The account whose post the comment is under.",
                       "Le compte sous la publication duquel est le commentaire."),
    ),
    attribute(
        "owned_page", _l("Own page", "Page propre"), stage=None, unit="flag",
        description=_l("The account is one of your own pages (pages file), not an influencer's.",
                       "Le compte est une de vos propres pages (fichier des pages), pas un influenceur."),
    ),
    attribute(
        "action_id", _l("Action number", "Numéro d'action"), stage=None, unit="id",
        description=_l("Number of the moderation action (actions are never changed).",
                       "Numéro de l'action de modération (les actions ne sont jamais modifiées)."),
    ),
    attribute(
        "action", _l("Moderation action", "Action de modération"), stage=None, column_label=_l("Action", "Action"),
        description=_l("What was done about the comment: hide requested, answered or no action.",
                       "Ce qui a été fait du commentaire : masquage demandé, répondu ou aucune action."),
    ),
    attribute(
        "acted_by", _l("Acted by", "Action par"), stage=None, column_label=_WHO,
        description=_l("Who recorded the moderation action.", "Qui a consigné l'action de modération."),
    ),
    attribute(
        "acted_at", _l("Acted at", "Action le"), stage=None, unit="datetime", column_label=_WHEN,
        description=_l("When the moderation action was recorded.", "Quand l'action de modération a été consignée."),
    ),
)  # fmt: skip

# --------------------------------------------------------------------------- campaign trajectories (views)

_add(
    Metric(
        name="cumulative_posts", label=_l("Cumulative posts", "Publications cumulées"), unit="count",
        section="volume", format=",.0f", formula="running Σ posts over the campaign's periods",
        description=_l("Posts of the campaign published up to the end of the period.",
                       "Publications de la campagne parues jusqu'à la fin de la période."),
    ),
    Metric(
        name="cumulative_engagements", label=_l("Cumulative engagements", "Engagements cumulés"), unit="count",
        section="volume", format=",.0f", formula="running Σ engagements over the campaign's periods",
        description=_l("Engagements of the campaign's posts published up to the end of the period (a period "
                       "without engagement figures adds nothing).",
                       "Engagements des publications de la campagne parues jusqu'à la fin de la période (une "
                       "période sans chiffre d'engagement n'ajoute rien)."),
    ),
    Metric(
        name="cumulative_reach", label=_l("Cumulative reach", "Portée cumulée"), unit="count",
        section="volume", format=",.0f", formula="running Σ reach over the campaign's periods",
        description=_l("Reach of the campaign's posts published up to the end of the period, summed over posts "
                       "(a person reached twice counts twice; posts without reach add nothing).",
                       "Portée des publications de la campagne parues jusqu'à la fin de la période, sommée sur "
                       "les publications (une personne touchée deux fois compte deux fois ; les publications "
                       "sans portée n'ajoutent rien)."),
    ),
    Metric(
        name="weeks_since_start", label=_l("Weeks since launch", "Semaines depuis le lancement"), unit="number",
        section="volume", format=",.1f", formula="(period start - campaign start date) / 7 days",
        description=_l("Weeks from the campaign's start date (roster; else its first period) to the period, to "
                       "compare campaigns that ran in different months.",
                       "Semaines entre le début de la campagne (roster ; sinon sa première période) et la période, "
                       "pour comparer des campagnes menées à des mois différents."),
    ),
)  # fmt: skip


# --------------------------------------------------------------------------- posts explorer, hashtags, reactions
# warehouse.explorer (explore_posts, export_posts, top_posts), warehouse.hashtags (hashtag_kpis),
# warehouse.views (reaction_shares, example_comments)

_add(
    attribute(
        "caption", _l("Caption as exported", "Légende exportée"), stage=None,
        description=_l("The post's caption exactly as the export gives it.",
                       "La légende de la publication telle que l'export la donne."),
    ),
    attribute(
        "caption_text", _l("Caption", "Légende"), stage=None,
        description=_l("The post's title and caption as plain text, as the export gives them.",
                       "Titre et légende de la publication en texte brut, tels que l'export les donne."),
    ),
    Metric(
        name="rate_denominator", label=_l("Rate denominator", "Dénominateur du taux"), unit="count",
        section="evidence", format=",.0f", formula="the post's reach, impressions, views or followers",
        description=_l("The post's denominator of engagement_rate in the chosen basis (its reach, impressions, "
                       "views or followers); empty when the export does not give it.",
                       "Le dénominateur du taux d'engagement de la publication dans la base choisie (sa portée, "
                       "ses impressions, vues ou abonnés) ; vide quand l'export ne le donne pas."),
    ),
    attribute(
        "group_by", _l("Grouped by", "Regroupé par"), stage=None,
        description=_l("The dimension the best posts are ranked within (campaign, format, influencer…).",
                       "La dimension dans laquelle les meilleures publications sont classées (campagne, format, "
                       "influenceur…)."),
    ),
    attribute(
        "group_value", _l("Group", "Groupe"), stage=None,
        description=_l("The value of that dimension for the row (a campaign id, a format code…).",
                       "La valeur de cette dimension pour la ligne (un identifiant de campagne, un format…)."),
    ),
    attribute(
        "rank_in_group", _l("Rank in group", "Rang dans le groupe"), stage=None, unit="number",
        description=_l("The post's place among the best posts of its group (1 = best).",
                       "La place de la publication parmi les meilleures de son groupe (1 = la meilleure)."),
    ),
    attribute(
        "reactions", _l("Reactions in comments", "Réactions dans les commentaires"), stage=None,
        description=_l("Classified comments of the post per reaction category (a comment may have several).",
                       "Commentaires classés de la publication par catégorie (un commentaire peut en avoir "
                       "plusieurs)."),
    ),
    attribute(
        "caption_flags", _l("Caption flags", "Alertes sur la légende"), stage=None,
        description=_l("Medical advice or promotion found in the caption, with the phrase that triggered it.",
                       "Conseil médical ou promotion repérés dans la légende, avec la phrase en cause."),
    ),
    attribute(
        "hashtags", _l("Hashtags", "Hashtags du texte"), stage=None,
        description=_l("The hashtags of the post's caption or title.",
                       "Les hashtags de la légende ou du titre de la publication."),
        column_label=_l("Hashtags", "Hashtags"),
    ),
    attribute(
        "is_campaign_hashtag", _l("Campaign hashtag", "Hashtag de campagne"), stage=None, unit="flag",
        description=_l("A campaign of the roster lists the hashtag.", "Une campagne du roster liste le hashtag."),
    ),
    attribute(
        "campaigns", _l("Campaigns listing it", "Campagnes qui le listent"), stage=None,
        description=_l("The campaigns whose roster lists the hashtag.",
                       "Les campagnes dont le roster liste le hashtag."),
    ),
    attribute(
        "monthly_posts", _l("Posts per month", "Publications par mois"), stage=None, unit="number",
        description=_l("Posts carrying the hashtag in each month of the selection, oldest first.",
                       "Publications portant le hashtag chaque mois de la sélection, de la plus ancienne à la "
                       "plus récente."),
    ),
    attribute(
        "first_used", _l("First used", "Première utilisation"), stage=None, unit="date",
        description=_l("Publication date of the first selected post carrying the hashtag.",
                       "Date de publication de la première publication sélectionnée portant le hashtag."),
    ),
    attribute(
        "last_used", _l("Last used", "Dernière utilisation"), stage=None, unit="date",
        description=_l("Publication date of the latest selected post carrying the hashtag.",
                       "Date de publication de la dernière publication sélectionnée portant le hashtag."),
    ),
    attribute(
        "category", _l("Reaction category", "Catégorie de réaction"), stage=None,
        column_label=_l("Category", "Catégorie"),
        description=_l("A reaction category of the vocabulary (question, testimony, concern…).",
                       "Une catégorie de réaction du vocabulaire (question, témoignage, inquiétude…)."),
    ),
    Metric(
        name="comments_in_category", label=_l("Comments in the category", "Commentaires de la catégorie"),
        unit="count", section="reaction", format=",.0f", formula="count(classified comments in the category)",
        description=_l("Classified comments of the group labelled with the row's category.",
                       "Commentaires classés du groupe portant la catégorie de la ligne."),
    ),
    Metric(
        name="category_share", label=_l("Share of classified comments", "Part des commentaires classés"),
        unit="fraction", section="reaction", format=".1%", formula="comments in the category / classified comments",
        description=_l("Share of the group's classified comments in the category; a comment with two categories "
                       "counts in both, so a group's shares can add up to more than 100%.",
                       "Part des commentaires classés du groupe dans la catégorie ; un commentaire à deux "
                       "catégories compte dans les deux, les parts d'un groupe peuvent dépasser 100 %."),
    ),
    attribute(
        "text", _l("Comment, pseudonymised", "Commentaire pseudonymisé"), stage=None,
        column_label=_l("Comment (pseudonymised)", "Commentaire (pseudonymisé)"),
        description=_l("Text of the comment with @mentions, e-mail addresses and phone numbers masked.",
                       "Texte du commentaire, mentions @, adresses e-mail et numéros de téléphone masqués."),
    ),
    attribute(
        "categories", _l("Reaction categories", "Catégories de réaction"), stage=None,
        column_label=_l("Categories", "Catégories"),
        description=_l("The comment's reaction categories (a person's correction wins over the classifier).",
                       "Les catégories de réaction du commentaire (la correction d'une personne l'emporte sur le "
                       "classifieur)."),
    ),
    attribute(
        "adverse_event", _l("Possible adverse event", "Effet indésirable possible"), stage=None, unit="flag",
        column_label=_l("Possible AE", "EI possible"),
        description=_l("The comment may report an adverse event (classifier, or a person's correction).",
                       "Le commentaire peut signaler un effet indésirable (classifieur, ou correction d'une "
                       "personne)."),
    ),
    attribute(
        "cues", _l("Classifier cues", "Indices du classifieur"), stage=None,
        column_label=_l("Why flagged", "Pourquoi signalé"),
        description=_l("What in the comment led the classifier to its categories.",
                       "Ce qui, dans le commentaire, a conduit le classifieur à ses catégories."),
    ),
    attribute(
        "comment_likes", _l("Likes of the comment", "J'aime du commentaire"), stage=None, unit="count",
        column_label=_l("Likes", "J'aime"),
        description=_l("Likes the comment received, as exported.", "J'aime reçus par le commentaire, selon l'export."),
    ),
    attribute(
        "corrected_at", _l("Corrected at", "Corrigé le"), stage=None, unit="datetime", column_label=_WHEN,
        description=_l("When a person corrected the comment's reaction categories.",
                       "Quand une personne a corrigé les catégories de réaction du commentaire."),
    ),
    attribute(
        "corrected_by", _l("Corrected by", "Corrigé par"), stage=None, column_label=_WHO,
        description=_l("Who corrected the comment's reaction categories.",
                       "Qui a corrigé les catégories de réaction du commentaire."),
    ),
    attribute(
        "author", _l("Author (pseudonym)", "Auteur (pseudonyme)"), stage=None,
        description=_l("A short pseudonym of the comment's author (never the account name).",
                       "Un pseudonyme court de l'auteur du commentaire (jamais le nom du compte)."),
    ),
)  # fmt: skip


# --------------------------------------------------------------------------- owned pages (warehouse.owned)

_add(
    attribute(
        "month", _l("Month", "Mois"), stage=None, unit="date",
        description=_l("First day of the month the row counts.", "Premier jour du mois que compte la ligne."),
    ),
    Metric(
        name="followers_end", label=_l("Followers at month end", "Abonnés en fin de mois"), unit="count",
        section="volume", format=",.0f", formula="last follower count of the month",
        description=_l("The account's follower count on the last day of the month the series has; not "
                       "available when the export gives only daily gains.",
                       "Le nombre d'abonnés du compte au dernier jour du mois présent dans la série ; non "
                       "disponible quand l'export ne donne que les gains quotidiens."),
    ),
    attribute(
        "first_post", _l("First post", "Première publication"), stage=None, unit="datetime",
        description=_l("When the account's first selected post was published.",
                       "Date de la première publication sélectionnée du compte."),
    ),
    attribute(
        "last_post", _l("Last post", "Dernière publication"), stage=None, unit="datetime",
        description=_l("When the account's latest selected post was published.",
                       "Date de la dernière publication sélectionnée du compte."),
    ),
    Metric(
        name="median_gap_days", label=_l("Median gap (days)", "Écart médian (jours)"), unit="number",
        section="volume", format=",.1f", formula="median(days between consecutive posts)",
        description=_l("The typical silence between two consecutive posts of the account.",
                       "Le silence habituel entre deux publications consécutives du compte."),
    ),
    Metric(
        name="format_share", label=_l("Share of the posts", "Part des publications"), unit="fraction",
        section="volume", format=".0%", formula="posts in the format / posts of the account or group",
        description=_l("Share of the account's (or group's) posts published in the format.",
                       "Part des publications du compte (ou du groupe) parues dans ce format."),
    ),
)  # fmt: skip


# --------------------------------------------------------------------------- own-history benchmark (analysis.benchmark)

_add(
    attribute(
        "metric", _l("Figure benchmarked", "Indicateur comparé"), stage=None,
        column_label=_l("Figure", "Indicateur"),
        description=_l("The registry entry the row places against earlier campaigns (engagement rate, cost per "
                       "engagement, useful reaction share).",
                       "L'entrée du registre que la ligne situe par rapport aux campagnes antérieures (taux "
                       "d'engagement, coût par engagement, part de réactions utiles)."),
    ),
    attribute(
        "value", _l("This campaign's figure", "Chiffre de la campagne"), stage=None, unit="number",
        column_label=_l("This campaign", "Cette campagne"),
        description=_l("The campaign's value of that figure, in its cell (platform × tier × profile type).",
                       "La valeur de cet indicateur pour la campagne, dans sa case (plateforme × palier × "
                       "profil)."),
    ),
    Metric(
        name="history_campaigns", label=_l("Earlier campaigns", "Campagnes antérieures"), unit="count",
        section="evidence", format=",.0f", ui_format="%d",
        formula="count(earlier campaigns of the same cell with the figure)",
        description=_l("Earlier campaigns of the same cell with the figure; too few of them give no placing.",
                       "Campagnes antérieures de la même case ayant l'indicateur ; trop peu ne permettent pas de "
                       "situer la campagne."),
    ),
    Metric(
        name="percentile", label=_l("Percentile among earlier campaigns", "Percentile parmi les campagnes antérieures"),
        column_label=_l("Percentile", "Percentile"), unit="number", section="evidence", format=".0f",
        ui_format="%.0f", formula="100 × (earlier figures below + ½ × ties) / earlier figures",
        description=_l("Share of the earlier campaigns' figures below this one (ties count half), 0 to 100.",
                       "Part des chiffres des campagnes antérieures en dessous de celui-ci (les égalités comptent "
                       "pour moitié), de 0 à 100."),
    ),
    Metric(
        name="usual_low", label=_l("Usual range, low end", "Fourchette habituelle, bas"), unit="number",
        section="evidence", format=".4g", ui_format="%.4g", formula="25th percentile of the earlier figures",
        description=_l("Low end of the usual range: the 25th percentile of the earlier campaigns' figures.",
                       "Bas de la fourchette habituelle : 25e percentile des chiffres des campagnes antérieures."),
    ),
    Metric(
        name="usual_high", label=_l("Usual range, high end", "Fourchette habituelle, haut"), unit="number",
        section="evidence", format=".4g", ui_format="%.4g", formula="75th percentile of the earlier figures",
        description=_l("High end of the usual range: the 75th percentile of the earlier campaigns' figures.",
                       "Haut de la fourchette habituelle : 75e percentile des chiffres des campagnes antérieures."),
    ),
    attribute(
        "position", _l("Compared with your usual range", "Par rapport à votre fourchette habituelle"), stage=None,
        description=_l("above, within or below the usual range; not_enough_history or no_value when it cannot "
                       "be placed.",
                       "au-dessus, dans ou en dessous de la fourchette habituelle ; not_enough_history ou "
                       "no_value quand elle ne peut être située."),
    ),
)  # fmt: skip


# --------------------------------------------------------------------------- reading the registry


def get(name: str) -> Metric | None:
    """The entry of an output column (None when the name is not registered)."""
    return _REGISTRY.get(name) or _dynamic(name)


def entries() -> list[Metric]:
    """Every entry, in catalogue order: by section, then as declared; per-category counts included."""
    items = list(_REGISTRY.values())
    items += [m for m in (_dynamic(CATEGORY_PREFIX + c) for c in REACTION_CATEGORIES) if m is not None]
    items += [m for m in (_dynamic(c) for c in DISCLOSURE_LEVELS) if m is not None]
    order = {s: i for i, s in enumerate(SECTIONS)}
    return sorted(items, key=lambda m: order[m.section])  # stable: declaration order within a section


def post_metrics() -> list[Metric]:
    """Post-level columns in the order post_table returns them: by stage, then as declared."""
    return [m for s in STAGES for m in _REGISTRY.values() if m.stage == s]


def group_metrics() -> list[Metric]:
    """Entries aggregated per group (aggregate's `_g` stage), in catalogue order."""
    return [m for m in entries() if m.group_sql is not None]


def featured() -> list[str]:
    """Names shown after the standard columns in the CLI table and the per-group tables."""
    return [m.name for m in entries() if m.featured]
