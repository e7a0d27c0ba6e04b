"""The client report as a 16:9 PowerPoint deck: a cover naming the client, campaign and selection,
then one slide per section whose title is its message, with its chart, in the dashboard's colours,
and speaker notes with the method and the statistics behind the message.

The charts are PNG images made by `reports.images.render_pngs`; if they cannot be made the deck is
not made either (a deck without its charts would look complete and mislead).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from reports.charts import BRAND
from reports.content import ReportData, Section
from reports.images import render_pngs
from reports.text import clean_text, t

FONT = "DejaVu Sans"
BRAND_RGB, INK, GREY, WHITE = (RGBColor.from_string(c) for c in (BRAND[1:], "1D2B2E", "5B6B6E", "FFFFFF"))


def render_pptx(data: ReportData) -> bytes:
    """A 16:9 deck a client can be sent: a cover naming the client, campaign and selection, then one
    message per slide (its title) with its chart, in the dashboard's colours, speaker notes with
    the method and the statistics behind the message."""
    pngs = iter(render_pngs(data.figures))
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    _cover_slide(prs, data)
    for page, sec in enumerate(data.sections, start=2):
        _section_slide(prs, data, sec, page, pngs)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- shapes


def _text_box(slide: Any, left: int, top: int, width: int, height: int, lines: Sequence[str],
              size: int = 14, bold: bool = False, color: RGBColor | None = None) -> Any:  # fmt: skip
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    for k, line in enumerate(lines):
        para = tf.paragraphs[0] if k == 0 else tf.add_paragraph()
        para.text = clean_text(line)
        para.font.size = Pt(size)
        para.font.bold = bold
        para.font.name = FONT
        para.font.color.rgb = color or INK
        para.space_after = Pt(6)
    return box


def _rect(slide: Any, left: int, top: int, width: int, height: int, color: RGBColor) -> Any:
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
    shape.fill.solid()
    shape.fill.fore_color.rgb = color
    shape.line.fill.background()
    tree = slide.shapes._spTree  # behind the placeholders (the cover's title sits on the band)
    tree.remove(shape._element)
    tree.insert(2, shape._element)
    return shape


def _notes(slide: Any, lines: Sequence[str]) -> None:
    if lines:
        slide.notes_slide.notes_text_frame.text = "\n\n".join(clean_text(x) for x in lines if x)


def _add_table(slide: Any, df: pd.DataFrame, left: int, top: int, width: int, size: int = 11) -> None:
    rows, cols = len(df) + 1, len(df.columns)
    shape = slide.shapes.add_table(rows, cols, left, top, width, Inches(0.3) * rows)
    table = shape.table
    weights = [
        min(60, max(11, len(str(c)), *(len(clean_text(v)) for v in df.iloc[:, j])))
        for j, c in enumerate(df.columns)
    ]
    for j, w in enumerate(weights):
        table.columns[j].width = int(width * w / sum(weights))
    for j, col in enumerate(df.columns):
        table.cell(0, j).text = clean_text(col)
        table.cell(0, j).fill.solid()
        table.cell(0, j).fill.fore_color.rgb = BRAND_RGB
    for r, rec in enumerate(df.itertuples(index=False), start=1):
        for j, v in enumerate(rec):
            table.cell(r, j).text = clean_text(v)
    for r in range(rows):
        for j in range(cols):
            for para in table.cell(r, j).text_frame.paragraphs:
                para.font.size = Pt(size)
                para.font.name = FONT
                para.font.color.rgb = WHITE if r == 0 else INK


# --------------------------------------------------------------------------- slides


def _cover_slide(prs: Any, data: ReportData) -> None:
    """The client, the campaign, exactly what the report covers."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    _rect(slide, 0, 0, Inches(4.4), prs.slide_height, BRAND_RGB)
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(2.6), Inches(3.6), Inches(1.6)
    title.text = clean_text(data.title)
    for para in title.text_frame.paragraphs:
        para.alignment = PP_ALIGN.LEFT
        para.font.size, para.font.bold, para.font.name = Pt(32), True, FONT
        para.font.color.rgb = WHITE
    _text_box(slide, Inches(0.5), Inches(0.5), Inches(3.6), Inches(0.5), ["Relais"], 16, True, WHITE)
    _text_box(slide, Inches(0.5), Inches(6.6), Inches(3.6), Inches(0.5), [data.generated], 10, color=WHITE)
    cover = list(data.cover) or [data.subtitle]
    box = _text_box(slide, Inches(5.0), Inches(1.2), Inches(7.8), Inches(5.2), cover, 16, color=GREY)
    lead = box.text_frame.paragraphs[0]  # the client (or the campaign) first, large
    lead.font.size, lead.font.bold = Pt(26 if len(cover[0]) < 60 else 20), True
    lead.font.color.rgb = INK
    lead.space_after = Pt(18)
    _notes(slide, [*data.cover, data.generated])


def _new_slide(prs: Any, data: ReportData, sec: Section, page: int) -> Any:
    """A slide with the brand band, the section's name as kicker, its message as title, a footer."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only: the title is the message
    _rect(slide, 0, 0, prs.slide_width, Inches(0.12), BRAND_RGB)
    _text_box(
        slide, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.4), [sec.title.upper()], 12, True, BRAND_RGB
    )
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = (
        Inches(0.5),
        Inches(0.62),
        Inches(12.3),
        Inches(1.1),
    )
    title.text = clean_text(sec.headline)
    tf = title.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.TOP
    for para in tf.paragraphs:
        para.alignment = PP_ALIGN.LEFT
        para.font.size = Pt(26 if len(sec.headline) < 90 else 22)
        para.font.bold = True
        para.font.name = FONT
        para.font.color.rgb = INK
    footer = f"{data.subtitle} · {page}"
    _text_box(slide, Inches(0.5), Inches(7.05), Inches(12.3), Inches(0.35), [footer], 9, color=GREY)
    return slide


def _kpi_tiles(slide: Any, kpis: Sequence[tuple[str, str, str]], top: int) -> None:
    """The headline tiles side by side: label, value large in the brand colour, note below."""
    w = Inches(12.3) / len(kpis)
    for k, (label, value, note) in enumerate(kpis):
        left = Inches(0.5) + Emu(int(w * k))
        _rect(slide, left + Inches(0.04), top, Inches(0.06), Inches(1.05), BRAND_RGB)
        inner_left, inner_w = left + Inches(0.15), w - Inches(0.2)
        _text_box(slide, inner_left, top - Inches(0.05), inner_w, Inches(0.35), [label], 11, color=GREY)
        _text_box(slide, inner_left, top + Inches(0.25), inner_w, Inches(0.5), [value], 22, True, BRAND_RGB)
        if note:
            _text_box(slide, inner_left, top + Inches(0.75), inner_w, Inches(0.4), [note], 9, color=GREY)


def _section_slide(prs: Any, data: ReportData, sec: Section, page: int, pngs: Iterator[bytes]) -> None:
    """One section: the tiles (headline), the chart on the left, the table or the words beside it."""
    slide = _new_slide(prs, data, sec, page)
    top = Inches(1.85)
    if sec.key == "headline" and data.kpis:
        _kpi_tiles(slide, data.kpis, top)
        top += Inches(1.35)
    side_lines = [*sec.paragraphs, *(f"• {b}" for b in sec.bullets[:4])]
    if sec.figure is not None:
        _picture(slide, next(pngs), top, Inches(7.6) if side_lines else Inches(12.3))
        side_left, side_width = Inches(8.4), Inches(4.45)
    else:
        side_left, side_width = Inches(0.5), Inches(12.3)
    y = top
    if sec.figure is None and sec.table is not None and not sec.table.empty:
        _add_table(slide, sec.table, side_left, y, side_width, size=11)
        y += Inches(0.34) * (len(sec.table) + 1) + Inches(0.3)
    if side_lines:
        total = sum(len(x) for x in side_lines)
        size = 14 if total < 500 else (12 if total < 900 else 10)
        _text_box(slide, side_left, y, side_width, Inches(6.9) - y, side_lines, size)
    if sec.key == "method":
        versions = " · ".join(f"{k} {v}" for k, v in sorted(data.versions.items()))
        lines = [t("versions", data.lang), versions]
        _text_box(slide, Inches(0.5), Inches(5.7), Inches(12.3), Inches(1.3), lines, 8, color=GREY)
    _notes(slide, [*sec.notes, *_table_notes(sec)])


def _picture(slide: Any, png: bytes, top: int, width: int) -> None:
    """The chart at the left, scaled down when it would run off the slide."""
    max_h = Inches(6.9) - top
    pic = slide.shapes.add_picture(io.BytesIO(png), Inches(0.5), top, width=width)
    if pic.height > max_h:  # keep the whole chart on the slide
        ratio = max_h / pic.height
        pic.height, pic.width = int(max_h), int(pic.width * ratio)


def _table_notes(sec: Section) -> list[str]:
    """A chart's table, which the slide has no room for, as one speaker-notes line per row."""
    if sec.figure is None or sec.table is None or sec.table.empty:
        return []
    cols = list(sec.table.columns)
    return [
        " · ".join(f"{c}: {clean_text(v)}" for c, v in zip(cols, rec))
        for rec in sec.table.itertuples(index=False)
    ]
