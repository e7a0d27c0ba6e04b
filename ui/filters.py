"""Sidebar filters shared by every page, kept in the session and in the URL.

Why both: the session makes a selection follow the user from page to page;
the URL (?campaigns=OR26&platforms=instagram&date_from=2026-10-01...) makes a
filtered view a link a marketer can send to a colleague or a client. The URL
carries stable codes (campaign ids, format codes), never the labels shown in
the widgets, so a link made in French opens the same view in English.

Streamlit's own `bind="query-params"` is not used on purpose: it writes the
*displayed* labels into the URL, which change with the language.

The selection becomes a `warehouse.filters.Filters`, the one object the
metrics layer accepts; pages get it from `current_filters()`.

Scope: by default the dashboard shows the posts assigned to a campaign, so
exports that match no campaign (an influencer's other posts, a file dropped by
mistake) never move the figures; "no campaign" and "all posts" are chosen on
purpose (?scope=unassigned / ?scope=all). When no post is assigned to any
campaign yet (exports loaded without a roster), every post is shown and the
sidebar says why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from ui.common import call, campaign_name, fmt_int, influencer_name, labels_now, level_name, t
from warehouse.filters import LIST_COLUMNS, SCOPES, SET_FIELDS, Filters
from warehouse.metrics import filter_options

# Filters fields offered in the sidebar (format families are reachable from the Formats page)
FIELDS: tuple[str, ...] = (
    "campaigns", "platforms", "formats", "profile_types", "tiers", "influencers", "hashtags",
)  # fmt: skip
DATE_KEYS = ("date_from", "date_to")
SCOPE_KEY = "scope"
DEFAULT_SCOPE = "campaigns"  # the dashboard's default view: the campaigns' posts
URL_KEYS: tuple[str, ...] = (*LIST_COLUMNS, *SET_FIELDS, *DATE_KEYS, SCOPE_KEY)
STATE = "filters_state"  # the canonical selection (a Filters.to_dict()), outlives the widgets
WIDGET = "flt_{}"
# ?view=1: the link was made by a figure ("see these posts"): its selection replaces the session's
QP_VIEW = "view"


def filters_from_query(params: Any) -> Filters:
    """The Filters a URL describes; repeated keys or comma lists, unknown keys and bad values ignored."""
    data: dict[str, Any] = {}
    for key in URL_KEYS:
        try:
            values = params.get_all(key) if hasattr(params, "get_all") else params.get(key)
        except Exception:  # noqa: BLE001 - a malformed link must never break the page
            values = None
        if values is None or values == []:
            continue
        if isinstance(values, str):
            values = [values]
        if key in DATE_KEYS:
            data[key] = values[-1]
        elif key == SCOPE_KEY:
            data[key] = values[-1] if values[-1] in SCOPES else DEFAULT_SCOPE
        else:
            data[key] = [v for item in values for v in str(item).split(",") if v.strip()]
    data.setdefault(SCOPE_KEY, DEFAULT_SCOPE)
    try:
        return Filters.from_dict(data)
    except ValueError:
        try:  # a bad date: keep the list filters
            return Filters.from_dict({k: v for k, v in data.items() if k not in DATE_KEYS})
        except ValueError:
            return Filters(scope=DEFAULT_SCOPE)


def filters_to_query(f: Filters) -> dict[str, list[str] | str]:
    """URL form of a selection: lists become repeated keys, dates ISO strings; the default
    scope is left out (plain links stay clean), any other is written (?scope=all)."""
    out = dict(f.to_dict())
    if f.scope == DEFAULT_SCOPE:
        out.pop(SCOPE_KEY, None)
    else:
        out[SCOPE_KEY] = f.scope
    return out


def write_query(f: Filters) -> None:
    """Make the URL's filter keys match `f` (other keys, like lang, are left alone)."""
    wanted = filters_to_query(f)
    for key in URL_KEYS:
        value = wanted.get(key)
        if value is None or value == []:
            if key in st.query_params:
                del st.query_params[key]
            continue
        current = st.query_params.get_all(key)
        target = value if isinstance(value, list) else [value]
        if current != target:
            st.query_params[key] = target if len(target) > 1 else target[0]


def _canonical() -> Filters:
    """The selection of this session; on its first run (or after a figure's link), the one in the URL."""
    if st.query_params.get(QP_VIEW) == "1":
        st.session_state[STATE] = filters_from_query(st.query_params).to_dict()
        for field in (*FIELDS, "dates"):
            st.session_state.pop(WIDGET.format(field), None)
        del st.query_params[QP_VIEW]
    if STATE not in st.session_state:
        st.session_state[STATE] = filters_from_query(st.query_params).to_dict()
    try:
        return Filters.from_dict(st.session_state[STATE])
    except ValueError:
        return Filters(scope=DEFAULT_SCOPE)


def current_filters() -> Filters:
    """What pages pass to the metrics layer (the campaign scope falls back to every post while
    no post is assigned to a campaign: a warehouse without a roster still shows its posts)."""
    f = _canonical()
    if f.scope != "all" and not _has_assigned_posts():
        return Filters.from_dict({**f.to_dict(), SCOPE_KEY: "all"})
    return f


def _has_assigned_posts() -> bool:
    try:
        return bool(call(filter_options).get("posts_assigned", 1))
    except Exception:  # noqa: BLE001 - an empty or busy warehouse: keep the selection as it is
        return True


def _clear() -> None:
    st.session_state[STATE] = {SCOPE_KEY: DEFAULT_SCOPE}
    for field in (*FIELDS, "dates", SCOPE_KEY):
        st.session_state.pop(WIDGET.format(field), None)


def _options(opts: dict[str, Any]) -> dict[str, tuple[list[str], dict[str, str]]]:
    """field -> (codes, code -> label)."""
    camps = {c["campaign_id"]: campaign_name(c["campaign_id"], c["name"]) for c in opts["campaigns"]}
    infl = {
        i["influencer_id"]: influencer_name(i["handle"], i["display_name"], i["platform"])
        for i in opts["influencers"]
    }

    def levels(codes: list[str]) -> tuple[list[str], dict[str, str]]:
        return list(codes), {c: level_name(c) for c in codes}

    return {
        "campaigns": (list(camps), camps),
        "platforms": levels(opts["platforms"]),
        "formats": levels(opts["formats"]),
        "profile_types": levels(opts["profile_types"]),
        "tiers": levels(opts["tiers"]),
        "influencers": (sorted(infl, key=lambda k: infl[k].lower()), infl),
        "hashtags": (list(opts.get("hashtags", [])), {h: f"#{h}" for h in opts.get("hashtags", [])}),
    }


def sidebar_filters() -> Filters:
    """Draw the filters in the sidebar, update the session selection and the URL, return it."""
    current = _canonical()
    opts = call(filter_options)
    sb = st.sidebar
    sb.subheader(t("filters"), help=t("flt_help"))
    if not opts["date_min"] and not opts["campaigns"]:
        sb.caption(t("flt_none_loaded"))
        write_query(current)
        return current
    choices = _options(opts)
    selected: dict[str, Any] = {}
    scope = _scope_control(current, opts)
    for field in FIELDS:
        codes, labels = choices[field]
        key = WIDGET.format(field)
        # values of a shared link that are not in this warehouse are kept out of the widget
        if key not in st.session_state:
            st.session_state[key] = [c for c in getattr(current, field) if c in labels]
        else:
            st.session_state[key] = [c for c in st.session_state[key] if c in labels]
        selected[field] = sb.multiselect(
            t(f"flt_{field}"),
            codes,
            format_func=lambda c, labels=labels: labels.get(c, c),
            key=key,
            placeholder=t("flt_all"),
            disabled=field == "campaigns" and scope == "unassigned",
        )
    if scope == "unassigned":
        selected["campaigns"] = []
    lo, hi = opts["date_min"], opts["date_max"]
    date_from = date_to = None
    if lo and hi:
        key = WIDGET.format("dates")
        if key not in st.session_state:
            st.session_state[key] = (
                max(lo, current.date_from) if current.date_from else lo,
                min(hi, current.date_to) if current.date_to else hi,
            )
        picked = sb.date_input(
            t("flt_dates"),
            min_value=lo,
            max_value=hi,
            key=key,
            format="DD/MM/YYYY" if _lang_is_fr() else "YYYY-MM-DD",
        )
        if isinstance(picked, tuple | list) and len(picked) == 2:
            date_from = picked[0] if picked[0] and picked[0] > lo else None
            date_to = picked[1] if picked[1] and picked[1] < hi else None
        else:  # the user is half-way through picking a range: keep the previous bounds
            date_from, date_to = current.date_from, current.date_to
    try:
        f = Filters(**selected, date_from=date_from, date_to=date_to, scope=scope)
    except ValueError:
        f = Filters(**selected, scope=scope)
    # keep fields the sidebar does not show (format families from a shared link)
    extra = {
        k: v
        for k, v in current.to_dict().items()
        if k not in FIELDS and k not in DATE_KEYS and k != SCOPE_KEY
    }
    f = Filters.from_dict({**extra, **f.to_dict()})
    st.session_state[STATE] = f.to_dict()
    if not f.only_scope() or f.scope != DEFAULT_SCOPE:
        sb.button(t("flt_clear"), on_click=_clear, icon=":material/filter_alt_off:", key="flt_clear_btn")
    write_query(f)
    return f


def _scope_control(current: Filters, opts: dict[str, Any]) -> str:
    """Campaign posts (default) / no campaign / all posts, with how many posts each leaves out."""
    assigned, unassigned = int(opts.get("posts_assigned") or 0), int(opts.get("posts_unassigned") or 0)
    key = WIDGET.format(SCOPE_KEY)
    if not assigned:
        st.sidebar.caption(t("flt_scope_no_campaign"))
        return current.scope
    if key not in st.session_state or st.session_state[key] not in SCOPES:
        st.session_state[key] = current.scope
    owned = int(opts.get("posts_owned") or 0)  # the client's own pages: in "all" only
    counts = {"campaigns": assigned, "unassigned": unassigned, "all": assigned + unassigned + owned}
    order = ("campaigns", "unassigned", "all")
    choice = st.sidebar.radio(
        t("flt_scope"),
        order,
        format_func=labels_now(order, lambda s: t(f"flt_scope_{s}", n=fmt_int(counts[s]))),
        key=key,
        help=t("flt_scope_help"),
    )
    return choice if choice in SCOPES else DEFAULT_SCOPE


def view_query(f: Filters | None = None, **overrides: Any) -> dict[str, Any]:
    """Query parameters of a link to the selection `f` (default: the current one) narrowed by `overrides`.

    overrides: Filters fields -> a value or list (e.g. formats="ig_reel", campaigns=[...],
    scope="all"); None removes the field. The link carries the language and rate basis too.
    """
    from ui.common import QP_LANG, QP_RATE, lang, rate_basis

    data = filters_to_query(f or current_filters())
    for k, v in overrides.items():
        if v is None or v == [] or v == ():
            data.pop(k, None)
        else:
            data[k] = [str(x) for x in v] if isinstance(v, list | tuple) else [str(v)]
    query: dict[str, Any] = dict(data)
    query[QP_LANG] = lang()
    if rate_basis() != "reach":
        query[QP_RATE] = rate_basis()
    query[QP_VIEW] = "1"
    return query


def view_url(page: str, f: Filters | None = None, **overrides: Any) -> str:
    """A relative link ('posts?formats=ig_reel&…') to `page` showing the selection (for link columns)."""
    from urllib.parse import urlencode

    return f"{page}?{urlencode(view_query(f, **overrides), doseq=True)}"


def _lang_is_fr() -> bool:
    from ui.common import lang

    return lang() == "fr"


def _fmt_date(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y") if _lang_is_fr() else d.isoformat()


def selection_summary(f: Filters | None = None, max_items: int = 3) -> str:
    """The selection in words, for captions (and for presentation mode, where the sidebar is hidden)."""
    f = f or current_filters()
    try:
        opts = call(filter_options)
        choices = _options(opts)
    except Exception:  # noqa: BLE001 - the summary is a courtesy, never a failure
        opts, choices = {}, {}
    left_out = int(opts.get("posts_unassigned") or 0)
    if f.only_scope():
        if f.scope == "campaigns":
            return t("sel_campaigns", n=fmt_int(left_out)) if left_out else t("sel_campaigns_all")
        if f.scope == "unassigned":
            return t("sel_unassigned")
        owned = int(opts.get("posts_owned") or 0)
        return t("sel_all_owned", n=fmt_int(owned)) if owned else t("sel_all")
    parts: list[str] = [t("sel_unassigned")] if f.scope == "unassigned" else []
    for field in (*FIELDS, "format_families"):
        values = getattr(f, field)
        if not values:
            continue
        labels = choices.get(field, ([], {}))[1]
        names = [labels.get(v) or level_name(v) for v in values]
        text = ", ".join(names[:max_items])
        if len(names) > max_items:
            text += " " + t("sel_more", n=len(names) - max_items)
        parts.append(text)
    if f.date_from:
        parts.append(t("sel_from", d=_fmt_date(f.date_from)))
    if f.date_to:
        parts.append(t("sel_to", d=_fmt_date(f.date_to)))
    return " · ".join(parts)
