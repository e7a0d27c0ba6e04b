"""The shared vocabulary: every code has what every layer needs, and registering a term is seen everywhere."""

from __future__ import annotations

import re

import pytest

import domain
from domain import (
    DISCLOSURE_LEVELS,
    FORMAT_FAMILIES,
    FORMAT_FAMILY,
    FORMATS,
    LANGS,
    PLATFORMS,
    PROFILE_TYPES,
    PV_STATUSES,
    REACTION_CATEGORIES,
    TIERS,
    VOCABULARIES,
    Format,
    Platform,
    Term,
    labels,
)

HEX = re.compile(r"^#[0-9A-F]{6}$", re.IGNORECASE)


@pytest.mark.parametrize("vocab", list(VOCABULARIES.values()), ids=list(VOCABULARIES))
def test_every_code_has_a_label_in_both_languages_and_a_colour_where_charted(vocab):
    assert len(vocab) > 0
    for term in vocab.terms():
        for lang in LANGS:
            text = term.label.get(lang)
            assert text and text.strip() == text, f"{vocab.name}:{term.code} has no {lang} label"
            if vocab.phrased:
                assert term.phrase and term.phrase.get(lang), f"{vocab.name}:{term.code} has no {lang} phrase"
        if vocab.coloured:
            assert term.colour and HEX.match(term.colour), f"{vocab.name}:{term.code} has no colour"
        assert term.code == term.code.lower() and " " not in term.code
    assert [t.order for t in vocab.terms()] == list(range(len(vocab)))


def test_french_phrases_are_plural_with_their_article():
    # findings use a plural verb and contract "de les" -> "des" (analysis.findings)
    for vocab in domain.LEVEL_VOCABULARIES:
        for term in vocab.terms():
            assert term.phrase["fr"].startswith("les "), term.code


def test_colours_are_distinct_within_a_dimension():
    for name in ("platform", "format", "format_family", "profile_type", "tier", "category", "disclosure"):
        colours = [t.colour for t in VOCABULARIES[name].terms() if t.code != "unknown"]
        assert len(set(colours)) == len(colours), f"two {name} levels share a colour"


def test_the_values_the_layers_rely_on():
    assert tuple(PLATFORMS) == ("instagram", "facebook", "tiktok", "linkedin", "youtube", "x")
    assert FORMAT_FAMILY["ig_reel"] == "short_video" and FORMAT_FAMILY["li_document"] == "carousel"
    assert set(FORMAT_FAMILY.values()) <= set(FORMAT_FAMILIES)
    assert domain.video_families() == ("short_video", "video", "live")
    assert domain.useful_categories() == ("question", "testimony", "intent")
    assert domain.default_tiers()[1] == ("micro", 10_000)
    assert [t.min_followers for t in TIERS.terms()] == sorted(t.min_followers for t in TIERS.terms())
    assert PV_STATUSES.where(open=True) == ("new", "triaged")
    assert set(DISCLOSURE_LEVELS.where(problem=True)) == {"weak", "missing"}
    assert "caregiver" in PROFILE_TYPES and "spam" in REACTION_CATEGORIES
    # brand pages are shown by influencers_v (warehouse.schema) but never declared in a roster
    assert "brand_page" in PROFILE_TYPES and "brand_page" not in domain.roster_profile_types()


def test_aliases_resolve_case_insensitively_and_unknowns_do_not():
    assert PLATFORMS.resolve(" Twitter ") == "x"
    assert PLATFORMS.resolve("IG") == "instagram" and PLATFORMS.resolve("insta") == "instagram"
    assert PLATFORMS.resolve("YouTube") == "youtube"
    assert PLATFORMS.resolve("myspace") is None and PLATFORMS.resolve(None) is None
    assert PLATFORMS.alias_map()["fb"] == "facebook"


def test_format_colour_is_the_family_hue_in_the_platform_shade():
    # same family, different platforms: different shades of one hue; a format of a new platform gets one too
    assert FORMATS["ig_reel"].colour == FORMAT_FAMILIES["short_video"].colour  # Instagram: shade 0
    assert FORMATS["tiktok_video"].colour != FORMATS["ig_reel"].colour
    assert FORMATS["unknown"].colour == domain.GREY


def test_register_refuses_duplicates_and_bad_references():
    with pytest.raises(ValueError, match="already registered"):
        PLATFORMS.register(Platform(code="x", label=labels("X")))
    with pytest.raises(ValueError, match="already taken"):
        PLATFORMS.register(Platform(code="bluesky", label=labels("Bluesky"), aliases=("twitter",)))
    with pytest.raises(ValueError, match="unknown family"):
        FORMATS.register(Format(code="zz_post", family="hologram", platform="x", label=labels("Z")))
    with pytest.raises(ValueError, match="unknown platform"):
        FORMATS.register(Format(code="zz_post", family="image", platform="zz", label=labels("Z")))
    assert "bluesky" not in PLATFORMS and "zz_post" not in FORMATS


def test_a_registered_term_is_seen_by_every_derived_view_and_can_be_removed():
    term = PLATFORMS.register(
        Platform(
            code="bluesky",
            label=labels("Bluesky"),
            phrase=labels("Bluesky posts", "les publications Bluesky"),
            colour="#1185FE",
            aliases=("bsky",),
            shade=0.1,
        )
    )
    fmt = FORMATS.register(
        Format(
            code="bsky_post",
            family="text_link",
            platform="bluesky",
            label=labels("Bluesky posts", "Publications Bluesky"),
            phrase=labels("Bluesky posts", "les publications Bluesky"),
        )
    )
    try:
        assert term.order == 6 and "bluesky" in PLATFORMS and PLATFORMS.resolve("BSKY") == "bluesky"
        assert FORMAT_FAMILY["bsky_post"] == "text_link" and fmt.colour and HEX.match(fmt.colour)
        assert domain.level_term("bsky_post").text("fr") == "Publications Bluesky"
    finally:
        FORMATS.unregister("bsky_post")
        PLATFORMS.unregister("bluesky")
    assert (
        "bluesky" not in PLATFORMS and PLATFORMS.resolve("bsky") is None and "bsky_post" not in FORMAT_FAMILY
    )


def test_level_term_looks_up_every_grouping_dimension():
    assert domain.level_term("instagram").text("fr") == "Instagram"
    assert domain.level_term("ig_reel").text("en") == "Reels"
    assert domain.level_term("health_professional").text("fr") == "Professionnels de santé"
    assert domain.level_term("mid").text("fr") == "Influenceurs intermédiaires"
    assert domain.level_term("nope") is None
    assert isinstance(domain.level_term("live"), Term)


def test_domain_imports_no_other_relais_package():
    import pathlib

    root = pathlib.Path(domain.__file__).parent
    for path in root.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pkg in ("etl", "reactions", "warehouse", "analysis", "reports", "ui", "cli"):
            assert not re.search(rf"^\s*(from|import) {pkg}\b", text, re.M), f"{path.name} imports {pkg}"
