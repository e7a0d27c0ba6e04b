"""What is in the warehouse (not metrics): counts and the loaded campaigns."""

from __future__ import annotations

import duckdb
import pandas as pd


def warehouse_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of the main tables: the dashboard's empty state and the Data page use them."""
    out = {}
    for table in (
        "campaigns",
        "influencers",
        "posts",
        "post_metrics",
        "account_metrics",
        "comments",
        "load_files",
        "rejects",
    ):
        out[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return out


def loaded_campaigns(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Campaigns with their window and how many posts/influencers were matched to them."""
    return con.execute(
        """
        SELECT c.campaign_id, c.name, c.client, c.therapeutic_area, c.start_date, c.end_date,
               count(DISTINCT p.post_id) AS posts,
               count(DISTINCT p.influencer_id) AS influencers,
               (SELECT count(*) FROM roster r WHERE r.campaign_id = c.campaign_id) AS roster_size
        FROM campaigns c LEFT JOIN posts p ON p.campaign_id = c.campaign_id
        GROUP BY ALL ORDER BY c.start_date NULLS LAST, c.campaign_id
        """
    ).df()
