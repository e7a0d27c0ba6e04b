"""Findings a client can read: one plain sentence first, then the evidence, the statistics last.

Why: the comparison (`analysis.compare`) speaks the language of a paper (Wald
F tests, Holm-adjusted pairwise contrasts). An account lead needs one sentence
per page that is true ("Short videos by patient experts drew the most
engagement per person reached"), two or three numbers behind it, and — when
the raw chart and the adjusted comparison rank the levels differently — one
sentence saying why (the mix of profiles or platforms behind each level).
Everything statistical stays available, for the expander and the speaker notes.

A level "stands out" only when its adjusted difference with the runner-up
survives the Holm correction (the same rule the findings use), so the plain
sentence never claims more than the evidence sentences below it.
Every string exists in English and French, built from the same facts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis import findings as fx

if TYPE_CHECKING:  # pragma: no cover
    import duckdb

    from analysis.compare import ComparisonResult
    from warehouse.filters import Filters

NBSP, NNBSP = fx.NBSP, fx.NNBSP
EVIDENCE_MAX = 3
# the other factors whose mix can explain a raw/adjusted disagreement, in the order they are tried
MIX_FACTORS = ("profile_type", "platform", "format_family", "tier")


@dataclass
class Plain:
    """The client-facing reading of one comparison, in one language."""

    by: str
    lang: str
    sentence: str
    evidence: list[str] = field(default_factory=list)
    rankings_differ: str | None = None
    detail: list[str] = field(default_factory=list)  # overall test, every contrast, caveats, method
    best: str | None = None
    clear: bool = False


def _compared(result: ComparisonResult) -> pd.DataFrame:
    lv = result.levels
    return lv[lv["status"].isin(["reference", "compared"])].copy()


def _pair(result: ComparisonResult, a: str, b: str) -> dict[str, float] | None:
    """The contrast a vs b (rate ratio a/b, CI, Holm p), whichever way the table stores it."""
    pw = result.pairwise
    if pw is None or pw.empty:
        return None
    hit = pw[(pw["level_a"] == a) & (pw["level_b"] == b)]
    if len(hit):
        r = hit.iloc[0]
        return {"rr": r["rate_ratio"], "lo": r["ci_low"], "hi": r["ci_high"], "p": r["p_adjusted"]}
    hit = pw[(pw["level_a"] == b) & (pw["level_b"] == a)]
    if len(hit):
        r = hit.iloc[0]
        return {
            "rr": 1 / r["rate_ratio"],
            "lo": 1 / r["ci_high"],
            "hi": 1 / r["ci_low"],
            "p": r["p_adjusted"],
        }
    return None


def _significant(p: Any) -> bool:
    try:
        return math.isfinite(float(p)) and float(p) < fx.SIGNIFICANCE
    except (TypeError, ValueError):
        return False


def leader(result: ComparisonResult) -> tuple[str | None, str | None, dict[str, float] | None, bool]:
    """(best level, runner-up, contrast best vs runner-up, clear) by the adjusted rate ratio."""
    lv = _compared(result)
    if not result.ok or len(lv) < 2:
        return None, None, None, False
    lv = lv.sort_values("rate_ratio", ascending=False)
    best, second = str(lv.iloc[0]["level"]), str(lv.iloc[1]["level"])
    pair = _pair(result, best, second)
    return best, second, pair, bool(pair and _significant(pair["p"]))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _times(x: float, lang: str) -> str:
    d = fx.ratio_decimals([x])
    return fx.fmt_number(x, d, lang) + ("×" if lang == "en" else f"{NBSP}fois")


def sentence(result: ComparisonResult, lang: str) -> str:
    """The one plain sentence about a factor (what a marketer says in the meeting)."""
    lang = fx._lang(lang)
    names = fx.factor_name(result.by, lang, "plural")
    if not result.ok:
        return result.message(lang) or ""
    best, second, pair, clear = leader(result)
    if best is None:
        return f"Not enough {names} to compare." if lang == "en" else f"Pas assez de {names} à comparer."
    a, b = fx.label(best, lang), fx.label(second, lang)
    if clear and pair:
        if lang == "en":
            return (
                f"{_cap(a)} drew the most engagement per person reached: {_times(pair['rr'], lang)} that of "
                f"{b}, the next best."
            )
        return (
            f"{_cap(a)} ont suscité le plus d'engagement par personne atteinte{NBSP}: "
            f"{_times(pair['rr'], lang)} celui {fx._de(b)}, deuxièmes."
        )
    overall = result.overall_test or {}
    if overall and not _significant(overall.get("p")):
        if lang == "en":
            return f"No {fx.factor_name(result.by, lang, 'bare')} stood out: engagement per person reached was similar across the {names} compared."
        fem = (
            names.startswith("familles")
            or fx.FACTOR_NAMES["fr"].get(result.by, {}).get("plural_gender") == "f"
        )
        return (
            f"Aucun {fx.factor_name(result.by, lang, 'bare')} ne se détache{NBSP}: l'engagement par personne "
            f"atteinte est comparable entre les {names} {'comparées' if fem else 'comparés'}."
        )
    if lang == "en":
        return f"{_cap(a)} and {b} drew the most engagement per person reached; the data cannot tell which of the two is ahead."
    return (
        f"{_cap(a)} et {b} ont suscité le plus d'engagement par personne atteinte{NBSP}; les données ne "
        "permettent pas de les départager."
    )


def _top(result: ComparisonResult | None, lang: str) -> list[str] | None:
    """'short videos' when they stand out clearly, 'videos and short videos' when the two leaders
    cannot be split but the factor matters, None when nothing stands out (or no comparison)."""
    if result is None or not result.ok:
        return None
    best, second, _, clear = leader(result)
    if best is None:
        return None
    if clear:
        return [fx.label(best, lang)]
    overall = result.overall_test or {}
    if overall and not _significant(overall.get("p")):
        return None
    return [fx.label(best, lang), fx.label(second, lang)]


def combined_sentence(
    formats: ComparisonResult | None, profiles: ComparisonResult | None, lang: str
) -> str | None:
    """The Overview's sentence: the leading formats by the leading profiles (None without comparisons)."""
    lang = fx._lang(lang)
    fl, pl = _top(formats, lang), _top(profiles, lang)
    f, p = (fx._join(fl, lang) if fl else None), (fx._join(pl, lang) if pl else None)
    if f and p:
        if lang == "en":
            return f"{_cap(f)} by {p} drew the most engagement per person reached."
        by = fx._join([fx._de(x) for x in pl or []], lang)
        return f"{_cap(f)} {by} ont suscité le plus d'engagement par personne atteinte."
    if f or p:
        lead = f or p
        assert lead is not None
        other = profiles if f else formats
        names = fx.factor_name(other.by, lang, "bare") if other is not None else ""
        if lang == "en":
            tail = f"; no {names} stood out clearly." if names else "."
            return f"{_cap(lead)} drew the most engagement per person reached{tail}"
        tail = f"{NNBSP}; aucun {names} ne se détache nettement." if names else "."
        return f"{_cap(lead)} ont suscité le plus d'engagement par personne atteinte{tail}"
    if (formats is None or not formats.ok) and (profiles is None or not profiles.ok):
        return None
    if lang == "en":
        return "No format or profile type stood out clearly in engagement per person reached."
    return "Aucun format ni type de profil ne se détache nettement en engagement par personne atteinte."


def evidence(result: ComparisonResult, lang: str, n: int = EVIDENCE_MAX) -> list[str]:
    """Up to n sentences with numbers: the clear differences involving the leader first."""
    if not result.ok or result.pairwise is None or result.pairwise.empty:
        return []
    best, _, _, _ = leader(result)
    lv = _compared(result).set_index("level")
    rows = []
    for r in result.pairwise.to_dict("records"):
        if not _significant(r["p_adjusted"]):
            continue
        a, b = str(r["level_a"]), str(r["level_b"])
        pair = _pair(result, a, b)
        if pair is None:
            continue
        if pair["rr"] < 1:  # state it the positive way round
            a, b = b, a
            pair = _pair(result, a, b)
        rows.append((a != best, -pair["rr"], a, b, pair))
    rows.sort(key=lambda x: (x[0], x[1]))
    out = []
    for _, _, a, b, pair in rows[:n]:
        posts = int(lv.at[a, "posts"] + lv.at[b, "posts"])
        k = (result.pair_influencers or {}).get((a, b)) or (result.pair_influencers or {}).get((b, a)) or 0
        out.append(
            fx.difference_sentence(
                a, b, pair["rr"], pair["lo"], pair["hi"], pair["p"], posts, int(k), result.covariates_used,
                len(result.pairwise), lang,
            )
        )  # fmt: skip
    return out


def level_mix(
    posts: pd.DataFrame, by: str, factors: tuple[str, ...] = MIX_FACTORS
) -> dict[str, pd.DataFrame]:
    """For each other factor: the share of each of its values among the posts of each level of `by`."""
    out: dict[str, pd.DataFrame] = {}
    if posts is None or posts.empty or by not in posts.columns:
        return out
    for f in factors:
        if f == by or f not in posts.columns:
            continue
        tab = pd.crosstab(posts[by].astype(str), posts[f].astype(str), normalize="index")
        tab.loc["__all__"] = posts[f].astype(str).value_counts(normalize=True)
        out[f] = tab.fillna(0.0)
    return out


def rankings_differ(result: ComparisonResult, mix: dict[str, pd.DataFrame] | None, lang: str) -> str | None:
    """One sentence when the raw chart and the adjusted comparison put different levels first."""
    lang = fx._lang(lang)
    lv = _compared(result)
    if not result.ok or len(lv) < 2 or lv["raw_rate"].isna().all():
        return None
    raw_top = str(lv.sort_values("raw_rate", ascending=False).iloc[0]["level"])
    adj_top = str(lv.sort_values("rate_ratio", ascending=False).iloc[0]["level"])
    if raw_top == adj_top:
        return None
    a, b = fx.label(raw_top, lang), fx.label(adj_top, lang)
    covs = [c for c in result.covariates_used if c != result.by]
    why = _mix_reason(raw_top, mix or {}, covs, lang)
    adjusted = fx.adjusted_for(covs, lang)  # ", adjusted for profile type and platform" / ", à … égaux"
    if lang == "en":
        text = f"{_cap(a)} rank first on raw rates but below {b}{adjusted or ' in the adjusted comparison'}"
        return text + (f": {why}." if why else ": the profiles and platforms behind them differ.")
    text = f"{_cap(a)} arrivent en tête sur les taux bruts mais derrière {b}{adjusted or ' dans la comparaison ajustée'}"
    return text + (
        f"{NBSP}: {why}." if why else f"{NBSP}: les profils et plateformes derrière eux diffèrent."
    )


def _mix_reason(level: str, mix: dict[str, pd.DataFrame], covs: list[str], lang: str) -> str | None:
    """'89% of carousels came from Instagram posts (against 48% of all posts compared)'.

    Only factors the comparison adjusted for can explain the gap, and a factor nested
    in the compared one (every level has a single value of it) explains nothing.
    """
    best: tuple[float, str, str, float, float] | None = None
    for f in covs:
        tab = mix.get(f)
        if tab is None or level not in tab.index:
            continue
        levels = tab.drop(index="__all__")
        if bool((levels.max(axis=1) >= 0.999).all()):  # nested: no mix to speak of
            continue
        gap = tab.loc[level] - tab.loc["__all__"]
        value = str(gap.idxmax())
        if best is None or gap.max() > best[0]:
            best = (float(gap.max()), f, value, float(tab.at[level, value]), float(tab.at["__all__", value]))
    if best is None or best[0] < 0.10:  # no mix difference worth a sentence
        return None
    _, f, value, share, share_all = best
    who = fx.label(value, lang)
    lvl = fx.label(level, lang)
    if lang == "en":
        return (
            f"{fx.fmt_percent(share, lang)} of {lvl} came from {who} "
            f"(against {fx.fmt_percent(share_all, lang)} of all posts compared)"
        )
    return (
        f"{fx.fmt_percent(share, lang)} {fx._de(lvl)} viennent {fx._de(who)} "
        f"(contre {fx.fmt_percent(share_all, lang)} de l'ensemble des publications comparées)"
    )


def method_line(result: ComparisonResult, lang: str) -> str:
    """The method in words, in the reader's language (the model's own names stay in the detail)."""
    if lang == "fr":
        return (
            "Méthode : modèle binomial négatif des engagements rapportés à la portée, ajusté sur "
            f"{fx._join([fx.factor_name(c, lang, 'bare') for c in result.covariates_used], lang) or 'aucun autre facteur'}"
            f", erreurs robustes par influenceur ({result.n_influencers} influenceurs), p-valeurs ajustées "
            "(Holm)."
        ).replace(" :", NBSP + ":")
    return (
        "Method: negative-binomial model of engagements per person reached, adjusted for "
        f"{fx._join([fx.factor_name(c, lang, 'bare') for c in result.covariates_used], lang) or 'no other factor'}"
        f", influencer-robust errors ({result.n_influencers} influencers), Holm-adjusted p-values."
    )


def read(result: ComparisonResult, mix: dict[str, pd.DataFrame] | None, lang: str) -> Plain:
    """Everything a page or a slide shows about one comparison, in `lang`."""
    lang = fx._lang(lang)
    best, _, _, clear = leader(result)
    detail = [*result.findings_in(lang), *result.caveats_in(lang)] if result.ok else []
    if result.ok:
        detail.append(method_line(result, lang))
    return Plain(
        by=result.by,
        lang=lang,
        sentence=sentence(result, lang),
        evidence=evidence(result, lang),
        rankings_differ=rankings_differ(result, mix, lang),
        detail=detail,
        best=best,
        clear=clear,
    )


def plain_comparison(
    con: duckdb.DuckDBPyConnection, by: str, filters: Filters | None = None, lang: str = "en"
) -> tuple[ComparisonResult, Plain]:
    """The comparison of the selection and its plain reading (one model fit for both)."""
    from analysis.compare import compare
    from warehouse.metrics import posts_for_comparison

    posts = posts_for_comparison(con, filters)
    result = compare(posts, by, lang=lang)
    return result, read(result, level_mix(posts, by), lang)


def campaigns_sentence(agg: pd.DataFrame, names: dict[Any, str], lang: str) -> str | None:
    """'Octobre Rose had the highest engagement rate (5.01%), Diabète the lowest (3.12%); …'.

    From the by-campaign figures (ratio of sums, influencer-clustered interval): when the
    two intervals overlap, the sentence says the gap may be chance.
    """
    lang = fx._lang(lang)
    d = agg[agg["engagement_rate"].notna()] if len(agg) else agg
    if len(d) < 2:
        return None
    d = d.sort_values("engagement_rate", ascending=False)
    top, low = d.iloc[0], d.iloc[-1]
    a, b = (
        names.get(top["campaign_id"], str(top["campaign_id"])),
        names.get(low["campaign_id"], str(low["campaign_id"])),
    )
    ra, rb = fx.fmt_percent(top["engagement_rate"], lang, 2), fx.fmt_percent(low["engagement_rate"], lang, 2)
    lo, hi = top.get("engagement_rate_ci_low"), low.get("engagement_rate_ci_high")
    known = lo is not None and hi is not None and not pd.isna(lo) and not pd.isna(hi)
    overlap = known and float(lo) <= float(hi)
    if lang == "en":
        tail = "; their 95% intervals overlap, so the gap may be chance." if overlap else "."
        if not known:
            tail = "; too few influencers for an interval, so read the gap with care."
        return f"{a} had the highest engagement rate ({ra}), {b} the lowest ({rb}){tail}"
    tail = (
        f"{NNBSP}; leurs intervalles à 95{NBSP}% se chevauchent{NBSP}: l'écart peut être dû au hasard."
        if overlap
        else "."
    )
    if not known:
        tail = f"{NNBSP}; trop peu d'influenceurs pour un intervalle, écart à lire avec prudence."
    return f"{a} a le taux d'engagement le plus élevé ({ra}), {b} le plus bas ({rb}){tail}"
