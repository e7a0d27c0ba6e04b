"""What every page shares: warehouse access with caching, language, display helpers.

Layer rule: pages are thin. They call functions of the `warehouse` package
through `call()` and draw the DataFrames they get back; they never compute a
metric. `call()` opens a short-lived read-only connection per query (so that
`relais load` in another process can take the write lock between queries) and
caches the result with the warehouse file's stamp in the key, so any load,
from the CLI or the Data page, shows up at the next rerun without a restart.

Also here, because every page needs them the same way: the language (URL
?lang=, else the browser's), the engagement-rate basis switch (?rate=),
presentation mode (?present=1), metric labels and tooltips from the
catalogue, human labels for level codes, and tables that are always
downloadable as CSV and XLSX with spreadsheet formulas neutralised.
Third-party text (comments, captions, names) is never rendered as Markdown or
HTML: tables, `st.text` and `md_escape` only.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from domain import VOCABULARIES, level_term
from ui import i18n, timing
from warehouse import exporting, metrics, registry
from warehouse.catalogue import metric_help, metric_label
from warehouse.db import WarehouseBusy, connect, is_locked, resolve_db_path, warehouse_stamp

# how long a page query waits for a busy warehouse before showing the notice, and how long the
# notice keeps polling before it gives up (a load takes the lock one file at a time)
READ_WAIT_S = float(os.environ.get("RELAIS_READ_WAIT", "3"))
BUSY_POLL_S = 1.0
BUSY_GIVE_UP_S = 600.0

LANGS = i18n.LANGS
RATE_BASES = tuple(metrics.RATE_BASES)
# rate basis -> registry entry that defines it
RATE_METRIC = {basis: spec[1] for basis, spec in metrics.RATE_BASES.items()}
QP_LANG, QP_RATE, QP_PRESENT = "lang", "rate", "present"


def db_path() -> str:
    return str(resolve_db_path(os.environ.get("RELAIS_DB")))


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _cached_call(_fn: Callable[..., Any], name: str, stamp: str, db: str, args: tuple, kwargs: tuple) -> Any:
    # `_fn` is not hashed (leading underscore); its qualified `name` is the cache key
    with timing.query(name) as rec, connect(db, read_only=True, wait=READ_WAIT_S) as con:
        out = _fn(con, *args, **dict(kwargs))
        rec["rows"] = timing.rows_of(out)
        return out


def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run `fn(con, *args, **kwargs)` on the warehouse, cached until the warehouse changes."""
    db = db_path()
    try:
        return _cached_call(
            fn,
            f"{fn.__module__}.{fn.__qualname__}",
            warehouse_stamp(db),
            db,
            args,
            tuple(sorted(kwargs.items())),
        )
    except WarehouseBusy:
        wait_while_busy(db)


def wait_while_busy(db: str) -> None:
    """Show the busy notice, poll the lock, and rerun the page as soon as the warehouse is free."""
    notice = st.empty()
    notice.warning(t("warehouse_busy"), icon=":material/hourglass_top:")
    deadline = time.monotonic() + BUSY_GIVE_UP_S
    while time.monotonic() < deadline:
        time.sleep(BUSY_POLL_S)
        if not is_locked(db):
            notice.empty()
            st.rerun()
    notice.warning(t("warehouse_busy_long"), icon=":material/hourglass_bottom:")
    st.stop()


def finish_interrupted_load() -> None:
    """On open: derived steps that an interrupted load left undone (classification, PV cases,
    compliance, campaigns) are finished here, so no page shows a warehouse missing them."""
    from warehouse.loader import finish_pending
    from warehouse.steps import pending

    if not call(pending):
        return
    try:
        summary = write_call(finish_pending)
    except WarehouseBusy:  # a load holds the lock: it finishes them itself
        return
    if summary is not None and summary.step_errors:
        st.warning(t("steps_failed", errors=md_escape("; ".join(summary.step_errors))))
    elif summary is not None:
        st.toast(t("steps_finished"), icon=":material/task_alt:")


def _refresh_facts(con: Any) -> None:
    """A correction changes reaction counts and perhaps a spam reason, a product list the medicines
    named: keep the ready tables fresh (else they are bypassed, correct but slower, until the next load)."""
    from warehouse import facts, moderation

    con.execute("BEGIN TRANSACTION")
    try:
        facts.refresh(con)
        moderation.refresh(con)
        con.execute("COMMIT")
    except Exception:  # noqa: BLE001 - stale tables are never read; the next load refreshes them
        con.execute("ROLLBACK")


def write_call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a writing operation (upload, correction, PV status) and drop cached results."""
    with connect(db_path(), read_only=False, wait=60) as con:
        out = fn(con, *args, **kwargs)
        _refresh_facts(con)
    _cached_call.clear()
    return out


# --------------------------------------------------------------------------- language


def lang() -> str:
    """The UI language: ?lang= in the URL, else the last choice, else the browser's language, else French."""
    q = st.query_params.get(QP_LANG)
    if q in LANGS:
        return q
    if "lang" in st.session_state and st.session_state["lang"] in LANGS:
        return st.session_state["lang"]
    try:
        loc = (st.context.locale or "").lower()
    except Exception:  # noqa: BLE001 - older Streamlit or AppTest without a browser
        loc = ""
    return "en" if loc.startswith("en") else "fr"


def t(key: str, **fmt: Any) -> str:
    """The label `key` in the current language (the key itself when unknown, so gaps are visible)."""
    out = i18n.text(key, lang())
    return out.format(**fmt) if fmt else out


def labels_now(options: Any, label: Callable[[Any], str]) -> Callable[[Any], str]:
    """A `format_func` whose labels are computed now, in this run's language.

    Streamlit (and AppTest) may call format_func outside the script run, where
    the language cannot be read; a lookup table keeps option labels stable.
    """
    table = {o: label(o) for o in options}
    return lambda o: table.get(o, str(o))


def language_switch() -> None:
    """Sidebar FR/EN switch; the choice goes into the URL so a shared link keeps the language."""
    current = lang()
    # re-set by key on every run so the radio always shows the language in force
    picked = st.session_state.get("lang_switch")
    st.session_state["lang_switch"] = picked if picked in LANGS else current
    choice = st.sidebar.radio(
        t("language"),
        LANGS,
        format_func=lambda c: {"fr": "Français", "en": "English"}[c],
        horizontal=True,
        key="lang_switch",
    )
    if choice != current or st.query_params.get(QP_LANG) != choice:
        st.query_params[QP_LANG] = choice
        st.session_state["lang"] = choice
        if choice != current:
            st.rerun()


# --------------------------------------------------------------------------- catalogue and labels


def mlabel(name: str) -> str:
    """Catalogue label of a metric in the UI language."""
    return metric_label(name, lang())


def mhelp(name: str) -> str:
    """Catalogue description + formula of a metric, for `help=` tooltips."""
    return metric_help(name, lang())


def level_name(code: Any) -> str:
    """A level code (platform, format, family, profile type, tier) as its short label (`domain`)."""
    if code is None or (isinstance(code, float) and code != code) or code == "":
        return t("unknown")
    term = level_term(code)
    if term is None:
        return str(code).replace("_", " ").capitalize()
    return term.text(lang())


def influencer_name(handle: Any, display_name: Any = None, platform: Any = None) -> str:
    """'Display name (@handle)' or '@handle'; platform appended when given."""
    h = "" if handle is None or handle != handle else str(handle)
    d = "" if display_name is None or display_name != display_name else str(display_name)
    base = f"{d} (@{h})" if d and h and d.lower() != h.lower() else (f"@{h}" if h else d or t("unknown"))
    if platform is not None and platform == platform and platform:
        base += f" · {level_name(platform)}"
    return base


def campaign_name(campaign_id: Any, name: Any = None) -> str:
    if campaign_id is None or campaign_id != campaign_id:
        return t("unassigned")
    return str(name) if name is not None and name == name and name else str(campaign_id)


# --------------------------------------------------------------------------- formatting


def _is_na(v: Any) -> bool:
    try:
        return v is None or v is pd.NA or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def fmt_int(v: Any) -> str:
    if _is_na(v):
        return t("not_available")
    s = f"{int(round(v)):,}"
    return s.replace(",", "\u202f") if lang() == "fr" else s


def fmt_big(v: Any) -> str:
    """Headline counts: exact up to 999,999, then compact (27.0M / 27,0 M) so a metric tile never truncates.
    The client deck uses the same function, so the page and the deck write the same number."""
    from analysis.findings import fmt_compact

    if _is_na(v):
        return t("not_available")
    return fmt_compact(float(v), lang())


def fmt_money(v: Any, currency: Any, digits: int = 0) -> str:
    """A cost or a budget with its currency, as the deck writes it."""
    from analysis.findings import fmt_money as _money

    if _is_na(v):
        return t("not_available")
    return _money(float(v), currency, lang(), digits)


def fmt_pct(v: Any, digits: int = 2) -> str:
    if _is_na(v):
        return t("not_available")
    s = f"{v * 100:.{digits}f}"
    return (s.replace(".", ",") + "\u00a0%") if lang() == "fr" else s + "%"


def ci_reason(note: Any, units: Any) -> str:
    """Why a rate has no interval, in words ('' when it has one or no reason is known)."""
    if note == "few_influencers":
        return t("ci_none_few_influencers", n=fmt_int(units), min=registry.MIN_INFLUENCERS)
    if note == "few_posts":
        return t("ci_none_few_posts", n=fmt_int(units), min=registry.MIN_POSTS)
    if note == "no_variation":
        return t("ci_none_no_variation")
    return ""


def fmt_ci(lo: Any, hi: Any, digits: int = 2, note: Any = None, units: Any = None) -> str:
    """'95% CI 3.57% – 5.64%', or why there is none (empty when neither is known)."""
    if _is_na(lo) or _is_na(hi):
        return ci_reason(note, units)
    return t("ci95", lo=fmt_pct(lo, digits), hi=fmt_pct(hi, digits))


def ci_texts(agg: pd.DataFrame) -> list[str]:
    """Per row of metrics.aggregate: its interval in words, or why it has none (hover texts, tables)."""
    return [
        fmt_ci(lo, hi, note=n, units=u)
        for lo, hi, n, u in zip(
            agg["engagement_rate_ci_low"], agg["engagement_rate_ci_high"], agg["ci_note"], agg["ci_units"],
            strict=True,
        )
    ]  # fmt: skip


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: Any) -> str:
    """Text safe to pass to a Markdown-rendering element (every Markdown/HTML character escaped)."""
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


# --------------------------------------------------------------------------- rate basis


def rate_basis() -> str:
    """The engagement-rate definition in force (?rate=, default reach)."""
    current = st.session_state.get("rate_basis")
    if current in RATE_BASES:
        return current
    q = st.query_params.get(QP_RATE)
    return q if q in RATE_BASES else "reach"


def rate_label(basis: str | None = None) -> str:
    """'Engagement rate (impressions)' etc., from the catalogue."""
    return mlabel(RATE_METRIC[basis or rate_basis()])


def rate_help(basis: str | None = None) -> str:
    return mhelp(RATE_METRIC[basis or rate_basis()])


def rate_basis_control() -> str:
    """The engagement-rate definition switch, shown on every page that shows a rate.

    The choice lives in the session (so it follows the user across pages) and
    in the URL (so a shared link shows the same rate); the tooltip is the
    catalogue's definition of the selected rate.
    """
    current = rate_basis()
    picked = st.session_state.get("rate_w")
    st.session_state["rate_w"] = picked if picked in RATE_BASES else current
    choice = st.segmented_control(
        t("rate_basis"),
        RATE_BASES,
        format_func=labels_now(RATE_BASES, lambda b: t(f"basis_short_{b}")),
        key="rate_w",
        required=True,
        help=rate_help(st.session_state["rate_w"]),
    )
    choice = choice if choice in RATE_BASES else current
    st.session_state["rate_basis"] = choice
    sync_rate_param()
    metric = registry.get(RATE_METRIC[choice])
    if metric is not None and metric.fallback and not presenting():
        st.caption(t("rate_fallback"))
    return choice


def sync_rate_param() -> None:
    """Keep ?rate= in the URL (absent for the default, so plain links stay clean)."""
    basis = rate_basis()
    if basis == "reach":
        if QP_RATE in st.query_params:
            del st.query_params[QP_RATE]
    elif st.query_params.get(QP_RATE) != basis:
        st.query_params[QP_RATE] = basis


# --------------------------------------------------------------------------- presentation mode

_PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarCollapseButton"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding-top: 3.5rem !important; }
[data-testid="stMainBlockContainer"] h1 { font-size: 3.2rem !important; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2.4rem !important; }
[data-testid="stMainBlockContainer"] h3 { font-size: 2rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.4rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1.15rem !important; }
/* after the paragraph rule and more specific than it: the value of a tile is a paragraph too */
[data-testid="stMetric"] [data-testid="stMetricValue"],
[data-testid="stMetric"] [data-testid="stMetricValue"] div,
[data-testid="stMetric"] [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {
    font-size: PRESENT_VALUE_PX !important; line-height: 1.15 !important; }
[data-testid="stMetric"] [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMetric"] [data-testid="stMetricLabel"] p { font-size: 1.35rem !important; }
/* one chart per screen: each chart gets a screen's height, and is never taller than one */
[data-testid="stPlotlyChart"] { min-height: 88vh; margin-bottom: 6vh; }
</style>
"""
PRESENT_VALUE_PX = 54  # headline numbers when presenting (36 px on screen)
PRESENT_CHART_HEIGHT = 600  # px: fits a 1280x800 screen with its title
_PRESENT_CSS = _PRESENT_CSS.replace("PRESENT_VALUE_PX", f"{PRESENT_VALUE_PX}px")


def presenting() -> bool:
    """Presentation mode for account leads: ?present=1 or the sidebar toggle."""
    if "present" in st.session_state:
        return bool(st.session_state["present"])
    return st.query_params.get(QP_PRESENT) in ("1", "true", "yes")


def _set_present(on: bool) -> None:
    st.session_state["present"] = on
    st.session_state["present_toggle"] = on


def presentation_frame() -> None:
    """Called once per run by the frame: CSS and an exit button when presenting, else the sidebar toggle."""
    if presenting():
        st.query_params[QP_PRESENT] = "1"
        st.html(_PRESENT_CSS)
        st.button(
            t("present_exit"),
            icon=":material/close_fullscreen:",
            key="present_exit",
            type="tertiary",
            on_click=_set_present,
            args=(False,),
        )
        return
    if QP_PRESENT in st.query_params:
        del st.query_params[QP_PRESENT]
    st.session_state["present_toggle"] = False
    st.sidebar.toggle(
        t("present_mode"),
        key="present_toggle",
        help=t("present_help"),
        on_change=lambda: _set_present(bool(st.session_state.get("present_toggle"))),
    )


# --------------------------------------------------------------------------- tables and downloads


def _cell(v: Any) -> Any:
    if isinstance(v, str):
        return v
    if hasattr(v, "tolist"):  # numpy arrays from DuckDB LIST columns
        v = v.tolist()
    if isinstance(v, list | tuple):
        return ", ".join(str(x) for x in v)
    return v


def _plain_cells(df: pd.DataFrame) -> pd.DataFrame:
    """Lists (categories, products) as 'a, b' and naive datetimes, so both CSV and XLSX can hold them."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(_cell)
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
    return out


def list_items(v: Any) -> list[str]:
    """A LIST cell as a Python list of strings (None/NaN -> [])."""
    if v is None or isinstance(v, float):
        return []
    if isinstance(v, str):
        return [v] if v else []
    if hasattr(v, "tolist"):
        v = v.tolist()
    return [str(x) for x in v] if isinstance(v, list | tuple) else []


def join_list(v: Any) -> str:
    """A LIST cell (categories, products) as plain 'a, b' text for display."""
    out = _cell(v)
    return "" if out is None or (isinstance(out, float) and out != out) else str(out)


def to_csv_bytes(df: pd.DataFrame, csv_lang: str | None = None) -> bytes:
    """CSV for spreadsheets in the UI language's dialect (French: ';' and decimal commas),
    UTF-8 with BOM so Excel reads accents, formulas neutralised."""
    return exporting.to_csv_bytes(_plain_cells(df), lang=csv_lang or lang())


def to_xlsx_bytes(
    df: pd.DataFrame, sheet: str = "Relais", number_formats: dict[str, str] | None = None
) -> bytes:
    """XLSX with number formats and formulas neutralised (strings never start a formula)."""
    return exporting.to_xlsx_bytes(_plain_cells(df), sheet_name=sheet[:31], number_formats=number_formats)


def _config_label(cfg: Any) -> str | None:
    if isinstance(cfg, str):
        return cfg
    if isinstance(cfg, Mapping):
        return cfg.get("label")
    return None


# st.column_config number format -> exporting.XLSX_FORMATS key
_XLSX_OF_FORMAT = {
    "percent": "percent",
    "localized": "auto",  # whole numbers with thousands, else two decimals
    "%.0f": "integer",
    "%d": "integer",
    "%.1f": "decimal",
    "%.2f": "decimal",
    "%.3f": "decimal3",
}


def xlsx_formats(column_config: Mapping[str, Any] | None) -> dict[str, str]:
    """On-screen header -> XLSX number format, from the table's column configs (what is shown is kept)."""
    out: dict[str, str] = {}
    for col, cfg in (column_config or {}).items():
        if not isinstance(cfg, Mapping):
            continue
        tc = cfg.get("type_config") or {}
        header = _config_label(cfg) or col
        kind = tc.get("type")
        if kind == "number":
            fmt = _XLSX_OF_FORMAT.get(tc.get("format") or "localized")
            if fmt:
                out[header] = fmt
        elif kind == "date":
            out[header] = "date"
        elif kind == "datetime":
            out[header] = "datetime"
    return out


def export_frame(df: pd.DataFrame, column_config: Mapping[str, Any] | None) -> pd.DataFrame:
    """The table as shown: only the configured columns, with their on-screen headers."""
    if not column_config:
        return df
    cols = [c for c in column_config if c in df.columns and column_config[c] is not None]
    out = df[cols].copy()
    out.columns = [_config_label(column_config[c]) or c for c in cols]
    return out


def show_table(
    df: pd.DataFrame,
    key: str,
    column_config: Mapping[str, Any] | None = None,
    *,
    file_stem: str | None = None,
    height: int | str = "auto",
    caption: str | None = None,
) -> None:
    """A table with CSV and XLSX downloads of exactly what is shown; hidden in presentation mode.

    Only the columns named in `column_config` are shown (in that order), so a
    page never leaks an internal code column by accident.
    """
    if presenting():
        return
    order = [c for c in (column_config or {}) if c in df.columns] or None
    st.dataframe(
        df,
        hide_index=True,
        column_order=order,
        column_config=dict(column_config or {}),
        height=height,
        width="stretch",
    )
    shown = export_frame(df, column_config)
    csv_lang = lang()  # read now: the download callback may run outside the script run
    stem = file_stem or key
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    row.download_button(
        t("download_csv"),
        data=lambda: to_csv_bytes(shown, csv_lang),
        file_name=f"relais_{stem}.csv",
        mime="text/csv",
        key=f"dl_csv_{key}",
        icon=":material/download:",
        help=t("download_help"),
        on_click="ignore",
    )
    row.download_button(
        t("download_xlsx"),
        data=lambda: to_xlsx_bytes(shown, number_formats=xlsx_formats(column_config)),
        file_name=f"relais_{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"dl_xlsx_{key}",
        icon=":material/download:",
        help=t("download_help"),
        on_click="ignore",
    )
    if caption:
        row.caption(md_escape(caption))


# --------------------------------------------------------------------------- page frame helpers


def require_data() -> dict[str, int]:
    """Stop the page with the 'what to load' message when the warehouse has no post yet."""
    from warehouse.summary import warehouse_counts

    counts = call(warehouse_counts)
    if not counts.get("posts"):
        st.info(t("empty_state"), icon=":material/upload_file:")
        st.stop()
    return counts


def require_posts(posts: Any) -> None:
    """Stop the page when the filters leave no post."""
    if _is_na(posts) or not posts:
        st.info(t("no_posts_selected"), icon=":material/filter_alt_off:")
        st.stop()


POSTS_PAGE = "ui/pages/posts.py"


def posts_link(label: str | None = None, **overrides: Any) -> None:
    """'See these posts': a link to the post explorer showing the current selection, narrowed by
    `overrides` (Filters fields, e.g. formats="ig_reel"), so every figure leads to its posts."""
    if presenting():
        return
    from ui.filters import view_query

    st.page_link(
        POSTS_PAGE,
        label=label or t("see_posts"),
        icon=":material/list_alt:",
        query_params=view_query(**overrides),
    )


def page_header(title: str, intro: str | None = None) -> None:
    """Title, optional one-line purpose, and the current selection in words."""
    from ui.filters import selection_summary  # late: filters imports this module

    st.title(title)
    if intro and not presenting():
        st.caption(intro)
    summary = selection_summary()
    if summary:
        st.caption(md_escape(summary))


# --------------------------------------------------------------------------- labels of codes used on several pages


def codes_names(kind: str, values: Any) -> str:
    """A LIST cell of codes (e.g. reaction categories) as 'Question, Testimony'."""
    return ", ".join(code_name(kind, c) for c in list_items(values))


def code_name(kind: str, code: Any) -> str:
    """Label of a code of a `domain` vocabulary by its dimension name: category (reaction),
    disclosure, pv_status, risk (product), topic (sensitive) — or any grouping dimension."""
    if _is_na(code) or code == "":
        return t("unknown")
    key = str(code)
    vocab = VOCABULARIES.get(kind)
    text = vocab.label(key, lang()) if vocab is not None else None
    return text if text is not None else key.replace("_", " ").capitalize()


def column(name: str, *, label: str | None = None, **options: Any) -> Any:
    """st.column_config for one registry entry: its header, tooltip and format, the column type from its unit.

    A page that shows a display version of a column (a code turned into its label, a list
    joined) keys the config by its own column and names the registry entry here, so the
    header is still the registry's. `label` is for the rare table where the entry plays a
    narrower part (a comment id that names a PV case); `options` go to Streamlit (pinned, width).
    """
    m = registry.get(name)
    if m is None:
        raise KeyError(f"{name!r} has no registry entry (warehouse/registry.py)")
    cfg = st.column_config
    kw: dict[str, Any] = {"help": mhelp(name), **options}
    head = label or m.header(lang())
    if m.unit == "flag":
        return cfg.CheckboxColumn(head, **kw)
    if m.unit == "url":
        return cfg.LinkColumn(head, **kw)
    if m.unit == "date":
        return cfg.DateColumn(head, **{"format": "localized", **kw})
    if m.unit == "datetime":
        return cfg.DatetimeColumn(head, **{"format": "localized", **kw})
    if m.number_format is not None:
        return cfg.NumberColumn(head, **{"format": m.number_format, **kw})
    return cfg.TextColumn(head, **kw)


def metric_columns(names: list[str], basis: str, *, featured: bool = True) -> dict:
    """st.column_config for metric columns: label, format and tooltip from the metric registry.

    One place for how a metric column looks, so every table shows the same
    label, unit and tooltip for the same number. `engagement_rate` is labelled
    with the selected basis. Metrics the registry marks `featured` follow the
    listed ones (so a new metric shows in every per-group table).
    """
    num = st.column_config.NumberColumn
    out: dict = {}
    wanted = list(names) + ([n for n in registry.featured() if n not in names] if featured else [])
    for name in wanted:
        if name == "engagement_rate":
            out[name] = num(rate_label(basis), format="percent", help=rate_help(basis))
        elif registry.get(name) is None:
            out[name] = num(name, format="localized")
        else:
            out[name] = column(name)
    return out
