"""The sample-data generator: deterministic, committed as generated, and shaped like the real exports."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import openpyxl
import pytest

from sample_data import generate as sample

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "sample_data"


def _hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("sample_a")
    return out, sample.generate(out, seed=7)


def _first_line(path: Path, encoding: str = "utf-8-sig") -> str:
    return path.read_bytes().decode(encoding).split("\n", 1)[0]


def _one(root: Path, pattern: str) -> Path:
    found = sorted(root.glob(pattern))
    assert found, pattern
    return found[0]


def test_same_seed_gives_identical_bytes(fresh, tmp_path):
    out, _ = fresh
    sample.generate(tmp_path / "b", seed=7)
    assert _hashes(out) == _hashes(tmp_path / "b")


def test_committed_sample_matches_a_fresh_generation(fresh):
    out, _ = fresh
    committed = _hashes(COMMITTED)
    assert committed, "sample_data/ is empty: run `make sample` and commit it"
    generated = _hashes(out)
    assert sorted(committed) == sorted(generated), "file list differs: rerun `make sample`"
    changed = [k for k in generated if committed[k] != generated[k]]
    assert not changed, f"sample_data/ was edited or is stale, rerun `make sample`: {changed[:5]}"


def test_manifest_lists_every_file_with_its_hash(fresh):
    out, manifest = fresh
    on_disk = _hashes(out)
    on_disk.pop("manifest.json")
    assert {k: v["sha256"] for k, v in manifest["files"].items()} == on_disk
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"] == manifest["counts"]
    assert sum(v["bytes"] for v in manifest["files"].values()) < 4.5e6


def test_counts_in_range(fresh):
    _, manifest = fresh
    c = manifest["counts"]
    assert 720 <= c["posts"] <= 920  # with the earlier campaign MB26 (38 posts)
    assert 36 <= c["influencers"] <= 44
    assert 18_000 <= c["comments"] <= 22_000
    assert set(c["influencers_by_platform"]) == {
        "instagram",
        "tiktok",
        "facebook",
        "linkedin",
        "youtube",
        "x",
    }
    assert set(c["posts_by_platform"]) == set(c["influencers_by_platform"])
    assert set(c["influencers_by_profile_type"]) == {
        "health_professional",
        "patient_expert",
        "caregiver",
        "institution",
        "generalist",
    }
    tiers = c["influencers_by_tier"]
    assert set(tiers) == {"nano", "micro", "mid", "macro", "mega"}
    assert tiers["nano"] + tiers["micro"] > tiers["mid"] + tiers["macro"] + tiers["mega"]
    assert c["posts_by_kind"]["hashtag_outside"] > 0
    assert 0.003 < c["comments_by_category"]["adverse_event"] / c["comments"] < 0.008
    assert 0.005 < c["comment_replies"] / c["comments"] < 0.02
    assert manifest["compliance"]["hcp_without_agreement"]
    assert any(p["prescription_only"] for p in manifest["compliance"]["product_posts"])
    for fmt in (
        "ig_reel",
        "ig_image",
        "ig_carousel",
        "ig_story",
        "fb_reel",
        "li_document",
        "yt_short",
        "x_post",
    ):
        assert c["posts_by_format"][fmt] > 0, fmt


def test_true_effects_are_documented(fresh):
    out, manifest = fresh
    eff = manifest["true_effects"]
    assert eff["format_rate_ratio"]["ig_reel"] == 1.6 and eff["format_rate_ratio"]["ig_carousel"] == 1.3
    assert eff["profile_rate_ratio"]["patient_expert"] == 1.5
    assert eff["tier_rate_ratio"]["nano"] > eff["tier_rate_ratio"]["mega"]
    # the client's own pages (brand_page) are accounts, not influencers with a simulated effect
    assert manifest["owned_pages"] == ["instagram:helora.sante", "linkedin:laboratoires-helora"]
    assert len(eff["influencer_effects"]) == manifest["counts"]["influencers"] - len(manifest["owned_pages"])
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "ig_reel | 1.6" in readme and "patient_expert x1.5" in readme


def test_instagram_content_exports(fresh):
    out, _ = fresh
    files = sorted((out / "exports/instagram").glob("*.csv"))
    assert len(files) == 3
    heads = {f.name: f.read_bytes() for f in files}
    new = '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)","Publish time",Permalink,"Post type","Data comment",Date,'
    for data in heads.values():
        assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" not in data
    by_order = sorted(d.decode("utf-8-sig").split("\n", 1)[0] for d in heads.values())
    assert by_order.count(new + "Views,Reach,Likes,Shares,Follows,Comments,Saves") == 2
    assert by_order.count(new + "Reach,Likes,Shares,Follows,Comments,Saves,Views") == 1
    final = _one(out, "exports/instagram/Jan-01-2026_Dec-31-2026_*.csv")
    rows = list(csv.DictReader(io.StringIO(final.read_text(encoding="utf-8-sig"))))
    assert {r["Post type"] for r in rows} == {"IG reel", "IG image", "IG carousel", "IG story"}
    assert len({r["Account username"] for r in rows}) > 5
    assert any("\n" in r["Description"] for r in rows)
    stories = [r for r in rows if r["Post type"] == "IG story"]
    assert all(r["Likes"] == "" and r["Reach"] for r in stories)
    assert all(r["Date"] == "Lifetime" for r in rows)
    mid = _one(out, "exports/instagram/Jan-01-2026_Oct-15-2026_*.csv")
    mid_rows = {r["Post ID"]: r for r in csv.DictReader(io.StringIO(mid.read_text(encoding="utf-8-sig")))}
    assert 0 < len(mid_rows) < len(rows)
    for r in rows:  # the later export never shows lower figures
        if r["Post ID"] in mid_rows and r["Likes"]:
            assert int(r["Likes"]) >= int(mid_rows[r["Post ID"]]["Likes"])
            assert int(r["Reach"]) <= int(r["Views"])


def test_instagram_insights_are_utf16_with_sep_line(fresh):
    out, _ = fresh
    files = sorted((out / "exports/instagram").glob("insights_*/*.csv"))
    assert len(files) == 18  # 6 metrics for 2 influencers and the owned page helora.sante
    titles = set()
    for f in files:
        data = f.read_bytes()
        assert data.startswith(b"\xff\xfe")
        lines = data[2:].decode("utf-16-le").split("\n")
        assert lines[0] == "sep=,"
        titles.add(lines[1])
        assert lines[2] == '"Date","Primary"'
        assert lines[3].startswith('"2026-') and lines[3].endswith('"')
    assert titles == {
        '"Views"',
        '"Reach"',
        '"Instagram follows"',
        '"Content interactions"',
        '"Instagram link clicks"',
        '"Instagram profile visits"',
    }


def test_tiktok_layouts(fresh):
    out, _ = fresh
    content = _one(out, "exports/tiktok/*/Content.csv")
    data = content.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.endswith(b"\n")
    assert (
        _first_line(content)
        == '"Time","Video title","Video link","Post time","Total likes","Total comments","Total shares","Total views"'
    )
    row = data.decode("utf-8-sig").split("\n")[1]
    assert row.startswith('"') and "https://www.tiktok.com/@" in row
    business = _one(out, "exports/tiktok/*/video_performance.csv")
    assert (
        _first_line(business)
        == "Video title,Video link,Post time,Video views,Likes,Comments,Shares,Add to Favorites"
    )
    expected = {
        "Overview.csv": '"Date","Video Views","Profile Views","Likes","Comments","Shares"',
        "Viewers.csv": '"Date","Total Viewers","New Viewers","Returning Viewers"',
        "Followers_*/FollowerHistory.csv": '"Date","Followers","Difference in followers from previous day"',
        "Followers_*/FollowerActivity.csv": '"Date","Hour","Active followers"',
        "Followers_*/FollowerGender.csv": '"Gender","Distribution"',
        "Followers_*/FollowerTopTerritories.csv": '"Top territories","Distribution"',
    }
    for pattern, header in expected.items():
        files = sorted((out / "exports/tiktok").glob(f"*/{pattern}"))
        assert len(files) == 9, pattern
        assert all(_first_line(f) == header for f in files), pattern
    assert "undefined" in _one(out, "exports/tiktok/*/Viewers.csv").read_text(encoding="utf-8-sig")


def test_facebook_youtube_x_layouts(fresh):
    out, _ = fresh
    fb = _one(out, "exports/facebook/*/*.csv")
    assert _first_line(fb) == ",".join(sample._qmeta(h) for h in sample.FB_HEADER)
    assert _first_line(fb).startswith('"Post ID","Page ID","Page name",Title,Description,"Duration (sec)"')
    table = _one(out, "exports/youtube/*/Table data.csv")
    lines = table.read_text(encoding="utf-8").split("\n")
    assert lines[0] == (
        "Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,"
        "Average view duration,Impressions,Impressions click-through rate (%)"
    )
    assert lines[1].startswith("Total,,,,")
    all_tables = "".join(
        p.read_text(encoding="utf-8") for p in (out / "exports/youtube").glob("*/Table data.csv")
    )
    assert "\n -" in all_tables  # ids starting with '-' arrive with a leading space
    assert "#shorts" in all_tables
    legacy = _one(out, "exports/x/tweet_activity_metrics_*_en.csv")
    header = next(csv.reader(io.StringIO(legacy.read_text(encoding="utf-8"))))
    assert len(header) == 40 and header[:4] == ["Tweet id", "Tweet permalink", "Tweet text", "time"]
    assert '"-"' in legacy.read_text(encoding="utf-8") and '.0"' in legacy.read_text(encoding="utf-8")
    current = _one(out, "exports/x/*/account_analytics_content_*.csv")
    assert _first_line(current, "utf-8") == ",".join(sample.X_CONTENT)


def test_linkedin_workbook(fresh):
    out, _ = fresh
    wb = openpyxl.load_workbook(_one(out, "exports/linkedin/*.xlsx"), read_only=True)
    assert wb.sheetnames == ["All posts", "Metrics"]
    rows = list(wb["All posts"].iter_rows(values_only=True))
    assert rows[0][0] and rows[0][0].startswith("Organic and sponsored posts")
    assert list(rows[1]) == sample.LI_POSTS_HEADER
    assert len(rows[2][5]) == 10 and rows[2][5][2] == "/"  # MM/DD/YYYY text
    metrics = list(wb["Metrics"].iter_rows(values_only=True))
    assert list(metrics[0]) == sample.LI_METRICS_HEADER


def test_comments_and_roster_layouts(fresh):
    out, manifest = fresh
    total = 0
    for f in sorted((out / "exports/comments").glob("comments_*.csv")):
        if f.name.startswith("comments_export_"):
            assert f.read_bytes().startswith(b"\xef\xbb\xbfName,Profile URL,Date,Likes,Comment\r\n")
            assert manifest["tool_export_post"]["shortcode"] in f.name
            continue
        rows = list(csv.DictReader(io.StringIO(f.read_text(encoding="utf-8"))))
        assert (
            _first_line(f, "utf-8")
            == "platform,post_permalink,post_id,comment_id,parent_id,author,published_at,text,likes"
        )
        assert all(r["post_id"] and r["comment_id"] and r["published_at"][10] == "T" for r in rows)
        total += len(rows)
    assert total + manifest["counts"]["comments_in_tool_export"] == manifest["counts"]["comments"]
    assert _first_line(out / "roster/campaigns.csv") == (
        "campaign_id,name,client,therapeutic_area,start_date,end_date,hashtags,budget,currency"
    )
    assert _first_line(out / "roster/roster.csv") == (
        "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency,hcp_agreement_ref"
    )
    roster = list(csv.DictReader(io.StringIO((out / "roster/roster.csv").read_text(encoding="utf-8"))))
    assert any(r["handle"].startswith("@") for r in roster) and any(
        not r["handle"].startswith("@") for r in roster
    )
    assert any(r["fee"] == "0" for r in roster)
    assert any(r["profile_type"] == "health_professional" and not r["hcp_agreement_ref"] for r in roster)
    wb = openpyxl.load_workbook(out / "roster/roster.xlsx", read_only=True)
    assert wb.sheetnames == ["campaigns", "roster"]
    assert len(list(wb["roster"].iter_rows(values_only=True))) == len(roster) + 1
    for name in ("campaigns_template.csv", "roster_template.csv", "roster_template.xlsx"):
        assert (out / "templates" / name).is_file()
    assert len((out / "templates/roster_template.csv").read_text(encoding="utf-8").strip().split("\n")) == 2


def test_cli_subcommand(tmp_path, capsys, monkeypatch):
    import argparse

    seen = {}

    def fake_generate(out, seed=7):
        seen.update(out=out, seed=seed)
        return {"files": {"a.csv": {"bytes": 10}}, "counts": {"influencers": 1, "posts": 2, "comments": 3}}

    monkeypatch.setattr(sample, "generate", fake_generate)
    parser = argparse.ArgumentParser()
    sample.register_subcommands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sample", "--out", str(tmp_path / "s"), "--seed", "3"])
    assert args.func(args) == 0
    assert seen == {"out": tmp_path / "s", "seed": 3}
    assert "2 posts" in capsys.readouterr().out
    defaults = parser.parse_args(["sample"])
    assert (defaults.out, defaults.seed) == ("sample_data", 7)
