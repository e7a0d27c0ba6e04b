"""Header matching for table-shaped exports (CSV or a workbook sheet).

Readers describe the columns they know as `target -> header aliases`; the header
row is searched in the first rows (after preambles such as `sep=,`, a metric
title or LinkedIn's one-line notice), columns are matched by name in any order,
and unknown columns are kept in the raw staging table but otherwise ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from etl.source import Source, cell_text, norm_header, stage_rows


@dataclass
class HeaderMatch:
    header_index: int  # row index of the header among the rows searched
    positions: dict[str, int]  # target -> column position
    names: list[str]  # staging column name for every position
    header: list[str]
    sheet: str | None = None
    score: float = 0.0


def match_header(
    rows: list[list[object]],
    spec: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    max_scan: int = 30,
) -> HeaderMatch | None:
    norm_spec = {t: tuple(norm_header(a) for a in aliases) for t, aliases in spec.items()}
    best: HeaderMatch | None = None
    for i, row in enumerate(rows[:max_scan]):
        cells = [norm_header(c) for c in row]
        positions: dict[str, int] = {}
        for target, aliases in norm_spec.items():
            for j, cell in enumerate(cells):
                if cell in aliases and j not in positions.values():
                    positions[target] = j
                    break
        if not all(r in positions for r in required):
            continue
        score = len(positions) / max(len(spec), 1)
        if best is None or score > best.score:
            names = [f"c{j}" for j in range(len(row))]
            for target, j in positions.items():
                names[j] = target
            best = HeaderMatch(
                i, positions, names, [str(c) if c is not None else "" for c in row], score=score
            )
    return best


def rows_of(source: Source) -> list[tuple[str | None, list[list[object]]]]:
    """(sheet name, rows) for every table in the file: one for a CSV, one per sheet."""
    if source.container == "csv":
        return [(None, source.preview_rows())]
    if source.container in ("xlsx", "xls"):
        return [(name, rows) for name, rows in source.sheets().items()]
    return []


def find_table(
    source: Source,
    spec: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    sheet_names: tuple[str, ...] | None = None,
) -> HeaderMatch | None:
    best = None
    for sheet, rows in rows_of(source):
        if (
            sheet_names
            and sheet is not None
            and norm_header(sheet) not in {norm_header(s) for s in sheet_names}
        ):
            continue
        m = match_header(rows, spec, required)
        if m and (best is None or m.score > best.score):
            m.sheet = sheet
            best = m
    return best


def stage_match(
    con: duckdb.DuckDBPyConnection, source: Source, match: HeaderMatch, table: str = "stg"
) -> int:
    """Stage every record under the matched header as VARCHAR columns + `_row`."""
    if source.container == "csv":
        # a `sep=` line is row 0 of preview_rows and a physical line of the file too
        return source.stage_csv(con, table, match.names, match.header_index)
    rows = source.sheets()[match.sheet]
    body = rows[match.header_index + 1 :]
    width = len(match.names)
    extra = max((len(r) for r in body), default=0) - width
    names = match.names + [f"c{width + k}" for k in range(max(0, extra))]
    return stage_rows(con, table, names, [[cell_text(c) for c in r] for r in body], match.header_index + 2)
