"""Re-keying: every pseudonym of the warehouse re-made with a new key, as if loaded with it.

Why it needs the source files: a pseudonym is an HMAC of the handle, and the
warehouse never keeps the handle, so the only way from an old pseudonym to the
new one is the handle in the export it came from. The comment exports are read
again (the loader's own readers); each handle gives (old, new) pseudonyms, and
each comment the export gives no id gets its id made again (it is made from the
author's pseudonym). Then, in one transaction, every column holding a pseudonym
or a comment id — comments, reactions, corrections, pharmacovigilance cases and
their audit, moderation actions, quarantined rows — is rewritten, and the
warehouse records the new key's fingerprint; a later load with the old key is
refused, a load of the same exports with the new key finds only duplicates.

A commenter whose export is no longer at hand cannot be mapped. Re-keying then
stops before changing anything, unless asked to go on: those pseudonyms are
replaced by an HMAC of the old pseudonym under the new key (nothing links them
to the old key any more, but a future load of their comments gives them a
second pseudonym), and the report counts them.
"""

from __future__ import annotations

import hashlib
import hmac
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from etl.base import LoadOptions
from etl.limits import Limits, check_archive, extract_member, ratio_problem
from etl.registry import detect
from etl.source import Source
from warehouse.loader import (
    MENTION,
    PSEUDONYM,
    PseudonymKeyError,
    comment_rows_sql,
    drop_temp_tables,
    expand_paths,
    key_fingerprint,
    pseudonymise,
)
from warehouse.pseudonym import pseudonymise_column


class RekeyError(ValueError):
    """Re-keying refused; the warehouse is unchanged."""


@dataclass
class RekeyReport:
    files_read: list[str] = field(default_factory=list)
    files_skipped: list[str] = field(default_factory=list)  # not comment exports, or unreadable
    commenters: int = 0  # distinct pseudonyms in the warehouse
    mapped: int = 0  # re-made from their handle
    unmatched: int = 0  # no export at hand: HMAC of the old pseudonym
    comment_ids_changed: int = 0
    values_rewritten: int = 0  # cells of text holding a pseudonym (comment text, quarantined rows)
    fingerprint: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def _stored_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT value FROM warehouse_settings WHERE name = 'key_fingerprint'").fetchone()
    return row[0] if row else None


@contextmanager
def _files(paths: Iterable[Path]) -> Iterator[list[tuple[Path, str]]]:
    """(path, display name) of every data file; ZIP members extracted, within the load limits."""
    tmp = Path(tempfile.mkdtemp(prefix="relais_rekey_"))
    out: list[tuple[Path, str]] = []
    try:
        limits = Limits.current()
        for f in expand_paths(paths):
            if f.suffix.lower() != ".zip":
                out.append((f, f.name))
                continue
            with zipfile.ZipFile(f) as z:
                budget = limits.unzipped_bytes
                for i, m in enumerate(check_archive(z, f.name, limits, ratio=False)):
                    if Path(m.filename).name.startswith("."):
                        continue
                    ratio_problem(m, limits, f.name)
                    target = tmp / f"{i:05d}" / (Path(m.filename).name or "member")
                    target.parent.mkdir()
                    budget -= extract_member(z, m, target, f.name, budget, limits)
                    out.append((target, f"{f.name}/{m.filename}"))
        yield out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _collect(
    con: duckdb.DuckDBPyConnection, paths: Iterable[Path], old: bytes, new: bytes, report: RekeyReport
):
    """Handles → (old, new) pseudonyms and comment ids old → new, from the comment exports."""
    handles: set[str] = set()
    ids: dict[str, str] = {}
    with _files(paths) as files:
        for path, display in files:
            try:
                source = Source.open(path, display)
                reader, _ = detect(source)
                if reader is None or reader.kind != "comments":
                    report.files_skipped.append(display)
                    continue
                res = reader.read(con, source, LoadOptions())
            except Exception as exc:  # noqa: BLE001 - a file we cannot read maps nobody; said in the report
                report.files_skipped.append(f"{display} ({type(exc).__name__}: {exc})")
                drop_temp_tables(con)
                continue
            stage = res.tables["comments"]
            handles.update(
                r[0]
                for r in con.execute(
                    f"SELECT DISTINCT author FROM {stage} WHERE author IS NOT NULL"
                ).fetchall()
            )
            for (tok,) in con.execute(
                f"SELECT DISTINCT unnest(regexp_extract_all(text, '{MENTION}', 1)) FROM {stage} WHERE contains(text, '@')"
            ).fetchall():
                handles.add(tok)
            for name, key in (("_rk_old", old), ("_rk_new", new)):
                con.execute(f"CREATE OR REPLACE TEMP TABLE {name}_s AS SELECT * FROM {stage}")
                pseudonymise_column(con, f"{name}_s", "author", key)
                con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {comment_rows_sql(name + '_s')}")
            ids.update(
                con.execute(
                    "SELECT o.comment_id, n.comment_id FROM _rk_old o JOIN _rk_new n USING (_row) "
                    "WHERE o.comment_id <> n.comment_id"
                ).fetchall()
            )
            report.files_read.append(display)
            drop_temp_tables(con)
    authors = {}
    for h in handles:
        o, n = pseudonymise(h, old), pseudonymise(h, new)
        if o is not None and n is not None:
            authors[o] = n
    return authors, ids


def _id_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(table, column) of every stored comment id: `comment_id` and `parent_id` columns of base tables."""
    return con.execute(
        "SELECT c.table_name, c.column_name FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_catalog, table_schema, table_name) "
        "WHERE t.table_type = 'BASE TABLE' AND c.table_schema = 'main' AND t.table_catalog = current_database() "
        "AND c.column_name IN ('comment_id', 'parent_id') AND c.data_type = 'VARCHAR' ORDER BY 1, 2"
    ).fetchall()


def _text_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return con.execute(
        "SELECT c.table_name, c.column_name FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_catalog, table_schema, table_name) "
        "WHERE t.table_type = 'BASE TABLE' AND c.table_schema = 'main' AND t.table_catalog = current_database() "
        "AND c.data_type IN ('VARCHAR', 'JSON') ORDER BY 1, 2"
    ).fetchall()


def _map_table(con: duckdb.DuckDBPyConnection, mapping: dict[str, str], name: str) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (old VARCHAR PRIMARY KEY, new VARCHAR)")
    if mapping:
        con.execute(
            f"INSERT INTO {name} SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
            [list(mapping), list(mapping.values())],
        )


def rekey(
    con: duckdb.DuckDBPyConnection,
    old_key: bytes,
    new_key: bytes,
    sources: Iterable[str | Path],
    *,
    allow_unmatched: bool = False,
) -> RekeyReport:
    """Re-make every pseudonym and key-dependent comment id with `new_key`; see the module docstring."""
    report = RekeyReport(fingerprint=key_fingerprint(new_key))
    stored = _stored_fingerprint(con)
    if stored is not None and stored != key_fingerprint(old_key):
        raise PseudonymKeyError(
            "the current key is not the one this warehouse's pseudonyms were made with (fingerprint "
            f"{stored[:12]}…): re-keying needs the old key to recognise them."
        )
    if key_fingerprint(new_key) == key_fingerprint(old_key):
        raise RekeyError("the new key is the current key: nothing to re-key.")
    authors, ids = _collect(con, [Path(s) for s in sources], old_key, new_key, report)
    present = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT author_hash FROM comments WHERE author_hash IS NOT NULL"
        ).fetchall()
    ]
    report.commenters = len(present)
    missing = [p for p in present if p not in authors]
    report.mapped = report.commenters - len(missing)
    report.unmatched = len(missing)
    if missing and not allow_unmatched:
        raise RekeyError(
            f"{len(missing)} of {len(present)} commenters are in none of the comment exports given "
            f"({len(report.files_read)} read): without their export their new pseudonym cannot be made. "
            "Give the folders holding every comment export loaded (see `relais status`), or go on with "
            "--allow-unmatched (they get a pseudonym a later load of their comments will not match)."
        )
    for p in missing:
        authors[p] = "u_" + hmac.new(new_key, p.encode(), hashlib.sha256).hexdigest()[:20]
    stored_ids = {
        r[0]
        for r in con.execute(
            "SELECT comment_id FROM comments WHERE comment_id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]
        ).fetchall()  # fmt: skip
    }
    ids = {o: n for o, n in ids.items() if o in stored_ids}
    report.comment_ids_changed = len(ids)

    con.execute("BEGIN TRANSACTION")
    try:
        _map_table(con, authors, "_rk_authors")
        _map_table(con, ids, "_rk_ids")
        for table, col in _id_columns(con):
            con.execute(
                f'UPDATE "{table}" SET "{col}" = m.new FROM _rk_ids m WHERE "{table}"."{col}" = m.old'
            )
        con.execute(
            "UPDATE comments SET author_hash = m.new FROM _rk_authors m WHERE comments.author_hash = m.old"
        )
        report.values_rewritten = _rewrite_tokens(con, authors)
        con.execute(
            "INSERT OR REPLACE INTO warehouse_settings VALUES ('key_fingerprint', ?, current_timestamp)",
            [report.fingerprint],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        drop_temp_tables(con)
    return report


def _rewrite_tokens(con: duckdb.DuckDBPyConnection, authors: dict[str, str]) -> int:
    """Pseudonyms inside text (@mentions in comments, quarantined rows as JSON), in every text column."""
    n = 0
    for table, col in _text_columns(con):
        if col in ("comment_id", "parent_id", "author_hash"):  # ids and authors: rewritten in SQL
            continue
        rows = con.execute(
            f'SELECT rowid, "{col}" FROM "{table}" WHERE regexp_matches(CAST("{col}" AS VARCHAR), \'u_[0-9a-f]{{20}}\')'
        ).fetchall()
        changed = []
        for rid, value in rows:
            new = PSEUDONYM.sub(lambda m: authors.get(m.group(0), m.group(0)), str(value))
            if new != value:
                changed.append((rid, new))
        if changed:
            n += len(changed)
            con.execute(
                f'UPDATE "{table}" SET "{col}" = m.v FROM (SELECT unnest(?::BIGINT[]) AS rid, unnest(?::VARCHAR[]) AS v) m '
                f'WHERE "{table}".rowid = m.rid',
                [[r for r, _ in changed], [v for _, v in changed]],
            )
    return n
