"""Build `reactions/data/medicines.csv`: the compact medicine lexicon that ships with Relais.

    python reactions/data/build_medicines.py [--shared ../shared] [--out reactions/data/medicines.csv]
    make lexicon

Why a derived list and not the sources: the BDPM (ANSM, Licence Ouverte / Etalab) and Drugs@FDA (US public
domain) are the only medicine databases under ../shared/lexicons whose licence lets a derived list ship (see
that folder's README); everything else there is development-only. The list keeps what the classifier, the
product mentions and the compliance checks need: one row per name a person would write (a brand or a
substance), its language, and for French products the prescription status from BDPM's CIS_CPD and the
reimbursement from CIS_CIP. It is rebuilt byte-for-byte from the same inputs (sorted rows, no dates).

What is kept and how:

- BDPM brands: the first word of the `dénomination` (CIS_bdpm, 2022 and late-2025 snapshots together) when it
  is not a substance name (a generic such as "AMOXICILLINE BIOGARAN"), not a generic word ("VACCIN", "ACIDE"),
  not homeopathic, and not a common French or English word (word frequency, see `_common`).
- BDPM substances: active substances (CIS_COMPO, nature SA) with salts and hydrates removed
  ("CHLORHYDRATE DE METFORMINE" -> "metformine"), homeopathic stocks left out.
- Drugs@FDA: brand names (first word of DrugName when it is not an ingredient) and active ingredients without
  their salts ("SERTRALINE HYDROCHLORIDE" -> "sertraline").
- Prescription (French products only; CIS_CPD of 2022, the newest snapshot that has it): `yes` when every
  presentation of the name has a prescription or delivery condition, `no` when none has one (BDPM has no OTC
  flag; "absent from CIS_CPD" means "not listed"), `some` when it depends on the presentation, empty when
  unknown (a product newer than the 2022 snapshot, or an American name). `conditions` summarises them:
  list_i, list_ii, narcotic, hospital, specialist, other.
- Reimbursed (CIS_CIP rates, 2022): yes / some / no / empty, same rule.

`wordfreq` (Apache-2.0 code; used only here, at build time, to drop names that are everyday words) is needed
to rebuild: `pip install -e ".[model]"`.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "medicines.csv"
COLUMNS = (
    "name",
    "kind",
    "lang",
    "sources",
    "vaccine",
    "prescription",
    "conditions",
    "reimbursed",
    "substances",
)
ATTRIBUTION = (
    "Source : Base de données publique des médicaments (ANSM), fichiers téléchargés le 02/06/2022 "
    "(CIS_bdpm, CIS_COMPO, CIS_CPD, CIS_CIP) et fin 2025 (CIS_bdpm, CIS_COMPO), Licence Ouverte / Etalab; "
    "Drugs@FDA Products.txt (U.S. Food and Drug Administration, ~June 2020), public domain."
)

# First words of a BDPM denomination that are not brands (form, class or chemistry words).
GENERIC_FIRST = {
    "acide", "alcool", "aluminium", "ammonium", "anatoxine", "argent", "azote", "bicarbonate", "bleu", "calcium",
    "carbonate", "cellules", "chlorure", "citrate", "collyre", "complexe", "concentre", "creme", "dioxyde",
    "eau", "emulsion", "extrait", "fer", "fluorure", "gaz", "gel", "gelule", "glucose", "gluconate", "granules",
    "huile", "immunoglobuline", "immunoglobulines", "insuline", "iode", "lactate", "lait", "magnesium", "melange",
    "nitrate", "oxyde", "oxygene", "pansement", "pate", "pommade", "potassium", "poudre", "protoxyde", "sel",
    "serum", "sirop", "sodium", "solution", "soufre", "sulfate", "suppositoire", "toxine", "vaccin", "vitamine",
    "vitamines", "zinc", "facteur", "albumine", "plasma", "hydroxyde", "phosphate", "trinitrine", "antithrombine",
    "complement", "souche", "teinture", "tisane", "comprime", "dispositif", "kit", "emplatre", "ovule", "lotion",
    "baume", "mousse", "spray", "shampooing", "savon", "pastille", "pastilles", "preparation", "produit",
}  # fmt: skip
# Salt / hydrate words removed from substance names (French and English).
SALT_PREFIX = re.compile(
    r"^(?:chlorhydrate|bromhydrate|iodhydrate|fluorhydrate|hydrochlorure|\w+ate|\w+ure|\w+ide)s? (?:de |d')(?=\w)"
)
SALT_WORDS = {
    "calcique", "sodique", "potassique", "magnesique", "lithique", "disodique", "dipotassique", "trihydrate",
    "trihydratee", "monohydrate", "monohydratee", "dihydrate", "dihydratee", "hemihydrate", "hemihydratee",
    "sesquihydrate", "hexahydrate", "heptahydrate", "pentahydrate", "tetrahydrate", "anhydre", "base", "arginine",
    "erbumine", "tert-butylamine", "cilexetil", "medoxomil", "hyclate", "micronise", "micronisee", "hydrate",
    "hydratee", "sel", "de", "d'", "hydrochloride", "hydrobromide", "sodium", "potassium", "calcium", "magnesium",
    "maleate", "mesylate", "besylate", "succinate", "tartrate", "bitartrate", "citrate", "sulfate", "acetate",
    "phosphate", "bromide", "fumarate", "anhydrous",
    "hcl", "dipropionate", "propionate", "valerate", "furoate", "mesilate", "besilate", "oxalate", "lactate",
    "gluconate", "disodium", "dipotassium", "tromethamine", "meglumine", "lysine", "benzoate", "salicylate",
    "pamoate", "embonate", "stearate", "palmitate", "decanoate", "enanthate", "cypionate", "undecanoate",
    "hydrogenotartrate", "nitrate", "chloride", "carbonate", "bicarbonate", "oxide",
}  # fmt: skip
# Substances that are everyday words in comments ("water", "oxygen") are dropped by frequency, except these.
KEEP_ALWAYS = {
    "paracetamol", "ibuprofen", "ibuprofene", "aspirin", "aspirine", "insulin", "insuline", "morphine", "codeine",
    "nicotine", "cortisone", "penicillin", "penicilline", "amoxicilline", "amoxicillin", "metformin", "metformine",
    "tramadol", "prednisone", "melatonin", "melatonine", "methadone", "valium", "xanax", "prozac", "viagra",
    "ritalin", "doliprane", "levothyrox", "adderall", "ozempic", "heroin", "ketamine", "testosterone",
    "estrogen", "progesterone", "cocaine", "lithium", "adrenaline", "epinephrine", "caffeine", "cafeine",
}  # fmt: skip
MAX_WORDS = 3
BIOLOGIC = re.compile(
    r"\b(?:serotype|virus|proteine|protein|souche|strain|antigene?|type \d|inactive|vivant|live|adsorbe|"
    r"conjugue|recombinant|purified|purifie|\d)"
)
MIN_LEN = 4  # shorter names collide with words and abbreviations
MAX_ZIPF_BRAND = 3.6  # a brand this frequent as a word is a word ("focus", "clear", "active")
MAX_ZIPF_SUBSTANCE = 4.0


def fold(s: str) -> str:
    """Lower case, no accents, ’ -> ': the key names are compared by."""
    s = unicodedata.normalize("NFD", str(s).lower().replace("\u2019", "'"))
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def _read_bdpm(path: Path, ncols: int) -> pd.DataFrame:
    """A BDPM file: tab-separated, no header, cp1252; rows with extra fields keep their first `ncols`."""
    rows = []
    for line in path.read_bytes().decode("cp1252").splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        rows.append((parts + [""] * ncols)[:ncols])
    return pd.DataFrame(rows, columns=[f"c{i}" for i in range(1, ncols + 1)])


_ZIPF: dict[str, float] = {}


def _common(word: str) -> float:
    """The word's frequency as an everyday word: max Zipf value in French and English (wordfreq)."""
    if word not in _ZIPF:
        from wordfreq import zipf_frequency

        _ZIPF[word] = max(zipf_frequency(word, "fr"), zipf_frequency(word, "en"))
    return _ZIPF[word]


def substance_name(raw: str) -> str:
    """'CHLORHYDRATE DE METFORMINE' -> 'metformine'; 'SERTRALINE HYDROCHLORIDE' -> 'sertraline'."""
    s = fold(raw)
    s = re.sub(r"\s*\(.*$", "", s)  # "ranitidine (chlorhydrate de)"
    s = re.sub(r"\s*(?:,| pour preparations? homeopathiques?| equivalant a .*| exprime.*)$", "", s)
    s = SALT_PREFIX.sub("", s) if " " in s else s
    words = s.split(" ")
    while len(words) > 1 and (words[-1] in SALT_WORDS or words[-1].endswith("hydratee")):
        words.pop()
    while len(words) > 1 and words[0] in SALT_WORDS:
        words.pop(0)
    return " ".join(words).strip(" -'")


def _brand_word(denomination: str) -> str:
    first = re.split(r"[\s,/(]+", fold(denomination).strip(), maxsplit=1)[0]
    return first.strip(".-'")


def _good_name(name: str, substance: bool) -> bool:
    if len(name) < MIN_LEN or not re.fullmatch(r"[a-z][a-z0-9' .-]*[a-z0-9]", name):
        return False
    if substance and (len(name.split(" ")) > MAX_WORDS or BIOLOGIC.search(name)):
        return False  # antigen and strain descriptions: nobody writes them in a comment
    if name in KEEP_ALWAYS:
        return True
    if name in SALT_WORDS or name in GENERIC_FIRST:
        return False
    limit = MAX_ZIPF_SUBSTANCE if substance else MAX_ZIPF_BRAND
    return all(_common(w) < limit for w in re.split(r"[ '-]+", name) if len(w) >= 3) and _common(name) < limit


def _conditions(texts: list[str]) -> set[str]:
    out = set()
    for t in texts:
        f = fold(t)
        if f == "liste i":
            out.add("list_i")
        elif f == "liste ii":
            out.add("list_ii")
        elif "stupefiant" in f:
            out.add("narcotic")
        elif "hospital" in f or "hopital" in f:
            out.add("hospital")
        elif "specialiste" in f:
            out.add("specialist")
        else:
            out.add("other")
    return out


def _summary(flags: list[bool | None]) -> str:
    known = [f for f in flags if f is not None]
    if not known:
        return ""
    if all(known):
        return "yes"
    return "some" if any(known) else "no"


def build(shared: Path) -> pd.DataFrame:
    lex = shared / "lexicons"
    b22, b25 = lex / "bdpm_fr_2022", lex / "bdpm_fr_2025"
    cis = pd.concat([_read_bdpm(b22 / "CIS_bdpm.txt", 12), _read_bdpm(b25 / "CIS_bdpm.txt", 12)])
    cis = cis.drop_duplicates("c1", keep="last")  # the newer snapshot's row wins
    compo = pd.concat([_read_bdpm(b22 / "CIS_COMPO_bdpm.txt", 8), _read_bdpm(b25 / "CIS_COMPO_bdpm.txt", 8)])
    compo = compo[compo["c7"].str.strip() == "SA"].drop_duplicates(["c1", "c4"])
    cpd = _read_bdpm(b22 / "CIS_CPD_bdpm.txt", 2)
    cip = _read_bdpm(b22 / "CIS_CIP_bdpm.txt", 13)
    known22 = set(_read_bdpm(b22 / "CIS_bdpm.txt", 12)["c1"])

    homeo = set(cis.loc[cis["c6"].str.contains("homéo", case=False), "c1"])
    cond_by_cis: dict[str, list[str]] = defaultdict(list)
    for c, cond in zip(cpd["c1"], cpd["c2"], strict=True):
        cond_by_cis[c].append(cond)
    reimb_by_cis: dict[str, bool] = defaultdict(bool)
    for c, rate in zip(cip["c1"], cip["c9"], strict=True):
        reimb_by_cis[c] |= bool(rate.strip())

    subst_by_cis: dict[str, list[str]] = defaultdict(list)
    for c, raw in zip(compo["c1"], compo["c4"], strict=True):
        if c in homeo or "homeopathi" in fold(raw):
            continue
        s = substance_name(raw)
        if s and s not in subst_by_cis[c]:
            subst_by_cis[c].append(s)
    substance_words = {w for subs in subst_by_cis.values() for s in subs for w in s.split(" ")}

    # name -> attributes accumulated over CIS codes
    rx: dict[tuple[str, str], list[bool | None]] = defaultdict(list)
    reimb: dict[tuple[str, str], list[bool | None]] = defaultdict(list)
    conds: dict[tuple[str, str], set[str]] = defaultdict(set)
    vaccine: dict[tuple[str, str], bool] = defaultdict(bool)
    subs_of: dict[tuple[str, str], set[str]] = defaultdict(set)

    def note(key: tuple[str, str], c: str, denom: str) -> None:
        if c in known22:
            rx[key].append(c in cond_by_cis)
            reimb[key].append(reimb_by_cis.get(c, False))
            conds[key] |= _conditions(cond_by_cis.get(c, []))
        else:
            rx[key].append(None)
            reimb[key].append(None)
        vaccine[key] |= fold(denom).startswith("vaccin") or any(
            k in " ".join(subst_by_cis[c]) for k in ("virus", "anatoxine", "antigene", "polyoside")
        )

    for c, denom in zip(cis["c1"], cis["c2"], strict=True):
        if c in homeo:
            continue
        for s in subst_by_cis.get(c, []):
            if _good_name(s, substance=True):
                note((s, "substance"), c, denom)
        word = _brand_word(denom)
        if word in GENERIC_FIRST or word in substance_words or not _good_name(word, substance=False):
            continue
        key = (word, "brand")
        note(key, c, denom)
        subs_of[key].update(subst_by_cis.get(c, []))

    fr_names = set(rx)
    en: dict[tuple[str, str], set[str]] = defaultdict(set)
    fda = pd.read_csv(lex / "drugsatfda_en" / "Products.txt", sep="\t", dtype=str, keep_default_na=False,
                      usecols=["DrugName", "ActiveIngredient"])  # fmt: skip
    ingredients_words: set[str] = set()
    for ing in fda["ActiveIngredient"]:
        for part in ing.split(";"):
            s = substance_name(part)
            ingredients_words.update(s.split(" "))
            if _good_name(s, substance=True):
                en[(s, "substance")]
    for drug, ing in zip(fda["DrugName"], fda["ActiveIngredient"], strict=True):
        word = _brand_word(drug)
        if word in ingredients_words or word in GENERIC_FIRST or not _good_name(word, substance=False):
            continue
        en[(word, "brand")].update(substance_name(p) for p in ing.split(";"))

    rows = []
    for key in sorted(fr_names | set(en)):
        name, kind = key
        in_fr, in_en = key in fr_names, key in en
        subs = subs_of.get(key, set()) | (en.get(key, set()) if kind == "brand" else set())
        rows.append(
            {
                "name": name,
                "kind": kind,
                "lang": " ".join(x for x, ok in (("fr", in_fr), ("en", in_en)) if ok),
                "sources": " ".join(x for x, ok in (("bdpm", in_fr), ("fda", in_en)) if ok),
                "vaccine": int(vaccine.get(key, False)),
                "prescription": _summary(rx[key]) if in_fr else "",
                "conditions": "|".join(sorted(conds.get(key, set()))),
                "reimbursed": _summary(reimb[key]) if in_fr else "",
                "substances": "|".join(
                    sorted(s for s in subs if s and s != name and _good_name(s, substance=True))
                ),
            }
        )
    # a name that is both a brand and a substance keeps the substance row (it is the more general reading)
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    subst = set(df.loc[df["kind"] == "substance", "name"])
    df = df[~((df["kind"] == "brand") & df["name"].isin(subst))]
    return df.sort_values(["name", "kind"]).reset_index(drop=True)


def write(df: pd.DataFrame, out: Path) -> None:
    buf = io.StringIO()
    buf.write(f"# {ATTRIBUTION}\n")
    df.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    out.write_text(buf.getvalue(), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    df = build(a.shared)
    write(df, a.out)
    counts = df.groupby(["kind", "lang"]).size().to_dict()
    print(f"{len(df)} names -> {a.out}: {counts}")
    print(df["prescription"].value_counts(dropna=False).to_dict())


if __name__ == "__main__":
    main()
