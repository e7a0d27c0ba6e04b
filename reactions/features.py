"""Text -> hashed features for the learned reaction classifier, in bulk, with numpy only.

Why its own vectoriser rather than scikit-learn's: classification must run at tens of thousands of
comments per second on two cores and `relais classify` must start fast, so inference is a few numpy passes
over ONE byte buffer holding a whole batch of comments (no Python loop per comment, no scikit-learn or
scipy import). Training (`reactions.train`) calls the very same `encode` and hands its index arrays to
scikit-learn, so what the model learned is exactly what runs.

What a comment becomes:

1. Normalised bytes (`prepare`): every @handle -> "@zzuser" (`MENTION`), lower case, accents removed
   (é -> e, œ -> oe), every digit -> 0, curly apostrophes -> ', any blank -> one space, letters repeated
   3+ times -> one ("merciiii" -> "merci"), a few meaningful emojis -> words (❤ -> " zzheart "), any
   other emoji -> " zzemoji ", other scripts dropped.
   Texts are cut at `MAX_CHARS` characters (the status says so). Each comment is padded with spaces.
2. Feature occurrences, hashed into 2**bits slots (a salt per family):
   - character n-grams (n = 3..5) of the normalised comment, across word boundaries;
   - words (runs of a-z0-9) and word bigrams;
   - cue classes: words and phrases of the rules-1.1 vocabularies (symptoms, treatments, family,
     negation, fear, ...) and of the medicine lexicon, found by hash lookup, plus which pairs of classes
     occur together (a symptom with a treatment, a first person with a symptom);
   - meta: a "?", a link, @mentions, length bucket.
   A family's occurrences are scaled by 1/sqrt(their count in the comment) (char n-grams and words) or
   count 1 each (cues, meta), so long texts do not dominate.

Hashing is a polynomial rolling hash mod 2**64 over the bytes; any substring's hash is
(H[e] - H[s]) * P**-s, so character n-grams, words and lexicon phrases come from one prefix array.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

# an @handle (any script, dots and dashes inside) -> one constant word: who is tagged says nothing about the
# reaction, and a handle's letters must not move a decision (nor change when pseudonyms are re-keyed).
# An "@" not preceded by a word character or another "@"; the "@" comes first in the pattern (the check on
# the character before it is a lookbehind after it) so the regex engine jumps from "@" to "@" instead of
# trying every position: 4x faster, same matches as (?<![\w@])@\w+(?:[.\-]\w+)*
MENTION = re.compile(r"@(?<![\w@]@)\w+(?:[.\-]\w+)*")
MENTION_TOKEN = "@zzuser"
MAX_CHARS = 5000  # a longer comment is classified on its first MAX_CHARS characters (status "truncated")
CHUNK_BYTES = 1 << 22  # texts are encoded in chunks of about this many bytes (bounds memory)
NGRAMS = (3, 4, 5)
TERM_MAX_TOKENS = 4  # lexicon phrases up to this many words
BLOOM_BITS = 20  # phrase lookups first test a bitmap of 2**20 booleans

STATUS_OK, STATUS_EMPTY, STATUS_NO_TEXT, STATUS_TRUNCATED = 0, 1, 2, 3
STATUS_NAMES = {
    STATUS_OK: "ok",
    STATUS_EMPTY: "empty",
    STATUS_NO_TEXT: "no_text",
    STATUS_TRUNCATED: "truncated",
}

_U64 = np.uint64
_P = 0x100000001B3  # odd: invertible mod 2**64
_P_INV = pow(_P, -1, 1 << 64)
_GOLD = _U64(0x9E3779B97F4A7C15)
_Q = _U64(0xC2B2AE3D27D4EB4F)

# Emojis and symbols that carry meaning in health comments -> a word the model can learn.
EMOJI_WORDS: dict[str, str] = {
    "heart": "\u2764\u2665\U0001f496\U0001f495\U0001f497\U0001f493\U0001f49e\U0001f498\U0001f49b\U0001f49a\U0001f499"
    "\U0001f49c\U0001f5a4\U0001f90d\U0001f90e\U0001f9e1\U0001f970\U0001f60d\U0001f618\U0001fa77\U0001fa75\U0001fa76",
    "pray": "\U0001f64f",
    "clap": "\U0001f44f\U0001f64c",
    "strong": "\U0001f4aa",
    "thumb": "\U0001f44d\U0001f44c",
    "laugh": "\U0001f602\U0001f923\U0001f606\U0001f605\U0001f604\U0001f601\U0001f639",
    "angry": "\U0001f621\U0001f620\U0001f92c\U0001f624\U0001f595",
    "sad": "\U0001f622\U0001f62d\U0001f61e\U0001f614\U0001f625\U0001f494\U0001f97a",
    "fear": "\U0001f631\U0001f628\U0001f630\U0001f627\U0001f626\U0001f633",
    "think": "\U0001f914\U0001f928\U0001f9d0\u2753\u2754",
    "doubt": "\U0001f644\U0001f612\U0001f611\U0001f610\U0001f937\U0001f926",
    "sick": "\U0001f922\U0001f92e\U0001f912\U0001f915\U0001f927\U0001f635\U0001f974\U0001f975\U0001f976",
    "jab": "\U0001f489",
    "pill": "\U0001f48a",
    "eyes": "\U0001f440",
    "fire": "\U0001f525",
    "smile": "\U0001f60a\U0001f642\U0001f600\U0001f603\u263a\U0001f917\U0001f60e\U0001f929",
    "skull": "\U0001f480\u2620",
    "warn": "\u26a0\U0001f6a8",
}


# --------------------------------------------------------------------------- normalisation


def _strip(ch: str) -> str:
    s = unicodedata.normalize("NFKD", ch.lower())
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


_SPECIALS = {
    "\u2019": "'", "\u2018": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u0153": "oe", "\u00e6": "ae", "\u00df": "ss", "\u00f8": "o", "\u0142": "l", "\u0111": "d", "\u00f0": "d",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2026": "...",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
}  # fmt: skip
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f" + "".join(chr(c) for c in range(0x1F3FB, 0x1F400))


def _char_out(ch: str) -> bytes:
    """What one character becomes (ASCII bytes, maybe empty)."""
    cp = ord(ch)
    if cp == 0:
        return b"\x00"  # the document separator
    if ch in _SPECIALS:
        return _SPECIALS[ch].encode()
    if ch in _INVISIBLE:
        return b""
    if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
        return b" "
    if ch.isdigit():
        return b"0"
    if unicodedata.category(ch) == "Mn":
        return b""  # a combining accent of decomposed text
    o = _strip(ch)
    o = o.encode("ascii", "ignore") if o.isascii() else b""
    return b"0" * len(o) if o.isdigit() else o


def _build_map() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Code point -> output bytes: U+0000..U+07FF by table, higher code points by lookup (sorted keys).

    Returns (offsets, lengths, flat bytes, 1-byte fast table, special code points, their codes).
    Codes 0..2047 are code points, 2048 + k the k-th special; the last code is "another emoji", the one
    before it "drop".
    """
    outs = [_char_out(chr(cp)) for cp in range(0x800)]
    specials: dict[int, bytes] = {}
    for ch in list(_SPECIALS) + list(_INVISIBLE):
        if ord(ch) >= 0x800:
            specials[ord(ch)] = _char_out(ch)
    for cp in list(range(0x2000, 0x200B)) + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000]:
        specials[cp] = b" "
    for word, chars in EMOJI_WORDS.items():
        for ch in chars:
            specials[ord(ch)] = f" zz{word} ".encode()
    keys = np.array(sorted(specials), dtype=np.int64)
    outs.extend(specials[int(k)] for k in keys)
    outs.append(b"")  # drop
    outs.append(b" zzemoji ")  # any other emoji / pictograph
    lengths = np.array([len(o) for o in outs], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    flat = np.frombuffer(b"".join(outs), dtype=np.uint8)
    fast = np.array([o[0] if len(o) == 1 else 0xFF for o in outs[:0x80]], dtype=np.uint8)
    return offsets, lengths, flat, fast, keys, np.arange(0x800, 0x800 + len(keys), dtype=np.int64)


_MAP_OFF, _MAP_LEN, _MAP_BYTES, _ASCII, _SPECIAL_CP, _SPECIAL_CODE = _build_map()
_CODE_DROP = len(_MAP_LEN) - 2
_CODE_EMOJI = len(_MAP_LEN) - 1
_IS_LETTER = np.zeros(256, dtype=bool)
_IS_LETTER[ord("a") : ord("z") + 1] = True
_IS_ALNUM = _IS_LETTER.copy()
_IS_ALNUM[ord("0")] = True
_SPACE, _SEP = ord(" "), 0


def _normalise_str(s: str) -> np.ndarray:
    """One big string -> normalised ASCII bytes (before squeezing), vectorised over code points."""
    if s.isascii():
        return _ASCII[np.frombuffer(s.encode("ascii"), dtype=np.uint8)]
    cp = np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    codes = np.where(cp < 0x800, cp, _CODE_DROP)
    hi = np.flatnonzero(cp >= 0x800)
    if len(hi):
        chp = cp[hi]
        pos = np.minimum(np.searchsorted(_SPECIAL_CP, chp), len(_SPECIAL_CP) - 1)
        found = _SPECIAL_CP[pos] == chp
        emoji = (chp >= 0x1F000) | ((chp >= 0x2190) & (chp < 0x2C00))  # pictographs, arrows, dingbats
        codes[hi] = np.where(found, _SPECIAL_CODE[pos], np.where(emoji, _CODE_EMOJI, _CODE_DROP))
    lens = _MAP_LEN[codes]
    if (lens == 1).all():
        return _MAP_BYTES[_MAP_OFF[codes]]
    total = int(lens.sum())
    ends = np.cumsum(lens)
    within = np.arange(total, dtype=np.int64) - np.repeat(ends - lens, lens)
    return _MAP_BYTES[np.repeat(_MAP_OFF[codes], lens) + within]


def _squeeze(o: np.ndarray) -> np.ndarray:
    """Collapse blank runs to one space and letter runs of 3+ to one letter."""
    if len(o) == 0:
        return o
    start = np.empty(len(o), dtype=bool)
    start[0] = True
    np.not_equal(o[1:], o[:-1], out=start[1:])
    drop = ~start & (o == _SPACE)
    letter_repeat = ~start & _IS_LETTER[o]
    if letter_repeat.any():
        run_start = np.flatnonzero(start)
        run_len = np.diff(np.append(run_start, len(o)))
        long_runs = np.repeat(run_len >= 3, run_len)
        drop |= letter_repeat & long_runs
    return o[~drop]


@dataclass
class Batch:
    """Normalised comments: doc i is buf[bounds[i]:bounds[i+1]-1] (a leading and a trailing space)."""

    buf: np.ndarray  # uint8, docs separated by 0
    bounds: np.ndarray  # int64 [n+1]: start of each doc; bounds[n] = len(buf) + 1
    status: np.ndarray  # uint8 per doc (STATUS_*)

    @property
    def n(self) -> int:
        return len(self.bounds) - 1

    def text(self, i: int) -> str:
        return bytes(self.buf[self.bounds[i] : self.bounds[i + 1] - 1]).decode("ascii").strip()


def _as_text(t: object) -> str:
    if t is None:
        return ""
    if isinstance(t, str):
        return t
    if isinstance(t, float) and t != t:  # NaN
        return ""
    if isinstance(t, bytes | bytearray):
        return bytes(t).decode("utf-8", "replace")
    return str(t)


def prepare(texts: Sequence[object]) -> Batch:
    """Normalise many comments into one buffer (see the module docstring)."""
    strs = [_as_text(t) for t in texts]
    status = np.zeros(len(strs), dtype=np.uint8)
    for i, s in enumerate(strs):
        if len(s) > MAX_CHARS:
            strs[i] = s[:MAX_CHARS]
            status[i] = STATUS_TRUNCATED
    joined = " \x00 ".join(s.replace("\x00", " ") if "\x00" in s else s for s in strs)
    if "@" in joined:
        joined = MENTION.sub(MENTION_TOKEN, joined)
    out = _squeeze(_normalise_str(" " + joined + " "))
    seps = np.flatnonzero(out == _SEP)
    bounds = np.concatenate([[0], seps + 1, [len(out) + 1]]).astype(np.int64)
    if len(bounds) != len(strs) + 1:  # pragma: no cover - a separator can only come from the join
        raise AssertionError("document separator mismatch")
    if len(strs) == 0:
        return Batch(out[:0], np.zeros(1, dtype=np.int64), status)
    # a doc with no letter or digit left has nothing to classify
    alnum = _IS_ALNUM[out]
    cnt = np.add.reduceat(alnum.astype(np.int64), bounds[:-1]) if len(out) else np.zeros(len(strs), np.int64)
    raw_empty = np.array([not s.strip() for s in strs], dtype=bool)
    status = np.where(raw_empty, STATUS_EMPTY, np.where(cnt == 0, STATUS_NO_TEXT, status)).astype(np.uint8)
    return Batch(out, bounds, status)


# --------------------------------------------------------------------------- hashing

_POW: np.ndarray = np.ones(1, dtype=_U64)
_POW_INV: np.ndarray = np.ones(1, dtype=_U64)


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    global _POW, _POW_INV
    if len(_POW) < n + 1:
        m = max(n + 1, 2 * len(_POW))
        with np.errstate(over="ignore"):
            a = np.full(m, _P, dtype=_U64)
            a[0] = 1
            _POW = np.cumprod(a, dtype=_U64)
            a = np.full(m, _P_INV, dtype=_U64)
            a[0] = 1
            _POW_INV = np.cumprod(a, dtype=_U64)
    return _POW, _POW_INV


def _prefix(buf: np.ndarray) -> np.ndarray:
    """H[k] = sum_{j<k} (buf[j]+1) * P**j (mod 2**64); len(buf)+1 values."""
    pw, _ = _powers(len(buf))
    h = np.zeros(len(buf) + 1, dtype=_U64)
    with np.errstate(over="ignore"):
        np.cumsum((buf.astype(_U64) + _U64(1)) * pw[: len(buf)], dtype=_U64, out=h[1:])
    return h


def _substr(h: np.ndarray, s: np.ndarray, e: np.ndarray) -> np.ndarray:
    _, pinv = _powers(int(e.max()) if len(e) else 0)
    with np.errstate(over="ignore"):
        return (h[e] - h[s]) * pinv[s]


def _combine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return a * _Q + b


def slot(h: np.ndarray, salt: int, bits: int) -> np.ndarray:
    """Hash -> feature slot in [0, 2**bits)."""
    with np.errstate(over="ignore"):
        return (((h + _U64(salt)) * _GOLD) >> _U64(64 - bits)).astype(np.int32)


SALT = {"char": 0x1000, "word": 0x2000, "bigram": 0x3000, "cue": 0x4000, "pair": 0x5000, "meta": 0x6000}


@dataclass
class Tokens:
    """Word tokens of a batch: start/end offsets in the buffer, doc index, hash."""

    start: np.ndarray
    end: np.ndarray
    doc: np.ndarray
    hash: np.ndarray
    _ngrams: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)

    def ngrams(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """`token_ngrams(self, n)`, computed once per batch."""
        if n not in self._ngrams:
            self._ngrams[n] = token_ngrams(self, n)
        return self._ngrams[n]


def tokens(batch: Batch, h: np.ndarray) -> Tokens:
    a = _IS_ALNUM[batch.buf]
    if not len(a):
        z = np.zeros(0, dtype=np.int64)
        return Tokens(z, z, z, np.zeros(0, dtype=_U64))
    edge = np.diff(a.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    start = np.flatnonzero(edge == 1)
    end = np.flatnonzero(edge == -1)
    doc = np.searchsorted(batch.bounds, start, side="right") - 1
    return Tokens(start, end, doc, _substr(h, start, end))


def token_ngrams(tok: Tokens, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(first token index, hash) of every run of n consecutive tokens inside one doc."""
    m = len(tok.hash) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=_U64)
    idx = np.arange(m)
    ok = tok.doc[idx] == tok.doc[idx + n - 1]
    hh = tok.hash[:m].copy()
    for k in range(1, n):
        hh = _combine(hh, tok.hash[k : k + m])
    return idx[ok], hh[ok]


# --------------------------------------------------------------------------- phrase tables


def _phrase_keys(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(lookup key, number of tokens) per phrase, as `PhraseTable.find` computes them in comments."""
    b = prepare(texts)
    tok = tokens(b, _prefix(b.buf))
    ntok = np.bincount(tok.doc, minlength=b.n)
    first = np.searchsorted(tok.doc, np.arange(b.n))
    keys = np.zeros(b.n, dtype=_U64)
    for n in range(1, TERM_MAX_TOKENS + 1):
        docs = np.flatnonzero(ntok == n)
        if not len(docs):
            continue
        j = first[docs]
        hh = tok.hash[j].copy()
        for k in range(1, n):
            hh = _combine(hh, tok.hash[j + k])
        keys[docs] = _keyed_arr(hh, n)
    return keys, ntok


def phrase_hash(text: str) -> int | None:
    """The token hash a phrase combines to (as `token_ngrams` computes it); None without a token."""
    b = prepare([text])
    t = tokens(b, _prefix(b.buf))
    if not len(t.hash):
        return None
    out = t.hash[:1]
    for x in t.hash[1:]:
        out = _combine(out, np.array([x], dtype=_U64))
    return int(out[0])


@dataclass
class PhraseTable:
    """Phrases (1..TERM_MAX_TOKENS words) -> integer ids, matched by hash; prefixes (one word) too."""

    keys: np.ndarray  # sorted uint64 hashes of (length, phrase)
    ids: np.ndarray  # int64 id (or class bits) per key
    lengths: tuple[int, ...]  # phrase lengths (tokens) present
    prefix_keys: dict[int, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict
    )  # char length -> keys, ids
    bloom: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # a cheap first test

    def __post_init__(self) -> None:
        if not len(self.bloom):
            self.bloom = np.zeros(1 << BLOOM_BITS, dtype=bool)
            for keys in [self.keys, *(k for k, _ in self.prefix_keys.values())]:
                self.bloom[(keys >> _U64(64 - BLOOM_BITS)).astype(np.int64)] = True

    def _lookup(self, keys: np.ndarray, table: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions in `keys` found in `table`, their ids); most keys are rejected by the bloom bitmap."""
        cand = np.flatnonzero(self.bloom[(keys >> _U64(64 - BLOOM_BITS)).astype(np.int64)])
        if not len(cand) or not len(table):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        kc = keys[cand]
        pos = np.minimum(np.searchsorted(table, kc), len(table) - 1)
        hit = table[pos] == kc
        return cand[hit], ids[pos[hit]]

    @classmethod
    def build(
        cls,
        phrases: Iterable[tuple[str, int]],
        prefixes: Iterable[tuple[str, int]] = (),
        bitmask: bool = False,
    ) -> PhraseTable:
        """Phrases of 1..TERM_MAX_TOKENS words and one-word prefixes -> ids, normalised as comments are.

        With `bitmask`, ids are bit numbers and a phrase in several classes gets the OR of their bits;
        otherwise the first id given for a phrase wins.
        """
        phrases, prefixes = list(phrases), list(prefixes)
        keys, n_tok = _phrase_keys([t for t, _ in phrases])
        pairs: dict[int, int] = {}
        lengths: set[int] = set()
        for (_, pid), k, n in zip(phrases, keys, n_tok, strict=True):
            if n == 0 or n > TERM_MAX_TOKENS:
                continue
            k = int(k)
            pairs[k] = (pairs.get(k, 0) | (1 << pid)) if bitmask else pairs.get(k, pid)
            lengths.add(int(n))
        ks = np.array(sorted(pairs), dtype=_U64)
        ids = np.array([pairs[int(k)] for k in ks], dtype=np.int64)
        pk: dict[int, dict[int, int]] = {}
        if prefixes:
            b = prepare([t for t, _ in prefixes])
            tok = tokens(b, _prefix(b.buf))
            ntok = np.bincount(tok.doc, minlength=b.n)
            first = np.searchsorted(tok.doc, np.arange(b.n))
            for i, (_, pid) in enumerate(prefixes):
                if ntok[i] != 1:
                    continue
                j = first[i]
                plen = int(tok.end[j] - tok.start[j])
                d = pk.setdefault(plen, {})
                hk = int(tok.hash[j])
                d[hk] = (d.get(hk, 0) | (1 << pid)) if bitmask else d.get(hk, pid)
        prefix_keys = {
            n: (np.array(sorted(d), dtype=_U64), np.array([d[k] for k in sorted(d)], dtype=np.int64))
            for n, d in pk.items()
        }
        return cls(ks, ids, tuple(sorted(lengths)), prefix_keys)

    def find(
        self, batch: Batch, h: np.ndarray, tok: Tokens
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Every match: (doc, first token, n tokens, id), sorted by doc then position."""
        docs, firsts, ns, ids = [], [], [], []
        for n in self.lengths:
            first, hh = tok.ngrams(n)
            if not len(first):
                continue
            at, found = self._lookup(_keyed_arr(hh, n), self.keys, self.ids)
            if len(at):
                f = first[at]
                docs.append(tok.doc[f])
                firsts.append(f)
                ns.append(np.full(len(f), n, dtype=np.int64))
                ids.append(found)
        tlen = tok.end - tok.start
        for plen, (pkeys, pids) in self.prefix_keys.items():
            cand = np.flatnonzero(tlen >= plen)
            if not len(cand):
                continue
            at, found = self._lookup(_substr(h, tok.start[cand], tok.start[cand] + plen), pkeys, pids)
            if len(at):
                f = cand[at]
                docs.append(tok.doc[f])
                firsts.append(f)
                ns.append(np.ones(len(f), dtype=np.int64))
                ids.append(found)
        if not docs:
            z = np.zeros(0, dtype=np.int64)
            return z, z, z, np.zeros(0, dtype=np.int64)
        d, f, n_, i = (np.concatenate(x) for x in (docs, firsts, ns, ids))
        order = np.lexsort((-n_, f, d))
        return d[order], f[order], n_[order], i[order]


def _keyed_arr(h: np.ndarray, n: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        return (h ^ _U64(n * 0x51ED27)) * _GOLD


def longest_matches(d: np.ndarray, f: np.ndarray, n: np.ndarray, ntok: int) -> np.ndarray:
    """Mask of matches not inside a longer match of the same doc ("insulin glargine" hides "insulin")."""
    if not len(d):
        return np.zeros(0, dtype=bool)
    cover = np.zeros(ntok + TERM_MAX_TOKENS, dtype=np.int64)
    for k in range(TERM_MAX_TOKENS):
        np.maximum.at(cover, f + k, np.where(k < n, n, 0))
    keep = np.ones(len(d), dtype=bool)
    for k in range(TERM_MAX_TOKENS):
        inside = k < n
        keep &= ~(inside & (cover[f + k] > n))
    return keep


# --------------------------------------------------------------------------- encoding


@dataclass
class Encoded:
    """Feature occurrences of a batch: per family, parts of (indptr [n+1], slots), each part in doc order."""

    batch: Batch
    families: dict[str, list[tuple[np.ndarray, np.ndarray]]]
    cue_hits: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # doc, first token, n tokens, class bits
    tok: Tokens

    def counts(self, family: str) -> np.ndarray:
        """Occurrences of a family per doc."""
        return sum(np.diff(ptr) for ptr, _ in self.families[family])


SQRT_SCALED = ("char", "word")  # other families count 1 per occurrence


def _indptr(doc: np.ndarray, n: int) -> np.ndarray:
    return np.searchsorted(doc, np.arange(n + 1), side="left").astype(np.int64)


def encode(
    batch: Batch, bits: int, cues: PhraseTable, n_classes: int, ngrams: Sequence[int] = NGRAMS
) -> Encoded:
    """All feature occurrences of a (chunk-sized) batch; see the module docstring."""
    buf, n = batch.buf, batch.n
    h = _prefix(buf)
    fam: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {"char": [], "word": [], "cue": []}
    # character n-grams: every start s whose k bytes stay inside the doc (slices, no gather: doc i holds
    # len_i - k + 1 of them, in order)
    L = len(buf)
    _, pinv = _powers(L + 1)
    doc_len = np.diff(batch.bounds) - 1  # without the separator
    sep_before = np.zeros(L + 1, dtype=np.int32)
    np.cumsum(buf == _SEP, out=sep_before[1:])
    with np.errstate(over="ignore"):
        for k in ngrams:
            if L < k:
                fam["char"].append((np.zeros(n + 1, dtype=np.int64), np.zeros(0, dtype=np.int32)))
                continue
            hk = (h[k:] - h[: L + 1 - k]) * pinv[: L + 1 - k]
            inside = sep_before[k:] == sep_before[: L + 1 - k]
            cnt = np.maximum(doc_len - k + 1, 0)
            ptr = np.concatenate([[0], np.cumsum(cnt)]).astype(np.int64)
            fam["char"].append((ptr, slot(hk[inside], SALT["char"] + k, bits)))
    doc_of = np.repeat(np.arange(n, dtype=np.int64), np.maximum(doc_len + 1, 0))[:L]
    # words and bigrams
    tok = tokens(batch, h)
    fam["word"].append((_indptr(tok.doc, n), slot(tok.hash, SALT["word"], bits)))
    first, bh = tok.ngrams(2)
    fam["word"].append((_indptr(tok.doc[first], n), slot(bh, SALT["bigram"], bits)))
    # cue classes and their pairs
    d, f, ln, bits_ = cues.find(batch, h, tok)
    present = np.zeros((n, max(n_classes, 1)), dtype=bool)
    for c in range(n_classes):
        hit = (bits_ & (1 << c)) != 0
        present[d[hit], c] = True
    dd, cc = np.nonzero(present)
    pd_, ps = [dd], [slot(cc.astype(_U64), SALT["cue"], bits)]
    ii, jj = np.triu_indices(n_classes, 1)
    pdoc, pk = np.nonzero(present[:, ii] & present[:, jj])
    pd_.append(pdoc)
    ps.append(slot((ii[pk] * 64 + jj[pk]).astype(_U64), SALT["pair"], bits))
    # meta: a "?", an @, a link, the length bucket
    meta_doc, meta_id = [], []
    for mid, docs in ((1, doc_of[buf == ord("?")]), (2, doc_of[buf == ord("@")]), (3, _url_docs(tok))):
        u = np.unique(docs)
        meta_doc.append(u)
        meta_id.append(np.full(len(u), mid))
    ntok = np.bincount(tok.doc, minlength=n)
    meta_doc.append(np.arange(n))
    meta_id.append(10 + np.minimum(np.log2(ntok + 1).astype(np.int64), 8))
    md = np.concatenate(pd_ + meta_doc)
    ms = np.concatenate(ps + [slot(np.concatenate(meta_id).astype(_U64), SALT["meta"], bits)])
    order = np.argsort(md, kind="stable")
    fam["cue"].append((_indptr(md[order], n), ms[order]))
    return Encoded(batch, fam, (d, f, ln, bits_), tok)


_URL_H = {phrase_hash(w) for w in ("http", "https", "www")}


def _url_docs(tok: Tokens) -> np.ndarray:
    if not len(tok.hash):
        return np.zeros(0, dtype=np.int64)
    m = np.isin(tok.hash, np.array([x for x in _URL_H if x is not None], dtype=_U64))
    return np.unique(tok.doc[m])


def chunks(texts: Sequence[object]) -> Iterable[tuple[int, int]]:
    """(start, stop) ranges of texts holding about CHUNK_BYTES characters each."""
    start, size = 0, 0
    for i, t in enumerate(texts):
        size += min(len(t), MAX_CHARS) if isinstance(t, str) else 16
        if size >= CHUNK_BYTES:
            yield start, i + 1
            start, size = i + 1, 0
    if start < len(texts):
        yield start, len(texts)
