"""The shipped medicine lexicon (reactions/data/medicines.csv) and a client's product terms."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from reactions import medicines as M

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def _row(name: str) -> dict[str, str]:
    rows = [r for r in M.lexicon() if r["name"] == name]
    assert rows, f"{name} not in the lexicon"
    return rows[0]


def test_file_carries_its_attribution_and_a_fixed_header():
    first = M.LEXICON_PATH.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and "ANSM" in first and "Licence Ouverte" in first and "Drugs@FDA" in first
    assert "ANSM" in M.attribution()
    with open(M.LEXICON_PATH, encoding="utf-8") as f:
        next(f)
        header = next(csv.reader(f))
    assert header == ["name", "kind", "lang", "sources", "vaccine", "prescription", "conditions", "reimbursed",
                      "substances"]  # fmt: skip
    assert (ROOT / "NOTICE").read_text(encoding="utf-8").count("Licence Ouverte") >= 1


def test_values_are_from_their_vocabularies_and_names_unique():
    rows = M.lexicon()
    assert len(rows) > 5000
    assert {r["kind"] for r in rows} == {"brand", "substance"}
    assert {r["prescription"] for r in rows} <= {"yes", "no", "some", ""}
    assert {r["reimbursed"] for r in rows} <= {"yes", "no", "some", ""}
    assert {r["lang"] for r in rows} <= {"fr", "en", "fr en"}
    conds = {c for r in rows for c in r["conditions"].split("|") if c}
    assert conds <= {"list_i", "list_ii", "narcotic", "hospital", "specialist", "other"}
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names))
    # American names have no French prescription status: unknown, never "no"
    assert all(r["prescription"] == "" for r in rows if r["lang"] == "en")


def test_known_products_have_their_bdpm_status():
    assert _row("codoliprane")["prescription"] == "yes" and "list_i" in _row("codoliprane")["conditions"]
    assert _row("nurofen")["prescription"] == "no"
    assert _row("levothyrox")["prescription"] == "yes" and _row("levothyrox")["reimbursed"] == "yes"
    assert _row("doliprane")["kind"] == "brand" and _row("doliprane")["lang"] == "fr"
    assert _row("metformine")["kind"] == "substance"
    assert _row("sertraline")["lang"] == "fr en"
    assert _row("tylenol")["lang"] == "en"
    assert _row("gardasil")["vaccine"] == "1"
    assert "semaglutide" in _row("ozempic")["substances"].split("|")


def test_everyday_words_and_salts_are_not_medicine_names():
    names = {r["name"] for r in M.lexicon()}
    for word in ("focus", "clear", "active", "water", "eau", "vaccin", "sodium", "chlorhydrate", "gel"):
        assert word not in names, word
    assert "chlorhydrate de metformine" not in names


def test_client_terms_names_aliases_glued_words_and_molecules():
    terms = dict(M.client_terms({"FreeStyle Libre": ["Libre 3"], "Glucovia": ["Glucovia LP"]}))
    assert terms["freestyle libre"] == (("FreeStyle Libre",), "", False)
    assert terms["freestylelibre"][0] == ("FreeStyle Libre",)
    assert terms["glucovia lp"][0] == ("Glucovia",)
    import pandas as pd

    frame = pd.DataFrame(
        {"name": ["Glucophage", "Stagid"], "aliases": ["", ""], "molecule": ["metformine", "metformine"]}
    )
    t = dict(M.client_terms(frame))
    assert t["metformine"] == (("Glucophage", "Stagid"), "metformine", True)
    assert t["glucophage"] == (("Glucophage",), "metformine", False)
    assert M.client_terms(None) == []
    assert M.client_terms(["ab"]) == []  # too short to match safely


@pytest.mark.skipif(not (SHARED / "lexicons").exists(), reason="../shared/lexicons is not here")
@pytest.mark.skipif(importlib.util.find_spec("wordfreq") is None, reason="needs the [model] extra (wordfreq)")
def test_the_lexicon_rebuilds_byte_for_byte(tmp_path):
    out = tmp_path / "medicines.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "reactions" / "data" / "build_medicines.py"), "--shared", str(SHARED),
         "--out", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert out.read_bytes() == M.LEXICON_PATH.read_bytes()


def test_lexicon_matcher_single_texts_longest_name_first():
    m = M.LexiconMatcher()
    assert m.find("J'ai pris du DOLIPRANE et de l'insuline glargine") == ["Doliprane", "insuline glargine"]
    assert m.find("") == [] and m.find(None) == []
    assert M.brand_matcher().find("paracétamol ou Doliprane ?") == ["Doliprane"]
    row = m.product_row("Codoliprane")
    assert row["kind"] == "medicine" and row["prescription_only"] is True and row["source"] == "lexicon"
    assert m.product_row("Tylenol")["prescription_only"] is None  # unknown in France, never "no"


def test_caption_checks_name_lexicon_brands_with_their_risk(con):
    from domain.compliance import RISK_RX
    from warehouse.products import load_products, product_matcher, sample_products_frame

    load_products(con, sample_products_frame(), "sample")
    pm = product_matcher(con)
    found = pm.find("Mon avis sur le Cymbalta et le Doliprane 1000")
    assert found == ["Cymbalta", "Doliprane"]  # Doliprane from the client's list, Cymbalta from the lexicon
    assert pm.risks(["Cymbalta"]) == [RISK_RX]
    assert product_matcher(con, lexicon=False).find("Cymbalta") == []
