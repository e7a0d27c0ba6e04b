"""The learned reaction classifier `reactions-2.0`: one linear model per category and for adverse events.

Why a linear model over hashed n-grams: it is the fastest thing that holds on real comments (see
bench/RESULTS.md), it runs with numpy alone from a small file, and every decision can be explained by the
words that pushed it (`explain`). The rules of `reactions.rules` are no longer the decision: their
vocabularies are features (`reactions.cues`), and their cues still name, in the pharmacovigilance queue,
why a comment was flagged.

The shipped file (`reactions/data/reactions-2.0.model`) holds the weights (int16), the per-label
thresholds and everything needed to rebuild and check it: the training inputs' fingerprints, the
settings, and the held-out figures (`reactions.train`, `relais train-reactions`, `make model`). It is
written without timestamps so a rebuild from the same inputs is byte-identical.

Decisions: a label is given when its probability reaches the label's threshold. The adverse-event
threshold is the pharmacovigilance operating point, chosen for recall (missing a report is the costly
error; a person triages the queue): see `PV_TARGET_RECALL` in `reactions.train` and the figures in the file.
`tag` has no labelled example in the real set, so it stays a structural rule (the comment is mentions and at
most three other words; it then has no other category). Texts with nothing to classify (empty, no letter or digit) get no label and their
status says why.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from reactions import cues as CU
from reactions import features as F
from reactions.rules import AE, CATEGORIES, LABELS

MODEL_VERSION = "reactions-2.0"
MODEL_PATH = Path(__file__).resolve().parent / "data" / f"{MODEL_VERSION}.model"
MAGIC = b"RELAIS-REACTIONS\x00"
TAG_MAX_WORDS = 3
LEARNED: tuple[str, ...] = tuple(lab for lab in LABELS if lab != "tag")


class ModelFileError(ValueError):
    """The model file is missing, truncated or not a Relais reactions model."""


QMAX = 32767  # weights are stored as int16 per label: w = q * scale
LANE_OFFSET = 32768  # q + LANE_OFFSET is in [0, 65535]: a 32-bit half of a uint64 holds 65,536 of them
LANE_MAX = 65536  # occurrences per doc and part that two labels summed in one uint64 can take


@dataclass
class LinearModel:
    """Weights per hashed slot and label (int16 with a scale per label), biases, thresholds, metadata.

    Why int16, label-major: scoring gathers one weight per feature occurrence and label; a label's
    int16 row (512 KB at 18 bits) stays in the CPU cache and integer sums are exact, so the stored
    model and the scores it gives are the same on every machine.
    """

    bits: int
    labels: tuple[str, ...]
    q: np.ndarray  # (len(labels), 2**bits) int16
    scale: np.ndarray  # (len(labels),) float32: weight = q * scale
    bias: np.ndarray  # (len(labels),) float32
    thresholds: np.ndarray  # (len(labels),) probability thresholds
    meta: dict[str, Any]
    ngrams: tuple[int, ...] = F.NGRAMS
    _lane_tables: list[np.ndarray] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_weights(
        cls,
        bits: int,
        labels: Sequence[str],
        weights: np.ndarray,
        bias: np.ndarray,
        thresholds: np.ndarray,
        meta: dict[str, Any],
        ngrams: Sequence[int] = F.NGRAMS,
    ) -> LinearModel:
        """Quantise float weights of shape (2**bits, labels)."""
        w = np.asarray(weights, dtype=np.float64).T
        top = np.abs(w).max(axis=1)
        scale = np.where(top > 0, top / QMAX, 1.0).astype(np.float32)
        q = np.clip(np.rint(w / scale[:, None].astype(np.float64)), -QMAX, QMAX).astype(np.int16)
        return cls(bits, tuple(labels), q, scale, np.asarray(bias, np.float32),
                   np.asarray(thresholds, np.float64), meta, tuple(ngrams))  # fmt: skip

    @property
    def weights(self) -> np.ndarray:
        """The dequantised weights, (2**bits, labels) float32 (for tests and explanations)."""
        return (self.q.astype(np.float32) * self.scale[:, None]).T

    @property
    def version(self) -> str:
        return str(self.meta.get("version", MODEL_VERSION))

    # ------------------------------------------------------------------ file

    def to_bytes(self) -> bytes:
        """The file: magic, header length, JSON header (sorted keys), zlib(int16 weights, scales, biases)."""
        header = dict(self.meta)
        header.update(
            {
                "bits": self.bits,
                "labels": list(self.labels),
                "thresholds": [round(float(t), 6) for t in self.thresholds],
                "ngrams": list(self.ngrams),
                "format": 2,
            }
        )
        h = json.dumps(header, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        payload = (
            self.q.astype("<i2").tobytes()
            + self.scale.astype("<f4").tobytes()
            + self.bias.astype("<f4").tobytes()
        )
        return MAGIC + struct.pack("<I", len(h)) + h + zlib.compress(payload, 9)

    @classmethod
    def from_bytes(cls, data: bytes, where: str = "model") -> LinearModel:
        if not data.startswith(MAGIC):
            raise ModelFileError(f"{where}: not a Relais reactions model")
        try:
            (n,) = struct.unpack("<I", data[len(MAGIC) : len(MAGIC) + 4])
            start = len(MAGIC) + 4
            header = json.loads(data[start : start + n].decode("utf-8"))
            if header.get("format") != 2:
                raise ModelFileError(f"{where}: model file format {header.get('format')!r}, expected 2")
            payload = zlib.decompress(data[start + n :])
            bits, labels = int(header["bits"]), tuple(header["labels"])
            k = len(labels)
            qsize = (1 << bits) * k * 2
            if len(payload) != qsize + 8 * k:
                raise ValueError("truncated weights")
            q = np.frombuffer(payload[:qsize], dtype="<i2").reshape(k, 1 << bits).astype(np.int16)
            scale = np.frombuffer(payload[qsize : qsize + 4 * k], dtype="<f4").astype(np.float32)
            bias = np.frombuffer(payload[qsize + 4 * k :], dtype="<f4").astype(np.float32)
        except (struct.error, ValueError, KeyError, zlib.error, UnicodeDecodeError) as exc:
            raise ModelFileError(f"{where}: damaged model file ({exc})") from exc
        meta = {
            key: v
            for key, v in header.items()
            if key not in ("bits", "labels", "thresholds", "ngrams", "format")
        }
        return cls(bits, labels, q, scale, bias, np.array(header["thresholds"], dtype=np.float64), meta,
                   tuple(header.get("ngrams", F.NGRAMS)))  # fmt: skip

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.to_bytes())
        return path

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> LinearModel:
        path = Path(path)
        if not path.exists():
            raise ModelFileError(
                f"{path}: no model file; rebuild it with `relais train-reactions` (make model)"
            )
        return cls.from_bytes(path.read_bytes(), str(path))

    # ------------------------------------------------------------------ scoring

    def margins(self, enc: F.Encoded) -> np.ndarray:
        """w.x + b for every doc of an encoded batch: (n, labels) float32.

        Per family and label: sum the int16 weights of the occurrences per doc (exact, in integers), then
        scale (and divide by sqrt(count) for n-grams and words). Two labels are summed per gather: their
        weights, offset to be non-negative, are the two 32-bit halves of one uint64 (`_lanes`), so a doc's
        sums cannot carry from one half into the other (up to LANE_MAX occurrences per doc and part; more
        falls back to one label at a time).
        """
        n, k = enc.batch.n, len(self.labels)
        lanes = self._lanes()
        out = np.tile(self.bias.astype(np.float64), (n, 1))
        for fam, parts in enc.families.items():
            acc = np.zeros((k, n), dtype=np.int64)
            for ptr, slots in parts:
                if not len(slots):
                    continue
                counts = np.diff(ptr)
                nonempty = np.flatnonzero(counts > 0)
                starts = ptr[nonempty]
                idx = slots.astype(np.intp)
                if counts.max() > LANE_MAX:
                    for j in range(k):
                        acc[j, nonempty] += np.add.reduceat(self.q[j][idx], starts, dtype=np.int64)
                    continue
                offset = counts[nonempty].astype(np.int64) * LANE_OFFSET
                for t, table in enumerate(lanes):
                    both = np.add.reduceat(np.take(table, idx), starts)
                    acc[2 * t, nonempty] += (both & np.uint64(0xFFFFFFFF)).astype(np.int64) - offset
                    if 2 * t + 1 < k:
                        acc[2 * t + 1, nonempty] += (both >> np.uint64(32)).astype(np.int64) - offset
            part = acc.T * self.scale.astype(np.float64)
            if fam in F.SQRT_SCALED:
                part /= np.sqrt(np.maximum(enc.counts(fam), 1))[:, None]
            out += part
        return out.astype(np.float32)

    def _lanes(self) -> list[np.ndarray]:
        """Labels 2t and 2t+1 as one uint64 per slot: (q[2t] + LANE_OFFSET) | (q[2t+1] + LANE_OFFSET) << 32.

        Built once per model (the weights are not changed after loading)."""
        if self._lane_tables is None:
            tables = []
            for t in range(0, len(self.labels), 2):
                lo = (self.q[t].astype(np.int64) + LANE_OFFSET).astype(np.uint64)
                hi = (
                    (self.q[t + 1].astype(np.int64) + LANE_OFFSET).astype(np.uint64)
                    if t + 1 < len(self.labels)
                    else np.zeros_like(lo)
                )
                tables.append(lo | (hi << np.uint64(32)))
            self._lane_tables = tables
        return self._lane_tables


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


# --------------------------------------------------------------------------- products


@dataclass
class ProductIndex:
    """Medicine lexicon + a client's products, found by word (1-4 words), accent- and case-insensitive.

    Same attribution rule as `warehouse.products.ProductMatcher`: a client product's molecule names the
    client products made of it unless one of those brands is named too. A client's name wins over a
    lexicon entry spelled the same.
    """

    table: F.PhraseTable
    terms: list[tuple[tuple[str, ...], str, bool]]  # term id -> (products, molecule key, is molecule)
    # the names for a doc's matched term ids, as found so far (most docs name one product)
    _resolved: dict[tuple[int, ...], tuple[str, ...]] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def build(cls, products: Any = None, lexicon: bool = True) -> ProductIndex:
        from reactions.medicines import client_terms, lexicon_terms

        entries: dict[str, tuple[tuple[str, ...], str, bool]] = {}
        for key, entry in client_terms(products):
            entries.setdefault(key, entry)
        if lexicon:
            for key, entry in lexicon_terms():
                entries.setdefault(key, entry)
        keys = sorted(entries)
        return cls(F.PhraseTable.build((k, i) for i, k in enumerate(keys)), [entries[k] for k in keys])

    def find(self, enc: F.Encoded) -> list[list[str]]:
        """Names per doc (sorted), [] where none."""
        h = F._prefix(enc.batch.buf)
        d, f, n, ids = self.table.find(enc.batch, h, enc.tok)
        out: list[list[str]] = [[] for _ in range(enc.batch.n)]
        if not len(d):
            return out
        keep = F.longest_matches(d, f, n, len(enc.tok.hash))
        d, ids = d[keep], ids[keep]  # sorted by doc
        starts = np.flatnonzero(np.r_[True, d[1:] != d[:-1]])
        ends = np.r_[starts[1:], len(d)].tolist()
        id_list = ids.tolist()
        known = self._resolved
        for doc, a, b in zip(d[starts].tolist(), starts.tolist(), ends, strict=True):
            key = tuple(id_list[a:b])
            names = known.get(key)
            if names is None:
                names = known[key] = tuple(self._resolve(key))
                if len(known) > 1 << 16:
                    known.clear()
            out[doc] = list(names)
        return out

    def _resolve(self, ids: Iterable[int]) -> list[str]:
        brands: set[str] = set()
        brand_mols: set[str] = set()
        mols: list[tuple[tuple[str, ...], str]] = []
        for i in ids:
            prods, mol, is_mol = self.terms[i]
            if is_mol:
                mols.append((prods, mol))
            else:
                brands.update(prods)
                if mol:
                    brand_mols.add(mol)
        out = set(brands)
        for prods, mol in mols:
            if mol not in brand_mols:
                out.update(prods)
        return sorted(out)


# --------------------------------------------------------------------------- the classifier


@dataclass
class BatchResult:
    """Decisions for a batch, as arrays (cheap for a million rows); `row(i)` for one comment."""

    labels: tuple[str, ...]
    probabilities: np.ndarray  # (n, labels) float32, NaN where status is empty/no_text
    decisions: np.ndarray  # (n, labels) bool
    status: np.ndarray  # uint8 (features.STATUS_*)
    products: list[list[str]]
    cues: list[list[str]]  # explanations: filled for rows with a label (see Classifier.classify)

    def __len__(self) -> int:
        return len(self.status)

    def column(self, label: str) -> np.ndarray:
        return self.decisions[:, self.labels.index(label)]

    def categories(self, i: int) -> tuple[str, ...]:
        return tuple(c for c in CATEGORIES if self.decisions[i, self.labels.index(c)])

    def category_strings(self, sep: str = "|") -> np.ndarray:
        """One 'a|b' string per row, built through a table of the 256 category combinations."""
        idx = [self.labels.index(c) for c in CATEGORIES]
        codes = (self.decisions[:, idx].astype(np.int64) << np.arange(len(idx))).sum(axis=1)
        table = np.array(
            [sep.join(c for k, c in enumerate(CATEGORIES) if code >> k & 1) for code in range(1 << len(idx))],
            dtype=object,
        )
        return table[codes]

    @property
    def ae_scores(self) -> np.ndarray:
        return self.probabilities[:, self.labels.index(AE)]


class Classifier:
    """The model, its cue table and a product index; `classify` runs the whole decision in bulk."""

    def __init__(self, model: LinearModel, products: Any = None, lexicon: bool = True) -> None:
        from reactions.medicines import lexicon_names

        self.model = model
        phrases, prefixes = CU.class_phrases(lexicon_names() if lexicon else ())
        if products is not None:
            from reactions.medicines import client_terms

            phrases += [(k, CU.CLASS_ID["medicine"]) for k, _ in client_terms(products)]
        self.cue_table = F.PhraseTable.build(phrases, prefixes, bitmask=True)
        self.products = ProductIndex.build(products, lexicon)
        self.labels = tuple(model.labels) + (("tag",) if "tag" not in model.labels else ())

    @property
    def version(self) -> str:
        return self.model.version

    def threshold(self, label: str) -> float:
        return float(self.model.thresholds[self.model.labels.index(label)])

    def encode(self, texts: Sequence[object]) -> F.Encoded:
        return F.encode(
            F.prepare(texts), self.model.bits, self.cue_table, len(CU.CLASS_NAMES), self.model.ngrams
        )

    def classify(self, texts: Sequence[object], explain: bool = True, products: bool = True) -> BatchResult:
        """Classify many comments; explanations are computed only for rows given a label."""
        parts: list[BatchResult] = []
        for a, b in F.chunks(texts):
            parts.append(self._classify_chunk(texts[a:b], explain, products))
        if not parts:
            k = len(self.labels)
            return BatchResult(self.labels, np.zeros((0, k), np.float32), np.zeros((0, k), bool),
                               np.zeros(0, np.uint8), [], [])  # fmt: skip
        if len(parts) == 1:
            return parts[0]
        return BatchResult(
            self.labels,
            np.concatenate([p.probabilities for p in parts]),
            np.concatenate([p.decisions for p in parts]),
            np.concatenate([p.status for p in parts]),
            [x for p in parts for x in p.products],
            [x for p in parts for x in p.cues],
        )

    def _classify_chunk(self, texts: Sequence[object], explain: bool, products: bool) -> BatchResult:
        enc = self.encode(texts)
        n = enc.batch.n
        m = self.model
        probs = sigmoid(m.margins(enc)).astype(np.float32)
        dec = probs >= m.thresholds[None, :].astype(np.float32)
        # tag: mentions and at most TAG_MAX_WORDS other words
        tok = enc.tok
        prev = np.where(tok.start > 0, enc.batch.buf[np.maximum(tok.start - 1, 0)], 0)
        is_mention = prev == ord("@")
        mentions = np.bincount(tok.doc[is_mention], minlength=n)
        words = np.bincount(tok.doc[~is_mention], minlength=n)
        tag = (mentions > 0) & (words <= TAG_MAX_WORDS)
        tag_p = tag.astype(np.float32)
        if "tag" in m.labels:
            dec[:, m.labels.index("tag")] = tag
            probs[:, m.labels.index("tag")] = tag_p
        else:
            dec = np.concatenate([dec, tag[:, None]], axis=1)
            probs = np.concatenate([probs, tag_p[:, None]], axis=1)
        if tag.any():  # a comment that is only mentions says nothing else
            dec[tag] &= np.array([lab in ("tag", AE) for lab in self.labels])
        if "spam" in self.labels:  # spam is exclusive
            sp = dec[:, self.labels.index("spam")]
            if sp.any():
                keep = np.array([lab in ("spam", AE) for lab in self.labels])
                dec[sp] &= keep
        empty = enc.batch.status.astype(np.int64)
        nothing = (empty == F.STATUS_EMPTY) | (empty == F.STATUS_NO_TEXT)
        if nothing.any():
            dec[nothing] = False
            probs[nothing] = np.nan
        prods = self.products.find(enc) if products else [[] for _ in range(n)]
        cues: list[list[str]] = [[] for _ in range(n)]
        if explain:
            flagged = np.flatnonzero(dec.any(axis=1))
            if len(flagged):
                for i, c in zip(flagged, self._explain(enc, flagged, dec), strict=True):
                    cues[int(i)] = c
        return BatchResult(self.labels, probs, dec, enc.batch.status.copy(), prods, cues)

    # ------------------------------------------------------------------ explanations

    def _explain(self, enc: F.Encoded, rows: np.ndarray, dec: np.ndarray, top: int = 3) -> list[list[str]]:
        """Per row: the cue classes found (e.g. 'cue:symptom') and, per label given, the words that pushed
        it most ('adverse_event:+made me').

        In bulk: the candidates (words and bigrams of the rows, never a handle or a number) are weighed for
        every label given at once with numpy, and per row and label only those weighing at least the
        `top`-th largest distinct weight are kept (at least `top` distinct texts weigh that much, so nothing
        that could be shown is dropped). Python then sorts those few by (weight, text) as before, so ties
        are broken by the text and the cost is linear in length.
        """
        m = self.model
        n = enc.batch.n
        tok = enc.tok
        buf = enc.batch.buf
        rows = np.asarray(rows, dtype=np.int64)
        want = np.zeros(n, dtype=bool)
        want[rows] = True
        # cue classes per doc: the OR of the class bits of its hits (hits are sorted by doc)
        d, _, _, cbits = enc.cue_hits
        docbits = np.zeros(n, dtype=np.int64)
        if len(d):
            hs = np.flatnonzero(np.r_[True, d[1:] != d[:-1]])
            docbits[d[hs]] = np.bitwise_or.reduceat(cbits, hs)
        # never show a handle (@name) or a number (phone, id) as a reason
        zeros = np.zeros(len(buf) + 1, dtype=np.int64)
        np.cumsum(buf == ord("0"), out=zeros[1:])
        hidden = (buf[np.maximum(tok.start - 1, 0)] == ord("@")) | (zeros[tok.end] > zeros[tok.start])
        wt = np.flatnonzero(want[tok.doc] & ~hidden)
        first, bh = tok.ngrams(2)
        okb = want[tok.doc[first]] & ~hidden[first] & ~hidden[first + 1]
        bt = first[okb]
        # candidates in doc order (words and bigrams of a doc side by side)
        c_doc = np.concatenate([tok.doc[wt], tok.doc[bt]])
        order = np.argsort(c_doc, kind="stable")
        c_doc = c_doc[order]
        c_slot = np.concatenate(
            [F.slot(tok.hash[wt], F.SALT["word"], m.bits), F.slot(bh[okb], F.SALT["bigram"], m.bits)]
        )[order]
        c_ref = np.concatenate([wt, bt])[order]
        c_big = np.concatenate([np.zeros(len(wt), dtype=bool), np.ones(len(bt), dtype=bool)])[order]
        k_all = len(self.labels)
        idx, v, kk = _heaviest(m, c_doc, c_slot, dec, top)
        group = c_doc[idx] * k_all + kk
        o = np.argsort(group, kind="stable")
        idx, v, group = idx[o], v[o], group[o]
        ref, big = c_ref[idx], c_big[idx]
        s0, e0 = tok.start[ref], tok.end[ref]
        nxt = np.minimum(ref + 1, max(len(tok.start) - 1, 0))
        s1, e1 = np.where(big, tok.start[nxt], 0), np.where(big, tok.end[nxt], 0)
        text = buf.tobytes().decode("ascii")
        label_names: dict[int, list[str]] = {}
        cur, bucket = -1, set()

        def flush() -> None:
            doc, k = divmod(cur, k_all)
            lab = self.labels[k]
            label_names.setdefault(doc, []).extend(
                f"{lab}:+{w}" for _, w in sorted(bucket, reverse=True)[:top]
            )

        for g, val, a, b, c, e, isbig in zip(group.tolist(), v.tolist(), s0.tolist(), e0.tolist(), s1.tolist(),
                                             e1.tolist(), big.tolist(), strict=True):  # fmt: skip
            if g != cur:
                if bucket:
                    flush()
                cur, bucket = g, set()
            bucket.add((val, text[a:b] + " " + text[c:e] if isbig else text[a:b]))
        if bucket:
            flush()
        tag_k = self.labels.index("tag")
        out: list[list[str]] = []
        for i, cb, tagged in zip(
            rows.tolist(), docbits[rows].tolist(), dec[rows, tag_k].tolist(), strict=True
        ):
            names = list(_cue_names(cb)) + label_names.get(i, [])
            if tagged:
                names.append("tag:mentions_only")
            out.append(names)
        return out


def _heaviest(
    m: LinearModel, c_doc: np.ndarray, c_slot: np.ndarray, dec: np.ndarray, top: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(candidate, weight, label) for every label given to a candidate's doc, keeping the candidates whose
    positive weight reaches the doc's `top`-th largest distinct weight for that label (`c_doc` sorted)."""
    e_idx, e_k, e_v = [], [], []
    for k, lab in enumerate(m.labels):
        if lab == "tag":
            continue
        s = np.flatnonzero(dec[c_doc, k])
        v = m.q[k][c_slot[s]].astype(np.int64)
        pos = v > 0
        s, v = s[pos], v[pos]
        if not len(s):
            continue
        sd = c_doc[s]
        new = np.r_[True, sd[1:] != sd[:-1]]
        seg, seg_of = np.flatnonzero(new), np.cumsum(new) - 1
        bar = np.zeros(len(seg), dtype=np.int64)
        rest = v
        for _ in range(top):
            best = np.maximum.reduceat(rest, seg)
            bar = np.where(best > 0, best, bar)
            rest = np.where(rest < best[seg_of], rest, 0)
        keep = v >= bar[seg_of]
        e_idx.append(s[keep])
        e_v.append(v[keep])
        e_k.append(np.full(int(keep.sum()), k, dtype=np.int64))
    if not e_idx:
        z = np.zeros(0, dtype=np.int64)
        return z, z, z
    return np.concatenate(e_idx), np.concatenate(e_v), np.concatenate(e_k)


@lru_cache(maxsize=1 << 12)
def _cue_names(bits: int) -> tuple[str, ...]:
    """'cue:<class>' for every class bit set, in class order."""
    return tuple(f"cue:{c}" for k, c in enumerate(CU.CLASS_NAMES) if bits >> k & 1)


@lru_cache(maxsize=1)
def shipped_model() -> LinearModel:
    """The model file that ships with Relais (loaded once per process)."""
    return LinearModel.load(MODEL_PATH)


_CLASSIFIERS: dict[Any, Classifier] = {}


def classifier(products: Any = None) -> Classifier:
    """A classifier over the shipped model and the lexicon, plus `products` (client list) when given."""
    key = _products_key(products)
    if key not in _CLASSIFIERS:
        if len(_CLASSIFIERS) > 8:
            _CLASSIFIERS.clear()
        _CLASSIFIERS[key] = Classifier(shipped_model(), products)
    return _CLASSIFIERS[key]


def _products_key(products: Any) -> Any:
    if products is None:
        return None
    if isinstance(products, Mapping):
        return tuple(sorted((str(k), tuple(v) if not isinstance(v, str) else v) for k, v in products.items()))
    if hasattr(products, "products"):  # a ProductMatcher
        return tuple(sorted(repr(p) for p in products.products.values()))
    try:
        import pandas as pd

        if isinstance(products, pd.DataFrame):
            return tuple(map(tuple, products.astype(str).itertuples(index=False)))
    except ImportError:  # pragma: no cover
        pass
    return tuple(str(p) for p in products)
