"""Chart conventions: fixed colours per format and profile type, rate bars with interval and escaped names."""

from __future__ import annotations

import pandas as pd
import pytest


def test_every_format_and_profile_type_has_its_own_fixed_colour():
    from domain import FORMATS, PROFILE_TYPES
    from ui import charts

    real = [charts.color_for("format", f) for f in FORMATS if f != "unknown"]
    assert len(set(real)) == len(real), "two formats share a colour"
    assert charts.color_for("format", "unknown") == charts.GREY
    profile = {charts.color_for("profile_type", p) for p in PROFILE_TYPES}
    assert len(profile) == len(PROFILE_TYPES) and charts.GREY not in profile
    assert charts.color_for("profile_type", "unknown") == charts.GREY
    assert charts.color_for("format", "ig_reel") == FORMATS["ig_reel"].colour
    ids = ["OR26", "DT2-26", "SPA26"]
    assert charts.campaign_colors(ids) == charts.campaign_colors(reversed(ids))


def test_rate_chart_carries_unit_interval_posts_and_escapes_names():
    from ui import charts

    d = pd.DataFrame(
        {
            "label": ["<b>Reels</b> & co", "Carrousels"],
            "color": ["#000000", "#111111"],
            "value": [0.05, 0.03],
            "lo": [0.04, 0.02],
            "hi": [0.06, 0.05],
            "ci_text": ["95% CI 4.00% – 6.00%", "no interval: 3 influencers (a group needs 5 to generalise)"],
            "posts": [12, 30],
            "influencers": [3, 8],
            "posts_with_rate": [10, 30],
        }
    )
    fig = charts.rate_bars(
        d,
        title="Engagement rate by format",
        subtitle="% · 95% interval · 40 posts",
        axis_title="Engagement rate (%)",
        hover_posts="Posts",
        hover_influencers="Influencers",
        hover_rate_posts="Posts behind the rate",
    )
    bar = fig.data[0]
    assert list(bar.error_x.array) == pytest.approx([0.02, 0.01])  # sorted ascending: 0.03 first
    assert "&lt;b&gt;Reels&lt;/b&gt; &amp; co" in bar.y
    assert "Posts: %{customdata[0]:,}" in bar.hovertemplate
    # the hover says the interval, or why a level has none (never a bare "NaN")
    assert "%{customdata[3]}" in bar.hovertemplate and bar.customdata[0][3].startswith("no interval")
    assert fig.layout.title.subtitle.text.endswith("40 posts")
    assert fig.layout.xaxis.title.text == "Engagement rate (%)"
    assert fig.layout.template.layout.font.family.startswith("Source Sans")
