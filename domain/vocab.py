"""The record and registry every vocabulary is made of.

Why one shape: a code (a platform, a format, a reaction category…) is used by
the readers (aliases in exports), the warehouse (allowed values), the analysis
(the noun used in a sentence), the UI (label, colour, order) and the report.
Each fact is declared once, on a `Term`, and every layer reads it from here.

A `Vocabulary` behaves like the ordered tuple of its codes (`in`, iteration,
`len`, `", ".join(...)`), and is read at call time, so a term registered later
(a new platform, or a fake one in a test) is seen everywhere without restarting.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

LANGS: tuple[str, ...] = ("en", "fr")
GREY = "#B0B7BA"  # the colour of "unknown" and of anything without a colour of its own


@dataclass(frozen=True, kw_only=True)
class Term:
    """One code of a vocabulary.

    label:  short display name per language (chart axes, tables, filters).
    phrase: the plural noun with its article, per language, for sentences
            ("les reels" — French findings use a plural verb); None when the
            vocabulary is never put in a sentence.
    colour: #rrggbb, fixed so a level looks the same on every page and in the deck.
    aliases: other spellings found in files people load (lower case).
    order:  position in its vocabulary, set on registration.
    """

    code: str
    label: Mapping[str, str]
    phrase: Mapping[str, str] | None = None
    colour: str | None = None
    aliases: tuple[str, ...] = ()
    order: int = -1

    def text(self, lang: str) -> str:
        return self.label.get(lang) or self.label["en"]


T = TypeVar("T", bound=Term)


@dataclass
class Vocabulary(Generic[T]):
    """An ordered set of terms of one kind (the dimension name is `name`)."""

    name: str
    coloured: bool = True  # every term must have a colour (charted dimensions)
    phrased: bool = False  # every term must have a phrase (dimensions compared in findings)
    _terms: dict[str, T] = field(default_factory=dict, repr=False)
    _aliases: dict[str, str] = field(default_factory=dict, repr=False)

    # ---- registration
    def register(self, term: T) -> T:
        """Add a term at the end; refuses a code or alias that is already taken."""
        if term.code in self._terms or term.code in self._aliases:
            raise ValueError(f"{self.name}: code {term.code!r} is already registered")
        for alias in term.aliases:
            if alias != alias.lower():
                raise ValueError(f"{self.name}: alias {alias!r} must be lower case")
            if alias in self._terms or alias in self._aliases:
                raise ValueError(f"{self.name}: alias {alias!r} is already taken")
        term = self._prepare(replace(term, order=len(self._terms)))
        self._terms[term.code] = term
        for alias in term.aliases:
            self._aliases[alias] = term.code
        return term

    def unregister(self, code: str) -> None:
        """Remove a term (tests that register a fake one clean up with this)."""
        term = self._terms.pop(code)
        for alias in term.aliases:
            self._aliases.pop(alias, None)
        for i, t in enumerate(list(self._terms.values())):
            self._terms[t.code] = replace(t, order=i)

    def _prepare(self, term: T) -> T:
        """Hook for vocabularies that derive a field (format colours)."""
        return term

    # ---- the tuple-of-codes protocol
    def __iter__(self) -> Iterator[str]:
        return iter(list(self._terms))

    def __len__(self) -> int:
        return len(self._terms)

    def __contains__(self, code: object) -> bool:
        return code in self._terms

    def __getitem__(self, code: str) -> T:
        return self._terms[code]

    def codes(self) -> tuple[str, ...]:
        return tuple(self._terms)

    def terms(self) -> tuple[T, ...]:
        return tuple(self._terms.values())

    def get(self, code: Any) -> T | None:
        return self._terms.get(str(code)) if code is not None else None

    # ---- lookups
    def resolve(self, value: Any) -> str | None:
        """The code for a code or an alias (trimmed, case-insensitive); None when unknown."""
        if value is None:
            return None
        key = str(value).strip().lower()
        if key in self._terms:
            return key
        return self._aliases.get(key)

    def alias_map(self) -> dict[str, str]:
        """Every accepted spelling (codes and aliases, lower case) -> code."""
        return {**{c: c for c in self._terms}, **self._aliases}

    def label(self, code: Any, lang: str = "en") -> str | None:
        term = self.get(code)
        return term.text(lang) if term else None

    def labels(self, lang: str = "en") -> dict[str, str]:
        return {t.code: t.text(lang) for t in self._terms.values()}

    def phrase(self, code: Any, lang: str = "en") -> str | None:
        term = self.get(code)
        if term is None or term.phrase is None:
            return None
        return term.phrase.get(lang) or term.phrase["en"]

    def colour(self, code: Any) -> str | None:
        term = self.get(code)
        return term.colour if term else None

    def colours(self) -> dict[str, str]:
        """code -> colour of every term that has one."""
        return {t.code: t.colour for t in self._terms.values() if t.colour}

    def where(self, **attrs: Any) -> tuple[str, ...]:
        """Codes whose terms have all of these attribute values (e.g. useful=True)."""
        return tuple(
            t.code for t in self._terms.values() if all(getattr(t, k) == v for k, v in attrs.items())
        )


def labels(en: str, fr: str | None = None) -> dict[str, str]:
    """{'en': en, 'fr': fr} (fr defaults to en: brand names)."""
    return {"en": en, "fr": fr if fr is not None else en}


def shade(hex_colour: str, amount: float) -> str:
    """Lighten (amount > 0) or darken (amount < 0) a #rrggbb colour."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    if amount >= 0:
        r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    else:
        r, g, b = (round(c * (1 + amount)) for c in (r, g, b))
    return f"#{r:02X}{g:02X}{b:02X}"
