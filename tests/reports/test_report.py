"""Client report: the deck opens with python-pptx and has its slides and chart pictures; the HTML
page carries every chart and escapes hostile text; the CLI; failures write nothing."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from analysis import findings as fx
from cli.main import main as cli_main
from reports.report import ReportError, build_report, gather, report_bytes
from tests.exports import HOSTILE, HOSTILE_NAME, write_fixture_exports
from warehouse import metrics
from warehouse.db import connect
from warehouse.filters import Filters
from warehouse.loader import load_paths

CHROMIUM = os.environ.get("RELAIS_CHROMIUM") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK), reason=f"no Chromium at {CHROMIUM} for Plotly's static export"
)
SLIDES = {
    "fr": [
        "Rapport de campagne", "Chiffres clés", "Formats", "Profils d'influenceurs", "Réactions du public",
        "Synthèse conformité", "Publications les plus engageantes", "Notes de méthode",
    ],
    "en": [
        "Campaign report", "Headline figures", "Formats", "Influencer profiles", "Audience reactions",
        "Compliance summary", "Top posts by engagements", "Method notes",
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("report")
    db = root / "relais.duckdb"
    files = write_fixture_exports(root / "in", hostile=True)
    with connect(db) as con:
        summaries = load_paths(con, files)
    assert all(s.status == "loaded" for s in summaries), [s.message for s in summaries]
    return db


@pytest.fixture
def ro(warehouse):
    with connect(warehouse, read_only=True) as con:
        yield con


def _deck_text(prs) -> str:
    out = []
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.has_text_frame:
                out.append(sh.text_frame.text)
            if sh.has_table:
                out.extend(c.text for row in sh.table.rows for c in row.cells)
    return "\n".join(out)


@needs_chromium
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_deck_has_slides_and_chart_pictures(ro, tmp_path, lang):
    out = build_report(ro, ["OR26"], lang, tmp_path / f"deck_{lang}.pptx")
    prs = Presentation(str(out))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles == SLIDES[lang]
    data = gather(ro, ["OR26"], lang)
    pictures = {
        s.shapes.title.text: sum(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in s.shapes)
        for s in prs.slides
    }
    with_chart = {sec.title for sec in data.sections if sec.figure is not None}
    assert {SLIDES[lang][1], SLIDES[lang][2], SLIDES[lang][3]} <= with_chart  # headline, formats, profiles
    for title, n in pictures.items():
        assert n == (1 if title in with_chart else 0), title
    for slide in prs.slides:
        for sh in slide.shapes:
            if sh.shape_type == MSO_SHAPE_TYPE.PICTURE:
                assert sh.image.blob[:8] == b"\x89PNG\r\n\x1a\n" and sh.image.size[0] >= 800

    # the numbers are the metrics module's, formatted in the report's language
    head = metrics.headline(ro, Filters(campaigns=("OR26",)))
    text = _deck_text(prs)
    assert fx.fmt_int(head["reach"], lang) in text
    assert fx.fmt_percent(head["engagement_rate"], lang, 2) in text
    assert ("Octobre Rose " + HOSTILE_NAME) in text  # plain text in a deck: shown as typed, not run
    assert HOSTILE in text  # the caption, in the top posts table
    assert "engagement_rate 1.0" in text  # metric versions in the method notes


def test_html_has_every_chart_and_escapes_text(ro, tmp_path):
    out = build_report(ro, ["OR26"], "en", tmp_path / "report.html")
    page = out.read_text(encoding="utf-8")
    data = gather(ro, ["OR26"], "en")
    n_charts = len(data.figures)
    assert n_charts >= 3
    assert page.count('class="plotly-graph-div"') == n_charts
    assert page.count("Plotly.newPlot(") == n_charts
    # offline: plotly.js inline once, nothing fetched
    assert "<script src=" not in page and 'src="http' not in page and "<link" not in page
    assert page.count("<script") == 1 + n_charts
    # hostile caption and campaign name arrive escaped, never as markup
    assert HOSTILE not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert HOSTILE_NAME not in page and "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page
    for title in SLIDES["en"][1:]:
        assert f"<h2>{title}</h2>" in page
    assert '<html lang="en">' in page


def test_html_in_french_and_on_an_empty_warehouse(tmp_path):
    db = tmp_path / "empty.duckdb"
    with connect(db, read_only=True) as con:
        page = report_bytes(con, None, "fr", "html").decode("utf-8")
    assert "Aucune publication dans cette sélection." in page
    assert 'class="plotly-graph-div"' not in page
    assert "<h2>Notes de méthode</h2>" in page


def test_failed_chart_export_writes_nothing(ro, tmp_path, monkeypatch):
    monkeypatch.setenv("RELAIS_CHROMIUM", str(tmp_path / "no-chromium"))
    out = tmp_path / "deck.pptx"
    with pytest.raises(ReportError, match="not an executable Chromium"):
        build_report(ro, None, "fr", out)
    assert not out.exists() and not list(tmp_path.glob("*.pptx*"))


def test_bad_arguments(ro, tmp_path):
    with pytest.raises(ReportError, match="unknown campaign"):
        report_bytes(ro, ["NOPE"], "en", "html")
    with pytest.raises(ReportError, match=".pptx or .html"):
        build_report(ro, None, "en", tmp_path / "r.pdf")
    with pytest.raises(ReportError, match="language"):
        report_bytes(ro, None, "de", "html")


def test_cli(warehouse, tmp_path, capsys):
    out = tmp_path / "cli.html"
    assert (
        cli_main(["report", "--db", str(warehouse), "--out", str(out), "--lang", "en", "--campaign", "OR26"])
        == 0
    )
    assert out.exists() and "wrote" in capsys.readouterr().out
    assert cli_main(["report", "--db", str(warehouse), "--out", str(tmp_path / "x.pdf")]) == 2
    assert (
        cli_main(["report", "--db", str(warehouse), "--out", str(tmp_path / "y.html"), "--campaign", "NOPE"])
        == 1
    )
    assert "unknown campaign id(s): NOPE" in capsys.readouterr().err
    assert not (tmp_path / "y.html").exists()
    with duckdb.connect(str(warehouse), read_only=True) as con:  # read-only: nothing was written
        assert con.execute("SELECT count(*) FROM load_files").fetchone()[0] == 4
