"""Uploads from the browser: checks before the loader, then the loader itself; ledger reads.

Why a module of its own: the Data page is thin. Size and suffix checks, temp
files under original names, and the reads of the ledger and quarantine live
here so the page only draws, and the CLI and the tests use the same code.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import duckdb
import pandas as pd

from etl.base import LoadOptions
from etl.limits import LimitExceeded
from warehouse.loader import DATA_SUFFIXES, FileSummary, load_paths

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = ROOT / "sample_data" / "templates"
DEFAULT_MAX_UPLOAD_MB = 50.0
MAX_UPLOAD_ENV = "RELAIS_MAX_UPLOAD_MB"
UPLOAD_TYPES = ["csv", "xlsx", "xls", "zip", "tsv"]
REJECTS_SHOWN = 5000
MAX_BATCH_FACTOR = 4  # one Load may bring at most 4 × the per-file limit

# --------------------------------------------------------------------------- reads (cached via call())


def load_history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The ledger, newest first: what was loaded when, with the row accounting."""
    return con.execute(
        "SELECT file_id, file_name, kind, platform, status, rows_read, rows_loaded, rows_rejected,"
        " rows_duplicate, snapshot_date, started_at, finished_at, message,"
        " array_to_string(notes, ' | ') AS notes"
        " FROM load_files ORDER BY file_id DESC"
    ).df()


def rejected_rows(
    con: duckdb.DuckDBPyConnection, file_id: int | None = None, limit: int = REJECTS_SHOWN
) -> pd.DataFrame:
    """Quarantined rows with their reason and raw content (newest files first)."""
    sql = "SELECT file_id, file_name, row_number, column_name, reason, raw_row FROM rejects"
    params: list[Any] = []
    if file_id is not None:
        sql += " WHERE file_id = ?"
        params.append(int(file_id))
    sql += " ORDER BY file_id DESC, row_number LIMIT ?"
    params.append(int(limit))
    return con.execute(sql, params).df()


def rejected_files(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Files that have quarantined rows, for the rejects filter."""
    return con.execute(
        "SELECT file_id, any_value(file_name) AS file_name, count(*) AS rows FROM rejects"
        " GROUP BY file_id ORDER BY file_id DESC"
    ).df()


# an owned page's post is not waiting for a campaign (warehouse.campaigns leaves it out on purpose)
_NOT_OWNED = "(influencer_id IS NULL OR influencer_id NOT IN (SELECT influencer_id FROM owned_pages))"


def unassigned_posts(con: duckdb.DuckDBPyConnection, file_ids: Sequence[int] = ()) -> dict[str, Any]:
    """Posts that match no campaign: in the warehouse, and among the posts of `file_ids` (a load).

    They are out of the dashboard's default view, so a load must say so, with
    examples a person can assign (`relais assign POST CAMPAIGN`) or fix at the
    source (roster entry covering the post's date, campaign hashtag). The client's own pages'
    posts are not counted: they belong to no campaign on purpose (warehouse.campaigns).
    """
    ids = [int(i) for i in file_ids if i is not None]
    sql = f"SELECT count(*) FROM posts WHERE campaign_id IS NULL AND {_NOT_OWNED}"
    total = con.execute(sql).fetchone()[0]
    in_load = con.execute(
        f"""SELECT count(*) FILTER (WHERE campaign_id IS NULL AND {_NOT_OWNED}), count(*)
           FROM posts WHERE list_contains(?::BIGINT[], first_file_id) OR list_contains(?::BIGINT[], updated_file_id)""",
        [ids, ids],
    ).fetchone()
    examples = con.execute(
        f"""SELECT p.post_id, p.platform, i.handle, CAST(p.published_at AS DATE) AS published_on, p.permalink
           FROM posts p LEFT JOIN influencers i ON i.influencer_id = p.influencer_id
           WHERE p.campaign_id IS NULL AND {_NOT_OWNED.replace("influencer_id", "p.influencer_id")}
             AND (len(?::BIGINT[]) = 0 OR list_contains(?::BIGINT[], p.first_file_id)
                  OR list_contains(?::BIGINT[], p.updated_file_id))
           ORDER BY p.published_at DESC NULLS LAST, p.post_id LIMIT 20""",
        [ids, ids, ids],
    ).df()
    return {
        "total": int(total),
        "in_load": int(in_load[0] or 0),
        "load_posts": int(in_load[1] or 0),
        "examples": examples,
    }


# --------------------------------------------------------------------------- uploads (no Streamlit)


def max_upload_bytes() -> int:
    """$RELAIS_MAX_UPLOAD_MB (default 50) in bytes; a bad value falls back to the default."""
    raw = os.environ.get(MAX_UPLOAD_ENV)
    try:
        mb = float(raw) if raw else DEFAULT_MAX_UPLOAD_MB
    except ValueError:
        mb = DEFAULT_MAX_UPLOAD_MB
    if mb <= 0:
        mb = DEFAULT_MAX_UPLOAD_MB
    return int(mb * 1024 * 1024)


@dataclass
class Upload:
    """One uploaded file: its original name and its content, as bytes or as a readable stream.

    A stream (Streamlit's UploadedFile) is never read whole into memory here: its
    announced size is checked first, then it is copied to disk in chunks (the
    copy stops past the limit, whatever the announced size said).
    """

    name: str
    data: bytes | None = None
    stream: BinaryIO | None = None
    size: int | None = None

    def __post_init__(self) -> None:
        if self.size is None:
            if self.data is not None:
                self.size = len(self.data)
            elif self.stream is not None and hasattr(self.stream, "size"):
                self.size = int(self.stream.size)

    def open(self) -> BinaryIO:
        if self.stream is not None:
            self.stream.seek(0)
            return self.stream
        return io.BytesIO(self.data or b"")


@dataclass
class Refused:
    """An upload that never reached the loader, and why (`reason` is a string key)."""

    name: str
    reason: str  # too_large | unknown_kind | total_too_large
    detail: str = ""


@dataclass
class LoadOutcome:
    summaries: list[FileSummary] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already processed in this session


def safe_name(name: str) -> str:
    """The file's own name without any folder part (an upload name is never a path)."""
    base = Path(str(name).replace("\\", "/")).name.strip().lstrip(".")
    base = "".join(ch for ch in base if ch.isprintable())
    return base or "upload"


def check_upload(upload: Upload, limit: int | None = None) -> Refused | None:
    """Refuse what the loader must not see: too large, or not a data file suffix."""
    limit = max_upload_bytes() if limit is None else limit
    name = safe_name(upload.name)
    if upload.size is not None and upload.size > limit:
        return Refused(name, "too_large", f"{upload.size / 1048576:.1f}/{limit / 1048576:.0f}")
    suffix = Path(name).suffix.lower()
    if suffix not in DATA_SUFFIXES:
        return Refused(name, "unknown_kind", suffix or "?")
    return None


def options_key(options: LoadOptions) -> str:
    """What of the options changes a load (a failed file may load with a year or an account)."""
    return repr((options.export_date, options.year, options.account, options.platform, options.post_ref))


def load_uploads(
    uploads: Sequence[Upload],
    options: LoadOptions | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    processed: set[str] | None = None,
    limit: int | None = None,
    run: Callable[..., Any] | None = None,
) -> LoadOutcome:
    """Check, save under original names in a temp folder, and load in one write connection.

    `processed` holds the keys of uploads already loaded in this session; they
    are skipped, and the new ones are added to it. Returns per-file summaries
    (the CLI's) plus the uploads refused before the loader. `run(fn, *args)`
    runs `fn(con, *args)` on a read-write connection (the UI passes its
    cache-clearing runner); by default a connection to $RELAIS_DB is opened.
    """
    run = run or _run_on_default_db
    options = options or LoadOptions()
    limit = max_upload_bytes() if limit is None else limit
    out = LoadOutcome()
    okey = options_key(options)
    tmp = Path(tempfile.mkdtemp(prefix="relais_upload_"))
    try:
        paths: list[str] = []
        names: dict[str, str] = {}
        keys: dict[str, str] = {}
        total = 0
        for i, up in enumerate(uploads):
            refused = check_upload(up, limit)
            if refused:
                out.refused.append(refused)
                continue
            name = safe_name(up.name)
            # one sub-folder per upload: two uploads may share a name
            folder = tmp / f"{i:03d}"
            folder.mkdir()
            path = folder / name
            try:
                digest, size = _save(up, path, limit)
            except LimitExceeded:
                out.refused.append(
                    Refused(name, "too_large", f">{limit / 1048576:.0f}/{limit / 1048576:.0f}")
                )
                shutil.rmtree(folder, ignore_errors=True)
                continue
            total += size
            if total > MAX_BATCH_FACTOR * limit:  # many large files at once: the disk and the wait add up
                out.refused.append(
                    Refused(name, "total_too_large", f"{MAX_BATCH_FACTOR * limit / 1048576:.0f}")
                )
                shutil.rmtree(folder, ignore_errors=True)
                continue
            key = f"{digest}:{okey}"
            if processed is not None and key in processed:
                out.skipped.append(name)
                shutil.rmtree(folder, ignore_errors=True)
                continue
            paths.append(str(path))
            names[str(path)] = name
            keys[str(path)] = key
        # one write connection per file: other tabs read between two files
        for i, path in enumerate(paths):
            if on_progress:
                on_progress(i, len(paths), names[path])
            out.summaries.extend(run(load_paths, [path], options, None, names))
        if on_progress and paths:
            on_progress(len(paths), len(paths), "")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if processed is not None:
        failed = {s.file for s in out.summaries if s.status == "failed"}
        for path, key in keys.items():
            if names[path] not in failed:
                processed.add(key)
    return out


def _save(up: Upload, path: Path, limit: int) -> tuple[str, int]:
    """Copy an upload to disk in chunks (hashing as it goes), refusing past `limit` bytes."""
    h = hashlib.sha256()
    written = 0
    src = up.open()
    with open(path, "wb") as dst:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > limit:
                raise LimitExceeded(f"{up.name}: larger than {limit / 1048576:.0f} MB")
            h.update(chunk)
            dst.write(chunk)
    return h.hexdigest(), written


def summaries_frame(summaries: Sequence[FileSummary]) -> pd.DataFrame:
    """The CLI's per-file table, plus messages and notes in one column."""
    rows = []
    for s in summaries:
        notes = [s.message] if s.message else []
        notes += list(s.notes) + list(s.step_errors)
        rows.append(
            {
                "file": s.file,
                "kind": s.kind or "-",
                "rows_read": s.rows_read,
                "loaded": s.loaded,
                "rejected": s.rejected,
                "duplicates": s.duplicates,
                "status": s.status,
                "notes": " | ".join(notes),
            }
        )
    cols = ["file", "kind", "rows_read", "loaded", "rejected", "duplicates", "status", "notes"]
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- roster template


def roster_template_files() -> list[tuple[str, bytes, str]]:
    """(file name, content, MIME type): the shipped templates, else generated headers."""
    mimes = {
        ".csv": "text/csv",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    if TEMPLATES_DIR.is_dir():
        shipped = [
            (p.name, p.read_bytes(), mimes.get(p.suffix.lower(), "application/octet-stream"))
            for p in sorted(TEMPLATES_DIR.iterdir())
            if p.is_file() and not p.name.startswith(".")
        ]
        if shipped:
            return shipped
    from etl.readers.roster import CAMPAIGN_COLUMNS, ROSTER_COLUMNS
    from warehouse.exporting import to_csv_bytes, to_xlsx_book_bytes

    campaigns = pd.DataFrame(columns=list(CAMPAIGN_COLUMNS))
    roster = pd.DataFrame(columns=list(ROSTER_COLUMNS))
    return [
        ("campaigns_template.csv", to_csv_bytes(campaigns), mimes[".csv"]),
        ("roster_template.csv", to_csv_bytes(roster), mimes[".csv"]),
        (
            "roster_template.xlsx",
            to_xlsx_book_bytes({"campaigns": campaigns, "roster": roster}),
            mimes[".xlsx"],
        ),
    ]


def _run_on_default_db(fn: Callable[..., Any], *args: Any) -> Any:
    from warehouse.db import connect, resolve_db_path

    with connect(str(resolve_db_path(os.environ.get("RELAIS_DB"))), read_only=False, wait=60) as con:
        return fn(con, *args)
