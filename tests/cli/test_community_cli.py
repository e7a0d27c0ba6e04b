"""`relais owned --json` and `relais audience --json` on a real warehouse file, and their empty states."""

from __future__ import annotations

import json

import duckdb
import openpyxl

from tests.cli.test_cli import run
from tests.etl.test_readers_linkedin_page import followers_xlsx
from warehouse.loader import load_file
from warehouse.schema import apply_migrations


def _warehouse(tmp_path):
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    apply_migrations(con)
    (tmp_path / "campaigns.csv").write_text(
        "campaign_id,name,client,therapeutic_area,start_date,end_date,hashtags,budget,currency\n"
        "C1,Octobre,Labo,oncologie,2026-10-01,2026-10-31,,,\n"
    )
    (tmp_path / "roster.csv").write_text(
        "campaign_id,platform,handle,display_name,profile_type,specialty,followers,fee,currency\n"
        "C1,linkedin,@labo-page,Labo Exemple,brand_page,,,,\n"
        "C1,instagram,@alice,Alice,health_professional,,5000,300,EUR\n"
    )
    for f in (tmp_path / "campaigns.csv", tmp_path / "roster.csv"):
        assert load_file(con, f).status == "loaded"
    load_file(con, followers_xlsx(tmp_path / "labo-page_followers_1700000000000.xlsx"))
    other = followers_xlsx(tmp_path / "sans nom.xlsx")  # no account: kept, listed
    wb = openpyxl.load_workbook(other)
    wb["New followers"].append(["10/05/2026", 0, 2, 0, 2])  # another file than the first
    wb.save(other)
    assert load_file(con, other).status == "loaded"
    con.close()
    return db


def test_owned_and_audience_json(tmp_path):
    db = str(_warehouse(tmp_path))
    r = run(["owned", "--json", "--db", db])
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [p["influencer_id"] for p in out["pages"]] == ["linkedin:labo-page"]
    groups = {s["owned_group"]: s for s in out["summary"]}
    assert groups["page"]["followers_gained"] == 13 + 13 + 4
    assert groups["page"]["hcp_audience_share"] == 420 / 525
    assert groups["campaign_influencers"]["influencers"] == 1
    assert out["message"] is None

    r = run(["audience", "--json", "--db", db, "--account", "linkedin:labo-page", "--campaign", "C1"])
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert a["unattached"][0]["file_name"] == "sans nom.xlsx" and "--account" in a["unattached"][0]["fix"]
    assert {d["kind"] for d in a["distributions"]} == {"job_function", "location"}
    assert {c["influencer_id"]: c["has_audience"] for c in a["campaign"]} == {
        "linkedin:labo-page": True, "instagram:alice": False,
    }  # fmt: skip

    human = run(["audience", "--db", db])
    assert human.returncode == 0 and "names no account" in human.stdout


def test_empty_states_say_what_to_load(tmp_path):
    db = tmp_path / "empty.duckdb"
    con = duckdb.connect(str(db))
    apply_migrations(con)
    con.close()
    r = run(["owned", "--json", "--db", str(db)])
    assert r.returncode == 0 and "brand_page" in json.loads(r.stdout)["message"]
    r = run(["audience", "--db", str(db)])
    assert r.returncode == 0 and "relais load" in r.stdout
    r = run(["owned", "--page", "x:y", "--db", str(db)])
    assert r.returncode == 1 and "not an owned page" in r.stderr
