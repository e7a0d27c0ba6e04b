"""UI strings, one module per language (`en.py`, `fr.py`), keyed alike.

Why one place per language: a translator reviews one file, and a test
(`tests/ui/test_i18n.py`) fails on a key missing from either language or a
placeholder that differs between them.
"""

from __future__ import annotations

from ui.i18n import en, fr

LANGS: tuple[str, ...] = ("fr", "en")
STRINGS: dict[str, dict[str, str]] = {"en": en.STRINGS, "fr": fr.STRINGS}


def text(key: str, lang: str) -> str:
    """The string `key` in `lang` (English when missing, the key itself when unknown, so gaps show)."""
    return STRINGS.get(lang, {}).get(key) or STRINGS["en"].get(key) or key
