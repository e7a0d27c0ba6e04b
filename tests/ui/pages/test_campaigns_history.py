"""Campaigns page (AppTest): the own-history benchmark section, both languages, and its short-history state."""

from __future__ import annotations

import pandas as pd

from tests.ui.apptest import app, no_exception


def test_history_section_on_the_sample(sample_db, monkeypatch):
    at = app(sample_db, monkeypatch)
    at.switch_page("ui/pages/campaigns.py").run()
    no_exception(at, "campaigns")
    assert "Against your own history" in [s.value for s in at.subheader]
    # the sample has four campaigns: no cell has three earlier ones, and the page says so
    assert any("Not enough history yet" in i.value for i in at.info)
    table = next(d.value for d in at.dataframe if isinstance(d.value, pd.DataFrame) and "position" in d.value)
    assert set(table["position"]) == {"not_enough_history"}
    assert set(table["metric"]) == {"engagement_rate", "cpe", "useful_reaction_share"}
    at = app(sample_db, monkeypatch, locale="fr-FR")
    at.switch_page("ui/pages/campaigns.py").run()
    no_exception(at, "campaigns fr")
    assert "Par rapport à votre historique" in [s.value for s in at.subheader]
    assert any("Historique insuffisant" in i.value for i in at.info)
