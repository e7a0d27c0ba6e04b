"""The raw per-post measures an export may carry (one column each in post_metrics).

Readers emit these names; the warehouse stores one DOUBLE column per measure
(NULL = the export did not have it). Metrics are computed from them in
`warehouse.metrics`, declared in `warehouse.registry`.
"""

from __future__ import annotations

POST_METRIC_COLUMNS: tuple[str, ...] = (
    "impressions",
    "reach",
    "views",
    "unique_viewers",
    "likes",
    "reactions",
    "comments",
    "shares",
    "saves",
    "clicks",
    "follows",
    "profile_visits",
    "watch_time_sec",
    "avg_watch_time_sec",
    "completion_rate",
    "video_duration_sec",
    "engagements_total",  # a platform's own total when it gives no split (LinkedIn TOP POSTS)
)
