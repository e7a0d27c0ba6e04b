"""Platforms Relais reads, with the spellings found in exports and rosters."""

from __future__ import annotations

from dataclasses import dataclass

from domain.vocab import Term, Vocabulary, labels


@dataclass(frozen=True, kw_only=True)
class Platform(Term):
    """shade: how a format of this platform shades its family colour (-: darker, +: lighter)."""

    shade: float = 0.0


PLATFORMS: Vocabulary[Platform] = Vocabulary("platform", phrased=True)


def _p(code: str, name: str, colour: str, shade: float, aliases: tuple[str, ...]) -> None:
    PLATFORMS.register(
        Platform(
            code=code,
            label=labels(name),
            phrase=labels(f"{name} posts", f"les publications {name}"),
            colour=colour,
            shade=shade,
            aliases=aliases,
        )
    )


_p("instagram", "Instagram", "#C13584", 0.0, ("ig", "insta"))
_p("facebook", "Facebook", "#4267B2", 0.3, ("fb",))
_p("tiktok", "TikTok", "#161823", -0.3, ("tt",))
_p("linkedin", "LinkedIn", "#0A8AC2", -0.5, ("li",))
_p("youtube", "YouTube", "#E62117", 0.5, ("yt",))
_p("x", "X", "#7A8B99", 0.65, ("twitter",))
