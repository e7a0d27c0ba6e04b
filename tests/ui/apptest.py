"""Helpers for driving the dashboard through Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "dashboard.py")
PAGES = [
    "ui/pages/campaigns.py",
    "ui/pages/formats.py",
    "ui/pages/profiles.py",
    "ui/pages/reactions.py",
    "ui/pages/hashtags.py",
    "ui/pages/owned.py",
    "ui/pages/posts.py",
    "ui/pages/compliance.py",
    "ui/pages/data.py",
]
TIMEOUT = 60


def app(db: Path, monkeypatch, locale: str = "en-US", **query: str) -> AppTest:
    monkeypatch.setenv("RELAIS_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.context = {"locale": locale}
    for k, v in query.items():
        at.query_params[k] = v
    return at


def no_exception(at: AppTest, where: str) -> None:
    assert not at.exception, f"{where}: {[e.message for e in at.exception]}"


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return found[0]


def as_int(text: str) -> int:
    return int(text.replace(",", "").replace("\u202f", "").replace(" ", ""))


def markdown_texts(at: AppTest) -> str:
    """Everything rendered as Markdown (markdown, captions, info boxes, titles)."""
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [e.value for e in at.info] + [e.value for e in at.warning] + [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


def sql(db: Path, query: str, params: list | None = None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()
