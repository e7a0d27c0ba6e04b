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
and a comment's status is its latest action (to_handle while there is none).

The reasons of every comment that has one are kept in `comment_moderation` (derived step
`moderation` of every load, after the reactions; `refresh` also runs after a correction or a new
product list): at 1M comments computing them on reading took minutes, so the Compliance page
could not open. Only new comments, comments whose text changed (the loader marks them), newly
classified or corrected comments are checked again; a new product list, medicine lexicon or rule
version rebuilds the table. Like warehouse.facts, the table is read only while its stored digest
matches what it was built from; otherwise the queue is computed live (same answer, slower).

Comment text is untrusted: it leaves here as plain strings, for st.text / dataframes and the
formula-safe writers of warehouse.exporting, never as HTML or a formula.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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
from warehouse.caption_flags import (
    RxFinder,
    _lexicon_rx,
    dosage_phrases,
    gate_sql_pattern,
    rx_finder,
    substitute_phrases,
)
from warehouse.compliance import _SQL_SAFE_CHARS, CHECKER_VERSION, _norm_sql
from warehouse.exporting import write_table
from warehouse.filters import Filters
from warehouse.metrics import effective_reactions_sql
from warehouse.products import (
    ensure_sample_products,
    normalize_text,
    product_matcher,
    products_signature,
    sample_products_frame,
)

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


def comment_reasons(
    text: str | None, finder: RxFinder, *, spam: bool = False, may_name: bool = True
) -> list[tuple[str, str]]:
    """(reason, phrase) pairs why one comment needs a community manager, in reason order.

    `spam` is the classifier's verdict (people's corrections winning); the phrase is then the
    first of its spam cues found in the text (empty when a person labelled it spam by hand).
    `may_name=False` says `finder.could_name(text)` is already known false (no medicine to look for).
    """
    if not text or not str(text).strip():
        return [(REASON_SPAM, "")] if spam else []
    text = str(text)
    norm = normalize_text(text)
    out = [(REASON_RX, m.phrase) for m in finder.mentions(text)] if may_name else []
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


# What the queue shows of a comment and its post; {source} gives (comment_id, reasons, phrases).
# The text is joined last (`_with_text`), to the rows kept: reading every text costs more than the rest.
_QUEUE_ROWS = """
SELECT m.comment_id, m.reasons, m.phrases, c.published_at AS comment_published_at, c.post_id, p.permalink AS post_permalink, p.platform, p.influencer_id,
       coalesce(i.display_name, i.handle) AS account, i.handle, i.profile_type, i.tier,
       coalesce(i.profile_type = 'brand_page', false) AS owned_page,
       p.campaign_id, camp.name AS campaign_name, p.format, p.format_family, p.published_at,
       coalesce(la.action, 'to_handle') AS status, la.acted_by AS last_action_by,
       la.acted_at AS last_action_at, la.reason AS last_action_reason
FROM ({source}) m
JOIN comments c ON c.comment_id = m.comment_id
JOIN posts p ON p.post_id = c.post_id
LEFT JOIN influencers_v i ON i.influencer_id = p.influencer_id
LEFT JOIN campaigns camp ON camp.campaign_id = p.campaign_id
LEFT JOIN ({latest}) la ON la.comment_id = m.comment_id
WHERE (i.profile_type = 'brand_page' OR p.campaign_id IS NOT NULL)
"""

_LATEST_ACTION = """
SELECT comment_id, action, acted_by, acted_at, reason
FROM moderation_actions
QUALIFY row_number() OVER (PARTITION BY comment_id ORDER BY acted_at DESC, action_id DESC) = 1
"""

# comments to check: text, the spam verdict (corrections winning) and whether DuckDB already
# knows the text may hold an advice phrase (else only a medicine name can give it a reason)
_TO_CHECK = """
SELECT c.comment_id, c.text,
       coalesce(list_contains(er.categories, 'spam'), false) AS is_spam,
       NOT regexp_matches(coalesce(c.text, ''), $safe) OR regexp_matches({norm}, $gate) AS maybe
FROM comments c
LEFT JOIN ({reactions}) er ON er.comment_id = c.comment_id
{where}
"""

TABLE = "comment_moderation"
# bump on any change of what gives a comment a reason (_ASKS, _GIVES, the spam phrase): the table is rebuilt
REASONS_VERSION = "moderation-1"
_SETTING = "moderation.{}"
_BATCH = 50_000


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


def _reasons_of(
    con: duckdb.DuckDBPyConnection, finder: RxFinder, where: str = ""
) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """(comment ids, reasons, phrases) of the comments matching `where` that have a reason.

    DuckDB drops nothing: it only says which texts may hold an advice phrase; the others are
    checked in Python for a medicine name (RxFinder.could_name) before the full check.
    """
    sql = _TO_CHECK.format(
        reactions=effective_reactions_sql(), norm=_norm_sql("coalesce(c.text, '')"), where=where
    )
    cur = con.execute(sql, {"safe": _SQL_SAFE_CHARS, "gate": gate_pattern()})
    ids: list[str] = []
    reasons: list[list[str]] = []
    phrases: list[list[str]] = []
    while batch := cur.fetchmany(_BATCH):
        for comment_id, text, spam, maybe in batch:
            text = text if isinstance(text, str) else None
            named = finder.could_name(text)
            if not (spam or maybe or named):
                continue
            found = comment_reasons(text, finder, spam=bool(spam), may_name=named)
            if found:
                ids.append(comment_id)
                reasons.append([r for r, _ in found])
                phrases.append([p for _, p in found])
    return ids, reasons, phrases


# --------------------------------------------------------------------------- the derived table


@lru_cache(maxsize=1)
def _rules_digest() -> str:
    """What the reasons depend on apart from the data and the product list."""
    parts = [
        REASONS_VERSION, CHECKER_VERSION, _ASKS.pattern, _GIVES.pattern, gate_pattern(),
        repr(_lexicon_rx()), repr([p.pattern for p in _spam_patterns()]), effective_reactions_sql(),
    ]  # fmt: skip
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _recipe(con: duckdb.DuckDBPyConnection) -> str:
    return f"{_rules_digest()}+p{products_signature(con)}"


_DIGEST_SQL = f"""
SELECT concat_ws('|', ?, (SELECT count(*) FROM comments), (SELECT max(file_id) FROM comments),
       (SELECT count(*) FROM comment_reactions), (SELECT max(classified_at) FROM comment_reactions),
       (SELECT count(*) FROM reaction_corrections), (SELECT max(correction_id) FROM reaction_corrections),
       (SELECT count(*) FROM {TABLE} WHERE reasons IS NULL))
"""


def _digest(con: duckdb.DuckDBPyConnection) -> str:
    return str(con.execute(_DIGEST_SQL, [_recipe(con)]).fetchone()[0])


def _get(con: duckdb.DuckDBPyConnection, what: str) -> str | None:
    row = con.execute(
        "SELECT value FROM warehouse_settings WHERE name = ?", [_SETTING.format(what)]
    ).fetchone()
    return row[0] if row else None


def _put(con: duckdb.DuckDBPyConnection, what: str, value: object) -> None:
    con.execute(
        "INSERT OR REPLACE INTO warehouse_settings (name, value, updated_at) VALUES (?, ?, current_timestamp)",
        [_SETTING.format(what), str(value)],
    )


def _has_table(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND table_name = ?",
            [TABLE],
        ).fetchone()[0]
    )


def is_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `comment_moderation` holds the reasons of today's data (else the queue is computed live)."""
    if not _has_table(con):
        return False
    stored = _get(con, "digest")
    return stored is not None and stored == _digest(con)


def refresh(con: duckdb.DuckDBPyConnection, full: bool = False) -> int:
    """Bring `comment_moderation` up to date; returns the comments checked.

    Runs in the caller's transaction (a derived step's, a correction's): no BEGIN/COMMIT.
    """
    if not _has_table(con):
        return 0
    ensure_sample_products(con)  # as the compliance step does: the product list the finder uses
    digest = _digest(con)
    if not full and _get(con, "digest") == digest:
        return 0
    recipe = _recipe(con)
    marks = {w: _get(con, w) for w in ("comment_file", "classified_at", "correction", "recipe")}
    finder = _finder(con)
    if full or any(v is None for v in marks.values()) or marks["recipe"] != recipe:
        con.execute(f"DELETE FROM {TABLE}")
        ids, reasons, phrases = _reasons_of(con, finder)
        checked = con.execute("SELECT count(*) FROM comments").fetchone()[0]
    else:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _mod_todo AS
                SELECT comment_id FROM comments WHERE file_id > $file
                UNION SELECT comment_id FROM comment_reactions WHERE classified_at > CAST($at AS TIMESTAMP)
                UNION SELECT comment_id FROM reaction_corrections WHERE correction_id > $corr
                UNION SELECT comment_id FROM {TABLE} WHERE reasons IS NULL""",
            {
                "file": int(marks["comment_file"]),
                "at": marks["classified_at"],
                "corr": int(marks["correction"]),
            },
        )
        con.execute(f"DELETE FROM {TABLE} WHERE comment_id IN (SELECT comment_id FROM _mod_todo)")
        con.execute(f"DELETE FROM {TABLE} WHERE comment_id NOT IN (SELECT comment_id FROM comments)")
        ids, reasons, phrases = _reasons_of(
            con, finder, "WHERE c.comment_id IN (SELECT comment_id FROM _mod_todo)"
        )
        checked = con.execute("SELECT count(*) FROM _mod_todo").fetchone()[0]
        con.execute("DROP TABLE _mod_todo")
    if ids:
        con.execute(
            f"INSERT INTO {TABLE} (comment_id, reasons, phrases) SELECT unnest($i), unnest($r), unnest($p)",
            {"i": ids, "r": reasons, "p": phrases},
        )
    comment_file, classified_at, correction = con.execute(
        """SELECT (SELECT coalesce(max(file_id), 0) FROM comments),
                  (SELECT coalesce(max(classified_at), TIMESTAMP '1970-01-01') FROM comment_reactions),
                  (SELECT coalesce(max(correction_id), 0) FROM reaction_corrections)"""
    ).fetchone()
    _put(con, "comment_file", comment_file)
    _put(con, "classified_at", classified_at)
    _put(con, "correction", correction)
    _put(con, "recipe", recipe)
    _put(con, "digest", _digest(con))
    return int(checked)


# --------------------------------------------------------------------------- reading the queue


def _named_filter(filters: Filters | None) -> tuple[str, dict[str, Any]]:
    f = filters or Filters()
    if f.only_scope():  # the campaign scope of the default view never hides an owned page's comment
        f = Filters()
    where, params = f.where_sql("q")
    for i in range(len(params)):  # the filter's `?` as $f0, $f1... in order
        where = where.replace("?", f"$f{i}", 1)
    return where, {f"f{i}": v for i, v in enumerate(params)}


_ORDER = f"ORDER BY q.status = '{TO_HANDLE}' DESC, q.comment_published_at DESC NULLS LAST, q.comment_id"


def _with_text(sql: str, limit: int | None) -> str:
    """The rows of `sql` (alias q) in queue order, the first `limit` ones, then their text."""
    kept = f"{sql} {_ORDER}" + (" LIMIT $limit" if limit is not None else "")
    return (
        "SELECT q.*, c.text AS comment_text, c.likes AS comment_likes "
        f"FROM ({kept}) q JOIN comments c ON c.comment_id = q.comment_id {_ORDER}"
    )


# the comments the queue can show: under an owned page or a campaign post
_IN_SCOPE = """WHERE c.post_id IN (SELECT p.post_id FROM posts p
                     LEFT JOIN influencers_v i ON i.influencer_id = p.influencer_id
                     WHERE i.profile_type = 'brand_page' OR p.campaign_id IS NOT NULL)"""


def _source(con: duckdb.DuckDBPyConnection, named: dict[str, Any]) -> str:
    """SQL of (comment_id, reasons, phrases): the table when fresh, else computed now (as parameters)."""
    if is_fresh(con):
        return f"SELECT comment_id, reasons, phrases FROM {TABLE} WHERE len(reasons) > 0"
    ids, reasons, phrases = _reasons_of(con, _finder(con), _IN_SCOPE)
    named.update({"live_i": ids, "live_r": reasons, "live_p": phrases})
    return (
        "SELECT unnest($live_i::VARCHAR[]) AS comment_id, unnest($live_r::VARCHAR[][]) AS reasons, "
        "unnest($live_p::VARCHAR[][]) AS phrases"
    )


def moderation_queue(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None = None,
    status: str | Iterable[str] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """One row per comment to moderate in the selection: reasons (codes) and phrases (same order),
    its status (latest action or to_handle) and who did it, when and why; to_handle first, newest first.

    `limit` keeps the first rows of that order (a page draws no more than it shows).
    The campaign scope of the default view never hides a comment under an owned page.
    """
    statuses = _statuses(status)
    where, named = _named_filter(filters)
    rows_sql = _QUEUE_ROWS.format(source=_source(con, named), latest=_LATEST_ACTION)
    sql = _with_text(
        f"SELECT q.* FROM ({rows_sql}) q WHERE {where} AND list_contains($statuses, q.status)", limit
    )
    named["statuses"] = statuses
    if limit is not None:
        named["limit"] = int(limit)
    rows = con.execute(sql, named).df()
    for col in ("reasons", "phrases"):
        rows[col] = pd.Series([list(v) for v in rows[col]], index=rows.index, dtype=object)
    rows["last_action_at"] = pd.to_datetime(rows["last_action_at"])
    return rows[QUEUE_COLUMNS].reset_index(drop=True)


def queue_counts(
    con: duckdb.DuckDBPyConnection,
    filters: Filters | None = None,
    status: str | Iterable[str] | None = None,
) -> dict[str, Any]:
    """`queue_summary` of the whole selection, counted in DuckDB (the page shows only the first rows)."""
    statuses = _statuses(status)
    where, named = _named_filter(filters)
    rows_sql = _QUEUE_ROWS.format(source=_source(con, named), latest=_LATEST_ACTION)
    named["statuses"] = statuses
    base = f"SELECT q.* FROM ({rows_sql}) q WHERE {where} AND list_contains($statuses, q.status)"
    n, open_ = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE status = '{TO_HANDLE}') FROM ({base})", named
    ).fetchone()
    per = dict(
        con.execute(
            f"SELECT r, count(*) FROM (SELECT DISTINCT comment_id, unnest(reasons) AS r FROM ({base})) GROUP BY r",
            named,
        ).fetchall()
    )
    return {
        "comments": int(n),
        "to_handle": int(open_),
        "per_reason": {code: int(per.get(code, 0)) for code in MODERATION_REASONS.codes()},
    }


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
