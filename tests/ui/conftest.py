"""Warehouses for the UI tests: an empty one, and a writable copy of the sample."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from warehouse.schema import apply_migrations


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    con = duckdb.connect(str(path))
    apply_migrations(con)
    con.close()
    return path


@pytest.fixture
def writable_sample(sample_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sample_copy.duckdb"
    shutil.copyfile(sample_db, target)
    return target
