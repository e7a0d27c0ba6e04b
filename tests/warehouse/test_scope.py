"""Campaign scope: which posts a selection covers by their campaign (issue 10, point 4).

Posts that match no campaign (an influencer's other posts, an export dropped by
mistake) must not move the dashboard's figures: the default view is the
campaigns' posts. They stay reachable on purpose (scope "unassigned" / "all"),
and a safety case is never hidden by the scope.
"""

from __future__ import annotations

import duckdb
import pytest

from warehouse.filters import Filters
from warehouse.metrics import aggregate, filter_options, headline


def test_scope_where_sql_and_round_trip():
    assert Filters(scope="campaigns").where_sql("b") == ("b.campaign_id IS NOT NULL", [])
    # the client's own pages' posts belong to no campaign on purpose: never "to assign"
    assert Filters(scope="unassigned").where_sql() == (
        "campaign_id IS NULL AND (influencer_id IS NULL OR "
        "influencer_id NOT IN (SELECT influencer_id FROM owned_pages))",
        [],
    )
    assert Filters().where_sql() == ("TRUE", [])  # the library default keeps every post (CLI unchanged)
    f = Filters(scope="campaigns", platforms=("tiktok",))
    assert Filters.from_dict(f.to_dict()) == f and f.to_dict()["scope"] == "campaigns"
    assert not f.is_empty() and not f.only_scope() and Filters(scope="campaigns").only_scope()
    with pytest.raises(ValueError, match="unknown scope"):
        Filters(scope="everything")


def test_campaign_scope_leaves_out_unassigned_posts_on_the_sample(sample_db):
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        # the owned pages' posts belong to no campaign on purpose: neither assigned nor "to assign"
        assigned, unassigned, owned = con.execute(
            "SELECT count(campaign_id), count(*) FILTER (WHERE campaign_id IS NULL AND NOT o), "
            "count(*) FILTER (WHERE campaign_id IS NULL AND o) "
            "FROM (SELECT *, influencer_id IN (SELECT influencer_id FROM owned_pages) AS o FROM posts)"
        ).fetchone()
        assert unassigned > 0 and owned > 0  # the sample has posts outside any campaign, and owned pages'
        owned_engagements = headline(
            con, Filters(influencers=["instagram:helora.sante", "linkedin:laboratoires-helora"])
        )["engagements"]
        every = headline(con)
        camp = headline(con, Filters(scope="campaigns"))
        alone = headline(con, Filters(scope="unassigned"))
        opts = filter_options(con)
        by_campaign = aggregate(con, ["campaign"], Filters(scope="campaigns"))
        pv_total = con.execute("SELECT count(*) FROM pv_cases WHERE status IN ('new', 'triaged')").fetchone()[
            0
        ]
    finally:
        con.close()
    assert camp["posts"] == assigned and alone["posts"] == unassigned
    assert every["posts"] == assigned + unassigned + owned
    assert every["engagements"] == pytest.approx(
        camp["engagements"] + alone["engagements"] + owned_engagements
    )
    assert (opts["posts_assigned"], opts["posts_unassigned"], opts["posts_owned"]) == (
        assigned,
        unassigned,
        owned,
    )
    assert by_campaign["campaign_id"].notna().all()  # no "unassigned" row in the default view
    # the default view's scope never hides a pharmacovigilance case
    assert camp["open_pv_items"] == every["open_pv_items"] == pv_total
