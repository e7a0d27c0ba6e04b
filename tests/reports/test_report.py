"""Client report: the deck opens with python-pptx and has its slides and chart pictures; the HTML
page carries every chart and escapes hostile text; the CLI; failures write nothing."""

from __future__ import annotations

import io
import os
import shutil
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
# each slide's kicker (its section); the slide's title is its message
SLIDES = {
    "fr": [
        "Rapport de campagne", "Chiffres clés", "Formats", "Profils d'influenceurs", "Budget et coûts",
        "Réactions du public",
        "Synthèse conformité", "Publications les plus engageantes", "Notes de méthode",
    ],
    "en": [
        "Campaign report", "Headline figures", "Formats", "Influencer profiles", "Budget and costs",
        "Audience reactions",
        "Compliance summary", "Top posts by engagements", "Method notes",
    ],
}  # fmt: skip


def _kicker(slide) -> str:
    """The cover's title, else the small capitals line above a slide's message."""
    texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text]
    title = slide.shapes.title.text
    upper = [t for t in texts if t.isupper() and t != title]
    return upper[0] if upper else title


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("report")
    db = root / "relais.duckdb"
    files = write_fixture_exports(root / "in", hostile=True)
    with connect(db) as con:
        summaries = load_paths(con, files)
    assert all(s.status == "loaded" for s in summaries), [s.message for s in summaries]
    return db


@pytest.fixture(scope="module")
def deck(warehouse, tmp_path_factory):
    """The OR26 deck in a language, built once per module and inspected by several tests: each
    build starts a Chromium for the chart pictures, the most expensive step of this file."""
    built: dict[str, Path] = {}

    def get(lang: str) -> Path:
        if lang not in built:
            out = tmp_path_factory.mktemp(f"deck_{lang}") / f"deck_{lang}.pptx"
            with connect(warehouse, read_only=True) as con:
                built[lang] = build_report(con, ["OR26"], lang, out)
        return built[lang]

    return get


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
def test_deck_has_slides_and_chart_pictures(ro, deck, lang):
    prs = Presentation(str(deck(lang)))
    kickers = [_kicker(s) for s in prs.slides]
    assert kickers == [SLIDES[lang][0]] + [k.upper() for k in SLIDES[lang][1:]]
    data = gather(ro, ["OR26"], lang)
    # one message per slide: the title says something, not just the section's name
    assert [s.shapes.title.text for s in prs.slides][1:] == [sec.headline for sec in data.sections]
    assert all(sec.message for sec in data.sections if sec.key != "method" or True)
    pictures = {
        sec.title: sum(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in slide.shapes)
        for sec, slide in zip(data.sections, list(prs.slides)[1:])
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
    assert fx.fmt_compact(head["reach"], lang) in text
    assert fx.fmt_percent(head["engagement_rate"], lang, 2) in text
    assert ("Octobre Rose " + HOSTILE_NAME) in text  # plain text in a deck: shown as typed, not run
    assert HOSTILE in text  # the caption, in the top posts table
    assert "engagement_rate 2.0" in text  # metric versions in the method notes (2.0: measured reach only)


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
    assert page.count('<p class="message">') >= 6  # each section opens with its message
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


# --------------------------------------------------------------------------- issue 10: one selection, one truth


def test_the_report_is_exactly_the_selection_and_says_which(ro):
    """Every filter, the rate basis and the language reach the report; its file name and cover say so."""
    from reports.report import report_file_name

    f = Filters(campaigns=("OR26",), formats=("ig_reel",), scope="campaigns")
    data = gather(ro, f, "fr", rate_basis="followers")
    head = metrics.headline(ro, f)
    rate = metrics.aggregate(ro, [], f, "followers").iloc[0]
    kpis = {label: value for label, value, _ in data.kpis}
    assert kpis["Publications"] == fx.fmt_int(head["posts"], "fr")
    assert kpis["Taux d'engagement (abonnés)"] == fx.fmt_percent(rate["engagement_rate"], "fr", 2)
    assert head["posts"] < metrics.headline(ro, Filters(campaigns=("OR26",)))["posts"]  # the filter bites
    cover = " | ".join(data.cover)
    assert "Client : Laboratoires Hélora" in cover and "(OR26)" in cover
    assert "Reels" in cover and "abonnés" in cover
    name = report_file_name(f, "fr", "pptx", "followers")
    assert name == "relais_OR26_ig_reel_by-followers_fr.pptx" and data.file_stem + ".pptx" == name
    assert report_file_name(Filters(scope="campaigns"), "en", "html") == "relais_all-campaigns_en.html"


@needs_chromium
def test_deck_has_speaker_notes_and_the_dashboards_colours(ro, deck):
    from domain import level_term

    data = gather(ro, Filters(scope="campaigns"), "en")
    formats = next(sec for sec in data.sections if sec.key == "formats")
    bar = formats.figure.data[0]
    levels = formats.table[formats.table.columns[0]].tolist()
    assert len(set(bar.marker.color)) == len(levels) > 1  # one colour per level, not one brand colour
    assert any(c == level_term("short_video").colour for c in bar.marker.color)
    prs = Presentation(str(deck("en")))
    for slide in list(prs.slides)[1:]:
        notes = slide.notes_slide.notes_text_frame.text
        assert len(notes) > 40, slide.shapes.title.text
    formats_notes = list(prs.slides)[2].notes_slide.notes_text_frame.text
    assert "Wald" in formats_notes and "Method:" in formats_notes  # the statistics live in the notes


@needs_chromium
@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm")), reason="LibreOffice/pdftoppm absent"
)
def test_every_slide_renders_to_an_image_with_libreoffice(deck, tmp_path):
    from PIL import Image

    from reports.report import slide_images

    pptx = deck("fr").read_bytes()
    pages = slide_images(pptx, tmp_path / "slides")
    assert len(pages) == len(Presentation(io.BytesIO(pptx)).slides) == 9
    for page in pages:
        img = Image.open(page)
        assert img.size[0] > img.size[1] > 200  # 16:9
        assert len(img.convert("L").getcolors(maxcolors=256) or range(256)) > 20, page  # not a blank page


def test_money_budget_spend_and_costs_per_campaign(ro):
    """Point 7: budget, spend, spend vs budget, CPE, CPM and cost per useful reaction reach the deck."""
    f = Filters(campaigns=("OR26",), scope="campaigns")
    row = metrics.aggregate(ro, [], f).iloc[0]
    assert row["budget"] == 25_000 and row["fee_allocated"] > 0
    assert row["spend_vs_budget"] == pytest.approx(row["fee_allocated"] / 25_000)
    for lang in ("en", "fr"):
        data = gather(ro, f, lang)
        money = next(sec for sec in data.sections if sec.key == "money")
        assert fx.fmt_money(25_000, "EUR", lang) in money.message
        assert fx.fmt_money(row["fee_allocated"], "EUR", lang) in money.message
        assert fx.fmt_percent(row["spend_vs_budget"], lang, 0) in money.message
        assert fx.fmt_money(row["cpm"], "EUR", lang, 2) in money.paragraphs[0] or row["cpm"] != row["cpm"]
        assert money.figure is not None and money.notes


def test_compliance_slide_lists_caption_flags_with_their_words(tmp_path):
    """The deck's compliance section names each caption flag raised, the posts and the words behind it."""
    from tests.warehouse.test_compliance import add_influencer, add_post
    from warehouse.compliance import check_posts
    from warehouse.schema import apply_migrations

    c = duckdb.connect(str(tmp_path / "flags.duckdb"))
    apply_migrations(c)
    c.execute("INSERT INTO campaigns (campaign_id, name) VALUES ('C1', 'Diabète')")
    add_influencer(c, "instagram:alice")
    add_post(c, "instagram:P1", "instagram:alice", "Mon Ozempic ! Prenez 2 comprimés par jour")
    add_post(c, "instagram:P2", "instagram:alice", "Le Xarelto, pas besoin de consulter un médecin")
    check_posts(c)
    for lang, expected in (
        ("en", 'Prescription-only or reimbursed medicine named to the public: 2 ("Ozempic", "Xarelto")'),
        ("fr", 'Médicament sur prescription ou remboursable cité au grand public : 2 ("Ozempic", "Xarelto")'),
    ):
        sec = next(s for s in gather(c, ["C1"], lang).sections if s.key == "compliance")
        assert expected in sec.bullets, sec.bullets
        assert len(sec.bullets) == 3
    c.execute("DELETE FROM post_caption_flags")
    sec = next(s for s in gather(c, ["C1"], "en").sections if s.key == "compliance")
    assert not sec.bullets and any("No caption names" in p for p in sec.paragraphs)
