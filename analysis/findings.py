"""Plain-language findings and caveats, in English and French.

A marketer pastes these sentences into a client email, so they must be honest
(a difference is only stated when its Holm-adjusted p-value is below 0.05),
carry their uncertainty (the 95% CI and the number of posts and influencers
behind them) and read naturally in both languages (French decimal comma and
non-breaking spaces). Level names are the `phrase` of each code in `domain`.

All French phrases are plural nouns with their article ("les reels"), so every
French sentence can use a plural verb and contract "de les" into "des".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from domain import level_term

if TYPE_CHECKING:  # pragma: no cover - import only for type hints (avoids a cycle)
    from analysis.compare import ComparisonResult

NBSP = "\u00a0"  # before ":" and "%" in French
NNBSP = "\u202f"  # narrow no-break space: before ";" and as thousands separator in French
LANGS = ("en", "fr")
SIGNIFICANCE = 0.05

# Names of the factors themselves: plural (lists, overall test), singular with
# article (caveats) and, in French, the bare noun with its gender for "à ... égaux".
FACTOR_NAMES: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "format": {"plural": "formats", "the": "the format", "bare": "format"},
        "format_family": {"plural": "format families", "the": "the format", "bare": "format"},
        "profile_type": {"plural": "profile types", "the": "the profile type", "bare": "profile type"},
        "tier": {"plural": "tiers", "the": "the tier", "bare": "tier"},
        "platform": {"plural": "platforms", "the": "the platform", "bare": "platform"},
    },
    "fr": {
        "format": {"plural": "formats", "the": "le format", "bare": "format", "gender": "m"},
        "format_family": {
            "plural": "familles de formats",
            "the": "le format",
            "bare": "format",
            "gender": "m",
        },
        "profile_type": {
            "plural": "types de profil",
            "the": "le type de profil",
            "bare": "type de profil",
            "gender": "m",
        },
        "tier": {"plural": "paliers", "the": "le palier", "bare": "palier", "gender": "m"},
        "platform": {
            "plural": "plateformes",
            "the": "la plateforme",
            "bare": "plateforme",
            "gender": "f",
            "plural_gender": "f",
        },
    },
}


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; use one of {LANGS}")
    return lang


def label(code: Any, lang: str = "en") -> str:
    """Human label for a level code (format, family, profile type, tier, platform).

    Unknown codes fall back to a neutral "posts of X" form so sentences stay grammatical.
    """
    lang = _lang(lang)
    key = "" if code is None else str(code)
    term = level_term(key)
    if term is not None and term.phrase is not None:
        return term.phrase.get(lang) or term.phrase["en"]
    shown = key.replace("_", " ") or "?"
    return f"“{shown}” posts" if lang == "en" else f"les publications «{NBSP}{shown}{NBSP}»"


def factor_name(by: str, lang: str = "en", form: str = "plural") -> str:
    """Name of a factor ("formats", "le palier"...), falling back to the column name."""
    names = FACTOR_NAMES[_lang(lang)].get(by)
    if names is None:
        bare = by.replace("_", " ")
        return {"plural": bare + "s", "the": ("the " if lang == "en" else "le ") + bare}.get(form, bare)
    return names[form]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _de(text: str) -> str:
    """French "de" + label, contracting "de les" into "des"."""
    if text.startswith("les "):
        return "des " + text[4:]
    if text.startswith("le "):
        return "du " + text[3:]
    if text[:1].lower() in "aeiouyéèêh":
        return "d'" + text
    return "de " + text


def _join(items: Sequence[str], lang: str) -> str:
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    conj = " and " if lang == "en" else " et "
    return ", ".join(items[:-1]) + conj + items[-1]


# --------------------------------------------------------------------------- numbers


def fmt_number(x: float, decimals: int, lang: str = "en") -> str:
    """A number with a fixed number of decimals, French decimal comma and thin-space thousands."""
    s = f"{x:,.{decimals}f}"
    if lang == "fr":
        s = s.replace(",", NNBSP).replace(".", ",")
    return s


_CURRENCY_SIGNS = {"EUR": "€", "USD": "$", "GBP": "£"}


def fmt_money(x: float, currency: Any, lang: str = "en", decimals: int = 0) -> str:
    """'€221,110' / '221 110 €' (the currency code when it has no sign: '1,200 CHF')."""
    code = "" if currency is None or currency != currency else str(currency).upper()
    sign = _CURRENCY_SIGNS.get(code)
    num = fmt_number(x, decimals, lang)
    if lang == "fr":
        return f"{num}{NBSP}{sign or code}".rstrip()
    return f"{sign}{num}" if sign else f"{num} {code}".rstrip()


def fmt_compact(n: int | float, lang: str = "en") -> str:
    """Headline counts: exact up to 999,999, then 27.0M / 27,0 M (the dashboard's tiles and the deck)."""
    if abs(n) < 1_000_000:
        return fmt_int(round(n), lang)
    for div, en, fr in ((1e9, "B", NBSP + "Md"), (1e6, "M", NBSP + "M")):
        if abs(n) >= div:
            return fmt_number(n / div, 1, lang) + (fr if lang == "fr" else en)
    return fmt_int(round(n), lang)


def fmt_int(n: int | float, lang: str = "en") -> str:
    """A count with thousands separators (1,234 / 1 234)."""
    return fmt_number(float(n), 0, lang)


def ratio_decimals(values: Iterable[float]) -> int:
    """Decimals for a rate ratio and its CI: 1 above 1, 2 below 1, more if needed to not show a false 1.0.

    One rule for the three numbers keeps "1.9 (1.4–2.6)" and "0.70 (0.55–0.89)"
    readable; the extra decimals stop a significant CI from printing as "1.0–1.4".
    """
    vals = [v for v in values if v is not None and math.isfinite(v)]
    if not vals:
        return 1
    d = 0 if min(vals) >= 10 else (1 if min(vals) >= 1 else 2)
    while d < 3 and any(v != 1 and round(v, d) == 1 for v in vals):
        d += 1
    return d


def fmt_p(p: float, lang: str = "en") -> str:
    """'p = 0.03' / 'p < 0.001' (French: 'p = 0,03' with non-breaking spaces)."""
    sp = NBSP if lang == "fr" else " "
    if p is None or not math.isfinite(p):
        return "p" + sp + "=" + sp + "–"
    if p < 0.001:
        return "p" + sp + "<" + sp + fmt_number(0.001, 3, lang)
    d = 2 if p >= 0.01 else 3
    return "p" + sp + "=" + sp + fmt_number(p, d, lang)


def fmt_percent(x: float, lang: str = "en", decimals: int = 0) -> str:
    return fmt_number(100 * x, decimals, lang) + (NBSP + "%" if lang == "fr" else "%")


def _ci_text(lo: float, hi: float, d: int, lang: str) -> str:
    if lang == "fr":
        return f"IC à 95{NBSP}%{NBSP}: {fmt_number(lo, d, lang)}–{fmt_number(hi, d, lang)}"
    return f"95% CI {fmt_number(lo, d, lang)}–{fmt_number(hi, d, lang)}"


def _posts_from(posts: int, influencers: int, lang: str) -> str:
    if lang == "fr":
        pub = "publication" if posts == 1 else "publications"
        inf = "influenceur" if influencers == 1 else "influenceurs"
        return f"{fmt_int(posts, lang)} {pub} de {fmt_int(influencers, lang)} {inf}"
    pst = "post" if posts == 1 else "posts"
    inf = "influencer" if influencers == 1 else "influencers"
    return f"{fmt_int(posts, lang)} {pst} from {fmt_int(influencers, lang)} {inf}"


def adjusted_for(covariates: Sequence[str], lang: str = "en") -> str:
    """', adjusted for platform and tier' / ', à plateforme et palier égaux' ('' when nothing was adjusted)."""
    if not covariates:
        return ""
    seen: list[str] = []
    genders: list[str] = []
    for c in covariates:
        n = FACTOR_NAMES[lang].get(c, {"bare": c.replace("_", " "), "gender": "m"})
        if n["bare"] not in seen:
            seen.append(n["bare"])
            genders.append(n.get("gender", "m"))
    if lang == "en":
        return ", adjusted for " + _join(seen, lang)
    feminine = all(g == "f" for g in genders)
    if len(seen) == 1:
        adj = "égale" if feminine else "égal"
    else:
        adj = "égales" if feminine else "égaux"
    return f", à {_join(seen, lang)} {adj}"


# --------------------------------------------------------------------------- sentences


def difference_sentence(
    level_a: str,
    level_b: str,
    rate_ratio: float,
    ci_low: float,
    ci_high: float,
    p_adjusted: float,
    posts: int,
    influencers: int,
    covariates: Sequence[str] = (),
    n_tests: int = 1,
    lang: str = "en",
) -> str:
    """One sentence comparing level_a with level_b (rate ratio = a / b).

    A difference is claimed only when the Holm-adjusted p-value is below 0.05;
    otherwise the sentence says there is no clear difference, and why (the CI
    includes 1, or the difference did not survive the multiple-comparison correction).
    """
    lang = _lang(lang)
    a, b = label(level_a, lang), label(level_b, lang)
    d = ratio_decimals([rate_ratio, ci_low, ci_high])
    rr = fmt_number(rate_ratio, d, lang)
    ci = _ci_text(ci_low, ci_high, d, lang)
    adj = adjusted_for(covariates, lang)
    base = _posts_from(posts, influencers, lang)
    significant = p_adjusted is not None and math.isfinite(p_adjusted) and p_adjusted < SIGNIFICANCE
    includes_one = ci_low <= 1 <= ci_high
    if lang == "en":
        if significant:
            return (
                f"{_cap(a)} drew {rr}× the engagement per person reached of {b} ({ci}){adj}; based on {base}."
            )
        why = (
            f"{ci}, includes 1"
            if includes_one
            else f"{ci}; not significant after correcting for {n_tests} comparisons, "
            f"adjusted {fmt_p(p_adjusted, lang)}"
        )
        return (
            f"No clear difference in engagement per person reached between {a} and {b} "
            f"(rate ratio {rr}, {why}){adj}; based on {base}."
        )
    if significant:
        return (
            f"{_cap(a)} ont suscité {rr} fois l'engagement par personne atteinte {_de(b)} ({ci}){adj}{NNBSP}; "
            f"sur la base de {base}."
        )
    why = (
        f"{ci}, qui inclut 1"
        if includes_one
        else f"{ci}{NNBSP}; non significatif après correction pour {n_tests} comparaisons, "
        f"p ajusté{fmt_p(p_adjusted, lang)[1:]}"
    )
    return (
        f"Pas de différence nette d'engagement par personne atteinte entre {a} et {b} "
        f"(rapport de {rr}, {why}){adj}{NNBSP}; sur la base de {base}."
    )


def overall_sentence(by: str, n_levels: int, test: Mapping[str, Any], lang: str = "en") -> str:
    """The joint (Wald) test that all levels of the factor have the same engagement rate."""
    lang = _lang(lang)
    stat_name = "F" if test.get("test") == "F" else "χ²"
    df = int(test["df"])
    sep = f"{NNBSP}; " if lang == "fr" else ", "  # a comma would read as a decimal comma in French
    df_txt = (
        f"{df}{sep}{int(test['df_denom'])}" if test.get("test") == "F" and test.get("df_denom") else f"{df}"
    )
    eq = f"{NBSP}={NBSP}" if lang == "fr" else " = "
    stat = f"{stat_name}({df_txt}){eq}{fmt_number(float(test['stat']), 2, lang)}"
    p_txt = fmt_p(float(test["p"]), lang)
    names = factor_name(by, lang)
    sig = float(test["p"]) < SIGNIFICANCE
    if lang == "en":
        if sig:
            return (
                f"Overall, engagement per person reached differs between the {n_levels} {names} "
                f"compared (Wald test {stat}, {p_txt})."
            )
        return (
            f"Overall, no clear difference in engagement per person reached between the {n_levels} {names} "
            f"compared (Wald test {stat}, {p_txt})."
        )
    fem = FACTOR_NAMES["fr"].get(by, {}).get("plural_gender") == "f"
    compared = "comparées" if fem else "comparés"
    if sig:
        return (
            f"Dans l'ensemble, l'engagement par personne atteinte diffère entre les {n_levels} {names} "
            f"{compared} (test de Wald {stat}, {p_txt})."
        )
    return (
        f"Dans l'ensemble, pas de différence nette d'engagement par personne atteinte entre les "
        f"{n_levels} {names} {compared} (test de Wald {stat}, {p_txt})."
    )


def build_findings(result: ComparisonResult, lang: str = "en") -> list[str]:
    """Findings for a fitted comparison: the overall test, each level vs the reference, then
    any other pair whose Holm-adjusted difference is significant (higher level first).

    "based on N posts from K influencers" counts the posts of the two levels in the
    sentence and the distinct influencers behind them: that is the evidence the
    contrast rests on (covariates are estimated from all compared posts).
    """
    lang = _lang(lang)
    if result.refused or result.pairwise is None or result.pairwise.empty:
        return []
    out: list[str] = []
    compared = result.levels[result.levels["status"].isin(["reference", "compared"])]
    if result.overall_test:
        out.append(overall_sentence(result.by, len(compared), result.overall_test, lang))
    n_tests = len(result.pairwise)
    pair_n = result.pair_influencers or {}
    covs = result.covariates_used

    posts_of = dict(zip(compared["level"], compared["posts"], strict=True))

    def sentence(a: str, b: str, row: Any) -> str:
        posts = int(posts_of[a] + posts_of[b])
        k = pair_n.get((a, b)) or pair_n.get((b, a)) or 0
        return difference_sentence(
            a,
            b,
            float(row["rate_ratio"]),
            float(row["ci_low"]),
            float(row["ci_high"]),
            float(row["p_adjusted"]),
            posts,
            int(k),
            covs,
            n_tests,
            lang,
        )

    ref = result.reference
    vs_ref = result.pairwise[result.pairwise["level_b"] == ref]
    others = result.pairwise[result.pairwise["level_b"] != ref]
    for row in vs_ref.to_dict("records"):
        out.append(sentence(row["level_a"], row["level_b"], row))
    for row in others.to_dict("records"):
        if not (row["p_adjusted"] < SIGNIFICANCE):
            continue
        if row["rate_ratio"] >= 1:
            out.append(sentence(row["level_a"], row["level_b"], row))
        else:  # state it the positive way round: B drew k× the engagement of A
            flipped = {
                "rate_ratio": 1 / row["rate_ratio"],
                "ci_low": 1 / row["ci_high"],
                "ci_high": 1 / row["ci_low"],
                "p_adjusted": row["p_adjusted"],
            }
            out.append(sentence(row["level_b"], row["level_a"], flipped))
    return out


# --------------------------------------------------------------------------- caveats and refusals


def _s(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def render_note(key: str, params: Mapping[str, Any], lang: str = "en") -> str:
    """Render one caveat, identified by key, in the requested language.

    compare() records caveats as (key, params) so both languages come from the same facts.
    """
    lang = _lang(lang)
    p = dict(params)
    render = _NOTES.get(key)
    if render is None:
        raise KeyError(f"unknown caveat {key!r}")
    return render(p, lang, lang == "en", p.get("by", ""))


# --------------------------------------------------------------------------- one function per caveat
# (p: the caveat's facts, lang, en: lang == "en", by: the compared factor)


def _note_association(p: dict[str, Any], lang: str, en: bool, by: str) -> str:
    if en:
        return (
            "Association, not causation: influencers were not assigned a "
            f"{factor_name(by, lang, 'bare')} at random, so differences can also reflect topics, "
            "audiences or timing that go with it."
        )
    return (
        "Association et non causalité : le choix "
        f"{_de(factor_name(by, lang, 'the'))} n'a pas été tiré au sort, les écarts peuvent donc aussi "
        "refléter les sujets, les audiences ou le calendrier qui l'accompagnent."
    ).replace(" :", NBSP + ":")


def _note_nested(p: dict[str, Any], lang: str, en: bool, by: str) -> str:
    finer, coarser = label(p["example_finer"], lang), label(p["example_coarser"], lang)
    cov = p["covariate"]
    if en:
        return (
            f"{_cap(factor_name(by, lang))} and {factor_name(cov, lang)} are nested "
            f"(e.g. {finer} are always {coarser}), so {factor_name(cov, lang, 'bare')} could not be "
            f"adjusted for: differences between {factor_name(by, lang)} also reflect differences "
            f"between {factor_name(cov, lang)}."
        )
    return (
        f"{_cap(factor_name(by, lang))} et {factor_name(cov, lang)} sont imbriqués "
        f"(p.{NNBSP}ex. {finer} sont toujours {_de(coarser)}), on ne peut donc pas tenir compte "
        f"{_de(factor_name(cov, lang, 'the'))}{NBSP}: les écarts entre {factor_name(by, lang)} "
        f"reflètent aussi des écarts entre {factor_name(cov, lang)}."
    )


def _note_covariate_dropped(p: dict[str, Any], lang: str, en: bool, by: str) -> str:
    cov = factor_name(p["covariate"], lang, "bare")
    if en:
        return f"Could not adjust for {cov}: {p['reason_en']}."
    return f"Impossible de tenir compte du critère «{NBSP}{cov}{NBSP}»{NBSP}: {p['reason_fr']}."


def _note_few_influencers(p: dict[str, Any], lang: str, en: bool, by: str) -> str:
    lvl, n = label(p["level"], lang), int(p["influencers"])
    if en:
        return (
            f"{_cap(lvl)}: based on few influencers ({n}); results may reflect these individuals "
            f"rather than {factor_name(by, lang, 'the')}."
        )
    return (
        f"{_cap(lvl)}{NBSP}: peu d'influenceurs ({n}){NNBSP}; les résultats peuvent refléter ces "
        f"personnes plutôt que {factor_name(by, lang, 'the')}."
    )


def _note_few_influencers_total(p: dict[str, Any], lang: str, en: bool, by: str) -> str:
    n = int(p["influencers"])
    if en:
        return (
            f"Only {n} influencers in total: the confidence intervals rely on differences between "
            "influencers and may be somewhat too narrow."
        )
    return (
        f"Seulement {n} influenceurs au total{NBSP}: les intervalles de confiance reposent sur les écarts "
        "entre influenceurs et peuvent être un peu trop étroits."
    )


def _note_boosted(p: dict[str, Any], lang: str, en: bool, by: str) -> str:
    n = int(p["posts"])
    if en:
        return (
            f"{fmt_int(n, lang)} {_s(n, 'post was', 'posts were')} boosted or sponsored; paid "
            "distribution changes reach and engagement, so these posts may not compare fairly "
            "with organic ones."
        )
    return (
        f"{fmt_int(n, lang)} {_s(n, 'publication a été sponsorisée', 'publications ont été sponsorisées')} "
        f"ou boostée{_s(n, '', 's')}{NNBSP}; la diffusion payante modifie la portée et l'engagement, "
        "ces publications ne se comparent donc pas forcément aux publications organiques."
    )


def _note_boosted_unknown(p: dict[str, Any], lang: str, en: bool, by: str) -> str:
    n = p.get("posts")
    if en:
        which = "posts" if n is None else f"{fmt_int(n, lang)} {_s(n, 'post', 'posts')}"
        return (
            f"Whether {which} were boosted or sponsored is not known; paid distribution could "
            "affect the comparison."
        )
    which = (
        "des publications" if n is None else f"de {fmt_int(n, lang)} {_s(n, 'publication', 'publications')}"
    )
    return (
        f"On ne sait pas si une partie {which} a été sponsorisée ou boostée{NNBSP}; une diffusion "
        "payante pourrait fausser la comparaison."
    )


def _note_no_reach(p: dict[str, Any], lang: str, en: bool, by: str) -> str:
    n = int(p["posts"])
    terms = [(v, level_term(str(v))) for v in p.get("platforms", [])]
    where = ", ".join(t.text(lang) if t is not None else str(v) for v, t in terms)
    where = f" ({where})" if where else ""
    if en:
        return (
            f"{fmt_int(n, lang)} {_s(n, 'post', 'posts')}{where} without a measured reach "
            f"{_s(n, 'is', 'are')} left out: the comparison is per person reached, and views or impressions "
            "are not people reached."
        )
    return (
        f"{fmt_int(n, lang)} {_s(n, 'publication', 'publications')}{where} sans portée mesurée "
        f"{_s(n, 'est écartée', 'sont écartées')}{NBSP}: la comparaison est par personne touchée, et les vues "
        "ou impressions ne sont pas des personnes."
    )


def _note_not_compared(p: dict[str, Any], lang: str, en: bool, by: str) -> str:
    lvl = label(p["level"], lang)
    counts = _posts_from(int(p["posts"]), int(p["influencers"]), lang)
    reason = p["reason"]
    if en:
        why = {
            "too_few": (
                f"too few posts ({counts}; need at least {p['min_posts']} posts from "
                f"{p['min_influencers']} influencers)"
            ),
            "no_engagement": f"no engagement recorded ({counts})",
            "unknown": f"unknown value ({counts})",
        }[reason]
        return f"{_cap(lvl)} not compared: {why}."
    why = {
        "too_few": (
            f"trop peu de publications ({counts}{NNBSP}; il en faut au moins {p['min_posts']} de "
            f"{p['min_influencers']} influenceurs)"
        ),
        "no_engagement": f"aucun engagement enregistré ({counts})",
        "unknown": f"valeur inconnue ({counts})",
    }[reason]
    return f"Pas de comparaison pour {lvl}{NBSP}: {why}."


def _note_excluded_rows(p: dict[str, Any], lang: str, en: bool, by: str) -> str:
    n = int(p["posts"])
    if en:
        return (
            f"{fmt_int(n, lang)} {_s(n, 'post was', 'posts were')} left out because reach, "
            f"engagements, influencer or {factor_name(by, lang, 'bare')} was missing (or reach was 0)."
        )
    return (
        f"{fmt_int(n, lang)} {_s(n, 'publication a été écartée', 'publications ont été écartées')} faute "
        f"de portée, d'engagements, d'influenceur ou de {factor_name(by, lang, 'bare')} (ou portée nulle)."
    )


def _note_reference_changed(p: dict[str, Any], lang: str, en: bool, by: str) -> str:
    req, used = label(p["requested"], lang), label(p["used"], lang)
    if en:
        return f"{_cap(req)} could not serve as the reference (too few posts); {used} were used instead."
    return f"{_cap(req)} ne pouvaient pas servir de référence (trop peu de publications){NNBSP}; {used} ont été utilisés à la place."


def _note_poisson(p: dict[str, Any], lang: str, en: bool, by: str) -> str:
    if en:
        return f"The model fell back to a Poisson fit with influencer-robust errors: {p['reason_en']}."
    return f"Le modèle s'est replié sur un ajustement de Poisson à erreurs robustes par influenceur{NBSP}: {p['reason_fr']}."


_NOTES: dict[str, Any] = {
    "association": _note_association,
    "nested": _note_nested,
    "covariate_dropped": _note_covariate_dropped,
    "few_influencers": _note_few_influencers,
    "few_influencers_total": _note_few_influencers_total,
    "boosted": _note_boosted,
    "boosted_unknown": _note_boosted_unknown,
    "no_reach": _note_no_reach,
    "not_compared": _note_not_compared,
    "excluded_rows": _note_excluded_rows,
    "reference_changed": _note_reference_changed,
    "poisson": _note_poisson,
}


def refusal_message(
    posts: int,
    influencers: int,
    min_posts: int,
    min_influencers: int,
    lang: str = "en",
) -> str:
    """'Not enough data: 12 posts from 3 influencers (need at least 30 posts from 6 influencers).'"""
    lang = _lang(lang)
    have = _posts_from(posts, influencers, lang)
    if lang == "en":
        return (
            f"Not enough data: {have} (need at least {min_posts} posts from {min_influencers} influencers)."
        )
    return (
        f"Pas assez de données{NBSP}: {have} (il faut au moins {min_posts} publications de "
        f"{min_influencers} influenceurs)."
    )


def refusal_levels_message(
    by: str,
    n_ok: int,
    min_level_posts: int,
    min_level_influencers: int,
    lang: str = "en",
) -> str:
    """Refusal when fewer than two levels have enough posts to be compared."""
    lang = _lang(lang)
    if lang == "en":
        return (
            f"Not enough data: only {n_ok} of the {factor_name(by, lang)} "
            f"{_s(n_ok, 'has', 'have')} at least {min_level_posts} posts from {min_level_influencers} "
            "influencers (need 2 to compare)."
        )
    return (
        f"Pas assez de données{NBSP}: seulement {n_ok} {_s(n_ok, 'valeur', 'valeurs')} "
        f"({factor_name(by, lang)}) {_s(n_ok, 'a', 'ont')} au moins {min_level_posts} publications de "
        f"{min_level_influencers} influenceurs (il en faut 2 pour comparer)."
    )
