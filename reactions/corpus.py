"""Labelled sets for training and evaluating the reaction classifier, with their text read from ../shared.

Why texts are joined here and not stored: the project keeps references only (source, key, text_sha1 and the
labels; docs/annotation.md), because the third-party corpora may not be redistributed. This module finds
each text again in ../shared, checks its sha1, and says which sources are missing instead of failing
silently.

Held-out discipline: every row gets a split from the hash of its key alone (`split_of`): 60% train, 20% dev,
20% held-out. The same key (an SMM4H tweet labelled by the project and by the shared task) is therefore in
the same split in every set, training never sees a held-out text, and nothing is tuned on held-out rows.

Named sets (`SETS`, `load_set`):

- `real`, `real_fr`, `real_en`: the project's hand-labelled real comments (all 8 categories + adverse event),
  every labelled file, selected by the `lang` column.
- `smm4h_ade`: SMM4H 2020 task 2 English tweets, adverse event only (the shared task's label).
- `vira_question`, `vira_concern`: VIRA COVID-vaccine chatbot messages; question intents (with and without
  "?") and the statements of doubt or distrust (concern).
- `posos_question`: French drug questions from a forum, all questions, many without "?".

`load_set(name, split="heldout")` returns the rows of one split; labels a set does not have are missing
(NaN), never 0.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from reactions.rules import AE, CATEGORIES, LABELS

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
# name -> file; a file may hold rows of either language (`lang` column); `en_short` is the pass on short replies,
# thanks, praise and emoji (reactions/data/select_short.py)
LABELLED_FILES = {
    "fr": DATA / "labelled_real_fr.csv",
    "en": DATA / "labelled_real_en.csv",
    "en_short": DATA / "labelled_real_en_short.csv",
}
SPLITS = ("train", "dev", "heldout")

# source code: (file under shared/, key column or None for the first unnamed column, text column)
SOURCES: dict[str, tuple[str, str | None, str]] = {
    "posos_fr": ("corpora/fr_posos_drug_questions_even.csv", "id", "text"),
    "konkinit_fr": ("real_comments/fr_konkinit_vaccine_tweets/tweets_vaccins.first200.csv", "id", "texte"),
    "ntmv_youtube_en": ("real_comments/en_ntmv_youtube_vaccine_comments/youtube_dat.first200.csv", None, "comments"),
    "smm4h_en": ("corpora/en_smm4h20_task2_training.csv", "id", "text"),
    "vira_en": ("corpora/en_vira_intent_expressions_train.csv", "id", "text"),
}  # fmt: skip


class MissingSource(FileNotFoundError):
    """A source file under ../shared is absent: the sets that need it cannot be built here."""


def shared_dir() -> Path:
    """Where the third-party material is: $RELAIS_SHARED, else ../shared beside the project."""
    env = os.environ.get("RELAIS_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def sha12(text: str) -> str:
    """The annotation guide's text fingerprint: first 12 hex characters of sha1(utf-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def split_of(key: str) -> str:
    """train / dev / heldout, from the key alone (60 / 20 / 20)."""
    h = int(hashlib.sha1(("relais-split:" + str(key)).encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if h < 60 else "dev" if h < 80 else "heldout"


def missing_sources(shared: Path | None = None, sources: Iterable[str] | None = None) -> list[str]:
    """Source files (paths) that are not there."""
    base = shared or shared_dir()
    return [str(base / SOURCES[s][0]) for s in (sources or SOURCES) if not (base / SOURCES[s][0]).exists()]


@lru_cache(maxsize=16)
def read_source(source: str, shared: str | None = None) -> pd.DataFrame:
    """One source as (key, text, ...its other columns), as read by the annotation scripts."""
    base = Path(shared) if shared else shared_dir()
    rel, key_col, text_col = SOURCES[source]
    path = base / rel
    if not path.exists():
        raise MissingSource(
            f"{path}: missing (source {source!r}); see docs/annotation.md for where it comes from"
        )
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    key_col = key_col if key_col is not None else df.columns[0]
    return df.rename(columns={key_col: "key", text_col: "text"})


@dataclass
class JoinReport:
    """What happened when labels were joined to their texts."""

    rows: int = 0
    joined: int = 0
    missing_sources: dict[str, int] = field(default_factory=dict)  # source -> rows that could not be read
    missing_keys: list[tuple[str, str]] = field(default_factory=list)
    sha_mismatch: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing_sources or self.missing_keys or self.sha_mismatch)

    def describe(self) -> str:
        parts = [f"{self.joined} of {self.rows} labelled rows joined to their text"]
        for s, n in sorted(self.missing_sources.items()):
            parts.append(f"{n} rows of source {s} skipped: {SOURCES[s][0]} not found under {shared_dir()}")
        if self.missing_keys:
            parts.append(f"{len(self.missing_keys)} keys not in their source, e.g. {self.missing_keys[:3]}")
        if self.sha_mismatch:
            parts.append(
                f"{len(self.sha_mismatch)} texts changed (text_sha1 differs), e.g. {self.sha_mismatch[:3]}"
            )
        return "; ".join(parts)


def read_references(path: str | Path) -> pd.DataFrame:
    """A labelled-references file (docs/annotation.md format): source, key, lang, text_sha1, 9 labels, ..."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ("source", "key", "text_sha1", *LABELS) if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    return df


def join_texts(refs: pd.DataFrame, shared: Path | None = None) -> tuple[pd.DataFrame, JoinReport]:
    """Labels + their text, checked by sha1; rows whose source is missing or whose text changed are dropped."""
    rep = JoinReport(rows=len(refs))
    base = str(shared) if shared else None
    out = []
    for source, grp in refs.groupby("source", sort=True):
        if source not in SOURCES:
            rep.missing_keys.extend((source, k) for k in grp["key"])
            continue
        try:
            src = read_source(source, base)
        except MissingSource:
            rep.missing_sources[source] = len(grp)
            continue
        by_key: dict[str, list[str]] = {}
        for k, t in zip(src["key"], src["text"], strict=True):
            by_key.setdefault(k, []).append(t)
        texts = []
        for k, sha in zip(grp["key"], grp["text_sha1"], strict=True):
            cands = by_key.get(k)
            if not cands:
                rep.missing_keys.append((source, k))
                texts.append(None)
                continue
            hit = next((t for t in cands if sha12(t) == sha), None)
            if hit is None:
                rep.sha_mismatch.append((source, k))
            texts.append(hit)
        g = grp.assign(text=texts)
        out.append(g[g["text"].notna()])
    df = pd.concat(out, ignore_index=True) if out else refs.iloc[:0].assign(text=[])
    rep.joined = len(df)
    return df, rep


def _labels_to_num(df: pd.DataFrame, labels: Iterable[str]) -> pd.DataFrame:
    for c in labels:
        df[c] = pd.to_numeric(df[c], errors="coerce")
    return df


def labelled_real(lang: str | None = None, shared: Path | None = None) -> tuple[pd.DataFrame, JoinReport]:
    """The project's hand-labelled real comments with text and split (lang 'fr', 'en' or both)."""
    refs = pd.concat([read_references(f) for f in LABELLED_FILES.values()], ignore_index=True)
    df, rep = join_texts(refs, shared)
    df = _labels_to_num(df, LABELS)
    df["id"] = df["source"] + ":" + df["key"]
    df["split"] = [split_of(k) for k in df["key"]]
    if lang:
        df = df[df["lang"] == lang].reset_index(drop=True)
    return df, rep


def _corpus(source: str, shared: Path | None) -> pd.DataFrame:
    df = read_source(source, str(shared) if shared else None).copy()
    df = df.rename(columns={c: f"src_{c}" for c in LABELS if c in df.columns})
    df["source"] = source
    df["id"] = source + ":" + df["key"]
    df["split"] = [split_of(k) for k in df["key"]]
    for c in LABELS:
        df[c] = float("nan")
    return df


def smm4h_ade(shared: Path | None = None) -> pd.DataFrame:
    """SMM4H 2020 task 2 tweets (English), adverse_event = the shared task's `ade`."""
    df = _corpus("smm4h_en", shared)
    df[AE] = pd.to_numeric(df["ade"])
    df["lang"] = "en"
    return df


def vira(shared: Path | None = None) -> pd.DataFrame:
    """VIRA chatbot messages: question = question intent; concern = 1 for the doubt/distrust statement intents."""
    df = _corpus("vira_en", shared)
    df["question"] = pd.to_numeric(df["question_intent"])
    df["concern"] = pd.to_numeric(df["concern_intent"]).where(lambda s: s == 1)  # only positives are known
    df["lang"] = "en"
    return df


def posos(shared: Path | None = None) -> pd.DataFrame:
    """French forum questions about medicines: every row is a question."""
    df = _corpus("posos_fr", shared)
    df["question"] = pd.to_numeric(df["src_question"])
    df["lang"] = "fr"
    return df


@dataclass(frozen=True)
class SetSpec:
    """A named evaluation set: how to build it, which labels it measures, and what it stands for."""

    name: str
    what: str
    labels: tuple[str, ...]
    sources: tuple[str, ...]


SETS: dict[str, SetSpec] = {
    s.name: s
    for s in (
        SetSpec("real", "the project's hand-labelled real comments, French and English", LABELS,
                tuple(SOURCES)),
        SetSpec("real_fr", "hand-labelled French (Posos drug questions, vaccine tweets)", LABELS,
                ("posos_fr", "konkinit_fr")),
        SetSpec("real_en", "hand-labelled English (SMM4H tweets, VIRA messages, YouTube comments)", LABELS,
                ("smm4h_en", "vira_en", "ntmv_youtube_en")),
        SetSpec("smm4h_ade", "SMM4H 2020 task 2 English tweets naming a medicine (shared-task AE labels)", (AE,),
                ("smm4h_en",)),
        SetSpec("vira_question", "VIRA vaccine-chatbot messages: questions (intent labels)", ("question",),
                ("vira_en",)),
        SetSpec("vira_question_noqmark", "VIRA questions written without '?' (recall only)", ("question",),
                ("vira_en",)),
        SetSpec("vira_concern", "VIRA statements of doubt or distrust (recall only)", ("concern",), ("vira_en",)),
        SetSpec("real_question_noqmark", "hand-labelled real questions written without '?' (recall only)",
                ("question",), tuple(SOURCES)),
        SetSpec("posos_question_noqmark", "French drug questions written without '?' (recall only)",
                ("question",), ("posos_fr",)),
    )
}  # fmt: skip


def load_set(name: str, split: str | None = "heldout", shared: Path | None = None) -> pd.DataFrame:
    """A named set's rows of one split (None: all rows): id, text, lang, source, key, split, label columns."""
    if name not in SETS:
        raise KeyError(f"unknown set {name!r}; known: {', '.join(SETS)}")
    if name.startswith("real"):
        lang = {"real_fr": "fr", "real_en": "en"}.get(name)
        df, rep = labelled_real(lang, shared)
        if rep.missing_sources and len(rep.missing_sources) == len({*SETS[name].sources} & {*SOURCES}):
            raise MissingSource(rep.describe())
        if name == "real_question_noqmark":
            df = df[(df["question"] == 1) & ~df["text"].str.contains("?", regex=False)]
    elif name == "smm4h_ade":
        df = smm4h_ade(shared)
    elif name.startswith("vira"):
        df = vira(shared)
        if name == "vira_question_noqmark":
            df = df[(df["question"] == 1) & ~df["text"].str.contains("?", regex=False)]
        elif name == "vira_concern":
            df = df[df["concern"] == 1]
    elif name == "posos_question_noqmark":
        df = posos(shared)
        df = df[~df["text"].str.contains("?", regex=False)]
    else:  # pragma: no cover
        raise KeyError(name)
    if split is not None:
        df = df[df["split"] == split]
    return df.reset_index(drop=True)


__all__ = [
    "SETS", "SPLITS", "SOURCES", "CATEGORIES", "JoinReport", "MissingSource", "load_set", "labelled_real",
    "join_texts", "split_of", "shared_dir", "missing_sources", "smm4h_ade", "vira", "posos", "sha12",
]  # fmt: skip
