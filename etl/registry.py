"""Which reader handles a file: every module in `etl.readers` exposes `READERS`.

Detection looks at content only (headers, preamble, sheet names), never at the
file name, because analysts rename files and browsers add " (2)" suffixes.
"""

from __future__ import annotations

import importlib
import pkgutil

import duckdb

import etl.readers
from etl.base import Reader
from etl.source import Source


def all_readers() -> list[Reader]:
    readers: list[Reader] = []
    for mod in sorted(pkgutil.iter_modules(etl.readers.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"etl.readers.{mod.name}")
        readers.extend(getattr(module, "READERS", []))
    return readers


def detect(source: Source) -> tuple[Reader | None, float]:
    best: Reader | None = None
    best_score = 0.0
    for reader in all_readers():
        try:
            score = reader.detect(source)
        except Exception as exc:  # a reader that cannot even look at the file does not claim it
            if isinstance(exc, duckdb.InterruptException):  # Ctrl-C is not a verdict on the file
                raise
            score = 0.0
        if score > best_score:
            best, best_score = reader, score
    return best, best_score
