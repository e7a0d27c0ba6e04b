"""Relais dashboard: the frame (page config, navigation, language, filters).

Run with `streamlit run dashboard.py` (or `make run`). The warehouse file is
$RELAIS_DB, else data/relais.duckdb. Page scripts live in `ui/pages/` (not a
top-level `pages/`, which Streamlit reserves for its legacy multipage mode);
every number they show comes from the `warehouse` and `analysis` packages.

The frame draws what every page shares before the page runs: the language
switch, the presentation-mode toggle and the sidebar filters, so that a
selection follows the user across pages and stays in the URL.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.common import (
    finish_interrupted_load,
    language_switch,
    presentation_frame,
    presenting,
    sync_rate_param,
    t,
)
from ui.filters import sidebar_filters
from ui.timing import timed

PAGES_DIR = Path(__file__).parent / "ui" / "pages"
# served by this app, never fetched: a Material-icon favicon is drawn from a remote font server
FAVICON = Path(__file__).parent / "ui" / "static" / "favicon.png"

# file stem (= URL path), icon; the first one is the default page.
PAGES: tuple[tuple[str, str], ...] = (
    ("overview", ":material/dashboard:"),
    ("campaigns", ":material/campaign:"),
    ("formats", ":material/view_carousel:"),
    ("profiles", ":material/groups:"),
    ("reactions", ":material/forum:"),
    ("hashtags", ":material/tag:"),
    ("owned", ":material/storefront:"),
    ("posts", ":material/list_alt:"),
    ("compliance", ":material/health_and_safety:"),
    ("data", ":material/upload_file:"),
)


def build_pages() -> list:
    """Every page at its own URL, "/overview" included (a default page is served only at "/", so
    "/overview" would say "Page not found"): "/" is a hidden page that forwards to the Overview."""
    pages = [
        st.Page(str(PAGES_DIR / f"{key}.py"), title=t(f"page_{key}"), icon=icon, url_path=key)
        for key, icon in PAGES
    ]
    first = pages[0]

    def home() -> None:  # keeps ?lang=, filters and ?present= of a shared link
        st.switch_page(first, query_params={k: st.query_params.get_all(k) for k in st.query_params})

    return [*pages, st.Page(home, title=first.title, url_path="home", default=True, visibility="hidden")]


def main() -> None:
    with timed() as run:
        _frame(run)


def _frame(run: dict) -> None:
    # also when started from another folder (no .streamlit/config.toml): no unneutralised table export
    st.set_option("client.disableDataExport", True)
    st.set_page_config(
        page_title="Relais",
        page_icon=str(FAVICON),
        layout="wide",
        initial_sidebar_state="collapsed" if presenting() else "auto",
    )
    language_switch()
    finish_interrupted_load()
    nav = st.navigation(build_pages(), position="top" if presenting() else "sidebar")
    run["page"] = nav.url_path or PAGES[0][0]
    presentation_frame()
    if nav.url_path != "data":
        sidebar_filters()
    sync_rate_param()
    nav.run()


main()
