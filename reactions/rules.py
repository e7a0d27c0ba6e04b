"""The reaction lexicon: every rule that turns a comment into categories and an adverse-event flag.

Why rules and not a model: each decision must be explainable to a client and to
a pharmacovigilance officer ("flagged because of `ae:after_treatment_symptom`"),
the same rules must run in Python and inside DuckDB over millions of comments,
and the evaluation set is a few hundred comments. Rules are general linguistic
cues of French and English social-media writing (SMS spelling included), never
memorised sentences.

How a decision is made (`reactions.classify` implements it twice, in Python and
in one SQL query, with identical results):

- Texts are normalised first (`reactions.classify.normalize`): lower case,
  accents stripped, œ/æ spelled out, apostrophes unified, blanks collapsed,
  letters repeated 3+ times collapsed to one ("merciiii" -> "merci", "www" -> "w").
  Patterns below are written against that normalised text.
- A `Cue` fires when all of its patterns are found (a search, not a full match).
- A cue without `group` decides on its own. A cue with a `group` is cancelled
  when one of that group's `Blocker`s is found in the text (negation,
  hypothesis, sarcasm...). A label is assigned when at least one of its cues
  survives. Blockers are whole-text, which keeps the logic expressible in SQL.
- Post rules (`POST_RULES`, applied after the cues): an adverse event is also a
  testimony; spam is exclusive.

Pattern constraints (checked by tests): valid for both Python `re` (with
re.ASCII) and RE2 (DuckDB): no lookaround, no backreferences, `{0,n}` rather
than `{,n}`, no capturing groups (use `(?:...)`), no pattern matching "".
"""

from __future__ import annotations

from dataclasses import dataclass

from domain import REACTION_CATEGORIES

# The categories, their labels and colours are declared in domain.reactions; a new
# category needs its cues here (prefix = the category code) and its labelled examples.
CATEGORIES: tuple[str, ...] = REACTION_CATEGORIES.codes()
AE = "adverse_event"
LABELS: tuple[str, ...] = (*CATEGORIES, AE)
# Cue name prefix -> label.
PREFIX_LABEL: dict[str, str] = {**{c: c for c in CATEGORIES}, "ae": AE}

# Derived cues added by the post rules (so the explanation names them too).
CUE_AE_IS_TESTIMONY = "testimony:ae_report"
CUE_SPAM_ONLY = "spam:exclusive"


@dataclass(frozen=True)
class Cue:
    """A named rule: fires when every pattern is found in the normalised text."""

    name: str  # "<prefix>:<what>", prefix in PREFIX_LABEL
    patterns: tuple[str, ...]
    group: str | None = None  # None: never cancelled; else cancelled by that group's blockers
    gate: str | None = None  # a cheap pattern found whenever the cue fires (default: the first pattern)

    @property
    def label(self) -> str:
        return PREFIX_LABEL[self.name.split(":", 1)[0]]


@dataclass(frozen=True)
class Blocker:
    """A named cancellation: when found, the cues of (label, group) do not count."""

    name: str  # "block-<prefix>:<what>"
    pattern: str
    label: str
    group: str


# --------------------------------------------------------------------------- building blocks


def alt(*parts: str) -> str:
    return "(?:" + "|".join(parts) + ")"


def w(*parts: str) -> str:
    """Whole words: one of the alternatives between word boundaries."""
    return r"\b(?:" + "|".join(parts) + r")\b"


SENT = r"(?:^|[.!?;] )"  # start of a sentence

# SMS and contracted first person (French)
JAI = r"(?:\bj'ai|\bjai|\bj ai|\bg)"  # "g eu" = "j'ai eu"
JE_SUIS = r"\b(?:je suis|jsuis|j'suis|chui|chuis|jsui|je sui|j suis)"
JE_VAIS = r"\b(?:je vais|jvais|j'vais|je vai|j vais|je vas)"

FAM_FR = alt(
    r"mere", r"maman", r"pere", r"papa", r"mari", r"femme", r"fils", r"fille", r"fiston", r"soeur",
    r"frere", r"grand-mere", r"grand mere", r"grand-pere", r"grand pere", r"mamie", r"mamy", r"mami",
    r"papi", r"papy", r"tante", r"oncle", r"cousine?", r"niece", r"neveu", r"belle-mere", r"beau-pere",
    r"copine", r"copain", r"conjoint", r"compagnon", r"compagne", r"amie?", r"meilleure? amie?",
    r"voisine?", r"collegue", r"bebe", r"ptit", r"petit", r"petite", r"petit-fils", r"petite-fille",
    r"enfant", r"ado", r"cheri", r"cherie", r"homme", r"beau-frere", r"belle-soeur",
)  # fmt: skip
FAM_EN = alt(
    r"mom", r"mum", r"mother", r"mama", r"dad", r"father", r"husband", r"wife", r"son", r"daughter",
    r"sister", r"brother", r"grandma", r"grandmother", r"grandpa", r"grandfather", r"granny", r"nan",
    r"nana", r"aunt", r"auntie", r"uncle", r"cousin", r"niece", r"nephew", r"friend", r"best friend",
    r"bestie", r"partner", r"boyfriend", r"girlfriend", r"neighbou?r", r"colleague", r"coworker",
    r"baby", r"kid", r"child", r"fiance", r"fiancee", r"stepdad", r"stepmom", r"little one",
)  # fmt: skip

HCP_FR = alt(
    r"infirmier", r"infirmiere", r"medecin", r"docteur", r"pharmacien", r"pharmacienne", r"sage-femme",
    r"sage femme", r"kine", r"kinesitherapeute", r"aide-soignante?", r"aide soignante?", r"generaliste",
    r"pediatre", r"gyneco\w*", r"dieteticienne?", r"nutritionniste", r"psychologue", r"dentiste",
    r"preparatrice", r"preparateur", r"interne", r"etudiante? en (?:medecine|pharmacie|soins infirmiers)",
    r"radiologue", r"manipulatrice", r"manipulateur", r"auxiliaire de vie", r"ambulanci\w*",
    r"orthophoniste", r"ergotherapeute", r"psychomotricienne?", r"cardiologue", r"oncologue",
    r"endocrinologue", r"rhumatologue", r"dermatologue", r"neurologue", r"chirurgien\w*",
)  # fmt: skip
HCP_EN = alt(
    r"gp", r"nurse", r"rn", r"doctor", r"physician", r"pharmacist", r"midwife", r"physio",
    r"physiotherapist", r"dietitian", r"nutritionist", r"paramedic", r"caregiver", r"carer",
    r"care worker", r"oncologist", r"endocrinologist", r"rheumatologist", r"dermatologist",
    r"psychologist", r"dentist", r"resident", r"med student", r"medical student", r"nurse practitioner",
    r"surgeon", r"cardiologist", r"healthcare worker", r"health care worker", r"hcp",
)  # fmt: skip
DOC_FR = alt(
    r"medecin(?: traitant)?", r"doc", r"docteur", r"generaliste", r"rhumato\w*", r"endocrino\w*",
    r"diabetologue", r"gyneco\w*", r"cardio\w*", r"oncologue", r"pneumo\w*", r"dermato\w*", r"neuro\w*",
    r"pharmacien\w*", r"kine", r"dentiste", r"pediatre", r"chirurgien\w*", r"specialiste", r"psy\w*",
    r"hematologue", r"gastro\w*", r"nephrologue", r"onco", r"sage-femme", r"infirmiere?",
)  # fmt: skip
DOC_EN = alt(
    r"doctor", r"doc", r"gp", r"endo", r"endocrinologist", r"rheumatologist", r"rheumy", r"oncologist",
    r"dermatologist", r"derm", r"cardiologist", r"neurologist", r"gyno", r"gynecologist",
    r"gynaecologist", r"obgyn", r"pharmacist", r"nurse", r"specialist", r"surgeon", r"consultant",
    r"physician", r"pcp", r"pediatrician", r"paediatrician", r"psychiatrist", r"therapist",
)  # fmt: skip

DISEASE_FR = alt(
    r"diabete", r"diabetique", r"cancer", r"spondy\w*", r"spa", r"polyarthrite", r"arthrose", r"sep",
    r"sclerose", r"endometriose", r"hypothyroidie", r"hyperthyroidie", r"hashimoto", r"basedow",
    r"asthme", r"bpco", r"epilepsie", r"fibromyalgie", r"lupus", r"crohn", r"rch", r"psoriasis",
    r"eczema", r"depression", r"covid(?: long)?", r"hypertension", r"cholesterol", r"obesite",
    r"osteoporose", r"alzheimer", r"parkinson", r"avc", r"infarctus", r"tumeur", r"leucemie",
    r"lymphome", r"melanome", r"mucoviscidose", r"drepanocytose", r"vih", r"hepatite", r"sopk",
    r"insuffisance \w+", r"maladie \w+", r"thyroide", r"migraines? chroniques?", r"burn-?out",
)  # fmt: skip
DISEASE_EN = alt(
    r"diabetes", r"type [12]", r"t[12]d", r"cancer", r"ankylosing \w+", r"axial spa", r"as",
    r"arthritis", r"ms", r"endometriosis", r"endo", r"hypothyroidism", r"hyperthyroidism",
    r"hashimoto'?s", r"graves'?", r"thyroid \w+", r"asthma", r"copd", r"epilepsy", r"fibromyalgia",
    r"lupus", r"crohn'?s", r"colitis", r"psoriasis", r"eczema", r"depression", r"long covid", r"covid",
    r"high blood pressure", r"osteoporosis", r"dementia", r"alzheimer'?s", r"parkinson'?s", r"pcos",
    r"celiac", r"coeliac", r"a stroke", r"a heart attack", r"breast cancer", r"\w+ cancer",
)  # fmt: skip

# ---- exposure: what can cause an adverse event (treatments, vaccines, devices)
TREAT = w(
    r"vaccin\w*", r"vax\w*", r"doses?", r"injections?", r"injecte\w*", r"piqures?", r"rappels?",
    r"boosters?", r"boosted", r"shots?", r"jabs?", r"jabbed", r"traitements?", r"treatments?",
    r"medicaments?", r"medocs?", r"medicines?", r"medications?", r"meds?", r"cachets?", r"comprimes?",
    r"gelules?", r"pilules?", r"pills?", r"tablets?", r"capsules?", r"drugs?", r"patchs?", r"patches",
    r"capteurs?", r"sensors?", r"pompes? a insuline", r"insulin pumps?", r"sterilets?", r"iud", r"implants?",
    r"protheses?", r"generiques?", r"generics?", r"(?:nouvelle|new) formul\w*", r"formula", r"formules?",
    r"insulines?", r"insulin", r"chimio\w*", r"chemo\w*", r"radiotherapie", r"radiotherapy",
    r"antibio\w*", r"antidepresseurs?", r"antidepressants?", r"anxiolytiques?", r"somniferes?",
    r"sleeping pills?", r"cortisone", r"corticoides?", r"steroids?", r"biotherapie\w*", r"biologics?",
    r"statines?", r"statins?", r"anticoagulants?", r"blood thinners?", r"inhalateurs?", r"inhalers?",
    r"perfusions?", r"infusions?", r"complements? (?:alimentaires?|nutritionnels?)", r"supplements?",
    r"contraception", r"contraceptifs?", r"the pill", r"la pilule", r"hormones?", r"ths",
    r"pfizer", r"moderna", r"astra\w*", r"janssen", r"novavax", r"arnm", r"mrna", r"gardasil\w*",
    r"cervarix", r"shingrix", r"zostavax", r"prevenar", r"levothyrox\w*", r"levothyroxine", r"euthyrox",
    r"synthroid", r"glucophage", r"ozempic", r"wegovy", r"mounjaro", r"saxenda", r"victoza", r"trulicity",
    r"humira", r"cosentyx", r"enbrel", r"remicade", r"stelara", r"taltz", r"dupixent", r"xarelto",
    r"methotrexate", r"doliprane", r"paracetamol", r"ibuprofen\w*", r"advil", r"nurofen", r"spasfon",
    r"dafalgan", r"efferalgan", r"aspirine?", r"tramadol", r"codeine", r"lyrica", r"depakine",
    r"roaccutane", r"isotretinoine?", r"accutane", r"champix", r"nicotine", r"nicorette", r"freestyle",
    r"dexcom", r"omnipod", r"lantus", r"dispositifs?", r"devices?", r"ventoline", r"ventolin",
    r"pompes?", r"cgm", r"hormonotherap\w*", r"hormone therapy", r"immunotherap\w*", r"beta-?bloquants?",
    r"beta[- ]?blockers?", r"anti-?inflammatoires?", r"anti-?inflammator\w*", r"antihistaminiques?", r"antihistamines?",
    r"painkillers?", r"antalgiques?", r"anti-?douleurs?", r"prednis\w*", r"augmentin\w*", r"penicillin\w*",
    r"gels?", r"cremes?", r"creams?", r"pommades?", r"ointments?", r"sirops?", r"syrups?", r"collyres?",
    r"eye ?drops", r"gouttes", r"pansements?", r"ovules?", r"sprays?", r"lotions?", r"produit de contraste",
    r"contrast (?:dye|injection|agent)", r"(?:knee|hip) replacements?", r"infiltrations?", r"peridurales?", r"epidurals?",
    r"tamoxif\w*",
    r"\w{3,}(?:mab|tinib|sartan|statine?|olol|prazole|mycine?|cycline|cillin|cilline|formine?|glutide|gliptine?"
    r"|gliflozine?|parine|dronate|lukast|triptan|azepam|oxetine|afaxine|tidine|semide|thiazide|dipine|floxacine?|trozole|"
    r"profene?|pramine|trigine|idone|apine|triptyline|zolam|setron|cortisone|quetiapine|olanzapine|lithium)s?",
    r"\w{3,}(?:pril|vir)",
)  # fmt: skip

# ---- symptoms and undesirable reactions (a person experiences them)
SYMPT = w(
    # French
    r"fievres?", r"frissons?", r"courbatur\w*", r"nausees?", r"nauseeu\w*", r"envie de vomir", r"vomi\w*",
    r"diarrhees?", r"vertiges?", r"etourdi\w*", r"malaises?", r"evanoui\w*", r"syncopes?",
    r"perte de connaissance", r"palpitations?", r"tachycardi\w*", r"arythmi\w*", r"migraines?",
    r"maux de (?:tete|ventre|gorge|dos|coeur)", r"mal (?:a la|au|aux|a l'|de) ?(?:tete|ventre|bras|dos|coeur"
    r"|estomac|gorge|jambes?|articulations|muscles|epaule|nuque|poitrine|ventre|cuisse|fesse)",
    r"(?:tres|super|trop|hyper|si|tellement|horriblement|atrocement|vachement|un peu|grave) mal",
    r"(?:j'ai|jai|g|avoir|a) (?:eu )?(?:tres |trop |super |hyper |si |un peu |tellement )?mal",
    r"cephalees?", r"douleurs?", r"douloureu\w*", r"gonfle\w*", r"gonflements?", r"oedemes?", r"enfle\w*",
    r"plaques? rouges?", r"rougeurs?", r"boutons?", r"eruptions?", r"urticaire", r"demangeaisons?",
    r"gratt(?:e|ent|ait|aient|er)", r"allergi\w*", r"anaphyla\w*",
    r"(?:perte|chute|perds|perdu|perdre|tombe|tomber) (?:\w+ ){0,2}cheveux", r"cheveux (?:\w+ )?(?:tombent|tombaient|tombe)", r"cheveux qui tombent",
    r"insomni\w*", r"cauchemars?", r"fatigue\w*", r"epuise\w*", r"ko", r"k\.o", r"crampes?", r"brulures?",
    r"mycoses?", r"infections?", r"hypoglycemi\w*", r"hypos?", r"thromboses?", r"phlebites?",
    r"embolie\w*", r"caillots?", r"paralysie\w*", r"paralyse\w*", r"convulsion\w*",
    r"crises? (?:d'epilepsie|convulsive\w*|d'angoisse|de panique|d'asthme|cardiaque)", r"fourmillements?",
    r"picotements?", r"engourdi\w*", r"paresthesie\w*", r"acouphenes?", r"hemorragie\w*", r"saign\w*",
    r"regles (?:\w+ ){0,3}(?:abondantes|douloureuses|hemorragiques|irregulieres|deregle\w*|perturbe\w*)",
    r"(?:plus de|pas de|perturbation des|dereglement des|retard de|retard des) regles",
    r"cycles? (?:perturbe|deregle|irregulier)\w*", r"(?:pris|prendre|prise de|\+) ?\d+ ?(?:kilos?|kg)", r"prise de poids", r"(?:pris|prendre) du poids",
    r"fourmis", r"constip\w*", r"pel(?:e|ent|ait|aient)", r"peau (?:\w+ )?(?:seche|qui pele|arrachee)",
    r"levres? (?:\w+ )?(?:gercees|seches|en sang|fendues)", r"(?:mal|maux) (?:au|de) crane", r"pancreatit\w*", r"gastrit\w*",
    r"ulceres?", r"grossi(?:r|s|t)?", r"plaques? (?:\w+ )?(?:partout|sur (?:le|la|les|tout)|qui grattent)", r"des plaques", r"reflux", r"bouffees de chaleur", r"essouffl\w*", r"souffle court", r"tendinite\w*",
    r"toux", r"conjonctivite\w*", r"yeux (?:\w+ )?(?:rouges|secs|gonfles|qui piquent)", r"acne", r"somnolen\w*",
    r"(?:dans le|dans les) (?:coltard|gaz|vapes)", r"vision (?:floue|trouble)", r"(?:baisse|perte) de (?:la )?vue",
    r"(?:baisse|perte|troubles?) de (?:la )?vision", r"(?:des|fais des|plein de) bleus", r"en sang",
    r"(?:me|m'a|lui|lui a|te|t'a) brule\w*", r"(?:bras|jambes?|visage|chevilles?|levres|pieds|mains) (?:ont |a |qui )?(?:gonfle|enfle)\w*",
    r"hematomes?", r"myocardite\w*", r"pericardite\w*", r"tremblements?", r"idees noires",
    r"troubles? (?:du|de la|digestifs?|visuels?|cardiaques?)", r"irritation\w*",
    r"(?:tres|hyper|super|trop|vraiment|tellement) malade", r"malade comme", r"rendue? malade",
    r"(?:ete|tombee?) malade", r"(?:3[89]|4[01])(?:[.,]\d)? ?(?:°|degres|de fievre)", r"(?:3[89]|4[01])[.,]\d",
    r"ganglions?", r"hospitalise\w*", r"aux urgences", r"en reanimation",
    r"effondre\w*", r"l'enfer", r"(?:je |j')?(?:ne )?dors (?:plus|mal)", r"n'arrive plus a dormir", r"abces", r"cloques?", r"crevee?s?", r"claquee?s?", r"lessivee?s?",
    r"(?:bras|jambe|epaule) (?:en compote|en bois|mort|tout lourd|lourd|engourdi|paralyse)",
    r"(?:m'a|me|lui a|m'ont|lui ont) (?:detruit|flingue|bousille|ruine|detraque|defonce|tue)\w* (?:l'|le |la |les |mon |ma |mes |son |sa |ses )?"
    r"(?:estomac|ventre|sommeil|peau|cheveux|regles|cycle|foie|reins|moral|intestins?|bide)", r"(?:fait|faire|fais|faisait) (?:une|des) chutes?", r"chutes? de tension", r"(?:est|suis) tombee?",
    # English
    r"fevers?", r"feverish", r"chills", r"aches?", r"achy", r"body aches", r"nausea\w*", r"nauseous",
    r"vomit\w*", r"threw up", r"throwing up", r"throw up",
    r"peeling", r"dry skin", r"cracked (?:lips|skin)", r"lips (?:\w+ )?(?:cracked|bleeding|peeling)", r"pancreatitis", r"gastritis",
    r"ulcers?", r"gallstones?", r"drows\w*", r"groggy", r"constipat\w*", r"acid reflux",
    r"hot (?:flash|flush)\w*", r"cough\w*", r"acne", r"welts?", r"burns", r"burning", r"burn(?:ed|t)? (?:marks?|sensation|feeling)",
    r"lost (?:\w+ ){0,3}hair", r"(?:gained|gain|put on) (?:\w+ ){0,2}weight", r"gained \d+", r"gain(?:ed)? \d+ ?(?:lbs?|pounds|kg|kilos)",
    r"(?:zero|no) sleep", r"(?:stomach|gut|skin|sleep|periods?|cycle|moods?|hair) (?:is|are|has been|have been|was|were) (?:\w+ )?"
    r"(?:a mess|messed up|all over the place|wrecked|ruined|terrible|awful|horrible|a disaster|a nightmare)",
    r"moods? (?:are |is )?all over the place", r"tendon\w*", r"shortness of breath", r"breathless\w*", r"diarrh\w*", r"dizz\w*", r"lightheaded", r"light-headed",
    r"faint\w*", r"passed out", r"palpitations?", r"racing heart", r"heart racing", r"headaches?",
    r"migraines?", r"sore", r"soreness", r"pain\w*", r"hurt\w*", r"swell\w*", r"swollen", r"rash\w*",
    r"hives", r"itch\w*", r"allerg\w*", r"anaphyla\w*", r"hair loss", r"losing (?:my |her |his )?hair",
    r"hair (?:fall|falling|thinning)", r"insomnia", r"nightmares?", r"fatigue\w*", r"tired\w*",
    r"exhaust\w*", r"knock(?:ed|s)? (?:me|him|her|them) (?:out|flat|down|sideways)", r"wiped (?:me )?out",
    r"cramp\w*", r"heartburn", r"stomach (?:pain|ache|cramps|issues|problems|upset)", r"stomachache",
    r"infections?", r"low blood sugar", r"blood clots?", r"clots?", r"thrombosis", r"paralys\w*",
    r"bell'?s palsy", r"palsy", r"seizures?", r"convulsions?", r"tingling", r"numb\w*", r"tinnitus",
    r"bleed\w*", r"periods? (?:\w+ ){0,3}(?:heavy|heavier|irregular|late|all over the place|messed up|stopped)",
    r"(?:heavy|heavier|irregular|late|missed) periods?", r"period has been", r"weight gain",
    r"gained \d+", r"myocarditis", r"pericarditis", r"sick", r"fell", r"a fall", r"ill", r"unwell",
    r"irritation", r"bruis\w*", r"lymph nodes?", r"hospitali[sz]ed", r"in (?:the )?(?:er|hospital|icu)",
    r"tremors?", r"shaking", r"brain fog", r"chest pain", r"shortness of breath",
    r"short of breath", r"blurred vision", r"joint pain", r"muscle pain", r"dead arm", r"can'?t sleep", r"cannot sleep",
    r"trouble sleeping", r"sleepless", r"infected", r"inflamed", r"oozing", r"blisters?", r"abscess\w*", r"aching", r"ached",
    r"killing (?:my|me|her|him)", r"(?:wrecked|wrecking|destroyed|destroying|messed up|messing up|ruined|ruining) "
    r"(?:my|her|his) (?:stomach|gut|sleep|skin|hair|periods?|cycle|body|mood|liver|kidneys)",
)  # fmt: skip

# the side-effect vocabulary itself
FX = alt(
    r"effets? (?:secondaires?|indesirables?|2ndaires?|ii)",
    r"side[- ]?effects?",
    r"adverse (?:events?|effects?)",
    r"reactions?(?: allergiques?| cutanees?| violentes?)?",
    r"(?:allergic|bad|severe|strong|skin) reactions?",
)
# someone experiences it
EXP = alt(
    w(r"je", r"jai", r"moi", r"me", r"mon", r"ma", r"mes", r"i", r"i'm", r"im", r"i've", r"ive", r"i'd",
      r"my", r"mine", r"myself", r"il", r"elle", r"ils", r"elles", r"he", r"she", r"his", r"her",
      r"him", r"lui", r"son", r"sa", r"ses", r"patients?", r"patientes?", FAM_FR, FAM_EN),
    r"\bj'", r"\bm'", r"\bg (?:eu|fait|pris)\b", r"\banyone else\b", r"\bquelqu'un d'autre\b",
    r"\bj(?:suis|sui|vais|pense|sais|peux|prends|prend|avais|etais|ai|comprends)\b", r"\bchuis?\b",
    r"\b(?:une? (?:connaissance|ami|amie|collegue|proche)|mes (?:collegues|amis|amies|proches)|colleagues?|coworkers?|friends?)\b",
    SENT + r"(?:had|got|been|felt|feeling|woke up|still)\b", r"\bperso(?:nnellement)?\b",
    # a comment opening on a bare symptom ("Gros coup de fatigue apres...", "Fever and chills since...") is a report
    r"^(?:(?:gros|grosse|petit|petite|enorme|bonne|sacre|sacree|horrible|terrible|big|bad|huge|massive|mild|slight|"
    r"un peu de|a bit of|a little|un|une|des|du|de la|severe|awful|heavy|constant|extreme|intense|persistent|crazy) )?"
    r"(?:coup de |crise de )?(?:(?:bras|arm|jambe|leg|ventre|tete|dos|epaule|shoulder|back|peau|skin) )?" + SYMPT
    + r"(?: (?:intense|forte?|terrible|horrible|atroce|enorme|legere?|severe|bad|awful|constant|persistent|heavy|violente?))?"
    r"(?:[,.!;:+&=]| et | and | (?:pendant|during|for|since|depuis|apres|after|le|la|the|all|toute?s?|tous|each|every|chaque|"
    r"\d|avec|with|sur|on|au|aux|a \d|mais|but)\b|$)",
    # a professional reporting about a patient or customer
    r"\b(?:un|une|a|my|mes|one of my|une de mes|un de mes) (?:customers?|clients?|clientes?|patients?|patientes?|residents?|residentes?)\b",
    r"(?:^|[.!?] )sous \w+",
)  # fmt: skip

NEG = r"\b(?:pas|plus|aucune?|sans|zero|ni|jamais|rien|n'est|n'etait|n'ont|n'avait|no|not|never|didn'?t|did not|don'?t|doesn'?t|wasn'?t|isn'?t|haven'?t|hasn'?t|without|hardly|barely|n'ai|n'a|none)\b"
HYPOTHESIS = alt(
    r"\bsi (?:j'|je\b|jai\b|on\b|tu\b|t'|vous\b|il\b|elle\b|mon\b|ma\b|mes\b)", r"\bs'il\b", r"\ben cas d",
    r"\bau cas ou\b", r"\bif (?:i|you|u|we|they|he|she|it|your|my|there)\b", r"\bin case\b",
    r"\b(?:could|can|may|might|will|would) (?:\w+ )?(?:cause|give|lead to|trigger)\b",
    r"\b(?:peut|peuvent|pourrait|pourraient|risque)(?:-\w+)? (?:\w+ )?(?:provoquer|causer|donner|entrainer|declencher)\b",
    r"\b(?:does|do|did|can|could|will|would) (?:\w+ ){1,3}(?:cause|give|have|make)\b",
    r"\best[- ]ce (?:que|qu') ?(?:ca|cela|le|la|les|l'|il|elle|on|c'est|ce)? ?(?:\w+ )?(?:peut|peuvent|donne|provoque|cause|fait)\b",
    r"\bavant de (?:commencer|prendre|me faire|faire|debuter)\b",
    r"\bbefore (?:i|you|starting|taking|getting|i start)\b",
)  # fmt: skip
FEAR = alt(
    r"\bpeur (?:de|d'|des|du)",
    r"\b(?:j'ai|jai|g) (?:trop |un peu |tres |super )?peur\b",
    r"\b(?:afraid|scared|terrified|worried|nervous|anxious) (?:of|to|about|that)\b",
    r"\bcrain\w*",
    r"\binquiete? (?:pour|de|que|a l'idee)\b",
    r"\bredoute\w*",
)
# someone reports what is usual, not what happened ("my doctor says fever after the shot is normal")
HEARSAY = alt(
    r"\b(?:dit|disent|disait|said|says|told (?:me|us)|tells|m'a dit|nous a dit|explique\w*|explained|selon|according to|"
    r"parait|apparently)\b[^.!?]*\b(?:normale?s?|frequente?s?|courante?s?|common|expected|attendue?s?|"
    r"usually|generalement|passent|pass|go away|partent)\b",
    r"\b(?:people|they|everyone|on|ils|les gens|tout le monde) (?:say|said|says|dit|disent|disait|claim)\b[^.!?]*\bbut (?:i|my)\b",
    r"\b(?:on m'a dit|on dit|on m'a raconte|j'ai (?:entendu|lu)|(?:il )?parait|paraitrait|i heard|i read|heard that|"
    r"apparently)\b[^.!?]*\?",
    r"\b(?:rien a voir avec|pas lie (?:au|a la|aux|a)|not related to|nothing to do with|unrelated to|aucun rapport avec)\b",
)
GENERAL_Q = alt(
    r"\bquel(?:le)?s? sont\b", r"\bwhat are the\b", r"\bc'est quoi les\b",
    r"\best[- ]ce (?:un|une) (?:effet|symptome)", r"\bis (?:it|this|that|\w+) a (?:common |known |normal )?(?:side effect|symptom)",
    r"\beffets? (?:secondaires?|indesirables?) (?:frequents?|courants?|connus?|possibles?)\b",
    r"\b(?:common|known|possible|usual) side[- ]?effects?\b", r"\best[- ]ce qu'il y a\b", r"\by a[- ]t[- ]il\b",
    r"\b(?:il y a|ya|y'a|y a) (?:des|beaucoup d'|bcp d'|souvent des|pas mal d')? ?(?:effets|side)", r"\bare there (?:any )?side[- ]?effects\b",
    r"\bany side[- ]?effects\s?\?",
)  # fmt: skip


# --------------------------------------------------------------------------- the cues

CUES: list[Cue] = []
BLOCKERS: list[Blocker] = []


def cue(name: str, *patterns: str, group: str | None = None, gate: str | None = None) -> None:
    CUES.append(Cue(name, tuple(patterns), group, gate))


def block(name: str, pattern: str, group: str) -> None:
    prefix, _ = name.split(":", 1)
    BLOCKERS.append(Blocker(f"block-{name}", pattern, PREFIX_LABEL[prefix], group))


# ---------------------------------------------------------------- question: asks for information or advice
cue("question:qmark", r"\?", group="qmark")
cue("question:fr_est_ce_que", r"\b(?:est[- ]ce (?:que|qu)|qu'est[- ]ce qu|esque|eske|est ce qu)")
cue(
    "question:fr_quelquun_sait",
    r"\b(?:quelqu'un|quelquun|qqn|qq1|qlq'un) (?:sait|saurait|a deja|d'autre|peut|pourrait|"
    r"connait|connaitrait|aurait|a (?:eu|teste|essaye|fait|pris)|ici|en a|s'y connait|pour)",
)
cue("question:fr_ask_advice", alt(
    r"\b(?:vous|tu) (?:conseillez|conseilles|recommandez|recommandes|savez|sais) (?:si|ou|quoi|comment|quel|combien|pourquoi|s'il|qui|des)\b",
    r"\b(?:vous|tu) (?:me )?(?:conseillez|conseilles|recommandez|recommandes) quoi\b",
    r"\b(?:vous en pensez|t'en penses|tu en penses|vous pensez|tu penses|en pensez-vous|en penses-tu) quoi\b",
    r"\bqu'en (?:pensez|penses)[- ](?:vous|tu)\b",
    r"\b(?:des|un|vos|tes|quelques) (?:conseils?|astuces?|tips?|idees?|recommandations?|avis)\b[^.!]*\?",
    r"^(?:des|un|une|quelques) (?:conseils?|astuces?|idees?|recommandations?|avis) (?:pour|sur|svp|stp|\?)",
    r"\b(?:tu|vous|t'as|vous avez|on) (?:\w+ ){0,3}(?:quoi|comment|ou|combien|quand|lequel|laquelle|lesquels)(?: comme \w+)?\s?(?:\?|$)",
    r"\bje (?:cherche|recherche) (?:un|une|des)\b", r"\bj'aimerais (?:savoir|avoir (?:votre|ton|vos|des))\b",
    r"\bje voudrais savoir\b", r"\bje me demande(?:ais)? (?:si|comment|pourquoi|quand|combien)\b",
    r"\b(?:petite|une|ma) question\b", r"\bquestion (?:bete|idiote|con)\b",
))  # fmt: skip
cue("question:fr_interrogative", alt(
    r"\b\w+-t-(?:il|elle|on)\b[^.!?]*\?", r"\b\w+-(?:il|elle|ils|elles|on|vous|tu|je|nous)\b[^.!?]*\?",
    SENT + r"(?:et )?(?:c'est|c) quoi\b", r"\bc'est quoi (?:la|le|les|un|une|ce|cette)\b",
    SENT + r"(?:et )?(?:comment|combien|a partir de quel(?:le)?|a quel(?:le)? (?:age|moment|frequence)|quand est-ce|ou est-ce|pourquoi est-ce)\b",
    r"\bcombien (?:de temps|ca coute|coute|de fois|de doses|de jours|de mois)\b",
    r"\b(?:peut-on|puis-je|dois-je|faut-il|doit-on|sait-on|y a-t-il|est-il|est-elle|a-t-on|existe-t-il|peux-tu|pouvez-vous|avez-vous|as-tu)\b",
    r"\b(?:je peux|jpeux|j'peux|on peut|je dois|on doit|il faut|faut|c'est normal|c'est grave|c'est dangereux|"
    r"c'est rembourse|c'est possible|c'est lie|c'est grave|ca marche|ca passe|ca fait mal|il y a|ya|y'a)\b[^.!?]*\?",
))  # fmt: skip
cue("question:fr_request", alt(
    r"\b(?:stp|svp|s'il te plait|s'il vous plait|steuplait|stoplait)\b[^.!?]*\b(?:faire|parler|expliquer|video|dire|aborder|nous|donner|partager)\b",
    r"\b(?:faire|parler|expliquer|video|aborder)\b[^.!?]*\b(?:stp|svp|s'il te plait|s'il vous plait)\b",
    r"\b(?:tu|vous) (?:peux|pourrais|pouvez|pourriez) (?:faire|parler|expliquer|nous|aborder|donner|partager)\b",
    r"\b(?:pourrais-tu|pourriez-vous|peux-tu|pouvez-vous)\b",
))  # fmt: skip
cue("question:en_ask", alt(
    r"\b(?:does|do|did) (?:anyone|anybody|someone|somebody|any of you)\b", r"\banyone (?:know|knows|tried|have|has|had|else)\b",
    r"\bany (?:tips|advice|recommendations|suggestions|ideas|thoughts)\b", r"\badvice (?:please|needed|welcome)\b",
    r"\bcan (?:someone|anyone|you|u) (?:tell|explain|recommend|help|advise|please)\b",
    r"\bhow (?:often|long|soon|early|do i|do you|does it|can i|could i|should i|to)\b",
    r"\bwhat(?:'s| is| are| should| can|s) (?:the best|the difference|the dose|the risk|the side effects|the price|a good|your advice)\b",
    r"\bwhere (?:can|do|does|did|should|is|are)\b", r"\bwhich (?:one|ones|is|are|\w+ (?:is|are|should|do|does|checks?|tests?))\b",
    r"\b(?:is|are) (?:it|there|this|that|these) (?:safe|normal|ok|okay|possible|true|bad|necessary|worth|any|a way|covered|free)\b",
    SENT + r"is it (?:safe|normal|ok|okay|possible|true|bad|necessary|worth)\b",
    r"\b(?:should|can|could|do) (?:i|we) (?:take|get|ask|go|start|stop|see|eat|drink|be|still|have|need)\b",
    r"\bdo (?:i|we|you) need\b", r"\bi (?:was|am|'m) wondering\b", r"\bi wonder (?:if|whether|how|why)\b",
    r"\bquick question\b", r"\basking for (?:a|my)\b", r"\bcurious (?:if|whether|how|about)\b",
))  # fmt: skip
# generic interrogative forms: questions unless rhetorical (blocked with the question mark)
cue("question:en_interrogative", alt(
    SENT + r"(?:does|did|can|could|should|would|is|are|was|were|has|have|will|am|may|do) [^.!?]*\?",
    r"\b(?:how|what|why|who|when|where|which)\b[^.!?]*\?", r"\bhow (?:much|many)\b",
), group="qmark")  # fmt: skip
cue("question:en_request", alt(
    r"\b(?:could|can|would) you (?:please )?(?:do|make|talk|explain|cover|share|post|address|discuss)\b",
    r"\bplease (?:do|make|talk|explain|cover|share) (?:a|an|more|about|on|the)\b",
))  # fmt: skip
# a question mark is a question unless the text tags a friend or the question is rhetorical
# a short comment opening on a mention talks to a friend ("@julie t'as vu ?"); long replies still ask
block("question:lead_mention", r"^@[a-z0-9_.]+ (?:[^ ]+ ){0,8}[^ ]*$", "qmark")
# rhetorical questions: criticism phrased as a question (also a concern cue below)
RHETORIC = alt(
    r"\b(?:vous croyez|tu crois|vous pensez|tu penses|you (?:really )?think|do you (?:really|honestly|seriously) (?:think|believe|expect))"
    r" (?:vraiment |serieusement |sincerement )?(?:qu|que|qu'on|that|we|people|anyone)",
    r"\bpourquoi (?:personne|aucun\w*|on ne|on n'|ne |n')", r"\bwhy (?:is|does|do|are|did|has|have|won'?t|don'?t|doesn'?t|isn'?t|aren'?t) "
    r"(?:nobody|no one|noone|nobody's|the media|they|the government)",
    r"\b(?:qui|who) (?:croit|ecoute|fait confiance|peut croire|va croire|even|still|actually|believes|trusts|listens|buys|falls)",
    r"\b(?:are you|you'?re|you are|r u) (?:kidding|serious|joking|for real)", r"\b(?:vous plaisantez|tu plaisantes|sans rire)\b",
    r"\b(?:vous n'avez|t'as|tu n'as|vous avez) pas honte\b", r"\baren'?t you ashamed\b", r"\bshame on you\b",
    r"\bhow much (?:are|were|did|do|is) (?:they|you|u|pharma|\w+) (?:paying|paid|pay|getting)",
    r"\bcombien (?:ils|on|elles?|le labo|les labos|pfizer) (?:te|vous|t') ?(?:paye|payent|paient|paie|donne)",
    r"\bdepuis quand (?:les|un|une|des|on|tu|vous|c'est|l')", r"\bsince when (?:are|do|is|did|does)\b",
    r"^et (?:les|la|le|l') ?(?:effets|risques|morts|deces|victimes|etudes|preuves|consequences)\b[^.!]*\?",
    r"\b(?:tu te rends|vous vous rendez) compte\b", r"\bdo you (?:even )?realis\w*", r"\bdo you even\b",
    r"\bon nous prend pour des\b", r"\btake us for (?:fools|idiots)\b", r"\bc'est une blague\b", r"\bis this a joke\b",
)  # fmt: skip
block("question:rhetorical", alt(
    RHETORIC,
    r"\b(?:qui|who) (?:paye|paie|finance|a paye|a finance|sponsorise|paid|pays|funds|funded|sponsors?|is paying|profits?)\b",
    r"\b(?:payes?|payees?) combien\b", r"\bcombien (?:vous etes|t'es|tu es|es-tu|etes-vous|avez-vous ete|as-tu ete) payes?",
    r"\bhow much (?:are you|were you|did they|do they) (?:paid|pay|getting)", r"\bhow much did \w+ pay\b",
    r"\bwhy (?:would|should) (?:i|anyone|we|you|people) (?:trust|believe|listen)", r"\bhow can (?:i|we|anyone) trust\b",
    r"\bpourquoi (?:je|on) (?:ferai[st]?|croirai[st]?|ecouterai[st]?|ferait)\b", r"(?:^|[.!?] )a quand\b",
    r"\bon en parle\s?\?", r"\b(?:serieux|serieusement|vraiment|seriously|really)\s?\?", r"🙄", r"🤡",
    r"\bc'est une blague\b", r"\bis this a joke\b", r"\bare you (?:kidding|serious)\b", r"\bvous vous foutez\b",
    r"\btu te fous\b", r"\bsans blague\b", r"\bvous (?:etes|etiez) payes\b",
), "qmark")  # fmt: skip

# ---------------------------------------------------------------- testimony: own / close one's experience
cue(
    "testimony:fr_jai_vecu",
    JAI + r" (?:eu|fait|pris|perdu|arrete|commence|subi|vecu|mis|du|dû|attendu|fini|termine|"
    r"recu|developpe|attrape|chope|choppe|combattu|survecu|guerie?|gueri|decouvert que j'avais|appris que j'avais|beneficie|"
    r"(?:pu|deja|enfin) (?:faire|fait|recevoir|recu|avoir|eu)|la chance (?:de|d')|"
    r"ete (?:diagnostiquee?|operee?|hospitalisee?|vaccinee?|soignee?|traitee?|suivie?|malade|ko|depistee?|enceinte|atteinte?|greffee?|testee?|positive?|sous))\b",
)
cue(
    "testimony:fr_jai_maladie",
    JAI
    + r" (?:un |une |le |la |l'|du |de la |des |aussi (?:un |une |le |la |l'|du |des )?)?"
    + DISEASE_FR
    + r"\b",
)
cue(
    "testimony:fr_je_suis_etat",
    JE_SUIS
    + r" (?:moi-meme |moi meme |aussi |moi aussi |egalement |personnellement |moi )?"
    + alt(
        r"sous\b",
        r"diabetique",
        r"atteinte?",
        r"malade",
        r"enceinte",
        r"aidante?",
        r"passee? par",
        r"suivie?",
        r"en (?:remission|traitement|chimio|arret|invalidite)",
        r"type [12]",
        r"hypothyroidienne?",
        r"asthmatique",
        r"epileptique",
        r"allergique",
        r"intolerante?",
        r"vaccinee?s?",
        r"operee?",
        r"hospitalisee?",
        r"greffee?",
        r"survivante?",
        r"guerie?",
        r"insulinodependante?",
        r"dialysee?",
        r"porteuse",
        r"porteur",
        r"concernee?",
        r"maman d'un",
        r"papa d'un",
        r"une? ancienne? (?:malade|fumeu\w*|patiente?)",
        r"fumeu(?:r|se)",
        r"ex-?fumeu\w*",
        r"diagnostiquee?",
        r"en surpoids",
        r"obese",
        r"(?:un |une )?" + HCP_FR,
    ),
)
cue(
    "testimony:fr_je_prends",
    r"\b(?:je prends|jprends|je prend|je me soigne|je me traite|je me pique|je m'injecte|je porte)\s(?:du|de la|des|le|la|l'|mon|ma|mes|un|une|ce|cette|ca)\b",
)
EXAM_FR = alt(
    r"mammo\w*", r"prise de sang", r"depistage", r"vaccin\w*", r"\d?(?:e|ere|eme)? ?doses?", r"rappel", r"test", r"bilan",
    r"examen", r"coloscopie", r"frottis", r"irm", r"scanner", r"echo\w*", r"biopsie", r"consultation", r"operation",
    r"chimio", r"radio\w*", r"injection", r"piqure", r"autopalpation", r"analyses?",
)  # fmt: skip
cue("testimony:fr_telegraphic", alt(
    r"(?:^|[.!?,] )" + EXAM_FR + r"s? (?:faite?s?|passee?s?|recue?s?|realisee?s?|effectuee?s?|terminee?s?|finie?s?|ok|fait|check)"
    r" (?:hier|ce matin|aujourd'hui|la semaine|le mois|l'an|il y a|en \d+|avant-hier|ce mois|cette semaine|cette annee|depuis|ce week)",
    r"(?:^|[.!?] )(?:atteinte?s?|souffrant|malade|operee?s?|greffee?s?|diagnostiquee?s?) (?:de|d'|du|des)\b",
    r"^(?:maman|papa|mere|pere|aidante?|epouse|femme|mari|fille|fils|soeur|frere|grand-mere|mamie) (?:de|d'|d'un|d'une)\b",
    r"\b(?:diabetique|type [12]|patiente?|aidante?|malade|survivante?) ici\b",
))  # fmt: skip
cue("testimony:fr_me_too", alt(
    JAI + r" \d{1,3} ans\b", r"\bje n'ai jamais (?:fait|eu|pris|ete|passe)\b", r"\bca fait \d+ (?:ans|mois|semaines) que (?:je (?:suis|me bats|vis|souffre|prends|soigne|lutte|gere|me soigne)|j'ai)\b",
    r"\bje me bats? (?:contre|avec)\b", r"\bc'est (?:ma|mon|mes) " + FAM_FR + r"s? qui\b",
    r"\bmoi aussi\b", r"\bpareil pour moi\b", r"\bmoi c'etait\b", r"\bmoi (?:j'ai|jai|je|g)\b", r"\bchez moi c'est\b",
    r"\bperso(?:nnellement)?,? (?:j'|je|jai|g|moi|mon|ma|mes)\b", r"\bde mon cote\b", r"\bmon (?:experience|vecu|parcours|histoire)\b",
    r"\bje me reconnais\b", r"\b(?:je suis |chui |jsuis )?passee? par la\b", r"\bje connais (?:bien|trop bien|ca)\b",
    r"\bje vis (?:avec|ca)\b", r"\b(?:j'ai|jai) mis \d+ (?:ans|mois)\b", r"\bon m'a (?:dit|diagnostique|prescrit|trouve|detecte|enleve|pose|annonce|propose|fait)\b",
    r"\bdiagnostiquee?s? (?:d'|de|avec|a|en|il y a|apres|depuis)", r"\bdepuis que (?:je|j'|jsuis|chui)",
    r"(?:^|[.!?,] )(?:diagnostiquee?s?|operee?s?|greffee?s?|traitee?s?|soignee?s?|hospitalisee?s?|prediabetique|diabetique)\b",
    r"\b(?:a|m'a|ont|m'ont) (?:tout )?change (?:ma vie|tout pour moi)|\ba tout change pour moi\b|\bchanged (?:my life|everything for me)\b", r"\bje me suis fait (?:vacciner|operer|depister|diagnostiquer|poser|enlever)\b",
    r"\b(?:depuis mes|depuis l'age de) \d+ ans\b", r"\b" + DISEASE_FR + r" depuis (?:mes|mon|\d+|l'age|toujours)\b",
    SENT + r"sous \w+ depuis\b", SENT + r"(?:vaccinee?s?|operee?|diagnostiquee?|greffee?|hospitalisee?) (?:hier|ce matin|aujourd'hui|la semaine|il y a|depuis|en \d+|a \d+)",
    r"\b(?:m'a|m'ont|lui a|nous a) (?:sauve|change|aide|permis|soulage\w*|gueri\w*|rendu (?:la|sa|ma) vie)\b",
    JAI + r" (?:eu )?(?:tres |trop |souvent |toujours |encore |aussi )?(?:mal (?:au|a la|aux|a l')|des (?:douleurs|crises|migraines|problemes de|soucis de)|une? (?:maladie|pathologie))",
    r"\b(?:meme pas|pas eu|rien eu|rien senti|zero) (?:mal|effet|douleur|souci|probleme|reaction)", r"\b\d+ doses\b",
    r"\baidante? (?:de|d'|pour)\b", r"\bje m'occupe de (?:ma|mon|mes)\b",
    r"\b(?:j'avais|javais|j'etais|jetais) (?:des|un|une|le|la|mal|eu|souvent|toujours|tres|super|diabetique|malade|enceinte)\b",
))  # fmt: skip
cue(
    "testimony:fr_proche",
    r"\b(?:ma|mon|mes) " + FAM_FR + r"s?(?: (?:de )?\d+ ans| \w+)? (?:(?:en|y|lui|ne|n'|s'|se|l'|le|la) ?)?"
    r"(?:a|ont|avait|avaient|est|sont|etait|fait|prend|vit|souffre|sous|bat|lutte|vient|passe|suit|attend|doit|"
    r"a eu|a fait|a ete|est decede\w*|nous a quittes|s'est|se bat|a du)\b",
)
cue("testimony:fr_soignant", alt(
    r"\ben tant qu[e'] ?(?:un |une )?" + HCP_FR, r"^" + HCP_FR + r"(?: liberale| hospitaliere| de \w+)?(?: ici)? ?[:,-]",
    r"\b" + HCP_FR + r" ici\b", r"\bmes (?:patients|patientes|residents|malades)\b", r"\bune? de mes (?:patients?|patientes?)\b",
    r"\bje travaille (?:en|dans|a|au|aux)\b", r"\bdans mon (?:service|cabinet|officine|ehpad)\b",
))  # fmt: skip
cue(
    "testimony:fr_mon_medecin",
    r"\b(?:mon|ma) " + DOC_FR + r" (?:m'|me |m'a|a |veut|voulait|dit|disait|pense|trouve|refuse|ne |n'|"
    r"conseille|recommande|est|etait|lui a|nous a|l'a|prescrit)",
)
cue("testimony:en_i_did", alt(
    r"\bi (?:was|got|'ve been|have been|finally got|just got) (?:diagnosed|told|prescribed|put on|given|hospitali[sz]ed|vaccinated|boosted|tested|screened|checked|jabbed)\b",
    r"\bi was (?:\d+|pregnant|treated|born with|sick|ill|in hospital|in remission|on)\b",
    r"\bi (?:had|'ve had|have had|'d had) (?:a|an|my|the|\d+|covid|cancer|surgery|chemo|side|breast|both|two|three|all|several|some|severe|bad|terrible|mild|gestational|to|it|this|that|shingles|the flu|flu)\b",
    r"\bi got (?:my|the|a|an|both|covid|shingles|diagnosed|tested|screened|vaccinated|checked|jabbed|boosted|\d)\b",
    r"\bi (?:took|take|'ve taken|have taken|started|stopped|quit|finished|lost|gained|survived|beat|waited|spent|tried|switched|use|used|wear) (?:my|the|a|an|it|\d+|metformin|insulin|levo\w*|ozempic|\w+ (?:for|since))\b",
    r"\bi(?:'ve| have) been (?:on|living|dealing|taking|diagnosed|told|through|there|struggling|fighting|managing|type|a |an |using|wearing|caring)\b",
    r"\b(?:i'm|im|i am) (?:on \w+|(?:a )?type [12]|(?:a )?diabetic|pregnant|in remission|a survivor|a caregiver|a carer|currently on|\d+ (?:years|weeks|days|months)|immunocompromised|allergic|living with|one of)\b",
    r"\bi have (?:type [12]|had|been on|been living|" + DISEASE_EN + r")\b", r"\bi(?:'ve| have) (?:got|had) " + DISEASE_EN + r"\b",
    r"\b(?:living|lived|diagnosed) with " + alt(DISEASE_EN, r"\w+") + r"\b", r"\bi live with\b",
    SENT + r"(?:been (?:on|living|taking|dealing|using)|got my|had my|took my|just got my|had a|had an|did my|waited \d+|waited (?:two|three|four|five|six|several|many))\b",
    r"\btook me \d+ (?:years|months|weeks)\b", r"\bi (?:waited|spent) \d+ (?:years|months|weeks)\b",
    r"\b(?:didn'?t|did not) (?:even )?(?:feel|hurt|notice)\b", r"\bno (?:reaction|side effects?|problems?|issues?) (?:at all|for me|whatsoever)\b",
    r"\bnever had (?:any )?(?:issues|problems|side effects)\b", r"\bno problems\b",
))  # fmt: skip
cue("testimony:en_me_too", alt(
    r"\b(?:lost|losing) my " + FAM_EN + r"s?\b", r"\bmy " + FAM_EN + r"s? and i\b", r"\bi (?:\w+ )?got (?:my|the|a|an|both)\b",
    r"\b(?:quit|stopped|gave up|giving up) (?:smoking|drinking|vaping|sugar|alcohol)\b",
    r"\b(?:type [12]|t[12]d|diabetic|survivor|patient|caregiver|carer|spoonie|cancer survivor)(?:,)? here\b",
    r"\bmy " + FAM_EN + r"(?:'s| is| has) (?:been|got|had|on|having|taking|living|dealing|suffering|fighting|in)\b",
    r"(?:^|[.!?] )(?:dealing with|going through|went through|been through|living with|struggling with|fighting|battling)\b",
    r"\bwhen i was (?:pregnant|diagnosed|\d+|young|a kid|in hospital|on)\b",
    r"\bme too\b", r"\bsame here\b", r"\bsame for me\b", r"\bsame with my\b", r"\bi(?:'ve| have) been there\b",
    r"\bbeen there\b", r"\bmy (?:experience|story|journey|diagnosis)\b", r"\bi (?:can )?relate\b", r"\bthis was me\b",
))  # fmt: skip
cue(
    "testimony:en_close_one",
    r"\bmy " + FAM_EN + r"s?(?: (?:also|just|finally|still|recently|actually))? "
    r"(?:has|had|have|is|was|were|got|gets|lost|quit|takes|took|went|started|needs|lives|suffers|suffered|developed|"
    r"passed|died|fainted|ended|switched|stopped|struggles|struggled|never|did|does|\w+ed)\b",
)
cue("testimony:en_professional", alt(
    r"\bas an? " + HCP_EN + r"\b", r"\bi'?m an? " + HCP_EN + r"\b", r"\bi am an? " + HCP_EN + r"\b",
    r"\bi work (?:in|at|as|for|on) (?:a |an |the )?(?:hospital|clinic|pharmacy|care|nursing|oncology|icu|ward|gp|surgery|\w+ (?:ward|unit|clinic))",
    r"\bmy patients\b", r"\b" + HCP_EN + r" here\b", r"\b(?:caregiver|carer) (?:for|to)\b", r"\bcaring for my\b",
))  # fmt: skip
cue(
    "testimony:en_my_doctor",
    r"\bmy " + DOC_EN + r" (?:said|says|told|tells|keeps|kept|wants|wanted|thinks|thought|refused|gave|"
    r"prescribed|put|dismissed|finally|never|recommended|suggested|is|was|just|switched|asked|sent|ordered|listened)\b",
)

# ---------------------------------------------------------------- support: thanks, praise, encouragement
SUPPORT_G = "sarcasm"
cue(
    "support:thanks",
    w(
        r"merci\w*",
        r"mercii",
        r"mrc",
        r"remerci\w*",
        r"thanks?",
        r"thank (?:you|u|ya)",
        r"thx",
        r"ty",
        r"tysm",
        r"tyvm",
        r"cheers",
        r"gracias",
        r"danke",
    ),
    group=SUPPORT_G,
)
cue("support:fr_praise", alt(
    w(r"bravo\w*", r"felicitations?", r"felicit\w*", r"genial\w*", r"magnifique\w*", r"superbe\w*", r"excellent\w*",
      r"formidable\w*", r"incroyable\w*", r"inspirant\w*", r"inspiration", r"emouvant\w*", r"touchant\w*",
      r"chapeau", r"respect", r"admire\w*", r"admiration", r"j'adore", r"jadore", r"top top", r"pedagogique",
      r"passionnant\w*", r"instructi\w*", r"tellement vrai", r"trop vrai", r"si vrai", r"tres vrai", r"trop bien",
      r"(?:c'est|c) (?:tres|trop|vraiment|tellement) bien", r"(?:tres|trop|vraiment|tellement|super) bien (?:explique\w*|dit|fait|vu|resume)", r"bien explique\w*", r"bien dit", r"tres utile", r"trop utile",
      r"super utile", r"hyper utile", r"vraiment utile", r"tellement utile", r"utile", r"tres interessant\w*",
      r"super interessant\w*", r"vraiment interessant\w*", r"interessant\w*", r"precieu\w*", r"essentiel\w*",
      r"indispensable\w*", r"necessaire\w*", r"tellement important\w*", r"si important\w*", r"trop fort\w*",
      r"tu geres", r"vous gerez", r"je t'adore", r"je vous adore", r"love (?:you|u) (?:all|guys)", r"ily", r"tu dechires", r"tu assures", r"la meilleure?", r"le meilleur", r"au top",
      r"c'est top", r"trop top", r"super top", r"vraiment top", r"de qualite", r"qualitatif", r"merveilleu\w*",
      r"fiere? de (?:toi|vous)", r"heureuse? pour (?:toi|vous)", r"ca fait (?:du bien|plaisir)", r"bien joue",
      r"gg"),
    SENT + r"(?:top|super|trop cool|cool|bien|joli|jolie|belle|beau)\b",
    r"\bsuper (?:video|vid|post|contenu|initiative|explication|info|infos|message|travail|idee|boulot|clair|claire|utile|"
    r"interessant\w*|temoignage|campagne|conseils?|article|publication|live|compte|page)\b",
    r"\b(?:tres|super|trop|vraiment|si|tellement|hyper|bien) clair\w*", r"\bclair et (?:precis|net|concis)",
    r"\bquel(?:le)?s? (?:beau|belle|bel|bon|bonne|super|magnifique|superbe|chouette|joli|jolie|excellent\w*|femme|homme|"
    r"force|courage|message|temoignage|video|parcours|exemple|initiative|plaisir|bonheur|talent)\b",
    r"\bj'aime (?:trop|beaucoup|bien|tellement|ce|cette|ta|ton|tes|vos|votre)\b",
    r"\b(?:t'es|tu es|vous etes) (?:trop |tellement |si |vraiment |une |un )?(?:forte?|belle|beau|courageu\w*|battante?|top|geniale?|"
    r"incroyable|inspirante?|inspiration|exemple|modele|merveilleu\w*|adorable|au top)\b",
    r"\bcontenu (?:de qualite|top|genial|utile|super)\b",
    r"\bon a besoin de (?:plus de )?(?:ce genre|contenus?|videos?|posts?|gens comme|personnes comme)\b",
), group=SUPPORT_G)  # fmt: skip
cue("support:fr_encouragement", alt(
    r"\b(?:bon|bcp de|beaucoup de|plein de|tout mon|tous mes|du|ton|votre|quel|sacre|force et|de|gros) courage\b",
    r"^courage\b", r"\bcourage (?:a|aux|pour|!|et)\b", r"\b(?:plein de|bcp de|beaucoup de|de la|toute la|bonne|tellement de) force\b",
    r"\bforce a (?:toi|vous|elle|lui|eux|tous|toutes|ta|ton|votre)\b", r"^force\b",
    r"\b(?:on est|je suis|nous sommes) (?:tous |toutes )?(?:avec|derriere) (?:toi|vous)\b",
    r"\bje (?:t'|vous )envoie\b", r"\b(?:pensees?|ondes) positives?\b", r"\bje pense (?:fort )?a (?:toi|vous)\b",
    r"\b(?:gros |plein de )?(?:bisous|calins?|bises)\b", r"\bprends? soin de (?:toi|vous)\b", r"\bprenez soin\b",
    r"\bje (?:te|vous) soutiens\b", r"\bon (?:te|vous) soutient\b", r"\btout mon soutien\b", r"\bsoutien\b",
    r"^continue\w*\b", r"\bcontinue(?:z)? (?:comme ca|ainsi|de (?:parler|partager|nous|faire)|ton|votre|a (?:parler|partager|nous))",
    r"\btu vas (?:y arriver|t'en sortir|gagner)\b", r"\blache rien\b", r"\bne lache(?:z)? rien\b", r"\bon y croit\b",
    r"\bbon retablissement\b", r"\bprompt retablissement\b",
), group=SUPPORT_G)  # fmt: skip
cue("support:en_praise", alt(
    w(r"amazing", r"awesome", r"brilliant", r"beautiful\w*", r"wonderful", r"fantastic", r"excellent", r"incredible",
      r"powerful", r"inspiring", r"inspirational", r"informative", r"helpful", r"useful", r"insightful", r"touching",
      r"moving", r"impressive", r"outstanding", r"superb", r"lovely", r"congrat\w*", r"kudos", r"bravo", r"well done",
      r"well said", r"well explained", r"nicely explained", r"so true", r"so important", r"much needed",
      r"proud of (?:you|u|her|him)", r"love (?:this|it|that|you|your|ur|u|how|the way|these|her|him)",
      r"loved (?:this|it|that|your)", r"you rock", r"legend", r"queen", r"goat", r"needed (?:this|to hear)",
      r"more of this", r"content we need", r"good job", r"great job", r"nice job", r"nice work", r"great work",
      r"so helpful", r"very helpful", r"super helpful", r"so good", r"so clear", r"very clear", r"spot on",
      r"thank god for (?:you|this)", r"bless you", r"god bless"),
    SENT + r"(?:great|nice|cool|agreed)\b",
    r"\b(?:great|nice|excellent|good|fab|fabulous) (?:video|vid|post|content|job|work|info|information|explanation|advice|"
    r"tips|read|initiative|message|point|points|share|stuff|reminder|question|campaign|thread|account|page)\b",
    r"\b(?:this is|that's|thats|what an?|such an?) (?:so |really |very |truly )?(?:great|good|helpful|important|amazing|"
    r"brilliant|beautiful|powerful|inspiring|lovely|useful|informative)\b",
    r"\b(?:you're|you are|ur|youre) (?:an |a |so |such an? |truly |really )?(?:inspiration|amazing|strong|brave|hero|rockstar|"
    r"warrior|legend|awesome|the best|incredible|wonderful|star)\b",
), group=SUPPORT_G)  # fmt: skip
cue("support:en_encouragement", alt(
    r"\bstay strong\b", r"\bkeep (?:going|it up|up the|sharing|posting|fighting|spreading|pushing|smiling)\b",
    r"\bsending (?:you |u |so much |lots of |all my )?(?:love|hugs|prayers|strength|positive|good vibes|healing|hope)\b",
    r"\brooting for (?:you|u|her|him)\b", r"\byou(?:'ve)? got this\b", r"\b(?:we're|we are|i'm|im) (?:all )?with you\b",
    r"\bthinking of you\b", r"\b(?:prayers|praying) for\b", r"\bhugs\b", r"\bxo+\b", r"\btake care\b",
    r"\bget well (?:soon)?\b", r"\bwishing you\b", r"\bso happy for (?:you|u)\b", r"\bhappy for you\b",
    r"\bhang in there\b", r"\byou can do (?:it|this)\b", r"\bget vaccinated\b", r"\bgo get (?:it|checked|screened)\b",
), group=SUPPORT_G)  # fmt: skip
cue(
    "support:emoji",
    r"[🙏❤💕💖💗💓💞💘💝💜💙💚🧡💛🤍🤎🖤♥😍🥰🤗👏💪👍👌🎉🥳🫶🌹💐☺😊🤩🌟🔥🫂🙌🎀]",
    group=SUPPORT_G,
)
block("support:sarcasm", alt(
    r"\bmerci pour rien\b", r"\bthanks? for nothing\b", r"\bthanks? a lot for nothing\b",
    r"\bmerci (?:les|aux|a nos) (?:influenceu\w*|labos?|medias?|politiques|pharma\w*|gens|gouvernement)\b",
    r"\bthanks?,? (?:big )?pharma\b", r"\bmerci qui\b", r"\bmerci (?:pfizer|big pharma|le gouvernement)\b",
    r"\bencore (?:un|une|des) (?:pub|placement|influenceu\w*|video sponsorisee|post sponsorise|partenariat|collab|\w+ qui)\b",
    r"\banother (?:influencer|ad|paid|sponsored|shill|doctor (?:selling|promoting)|\w+ selling)\b",
    r"🙄", r"🤡", r"\bbravo (?:les|aux) (?:labos?|influenceu\w*|pharma)\b", r"\bquelle (?:honte|blague)\b",
    r"\bnice try\b", r"\byeah right\b", r"\bc'est ca oui\b", r"\bmais bien sur\b", r"\bsure,? jan\b",
    r"\bremboursee? par nos impots\b", r"\bbravo pour la pub\b", r"\bgreat,? (?:another|more)\b",
), SUPPORT_G)  # fmt: skip

# ---------------------------------------------------------------- intent: says they will act
INTENT_G = "refusal"
cue(
    "intent:fr_je_vais",
    JE_VAIS + r" (?:(?:aller |essayer de |tenter de |enfin |vite |tout de suite |direct |surement |"
    r"peut-etre |sans doute |des demain |demain )?(?:y |en |lui |leur |le |la |l'|les |me |m'|te |t'|vous |nous |ca |m'y |s'y |m'en )?"
    r"(?:\w+er|\w+ir|\w+dre|\w+tre|faire|voir|boire|lire|dire|ecrire|suivre|vivre|croire|prendre|mettre|inscrire|y aller))\b",
    group=INTENT_G,
)
cue("intent:fr_rdv", alt(
    r"\b(?:rdv|rendez-vous|rendez vous|rv) (?:pris|est pris|booke|reserve|fixe|cale)\b",
    r"\b(?:je prends|je prend|jprends|j'ai pris|jai pris|g pris|prendre|je vais prendre|je reserve|j'ai reserve|je cale|je booke) (?:un |mon |ma |le |un nouveau )?(?:rdv|rendez-vous|rendez vous|rv)\b",
    r"\bon (?:prend|va prendre|prends) (?:un |le )?(?:rdv|rendez-vous)\b",
), group=INTENT_G)  # fmt: skip
cue("intent:fr_action", alt(
    r"\bje me (?:fais|ferai|ferais|ferai) (?:vaccin\w*|depist\w*|test\w*|oper\w*|suivre|accompagner|aider)\b",
    r"\bje (?:vais|compte|veux|dois|devrais) me faire (?:vacciner|depister|tester|operer|suivre|accompagner|aider)\b",
    r"\bje m'(?:inscris|y mets|y mettrai|y met|abonne a|engage|lance)\b", r"\bje me (?:motive|lance|decide|bouge)\b",
    r"\b(?:je prends|j'ai pris|jai pris) (?:bonne )?note\b",
    r"\bon va (?:\w+ )?(?:aller|prendre|faire|se faire|s'inscrire|tester|essayer|en parler|appeler|commencer|arreter|demander)\b", r"\bje (?:partage|transmets|transfere|repartage|relaie|note|retiens|teste|essaie|essaye|commence|arrete)\b",
    r"\b(?:j'envoie|jenvoie|je l'envoie|je le partage|je la partage|je lui envoie|je leur envoie|je lui montre|je leur montre|"
    r"je lui transfere)\b", r"\b(?:demain|lundi|ce soir|cette semaine|des demain|des lundi) (?:j'appelle|je prends|je vais|je commence|j'arrete|je m'inscris|je fais)\b",
    r"\bj'appelle (?:mon|ma|le|la|demain|des|tout de suite|direct)\b", r"\bj'appelle\s?(?:!|\.|$)",
    r"(?:^|[.!?] )(?:a )?partag(?:e|ee|er)\b", r"\bpartag(?:e|ee|es) (?:pour|a|avec|sur)\b", r"\bje repartage\b", r"\bc'est decide\b", r"\bpromis\b", r"\bcette annee,? (?:je|jvais|j'y)\b",
    r"\b(?:il )?faut (?:vraiment |absolument |que )?(?:que )?(?:je|j')\s?(?:fasse|prenne|aille|appelle|m'inscrive|me fasse|demande|pense|arrete|commence|teste|essaie|parle|en parle)\b",
    r"\bje dois (?:absolument |vraiment )?(?:prendre|faire|appeler|aller|me faire|demander|en parler)\b",
    r"\bje (?:montrerai|partagerai|enverrai|transmettrai|ferai|prendrai|appellerai|demanderai|essaierai|testerai|commencerai|irai|en parlerai|lui montrerai|leur montrerai|m'inscrirai)\b",
    r"\bje (?:leur|lui) (?:montrerai|enverrai|ferai|partagerai|en parlerai|donnerai)\b",
    r"\bj'en parle (?:a|au|demain|des)\b", r"\bj'y vais\b", r"\bj'arrete de repousser\b",
), group=INTENT_G)  # fmt: skip
cue("intent:en_will", alt(
    alt(r"\b(?:i'll|ill|i will|i shall|we'll|we will)", r"\b(?:i'm|im|i am|we're|we are) (?:\w+ )?(?:going to|gonna|about to|planning to)",
        r"\bi (?:\w+ )?(?:need|have|want|plan|intend|must|got) to", r"\bi(?:'d| would) like to", r"\bi (?:must|should)",
        r"\bi'?m gonna", SENT + r"(?:\w+ )?(?:gonna|going to|need to|have to|planning to|about to|will|time to|off to)")
    + r" (?:finally |definitely |really |totally |now |also |def |defo |probably |first |then |go )?"
    r"(?:ask|book|get|call|try|start|share|send|show|talk|make|check|schedule|sign|stop|quit|change|tell|take|do (?:it|this|that|my|the)|"
    r"buy|visit|contact|forward|pass|switch|join|register|follow up|walk|eat|cut|give|bring|mention|request|discuss|"
    r"speak|ring|email|message|text|remind|push|encourage|convince|screen|test|see (?:a|an|my|the|your|our)|go (?:to|and|get|for|see)|"
    r"look into|read up|find (?:a|an|out)|cancel|reschedule|quit|keep|go (?:this|next|tomorrow|today|on|back|in))\b",
    r"\b(?:just|finally|already) (?:booked|scheduled|made|signed up|registered|called|rang|emailed)\b",
    r"\b(?:booked|scheduled|booking|scheduling|making) (?:my|an|a|the|in|me)\b", r"\bsigning (?:up|myself up)\b",
    r"\bsigned up\b", r"\bcalling (?:my|the|them|tomorrow)\b",
    r"(?:^|[.!?,;] |\bi'?m |\bim |\bi am |\bwill be |\bgonna be |\bdefinitely |\balready |\bjust )(?:sending|forwarding|sharing) (?:this|it|that|with)\b",
    r"\bdefinitely sharing\b", r"\bfrom tomorrow\b", r"\bstarting (?:tomorrow|today|monday|now|next)\b",
    r"\bfirst thing (?:tomorrow|monday|in the morning)\b", r"\bmade an appointment\b", r"\bappointment (?:booked|made|scheduled)\b",
    r"\bon my (?:to-?do|list)\b", r"\bnote to self\b", r"\b(?:time|off) to (?:book|get|call|make)\b",
), group=INTENT_G)  # fmt: skip
block("intent:refusal", alt(
    r"\bjamais de la vie\b", r"\bhors de question\b", r"\bpas question\b", r"\bno way\b", r"\bje refuse\b",
    r"\bi refuse\b", r"\bplutot mourir\b", r"\bover my dead body\b",
    r"\bje (?:ne )?(?:vais|compte|veux) (?:pas|jamais|plus) (?:me faire|le faire|prendre|y aller|faire ca|me vacciner|me faire vacciner)\b",
    r"\b(?:i'm|im|i am) not (?:getting|taking|doing|going to (?:get|take|do))\b", r"\bi(?:'ll| will) never\b", r"\bi won'?t (?:take|get|be)\b",
    r"\bnot (?:gonna|going to) (?:take|get|do)\b", r"\bnever (?:gonna|going to)\b",
    r"\b(?:si|if) (?:j'|je\b|jai\b|i\b|on\b)[^.!?]*\?",
), INTENT_G)  # fmt: skip

# ---------------------------------------------------------------- awareness: learned / realised something
cue("awareness:fr_je_savais_pas", alt(
    r"\b(?:je (?:ne )?(?:le )?savais pas|jsavais pas|j'savais pas|je savait pas|je ne le savais pas|je l'ignorais|j'ignorais|jignorais)"
    r"(?: du tout| meme pas| encore)?(?: (?:que|qu'|qu |comment|pourquoi|a quel point|ca|cela|l'existence|qu'il|qu'on|qu'elle|ce|cette|les|le|la|non plus))?",
    r"\bjamais entendu parler\b", r"\bpremiere fois que (?:j'entends|je vois|j'apprends|je lis)\b",
    r"\b(?:first time (?:i'?m |i am |i )?(?:hear|heard|hearing|seeing|learning)|never heard (?:of|about))\b",
    r"^(?:wait|attends?|hein|quoi)\b[,!?.]? ", r"\bje (?:n'en avais|n'avais|n'ai|en avais) jamais entendu parler\b",
    r"\bje (?:ne )?me rendais (?:pas|absolument pas) compte\b", r"\bje (?:ne )?pensais pas (?:que|qu')", r"\bje pensais (?:que|qu')",
    r"\bje croyais (?:que|qu')", r"\bmoi qui (?:pensais|croyais)\b", r"\bj'avais (?:tout )?compris (?:a l'envers|de travers)\b",
))  # fmt: skip
cue("awareness:fr_jai_appris", alt(
    r"\b(?:j'ai|jai|g) (?:appris|decouvert|compris)\b", r"\bon apprend\b", r"\bj'apprends\b", r"\bje (?:decouvre|viens d'apprendre|viens de decouvrir|comprends mieux|comprends enfin|comprends maintenant)\b",
    r"\b(?:jcomprends|j'comprends) mieux\b", r"\bmaintenant je (?:comprends|sais)\b", r"\bbon a savoir\b", r"\ba savoir\b",
    r"\b(?:ca|cela|ta video|ce post|cette video) m'(?:ouvre|a ouvert) les yeux\b", r"\bouvre les yeux\b",
    r"^ah (?:d'accord|ok|bon|oui)\b", r"\bah (?:d'accord|ok) donc\b", r"\bpas au courant\b", r"\bje ne connaissais pas\b",
    r"\bje connaissais pas\b", r"\btout s'explique\b", r"\bca explique (?:beaucoup|bien des|tout|pas mal)\b", r"\bca veut dire que\b",
    r"\bje retiens (?:que|qu')", r"\bje (?:me )?coucherai moins bete\b", r"\bj'en apprends\b",
))  # fmt: skip
cue("awareness:en_learned", alt(
    r"\b(?:i )?had no idea\b", r"\bno idea (?:that|you|how|it|this|there)\b", r"\btil\b", r"\btoday i learned\b",
    r"\b(?:never|didn'?t|did not|didnt) (?:know|knew|realis\w*|realiz\w*)(?: that| you| how| about| it| this| there| why| men| women| people| kids| the| so| what)\b",
    r"\b(?:never|didn'?t|did not|didnt) (?:realis\w*|realiz\w*)\b", r"\bi (?:always |honestly |really |actually |genuinely )?thought (?:it|that|you|diabetes|cancer|only|this)\b",
    r"\balways thought\b", r"\beye[- ]?opening\b", r"\b(?:i )?(?:learned|learnt|learning) (?:so much|a lot|something|that|about|today)\b",
    r"\bgood to know\b", r"\bmind blown\b", r"\bmakes (?:so much )?sense now\b", r"\bnow i (?:understand|get it|know|see)\b",
    r"\b(?:this|that) explains (?:a lot|so much|it|why|everything)\b", r"\bso that'?s why\b", r"\bwho knew\b",
    r"\bi stand corrected\b", r"\bnew (?:info|information) (?:to|for) me\b", r"\bwasn'?t aware\b", r"\bi see now\b",
))  # fmt: skip

# ---------------------------------------------------------------- concern: doubt, criticism, fear, complaint, misinformation
FEAR_G = "fear"
cue("concern:fear", alt(
    w(r"peur", r"flipp\w*", r"angoiss\w*", r"inquiet\w*", r"inquietude\w*", r"crain\w*", r"terrifi\w*", r"effray\w*",
      r"panique\w*", r"scared", r"afraid", r"fear\w*", r"frighten\w*", r"terrif\w*", r"worr(?:y|ied|ies|ying)",
      r"anxious", r"freak(?:ing|ed) out", r"redoute\w*", r"hesite\w*", r"hesitant\w*", r"hesitat\w*"),
    r"[😱😨😰😟😧😬😖😥😓]",
), group=FEAR_G)  # fmt: skip
block("concern:reassured", alt(
    r"\b(?:pas|plus|aucune?|sans) (?:de |d')?(?:peur|inquietude|crainte)\b", r"\b(?:n'ayez|n'aie|aie|ayez) pas peur\b",
    r"\bpas (?:d')?inquiet\w*", r"\bne (?:vous |t')?inquiet\w*", r"\bt'inquiete\b", r"\btkt\b", r"\bdon'?t (?:be )?(?:worry|scared|afraid)\b",
    r"\bno need to (?:worry|be)\b", r"\bnot (?:scared|afraid|worried)\b", r"\bnothing to (?:fear|worry)\b", r"\bno (?:fear|worries)\b",
    r"\bstop worrying\b", r"\brassur\w*", r"\breassur\w*", r"\bplus peur\b", r"\bne plus avoir peur\b",
), FEAR_G)  # fmt: skip
cue("concern:distrust_pharma", alt(
    w(r"big ?pharma", r"lobby\w*", r"propagande", r"propaganda", r"shill\w*", r"sponsoris\w*", r"sponsored", r"sponsor",
      r"placement (?:de )?produit", r"pub", r"publicite\w*", r"ads?", r"advert\w*", r"paid (?:by|for|promotion|partnership|shill)",
      r"payes? par", r"payee?s? (?:par|combien)", r"paye combien", r"for money", r"pour (?:l'argent|le fric|du fric|les sous)", r"fric",
      r"conflits? d'interets?", r"conflicts? of interest", r"credibilite", r"credibility", r"unfollow\w*", r"desabonne\w*",
      r"vendu\w* (?:au|aux|a la) (?:labos?|pharma\w*|industrie)", r"sold out to", r"pharma (?:shill|money|puppet)",
      r"(?:les|des|aux|au|du) labos? (?:qui|se|vous|te|nous)", r"pharmaceutical companies", r"industrie pharmaceutique",
      r"labos? pharmaceutiques?", r"profits?", r"business", r"\$\$+", r"actionnaires"),
    r"💰", r"\blabos?\b[^.!?]*\b(?:vend\w*|paye\w*|finance\w*|gagn\w*|profit\w*|se frotte\w*|cache\w*|ment\w*)",
    r"\b(?:qui|who) (?:paye|paie|finance|a paye|a finance|paid|pays|funds|funded|is paying)\b",
))  # fmt: skip
cue("concern:misinformation", alt(
    w(r"poison\w*", r"toxique\w*", r"arnaque\w*", r"scam\w*", r"fraud\w*", r"escroc\w*", r"charlatan\w*", r"gourou",
      r"quack\w*", r"snake oil", r"bullshit", r"foutaise\w*", r"conneries?", r"mytho\w*", r"fake news", r"fake", r"hoax",
      r"plandemi\w*", r"genocide", r"experimental\w*", r"experience (?:genetique|de masse)", r"cobayes?", r"guinea pigs?",
      r"therapie genique", r"5g", r"puces?", r"graphene", r"microchips?", r"bill gates", r"agenda", r"nwo",
      r"reveillez[- ]vous", r"wake up (?:people|sheeple|everyone)", r"sheeple", r"moutons?", r"sheep", r"dictature",
      r"pass sanitaire", r"tyranny", r"my body my choice", r"mon corps mon choix", r"no ?vax\w*", r"anti-?vax\w*",
      r"misinformation", r"desinformation", r"disinformation", r"infox", r"intox\w*", r"mensonges?", r"menteu\w*",
      r"mentir", r"mentent", r"ment", r"lies", r"lying", r"liars?", r"on nous (?:cache|ment|dit|prend)", r"they (?:don'?t tell|hide|lie)",
      r"than they tell", r"cover[- ]?up", r"covering (?:up|it up)", r"hiding", r"cache\w* (?:les|des|la|le|tout)",
      r"rushed", r"trop vite", r"a la va-vite", r"(?:pas assez de|manque de|aucun|sans) recul",
      r"no long[- ]term (?:data|studies|safety)", r"surdiagnostic\w*", r"overdiagnos\w*", r"surtraitement", r"overtreat\w*",
      r"do (?:your|some) (?:own )?research", r"renseignez[- ]vous", r"faites vos (?:propres )?recherches", r"c'est faux",
      r"c faux", r"faux espoirs?", r"false hope", r"n'importe quoi", r"nimporte quoi", r"du grand n'importe", r"nonsense",
      r"absurd\w*", r"la nature (?:qui )?soigne", r"remedes? naturels?", r"dying from", r"injured by", r"vaccine injur\w*",
      r"killing (?:people|us|kids)", r"killer", r"tuent", r"tue (?:des|plus|les|nos)", r"meurent (?:du|de|des|apres)",
      r"(?:people|gens|enfants|kids) (?:are |sont )?(?:dying|meurent)", r"media (?:stays|is|are) silent", r"silence des medias",
      r"medias? (?:se taisent|complices?)", r"nobody (?:talks|wants to report|reports)", r"personne n'en parle",
      r"ne (?:sont|sont meme) pas medecins?", r"pas (?:des |un )?medecins?", r"joue au medecin", r"playing doctor",
      r"not (?:a |even a )?doctors?", r"exercice illegal"),
    r"\b(?:stop|quit|arretez|arrete|arreter) (?:your|taking|votre|vos|ton|tes|de prendre) (?:meds|medication|treatment|traitement|medicaments?)\b",
    r"\barretez (?:votre|vos|ton|tes) traitement",
    r"\b(?:dangereu\w*|dangerous|risque|risky)\b[^.!?]*" + TREAT, TREAT + r"[^.!?]*\b(?:dangereu\w*|dangerous|risky)\b",
))  # fmt: skip
cue("concern:criticism", alt(
    w(r"honte\w*", r"honteu\w*", r"shame\w*", r"disgrac\w*", r"ridicule\w*", r"ridiculous", r"lamentable\w*",
      r"pathetique\w*", r"pathetic", r"scandale\w*", r"scandaleu\w*", r"scandal\w*", r"inadmissible\w*", r"inacceptable\w*",
      r"unacceptable", r"irresponsable\w*", r"irresponsible", r"decu\w*", r"decevant\w*", r"disappoint\w*", r"nul\w*",
      r"n'importe quoi", r"degoute\w*", r"disgusting", r"revoltant\w*", r"outrageous", r"grotesque", r"indecent\w*",
      r"mouais", r"bof", r"meh", r"pfff*", r"je (?:n'y|ny|y) crois pas", r"j'y crois pas", r"je ne (?:le )?crois pas",
      r"i don'?t (?:believe|buy|trust)", r"hard to believe", r"doubt(?:ful)?", r"je doute", r"j'en doute", r"des doutes",
      r"sceptique\w*", r"skeptic\w*", r"sceptic\w*", r"mefie\w*", r"mefiance", r"beware", r"don'?t trust",
      r"do not trust", r"can'?t trust", r"no trust", r"pas confiance", r"aucune confiance", r"plus confiance",
      r"why would (?:i|anyone|we) trust", r"how can (?:i|we|anyone) trust", r"fined", r"condamne\w*",
      r"faut le dire", r"arretez de", r"stop (?:spreading|promoting|pushing|lying)", r"shut up",
      r"(?:dangerous|dangereu\w*|irresponsible|irresponsable\w*|misleading|trompeu\w*) (?:advice|message|post|content|video|"
      r"claims?|conseils?|discours|contenu|propos|affirmations?)", r"(?:c'est|this is|that's|thats) (?:super |tres |hyper |really )?"
      r"(?:dangerous|dangereux|misleading|trompeur)"),
    r"[😡🤬😠😤🤮👎😒😑🙄🤡]",
))  # fmt: skip
cue("concern:complaint", alt(
    r"\b(?:\d+|des|plusieurs|trois|six|deux|quatre|cinq|huit|neuf|dix) (?:mois|ans|annees|semaines) (?:d'attente|pour (?:un|avoir|obtenir) (?:un )?(?:rdv|rendez-vous|diagnostic))\b",
    r"\b(?:liste|delais?|temps) d'attente\b", r"\bpas de (?:rdv|rendez-vous|place|medecin|creneau|vaccins?|doses?)\b", r"\bintrouvable\w*",
    r"\brupture\w*", r"\bpenurie\w*", r"\bshortage\w*", r"\bout of stock\b", r"\bwaiting (?:list|time)s?\b", r"\bwaited (?:\d+|months|years|weeks)\b",
    r"\bdeserts? medica\w*", r"\bpersonne (?:ne|n') ?(?:nous |m' ?|me |les |l' ?)?(?:ecoute|ecoutait|croit|croyait|a ecoute|prend au serieux)",
    r"\b(?:nobody|no one|noone) (?:listens|listened|cares|cared|believes|believed|wants|takes)\b", r"\bon n'est pas ecoute\w*",
    r"\bpas (?:ecoutee?s?|pris(?:e|es)? au serieux|entendue?s?)\b", r"\bnot taken seriously\b", r"\bdismissed\b", r"\bignored\b",
    r"\bignore(?:nt|s)? (?:you|us|patients|les patients|nos|mes|me)\b", r"\bjust (?:a )?numbers?\b", r"\bque des numeros\b",
    r"\b(?:the )?system is broken\b", r"\bbroken system\b", r"\bsysteme (?:de sante )?(?:est )?(?:a bout|casse|defaillant|a la rue)",
    r"\bc'est ca la realite\b", r"\bmal(?:traite|traitance)\w*", r"\bpas rembourse\w*", r"\bnot covered\b", r"\btoo expensive\b",
    r"\bimpossible (?:de |d')(?:prendre|avoir|obtenir|trouver|se faire)\b", r"\bmission impossible\b", r"\bfiasco\b",
    r"\bgachis\b", r"\bcatastroph\w*", r"\b(?:en|du|le|patrie du) retard\b", r"\blenteur\w*", r"\btrop lent\w*",
    r"\b(?:bordel|merde|wtf|rien a foutre|ras le bol|ras-le-bol)\b", r"(?:^|\s):-?\(",
    r"\b(?:ne|pas|plus) (?:\w+ )?rassur\w*", r"\bnot reassur\w*",
    r"\b(?:non|pas|peu|moins|not|in) ?efficace\w*|\bineffective\b|\bnot effective\b|\b(?:ne|n') ?(?:marche|fonctionne|sert) (?:pas|a rien)\b|\bdoesn'?t work\b",
    r"\b(?:sert|servent|servirait) a rien\b", r"\b(?:useless|pointless)\b",
    r"\btrop cher\w*", r"\bhors de prix\b",
))  # fmt: skip
cue("concern:refusal", alt(
    r"\bjamais de la vie\b", r"\bhors de question\b", r"\bpas question (?:que|de)\b", r"\bje refuse\b", r"\bi refuse\b",
    r"\bje (?:ne )?(?:vais|compte|veux) (?:pas|jamais|plus) (?:me faire|le faire|prendre|y aller|faire ca|me vacciner|me faire vacciner)\b",
    r"\b(?:jvais|je vais) pas me faire\b", r"\bplutot mourir\b", r"\bover my dead body\b",
    r"\b(?:i'm|im|i am) not (?:getting|taking|doing|going to (?:get|take|do))\b", r"\bi(?:'ll| will) never (?:take|get|do|trust|let)\b",
    r"\bi won'?t (?:take|get|be taking|be getting)\b", r"\bno way (?:i|i'm|am i|in hell)\b", r"\b, no way\b", r"\bnever again\b",
    r"\bplus jamais\b",
))  # fmt: skip
cue("concern:omitted_risks", alt(
    r"\b(?:pas un mot|rien|oubli\w*|jamais|aucune? (?:mention|mot)|sans parler|omet\w*|cache\w*|passe sous silence|zappe\w*|"
    r"no mention|didn'?t mention|never mention\w*|forgot|nothing about|not a word)\b[^.!?]*\b(?:risques?|risks?|dangers?|" + FX + r")",
    r"\b(?:et )?les (?:risques|effets secondaires|effets indesirables) (?:on en parle|alors|dans tout ca)\b",
    r"\b(?:side effects|risks) are worse\b", r"\bworse than (?:they|you) (?:tell|say|think)\b",
))  # fmt: skip
cue("concern:rhetorical_question", RHETORIC)
cue("concern:frustration", alt(
    r"\b(?:ca|ils|elles|vous|tu) (?:me|m') ?(?:saoule\w*|soule\w*|enerve\w*|gonfle\w*|agace\w*|fatigue\w*|fait chier)",
    r"\b(?:j'en ai|jen ai|j'en ai vraiment) marre\b", r"\bmarre (?:de|des|du)\b", r"\bras[- ]le[- ]bol\b",
    r"\b(?:i'?m|so|getting) (?:sick|tired) of\b", r"\bfed up\b", r"\bso annoying\b", r"\bagacant\w*",
))  # fmt: skip
cue("concern:no_evidence", alt(
    r"\b(?:aucune?|pas de|sans|zero|no|not a single|without) (?:\w+ )?(?:preuves?|etudes?|evidence|proof|studies|study|data|donnees)\b",
    r"\b(?:pas|non|not|un) ?prouve\w*|\bnot proven\b|\bunproven\b|\bnot backed by\b",
    r"^attention\b", r"\bfaites attention\b", r"\battention (?:aux?|a la) (?:arnaques?|faux|charlatans?|pubs?|influenceu\w*|fake)",
))  # fmt: skip
cue(
    "concern:hashtag",
    r"#(?:stopvacc\w*|novax\w*|antivax\w*|vaccinfree|pfizergate|scandale\w*|bigpharma|vaccineinjur\w*|"
    r"vaccinedamage|balancetonvaccin|effetssecondaires|sideeffects|jenemevaccinepas|nopass\w*|passdelahonte|doctorsspeakup)",
)

# ---------------------------------------------------------------- tag: mainly tags other people
MENTION = r"(?:^|[ (,])@[a-z0-9_][a-z0-9_.]{1,}"
cue("tag:mention_short", MENTION, r"^(?:[^ ]+ ){0,9}[^ ]+$")
cue("tag:mention_call", MENTION, alt(
    w(r"regarde\w*", r"r'garde", r"vois", r"t'as vu", r"tas vu", r"as-tu vu", r"look(?: at)?", r"check (?:this|it|that)",
      r"see this", r"watch this", r"you need to (?:see|watch|read)", r"cc", r"fyi", r"pour toi", r"for you", r"c'est toi",
      r"c'est nous", r"this is (?:so |literally )?(?:you|us)", r"on en parlait", r"we (?:talked|were talking)", r"remember",
      r"tu devrais", r"you should", r"ta mere", r"ton pere", r"your (?:mum|mom|dad)", r"ca te parle", r"lis ca", r"read this",
      r"haha\w*", r"mdr", r"ptdr", r"lol"),
))  # fmt: skip

# ---------------------------------------------------------------- spam: promotion, bots, selling, crypto, links
cue("spam:contact_me", alt(
    r"\b(?:dm|mp|pm|inbox|ib|message) (?:me|moi|nous|us|for|pour|now|maintenant)\b", r"\ben (?:dm|mp|prive|message prive)\b",
    r"\b(?:send|sent|drop) (?:you |us |me )?(?:a )?(?:dm|pm|message|msg)\b", r"\b(?:contact|text|message|write|ecri(?:s|vez|t|re)|contacte[rz]?) ?[- ]?(?:me|moi|nous|us|her|him|them)\b",
    r"\b(?:ecrivez|ecris|contactez|contacte)[- ]moi\b", w(r"whatsapp", r"telegram", r"wa\.me", r"snapchat", r"kik"),
    r"\bcheck (?:out )?(?:my|our) (?:page|profile|bio|dm|latest|account|reel|post|channel|story|link|inbox)\b",
    r"\b(?:lien|link|infos?|details?) (?:en|in|dans (?:ma|la)) (?:bio|description|profil|profile)\b", r"\bgo check\b",
    r"\b(?:passe|va|allez|venez|viens|passez) (?:voir|faire un tour sur) (?:mon|ma|notre) (?:compte|profil|page|bio|boutique|site|chaine)\b",
    r"\bvisit (?:my|our)\b", r"\bfollow (?:me|us|my page|our page)\b", r"\babonne[zs]?[- ]?(?:toi|vous)\b", r"\bsuivez[- ](?:moi|nous)\b",
    r"\bfollow (?:for|back)\b", r"\bf4f\b", r"\bl4l\b", r"\bclique(?:z)? (?:ici|sur le lien)\b", r"\bclick (?:here|the link|my)\b",
    r"\b0[67](?: ?\d\d){4}\b", r"\+\d{2,3} ?\d{3}",
))  # fmt: skip
cue("spam:selling", alt(
    w(r"giveaway", r"gagne[rz]? (?:un|une|des)", r"en cliquant (?:ici|sur)", r"cliquez", r"\d+k? (?:followers|abonnes|likes)",
      r"dot com", r"win (?:a|an|free)", r"free followers", r"followers gratuits",
      r"gratuit\w* sur mon", r"promo", r"code promo", r"promo code", r"discount code", r"livraison gratuite",
      r"free shipping", r"fast shipping", r"boutique", r"shop now", r"order now", r"commandez", r"buy now", r"en stock",
      r"crypto\w*", r"bitcoin\w*", r"btc", r"ethereum", r"forex", r"trading", r"trader", r"signals", r"nft\w*",
      r"earn \$?\d+", r"gagne[rz]? (?:de l'argent|\d+)", r"financierement libre", r"libre financierement",
      r"from home", r"depuis chez (?:toi|vous|moi)", r"sugar daddy", r"rencontres?", r"cure miracle", r"miracle cure",
      r"guerison garantie", r"garanti\w* (?:en|a) \d+", r"perdez \d+", r"lose \d+ ?(?:lbs|kg|pounds)", r"one weird trick",
      r"ambassad\w*", r"collabs?", r"partenariat", r"partnership", r"collaborate", r"promote your", r"(?:1|one)m followers",
      r"cbd", r"the detox", r"the minceur", r"detox tea", r"weight loss tea", r"coach bien-etre", r"deviens coach",
      r"mes produits", r"nos produits", r"our products?", r"notre (?:marque|boutique|the|produit|site|page|application|appli|formation)",
      r"our (?:brand|shop|store|page|product|telegram|app|course|website)", r"investi(?:ssez|r|s)? dans (?:le |la |les )?(?:bitcoin|crypto|forex|immobilier|trading)",
      r"invest\w*", r"profit\w* (?:daily|weekly|guaranteed)", r"\d+ ?(?:€|\$|k|euros?|dollars?) ?(?:par|a|per|/|an?) ?(?:jour|mois|semaine|day|week|month)",
      r"\d+k (?:last|this|a|per) (?:week|month)"),
    r"(?:^|[ (])-\d+ ?%", r"\b\d+ ?% (?:off|de reduction|de remise|accuracy)", r"\bcode [a-z]+\d+\b",
    r"\b(?:buy|acheter|vente|vend\w*|sell\w*|achat)\b[^.!?]*\b(?:without (?:a )?prescription|sans ordonnance|pas cher\w*|cheap)",
    r"\bvente (?:de|d')", r"\bpas cher\w*\b", r"\b(?:cheap|affordable) (?:price|pills)\b",
))  # fmt: skip
LINK_G = "link"
cue(
    "spam:link",
    alt(
        r"https?://",
        r"\bw\.[a-z0-9-]+\.[a-z]",
        r"\b[a-z0-9-]+\.(?:com|net|shop|store|biz|xyz|io|club|online|site)\b",
        r"\bbit\.ly\b",
        r"\btinyurl\b",
        r"\blinktr\.ee\b",
    ),
    group=LINK_G,
)
block("spam:platform_or_health_link", alt(
    r"https?://t\.co/", r"\b(?:ameli|has-sante|santepubliquefrance|sante\.gouv|gouv|who\.int|inserm|ansm|vidal|nhs|cdc|"
    r"nih|cancer|e-cancer|ligue-cancer|pasteur|doctolib|mesvaccins|vaccination-info-service)\.", r"\byoutu\.?be\b",
), LINK_G)  # fmt: skip

# ---------------------------------------------------------------- adverse event: a possible side effect experienced by someone
AE_FX, AE_STRONG, AE_SYMPT, AE_NEAR, AE_NEAR_T = "fx", "strong", "symptom", "near", "near_timed"
_TIME_AFTER = alt(
    r"\b(?:apres|after|suite a|following|post)\b (?:avoir (?:\w+ ){0,3}|(?:taking|starting|getting|having|receiving|using|"
    r"switching to|going on|prendre|avoir pris|recevoir|commencer) (?:\w+ ){0,2}|(?:le|la|les|l'|ma|mon|mes|sa|son|ses|ce|cette|chaque|"
    r"my|the|his|her|their|each|every|this|that|your|a|an|our)\s?(?:\w+ ){0,3})?" + TREAT,
    r"\b(?:depuis|since|ever since)\b (?:(?:le|la|les|l'|ma|mon|mes|sa|son|ses|ce|cette|my|the|his|her|their|this|that)\s?(?:\w+ ){0,3})" + TREAT,
    r"\b(?:depuis que|since|ever since)\b[^.!?]{0,20}\b(?:je prends|jprends|j'prends|je prend|je suis sous|jsuis sous|chui sous|"
    r"(?:je |j|j')?suis passee? (?:au|a la|a l'|sous)|chuis? passee? (?:au|a la|a l'|sous)|j'ai commence|jai commence|i started|started|starting|taking|i take|i've been taking|"
    r"switching|switched|going on|went on|i'm on|being on|je le prends|je la prends|elle prend|il prend|elle est sous|il est sous)\b",
)  # fmt: skip
_LATER = alt(
    r"\b(?:\d+|un|une|deux|trois|quatre|cinq|six|sept|dix|quelques|a|an|one|two|three|four|five|six|seven|ten|few|couple of)"
    r" (?:h|heures?|jours?|semaines?|mois|hours?|days?|weeks?|months?) (?:apres|after|later|plus tard)\b",
    r"\b(?:le lendemain|the next day|the day after|next morning|le soir meme|the same day|that night|overnight|dans la nuit|la nuit suivante)\b",
    r"\b(?:la semaine|le jour|le mois|la nuit) (?:d'apres|suivante?)\b", r"\bthe (?:week|day|night|month) after\b",
    r"\bthe following (?:day|week|night|month)\b",
)  # fmt: skip
# serious or psychiatric events: only counted when they follow or are caused by an exposure (not co-occurrence:
# "je suis sous antidepresseurs pour ma depression" is not an adverse event)
SYMPT_SERIOUS = w(
    r"avc", r"stroke", r"infarctus", r"heart attack", r"crise cardiaque", r"guillain[- ]barre", r"narcolep\w*",
    r"depressi\w*", r"deprime\w*", r"suicid\w*", r"anxiet\w*", r"anxieu\w*", r"angoisses", r"crises? d'angoisse",
    r"panic attacks?", r"mood swings", r"anxious", r"depressed", r"suicidal", r"sautes d'humeur", r"irritable", r"agressi\w*", r"hallucinations?",
    r"confusion", r"perte de (?:gout|l'odorat|memoire)", r"can'?t taste", r"(?:lost|loss of) (?:my |her |his )?(?:sense of )?(?:taste|smell)", r"plus (?:de|d'|aucun) ?(?:gout|odorat)", r"coma",
    r"deces", r"decede\w*", r"mort", r"morte", r"died", r"death", r"passed away",
)  # fmt: skip
# catching the disease a vaccine targets is only an event when it follows the shot ("got shingles a week after")
_CAUGHT = alt(
    SYMPT,
    SYMPT_SERIOUS,
    r"\b(?:got|had|developed|caught|attrape|eu|fait|developpe|chope|choppe) (?:le |la |un |une |a |the )?"
    r"(?:zona|shingles|covid|grippe|flu|varicelle|chickenpox|pneumonie|pneumonia)\b",
)
# (a cheap pattern first where a cue's main pattern is heavy: later patterns only run where it matched)
# (two cues, one per order: one regex with both orders is far slower in RE2)
cue(
    "ae:after_treatment_then_symptom",
    _TIME_AFTER,
    _TIME_AFTER + r".*" + _CAUGHT,
    EXP,
    group=AE_STRONG,
    gate=_CAUGHT,
)
cue(
    "ae:after_treatment_symptom",
    _TIME_AFTER,
    _CAUGHT + r".*" + _TIME_AFTER,
    EXP,
    group=AE_STRONG,
    gate=_CAUGHT,
)
cue(
    "ae:symptom_days_later",
    _LATER,
    alt(_CAUGHT + r"[^.!?]*" + _LATER, _LATER + r"[^.!?]*" + _CAUGHT),
    EXP,
    group=AE_STRONG,
    gate=_CAUGHT,
)
_CAUSAL_VERB = (
    r"\b(?:donne\w*|provoque\w*|cause\w*|declenche\w*|file\w*|fait|font|fais|faisait|rendu\w*|rend|colle\w*|flingue\w*|"
    r"gave|gives|give|giving|made|makes|make|making|caused|causes|causing|left|leaves|triggered|triggers|knock(?:ed|s)?)\b"
)
cue("ae:treatment_caused_symptom", _CAUSAL_VERB, alt(
    r"\b(?:m'a|m'ont|m'avait|m'avaient|me|lui a|lui ont|lui|leur a|leur|t'a|nous a|ca m'a|ca me|ca lui a)\s?"
    r"(?:donne\w*|provoque\w*|cause\w*|declenche\w*|file\w*|fait|font|fais|faisait|rendu\w*|rend|colle\w*|flingue\w*)\b[^.!?,]{0,50}" + _CAUGHT,
    r"\b(?:gave|gives|give|giving|made|makes|make|making|caused|causes|causing|left|leaves|triggered|triggers)\b "
    r"(?:me|him|her|them|us|my \w+|her \w+|his \w+|a|an|the|some|such)?\s?(?:\w+ ){0,3}" + _CAUGHT,
    r"\bknock(?:ed|s)? (?:me|him|her|them) (?:out|flat|down|sideways)\b",
), TREAT, group=AE_STRONG, gate=_CAUGHT)  # fmt: skip
cue("ae:intolerance", alt(
    r"\b(?:je (?:ne )?(?:supporte|tolere) (?:pas|plus|mal)|jsupporte pas|supporte pas|pas supporte|mal supporte|pas tolere|"
    r"mal tolere|intolerance|intolerante?|couldn'?t tolerate|can'?t tolerate|could not tolerate|cannot tolerate|"
    r"didn'?t tolerate|unable to tolerate|not tolerat\w*|react(?:ed)? badly|reagi (?:tres )?mal)\b",
), TREAT, group=AE_STRONG)  # fmt: skip
cue("ae:stopped_because_symptom", alt(
    r"\b(?:j'ai|jai|g|il a|elle a|a|on a) (?:du|dû|d[uû] )?\s?(?:arreter|stopper|suspendre|changer|interrompre|diminuer|baisser)\b",
    r"\b(?:had to|have to|needed to) (?:stop|switch|come off|quit|discontinue|change|lower|reduce)\b",
), TREAT, SYMPT, group=AE_STRONG, gate=SYMPT)  # fmt: skip
_CONTRAST = (
    r"\b(?:mais|but|par contre|sauf|except|juste|just|only|seulement|a part|apart from|other than|hormis|simplement|"
    r"though|however|en revanche)\b"
)
cue("ae:no_fx_but_symptom", _CONTRAST, alt(
    r"(?:\b(?:pas|aucune?|zero|sans|no|not|never|rien|nothing|didn'?t have any)\b (?:\w+ ){0,2}(?:d'|de )?(?:" + FX + r"|soucis?|problemes?|problems?|issues?|symptomes?|symptoms?|" + SYMPT + r")"
    r"|\b(?:was|felt|etais|allais|me sentais|sentais) (?:\w+ )?(?:fine|ok|okay|good|bien)\b).*"
    r"\b(?:mais|but|par contre|sauf|except|juste|just|only|seulement|a part|apart from|other than|hormis|simplement|though|however|en revanche)\b.*" + SYMPT,
), EXP, gate=SYMPT)  # fmt: skip
cue("ae:quite_some_symptom", r"\bpas mal (?:de |d')" + SYMPT, EXP, TREAT, gate=SYMPT)
cue(
    "ae:injection_site_reaction",
    r"\b(?:(?:injection|pump|infusion|insertion|sensor|patch|implant) site|site d'(?:injection|insertion)|point d'(?:injection|insertion)|"
    r"(?:a l'|l')endroit de (?:la|l') ?(?:piqure|injection))\b",
    alt(SYMPT, FX),
    group=AE_STRONG,
    gate=SYMPT,
)
# an arm that hurts, swells or goes numb is the shot's site: no need to name the vaccine
cue(
    "ae:arm_after_shot",
    r"\b(?:bras (?:\w+ )?(?:douloureux|gonfle|rouge|lourd|engourdi|en compote|en bois|mort|paralyse)|(?:mal|douleurs?) (?:au|a mon|dans le) bras|"
    r"(?:sore|swollen|painful|numb|dead|red|itchy|heavy) (?:upper )?arm|arm (?:\w+ )?(?:sore|swollen|hurts?|hurting|ached|aching|numb|red|itchy))\b",
    EXP,
    group=AE_SYMPT,
)
# "jamais ete aussi fatiguee" is emphatic, not a negation
cue(
    "ae:emphatic_symptom",
    r"\b(?:jamais (?:ete|eu|ressenti) (?:aussi|autant|si|tellement)|never (?:felt|been|had) (?:so|this|such))\b[^.!?]*"
    + SYMPT,
    TREAT,
    EXP,
    gate=SYMPT,
)
cue("ae:symptom_with_treatment", SYMPT, TREAT, EXP, group=AE_SYMPT)
_FX_INTENSE = (
    r"(?:terribles?|horribles?|atroces|violents?|enormes?|importants?|graves?|costauds?|de (?:ouf|malade|fou|dingue)|"
    r"insupportables?|lourds?|penibles?|difficiles?|durs?|intenses?|severes?|terrible|horrible|awful|severe|brutal|"
    r"nasty|rough|intense|debilitating)"
)
# telegraphic reports name no person: "Ozempic = nausees non stop", "vertiges depuis le vaccin", "rash after the shot".
# A symptom and an exposure in the same sentence, a few words apart, in either order (generic statements blocked below).
_NEAR_SYMPT = alt(SYMPT, FX + r" " + _FX_INTENSE)
cue(
    "ae:symptom_near_treatment",
    _NEAR_SYMPT,
    TREAT,
    alt(_NEAR_SYMPT + r"[^.!?]{0,60}" + TREAT, TREAT + r"[^.!?]{0,60}" + _NEAR_SYMPT),
    group=AE_NEAR,
    gate=_NEAR_SYMPT,
)
# ... and when it says when or how long, even as a question ("vertiges depuis le vaccin, normal ?")
_PERSIST = (
    r"\b(?:non ?stop|sans arret|tous les (?:jours|matins|soirs)|toutes les nuits|every (?:day|night|morning)|all the time|"
    r"tout le temps|constant\w*|h24|24/7|partout|all over|(?:depuis|pendant|pdt|for|since) (?:\d+|des|deux|trois|quelques|"
    r"plusieurs|several|a few|weeks|days|months))\b"
)
cue(
    "ae:symptom_near_treatment_timed",
    _NEAR_SYMPT,
    TREAT,
    alt(_TIME_AFTER, _LATER, _PERSIST),
    alt(_NEAR_SYMPT + r"[^.!?]{0,60}" + TREAT, TREAT + r"[^.!?]{0,60}" + _NEAR_SYMPT),
    group=AE_NEAR_T,
    gate=_NEAR_SYMPT,
)
# serious or psychiatric events attributed to an exposure ("hallucinations avec le tramadol", "depressed on the pill")
cue(
    "ae:serious_with_treatment",
    SYMPT_SERIOUS,
    SYMPT_SERIOUS
    + r" (?:\w+ ){0,2}(?:avec|with|on|sous|from|du a|due to|a cause d\w*|because of) (?:\w+ ){0,2}"
    + TREAT,
    EXP,
    group=AE_STRONG,
    gate=SYMPT_SERIOUS,
)
_FX_QTY = (
    r"(?:des |de |d'|quelques |plein d'|pas mal d'|beaucoup d'|bcp d'|enormement d'|tellement d'|some |a few |bad |"
    r"terrible |horrible |awful |severe |serious |mild |nasty |so many |a lot of |lots of |major |heavy |weird |strange |"
    r"crazy |gros |grosses |petits |petites |legers |legeres |sacres |violents |une |un |a |an )?(?:\w+ ){0,2}"
)
cue("ae:had_side_effects", alt(
    r"\b(?:j'ai|jai|j ai|g|il a|elle a|on a|ils ont|elles ont|i|i've|ive|he|she|they|we|(?:mon|ma|my) \w+ (?:a|has|had))\s?"
    r"(?:eu |fait |ressenti |subi |des |de |had |have |got |get |experienced |suffered |developed |'ve had |'m having |am having |"
    r"been having |having |has |gets )" + _FX_QTY + FX,
    r"(?:^|[.!?] )(?:had|got|having|been having|experienced|suffered|developed|eu|fait|ressenti|subi) " + _FX_QTY + FX,
    FX + r" " + _FX_INTENSE,
    FX + r"[^.!?]*\b(?:pour moi|chez moi|pour (?:lui|elle)|for me|on me|with me)\b",
), EXP, group=AE_FX, gate=FX)  # fmt: skip

_NEG_SYMPT = NEG + r"(?: \w+){0,3} (?:de |d'|any |a |the )?" + SYMPT
for _g in (AE_STRONG, AE_SYMPT, AE_NEAR):
    block(
        f"ae:negated_symptom_{_g}",
        alt(
            _NEG_SYMPT,
            r"\bmeme pas mal\b",
            r"\b(?:i was|i felt|i'm|i am|je vais|j'allais|je me sentais|j'etais) (?:totally |completely |"
            r"perfectly |absolutely |tout a fait |tres )?(?:fine|ok|okay|bien)(?:[.,!]|$)",
            r"\bpas eu mal\b",
            r"\brien senti\b",
            r"\bdidn'?t (?:even )?(?:feel|hurt)\b",
        ),
        _g,
    )
    block(f"ae:hypothesis_{_g}", HYPOTHESIS, _g)
    block(f"ae:hearsay_{_g}", HEARSAY, _g)
_SYMPT_GONE = alt(
    r"\bplus rien\b", r"\b(?:je|il|elle|on) revi[st]\b", r"\bplus (?:aucune?|de|d') ?(?:\w+ )?" + SYMPT, r"\bno more " + SYMPT,
    SYMPT + r" (?:\w+ ){0,3}(?:ont disparu|a disparu|disparu|gone|went away|disappeared|stopped|parties?|passees?)\b",
)  # fmt: skip
block("ae:symptom_gone_strong", _SYMPT_GONE, AE_STRONG)
block("ae:symptom_gone", _SYMPT_GONE, AE_SYMPT)
block("ae:symptom_gone_near", _SYMPT_GONE, AE_NEAR)
block("ae:fear", FEAR, AE_SYMPT)
block("ae:fear_near", FEAR, AE_NEAR)
block("ae:general_question", GENERAL_Q, AE_SYMPT)
block("ae:general_question_near", GENERAL_Q, AE_NEAR)
# a symptom next to a treatment may be what it treats; without a person, a statement about it in general
_INDICATION = (
    r"\b(?:pour|contre|for|against|to treat|pour (?:soigner|traiter|calmer|soulager)|treats?|treating|traite|soigne)\b "
    r"(?:(?:mes|ma|mon|les|la|le|l'|ses|sa|son|des|du|my|his|her|the|your|vos|votre|tes|ton|ta)\s?)?" + SYMPT
)
block("ae:indication", _INDICATION, AE_SYMPT)
block("ae:indication_near", alt(
    _INDICATION,
    r"\b(?:is it|is that|is this|est-ce|est ce|c'est) (?:normal|common|usual|frequent|courant|frequent) (?:to|d'|de)\b",
    r"(?:^|[ ,])(?:est|sont|is|are|reste|remains?|etait|was)\b (?:(?:tres|assez|plutot|quite|very|pretty|fairly|totally|"
    r"completely|tout a fait|un effet|des effets|a|an|une|un|the|le|la) )?(?:une? )?(?:normale?s?|frequente?s?|courante?s?|rares?|"
    r"common|normal|rare|frequent|expected|connue?s?|known|possibles?|classiques?|attendue?s?)\b",
    r"\b(?:normal|common|known|expected|usual|typical|frequent) (?:immune )?(?:response|reaction|side effect)s?\b",
    r"\b(?:reponse|reaction) (?:immunitaire )?(?:normale|attendue|classique)\b",
    r"\b(?:usually|generally|typically|en general|d'habitude|normalement|generalement|en moyenne|on average)\b",
), AE_NEAR)  # fmt: skip
_IMPROVEMENT = alt(
    r"\bplus de (?:douleurs?|crises?|symptomes?)\b", r"\b(?:n'ai|n'a|nai|na) plus\b", r"\bdisparu\w*", r"\bsoulag\w*",
    r"\b(?:va|vais|allait|vont) (?:beaucoup |bien )?mieux\b", r"\b(?:beaucoup|bien|tellement) mieux\b", r"\bgone\b",
    r"\bno more\b", r"\bpain[- ]free\b", r"\brelie(?:f|ved)\b", r"\bdisappeared\b", r"\bwent away\b", r"\bimproved\b",
    r"\bmuch better\b", r"\bfeel(?:ing)? better\b", r"\bchanged (?:my|her|his|our) li(?:fe|ves)\b",
    r"\bchange (?:la|ma|sa|notre) vie\b", r"\b(?:m'a|lui a|nous a) (?:sauve|aide|rendu)\b", r"\bsaved\b", r"\bhelped (?:me|my|her|him)\b",
    r"\befficace\w*", r"\beffective\b", r"\bworks (?:great|well)\b", r"\b(?:marche|fonctionne) (?:bien|super|tres bien)\b",
    r"\bprevient\b", r"\bprevents?\b", r"\bprotege\w*", r"\bprotects?\b",
    r"\b(?:je|il|elle|on) revi[st]\b", r"\bhelps?\b", r"\bfeel(?:s|ing)? (?:great|amazing|fine|so much better)\b",
    r"\bstopped (?:the|my|her|his) ", r"\b(?:a|ont|m'a|lui a) (?:arrete|calme|stoppe|enleve|supprime) (?:\w+ )?(?:les|la|le|mes|ma|mon|l')",
)  # fmt: skip
block("ae:improvement", _IMPROVEMENT, AE_SYMPT)
block("ae:improvement_near", _IMPROVEMENT, AE_NEAR)
block(
    "ae:figurative",
    alt(
        r"\bsick (?:of|and tired)\b",
        r"\btired of\b",
        r"\bmalade de rire\b",
        r"\bmort de rire\b",
        r"\bmarre\b",
        r"\bj'en ai mal au coeur\b",
    ),
    AE_SYMPT,
)
block("ae:no_side_effects_near", alt(
    r"\b(?:pas|aucune?|zero|sans|no|not|never|none|jamais|rien|didn'?t have any|haven'?t had any|n'ai eu aucune?|"
    r"n'ai pas eu)\b(?: \w+){0,2} (?:d'|de |any |a |the )?" + alt(FX, r"effets?", r"soucis?", r"problemes?", r"problems?", r"issues?"),
    r"\b(?:pas|aucune?|zero|sans|no)\s?(?:d')?" + alt(FX, r"effets?"),
    r"\b(?:rien a signaler|nothing to report|tout s'est bien passe|all went well|went fine)\b",
), AE_NEAR)  # fmt: skip
block(
    "ae:figurative_near", r"\b(?:sick (?:of|and tired)|tired of|malade de rire|mort de rire|marre)\b", AE_NEAR
)
BLOCKERS.extend(
    Blocker(b.name + "_timed", b.pattern, b.label, AE_NEAR_T) for b in list(BLOCKERS) if b.group == AE_NEAR
)
# a bare "symptom + treatment ?" ("la pilule fait grossir ?", "metformine et diarrhee ?") asks; it does not report
block("ae:question_near", r"\?", AE_NEAR)
block("ae:no_side_effects", alt(
    r"\b(?:pas|aucune?|zero|sans|no|not|never|none|ni|jamais|rien|peu|little|few|minimal|didn'?t have any|haven'?t had any|"
    r"didn'?t get any|n'ai eu aucune?|n'ai pas eu|na pas eu|n'a pas eu)\b(?: \w+){0,2} (?:d'|de |any |a |the )?" + alt(FX, r"effets?"),
    r"\b(?:pas|aucune?|zero|sans|no)\s?(?:d')?" + alt(FX, r"effets?"),
), AE_FX)  # fmt: skip
block("ae:hypothesis_fx", alt(HYPOTHESIS, FEAR, GENERAL_Q), AE_FX)
block("ae:hearsay_fx", HEARSAY, AE_FX)


def cues_for(label: str) -> list[Cue]:
    return [c for c in CUES if c.label == label]


def blockers_for(label: str, group: str) -> list[Blocker]:
    return [b for b in BLOCKERS if b.label == label and b.group == group]


def groups_for(label: str) -> list[str]:
    out: list[str] = []
    for c in cues_for(label):
        if c.group is not None and c.group not in out:
            out.append(c.group)
    return out
