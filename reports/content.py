"""What a report is made of, whatever it is written as: sections (a message, paragraphs, bullets,
a chart, a table, speaker notes) and the cover's facts.

Why a module of its own: the gathering step fills these and the deck and HTML writers read them;
neither writer depends on the other, nor on how the figures were found.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go


class ReportError(RuntimeError):
    """The report cannot be produced as promised (the message says why and what to do)."""


@dataclass
class Section:
    """One part of the report: a title, paragraphs, an optional chart and an optional table."""

    key: str
    title: str  # the section's name (the small kicker above a slide's message)
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    figure: go.Figure | None = None
    table: pd.DataFrame | None = None
    message: str = ""  # the one thing this slide says (its title); the section's name when empty
    notes: list[str] = field(default_factory=list)  # speaker notes: method, caveats, statistics

    @property
    def headline(self) -> str:
        return self.message or self.title


@dataclass
class ReportData:
    lang: str
    title: str
    subtitle: str
    generated: str
    kpis: list[tuple[str, str, str]]  # label, value, note
    sections: list[Section]
    versions: dict[str, str]
    cover: list[str] = field(default_factory=list)  # client, campaign(s), selection, rate basis
    file_stem: str = "relais_report"

    @property
    def figures(self) -> list[go.Figure]:
        return [s.figure for s in self.sections if s.figure is not None]
