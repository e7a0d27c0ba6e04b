"""Pictures made outside Python: the charts as PNG (Plotly's static export through kaleido and a
Chromium) and a finished deck's slides as PNG (LibreOffice, then pdftoppm).

We never let kaleido download a browser: the path is $RELAIS_CHROMIUM, else $BROWSER_PATH, else
Debian's /usr/bin/chromium (or `chromium` on PATH), passed explicitly to `kaleido.Kaleido(path=...)`.
MathJax is switched off so that nothing is fetched from the network. If the export fails the build
fails with `ReportError`: a deck without its charts would look complete and mislead.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from reports.charts import IMG_H, IMG_W
from reports.content import ReportError

CHROMIUM_ENV = "RELAIS_CHROMIUM"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHART_TIMEOUT_S = 60


def chromium_path() -> str:
    """The Chromium kaleido must use: $RELAIS_CHROMIUM, $BROWSER_PATH, Debian's, or on PATH."""
    for env in (CHROMIUM_ENV, "BROWSER_PATH"):
        p = os.environ.get(env)
        if p:
            if not os.access(p, os.X_OK):
                raise ReportError(f"${env} points to {p}, which is not an executable Chromium")
            return p
    for p in CHROMIUM_CANDIDATES:
        if os.access(p, os.X_OK):
            return p
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    raise ReportError(
        "charts need a Chromium for Plotly's static export and none was found: install Debian's "
        "(apt-get install chromium) or set RELAIS_CHROMIUM to its path. The deck was not written."
    )


def render_pngs(figures: Sequence[go.Figure], width: int = IMG_W, height: int = IMG_H) -> list[bytes]:
    """PNG bytes of every figure, with one Chromium for all; ReportError if any fails."""
    if not figures:
        return []
    path = chromium_path()
    try:
        import kaleido
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ReportError("kaleido is not installed: pip install 'kaleido>=1'") from exc

    async def run() -> list[bytes]:
        out = []
        async with kaleido.Kaleido(path=path, n=1, timeout=CHART_TIMEOUT_S, mathjax=False) as k:
            for fig in figures:
                out.append(
                    await k.calc_fig(
                        fig, opts={"format": "png", "width": width, "height": height, "scale": 1}
                    )
                )
        return out

    box: dict[str, Any] = {}

    def target() -> None:  # own thread and loop: callers (Streamlit) may already run one
        try:
            box["out"] = asyncio.run(run())
        except BaseException as exc:  # noqa: BLE001 - reported below
            box["err"] = exc

    # choreographer logs benign protocol hiccups as tracebacks; real failures raise below
    quiet = [logging.getLogger(n) for n in ("choreographer", "kaleido")]
    levels = [lg.level for lg in quiet]
    for lg in quiet:
        lg.setLevel(logging.CRITICAL)
    try:
        th = threading.Thread(target=target, name="relais-kaleido", daemon=True)
        th.start()
        th.join(CHART_TIMEOUT_S * (len(figures) + 1))
    finally:
        for lg, level in zip(quiet, levels):
            lg.setLevel(level)
    if th.is_alive():
        raise ReportError(
            "the chart export did not finish in time (Chromium stuck?); the deck was not written"
        )
    if "err" in box:
        exc = box["err"]
        raise ReportError(
            f"the charts could not be exported as images with Chromium at {path} "
            f"({type(exc).__name__}: {exc}); the deck was not written"
        ) from exc
    pngs = box.get("out") or []
    if len(pngs) != len(figures) or not all(p[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs):
        raise ReportError(
            "the chart export returned something other than PNG images; the deck was not written"
        )
    return pngs


def slide_images(pptx: bytes, out_dir: Path, dpi: int = 60) -> list[Path]:
    """Every slide of a deck as a PNG (slide-01.png…), rendered by LibreOffice then pdftoppm.

    Why: a deck is checked the way a client sees it (text that overflows, a chart off
    the slide), in tests and in the browser walk's screenshots. Needs Debian's
    libreoffice-impress and poppler-utils (`.ci/run` installs them).
    """
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        raise ReportError("rendering slides needs LibreOffice (soffice) and pdftoppm (poppler-utils)")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="relais-slides-") as tmp:
        work = Path(tmp)
        deck = work / "deck.pptx"
        deck.write_bytes(pptx)
        profile = (work / "lo-profile").as_uri()  # its own profile: no clash with a running LibreOffice
        run = subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
             "--outdir", str(work), str(deck)],
            capture_output=True, text=True, timeout=240, env={**os.environ, "HOME": str(work)},
        )  # fmt: skip
        pdf = work / "deck.pdf"
        if run.returncode != 0 or not pdf.exists():
            raise ReportError(
                f"LibreOffice could not render the deck: {run.stderr.strip() or run.stdout.strip()}"
            )
        for old in out_dir.glob("slide-*.png"):
            old.unlink()
        subprocess.run(
            [pdftoppm, "-png", "-r", str(dpi), str(pdf), str(out_dir / "slide")], check=True, timeout=240
        )
    pages = sorted(out_dir.glob("slide-*.png"))
    if not pages:
        raise ReportError("pdftoppm wrote no image")
    return pages
