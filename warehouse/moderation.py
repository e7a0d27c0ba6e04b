"""The moderation queue: comments a community manager must look at, apart from pharmacovigilance.

Why: a company must not leave online, under its own page or a campaign it paid for, a follower's
comment that names a prescription medicine, and must not let a reply read as medical advice; spam
hurts the page too. The queue lists the comments under owned pages (influencers_v.profile_type
brand_page) and campaign posts that

- name a prescription-only or reimbursed medicine (the shipped BDPM lexicon plus the client's
  products, warehouse.caption_flags.rx_finder) -> prescription_medicine;
- ask for a dose, a prescription or medical advice -> asks_medical_advice;
- give a dose or medical advice (warehouse.caption_flags' dosage and substitute phrases, "you should
  take...") -> gives_medical_advice;
- are spam (the reaction classifier's spam category, people's corrections winning) -> spam;

each with the phrase that triggered it. What a person did (hide requested, answered, no action) is
appended to moderation_actions with who, when and why; nothing is ever updated or deleted there,
and a comment's status is its latest action (to_handle while there is none). The reasons are
computed on reading, so a new product list or a corrected spam label shows at once.

Comment text is untrusted: it leaves here as plain strings, for st.text / dataframes and the
formula-safe writers of warehouse.exporting, never as HTML or a formula.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from domain.community import MODERATION_ACTIONS, MODERATION_REASONS
from reactions import rules as R
from reactions.classify import normalize as classifier_normalize
from warehouse.caption_flags import RxFinder, dosage_phrases, gate_sql_pattern, rx_finder, substitute_phrases
from warehouse.compliance import _SQL_SAFE_CHARS, _norm_sql
from warehouse.exporting import write_table
from warehouse.filters import Filters
from warehouse.metrics import effective_reactions_sql
from warehouse.products import normalize_text, product_matcher, sample_products_frame

REASON_RX, REASON_ASKS, REASON_GIVES, REASON_SPAM = MODERATION_REASONS.codes()
TO_HANDLE = "to_handle"  # no action recorded yet
ACTIONS: tuple[str, ...] = MODERATION_ACTIONS.codes()
STATUSES: tuple[str, ...] = (TO_HANDLE, *ACTIONS)

_ASKS = re.compile(
    # French
    r"\b(?:je peux|je pourrais|puis-je|puis je|peut-on|peut on|on peut|est-ce que je peux|est ce que je peux"
    r"|est-ce qu'on peut|est ce qu'on peut|peut-il|peut-elle|mon fils peut|ma fille peut)"
    r" (?:en )?(?:prendre|donner|associer|arreter|melanger|doubler|augmenter|diminuer|remplacer)\b"
    r"|\bquelle (?:dose|posologie|quantite|dosage)\b|\bquel (?:dosage|traitement|medicament)\b"
    r"|\bcombien (?:de |d')(?:mg|comprimes?|gelules?|cachets?|fois par jour|gouttes?|doses?|sachets?)"
    r"|\b(?:faut-il|faut il|il faut|besoin d'|on a besoin d') ?une ordonnance"
    r"|\b(?:sans|avec ou sans) ordonnance ?\?"
    r"|\b(?:vous me conseillez|tu me conseilles|que me conseillez-vous|que me conseillez vous|vous conseillez quoi"
    r"|tu conseilles quoi|qu'est-ce que je (?:peux|dois) prendre|qu'est ce que je (?:peux|dois) prendre"
    r"|je dois prendre quoi|je prends quoi|que prendre)\b"
    r"|\bc'est (?:compatible|dangereux|contre-indique) avec (?:mon|ma|mes|le|la|les)\b"
    r"|\b(?:pouvez-vous|pourriez-vous|pouvez vous|tu peux|vous pouvez) (?:me |lui )?prescrire\b"
    # English
    r"|\bcan (?:i|you|we|my \w+) (?:take|give|mix|combine|stop|double|skip)\b"
    r"|\b(?:what|which) (?:dose|dosage|medication|medicine|pill)s? (?:should|do|would|can)\b"
    r"|\bhow (?:much|many) (?:mg|pills|tablets|capsules|drops|doses)\b|\bhow much should i take\b"
    r"|\bdo (?:i|you|we) need a prescription\b|\bwithout (?:a )?prescription ?\?"
    r"|\bwhat (?:should i take|do you recommend for|would you recommend for)\b"
    r"|\bis it safe to (?:take|mix|combine|stop)\b|\b(?:could|can) you prescribe\b"
)
_GIVES = re.compile(
    r"\b(?:tu (?:peux|devrais|dois)|vous (?:pouvez|devriez|devez)|il (?:faut|te faut|vous faut)) (?:en )?prendre\b"
    r"|\bje (?:te|vous) (?:conseille|recommande) (?:de prendre|le |la |les |du |de la |d')"
    r"|\byou (?:should|could|can|need to|must) (?:take|try taking|switch to|stop taking)\b"
    r"|\bi (?:recommend|suggest) (?:taking|you take)\b|\bjust take\b"
)


# Words every _ASKS or _GIVES match contains (normalised text): with caption_flags' gate (dosage,
# substitute phrases, medicine names) they let DuckDB skip the comments that cannot have a reason.
GATE_WORDS = (
    "prend", "donner", "associer", "arreter", "melanger", "doubler", "augmenter", "diminuer", "remplacer",
    "dose", "posologie", "quantite", "dosage", "traitement", "medicament", "combien", "ordonnance", "conseil",
    "prescri", "compatible", "dangereux", "contre-indique", "take", "give", "mix", "combine", "stop",
    "double", "skip", "medication", "medicine", "pill", "how much", "how many", "recommend", "suggest", "safe",
    "switch",
)  # fmt: skip


def _plain(text: str, norm: str, start: int, end: int) -> str:
    return " ".join((text if len(text) == len(norm) else norm)[start:end].split())


@lru_cache(maxsize=1)
def _spam_patterns() -> tuple[re.Pattern[str], ...]:
    """The classifier's own spam cues (reactions.rules), compiled to find the phrase behind its label."""
    return tuple(re.compile(p) for c in R.cues_for("spam") for p in c.patterns)


def _spam_phrase(text: str) -> str:
    n = classifier_normalize(text)
    for rx in _spam_patterns():
        m = rx.search(n)
        if m:
            return " ".join(m.group(0).split())
    return ""


def comment_reasons(text: str | None, finder: RxFinder, *, spam: bool = False) -> list[tuple[str, str]]:
    """(reason, phrase) pairs why one comment needs a community manager, in reason order.

    `spam` is the classifier's verdict (people's corrections winning); the phrase is then the
    first of its spam cues found in the text (empty when a person labelled it spam by hand).
    """
    if not text or not str(text).strip():
        return [(REASON_SPAM, "")] if spam else []
    text = str(text)
    norm = normalize_text(text)
    out = [(REASON_RX, m.phrase) for m in finder.mentions(text)]
    out += [(REASON_ASKS, _plain(text, norm, m.start(), m.end())) for m in _ASKS.finditer(norm)]
    gives = [_plain(text, norm, m.start(), m.end()) for m in _GIVES.finditer(norm)]
    gives += dosage_phrases(text) + substitute_phrases(text)
    out += [(REASON_GIVES, p) for p in gives]
    if spam:
        out.append((REASON_SPAM, _spam_phrase(text)))
    seen: set[tuple[str, str]] = set()
    return [r for r in out if not (r in seen or seen.add(r))]


def gate_pattern() -> str:
    """RE2 pattern a normalised comment must match to possibly ask or give advice (medicine names are
    checked in Python by RxFinder.could_name: a 4,000-name regex is slow in RE2)."""
    return gate_sql_pattern() + "|" + "|".join(re.escape(w) for w in GATE_WORDS)


def _finder(con: duckdb.DuckDBPyConnection) -> RxFinder:
    n_products = con.execute("SELECT count(*) FROM products").fetchone()[0]
    return rx_finder(product_matcher(con if n_products else sample_products_frame()))


_CANDIDATES = """
SELECT c.comment_id, c.text AS comment_text, c.published_at AS comment_published_at, c.likes AS comment_likes,
       c.post_id, p.permalink AS post_permalink, p.platform, p.influencer_id,
       coalesce(i.display_name, i.handle) AS account, i.handle, i.profile_type, i.tier,
       coalesce(i.profile_type = 'brand_page', false) AS owned_page,
       p.campaign_id, camp.name AS campaign_name, p.format, p.format_family, p.published_at,
       coalesce(list_contains(er.categories, 'spam'), false) AS is_spam,
       NOT regexp_matches(coalesce(c.text, ''), $safe) OR regexp_matches({norm}, $gate) AS maybe
FROM comments c
JOIN posts p ON p.post_id = c.post_id
LEFT JOIN influencers_v i ON i.influencer_id = p.influencer_id
LEFT JOIN campaigns camp ON camp.campaign_id = p.campaign_id
LEFT JOIN ({reactions}) er ON er.comment_id = c.comment_id
WHERE (i.profile_type = 'brand_page' OR p.campaign_id IS NOT NULL)
"""

_LATEST_ACTION = """
SELECT comment_id, action, acted_by, acted_at, reason
FROM moderation_actions
QUALIFY row_number() OVER (PARTITION BY comment_id ORDER BY acted_at DESC, action_id DESC) = 1
"""


def _statuses(status: str | Iterable[str] | None) -> list[str]:
    if status is None:
        return list(STATUSES)
    items = [status] if isinstance(status, str) else list(status)
    out: list[str] = []
    for s in items:
        for part in str(s).split(","):
            code = part.strip().lower()
            if not code:
                continue
            if code not in STATUSES:
                raise ValueError(f"unknown moderation status {part!r}; valid: {', '.join(STATUSES)}")
            out.append(code)
    return out or list(STATUSES)


QUEUE_COLUMNS = [
    "comment_id", "comment_text", "reasons", "phrases", "status", "last_action_by", "last_action_at",
    "last_action_reason", "comment_published_at", "platform", "account", "owned_page", "post_id",
    "post_permalink", "campaign_id", "campaign_name",
]  # fmt: skip


def moderation_queue(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None = None,
    status: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per comment to moderate in the selection: reasons (codes) and phrases (same order),
    its status (latest action or to_handle) and who did it, when and why; to_handle first, newest first.

    The campaign scope of the default view never hides a comment under an owned page.
    """
    statuses = _statuses(status)
    f = filters or Filters()
    if f.only_scope():
        f = Filters()
    where, params = f.where_sql("q")
    finder = _finder(con)
    # named parameters for the candidates, the filter's `?` ones as $f0, $f1... in order
    for i in range(len(params)):
        where = where.replace("?", f"$f{i}", 1)
    candidates = _CANDIDATES.format(
        reactions=effective_reactions_sql(), norm=_norm_sql("coalesce(c.text, '')")
    )
    rows = con.execute(
        f"SELECT q.* FROM ({candidates}) q WHERE {where}",
        {"safe": _SQL_SAFE_CHARS, "gate": gate_pattern(), **{f"f{i}": v for i, v in enumerate(params)}},
    ).df()
    reasons: list[list[str]] = []
    phrases: list[list[str]] = []
    keep: list[bool] = []
    for text, spam, maybe in zip(rows["comment_text"], rows["is_spam"], rows["maybe"], strict=True):
        text = text if isinstance(text, str) else None
        if not (spam or maybe or finder.could_name(text)):
            found = []
        else:
            found = comment_reasons(text, finder, spam=bool(spam))
        reasons.append([r for r, _ in found])
        phrases.append([p for _, p in found])
        keep.append(bool(found))
    rows["reasons"] = pd.Series(reasons, index=rows.index, dtype=object)
    rows["phrases"] = pd.Series(phrases, index=rows.index, dtype=object)
    rows = rows[pd.Series(keep, index=rows.index, dtype=bool)] if len(rows) else rows
    latest = con.execute(_LATEST_ACTION).df().set_index("comment_id")
    ids = rows["comment_id"]
    rows["status"] = [latest["action"].get(c, TO_HANDLE) for c in ids]
    rows["last_action_by"] = [latest["acted_by"].get(c) for c in ids]
    rows["last_action_at"] = pd.to_datetime(
        pd.Series([latest["acted_at"].get(c) for c in ids], index=rows.index, dtype=object)
    )
    rows["last_action_reason"] = [latest["reason"].get(c) for c in ids]
    rows = rows[rows["status"].isin(statuses)]
    rows = rows.assign(_open=rows["status"] == TO_HANDLE).sort_values(
        ["_open", "comment_published_at", "comment_id"], ascending=[False, False, True], na_position="last"
    )
    return rows[QUEUE_COLUMNS].reset_index(drop=True)


def _required(value: str | None, what: str) -> str:
    s = (value or "").strip()
    if not s:
        raise ValueError(f"{what} is required (a moderation decision says who and why)")
    return s


def record_action(
    con: duckdb.DuckDBPyConnection,
    comment_id: str,
    action: str,
    by: str,
    reason: str,
    at: dt.datetime | None = None,
) -> int:
    """Append what was done about a comment (hide_requested, answered, no_action); returns its action_id.

    Raises ValueError for an unknown comment or action, or a missing name or reason.
    An action is never changed afterwards: a new one supersedes it in the queue's status.
    """
    by = _required(by, "by (who acts)")
    reason = _required(reason, "reason")
    code = (action or "").strip().lower()
    if code not in ACTIONS:
        raise ValueError(f"unknown moderation action {action!r}; valid: {', '.join(ACTIONS)}")
    if con.execute("SELECT 1 FROM comments WHERE comment_id = ?", [comment_id]).fetchone() is None:
        raise ValueError(f"no comment {comment_id!r} in the warehouse")
    when = at or dt.datetime.now().replace(microsecond=0)
    return int(
        con.execute(
            "INSERT INTO moderation_actions (comment_id, action, acted_by, acted_at, reason) "
            "VALUES (?, ?, ?, ?, ?) RETURNING action_id",
            [comment_id, code, by, when, reason],
        ).fetchone()[0]
    )


def action_history(con: duckdb.DuckDBPyConnection, comment_id: str | None = None) -> pd.DataFrame:
    """Every action recorded (who, when, why), oldest first; one comment's or all."""
    sql = "SELECT action_id, comment_id, action, acted_by, acted_at, reason FROM moderation_actions"
    if comment_id is not None:
        sql += " WHERE comment_id = ?"
    return con.execute(
        sql + " ORDER BY acted_at, action_id", [comment_id] if comment_id is not None else []
    ).df()


def export_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The queue as the community manager's sheet: one 'reason: phrase' cell, labels in English codes."""
    out = df.copy()
    out["triggers"] = [
        "; ".join(f"{r}: {p}" if p else r for r, p in zip(rs, ps, strict=True))
        for rs, ps in zip(out["reasons"], out["phrases"], strict=True)
    ]
    cols = ["comment_id", "status", "triggers", "comment_text", "platform", "account", "post_permalink",
            "campaign_name", "comment_published_at", "last_action_by", "last_action_at", "last_action_reason"]  # fmt: skip
    return out[cols]


def export_queue(df: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write the queue to .csv or .xlsx (formula-safe, see warehouse.exporting)."""
    return write_table(export_frame(df), path, sheet_name="moderation")


def queue_summary(df: pd.DataFrame) -> dict[str, Any]:
    """Counts for a page header or `--json`: comments, to handle, per reason."""
    per_reason = {code: 0 for code in MODERATION_REASONS.codes()}
    for rs in df["reasons"] if len(df) else []:
        for r in set(rs):
            per_reason[r] += 1
    return {
        "comments": int(len(df)),
        "to_handle": int((df["status"] == TO_HANDLE).sum()) if len(df) else 0,
        "per_reason": per_reason,
    }
