"""The vocabulary every layer shares: platforms, formats, audiences, reactions, compliance codes.

Nothing here imports another Relais package. Each code is declared once, as a
record with its aliases, labels (en/fr), colour and order; every other list in
Relais is derived from these (see README "Adding a platform / metric / page /
reaction category").
"""

from domain.audience import (
    OWNED_PAGE,
    PROFILE_TYPES,
    TIERS,
    ProfileType,
    Tier,
    default_tiers,
    roster_profile_types,
)
from domain.community import (
    CAPTION_FLAGS,
    MODERATION_ACTIONS,
    MODERATION_REASONS,
    PAGE_AUDIENCES,
    hcp_audience_label,
)
from domain.compliance import (
    DISCLOSURE_LEVELS,
    PRODUCT_RISKS,
    PV_STATUSES,
    SENSITIVE_TOPICS,
    DisclosureLevel,
    PvStatus,
)
from domain.formats import FORMAT_FAMILIES, FORMAT_FAMILY, FORMATS, Format, FormatFamily, video_families
from domain.measures import POST_METRIC_COLUMNS
from domain.platforms import PLATFORMS, Platform
from domain.reactions import REACTION_CATEGORIES, ReactionCategory, useful_categories
from domain.vocab import GREY, LANGS, Term, Vocabulary, labels

# dimension name (as used by the metrics keys, charts and code_name) -> vocabulary
VOCABULARIES: dict[str, Vocabulary] = {
    v.name: v
    for v in (
        PLATFORMS,
        FORMATS,
        FORMAT_FAMILIES,
        PROFILE_TYPES,
        TIERS,
        REACTION_CATEGORIES,
        DISCLOSURE_LEVELS,
        PV_STATUSES,
        PRODUCT_RISKS,
        SENSITIVE_TOPICS,
        CAPTION_FLAGS,
        MODERATION_REASONS,
        MODERATION_ACTIONS,
        PAGE_AUDIENCES,
    )
}
# the dimensions posts are grouped and compared by, in the order a code is looked up in
LEVEL_VOCABULARIES: tuple[Vocabulary, ...] = (PLATFORMS, FORMATS, FORMAT_FAMILIES, PROFILE_TYPES, TIERS)


def level_term(code: object) -> Term | None:
    """The term of a level code of any grouping dimension (platform first, then format, family…)."""
    for vocab in LEVEL_VOCABULARIES:
        term = vocab.get(code)
        if term is not None:
            return term
    return None


__all__ = [
    "OWNED_PAGE",
    "CAPTION_FLAGS",
    "MODERATION_ACTIONS",
    "MODERATION_REASONS",
    "PAGE_AUDIENCES",
    "DISCLOSURE_LEVELS",
    "FORMATS",
    "FORMAT_FAMILIES",
    "FORMAT_FAMILY",
    "GREY",
    "LANGS",
    "LEVEL_VOCABULARIES",
    "PLATFORMS",
    "POST_METRIC_COLUMNS",
    "PRODUCT_RISKS",
    "PROFILE_TYPES",
    "PV_STATUSES",
    "REACTION_CATEGORIES",
    "SENSITIVE_TOPICS",
    "TIERS",
    "VOCABULARIES",
    "DisclosureLevel",
    "Format",
    "FormatFamily",
    "Platform",
    "ProfileType",
    "PvStatus",
    "ReactionCategory",
    "Term",
    "Tier",
    "Vocabulary",
    "default_tiers",
    "labels",
    "roster_profile_types",
    "hcp_audience_label",
    "level_term",
    "useful_categories",
    "video_families",
]
