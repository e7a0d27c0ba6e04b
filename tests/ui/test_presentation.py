"""What a client sees first: key columns lead every table, the favicon is local, every page has a URL.

The visual checks (headline size in presentation mode, one chart per screen, no
request leaving the machine, `/overview` on a cold start) need a real browser
and live in tests/ui/test_browser.py; these are the parts AppTest can see.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
KEY = {"engagement_rate", "engagement_rate_ci_low", "engagement_rate_ci_high", "cpe"}


def _app(db: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("RELAIS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    return at


def _orders(at: AppTest) -> list[list[str]]:
    return [list(df.proto.column_order) for df in at.dataframe]


@pytest.mark.parametrize(
    ("page", "first_col"),
    [("ui/pages/campaigns.py", "campaign_label"), ("ui/pages/profiles.py", "influencer")],
)
def test_tables_lead_with_rate_interval_and_cost(sample_db, monkeypatch, page, first_col):
    """At 1440 px about six columns show: the rate, its interval and the cost must be among them."""
    at = _app(sample_db, monkeypatch)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    orders = [o for o in _orders(at) if o and o[0] == first_col]
    assert orders, _orders(at)
    assert KEY <= set(orders[0][:6]), orders[0]


def test_level_tables_and_pv_queue_lead_with_their_key_columns(sample_db, monkeypatch):
    at = _app(sample_db, monkeypatch)
    at.run()
    at.switch_page("ui/pages/formats.py").run()
    level = [o for o in _orders(at) if o and o[0] == "level_label"]
    assert level and KEY <= set(level[0][:6]), _orders(at)
    at.switch_page("ui/pages/compliance.py").run()
    pv = [o for o in _orders(at) if "comment_text" in o]
    assert pv and pv[0][0] == "due_at", _orders(at)


def test_favicon_is_a_local_file_not_a_material_icon():
    """A Material-icon favicon is drawn from a remote font server: the icon is a PNG the app serves."""
    import ast

    tree = ast.parse((ROOT / "dashboard.py").read_text())
    icons = [
        kw.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "set_page_config"
        for kw in node.keywords
        if kw.arg == "page_icon"
    ]
    assert len(icons) == 1
    assert not (isinstance(icons[0], ast.Constant) and str(icons[0].value).startswith(":material")), (
        "page_icon must be the local file"
    )
    png = ROOT / "ui" / "static" / "favicon.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_overview_and_campaigns_show_budget_spend_and_costs(sample_db, monkeypatch):
    """Point 7: money on the Overview (tiles) and the Campaigns page (table columns), from the registry."""
    import duckdb

    from warehouse import metrics
    from warehouse.filters import Filters

    with duckdb.connect(str(sample_db), read_only=True) as con:
        row = metrics.aggregate(con, [], Filters(scope="campaigns")).iloc[0]
    at = _app(sample_db, monkeypatch)
    at.run()
    assert not at.exception
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Budget"] == f"€{row['budget']:,.0f}"
    assert tiles["Fee (allocated)"] == f"€{row['fee_allocated']:,.0f}"
    assert tiles["Spend vs budget"] == f"{row['spend_vs_budget'] * 100:.0f}%"
    assert tiles["Cost per engagement"] == f"€{row['cpe']:,.2f}"
    at.switch_page("ui/pages/campaigns.py").run()
    order = [o for o in _orders(at) if o and o[0] == "campaign_label"][0]
    assert {"budget", "fee_allocated", "spend_vs_budget", "cpe", "cpm", "cost_per_useful_reaction"} <= set(
        order
    )
