"""No dead code: vulture finds no unused function, class, variable or import in the product or the
tests, except the names tests/vulture_allowlist.py lists with their reason (`make deadcode`)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

# the product and its tests; bench/ holds stand-alone scripts run by hand
PATHS = [
    "analysis", "cli", "domain", "etl", "reactions", "reports", "ui", "warehouse", "dashboard.py",
    "sample_data/generate.py", "tests",
]  # fmt: skip
MIN_CONFIDENCE = 60


def vulture_command() -> list[str]:
    allow = "tests/vulture_allowlist.py"
    return [sys.executable, "-m", "vulture", *PATHS, allow, "--min-confidence", str(MIN_CONFIDENCE)]


def test_vulture_finds_no_unused_code():
    r = subprocess.run(vulture_command(), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, (
        "unused code (remove it, or list it in tests/vulture_allowlist.py with why it stays):\n"
        + r.stdout
        + r.stderr
    )


def test_vulture_would_catch_an_unused_function(tmp_path):
    """The check itself works: a module with an unused function is reported."""
    (tmp_path / "mod.py").write_text(
        "def used():\n    return 1\n\n\ndef unused():\n    return 2\n\n\nused()\n"
    )
    r = subprocess.run(
        [sys.executable, "-m", "vulture", str(tmp_path / "mod.py"), "--min-confidence", str(MIN_CONFIDENCE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode != 0 and "unused function 'unused'" in r.stdout, r.stdout + r.stderr
