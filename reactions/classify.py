"""Comment reactions in the warehouse, and the rule lexicon rules-1.1 that explains them.

Since reactions-2.0 the decision is the learned classifier's (`reactions.model`): `classify_new_comments`
runs it in bulk on new comments inside the loader's transaction, stores each comment's adverse-event score
and cues, and opens a pharmacovigilance case for every comment at or above the PV threshold. The rules
below stay as explanations (the rules-1.1 cues of a flagged comment are stored with it) and as the
baseline the model is measured against (`RulesClassifier`, bench/).

Rules-1.1, why two implementations of one decision: `classify_text` is the readable
reference (and the benchmark baseline); `classify_in_duckdb` compiles the same
rules into ONE SQL query so a million comments are classified inside the
warehouse without leaving DuckDB. Tests check that both agree.

How the SQL stays fast: per label, one `regexp_matches` over an alternation of
all its cues (RE2 runs it as a single DFA pass) gates the rest; only gated rows
run `regexp_extract_all` with one named group per cue, which returns every
non-overlapping cue occurrence in one pass (Python: `finditer` + `lastgroup`,
same leftmost-first semantics). Blockers are evaluated only where a blockable
cue fired.

Warehouse side: `classify_new_comments` is incremental and runs inside the
loader's transaction; `correct_comment` records people's corrections, which win
over the rules (`EFFECTIVE_REACTIONS_SQL`) and open pharmacovigilance cases.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import duckdb
import pandas as pd

from reactions import rules as R

RULES_VERSION = "rules-1.1"  # bump on every change of reactions/rules.py
CLASSIFIER_VERSION = "reactions-2.0"  # what classifies warehouse comments (reactions.model.MODEL_VERSION)
PV_DUE_DAYS = 15  # serious/non-serious ICSR clock used by the PV module: day0 + 15 days
CATEGORIES = R.CATEGORIES


@dataclass(frozen=True)
class Result:
    categories: tuple[str, ...]
    adverse_event: bool
    products: tuple[str, ...] = ()
    cues: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "categories": list(self.categories),
            "adverse_event": self.adverse_event,
            "products": list(self.products),
            "cues": list(self.cues),
        }


# --------------------------------------------------------------------------- normalisation

_APOS_CHARS = "\u2019\u2018\u02bc\u00b4`\u2032"
_APOS_RE = "[" + _APOS_CHARS + "]"
_WS_CHARS = " \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WS_RE = "[" + _WS_CHARS + "]+"
# SQL only rewrites runs that are not already one plain space (most texts: no match, one DFA scan)
_WS_FIX_RE = "[" + _WS_CHARS + "]*[" + _WS_CHARS[1:] + "][" + _WS_CHARS + "]*|  [" + _WS_CHARS + "]*"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_PY_APOS = re.compile(_APOS_RE)
_PY_WS = re.compile(_WS_RE)
_PY_REPEAT = re.compile(r"([a-z])\1{2,}")


def normalize(text: str | None) -> str:
    """What every rule sees: lower case, no accents, ' apostrophes, single spaces, no letter run of 3+.

    Mirrors `_normalize_sql` exactly (DuckDB's strip_accents = NFD minus
    non-spacing marks, recomposed).
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    s = unicodedata.normalize("NFD", text.lower())
    s = unicodedata.normalize("NFC", "".join(ch for ch in s if unicodedata.category(ch) != "Mn"))
    s = s.replace("œ", "oe").replace("æ", "ae")
    s = _PY_APOS.sub("'", s)
    s = _PY_WS.sub(" ", s).strip(" ")
    return _PY_REPEAT.sub(r"\1", s)


def _lit(s: str) -> str:
    """A SQL string literal (rule regexes are module constants, never user input)."""
    return "'" + s.replace("'", "''") + "'"


def _normalize_sql(col: str) -> str:
    """The SQL twin of `normalize` over an already lowered, accent-stripped `col`.

    Most comments need nothing more: one regex pass finds the rare ones that do
    (odd apostrophes or blanks, œ/æ, letter runs), the rest skip five rewrites.
    """
    runs = "|".join(f"{c}{{3}}" for c in _LETTERS)
    needs = "[œæ" + _APOS_CHARS + _WS_CHARS[1:] + "]|  |^ | $|" + runs
    s = f"replace(replace({col}, 'œ', 'oe'), 'æ', 'ae')"
    s = f"regexp_replace({s}, {_lit(_APOS_RE)}, {_lit(chr(39))}, 'g')"
    s = f"trim(regexp_replace({s}, {_lit(_WS_FIX_RE)}, ' ', 'g'))"
    for i in range(
        0, len(_LETTERS), 9
    ):  # letter runs -> one letter, no backreference (RE2): a group per letter
        chunk = _LETTERS[i : i + 9]
        pat = "|".join(f"({c}){c}{{2,}}" for c in chunk)
        rep = "".join(f"\\{k + 1}" for k in range(len(chunk)))
        s = f"regexp_replace({s}, {_lit(pat)}, {_lit(rep)}, 'g')"
    return f"CASE WHEN regexp_matches({col}, {_lit(needs)}) THEN {s} ELSE {col} END"


# --------------------------------------------------------------------------- compiled rules


@dataclass
class _Group:
    name: str
    cues: list[R.Cue]
    blockers: list[R.Blocker]

    @property
    def bgate(self) -> str:
        """Found iff one of the blockers is: individual blockers only run (for their names) when it is."""
        return "|".join(f"(?:{b.pattern})" for b in self.blockers)


@dataclass
class _Label:
    label: str
    gate: str  # found whenever any cue of the label fires: one cheap pass decides if the rest is needed
    cues: list[R.Cue]  # never cancelled
    groups: list[_Group]


def _gate_pattern(cues: Sequence[R.Cue]) -> str:
    seen: list[str] = []
    for c in cues:
        g = c.gate or c.patterns[0]
        if g not in seen:
            seen.append(g)
    return "|".join(f"(?:{g})" for g in seen)


@lru_cache(maxsize=1)
def _model() -> tuple[_Label, ...]:
    out = []
    for label in R.LABELS:
        cues = R.cues_for(label)
        groups = [
            _Group(g, [c for c in cues if c.group == g], R.blockers_for(label, g))
            for g in R.groups_for(label)
        ]
        out.append(_Label(label, _gate_pattern(cues), [c for c in cues if c.group is None], groups))
    return tuple(out)


def _py_compile(p: str) -> re.Pattern[str]:
    return re.compile(p, re.ASCII)


_PyCue = tuple[str, tuple[re.Pattern[str], ...]]


@dataclass
class _PyLabel:
    label: str
    gate: re.Pattern[str]
    cues: list[_PyCue]
    groups: list[tuple[list[_PyCue], re.Pattern[str], list[_PyCue]]]


@lru_cache(maxsize=1)
def _py_model() -> tuple[_PyLabel, ...]:
    def comp(cs: Sequence[R.Cue]) -> list[_PyCue]:
        return [(c.name, tuple(_py_compile(p) for p in c.patterns)) for c in cs]

    def compb(bs: Sequence[R.Blocker]) -> list[_PyCue]:
        return [(b.name, (_py_compile(b.pattern),)) for b in bs]

    return tuple(
        _PyLabel(
            lab.label,
            _py_compile(lab.gate),
            comp(lab.cues),
            [(comp(g.cues), _py_compile(g.bgate), compb(g.blockers)) for g in lab.groups],
        )
        for lab in _model()
    )


def _fired(cues: Sequence[_PyCue], n: str) -> list[str]:
    return [name for name, pats in cues if all(p.search(n) for p in pats)]


def _combine(fired: dict[str, bool], cues: list[str]) -> tuple[tuple[str, ...], bool, list[str]]:
    """Post rules: an adverse event is a testimony; spam is exclusive."""
    ae = fired[R.AE]
    cats = {c: fired[c] for c in R.CATEGORIES}
    extra = []
    if ae and not cats["testimony"]:
        cats["testimony"] = True
        extra.append(R.CUE_AE_IS_TESTIMONY)
    if cats["spam"]:
        if any(v for k, v in cats.items() if k != "spam"):
            extra.append(R.CUE_SPAM_ONLY)
        cats = {c: c == "spam" for c in R.CATEGORIES}
    return tuple(c for c in R.CATEGORIES if cats[c]), ae, cues + extra


# --------------------------------------------------------------------------- products

ProductsArg = Any  # a warehouse.products.ProductMatcher, {name: aliases}, or product names


def _re_escape(s: str) -> str:
    """Escape for both Python re and RE2 (ASCII punctuation escaped; letters, digits, space kept)."""
    return "".join(("\\" + ch) if (ch.isascii() and not ch.isalnum() and ch not in " _") else ch for ch in s)


class AliasMatcher:
    """Fallback product matcher (names/aliases, whole words, accent- and case-insensitive).

    Used when warehouse.products is not available or for an ad-hoc list; one
    `regexp_extract_all` in SQL, `findall` in Python, longest alias first.
    """

    def __init__(self, products: Mapping[str, Iterable[str] | str | None] | Iterable[str]) -> None:
        terms: dict[str, str] = {}
        items = products.items() if isinstance(products, Mapping) else ((p, ()) for p in products)
        for name, aliases in items:
            if isinstance(aliases, str):
                aliases = aliases.split("|")
            for term in (name, *(aliases or ())):
                t = normalize(term)
                if len(t) >= 2:
                    terms.setdefault(t, str(name))
        self.terms = terms
        ordered = sorted(terms, key=lambda t: (-len(t), t))
        self.pattern = "(" + "|".join(self._pattern(t) for t in ordered) + ")" if ordered else ""
        self._re = _py_compile(self.pattern) if ordered else None

    def __len__(self) -> int:
        return len(set(self.terms.values()))

    @staticmethod
    def _pattern(term: str) -> str:
        left = r"\b" if re.match(r"\w", term, re.ASCII) else ""
        right = r"\b" if re.search(r"\w$", term, re.ASCII) else ""
        return left + _re_escape(term) + right

    def find(self, text: str | None) -> list[str]:
        return self.find_normalized(normalize(text))

    def find_normalized(self, n: str) -> list[str]:
        if self._re is None:
            return []
        return sorted({self.terms[m] for m in self._re.findall(n)})

    def sql(self, ncol: str) -> str:
        if self._re is None:
            return _empty()
        whens = " ".join(f"WHEN {_lit(t)} THEN {_lit(p)}" for t, p in self.terms.items())
        return (
            f"list_sort(list_distinct(list_transform(regexp_extract_all({ncol}, {_lit(self.pattern)}, 1), "
            f"lambda x: CASE x {whens} END)))"
        )


def _product_finder(products: ProductsArg) -> Any:
    if products is None:
        return None
    if hasattr(products, "find"):
        return products
    return AliasMatcher(products)


# --------------------------------------------------------------------------- Python reference


def classify_text(text: str | None, products: ProductsArg = None) -> Result:
    """Classify one comment (the reference implementation)."""
    return _classify(text, _product_finder(products))


def classify_texts(texts: Iterable[str | None], products: ProductsArg = None) -> list[Result]:
    """Classify many comments with the plain Python loop (benchmark baseline)."""
    finder = _product_finder(products)
    return [_classify(t, finder) for t in texts]


def _classify(text: str | None, finder: Any) -> Result:
    n = normalize(text)
    fired: dict[str, bool] = {}
    cues: list[str] = []
    for lab in _py_model():
        ok = False
        if n and lab.gate.search(n):
            found = _fired(lab.cues, n)
            ok = bool(found)
            cues += found
            for gcues, bgate, blockers in lab.groups:
                w = _fired(gcues, n)
                if not w:
                    continue
                b = _fired(blockers, n) if bgate.search(n) else []
                if b:
                    cues += b
                else:
                    ok = True
                    cues += w
        fired[lab.label] = ok
    cats, ae, cues = _combine(fired, cues)
    if finder is None:
        prods: list[str] = []
    elif isinstance(finder, AliasMatcher):
        prods = finder.find_normalized(n)
    else:
        prods = sorted(set(finder.find(text)))
    return Result(cats, ae, tuple(prods), tuple(sorted(set(cues))))


# --------------------------------------------------------------------------- SQL compilation


def _empty() -> str:
    return "[]::VARCHAR[]"


def _cues_sql(ncol: str, cues: Sequence[tuple[str, Sequence[str]]]) -> str:
    """Space-separated names of the cues whose patterns are all found ('' if none).

    Later patterns of a cue only run where the earlier ones matched (nested
    CASE); strings rather than lists keep the per-row cost low.
    """
    if not cues:
        return "''"
    items = []
    for name, patterns in cues:
        expr = _lit(name)
        for p in reversed(patterns):
            expr = f"CASE WHEN regexp_matches({ncol}, {_lit(p)}) THEN {expr} END"
        items.append(expr)
    return f"concat_ws(' ', {', '.join(items)})"


def _cue_pairs(cues: Sequence[R.Cue]) -> list[tuple[str, Sequence[str]]]:
    return [(c.name, c.patterns) for c in cues]


def _rules_sql(source_sql: str, id_expr: str, text_expr: str, products_sql: str | None) -> str:
    """The whole classification as one SELECT over `source_sql`: (_id, categories, adverse_event, products, cues)."""
    model = _model()
    col = {lab.label: f"l{i}" for i, lab in enumerate(model)}
    gates = [f"regexp_matches(n, {_lit(lab.gate)}) AS {col[lab.label]}_g" for lab in model]
    m_cols, b_cols, fired, cue_parts = [], [], [], []
    for lab in model:
        k = col[lab.label]
        m_cols.append(f"CASE WHEN {k}_g THEN {_cues_sql('n', _cue_pairs(lab.cues))} ELSE '' END AS {k}_s")
        conds = [f"{k}_s <> ''"]
        cue_parts.append(f"{k}_s")
        for j, grp in enumerate(lab.groups):
            wcol, bcol = f"{k}_w{j}", f"{k}_b{j}"
            m_cols.append(
                f"CASE WHEN {k}_g THEN {_cues_sql('n', _cue_pairs(grp.cues))} ELSE '' END AS {wcol}"
            )
            bl = _cues_sql("n", [(b.name, (b.pattern,)) for b in grp.blockers])
            b_cols.append(
                f"CASE WHEN {wcol} <> '' AND regexp_matches(n, {_lit(grp.bgate)}) THEN {bl} ELSE '' END AS {bcol}"
            )
            conds.append(f"({wcol} <> '' AND {bcol} = '')")
            cue_parts.append(f"CASE WHEN {bcol} <> '' THEN {bcol} ELSE {wcol} END")
        fired.append(f"({' OR '.join(conds)}) AS {k}_f")
    f = {lab: f"{c}_f" for lab, c in col.items()}
    testimony = f"({f['testimony']} OR {f[R.AE]})"
    cat_expr = {c: (testimony if c == "testimony" else f[c]) for c in R.CATEGORIES}
    others = " OR ".join(cat_expr[c] for c in R.CATEGORIES if c != "spam")
    cat_items = ", ".join(f"CASE WHEN {cat_expr[c]} THEN {_lit(c)} END" for c in R.CATEGORIES)
    extra = (
        f"CASE WHEN {f[R.AE]} AND NOT {f['testimony']} THEN {_lit(R.CUE_AE_IS_TESTIMONY)} END",
        f"CASE WHEN {f['spam']} AND ({others}) THEN {_lit(R.CUE_SPAM_ONLY)} END",
    )
    sep = ",\n       "
    return f"""
WITH _src AS (SELECT {id_expr} AS _id, {text_expr} AS _text FROM {source_sql}),
_n0 AS (SELECT _id, strip_accents(lower(coalesce(CAST(_text AS VARCHAR), ''))) AS n0 FROM _src),
_n AS (SELECT _id, {_normalize_sql("n0")} AS n FROM _n0),
_g AS (SELECT _id, n,
       {sep.join(gates)}
       FROM _n),
_m AS (SELECT _id, n,
       {sep.join(m_cols)}
       FROM _g),
_b AS (SELECT *,
       {sep.join(b_cols)}
       FROM _m),
_f AS (SELECT _id, n,
       {sep.join(fired)},
       concat_ws(' ', {", ".join(f"nullif({p}, '')" for p in cue_parts)}) AS _cues
       FROM _b),
_c AS (SELECT _id, n, {f[R.AE]}, {f["spam"]},
       concat_ws(' ', {cat_items}) AS _cats,
       concat_ws(' ', nullif(_cues, ''), {", ".join(extra)}) AS _cues
       FROM _f)
SELECT _id,
       CASE WHEN {f["spam"]} THEN ['spam'] WHEN _cats = '' THEN {_empty()} ELSE string_split(_cats, ' ') END AS categories,
       {f[R.AE]} AS adverse_event,
       {products_sql or _empty()} AS products,
       CASE WHEN _cues = '' THEN {_empty()} ELSE list_sort(list_distinct(string_split(_cues, ' '))) END AS cues
FROM _c"""


def _label_cues_sql(source_sql: str, id_expr: str, text_expr: str, label: str) -> str:
    """One label's part of `_rules_sql`: (_id, cues) with the cues of that label only (fired, or the
    blockers that cancelled them), sorted and distinct as `_rules_sql` gives them.

    Why: explaining a flagged comment needs the adverse-event cues only; running the other labels'
    patterns on every flagged comment cost ~40% more time for nothing.
    """
    lab = next(x for x in _model() if x.label == label)
    m_cols = [f"CASE WHEN _g THEN {_cues_sql('n', _cue_pairs(lab.cues))} ELSE '' END AS _s"]
    b_cols, parts = [], ["_s"]
    for j, grp in enumerate(lab.groups):
        wcol, bcol = f"_w{j}", f"_b{j}"
        m_cols.append(f"CASE WHEN _g THEN {_cues_sql('n', _cue_pairs(grp.cues))} ELSE '' END AS {wcol}")
        bl = _cues_sql("n", [(b.name, (b.pattern,)) for b in grp.blockers])
        b_cols.append(
            f"CASE WHEN {wcol} <> '' AND regexp_matches(n, {_lit(grp.bgate)}) THEN {bl} ELSE '' END AS {bcol}"
        )
        parts.append(f"CASE WHEN {bcol} <> '' THEN {bcol} ELSE {wcol} END")
    sep = ",\n       "
    return f"""
WITH _src AS (SELECT {id_expr} AS _id, {text_expr} AS _text FROM {source_sql}),
_n0 AS (SELECT _id, strip_accents(lower(coalesce(CAST(_text AS VARCHAR), ''))) AS n0 FROM _src),
_n AS (SELECT _id, {_normalize_sql("n0")} AS n FROM _n0),
_g AS (SELECT _id, n, regexp_matches(n, {_lit(lab.gate)}) AS _g FROM _n),
_m AS (SELECT _id, n,
       {sep.join(m_cols)}
       FROM _g),
_b AS (SELECT *{"".join(sep + b for b in b_cols) if b_cols else ""}
       FROM _m),
_f AS (SELECT _id, concat_ws(' ', {", ".join(f"nullif({p}, '')" for p in parts)}) AS _cues FROM _b)
SELECT _id, CASE WHEN _cues = '' THEN {_empty()} ELSE list_sort(list_distinct(string_split(_cues, ' '))) END AS cues
FROM _f"""


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _source(con: duckdb.DuckDBPyConnection, query_or_table: Any) -> tuple[str, str | None]:
    """(FROM clause, registered view name to drop)."""
    if isinstance(query_or_table, pd.DataFrame):
        view = f"_relais_src_{uuid.uuid4().hex[:10]}"
        con.register(view, query_or_table)
        return _quote_ident(view), view
    q = str(query_or_table).strip()
    parts = q.split(".")
    if all(_IDENT.fullmatch(p) for p in parts):
        return ".".join(_quote_ident(p) for p in parts), None
    return f"({q.rstrip(';')}) AS _q", None


def classify_in_duckdb(
    con: duckdb.DuckDBPyConnection,
    query_or_table: str | pd.DataFrame,
    text_column: str = "text",
    id_column: str = "comment_id",
    *,
    products: ProductsArg = None,
    into: str | None = None,
) -> pd.DataFrame | str:
    """Classify every row of a table, a SELECT or a DataFrame in one SQL query.

    Returns a DataFrame (id_column, categories VARCHAR[], adverse_event BOOLEAN,
    products VARCHAR[], cues VARCHAR[]), or, with `into`, creates/replaces the
    temp table `into` with those columns and returns its name (no round trip
    through pandas: what the warehouse uses).
    """
    source, view = _source(con, query_or_table)
    finder = _product_finder(products)
    prod_sql = None
    params: list[Any] = []
    if isinstance(finder, AliasMatcher):
        prod_sql = finder.sql("n")
    body = _rules_sql(source, _quote_ident(id_column), _quote_ident(text_column), prod_sql)
    if finder is not None and not isinstance(finder, AliasMatcher) and hasattr(finder, "products_sql"):
        psql, params = finder.products_sql(source, id_column, text_column)
        body = f"SELECT r._id, r.categories, r.adverse_event, coalesce(p.products, []::VARCHAR[]) AS products_, r.cues FROM ({body}) r LEFT JOIN ({psql}) p ON p.id = r._id"
        select = f"SELECT _id AS {_quote_ident(id_column)}, categories, adverse_event, products_ AS products, cues FROM ({body})"
    else:
        select = f"SELECT _id AS {_quote_ident(id_column)}, categories, adverse_event, products, cues FROM ({body})"
    try:
        if into:
            if not _IDENT.fullmatch(into):
                raise ValueError(f"invalid temp table name {into!r}")
            con.execute(f"CREATE OR REPLACE TEMP TABLE {_quote_ident(into)} AS {select}", params)
            return into
        return con.execute(select, params).df()
    finally:
        if view:
            con.unregister(view)


# --------------------------------------------------------------------------- warehouse

EFFECTIVE_REACTIONS_SQL = """
SELECT coalesce(k.comment_id, r.comment_id) AS comment_id,
       CASE WHEN k.comment_id IS NOT NULL THEN k.categories ELSE r.categories END AS categories,
       CASE WHEN k.comment_id IS NOT NULL THEN k.adverse_event ELSE r.adverse_event END AS adverse_event,
       CASE WHEN k.comment_id IS NOT NULL THEN 'correction' ELSE 'classifier' END AS source
FROM comment_reactions r
FULL OUTER JOIN (
    SELECT comment_id, categories, adverse_event FROM reaction_corrections
    QUALIFY row_number() OVER (PARTITION BY comment_id ORDER BY corrected_at DESC, correction_id DESC) = 1
) k ON k.comment_id = r.comment_id
"""

_LATEST_CORRECTION_SQL = """
SELECT * FROM reaction_corrections
QUALIFY row_number() OVER (PARTITION BY comment_id ORDER BY corrected_at DESC, correction_id DESC) = 1
"""


def _warehouse_products(con: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    """The client's product list from the warehouse (name, aliases, molecule), or None when it is empty.

    Read here rather than through warehouse.products: reactions sits below the warehouse package.
    """
    df = con.execute("SELECT name, aliases, molecule FROM products ORDER BY name").df()
    return df if len(df) else None


WAREHOUSE_CHUNK = 50_000  # comments classified per round trip (bounded memory at any warehouse size)


def rule_cues_for(texts: Sequence[str | None]) -> list[list[str]]:
    """The rules-1.1 adverse-event cues (fired or blocked) of each text, in one DuckDB query.

    Only run on the comments the model flags: they explain a PV case in words a reviewer knows.
    """
    if not texts:
        return []
    frame = pd.DataFrame({"_i": range(len(texts)), "text": list(texts)})
    con = duckdb.connect()
    try:
        source, view = _source(con, frame)
        out = con.execute(_label_cues_sql(source, _quote_ident("_i"), _quote_ident("text"), R.AE)).df()
        con.unregister(view)
    finally:
        con.close()
    by = dict(zip(out["_id"], out["cues"], strict=True))
    return [
        [c for c in (list(by[i]) if by.get(i) is not None else []) if c.startswith(("ae:", "block-ae:"))]
        for i in range(len(texts))
    ]


class RulesClassifier:
    """rules-1.1 behind the learned classifier's interface (`classify` -> BatchResult), for comparisons."""

    version = RULES_VERSION

    def classify(self, texts: Sequence[object], explain: bool = True, products: bool = True) -> Any:
        import numpy as np

        from reactions.features import STATUS_EMPTY, STATUS_OK
        from reactions.model import BatchResult

        frame = pd.DataFrame(
            {"_i": range(len(texts)), "text": [t if isinstance(t, str) else "" for t in texts]}
        )
        con = duckdb.connect()
        try:
            out = classify_in_duckdb(con, frame, "text", "_i").sort_values("_i")
        finally:
            con.close()
        labels = R.LABELS
        dec = np.zeros((len(texts), len(labels)), dtype=bool)
        for j, lab in enumerate(labels):
            if lab == R.AE:
                dec[:, j] = out["adverse_event"].to_numpy(bool)
            else:
                dec[:, j] = [lab in c for c in out["categories"]]
        status = np.array(
            [STATUS_OK if isinstance(t, str) and t.strip() else STATUS_EMPTY for t in texts], np.uint8
        )
        return BatchResult(labels, dec.astype(np.float32), dec, status, [list(p) for p in out["products"]],
                           [list(c) for c in out["cues"]])  # fmt: skip


def classify_new_comments(con: duckdb.DuckDBPyConnection, products: Any = None) -> int:
    """Classify comments never classified (or by another version); open PV cases. Returns how many.

    `products`: the client's products as the caller has them (the warehouse passes its
    `warehouse.products.product_matcher`; this layer does not import the warehouse); None reads the
    products table. The medicine lexicon is always there underneath.

    Bulk, in chunks of WAREHOUSE_CHUNK comments: texts leave DuckDB once, go through the learned
    classifier as arrays, and come back as one INSERT per chunk. Every comment whose adverse-event score
    reaches the PV threshold gets a case (unless a person said it is not an AE), with an audit row naming
    the score and the cues. Runs inside the caller's transaction (the loader's): never BEGIN/COMMIT here.
    """
    import numpy as np

    from reactions.model import classifier

    todo, res_t, cases = (f"_relais_{x}_{uuid.uuid4().hex[:8]}" for x in ("todo", "res", "pv"))
    con.execute(
        f"""CREATE TEMP TABLE {todo} AS
        SELECT row_number() OVER (ORDER BY c.comment_id) AS rn, c.comment_id FROM comments c
        LEFT JOIN comment_reactions r ON r.comment_id = c.comment_id
        WHERE r.comment_id IS NULL OR r.classifier_version IS DISTINCT FROM ?""",
        [CLASSIFIER_VERSION],
    )
    try:
        n = con.execute(f"SELECT count(*) FROM {todo}").fetchone()[0]
        if n and products is None:
            products = _warehouse_products(con)
        clf = classifier(products) if n else None
        for start in range(0, n, WAREHOUSE_CHUNK):
            rows = con.execute(
                f"""SELECT t.comment_id, c.text FROM {todo} t JOIN comments c USING (comment_id)
                WHERE t.rn > ? AND t.rn <= ? ORDER BY t.rn""",
                [start, start + WAREHOUSE_CHUNK],
            ).fetchall()
            ids = [r[0] for r in rows]
            texts = [r[1] for r in rows]
            res = clf.classify(texts)
            ae = res.column(R.AE)
            cues = res.cues
            flagged = np.flatnonzero(ae)
            if len(flagged):
                for i, extra in zip(flagged, rule_cues_for([texts[i] for i in flagged]), strict=True):
                    cues[int(i)] = cues[int(i)] + [f"rules:{x}" for x in extra]
            cat_idx = [res.labels.index(c) for c in R.CATEGORIES]
            mask = (res.decisions[:, cat_idx].astype(np.int64) << np.arange(len(cat_idx))).sum(axis=1)
            score = res.ae_scores.astype(np.float64)
            frame = pd.DataFrame(
                {
                    "comment_id": ids,
                    "catmask": mask,
                    "adverse_event": ae,
                    "ae_score": np.where(np.isnan(score), None, np.round(score, 4)),
                    "products": ["|".join(p) if p else None for p in res.products],
                    "cues": [json_list(c) for c in cues],
                }
            )
            view = f"_relais_frame_{uuid.uuid4().hex[:8]}"
            con.register(view, frame)
            try:
                con.execute(
                    f"""INSERT INTO comment_reactions
                        (comment_id, categories, adverse_event, ae_score, products, cues, classifier_version,
                         classified_at)
                    SELECT comment_id,
                           list_filter(?::VARCHAR[], lambda x, i: ((catmask >> (i - 1)) & 1) = 1),
                           adverse_event, CAST(ae_score AS DOUBLE),
                           CASE WHEN products IS NULL THEN []::VARCHAR[] ELSE string_split(products, '|') END,
                           CAST(cues AS JSON), ?, current_timestamp
                    FROM {view}
                    ON CONFLICT (comment_id) DO UPDATE SET
                        categories = excluded.categories, adverse_event = excluded.adverse_event,
                        ae_score = excluded.ae_score, products = excluded.products, cues = excluded.cues,
                        classifier_version = excluded.classifier_version, classified_at = excluded.classified_at""",
                    [list(R.CATEGORIES), CLASSIFIER_VERSION],
                )
            finally:
                con.unregister(view)
        threshold = clf.threshold(R.AE) if clf is not None else None
        # every flagged comment without a case gets one, unless a person said it is not an AE
        con.execute(
            f"""CREATE TEMP TABLE {cases} AS
            SELECT r.comment_id, c.first_loaded_at AS day0, r.ae_score,
                   list_filter(CAST(r.cues AS VARCHAR[]), lambda x: NOT starts_with(x, 'cue:')) AS why
            FROM comment_reactions r
            JOIN comments c ON c.comment_id = r.comment_id
            LEFT JOIN ({_LATEST_CORRECTION_SQL}) k ON k.comment_id = r.comment_id
            WHERE r.adverse_event AND coalesce(k.adverse_event, TRUE)
              AND NOT EXISTS (SELECT 1 FROM pv_cases p WHERE p.comment_id = r.comment_id)"""
        )
        con.execute(
            f"""INSERT INTO pv_cases (comment_id, day0, due_at, status, status_changed_at, status_changed_by)
            SELECT comment_id, day0, day0 + INTERVAL {PV_DUE_DAYS} DAY, 'new', current_timestamp, 'system' FROM {cases}"""
        )
        con.execute(
            f"""INSERT INTO pv_audit (comment_id, from_status, to_status, changed_by, changed_at, reason)
            SELECT comment_id, NULL, 'new', 'system', current_timestamp,
                   'flagged by ' || ? || ': adverse-event score '
                   || coalesce(printf('%.2f', ae_score), 'n/a')
                   || coalesce(' (PV threshold ' || printf('%.2f', ?::DOUBLE) || ')', '')
                   || CASE WHEN len(why) > 0 THEN '; ' || array_to_string(why, ', ') ELSE '' END
            FROM {cases}""",
            [CLASSIFIER_VERSION, threshold],
        )
        return int(n)
    finally:
        for t in (todo, res_t, cases):
            try:
                con.execute(f"DROP TABLE IF EXISTS {t}")
            except duckdb.Error:  # transaction already aborted: keep the original error
                break


def json_list(items: Sequence[str]) -> str:
    import json

    return json.dumps(list(items), ensure_ascii=False)


@contextmanager
def _atomic(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """A transaction of our own unless the caller already has one."""
    try:
        con.execute("BEGIN TRANSACTION")
    except duckdb.TransactionException:
        yield
        return
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def validate_categories(categories: Iterable[str] | str | None) -> tuple[str, ...]:
    """Known categories in canonical order; '|'-separated strings accepted."""
    if categories is None:
        return ()
    if isinstance(categories, str):
        categories = [c for c in categories.split("|")]
    cats = {str(c).strip().lower() for c in categories if str(c).strip()}
    unknown = sorted(cats - set(R.CATEGORIES))
    if unknown:
        raise ValueError(f"unknown categories {unknown}; allowed: {', '.join(R.CATEGORIES)}")
    return tuple(c for c in R.CATEGORIES if c in cats)


def correct_comment(
    con: duckdb.DuckDBPyConnection,
    comment_id: str,
    categories: Iterable[str] | str,
    adverse_event: bool,
    by: str,
    reason: str,
) -> int:
    """Record a person's correction (it wins over the rules); returns the correction id.

    A correction saying adverse_event=true opens a PV case (day0 = when the
    comment entered the warehouse) when the comment has none; the audit row
    names the corrector. Closing cases is the PV workflow's job, not ours.
    """
    cats = validate_categories(categories)
    if not isinstance(adverse_event, bool):
        if adverse_event in (0, 1):
            adverse_event = bool(adverse_event)
        else:
            raise ValueError("adverse_event must be true or false")
    by, reason = (by or "").strip(), (reason or "").strip()
    if not by:
        raise ValueError("a correction needs the name of who made it (by)")
    if not reason:
        raise ValueError("a correction needs a reason")
    with _atomic(con):
        row = con.execute(
            "SELECT first_loaded_at FROM comments WHERE comment_id = ?", [comment_id]
        ).fetchone()
        if row is None:
            raise ValueError(f"unknown comment {comment_id!r}")
        cid = con.execute(
            """INSERT INTO reaction_corrections (comment_id, categories, adverse_event, corrected_by, corrected_at, reason)
            VALUES (?, ?, ?, ?, current_timestamp, ?) RETURNING correction_id""",
            [comment_id, list(cats), adverse_event, by, reason],
        ).fetchone()[0]
        if adverse_event:
            exists = con.execute("SELECT 1 FROM pv_cases WHERE comment_id = ?", [comment_id]).fetchone()
            if not exists:
                con.execute(
                    f"""INSERT INTO pv_cases (comment_id, day0, due_at, status, status_changed_at, status_changed_by)
                    VALUES (?, ?, ?::TIMESTAMP + INTERVAL {PV_DUE_DAYS} DAY, 'new', current_timestamp, ?)""",
                    [comment_id, row[0], row[0], by],
                )
                con.execute(
                    """INSERT INTO pv_audit (comment_id, from_status, to_status, changed_by, changed_at, reason)
                    VALUES (?, NULL, 'new', ?, current_timestamp, ?)""",
                    [comment_id, by, f"opened by correction {cid}: {reason}"],
                )
    return int(cid)


def corrections_as_labels(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """People's latest corrections as a labelled set (id, text, categories '|'-joined, adverse_event 0/1)."""
    return con.execute(
        f"""SELECT k.comment_id AS id, c.text, array_to_string(k.categories, '|') AS categories,
                   CAST(k.adverse_event AS INTEGER) AS adverse_event
            FROM ({_LATEST_CORRECTION_SQL}) k JOIN comments c ON c.comment_id = k.comment_id
            ORDER BY k.corrected_at, k.correction_id"""
    ).df()
