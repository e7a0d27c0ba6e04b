"""Post formats and the coarser families they are compared in.

Readers emit only format codes registered here; the warehouse stores the
family beside the format. A format's colour is its family's colour in the
shade of its platform, so "Reels" and "TikTok videos" read as kin on a chart.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from domain.platforms import PLATFORMS
from domain.vocab import GREY, Term, Vocabulary, labels, shade


@dataclass(frozen=True, kw_only=True)
class FormatFamily(Term):
    """is_video: engagement by views and view rates apply to it."""

    is_video: bool = False


@dataclass(frozen=True, kw_only=True)
class Format(Term):
    family: str
    platform: str | None = None  # None: not tied to a platform ("unknown")


FORMAT_FAMILIES: Vocabulary[FormatFamily] = Vocabulary("format_family", phrased=True)


def _fam(
    code: str, colour: str, en: str, fr: str, phrase_en: str, phrase_fr: str, video: bool = False
) -> None:
    FORMAT_FAMILIES.register(
        FormatFamily(
            code=code,
            label=labels(en, fr),
            phrase=labels(phrase_en, phrase_fr),
            colour=colour,
            is_video=video,
        )
    )


_fam("short_video", "#0F6E7A", "Short videos", "Vidéos courtes", "short videos", "les vidéos courtes", True)
_fam("video", "#1F4E79", "Videos", "Vidéos", "videos", "les vidéos", True)
_fam("image", "#E09F3E", "Image posts", "Publications image", "image posts", "les publications image")
_fam("carousel", "#9E4770", "Carousels", "Carrousels", "carousels", "les carrousels")
_fam("story", "#E56B6F", "Stories", "Stories", "stories", "les stories")
_fam(
    "text_link",
    "#5C6F7B",
    "Text and link posts",
    "Publications texte et lien",
    "text and link posts",
    "les publications texte et lien",
)
_fam("live", "#7B2CBF", "Live videos", "Lives", "live videos", "les lives", True)
_fam(
    "unknown",
    GREY,
    "Posts of unknown format",
    "Publications de format inconnu",
    "posts of unknown format",
    "les publications de format inconnu",
)


class FormatVocabulary(Vocabulary[Format]):
    """Checks family and platform exist, and derives a colour when none is given."""

    def _prepare(self, term: Format) -> Format:
        if term.family not in FORMAT_FAMILIES:
            raise ValueError(f"format {term.code!r}: unknown family {term.family!r}")
        if term.platform is not None and term.platform not in PLATFORMS:
            raise ValueError(f"format {term.code!r}: unknown platform {term.platform!r}")
        if term.colour is not None:
            return term
        # family hue, platform shade, and a further step for each extra format of the same pair
        # (LinkedIn post / article / poll are all text and link posts)
        k = sum(1 for f in self.terms() if (f.family, f.platform) == (term.family, term.platform))
        amount = PLATFORMS[term.platform].shade if term.platform else 0.0
        if k:  # move away from the platform shade, alternating lighter/darker
            step = 0.22 * ((k + 1) // 2) * (1 if k % 2 else -1)
            amount = max(-0.75, min(0.8, amount + step))
        return replace(term, colour=shade(FORMAT_FAMILIES.colour(term.family) or GREY, amount))


FORMATS: FormatVocabulary = FormatVocabulary("format", phrased=True)


def _f(
    code: str, family: str, platform: str | None, en: str, fr: str, phrase_en: str, phrase_fr: str
) -> None:
    FORMATS.register(
        Format(
            code=code,
            family=family,
            platform=platform,
            label=labels(en, fr),
            phrase=labels(phrase_en, phrase_fr),
        )
    )


# fmt: off
_f("ig_reel", "short_video", "instagram", "Reels", "Reels", "Reels", "les reels")
_f("ig_image", "image", "instagram", "Image posts", "Publications image", "image posts", "les publications image")
_f("ig_carousel", "carousel", "instagram", "Carousels", "Carrousels", "carousels", "les carrousels")
_f("ig_story", "story", "instagram", "Stories", "Stories", "stories", "les stories")
_f("fb_reel", "short_video", "facebook", "Facebook Reels", "Reels Facebook", "Facebook Reels", "les reels Facebook")
_f("fb_video", "video", "facebook", "Facebook videos", "Vidéos Facebook", "Facebook videos", "les vidéos Facebook")
_f("fb_photo", "image", "facebook", "Facebook photos", "Photos Facebook", "Facebook photos", "les photos Facebook")
_f("fb_link", "text_link", "facebook", "Facebook link posts", "Publications lien Facebook",
   "Facebook link posts", "les publications lien Facebook")
_f("fb_text", "text_link", "facebook", "Facebook text posts", "Publications texte Facebook",
   "Facebook text posts", "les publications texte Facebook")
_f("fb_album", "carousel", "facebook", "Facebook albums", "Albums Facebook", "Facebook albums", "les albums Facebook")
_f("fb_live", "live", "facebook", "Facebook Lives", "Lives Facebook", "Facebook Lives", "les lives Facebook")
_f("tiktok_video", "short_video", "tiktok", "TikTok videos", "Vidéos TikTok", "TikTok videos", "les vidéos TikTok")
_f("tiktok_photo", "carousel", "tiktok", "TikTok photo carousels", "Carrousels photo TikTok",
   "TikTok photo carousels", "les carrousels photo TikTok")
_f("li_post", "text_link", "linkedin", "LinkedIn posts", "Publications LinkedIn",
   "LinkedIn posts", "les publications LinkedIn")
_f("li_image", "image", "linkedin", "LinkedIn image posts", "Publications image LinkedIn",
   "LinkedIn image posts", "les publications image LinkedIn")
_f("li_video", "video", "linkedin", "LinkedIn videos", "Vidéos LinkedIn", "LinkedIn videos", "les vidéos LinkedIn")
_f("li_document", "carousel", "linkedin", "LinkedIn documents", "Documents LinkedIn",
   "LinkedIn documents", "les documents LinkedIn")
_f("li_article", "text_link", "linkedin", "LinkedIn articles", "Articles LinkedIn",
   "LinkedIn articles", "les articles LinkedIn")
_f("li_poll", "text_link", "linkedin", "LinkedIn polls", "Sondages LinkedIn", "LinkedIn polls", "les sondages LinkedIn")
_f("yt_video", "video", "youtube", "YouTube videos", "Vidéos YouTube", "YouTube videos", "les vidéos YouTube")
_f("yt_short", "short_video", "youtube", "YouTube Shorts", "YouTube Shorts", "YouTube Shorts", "les YouTube Shorts")
_f("yt_live", "live", "youtube", "YouTube live streams", "Lives YouTube", "YouTube live streams", "les lives YouTube")
_f("x_post", "text_link", "x", "X posts", "Publications X", "X posts", "les publications X")
_f("x_image", "image", "x", "X image posts", "Publications image X", "X image posts", "les publications image X")
_f("x_video", "video", "x", "X videos", "Vidéos X", "X videos", "les vidéos X")
_f("unknown", "unknown", None, "Posts of unknown format", "Publications de format inconnu",
   "posts of unknown format", "les publications de format inconnu")
# fmt: on


class _FamilyOf(Mapping[str, str]):
    """format -> family, read live from FORMATS (the mapping the loader and charts use)."""

    def __getitem__(self, code: str) -> str:
        return FORMATS[code].family

    def __iter__(self) -> Iterator[str]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)


FORMAT_FAMILY = _FamilyOf()


def video_families() -> tuple[str, ...]:
    """Families counted as video (engagement by views, view rate)."""
    return FORMAT_FAMILIES.where(is_video=True)
