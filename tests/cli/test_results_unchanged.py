"""Speed work must not change a single figure: the sample warehouse's metrics and comparisons
are those recorded in tests/data/sample_results.json (see tests/golden.py for how and when to
regenerate it on purpose)."""

from __future__ import annotations

import json

from tests.golden import RESULTS, compute, differences


def test_sample_metrics_and_comparisons_are_unchanged(sample_db):
    expected = json.loads(RESULTS.read_text(encoding="utf-8"))
    got = compute(sample_db)
    same_classifier = expected["classifier_version"] == got["classifier_version"]
    diffs = differences(expected, got, same_classifier=same_classifier)
    assert not diffs, "results changed (first 30 differences):\n" + "\n".join(diffs[:30])
    # the comparison must be about something: every recorded section is non-trivial
    assert len(got["metrics"]) >= 10 and all(got["metrics"].values())
    assert any(r.get("rate_ratio") not in (None, 1.0) for r in got["compare"]["format_family"]["rows"])


def test_the_comparison_catches_a_changed_digit():
    expected = json.loads(RESULTS.read_text(encoding="utf-8"))
    row = dict(next(r for r in expected["metrics"]["--by campaign"] if r["engagement_rate"] is not None))
    changed = dict(row, engagement_rate=row["engagement_rate"] * (1 + 1e-9))
    assert differences([row], [changed])
    assert not differences([row], [dict(row)])
    assert differences({"a": 3}, {"a": 4}) and differences({"a": "x"}, {"a": "y"})
