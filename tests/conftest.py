"""Shared fixtures: every test gets its own real DuckDB file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.schema import apply_migrations

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


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
