"""Opening the warehouse file.

DuckDB allows one writing process or many reading processes, never both. Relais
therefore never keeps a connection open between operations: the dashboard opens
a read-only connection per query and closes it, a load opens a read-write
connection for the duration of one file's transaction. When the file is locked
by another process, `connect` waits (retrying with back-off) and reports the
wait through `on_wait`, instead of surfacing DuckDB's lock error. Inside one
process, a readers-writer lock keeps Streamlit's threads from mixing
read-only and read-write handles on the same file (DuckDB refuses that).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.schema import apply_migrations

DEFAULT_DB = Path("data") / "relais.duckdb"
ENV_VAR = "RELAIS_DB"


class WarehouseBusy(RuntimeError):
    """The warehouse stayed locked by another process for longer than we waited."""


def resolve_db_path(db: str | os.PathLike | None = None) -> Path:
    """--db wins, then $RELAIS_DB, then ./data/relais.duckdb (git-ignored)."""
    if db:
        return Path(db)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return DEFAULT_DB


class _RWLock:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writer:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._readers:
                self._cond.wait()
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


_LOCKS: dict[str, _RWLock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(path: Path) -> _RWLock:
    key = str(path.resolve())
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, _RWLock())


def _is_lock_error(exc: Exception) -> bool:
    msg = str(exc).lower()
    return (
        "could not set lock" in msg
        or "conflicting lock" in msg
        or "different configuration" in msg
        or "database is locked" in msg
    )


def _open(path: Path, read_only: bool, wait: float, on_wait: Callable[[str], None] | None):
    deadline = time.monotonic() + wait
    delay = 0.05
    announced = False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"The warehouse {path} is in use by another process "
                    f"(waited {wait:.0f} s). Close the other Relais command or retry."
                ) from exc
            if on_wait and not announced:
                on_wait(f"Warehouse {path} is busy (another Relais process); waiting…")
                announced = True
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


@contextmanager
def connect(
    db: str | os.PathLike | None = None,
    *,
    read_only: bool = False,
    wait: float = 60.0,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, migrating it first when opened for writing.

    A read-only open of a file that does not exist yet creates and migrates it
    first, so that pages and reports work on a fresh machine.
    """
    path = resolve_db_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = _lock_for(path)
    if read_only and (not path.exists() or _needs_migration(path, wait, on_wait)):
        with lock.write():
            con = _open(path, False, wait, on_wait)
            try:
                apply_migrations(con)
            finally:
                con.close()
    guard = lock.read() if read_only else lock.write()
    with guard:
        con = _open(path, read_only, wait, on_wait)
        try:
            if not read_only:
                apply_migrations(con)
            yield con
        finally:
            con.close()


def _needs_migration(path: Path, wait: float, on_wait) -> bool:
    from warehouse.schema import MIGRATIONS, schema_version

    lock = _lock_for(path)
    with lock.read():
        con = _open(path, True, wait, on_wait)
        try:
            return schema_version(con) < MIGRATIONS[-1][0]
        finally:
            con.close()


def is_locked(db: str | os.PathLike | None = None) -> bool:
    """True while another connection (another process, or a writer in this one) holds the file."""
    path = resolve_db_path(db)
    if not path.exists():
        return False
    try:
        duckdb.connect(str(path), read_only=True).close()
    except (duckdb.IOException, duckdb.ConnectionException) as exc:
        if _is_lock_error(exc):
            return True
        raise
    return False


def warehouse_stamp(db: str | os.PathLike | None = None) -> str:
    """A cheap token that changes whenever the warehouse file changes (cache key)."""
    path = resolve_db_path(db)
    parts = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            st = p.stat()
            parts.append(f"{st.st_mtime_ns}:{st.st_size}")
        except FileNotFoundError:
            parts.append("-")
    return "|".join(parts)
