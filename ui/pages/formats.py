"""Formats: which formats engage, how sure we are, and what people say under each.

Raw rates (ratio of sums, with an influencer-clustered 95% interval) come
from `warehouse.metrics.aggregate`; the adjusted comparison (rate ratios from
a negative-binomial model that accounts for each influencer and the profile
mix) from `analysis.compare`; the reaction mix from `warehouse.views`. The
page only draws them.
"""

from __future__ import annotations

import streamlit as st

from ui import charts
from ui.common import (
    labels_now,
    page_header,
    presenting,
    rate_basis_control,
    require_data,
    t,
)
from ui.filters import current_filters


def render() -> None:
    page_header(t("page_formats"), t("fmt_intro"))
    require_data()
    f = current_filters()
    by = (
        st.segmented_control(
            t("fmt_level"),
            ("format_family", "format"),
            format_func=labels_now(("format_family", "format"), lambda v: t(f"fmt_by_{v}")),
            key="fmt_by",
            required=True,
            default="format_family",
        )
        or "format_family"
    )
    charts.page_sentence(by, f)
    basis = rate_basis_control()
    st.subheader(t("fmt_rates"))
    agg = charts.rate_by_level_section(by, f, basis, key="fmt")
    if agg.empty:
        return
    if not presenting():
        with st.expander(t("fmt_table")):
            charts.level_rate_table(agg, by, key=f"fmt_rates_{by}")
    charts.comparison_section(by, f, key="fmt")
    charts.reaction_mix_section(by, f, key="fmt")


render()
