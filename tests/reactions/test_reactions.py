"""Reaction categories and adverse-event flags: rules, both implementations, warehouse side, CLI."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from cli.reactions import cmd_classify, cmd_eval_reactions, neutralise
from reactions import classify as X
from reactions import rules as R
from reactions.classify import (
    CLASSIFIER_VERSION,
    EFFECTIVE_REACTIONS_SQL,
    classify_in_duckdb,
    classify_new_comments,
    classify_text,
    classify_texts,
    correct_comment,
    corrections_as_labels,
    normalize,
)
from reactions.evaluate import (
    DEFAULT_LABELLED,
    evaluate,
    metric,
    read_labelled,
    targets_met,
)
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def labelled() -> pd.DataFrame:
    return read_labelled(DEFAULT_LABELLED)


@pytest.fixture(scope="module")
def labelled_results(labelled):
    return classify_texts(labelled["text"])


def cats(text: str) -> set[str]:
    return set(classify_text(text).categories)


def ae(text: str) -> bool:
    return classify_text(text).adverse_event


# --------------------------------------------------------------------------- normalisation and rule hygiene


def test_normalize_lowercases_strips_accents_sms_and_runs():
    assert normalize("MERCIIIII  pour ÇA’  \u00a0 Été") == "merci pour ca' ete"
    assert normalize("Sœur cœur") == "soeur coeur"
    assert normalize("trooop bien\tooo") == "trop bien o"
    assert normalize("❤️ wwww.shop.com") == "❤ w.shop.com"
    assert normalize(None) == ""


def test_sql_normalisation_matches_python():
    texts = [
        "MERCIIII  Été’s\u00a0ok ", " Sœur\tæ\ncool", "trooop   bieeeen", "plain text", "", None,
        "ÇA ❤️ 👍🏻 İstanbul ß", "l`apostrophe ʼ et ´", "a\u202fb\u2009c", "aaabbbccc zzz",
    ]  # fmt: skip
    con = duckdb.connect()
    df = pd.DataFrame({"id": range(len(texts)), "t": texts})
    con.register("src", df)
    sql = f"SELECT id, {X._normalize_sql('n0')} AS n FROM (SELECT id, strip_accents(lower(coalesce(t, ''))) AS n0 FROM src)"
    got = dict(con.execute(sql).fetchall())
    for i, t in enumerate(texts):
        assert got[i] == normalize(t), (t, got[i], normalize(t))


def _all_patterns():
    for c in R.CUES:
        for p in c.patterns:
            yield c.name, p
        if c.gate:
            yield c.name + "/gate", c.gate
    for b in R.BLOCKERS:
        yield b.name, b.pattern


def test_every_pattern_works_in_python_and_re2():
    con = duckdb.connect()
    for name, p in _all_patterns():
        assert not re.search(r"\(\?[=!<]|\\[1-9]|\{,", p), (
            f"{name}: lookaround/backreference/{{,n}} not allowed"
        )
        rx = re.compile(p, re.ASCII)
        assert rx.groups == 0, f"{name}: use (?:...) groups"
        assert not rx.search(""), f"{name}: matches the empty text"
        con.execute("SELECT regexp_matches('x', ?)", [p]).fetchone()  # RE2 compiles it


def test_cue_names_are_unique_and_prefixed():
    names = [c.name for c in R.CUES] + [b.name for b in R.BLOCKERS]
    assert len(names) == len(set(names))
    for c in R.CUES:
        assert c.name.split(":")[0] in R.PREFIX_LABEL
    for lab in R.LABELS:
        assert R.cues_for(lab), lab
        for g in R.groups_for(lab):
            assert R.blockers_for(lab, g), f"{lab}/{g} has cues but no blocker"


def test_gates_are_implied_by_their_cues(labelled):
    """A label's gate must match whenever one of its cues fires, else the SQL would skip it."""
    gates = {lab.label: re.compile(lab.gate, re.ASCII) for lab in X._model()}
    for text in labelled["text"]:
        n = normalize(text)
        for c in R.CUES:
            if all(re.search(p, n, re.ASCII) for p in c.patterns):
                assert gates[c.label].search(n), (c.name, text)


# --------------------------------------------------------------------------- categories: cues and negations

EXAMPLES = [
    # question
    ("Est-ce que le dépistage est gratuit après 50 ans ?", {"question"}, set()),
    ("qqn sait si c'est remboursé par la sécu", {"question"}, set()),
    ("pk on en parle jamais à l'école ?", {"question"}, set()),
    ("Can I still get vaccinated if I have a cold?", {"question"}, set()),
    ("stp tu peux faire une vidéo sur la ménopause", {"question"}, set()),
    ("Who paid for this video?", {"concern"}, {"question"}),  # rhetorical
    ("Are you kidding me?", {"concern"}, {"question"}),
    ("Depuis quand les influenceurs sont médecins ?", {"concern"}, {"question"}),
    ("Pourquoi personne ne parle des morts ?", {"concern"}, set()),
    ("How much does the sensor cost?", {"question"}, {"concern"}),
    ("@lea t'as vu ça ?", {"tag"}, {"question"}),  # talks to a friend
    # testimony (own, close one, professional; SMS)
    ("jsuis diabétique depuis 3 ans", {"testimony"}, set()),
    ("chui passée par là, 2 ans de traitement", {"testimony"}, set()),
    ("Ma mère a eu un AVC l'an dernier", {"testimony"}, set()),
    ("En tant que médecin généraliste, je confirme", {"testimony"}, set()),
    ("I'm a type 1 diabetic and this is spot on", {"testimony", "support"}, set()),
    ("my dad was dismissed by two doctors", {"testimony"}, set()),
    ("J'envoie ça à ma mère", {"intent"}, {"testimony"}),  # a relative is not a testimony by itself
    ("Mammographie faite la semaine dernière, RAS", {"testimony"}, set()),
    ("Lost my dad to colon cancer last year, please get screened", {"testimony"}, set()),
    ("Type 1 here, 20 years and counting", {"testimony"}, set()),
    # support (thanks, praise, encouragement, emojis) and sarcasm
    ("Merciii pour ce live, trop instructif 🙏", {"support"}, {"question"}),
    ("bcp de force à toi et tes proches", {"support"}, set()),
    ("❤️❤️", {"support"}, set()),
    ("Stay strong, sending love", {"support"}, set()),
    ("Merci pour rien, pas un mot sur les risques", {"concern"}, {"support"}),
    ("Great, another influencer selling pills 🙄", {"concern"}, {"support"}),
    # intent and negated intent
    ("j'vais prendre rdv chez mon médecin demain", {"intent"}, set()),
    ("Je vais en parler à ma gynéco", {"intent"}, set()),
    ("booking my smear test this week", {"intent"}, set()),
    ("I'm going to get my mum to watch this", {"intent"}, set()),
    ("Je ne vais pas me faire vacciner, jamais de la vie", {"concern"}, {"intent"}),
    ("I'm not getting that vaccine, no way", {"concern"}, {"intent"}),
    # awareness
    ("Je savais pas qu'on pouvait se faire vacciner en pharmacie", {"awareness"}, set()),
    ("jsavais pas ça", {"awareness"}, set()),
    ("I never realised smoking affected your bones", {"awareness"}, set()),
    # concern (paid by pharma, misinformation, fear, complaint) and reassurance
    ("Vous êtes payés par Sanofi pour dire ça ?", {"concern"}, set()),
    ("Arnaque totale, ne croyez pas ces influenceurs", {"concern"}, set()),
    ("ça me fait flipper 😱", {"concern"}, set()),
    ("8 mois d'attente pour un rendez-vous", {"concern"}, set()),
    ("These vaccines were rushed", {"concern"}, set()),
    ("There is zero evidence this works", {"concern"}, set()),
    ("J'en ai marre de voir des médicaments partout sur insta", {"concern"}, set()),
    ("N'ayez pas peur, ça ne fait pas mal", set(), {"concern"}),
    # tag
    ("@marie_l tu devrais voir ça", {"tag"}, set()),
    ("@kev @lola 👀👀", {"tag"}, set()),
    ("cc @nathalie_bzh", {"tag"}, set()),
    # spam is exclusive
    ("Retrouvez nos produits minceur sur notre site, -30% aujourd'hui", {"spam"}, set()),
    ("Earn money online, message me on whatsapp", {"spam"}, set()),
    ("Super vidéo ! Passe voir mon compte 😘", {"spam"}, {"support"}),
    ("Infos officielles : https://www.ameli.fr/assure", set(), {"spam"}),
]


@pytest.mark.parametrize(("text", "must", "must_not"), EXAMPLES)
def test_category_cues(text, must, must_not):
    got = cats(text)
    assert must <= got, (text, got)
    assert not (must_not & got), (text, got)


AE_POSITIVE = [
    "j'ai eu des courbatures et de la fièvre le lendemain de ma dose",
    "Après mon rappel, bras gonflé et rouge pendant 3 jours",
    "Depuis que je suis sous Ozempic je vomis tous les matins",
    "ce médoc me file des migraines de fou",
    "g eu des effets secondaires de ouf avec la metformine",
    "jai eu le bras tout gonflé apres le vaccin",
    "La pilule me rend dépressive",
    "ma tante a fait un AVC 3 semaines après sa 2e injection",
    "Since my second shot I keep getting migraines",
    "My son broke out in hives after taking amoxicillin",
    "the injection site is still swollen and itchy after 4 days",
    "had a bad reaction to the flu jab last year",
    "Levothyroxine made my hair fall out",
    "Aucun effet secondaire pour moi, juste un peu de fatigue le lendemain",  # contrast wins over negation
    "No side effects from the first dose but the second one knocked me out",
    "Quelqu'un d'autre a eu des douleurs articulaires après le vaccin ? moi ça fait 2 semaines",
    "Infirmière : une patiente a fait un malaise juste après l'injection",
    "Bras douloureux et fièvre, mais ça valait le coup",
    "Petite réaction au point d'injection, rien de grave",
    "Heavy bleeding since the IUD was put in",
    "Pharmacist here, a customer came back with a rash after taking the antibiotic",
    "Since switching to the generic I feel so anxious all the time",
]
AE_NEGATIVE = [
    "Pas d'effets secondaires pour moi, rien du tout",
    "aucun effet indésirable après 3 doses 💪",
    "no side effects for me",
    "Quels sont les effets secondaires du Gardasil ?",
    "What are the side effects of Ozempic?",
    "Si j'ai de la fièvre après le vaccin, je prends du doliprane ?",
    "I'm scared of getting side effects from the vaccine",
    "J'ai peur de prendre du poids avec ce traitement",
    "my arm didn't even hurt, the nurse was great",
    "2 doses et rien du tout, même pas mal au bras",
    "Does Ozempic cause hair loss? asking before I start",
    "On nous cache les effets secondaires de ces vaccins",
    "Mon médecin dit que la fièvre après le vaccin est normale",
    "J'avais des migraines avant, depuis le traitement plus rien !",
    "Je suis sous antidépresseurs pour ma dépression",
    "Rdv pris pour le vaccin contre le zona",
    "I'm tired of these vaccine ads",
    "Fever is a normal immune response after vaccination",
    "People say the vaccine gives you fever but I was fine",
    "J'ai mal au dos depuis des années, rien à voir avec le vaccin",
    "Le vaccin peut donner de la fièvre, c'est normal",
]


@pytest.mark.parametrize("text", AE_POSITIVE)
def test_adverse_event_recall_cues(text):
    r = classify_text(text)
    assert r.adverse_event, (text, r.cues)
    assert "testimony" in r.categories
    assert any(c.startswith("ae:") for c in r.cues)


@pytest.mark.parametrize("text", AE_NEGATIVE)
def test_adverse_event_hard_negatives(text):
    r = classify_text(text)
    assert not r.adverse_event, (text, r.cues)


# Real-world wording of side-effect reports (FR/EN, SMS, no accents, telegraphic): the rules must generalise to these.
AE_PROBE_POSITIVE = [
    "depuis le vaccin j'ai des fourmis dans les bras",
    'g fait une reaction au patch, plaques rouges partout',
    'apres la 2e injection fievre 39 pdt 2j',
    'mon pere a fait un malaise apres avoir pris son nouveau traitement',
    'perte de cheveux avec levothyrox',
    'Ozempic = nausées non stop',
    "le stérilet m'a donné des douleurs horribles",
    "j'ai eu des palpitations avec ce médicament",
    'saignements depuis la pilule',
    "Depuis que je prends ma statine j'ai des douleurs musculaires partout",
    "les statines m'ont flingué les muscles, crampes toutes les nuits",
    'sous anticoagulant je fais des bleus pour un rien, hématomes partout',
    "l'antidépresseur m'a fait prendre 10 kilos",
    'depuis les corticoides je dors plus du tout',
    'la chimio me donne des nausées terribles 😢',
    'hormonothérapie = bouffées de chaleur et douleurs articulaires',
    "avec la biothérapie j'enchaine les infections",
    "l'insuline me fait des hypos la nuit",
    'implant contraceptif : saignements non stop depuis 4 mois',
    "ma prothèse de hanche me fait souffrir depuis l'opération, infection",
    "la pompe m'a fait une brulure sur le ventre",
    'le capteur freestyle me laisse des plaques rouges qui grattent',
    "vertiges depuis que j'ai commencé le traitement",
    'nausées et vomissements après chaque perf de chimio',
    'diarrhée depuis que je prends la metformine',
    'migraines atroces avec la pilule',
    'maux de tête tous les jours depuis le nouveau traitement',
    'fatigue intense depuis le rappel, je suis ko',
    'insomnie totale avec la cortisone',
    'prise de poids avec mon antidepresseur, +8kg',
    "eruption sur tout le corps apres l'antibio",
    'des boutons partout depuis le nouveau médoc',
    'demangeaisons horribles depuis le vaccin',
    'gonflement du bras apres la piqure',
    "oedeme des chevilles avec l'amlodipine",
    'essoufflement depuis que je suis sous ce traitement',
    "tachycardie apres le vaccin, j'ai fini aux urgences",
    "douleurs articulaires depuis l'hormonothérapie",
    'crampes dans les jambes avec la statine',
    'fourmillements dans les mains depuis la chimio',
    'engourdissement du bras après le vaccin',
    'baisse de vision depuis le traitement',
    'evanouissement juste apres la piqure',
    'choc anaphylactique apres la penicilline, réa',
    "allergie a l'amoxicilline, urticaire géante",
    'urticaire depuis le nouveau comprimé',
    "hématome énorme au point d'injection",
    "infection au point d'injection, ça suinte",
    'bras douloureux et gonflé 3 jours',
    "mon fils a fait une crise d'urticaire avec l'antibiotique",
    'ma mere a eu des vertiges terribles avec son nouveau medoc pour la tension',
    'ma fille a eu 40 de fievre apres son vaccin',
    "mon mari a des crampes horribles depuis qu'il est sous statine",
    "ma grand mere est tombée plusieurs fois depuis qu'on a augmenté son traitement",
    'jai des vertiges depuis le vaccin',
    'jsuis sous levothyrox et jai perdu plein de cheveux',
    'g des nausées depuis ke je prends ozempic',
    'depuis la piqure g mal partout',
    'apres le vaccin jai eu une paralysie faciale',
    'jai fait une allergie au vaccin',
    "j'ai fait un choc anaphylactique avec l'augmentin",
    'le patch me brule la peau',
    'la metformine me détruit le ventre',
    "Le Lévothyrox m'a rendue malade pendant des mois",
    'Mounjaro : constipation terrible et reflux',
    'depuis mon injection de wegovy je vomis',
    "la pilule m'a donné de l'acné et des sautes d'humeur",
    'le stérilet cuivre = règles hyper abondantes',
    'effets secondaires horribles avec le roaccutane, lèvres en sang',
    "j'ai des effets secondaires depuis que j'ai changé de traitement",
    "depuis le générique j'ai des palpitations",
    'mon bebe a pleuré toute la nuit et a eu de la fievre apres ses vaccins',
    "reaction cutanée a l'endroit de la piqure",
    "le vaccin m'a mis ko 2 jours",
    "la chimio m'a fait perdre tous mes cheveux",
    "depuis l'implant je prends du poids et j'ai de l'acné",
    "je fais des malaises depuis que j'ai commencé les bêtabloquants",
    'le tramadol me donne des vertiges et envie de vomir',
    'perte de cheveux massive depuis la chimio 😭',
    'mon père a été hospitalisé suite à une hémorragie sous anticoagulants',
    'tendinite depuis la ciprofloxacine',
    'toux sèche depuis que je prends le ramipril',
    "j'ai eu des hallucinations avec le tramadol",
    "depuis le dupixent j'ai les yeux rouges, conjonctivite",
    "ma patiente a fait une réaction allergique à l'antibiotique",
    'ca me gratte partout depuis le nouveau gel',
    'le somnifère me laisse dans le coltard toute la journée, somnolence',
    'prise de 12kg sous antidépresseur',
    "j'ai eu le bras tout rouge et chaud après la dose",
    'mal au bras + fievre + frissons apres la 3e dose',
    "apres ma dose de rappel j'ai eu des ganglions sous le bras",
    'depuis le vaccin mes règles sont complètement déréglées',
    "la cortisone m'a donné une mycose",
    'reaction allergique au pansement, cloques',
    'mes jambes ont gonflé depuis le nouveau traitement',
    'mon fils a fait des convulsions apres le vaccin',
    'ma soeur a fait une phlébite sous pilule',
    "depuis l'opération et la prothèse j'ai des douleurs horribles au genou",
    "j'ai une brulure là où était le capteur",
    'ma mère a des troubles de la mémoire depuis le nouveau médicament',
    'since starting metformin my stomach is a mess',
    'had a rash after the shot',
    'my CGM sensor left a burn mark',
    'hospitalised after a reaction to the antibiotic',
    'my daughter had a seizure after her vaccine',
    'I got shingles after the booster',
    'statins gave me terrible muscle pain',
    'on blood thinners and I bruise like crazy',
    'my antidepressant made me gain 20 lbs',
    'chemo makes me throw up every time',
    'the insulin pump site got infected',
    'my IUD gave me horrible cramps for months',
    'the implant made me bleed non stop',
    'hair falling out since starting levothyroxine',
    'dizzy all the time since the new meds',
    'Ozempic = constant nausea',
    'got hives from the amoxicillin',
    'my arm swelled up like a balloon after the jab',
    'felt faint right after the injection and passed out',
    'heart palpitations ever since my booster',
    'my mom had a stroke two weeks after starting the new pill',
    'my husband gets terrible headaches from his blood pressure meds',
    'prednisone = zero sleep, insomnia every night',
    'lost so much hair on this drug',
    'the patch left a red itchy rash',
    'my dexcom left a nasty welt on my arm',
    "I've had diarrhea for weeks since taking metformin",
    'vomiting all night after the second dose',
    'joint pain since starting anastrozole',
    'tingling in my hands and feet from the chemo',
    'blurred vision after starting the new eye drops',
    "fever 102 after my kid's vaccines",
    'I broke out in hives after the contrast injection',
    'anaphylactic reaction to penicillin, ended up in the ER',
    'the steroids made me so anxious and shaky',
    'gained weight on the pill and my moods are all over the place',
    'woke up with a swollen face after taking ibuprofen',
    'my knee replacement has been infected twice',
    'nausea and dizziness since switching to the generic',
    "my son's arm is swollen and red at the injection site",
    'worst migraine of my life after the covid shot',
    'chest pain and shortness of breath after the booster, went to ER',
    'numbness in my face since the jab',
    'I had such bad side effects from the chemo',
    'my grandma fainted after taking her new blood pressure pill',
    'Wegovy made me so sick I could barely eat',
    'got a massive bruise where they gave me the injection',
    'burning sensation at the injection site for days',
    'period came back heavy after the vaccine',
    "this med makes me so drowsy I can't function",
    # written after the rules were tuned on the probes above (a fresh check of generalisation)
    '3 jours de migraine apres le vaccin grippe',
    'ma fille a vomi toute la nuit apres son rappel',
    "j'ai le visage tout gonflé depuis l'antibio",
    'tt le corps qui gratte depuis la nouvelle creme',
    "depuis la 3eme dose j'ai des acouphenes",
    'le xarelto me fait saigner du nez sans arret',
    'le vaccin hpv a donné des malaises à ma fille',
    'sous levothyrox g des palpitations la nuit',
    "ma peau pele depuis que j'utilise le roaccutane",
    "mal de crane atroce le lendemain de l'injection",
    "le traitement m'a provoqué une pancreatite",
    'ma mere fait des chutes depuis son somnifere',
    "depuis l'insuline g grossi de 6 kg",
    "apres l'infiltration g eu une grosse poussée de fievre",
    'ma copine a eu un zona juste apres son vaccin',
    'bouffées de chaleur horribles avec le tamoxifene',
    'les patchs de nicotine me donnent des cauchemars',
    "l'anticoagulant m'a donné des bleus partout sur les jambes",
    'gros coup de fatigue depuis le nouveau traitement 😴',
    'chimio = nausées + fatigue + plus de gout',
    'la metformine me donne la diarrhée',
    "apres avoir pris l'ibuprofene j'ai eu des plaques partout",
    'g eu le bras paralysé pendant 2 jours après la piqûre',
    'depuis mon sterilet hormonal je suis tout le temps deprimee',
    "le capteur m'a laissé une cicatrice et des rougeurs",
    "gonflement et chaleur autour du site d'injection",
    'la cortisone me fait gonfler le visage',
    'ma fille a fait une reaction allergique a la creme',
    "crise d'asthme apres le vaccin",
    'my son was hospitalized with myocarditis after the second dose',
    'the pill gave me awful migraines with aura',
    "i've had nonstop nausea since my first mounjaro shot",
    'metformin = constant stomach cramps',
    'Broke out in a rash all over after starting lamotrigine',
    'my wife fainted after her b12 injection',
    'the antibiotics gave my baby diarrhea',
    'heart racing and shaky after using my inhaler',
    'got a fever and chills the night of my booster',
    'my legs swelled up on amlodipine',
    'this antidepressant killed my libido and made me gain weight',
    'injection site is red hot and itchy, day 3',
    'the sensor adhesive gave me blisters',
    'lost my sense of taste after starting the new pills',
    "my dad's been confused and dizzy since they upped his dose",
    'terrible joint pain since starting letrozole',
    'insulin pump tubing site got infected, had to go on antibiotics',
    'severe headache after my epidural',
    'accutane side effects are brutal, lips cracked and bleeding',
    'my cat... jk, my mom got hives from the contrast dye',
    "Ozempic = nausées non stop, c'est normal ?",
    'vertiges depuis le vaccin, normal ?',
    'rash after the shot, should I worry?',
    'my arm is sore after the shot, is it normal?',
]  # fmt: skip
# No experienced adverse event: negations, general questions, hypotheses, fear, hearsay, indications, benefits.
AE_PROBE_NEGATIVE = [
    'no side effects for me',
    "pas d'effets secondaires",
    'what are the side effects?',
    'quels sont les effets secondaires ?',
    "si jamais j'ai des vertiges je fais quoi ?",
    "j'ai peur des effets",
    'zero effet secondaire avec la statine 👍',
    'aucun souci avec le stérilet depuis 3 ans',
    'rien senti apres le vaccin, top',
    'le vaccin ça pique même pas',
    'est-ce que la pilule fait grossir ?',
    "est ce que l'ozempic donne des nausées ?",
    'does metformin cause diarrhea?',
    'can the booster give you a fever?',
    'what side effects should I expect from chemo?',
    'my doctor said the fatigue after the shot is normal',
    "j'ai peur des effets secondaires de la chimio",
    "I'm terrified of getting a reaction to the vaccine",
    "si ça me donne des nausées j'arrête",
    'if I get dizzy should I stop the meds?',
    "j'avais des migraines, depuis le traitement je revis",
    'depuis le levothyrox je me sens beaucoup mieux',
    'since starting metformin I feel great',
    'ozempic a changé ma vie, -15kg',
    'the vaccine protects against severe illness',
    'le vaccin protège contre les formes graves',
    'ma mere a un cancer, elle commence la chimio demain',
    'I have diabetes and take insulin',
    'je suis sous anticoagulants depuis mon AVC',
    "I'm on statins for my cholesterol",
    "prends ton traitement tous les jours c'est important",
    'take your meds on time everyone',
    'merci pour cette vidéo sur les effets secondaires',
    'great video on side effects, very informative',
    'vidéo très claire sur les anticoagulants',
    'prochaine dose la semaine prochaine 💉',
    'booked my booster for Friday',
    'rdv vaccin demain matin',
    "les effets secondaires sont rares selon l'ANSM",
    'side effects are rare according to the study',
    'la fièvre après le vaccin est fréquente et passe en 48h',
    "j'ai eu de la fièvre mais c'était la grippe, rien à voir avec le vaccin",
    "on m'a dit que les statines donnent des crampes, c'est vrai ?",
    'paraît que la pilule fait perdre les cheveux ?',
    'I heard the shot can cause heart problems, is that true?',
    "mon médecin m'a prescrit un anti-inflammatoire pour mes douleurs",
    'le doliprane ça marche bien contre le mal de tête',
    'ibuprofen helps my headaches a lot',
    'the painkillers finally stopped the pain',
    'insuline et pompe = liberté retrouvée ❤️',
    'mon capteur freestyle marche super bien',
    'the CGM changed my life',
    'peut-on prendre du doliprane après le vaccin ?',
    'can I drink alcohol on antibiotics?',
    'should I take paracetamol before the jab?',
    "quelqu'un a eu des effets secondaires avec le mounjaro ?",
    'anyone had side effects from wegovy?',
    "j'ai hâte de commencer le traitement",
    'worried about weight gain on the pill',
    'inquiète pour les effets de la chimio sur ma fille',
    "les vaccins c'est du poison 🤬",
    'big pharma hides the side effects',
    'abonnez-vous pour plus de vidéos santé',
    'promo code SANTE20 for supplements',
    "mon fils a eu ses vaccins, tout s'est bien passé",
    'my daughter got her shots today, she was so brave',
    '2e dose faite, rien à signaler',
    'second dose done, nothing to report',
    'aucune douleur, aucune fièvre, rien',
    'never had any reaction to any vaccine',
    'fatigue is a common side effect of chemo',
    'la perte de cheveux est un effet connu de la chimio',
    'hair loss is a known side effect',
    "l'infirmière était adorable, pas mal du tout",
    'je suis tombée sur cette vidéo par hasard',
    "j'ai mal au dos depuis des années",
    "I've had migraines since I was a kid",
    "ma fille a de la fièvre, c'est une gastro",
    "les nausées de grossesse c'est l'enfer",
    'trop bien expliqué, merci docteur',
    # fresh set, and bare questions naming a symptom and a treatment
    "la chimio c'est dur mais on tient bon 💪",
    "j'ai commencé le traitement hier, pour l'instant rien",
    'ozempic: -8kg en 2 mois et aucun effet secondaire',
    'est-ce que la metformine donne la diarrhée ?',
    'is it normal to have a sore arm after the flu shot?',
    'my doctor put me on statins for high cholesterol',
    'je prends du doliprane pour mes migraines',
    'anyone else nervous about their first chemo?',
    "je me fais vacciner demain, j'ai un peu peur de la fièvre",
    'if you get a rash, stop the medication and call your doctor',
    'en cas de fièvre après la vaccination, prenez du paracétamol',
    'side effects may include nausea and dizziness',
    'les effets indésirables possibles sont les nausées et les vertiges',
    'the vaccine reduces the risk of hospitalisation',
    'ce vaccin évite les formes graves de la maladie',
    "bravo pour cette vidéo sur l'insuline",
    "j'ai pris mon traitement, tout va bien",
    'took my meds, feeling good today',
    'the booster went fine, no issues at all',
    "le stérilet c'est top, aucun souci",
    'Des nausées ? Non, rien du tout avec le Wegovy',
    'quelles sont les contre-indications de la pilule ?',
    'how long does the fatigue from chemo last usually?',
    'la pilule peut-elle provoquer des migraines ?',
    "j'ai lu que le vaccin provoquait des myocardites, c'est vrai ?",
    'mon fils a de la fièvre, on va chez le médecin',
    'I get migraines every month before my period',
    'insuline = vie normale, merci la science',
    "ma mère est décédée d'un cancer l'an dernier 💔",
    'partagez pour sensibiliser au dépistage',
    'la pilule fait grossir ?',
    'metformine et diarrhée ?',
    'vaccin et fièvre ?',
    'la fièvre après le vaccin est normale',
    'Fever is a normal immune response after vaccination',
]  # fmt: skip


@pytest.fixture(scope="module")
def probe_duckdb() -> pd.DataFrame:
    texts = AE_PROBE_POSITIVE + AE_PROBE_NEGATIVE
    df = pd.DataFrame({"id": range(len(texts)), "text": texts})
    out = classify_in_duckdb(duckdb.connect(), df, "text", "id").set_index("id")
    return out.assign(text=texts)


def _probe_check(probe_duckdb, text: str, expected: bool) -> None:
    r = classify_text(text)
    row = probe_duckdb[probe_duckdb["text"] == text].iloc[0]
    assert bool(row["adverse_event"]) == r.adverse_event, (text, list(row["cues"]), r.cues)
    assert list(row["cues"]) == list(r.cues), text
    assert r.adverse_event is expected, (text, r.cues)
    if expected:
        assert "testimony" in r.categories


@pytest.mark.parametrize("text", AE_PROBE_POSITIVE)
def test_adverse_event_probe_recall(probe_duckdb, text):
    _probe_check(probe_duckdb, text, True)


@pytest.mark.parametrize("text", AE_PROBE_NEGATIVE)
def test_adverse_event_probe_hard_negatives(probe_duckdb, text):
    _probe_check(probe_duckdb, text, False)


def test_blockers_are_named_in_the_cues():
    r = classify_text("Vaccinée hier, pas d'effets secondaires ✌️")
    assert not r.adverse_event
    r = classify_text("I had no side effects, nothing at all")
    assert not r.adverse_event
    assert "block-ae:no_side_effects" in r.cues
    r = classify_text("@julie t'as vu ça ?")
    assert "block-question:lead_mention" in r.cues and "question" not in r.categories


def test_products_matched_with_word_boundaries_accents_and_case():
    products = {"Lévothyrox": ["levo"], "Ozempic": []}
    r = classify_text("Depuis le LEVOTHYROX j'ai des palpitations, et l'ozempic ?", products=products)
    assert r.products == ("Lévothyrox", "Ozempic")
    assert classify_text("levothyroxine générique", products=products).products == ()
    assert classify_text("rien", products=None).products == ()


# --------------------------------------------------------------------------- both implementations, evaluation


def test_python_and_duckdb_agree_on_the_labelled_set(labelled, labelled_results):
    products = {"Ozempic": [], "Levothyrox": ["levothyrox"], "Metformine": ["metformin", "metformine"]}
    con = duckdb.connect()
    out = classify_in_duckdb(con, labelled[["id", "text"]], "text", "id", products=products).set_index("id")
    py = classify_texts(labelled["text"], products=products)
    for i, r in zip(labelled["id"], py, strict=True):
        row = out.loc[i]
        assert list(row["categories"]) == list(r.categories), i
        assert bool(row["adverse_event"]) == r.adverse_event, i
        assert list(row["products"]) == list(r.products), i
        assert list(row["cues"]) == list(r.cues), i


def test_rule_cues_for_are_the_adverse_event_cues_of_the_whole_rules(labelled):
    """The PV explanation runs only the adverse-event label's SQL: same cues as the whole query, filtered."""
    texts = list(labelled["text"]) + ["pas d'effet secondaire avec ce vaccin", None, ""]
    con = duckdb.connect()
    whole = classify_in_duckdb(con, pd.DataFrame({"i": range(len(texts)), "text": texts}), "text", "i")
    expected = [
        [c for c in cues if c.startswith(("ae:", "block-ae:"))] for cues in whole.sort_values("i")["cues"]
    ]
    got = X.rule_cues_for(texts)
    assert got == expected
    assert sum(1 for c in got if any(x.startswith("ae:") for x in c)) >= 10
    assert any(x.startswith("block-ae:") for c in got for x in c)


def test_classify_in_duckdb_accepts_a_query_and_creates_a_temp_table():
    con = duckdb.connect()
    con.execute("CREATE TABLE c (comment_id VARCHAR, text VARCHAR)")
    con.execute(
        "INSERT INTO c VALUES ('a', 'merci ❤️'), ('b', NULL), ('c', 'j''ai eu de la fièvre après la dose')"
    )
    name = classify_in_duckdb(con, "SELECT * FROM c WHERE comment_id <> 'x'", into="rx")
    assert name == "rx"
    rows = {r[0]: r[1:] for r in con.execute("SELECT * FROM rx").fetchall()}
    assert rows["a"][0] == ["support"] and rows["b"][0] == [] and rows["c"][1] is True
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE rx)").fetchall())
    assert types["categories"] == "VARCHAR[]" and types["adverse_event"] == "BOOLEAN"
    assert types["products"] == "VARCHAR[]" and types["cues"] == "VARCHAR[]"


def test_eval_targets_met_on_the_labelled_set(labelled, labelled_results):
    report = evaluate(labelled, labelled_results)
    assert metric(report, "macro_f1") >= 0.80
    assert metric(report, R.AE, "recall") >= 0.95
    assert metric(report, R.AE, "precision") >= 0.70
    assert all(targets_met(report).values())
    assert set(report["label"]) == {*R.CATEGORIES, R.AE, "macro_f1"}
    assert int(report.loc[report["label"] == "testimony", "support"].iloc[0]) == sum(
        "testimony" in c.split("|") for c in labelled["categories"]
    )


def test_evaluate_by_id_and_counts():
    gold = pd.DataFrame(
        {"id": ["1", "2", "3"], "categories": ["question", "support|tag", ""], "adverse_event": [0, 1, 0]}
    )
    pred = pd.DataFrame(
        {
            "id": ["3", "2", "1"],
            "categories": [["spam"], ["support"], ["question"]],
            "adverse_event": [False, True, True],
        }
    )
    rep = evaluate(gold, pred).set_index("label")
    assert rep.loc["question", "precision"] == 1.0 and rep.loc["question", "recall"] == 1.0
    assert rep.loc["tag", "recall"] == 0.0 and rep.loc["spam", "precision"] == 0.0
    assert rep.loc[R.AE, "tp"] == 1 and rep.loc[R.AE, "fp"] == 1
    assert pd.isna(rep.loc["intent", "f1"])  # neither labelled nor predicted: left out of the macro average
    assert rep.loc["macro_f1", "f1"] == pytest.approx((1 + 1 + 0 + 0) / 4)


# --------------------------------------------------------------------------- warehouse: incremental, PV, corrections

LOADED = dt.datetime(2026, 3, 1, 9, 30)


def add_comments(con, rows, loaded=LOADED):
    con.executemany(
        "INSERT INTO comments (comment_id, platform, text, file_id, first_loaded_at) VALUES (?, 'instagram', ?, 1, ?)",
        [(cid, text, loaded) for cid, text in rows],
    )


def test_incremental_classification_and_pv_cases(con, monkeypatch):
    add_comments(con, [("c1", "Merci pour la vidéo 🙏"), ("c2", "J'ai eu 39 de fièvre et des frissons après la 2e dose"),
                       ("c3", "Est-ce remboursé ?")])  # fmt: skip
    assert classify_new_comments(con) == 3
    assert classify_new_comments(con) == 0  # nothing new
    add_comments(con, [("c4", "@julie @marc")], loaded=LOADED + dt.timedelta(days=1))
    assert classify_new_comments(con) == 1
    rows = {r[0]: r[1:] for r in con.execute(
        "SELECT comment_id, categories, adverse_event, cues, classifier_version, ae_score FROM comment_reactions"
    ).fetchall()}  # fmt: skip
    assert rows["c4"][0] == ["tag"] and "question" in rows["c3"][0]
    assert rows["c2"][1] is True and all(v[3] == CLASSIFIER_VERSION for v in rows.values())
    assert all(0 <= v[4] <= 1 for v in rows.values())
    assert rows["c2"][4] > max(rows[c][4] for c in ("c1", "c3", "c4"))
    cues = json.loads(rows["c2"][2])
    assert "cue:symptom" in cues and any(c.startswith("adverse_event:+") for c in cues)
    assert "rules:ae:after_treatment_then_symptom" in cues or "rules:ae:after_treatment_symptom" in cues

    cases = con.execute("SELECT comment_id, day0, due_at, status, status_changed_by FROM pv_cases").fetchall()
    assert cases == [("c2", LOADED, LOADED + dt.timedelta(days=15), "new", "system")]
    audit = con.execute(
        "SELECT comment_id, from_status, to_status, changed_by, reason FROM pv_audit"
    ).fetchall()
    assert len(audit) == 1
    cid, frm, to, by, reason = audit[0]
    assert (cid, frm, to, by) == ("c2", None, "new", "system")
    assert (
        reason.startswith(f"flagged by {CLASSIFIER_VERSION}: adverse-event score 0.")
        and "PV threshold" in reason
    )
    assert "rules:ae:" in reason and "cue:" not in reason

    # a new classifier version reclassifies everything, without duplicating cases
    monkeypatch.setattr(X, "CLASSIFIER_VERSION", "reactions-test-next")
    assert classify_new_comments(con) == 4
    assert con.execute("SELECT count(*) FROM pv_cases").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM pv_audit").fetchone()[0] == 1
    assert con.execute("SELECT count(DISTINCT classifier_version) FROM comment_reactions").fetchone()[0] == 1


def test_classification_in_chunks_equals_one_pass(con, monkeypatch):
    texts = [
        f"commentaire {i} : j'ai des nausées depuis le vaccin" if i % 7 == 0 else f"merci {i}"
        for i in range(40)
    ]
    add_comments(con, [(f"k{i:03d}", t) for i, t in enumerate(texts)])
    monkeypatch.setattr(X, "WAREHOUSE_CHUNK", 6)
    assert classify_new_comments(con) == 40
    got = con.execute(
        "SELECT comment_id, adverse_event, ae_score FROM comment_reactions ORDER BY 1"
    ).fetchall()
    from reactions.model import classifier

    res = classifier().classify(texts)
    assert [g[1] for g in got] == list(res.column("adverse_event"))
    assert [g[2] for g in got] == pytest.approx([round(float(x), 4) for x in res.ae_scores])


def test_classify_new_comments_runs_inside_the_callers_transaction(con):
    add_comments(con, [("c1", "j'ai eu de la fièvre après le vaccin")])
    con.execute("BEGIN TRANSACTION")
    assert classify_new_comments(con) == 1
    con.execute("ROLLBACK")  # would fail if the function had committed or begun its own
    assert con.execute("SELECT count(*) FROM comment_reactions").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM pv_cases").fetchone()[0] == 0


def test_the_loader_classifies_new_comments_in_its_reactions_step(con):
    from warehouse.steps import derived_steps

    add_comments(con, [("c1", "j'ai eu de la fièvre après le vaccin")])
    (step,) = [s for s in derived_steps() if s.name == "reactions"]
    assert step.run(con) == 1
    assert con.execute("SELECT count(*) FROM comment_reactions").fetchone()[0] == 1


def test_corrections_win_and_open_a_pv_case(con):
    add_comments(
        con, [("c1", "merci ❤️"), ("c2", "quel beau message"), ("c3", "j'ai eu de la fièvre après le vaccin")]
    )
    classify_new_comments(con)
    effective = f"SELECT * FROM ({EFFECTIVE_REACTIONS_SQL}) ORDER BY comment_id"
    assert "?" not in EFFECTIVE_REACTIONS_SQL
    assert [r[3] for r in con.execute(effective).fetchall()] == ["classifier", "classifier", "classifier"]

    cid = correct_comment(
        con, "c1", ["testimony", "support"], True, "Dr PV", "mentions a rash in the video reply"
    )
    correct_comment(con, "c2", "question", False, "anne", "first try")
    correct_comment(con, "c2", ["support"], False, "anne", "second thoughts")  # the latest wins
    rows = {r[0]: r[1:] for r in con.execute(effective).fetchall()}
    assert rows["c1"] == (["testimony", "support"], True, "correction")
    assert rows["c2"] == (["support"], False, "correction")
    assert rows["c3"][2] == "classifier"

    case = con.execute(
        "SELECT day0, due_at, status, status_changed_by FROM pv_cases WHERE comment_id = 'c1'"
    ).fetchone()
    assert case == (LOADED, LOADED + dt.timedelta(days=15), "new", "Dr PV")
    audit = con.execute(
        "SELECT changed_by, to_status, reason FROM pv_audit WHERE comment_id = 'c1'"
    ).fetchone()
    assert audit[0] == "Dr PV" and audit[1] == "new" and f"correction {cid}" in audit[2]
    # a second AE correction does not open a second case
    correct_comment(con, "c1", ["testimony"], True, "Dr PV", "confirmed")
    assert con.execute("SELECT count(*) FROM pv_cases WHERE comment_id = 'c1'").fetchone()[0] == 1

    labels = corrections_as_labels(con).set_index("id")
    assert labels.loc["c2", "categories"] == "support" and labels.loc["c1", "adverse_event"] == 1
    assert labels.loc["c1", "text"] == "merci ❤️"

    from warehouse.metrics import effective_reactions_sql

    assert con.execute(f"SELECT count(*) FROM ({effective_reactions_sql()})").fetchone()[0] == 3


def test_a_correction_saying_not_an_ae_prevents_the_case(con):
    add_comments(con, [("c1", "j'ai eu de la fièvre après le vaccin")])
    correct_comment(con, "c1", ["testimony"], False, "Dr PV", "the fever was before the vaccine")
    classify_new_comments(con)
    assert (
        con.execute("SELECT adverse_event FROM comment_reactions").fetchone()[0] is True
    )  # the classifier's view is kept
    assert con.execute("SELECT count(*) FROM pv_cases").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("cats_", "by", "reason", "comment", "msg"),
    [
        (["bogus"], "a", "b", "c1", "unknown categories"),
        (["support"], " ", "b", "c1", "who"),
        (["support"], "a", "", "c1", "reason"),
        (["support"], "a", "b", "nope", "unknown comment"),
    ],
)
def test_correction_validation(con, cats_, by, reason, comment, msg):
    add_comments(con, [("c1", "merci")])
    with pytest.raises(ValueError, match=msg):
        correct_comment(con, comment, cats_, False, by, reason)
    assert con.execute("SELECT count(*) FROM reaction_corrections").fetchone()[0] == 0


# --------------------------------------------------------------------------- CLI


def write_csv(path: Path, rows: list[list[str]], sep: str = ",", encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=sep).writerows(rows)
    return path


def test_relais_classify_end_to_end(tmp_path, capsys):
    src = write_csv(
        tmp_path / "in.csv",
        [["comment", "texte"], ["=1", "Merci beaucoup ❤️"], ["+2", "j'ai eu de la fièvre après le Doliprane"],
         ["-3", "@julie @marc"], ["@4", "\tpromo -50% lien en bio"], ["5", "=HYPERLINK(\"x\")"], ["6", ""],
         ["7", "Glucovia et metformine ?"]],
        sep=";",
    )  # fmt: skip
    src.write_bytes(src.read_text(encoding="utf-8").replace("❤️", "").encode("cp1252"))  # a cp1252 export
    out = tmp_path / "out.csv"
    products = write_csv(
        tmp_path / "products.csv",
        [["name", "aliases", "molecule"], ["Glucovia", "glucovia lp", "metformine"]],
    )
    args = argparse.Namespace(
        input=str(src), output=str(out), text_column="texte", id_column="comment", products=str(products)
    )
    assert cmd_classify(args) == 0
    printed = capsys.readouterr().out
    assert "7 comments classified (reactions-2.0)" in printed and "1 skipped (empty or no text)" in printed
    got = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(got.columns) == [
        "id",
        "categories",
        "adverse_event",
        "ae_score",
        "products",
        "cues",
        "status",
    ]
    assert list(got["id"]) == ["'=1", "'+2", "'-3", "'@4", "5", "6", "7"]
    assert got.loc[1, "adverse_event"] == "1" and float(got.loc[1, "ae_score"]) > float(
        got.loc[0, "ae_score"]
    )
    assert got.loc[2, "categories"] == "tag"
    assert list(got["products"]) == ["", "Doliprane", "", "", "", "", "Glucovia"]
    assert "rules:ae:after_treatment_symptom" in got.loc[1, "cues"].split("|")
    assert list(got["status"]) == ["ok", "ok", "ok", "ok", "ok", "empty", "ok"]
    assert got.loc[5, "ae_score"] == "" and got.loc[5, "categories"] == ""
    assert not (tmp_path / "out.csv.part").exists()


def test_relais_classify_missing_column_names_file_and_column(tmp_path, capsys):
    src = write_csv(tmp_path / "c.csv", [["id", "body"], ["1", "merci"]])
    args = argparse.Namespace(input=str(src), output=str(tmp_path / "o.csv"), text_column="text", id_column=None,
                              products=None)  # fmt: skip
    assert cmd_classify(args) == 2
    err = capsys.readouterr().err
    assert str(src) in err and "'text'" in err and "body" in err
    assert not (tmp_path / "o.csv").exists()


def test_relais_classify_streams_by_chunks(tmp_path, monkeypatch):
    import cli.reactions as CR

    texts = [f"j'ai eu des vertiges après le vaccin {i}" if i % 3 else f"merci {i}" for i in range(25)]
    src = write_csv(tmp_path / "c.csv", [["text"], *([t] for t in texts)])
    whole = tmp_path / "whole.csv"
    CR.classify_file(src, whole)
    monkeypatch.setattr(CR, "CHUNK_ROWS", 4)
    parts = tmp_path / "parts.csv"
    counts = CR.classify_file(src, parts)
    assert counts["rows"] == 25 and whole.read_bytes() == parts.read_bytes()
    got = pd.read_csv(parts, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(got["id"]) == [str(i) for i in range(1, 26)]


def test_relais_classify_via_main_and_row_numbers(tmp_path):
    from cli.main import main

    src = write_csv(
        tmp_path / "c.csv", [["text"], ["merci"], ["quels sont les effets secondaires du vaccin"]]
    )
    out = tmp_path / "o.csv"
    assert main(["classify", "--input", str(src), "--output", str(out)]) == 0
    got = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(got["id"]) == ["1", "2"] and "question" in got.loc[1, "categories"]


def test_relais_classify_refuses_an_empty_file(tmp_path, capsys):
    src = tmp_path / "empty.csv"
    src.write_bytes(b"")
    from cli.main import main

    assert main(["classify", "--input", str(src), "--output", str(tmp_path / "o.csv")]) == 2
    assert "empty file" in capsys.readouterr().err


def test_neutralise():
    assert [neutralise(v) for v in ["=a", "+a", "-a", "@a", "\ta", "\ra", "a=b", 3]] == [
        "'=a", "'+a", "'-a", "'@a", "'\ta", "'\ra", "a=b", 3,
    ]  # fmt: skip


def test_eval_reactions_on_a_file_json_and_corrections(tmp_path, capsys, con, db_path):
    # a plain labelled file (id, text, categories, adverse_event): the invented probes of tests/data
    args = argparse.Namespace(set=[str(DEFAULT_LABELLED)], split="heldout", classifier="reactions-2.0",
                              labelled=None, json=True, db=None)  # fmt: skip
    assert cmd_eval_reactions(args) == 0
    out = json.loads(capsys.readouterr().out)
    fig = out["sets"][str(DEFAULT_LABELLED)]
    assert out["classifier_version"] == "reactions-2.0" and fig["rows"] > 100
    ae_ = fig["labels"]["adverse_event"]
    assert (
        ae_["tp"] + ae_["fn"] == ae_["support"]
        and 0 <= ae_["recall_ci"][0] <= ae_["recall"] <= ae_["recall_ci"][1]
    )
    assert {*R.CATEGORIES, R.AE} - {"tag"} <= set(fig["labels"])

    add_comments(con, [("c1", "merci ❤️"), ("c2", "j'ai eu de la fièvre après le vaccin")])
    correct_comment(con, "c1", ["support"], False, "a", "ok")
    correct_comment(con, "c2", ["testimony"], True, "a", "ok")
    con.execute("CHECKPOINT")
    con.close()
    args = argparse.Namespace(set=[str(DEFAULT_LABELLED)], split="heldout", classifier="rules-1.1", labelled=None,
                              json=False, db=str(db_path))  # fmt: skip
    assert cmd_eval_reactions(args) == 0
    text = capsys.readouterr().out
    assert (
        "classifier rules-1.1" in text and "warehouse corrections as labels" in text and "2 corrected" in text
    )


def test_eval_reactions_unknown_set(capsys):
    args = argparse.Namespace(set=["nope"], split="heldout", classifier="reactions-2.0", labelled=None,
                              json=False, db=None)  # fmt: skip
    assert cmd_eval_reactions(args) == 2
    assert "neither a known set" in capsys.readouterr().err


@pytest.mark.skipif(not shared_path("corpora").exists(), reason="../shared is not here")
def test_eval_reactions_named_set_and_reference_file(tmp_path, capsys):
    args = argparse.Namespace(set=["real_fr"], split="heldout", classifier="reactions-2.0", labelled=None,
                              json=True, db=None)  # fmt: skip
    assert cmd_eval_reactions(args) == 0
    fig = json.loads(capsys.readouterr().out)["sets"]["real_fr"]
    from reactions.corpus import load_set

    assert fig["rows"] == len(load_set("real_fr")) and "macro_f1" in fig["labels"]
    # a references file (docs/annotation.md format) is joined to ../shared and evaluated whole
    from reactions.corpus import LABELLED_FILES

    refs = pd.read_csv(LABELLED_FILES["fr"], dtype=str, keep_default_na=False).head(40)
    path = tmp_path / "refs.csv"
    refs.to_csv(path, index=False)
    args.set = [str(path)]
    assert cmd_eval_reactions(args) == 0
    fig = json.loads(capsys.readouterr().out)["sets"][str(path)]
    assert fig["rows"] == 40 and "40 of 40 labelled rows joined" in fig["what"]


# --------------------------------------------------------------------------- real comments (when available)


def _text_column(df: pd.DataFrame) -> str | None:
    return next((c for c in ("texte", "text", "comments", "comment") if c in df.columns), None)


def test_real_comments_smoke():
    root = shared_path("real_comments")
    shares = {}
    for path in sorted(root.glob("*/*.csv")):
        df = pd.read_csv(path, encoding_errors="replace")
        col = _text_column(df)
        if col is None:
            continue
        texts = [t for t in df[col].dropna().astype(str).drop_duplicates()][:300]
        res = classify_texts(texts)
        con = duckdb.connect()
        out = classify_in_duckdb(con, pd.DataFrame({"id": range(len(texts)), "text": texts}), "text", "id")
        assert [list(c) for c in out.sort_values("id")["categories"]] == [list(r.categories) for r in res]
        n = len(res)
        share = {c: sum(c in r.categories for r in res) / n for c in R.CATEGORIES}
        share["ae"] = sum(r.adverse_event for r in res) / n
        share["none"] = sum(not r.categories for r in res) / n
        shares[path.parent.name + "/" + path.name] = share
        assert share["ae"] < 0.10, (path, share)  # vaccine debates are not mostly adverse-event reports
        assert share["spam"] < 0.10, (path, share)
        assert share["none"] < 0.85, (path, share)
    if not shares:
        pytest.skip("no text column found in real_comments")
    fr = [s for k, s in shares.items() if k.startswith("fr_")]
    for s in fr:  # French vaccine tweets: some concern, some questions
        assert s["concern"] >= 0.05 and s["question"] >= 0.03, s
    en = [s for k, s in shares.items() if "youtube_dat" in k]
    for s in en:  # YouTube comments under vaccine-injury news: mostly concern and questions
        assert s["concern"] >= 0.10, s
