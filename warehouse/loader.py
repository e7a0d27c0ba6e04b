"""Loading files into the warehouse: one transaction per file, nothing lost.

For each file: skip it if the same content was already loaded (idempotence);
detect its kind from the content; let the reader stage its rows; then, inside
one transaction, write the rows, quarantine the rejected ones with their reason,
recognise duplicates, and write the ledger. Any error rolls the whole file back
and is recorded as a failed load. The invariant
`rows_read = loaded + rejected + duplicates` is checked before committing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from domain import FORMAT_FAMILY, POST_METRIC_COLUMNS
from etl.base import LoadOptions, ReadResult, RefusedFile
from etl.limits import LimitExceeded, Limits, check_archive, extract_member, ratio_problem
from etl.registry import detect
from etl.source import Source, UnreadableFile
from warehouse import plausibility, steps
from warehouse.pseudonym import pseudonymise_column
from warehouse.steps import LoadInterrupted, is_interrupt

DATA_SUFFIXES = {".csv", ".tsv", ".xlsx", ".xls", ".zip"}
SKIPPED_FOLDERS = {"templates", "template", "modeles"}


@dataclass
class FileSummary:
    file: str
    status: str  # loaded | already_loaded | failed | resumed (derived steps of earlier loads finished)
    kind: str | None = None
    platform: str | None = None
    rows_read: int = 0
    loaded: int = 0
    rejected: int = 0
    duplicates: int = 0
    file_id: int | None = None
    snapshot_date: str | None = None
    message: str | None = None
    notes: list[str] = field(default_factory=list)
    # derived steps that failed after the rows committed (retried by the next load)
    step_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing for the person to act on: not failed, every derived step done."""
        return self.status != "failed" and not self.step_errors

    def to_dict(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------- pseudonymisation

KEY_ENV = "RELAIS_HMAC_KEY"
KEY_FILE_ENV = "RELAIS_KEY_FILE"


def _key_path() -> Path:
    if os.environ.get(KEY_FILE_ENV):
        return Path(os.environ[KEY_FILE_ENV])
    return Path.home() / ".config" / "relais" / "hmac.key"


class PseudonymKeyError(ValueError):
    """The pseudonymisation key is missing, too weak, or not the one this warehouse was built with."""


MIN_KEY_BYTES = 32


def validate_key(text: str, where: str) -> bytes:
    """The key as HMAC bytes (its text, as always), after checking it holds >= 32 random bytes:
    64+ hex digits or base64 of 32+ bytes, not a run of a few repeated values."""
    import base64
    import binascii

    t = text.strip()
    raw: bytes | None = None
    if len(t) >= 2 * MIN_KEY_BYTES and all(c in "0123456789abcdefABCDEF" for c in t):
        raw = bytes.fromhex(t[: len(t) // 2 * 2])
    else:
        try:
            raw = base64.b64decode(t + "=" * (-len(t) % 4), validate=False, altchars=b"-_")
        except (binascii.Error, ValueError):
            raw = None
    if not raw or len(raw) < MIN_KEY_BYTES or len(set(raw)) < 16:
        raise PseudonymKeyError(
            f"the pseudonymisation key in {where} is {'empty' if not t else 'too weak'}: it must hold at least "
            f"{MIN_KEY_BYTES} random bytes (64 hex digits). Create one with "
            '`python -c "import secrets; print(secrets.token_hex(32))"`'
        )
    return t.encode()


def key_fingerprint(key: bytes) -> str:
    """What the warehouse records of the key: an HMAC of a constant (reveals nothing of the key)."""
    return hmac.new(key, b"relais pseudonymisation key fingerprint v1", hashlib.sha256).hexdigest()[:32]


def pseudonymisation_key() -> bytes:
    """The HMAC key for commenter handles: $RELAIS_HMAC_KEY, else a key file
    outside the warehouse (created on first use, readable by its owner only).
    A key shorter than 32 random bytes (an empty file included) is refused."""
    env = os.environ.get(KEY_ENV)
    if env is not None and env != "":
        return validate_key(env, f"${KEY_ENV}")
    path = _key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return validate_key(path.read_text(), str(path))


def check_key(con: duckdb.DuckDBPyConnection, key: bytes) -> None:
    """The warehouse remembers the fingerprint of the key its pseudonyms were made with; another
    key would give every commenter a second pseudonym, so it is refused."""
    fp = key_fingerprint(key)
    row = con.execute("SELECT value FROM warehouse_settings WHERE name = 'key_fingerprint'").fetchone()
    if row is None:
        con.execute("INSERT INTO warehouse_settings VALUES ('key_fingerprint', ?, current_timestamp)", [fp])
    elif row[0] != fp:
        raise PseudonymKeyError(
            f"this warehouse's commenters were pseudonymised with another key (fingerprint {row[0][:12]}…, "
            f"this one {fp[:12]}…): the same person would get two pseudonyms. Point {KEY_ENV} or "
            f"{KEY_FILE_ENV} at the warehouse's key."
        )


def pseudonymise(handle: str | None, key: bytes) -> str | None:
    if handle is None or not str(handle).strip():
        return None
    norm = str(handle).strip().lstrip("@").casefold()
    return "u_" + hmac.new(key, norm.encode("utf-8"), hashlib.sha256).hexdigest()[:20]


MENTION = r"@([A-Za-z0-9_.]{2,30})"
PSEUDONYM = re.compile(r"u_[0-9a-f]{20}")


def replace_mentions(con: duckdb.DuckDBPyConnection, key: bytes, tables: list[str], new_authors: str) -> int:
    """Replace @handle by @pseudonym in comment text when the handle is a known commenter (this
    file's or the warehouse's), and always for the @handle a reply starts with (it names the
    commenter answered). Earlier comments mentioning a commenter this file makes known are
    swept too. Returns the number of handles replaced."""
    known = {
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT author_hash FROM {new_authors} WHERE author_hash IS NOT NULL "
            "UNION SELECT DISTINCT author_hash FROM comments WHERE author_hash IS NOT NULL"
        ).fetchall()
    }
    sources = [t for t in tables if "text" in {r[0] for r in con.execute(f"DESCRIBE {t}").fetchall()}]
    tokens: set[str] = set()
    leading: set[str] = set()
    for t in [*sources, "comments"]:
        for (tok,) in con.execute(
            f"SELECT DISTINCT unnest(regexp_extract_all(text, '{MENTION}', 1)) FROM {t} WHERE contains(text, '@')"
        ).fetchall():
            tokens.add(tok)
        for (tok,) in con.execute(
            f"SELECT DISTINCT regexp_extract(text, '^\\s*{MENTION}', 1) FROM {t} WHERE regexp_matches(text, '^\\s*@')"
        ).fetchall():
            if tok:
                leading.add(tok)
    mapping = {}
    for tok in tokens | leading:
        if PSEUDONYM.fullmatch(tok):  # already replaced (stored text): hashing it again would corrupt it
            continue
        h = pseudonymise(tok, key)
        if h in known or tok in leading:
            mapping[tok] = h
    if not mapping:
        return 0
    con.execute("CREATE OR REPLACE TEMP TABLE _mentions (tok VARCHAR, h VARCHAR)")
    con.execute(
        "INSERT INTO _mentions SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
        [list(mapping), list(mapping.values())],
    )
    pattern = (
        "@(" + "|".join(re.escape(t) for t in sorted(mapping, key=len, reverse=True)) + r")(?![A-Za-z0-9_.])"
    )
    rx = re.compile(pattern)
    n = 0
    for t in [*sources, "comments"]:
        key_col = "comment_id" if t == "comments" else "_row"
        rows = con.execute(f"SELECT {key_col}, text FROM {t} WHERE contains(text, '@')").fetchall()
        changed = []
        for k, text in rows:
            new = rx.sub(lambda m: "@" + mapping[m.group(1)], text)
            if new != text:
                changed.append((k, new))
                n += 1
        if changed:
            con.execute(
                f"""UPDATE {t} SET text = m.text FROM (SELECT unnest(?::VARCHAR[]) AS k, unnest(?::VARCHAR[]) AS text) m
                    WHERE {t}.{key_col}::VARCHAR = m.k""",
                [[str(k) for k, _ in changed], [v for _, v in changed]],
            )
    con.execute("DROP TABLE _mentions")
    return n


# --------------------------------------------------------------------------- discovery


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files as given, folders walked recursively (data files only; hidden files and
    `templates/` folders skipped: a blank template's example row is not data)."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if (
                    f.is_file()
                    and f.suffix.lower() in DATA_SUFFIXES
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                    and not any(part.lower() in SKIPPED_FOLDERS for part in f.relative_to(p).parts[:-1])
                ):
                    out.append(f)
        else:
            out.append(p)
    # the roster before the exports, so posts find their campaign on the first load
    return sorted(out, key=lambda f: (0 if _looks_like_roster(f) else 1, str(f)))


def _looks_like_roster(f: Path) -> bool:
    if f.suffix.lower() not in (".csv", ".xlsx"):
        return False
    try:
        head = f.read_bytes()[:300]
    except OSError:
        return False
    return b"campaign_id" in head or "roster" in f.name.lower() or "campaign" in f.name.lower()


# --------------------------------------------------------------------------- loading


Opener = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]


def load_paths(
    con: duckdb.DuckDBPyConnection,
    paths: Iterable[str | os.PathLike],
    options: LoadOptions | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    names: dict[str, str] | None = None,
) -> list[FileSummary]:
    """Load every file (folders recursively, ZIP members included) in order, on one connection."""

    @contextmanager
    def same() -> Iterator[duckdb.DuckDBPyConnection]:
        yield con

    return load_paths_each(same, paths, options, on_progress, names)


def load_paths_each(
    opener: Opener,
    paths: Iterable[str | os.PathLike],
    options: LoadOptions | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    names: dict[str, str] | None = None,
) -> list[FileSummary]:
    """Load every file, opening the warehouse once per file (`opener()` yields a read-write connection).

    The write lock is held for one file at a time, so dashboards read between
    two files. Derived steps left undone by an earlier interrupted load run
    first. Ctrl-C raises `LoadInterrupted` after rolling back the current file.
    """
    options = options or LoadOptions()
    files = expand_paths(paths)
    summaries: list[FileSummary] = []
    with opener() as con:
        apply_limits(con)
        resumed = finish_pending(con)
    if resumed:
        summaries.append(resumed)
    for i, f in enumerate(files):
        display = (names or {}).get(str(f), f.name)
        if on_progress:
            on_progress(i, len(files), display)
        with opener() as con:
            apply_limits(con)
            if f.suffix.lower() == ".zip" and f.exists() and zipfile.is_zipfile(f) and not _is_workbook(f):
                summaries.extend(_load_zip(con, f, display, options))
            else:
                summaries.append(load_file(con, f, options, name=display))
    if on_progress:
        on_progress(len(files), len(files), "")
    return summaries


def finish_pending(con: duckdb.DuckDBPyConnection) -> FileSummary | None:
    """Run the derived steps that earlier loads left undone; a summary line when there were any."""
    waiting = steps.pending(con)
    if not waiting:
        return None
    names = sorted({w[0] for w in waiting})
    files = sorted({w[1] for w in waiting})
    errors = steps.run_pending(con)
    s = FileSummary(
        file="(earlier loads)",
        status="resumed",
        kind="derived steps",
        notes=[
            f"finished derived steps left undone by an interrupted or failed load: {', '.join(names)} "
            f"(load #{', #'.join(map(str, files))})"
        ],
        step_errors=errors,
    )
    return s


def _is_workbook(f: Path) -> bool:
    with zipfile.ZipFile(f) as z:
        return any(n.startswith("xl/") for n in z.namelist())


def _load_zip(con, f: Path, display: str, options: LoadOptions) -> list[FileSummary]:
    """Every member of a ZIP of exports, within the archive limits (etl.limits); a member that is
    encrypted, corrupt or over a limit is recorded as failed and the others still load."""
    started = dt.datetime.now()
    limits = Limits.current()
    tmp = Path(tempfile.mkdtemp(prefix="relais_zip_"))
    try:
        try:
            z = zipfile.ZipFile(f)
        except (zipfile.BadZipFile, OSError) as exc:
            return [_failed(con, display, None, started, f"cannot open the archive: {exc}")]
        with z:
            try:
                members = check_archive(z, display, limits, ratio=False)  # ratio: per member below
            except LimitExceeded as exc:
                return [_failed(con, display, None, started, str(exc))]
            members = [m for m in members if not Path(m.filename).name.startswith(".")]
            budget = limits.unzipped_bytes
            out = []
            for i, m in enumerate(members):
                name = f"{display}/{m.filename}"
                # never trust member paths: extract by name only, into a folder of our own
                folder = tmp / f"{i:05d}"
                folder.mkdir()
                target = folder / (Path(m.filename).name or "member")
                try:
                    ratio_problem(m, limits, display)
                    budget -= extract_member(z, m, target, display, budget, limits)
                except ValueError as exc:  # LimitExceeded included: this member only
                    out.append(_failed(con, name, None, started, str(exc)))
                    continue
                try:
                    out.append(load_file(con, target, options, name=name))
                finally:
                    shutil.rmtree(folder, ignore_errors=True)
            return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def apply_limits(con: duckdb.DuckDBPyConnection) -> None:
    """DuckDB's share of the load's memory budget (RELAIS_LOAD_MEMORY_MB); it spills to disk beyond."""
    con.execute(f"SET memory_limit = '{int(Limits.current().duckdb_memory_mb)}MB'")


IDENTIFYING_OPTIONS = ("account", "platform", "post_ref", "year", "export_date")


def load_identity(sha256: str, options: LoadOptions) -> str:
    """What makes a load "the same" as an earlier one: the content, and what the person said the file
    does not (its account, platform, post, year, export date). A file first loaded without its account
    and loaded again with `--account` is read again (its rows attach to the account), not skipped."""
    told = {k: str(v) for k in IDENTIFYING_OPTIONS if (v := getattr(options, k)) is not None}
    if not told:
        return sha256
    return sha256 + "|" + "|".join(f"{k}={v}" for k, v in sorted(told.items()))


def load_file(
    con: duckdb.DuckDBPyConnection,
    path: str | os.PathLike,
    options: LoadOptions | None = None,
    name: str | None = None,
) -> FileSummary:
    options = options or LoadOptions()
    path = Path(path)
    display = name or path.name
    started = dt.datetime.now()
    try:
        source = Source.open(path, display)
    except (OSError, zipfile.BadZipFile) as exc:
        return _failed(con, display, None, started, f"cannot open the file: {exc}")
    except (UnreadableFile, LimitExceeded) as exc:
        return _failed(con, display, None, started, str(exc))
    try:
        return _load_source(con, source, display, options, started)
    except BaseException as exc:
        if is_interrupt(exc) and not isinstance(exc, LoadInterrupted):
            raise LoadInterrupted(f"interrupted while loading {display}") from exc
        raise


def _load_source(
    con: duckdb.DuckDBPyConnection, source: Source, display: str, options: LoadOptions, started: dt.datetime
) -> FileSummary:

    prev = con.execute(
        "SELECT file_id, file_name, rows_read, kind, finished_at FROM load_files "
        "WHERE content_hash = ? AND status = 'loaded' ORDER BY file_id LIMIT 1",
        [load_identity(source.sha256, options)],
    ).fetchone()
    if prev:
        return FileSummary(
            file=display,
            status="already_loaded",
            kind=prev[3],
            rows_read=prev[2] or 0,
            duplicates=prev[2] or 0,
            file_id=prev[0],
            message=f"same content as {prev[1]} (load #{prev[0]}, {prev[4]:%Y-%m-%d %H:%M}): nothing changed",
        )

    try:
        reader, _score = detect(source)
    except UnreadableFile as exc:
        return _failed(con, display, source, started, str(exc))
    if reader is None:
        return _failed(con, display, source, started, _unknown_kind_message(source))

    # Readers only create temp tables (connection-local, never persisted), so they
    # run before the transaction; the warehouse is touched only inside it.
    try:
        result = reader.read(con, source, options)
        result.rows_read += len(source.structure_rejects)  # quarantined before the reader saw them
    except BaseException as exc:
        drop_temp_tables(con)
        if is_interrupt(exc) or not isinstance(exc, Exception):
            raise
        if isinstance(exc, RefusedFile | UnreadableFile):
            return _failed(con, display, source, started, f"{reader.description}: {exc}", kind=reader.kind)
        return _failed(
            con,
            display,
            source,
            started,
            f"{reader.description}: {type(exc).__name__}: {exc}",
            kind=reader.kind,
        )
    con.execute("BEGIN TRANSACTION")
    try:
        summary = _write(con, source, display, result, started, load_identity(source.sha256, options))
        con.execute("COMMIT")
    except BaseException as exc:  # any failure must leave the warehouse as it was
        steps.rollback(con)
        drop_temp_tables(con)
        if is_interrupt(exc) or not isinstance(exc, Exception):
            raise
        return _failed(
            con,
            display,
            source,
            started,
            f"{reader.description}: {type(exc).__name__}: {exc}",
            kind=reader.kind,
        )
    drop_temp_tables(con)
    _after_load(con, summary)
    return summary


def drop_temp_tables(con) -> None:
    for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE temporary AND database_name = 'temp'"
    ).fetchall():
        con.execute(f'DROP TABLE IF EXISTS temp."{name}"')


def _unknown_kind_message(source: Source) -> str:
    try:
        if source.container == "csv":
            lines = [ln for ln in source.preview_lines(5) if ln.strip()]
            first = lines[0][:120] if lines else "(empty)"
            return f"not a recognised export: the first line is {first!r}"
        if source.container in ("xlsx", "xls"):
            return f"not a recognised export: workbook sheets {list(source.sheets())[:6]}"
    except Exception as exc:  # noqa: BLE001
        return f"not a recognised export ({exc})"
    return f"not a recognised export ({source.container})"


def _failed(
    con, display: str, source: Source | None, started: dt.datetime, message: str, kind=None
) -> FileSummary:
    con.execute(
        "INSERT INTO load_files (file_name, path, content_hash, kind, started_at, finished_at, status, message,"
        " rows_read, rows_loaded, rows_rejected, rows_duplicate) "
        "VALUES (?, ?, ?, ?, ?, current_timestamp, 'failed', ?, 0, 0, 0, 0)",
        [
            display,
            str(source.path) if source else None,
            source.sha256 if source else "",
            kind,
            started,
            message,
        ],
    )
    return FileSummary(file=display, status="failed", kind=kind, message=message)


def _write(
    con, source: Source, display: str, res: ReadResult, started: dt.datetime, identity: str
) -> FileSummary:
    file_id = con.execute(
        "INSERT INTO load_files (file_name, path, content_hash, kind, platform, snapshot_date, snapshot_basis,"
        " started_at, status, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'loading', ?) RETURNING file_id",
        [display, str(source.path), identity, res.kind, res.platform, res.snapshot_date,
         res.snapshot_basis, started, res.notes],
    ).fetchone()[0]  # fmt: skip

    sheets = res.sheets or {"": (res.raw_table, "_rejects")}
    _check_plausible(con, res)
    counts = {"loaded": 0, "duplicates": 0}
    for stage, table in res.tables.items():
        c = WRITERS[stage](con, table, file_id, res)
        counts["loaded"] += c["loaded"]
        counts["duplicates"] += c["duplicates"]

    if res.sensitive_columns:
        key = pseudonymisation_key()
        for col in res.sensitive_columns:
            pseudonymise_column(con, res.raw_table, col, key)
    rejected = 0
    for sheet, (raw, rej) in sheets.items():
        prefix = f"{sheet}: " if sheet else ""
        con.execute(
            f"INSERT INTO rejects SELECT ?, ?, r._row, ? || coalesce(r.column_name, ''), r.reason,"
            f" CAST(to_json(s) AS VARCHAR) FROM {rej} r LEFT JOIN {raw} s ON s._row = r._row",
            [file_id, display, prefix],
        )
        rejected += con.execute(f"SELECT count(DISTINCT _row) FROM {rej}").fetchone()[0]

    struct = _structure_rows(con, source, res)
    if struct:  # records the strict CSV scanner set aside: never seen by the reader
        con.executemany(
            "INSERT INTO rejects VALUES (?, ?, ?, '(record)', ?, ?)", [[file_id, display, *r] for r in struct]
        )
        rejected += len(struct)

    loaded, dups = counts["loaded"], counts["duplicates"]
    if loaded + rejected + dups != res.rows_read:
        raise RuntimeError(
            f"row accounting does not add up: read {res.rows_read}, loaded {loaded}, "
            f"rejected {rejected}, duplicates {dups}"
        )
    con.execute(
        "UPDATE load_files SET rows_read = ?, rows_loaded = ?, rows_rejected = ?, rows_duplicate = ?,"
        " finished_at = current_timestamp, status = 'loaded' WHERE file_id = ?",
        [res.rows_read, loaded, rejected, dups, file_id],
    )
    steps.schedule(con, file_id)  # committed with the rows: an interruption later cannot lose them
    return FileSummary(
        file=display,
        status="loaded",
        kind=res.kind,
        platform=res.platform,
        rows_read=res.rows_read,
        loaded=loaded,
        rejected=rejected,
        duplicates=dups,
        file_id=file_id,
        snapshot_date=str(res.snapshot_date) if res.snapshot_date else None,
        notes=res.notes,
    )


def _check_plausible(con, res: ReadResult) -> None:
    """Plausibility rules (warehouse.plausibility) on every staged table whose rows map to one
    rejects table (a workbook's sheets each have theirs; a table mixing sheets is left as read)."""
    export_date = res.snapshot_date or dt.date.today()
    for stage, table in res.tables.items():
        if res.sheets is None:
            rejects = "_rejects"
        elif stage in res.sheets:
            rejects = res.sheets[stage][1]
        else:
            continue
        plausibility.apply(
            con,
            stage,
            table,
            rejects,
            export_date,
            dt.date.today(),
            campaigns_table=res.tables.get("campaigns"),
        )


def _structure_rows(con, source: Source, res: ReadResult) -> list[list]:
    """(row, reason, raw) of the structure errors. The raw line is quoted under the reader's own
    policy: when its quarantine table leaves columns out (a comment export's author columns),
    only the columns it keeps are quoted, as JSON, and a line that cannot be split is withheld."""
    errors = getattr(source, "structure_rejects", [])
    if not errors:
        return []
    import csv
    import io
    import json

    names = getattr(source, "staged_names", None) or []
    quotable = [r[0] for r in con.execute(f"DESCRIBE {res.raw_table}").fetchall() if r[0] != "_row"]
    redact = bool(res.sensitive_columns) or any(n not in quotable for n in names)
    out = []
    for e in errors:
        if not redact:
            out.append([e.row, e.reason, e.raw])
            continue
        try:
            fields = next(csv.reader(io.StringIO(e.raw), delimiter=source.delimiter()), [])
        except csv.Error:
            fields = []
        if len(fields) != len(names):
            out.append([e.row, e.reason + " (raw line withheld: it may hold a person's handle)", None])
            continue
        keep = {n: fields[i] for i, n in enumerate(names) if n in quotable and n not in res.sensitive_columns}
        out.append([e.row, e.reason, json.dumps(keep, ensure_ascii=False)])
    return out


def _after_load(con, summary: FileSummary) -> None:
    """Run the derived steps this file scheduled (and any left over), each in its own transaction."""
    summary.step_errors.extend(steps.run_pending(con))


# --------------------------------------------------------------------------- writers per stage

_METRICS = list(POST_METRIC_COLUMNS)


def _family_case() -> str:
    """format -> family as SQL, from the vocabulary at call time (codes are identifiers, not input)."""
    return (
        "CASE coalesce(format, 'unknown') "
        + " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in FORMAT_FAMILY.items())
        + " ELSE 'unknown' END"
    )


def _same(cols: list[str], a: str, b: str) -> str:
    return " AND ".join(f"{a}.{c} IS NOT DISTINCT FROM {b}.{c}" for c in cols) or "TRUE"


def _split_in_file_duplicates(
    con, table: str, key: list[str], value_cols: list[str], label: str
) -> tuple[str, int]:
    """Rows repeating an earlier row's key: identical -> duplicate, different -> rejected."""
    keys = ", ".join(key)
    has_dups = con.execute(f"SELECT count(*) > count(DISTINCT ({keys})) FROM {table}").fetchone()[0]
    if not has_dups:  # the common case: skip the window over the whole file
        return table, 0
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _k AS SELECT *, min(_row) OVER (PARTITION BY {keys}) AS _first FROM {table}"
    )
    join = " AND ".join(f"d.{k} IS NOT DISTINCT FROM f.{k}" for k in key)
    con.execute(
        f"INSERT INTO _rejects SELECT d._row, ?, 'already in row ' || f._row || ' of this file with different values'"
        f" FROM _k d JOIN _k f ON f._row = d._first AND {join}"
        f" WHERE d._row <> d._first AND NOT ({_same(value_cols, 'd', 'f')})",
        [label],
    )
    dups = con.execute(
        f"SELECT count(DISTINCT d._row) FROM _k d JOIN _k f ON f._row = d._first AND {join}"
        f" WHERE d._row <> d._first AND ({_same(value_cols, 'd', 'f')})"
    ).fetchone()[0]
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table}_u AS SELECT * EXCLUDE (_first) FROM _k WHERE _row = _first"
    )
    return f"{table}_u", dups


def _write_posts(con, table: str, file_id: int, res: ReadResult) -> dict:
    u, in_file_dups = _split_in_file_duplicates(
        con, table, ["platform", "platform_post_id"], _METRICS, "Post ID"
    )
    con.execute(
        f"""INSERT INTO influencers (influencer_id, platform, handle, display_name, source)
            SELECT DISTINCT ON (platform || ':' || account_handle) platform || ':' || account_handle, platform,
                   account_handle, account_name, ?
            FROM {u} WHERE account_handle IS NOT NULL
            ON CONFLICT (influencer_id) DO UPDATE SET display_name = coalesce(influencers.display_name, excluded.display_name)""",
        [res.kind],
    )
    family = _family_case()
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _pu AS
            SELECT platform || ':' || platform_post_id AS post_id, platform, platform_post_id,
                   CASE WHEN account_handle IS NULL THEN NULL ELSE platform || ':' || account_handle END AS influencer_id,
                   published_at, coalesce(format, 'unknown') AS format, {family} AS format_family,
                   title, caption, permalink, is_boosted
            FROM {u}"""
    )
    # existing posts: newer descriptive values win, what the new export lacks is kept
    con.execute(
        """UPDATE posts SET
               influencer_id = coalesce(n.influencer_id, posts.influencer_id),
               published_at = coalesce(n.published_at, posts.published_at),
               format = CASE WHEN n.format <> 'unknown' THEN n.format ELSE posts.format END,
               format_family = CASE WHEN n.format <> 'unknown' THEN n.format_family ELSE posts.format_family END,
               title = coalesce(n.title, posts.title),
               caption = coalesce(n.caption, posts.caption),
               permalink = coalesce(n.permalink, posts.permalink),
               is_boosted = coalesce(n.is_boosted, posts.is_boosted),
               updated_file_id = ?
           FROM _pu n WHERE posts.post_id = n.post_id""",
        [file_id],
    )
    con.execute(
        """INSERT INTO posts (post_id, platform, platform_post_id, influencer_id, published_at, format, format_family,
                              title, caption, permalink, is_boosted, first_file_id, updated_file_id)
           SELECT n.*, ?, ? FROM _pu n WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.post_id = n.post_id)""",
        [file_id, file_id],
    )
    con.execute("DROP TABLE _pu")
    snap = res.snapshot_date or dt.date.today()
    cols = ", ".join(_METRICS)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _pm AS
            SELECT u._row, u.platform || ':' || u.platform_post_id AS post_id, {", ".join("u." + c for c in _METRICS)},
                   m.post_id IS NOT NULL AS _exists,
                   m.post_id IS NOT NULL AND {_same(_METRICS, "u", "m")} AS _identical
            FROM {u} u LEFT JOIN post_metrics m
              ON m.post_id = u.platform || ':' || u.platform_post_id AND m.snapshot_date = ?""",
        [snap],
    )
    identical = con.execute("SELECT count(*) FROM _pm WHERE _identical").fetchone()[0]
    con.execute(
        "DELETE FROM post_metrics WHERE snapshot_date = ? AND post_id IN (SELECT post_id FROM _pm WHERE _exists AND NOT _identical)",
        [snap],
    )
    con.execute(
        f"INSERT INTO post_metrics (post_id, snapshot_date, file_id, {cols}, loaded_at) "
        f"SELECT post_id, ?, ?, {cols}, current_timestamp FROM _pm WHERE NOT _identical",
        [snap, file_id],
    )
    total = con.execute(f"SELECT count(*) FROM {u}").fetchone()[0]
    return {"loaded": total - identical, "duplicates": identical + in_file_dups}


def _write_account_metrics(con, table: str, file_id: int, res: ReadResult) -> dict:
    key = ["platform", "account", "metric", "date", "dimension"]
    u, in_file_dups = _split_in_file_duplicates(con, table, key, ["value"], "Date")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _am AS
            SELECT u.*, a.platform IS NOT NULL AND a.value IS NOT DISTINCT FROM u.value AS _identical
            FROM {u} u LEFT JOIN account_metrics a USING (platform, account, metric, date, dimension)"""
    )
    con.execute(
        """INSERT INTO account_metrics (platform, account, metric, date, dimension, value, file_id)
            SELECT platform, account, metric, date, dimension, value, ? FROM _am WHERE NOT _identical
            ON CONFLICT (platform, account, metric, date, dimension) DO UPDATE SET value = excluded.value,
                file_id = excluded.file_id""",
        [file_id],
    )
    # one source row may hold several metrics: it is a duplicate only if all of them are
    per_row = con.execute(
        "SELECT count(*) FILTER (WHERE all_same), count(*) FILTER (WHERE NOT all_same) "
        "FROM (SELECT _row, bool_and(_identical) AS all_same FROM _am GROUP BY _row)"
    ).fetchone()
    # rows whose every metric was a within-file duplicate are counted once, as duplicates
    dup_rows = con.execute(
        f"SELECT count(DISTINCT _row) FROM {table} WHERE _row NOT IN (SELECT _row FROM {u}) "
        f"AND _row NOT IN (SELECT _row FROM _rejects)"
    ).fetchone()[0]
    del in_file_dups
    return {"loaded": per_row[1], "duplicates": per_row[0] + dup_rows}


def comment_rows_sql(table: str) -> str:
    """The comments of a staged table whose `author` is already pseudonymised. A comment the export
    gives no id gets one made from its post, author pseudonym, time and text as exported; so the id
    depends on the key, and `warehouse.rekey` recomputes it with this same SQL."""
    return f"""
        SELECT s._row, s.platform,
               coalesce(s.platform, 'unknown') || ':' || coalesce(nullif(trim(s.comment_id), ''),
                    'h' || substr(md5(concat_ws('|', s.post_ref, s.author, CAST(s.published_at AS VARCHAR), s.text)), 1, 24))
                    AS comment_id,
               s.post_ref,
               CASE WHEN nullif(trim(s.parent_id), '') IS NULL THEN NULL
                    ELSE coalesce(s.platform, 'unknown') || ':' || trim(s.parent_id) END AS parent_id,
               s.author AS author_hash, s.published_at, s.text, s.likes
        FROM {table} s"""


def _write_comments(con, table: str, file_id: int, res: ReadResult) -> dict:
    key = pseudonymisation_key()
    check_key(con, key)
    # the staged handles are replaced by their pseudonym in place, in one statement
    pseudonymise_column(con, table, "author", key)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _c AS {comment_rows_sql(table)}")
    # ids are made from the text as exported; the stored text has its handles replaced
    replace_mentions(con, key, ["_c", res.raw_table], new_authors="_c")
    u, in_file_dups = _split_in_file_duplicates(con, "_c", ["comment_id"], ["text", "likes"], "comment")
    existing = con.execute(
        f"SELECT count(*) FROM {u} u JOIN comments c USING (comment_id) WHERE c.text IS NOT DISTINCT FROM u.text "
        "AND c.likes IS NOT DISTINCT FROM u.likes"
    ).fetchone()[0]
    # a comment whose text changed is checked again by the moderation step (warehouse.moderation) and
    # classified again by the reactions step (its old labels described a text that is gone); a PV case
    # opened on the old text stays open: a report once made is never dropped
    changed = f"SELECT u.comment_id FROM {u} u JOIN comments c USING (comment_id) WHERE c.text IS DISTINCT FROM u.text"
    con.execute(
        f"INSERT OR REPLACE INTO comment_moderation (comment_id, reasons, phrases) "
        f"SELECT comment_id, NULL, NULL FROM ({changed})"
    )
    con.execute(f"DELETE FROM comment_reactions WHERE comment_id IN ({changed})")
    con.execute(
        f"""INSERT INTO comments (comment_id, platform, post_id, post_ref, parent_id, author_hash, published_at, text,
                                  likes, file_id, first_loaded_at)
            SELECT comment_id, platform, NULL, post_ref, parent_id, author_hash, published_at, text, likes, ?,
                   current_timestamp
            FROM {u}
            ON CONFLICT (comment_id) DO UPDATE SET likes = excluded.likes, text = excluded.text""",
        [file_id],
    )
    total = con.execute(f"SELECT count(*) FROM {u}").fetchone()[0]
    return {"loaded": total - existing, "duplicates": existing + in_file_dups}


def _write_campaigns(con, table: str, file_id: int, res: ReadResult) -> dict:
    u, in_file_dups = _split_in_file_duplicates(
        con, table, ["campaign_id"],
        ["name", "client", "therapeutic_area", "start_date", "end_date", "hashtags", "budget", "currency"], "campaign_id",
    )  # fmt: skip
    cols = [
        "name",
        "client",
        "therapeutic_area",
        "start_date",
        "end_date",
        "hashtags",
        "budget",
        "currency",
        "extra",
    ]
    identical = con.execute(
        f"SELECT count(*) FROM {u} u JOIN campaigns c USING (campaign_id) WHERE {_same(cols, 'u', 'c')}"
    ).fetchone()[0]
    con.execute(
        f"""INSERT INTO campaigns (campaign_id, {", ".join(cols)}, file_id)
            SELECT campaign_id, {", ".join(cols)}, ? FROM {u}
            ON CONFLICT (campaign_id) DO UPDATE SET {", ".join(f"{c} = excluded.{c}" for c in cols)},
                file_id = excluded.file_id""",
        [file_id],
    )
    total = con.execute(f"SELECT count(*) FROM {u}").fetchone()[0]
    return {"loaded": total - identical, "duplicates": identical + in_file_dups}


def _write_roster(con, table: str, file_id: int, res: ReadResult) -> dict:
    u, in_file_dups = _split_in_file_duplicates(
        con, table, ["campaign_id", "platform", "handle"],
        ["display_name", "profile_type", "specialty", "followers", "fee", "currency", "hcp_agreement_ref"], "handle",
    )  # fmt: skip
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _r AS SELECT u.*, u.platform || ':' || u.handle AS influencer_id,
               (r.campaign_id IS NOT NULL AND r.fee IS NOT DISTINCT FROM u.fee AND r.currency IS NOT DISTINCT FROM u.currency
                AND r.hcp_agreement_ref IS NOT DISTINCT FROM u.hcp_agreement_ref
                AND i.display_name IS NOT DISTINCT FROM u.display_name AND i.profile_type IS NOT DISTINCT FROM u.profile_type
                AND i.specialty IS NOT DISTINCT FROM u.specialty AND i.followers IS NOT DISTINCT FROM u.followers) AS _identical
            FROM {u} u
            LEFT JOIN roster r ON r.campaign_id = u.campaign_id AND r.influencer_id = u.platform || ':' || u.handle
            LEFT JOIN influencers i ON i.influencer_id = u.platform || ':' || u.handle"""
    )
    # the roster is the authority on who an influencer is: it overrides what exports said
    con.execute(
        """INSERT INTO influencers (influencer_id, platform, handle, display_name, followers, profile_type, specialty, source)
           SELECT DISTINCT ON (influencer_id) influencer_id, platform, handle, display_name, followers, profile_type,
                  specialty, 'roster'
           FROM _r ORDER BY influencer_id, _row DESC
           ON CONFLICT (influencer_id) DO UPDATE SET
               display_name = coalesce(excluded.display_name, influencers.display_name),
               followers = coalesce(excluded.followers, influencers.followers),
               profile_type = coalesce(excluded.profile_type, influencers.profile_type),
               specialty = coalesce(excluded.specialty, influencers.specialty),
               source = 'roster'"""
    )
    con.execute(
        """INSERT INTO roster (campaign_id, influencer_id, fee, currency, hcp_agreement_ref, extra, file_id)
           SELECT campaign_id, influencer_id, fee, currency, hcp_agreement_ref, extra, ? FROM _r
           ON CONFLICT (campaign_id, influencer_id) DO UPDATE SET fee = excluded.fee, currency = excluded.currency,
               hcp_agreement_ref = excluded.hcp_agreement_ref, extra = excluded.extra, file_id = excluded.file_id""",
        [file_id],
    )
    identical = con.execute("SELECT count(*) FROM _r WHERE _identical").fetchone()[0]
    total = con.execute("SELECT count(*) FROM _r").fetchone()[0]
    return {"loaded": total - identical, "duplicates": identical + in_file_dups}


WRITERS: dict[str, Callable[..., dict]] = {
    "posts": _write_posts,
    "account_metrics": _write_account_metrics,
    "comments": _write_comments,
    "campaigns": _write_campaigns,
    "roster": _write_roster,
}
