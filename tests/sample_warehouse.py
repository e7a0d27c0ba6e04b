"""The bundled sample loaded into one warehouse file per test run, shared by every xdist worker.

Why: loading sample_data/ (~800 posts, 20k comments) is the most expensive fixture of the suite;
building it once per worker doubled that work and left a worker idle while it waited. Here the
build starts in the background as soon as a worker has collected a test that needs it (the
workers meanwhile run the tests that do not: tests/conftest.py orders those first), under a
file lock, so any process that asks for it gets the same finished, read-only file.

`python -m tests.sample_warehouse FOLDER` builds FOLDER/sample.duckdb (used by that background
start; harmless to run by hand).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = "sample.duckdb"
KEY_NAME = "hmac.key"
TEST_KEY = "5f0c9a3e7b21d4c68e9f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7"  # tests only, never a real key


def run_dir(tmp_path_factory) -> Path:
    """A folder shared by every xdist worker of this run (the run's own basetemp without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def lock(folder: Path, name: str) -> Iterator[None]:
    """An exclusive lock on `name` in `folder`, held across processes (xdist workers, the builder)."""
    with open(folder / f"{name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_key(folder: Path) -> Path:
    """The run's one HMAC key file, created whole under a lock before anyone reads it."""
    from warehouse.loader import pseudonymisation_key

    key = folder / KEY_NAME
    with lock(folder, "hmac"):
        if not key.exists():
            # a fixed key: the sample's pseudonyms, and so the classifier's view of its comments (a handle's
            # characters are part of the text), are the same on every run (tests/data/sample_results.json)
            key.write_text(TEST_KEY, encoding="utf-8")
            key.chmod(0o600)
        prev = os.environ.get("RELAIS_KEY_FILE")
        os.environ["RELAIS_KEY_FILE"] = str(key)
        try:
            pseudonymisation_key()
        finally:
            if prev is None:
                del os.environ["RELAIS_KEY_FILE"]
            else:
                os.environ["RELAIS_KEY_FILE"] = prev
    return key


def ensure_built(folder: Path) -> Path:
    """FOLDER/sample.duckdb, built here unless another process built it (or is building it) first.

    The finished file is read-only: tests open it read-only or copy it, and one that tried to
    write would fail at once instead of racing another worker.
    """
    from tests.golden import build_sample_db

    path = folder / DB_NAME
    with lock(folder, "sample"):
        if not path.exists():
            part = folder / f"{path.stem}.part.duckdb"
            part.unlink(missing_ok=True)
            build_sample_db(part)
            part.chmod(0o444)
            part.rename(path)
    return path


_started: list[subprocess.Popen] = []


def start_in_background(folder: Path) -> None:
    """Start the build in a child process, once per run (the first worker to ask starts it)."""
    marker = folder / "sample.started"
    with lock(folder, "sample-start"):
        if marker.exists() or (folder / DB_NAME).exists():
            return
        marker.touch()
        env = dict(os.environ)
        if "RELAIS_KEY_FILE" not in env and "RELAIS_HMAC_KEY" not in env:  # as tests/conftest.py does
            env["RELAIS_KEY_FILE"] = str(ensure_key(folder))
        log = open(folder / "sample.log", "wb")  # noqa: SIM115 - the child owns it
        _started.append(
            subprocess.Popen(
                [sys.executable, "-m", "tests.sample_warehouse", str(folder)],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        log.close()


def wait_for_background(timeout_s: float = 900) -> None:
    """At the end of the starting worker's session: never leave the builder running or unreaped."""
    for proc in _started:
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    _started.clear()


if __name__ == "__main__":
    ensure_built(Path(sys.argv[1]))
