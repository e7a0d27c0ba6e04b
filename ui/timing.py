"""Server time of each script run, for bench/scale.py (off unless $RELAIS_TIMING_LOG names a file).

Why: the scale benchmark drives the dashboard from a real browser and needs the
time the server spent producing each page, not the browser's paint time. Each
run appends one JSON line: page, seconds, what ran (page or findings fill-in),
and the process's peak RSS so far.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "RELAIS_TIMING_LOG"
_LOCK = threading.Lock()


def peak_rss_kib() -> int | None:
    """VmHWM of this process (Linux), in KiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


@contextmanager
def timed(page: str | None = None, what: str = "page") -> Iterator[dict]:
    """Time the block and log it when the benchmark asks for it (errors and st.stop() included).

    Yields a dict: set its "page" once known (the frame learns it from the navigation).
    """
    path = os.environ.get(ENV)
    info = {"page": page}
    if not path:
        yield info
        return
    started = time.perf_counter()
    try:
        yield info
    finally:
        rec = {
            "page": info.get("page"),
            "what": what,
            "seconds": round(time.perf_counter() - started, 4),
            "at": time.time(),
            "peak_rss_kib": peak_rss_kib(),
        }
        with _LOCK, open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec) + "\n")


def rows_of(value: object) -> int | None:
    """Rows a query handed to the page (DataFrames only)."""
    shape = getattr(value, "shape", None)
    return int(shape[0]) if shape else None


@contextmanager
def query(name: str) -> Iterator[dict]:
    """Time one warehouse query of a page (cache misses only) and the rows it returned."""
    path = os.environ.get(ENV)
    info: dict = {"rows": None}
    if not path:
        yield info
        return
    started = time.perf_counter()
    try:
        yield info
    finally:
        rec = {
            "query": name,
            "seconds": round(time.perf_counter() - started, 4),
            "rows": info["rows"],
            "at": time.time(),
        }
        with _LOCK, open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(rec) + "\n")
