"""Compliance checks on posts: disclosure, products named, sensitive topics, HCP agreements.

Why: French law (loi 2023-451) requires a paid influencer post to say so in
plain words ("Publicité" or "Collaboration commerciale"); health adds the ANSM
rules (no promotion of prescription-only or reimbursed medicines to the
public), the anti-gift law (a health professional paid by a company needs a
declared agreement, Transparence Santé) and topics that need a reviewer's eye
(aesthetic procedures, nicotine, "stop your treatment"). These checks only
*flag* for a human: they never decide that a post is lawful.

Disclosure levels
- explicit: "Publicité", "#pub" / "(pub)", "Collaboration commerciale", "partenariat
  rémunéré", "en partenariat avec", "sponsorisé (par)"...; the English "#ad",
  "paid partnership", "sponsored" count as explicit only on an English post (a
  French audience is owed French words). A negated cue ("pas sponsorisé",
  "ceci n'est pas une publicité", "not sponsored") does not count.
- weak: "#partenariat", "#collab", "#sp", "code promo", "produit offert",
  "#gifted", "merci à @marque"..., and English cues on a non-English post.
- missing: nothing of the above in the post's text.
- not_checkable: the export carries no text of the post (YouTube's Studio export has
  titles but no description; a post exported without its caption), and the title,
  if any, shows no cue. Absence of a cue in text we do not have is not a missing
  disclosure: these posts are counted apart and left to a person to open.

`check_posts` stores the result in post_compliance, and the medical-advice and promotion
flags of warehouse.caption_flags in post_caption_flags; it is run by the loader inside the
load's transaction, so it never begins or commits one itself.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import duckdb
import pandas as pd

from domain import DISCLOSURE_LEVELS
from domain.compliance import TOPIC_AESTHETIC, TOPIC_NICOTINE, TOPIC_REPLACES, TOPIC_STOP
from warehouse.caption_flags import caption_flags, gate_sql_pattern, rx_finder
from warehouse.filters import Filters
from warehouse.products import (
    ProductMatcher,
    ensure_sample_products,
    normalize_text,
    product_matcher,
    product_risk,
    products_signature,
)

# 2026.2: not_checkable for posts whose text the export does not carry; 2026.3: caption flags
CHECKER_VERSION = "2026.4"  # 2026.4: a dose without a unit ("prenez-en 2 par jour") is dosage advice
NOT_CHECKABLE = DISCLOSURE_LEVELS.where(checkable=False)[0]  # the export carried no text to check
PROBLEM_LEVELS: tuple[str, ...] = DISCLOSURE_LEVELS.where(problem=True)  # a paid post at these needs review
_RANK = {t.code: t.rank for t in DISCLOSURE_LEVELS.terms() if t.rank}  # levels a cue can give


def _w(body: str) -> str:
    """A cue as a whole word (letters/digits may not touch it), '#' allowed in front."""
    return rf"(?<![a-z0-9]){body}(?![a-z0-9])"


_S = r"[\s_\-]*"  # separators inside a cue: "collaboration commerciale", "#CollaborationCommerciale"

# (label, level, language or None, pattern) on normalize_text(caption)
_CUES: tuple[tuple[str, str, str | None, str], ...] = (
    # explicit, French
    ("publicité", "explicit", None, r"(?<![a-z0-9])#?publicite(?![a-z0-9])|#publicite\w*"),
    ("pub", "explicit", None, r"#pub(?![a-z0-9])|[\[(]\s*pub\s*[\])]|^\s*pub\s*[:|\-\u2013\u2014]"),
    ("collaboration commerciale", "explicit", None, rf"#?collaboration{_S}commerciale\w*"),
    ("partenariat rémunéré", "explicit", None, rf"#?partenariat{_S}remunere\w*"),
    ("partenariat non rémunéré", "explicit", None, rf"partenariat{_S}non{_S}remunere\w*"),
    ("collaboration rémunérée", "explicit", None, rf"#?collaboration{_S}remuneree\w*"),
    ("partenariat commercial", "explicit", None, _w(rf"#?partenariat{_S}commercial")),
    ("publicitaire", "explicit", None, _w(rf"(?:partenariat|collaboration|contenu|annonce){_S}publicitaire")),
    ("en partenariat avec", "explicit", None, r"(?<![a-z0-9])en partenariat avec(?![a-z0-9])"),
    ("sponsorisé", "explicit", None, _w(r"#?sponsorise(?:e|s|es)?(?:\s+par)?")),
    # English: explicit on English posts only
    ("#ad", "explicit", "en", r"#ad(?:s|vert|vertisement|vertising)?(?![a-z0-9])"),
    ("paid partnership", "explicit", "en", rf"#?paid{_S}partnership\w*"),
    ("sponsored", "explicit", "en", _w(r"#?sponsored(?:\s+by)?")),
    ("advertisement", "explicit", "en", _w(r"advertisement")),
    ("paid promotion", "explicit", "en", rf"#?paid{_S}promotion"),
    # weak
    ("#partenariat", "weak", None, _w(r"#?partenariat") + r"|#partenariat\w*"),
    ("#collab", "weak", None, _w(r"#?collab") + r"|#collab\w*"),
    ("en collaboration avec", "weak", None, _w(r"en collaboration avec")),
    ("#sp", "weak", None, r"#sp(?![a-z0-9])"),
    ("#sponso", "weak", None, _w(r"#?sponso")),
    ("code promo", "weak", None, _w(rf"#?code{_S}(?:promo|promotionnel|reduc|reduction|de reduction)")),
    ("produit offert", "weak", None, _w(r"produits? offerts?|offerts? par|offerte? par")),
    ("#gifted", "weak", None, _w(r"#?gifted")),
    ("merci à @", "weak", None, r"merci (?:a|beaucoup a) @"),
    ("ambassadeur", "weak", None, _w(r"#?ambassad(?:eur|rice)s?")),
    ("avec le soutien de", "weak", None, _w(r"avec le soutien(?: institutionnel)? de")),
    ("lien affilié", "weak", None, _w(r"liens? (?:affilies?|d'affiliation)|affiliate links?")),
    ("#partner", "weak", None, _w(r"#partner|#partenaire")),
)
_CUE_RE = [(label, level, lang, re.compile(p, re.MULTILINE)) for label, level, lang, p in _CUES]
# Text every match of a cue contains (on the normalised text): a text without any of them cannot
# carry the cue, so its regex is not run; the bulk check (check_posts) leaves to SQL the posts
# with none at all. tests/warehouse/test_scale.py checks each cue's matches contain one.
_CUE_KEYS: dict[str, tuple[str, ...]] = {
    "publicité": ("publicite",), "pub": ("pub",), "collaboration commerciale": ("collaboration",),
    "partenariat rémunéré": ("partenariat",), "partenariat non rémunéré": ("partenariat",),
    "collaboration rémunérée": ("collaboration",), "partenariat commercial": ("partenariat",),
    "publicitaire": ("publicitaire",), "en partenariat avec": ("partenariat",), "sponsorisé": ("sponsorise",),
    "#ad": ("#ad",), "paid partnership": ("paid",), "sponsored": ("sponsored",), "advertisement": ("advertisement",),
    "paid promotion": ("paid",), "#partenariat": ("partenariat",), "#collab": ("collab",),
    "en collaboration avec": ("collaboration",), "#sp": ("#sp",), "#sponso": ("sponso",), "code promo": ("code",),
    "produit offert": ("offert",), "#gifted": ("gifted",), "merci à @": ("merci",), "ambassadeur": ("ambassad",),
    "avec le soutien de": ("soutien",), "lien affilié": ("lien", "affiliate"), "#partner": ("#partner", "#partenaire"),
}  # fmt: skip
_NEGATION = re.compile(
    r"(?:\bnon|\bpas(?:\s+(?:de|d'|une?|du))?|\bnot(?:\s+an?)?|\bno|\bsans|\bni|\bnever)\s*-?\s*$"
)

_TOPICS: tuple[tuple[str, str], ...] = (
    (
        TOPIC_AESTHETIC,
        r"\bbotox\b|\btoxine botulique\b|\binjections? (?:d'|de |des )?(?:acide )?hyaluronique"
        r"|\bacide hyaluronique inject|\bfillers?\b|\binjections? (?:esthetiques?|des levres|dans les levres)"
        r"|\b(?:chirurgie|medecine) esthetique\b|\blip filler|\brhinoplastie\b|\bliposuccion\b"
        r"|\baugmentation mammaire\b|\bblepharoplastie\b|\bbbl\b",
    ),
    (
        TOPIC_NICOTINE,
        r"\bvap(?:e|es|oteuse|oteuses|ote|oter|otage|ing)\b|\bpuffs?\b|\be-?cig(?:arette)?s?\b"
        r"|\bcigarettes? electroniques?\b|\bsachets? (?:de |a la )?nicotine\b|\bnicotine pouch(?:es)?\b"
        r"|\bpouches? (?:de |a la )?nicotine\b|\bsnus\b",
    ),
    (
        TOPIC_STOP,
        r"\barret(?:er|ez|e|es|ons)\s+(?:de prendre\s+)?(?:son|votre|ton|mon|vos|tes|ses|mes|les|le|leur)"
        r"\s+(?:traitements?|medicaments?|medocs?|insuline|chimio)"
        r"|\bstop(?:ping)?\s+(?:taking\s+)?(?:your|my|their|the)\s+(?:treatment|medications?|meds|medicine|insulin)"
        r"|\bplus besoin de (?:son|votre|ton|mon) traitement",
    ),
    (
        TOPIC_REPLACES,
        r"\bremplace(?:r|z|nt)?\s+(?:votre|ton|son|mon|le|les|vos|tes|vos)\s+(?:traitements?|medicaments?|medocs?)"
        r"|\bplus besoin (?:de|d'aucun) (?:medicaments?|medocs?|traitements?)\b"
        r"|\ba la place (?:de vos|de votre|de ton|de tes|du|des) (?:traitements?|medicaments?|medocs?)"
        r"|\binstead of (?:your|my|the)?\s*(?:medications?|meds|treatment|medicine)"
        r"|\breplaces? (?:your|my|the)\s+(?:medications?|meds|treatment|medicine)"
        r"|\bno (?:more )?need (?:for|of) (?:medications?|meds|drugs|treatment)"
        r"|\bgueri(?:t|r|ssent|sez)? naturellement\b|\bcures? (?:it )?naturally\b",
    ),
)
_TOPIC_RE = [(code, re.compile(p)) for code, p in _TOPICS]
_TOPIC_KEYS: dict[str, tuple[str, ...]] = {
    TOPIC_AESTHETIC: ("botox", "botulique", "hyaluronique", "filler", "esthetique", "injection", "rhinoplastie",
                      "liposuccion", "mammaire", "blepharoplastie", "bbl"),
    TOPIC_NICOTINE: ("vap", "puff", "cig", "nicotine", "snus"),
    TOPIC_STOP: ("arret", "stop", "besoin"),
    TOPIC_REPLACES: ("remplace", "besoin", "a la place", "instead", "replace", "need", "gueri", "cure"),
}  # fmt: skip
# RE2 (DuckDB) and Python alike: a normalised text matching none of these needs no check in Python
_GATE = "|".join(sorted({k for ks in (*_CUE_KEYS.values(), *_TOPIC_KEYS.values()) for k in ks}))
# Characters on which DuckDB's strip_accents(lower(x)) and normalize_text agree (checked in
# tests/warehouse/test_scale.py): a text with any other character is checked in Python.
_SQL_SAFE_CHARS = r"^[\x{0}-\x{24F}\x{1E00}-\x{1EFF}\x{2000}-\x{2BFF}\x{FE00}-\x{FE0F}\x{1F000}-\x{1FAFF}]*$"
# Python's str.isspace() characters: a caption made only of these is no text at all
_PY_SPACE = r"[\t\n\x{0B}\x{0C}\r\x{1C}-\x{1F} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]"

_FR_STOP = frozenset(
    "le la les de des du un une et est pour avec dans sur pas que qui ce cette ces mon ma mes ton ta tes "
    "je tu il elle nous vous ils au aux en ne c'est j'ai tres plus mais ou son sa ses leur votre vos "
    "aujourd'hui merci bonjour chez comme tout tous faire fait etre avoir".split()
)
_EN_STOP = frozenset(
    "the and is are to of for with in on my your you this that it i we not be have has was our at an so "
    "just what how today thanks hello about from all can do will they their me if or by".split()
)
_WORD = re.compile(r"[a-z']+")


def guess_language(text: str | None) -> str:
    """'en' or 'fr' from stopwords; French unless English clearly dominates (a French market)."""
    words = _WORD.findall(normalize_text(text))
    fr = sum(1 for w in words if w in _FR_STOP)
    en = sum(1 for w in words if w in _EN_STOP)
    return "en" if en > fr else "fr"


def _language(caption: str | None, language: str | None) -> str:
    if language:
        code = str(language).strip().lower().replace("_", "-").split("-")[0]
        if code:
            return code
    return guess_language(caption)


def disclosure_level(caption: str | None, language: str | None = None) -> tuple[str, list[str]]:
    """(explicit | weak | missing, cues found), on the caption as people really write it."""
    text = normalize_text(caption)
    if not text.strip():
        return "missing", []
    lang = None  # guessed when an English cue is found
    hits: list[tuple[int, int, int, str]] = []  # (rank, start, end, label)
    for label, level, cue_lang, rx in _CUE_RE:
        if not any(k in text for k in _CUE_KEYS[label]):
            continue
        for m in rx.finditer(text):
            if _NEGATION.search(text[max(0, m.start() - 20) : m.start()]):
                continue
            rank = _RANK[level]
            if cue_lang is not None:
                lang = lang or _language(caption, language)
                if cue_lang != lang:
                    rank = _RANK["weak"]  # the right idea in the wrong language
            hits.append((rank, m.start(), m.end(), label))
    if not hits:
        return "missing", []
    # a weaker cue inside a stronger one ("partenariat" in "en partenariat avec") is not a cue of its own
    hits.sort(key=lambda h: (-h[0], h[1]))
    kept: list[tuple[int, int, int, str]] = []
    for h in hits:
        if any(h[1] < k[2] and k[1] < h[2] and k[0] >= h[0] for k in kept):
            continue
        kept.append(h)
    best = max(h[0] for h in kept)
    level = "explicit" if best == _RANK["explicit"] else "weak"
    cues: list[str] = []
    for h in sorted(kept, key=lambda h: h[1]):
        if h[3] not in cues:
            cues.append(h[3])
    return level, cues


def sensitive_topics(text: str | None) -> list[str]:
    """Topic codes (domain.SENSITIVE_TOPICS) the text touches, sorted; for a reviewer, not a verdict."""
    norm = normalize_text(text)
    if not norm:
        return []
    return sorted(
        code for code, rx in _TOPIC_RE if any(k in norm for k in _TOPIC_KEYS[code]) and rx.search(norm)
    )


def post_disclosure(
    title: str | None, caption: str | None, language: str | None = None
) -> tuple[str, list[str]]:
    """Disclosure of a post from its title and body text (caption or description).

    Without body text a cue in the title still counts (a "#pub" in a YouTube title
    is a disclosure), but its absence proves nothing: `not_checkable`.
    """
    body = (caption or "").strip()
    text = "\n".join(x for x in (title, caption) if x)
    level, cues = disclosure_level(text, language)
    if not body and level == "missing":
        return NOT_CHECKABLE, []
    return level, cues


def check_text(
    text: str | None, matcher: ProductMatcher, language: str | None = None, *, title: str | None = None
) -> dict[str, Any]:
    """Every check on one post's text: disclosure, cues, products, product_risks, sensitive_topics.

    `text` is the body (caption/description); `title` is checked with it.
    """
    level, cues = post_disclosure(title, text, language)
    text = "\n".join(x for x in (title, text) if x)
    products = matcher.find(text)
    return {
        "disclosure": level,
        "disclosure_cues": cues,
        "products": products,
        "product_risks": matcher.risks(products),
        "sensitive_topics": sensitive_topics(text),
    }


def effective_version(con: duckdb.DuckDBPyConnection) -> str:
    """CHECKER_VERSION plus the product list's digest: a new product list re-checks every post."""
    return f"{CHECKER_VERSION}+p{products_signature(con)}"


def _norm_sql(expr: str) -> str:
    """normalize_text in DuckDB (equal to it on the characters of _SQL_SAFE_CHARS)."""
    return f"replace(replace(strip_accents(lower({expr})), chr(8217), ''''), chr(700), '''')"


def check_posts(con: duckdb.DuckDBPyConnection) -> int:
    """Fill post_compliance for posts never checked, checked by an older checker or product list,
    or whose caption may have changed since (a later export updated the post); returns posts checked.

    In bulk: DuckDB finds the posts whose text names no product and contains none of the
    words every cue or sensitive topic needs (most posts), and records them as missing (or
    not_checkable without a body text) in one statement; only the others go through
    `check_text` in Python. Same results as checking every post in Python.

    Runs inside the caller's transaction (the loader's): no BEGIN/COMMIT here.
    Loads the sample product list first when the products table is empty.
    """
    ensure_sample_products(con)
    version = effective_version(con)
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _cp_todo AS
           SELECT p.post_id, p.title, p.caption
           FROM posts p
           LEFT JOIN post_compliance pc ON pc.post_id = p.post_id
           LEFT JOIN load_files lf ON lf.file_id = p.updated_file_id
           WHERE pc.post_id IS NULL OR pc.checker_version <> ?
              OR (lf.started_at IS NOT NULL AND lf.started_at > pc.checked_at)""",
        [version],
    )
    n = con.execute("SELECT count(*) FROM _cp_todo").fetchone()[0]
    if not n:
        con.execute("DROP TABLE _cp_todo")
        return 0
    matcher = product_matcher(con)
    finder = rx_finder(matcher)
    pattern = matcher.regex_sql()
    text = "concat_ws(chr(10), nullif(title, ''), nullif(caption, ''))"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _cp_gate AS
            SELECT post_id, title, caption, _n,
                   NOT regexp_matches(_t, $safe) OR regexp_matches(_n, $gate)
                   OR ($products <> '' AND regexp_matches(_n, $products))
                   OR regexp_matches(_n, $flag_gate) AS in_python
            FROM (SELECT *, {text} AS _t, {_norm_sql(text)} AS _n FROM _cp_todo)""",
        {
            "safe": _SQL_SAFE_CHARS,
            "gate": _GATE,
            "products": pattern or "",
            "flag_gate": gate_sql_pattern(),
        },
    )
    # a medicine name is looked for in Python (a set lookup per post, faster than a 4,000-name regex)
    # (on the SQL-normalised text: rows whose characters SQL does not normalise like Python are in_python)
    named = [
        pid
        for pid, norm in con.execute("SELECT post_id, _n FROM _cp_gate WHERE NOT in_python").fetchall()
        if finder.could_name_normalized(norm or "")
    ]
    if named:
        con.execute(
            "UPDATE _cp_gate SET in_python = true WHERE list_contains(?::VARCHAR[], post_id)", [named]
        )
    now = dt.datetime.now()  # local naive time, like load_files.started_at it is compared with
    con.execute("DELETE FROM post_compliance WHERE post_id IN (SELECT post_id FROM _cp_todo)")
    con.execute("DELETE FROM post_caption_flags WHERE post_id IN (SELECT post_id FROM _cp_todo)")
    # no cue word, no topic word, no product: missing, or not_checkable when there is no body text
    con.execute(
        """INSERT INTO post_compliance
               (post_id, disclosure, disclosure_cues, products, product_risks, sensitive_topics,
                checker_version, checked_at)
           SELECT post_id,
                  CASE WHEN regexp_full_match(coalesce(caption, ''), $space) THEN $nc ELSE 'missing' END,
                  []::VARCHAR[], []::VARCHAR[], []::VARCHAR[], []::VARCHAR[], $version, $now
           FROM _cp_gate WHERE NOT in_python""",
        {"space": f"{_PY_SPACE}*", "nc": NOT_CHECKABLE, "version": version, "now": now},
    )
    todo = con.execute("SELECT post_id, title, caption FROM _cp_gate WHERE in_python").fetchall()
    con.execute("DROP TABLE _cp_gate")
    con.execute("DROP TABLE _cp_todo")
    if not todo:
        return n
    cols: dict[str, list[Any]] = {
        k: []
        for k in ("post_id", "disclosure", "disclosure_cues", "products", "product_risks", "sensitive_topics")
    }
    flag_rows: list[tuple[str, str, str]] = []
    for post_id, title, caption in todo:
        res = check_text(caption, matcher, title=title)
        both = "\n".join(x for x in (title, caption) if x)
        flag_rows += [(post_id, flag, phrase) for flag, phrase in caption_flags(both, finder)]
        cols["post_id"].append(post_id)
        for k in ("disclosure", "disclosure_cues", "products", "product_risks", "sensitive_topics"):
            cols[k].append(res[k])
    con.execute(
        """INSERT INTO post_compliance
               (post_id, disclosure, disclosure_cues, products, product_risks, sensitive_topics,
                checker_version, checked_at)
           SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[][]), unnest(?::VARCHAR[][]),
                  unnest(?::VARCHAR[][]), unnest(?::VARCHAR[][]), ?, ?::TIMESTAMP""",
        [
            cols["post_id"],
            cols["disclosure"],
            cols["disclosure_cues"],
            cols["products"],
            cols["product_risks"],
            cols["sensitive_topics"],
            version,
            now,
        ],
    )
    if flag_rows:
        con.execute(
            "INSERT INTO post_caption_flags (post_id, flag, phrase) "
            "SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
            [[r[0] for r in flag_rows], [r[1] for r in flag_rows], [r[2] for r in flag_rows]],
        )
    return n


# --------------------------------------------------------------------------- reading the results

_FLAGS_BASE = """
SELECT p.post_id, p.platform, p.influencer_id, i.handle, i.display_name, i.profile_type, i.tier,
       p.campaign_id, c.name AS campaign_name, p.published_at, p.permalink, p.format, p.format_family,
       pc.disclosure, pc.disclosure_cues, pc.products, pc.product_risks, pc.sensitive_topics, pc.checked_at,
       coalesce(r.fee > ?, false) AS paid, r.fee, r.currency
FROM posts p
LEFT JOIN influencers_v i ON i.influencer_id = p.influencer_id
LEFT JOIN campaigns c ON c.campaign_id = p.campaign_id
LEFT JOIN roster r ON r.campaign_id = p.campaign_id AND r.influencer_id = p.influencer_id
LEFT JOIN post_compliance pc ON pc.post_id = p.post_id
"""


def _flags_cte(filters: Filters | None) -> tuple[str, list[Any]]:
    """'WITH b AS (...)' over the filtered posts, and its parameters."""
    where, wparams = (filters or Filters()).where_sql("b0")
    sql = f"""WITH b AS (
    SELECT b0.*,
           b0.paid AND b0.disclosure IN ({", ".join("?" for _ in PROBLEM_LEVELS)}) AS flagged
    FROM ({_FLAGS_BASE}) b0
    WHERE {where}
)"""
    return sql, [*PROBLEM_LEVELS, 0, *wparams]


def compliance_flags(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """One row per post of the selection with its checks.

    paid = the influencer is on the roster of the post's campaign with a fee > 0;
    flagged = paid and the disclosure is missing or weak; needs_review = flagged,
    or a campaign/paid post naming a risky product or touching a sensitive topic.
    disclosure is NULL for a post not checked yet (checks run at load time).
    """
    head, params = _flags_cte(filters)
    sql = f"""{head}
SELECT post_id, platform, influencer_id, handle, display_name, profile_type, campaign_id, campaign_name,
       published_at, permalink, format, disclosure, disclosure_cues, paid, fee, currency,
       coalesce(flagged, false) AS flagged,
       coalesce(flagged, false) OR ((paid OR campaign_id IS NOT NULL)
           AND (len(coalesce(product_risks, [])) > 0 OR len(coalesce(sensitive_topics, [])) > 0)) AS needs_review,
       products, product_risks, sensitive_topics, checked_at
FROM b
ORDER BY flagged DESC, needs_review DESC, published_at DESC NULLS LAST, post_id"""
    return con.execute(sql, params).df()


def compliance_by_influencer(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """Per influencer: posts, paid posts, flagged posts and the disclosure mix (one column per level)."""
    head, params = _flags_cte(filters)
    # one count per disclosure level, named by its code (an identifier from the vocabulary, not input)
    levels = "".join(
        f"\n       count(*) FILTER (WHERE disclosure = ?) AS {code}," for code in DISCLOSURE_LEVELS
    )
    sql = f"""{head}
SELECT influencer_id, platform, handle, display_name, profile_type,
       count(*) AS posts,
       count(*) FILTER (WHERE paid) AS paid_posts,
       count(*) FILTER (WHERE flagged) AS flagged_posts,{levels}
       count(*) FILTER (WHERE disclosure IS NULL) AS unchecked,
       count(*) FILTER (WHERE len(coalesce(product_risks, [])) > 0) AS posts_with_product_risk,
       count(*) FILTER (WHERE len(coalesce(sensitive_topics, [])) > 0) AS posts_with_sensitive_topic
FROM b
GROUP BY ALL
ORDER BY flagged_posts DESC, paid_posts DESC, posts DESC, influencer_id NULLS LAST"""
    return con.execute(sql, [*params, *DISCLOSURE_LEVELS.codes()]).df()


def hcp_without_agreement(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Paid health professionals with no agreement reference on the roster (anti-gift law)."""
    return con.execute(
        """SELECT r.campaign_id, c.name AS campaign_name, r.influencer_id, i.platform, i.handle, i.display_name,
                  i.specialty, r.fee, r.currency,
                  (SELECT count(*) FROM posts p
                    WHERE p.campaign_id = r.campaign_id AND p.influencer_id = r.influencer_id) AS posts
           FROM roster r
           JOIN influencers i ON i.influencer_id = r.influencer_id
           LEFT JOIN campaigns c ON c.campaign_id = r.campaign_id
           WHERE i.profile_type = ? AND r.fee > ? AND trim(coalesce(r.hcp_agreement_ref, '')) = ''
           ORDER BY r.campaign_id, r.influencer_id""",
        ["health_professional", 0],
    ).df()


class LexiconFallback:
    """Substances named in comments (the lexicon's substance rows) for the product table."""

    @staticmethod
    def row(name: str) -> dict[str, Any] | None:
        from reactions.medicines import substance_matcher

        return substance_matcher().product_row(name)


def product_mentions(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """Per product named in the selection: its risk, posts naming it, comments naming it.

    Comments come from comment_reactions.products (the classifier's matches);
    with no filter, comments not linked to a known post count too.
    """
    f = filters or Filters()
    head, params = _flags_cte(f)
    comment_scope = "TRUE" if f.is_empty() else "c.post_id IN (SELECT post_id FROM b)"
    sql = f"""{head},
pp AS (
    SELECT product, count(DISTINCT post_id) AS posts
    FROM (SELECT post_id, unnest(products) AS product FROM b WHERE products IS NOT NULL)
    GROUP BY product
),
cp AS (
    SELECT product, count(DISTINCT comment_id) AS comments_naming
    FROM (SELECT cr.comment_id, unnest(cr.products) AS product
          FROM comment_reactions cr JOIN comments c ON c.comment_id = cr.comment_id
          WHERE cr.products IS NOT NULL AND {comment_scope})
    GROUP BY product
)
SELECT coalesce(pp.product, cp.product) AS product, pr.kind, pr.molecule, pr.prescription_only, pr.reimbursed,
       pr.device_class, pr.client,
       coalesce(pp.posts, 0) AS posts, coalesce(cp.comments_naming, 0) AS comments_naming
FROM pp FULL OUTER JOIN cp ON cp.product = pp.product
LEFT JOIN products pr ON pr.name = coalesce(pp.product, cp.product)
ORDER BY posts DESC, comments_naming DESC, product"""
    df = con.execute(sql, params).df()
    # a name from the medicine lexicon (not on the client's list) shows its BDPM status
    from reactions.medicines import brand_matcher

    lex = brand_matcher()
    for i in df.index[df["kind"].isna()]:
        row = lex.product_row(df.at[i, "product"]) or LexiconFallback.row(df.at[i, "product"])
        if row is not None:
            for col in ("kind", "molecule", "prescription_only", "reimbursed"):
                df.at[i, col] = row[col]
    risks = [
        product_risk(r) if r.get("kind") is not None and not pd.isna(r.get("kind")) else None
        for r in df.to_dict("records")
    ]
    df.insert(1, "risk", pd.Series(risks, index=df.index, dtype=object))
    return df
