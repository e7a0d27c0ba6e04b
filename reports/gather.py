"""Gathering: every figure of the report for exactly one selection and rate basis, one function per
section (headline, formats, profiles, money, reactions, compliance, top posts, method).

Why here and not in a page: the same report comes out of `relais report` and the dashboard, and
both must show the same numbers as the pages. So this module only *gathers* figures from
`warehouse.metrics`, `analysis.compare` and its findings, and formats them; it computes no metric.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import duckdb
import pandas as pd

from analysis import findings as fx
from domain import CAPTION_FLAGS, DISCLOSURE_LEVELS
from reactions.classify import CLASSIFIER_VERSION
from reports.charts import categories_figure, disclosure_figure, rate_figure, spend_figure, weekly_figure
from reports.content import ReportData, Section
from reports.selection import (
    Selection,
    as_filters,
    cover_lines,
    rate_basis_of,
    report_file_name,
    selected_campaigns,
)
from reports.text import check_lang, clean_text, compact, day, fmt_count, fmt_rate, level_name, num, t
from warehouse.catalogue import metric_label
from warehouse.filters import Filters
from warehouse.registry import MIN_INFLUENCERS

TOP_POSTS = 5


def gather(
    con: duckdb.DuckDBPyConnection, selection: Selection, lang: str, rate_basis: str = "reach"
) -> ReportData:
    """Every figure of the report for exactly this selection and rate basis, formatted in `lang`."""
    from analysis.plain import combined_sentence
    from warehouse import metrics
    from warehouse.catalogue import metric_versions

    lang = check_lang(lang)
    rate_basis = rate_basis_of(rate_basis)
    filters = as_filters(selection)
    camps = selected_campaigns(con, filters.campaigns or None)
    head = metrics.headline(con, filters)
    overall = metrics.aggregate(con, [], filters, rate_basis)
    row = overall.iloc[0] if len(overall) else pd.Series(dtype=object)
    if not filters.campaigns and head.get("posts"):  # the campaigns the selection's posts belong to
        shown = metrics.aggregate(con, ["campaign"], filters, rate_basis)["campaign_id"].dropna().tolist()
        camps = camps[camps["campaign_id"].isin(shown)]
    today = dt.date.today()

    hl = _headline_section(con, filters, head, row, lang)
    sections = [hl]
    results = {}
    for key, title_key, word in (
        ("format_family", "formats", "format_word"),
        ("profile_type", "profiles", "profile_word"),
    ):
        if not head.get("posts"):
            sec = Section(title_key, t(title_key, lang), paragraphs=[t("no_posts", lang)])
            results[key] = None
        else:
            sec, results[key] = _comparison_section(con, key, title_key, word, filters, rate_basis, lang)
        sections.append(sec)
    if head.get("posts"):
        sections.append(_money_section(con, filters, rate_basis, row, lang))
    together = combined_sentence(results["format_family"], results["profile_type"], lang)
    if together:
        hl.paragraphs.append(together)
    sections.append(_reactions_section(con, filters, head, row, lang))
    sections.append(_compliance_section(con, filters, head, lang))
    sections.append(_top_posts_section(con, filters, head, rate_basis, lang))
    sections.append(_method_section(con, rate_basis, lang))

    return ReportData(
        lang=lang,
        title=t("title", lang),
        subtitle=_subtitle(filters, camps, lang),
        generated=t(
            "generated", lang, date=today.strftime("%d/%m/%Y") if lang == "fr" else today.isoformat()
        ),
        kpis=_kpis(head, row, rate_basis, lang),
        sections=sections,
        versions=metric_versions(),
        cover=cover_lines(con, filters, camps, rate_basis, lang),
        file_stem=report_file_name(filters, lang, "x", rate_basis)[:-2],
    )


def _subtitle(filters: Filters, camps: pd.DataFrame, lang: str) -> str:
    """The campaigns by name and id, or what the scope covers (every slide's footer)."""
    if filters.campaigns:
        return "; ".join(clean_text(f"{r.name} ({r.campaign_id})") for r in camps.itertuples())
    return t("all_campaigns", lang) if filters.scope == "campaigns" else t(f"scope_{filters.scope}", lang)


def _kpis(head: dict[str, Any], row: pd.Series, rate_basis: str, lang: str) -> list[tuple[str, str, str]]:
    """The headline tiles: label, value and a note (the rate's 95% interval)."""
    from warehouse import metrics

    ci = _ci_reason(row, lang)
    if num(row.get("engagement_rate_ci_low")) is not None:
        ci = t(
            "ci",
            lang,
            lo=fmt_rate(row.get("engagement_rate_ci_low"), lang),
            hi=fmt_rate(row.get("engagement_rate_ci_high"), lang),
        )
    rate_name = metric_label(metrics.RATE_BASES[rate_basis][1], lang)
    return [
        (metric_label("posts", lang), fmt_count(head.get("posts"), lang), ""),
        (metric_label("influencers", lang), fmt_count(head.get("influencers"), lang), ""),
        (
            metric_label("reach", lang),
            compact(head.get("reach"), lang),
            t(
                "measured_on",
                lang,
                n=fmt_count(head.get("posts_with_reach"), lang),
                total=fmt_count(head.get("posts"), lang),
            )
            if head.get("posts_without_reach")
            else "",
        ),
        (metric_label("views", lang), compact(head.get("views"), lang), ""),
        (metric_label("impressions", lang), compact(head.get("impressions"), lang), ""),
        (metric_label("engagements", lang), compact(head.get("engagements"), lang), ""),
        (rate_name, fmt_rate(row.get("engagement_rate"), lang), ci),
    ]


def _headline_section(
    con: duckdb.DuckDBPyConnection, filters: Filters, head: dict[str, Any], row: pd.Series, lang: str
) -> Section:
    """Posts, influencers and the rate in one sentence, engagements per week as the chart."""
    from warehouse import metrics

    hl = Section("headline", t("kicker_headline", lang))
    if not head.get("posts"):
        hl.paragraphs.append(t("no_posts", lang))
    else:
        hl.message = t(
            "msg_headline",
            lang,
            posts=fmt_count(head.get("posts"), lang),
            influencers=fmt_count(head.get("influencers"), lang),
            rate=fmt_rate(row.get("engagement_rate"), lang),
        )
        hl.notes.append(
            t(
                "notes_headline",
                lang,
                n=fmt_count(row.get("posts_with_rate"), lang),
                min_influencers=MIN_INFLUENCERS,
            )
        )
    hl.figure = weekly_figure(metrics.timeline(con, filters, "week"), lang)
    if head.get("posts_without_reach"):
        hl.notes.append(
            t(
                "no_reach_note",
                lang,
                n=fmt_count(head["posts_without_reach"], lang),
                platforms=", ".join(level_name(p, lang) for p in head.get("platforms_without_reach") or []),
                audience=compact(head.get("audience"), lang),
                reach=compact(head.get("reach") or 0, lang),
                other=compact(head.get("audience_not_reach"), lang),
            )
        )
    return hl


def _ci_reason(row: Any, lang: str) -> str:
    """Why a rate has no interval (warehouse.intervals), or ''."""
    from warehouse import registry

    note = row.get("ci_note")
    if note == "few_influencers":
        return t(
            "ci_few_influencers", lang, n=fmt_count(row.get("ci_units"), lang), min=registry.MIN_INFLUENCERS
        )
    if note == "few_posts":
        return t("ci_few_posts", lang, n=fmt_count(row.get("ci_units"), lang), min=registry.MIN_POSTS)
    return ""


def _level_table(agg: pd.DataFrame, key: str, lang: str) -> pd.DataFrame:
    """Posts, influencers, rate and its 95% interval per level, formatted for a slide."""
    rows = []
    for r in agg.to_dict("records"):
        ci = (
            f"{fmt_rate(r.get('engagement_rate_ci_low'), lang)} – {fmt_rate(r.get('engagement_rate_ci_high'), lang)}"
            if num(r.get("engagement_rate_ci_low")) is not None
            else (_ci_reason(r, lang) or t("na", lang))
        )
        rows.append(
            {
                t("col_level", lang): level_name(r.get(key), lang),
                t("col_posts", lang): fmt_count(r.get("posts"), lang),
                t("col_infl", lang): fmt_count(r.get("influencers"), lang),
                t("col_rate", lang): fmt_rate(r.get("engagement_rate"), lang),
                t("col_ci", lang): ci,
            }
        )
    return pd.DataFrame(rows)


def _comparison_section(
    con: duckdb.DuckDBPyConnection,
    key: str,
    title_key: str,
    word: str,
    f: Filters,
    rate_basis: str,
    lang: str,
) -> tuple[Section, Any]:
    """A rate chart per level (the dashboard's colours) whose slide title is the plain finding."""
    from analysis.plain import level_mix, read
    from warehouse import metrics

    sec = Section(title_key, t(title_key, lang))
    agg = metrics.aggregate(con, [key], f, rate_basis)
    if agg.empty:
        sec.paragraphs.append(t("no_posts", lang))
        return sec, None
    sec.figure = rate_figure(agg, key, t("rate_by", lang, what=t(word, lang)), lang, rate_basis)
    sec.table = _level_table(agg, key, lang)
    from analysis.compare import compare

    posts = metrics.posts_for_comparison(con, f)
    result = compare(posts, key, lang=lang) if len(posts) else None
    if result is None:
        return sec, None
    if not result.ok:
        sec.bullets.append(result.message(lang) or "")
        return sec, result
    plain = read(result, level_mix(posts, key), lang)
    sec.message = plain.sentence
    sec.bullets = list(plain.evidence)
    if plain.rankings_differ:
        sec.bullets.append(plain.rankings_differ)
    sec.notes = list(plain.detail)
    return sec, result


def _money_section(
    con: duckdb.DuckDBPyConnection, f: Filters, rate_basis: str, overall: pd.Series, lang: str
) -> Section:
    """Budget, spend, spend vs budget and what it bought, per campaign (one currency per figure)."""
    sec = Section("money", t("money", lang), notes=[t("notes_money", lang)])
    cur = overall.get("currency") if isinstance(overall.get("currency"), str) else None

    def money(v: Any, digits: int = 0) -> str:
        n = num(v)
        return t("na", lang) if n is None else fx.fmt_money(n, cur, lang, digits)

    if num(overall.get("fee_allocated")) is None:
        sec.message = t("money_mixed", lang) if overall.get("cost_note") else ""
        sec.paragraphs.append(sec.message or t("na", lang))
        return sec
    if num(overall.get("spend_vs_budget")) is not None:
        sec.message = t(
            "msg_money", lang, spend=money(overall.get("fee_allocated")), budget=money(overall.get("budget")),
            share=fmt_rate(overall.get("spend_vs_budget"), lang, 0), cpe=money(overall.get("cpe"), 2),
        )  # fmt: skip
    else:
        sec.message = t(
            "msg_money_no_budget",
            lang,
            spend=money(overall.get("fee_allocated")),
            cpe=money(overall.get("cpe"), 2),
        )
    sec.paragraphs.append(
        t(
            "money_lines",
            lang,
            cpm=money(overall.get("cpm"), 2),
            cpu=money(overall.get("cost_per_useful_reaction"), 2),
        )
    )
    _money_by_campaign(con, sec, f, rate_basis, money, lang)
    return sec


def _money_by_campaign(
    con: duckdb.DuckDBPyConnection, sec: Section, f: Filters, rate_basis: str, money: Any, lang: str
) -> None:
    """The money slide's table (budget, spend, CPE, CPM per campaign) and its spend-vs-budget chart."""
    from warehouse import metrics

    by = metrics.aggregate(con, ["campaign"], f, rate_basis)
    by = by[by["campaign_id"].notna()]
    if not len(by):
        return
    sec.table = pd.DataFrame(
        {
            t("campaigns", lang): [
                clean_text(n or c, 40) for c, n in zip(by["campaign_id"], by["campaign_name"])
            ],
            "Budget": [money(v) for v in by["budget"]],
            t("spend", lang): [money(v) for v in by["fee_allocated"]],
            "%": [fmt_rate(v, lang, 0) for v in by["spend_vs_budget"]],
            "CPE": [money(v, 2) for v in by["cpe"]],
            "CPM": [money(v, 2) for v in by["cpm"]],
        }
    )
    shown = by[by["spend_vs_budget"].notna()]
    if len(shown):
        sec.figure = spend_figure(shown, lang)


def _reactions_section(
    con: duckdb.DuckDBPyConnection, filters: Filters, head: dict[str, Any], row: pd.Series, lang: str
) -> Section:
    """The share of useful reactions, the counts behind it and classified comments per category."""
    from warehouse import metrics

    rs = Section("reactions", t("reactions", lang))
    classified = head.get("comments_classified") or 0
    if not classified:
        rs.paragraphs.append(t("no_comments", lang))
        return rs
    mix = metrics.reaction_mix(con, [], filters)
    mrow = mix.iloc[0] if not mix.empty else pd.Series(dtype=object)
    rs.message = t("msg_reactions", lang, share=fmt_rate(head.get("useful_reaction_share"), lang, 0))
    rs.paragraphs.append(
        t(
            "reactions_text",
            lang,
            classified=fmt_count(classified, lang),
            useful=fmt_count(head.get("useful_reactions"), lang),
            share=fmt_rate(head.get("useful_reaction_share"), lang, 0),
            ae=fmt_count(row.get("adverse_events"), lang),
        )
    )
    rs.notes.append(t("notes_reactions", lang, version=CLASSIFIER_VERSION))
    cats = [(c[2:], mrow[c]) for c in mix.columns if c.startswith("n_") and num(mrow.get(c))]
    if cats:
        rs.figure = categories_figure(cats, lang)
    return rs


def _compliance_section(
    con: duckdb.DuckDBPyConnection, filters: Filters, head: dict[str, Any], lang: str
) -> Section:
    """Disclosure of paid posts, pharmacovigilance items, paid HCPs without agreement, caption flags."""
    cs = Section("compliance", t("compliance", lang))
    if head.get("paid_posts_checked"):
        cs.message = t(
            "msg_compliance",
            lang,
            problems=fmt_count(head.get("disclosure_problems"), lang),
            checked=fmt_count(head["paid_posts_checked"], lang),
        )
        cs.paragraphs.append(
            t(
                "disclosure",
                lang,
                checked=fmt_count(head["paid_posts_checked"], lang),
                problems=fmt_count(head.get("disclosure_problems"), lang),
            )
        )
    else:
        cs.message = t("msg_compliance_none", lang)
        cs.paragraphs.append(t("disclosure_none", lang))
    if head.get("paid_posts_not_checkable"):
        cs.paragraphs.append(t("not_checkable", lang, n=fmt_count(head["paid_posts_not_checkable"], lang)))
    if head.get("open_pv_items") is None:
        cs.paragraphs.append(t("pv_none", lang))
    else:
        cs.paragraphs.append(t("pv_open", lang, n=fmt_count(head["open_pv_items"], lang)))
    _compliance_details(con, cs, filters, filters.campaigns or None, lang)
    _caption_flag_bullets(con, cs, filters, lang)
    cs.notes.append(t("compliance_note", lang))
    return cs


def _compliance_details(
    con: duckdb.DuckDBPyConnection, sec: Section, filters: Filters, campaigns: Sequence[str] | None, lang: str
) -> None:
    """Disclosure mix of the paid influencers (chart + table) and paid HCPs without agreement.

    Uses warehouse.compliance when it is installed; the headline sentences stand alone otherwise.
    """
    try:
        from warehouse.compliance import compliance_by_influencer, hcp_without_agreement
    except ImportError:
        return
    hcp = hcp_without_agreement(con)
    if campaigns:
        hcp = hcp[hcp["campaign_id"].isin(list(campaigns))]
    if not hcp.empty:
        names = ", ".join(sorted({clean_text(h, 40) for h in hcp["handle"]}))
        sec.paragraphs.append(t("hcp_missing", lang, n=fmt_count(len(hcp), lang), names=names))
    by_infl = compliance_by_influencer(con, filters)
    paid = by_infl[by_infl["paid_posts"] > 0].head(6)
    levels = list(DISCLOSURE_LEVELS.codes())
    if paid.empty or not (paid[levels].to_numpy() > 0).any():
        return  # nothing checked yet: the headline sentence says so
    handles = [clean_text(h, 30) for h in paid["handle"]]
    sec.figure = disclosure_figure(paid, handles, lang)
    sec.table = pd.DataFrame(
        {
            t("col_handle", lang): handles,
            metric_label("paid_posts", lang): [fmt_count(v, lang) for v in paid["paid_posts"]],
            metric_label("flagged_posts", lang): [fmt_count(v, lang) for v in paid["flagged_posts"]],
        }
    )


def _caption_flag_bullets(con: duckdb.DuckDBPyConnection, sec: Section, filters: Filters, lang: str) -> None:
    """One bullet per caption flag raised in the selection: posts flagged and the words that raised it."""
    from warehouse.caption_flags import flagged_captions

    df = flagged_captions(con, filters)
    if df.empty:
        sec.paragraphs.append(t("caption_flags_none", lang))
        return
    sec.paragraphs.append(t("caption_flags", lang, n=fmt_count(df["post_id"].nunique(), lang)))
    for code in CAPTION_FLAGS.codes():
        rows = df[df["flag"] == code]
        if rows.empty:
            continue
        examples = ", ".join(f'"{clean_text(p, 40)}"' for p in list(dict.fromkeys(rows["phrase"]))[:3])
        colon = " : " if lang == "fr" else ": "  # French typography
        sec.bullets.append(
            f"{CAPTION_FLAGS.label(code, lang)}{colon}{fmt_count(rows['post_id'].nunique(), lang)} ({examples})"
        )


def _top_posts_section(
    con: duckdb.DuckDBPyConnection, filters: Filters, head: dict[str, Any], rate_basis: str, lang: str
) -> Section:
    """The posts that drew the most engagements (captions are untrusted: cleaned here, escaped by the
    HTML writer)."""
    from warehouse import metrics

    tp = Section("top_posts", t("top_posts", lang))
    if not head.get("posts"):
        tp.paragraphs.append(t("no_posts", lang))
        return tp
    tp.message = t("msg_top_posts", lang)
    tp.notes.append(t("notes_top_posts", lang))
    top = metrics.post_table(con, filters, rate_basis=rate_basis, order_by="engagements", limit=TOP_POSTS)
    ids = [str(v) for v in top["post_id"]]
    texts = dict(
        con.execute(
            "SELECT post_id, coalesce(title, caption) FROM posts WHERE list_contains(?, post_id)", [ids]
        ).fetchall()
    )
    tp.table = pd.DataFrame(
        {
            t("col_handle", lang): [clean_text(h, 40) for h in top["handle"]],
            metric_label("format", lang): [level_name(f, lang) for f in top["format"]],
            metric_label("published_at", lang): [
                day(d, lang) if pd.notna(d) else "" for d in top["published_at"]
            ],
            metric_label("engagements", lang): [fmt_count(v, lang) for v in top["engagements"]],
            t("col_rate", lang): [fmt_rate(v, lang) for v in top["engagement_rate"]],
            metric_label("caption_text", lang): [clean_text(texts.get(i), 90) for i in ids],
        }
    )
    return tp


def _method_section(con: duckdb.DuckDBPyConnection, rate_basis: str, lang: str) -> Section:
    """How the figures are made: the method, the data loaded and the definitions used."""
    from warehouse import metrics
    from warehouse.catalogue import catalogue_df

    ms = Section("method", t("method", lang), message=t("msg_method", lang))
    ms.paragraphs.append(t("method_text", lang))
    files, latest = con.execute(
        "SELECT count(*), max(snapshot_date) FROM load_files WHERE status = 'loaded'"
    ).fetchone()
    ms.paragraphs.append(
        t(
            "sources",
            lang,
            files=fmt_count(files, lang),
            latest=day(latest, lang) if latest else t("na", lang),
        )
    )
    cat = catalogue_df(lang).set_index("name")
    for name in ("reach", "engagements", metrics.RATE_BASES[rate_basis][1], "useful_reaction_share"):
        if name in cat.index:
            ms.bullets.append(
                f"{cat.at[name, 'label']} (v{cat.at[name, 'version']}): {cat.at[name, 'description']}"
            )
    ms.notes.append(t("method_text", lang))
    return ms
