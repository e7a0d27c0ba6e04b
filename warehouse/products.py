"""The product list: which brands and molecules a caption or a comment names.

Why a list at all: the risk of naming a product to the public depends on what
the product is (a prescription-only or reimbursed medicine cannot be promoted
to the public in France, a medical device's claims need review, nicotine
products have their own rules). The list comes from the client (`relais
products load FILE`); until one is loaded, a sample list of common French
products (plus the fictional brands of the bundled sample data) is used so the
compliance checks are never silently empty. The sample flags are illustrative:
a client's list, checked against the BDPM (base de données publique des
médicaments), is the reference.

Matching is word-boundary, accent- and case-insensitive, over the product
name, its aliases and its molecule. A molecule maps to the products made of it,
except that when a brand of that molecule is named in the same text, the
molecule is attributed to that brand only ("Glucovia, c'est de la metformine"
names Glucovia, not every metformin brand). The same regular expression runs in
Python (`ProductMatcher.find`) and in DuckDB (`ProductMatcher.products_sql`,
one `regexp_extract_all` over the whole table) so a million comments are
matched in one query, with identical results.
"""

from __future__ import annotations

import functools
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from domain.compliance import RISK_DEVICE, RISK_NICOTINE, RISK_RX, RISK_VACCINE

KINDS: tuple[str, ...] = ("medicine", "vaccine", "device", "supplement", "other")
DEVICE_CLASSES: tuple[str, ...] = ("I", "IIa", "IIb", "III")
COLUMNS: tuple[str, ...] = (
    "name", "aliases", "molecule", "kind", "prescription_only", "reimbursed", "device_class", "client",
)  # fmt: skip
REQUIRED_COLUMNS: tuple[str, ...] = ("name", "kind")
MIN_TERM_LENGTH = 3  # shorter names/aliases would match ordinary words

# Product risk codes and their labels: domain.PRODUCT_RISKS.

_SEP_RE = re.compile(r"[\s_\-]+")
_TRUE = {"1", "true", "vrai", "yes", "oui", "y", "o", "x"}
_FALSE = {"0", "false", "faux", "no", "non", "n", ""}
_KIND_SYNONYMS = {
    "medicine": "medicine", "medicament": "medicine", "medicaments": "medicine", "drug": "medicine",
    "vaccine": "vaccine", "vaccin": "vaccine",
    "device": "device", "dispositif": "device", "dispositif medical": "device", "dm": "device",
    "medical device": "device",
    "supplement": "supplement", "complement": "supplement", "complement alimentaire": "supplement",
    "food supplement": "supplement",
    "other": "other", "autre": "other",
}  # fmt: skip
_DEVICE_CLASS_SYNONYMS = {"i": "I", "1": "I", "iia": "IIa", "2a": "IIa", "iib": "IIb", "2b": "IIb",
                          "iii": "III", "3": "III"}  # fmt: skip

# name, aliases, molecule, kind, prescription_only, reimbursed, device_class, client
_SAMPLE: tuple[tuple[str, str, str, str, int, int, str, str], ...] = (
    ("Doliprane", "Doliprane 1000|Doliprane 500|Dolipranelib", "paracétamol", "medicine", 0, 1, "", "Opella"),
    ("Dafalgan", "Dafalgan 1g", "paracétamol", "medicine", 0, 1, "", "UPSA"),
    ("Advil", "Advilmed", "ibuprofène", "medicine", 0, 0, "", "Haleon"),
    ("Spasfon", "Spasfon Lyoc", "phloroglucinol", "medicine", 0, 1, "", "Teva"),
    ("Smecta", "", "diosmectite", "medicine", 0, 0, "", "Ipsen"),
    ("Voltarène Emulgel", "Voltarene|Voltaren", "diclofénac", "medicine", 0, 0, "", "Haleon"),
    ("Nicorette", "Nicorette Invisipatch|Nicorettespray", "nicotine", "medicine", 0, 1, "", "Kenvue"),
    ("NiQuitin", "Niquitin Minis", "nicotine", "medicine", 0, 1, "", "Perrigo"),
    ("Levothyrox", "", "lévothyroxine", "medicine", 1, 1, "", "Merck"),
    ("Glucophage", "", "metformine", "medicine", 1, 1, "", "Merck"),
    ("Ozempic", "", "sémaglutide", "medicine", 1, 1, "", "Novo Nordisk"),
    ("Wegovy", "", "sémaglutide", "medicine", 1, 0, "", "Novo Nordisk"),
    ("Mounjaro", "", "tirzépatide", "medicine", 1, 0, "", "Lilly"),
    ("Trulicity", "", "dulaglutide", "medicine", 1, 1, "", "Lilly"),
    ("Lantus", "", "insuline glargine", "medicine", 1, 1, "", "Sanofi"),
    ("Jardiance", "", "empagliflozine", "medicine", 1, 1, "", "Boehringer Ingelheim"),
    ("Humira", "", "adalimumab", "medicine", 1, 1, "", "AbbVie"),
    ("Cosentyx", "", "sécukinumab", "medicine", 1, 1, "", "Novartis"),
    ("Dupixent", "", "dupilumab", "medicine", 1, 1, "", "Sanofi"),
    ("Xarelto", "", "rivaroxaban", "medicine", 1, 1, "", "Bayer"),
    ("Ventoline", "Ventolin", "salbutamol", "medicine", 1, 1, "", "GSK"),
    ("Gardasil 9", "Gardasil", "vaccin papillomavirus humain 9-valent", "vaccine", 1, 1, "", "MSD"),
    ("Prevenar 20", "Prevenar", "vaccin pneumococcique conjugué 20-valent", "vaccine", 1, 1, "", "Pfizer"),
    ("Dexcom G7", "Dexcom|Dexcom ONE", "", "device", 0, 1, "IIb", "Dexcom"),
    ("FreeStyle Libre", "FreeStyle Libre 2|FreeStyle Libre 3|Freestyle", "", "device", 0, 1, "IIb", "Abbott"),
    ("Omnipod", "Omnipod 5|Omnipod DASH", "", "device", 0, 1, "IIb", "Insulet"),
    ("Omron M3", "Omron", "", "device", 0, 0, "IIa", "Omron Healthcare"),
    ("Oenobiol", "Oenobiol Solaire", "", "supplement", 0, 0, "", "Opella"),
    # the fictional brands of the bundled sample data (sample_data/generate.py PRODUCTS)
    ("Hélotam", "", "tamoxifène", "medicine", 1, 1, "", "Laboratoires Hélora"),
    ("Spondylix", "", "adalimumab", "medicine", 1, 1, "", "Laboratoires Hélora"),
    ("Glucovia", "Glucovia LP", "metformine", "medicine", 1, 1, "", "Mutuelle Prévia Santé"),
    ("GlucoSense", "capteur GlucoSense", "", "device", 0, 1, "IIb", "Mutuelle Prévia Santé"),
    ("NutriPlus Protéines", "NutriPlus", "", "supplement", 0, 1, "", "Fédération des Hôpitaux Solidaires"),
)  # fmt: skip

SAMPLE_SOURCE = "sample"


# --------------------------------------------------------------------------- text normalisation


def _strip_marks(s: str) -> str:
    s = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", s)


# Precomputed accent stripping for Latin, Greek and Cyrillic letters: str.translate runs
# in C, where the per-character loop above costs ~100 µs on a caption (the loader checks
# every post, so this decides whether a million-post load takes seconds or minutes).
_ACCENTS = {
    cp: _strip_marks(chr(cp))
    for r in (range(0x80, 0x530), range(0x1E00, 0x1F00))
    for cp in r
    if _strip_marks(chr(cp)) != chr(cp)
}
_ACCENTS[0x2019] = "'"
_ACCENTS[0x02BC] = "'"
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@functools.lru_cache(maxsize=8192)
def normalize_text(text: str | None) -> str:
    """Lower case without accents, apostrophes unified: what both matchers see.

    Mirrors DuckDB's `strip_accents(lower(x))` (plus ’ -> ') so the Python and
    SQL paths agree. Cached: the checks of one post normalise the same text
    several times.
    """
    if not text:
        return ""
    s = str(text).lower()
    if s.isascii():
        return s
    if _COMBINING.search(s):  # already decomposed text: take the careful path
        return _strip_marks(s).replace("\u2019", "'").replace("\u02bc", "'")
    return s.translate(_ACCENTS)


def _term_tokens(term: str) -> list[str]:
    return [t for t in _SEP_RE.split(normalize_text(term).strip()) if t]


def term_key(term: str) -> str:
    """What a matched term is looked up by: normalised, separators removed."""
    return "".join(_term_tokens(term))


# --------------------------------------------------------------------------- products


@dataclass(frozen=True)
class Product:
    name: str
    aliases: tuple[str, ...] = ()
    molecule: str | None = None
    kind: str | None = None
    prescription_only: bool | None = None
    reimbursed: bool | None = None
    device_class: str | None = None
    client: str | None = None


def product_risk(p: Product | Mapping[str, Any]) -> str | None:
    """The one compliance risk a product carries when named to the public, or None.

    Nicotine replacement and vaccines come before the Rx/reimbursed rule because
    French law carves them out of the ban (CSP L.5122-6) under conditions, which
    is a different review than "must not be promoted at all". A medicine whose
    prescription or reimbursement status is unknown is treated as restricted.
    """
    get = (lambda k: getattr(p, k)) if isinstance(p, Product) else (lambda k: p.get(k))
    kind = (get("kind") or "").lower()
    molecule = normalize_text(get("molecule") or "")
    if "nicotine" in molecule:
        return RISK_NICOTINE
    if kind == "vaccine":
        return RISK_VACCINE
    if kind == "medicine":
        rx, reimb = get("prescription_only"), get("reimbursed")
        if rx is None or reimb is None or _is_na(rx) or _is_na(reimb) or bool(rx) or bool(reimb):
            return RISK_RX
        return None
    if kind == "device":
        return RISK_DEVICE
    return None


def _is_na(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


class ProductMatcher:
    """Finds product names (canonical) in free text; see the module docstring for the rules."""

    def __init__(self, products: Iterable[Product], lexicon: bool = False) -> None:
        self.products: dict[str, Product] = {p.name: p for p in products}
        # key -> list of (product, molecule_key or '', is_molecule)
        self._terms: dict[str, list[tuple[str, str, bool]]] = {}
        patterns: dict[str, str] = {}
        for p in self.products.values():
            mol_key = term_key(p.molecule) if p.molecule else ""
            for term, is_mol in [(p.name, False), *((a, False) for a in p.aliases)] + (
                [(p.molecule, True)] if p.molecule else []
            ):
                tokens = _term_tokens(term)
                key = "".join(tokens)
                if len(key) < MIN_TERM_LENGTH:
                    continue
                entry = (p.name, mol_key, is_mol)
                if entry not in self._terms.setdefault(key, []):
                    self._terms[key].append(entry)
                patterns.setdefault(key, r"[\s_\-]*".join(re.escape(t) for t in tokens))
        # longest first: leftmost-first alternation must prefer "freestyle libre" over "freestyle"
        alts = sorted(patterns.items(), key=lambda kv: (-len(kv[0]), kv[0]))
        self._pattern = r"\b(" + "|".join(p for _, p in alts) + r")s?\b" if alts else ""
        self._re = re.compile(self._pattern, re.ASCII) if alts else None
        # the shipped medicine lexicon (brands) underneath the client's list: a brand the client did not
        # list is still named, with its BDPM status; the client's own entry wins
        self._lexicon = None
        if lexicon:
            from reactions.medicines import brand_matcher

            self._lexicon = brand_matcher()
            self._client_keys = set(self._terms)

    def __len__(self) -> int:
        return len(self.products)

    def regex_sql(self) -> str:
        """The RE2 pattern for DuckDB, to run on `strip_accents(lower(text))`; group 1 is the term.

        Pass it as a `?` parameter, e.g.
        `regexp_extract_all(strip_accents(lower(text)), ?, 1)`; map each match
        with `term_key` semantics (`regexp_replace(m, '[\\s_-]+', '', 'g')`).
        Empty string when the list is empty (then there is nothing to match).
        """
        return self._pattern

    def terms_frame(self) -> pd.DataFrame:
        """key, product, molecule_key, is_molecule: the lookup table behind the pattern."""
        rows = [
            {"key": k, "product": prod, "molecule_key": mol, "is_molecule": is_mol}
            for k, entries in self._terms.items()
            for prod, mol, is_mol in entries
        ]
        return pd.DataFrame(rows, columns=["key", "product", "molecule_key", "is_molecule"])

    def find(self, text: str | None) -> list[str]:
        """Canonical names of the products the text names (client list, then lexicon brands), sorted."""
        if not text:
            return []
        out = []
        if self._re is not None:
            keys = {_SEP_RE.sub("", m) for m in self._re.findall(normalize_text(text))}
            out = self._resolve(keys)
        if self._lexicon is not None:
            extra = [n for n in self._lexicon.find(text) if term_key(n) not in self._client_keys]
            out = sorted(set(out) | set(extra))
        return out

    def product(self, name: str) -> Product | None:
        """The client's product, else the lexicon's entry as a Product (status from the BDPM)."""
        if name in self.products:
            return self.products[name]
        if self._lexicon is not None:
            row = self._lexicon.product_row(name)
            if row is not None:
                return _product_from_mapping(row)
        return None

    def _resolve(self, keys: Iterable[str]) -> list[str]:
        brands: set[str] = set()
        brand_molecules: set[str] = set()
        molecules: list[tuple[str, str]] = []
        for k in keys:
            for prod, mol, is_mol in self._terms.get(k, []):
                if is_mol:
                    molecules.append((prod, mol))
                else:
                    brands.add(prod)
                    if mol:
                        brand_molecules.add(mol)
        out = set(brands)
        out.update(prod for prod, mol in molecules if mol not in brand_molecules)
        return sorted(out)

    def risks(self, names: Iterable[str]) -> list[str]:
        """Distinct risks of the named products, sorted."""
        out = {product_risk(p) for p in (self.product(n) for n in names) if p is not None}
        return sorted(r for r in out if r)

    def products_sql(
        self, source: str, id_column: str = "id", text_column: str = "text"
    ) -> tuple[str, list[Any]]:
        """(sql, params): one row (id, products VARCHAR[]) per source row naming a product.

        `source` is a table name or a parenthesised subquery written by the
        caller (never user input); all product data travels as parameters. The
        query is one `regexp_extract_all` pass, so it scales to millions of rows.
        """
        for ident in (id_column, text_column):
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", ident):
                raise ValueError(f"invalid column name {ident!r}")
        terms = self.terms_frame()
        if not self._pattern:
            return f"SELECT {id_column} AS id, []::VARCHAR[] AS products FROM {source} WHERE FALSE", []
        sql = f"""
WITH _terms AS (
    SELECT unnest(?::VARCHAR[]) AS key, unnest(?::VARCHAR[]) AS product,
           unnest(?::VARCHAR[]) AS molecule_key, unnest(?::BOOLEAN[]) AS is_molecule
),
_hits AS (
    SELECT DISTINCT s.id, regexp_replace(s.m, '[\\s_\\-]+', '', 'g') AS key
    FROM (
        SELECT {id_column} AS id,
               unnest(regexp_extract_all(strip_accents(lower(replace({text_column}, '\u2019', ''''))), ?, 1)) AS m
        FROM {source}
        WHERE {text_column} IS NOT NULL
    ) s
),
_h AS (
    SELECT DISTINCT h.id, t.product, t.molecule_key, t.is_molecule
    FROM _hits h JOIN _terms t ON t.key = h.key
),
_brands AS (SELECT id, product, molecule_key FROM _h WHERE NOT is_molecule)
SELECT id, list_sort(list_distinct(list(product))) AS products
FROM (
    SELECT id, product FROM _brands
    UNION ALL
    SELECT m.id, m.product FROM _h m
    WHERE m.is_molecule AND NOT EXISTS (
        SELECT 1 FROM _brands b WHERE b.id = m.id AND b.molecule_key = m.molecule_key AND b.molecule_key <> ''
    )
)
GROUP BY id
"""
        params: list[Any] = [
            terms["key"].tolist(),
            terms["product"].tolist(),
            terms["molecule_key"].tolist(),
            [bool(x) for x in terms["is_molecule"]],
            self._pattern,
        ]
        return sql, params


def product_matcher(
    con_or_rows: duckdb.DuckDBPyConnection | pd.DataFrame | Iterable[Any], lexicon: bool | None = None
) -> ProductMatcher:
    """A matcher over the warehouse's products table, a DataFrame, or rows (Product or dicts).

    The warehouse's matcher (from a connection) also names the medicine lexicon's brands
    (`reactions.medicines`); pass `lexicon` to choose.
    """
    if isinstance(con_or_rows, duckdb.DuckDBPyConnection):
        use = True if lexicon is None else lexicon
        return ProductMatcher(_products_from_frame(read_products(con_or_rows)), lexicon=use)
    if isinstance(con_or_rows, pd.DataFrame):
        return ProductMatcher(_products_from_frame(con_or_rows), lexicon=bool(lexicon))
    out: list[Product] = []
    for r in con_or_rows:
        out.append(r if isinstance(r, Product) else _product_from_mapping(r))
    return ProductMatcher(out, lexicon=bool(lexicon))


def read_products(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The products table, sorted by name."""
    return con.execute(
        "SELECT name, aliases, molecule, kind, prescription_only, reimbursed, device_class, client, source "
        "FROM products ORDER BY lower(name)"
    ).df()


def _products_from_frame(df: pd.DataFrame) -> list[Product]:
    return [_product_from_mapping(r) for r in df.to_dict("records")]


def _none(v: Any) -> Any:
    if v is None or (not isinstance(v, list | tuple) and _is_na(v)):
        return None
    return v


def _product_from_mapping(r: Mapping[str, Any]) -> Product:
    aliases = _none(r.get("aliases"))
    if isinstance(aliases, str):
        aliases = [a for a in aliases.split("|")]
    aliases = tuple(str(a).strip() for a in (aliases if aliases is not None else []) if str(a).strip())
    rx, reimb = _none(r.get("prescription_only")), _none(r.get("reimbursed"))
    return Product(
        name=str(r["name"]).strip(),
        aliases=aliases,
        molecule=_none(r.get("molecule")) or None,
        kind=_none(r.get("kind")) or None,
        prescription_only=None if rx is None else bool(rx),
        reimbursed=None if reimb is None else bool(reimb),
        device_class=_none(r.get("device_class")) or None,
        client=_none(r.get("client")) or None,
    )


# --------------------------------------------------------------------------- loading


class ProductFileError(ValueError):
    """A product list that cannot be loaded; the message names the file, row and column."""


def sample_products_frame() -> pd.DataFrame:
    """The sample list, in the file layout (aliases |-separated, flags 0/1)."""
    return pd.DataFrame(list(_SAMPLE), columns=list(COLUMNS))


def write_sample_csv(path: str | os.PathLike) -> Path:
    """Write the sample list as a CSV: the template a client fills in."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    from warehouse.exporting import to_csv_bytes

    path.write_bytes(to_csv_bytes(pd.DataFrame([list(r) for r in _SAMPLE], columns=list(COLUMNS))))
    return path


def _read_file(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            return pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds
            raise ProductFileError(f"{path.name}: cannot read the workbook: {exc}") from exc
    if suffix not in (".csv", ".txt", ".tsv"):
        raise ProductFileError(f"{path.name}: expected a .csv or .xlsx product list")
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    sep = max((";", ",", "\t"), key=first.count)
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except Exception as exc:  # noqa: BLE001
        raise ProductFileError(f"{path.name}: cannot read the CSV: {exc}") from exc


def _parse_bool(value: Any, where: str) -> bool | None:
    if value is None or _is_na(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ProductFileError(f"{where}: {value!r} is not 0 or 1")
    s = normalize_text(str(value)).strip()
    if s == "":
        return None
    if s in _TRUE:
        return True
    if s in _FALSE or s in ("0.0",):
        return False
    if s == "1.0":
        return True
    raise ProductFileError(f"{where}: {value!r} is not 0/1 (or oui/non, true/false)")


def _validate(df: pd.DataFrame, label: str) -> list[dict[str, Any]]:
    cols = {str(c).strip().lower().replace(" ", "_"): c for c in df.columns}
    missing = [c for c in REQUIRED_COLUMNS if c not in cols]
    if missing:
        raise ProductFileError(
            f"{label}: missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)} "
            "(aliases separated by |)"
        )
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for i, rec in enumerate(df.to_dict("records")):
        rownum = i + 2  # the header is row 1, as in a spreadsheet

        def cell(name: str, rec: dict = rec) -> Any:
            v = rec.get(cols[name]) if name in cols else None
            if v is None or _is_na(v):
                return None
            return v.strip() if isinstance(v, str) else v

        def where(column: str, rownum: int = rownum) -> str:
            return f"{label}, row {rownum}, column {column}"

        name = cell("name")
        if not name and not any(cell(c) for c in COLUMNS if c in cols):
            continue  # blank line
        if not name:
            raise ProductFileError(f"{where('name')}: empty product name")
        key = normalize_text(str(name))
        if key in seen:
            raise ProductFileError(f"{where('name')}: {name!r} already on row {seen[key]}")
        seen[key] = rownum
        raw_kind = cell("kind")
        kind = _KIND_SYNONYMS.get(normalize_text(str(raw_kind or "")).strip())
        if kind is None:
            raise ProductFileError(f"{where('kind')}: {raw_kind!r} is not one of {', '.join(KINDS)}")
        rx = _parse_bool(cell("prescription_only"), where("prescription_only"))
        reimb = _parse_bool(cell("reimbursed"), where("reimbursed"))
        if kind in ("medicine", "vaccine"):
            for col, v in (("prescription_only", rx), ("reimbursed", reimb)):
                if v is None:
                    raise ProductFileError(
                        f"{where(col)}: empty for a {kind}; say 0 or 1 (it decides whether it may be "
                        "shown to the public)"
                    )
        dc = cell("device_class")
        if dc is not None and str(dc) != "":
            norm = _DEVICE_CLASS_SYNONYMS.get(normalize_text(str(dc)).replace(" ", "").replace("classe", ""))
            if norm is None:
                raise ProductFileError(
                    f"{where('device_class')}: {dc!r} is not one of {', '.join(DEVICE_CLASSES)}"
                )
            dc = norm
        else:
            dc = None
        aliases_raw = cell("aliases")
        aliases = [a.strip() for a in str(aliases_raw or "").split("|") if a.strip()]
        out.append(
            {
                "name": str(name),
                "aliases": aliases,
                "molecule": str(cell("molecule")) if cell("molecule") else None,
                "kind": kind,
                "prescription_only": rx,
                "reimbursed": reimb,
                "device_class": dc,
                "client": str(cell("client")) if cell("client") else None,
            }
        )
    return out


def load_products(
    con: duckdb.DuckDBPyConnection,
    path_or_df: str | os.PathLike | pd.DataFrame,
    source: str | None = None,
    keep_sample: bool = False,
) -> int:
    """Upsert a product list (CSV, XLSX or DataFrame) into `products`; returns the rows written.

    Names are unique case- and accent-insensitively, so a later list's
    "DOLIPRANE" replaces an earlier "Doliprane" rather than duplicating it.
    The sample list is only a stand-in: loading a real list removes the
    sample's rows (their flags are illustrative) unless `keep_sample`. The whole
    file is validated before anything is written: a bad value raises
    ProductFileError naming the file, row and column, and nothing changes.
    Runs in the caller's transaction if there is one, else in its own.
    """
    if isinstance(path_or_df, pd.DataFrame):
        label, df = (source or "product list"), path_or_df
    else:
        path = Path(path_or_df)
        if not path.exists():
            raise ProductFileError(f"{path}: no such file")
        label, df = path.name, _read_file(path)
    rows = _validate(df, label)
    if not rows:
        raise ProductFileError(f"{label}: no product rows")
    src = source or label
    with atomic(con):
        if src != SAMPLE_SOURCE and not keep_sample:
            con.execute("DELETE FROM products WHERE source = ?", [SAMPLE_SOURCE])
        existing = {normalize_text(n): n for (n,) in con.execute("SELECT name FROM products").fetchall()}
        stale = [existing[normalize_text(r["name"])] for r in rows if normalize_text(r["name"]) in existing]
        if stale:
            con.execute("DELETE FROM products WHERE list_contains(?::VARCHAR[], name)", [stale])
        con.executemany(
            "INSERT INTO products (name, aliases, molecule, kind, prescription_only, reimbursed, device_class,"
            " client, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    r["name"],
                    r["aliases"],
                    r["molecule"],
                    r["kind"],
                    r["prescription_only"],
                    r["reimbursed"],
                    r["device_class"],
                    r["client"],
                    src,
                ]
                for r in rows
            ],  # fmt: skip
        )
    return len(rows)


def ensure_sample_products(con: duckdb.DuckDBPyConnection) -> int:
    """Load the sample list when the products table is empty (never over a client's list)."""
    if con.execute("SELECT count(*) FROM products").fetchone()[0]:
        return 0
    return load_products(con, sample_products_frame(), SAMPLE_SOURCE)


def products_signature(con: duckdb.DuckDBPyConnection) -> str:
    """A short digest of the product list: a new list must re-check the captions."""
    import hashlib

    rows = con.execute(
        "SELECT name, aliases, molecule, kind, prescription_only, reimbursed, device_class FROM products "
        "ORDER BY name"
    ).fetchall()
    return hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()[:8]


# --------------------------------------------------------------------------- transactions


def in_transaction(con: duckdb.DuckDBPyConnection) -> bool:
    """True inside an explicit transaction (BEGIN ... COMMIT) on this connection.

    DuckDB has no direct flag and a failed nested BEGIN aborts the outer
    transaction, so this compares two transaction ids: in auto-commit mode each
    statement gets a new one.
    """
    a = con.execute("SELECT txid_current()").fetchone()[0]
    b = con.execute("SELECT txid_current()").fetchone()[0]
    return a == b


class atomic:  # noqa: N801 - used as a context manager, reads like `with atomic(con):`
    """Run a block in the caller's transaction when there is one, else in a new one.

    Why: the loader calls our hooks inside its own transaction (we must not
    commit it), while the CLI and the UI call the same functions on a plain
    connection (we must not leave half of a change behind).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.owner = False

    def __enter__(self) -> duckdb.DuckDBPyConnection:
        if not in_transaction(self.con):
            self.con.execute("BEGIN TRANSACTION")
            self.owner = True
        return self.con

    def __exit__(self, exc_type, _exc, _tb) -> None:
        if not self.owner:
            return
        if exc_type is None:
            self.con.execute("COMMIT")
        else:
            self.con.execute("ROLLBACK")
