"""Every output is neutralised and escaped: CSV/XLSX formulas, Markdown, terminal control characters.

Before: `relais metrics --csv` wrote live formulas; st.dataframe's toolbar exported them too; the
Data page rendered a failed file's first line as Markdown (a remote image was fetched); `load`,
`status` and `rejects` printed escape sequences and line breaks from file names and values raw.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from warehouse.exporting import to_csv_text, to_xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
FORMULA = '=HYPERLINK("http://127.0.0.1:9/x","click")'
CAMPAIGNS = (
    "campaign_id,name,client,therapeutic_area,start_date,end_date,hashtags,budget,currency\n"
    f'OR26,"{FORMULA.replace(chr(34), chr(34) * 2)}",@SUM(A1),onco,2026-01-01,2026-12-31,#rose,1000,EUR\n'
)
ROSTER = (
    "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency,hcp_agreement_ref\n"
    "OR26,instagram,claire,+Claire,health_professional,,5000,100,EUR,\n"
)
IG = (
    '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)","Publish time",'
    'Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n'
    '18000000000000001,1,claire,Claire,"Bonjour #rose",10,"10/03/2026 08:24",'
    'https://www.instagram.com/reel/A/,"IG reel",,Lifetime,100,80,10,1,0,2,3\n'
    '18000000000000002,1,claire,Claire,"x",10,"10/04/2026 08:24",'
    'https://www.instagram.com/reel/B/,"IG reel",,Lifetime,100,80,"\x1b[2K\x1b[32mAll rows loaded OK\x1b[0m",1,0,2,3\n'
)


def relais(*args: str, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args, "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ},
    )  # fmt: skip


def _load(tmp: Path) -> tuple[Path, subprocess.CompletedProcess]:
    folder = tmp / "in"
    folder.mkdir()
    (folder / "campaigns.csv").write_text(CAMPAIGNS, encoding="utf-8")
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
    # a file name that tries to fake a line and clear the terminal
    (folder / "ig\nAll rows loaded OK\x1b[2K.csv").write_text(IG, encoding="utf-8")
    db = tmp / "w.duckdb"
    return db, relais("load", str(folder), db=db)


def test_metrics_csv_neutralises_formulas(tmp_path):
    db, r = _load(tmp_path)
    out = relais("metrics", "--by", "campaign", "--csv", db=db)
    assert out.returncode == 0, out.stderr
    df = pd.read_csv(io.StringIO(out.stdout), dtype=str)
    assert df.loc[0, "campaign_name"] == "'" + FORMULA
    assert not any(str(v).startswith(("=", "@", "+")) for v in df.to_numpy().ravel())


def test_terminal_output_escapes_control_characters(tmp_path):
    db, load = _load(tmp_path)
    outputs = {"load": load, "status": relais("status", db=db), "rejects": relais("rejects", db=db)}
    for name, r in outputs.items():
        text = r.stdout + r.stderr
        assert "\x1b" not in text, name
        # a faked line never starts a line of its own
        assert not any(line.startswith("All rows loaded OK") for line in text.splitlines()), name
    assert "\\x1b[2K" in outputs["rejects"].stdout and "\\n" in outputs["status"].stdout


def test_exports_neutralise_leading_spaces_and_line_breaks():
    df = pd.DataFrame({"a": [" =1+1", "\n=1", "-2", "ok", "@x"]})
    assert list(pd.read_csv(io.StringIO(to_csv_text(df)), dtype=str)["a"]) == [
        "' =1+1", "'\n=1", "'-2", "ok", "'@x",
    ]  # fmt: skip
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(df)))
    cells = [c.value for c in wb.active["A"]][1:]
    assert cells[0] == "' =1+1" and all(c.data_type == "s" for c in wb.active["A"])


def test_streamlit_table_toolbar_export_is_disabled(tmp_path, monkeypatch):
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["client"]["disableDataExport"] is True
    monkeypatch.setenv("RELAIS_DB", str(tmp_path / "w.duckdb"))
    import streamlit as st

    st.set_option("client.disableDataExport", False)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert st.get_option("client.disableDataExport") is True


def test_data_page_never_renders_file_content_as_markdown(tmp_path, monkeypatch):
    monkeypatch.setenv("RELAIS_DB", str(tmp_path / "w.duckdb"))
    payload = "![x](http://127.0.0.1:9/probe.png) <img src=x onerror=alert(1)> **bold**"
    at = AppTest.from_file(str(ROOT / "ui" / "pages" / "data.py"), default_timeout=60)
    at.session_state["data_last"] = {
        "summaries": [
            {"file": f"{payload}.csv", "status": "failed", "message": f"not a recognised export: {payload}",
             "notes": [], "step_errors": [payload]},
            {"file": f"{payload}2.csv", "status": "already_loaded", "message": payload, "rejected": 2,
             "notes": []},
        ],
        "refused": [(f"{payload}.exe", "unknown_kind", payload)],
        "skipped": [payload],
    }  # fmt: skip
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    bodies = [e.value for kind in ("error", "info", "warning", "success", "markdown", "caption")
              for e in getattr(at, kind)]  # fmt: skip
    shown = [b for b in bodies if "probe" in b]
    assert len(shown) >= 5
    unescaped = re.compile(r"(?<!\\)!(?<!\\)\[|(?<!\\)<img|(?<!\\)\*(?<!\\)\*bold")
    for b in shown:
        assert not unescaped.search(b), b
