"""What a report covers: the selection (dashboard filters or campaign ids), the rate basis, the
campaigns it names, the cover's lines saying all of it in words, and the file name that says it too.

Why apart from the figures: the Overview page names the file before anything is gathered, and a
report that does not say which selection it holds cannot be checked against the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import duckdb
import pandas as pd

from reports.content import ReportError
from reports.text import check_lang, clean_text, day, level_name, t
from warehouse.filters import Filters

Selection = Filters | Sequence[str] | None


def as_filters(selection: Selection) -> Filters:
    """The report's selection: a Filters as the dashboard holds it, or campaign ids (CLI), or None
    (every campaign's posts). Campaign ids and None keep to the campaigns' posts, like the dashboard."""
    if isinstance(selection, Filters):
        return selection
    return Filters(campaigns=tuple(selection or ()), scope="campaigns")


def rate_basis_of(rate_basis: str) -> str:
    """The rate basis if the metrics know it (reach, impressions…); ReportError naming the choices."""
    from warehouse.metrics import RATE_BASES

    if rate_basis not in RATE_BASES:
        raise ReportError(f"unknown rate basis {rate_basis!r}: use {', '.join(RATE_BASES)}")
    return rate_basis


def cover_lines(
    con: duckdb.DuckDBPyConnection, f: Filters, camps: pd.DataFrame, rate_basis: str, lang: str
) -> list[str]:
    """The cover's lines: client, campaign(s), every other filter in words, the rate basis."""
    lines: list[str] = []
    clients = sorted({clean_text(c) for c in camps["client"].dropna() if clean_text(c)})
    if clients:
        lines.append(t("client", lang, names=", ".join(clients)))
    if len(camps):
        names = "; ".join(clean_text(f"{r.name} ({r.campaign_id})") for r in camps.itertuples())
        lines.append(t("campaign_line" if len(camps) == 1 else "campaigns_line", lang, names=names))
    parts = [t(f"scope_{f.scope}", lang)] if f.scope != "campaigns" or not f.campaigns else []
    for field_name in ("platforms", "format_families", "formats", "profile_types", "tiers"):
        values = getattr(f, field_name)
        if values:
            parts.append(", ".join(level_name(v, lang) for v in values))
    if f.influencers:
        handles = [
            r[0]
            for r in con.execute(
                "SELECT '@' || handle FROM influencers WHERE list_contains(?, influencer_id) ORDER BY 1",
                [list(f.influencers)],
            ).fetchall()
        ]
        parts.append(
            t(
                "influencers_n",
                lang,
                n=len(f.influencers),
                names=", ".join(clean_text(h, 30) for h in handles[:4]),
            )
        )
    if f.date_from:
        parts.append(t("from", lang, d=day(f.date_from, lang)))
    if f.date_to:
        parts.append(t("until", lang, d=day(f.date_to, lang)))
    if parts:
        lines.append(t("selection", lang, what=" · ".join(parts)))
    lines.append(t("basis_line", lang, basis=t(f"basis_{rate_basis}", lang)))
    return lines


_STEM = re.compile(r"[^A-Za-z0-9_.+-]+")


def report_file_name(f: Filters, lang: str, kind: str, rate_basis: str = "reach") -> str:
    """'relais_OR26_instagram_2026-10-01-2026-10-31_fr.pptx': the file says which selection it holds."""
    parts = [
        "+".join(f.campaigns)
        if f.campaigns
        else {"campaigns": "all-campaigns"}.get(f.scope, f"{f.scope}-posts")
    ]
    if f.campaigns and f.scope != "campaigns":
        parts.append(f"{f.scope}-posts")
    for field_name in ("platforms", "format_families", "formats", "profile_types", "tiers"):
        parts.extend(getattr(f, field_name))
    if f.influencers:
        parts.append(f"{len(f.influencers)}-influencers")
    if f.date_from or f.date_to:
        parts.append(f"{f.date_from or ''}-{f.date_to or ''}".strip("-"))
    if rate_basis != "reach":
        parts.append(f"by-{rate_basis}")
    stem = _STEM.sub("-", "_".join(p for p in parts if p)).strip("-_")[:100]
    return f"relais_{stem}_{check_lang(lang)}.{kind}"


def selected_campaigns(con: duckdb.DuckDBPyConnection, campaigns: Sequence[str] | None) -> pd.DataFrame:
    """The loaded campaigns the report names (all when none asked); ReportError for an unknown id."""
    from warehouse.summary import loaded_campaigns

    df = loaded_campaigns(con)
    if campaigns:
        missing = sorted(set(campaigns) - set(df["campaign_id"]))
        if missing:
            raise ReportError(f"unknown campaign id(s): {', '.join(missing)}")
        df = df[df["campaign_id"].isin(list(campaigns))]
    return df
