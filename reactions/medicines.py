"""The medicine lexicon that ships with Relais (brands and substances, French and English) and a client's list.

Why: naming a medicine is evidence for the classifier (a comment about a treatment), it is what the
product mentions count, and the compliance checks need to know whether a named medicine needs a
prescription. `reactions/data/medicines.csv` is derived from the ANSM's BDPM (Licence Ouverte / Etalab) and
from Drugs@FDA (public domain) by `reactions/data/build_medicines.py` (attribution: NOTICE and the file's
first line). A client's product list (`relais products load`) extends it and wins where both name the
same thing.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "medicines.csv"
MIN_CLIENT_TERM = 3  # as warehouse.products.MIN_TERM_LENGTH

Entry = tuple[tuple[str, ...], str, bool]  # (product names, molecule key, is a molecule)


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, str], ...]:
    """The shipped lexicon rows: name, kind, lang, sources, vaccine, prescription, conditions, reimbursed,
    substances, plus `display` (how a mention is shown: "Doliprane", "paracetamol").

    Read with the csv module: classifying must not pay for importing pandas."""
    with open(LEXICON_PATH, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    for r in rows:
        r["display"] = r["name"].title() if r["kind"] == "brand" else r["name"]
    return tuple(rows)


def attribution() -> str:
    """The lexicon's source line (its first line, without '# ')."""
    with open(LEXICON_PATH, encoding="utf-8") as f:
        return f.readline().lstrip("# ").strip()


def lexicon_names() -> list[str]:
    return [r["name"] for r in lexicon()]


def lexicon_terms() -> list[tuple[str, Entry]]:
    """(phrase, entry) for every lexicon name: a mention names itself."""
    return [(r["name"], ((r["display"],), "", False)) for r in lexicon()]


def lookup(display_names: Iterable[str]) -> dict[str, dict[str, str]]:
    """Lexicon rows for names as shown in mentions (case-insensitive): {display: row}."""
    want = {str(n).lower() for n in display_names}
    return {r["display"]: r for r in lexicon() if r["display"].lower() in want}


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFD", str(s).lower())
    return "".join(c for c in s if unicodedata.category(c) != "Mn").strip()


def client_terms(products: Any) -> list[tuple[str, Entry]]:
    """(phrase, entry) for a client's products: names and aliases name the product; a molecule names every
    product made of it. `products`: a ProductMatcher, a DataFrame (name, aliases, molecule), a mapping
    {name: aliases}, or names."""
    if products is None:
        return []
    items: list[tuple[str, list[str], str | None]] = []
    if hasattr(products, "products") and isinstance(products.products, Mapping):
        for p in products.products.values():
            items.append((p.name, list(p.aliases), p.molecule))
    elif hasattr(products, "to_dict") and hasattr(products, "columns"):  # a DataFrame
        for r in products.to_dict("records"):
            al = r.get("aliases")
            al = al.split("|") if isinstance(al, str) else list(al) if al is not None and not _na(al) else []
            mol = r.get("molecule")
            items.append(
                (
                    str(r["name"]),
                    [str(a) for a in al],
                    None if mol is None or _na(mol) or mol == "" else str(mol),
                )
            )
    elif isinstance(products, Mapping):
        for name, al in products.items():
            al = al.split("|") if isinstance(al, str) else list(al or [])
            items.append((str(name), [str(a) for a in al], None))
    else:
        items = [(str(n), [], None) for n in products]
    out: dict[str, Entry] = {}
    mol_products: dict[str, list[str]] = {}
    for name, aliases, mol in items:
        mkey = _key(mol) if mol else ""
        for term in (name, *aliases):
            for variant in _variants(term):
                out.setdefault(variant, ((name,), mkey, False))
        if mol:
            mol_products.setdefault(mol, []).append(name)
    for mol, names in mol_products.items():
        for variant in _variants(mol):
            out.setdefault(variant, (tuple(sorted(set(names))), _key(mol), True))
    return sorted(out.items())


def _key(term: str) -> str:
    return re.sub(r"[\s_\-]+", "", _fold(term))


def _variants(term: str) -> list[str]:
    """The phrase as written, its words glued ("freestyle libre" -> "freestylelibre"), a plural -s."""
    t = re.sub(r"[\s_\-]+", " ", _fold(term)).strip()
    if len(t.replace(" ", "")) < MIN_CLIENT_TERM:
        return []
    out = [t]
    if " " in t:
        out.append(t.replace(" ", ""))
    if not t.endswith("s"):
        out.append(t + "s")
    return out


def _na(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v)


_WORD = re.compile(r"[a-z0-9]+")


class LexiconMatcher:
    """The lexicon's names in one text (1 to 4 words), for callers that check texts one at a time (captions).

    Same folding and word boundaries as the bulk classifier (`reactions.model.ProductIndex`); a longer
    name wins over a shorter one inside it. Returns display names ("Doliprane", "paracetamol").
    """

    def __init__(self, kinds: Iterable[str] = ("brand", "substance"), exclude: Iterable[str] = ()) -> None:
        skip = {_fold(x) for x in exclude}
        self.names: dict[str, str] = {}
        for r in lexicon():
            key = " ".join(_WORD.findall(_fold(r["name"])))
            if r["kind"] in kinds and key and key not in skip and r["name"] not in skip:
                self.names.setdefault(key, r["display"])
        self.rows = {r["display"]: r for r in lexicon()}

    def find(self, text: str | None) -> list[str]:
        if not text:
            return []
        words = _WORD.findall(_fold(text).replace("\u2019", "'"))
        found: set[str] = set()
        i = 0
        while i < len(words):
            for n in (4, 3, 2, 1):
                key = " ".join(words[i : i + n])
                if len(words) - i >= n and key in self.names:
                    found.add(self.names[key])
                    i += n
                    break
            else:
                i += 1
        return sorted(found)

    def product_row(self, display: str) -> dict[str, Any] | None:
        """The lexicon row as a product list row (name, kind, prescription_only, reimbursed; None = unknown)."""
        r = self.rows.get(display)
        if r is None:
            return None

        def flag(v: str) -> bool | None:
            return None if v == "" else v in ("yes", "some")

        return {
            "name": display, "aliases": [], "molecule": r["substances"].split("|")[0] if r["substances"] else None,
            "kind": "vaccine" if r["vaccine"] == "1" else "medicine", "prescription_only": flag(r["prescription"]),
            "reimbursed": flag(r["reimbursed"]), "device_class": None, "client": None, "source": "lexicon",
        }  # fmt: skip


@lru_cache(maxsize=1)
def brand_matcher() -> LexiconMatcher:
    """Brands only: what the compliance checks look for in captions besides the client's list."""
    return LexiconMatcher(kinds=("brand",))


@lru_cache(maxsize=1)
def substance_matcher() -> LexiconMatcher:
    """Substances only (for describing a substance named in a comment)."""
    return LexiconMatcher(kinds=("substance",))
