"""Resource limits of a load: what a hostile or absurd file may cost, whatever it contains.

Why: a 1 MB ZIP that expands to 1 GB took the CLI to 3.5 GB of memory; a workbook's
XML can do the same through openpyxl. Every limit has a setting (environment
variable) and a default chosen so that real exports pass:

- `RELAIS_LOAD_MEMORY_MB` (default 1536 = 1.5 GiB): the memory a load may use. DuckDB
  gets 60 % of it (it spills to disk beyond), what Python may hold at once (a
  workbook's cells, a CSV record) is derived from the rest.
- `RELAIS_MAX_UNZIPPED_MB` (default 2048): bytes an archive (a ZIP of exports, or an
  XLSX, which is a ZIP too) may expand to, counted while extracting, never trusted
  from the archive's own header.
- `RELAIS_MAX_ZIP_MEMBERS` (default 1000) and `RELAIS_MAX_ZIP_RATIO` (default 200:1
  for members above 1 MB; CSV exports compress 5-20:1).
"""

from __future__ import annotations

import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO


class LimitExceeded(ValueError):
    """A file or archive member is over a resource limit (the message says which and how to raise it)."""


def _setting(name: str, default: float) -> float:
    raw = os.environ.get(name)
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = default
    return value if value > 0 else default


@dataclass(frozen=True)
class Limits:
    memory_mb: float = 1536
    unzipped_mb: float = 2048
    zip_members: int = 1000
    zip_ratio: float = 200
    ratio_floor_bytes: int = 1 << 20  # small members may compress very well: no ratio check below 1 MB
    cell_bytes: int = 128 * 1024  # a cell longer than this is a structure error (quarantined)

    @classmethod
    def current(cls) -> Limits:
        return cls(
            memory_mb=_setting("RELAIS_LOAD_MEMORY_MB", 1536),
            unzipped_mb=_setting("RELAIS_MAX_UNZIPPED_MB", 2048),
            zip_members=int(_setting("RELAIS_MAX_ZIP_MEMBERS", 1000)),
            zip_ratio=_setting("RELAIS_MAX_ZIP_RATIO", 200),
        )

    @property
    def duckdb_memory_mb(self) -> int:
        return max(64, int(self.memory_mb * 0.6))

    @property
    def python_bytes(self) -> int:
        """What Python may hold of one file at once (workbook cells, a decoded CSV)."""
        return int(self.memory_mb * 0.25 * 1024 * 1024)

    @property
    def workbook_cells(self) -> int:
        """Cells of a workbook read into memory (~150 bytes each as Python objects)."""
        return max(10_000, self.python_bytes // 150)

    @property
    def unzipped_bytes(self) -> int:
        return int(self.unzipped_mb * 1024 * 1024)


def check_archive(
    z: zipfile.ZipFile, name: str, limits: Limits | None = None, ratio: bool = True
) -> list[zipfile.ZipInfo]:
    """The archive's file members, after the checks that need no decompression (count, declared
    sizes, and with `ratio` the declared compression ratio of every member)."""
    limits = limits or Limits.current()
    members = [m for m in z.infolist() if not m.is_dir()]
    if len(members) > limits.zip_members:
        raise LimitExceeded(
            f"{name}: the archive has {len(members)} files (limit {limits.zip_members}; RELAIS_MAX_ZIP_MEMBERS)"
        )
    declared = sum(m.file_size for m in members)
    if declared > limits.unzipped_bytes:
        raise LimitExceeded(
            f"{name}: the archive expands to {declared / 1048576:.0f} MB "
            f"(limit {limits.unzipped_mb:.0f} MB; RELAIS_MAX_UNZIPPED_MB)"
        )
    if ratio:
        for m in members:
            ratio_problem(m, limits, name)
    return members


def ratio_problem(m: zipfile.ZipInfo, limits: Limits, name: str) -> None:
    if m.file_size > limits.ratio_floor_bytes:
        ratio = m.file_size / max(m.compress_size, 1)
        if ratio > limits.zip_ratio:
            raise LimitExceeded(
                f"{name}/{m.filename}: compression ratio {ratio:.0f}:1 (limit {limits.zip_ratio:.0f}:1; "
                "RELAIS_MAX_ZIP_RATIO): refused as a possible decompression bomb"
            )


def extract_member(
    z: zipfile.ZipFile, m: zipfile.ZipInfo, target: Path, name: str, budget: int, limits: Limits | None = None
) -> int:
    """Copy one member to `target`, counting bytes as they come (a header can lie); returns bytes written.

    Raises LimitExceeded past `budget` bytes or the ratio limit, and a ValueError with a clear
    reason for an encrypted, corrupt or unsupported member.
    """
    limits = limits or Limits.current()
    if m.flag_bits & 0x1:
        raise ValueError(f"{name}/{m.filename}: the file is encrypted (password-protected); not read")
    written = 0
    try:
        with z.open(m) as src, open(target, "wb") as dst:
            while chunk := src.read(1 << 20):
                written += len(chunk)
                if written > budget:
                    raise LimitExceeded(
                        f"{name}/{m.filename}: expands beyond {limits.unzipped_mb:.0f} MB "
                        "(RELAIS_MAX_UNZIPPED_MB): refused as a possible decompression bomb"
                    )
                if (
                    written > limits.ratio_floor_bytes
                    and written / max(m.compress_size, 1) > limits.zip_ratio
                ):
                    raise LimitExceeded(
                        f"{name}/{m.filename}: compression ratio above {limits.zip_ratio:.0f}:1 "
                        "(RELAIS_MAX_ZIP_RATIO): refused as a possible decompression bomb"
                    )
                dst.write(chunk)
    except LimitExceeded:
        target.unlink(missing_ok=True)
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        target.unlink(missing_ok=True)
        raise ValueError(f"{name}/{m.filename}: the archive member is corrupt ({exc}); not read") from exc
    except NotImplementedError as exc:
        target.unlink(missing_ok=True)
        raise ValueError(f"{name}/{m.filename}: unsupported compression ({exc}); not read") from exc
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required"
        target.unlink(missing_ok=True)
        raise ValueError(f"{name}/{m.filename}: the file is encrypted ({exc}); not read") from exc
    return written


def check_workbook(path: Path, name: str, limits: Limits | None = None) -> None:
    """An XLSX is a ZIP of XML: the same bomb checks before openpyxl parses it."""
    limits = limits or Limits.current()
    try:
        with zipfile.ZipFile(path) as z:
            members = check_archive(z, name, limits)
            if any(m.flag_bits & 0x1 for m in members):
                raise ValueError(f"{name}: the workbook is encrypted (password-protected)")
    except zipfile.BadZipFile as exc:
        raise ValueError(f"{name}: the workbook is corrupt ({exc})") from exc


def copy_limited(src: BinaryIO, dst: BinaryIO, limit: int, name: str) -> int:
    """Stream `src` to `dst` in chunks, refusing past `limit` bytes (uploads)."""
    written = 0
    while chunk := src.read(1 << 20):
        written += len(chunk)
        if written > limit:
            raise LimitExceeded(f"{name}: larger than {limit / 1048576:.0f} MB")
        dst.write(chunk)
    return written


__all__ = [
    "LimitExceeded",
    "Limits",
    "check_archive",
    "check_workbook",
    "copy_limited",
    "extract_member",
    "ratio_problem",
]
