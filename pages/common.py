"""What every page shares: warehouse access with caching, language, filters.

Layer rule: pages are thin. They call functions of the `warehouse` package
through `call()` and draw the DataFrames they get back; they never compute a
metric. `call()` opens a short-lived read-only connection per query (so that
`relais load` in another process can take the write lock between queries) and
caches the result with the warehouse file's stamp in the key, so any load,
from the CLI or the Data page, shows up at the next rerun without a restart.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import Any

import streamlit as st

from warehouse.db import WarehouseBusy, connect, resolve_db_path, warehouse_stamp

LANGS = ("fr", "en")


def db_path() -> str:
    return str(resolve_db_path(os.environ.get("RELAIS_DB")))


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _cached_call(module: str, name: str, stamp: str, db: str, args: tuple, kwargs: tuple) -> Any:
    fn = getattr(importlib.import_module(module), name)
    with connect(db, read_only=True, wait=30) as con:
        return fn(con, *args, **dict(kwargs))


def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run `fn(con, *args, **kwargs)` on the warehouse, cached until the warehouse changes."""
    db = db_path()
    try:
        return _cached_call(
            fn.__module__, fn.__name__, warehouse_stamp(db), db, args, tuple(sorted(kwargs.items()))
        )
    except WarehouseBusy:
        st.warning(t("warehouse_busy"))
        st.stop()


def write_call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a writing operation (upload, correction, PV status) and drop cached results."""
    with connect(db_path(), read_only=False, wait=60) as con:
        out = fn(con, *args, **kwargs)
    _cached_call.clear()
    return out


# --------------------------------------------------------------------------- language

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"en": "Relais — health influencer campaigns", "fr": "Relais — campagnes d'influence santé"},
    "language": {"en": "Language", "fr": "Langue"},
    "warehouse_busy": {
        "en": "The warehouse is being updated by another process; this page will refresh in a moment.",
        "fr": "L'entrepôt est en cours de mise à jour par un autre processus ; la page se rafraîchira dans un instant.",
    },
    "empty_state": {
        "en": "No data loaded yet. Load exports on the Data page, or run `relais load sample_data/`.",
        "fr": "Aucune donnée chargée. Chargez des exports depuis la page Données, ou lancez `relais load sample_data/`.",
    },
    "overview": {"en": "Overview", "fr": "Vue d'ensemble"},
    "campaigns": {"en": "Campaigns", "fr": "Campagnes"},
    "posts": {"en": "Posts", "fr": "Publications"},
    "influencers": {"en": "Influencers", "fr": "Influenceurs"},
    "reach": {"en": "Reach", "fr": "Couverture"},
    "engagements": {"en": "Engagements", "fr": "Engagements"},
    "engagement_rate": {"en": "Engagement rate", "fr": "Taux d'engagement"},
    "loaded_campaigns": {"en": "Loaded campaigns", "fr": "Campagnes chargées"},
    "not_available": {"en": "n/a", "fr": "n.d."},
}


def lang() -> str:
    """The UI language: ?lang= in the URL, else the browser's language, else French."""
    q = st.query_params.get("lang")
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
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang()) or entry["en"]
    return text.format(**fmt) if fmt else text


def register_strings(strings: dict[str, dict[str, str]]) -> None:
    """Pages add their own labels (kept next to the page that uses them)."""
    STRINGS.update(strings)


def language_switch() -> None:
    current = lang()
    choice = st.sidebar.radio(
        t("language"),
        LANGS,
        index=LANGS.index(current),
        format_func=lambda c: {"fr": "Français", "en": "English"}[c],
        horizontal=True,
        key="lang_switch",
    )
    if choice != current or st.query_params.get("lang") != choice:
        st.query_params["lang"] = choice
        st.session_state["lang"] = choice
        if choice != current:
            st.rerun()


# --------------------------------------------------------------------------- formatting


def fmt_int(v: Any) -> str:
    if v is None or v != v:
        return t("not_available")
    s = f"{int(round(v)):,}"
    return s.replace(",", "\u202f") if lang() == "fr" else s


def fmt_pct(v: Any, digits: int = 2) -> str:
    if v is None or v != v:
        return t("not_available")
    s = f"{v * 100:.{digits}f}"
    return (s.replace(".", ",") + "\u00a0%") if lang() == "fr" else s + "%"
