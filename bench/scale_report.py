"""The scale table of bench/RESULTS.md, from the `scale.json` of one or more `bench/scale.py` runs.

Each run keeps its own section (size, machine, commit) between the scale markers, so a
figure is never shown without the run that measured it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
START, END = "<!-- scale:start -->", "<!-- scale:end -->"


def _cell(v: object, unit: str = "") -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, float):
        return f"{v:,.2f}{unit}"
    return f"{v}{unit}"


def section(run: Path) -> str:
    rows = json.loads((run / "scale.json").read_text())
    meta_file = run / "meta.json"
    meta = json.loads(meta_file.read_text()) if meta_file.exists() else {}
    head = f"### {run.name}"
    if meta:
        head += " — " + ", ".join(f"{k}: {v}" for k, v in meta.items())
    lines = [
        head,
        "",
        "| measure | seconds | baseline s | ratio | peak RSS MiB | size / rows | goal | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        size = (
            _cell(round(r["bytes"] / 1e6, 1), " MB") if r.get("bytes") is not None else _cell(r.get("rows"))
        )
        met = "" if r.get("met") is None else ("yes" if r["met"] else "**no**")
        lines.append(
            f"| {r['name']} | {_cell(r.get('seconds'))} | {_cell(r.get('baseline_seconds'))} | "
            f"{_cell(r.get('ratio'), '×')} | {_cell(r.get('peak_rss_mib'))} | {size} | {r.get('goal') or ''} | {met} |"
        )
    return "\n".join(lines)


def write_results(runs: list[Path]) -> None:
    """Replace the scale section of RESULTS.md (added at the end the first time)."""
    body = "\n\n".join(section(r) for r in runs)
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    block = f"{START}\n## Scale (`bench/scale.py`)\n\nTable written at commit {commit}.\n\n{body}\n{END}"
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(text)
