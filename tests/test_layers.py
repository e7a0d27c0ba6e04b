"""Data flows one way: domain ← etl ← reactions ← warehouse ← analysis ← reports ← ui; cli beside ui.

An import scan of every module (imports inside functions and importlib calls
included) fails on any upward import, on ui importing cli or cli importing ui,
and on Streamlit imported below the UI. Why a scan rather than import-linter:
the rule is twelve lines here, needs no dependency, and its failure names the
file and line to fix.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RANK = {"domain": 0, "etl": 1, "reactions": 2, "warehouse": 3, "analysis": 4, "reports": 5, "ui": 6, "cli": 6}
UI_ONLY = {"streamlit"}  # never imported below ui


def _modules() -> list[tuple[str, Path]]:
    out = [("ui", ROOT / "dashboard.py")]  # the frame belongs to the UI
    for layer in RANK:
        out += [(layer, p) for p in sorted((ROOT / layer).rglob("*.py"))]
    return out


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, top-level package) of every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name.split(".")[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value.split(".")[0]))
    return found


def _violations() -> list[str]:
    bad = []
    for layer, path in _modules():
        rel = path.relative_to(ROOT)
        for line, target in _imports(path):
            if target in UI_ONLY and RANK[layer] < RANK["ui"]:
                bad.append(f"{rel}:{line} imports {target} (only ui may)")
            if target not in RANK or target == layer:
                continue
            if RANK[target] > RANK[layer] or {layer, target} == {"ui", "cli"}:
                bad.append(f"{rel}:{line}: {layer} imports {target}")
    return bad


def test_no_module_imports_upward():
    assert _violations() == []


def test_every_layer_is_scanned():
    layers = {layer for layer, _ in _modules()}
    assert layers == set(RANK)
    assert len(_modules()) > 60


@pytest.mark.parametrize(
    "layer, source, expected",
    [
        ("etl", "from warehouse.schema import PLATFORMS\n", "etl imports warehouse"),
        ("warehouse", "def f():\n    import ui.common\n", "warehouse imports ui"),
        ("ui", "from cli.metrics import rows_for_json\n", "ui imports cli"),
        ("cli", "import importlib\nimportlib.import_module('ui.pages.data')\n", "cli imports ui"),
        ("reports", "import streamlit as st\n", "imports streamlit (only ui may)"),
    ],
)
def test_the_scan_catches_an_upward_import(tmp_path, monkeypatch, layer, source, expected):
    fake = tmp_path / layer / "bad.py"
    fake.parent.mkdir()
    fake.write_text(source, encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    (tmp_path / "dashboard.py").write_text("", encoding="utf-8")
    assert any(expected in v for v in _violations())
