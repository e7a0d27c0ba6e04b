"""Compliance page (AppTest): a PV status change needs who and why and lands in the audit trail."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.ui.apptest import app, no_exception, sql


def test_pv_status_change_needs_who_and_why_and_lands_in_the_audit_trail(writable_sample, monkeypatch):
    open_cases = sql(writable_sample, "SELECT count(*) FROM pv_cases WHERE status IN ('new', 'triaged')")[0][
        0
    ]
    if not open_cases:
        pytest.skip("the sample has no open pharmacovigilance case")
    at = app(writable_sample, monkeypatch)
    at.run()
    at.switch_page("ui/pages/compliance.py").run()
    no_exception(at, "compliance")
    case = at.selectbox(key="comp_pv_case").value
    before = sql(writable_sample, "SELECT status FROM pv_cases WHERE comment_id = ?", [case])[0][0]
    at.selectbox(key="pv_new_status").set_value("triaged" if before == "new" else "not_a_case")
    at.button[[b.label for b in at.button].index("Change the status")].click().run()
    assert any("who you are" in e.value for e in at.error)
    at.text_input(key="pv_who").input("Dr Martin")
    at.text_area(key="pv_why").input("vertiges rapportés, à évaluer")
    at.button[[b.label for b in at.button].index("Change the status")].click().run()
    no_exception(at, "after PV change")
    trail = sql(
        writable_sample,
        "SELECT from_status, changed_by, reason FROM pv_audit WHERE comment_id = ? ORDER BY audit_id DESC LIMIT 1",
        [case],
    )
    assert trail == [(before, "Dr Martin", "vertiges rapportés, à évaluer")]
    # the audit trail table is on the page, and the queue offers its export
    assert any(isinstance(d.value, pd.DataFrame) and "Dr Martin" in d.value.to_string() for d in at.dataframe)
