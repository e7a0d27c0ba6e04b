"""Medical-advice and promotion flags on captions, and the prescription-medicine finder they share
with the moderation queue (warehouse.moderation).

Why: the ANSM forbids promoting a prescription-only or reimbursed medicine to the public, and a
post (or a reply) must not read as a dosage, a treatment plan or a substitute for a health
professional's opinion. Each flag keeps the phrase that triggered it so a reviewer sees at once
why; like every check in warehouse.compliance these only *flag* for a person.

Flags (domain.community.CAPTION_FLAGS):
- rx_medicine_to_public: the text names a medicine whose BDPM status is prescription-only or
  reimbursed (reactions/data/medicines.csv, `prescription` or `reimbursed` = yes), or a client
  product whose risk is rx_or_reimbursed_to_public (warehouse.products). Read back for a page
  declared for health professionals (owned_pages.audience = hcp), this flag is left out: that
  audience is not the public.
- dosage_advice: a dose with a rhythm ("2 comprimés par jour", "500 mg twice a day"), an order to
  take or raise a dose ("doublez la dose", "take 2 pills"), a count taken at a rhythm without a
  unit ("prenez-en 2 par jour", "take 2 a day") - unless the same sentence sends the reader to
  their doctor, pharmacist or the leaflet.
- replaces_professional: "pas besoin de consulter", "no need to see a doctor", and the
  stop-your-treatment / replaces-your-treatment topics warehouse.compliance already finds.

The flags are written by `warehouse.compliance.check_posts` in the same pass as the disclosure
checks (same versioning, same re-check of updated posts).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

import duckdb
import pandas as pd

from domain import OWNED_PAGE
from domain.community import CAPTION_FLAGS
from domain.compliance import RISK_RX, TOPIC_REPLACES, TOPIC_STOP
from reactions.medicines import lexicon
from warehouse.filters import Filters
from warehouse.products import ProductMatcher, normalize_text, product_risk, term_key

FLAG_RX, FLAG_DOSAGE, FLAG_REPLACES = CAPTION_FLAGS.codes()
MAX_NGRAM = 4  # the longest medicine name, in words, the finder looks for
MIN_NAME = 4  # shorter names are ordinary words too often ("dota", "edex"...)
# Lexicon names that are also everyday words (or first names) in French or English captions:
# a medicine is then named only by a client's product list.
AMBIGUOUS_NAMES = frozenset(
    "depo doxy ether gyno mono muse poly rhino talc uree opium dakin toco femi ideos stimu edex ixel "
    "serc omix evra tobi xenon carlin dota mibg lhrh icaz fonx xiop thais muse orap kipos lytos "
    "elsep briem duova zanea sawis egery josir".split()
)

_TOKEN = re.compile(r"[a-z0-9]+")


def _compat(text: str) -> str:
    """Compatibility forms folded (full-width "Ｏｚｅｍｐｉｃ", ligatures): a name dressed up to slip past
    a filter is still the name."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


@dataclass(frozen=True)
class Mention:
    """A medicine named in a text: canonical name and the words as written."""

    name: str
    phrase: str


class RxFinder:
    """Finds prescription-only or reimbursed medicines in free text (words, not substrings).

    A token-window lookup (one dict probe per window of 1..MAX_NGRAM words) rather than a
    4,000-name regex: same answer, a few microseconds a caption.
    """

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        self._single: dict[str, str] = {}
        self._multi: dict[str, str] = {}  # glued key of a name written in several words
        self._first_words: set[str] = set()  # what a name in several words starts with
        for term, display in names:
            words = _TOKEN.findall(normalize_text(term))
            key = "".join(words)
            if len(key) < MIN_NAME or key in AMBIGUOUS_NAMES:
                continue
            target = self._single if len(words) <= 1 else self._multi
            target.setdefault(key, display)
            if len(words) > 1:
                self._single.setdefault(key, display)  # written glued: "#freestylelibre"
                self._first_words.add(words[0])

        self._gate = frozenset(self._single) | frozenset(self._first_words)

    def __len__(self) -> int:
        return len(set(self._single.values()) | set(self._multi.values()))

    def could_name(self, text: str | None) -> bool:
        """Whether the text has a word that is, or starts, a medicine name (a cheap test before `mentions`)."""
        return self.could_name_normalized(normalize_text(_compat(text))) if text else False

    def could_name_normalized(self, norm: str) -> bool:
        """`could_name` on a text already normalised (warehouse.products.normalize_text or its SQL twin)."""
        words = set(_TOKEN.findall(norm))
        return not words.isdisjoint(self._gate) or any(
            w[:-1] in self._single for w in words if w.endswith("s")
        )

    def mentions(self, text: str | None) -> list[Mention]:
        """Each medicine named, once, with the first phrase that names it (as written when possible)."""
        if not text:
            return []
        text = _compat(text)
        norm = normalize_text(text)
        same = len(norm) == len(text)  # the accent folding kept the offsets: show the words as written
        toks = list(_TOKEN.finditer(norm))
        found: dict[str, str] = {}
        i = 0
        while i < len(toks):
            hit = None
            first = toks[i].group()
            if first in self._first_words:  # a name in several words starts here, perhaps
                for n in range(min(MAX_NGRAM, len(toks) - i), 1, -1):
                    window = toks[i : i + n]
                    name = self._multi.get("".join(m.group() for m in window))
                    if name is not None:
                        hit = (name, window[0].start(), window[-1].end(), n)
                        break
            if hit is None:
                name = self._single.get(first)
                if name is None and first.endswith("s"):  # a plural: "2 dolipranes"
                    name = self._single.get(first[:-1])
                if name is not None:
                    hit = (name, toks[i].start(), toks[i].end(), 1)
            if hit:
                found.setdefault(hit[0], (text if same else norm)[hit[1] : hit[2]])
                i += hit[3]
            else:
                i += 1
        return [Mention(name, phrase) for name, phrase in found.items()]


@lru_cache(maxsize=1)
def _lexicon_rx() -> tuple[tuple[str, str], ...]:
    return tuple(
        (r["name"], r["display"]) for r in lexicon() if r["prescription"] == "yes" or r["reimbursed"] == "yes"
    )


def rx_finder(products: ProductMatcher | None = None) -> RxFinder:
    """The shipped lexicon's prescription-only or reimbursed medicines, plus the client's products of
    that risk (names, aliases, molecules); a client's name wins over the lexicon's."""
    names: list[tuple[str, str]] = []
    if products is not None:
        for p in products.products.values():
            if product_risk(p) == RISK_RX:
                names += [(t, p.name) for t in (p.name, *p.aliases, *([p.molecule] if p.molecule else []))]
    # a client product that is not restricted (its name or molecule) is not flagged by the lexicon
    cleared = {
        term_key(t)
        for p in (products.products.values() if products is not None else [])
        if product_risk(p) != RISK_RX
        for t in (p.name, *p.aliases)
    }
    names += [(n, d) for n, d in _lexicon_rx() if term_key(n) not in cleared]
    return RxFinder(names)


# ---------------------------------------------------------------------------- advice phrasing

_DOSE_UNIT = (
    r"(?:mg|milligrammes?|g|grammes?|ml|µg|mcg|ui|iu|units?|unites?|comprimes?|cp|cachets?|gelules?|pilules?"
    r"|pills?|tablets?|capsules?|caps|gouttes?|drops?|sachets?|doses?|bouffees?|puffs?|cuilleres?|spoonfuls?"
    r"|injections?|piqures?|patchs?)"
)
_RHYTHM = (
    r"(?:par jour|par semaine|/ ?jour|/ ?j\b|/ ?day|a day|per day|daily|each day|every day|per week|a week"
    r"|matin et soir|le matin|le soir|au coucher|avant (?:chaque |les )?repas|apres (?:chaque |les )?repas"
    r"|a jeun|(?:\d|une|deux|trois|quatre) fois (?:par|dans la) (?:jour|journee|semaine)"
    r"|(?:once|twice|three times|\d times) (?:a|per) (?:day|week)|toutes les \d+ ?(?:h|heures)"
    r"|every \d+ ?(?:h|hours)|at bedtime|before (?:each |every )?meals?|after (?:each |every )?meals?)"
)
_NUM = r"(?:\d+(?:[.,]\d+)?|un|une|deux|trois|quatre|cinq|one|two|three|four|five|half|demi|1/2)"
_TAKE = r"(?:prenez|prends|prendre|prend|avalez|avale|avaler|take|takes|taking)"
# a rhythm that is itself a count ("deux fois par jour", "twice a day")
_RHYTHM_COUNT = (
    r"(?:(?:\d|une|deux|trois|quatre) fois (?:par|dans la) (?:jour|journee|semaine)"
    r"|(?:once|twice|three times|\d times) (?:a|per) (?:day|week))"
)
# a count taken at a rhythm, the unit left to the reader: "prenez-en 2 par jour", "take 2 a day",
# "prends-en deux le soir", "take it twice a day". The count must be followed by the rhythm itself
# ("take 2 minutes a day", "prends 2 jours de repos par semaine" are not doses).
_UNITLESS_DOSE = (
    rf"\b{_TAKE}(?:-en|\s+en)?(?:\s+(?:it|them|one of them))?\s+{_NUM}\s+{_RHYTHM}"
    rf"|\b{_TAKE}(?:-en|\s+en|\s+it|\s+them)\s+{_RHYTHM_COUNT}"
)
_DOSAGE_FR_EN = (
    # a dose and a rhythm: "2 comprimés par jour", "500 mg twice a day"
    rf"\b{_NUM} ?{_DOSE_UNIT}\b[^.!?\n]{{0,30}}?\b{_RHYTHM}"
    # an order to take a dose: "prenez 2 comprimés", "take 400mg of ibuprofen"
    rf"|\b(?:prenez|prends|prendre|avalez|take|try taking|have)\s+(?:jusqu'a\s+|up to\s+)?{_NUM} ?{_DOSE_UNIT}\b"
    # a count without a unit at a rhythm: "prenez-en 2 par jour", "take 2 a day"
    rf"|{_UNITLESS_DOSE}"
    # dose changes: "doublez la dose", "double your dose", "augmentez les doses"
    r"|\b(?:doublez|double|doubler|augmentez|augmente|augmenter|increase|up|diminuez|reduisez|lower|halve)"
    r"\s+(?:la|les|ta|votre|vos|your|the)\s+(?:dose|doses|dosage|posologie)\b"
    r"|\bposologie (?:conseillee|recommandee|ideale)\s*:"
    r"|\b(?:ma|la) posologie\s*:"
    r"|\b(?:recommended|ideal|best) dose (?:is|:)"
)
_SUBSTITUTE = (
    r"\bpas (?:besoin|la peine|utile) (?:d'aller (?:voir|chez)|de (?:consulter|voir|demander a|passer par))"
    r"(?: (?:un|une|le|la|votre|ton|son|les|vos))? ?(?:medecins?|docteurs?|generalistes?|pharmaciens?"
    r"|specialistes?|derm\w*|gyneco\w*|professionnels? de sante)?"
    r"|\binutile de (?:consulter|voir (?:un|le|votre|ton) (?:medecin|docteur))"
    r"|\bplutot que d'?(?:aller voir|consulter|voir) (?:un|le|votre|ton) (?:medecin|docteur|pharmacien)"
    r"|\b(?:oubliez|oublie|zappez|zappe) (?:le|votre|ton) (?:medecin|docteur)"
    r"|\bsans (?:passer par|demander a|l'avis d'|avis) (?:un|le|votre|ton)?\s*(?:medecin|docteur|pharmacien)"
    r"|\b(?:no|without) need (?:to|for) (?:see|ask|consult|visit|a|your|the) ?(?:a |your |the )?"
    r"(?:doctors?|gps?|physicians?|pharmacists?|dermatologists?|specialists?)"
    r"|\b(?:you )?(?:don'?t|do not) need (?:a|your|to see a|to see your|to ask your) (?:doctors?|gps?|physicians?)"
    r"|\b(?:skip|forget) (?:the|your) (?:doctors?|gps?|physicians?)"
    r"|\binstead of (?:seeing|asking|going to) (?:a|your|the) (?:doctors?|gps?|physicians?|pharmacists?)"
    r"|\b(?:je suis|i am|i'm) (?:ton|votre|your) (?:medecin|docteur|doctor) maintenant"
)
_REFERRAL = re.compile(
    r"\b(?:votre|ton|son|leur|your|their|un|une|a) (?:medecin|docteur|pharmacien|pharmacienne|doctor|gp"
    r"|physician|pharmacist|specialiste|specialist|professionnel de sante|health ?care (?:professional|provider))"
    r"|\b(?:notice|leaflet|prescrit|prescrite|prescription|ordonnance|prescribed|sur avis medical)\b"
)
_DOSAGE_RE = re.compile(_DOSAGE_FR_EN)
# every dosage phrase holds a digit, a number word before a unit, or the word dose/posologie
_DOSAGE_HINT = re.compile(
    r"\d|dose|dosage|posologie|\b(?:un|une|deux|trois|quatre|cinq|one|two|three|four|five|half|demi|once|twice)\b"
)
_SUBSTITUTE_RE = re.compile(_SUBSTITUTE)
_SENTENCE_END = re.compile(r"[.!?\n]")


@lru_cache(maxsize=1)
def _compliance_topics() -> tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]:
    """(words one of which a match contains, pattern) of the stop / replaces-your-treatment topics of
    warehouse.compliance: one definition of them."""
    from warehouse.compliance import _TOPIC_KEYS, _TOPIC_RE

    return tuple((_TOPIC_KEYS[code], rx) for code, rx in _TOPIC_RE if code in (TOPIC_STOP, TOPIC_REPLACES))


def _sentence(norm: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(norm, 0, start)), default=0)
    right = _SENTENCE_END.search(norm, end)
    return norm[left : right.start() if right else len(norm)]


def _phrase(text: str, norm: str, start: int, end: int) -> str:
    src = text if len(text) == len(norm) else norm
    return " ".join(src[start:end].split())


def dosage_phrases(text: str | None) -> list[str]:
    """Phrases giving a dose or a dose change, leaving out those that refer the reader to a professional."""
    if not text:
        return []
    norm = normalize_text(text)
    out: list[str] = []
    if not _DOSAGE_HINT.search(norm):
        return out
    for m in _DOSAGE_RE.finditer(norm):
        if _REFERRAL.search(_sentence(norm, m.start(), m.end())):
            continue
        p = _phrase(text, norm, m.start(), m.end())
        if p not in out:
            out.append(p)
    return out


def substitute_phrases(text: str | None) -> list[str]:
    """Phrases standing in for a professional's opinion (no need for a doctor, stop/replace a treatment)."""
    if not text:
        return []
    norm = normalize_text(text)
    out: list[str] = []
    for keys, rx in (((), _SUBSTITUTE_RE), *_compliance_topics()):
        if keys and not any(k in norm for k in keys):
            continue
        for m in rx.finditer(norm):
            p = _phrase(text, norm, m.start(), m.end())
            if p and p not in out:
                out.append(p)
    return out


def caption_flags(text: str | None, finder: RxFinder) -> list[tuple[str, str]]:
    """(flag, phrase) pairs for one post's text (title and caption), in flag order, no duplicates."""
    if not text or not str(text).strip():
        return []
    flags = [(FLAG_RX, m.phrase) for m in finder.mentions(text)]
    flags += [(FLAG_DOSAGE, p) for p in dosage_phrases(text)]
    flags += [(FLAG_REPLACES, p) for p in substitute_phrases(text)]
    return flags


# Words every dosage or substitute phrase contains (normalised text); check_posts sends to Python
# only the posts matching one of them or that could name a medicine (RxFinder.could_name).
GATE_WORDS = (
    "mg", "ml", "comprim", "gelule", "pilule", "pill", "tablet", "capsule", "goutte", "drop", "sachet", "dose",
    "bouffee", "puff", "cuiller", "spoonful", "injection", "piqure", "patch", "cachet", "posologie", "medecin",
    "docteur", "doctor", "generaliste", "pharmacien", "pharmacist", "physician", "gp", "specialist",
    "derm", "gyneco", "consult", "traitement", "treatment", "medicament", "medication", "meds", "medoc",
    "remplace", "replace", "instead", "besoin", "need", "gueri", "cure", "insulin", "chimio", "ui", "iu",
    "unit", "cp", "caps", "µg", "mcg", "gramme", "milligramme",
)  # fmt: skip


# a dose without a unit has none of the words above: its verb and count (RE2 syntax too)
_UNITLESS_GATE = (
    rf"\b{_TAKE}(?:-en|\s+en)?(?:\s+(?:it|them|one of them))?\s+(?:{_NUM}|once|twice|three times)\b"
)


def gate_sql_pattern() -> str:
    """An RE2 pattern a normalised text matching none of the advice words cannot carry a dosage or
    substitute flag. Medicine names are not in it (4,000 names make RE2 slow): `RxFinder.could_name`
    checks them in Python, one set intersection a text."""
    return "|".join([*(re.escape(w) for w in GATE_WORDS), _UNITLESS_GATE])


# ---------------------------------------------------------------------------- reading them back

_FLAGS_SQL = """
SELECT f.post_id, f.flag, f.phrase, p.platform, p.influencer_id, i.handle, i.display_name, i.profile_type,
       i.tier, p.campaign_id, c.name AS campaign_name, p.published_at, p.permalink, p.format, p.format_family
FROM post_caption_flags f
JOIN posts p ON p.post_id = f.post_id
LEFT JOIN influencers_v i ON i.influencer_id = p.influencer_id
LEFT JOIN campaigns c ON c.campaign_id = p.campaign_id
LEFT JOIN owned_pages op ON op.influencer_id = p.influencer_id
WHERE NOT (f.flag = ? AND coalesce(op.audience, '') = ?)
"""


def flagged_captions(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """One row per (post, flag, phrase) in the selection, newest post first.

    rx_medicine_to_public is left out for pages declared for health professionals. The campaign
    scope never hides the posts of the client's own pages (they belong to no campaign on purpose,
    warehouse.campaigns, and what the client publishes itself is what a regulator reads first).
    """
    f = filters or Filters()
    owned_too = f.scope == "campaigns"
    where, params = (replace(f, scope="all") if owned_too else f).where_sql("q")
    if owned_too:
        where = f"({where}) AND (q.campaign_id IS NOT NULL OR q.profile_type = ?)"
        params = [*params, OWNED_PAGE]
    sql = f"""SELECT q.* FROM ({_FLAGS_SQL}) q WHERE {where}
              ORDER BY q.published_at DESC NULLS LAST, q.post_id, q.flag, q.phrase"""
    return con.execute(sql, [FLAG_RX, "hcp", *params]).df()


def caption_flag_counts(con: duckdb.DuckDBPyConnection, filters: Filters | None = None) -> pd.DataFrame:
    """Posts flagged per flag code (every flag of the vocabulary, 0 when none) for the deck and the page."""
    df = flagged_captions(con, filters)
    counts = df.groupby("flag")["post_id"].nunique() if len(df) else pd.Series(dtype=int)
    return pd.DataFrame(
        {"flag": list(CAPTION_FLAGS.codes()), "posts": [int(counts.get(c, 0)) for c in CAPTION_FLAGS.codes()]}
    )
