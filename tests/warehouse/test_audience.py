"""Audience per account and per campaign, from account exports loaded by the real readers: the
LinkedIn page followers export (written by the test), and the real TikTok Studio follower files
of ../shared when present. An audience file without an account is kept and listed, never dropped."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import shared_path
from tests.etl.test_readers_linkedin_page import followers_xlsx
from warehouse import audience
from warehouse.loader import load_file


@pytest.fixture
def wh(con, tmp_path):
    (tmp_path / "campaigns.csv").write_text(
        "campaign_id,name,client,therapeutic_area,start_date,end_date,hashtags,budget,currency\n"
        "C1,Octobre,Labo,oncologie,2026-10-01,2026-10-31,,,\n"
    )
    (tmp_path / "roster.csv").write_text(
        "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency\n"
        "C1,linkedin,@labo-page,Labo Exemple,brand_page,,,,\n"
        "C1,instagram,@alice,Alice,health_professional,,5000,300,EUR\n"
    )
    load_file(con, tmp_path / "campaigns.csv")
    load_file(con, tmp_path / "roster.csv")
    assert (
        load_file(con, followers_xlsx(tmp_path / "labo-page_followers_1700000000000.xlsx")).status == "loaded"
    )
    return con


def test_accounts_series_and_distributions(wh):
    acc = audience.accounts(wh).set_index("account")
    row = acc.loc["labo-page"]
    assert row.influencer_id == "linkedin:labo-page" and bool(row.owned)
    assert list(row.series) == ["new_followers"]
    assert list(row.distributions) == ["job_function", "location"]
    s = audience.series(wh, "linkedin", "labo-page")
    assert s.set_index("date")["value"].to_dict() == {
        pd.Timestamp(2026, 10, 1): 13,
        pd.Timestamp(2026, 10, 2): 13,
        pd.Timestamp(2026, 10, 4): 4,
    }  # the 'total' column; the rejected 10/03 is not invented
    d = audience.distributions(wh, "linkedin", "labo-page")
    jobs = d[d.kind == "job_function"].set_index("category")
    assert jobs.loc["Healthcare Services", "value"] == 420
    assert jobs.loc["Healthcare Services", "share"] == pytest.approx(420 / 525)  # counts: share derived
    assert set(jobs.unit) == {"count"}


def test_per_campaign_says_who_has_no_audience(wh):
    c = audience.campaign_audience(wh, "C1").set_index("influencer_id")
    assert bool(c.loc["linkedin:labo-page", "has_audience"])
    assert not bool(c.loc["instagram:alice", "has_audience"])


def test_file_without_account_is_listed_not_lost(con, tmp_path):
    s = load_file(con, followers_xlsx(tmp_path / "export (3).xlsx"))
    assert s.status == "loaded" and s.loaded > 0
    u = audience.unattached(con)
    assert u.values_loaded.sum() == con.execute("SELECT count(*) FROM account_metrics").fetchone()[0]
    assert u.iloc[0].file_name == "export (3).xlsx" and "--account" in u.iloc[0].fix
    assert audience.accounts(con).iloc[0].account == audience.UNSPECIFIED  # listed first


def test_real_tiktok_follower_files_loaded(con):
    folder = shared_path("real_exports", "tiktok", "haileytupy_studio_export", "Followers_haileytupy2.0")
    if not folder.exists():
        pytest.skip("../shared/real_exports not present")
    for f in sorted(folder.glob("*.csv")):
        assert load_file(con, f).status == "loaded", f.name
    acc = audience.accounts(con)
    assert len(acc) == 1  # the account is taken from the folder name: nothing unattached
    platform, account = acc.iloc[0].platform, acc.iloc[0].account
    d = audience.distributions(con, platform, account)
    assert {"follower_gender", "follower_territory"} <= set(d.kind)
    gender = d[d.kind == "follower_gender"]
    assert gender.share.sum() == pytest.approx(1, abs=0.02)
    assert len(audience.series(con, platform, account)) > 0
    assert len(audience.by_hour(con, platform, account)) > 0
