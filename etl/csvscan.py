"""Strict CSV records, streamed: structure errors are quarantined one record at a time.

Why: a lenient parser lets one unbalanced quote swallow every later record into one
field (1,500 rows became one 261 KB comment, their raw commenter handles inside); a
mixed-encoding file became mojibake; a >128 KB cell made a valid export "not a
recognised export" because Python's csv field limit tripped during detection.

How: physical lines are read one by one (bytes, decoded per line), a record is the
lines up to an even number of quote characters, and each record is parsed strictly
(`csv.reader(strict=True)` with no field-size limit: our own cell limit is checked
explicitly). A record is a *structure error* when it cannot be parsed, has more
non-empty fields than the header, holds a cell over `cell_limit`, has bytes that are
not valid in the file's encoding, runs to the end of the file inside quotes, or runs
past `record_limit` — or when it spans lines that are complete records on their own
(the trace of a quote that swallowed them). The error is quarantined with the first
physical line of the record only, and reading resumes on the next physical line: the
swallowed records are read again as themselves. Memory is bounded by the record limit.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

csv.field_size_limit(2**31 - 1)  # never the reason a record fails: cell_limit is checked explicitly

RAW_EXCERPT = 2000  # characters of a quarantined line kept for the person to see


@dataclass
class StructureError:
    row: int  # spreadsheet row number (logical record number, header = row 1)
    reason: str
    raw: str  # the start of the offending physical line (decoded leniently)


def sniff_file_encoding(path: Path, sample_limit: int = 64 << 20) -> str:
    """'utf-8' when the bytes decode as UTF-8; 'cp1252' when no line holds valid non-ASCII UTF-8
    (an Excel re-save); 'utf-8-mixed' when some lines are UTF-8 and others are not."""
    valid_non_ascii = invalid = False
    read = 0
    with open(path, "rb") as f:
        for line in f:
            read += len(line)
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
                valid_non_ascii = True
            except UnicodeDecodeError:
                invalid = True
            if (valid_non_ascii and invalid) or read > sample_limit:
                break
    if not invalid:
        return "utf-8"
    return "utf-8-mixed" if valid_non_ascii else "cp1252"


def _lines(path: Path, encoding: str, unwrap: bool) -> Iterator[tuple[str, bool]]:
    """(text of the physical line without its line break, decoded cleanly) for every line."""
    with open(path, "rb") as f:
        head = f.read(65536)
    cr_only = b"\r" in head and b"\n" not in head  # old Mac line ends: let Python's text mode split them
    if encoding.startswith("utf-16") or cr_only:
        text_enc = "utf-8" if encoding == "utf-8-mixed" else encoding
        with open(path, encoding=text_enc, errors="replace", newline=None) as f:
            first = True
            for line in f:
                if first:
                    line = line.lstrip("\ufeff")
                    first = False
                yield _unwrap(line.rstrip("\r\n"), unwrap), True
        return
    with open(path, "rb") as f:
        first = True
        for raw in f:
            if first:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
                first = False
            raw = raw.rstrip(b"\r\n")
            ok = True
            if encoding == "cp1252":
                text = raw.decode("cp1252", errors="replace")
            else:
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    text, ok = raw.decode("utf-8", errors="replace"), False
            yield _unwrap(text, unwrap), ok


def _unwrap(line: str, unwrap: bool) -> str:
    if unwrap and len(line) >= 2 and line.startswith('"') and line.endswith('"'):
        return line[1:-1].replace('""', '"')
    return line


def _parse(text: str, delim: str) -> list[str] | None:
    """The fields of exactly one record, or None when `text` is not exactly one well-formed record."""
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delim, strict=True))
    except csv.Error:
        return None
    return rows[0] if len(rows) == 1 else ([] if not rows else None)


class RecordScanner:
    """Strict records of a delimited text file, with the structure errors set aside."""

    def __init__(
        self,
        path: Path,
        delimiter: str,
        ncols: int,
        encoding: str,
        *,
        unwrap: bool = False,
        cell_limit: int = 128 * 1024,
        record_limit: int = 1 << 20,
    ) -> None:
        self.path, self.delim, self.ncols = path, delimiter, ncols
        self.encoding, self.unwrap = encoding, unwrap
        self.cell_limit, self.record_limit = cell_limit, record_limit
        self.errors: list[StructureError] = []

    def records(self, skip: int, first_row: int) -> Iterator[tuple[int, list[str]]]:
        """(row number, fields) of every good record after the first `skip` records."""
        source = _lines(self.path, self.encoding, self.unwrap)
        pending: deque[tuple[str, bool]] = deque()
        row = first_row - 1 - skip

        def next_line() -> tuple[str, bool] | None:
            if pending:
                return pending.popleft()
            return next(source, None)

        while True:
            first = next_line()
            if first is None:
                return
            if not first[0].strip() and first[1]:
                continue  # a blank line is not a record (as DuckDB's reader skips it)
            row += 1
            lines = [first]
            size = len(first[0])
            quotes = first[0].count('"')
            eof = False
            while quotes % 2 == 1 and size <= self.record_limit:
                nxt = next_line()
                if nxt is None:
                    eof = True
                    break
                lines.append(nxt)
                size += len(nxt[0]) + 1
                quotes += nxt[0].count('"')
            if row <= first_row - 1:  # preamble and header records: not data
                continue
            reason = self._check(lines, eof, size, quotes)
            if reason is None:
                fields = _parse("\n".join(t for t, _ in lines), self.delim)
                reason = self._check_fields(fields, lines)
                if reason is None:
                    yield row, fields[: self.ncols]
                    continue
            if reason.startswith("!"):  # the whole record is bad, its end is known: skip it whole
                self.errors.append(StructureError(row, reason[1:], lines[0][0][:RAW_EXCERPT]))
                continue
            # the record's end is not trustworthy: quarantine its first line, re-read the rest
            self.errors.append(StructureError(row, reason, lines[0][0][:RAW_EXCERPT]))
            pending.extendleft(reversed(lines[1:]))

    def _check(self, lines: list[tuple[str, bool]], eof: bool, size: int, quotes: int) -> str | None:
        if eof:
            return "unbalanced quote: the quoted field never closes before the end of the file"
        if quotes % 2 == 1:
            return f"unbalanced quote: the quoted field runs past {self.record_limit // 1024} KB"
        if not all(ok for _, ok in lines):
            if len(lines) == 1:
                return "!bytes that are not valid UTF-8 (the file mixes encodings); fix the row's encoding"
            return "bytes that are not valid UTF-8 (the file mixes encodings)"
        return None

    def _check_fields(self, fields: list[str] | None, lines: list[tuple[str, bool]]) -> str | None:
        if fields is None:
            return "unbalanced quote or text after a closing quote: the record cannot be read"
        extra = fields[self.ncols :]
        if any(f.strip() for f in extra):
            if len(lines) > 1:
                return "unbalanced quote: the record swallowed the lines after it"
            return f"!{len(fields)} fields where the header has {self.ncols}"
        longest = max((len(f) for f in fields), default=0)
        if longest > self.cell_limit:
            if len(lines) > 1 and self._swallowed(lines):
                return "unbalanced quote: the quoted field swallowed the records after it"
            return f"!a cell of {longest // 1024} KB, longer than the {self.cell_limit // 1024} KB limit"
        if len(lines) > 1 and self.ncols >= 4 and self._swallowed(lines):
            return "unbalanced quote: the quoted field swallowed the records after it"
        return None

    def _swallowed(self, lines: list[tuple[str, bool]]) -> bool:
        """A continuation line that is a complete record on its own: a quote swallowed it."""
        for text, _ in lines[1:]:
            if text.count('"') % 2 == 0 and text.count(self.delim) >= self.ncols - 1:
                fields = _parse(text, self.delim)
                if fields is not None and len(fields) == self.ncols:
                    return True
        return False
