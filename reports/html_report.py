"""The client report as one self-contained HTML page.

It embeds plotly.js once, inline, and every figure after it, so it opens offline. Every piece of
text is passed through `html.escape` (captions and campaign names come from third-party files).
"""

from __future__ import annotations

import html

import pandas as pd

from reports.charts import IMG_H
from reports.content import ReportData, Section
from reports.text import clean_text, t

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:0;color:#1d2b2e;background:#f6f8f8}
main{max-width:1100px;margin:0 auto;padding:24px}
header{background:#0F6E7A;color:#fff;padding:28px 24px}
header h1{margin:0 0 6px 0;font-size:30px} header p{margin:2px 0}
section{background:#fff;border-radius:8px;padding:18px 22px;margin:18px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h2{color:#0F6E7A;margin-top:0}
.kpis{display:flex;flex-wrap:wrap;gap:12px}
.kpi{flex:1 1 150px;border:1px solid #dfe7e8;border-radius:6px;padding:10px}
.kpi .v{font-size:24px;font-weight:bold;color:#0F6E7A} .kpi .n{font-size:12px;color:#5b6b6e}
table{border-collapse:collapse;width:100%;font-size:14px;margin:10px 0}
th,td{border-bottom:1px solid #e3eaeb;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef4f5} .versions{font-size:12px;color:#5b6b6e}
.message{font-size:20px;font-weight:bold;color:#1d2b2e}
"""


def _html_table(df: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(clean_text(v))}</td>" for v in rec) + "</tr>"
        for rec in df.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(data: ReportData) -> bytes:
    """One HTML file: plotly.js inline once, every figure as an interactive div, all text escaped."""
    from plotly.offline import get_plotlyjs

    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{data.lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(data.title)} — {esc(data.subtitle)}</title>",
        f"<style>{_CSS}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head><body>",
        f"<header><h1>{esc(data.title)}</h1>"
        + "".join(f"<p>{esc(clean_text(line))}</p>" for line in (data.cover or [data.subtitle]))
        + f"<p>{esc(data.generated)}</p></header>",
        "<main>",
    ]
    for sec in data.sections:
        parts.extend(_section_html(sec, data))
    parts.append("</main></body></html>")
    return "\n".join(parts).encode("utf-8")


def _kpis_html(data: ReportData) -> list[str]:
    esc = html.escape
    tiles = [
        f'<div class="kpi"><div>{esc(label)}</div><div class="v">{esc(value)}</div>'
        f'<div class="n">{esc(note)}</div></div>'
        for label, value, note in data.kpis
    ]
    return ['<div class="kpis">', *tiles, "</div>"]


def _section_html(sec: Section, data: ReportData) -> list[str]:
    """One section: its name, message, headline tiles, paragraphs, chart, table, bullets, versions."""
    import plotly.io as pio

    esc = html.escape
    parts = [f'<section id="{esc(sec.key)}"><h2>{esc(sec.title)}</h2>']
    if sec.message:
        parts.append(f'<p class="message">{esc(clean_text(sec.message))}</p>')
    if sec.key == "headline":
        parts.extend(_kpis_html(data))
    parts.extend(f"<p>{esc(clean_text(p))}</p>" for p in sec.paragraphs)
    if sec.figure is not None:
        parts.append(
            pio.to_html(
                sec.figure,
                full_html=False,
                include_plotlyjs=False,
                config={"displaylogo": False, "responsive": True},
                default_width="100%",
                default_height=f"{IMG_H}px",
            )
        )
    if sec.table is not None and not sec.table.empty:
        parts.append(_html_table(sec.table))
    if sec.bullets:
        parts.append("<ul>" + "".join(f"<li>{esc(clean_text(b))}</li>" for b in sec.bullets) + "</ul>")
    if sec.key == "method":
        versions = ", ".join(f"{k} {v}" for k, v in sorted(data.versions.items()))
        parts.append(f'<p class="versions">{esc(t("versions", data.lang))} — {esc(versions)}</p>')
    parts.append("</section>")
    return parts
