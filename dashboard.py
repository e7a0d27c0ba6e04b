"""Relais dashboard: the frame (page config, navigation, language) and the Overview page.

Run with `streamlit run dashboard.py` (or `make run`). The warehouse file is
$RELAIS_DB, else data/relais.duckdb. Pages live in `pages/`; every number they
show comes from the `warehouse` package.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pages.common import call, fmt_int, language_switch, t
from warehouse.summary import loaded_campaigns, warehouse_counts

HERE = Path(__file__).parent


def overview() -> None:
    st.title(t("app_title"))
    counts = call(warehouse_counts)
    if not counts["posts"] and not counts["campaigns"]:
        st.info(t("empty_state"))
        return
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("campaigns"), fmt_int(counts["campaigns"]))
    c2.metric(t("influencers"), fmt_int(counts["influencers"]))
    c3.metric(t("posts"), fmt_int(counts["posts"]))
    c4.metric("Comments" if t("posts") == "Posts" else "Commentaires", fmt_int(counts["comments"]))
    st.subheader(t("loaded_campaigns"))
    st.dataframe(call(loaded_campaigns), hide_index=True, width="stretch")


def build_pages() -> list:
    pages = [
        st.Page(overview, title=t("overview"), icon=":material/dashboard:", url_path="overview", default=True)
    ]
    extra = [
        ("campaigns.py", "campaigns", ":material/campaign:"),
        ("formats.py", "formats", ":material/view_carousel:"),
        ("profiles.py", "profiles", ":material/groups:"),
        ("reactions.py", "reactions", ":material/forum:"),
        ("compliance.py", "compliance", ":material/gavel:"),
        ("data.py", "data", ":material/upload_file:"),
    ]
    for file, key, icon in extra:
        path = HERE / "pages" / file
        if path.exists():
            pages.append(
                st.Page(str(path), title=t(f"page_{key}") if f"page_{key}" else key, icon=icon, url_path=key)
            )
    return pages


def main() -> None:
    st.set_page_config(page_title="Relais", page_icon=":material/monitoring:", layout="wide")
    language_switch()
    nav = st.navigation(build_pages())
    nav.run()


main()
