"""Readers share helpers from etl/ modules (parsing, timestamps, source, base, meta), never from
another reader: changing one platform's reader must not change another's."""

from __future__ import annotations

import ast
from pathlib import Path

READERS = Path(__file__).resolve().parents[2] / "etl" / "readers"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_no_reader_imports_another_reader():
    readers = sorted(p for p in READERS.glob("*.py") if p.name != "__init__.py")
    assert len(readers) >= 7, readers
    offending = {
        p.name: sorted(m for m in _imported_modules(p) if m.startswith("etl.readers.")) for p in readers
    }
    assert not {k: v for k, v in offending.items() if v}, offending
