"""Shared fixtures: every test gets its own real DuckDB file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.schema import apply_migrations

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _isolated_pseudonymisation_key(tmp_path_factory):
    """Tests never create or read the user's real HMAC key file (~/.config/relais/hmac.key)."""
    import os

    if "RELAIS_KEY_FILE" not in os.environ and "RELAIS_HMAC_KEY" not in os.environ:
        os.environ["RELAIS_KEY_FILE"] = str(tmp_path_factory.mktemp("key") / "hmac.key")
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


SAMPLE = ROOT / "sample_data"
# what `make run` loads: the roster and the platform exports (not the templates)
SAMPLE_INPUTS = [SAMPLE / "roster", SAMPLE / "exports"]


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """A warehouse file with the bundled sample data loaded once per test session (per worker).

    Tests must open it read-only (or copy it) so that they cannot affect each other.
    """
    import datetime as dt

    from etl.base import LoadOptions
    from warehouse.loader import load_paths

    if not any(SAMPLE.rglob("*.csv")):
        pytest.skip("sample_data/ is empty: run `make sample`")
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    c = duckdb.connect(str(path))
    apply_migrations(c)
    summaries = load_paths(c, SAMPLE_INPUTS, LoadOptions(today=dt.date(2026, 11, 23)))
    c.close()
    failed = [(s.file, s.message) for s in summaries if s.status == "failed"]
    assert not failed, failed
    return path


@pytest.fixture
def env_db(tmp_path, monkeypatch) -> Path:
    """RELAIS_DB pointing at a warehouse file that does not exist yet (the page or load creates it)."""
    from warehouse import uploads

    db = tmp_path / "wh" / "relais.duckdb"
    monkeypatch.setenv("RELAIS_DB", str(db))
    monkeypatch.delenv(uploads.MAX_UPLOAD_ENV, raising=False)
    return db
