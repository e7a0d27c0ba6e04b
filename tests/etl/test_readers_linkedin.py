"""LinkedIn exports: company-page content export (.xlsx, and the legacy .xls) and the
personal creator analytics workbook (side-by-side TOP POSTS rankings, '< 1%', wrong dimension),
plus the real creator workbook."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from etl.base import LoadOptions
from tests.conftest import shared_path
from warehouse.loader import load_file

# --------------------------------------------------------------------------- company page content export

POST_HEADER = [
    "Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date", "Campaign start date",
    "Campaign end date", "Audience", "Impressions", "Views (excluding off-site video views)", "Off-site views",
    "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows", "Engagement rate",
    "Content Type",
]  # fmt: skip
A = "https://www.linkedin.com/feed/update/urn:li:activity:"
POST_ROWS = [
    ["Octobre Rose: le dépistage", A + "7380000000000000001", "Organic", "", "Marie Dupont", "10/01/2026", "",
     "", "All followers", 1200, "", "", 30, 0.025, 40, 5, 3, 1, 0.065, "Image"],
    ["Vaccination: la vidéo", A + "7380000000000000002", "Sponsored", "Octobre Rose", "Marie Dupont",
     "10/02/2026", "10/02/2026", "10/31/2026", "Santé 25-54", 5000, 500, 120, 80, 0.016, 60, 10, 4, 7, 0.03,
     "Video"],
    ["Le guide PDF", "https://www.linkedin.com/feed/update/urn:li:share:7380000000000000003?utm_source=share",
     "Organic", "", "Paul Martin", "10/13/2026", "", "", "All followers", 800, "", "", "--", "", 12, "--", 0, "",
     "", "Document"],
    ["Sondage", "https://www.linkedin.com/posts/hopital-exemple_sante-activity-7380000000000000004-AbCd",
     "Organic", "", "Paul Martin", "10/14/2026", "", "", "", 300, "", "", 2, "", 5, 1, 0, 0, "", "Poll"],
    ["Notre article", A + "7380000000000000005", "Organic", "", "Paul Martin", "10/15/2026", "", "", "", 100,
     "", "", 1, "", 2, 0, 0, 0, "", "Article"],
    ["Texte seul", A + "7380000000000000006", "Organic", "", "Paul Martin", "10/16/2026", "", "", "", 90, "",
     "", 0, "", 1, 0, 0, 0, "", "Text"],
    ["Lien cassé", "pas un lien", "Organic", "", "Paul Martin", "10/17/2026", "", "", "", 90, "", "", 0, "", 1,
     0, 0, 0, "", "Text"],
]  # fmt: skip
DAILY_HEADER = ["Date"] + [
    f"{m} ({k})"
    for m in ("Impressions", "Clicks", "Reactions", "Comments", "Reposts", "Engagement rate")
    for k in ("organic", "sponsored", "total")
]
DAILY_ROWS = [
    ["10/01/2026", 1000, 200, 1200, 20, 10, 30, 35, 5, 40, 4, 1, 5, 3, 0, 3, 0.06, 0.08, 0.065],
    ["10/02/2026", 900, "", 900, 15, "", 15, 20, "", 20, 2, "", 2, 1, "", 1, 0.04, "", 0.04],
]  # fmt: skip


def company_xlsx(
    path: Path, preamble: str = "All posts of the page from 10/1/2026 to 10/31/2026", total_row: bool = False
) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Metrics"
    ws.append(["Aggregated metrics for Hôpital Exemple, 10/1/2026 - 10/31/2026"])
    ws.append(DAILY_HEADER)
    for r in DAILY_ROWS:
        ws.append([None if v == "" else v for v in r])
    if total_row:
        ws.append(["Total", 1900, 200, 2100])
    ws2 = wb.create_sheet("All posts")
    ws2.append([preamble])
    ws2.append(POST_HEADER)
    for r in POST_ROWS:
        ws2.append([None if v == "" else v for v in r])
    wb.save(path)
    return path


def _check_company(con, s, page: str | None = None) -> None:
    """page None: the file does not name its page (posts by 'Posted by', series unspecified)."""
    # 7 post rows (one bad link) + 2 days
    assert (s.status, s.kind, s.platform, s.rows_read, s.loaded, s.rejected, s.duplicates) == (
        "loaded", "linkedin_company_content", "linkedin", 9, 8, 1, 0,
    )  # fmt: skip
    posts = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT platform_post_id, format, influencer_id, is_boosted, published_at, permalink FROM posts"
        ).fetchall()
    }
    assert set(posts) == {
        "urn:li:activity:7380000000000000001", "urn:li:activity:7380000000000000002",
        "urn:li:share:7380000000000000003", "urn:li:activity:7380000000000000004",
        "urn:li:activity:7380000000000000005", "urn:li:activity:7380000000000000006",
    }  # fmt: skip
    marie, paul = (f"linkedin:{page}",) * 2 if page else ("linkedin:marie dupont", "linkedin:paul martin")
    assert posts["urn:li:activity:7380000000000000001"][:4] == (
        "li_image",
        marie,
        False,
        dt.datetime(2026, 10, 1),
    )
    assert posts["urn:li:activity:7380000000000000002"][:3] == ("li_video", marie, True)
    assert posts["urn:li:activity:7380000000000000006"][1] == paul
    share = posts["urn:li:share:7380000000000000003"]
    assert share[0] == "li_document" and "?" not in share[4]
    assert posts["urn:li:activity:7380000000000000004"][0] == "li_poll"
    assert posts["urn:li:activity:7380000000000000005"][0] == "li_article"
    assert posts["urn:li:activity:7380000000000000006"][0] == "li_post"

    def m(pid: str):
        return con.execute(
            "SELECT impressions, views, clicks, likes, comments, shares, follows, reactions, engagements_total "
            "FROM post_metrics WHERE post_id = ?",
            ["linkedin:" + pid],
        ).fetchone()

    assert m("urn:li:activity:7380000000000000001") == (1200, None, 30, 40, 5, 3, 1, None, None)
    assert m("urn:li:activity:7380000000000000002") == (
        5000,
        620,
        80,
        60,
        10,
        4,
        7,
        None,
        None,
    )  # on + off-site
    assert m("urn:li:share:7380000000000000003") == (
        800,
        None,
        None,
        12,
        None,
        0,
        None,
        None,
        None,
    )  # '--' -> NULL
    rej = con.execute("SELECT row_number, column_name, reason FROM rejects").fetchall()
    assert rej == [(9, "All posts: Post link", "not a LinkedIn post link: 'pas un lien'")]
    daily = dict(
        con.execute("SELECT metric || '/' || dimension || '/' || date, value FROM account_metrics").fetchall()
    )
    assert daily["impressions/organic/2026-10-01"] == 1000
    assert daily["impressions/sponsored/2026-10-01"] == 200
    assert daily["impressions/total/2026-10-01"] == 1200
    assert daily["shares/total/2026-10-01"] == 3  # Reposts
    assert daily["engagement_rate/total/2026-10-01"] == 0.065
    assert daily["impressions/sponsored/2026-10-02"] is None  # empty is not 0
    assert len(daily) == 2 * 18
    assert con.execute("SELECT DISTINCT account FROM account_metrics").fetchall() == [
        (page or "(unspecified)",)
    ]


def test_company_content_xlsx(con, tmp_path):
    # LinkedIn names the file after the page: that is the account of posts and series
    f = company_xlsx(tmp_path / "hopital-exemple_content_1700000000000.xlsx")
    s = load_file(con, f)
    _check_company(con, s, "hopital-exemple")
    assert s.snapshot_date == "2026-10-16"  # the last date in the export
    again = load_file(con, f)
    assert again.status == "already_loaded"


def test_company_content_renamed_file_posts_by_poster(con, tmp_path):
    f = company_xlsx(tmp_path / "export linkedin (2).xlsx", total_row=True)  # 'Total' is not a day
    s = load_file(con, f)
    _check_company(con, s)
    assert any("--account" in n for n in s.notes)
    assert any("'Total' row is a summary" in n for n in s.notes)


def test_visitors_export_is_not_taken_for_content(con, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date"] + [f"Overview page views ({k})" for k in ("desktop", "mobile devices", "total")]
              + [f"Life page views ({k})" for k in ("desktop", "mobile devices", "total")])  # fmt: skip
    ws.append(["10/01/2026", 1, 2, 3, 0, 0, 0])
    f = tmp_path / "hopital_visitors_1700000000000.xlsx"
    wb.save(f)
    s = load_file(con, f)
    assert s.kind != "linkedin_company_content"


def test_company_content_page_found_in_roster(con, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency,hcp_agreement_ref\n"
        "OR26,linkedin,@hopital-exemple,Hôpital Exemple — CHU,institution,,9100,0,EUR,\n",
        encoding="utf-8",
    )
    con.execute(
        "INSERT INTO campaigns (campaign_id, name) VALUES ('OR26', 'Octobre Rose')"
    )  # roster rows need it
    assert load_file(con, roster).status == "loaded"
    f = company_xlsx(
        tmp_path / "export.xlsx",
        preamble="Organic and sponsored posts published by Hôpital Exemple from 10/01/2026 to 10/31/2026.",
    )
    s = load_file(con, f)
    _check_company(con, s, "hopital-exemple")


def test_company_content_account_given(con, tmp_path):
    f = company_xlsx(tmp_path / "content.xlsx")
    s = load_file(con, f, LoadOptions(account="Hopital.Exemple"))
    assert (s.loaded, s.rejected) == (8, 1)
    assert con.execute("SELECT DISTINCT influencer_id FROM posts").fetchall() == [
        ("linkedin:hopital.exemple",)
    ]
    assert con.execute("SELECT DISTINCT account FROM account_metrics").fetchall() == [("hopital.exemple",)]


def test_company_content_xls(con, tmp_path):
    import xlwt  # test extra: writes a real BIFF .xls, read back through xlrd like an export

    book = xlwt.Workbook()
    date_style = xlwt.easyxf(num_format_str="MM/DD/YYYY")
    ws = book.add_sheet("Metrics")
    ws.write(0, 0, "Aggregated metrics")
    for j, h in enumerate(DAILY_HEADER):
        ws.write(1, j, h)
    for i, r in enumerate(DAILY_ROWS):
        for j, v in enumerate(r):
            if j == 0:  # real date cells: xlrd gives their serial numbers
                ws.write(i + 2, j, dt.datetime.strptime(v, "%m/%d/%Y"), date_style)
            elif v != "":
                ws.write(i + 2, j, v)
    ws2 = book.add_sheet("All posts")
    ws2.write(0, 0, "All posts")
    for j, h in enumerate(POST_HEADER):
        ws2.write(1, j, h)
    for i, r in enumerate(POST_ROWS):
        for j, v in enumerate(r):
            if v != "":
                ws2.write(i + 2, j, v)
    f = tmp_path / "content.xls"
    book.save(str(f))
    s = load_file(con, f)
    _check_company(con, s)


# --------------------------------------------------------------------------- creator analytics workbook

U = "https://www.linkedin.com/feed/update/urn:li:activity:74388112559787008"
TOP_ROWS = [
    # by engagements            |      | by impressions
    [U + "01", "3/15/2026", 401.0, None, U + "01", "3/15/2026", 9253.0],  # same post on the same row
    [U + "02", "1/17/2026", 81.0, None, U + "03", "3/16/2026", 2076.0],
    [U + "03", "3/16/2026", 39.0, None, U + "02", "1/17/2026", 5256.0],
    [U + "04", "2/28/2026", 33.0, None, U + "05", "3/21/2026", 1889.0],
    [U + "06", "3/10/2026", 4.0, None, None, None, None],  # the second ranking is shorter
]


def _break_dimension(path: Path) -> None:
    """Reproduce the real file's wrong `<dimension ref="A1"/>` in every sheet."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
            zout.writestr(item, data)
    shutil.move(tmp, path)


def creator_xlsx(path: Path, engagement_bad: bool = True) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DISCOVERY"
    ws.append(["Overall Performance", "3/24/2025 - 3/23/2026"])
    ws.append(["Impressions", 32506.0])
    ws.append(["Members reached", 14032.0])
    ws = wb.create_sheet("ENGAGEMENT")
    ws.append(["Date", "Impressions", "Engagements"])
    ws.append(["3/20/2026", 120.0, 5.0])
    ws.append(["3/21/2026", 300.0, 54.0])
    ws.append(["3/22/2026", "douze" if engagement_bad else 12.0, 10.0])
    ws.append(["3/23/2026", 0.0, 0.0])
    ws = wb.create_sheet("TOP POSTS")
    ws.append(["Maximum of 50 posts available to include in this list"])
    ws.append([])
    ws.append(
        ["Post URL", "Post publish date", "Engagements", None, "Post URL", "Post publish date", "Impressions"]
    )
    for r in TOP_ROWS:
        ws.append(r)
    ws = wb.create_sheet("FOLLOWERS")
    ws.append(["Total followers on 3/23/2026:", 3050.0])
    ws.append([])
    ws.append(["Date", "New followers"])
    for d, v in (("3/21/2026", 3.0), ("3/22/2026", 0.0), ("3/23/2026", 1.0)):
        ws.append([d, v])
    ws = wb.create_sheet("DEMOGRAPHICS")
    ws.append(["Top Demographics", "Value", "Percentage"])
    ws.append(["Job titles", "Infirmier", 0.06170003116130829])
    ws.append(["Job titles", "Pharmacien", "< 1%"])
    ws.append(["Locations", "Lyon", 0.20216606557369232])
    ws.append(["Company size", "10,001+ employees", 0.10699047893285751])
    wb.save(path)
    _break_dimension(path)
    return path


def test_creator_workbook(con, tmp_path):
    f = creator_xlsx(tmp_path / "Content.xlsx")
    with zipfile.ZipFile(f) as z:
        assert b'<dimension ref="A1"/>' in z.read("xl/worksheets/sheet2.xml")
    s = load_file(con, f, LoadOptions(account="dr.martin"))
    # records: DISCOVERY 2, ENGAGEMENT 4, TOP POSTS 5 + 4 entries, FOLLOWERS 1 + 3, DEMOGRAPHICS 4
    assert (s.status, s.kind, s.platform, s.rows_read, s.loaded, s.rejected, s.duplicates) == (
        "loaded", "linkedin_creator_analytics", "linkedin", 23, 19, 1, 3,
    )  # fmt: skip
    assert s.snapshot_date == "2026-03-23"  # the end of the period stated in DISCOVERY
    assert "DISCOVERY" in con.execute("SELECT snapshot_basis FROM load_files").fetchone()[0]
    rej = con.execute("SELECT row_number, column_name, reason, raw_row FROM rejects").fetchall()
    assert rej[0][:3] == (4, "ENGAGEMENT: Impressions", "not a number: 'douze'")
    assert '"douze"' in rej[0][3]

    metrics = {
        r[0][-2:]: r[1:]
        for r in con.execute(
            "SELECT p.platform_post_id, p.influencer_id, p.format, p.published_at, m.engagements_total, "
            "m.impressions, m.likes, m.comments FROM posts p JOIN post_metrics m USING (post_id)"
        ).fetchall()
    }
    assert len(metrics) == 6
    # both rankings merged into one row per post; Engagements is a total, never likes
    assert metrics["01"] == ("linkedin:dr.martin", "unknown", dt.datetime(2026, 3, 15), 401, 9253, None, None)
    assert metrics["02"][3:5] == (81, 5256)
    assert metrics["03"][3:5] == (39, 2076)
    assert metrics["04"][3:5] == (33, None)  # not in the impressions ranking: NULL, not 0
    assert metrics["05"][3:5] == (None, 1889)
    assert metrics["06"][3:5] == (4, None)

    am = {
        (r[0], r[1], r[2]): r[3]
        for r in con.execute("SELECT metric, dimension, date, value FROM account_metrics").fetchall()
    }
    assert am[("impressions", "period=2025-03-24..2026-03-23", dt.date(2026, 3, 23))] == 32506
    assert am[("members_reached", "period=2025-03-24..2026-03-23", dt.date(2026, 3, 23))] == 14032
    assert am[("impressions", "", dt.date(2026, 3, 21))] == 300
    assert am[("engagements", "", dt.date(2026, 3, 21))] == 54
    assert ("impressions", "", dt.date(2026, 3, 22)) not in am  # its row was rejected
    assert am[("followers", "", dt.date(2026, 3, 23))] == 3050
    assert am[("new_followers", "", dt.date(2026, 3, 21))] == 3
    assert am[("audience_share", "job_title=Infirmier", dt.date(2026, 3, 23))] == pytest.approx(0.0617000311)
    # '< 1%': the category is kept, the value is not invented
    assert ("audience_share", "job_title=Pharmacien", dt.date(2026, 3, 23)) in am
    assert am[("audience_share", "job_title=Pharmacien", dt.date(2026, 3, 23))] is None
    assert am[("audience_share", "company_size=10,001+ employees", dt.date(2026, 3, 23))] == pytest.approx(
        0.107, abs=1e-3
    )
    assert any("< 1%" in n for n in s.notes)
    assert all(a == "dr.martin" for (a,) in con.execute("SELECT account FROM account_metrics").fetchall())

    # the same file again: nothing changes
    before = con.execute("SELECT count(*), sum(value) FROM account_metrics").fetchone()
    assert load_file(con, f, LoadOptions(account="dr.martin")).status == "already_loaded"
    # the same content re-saved (other bytes): every record is a duplicate or rejected again
    g = tmp_path / "copy.xlsx"
    wb = openpyxl.load_workbook(f)
    wb.save(g)
    s2 = load_file(con, g, LoadOptions(account="dr.martin"))
    assert (s2.status, s2.rows_read, s2.loaded, s2.rejected, s2.duplicates) == ("loaded", 23, 0, 1, 22)
    assert con.execute("SELECT count(*), sum(value) FROM account_metrics").fetchone() == before
    assert con.execute("SELECT count(*) FROM post_metrics").fetchone()[0] == 6


def test_creator_workbook_without_account(con, tmp_path):
    f = creator_xlsx(tmp_path / "Content.xlsx", engagement_bad=False)
    s = load_file(con, f)
    assert (s.rows_read, s.loaded, s.rejected, s.duplicates) == (23, 20, 0, 3)
    assert any("--account" in n for n in s.notes)
    assert con.execute("SELECT count(*) FROM posts WHERE influencer_id IS NOT NULL").fetchone()[0] == 0
    assert con.execute("SELECT DISTINCT account FROM account_metrics").fetchall() == [("(unspecified)",)]


# --------------------------------------------------------------------------- the real creator workbook


def test_real_linkedin_creator_workbook(con):
    f = shared_path("real_exports", "linkedin", "amradel18__personal_creator_analytics__Content.xlsx")
    wb = openpyxl.load_workbook(f, read_only=True, data_only=True)
    sheets = {}
    for ws in wb.worksheets:
        ws.reset_dimensions()
        sheets[ws.title] = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    eng = [r for r in sheets["ENGAGEMENT"][1:] if r and r[0]]
    fol = [r for r in sheets["FOLLOWERS"][3:] if r and r[0]]
    demo = [r for r in sheets["DEMOGRAPHICS"][1:] if r and r[0]]
    top = sheets["TOP POSTS"][3:]
    left = [(r[0], r[2]) for r in top if r and r[0]]
    right = [(r[4], r[6]) for r in top if len(r) > 4 and r[4]]
    distinct = {u for u, _v in left} | {u for u, _v in right}
    expected_rows = 2 + len(eng) + len(left) + len(right) + 1 + len(fol) + len(demo)

    s = load_file(con, f)
    assert (s.status, s.kind) == ("loaded", "linkedin_creator_analytics")
    assert (s.rows_read, s.loaded, s.rejected, s.duplicates) == (
        expected_rows, expected_rows - (len(left) + len(right) - len(distinct)), 0,
        len(left) + len(right) - len(distinct),
    )  # fmt: skip
    assert s.snapshot_date == "2026-03-23"
    got = con.execute(
        "SELECT count(*), sum(engagements_total), sum(impressions) FROM post_metrics"
    ).fetchone()
    assert got == (len(distinct), sum(dict(left).values()), sum(dict(right).values()))

    def series(metric: str):
        return con.execute(
            "SELECT count(*), sum(value) FROM account_metrics WHERE metric = ? AND dimension = ''", [metric]
        ).fetchone()

    assert series("impressions") == (len(eng), sum(r[1] for r in eng))
    assert series("engagements") == (len(eng), sum(r[2] for r in eng))
    assert series("new_followers") == (len(fol), sum(r[1] for r in fol))
    assert series("followers") == (1, sheets["FOLLOWERS"][0][1])
    shares = con.execute(
        "SELECT count(*), count(value) FROM account_metrics WHERE metric = 'audience_share'"
    ).fetchone()
    assert shares == (len(demo), sum(1 for r in demo if not isinstance(r[2], str)))


def test_real_linkedin_folder_every_file_loads(con):
    root = shared_path("real_exports", "linkedin")
    files = sorted(p for p in root.iterdir() if p.suffix.lower() in (".xlsx", ".xls", ".csv"))
    assert files
    for f in files:
        s = load_file(con, f)
        assert s.status == "loaded", (f.name, s.message)
        assert s.rows_read == s.loaded + s.rejected + s.duplicates
