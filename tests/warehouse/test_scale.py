"""Bulk (set-based) versions of load steps give exactly what the per-row Python versions gave."""

from __future__ import annotations

import random
import string

import duckdb
import pandas as pd
import pytest

from warehouse.loader import pseudonymise
from warehouse.pseudonym import hmac_pads, pseudonymise_column

HANDLES = [
    "@Alice", " bob ", "@", "  ", "", "Straße", "ÉLODIE", "\u00a0x\u00a0", "x\t", "emoji😀", "ﬁne", "ΣΑΣ",
    "Ab@c", "@@double", "İstanbul", None, "a'b\"c", "\\back", "@Dr.Lea_Gyneco", "ＦＵＬＬ",
]  # fmt: skip


@pytest.mark.parametrize("key", [b"k" * 64, b"short key", b"x" * 100, "clé".encode()])
def test_sql_pseudonyms_equal_the_python_hmac(key):
    rnd = random.Random(7)
    values = HANDLES + [
        "".join(rnd.choice(string.printable[:95] + "éàß \u2009") for _ in range(rnd.randint(1, 24)))
        for _ in range(3000)
    ]
    con = duckdb.connect()
    con.execute("CREATE TEMP TABLE t (i INT, author VARCHAR)")
    con.execute("INSERT INTO t SELECT unnest(range(?)), unnest(?::VARCHAR[])", [len(values), values])
    pseudonymise_column(con, "t", "author", key)
    got = [r[0] for r in con.execute("SELECT author FROM t ORDER BY i").fetchall()]
    expected = [pseudonymise(v, key) for v in values]
    assert got == expected
    assert sum(g is None for g in got) >= 4 and len(set(got)) > 2900


def test_hmac_pads_follow_rfc_2104():
    import hashlib
    import hmac

    ipad, opad = hmac_pads(b"key")
    inner = hashlib.sha256(ipad + b"message").digest()
    assert (
        hashlib.sha256(opad + inner).hexdigest() == hmac.new(b"key", b"message", hashlib.sha256).hexdigest()
    )


# --------------------------------------------------------------------------- compliance in bulk

CUE_PHRASES = [
    "#pub", "(pub)", "[ pub ]", "pub : ", "Publicité", "#Publicité", "#publicitéOffice", "publicitaire", "contenu publicitaire",
    "sponsorisé", "sponsorisées par", "#sponsorisé", "Sponsored by", "#sponsored", "#ad", "#ads", "#advert", "advertisement",
    "paid partnership", "#PaidPartnership", "paid promotion", "collaboration commerciale", "#CollaborationCommerciale",
    "collaboration rémunérée", "partenariat rémunéré", "partenariat non rémunéré", "partenariat commercial",
    "en partenariat avec", "#partenariat", "partenariat", "en collaboration avec", "#collab", "collab", "#sp", "#sponso",
    "code promo", "CODE-PROMO", "code de réduction", "produits offerts", "offert par", "offerte par", "#gifted",
    "merci à @labo", "merci beaucoup à @x", "ambassadrice", "#ambassadeurs", "avec le soutien de", "avec le soutien "
    "institutionnel de", "lien affilié", "liens d'affiliation", "affiliate links", "#partner", "#partenaire",
    "botox", "injections d'acide hyaluronique", "lip filler", "vapoteuse", "e-cigarette", "sachets de nicotine", "snus",
    "arrêtez votre traitement", "stop taking your meds", "plus besoin de votre traitement", "remplacez vos médicaments",
    "à la place de vos traitements", "instead of your medication", "no more need for meds", "guérit naturellement",
    "cures it naturally", "Ozempic", "metformine",
]  # fmt: skip
CONTEXT = ["pas ", "pas de ", "non ", "non-", "not a ", "no ", "sans ", "ni ", "never ", "x", "2", "#", " ", "\n", "é",
           "le ", "la ", "the ", "and ", ": ", "-", "’", "'", "ÉTÉ ", "🎀 ", "merci ", "code ", "pub", "  "]  # fmt: skip


def _texts(n: int, seed: int = 3) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _k in range(rnd.randint(1, 5)):
            parts.append("".join(rnd.choice(CONTEXT) for _ in range(rnd.randint(0, 3))))
            parts.append(
                rnd.choice(CUE_PHRASES) if rnd.random() < 0.8 else rnd.choice(["Bonjour", "hello world", ""])
            )
            if rnd.random() < 0.3:
                parts[-1] = parts[-1].upper() if rnd.random() < 0.5 else parts[-1].title()
        out.append("".join(parts) + rnd.choice(["", "x", " ", "!", "2"]))
    return out


def _reference_disclosure(caption):
    """disclosure_level as it was written before the keyword prefilter: every cue's regex on every text."""
    from warehouse import compliance as K
    from warehouse.products import normalize_text

    text = normalize_text(caption)
    if not text.strip():
        return "missing", []
    lang = K._language(caption, None)
    hits = []
    for label, level, cue_lang, rx in K._CUE_RE:
        for m in rx.finditer(text):
            if K._NEGATION.search(text[max(0, m.start() - 20) : m.start()]):
                continue
            rank = K._RANK[level]
            if cue_lang is not None and cue_lang != lang:
                rank = K._RANK["weak"]
            hits.append((rank, m.start(), m.end(), label))
    if not hits:
        return "missing", []
    hits.sort(key=lambda h: (-h[0], h[1]))
    kept = []
    for h in hits:
        if any(h[1] < k[2] and k[1] < h[2] and k[0] >= h[0] for k in kept):
            continue
        kept.append(h)
    best = max(h[0] for h in kept)
    cues = []
    for h in sorted(kept, key=lambda h: h[1]):
        if h[3] not in cues:
            cues.append(h[3])
    return ("explicit" if best == K._RANK["explicit"] else "weak"), cues


def test_every_cue_and_topic_match_contains_one_of_its_keywords():
    from warehouse import compliance as K
    from warehouse.products import normalize_text

    texts = [normalize_text(t) for t in _texts(6000)]
    found = set()
    for label, _level, _lang, rx in K._CUE_RE:
        for t in texts:
            for m in rx.finditer(t):
                found.add(label)
                assert any(k in m.group(0) for k in K._CUE_KEYS[label]), (label, m.group(0))
    for code, rx in K._TOPIC_RE:
        for t in texts:
            for m in rx.finditer(t):
                found.add(code)
                assert any(k in m.group(0) for k in K._TOPIC_KEYS[code]), (code, m.group(0))
    assert found == {c[0] for c in K._CUES} | {c[0] for c in K._TOPICS}  # every cue and topic was exercised


def test_keyword_prefilter_changes_no_disclosure():
    from warehouse.compliance import disclosure_level

    texts = _texts(6000, seed=11)
    assert [disclosure_level(t) for t in texts] == [_reference_disclosure(t) for t in texts]
    levels = {disclosure_level(t)[0] for t in texts}
    assert levels == {"explicit", "weak", "missing"}


def test_sql_normalisation_equals_python_on_the_safe_characters():
    import unicodedata

    from warehouse.compliance import _SQL_SAFE_CHARS, _norm_sql
    from warehouse.products import normalize_text

    ranges = [(0x20, 0x250), (0x1E00, 0x1F00), (0x2000, 0x2C00), (0xFE00, 0xFE10), (0x1F000, 0x1FB00)]
    chars = [chr(c) for a, b in ranges for c in range(a, b) if unicodedata.category(chr(c)) != "Cn"]
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT c, {_norm_sql('c')}, regexp_matches(c, ?) FROM (SELECT unnest(?::VARCHAR[]) AS c)",
        [_SQL_SAFE_CHARS, chars],
    ).fetchall()
    assert all(safe for _c, _n, safe in rows)
    # where they differ, neither side produces a letter, a digit or '#' the other lacks
    for c, sql, _safe in rows:
        py = normalize_text(c)
        if py != sql:
            assert not any(ch.isascii() and (ch.isalnum() or ch == "#") for ch in py + sql), (
                hex(ord(c)),
                py,
                sql,
            )
    assert not con.execute("SELECT regexp_matches('Ωmega 中文', ?)", [_SQL_SAFE_CHARS]).fetchone()[0]


def test_bulk_check_posts_equals_checking_every_post_in_python(con):
    from warehouse.compliance import check_posts, check_text
    from warehouse.products import product_matcher

    texts = _texts(1500, seed=5) + ["", "   ", "\u00a0\n", "Bonjour à tous", "Ωmega sponsorisé", "中文 pub"]
    rows = []
    for i, t in enumerate(texts):
        title = ("#pub " if i % 7 == 0 else "Titre") if i % 3 == 0 else None
        caption = None if i % 11 == 0 else t
        rows.append([f"instagram:{i}", "instagram", str(i), "ig_image", "image", title, caption])
    con.executemany(
        "INSERT INTO posts (post_id, platform, platform_post_id, format, format_family, title, caption)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    assert check_posts(con) == len(rows)
    got = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT post_id, disclosure, disclosure_cues, products, product_risks, sensitive_topics FROM post_compliance"
        ).fetchall()
    }
    matcher = product_matcher(con)
    for post_id, _p, _i, _f, _ff, title, caption in rows:
        r = check_text(caption, matcher, title=title)
        expected = (
            r["disclosure"],
            r["disclosure_cues"],
            r["products"],
            r["product_risks"],
            r["sensitive_topics"],
        )
        assert got[post_id] == expected, (title, caption)
    kinds = {v[0] for v in got.values()}
    assert {"explicit", "weak", "missing", "not_checkable"} <= kinds
    assert check_posts(con) == 0  # nothing left to do


# --------------------------------------------------------------------------- incremental derived steps


def _derived(con):
    posts = con.execute("SELECT post_id, campaign_id, campaign_rule FROM posts ORDER BY post_id").fetchall()
    links = con.execute("SELECT comment_id, post_id FROM comments ORDER BY comment_id").fetchall()
    return posts, links


def test_incremental_campaigns_and_links_equal_a_full_recompute(tmp_path, monkeypatch):
    """Files loaded in an awkward order (comments first, roster in the middle, an override at the end):
    after each file the incremental steps give what recomputing everything gives."""
    from bench.scale_data import generate
    from warehouse.campaigns import assign_campaigns, relink_comments, set_override
    from warehouse.db import connect
    from warehouse.loader import load_paths

    m = generate(tmp_path / "data", 500, 3000, min_files=1)
    posts = [f for files in m["files"]["posts"].values() for f in files]
    order = [*m["files"]["comments"], *posts[:3], *m["files"]["roster"], *posts[3:]]
    db = tmp_path / "w.duckdb"
    checked = 0
    for path in order:
        with connect(db) as con:
            load_paths(con, [path])
            got = _derived(con)
            con.execute("BEGIN TRANSACTION")
            assign_campaigns(con, full=True)
            relink_comments(con, full=True)
            assert _derived(con) == got, path
            con.execute("ROLLBACK")
            checked += 1
    with connect(db) as con:
        post_id = con.execute("SELECT min(post_id) FROM posts WHERE campaign_id IS NULL").fetchone()[0]
        camp = con.execute("SELECT min(campaign_id) FROM campaigns").fetchone()[0]
        set_override(con, post_id, camp, "test")
        got = _derived(con)
        assert (post_id, camp, "override") in got[0]
        assign_campaigns(con, full=True)
        assert _derived(con) == got
        posts_n, linked, assigned = con.execute(
            "SELECT (SELECT count(*) FROM posts), (SELECT count(post_id) FROM comments),"
            " (SELECT count(campaign_id) FROM posts)"
        ).fetchone()
    assert checked == len(order) and posts_n == 500 and linked == 3000 and 0 < assigned < 500


# --------------------------------------------------------------------------- facts kept ready for the metrics


def _figures(con):
    from warehouse import metrics as M
    from warehouse.filters import Filters

    one = Filters(platforms=("instagram",))
    return {
        "agg influencer": M.aggregate(con, ["influencer"]),
        "agg format,profile": M.aggregate(con, ["format", "profile_type"], one),
        "agg views": M.aggregate(con, ["campaign"], None, "views"),
        "mix family": M.reaction_mix(con, ["format_family"]),
        "mix campaign": M.reaction_mix(con, ["campaign"], one),
        "mix all": M.reaction_mix(con, []),
        "timeline": M.timeline(con, None, "month"),
        "comparison input": M.posts_for_comparison(con),
        "headline": pd.DataFrame([M.headline(con)]),
    }


def _assert_same(a, b):
    assert a.keys() == b.keys()
    for k in a:
        pd.testing.assert_frame_equal(a[k], b[k], check_exact=False, rtol=1e-12, obj=k)


def test_facts_tables_give_the_live_figures_and_are_ignored_when_stale(sample_db, tmp_path, monkeypatch):
    import shutil

    from reactions.classify import correct_comment
    from warehouse import facts

    db = tmp_path / "w.duckdb"
    shutil.copyfile(sample_db, db)
    con = duckdb.connect(str(db))
    ready = facts.fresh(con)
    assert ready == {facts.LATEST: True, facts.COUNTS: True}  # kept ready by the load's derived step
    fast = _figures(con)
    assert len(fast["mix family"]) > 3 and fast["headline"]["comments_classified"][0] > 1000
    with monkeypatch.context() as m:
        m.setattr(facts, "fresh", lambda _con: {facts.LATEST: False, facts.COUNTS: False})
        _assert_same(fast, _figures(con))

    # a person's correction: the counts are stale (the live SQL answers) until refreshed
    cid, post_id = con.execute(
        "SELECT c.comment_id, c.post_id FROM comments c JOIN comment_reactions r USING (comment_id)"
        " WHERE c.post_id IS NOT NULL AND NOT r.adverse_event ORDER BY 1 LIMIT 1"
    ).fetchone()
    correct_comment(con, cid, ["question"], True, "pv.officer", "test")
    assert facts.fresh(con)[facts.COUNTS] is False
    stale = _figures(con)
    adverse = stale["agg influencer"]["adverse_events"].sum()
    assert adverse == fast["agg influencer"]["adverse_events"].sum() + 1
    assert facts.refresh(con)[facts.COUNTS] >= 1
    assert facts.fresh(con) == {facts.LATEST: True, facts.COUNTS: True}
    _assert_same(stale, _figures(con))
    assert facts.refresh(con) == {facts.LATEST: 0, facts.COUNTS: 0}  # nothing left to do
    con.close()
