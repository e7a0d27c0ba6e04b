"""The client report: a PowerPoint deck or a self-contained HTML page, in French or English.

The entry points (`report_bytes`, `build_report`) and the names callers use live here; the work is
done by the room around it:
- `reports.selection` — what the report covers (filters or campaign ids, rate basis, cover, file name);
- `reports.gather` — every figure, one function per section, taken from the metrics (none computed);
- `reports.content` — what a report is made of (sections, cover facts) and `ReportError`;
- `reports.text` — every label in French and English and how a figure is written;
- `reports.charts` — the charts as Plotly figures; `reports.images` — charts and slides as PNG;
- `reports.deck` — the PowerPoint deck; `reports.html_report` — the HTML page.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from reports.content import ReportData, ReportError, Section
from reports.gather import gather
from reports.html_report import render_html
from reports.images import slide_images
from reports.selection import Selection, as_filters, report_file_name

__all__ = [
    "KINDS",
    "ReportData",
    "ReportError",
    "Section",
    "Selection",
    "as_filters",
    "build_report",
    "gather",
    "render_html",
    "report_bytes",
    "report_file_name",
    "slide_images",
]

KINDS = ("pptx", "html")


def report_bytes(
    con: duckdb.DuckDBPyConnection, selection: Selection, lang: str, kind: str, rate_basis: str = "reach"
) -> bytes:
    """The report of exactly `selection` (Filters, or campaign ids) as bytes: kind 'pptx' or 'html'."""
    if kind not in KINDS:
        raise ReportError(f"unknown report kind {kind!r}: use pptx or html")
    data = gather(con, selection, lang, rate_basis)
    if kind == "html":
        return render_html(data)
    from reports.deck import render_pptx  # python-pptx only when a deck is asked for

    return render_pptx(data)


def build_report(
    con: duckdb.DuckDBPyConnection, selection: Selection, lang: str, out: Path, rate_basis: str = "reach"
) -> Path:
    """Write the report to `out`; its suffix (.pptx or .html) chooses the kind.

    Nothing is written when any part fails (the file appears whole or not at all).
    """
    out = Path(out)
    kind = out.suffix.lower().lstrip(".")
    if kind == "htm":
        kind = "html"
    if kind not in KINDS:
        raise ReportError(f"{out}: the output must end in .pptx or .html")
    data = report_bytes(con, selection, lang, kind, rate_basis)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    return out
