"""Reaction categories of a comment (what people say under a post)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.vocab import Term, Vocabulary, labels


@dataclass(frozen=True, kw_only=True)
class ReactionCategory(Term):
    """useful: counts as a useful reaction (a question, testimony or intention to act) in the metrics."""

    useful: bool = False


REACTION_CATEGORIES: Vocabulary[ReactionCategory] = Vocabulary("category")

for _code, _colour, _en, _fr, _useful in (
    ("question", "#0F6E7A", "Question", "Question", True),
    ("testimony", "#E09F3E", "Testimony", "Témoignage", True),
    ("support", "#8E7DBE", "Support / thanks", "Soutien / remerciement", False),
    ("intent", "#2A9D8F", "Intention to act", "Intention d'agir", True),
    ("awareness", "#5FA8D3", "Awareness", "Sensibilisation", False),
    ("concern", "#E56B6F", "Doubt / concern", "Doute / inquiétude", False),
    ("tag", "#ADB5BD", "Friend tag", "Identification d'un proche", False),
    ("spam", "#6C757D", "Spam", "Spam", False),
):
    REACTION_CATEGORIES.register(
        ReactionCategory(code=_code, label=labels(_en, _fr), colour=_colour, useful=_useful)
    )


def useful_categories() -> tuple[str, ...]:
    """Categories that make a comment a useful reaction, in vocabulary order."""
    return REACTION_CATEGORIES.where(useful=True)
