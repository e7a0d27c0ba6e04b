"""reactions-2.0: normalisation and features, the model file, the classifier on hostile input, the guard that
the shipped model reproduces its recorded held-out figures, and what `relais classify` imports."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from reactions import cues as CU
from reactions import features as F
from reactions.model import (
    LEARNED,
    MODEL_PATH,
    Classifier,
    LinearModel,
    ModelFileError,
    classifier,
    shipped_model,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
HOSTILE = [
    "",
    None,
    float("nan"),
    "   \n\t ",
    "🙏🙏❤️",
    "😀🫠",
    "x" * 1_000_000,
    "é" * 2_000_000,
    b"\x00\xff\xfe\x89PNG\r\n\x1a\n garbage",
    "\x00\x01\x02",
    "Привет мир, j'ai eu des nausées après le vaccin 💉 and 头痛",
    "مرحبا بالعالم",
    "\ud800 lone surrogate",
    12345,
    '=HYPERLINK("http://x")',
]


def tiny_model(seed: int = 0, bits: int = 12) -> LinearModel:
    rng = np.random.default_rng(seed)
    k = len(LEARNED)
    return LinearModel.from_weights(bits, LEARNED, rng.normal(0, 0.2, size=(1 << bits, k)), np.zeros(k),
                                    np.full(k, 0.5), {"version": "test"})  # fmt: skip


# --------------------------------------------------------------------------- normalisation and features


def test_normalisation_accents_digits_elongations_emojis_and_blanks():
    b = F.prepare(["Merciiii ❤️ pour cette VIDÉO !!", "J\u2019ai eu 39,5 de fièvre", "cœur\u00a0\u00a0brisé 🙏",
                   "e\u0301te\u0301"])  # fmt: skip
    assert b.text(0) == "merci zzheart pour cette video !!"
    assert b.text(1) == "j'ai eu 00,0 de fievre"
    assert b.text(2) == "coeur brise zzpray"
    assert b.text(3) == "ete"  # decomposed accents too


def test_every_handle_becomes_one_constant_word():
    b = F.prepare(["@dr_house merci", "Merci @julie.m-r ! @Zoé_42", "écrivez à a@b.com", "@@x", "@"])
    assert b.text(0) == "@zzuser merci"
    assert b.text(1) == "merci @zzuser ! @zzuser"
    assert b.text(2) == "ecrivez a a@b.com"  # an e-mail address is not a mention
    assert b.text(3) == "@@x" and b.text(4) == "@"


def test_mention_pattern_matches_what_the_lookbehind_first_form_matched():
    """MENTION starts with its "@" (fast scan); it must find exactly what (?<![\\w@])@... found."""
    import re

    before = re.compile(r"(?<![\w@])@\w+(?:[.\-]\w+)*")
    texts = ["@a", "x@a", "@@a", " @a.b-c", "é@a", "@é", "a @b@c @d.e.f- @", "_@x", "@_x", "\n@x", "@", "(@ab)",
             "mail a@b.fr et @c", "@@@", "@x@y@z", "😀@x"]  # fmt: skip
    for t in texts:
        assert F.MENTION.sub("#", t) == before.sub("#", t), t
    assert F.MENTION.sub("#", "x@a @b") == "x@a #"


def test_statuses_of_hostile_input_and_nothing_crashes():
    b = F.prepare(HOSTILE)
    st = dict(zip(range(len(HOSTILE)), b.status, strict=True))
    assert st[0] == st[1] == st[2] == st[3] == F.STATUS_EMPTY
    assert st[5] == F.STATUS_OK and b.text(5) == "zzsmile zzemoji"  # emojis are words the model weighs
    assert st[6] == st[7] == F.STATUS_TRUNCATED and len(b.text(6)) == 1  # a run of x is one x
    assert st[11] == F.STATUS_NO_TEXT  # another script only
    assert b.text(12) == "lone surrogate"
    assert b.text(13) == "00000"
    assert "nausees apres le vaccin zzjab and" in b.text(10)


def test_phrase_table_words_phrases_prefixes_and_longest_match():
    table = F.PhraseTable.build([("insulin", 0), ("insulin glargine", 1), ("side effects", 2)], [("naus", 3)])
    b = F.prepare(["started Insulin Glargine, nauseous", "insulin and side-effects", "insulinx"])
    h = F._prefix(b.buf)
    tok = F.tokens(b, h)
    d, f, n, ids = table.find(b, h, tok)
    found = sorted(zip(d.tolist(), ids.tolist(), strict=True))
    assert found == [(0, 0), (0, 1), (0, 3), (1, 0), (1, 2)]
    keep = F.longest_matches(d, f, n, len(tok.hash))
    assert sorted(zip(d[keep].tolist(), ids[keep].tolist(), strict=True)) == [(0, 1), (0, 3), (1, 0), (1, 2)]


def test_rules_vocabularies_become_cue_classes():
    words, prefixes = CU.literals(r"\b(?:fievres?|vomi\w*|mal de tete|[0-9]+)\b")
    assert words == ["fievres", "fievre", "mal de tete"] and prefixes == ["vomi"]
    phrases, prefixes = CU.class_phrases(["doliprane"])
    classes = {CU.CLASS_NAMES[c] for p, c in phrases if p in ("nausees", "doliprane", "maman", "pas")}
    assert classes >= {"symptom", "medicine", "family", "negation"}


def test_encoding_is_chunk_independent():
    """A comment's features do not depend on its neighbours or on where a chunk starts."""
    clf = Classifier(tiny_model())
    texts = ["J'ai des vertiges depuis le Levothyrox", "merci", "", "@anna regarde 😂"] * 3
    whole = clf.classify(texts, explain=False)
    one = clf.classify(texts[4:8], explain=False)
    np.testing.assert_allclose(whole.probabilities[4:8], one.probabilities, rtol=1e-6)


def test_margins_equal_the_training_design_matrix():
    """What the model learned on (reactions.train.design_matrix) is exactly what inference computes."""
    pytest.importorskip("scipy")
    from reactions.train import design_matrix

    m = tiny_model(bits=14)
    clf = Classifier(m)
    texts = ["Depuis que je prends du Cymbalta j'ai des nausées, est-ce normal ?", "great video!", "", "💉😷"]
    X = design_matrix(clf, texts)
    expected = X @ m.weights.astype(np.float64) + m.bias
    got = m.margins(clf.encode(texts))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


def test_margins_summed_two_labels_at_a_time_are_exact(monkeypatch):
    """Two labels summed in one uint64 give exactly the per-label sums: extreme weights, an odd number of
    labels, and the one-label-at-a-time path (docs with more occurrences than a 32-bit half can take)."""
    import reactions.model as M

    texts = ["Depuis que je prends du Cymbalta j'ai des nausées", "", "ok", "effets secondaires " * 250]
    enc = Classifier(tiny_model()).encode(texts)
    rng = np.random.default_rng(3)
    for labels in (LEARNED, LEARNED[:7]):
        k = len(labels)
        w = rng.normal(0, 1, size=(1 << 12, k))
        w[:, 0] = 5.0  # every weight +QMAX
        w[:, 1] = -5.0  # every weight -QMAX
        m = LinearModel.from_weights(12, labels, w, np.zeros(k), np.full(k, 0.5), {"version": "test"})
        packed = m.margins(enc)
        monkeypatch.setattr(M, "LANE_MAX", 0)
        one_by_one = m.margins(enc)
        monkeypatch.undo()
        np.testing.assert_array_equal(packed, one_by_one)
        assert packed.shape == (len(texts), k) and np.isfinite(packed).all()


# --------------------------------------------------------------------------- the model file


def test_model_file_round_trip_and_damage(tmp_path):
    m = tiny_model()
    data = m.to_bytes()
    assert data == LinearModel.from_bytes(data).to_bytes()  # stable: no timestamp, sorted header
    m2 = LinearModel.from_bytes(data)
    np.testing.assert_array_equal(m2.q, m.q)
    np.testing.assert_array_equal(m2.scale, m.scale)
    with pytest.raises(ModelFileError, match="not a Relais"):
        LinearModel.from_bytes(b"PK\x03\x04 zip")
    with pytest.raises(ModelFileError, match="damaged"):
        LinearModel.from_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError, match="make model"):
        LinearModel.load(tmp_path / "missing.model")


# --------------------------------------------------------------------------- the shipped classifier


@pytest.fixture(scope="module")
def shipped():
    return classifier()


def test_shipped_model_is_small_and_versioned():
    assert MODEL_PATH.stat().st_size < 6_000_000
    m = shipped_model()
    assert m.version == "reactions-2.0" and m.labels == LEARNED
    assert set(m.meta["inputs"]) >= {"labels/labelled_real_fr.csv", "labels/labelled_real_en.csv", "settings"}
    assert 0 < m.thresholds[m.labels.index("adverse_event")] < 0.5  # recall first


def test_hostile_input_is_labelled_or_skipped_with_a_reason(shipped):
    res = shipped.classify(HOSTILE)
    assert len(res) == len(HOSTILE)
    for i in (0, 1, 2, 3, 11):
        assert not res.decisions[i].any() and math.isnan(res.ae_scores[i])
    assert np.isfinite(res.ae_scores[[4, 5, 6, 7, 8, 10, 12, 13, 14]]).all()
    assert res.status[6] == F.STATUS_TRUNCATED


def test_known_comments(shipped):
    texts = [
        "J'ai eu 39 de fièvre et des frissons depuis ma 2e dose de Pfizer",
        "this cymbalta gave me horrible nausea and i cant sleep",
        "Est-ce que je peux prendre du doliprane avec mon traitement",
        "@julie @marc",
        "Merci docteur, vidéo très claire ❤️",
    ]
    res = shipped.classify(texts)
    assert res.column("adverse_event")[:2].all() and not res.column("adverse_event")[3:].any()
    assert "question" in res.categories(2) and "tag" in res.categories(3)
    assert res.products[2] == ["Doliprane"] and res.products[1] == ["Cymbalta"]
    assert any(c.startswith("cue:symptom") for c in res.cues[1])
    assert any(c.startswith("adverse_event:+") for c in res.cues[1])


def test_short_thanks_praise_and_hearts_are_support_not_concern(shipped):
    """Invented probes of the failure the short-reply pass fixed ("❤️❤️" came out as concern)."""
    texts = ["❤️❤️", "Bravo 👏", "Thank you for sharing ❤️", "👏👏👏", "thanks for sharing!", "Merci !"]
    res = shipped.classify(texts)
    for i, t in enumerate(texts):
        assert "support" in res.categories(i) and "concern" not in res.categories(i), (t, res.categories(i))


def test_client_products_extend_the_lexicon(shipped):
    clf = classifier({"Glucovia": ["Glucovia LP"]})
    res = clf.classify(["la glucovia lp et le doliprane", "rien"])
    assert res.products == [["Doliprane", "Glucovia"], []]
    import pandas as pd

    frame = pd.DataFrame({"name": ["Glucophage"], "aliases": [""], "molecule": ["metformine"]})
    res = classifier(frame).classify(["la metformine me donne la nausée", "glucophage ou metformine ?"])
    assert res.products == [["Glucophage"], ["Glucophage"]]


def test_explanations_never_name_a_mention(shipped):
    res = shipped.classify(["@dr_house this drug gave me a rash", "@dr_house"])
    assert not any("dr_house" in c or "dr" == c.split("+")[-1] for c in res.cues[0])


def test_a_handle_never_moves_a_decision(shipped):
    """Pseudonyms (and their re-keying) must not change a comment's labels or scores."""
    bodies = ["merci pour ce post", "this drug gave me a rash", "je peux le prendre enceinte", "top"]
    handles = ["@dr_house", "@u_3f9a0c21", "@Zoé.martin-42", "@x"]
    for body in bodies:
        res = shipped.classify([f"{h} {body}" for h in handles])
        assert (res.decisions == res.decisions[0]).all(), body
        assert np.allclose(res.probabilities, res.probabilities[0]), body


# --------------------------------------------------------------------------- the regression guard


@pytest.mark.skipif(not (SHARED / "corpora").exists(), reason="../shared is not here: no labelled text")
def test_shipped_model_reproduces_its_recorded_heldout_figures(shipped):
    from reactions.evaluate import evaluate_sets

    recorded = shipped_model().meta["heldout"]
    got = evaluate_sets(shipped, list(recorded), split="heldout")
    for name, fig in recorded.items():
        if "missing" in fig:
            continue
        assert got[name]["rows"] == fig["rows"], name
        for lab, r in fig["labels"].items():
            g = got[name]["labels"][lab]
            if lab == "macro_f1":
                assert g["f1"] == pytest.approx(r["f1"], abs=1e-4), (name, lab)
                continue
            assert (g["tp"], g["fp"], g["fn"]) == (r["tp"], r["fp"], r["fn"]), (name, lab)


# --------------------------------------------------------------------------- start-up cost


def test_classify_command_imports_neither_scikit_learn_nor_scipy(tmp_path):
    src = tmp_path / "c.csv"
    src.write_text("text\nj'ai des nausées depuis le vaccin\n", encoding="utf-8")
    code = (
        "import sys; from cli.main import main; "
        f"rc = main(['classify', '--input', {str(src)!r}, '--output', {str(tmp_path / 'o.csv')!r}]); "
        "print(rc, 'sklearn' in sys.modules, 'scipy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split()[-3:] == ["0", "False", "False"], out.stdout + out.stderr
