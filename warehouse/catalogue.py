"""The metric catalogue: what every number on screen means, in English and French.

Generated from `warehouse.registry` (the one place a metric is declared): the
definitions table of the Data page, tooltips, and the metric versions an
exported report stores (`metric_versions`) so that a figure can be traced back
to the definition in force when it was produced.
"""

from __future__ import annotations

import pandas as pd

from warehouse import registry
from warehouse.registry import LANGS, Metric


def _lang(lang: str) -> str:
    code = (lang or "en").lower()[:2]
    if code not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")
    return code


def catalogue_df(lang: str = "en") -> pd.DataFrame:
    """The registry as a table in one language (the 'definitions' page, the report's method section)."""
    code = _lang(lang)
    rows = [
        {
            "name": m.name,
            "label": m.text(code),
            "formula": m.formula,
            "unit": m.unit,
            "version": m.version,
            "description": m.describe(code),
            "format": m.format,
            "fallback": m.fallback,
        }
        for m in registry.entries()
    ]
    return pd.DataFrame(rows)


def metric(name: str) -> Metric | None:
    """The registry entry of a column (None when unknown)."""
    return registry.get(name)


def metric_label(name: str, lang: str = "en") -> str:
    """Display label; an unknown name comes back unchanged so any column can be labelled safely."""
    m = registry.get(name)
    return name if m is None else m.text(_lang(lang))


def metric_help(name: str, lang: str = "en") -> str:
    """Tooltip text: description then formula (empty for unknown names)."""
    m = registry.get(name)
    if m is None:
        return ""
    code = _lang(lang)
    desc = m.describe(code)
    if not m.formula:
        return desc
    return f"{desc}\n\nFormule : {m.formula}" if code == "fr" else f"{desc}\n\nFormula: {m.formula}"


def metric_format(name: str) -> str | None:
    """Python format spec of a metric (None for unknown names and text columns)."""
    m = registry.get(name)
    return m.format if m else None


def metric_versions() -> dict[str, str]:
    """name -> version, stored with every exported report."""
    return {m.name: m.version for m in registry.entries()}
