"""Campaigns page (AppTest): the own-history benchmark section, both languages, and its short-history state."""

from __future__ import annotations

import pandas as pd

from tests.ui.apptest import app, no_exception
from ui.i18n.fr import STRINGS as _FR


def test_history_section_on_the_sample(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch)
    at.switch_page("ui/pages/campaigns.py").run()
    no_exception(at, "campaigns")
    assert "Against your own history" in [s.value for s in at.subheader]
    # the sample's earlier campaign MB26 gives OR26's Instagram health professionals three earlier campaigns:
    # those rows are placed; the others say there is not enough history (the table's own column)
    table = next(d.value for d in at.dataframe if isinstance(d.value, pd.DataFrame) and "position" in d.value)
    placed = table[table["position"].isin(["above", "within", "below"])]
    assert len(placed) and set(placed["campaign_id"]) == {"OR26"} and set(placed["history_campaigns"]) == {3}
    assert "not_enough_history" in set(table["position"])
    assert not any("Not enough history yet" in i.value for i in at.info)  # only when nothing is placed
    assert set(table["metric"]) == {"engagement_rate", "cpe", "useful_reaction_share"}
    at = app(sample_db, monkeypatch, locale="fr-FR")
    at.switch_page("ui/pages/campaigns.py").run()
    no_exception(at, "campaigns fr")
    assert "Par rapport à votre historique" in [s.value for s in at.subheader]
    table = next(d.value for d in at.dataframe if isinstance(d.value, pd.DataFrame) and "position" in d.value)
    placed_fr = {_FR[f"camp_pos_{p}"] for p in ("above", "within", "below")}
    assert set(table["position_label"]) & placed_fr and _FR["camp_pos_not_enough_history"] in set(
        table["position_label"]
    )
