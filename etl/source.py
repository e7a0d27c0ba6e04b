"""Reading a file as people actually have it: whatever the encoding, delimiter,
Excel re-save or preamble, into rows of text.

Nothing here knows about platforms. A `Source` gives readers the first lines for
detection (`preview`) and then the whole table (`stage`) as a DuckDB temp table of
VARCHAR columns, so readers can normalise in SQL. Large clean UTF-8 CSVs go
straight to DuckDB's `read_csv` (fast path); anything odd (UTF-16, cp1252,
Excel-wrapped lines) is decoded in Python first.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from etl.csvscan import RecordScanner, StructureError, sniff_file_encoding
from etl.limits import Limits, check_workbook

SOFT_HYPHEN = "\u00ad"
PREVIEW_LINES = 40
_FAST_PATH_BYTES = 256 * 1024


class UnreadableFile(ValueError):
    """The file cannot be read as a table at all (the whole file is refused)."""


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def norm_header(cell: object) -> str:
    """Header cell as compared by readers: no soft hyphens/BOM, trimmed, casefolded."""
    s = "" if cell is None else str(cell)
    s = s.replace(SOFT_HYPHEN, "").replace("\ufeff", "").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip().casefold()


def hnorm(cell: object) -> str:
    """Header as compared here: `norm_header` plus typographic apostrophes made plain."""
    return norm_header(cell).replace("\u2019", "'").replace("`", "'")


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le"), "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be"), "utf-16-be"
    sample = data[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM: the zero bytes sit on the odd (LE) or even (BE) positions.
        odd_zeros = sample[1::2].count(0)
        enc = "utf-16-le" if odd_zeros > len(sample) // 4 else "utf-16-be"
        return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _unwrap_excel_lines(text: str) -> tuple[str, bool]:
    """Undo Excel's 'whole line in one quoted field' re-save.

    Seen in Meta exports re-saved under a ';' locale: every physical line became
    `"a,""b"",c"`. Multi-line cells are then broken across physical lines; the
    lines in between were written raw, so unwrapping each wrapped line and
    keeping the others rebuilds the original CSV in the common case.
    """
    lines = text.split("\n")
    first = lines[0].rstrip("\r")
    if not (first.startswith('"') and first.endswith('"') and first.count(",") >= 3):
        return text, False
    try:
        cells = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return text, False
    if len(cells) != 1:
        return text, False
    out = []
    for line in lines:
        cr = line.endswith("\r")
        core = line.rstrip("\r")
        if len(core) >= 2 and core.startswith('"') and core.endswith('"'):
            core = core[1:-1].replace('""', '"')
        out.append(core + ("\r" if cr else ""))
    return "\n".join(out), True


def sniff_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


@dataclass
class Source:
    """One input file (CSV, XLSX, XLS or a ZIP member)."""

    path: Path
    name: str
    sha256: str = ""
    container: str = "csv"  # csv | xlsx | xls
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    _text: str | None = None
    _sep_hint: str | None = None
    _sheets: dict[str, list[list[object]]] | None = None
    # records set aside by the strict CSV scanner (unbalanced quotes, encodings, huge cells)
    structure_rejects: list[StructureError] = field(default_factory=list)
    staged_names: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, path: Path, name: str | None = None) -> Source:
        path = Path(path)
        with open(path, "rb") as f:
            head = f.read(8)
        if head.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(path) as z:
                names = z.namelist()
            container = "xlsx" if any(n.startswith("xl/") for n in names) else "zip"
            if container == "xlsx":
                try:  # a workbook is a ZIP of XML: no decompression bomb reaches openpyxl
                    check_workbook(path, name or path.name)
                except ValueError as exc:
                    raise UnreadableFile(str(exc)) from exc
        elif head.startswith(b"\xd0\xcf\x11\xe0"):
            container = "xls"
        else:
            container = "csv"
        return cls(path=path, name=name or path.name, sha256=sha256_file(path), container=container)

    # -- text (CSV) ----------------------------------------------------------------
    def _is_fast_path_candidate(self) -> bool:
        size = self.path.stat().st_size
        if size < _FAST_PATH_BYTES:
            return False
        with open(self.path, "rb") as f:
            head = f.read(65536)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:4000].count(b"\x00") > 100:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not merely a cut multibyte char
                return False
        first = head.split(b"\n", 1)[0].lstrip(b"\xef\xbb\xbf")
        if first.startswith(b'"') and first.rstrip(b"\r").endswith(b'"') and first.count(b'"') == 2:
            return False  # Excel-wrapped: the whole header line is one quoted field
        return True

    @property
    def text(self) -> str:
        if self._text is None:
            if self.container != "csv":
                raise UnreadableFile(f"{self.name}: not a text file ({self.container})")
            if self.path.stat().st_size > Limits.current().python_bytes // 3:
                raise UnreadableFile(
                    f"{self.name}: too large to read this layout in memory (RELAIS_LOAD_MEMORY_MB)"
                )
            data = self.path.read_bytes()
            if not data.strip():
                raise UnreadableFile(f"{self.name}: the file is empty")
            text, enc = _decode(data)
            self.encoding = enc
            if enc == "cp1252":
                self.notes.append("not valid UTF-8: decoded as Windows-1252 (cp1252)")
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            text, unwrapped = _unwrap_excel_lines(text)
            if unwrapped:
                self.notes.append(
                    "lines were wrapped in quotes by an Excel re-save: unwrapped "
                    "(multi-line captions may have lost line breaks)"
                )
            self._text = text
        return self._text

    def preview_lines(self, n: int = PREVIEW_LINES) -> list[str]:
        if self.container != "csv":
            return []
        if self._text is not None:
            return self._text.split("\n")[:n]
        # the first 256 KB only (a huge cell near the top is cut, never a reason to fail detection)
        with open(self.path, "rb") as f:
            head = f.read(256 * 1024)
        if not head.strip():
            raise UnreadableFile(f"{self.name}: the file is empty")
        enc = self.file_encoding()
        if enc == "utf-8-mixed":
            enc = "utf-8"
        txt = head.decode(enc, errors="ignore").lstrip("\ufeff")
        txt = txt.replace("\r\n", "\n").replace("\r", "\n")
        wrapped, unwrapped = _unwrap_excel_lines(txt)
        return (wrapped if unwrapped else txt).split("\n")[:n]

    def preview_rows(self, n: int = PREVIEW_LINES) -> list[list[str]]:
        """The first rows parsed as CSV with the sniffed delimiter (for detection)."""
        lines = self.preview_lines(n)
        start = 0
        if lines and lines[0].strip().lower().startswith("sep="):
            self._sep_hint = lines[0].strip()[4:5] or ","
            start = 1
        body = lines[start:]
        # sniff on the widest of the first lines (title lines have no delimiter)
        widest = max(body[:10] or [""], key=lambda s: max(s.count(","), s.count(";"), s.count("\t")))
        delim = self._sep_hint or sniff_delimiter(widest)
        rows = list(csv.reader(io.StringIO("\n".join(body)), delimiter=delim))
        return ([["sep=" + delim]] if start else []) + rows

    def delimiter(self) -> str:
        rows = self.preview_rows(10)
        if self._sep_hint:
            return self._sep_hint
        lines = [ln for ln in self.preview_lines(10) if ln.strip()]
        widest = max(lines[:10] or [""], key=lambda s: max(s.count(","), s.count(";"), s.count("\t")))
        del rows
        return sniff_delimiter(widest)

    def stage_csv(
        self,
        con: duckdb.DuckDBPyConnection,
        table: str,
        names: list[str],
        header_index: int,
        delimiter: str | None = None,
    ) -> int:
        """Create temp table `table` (VARCHAR columns `names` + `_row`) from the CSV.

        `header_index` is the index of the header line among the logical lines
        (after a `sep=` line is counted as line 0). `_row` is the spreadsheet row
        number of each record (the header's row is header_index + 1). Returns the
        number of records.
        """
        delim = delimiter or self.delimiter()
        first_data_row = header_index + 2
        kwargs = dict(
            header=False,
            all_varchar=True,
            delimiter=delim,
            quotechar='"',
            escapechar='"',
            null_padding=True,
            skiprows=header_index + 1,
            auto_detect=False,
            columns={n: "VARCHAR" for n in names},
            strict_mode=False,
        )
        con.execute(f"DROP TABLE IF EXISTS {table}")
        numbered = (
            f"CREATE TEMP TABLE {table} AS "
            f"SELECT (row_number() OVER () + {int(first_data_row) - 1})::BIGINT AS _row, * FROM {table}_src"
        )
        self.structure_rejects = []
        self.staged_names = list(names)
        done = False
        if self._text is None and self._is_fast_path_candidate():
            # large clean UTF-8 file: DuckDB's parallel reader, straight from disk, strict: any
            # ragged row, stray quote or odd byte sends the file to the record scanner instead.
            # Runs outside the load transaction, so a failure here costs nothing.
            try:
                con.read_csv(
                    str(self.path), **{**kwargs, "null_padding": False, "strict_mode": True}
                ).create_view(f"{table}_src", replace=True)
                con.execute(numbered)
                done = self._fast_result_is_sound(con, table, names, delim)
                if done:
                    self.encoding = self.encoding or "utf-8"
                else:
                    con.execute(f"DROP TABLE IF EXISTS {table}")
            except duckdb.Error:
                con.execute(f"DROP TABLE IF EXISTS {table}")
        if not done:
            self._stage_scanned(con, table, names, header_index, delim)
        con.execute(f"DROP VIEW IF EXISTS {table}_src")
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def _fast_result_is_sound(
        self, con: duckdb.DuckDBPyConnection, table: str, names: list[str], delim: str
    ) -> bool:
        """No cell over the limit and no multi-line cell holding what looks like whole records."""
        limit = Limits.current().cell_bytes
        cols = [f'"{n}"' for n in names]
        longest = " , ".join(f"coalesce(length({c}), 0)" for c in cols)
        checks = [f"max(greatest({longest}, 0)) > {int(limit)}"]
        if len(names) >= 4:
            d = re.escape(delim).replace("'", "''")
            pattern = f"\\n[^\\n]*({d}[^\\n]*){{{len(names) - 1}}}"
            checks.append(
                "bool_or("
                + " OR ".join(f"(contains({c}, chr(10)) AND regexp_matches({c}, '{pattern}'))" for c in cols)
                + ")"
            )
        row = con.execute(f"SELECT {', '.join(checks)} FROM {table}").fetchone()
        return not any(bool(v) for v in row)

    def file_encoding(self) -> str:
        """utf-8 | utf-8-mixed | cp1252 | utf-16 | utf-16-le | utf-16-be (decided on the bytes, streamed)."""
        with open(self.path, "rb") as f:
            head = f.read(4000)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        if head and head.count(b"\x00") > len(head) // 4:
            return "utf-16-le" if head[1::2].count(0) > len(head) // 4 else "utf-16-be"
        return sniff_file_encoding(self.path)

    def _stage_scanned(
        self, con: duckdb.DuckDBPyConnection, table: str, names: list[str], header_index: int, delim: str
    ) -> None:
        """The strict record scanner (etl.csvscan): good records to a clean temp CSV with their row
        numbers, structure errors to `structure_rejects`; DuckDB then reads the clean file."""
        limits = Limits.current()
        enc = self.file_encoding()
        self.encoding = enc
        if enc == "cp1252":
            self.notes.append("not valid UTF-8: decoded as Windows-1252 (cp1252)")
        unwrap = self._excel_wrapped(enc)
        if unwrap:
            self.notes.append(
                "lines were wrapped in quotes by an Excel re-save: unwrapped "
                "(multi-line captions may have lost line breaks)"
            )
        scanner = RecordScanner(
            self.path, delim, len(names), enc, unwrap=unwrap, cell_limit=limits.cell_bytes
        )
        tmp = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8", newline="")
        try:
            with tmp:
                w = csv.writer(tmp, lineterminator="\n")
                width = len(names)
                for row, fields in scanner.records(skip=header_index + 1, first_row=header_index + 2):
                    w.writerow([row, *fields[:width], *([""] * (width - len(fields)))])
            self.structure_rejects = scanner.errors
            columns = {"_row": "BIGINT", **{n: "VARCHAR" for n in names}}
            con.read_csv(
                tmp.name, header=False, delimiter=",", quotechar='"', escapechar='"', auto_detect=False,
                columns=columns, strict_mode=True, max_line_size=64 << 20, parallel=False,
            ).create_view(f"{table}_src", replace=True)  # fmt: skip
            con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM {table}_src")
        finally:
            Path(tmp.name).unlink(missing_ok=True)

    def _excel_wrapped(self, enc: str) -> bool:
        if enc.startswith("utf-16"):
            return False
        with open(self.path, "rb") as f:
            head = f.read(65536)
        first = head.split(b"\n", 1)[0].removeprefix(b"\xef\xbb\xbf")
        first = first.decode("cp1252" if enc == "cp1252" else "utf-8", errors="replace")
        if not first:
            return False
        first = first.rstrip("\r")
        if not (first.startswith('"') and first.endswith('"') and first.count(",") >= 3):
            return False
        try:
            cells = next(csv.reader([first]))
        except (csv.Error, StopIteration):
            return False
        return len(cells) == 1

    # -- workbooks -----------------------------------------------------------------
    def sheets(self) -> dict[str, list[list[object]]]:
        """All sheets as lists of rows (cell values as read; numbers-as-text kept as text).

        Parsed once per Source (every reader's `detect` asks for them); each call
        returns fresh row lists, so a reader cannot alter what the next one sees.
        """
        if self._sheets is None:
            self._sheets = self._read_sheets()
        return {name: [list(r) for r in rows] for name, rows in self._sheets.items()}

    def _read_sheets(self) -> dict[str, list[list[object]]]:
        limits = Limits.current()
        if self.container == "xlsx":
            import openpyxl

            try:
                wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
            except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
                raise UnreadableFile(
                    f"{self.name}: the workbook cannot be read ({type(exc).__name__})"
                ) from exc
            try:
                out = {}
                cells = 0
                for ws in wb.worksheets:
                    ws.reset_dimensions()  # some exports declare a wrong <dimension ref="A1">
                    rows = []
                    for r in ws.iter_rows(values_only=True):
                        cells += len(r)
                        if cells > limits.workbook_cells:
                            raise UnreadableFile(
                                f"{self.name}: more than {limits.workbook_cells:,} cells, over the memory a "
                                "load may use (RELAIS_LOAD_MEMORY_MB); export it as CSV or split it"
                            )
                        rows.append(list(r))
                    out[ws.title] = rows
                return out
            finally:
                wb.close()
        if self.container == "xls":
            import xlrd

            if self.path.stat().st_size > limits.python_bytes // 4:
                raise UnreadableFile(
                    f"{self.name}: a legacy .xls this large is over the memory a load may use "
                    "(RELAIS_LOAD_MEMORY_MB); save it as .xlsx or CSV"
                )
            book = xlrd.open_workbook(str(self.path))
            return {sh.name: [sh.row_values(i) for i in range(sh.nrows)] for sh in book.sheets()}
        raise UnreadableFile(f"{self.name}: not a workbook")


def stage_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    names: list[str],
    rows: list[list[object]],
    first_row_number: int,
) -> int:
    """Stage rows that were read in Python (workbooks, odd CSVs) like `stage_csv`."""
    width = len(names)
    data = {n: [] for n in names}
    for r in rows:
        r = list(r)[:width] + [None] * max(0, width - len(r))
        for n, v in zip(names, r):
            data[n].append(cell_text(v))
    df = pd.DataFrame(data, dtype=object)
    df.insert(0, "_row", range(first_row_number, first_row_number + len(rows)))
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.register(f"{table}_df", df)
    cols = ", ".join(["_row::BIGINT AS _row"] + [f'"{n}"::VARCHAR AS "{n}"' for n in names])
    con.execute(f"CREATE TEMP TABLE {table} AS SELECT {cols} FROM {table}_df")
    con.unregister(f"{table}_df")
    return len(rows)


def cell_text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, float):
        if v != v:  # NaN
            return None
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if hasattr(v, "isoformat"):
        return v.isoformat(sep=" ") if hasattr(v, "hour") else v.isoformat()
    return str(v)
