"""The roster template: campaigns and roster as CSVs or one workbook; campaign assignment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from etl.base import LoadOptions
from etl.readers.roster import CAMPAIGN_COLUMNS, ROSTER_COLUMNS
from warehouse.campaigns import assign_campaigns, set_override
from warehouse.loader import load_file, load_paths

CAMPAIGNS = [
    list(CAMPAIGN_COLUMNS) + ["owner"],
    ["OR26", "Octobre Rose 2026", "Laboratoires Hélora", "oncologie", "01/10/2026", "31/10/2026",
     "#OctobreRose #DepistageCancerSein", "25000,50", "EUR", "Julie"],
    ["DT2", "Prévenir le diabète", "Mutuelle X", "diabétologie", "2026-11-01", "", "#DiabeteType2", "12000", "EUR", ""],
]  # fmt: skip
ROSTER = [
    list(ROSTER_COLUMNS),
    ["OR26", "instagram", "@Infirmiere.Claire", "Claire", "health_professional", "infirmière", "8200", "450",
     "EUR", "HCP-2026-001"],
    ["OR26", "Instagram", "dr.mehdi", "Dr Mehdi", "health_professional", "médecin généraliste", "45000", "1200",
     "EUR", ""],
    ["DT2", "tiktok", "dr.mehdi", "Dr Mehdi", "health_professional", "médecin généraliste", "120000", "900", "EUR", ""],
    ["OR26", "myspace", "x", "X", "generalist", "", "10", "0", "EUR", ""],
    ["OR26", "instagram", "y", "Y", "influencer", "", "10", "0", "EUR", ""],
]  # fmt: skip


def _csv(path: Path, rows: list[list[str]], sep: str = ",") -> Path:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_campaigns_and_roster_csv(con, tmp_path):
    s1 = load_file(con, _csv(tmp_path / "campaigns.csv", CAMPAIGNS, sep=";"))
    assert (s1.kind, s1.loaded, s1.rejected) == ("roster_campaigns", 2, 0)
    c = con.execute(
        "SELECT start_date, end_date, hashtags, budget, extra FROM campaigns WHERE campaign_id = 'OR26'"
    ).fetchone()
    assert c[:4] == (
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 31),
        ["octobrerose", "depistagecancersein"],
        25000.5,
    )
    assert '"owner"' in c[4] and "Julie" in c[4]  # extra columns are kept, not an error
    assert con.execute("SELECT end_date FROM campaigns WHERE campaign_id = 'DT2'").fetchone()[0] is None

    s2 = load_file(con, _csv(tmp_path / "roster.csv", ROSTER))
    assert (s2.kind, s2.rows_read, s2.loaded, s2.rejected) == ("roster", 5, 3, 2)
    reasons = dict(con.execute("SELECT column_name, reason FROM rejects").fetchall())
    assert "unknown platform" in reasons["platform"] and "myspace" in reasons["platform"]
    assert "unknown profile_type" in reasons["profile_type"]
    # handles match with or without @, case-insensitively
    inf = con.execute(
        "SELECT influencer_id, followers, profile_type, tier FROM influencers_v ORDER BY influencer_id"
    ).fetchall()
    assert inf == [
        ("instagram:dr.mehdi", 45000, "health_professional", "micro"),
        ("instagram:infirmiere.claire", 8200, "health_professional", "nano"),
        ("tiktok:dr.mehdi", 120000, "health_professional", "mid"),
    ]


def test_roster_workbook_and_campaign_assignment(con, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "campaigns"
    for r in CAMPAIGNS:
        ws.append(r)
    ws2 = wb.create_sheet("roster")
    for r in ROSTER[:3]:
        ws2.append(r)
    f = tmp_path / "roster.xlsx"
    wb.save(f)
    s = load_file(con, f)
    assert (s.kind, s.rows_read, s.loaded, s.rejected) == ("roster_workbook", 4, 4, 0)

    # posts: one in the window by a roster member, one outside the window with the hashtag,
    # one by someone else without hashtag
    con.execute(
        """INSERT INTO influencers (influencer_id, platform, handle) VALUES ('instagram:other', 'instagram', 'other');
           INSERT INTO posts (post_id, platform, platform_post_id, influencer_id, published_at, format, format_family, caption)
           VALUES ('instagram:1', 'instagram', '1', 'instagram:infirmiere.claire', '2026-10-05 10:00', 'ig_reel', 'short_video', 'hello'),
                  ('instagram:2', 'instagram', '2', 'instagram:other', '2026-12-05 10:00', 'ig_image', 'image', 'Merci #OctobreRose !'),
                  ('instagram:3', 'instagram', '3', 'instagram:other', '2026-10-05 10:00', 'ig_image', 'image', 'rien'),
                  ('instagram:4', 'instagram', '4', 'instagram:infirmiere.claire', '2026-11-05 10:00', 'ig_image', 'image', 'après')"""
    )
    assign_campaigns(con)
    got = {
        r[0]: (r[1], r[2])
        for r in con.execute("SELECT post_id, campaign_id, campaign_rule FROM posts").fetchall()
    }
    assert got["instagram:1"] == ("OR26", "roster_window")
    assert got["instagram:2"] == ("OR26", "hashtag")
    assert got["instagram:3"] == (None, None)
    assert got["instagram:4"] == (None, None)  # roster member but outside the window
    set_override(con, "instagram:3", "DT2", by="julie", reason="brief signed late")
    assert con.execute("SELECT campaign_id, campaign_rule FROM posts WHERE post_id = 'instagram:3'").fetchone() == (
        "DT2", "override",
    )  # fmt: skip
    # reloading the roster keeps the override
    f2 = tmp_path / "roster2.xlsx"
    ws2.append(["DT2", "instagram", "other", "Other", "generalist", "", "100", "0", "EUR", ""])
    wb.save(f2)
    load_file(con, f2)
    assert con.execute("SELECT campaign_id FROM posts WHERE post_id = 'instagram:3'").fetchone()[0] == "DT2"


def test_roster_loaded_first_when_loading_a_folder(con, tmp_path):
    """Posts find their campaign on the first load because the roster is loaded first."""
    _csv(tmp_path / "zz_campaigns.csv", CAMPAIGNS)
    _csv(tmp_path / "zz_roster.csv", ROSTER[:2])
    out = load_paths(con, [tmp_path], LoadOptions())
    assert [s.kind for s in out] == ["roster_campaigns", "roster"]
