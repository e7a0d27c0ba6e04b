"""Who posts: influencer profile types (from the roster) and follower tiers."""

from __future__ import annotations

from dataclasses import dataclass

from domain.vocab import Term, Vocabulary, labels


@dataclass(frozen=True, kw_only=True)
class Tier(Term):
    """min_followers: inclusive lower bound; the upper bound is the next tier's lower bound."""

    min_followers: int


@dataclass(frozen=True, kw_only=True)
class ProfileType(Term):
    """in_roster: a roster may declare it as a person's profile type. Brand pages are not people: a
    roster row with profile_type `brand_page` (OWNED_PAGE) marks the client's own page, which the
    loader lists in owned_pages; influencers_v shows it with this profile type."""

    in_roster: bool = True


PROFILE_TYPES: Vocabulary[ProfileType] = Vocabulary("profile_type", phrased=True)
TIERS: Vocabulary[Tier] = Vocabulary("tier", phrased=True)

for _code, _colour, _en, _fr in (
    ("health_professional", "#2A9D8F", "health professionals", "professionnels de santé"),
    ("patient_expert", "#E76F51", "patient experts", "patients experts"),
    ("caregiver", "#F4A261", "caregivers", "aidants"),
    ("institution", "#264653", "institutions", "institutions"),
    ("generalist", "#8E7DBE", "generalist creators", "créateurs généralistes"),
):
    PROFILE_TYPES.register(
        ProfileType(
            code=_code,
            label=labels(_en[:1].upper() + _en[1:], _fr[:1].upper() + _fr[1:]),
            phrase=labels(_en, "les " + _fr),
            colour=_colour,
        )
    )
PROFILE_TYPES.register(
    ProfileType(
        code="brand_page",
        label=labels("Brand pages", "Pages de marque"),
        phrase=labels("brand pages", "les pages de marque"),
        colour="#7F5539",
        in_roster=False,
    )
)


OWNED_PAGE = "brand_page"


def roster_profile_types() -> tuple[str, ...]:
    """Profile types a roster may declare (the others are assigned by Relais)."""
    return PROFILE_TYPES.where(in_roster=True)


for _code, _min, _colour, _en, _fr in (
    ("nano", 0, "#9FD8D0", "nano-influencers", "nano-influenceurs"),
    ("micro", 10_000, "#5DB3AA", "micro-influencers", "micro-influenceurs"),
    ("mid", 100_000, "#2F8C86", "mid-tier influencers", "influenceurs intermédiaires"),
    ("macro", 500_000, "#17646A", "macro-influencers", "macro-influenceurs"),
    ("mega", 1_000_000, "#0B3C40", "mega-influencers", "méga-influenceurs"),
):
    TIERS.register(
        Tier(
            code=_code,
            min_followers=_min,
            label=labels(_en[:1].upper() + _en[1:], _fr[:1].upper() + _fr[1:]),
            phrase=labels(_en, "les " + _fr),
            colour=_colour,
        )
    )


def default_tiers() -> tuple[tuple[str, int], ...]:
    """(tier, min_followers) rows written to tier_thresholds when a warehouse is created."""
    return tuple((t.code, t.min_followers) for t in TIERS.terms())
