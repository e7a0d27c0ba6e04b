"""One look for every chart: the Plotly template, fixed colours, and the few chart shapes the pages use.

Why fixed colours: a marketer reads "teal = Reels" on the Formats page and
expects teal to mean Reels on the Reactions page and in the client deck. So
each format, format family, profile type, tier, platform, reaction category
and disclosure status has one colour, declared with its code in `domain`, and
campaigns get theirs from their sorted ids (stable across pages and reruns).

Every chart states its unit and the number of posts behind it in its title
or subtitle, shows intervals as error bars, and puts the posts count in the
hover. Third-party strings (campaign names, handles) are HTML-escaped before
they reach Plotly, whose text rendering understands a subset of HTML.

Builders are pure (DataFrame in, Figure out) so they can be tested without a
browser; `show()` draws with Streamlit.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from domain import GREY, VOCABULARIES

BRAND = "#0F6E7A"
INK = "#1D2B2E"
TEMPLATE = "relais"

CAMPAIGN_PALETTE: tuple[str, ...] = (
    "#0F6E7A", "#E09F3E", "#9E4770", "#1F4E79", "#E56B6F", "#6A994E", "#8E7DBE", "#BC6C25",
    "#3D405B", "#81B29A",
)  # fmt: skip
_EXTRA_PALETTE: tuple[str, ...] = ("#6A994E", "#BC6C25", "#3D405B", "#81B29A", "#A7C957", "#577590")


# Dimensions whose levels have a fixed colour; "unknown" is grey where the level can be missing.
_GREY_UNKNOWN = ("format_family", "profile_type", "tier", "platform")


def color_for(dimension: str, code: Any) -> str:
    """The fixed colour of a level (declared in `domain`); unknown levels get a stable spare colour."""
    if code is None or (isinstance(code, float) and code != code):
        return GREY
    key = str(code)
    vocab = VOCABULARIES.get(dimension)
    found = vocab.colour(key) if vocab is not None else None
    if found:
        return found
    if key == "unknown" and dimension in _GREY_UNKNOWN:
        return GREY
    return _EXTRA_PALETTE[sum(key.encode()) % len(_EXTRA_PALETTE)]


def campaign_colors(campaign_ids: Iterable[Any]) -> dict[Any, str]:
    """One colour per campaign, by sorted id, so a campaign keeps its colour on every page."""
    ids = sorted({str(c) for c in campaign_ids if c is not None and c == c})
    out: dict[Any, str] = {c: CAMPAIGN_PALETTE[i % len(CAMPAIGN_PALETTE)] for i, c in enumerate(ids)}
    out[None] = GREY
    return out


def warehouse_campaign_colors() -> dict[Any, str]:
    """Campaign colours from *all* campaigns in the warehouse, so filtering never repaints one."""
    from ui.common import call
    from warehouse.views import campaign_names

    return campaign_colors(call(campaign_names))


# --------------------------------------------------------------------------- template


def _register_template() -> None:
    if TEMPLATE in pio.templates:
        return
    base = go.layout.Template(pio.templates["plotly_white"])
    base.layout.update(
        font=dict(family="Source Sans, Source Sans Pro, Helvetica, Arial, sans-serif", size=14, color=INK),
        title=dict(x=0, xanchor="left", font=dict(size=18, color=INK), subtitle=dict(font=dict(size=13))),
        colorway=list(CAMPAIGN_PALETTE),
        margin=dict(l=10, r=20, t=80, b=40),
        hoverlabel=dict(bgcolor="white", font=dict(size=13, color=INK), bordercolor="#D5DCDE"),
        legend=dict(orientation="v", yanchor="top", y=1, xanchor="left", x=1.02, title_text=""),
        xaxis=dict(gridcolor="#EEF2F3", zerolinecolor="#D5DCDE", linecolor="#D5DCDE", automargin=True),
        yaxis=dict(gridcolor="#EEF2F3", zerolinecolor="#D5DCDE", linecolor="#D5DCDE", automargin=True),
        bargap=0.25,
    )
    pio.templates[TEMPLATE] = base


_register_template()


def esc(text: Any) -> str:
    """Third-party text as Plotly-safe text (no tags interpreted)."""
    return html.escape("" if text is None else str(text), quote=False)


def tick(text: Any, width: int = 30, lines: int = 2) -> str:
    """A category label for an axis: escaped, wrapped on words, at most `lines` lines (then …).

    Long campaign and influencer names would otherwise eat the plot or be cut.
    """
    words = ("" if text is None else str(text)).split()
    out: list[str] = []
    line = ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(width - 1, 1)].rstrip() + "…"
    return "<br>".join(esc(x) for x in out)


def separators(lang: str) -> str:
    """Plotly's decimal and thousands separators for the language (French: 1 234,5)."""
    return ",\u202f" if lang == "fr" else ".,"


def finish(
    fig: go.Figure,
    title: str,
    subtitle: str = "",
    *,
    lang: str = "en",
    height: int | None = None,
) -> go.Figure:
    """Apply the template, title + subtitle (unit and n posts) and the language's number format."""
    fig.update_layout(
        template=TEMPLATE,
        title=dict(text=esc(title), subtitle=dict(text=esc(subtitle))),
        separators=separators(lang),
    )
    if height:
        fig.update_layout(height=height)
    return fig


def date_formats(lang: str) -> tuple[str, str]:
    """(axis tick format, hover format) for dates: Plotly only knows English month names."""
    return ("%m/%Y", "%d/%m/%Y") if lang == "fr" else ("%b %Y", "%d %b %Y")


# --------------------------------------------------------------------------- chart shapes


def rate_bars(
    d: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    axis_title: str,
    hover_posts: str,
    hover_influencers: str,
    hover_rate_posts: str,
    lang: str = "en",
    value_format: str = ".2%",
) -> go.Figure:
    """Horizontal bars of a rate with its 95% interval as error bars, highest first.

    `d` columns: label, color, value, lo, hi, posts, influencers, posts_with_rate, and ci_text (the
    interval in words, or why a level has none: no bar then).
    """
    d = d.sort_values("value", ascending=True, na_position="first")
    plus = (d["hi"] - d["value"]).clip(lower=0)
    minus = (d["value"] - d["lo"]).clip(lower=0)
    custom = d[["posts", "influencers", "posts_with_rate", "ci_text"]].to_numpy()
    fig = go.Figure(
        go.Bar(
            x=d["value"],
            y=[tick(v) for v in d["label"]],
            orientation="h",
            marker_color=list(d["color"]),
            error_x=dict(type="data", array=plus, arrayminus=minus, color=INK, thickness=1.4, width=5),
            customdata=custom,
            hovertemplate=(
                "<b>%{y}</b><br>%{x:" + value_format + "}<br>%{customdata[3]}"
                f"<br>{esc(hover_posts)}: %{{customdata[0]:,}}"
                f"<br>{esc(hover_rate_posts)}: %{{customdata[2]:,}}"
                f"<br>{esc(hover_influencers)}: %{{customdata[1]:,}}<extra></extra>"
            ),
        )
    )
    fig.update_xaxes(
        title_text=esc(axis_title), tickformat=".1%" if "%" in value_format else None, rangemode="tozero"
    )
    fig.update_yaxes(title_text=None)
    return finish(fig, title, subtitle, lang=lang, height=max(320, 70 + 38 * len(d)))


def forest(
    d: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    axis_title: str,
    reference_label: str,
    hover_posts: str,
    hover_influencers: str,
    hover_p: str,
    lang: str = "en",
) -> go.Figure:
    """Adjusted rate ratios vs the reference level, log scale, 95% CI as error bars, line at 1.

    `d` columns: label, color, rr, lo, hi, posts, influencers, p_adjusted, is_reference.
    """
    d = d.sort_values("rr", ascending=True)
    plus = (d["hi"] - d["rr"]).fillna(0).clip(lower=0)
    minus = (d["rr"] - d["lo"]).fillna(0).clip(lower=0)
    labels = [
        tick(f"{lbl} ({reference_label})" if ref else lbl)
        for lbl, ref in zip(d["label"], d["is_reference"], strict=True)
    ]
    custom = d[["posts", "influencers", "p_adjusted", "lo", "hi"]].to_numpy()
    fig = go.Figure(
        go.Scatter(
            x=d["rr"],
            y=labels,
            mode="markers",
            marker=dict(
                color=list(d["color"]),
                size=13,
                symbol=["diamond" if r else "circle" for r in d["is_reference"]],
            ),
            error_x=dict(type="data", array=plus, arrayminus=minus, color=INK, thickness=1.6, width=6),
            customdata=custom,
            hovertemplate=(
                "<b>%{y}</b><br>×%{x:.2f} (95%: %{customdata[3]:.2f} – %{customdata[4]:.2f})"
                f"<br>{esc(hover_p)}: %{{customdata[2]:.3f}}"
                f"<br>{esc(hover_posts)}: %{{customdata[0]:,}}"
                f"<br>{esc(hover_influencers)}: %{{customdata[1]:,}}<extra></extra>"
            ),
        )
    )
    fig.add_vline(x=1, line=dict(color="#8A9A9E", dash="dash", width=1))
    fig.update_xaxes(type="log", title_text=esc(axis_title))
    return finish(fig, title, subtitle, lang=lang, height=max(300, 80 + 44 * len(d)))


def timeline_chart(
    d: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    y_title: str,
    hover_posts: str,
    kind: str = "bar",
    value_format: str = ",.0f",
    lang: str = "en",
) -> go.Figure:
    """One series over time. `d` columns: period, value, posts."""
    custom = d[["posts"]].to_numpy()
    hover = (
        "%{x|"
        + date_formats(lang)[1]
        + "}<br>%{y:"
        + value_format
        + "}"
        + f"<br>{esc(hover_posts)}: %{{customdata[0]:,}}<extra></extra>"
    )
    if kind == "bar":
        trace: go.BaseTraceType = go.Bar(
            x=d["period"], y=d["value"], marker_color=BRAND, customdata=custom, hovertemplate=hover
        )
    else:
        trace = go.Scatter(
            x=d["period"], y=d["value"], mode="lines+markers", line=dict(color=BRAND, width=2.5),
            customdata=custom, hovertemplate=hover,
        )  # fmt: skip
    fig = go.Figure(trace)
    fig.update_yaxes(
        title_text=esc(y_title), tickformat=".1%" if "%" in value_format else None, rangemode="tozero"
    )
    fig.update_xaxes(title_text=None, tickformat=date_formats(lang)[0])
    return finish(fig, title, subtitle, lang=lang, height=380)


def lines_by_group(
    d: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    x_title: str,
    y_title: str,
    hover_posts: str,
    value_format: str = ",.0f",
    x_is_date: bool = True,
    lang: str = "en",
) -> go.Figure:
    """One line per group. `d` columns: x, y, group, color, posts."""
    fig = go.Figure()
    for group, g in d.groupby("group", sort=False):
        fig.add_trace(
            go.Scatter(
                x=g["x"],
                y=g["y"],
                name=tick(group, 48, 1),
                mode="lines+markers",
                line=dict(color=g["color"].iloc[0], width=2.5),
                marker=dict(size=6),
                customdata=g[["posts"]].to_numpy(),
                hovertemplate=(
                    f"<b>{esc(group)}</b><br>"
                    + ("%{x|" + date_formats(lang)[1] + "}" if x_is_date else "%{x:.0f}")
                    + "<br>%{y:"
                    + value_format
                    + "}"
                    + f"<br>{esc(hover_posts)}: %{{customdata[0]:,}}<extra></extra>"
                ),
            )
        )
    fig.update_yaxes(
        title_text=esc(y_title), tickformat=".1%" if "%" in value_format else None, rangemode="tozero"
    )
    fig.update_xaxes(title_text=esc(x_title), tickformat=date_formats(lang)[0] if x_is_date else None)
    return finish(fig, title, subtitle, lang=lang, height=440)


def grouped_shares(
    d: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    y_title: str,
    hover_comments: str,
    hover_classified: str,
    lang: str = "en",
) -> go.Figure:
    """Share of comments per category (x), one bar colour per group (fixed colours).

    Above six groups the bars get unreadable, so a heatmap is drawn instead.
    `d` columns: group, color, category, share, comments, classified.
    """
    d = d.assign(group=d["group"].fillna("?").astype(str))
    groups = list(dict.fromkeys(d["group"]))
    if len(groups) > 6:
        pivot = d.pivot_table(index="group", columns="category", values="share", sort=False)
        counts = d.pivot_table(index="group", columns="category", values="comments", sort=False)
        fig = go.Figure(
            go.Heatmap(
                z=pivot.to_numpy(),
                x=[esc(c) for c in pivot.columns],
                y=[esc(g) for g in pivot.index],
                colorscale=[[0, "#F3F8F8"], [1, BRAND]],
                customdata=counts.to_numpy(),
                texttemplate="%{z:.0%}",
                hovertemplate="<b>%{y}</b><br>%{x}: %{z:.1%}"
                f"<br>{esc(hover_comments)}: %{{customdata:,}}<extra></extra>",
                colorbar=dict(tickformat=".0%", title=None),
            )
        )
        fig.update_yaxes(autorange="reversed")
        return finish(fig, title, subtitle, lang=lang, height=max(360, 90 + 32 * len(groups)))
    fig = go.Figure()
    for group in groups:
        g = d[d["group"] == group]
        fig.add_trace(
            go.Bar(
                x=[esc(c) for c in g["category"]],
                y=g["share"],
                name=tick(group, 48, 1),
                marker_color=g["color"].iloc[0],
                customdata=g[["comments", "classified"]].to_numpy(),
                hovertemplate=f"<b>{esc(group)}</b><br>"
                "%{x}: %{y:.1%}"
                f"<br>{esc(hover_comments)}: %{{customdata[0]:,}}"
                f"<br>{esc(hover_classified)}: %{{customdata[1]:,}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=esc(y_title), tickformat=".0%", rangemode="tozero")
    fig = finish(fig, title, subtitle, lang=lang, height=480)
    # long group names (campaigns) would squeeze the bars from the side: legend under the chart
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.18, xanchor="left", x=0))
    fig.update_xaxes(tickangle=0, automargin=True)
    return fig


def followers_scatter(
    d: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    x_title: str,
    y_title: str,
    hover_posts: str,
    lang: str = "en",
) -> go.Figure:
    """Followers (log x) vs engagement rate, one colour per profile type, marker size by posts.

    `d` columns: x, y, label, group, color, posts.
    """
    fig = go.Figure()
    size_ref = max(float(d["posts"].max() or 1), 1.0)
    for group, g in d.groupby("group", sort=False):
        fig.add_trace(
            go.Scatter(
                x=g["x"],
                y=g["y"],
                name=esc(group),
                mode="markers",
                marker=dict(
                    color=g["color"].iloc[0],
                    size=[8 + 22 * (p / size_ref) ** 0.5 for p in g["posts"]],
                    line=dict(color="white", width=1),
                    opacity=0.85,
                ),
                text=[esc(v) for v in g["label"]],
                customdata=g[["posts"]].to_numpy(),
                hovertemplate="<b>%{text}</b><br>%{x:,.0f}<br>%{y:.2%}"
                f"<br>{esc(hover_posts)}: %{{customdata[0]:,}}<extra>{esc(group)}</extra>",
            )
        )
    fig.update_xaxes(type="log", title_text=esc(x_title))
    fig.update_yaxes(title_text=esc(y_title), tickformat=".1%", rangemode="tozero")
    return finish(fig, title, subtitle, lang=lang, height=480)


def stacked_counts(
    d: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    x_title: str,
    lang: str = "en",
) -> go.Figure:
    """Horizontal stacked counts (e.g. disclosure status per influencer). `d`: row, series, color, value."""
    fig = go.Figure()
    rows = list(dict.fromkeys(d["row"]))
    for series, g in d.groupby("series", sort=False):
        g = g.set_index("row").reindex(rows)
        fig.add_trace(
            go.Bar(
                y=[tick(r, 36, 1) for r in rows],
                x=g["value"].fillna(0),
                name=esc(series),
                orientation="h",
                marker_color=g["color"].dropna().iloc[0] if g["color"].notna().any() else GREY,
                hovertemplate="<b>%{y}</b><br>" + esc(series) + ": %{x:,}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=esc(x_title), rangemode="tozero")
    return finish(fig, title, subtitle, lang=lang, height=max(320, 90 + 28 * len(rows)))


def count_bars(
    d: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    x_title: str,
    hover_extra: str = "",
    lang: str = "en",
    value_format: str = ",",
) -> go.Figure:
    """Horizontal bars of counts (or shares: value_format '.0%'), largest first. `d`: label, value, color[, extra]."""
    d = d.sort_values("value", ascending=True)
    extra = "extra" in d.columns
    fig = go.Figure(
        go.Bar(
            x=d["value"],
            y=[tick(v) for v in d["label"]],
            orientation="h",
            marker_color=list(d["color"]),
            customdata=d[["extra"]].to_numpy() if extra else None,
            hovertemplate=f"<b>%{{y}}</b><br>%{{x:{value_format}}}"
            + (f"<br>{esc(hover_extra)}: %{{customdata[0]:,}}" if extra else "")
            + "<extra></extra>",
        )
    )
    fig.update_xaxes(
        title_text=esc(x_title), rangemode="tozero", tickformat=value_format if "%" in value_format else None
    )
    return finish(fig, title, subtitle, lang=lang, height=max(300, 80 + 30 * len(d)))


# --------------------------------------------------------------------------- drawing


def show(fig: go.Figure, key: str) -> None:
    """Draw with the Relais template (not Streamlit's theme), bigger in presentation mode."""
    import streamlit as st

    from ui.common import PRESENT_CHART_HEIGHT, presenting

    if presenting():
        fig.update_layout(
            height=PRESENT_CHART_HEIGHT,
            font=dict(size=18),
            title=dict(font=dict(size=28), subtitle=dict(font=dict(size=18))),
            margin=dict(t=110),
        )
    st.plotly_chart(
        fig,
        theme=None,
        key=key,
        config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "responsive": True},
    )


def subtitle(parts: Sequence[str]) -> str:
    """' · '-joined subtitle parts, empty ones skipped."""
    return " · ".join(p for p in parts if p)


# --------------------------------------------------------------------------- page sections shared by Formats and Profiles


def level_frame(agg: pd.DataFrame, by: str) -> pd.DataFrame:
    """metrics.aggregate rows (one per level of `by`) in the shape `rate_bars` draws."""
    from ui.common import ci_texts, level_name

    return pd.DataFrame(
        {
            "code": agg[by],
            "label": [level_name(v) for v in agg[by]],
            "color": [color_for(by, v) for v in agg[by]],
            "value": agg["engagement_rate"],
            "lo": agg["engagement_rate_ci_low"],
            "hi": agg["engagement_rate_ci_high"],
            "ci_text": ci_texts(agg),
            "posts": agg["posts"],
            "influencers": agg["influencers"],
            "posts_with_rate": agg["posts_with_rate"],
        }
    )


def rate_by_level_section(by: str, filters: Any, basis: str, key: str) -> pd.DataFrame:
    """Engagement rate per level with its 95% interval (ratio of sums, influencer-clustered CI)."""
    import streamlit as st

    from analysis.findings import factor_name
    from ui.common import call, fmt_int, lang, mlabel, rate_label, t
    from warehouse.metrics import aggregate
    from warehouse.registry import MIN_INFLUENCERS

    agg = call(aggregate, [by], filters, basis)
    if agg.empty:
        st.info(t("no_posts_selected"))
        return agg
    d = level_frame(agg, by)
    shown = d[d["value"].notna()]
    if shown.empty:
        st.info(t("sec_no_rate"))
        return agg
    fig = rate_bars(
        shown,
        title=t("sec_rate_by", rate=rate_label(basis), what=factor_name(by, lang(), "bare")),
        subtitle=subtitle(
            [
                "%",
                t("sec_ci"),
                t(
                    "n_posts_rate",
                    n=fmt_int(shown["posts_with_rate"].sum()),
                    total=fmt_int(shown["posts"].sum()),
                ),
            ]
        ),
        axis_title=f"{rate_label(basis)} (%)",
        hover_posts=mlabel("posts"),
        hover_influencers=mlabel("influencers"),
        hover_rate_posts=mlabel("posts_with_rate"),
        lang=lang(),
    )
    show(fig, key=f"{key}_rates")
    missing = d[d["value"].isna()]
    if len(missing):
        st.caption(t("sec_no_rate_levels", levels=", ".join(missing["label"])))
    no_ci = d[d["value"].notna() & (agg["ci_note"] == "few_influencers").to_numpy()]
    if len(no_ci):
        st.caption(t("sec_ci_none", levels=", ".join(no_ci["label"]), min=MIN_INFLUENCERS))
    return agg


def page_sentence(by: str, filters: Any) -> None:
    """The page's first line: one plain sentence about `by`, and why raw and adjusted rankings differ."""
    import streamlit as st

    from analysis.plain import plain_comparison
    from ui.common import call, lang, md_escape

    result, plain = call(plain_comparison, by, filters, lang())
    if not result.ok:
        return
    st.markdown(f"### {md_escape(plain.sentence)}")
    if plain.rankings_differ:
        st.caption(md_escape(plain.rankings_differ))


def comparison_section(by: str, filters: Any, key: str) -> None:
    """Adjusted rate ratios (NB model, influencer-clustered) with findings and caveats, or why not."""
    import streamlit as st

    from analysis.findings import factor_name
    from analysis.plain import plain_comparison
    from ui.common import call, fmt_int, lang, level_name, md_escape, mlabel, presenting, t

    result, plain = call(plain_comparison, by, filters, lang())
    st.subheader(t("sec_compare", what=factor_name(by, lang(), "plural")))
    if not result.ok:
        st.info(result.message(lang()), icon=":material/info:")
        return
    # the page opened with the plain sentence (page_sentence); here the evidence, the statistics last
    lv = result.levels[result.levels["status"].isin(["reference", "compared"])]
    d = pd.DataFrame(
        {
            "label": [level_name(v) for v in lv["level"]],
            "color": [color_for(by, v) for v in lv["level"]],
            "rr": lv["rate_ratio"],
            "lo": lv["ci_low"].fillna(lv["rate_ratio"]),
            "hi": lv["ci_high"].fillna(lv["rate_ratio"]),
            "posts": lv["posts"],
            "influencers": lv["influencers"],
            "p_adjusted": lv["p_adjusted"],
            "is_reference": lv["is_reference"].astype(bool),
        }
    )
    fig = forest(
        d,
        title=t("sec_rr_title", ref=level_name(result.reference)),
        subtitle=subtitle(
            [
                t("sec_rr_unit"),
                t("n_posts_infl", n=fmt_int(result.n_posts), k=fmt_int(result.n_influencers)),
            ]
        ),
        axis_title=t("sec_rr_axis"),
        reference_label=t("sec_reference"),
        hover_posts=mlabel("posts"),
        hover_influencers=mlabel("influencers"),
        hover_p=t("sec_p_adj"),
        lang=lang(),
    )
    show(fig, key=f"{key}_forest")
    for sentence in plain.evidence:
        st.markdown("- " + md_escape(sentence))
    if presenting():
        return
    with st.expander(t("sec_detail", n=len(plain.detail))):
        for line in plain.detail:
            st.markdown("- " + md_escape(line))


def level_rate_table(agg: pd.DataFrame, by: str, key: str) -> None:
    """The figures behind the rate chart, downloadable."""
    import streamlit as st

    from ui.common import level_name, metric_columns, rate_basis, show_table, t

    df = agg.copy()
    df["level_label"] = [level_name(v) for v in df[by]]
    show_table(
        df,
        key,
        {
            "level_label": st.column_config.TextColumn(t("col_level"), pinned=True),
            **metric_columns(
                [
                    "engagement_rate",
                    "engagement_rate_ci_low",
                    "engagement_rate_ci_high",
                    "cpe",
                    "currency",
                    "posts",
                    "influencers",
                    "engagement_rate_median",
                    "posts_with_rate",
                    "reach",
                    "impressions",
                    "engagements",
                    "useful_reaction_share",
                    "save_rate",
                    "share_rate",
                ],
                rate_basis(),
            ),  # fmt: skip
        },
    )


def reaction_mix_section(by: str, filters: Any, key: str) -> None:
    """Share of each reaction category under each level, with the comments behind each share."""
    import streamlit as st

    from analysis.findings import factor_name
    from ui.common import call, campaign_name, code_name, fmt_int, lang, level_name, mlabel, t
    from warehouse.views import reaction_shares

    st.subheader(t("fmt_mix"))
    long = call(reaction_shares, by, filters)
    if long.empty or not long["comments_classified"].sum():
        st.info(t("fmt_no_mix"), icon=":material/forum:")
        return
    key_col = {"campaign": "campaign_id"}.get(by, by)
    names = None
    if by == "campaign":
        from warehouse.views import campaign_names

        names = call(campaign_names)
    colors = warehouse_campaign_colors() if by == "campaign" else {}
    d = pd.DataFrame(
        {
            "group": [
                campaign_name(v, (names or {}).get(v)) if by == "campaign" else level_name(v)
                for v in long[key_col]
            ],
            "color": [colors.get(v, GREY) if by == "campaign" else color_for(by, v) for v in long[key_col]],
            "category": [code_name("category", c) for c in long["category"]],
            "share": long["category_share"],
            "comments": long["comments_in_category"],
            "classified": long["comments_classified"],
        }
    )
    total = int(long.drop_duplicates(key_col)["comments_classified"].sum())
    what = t("word_campaign") if by == "campaign" else factor_name(by, lang(), "bare")
    fig = grouped_shares(
        d,
        title=t("fmt_mix_title", what=what),
        subtitle=subtitle([t("fmt_mix_unit"), t("n_classified", n=fmt_int(total))]),
        y_title=t("fmt_mix_axis"),
        hover_comments=mlabel("comments_in_category"),
        hover_classified=mlabel("comments_classified"),
        lang=lang(),
    )
    show(fig, key=f"{key}_mix")
