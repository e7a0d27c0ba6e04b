"""Cue classes: the rules' vocabularies, turned into features the learned classifier weighs.

Why: rules-1.1 knows a lot about how people write a side effect, a question or a doubt (symptom words,
treatments, family members, negations, hearsay...). As whole-comment regular expressions they are too slow
for bulk classification and too rigid as decisions, but their words are good evidence. The literal
alternatives of the rules' word lists (`reactions.rules`: TREAT, SYMPT, FAM_FR, NEG, ...) are extracted
here, a few small lists the rules express as phrases are written out, and the medicine lexicon is added;
`reactions.features` finds them by hash lookup and the model learns how much each class (and each pair of
classes in one comment: a symptom with a treatment, a first person with a symptom) counts for each label.
The classes found in a comment are also part of its explanation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reactions import rules as R

# class name -> (rules constants whose literal words belong to it, extra words and phrases)
CLASSES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "medicine": ((), ()),  # filled from the medicine lexicon and the client's products
    "treatment": (("TREAT",), ("vaccinee", "vaccine", "vaccinated", "jab", "injection")),
    "symptom": (
        ("SYMPT", "SYMPT_SERIOUS"),
        (
            "nausea",
            "nauseous",
            "headache",
            "headaches",
            "dizzy",
            "dizziness",
            "tired",
            "fatigue",
            "rash",
            "itchy",
            "pain",
            "ache",
            "aches",
            "sore",
            "fever",
            "chills",
            "vomiting",
            "vomit",
            "insomnia",
            "drowsy",
            "sleepy",
            "weight gain",
            "gained weight",
            "hair loss",
            "numb",
            "tingling",
            "swollen",
            "swelling",
            "cramps",
            "anxiety",
            "panic",
            "depressed",
            "suicidal",
            "withdrawal",
            "withdrawals",
            "brain zaps",
            "zombie",
            "shaking",
            "sweating",
            "sweats",
            "palpitations",
            "heart racing",
            "dry mouth",
            "bleeding",
            "spotting",
            "constipation",
            "diarrhea",
            "diarrhoea",
            "migraine",
            "migraines",
            "hives",
            "acne",
            "nightmares",
            "hallucinations",
            "sick",
            "ill",
            "knocked out",
            "groggy",
            "foggy",
            "brain fog",
            "twitching",
            "rash",
            "saignements",
            "spotting",
            "prise de poids",
            "perte de cheveux",
            "sevrage",
            "fatiguee",
            "epuisee",
        ),
    ),
    "side_effect": (
        (),
        (
            "effet secondaire",
            "effets secondaires",
            "effet indesirable",
            "effets indesirables",
            "side effect",
            "side effects",
            "adverse",
            "reaction",
            "reactions",
            "reaction allergique",
            "allergic",
            "allergique",
            "intolerance",
            "ei",
            "es",
        ),
    ),
    "first_person": (
        (),
        (
            "je",
            "j",
            "jai",
            "moi",
            "me",
            "m",
            "mon",
            "ma",
            "mes",
            "i",
            "im",
            "ive",
            "my",
            "mine",
            "myself",
            "chui",
            "jsuis",
            "g",
            "id",
            "ill",
        ),
    ),
    "family": (("FAM_FR", "FAM_EN"), ()),
    "health_professional": (("HCP_FR", "HCP_EN", "DOC_FR", "DOC_EN"), ()),
    "negation": (("NEG",), ("ne", "n", "non", "nope", "dont", "didnt", "cant", "wont", "isnt", "wasnt")),
    "time_after": (
        (),
        (
            "depuis",
            "apres",
            "since",
            "after",
            "started",
            "starting",
            "commence",
            "lendemain",
            "later",
            "plus tard",
            "the next day",
            "ever since",
            "depuis que",
            "des que",
            "once i",
            "when i started",
            "sous",
            "on",
            "taking",
            "took",
            "pris",
            "prends",
            "prend",
        ),
    ),
    "question_word": (
        (),
        (
            "est ce que",
            "est ce",
            "esque",
            "comment",
            "pourquoi",
            "quand",
            "quel",
            "quelle",
            "quels",
            "quelles",
            "combien",
            "peut on",
            "puis je",
            "peut il",
            "faut il",
            "dois je",
            "savoir si",
            "je voudrais savoir",
            "quelqu un",
            "quelqu'un",
            "svp",
            "merci d avance",
            "merci de vos reponses",
            "conseil",
            "conseils",
            "how",
            "what",
            "why",
            "when",
            "which",
            "can i",
            "should i",
            "does",
            "do i",
            "is it",
            "are",
            "anyone",
            "any advice",
            "wondering",
            "wonder",
            "know if",
            "know whether",
            "normal",
            "possible",
        ),
    ),
    "doubt": (
        (),
        (
            "peur",
            "crainte",
            "crains",
            "inquiet",
            "inquiete",
            "inquietude",
            "angoisse",
            "afraid",
            "scared",
            "worried",
            "worry",
            "concerned",
            "nervous",
            "trust",
            "confiance",
            "cobaye",
            "cobayes",
            "danger",
            "dangereux",
            "dangerous",
            "poison",
            "mensonge",
            "mensonges",
            "lies",
            "liars",
            "scam",
            "arnaque",
            "experimental",
            "big pharma",
            "labos",
            "lobby",
            "propagande",
            "propaganda",
            "rushed",
            "untested",
            "recul",
            "doute",
            "doutes",
            "suspicious",
            "conspiracy",
            "hoax",
            "fake",
            "agenda",
            "genocide",
            "tuer",
            "kill",
            "killing",
            "forced",
            "mandate",
            "obligation",
            "pass sanitaire",
            "dictature",
            "tyranny",
            "sheep",
            "moutons",
            "refuse",
            "refuser",
            "won't take",
            "never take",
            "no way",
        ),
    ),
    "thanks": (
        (),
        (
            "merci",
            "bravo",
            "courage",
            "thank",
            "thanks",
            "thx",
            "great",
            "love",
            "super",
            "top",
            "genial",
            "excellent",
            "amazing",
            "awesome",
            "bien explique",
            "well explained",
            "helpful",
            "utile",
            "zzheart",
            "zzclap",
            "zzpray",
            "zzstrong",
            "zzthumb",
        ),
    ),
    "intent": (
        (),
        (
            "vais",
            "going to",
            "gonna",
            "will",
            "i'll",
            "ill",
            "rdv",
            "rendez vous",
            "appointment",
            "book",
            "booked",
            "inscrire",
            "inscris",
            "prendre rendez vous",
            "sign up",
            "signed up",
            "get vaccinated",
            "me faire vacciner",
            "faire vacciner",
            "je compte",
            "planning",
            "plan to",
            "decided",
            "decide",
        ),
    ),
    "hypothesis": ((), ("si", "if", "au cas ou", "en cas", "in case", "what if", "supposons", "imagine")),
    "hearsay": (
        (),
        (
            "on dit",
            "parait",
            "il parait",
            "apparently",
            "heard",
            "j ai lu",
            "i read",
            "selon",
            "according to",
            "people say",
            "they say",
            "rumeur",
            "rumour",
            "rumor",
        ),
    ),
    "disease": (("DISEASE_FR", "DISEASE_EN"), ()),
    "link": ((), ("http", "https", "www", "com", "bit ly")),
}
CLASS_NAMES: tuple[str, ...] = tuple(CLASSES)
CLASS_ID: dict[str, int] = {c: i for i, c in enumerate(CLASS_NAMES)}


def _split_top(s: str) -> list[str]:
    out, depth, cur, i = [], 0, "", 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            cur += s[i : i + 2]
            i += 2
            continue
        depth += c == "("
        depth -= c == ")"
        if c == "|" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    out.append(cur)
    return out


def _unwrap(p: str) -> str:
    p = p.strip()
    while True:
        for pre, suf in ((r"\b(?:", r")\b"), ("(?:", ")")):
            if p.startswith(pre) and p.endswith(suf):
                inner = p[len(pre) : len(p) - len(suf)]
                depth = 0
                for j, c in enumerate(inner):
                    if c in "()" and (j == 0 or inner[j - 1] != "\\"):
                        depth += 1 if c == "(" else -1
                        if depth < 0:
                            break
                if depth == 0:
                    p = inner
                    break
        else:
            return p


def literals(pattern: str) -> tuple[list[str], list[str]]:
    """(words/phrases, word prefixes) spelled out by a rules alternation; other alternatives are skipped.

    Handles literal words, optional letters ("fievres?"), "[- ]" and a trailing "\\w*" (a prefix).
    """
    words: list[str] = []
    prefixes: list[str] = []
    for alt in _split_top(_unwrap(pattern)):
        a = _unwrap(alt).replace("[- ]", " ").replace("[- ]?", " ").replace("-?", " ")
        prefix = False
        for tail in (r"\w*", r"\w+"):
            if a.endswith(tail):
                a, prefix = a[: -len(tail)], True
        if not re.fullmatch(r"[a-z' -]+(?:[a-z']\?[a-z' -]*)*", a):
            continue
        outs = [""]
        i = 0
        while i < len(a):
            if i + 1 < len(a) and a[i + 1] == "?":
                outs = [o + a[i] for o in outs] + outs
                i += 2
            else:
                outs = [o + a[i] for o in outs]
                i += 1
        for o in outs:
            o = o.strip()
            if len(o) < 2:
                continue
            if prefix:
                if " " not in o and len(o) >= 4:
                    prefixes.append(o)
            else:
                words.append(o)
    return words, prefixes


def class_phrases(medicines: Iterable[str] = ()) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(phrases, prefixes) with their class id, for `features.PhraseTable.build`."""
    phrases: list[tuple[str, int]] = []
    prefixes: list[tuple[str, int]] = []
    for name, (consts, extra) in CLASSES.items():
        cid = CLASS_ID[name]
        for const in consts:
            w, p = literals(getattr(R, const))
            phrases += [(x, cid) for x in w]
            prefixes += [(x, cid) for x in p]
        phrases += [(x, cid) for x in extra]
    phrases += [(m, CLASS_ID["medicine"]) for m in medicines]
    return phrases, prefixes
