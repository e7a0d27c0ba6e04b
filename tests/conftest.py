"""Shared fixtures: every test gets its own real DuckDB file."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from tests import sample_warehouse
from tests.golden import SAMPLE
from warehouse.schema import apply_migrations

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


# Files that take minutes (measured with --durations on 2 cores): started right after the browser
# walk, longest first, so that neither worker is left with a long file at the end of the run.
LONG_FILES = (
    "tests/hostile/test_interrupt.py",
    "tests/reports/test_report.py",
    "tests/cli/test_cli.py",
    "tests/hostile/test_limits.py",
    "tests/hostile/test_derived_steps.py",
    "tests/etl/test_readers_comments.py",
    "tests/hostile/test_outputs.py",
    "tests/analysis/test_compare.py",
    "tests/hostile/test_dashboard_lock.py",
)


def pytest_collection_modifyitems(config, items: list[pytest.Item]) -> None:
    """The browser walk first (the longest file), then the other long files, the tests on the
    sample warehouse last.

    The sample warehouse is built in the background meanwhile (tests/sample_warehouse.py), so no
    worker waits for it. A stable sort: the order within each group is the collected one. `make
    test` passes `--no-loadscope-reorder`: pytest-xdist would otherwise send the files with the
    most tests first, which put the browser walk (three tests) at the very end of the run.
    """

    def group(item: pytest.Item) -> tuple[int, int]:
        if item.get_closest_marker("browser"):
            return (0, 0)
        if "sample_db" in getattr(item, "fixturenames", ()):
            return (3, 0)
        where = item.nodeid.split("::")[0]
        if where in LONG_FILES:
            return (1, LONG_FILES.index(where))
        return (2, 0)

    items.sort(key=group)


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    if any("sample_db" in getattr(i, "fixturenames", ()) for i in session.items) and any(
        SAMPLE.rglob("*.csv")
    ):
        sample_warehouse.start_in_background(sample_warehouse.run_dir(session.config._tmp_path_factory))


def pytest_sessionfinish(session: pytest.Session) -> None:
    sample_warehouse.wait_for_background()


@pytest.fixture(scope="session", autouse=True)
def _isolated_pseudonymisation_key(tmp_path_factory):
    """Tests never create or read the user's real HMAC key file (~/.config/relais/hmac.key).

    One key file for the whole run, shared by the xdist workers and the sample build, so that
    the sample warehouse pseudonymises exactly as every worker would.
    """
    if "RELAIS_KEY_FILE" not in os.environ and "RELAIS_HMAC_KEY" not in os.environ:
        os.environ["RELAIS_KEY_FILE"] = str(
            sample_warehouse.ensure_key(sample_warehouse.run_dir(tmp_path_factory))
        )
    yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "relais.duckdb"


@pytest.fixture
def con(db_path: Path):
    """A read-write connection on a fresh, migrated warehouse file."""
    c = duckdb.connect(str(db_path))
    apply_migrations(c)
    yield c
    c.close()


def shared_path(*parts: str) -> Path:
    """A path under ../shared/, skipping the test when that material is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not available")
    return p


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """A read-only warehouse file with the bundled sample data (what `make run` loads), built
    once per test run and shared by the xdist workers (tests/sample_warehouse.py).

    Tests open it read-only or copy it.
    """
    if not any(SAMPLE.rglob("*.csv")):
        pytest.skip("sample_data/ is empty: run `make sample`")
    return sample_warehouse.ensure_built(sample_warehouse.run_dir(tmp_path_factory))


@pytest.fixture
def env_db(tmp_path, monkeypatch) -> Path:
    """RELAIS_DB pointing at a warehouse file that does not exist yet (the page or load creates it)."""
    from warehouse import uploads

    db = tmp_path / "wh" / "relais.duckdb"
    monkeypatch.setenv("RELAIS_DB", str(db))
    monkeypatch.delenv(uploads.MAX_UPLOAD_ENV, raising=False)
    return db
