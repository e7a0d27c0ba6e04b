"""What Meta's exports (Instagram and Facebook, Meta Business Suite) share: their insight series.

A daily-series export is titled by its metric ("Reach", "Instagram follows", "Facebook visits");
both platforms' readers map the title to the warehouse metric name the same way.
"""

from __future__ import annotations

import re

INSIGHT_TITLES = {
    "views": "views",
    "reach": "reach",
    "instagram follows": "follows",
    "follows": "follows",
    "content interactions": "content_interactions",
    "interactions": "content_interactions",
    "instagram link clicks": "link_clicks",
    "link clicks": "link_clicks",
    "instagram profile visits": "profile_visits",
    "visits": "profile_visits",
    "impressions": "impressions",
    "viewers": "viewers",
    "facebook visits": "profile_visits",
    "facebook follows": "follows",
    "facebook link clicks": "link_clicks",
}


def insight_metric(title: str) -> str:
    """The metric a (normalised, lower-case) series title stands for; unknown titles become a
    snake_case name of their own (never dropped), empty when nothing of the title is left."""
    return INSIGHT_TITLES.get(title) or re.sub(r"[^a-z0-9]+", "_", title).strip("_")
