"""UI strings: both languages have the same keys, the same placeholders, no duplicates, and every key the
UI asks for exists."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from ui import i18n

ROOT = Path(__file__).resolve().parents[2]
LANG_FILES = {lang: ROOT / "ui" / "i18n" / f"{lang}.py" for lang in i18n.LANGS}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys():
    en, fr = set(i18n.STRINGS["en"]), set(i18n.STRINGS["fr"])
    assert not en - fr, f"missing in French: {sorted(en - fr)}"
    assert not fr - en, f"missing in English: {sorted(fr - en)}"


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_key_is_written_twice(lang):
    tree = ast.parse(LANG_FILES[lang].read_text(encoding="utf-8"))
    keys = [k.value for node in ast.walk(tree) if isinstance(node, ast.Dict) for k in node.keys]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert not dupes, dupes


def test_placeholders_match_and_no_string_is_empty():
    for key, en in i18n.STRINGS["en"].items():
        fr = i18n.STRINGS["fr"][key]
        assert en.strip() and fr.strip(), key
        assert _placeholders(en) == _placeholders(fr), key


def test_every_key_the_ui_asks_for_exists():
    used: set[str] = set()
    for path in [ROOT / "dashboard.py", *(ROOT / "ui").rglob("*.py")]:
        if "i18n" in path.parts:
            continue
        used |= set(re.findall(r"\bt\(\s*\"([a-z0-9_]+)\"", path.read_text(encoding="utf-8")))
    assert used, "the scan found no t(...) call"
    missing = sorted(k for k in used if k not in i18n.STRINGS["en"])
    assert not missing, missing


def test_unknown_key_shows_itself_and_french_falls_back_to_english():
    assert i18n.text("no_such_key", "fr") == "no_such_key"
    some_key = next(iter(i18n.STRINGS["en"]))
    assert i18n.text(some_key, "xx") == i18n.STRINGS["en"][some_key]
