"""Deterministic sample data: realistic raw platform exports for five French health campaigns.

Why: readers, the warehouse and the dashboard must be exercised on files shaped
exactly like the ones people download (BOMs, UTF-16, year-less dates, Excel
preambles, leading spaces on YouTube ids...), with *known* true effects so the
analyses can be checked against the truth. Everything is derived from one seed
through independent named random streams, and every date is fixed, so the same
seed gives byte-identical files (the committed `sample_data/` is tested against
a fresh run).

Public API: `generate(out_dir, seed) -> manifest` and `register_subcommands`
(CLI `relais sample [--out sample_data] [--seed 7]`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import math
import random
import re
import shutil
import string
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from domain import default_tiers

GENERATOR_VERSION = "1"
DEFAULT_SEED = 7
DEFAULT_OUT = Path("sample_data")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
MON = tuple(m[:3] for m in MONTHS)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# --------------------------------------------------------------------------------------
# True simulated effects (documented in the manifest and README). Engagement counts are
# negative-binomial around  reach-like denominator x base x format x profile x tier x influencer.
# --------------------------------------------------------------------------------------
BASE_RATE = {  # engagements per unit of the platform's denominator
    "instagram": 0.050,  # per reach; likes+comments+shares+saves
    "tiktok": 0.055,  # per view; likes+comments+shares (+favorites in the business export)
    "facebook": 0.035,  # per reach; reactions+comments+shares
    "linkedin": 0.030,  # per impression; likes+comments+reposts
    "youtube": 0.0,  # YouTube exports here carry no interactions (comments file only)
    "x": 0.020,  # per impression; likes+retweets+replies (legacy 'engagements' adds clicks)
}
DENOMINATOR = {"instagram": "reach", "tiktok": "views", "facebook": "reach", "linkedin": "impressions",
               "youtube": "views", "x": "impressions"}  # fmt: skip
FORMAT_RR = {
    "ig_image": 1.0, "ig_carousel": 1.3, "ig_reel": 1.6, "ig_story": None,
    "tiktok_video": 1.0,
    "fb_photo": 1.0, "fb_reel": 1.6, "fb_video": 1.2, "fb_link": 0.6, "fb_text": 0.8,
    "li_post": 1.0, "li_image": 1.2, "li_video": 1.1, "li_document": 1.5,
    "yt_video": None, "yt_short": None,
    "x_post": 1.0, "x_image": 1.2, "x_video": 1.3,
}  # fmt: skip
PROFILE_RR = {"generalist": 1.0, "health_professional": 1.3, "patient_expert": 1.5, "caregiver": 1.25,
              "institution": 0.7}  # fmt: skip
TIER_RR = {"nano": 1.35, "micro": 1.0, "mid": 0.8, "macro": 0.65, "mega": 0.5}
INFLUENCER_SIGMA = 0.25  # sd of the influencer random effect on the log scale
NB_DISPERSION = 10.0  # gamma-Poisson shape: variance = mu + mu^2 / k
SAVES_SHARE = {
    "ig_image": 0.05,
    "ig_reel": 0.08,
    "ig_carousel": 0.20,
}  # share of IG engagements that are saves

TIERS = default_tiers()  # the product's thresholds (domain), so the sample's tiers are the warehouse's


def tier_of(followers: int) -> str:
    t = "nano"
    for name, lo in TIERS:
        if followers >= lo:
            t = name
    return t


# --------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Campaign:
    campaign_id: str
    name: str
    client: str
    client_handle: str
    therapeutic_area: str
    start: dt.date
    end: dt.date
    hashtags: tuple[str, ...]
    products: tuple[str, ...]  # names commenters may mention (brands and molecules)


CAMPAIGNS = (
    Campaign("SPA26", "Vivre avec une spondyloarthrite axiale — communauté patients", "Association Spondyl'Avenir",
             "@spondylavenir", "rhumatologie", dt.date(2026, 3, 2), dt.date(2026, 5, 31),
             ("#Spondylarthrite", "#SpA"), ("Spondylix", "adalimumab", "ibuprofène")),
    Campaign("DT2-26", "Prévenir le diabète de type 2", "Mutuelle Prévia Santé", "@mutuelle.previa",
             "diabétologie", dt.date(2026, 6, 1), dt.date(2026, 7, 12),
             ("#DiabeteType2", "#PrevenirLeDiabete"), ("Glucovia", "metformine", "GlucoSense")),
    Campaign("OR26", "Octobre Rose 2026 — dépistage du cancer du sein", "Laboratoires Hélora",
             "@laboratoires.helora", "oncologie (sein)", dt.date(2026, 9, 21), dt.date(2026, 10, 31),
             ("#OctobreRose", "#DepistageCancerSein"), ("Hélotam", "tamoxifène")),
    Campaign("DEN26", "Semaine de la dénutrition 2026 — repérer et agir (professionnels de santé)",
             "Fédération des Hôpitaux Solidaires", "Fédération des Hôpitaux Solidaires",
             "nutrition clinique", dt.date(2026, 11, 2), dt.date(2026, 11, 30),
             ("#Denutrition", "#SemaineDenutrition"), ("NutriPlus Protéines",)),
    # an earlier campaign of the same agency, so that "your own history" has something to stand on: OR26's
    # Instagram health professionals (nano, micro) have three earlier campaigns in their cell with it
    Campaign("MB26", "Mars Bleu 2026 — dépistage du cancer colorectal", "Mutuelle Prévia Santé",
             "@mutuelle.previa", "gastro-entérologie (côlon)", dt.date(2026, 2, 2), dt.date(2026, 3, 1),
             ("#MarsBleu", "#DepistageColorectal"), ()),
)  # fmt: skip
CAMPAIGN_BY_ID = {c.campaign_id: c for c in CAMPAIGNS}

PRODUCTS = (
    {"name": "Hélotam", "aliases": ["helotam"], "molecule": "tamoxifène", "kind": "medicine",
     "prescription_only": True, "reimbursed": True, "device_class": None, "client": "Laboratoires Hélora"},
    {"name": "Spondylix", "aliases": ["spondylix"], "molecule": "adalimumab", "kind": "medicine",
     "prescription_only": True, "reimbursed": True, "device_class": None, "client": "Laboratoires Hélora"},
    {"name": "Glucovia", "aliases": ["glucovia LP"], "molecule": "metformine", "kind": "medicine",
     "prescription_only": True, "reimbursed": True, "device_class": None, "client": None},
    {"name": "GlucoSense", "aliases": ["capteur GlucoSense"], "molecule": None, "kind": "device",
     "prescription_only": False, "reimbursed": True, "device_class": "IIb", "client": None},
    {"name": "NutriPlus Protéines", "aliases": ["NutriPlus"], "molecule": None, "kind": "supplement",
     "prescription_only": False, "reimbursed": True, "device_class": None, "client": None},
)  # fmt: skip


@dataclass
class Account:
    platform: str
    handle: str  # without @, as the platform writes it
    display_name: str
    profile_type: str
    specialty: str
    followers: int
    campaigns: tuple[str, ...]
    hcp_ref: bool = True  # HCPs only: has a signed agreement (False = compliance finding)
    unpaid: bool = False
    n_posts: int = 0
    owned: bool = False  # the client's own page: roster profile_type brand_page (simulated as an institution)
    # filled by the simulation
    effect: float = 1.0
    fees: dict[str, int] = field(default_factory=dict)
    account_id: str = ""
    ref_date: dt.date = dt.date(2026, 12, 31)
    start_date: dt.date = dt.date(2026, 1, 5)

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.handle.lower()}"

    @property
    def tier(self) -> str:
        return tier_of(self.followers)


HP = "health_professional"
ACCOUNTS = (
    # --- Instagram (16)
    Account("instagram", "infirmiere.claire", "Claire | Infirmière libérale 💉", HP, "infirmière", 8_400, ("DT2-26", "OR26"), n_posts=30),
    Account("instagram", "dr.mehdi.generaliste", "Dr Mehdi Benali", HP, "médecin généraliste", 48_200, ("DT2-26", "OR26"), n_posts=30),
    Account("instagram", "pharmacienne.ines", "Inès • Pharmacienne", HP, "pharmacien", 182_000, ("DT2-26",), n_posts=26),
    Account("instagram", "vivre_avec_une_spa", "Julie — Vivre avec une SpA", "patient_expert", "", 12_300, ("SPA26",), n_posts=30),
    Account("instagram", "la.spa.et.moi", "Thomas R.", "patient_expert", "", 4_200, ("SPA26",), n_posts=24),
    Account("instagram", "dieteticienne.sarah", "Sarah Cohen Diététicienne", HP, "diététicienne", 27_500, ("DT2-26",), n_posts=26),
    Account("instagram", "kine.antoine", "Antoine Lefèvre — Kiné", HP, "kinésithérapeute", 9_100, ("SPA26",), n_posts=24),
    Account("instagram", "dr.gyneco.camille", "Dr Camille Roussel", HP, "gynécologue", 66_000, ("OR26",), hcp_ref=False, n_posts=24),
    Account("instagram", "rose.et.combative", "Nadia 🎀 rose & combative", "patient_expert", "", 21_000, ("OR26",), n_posts=28),
    Account("instagram", "aidante.au.quotidien", "Sophie | aidante", "caregiver", "", 6_700, ("DT2-26", "OR26"), n_posts=24),
    Account("instagram", "maman.zen.lyon", "Élodie • Maman zen à Lyon", "generalist", "", 640_000, ("OR26",), n_posts=26),
    Account("instagram", "centre.depistage.idf", "Centre de dépistage Île-de-France", "institution", "", 3_900, ("OR26",), unpaid=True, n_posts=20),
    Account("instagram", "sport.sante.karim", "Karim | Sport Santé", "generalist", "", 38_000, ("DT2-26",), n_posts=24),
    Account("instagram", "rhumato.dr.leroy", "Dr Paul Leroy — Rhumatologue", HP, "rhumatologue", 15_800, ("SPA26",), hcp_ref=False, n_posts=22),
    Account("instagram", "moi.aidante.de.lucas", "Aidante de Lucas", "caregiver", "", 2_100, ("SPA26",), unpaid=True, n_posts=18),
    Account("instagram", "lea.cuisine.healthy", "Léa | cuisine healthy", "generalist", "", 92_000, ("DT2-26",), n_posts=24),
    # --- TikTok (9)
    Account("tiktok", "infirmier.jules", "Jules infirmier", HP, "infirmière", 720_000, ("DT2-26", "OR26"), n_posts=26),
    Account("tiktok", "lea.vibes", "Léa ✨", "generalist", "", 1_840_000, ("OR26",), n_posts=22),
    Account("tiktok", "doc.anais.sante", "Dr Anaïs | santé", HP, "médecin généraliste", 260_000, ("DT2-26",), n_posts=22),
    Account("tiktok", "spa.warrior.manon", "Manon | SpA warrior", "patient_expert", "", 35_000, ("SPA26",), n_posts=22),
    Account("tiktok", "diabete.et.moi", "Diabète et moi", "patient_expert", "", 8_800, ("DT2-26",), n_posts=18),
    Account("tiktok", "pharma.lucas", "Lucas pharmacien", HP, "pharmacien", 54_000, ("DT2-26", "OR26"), hcp_ref=False, n_posts=22),
    Account("tiktok", "aidante.mamie.jo", "Mamie Jo & moi", "caregiver", "", 19_500, ("DT2-26",), n_posts=18),
    Account("tiktok", "ma.vie.de.kine", "Ma vie de kiné", HP, "kinésithérapeute", 5_600, ("SPA26",), n_posts=16),
    Account("tiktok", "maison.sante.rennes", "Maison de santé Rennes Sud", "institution", "", 3_400, ("DT2-26",), unpaid=True, n_posts=14),
    # --- Facebook (4)
    Account("facebook", "ensemble.spa.asso", "Ensemble contre la SpA", "institution", "", 24_000, ("SPA26",), unpaid=True, n_posts=18),
    Account("facebook", "aidants.entraide", "Aidants — Entraide & Répit", "caregiver", "", 7_800, ("DT2-26", "OR26"), n_posts=16),
    Account("facebook", "pharmacie.du.marche.bordeaux", "Pharmacie du Marché Bordeaux", HP, "pharmacien", 3_100, ("OR26",), n_posts=14),
    Account("facebook", "sante.au.quotidien", "Santé au Quotidien", "generalist", "", 410_000, ("DT2-26", "OR26"), n_posts=18),
    # --- LinkedIn (5)
    Account("linkedin", "marie-leroux-dieteticienne", "Marie Leroux — Diététicienne nutritionniste", HP, "diététicienne", 14_200, ("DEN26",), n_posts=13),
    Account("linkedin", "dr-hugo-fontaine", "Dr Hugo Fontaine", HP, "médecin généraliste", 6_300, ("DEN26",), hcp_ref=False, n_posts=12),
    Account("linkedin", "collectif-nutrition-age", "Collectif Nutrition & Âge", "institution", "", 9_800, ("DEN26",), unpaid=True, n_posts=12),
    Account("linkedin", "nathalie-petit-ide", "Nathalie Petit — IDE coordinatrice", HP, "infirmière", 3_900, ("DEN26",), n_posts=11),
    Account("linkedin", "yanis-haddad-pharma", "Yanis Haddad — Pharmacien clinicien", HP, "pharmacien", 22_000, ("DEN26", "OR26"), n_posts=13),
    # --- YouTube (3)
    Account("youtube", "DrSanteFacile", "Dr Santé Facile", HP, "médecin généraliste", 1_250_000, ("DT2-26", "OR26"), n_posts=16),
    Account("youtube", "VivreAvecLaSpA", "Vivre avec la SpA", "patient_expert", "", 16_400, ("SPA26",), n_posts=14),
    Account("youtube", "CuisineEtGlycemie", "Cuisine & Glycémie", "generalist", "", 120_000, ("DT2-26",), n_posts=14),
    # --- X (3)
    Account("x", "DrLeaGyneco", "Dr Léa Marchand", HP, "gynécologue", 31_000, ("OR26",), n_posts=18),
    Account("x", "patient_spa_marc", "Marc 🦴 SpA", "patient_expert", "", 2_900, ("SPA26",), n_posts=16),
    Account("x", "IDE_Karine", "Karine IDE", HP, "infirmière", 7_400, ("DEN26",), n_posts=14),
)  # fmt: skip

# The accounts of the earlier campaign MB26: simulated apart (their own plan and random streams, like the
# owned pages) so that no other influencer's post, comment or effect changes because of them. Their comment
# exports were not kept: the campaign has posts and figures, no comments.
HISTORY_ACCOUNTS = (
    Account("instagram", "dr.nora.gastro", "Dr Nora Haddad — Gastro-entérologue", HP, "gastro-entérologue", 31_000,
            ("MB26",), n_posts=20),
    Account("instagram", "ide.lou.endoscopie", "Lou | IDE en endoscopie", HP, "infirmière", 6_200, ("MB26",),
            n_posts=18),
)  # fmt: skip

# The client's own pages (Laboratoires Hélora, OR26): on the roster as brand_page, unpaid; simulated apart
# from the influencers (their own random streams) so that no influencer's figure moves because of them.
OWNED_ACCOUNTS = (
    Account("instagram", "helora.sante", "Hélora Santé", "institution", "", 12_500, ("OR26",), unpaid=True,
            n_posts=34, owned=True),
    Account("linkedin", "laboratoires-helora", "Laboratoires Hélora", "institution", "", 8_900, ("OR26",),
            unpaid=True, n_posts=16, owned=True),
)  # fmt: skip
OWNED_PAGE = "brand_page"
X_LEGACY_ACCOUNT = "DrLeaGyneco"
TIKTOK_BUSINESS_ACCOUNT = "lea.vibes"
TIKTOK_TWO_EXPORTS_ACCOUNT = "infirmier.jules"
IG_INSIGHTS = {  # account -> (first day, last day) of its per-metric daily exports
    "vivre_avec_une_spa": (dt.date(2026, 3, 1), dt.date(2026, 5, 31)),
    "infirmiere.claire": (dt.date(2026, 9, 1), dt.date(2026, 11, 30)),
    "helora.sante": (dt.date(2026, 7, 1), dt.date(2026, 12, 31)),  # an owned page: its follows per day
}
IG_EXPORT_MID = dt.date(2026, 10, 15)
IG_EXPORT_FINAL = dt.date(2026, 12, 31)
IG_EXPORT_2024_LAYOUT = (dt.date(2026, 3, 1), dt.date(2026, 5, 31))  # SpA accounts, old column order
LINKEDIN_EXPORT = dt.date(2026, 12, 15)
COMMENTS_COLLECTED = dt.datetime(2026, 12, 31, 23, 0)
US_DST_END_2026 = dt.date(2026, 11, 1)

# --------------------------------------------------------------------------------------
# Random helpers
# --------------------------------------------------------------------------------------


def _rng(seed: int, *keys: object) -> random.Random:
    """An independent, named random stream: changing one section never shifts another."""
    h = hashlib.sha256("|".join([str(seed), *map(str, keys)]).encode()).hexdigest()
    return random.Random(int(h[:16], 16))


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam < 30:
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= limit:
                return k
            k += 1
    return max(0, round(rng.gauss(lam, math.sqrt(lam))))


def _negbin(rng: random.Random, mean: float, k: float = NB_DISPERSION) -> int:
    if mean <= 0:
        return 0
    return _poisson(rng, rng.gammavariate(k, mean / k))


def _binom(rng: random.Random, n: int, p: float) -> int:
    if n <= 0 or p <= 0:
        return 0
    if p >= 1:
        return n
    if n < 40:
        return sum(1 for _ in range(n) if rng.random() < p)
    return min(n, max(0, round(rng.gauss(n * p, math.sqrt(n * p * (1 - p))))))


def _split(rng: random.Random, n: int, shares: dict[str, float]) -> dict[str, int]:
    """Multinomial split of n engagements into categories (sequential binomials)."""
    out: dict[str, int] = {}
    left, pleft = n, sum(shares.values())
    items = list(shares.items())
    for name, p in items[:-1]:
        x = _binom(rng, left, p / pleft) if pleft > 0 else 0
        out[name] = x
        left -= x
        pleft -= p
    out[items[-1][0]] = left
    return out


def _lognorm(rng: random.Random, sigma: float) -> float:
    return math.exp(rng.gauss(0, sigma) - sigma * sigma / 2)


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _b64(n: int, length: int) -> str:
    s = ""
    while n:
        s = B64[n % 64] + s
        n //= 64
    return s.rjust(length, "A")


def _ig_media_id(rng: random.Random, when: dt.datetime) -> int:
    ms = int(when.replace(tzinfo=dt.UTC).timestamp() * 1000) - 1314220021721
    return (ms << 23) | rng.getrandbits(23)


def _snowflake(rng: random.Random, when: dt.datetime) -> int:
    ms = int(when.replace(tzinfo=dt.UTC).timestamp() * 1000) - 1288834974657
    return (ms << 22) | rng.getrandbits(22)


def _tiktok_id(rng: random.Random, when: dt.datetime) -> int:
    return (int(when.replace(tzinfo=dt.UTC).timestamp()) << 32) | rng.getrandbits(32)


def _linkedin_id(rng: random.Random, when: dt.datetime) -> int:
    return (int(when.replace(tzinfo=dt.UTC).timestamp() * 1000) << 22) | rng.getrandbits(22)


def _strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


# --------------------------------------------------------------------------------------
# Captions
# --------------------------------------------------------------------------------------
HOOKS = {
    "OR26": (
        "Octobre Rose 🎀 On en parle ?",
        "1 femme sur 8 sera concernée par un cancer du sein au cours de sa vie.",
        "Mammographie : ce qu'on ne vous dit pas (et qui rassure) 👇",
        "Dès 50 ans, le dépistage organisé c'est tous les 2 ans, pris en charge à 100 %.",
        "Autopalpation : 3 minutes, une fois par mois 🖐️",
        "Infirmière, je vois chaque semaine des femmes qui ont repoussé leur mammo…",
        "Le dépistage précoce sauve des vies. Point.",
        "Mon histoire avec le cancer du sein, 3 ans après.",
    ),
    "DT2-26": (
        "Le diabète de type 2, ça ne prévient pas.",
        "Près d'1 diabétique sur 5 ignore qu'il l'est.",
        "3 gestes simples pour réduire votre risque de diabète 🥗🚶‍♀️",
        "Glycémie à jeun : quelle valeur doit vous alerter ?",
        "Mon père a découvert son diabète à 58 ans, par hasard.",
        "Le test de risque en 2 minutes, je vous explique 👇",
        "Petit-déjeuner : le piège des jus « sans sucres ajoutés » 🍊",
    ),
    "SPA26": (
        "8 ans. C'est le temps qu'il m'a fallu pour avoir un diagnostic.",
        "Spondyloarthrite axiale : la douleur qui réveille la nuit et s'améliore en bougeant.",
        "Ce que j'aurais aimé savoir au début de ma SpA 🧡",
        "Routine mobilité du matin : 10 minutes contre la raideur 🧘",
        "La SpA expliquée en 60 secondes.",
        "Vivre avec une maladie invisible, c'est aussi ça :",
    ),
    "DEN26": (
        "Semaine nationale de la dénutrition : 2 millions de personnes concernées en France.",
        "La dénutrition touche près d'1 patient hospitalisé sur 3. Et on la dépiste encore trop peu.",
        "Peser chaque patient à l'admission : un geste simple, encore trop souvent oublié.",
        "Critères HAS de diagnostic de la dénutrition : petit rappel utile.",
        "En EHPAD, la dénutrition n'est pas une fatalité.",
    ),
    "MB26": (
        "Mars Bleu 💙 Le cancer colorectal, on en parle ?",
        "Dès 50 ans, un test à faire chez soi tous les 2 ans. Oui, chez soi.",
        "Gastro-entérologue, je vous explique la coloscopie sans tabou 👇",
        "Détecté tôt, le cancer colorectal se guérit dans 9 cas sur 10.",
    ),
}
BODIES = {
    "OR26": (
        "Détecté tôt, un cancer du sein se guérit dans 9 cas sur 10. Le courrier de l'Assurance Maladie arrive tous les 2 ans entre 50 et 74 ans : ne le laissez pas au fond d'un tiroir.",
        "Avant 50 ans, on en parle à son médecin ou à sa sage-femme, surtout s'il y a des antécédents dans la famille.",
        "Une boule, une rougeur, un écoulement, une peau d'orange ? On consulte, sans attendre.",
        "La mammographie dure 15 minutes. Oui ça serre un peu. Non ce n'est pas une raison pour ne pas y aller 😉",
    ),
    "DT2-26": (
        "Surpoids, sédentarité, antécédents familiaux, tour de taille : faites le point avec votre médecin.",
        "30 minutes de marche par jour, moins de sucres rapides, plus de fibres : ça change vraiment la donne.",
        "Le questionnaire FINDRISC prend 2 minutes et se fait en pharmacie ou en ligne.",
        "Soif, envie d'uriner souvent, fatigue : parlez-en à votre médecin, une prise de sang suffit.",
    ),
    "SPA26": (
        "Mal de dos avant 45 ans, raideur matinale de plus de 30 minutes, douleurs qui réveillent en 2e partie de nuit : parlez-en à votre médecin.",
        "L'activité physique adaptée fait partie du traitement, vraiment.",
        "L'association propose des groupes de parole partout en France.",
        "Le diagnostic repose sur l'examen, la biologie (HLA-B27, CRP) et l'imagerie des sacro-iliaques.",
    ),
    "DEN26": (
        "Un dépistage systématique à l'admission et un suivi mensuel du poids permettent d'agir tôt.",
        "Enrichissement de l'alimentation, compléments nutritionnels oraux, diététicien·ne·s : les leviers existent.",
        "Les CLAN et les équipes de nutrition jouent un rôle clé : donnons-leur les moyens.",
        "Retour d'expérience : +40 % de patients pesés à l'admission en 6 mois dans notre service.",
    ),
    "MB26": (
        "Le kit de dépistage se commande en ligne ou chez votre médecin ou pharmacien, il est pris en charge à 100 %.",
        "Du sang dans les selles, des troubles du transit qui durent : on consulte sans attendre.",
        "Le test est simple, rapide, indolore : 5 minutes aux toilettes pour se protéger.",
    ),
}
CTAS = {
    "OR26": ("Partagez à celles que vous aimez 💗", "Dites-moi en commentaire si vous avez fait votre mammo 👇",
             "Enregistrez ce post pour plus tard 📌", "Identifiez une amie qui doit prendre RDV."),
    "DT2-26": ("Enregistrez pour ne pas oublier 📌", "Vous connaissez votre glycémie ? Dites-moi 👇",
               "Partagez à quelqu'un qui a besoin de l'entendre."),
    "SPA26": ("Vous aussi vous vivez avec une SpA ? Racontez-moi 👇", "Rejoignez la communauté, lien en bio.",
              "Partagez pour faire connaître la maladie 🧡"),
    "DEN26": ("Et dans votre établissement, comment dépistez-vous ?", "Partagez à vos équipes 🔁",
              "Le document complet est ci-dessous."),
    "MB26": ("Partagez à vos parents de plus de 50 ans 💙", "Vous avez fait le test ? Dites-moi 👇",
             "Enregistrez ce post 📌"),
}  # fmt: skip
ORGANIC = {
    HP: ("Petit rappel : pensez à vérifier vos vaccins 💉", "Une journée de travail en 60 secondes",
         "Comment bien lire une ordonnance", "Les questions qu'on me pose le plus",
         "En cas d'urgence vitale, c'est le 15.", "Mes 3 conseils pour mieux dormir 😴"),
    "patient_expert": ("Journée difficile aujourd'hui… mais on avance.", "Petite victoire : 5 km de marche ! 🎉",
                       "Mon sac de rendez-vous médical, je vous montre", "Ce que la maladie m'a appris cette année"),
    "caregiver": ("Être aidante, c'est aussi s'accorder du répit.", "Nos petites routines du dimanche",
                  "Les démarches pour le congé proche aidant, je vous explique"),
    "institution": ("Notre équipe grandit : bienvenue à nos nouvelles recrues !", "Fermeture exceptionnelle ce jeudi",
                    "Retour en images sur notre journée portes ouvertes", "Nos horaires d'été"),
    "generalist": ("Recette du jour : buddha bowl 🥗", "Ma routine du dimanche ☕", "Vlog : une semaine avec moi",
                   "Mes favoris du mois ✨", "On part en week-end 🚗"),
}  # fmt: skip
ORGANIC_TAGS = ("#santé", "#bienetre", "#prevention", "#routine", "#france", "#conseils")
PRODUCT_LINES = {  # a few captions name a product (compliance findings for prescription medicines)
    "SPA26": "Depuis que je suis sous Spondylix, j'ai retrouvé mes matinées 🙏",
    "DT2-26": "Parlez à votre médecin de Glucovia si la metformine classique vous pose souci.",
    "OR26": "Hélotam m'a accompagnée pendant 5 ans d'hormonothérapie, je vous raconte.",
    "DEN26": "Chez nos résidents, NutriPlus Protéines est bien accepté (texture, goût) : un vrai plus.",
    "DT2-26-device": "Le capteur GlucoSense a changé le quotidien de mon père.",
}


def _disclosure(rng: random.Random, camp: Campaign, acct: Account) -> tuple[str, str | None]:
    """(truth label, text) — explicit / weak / missing, as people really write them."""
    if acct.unpaid:
        if rng.random() < 0.5:
            return "explicit", f"Partenariat non rémunéré avec {camp.client}"
        return "missing", None
    r = rng.random()
    if r < 0.70:
        text = rng.choice(
            (
                "Publicité",
                "#Publicité",
                f"Collaboration commerciale avec {camp.client_handle}",
                f"Partenariat rémunéré avec {camp.client}",
                "#sponsorisé",
                f"Publicité — {camp.client}",
            )
        )
        return "explicit", text
    if r < 0.85:
        return "weak", rng.choice(
            ("#partenariat", "#collab", "En partenariat ✨", f"Merci à {camp.client_handle} 💕")
        )
    return "missing", None


# --------------------------------------------------------------------------------------
# Posts
# --------------------------------------------------------------------------------------
@dataclass
class Post:
    acct: Account
    fmt: str
    published: dt.datetime
    kind: str  # campaign | organic | hashtag_outside
    campaign_id: str | None
    caption: str
    title: str
    disclosure: str  # explicit | weak | missing | none (organic)
    products: tuple[str, ...]
    post_id: str = ""
    permalink: str = ""
    shortcode: str = ""
    duration: int = 0
    tau: float = 1.5
    final: dict[str, int] = field(default_factory=dict)
    ref_date: dt.date = dt.date(2026, 12, 31)
    boosted: bool = False

    def growth(self, day: dt.date) -> float:
        """Share of lifetime metrics reached at the end of `day` (fast start, long tail)."""
        age = (dt.datetime.combine(day, dt.time(23, 59)) - self.published).total_seconds() / 86400
        if age <= 0:
            return 0.0
        return 0.85 * (1 - math.exp(-age / self.tau)) + 0.15 * min(1.0, age / 90)

    def at(self, day: dt.date) -> dict[str, int]:
        """Metrics as an export dated `day` would show them (<= the final figures)."""
        ratio = min(1.0, self.growth(day) / self.growth(self.ref_date))
        out = {k: int(v * ratio + 0.5) for k, v in self.final.items()}
        if "reach" in out and "views" in out:
            out["views"] = max(out["views"], out["reach"])
        if "reach" in out and "impressions" in out:
            out["impressions"] = max(out["impressions"], out["reach"])
        return out


FORMAT_MIX = {
    "instagram": (("ig_reel", 0.38), ("ig_image", 0.22), ("ig_carousel", 0.20), ("ig_story", 0.20)),
    "tiktok": (("tiktok_video", 1.0),),
    "facebook": (
        ("fb_photo", 0.35),
        ("fb_reel", 0.20),
        ("fb_video", 0.10),
        ("fb_link", 0.20),
        ("fb_text", 0.15),
    ),
    "linkedin": (("li_post", 0.30), ("li_image", 0.30), ("li_video", 0.15), ("li_document", 0.25)),
    "youtube": (("yt_video", 0.45), ("yt_short", 0.55)),
    "x": (("x_post", 0.55), ("x_image", 0.30), ("x_video", 0.15)),
}
TAU = {"instagram": 1.5, "ig_story": 0.4, "tiktok": 3.0, "facebook": 1.5, "linkedin": 2.0, "yt_video": 20.0,
       "yt_short": 6.0, "x": 0.5}  # fmt: skip


def _pick(rng: random.Random, mix: tuple[tuple[str, float], ...]) -> str:
    r, acc = rng.random(), 0.0
    for name, p in mix:
        acc += p
        if r < acc:
            return name
    return mix[-1][0]


def _post_time(rng: random.Random, day: dt.date) -> dt.datetime:
    hour = _pick(rng, ((7, 0.1), (8, 0.08), (12, 0.14), (13, 0.08), (17, 0.1), (18, 0.16), (19, 0.14),
                       (20, 0.12), (21, 0.08)))  # fmt: skip
    return dt.datetime.combine(day, dt.time(int(hour), rng.randint(0, 59), rng.randint(0, 59)))


HOOK_FOR = {  # hooks only some profiles can say (a doctor does not write "my 8 years without a diagnosis")
    "Infirmière, je vois": ("infirmière",),
    "Mon histoire": ("patient_expert",),
    "8 ans. C'est le temps": ("patient_expert",),
    "Ce que j'aurais aimé savoir": ("patient_expert", "caregiver"),
    "Vivre avec une maladie invisible": ("patient_expert", "caregiver"),
    "Mon père a découvert": ("caregiver", "generalist", "patient_expert"),
    "Gastro-entérologue, je vous": ("gastro-entérologue",),
}


def _hooks(acct: Account, camp: Campaign) -> list[str]:
    out = []
    for h in HOOKS[camp.campaign_id]:
        who = next((v for k, v in HOOK_FOR.items() if h.startswith(k)), None)
        if who is None or acct.profile_type in who or acct.specialty in who:
            out.append(h)
    return out


def _caption(
    rng: random.Random, acct: Account, camp: Campaign | None, kind: str, fmt: str
) -> tuple[str, str, str]:
    """(caption, title, disclosure label) in the account's platform style."""
    plat = acct.platform
    if camp is None:
        line = rng.choice(ORGANIC[acct.profile_type])
        tags = " ".join(rng.sample(ORGANIC_TAGS, 2))
        if plat == "linkedin":
            return f"{line}\n\nBonne semaine à toutes et à tous.", line, "none"
        if plat == "x":
            return f"{line} {tags}", line, "none"
        return (f"{line} {tags}" if plat in ("tiktok", "youtube") else f"{line}\n\n{tags}"), line, "none"
    hook = rng.choice(_hooks(acct, camp))
    body = rng.choice(BODIES[camp.campaign_id])
    cta = rng.choice(CTAS[camp.campaign_id])
    tags = list(camp.hashtags)
    if kind == "campaign" and rng.random() < 0.08:
        tags = tags[:1]  # some posts carry only one of the two hashtags
    if kind == "campaign":
        label, disc = _disclosure(rng, camp, acct)
    else:
        label, disc = "none", None
    extra = " ".join(rng.sample(ORGANIC_TAGS, 2))
    if plat in ("instagram", "facebook"):
        parts = [hook, body, cta, " ".join(tags) + " " + extra]
        if disc:
            parts.insert(0 if rng.random() < 0.6 else len(parts), disc)
        return "\n\n".join(parts), hook, label
    if plat == "tiktok":
        text = f"{hook} {' '.join(tags)} #santé #pourtoi "
        if disc:
            text = f"{disc} | {text}" if rng.random() < 0.6 else f"{text}{disc} "
        return text, hook, label
    if plat == "linkedin":
        parts = [hook, body, rng.choice(BODIES[camp.campaign_id]), cta, " ".join(tags)]
        if disc:
            parts.append(disc)
        return "\n\n".join(parts), hook, label
    if plat == "youtube":
        short = hook if len(hook) <= 70 else hook[:70].rsplit(" ", 1)[0] + "…"
        title = hook if fmt == "yt_video" else f"{short} #shorts"
        desc = f"{body}\n\n{' '.join(tags)}" + (f"\n\n{disc}" if disc else "")
        return desc, title[:100], label
    # x
    text = f"{hook} {' '.join(tags)}"
    if disc:
        text = f"{text} {disc}" if rng.random() < 0.5 else f"{disc} : {text}"
    if len(text) + len(body) < 270 and rng.random() < 0.5:
        text = f"{hook}\n\n{body[:120]}… {' '.join(tags)}" + (f" {disc}" if disc else "")
    return text[:280], hook, label


def _plan_accounts(seed: int) -> None:
    """Fees, influencer effects, ids and export dates for every account.

    Influencer effects are log-normal and centred within each (platform, profile type), so that with so few
    accounts per cell the documented profile ratios are still what an analysis recovers on average.
    """
    logs: dict[str, float] = {}
    for acct in ACCOUNTS:
        logs[acct.key] = _rng(seed, "effect", acct.key).gauss(0, INFLUENCER_SIGMA)
    for acct in ACCOUNTS:
        cell = [
            logs[a.key]
            for a in ACCOUNTS
            if (a.platform, a.profile_type) == (acct.platform, acct.profile_type)
        ]
        acct.effect = math.exp(logs[acct.key] - sum(cell) / len(cell))
    for acct in ACCOUNTS:
        r = _rng(seed, "account", acct.key)
        fee_range = {"nano": (150, 600), "micro": (800, 3000), "mid": (4000, 9000), "macro": (12000, 20000),
                     "mega": (25000, 40000)}[acct.tier]  # fmt: skip
        acct.fees = {c: (0 if acct.unpaid else int(round(r.randint(*fee_range), -1 if fee_range[1] < 1000 else -2)))
                     for c in acct.campaigns}  # fmt: skip
        camps = [CAMPAIGN_BY_ID[c] for c in acct.campaigns]
        last_end = max(c.end for c in camps)
        first_start = min(c.start for c in camps)
        acct.start_date = max(dt.date(2026, 1, 5), first_start - dt.timedelta(days=75))
        if acct.platform == "instagram":
            acct.ref_date = IG_EXPORT_FINAL
        elif acct.platform == "linkedin":
            acct.ref_date = LINKEDIN_EXPORT
        elif acct.platform == "youtube":
            acct.ref_date = last_end + dt.timedelta(days=30)
        elif acct.platform == "x" and acct.handle == X_LEGACY_ACCOUNT:
            acct.start_date = first_start.replace(day=1) - dt.timedelta(days=1)
            acct.start_date = acct.start_date.replace(day=1)
            acct.ref_date = _month_end(last_end + dt.timedelta(days=20))
        elif acct.platform == "x":
            acct.start_date = first_start - dt.timedelta(days=20)
            acct.ref_date = last_end + dt.timedelta(days=14)
        else:
            acct.ref_date = last_end + dt.timedelta(days=14)
        if acct.platform == "instagram":
            acct.account_id = "17841" + _digits(r, 12)
        elif acct.platform == "facebook":
            acct.account_id = "1000" + _digits(r, 11)
        else:
            acct.account_id = _digits(r, 16)


def _month_end(d: dt.date) -> dt.date:
    nxt = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def _simulate_posts(seed: int) -> list[Post]:
    posts: list[Post] = []
    for acct in ACCOUNTS:
        r = _rng(seed, "posts", acct.key)
        camps = [CAMPAIGN_BY_ID[c] for c in acct.campaigns]
        last_day = acct.ref_date - dt.timedelta(days=3)
        if acct.platform == "instagram":
            last_day = dt.date(2026, 12, 20)
        n_campaign = round(acct.n_posts * 0.86)  # the rest: the account's other, off-campaign posts
        plan: list[tuple[dt.date, str, Campaign | None]] = []
        for ci, camp in enumerate(camps):
            n_c = n_campaign // len(camps) + (1 if ci < n_campaign % len(camps) else 0)
            span = (camp.end - camp.start).days + 1
            for i in range(n_c):  # agencies spread the posts over the window
                offset = int(span * (i + r.random()) / n_c)
                plan.append((camp.start + dt.timedelta(days=min(offset, span - 1)), "campaign", camp))
        n_outside = 1 if r.random() < 0.3 else 0
        for _ in range(n_outside):
            camp = r.choice(camps)
            day = camp.end + dt.timedelta(days=r.randint(5, 25))
            if day <= last_day:
                plan.append((day, "hashtag_outside", camp))
        while len(plan) < acct.n_posts:
            span = (last_day - acct.start_date).days
            day = acct.start_date + dt.timedelta(days=r.randint(0, span))
            if any(c.start <= day <= c.end for c in camps) and r.random() < 0.7:
                continue  # accounts post less off-topic content during their campaigns
            plan.append((day, "organic", None))
        plan.sort(key=lambda t: (t[0], t[1]))
        for day, kind, camp in plan:
            fmt = _pick(r, FORMAT_MIX[acct.platform])
            if acct.profile_type == "institution" and fmt == "ig_reel" and r.random() < 0.5:
                fmt = "ig_image"
            published = _post_time(r, day)
            caption, title, disclosure = _caption(r, acct, camp, kind, fmt)
            if fmt == "ig_story":  # Meta exports no story text: neither hashtags nor disclosure are visible
                caption, disclosure = "", "not_exported"
            posts.append(Post(acct, fmt, published, kind, camp.campaign_id if camp else None, caption, title,
                              disclosure, ()))  # fmt: skip
    posts.sort(key=lambda p: (p.published, p.acct.key))
    _name_products(seed, posts)
    for p in posts:
        _identify(seed, p)
    noise = _gamma_noise(seed, posts)
    for p in posts:
        _metrics(seed, p, noise[id(p)])
    return posts


def _gamma_noise(seed: int, posts: list[Post]) -> dict[int, float]:
    """Per-post gamma multipliers (mean 1, shape NB_DISPERSION), rescaled to mean exactly 1 within each
    (platform, format): Poisson(mean x gamma) is the negative binomial, and the rescaling keeps one unlucky
    draw of a few dozen posts from tilting the format ratios that the analyses should recover."""
    raw = {id(p): _rng(seed, "noise", p.acct.key, p.post_id).gammavariate(NB_DISPERSION, 1 / NB_DISPERSION)
           for p in posts}  # fmt: skip
    cells: dict[str, list[float]] = {}
    for p in posts:
        cells.setdefault(p.fmt, []).append(raw[id(p)])
    return {id(p): raw[id(p)] * len(cells[p.fmt]) / sum(cells[p.fmt]) for p in posts}


def _name_products(seed: int, posts: list[Post]) -> None:
    """Put product names in a handful of captions (three prescription medicines named to the public)."""
    wanted = (("la.spa.et.moi", "SPA26", "Spondylix"), ("pharma.lucas", "DT2-26", "Glucovia"),
              ("rose.et.combative", "OR26", "Hélotam"), ("collectif-nutrition-age", "DEN26", "NutriPlus Protéines"),
              ("marie-leroux-dieteticienne", "DEN26", "NutriPlus Protéines"),
              ("aidante.au.quotidien", "DT2-26-device", "GlucoSense"),
              ("CuisineEtGlycemie", "DT2-26-device", "GlucoSense"))  # fmt: skip
    r = _rng(seed, "products")
    for handle, key, product in wanted:
        camp_id = key.replace("-device", "")
        cands = [p for p in posts if p.acct.handle == handle and p.campaign_id == camp_id and p.kind == "campaign"
                 and p.fmt != "ig_story"]  # fmt: skip
        if not cands:
            continue
        p = r.choice(cands)
        line = PRODUCT_LINES[key]
        if p.acct.platform == "tiktok":
            p.caption = f"{line} {p.caption}"
        elif p.acct.platform == "youtube":
            p.caption = f"{line}\n\n{p.caption}"
        else:
            first, _, rest = p.caption.partition("\n\n")
            p.caption = f"{first}\n\n{line}\n\n{rest}" if rest else f"{first}\n\n{line}"
        p.products = (product,)


def _identify(seed: int, p: Post) -> None:
    r = _rng(seed, "ids", p.acct.key, p.published.isoformat(), p.fmt)
    a = p.acct
    if a.platform == "instagram":
        media = _ig_media_id(r, p.published)
        p.shortcode = _b64(media, 11)
        p.post_id = "1" + r.choice(("79", "80", "81")) + _digits(r, 14)
        if p.fmt == "ig_story":
            p.permalink = f"https://www.instagram.com/stories/{a.handle}/{media}/"
        elif p.fmt == "ig_reel":
            p.permalink = f"https://www.instagram.com/reel/{p.shortcode}/"
        else:
            p.permalink = f"https://www.instagram.com/p/{p.shortcode}/"
        p.duration = {"ig_reel": r.randint(12, 90), "ig_story": 15}.get(p.fmt, 0)
    elif a.platform == "tiktok":
        p.post_id = str(_tiktok_id(r, p.published))
        p.permalink = f"https://www.tiktok.com/@{a.handle}/video/{p.post_id}"
        p.duration = r.randint(15, 150)
    elif a.platform == "facebook":
        p.post_id = "1" + _digits(r, 15)
        if p.fmt == "fb_reel":
            p.permalink = f"https://www.facebook.com/reel/{p.post_id}/"
        elif p.fmt == "fb_video":
            p.permalink = f"https://www.facebook.com/{a.handle}/videos/{p.post_id}/"
        elif r.random() < 0.25:
            p.permalink = f"https://www.facebook.com/permalink.php?story_fbid={p.post_id}&id={a.account_id}"
        else:
            p.permalink = f"https://www.facebook.com/{a.handle}/posts/{p.post_id}"
        p.duration = {"fb_reel": r.randint(15, 90), "fb_video": r.randint(60, 600)}.get(p.fmt, 0)
    elif a.platform == "linkedin":
        p.post_id = str(_linkedin_id(r, p.published))
        p.permalink = f"https://www.linkedin.com/feed/update/urn:li:activity:{p.post_id}"
        p.duration = r.randint(40, 180) if p.fmt == "li_video" else 0
    elif a.platform == "youtube":
        first = "-" if r.random() < 0.12 else r.choice(B64[:62])
        p.post_id = first + "".join(r.choice(B64) for _ in range(10))
        if p.fmt == "yt_short":
            p.permalink = f"https://www.youtube.com/shorts/{p.post_id}"
            p.duration = r.randint(20, 60)
        else:
            p.permalink = f"https://www.youtube.com/watch?v={p.post_id}"
            p.duration = r.randint(240, 1500)
    else:
        p.post_id = str(_snowflake(r, p.published - dt.timedelta(hours=1)))  # stored in UTC
        p.permalink = f"https://x.com/{a.handle}/status/{p.post_id}"
        p.duration = r.randint(10, 120) if p.fmt == "x_video" else 0


def _metrics(seed: int, p: Post, noise: float) -> None:
    """Final ('lifetime at the last export') metrics under the documented effects."""
    r = _rng(seed, "metrics", p.acct.key, p.post_id)
    a = p.acct
    f = a.followers
    tier_reach = {"nano": 1.1, "micro": 1.0, "mid": 0.85, "macro": 0.7, "mega": 0.55}[a.tier]
    rr = FORMAT_RR.get(p.fmt) or 1.0
    mult = PROFILE_RR[a.profile_type] * TIER_RR[a.tier] * a.effect * rr
    p.ref_date = a.ref_date
    if a.platform == "x" and a.handle == X_LEGACY_ACCOUNT:
        p.ref_date = _month_end(p.published.date())
    p.tau = TAU.get(p.fmt, TAU.get(a.platform, 1.5))
    m: dict[str, int] = {}
    if a.platform == "instagram":
        base = {"ig_image": 0.22, "ig_carousel": 0.26, "ig_reel": 0.38, "ig_story": 0.07}[p.fmt]
        reach = max(3, int(f * min(0.92, base * tier_reach * _lognorm(r, 0.35))))
        vmul = {
            "ig_image": (1.1, 1.5),
            "ig_carousel": (1.6, 2.6),
            "ig_reel": (1.3, 2.2),
            "ig_story": (1.05, 1.25),
        }
        m["reach"] = reach
        m["views"] = int(reach * r.uniform(*vmul[p.fmt]))
        if p.fmt != "ig_story":
            e = _poisson(r, reach * BASE_RATE["instagram"] * mult * noise)
            saves = SAVES_SHARE[p.fmt]
            shares = 0.10 if p.fmt == "ig_reel" else 0.05
            m.update(_split(r, e, {"comments": 0.05, "shares": shares, "saves": saves,
                                   "likes": 1 - 0.05 - shares - saves}))  # fmt: skip
        m["follows"] = _poisson(r, reach * 0.0015)
    elif a.platform == "tiktok":
        views = max(20, int(f * min(20.0, 0.45 * tier_reach * _lognorm(r, 0.8))))
        m["views"] = views
        e = _poisson(r, views * BASE_RATE["tiktok"] * mult * noise)
        m.update(_split(r, e, {"comments": 0.04, "shares": 0.05, "favorites": 0.05, "likes": 0.86}))
    elif a.platform == "facebook":
        base = {"fb_photo": 0.12, "fb_reel": 0.25, "fb_video": 0.15, "fb_link": 0.08, "fb_text": 0.07}[p.fmt]
        reach = max(3, int(f * min(0.9, base * tier_reach * _lognorm(r, 0.4))))
        m["reach"] = reach
        m["views"] = int(reach * r.uniform(1.15, 1.6))
        e = _poisson(r, reach * BASE_RATE["facebook"] * mult * noise)
        m.update(_split(r, e, {"comments": 0.12, "shares": 0.13, "reactions": 0.75}))
        clicks = _poisson(r, reach * (0.06 if p.fmt == "fb_link" else 0.02))
        m["link_clicks"] = _binom(r, clicks, 0.8) if p.fmt == "fb_link" else 0
        m["photo_clicks"] = _binom(r, clicks, 0.5) if p.fmt == "fb_photo" else 0
        m["other_clicks"] = clicks - m["link_clicks"] - m["photo_clicks"]
        m["hide"] = _poisson(r, reach * 0.0008)
        m["hide_all"] = _poisson(r, reach * 0.0002)
    elif a.platform == "linkedin":
        base = {"li_post": 0.35, "li_image": 0.45, "li_video": 0.40, "li_document": 0.55}[p.fmt]
        impressions = max(10, int(f * base * _lognorm(r, 0.45)))
        if p.kind == "campaign" and r.random() < 0.12:
            p.boosted = True
        m["impressions"] = impressions
        e = _poisson(r, impressions * BASE_RATE["linkedin"] * mult * noise)
        m.update(_split(r, e, {"comments": 0.12, "reposts": 0.08, "likes": 0.80}))
        m["clicks"] = _poisson(r, impressions * (0.02 if p.fmt == "li_document" else 0.008))
        m["follows"] = _poisson(r, impressions * 0.001)
        m["views"] = int(impressions * r.uniform(0.3, 0.5)) if p.fmt == "li_video" else 0
        m["offsite_views"] = _poisson(r, m["views"] * 0.02)
        m["sponsored_impressions"] = int(impressions * r.uniform(0.8, 2.0)) if p.boosted else 0
        m["sponsored_clicks"] = _poisson(r, m["sponsored_impressions"] * 0.006)
        m["sponsored_likes"] = _poisson(r, m["sponsored_impressions"] * 0.008)
    elif a.platform == "youtube":
        base = 0.05 if p.fmt == "yt_video" else 0.12
        views = max(15, int(f * base * tier_reach * _lognorm(r, 0.7)))
        m["views"] = views
        avd = p.duration * (r.uniform(0.25, 0.45) if p.fmt == "yt_video" else r.uniform(0.6, 0.95))
        m["avd_sec"] = max(1, int(avd))
        m["watch_ms"] = int(views * avd * 1000 / 3600)  # milli-hours, kept integer for proportional snapshots
        ctr = r.uniform(3.5, 9.0) if p.fmt == "yt_video" else r.uniform(0.8, 2.5)
        m["impressions"] = int(views * (0.55 if p.fmt == "yt_video" else 0.15) / (ctr / 100))
        m["subscribers"] = max(0, _poisson(r, views * 0.002))
        m["comments"] = _negbin(r, views * 0.004 * PROFILE_RR[a.profile_type] * a.effect)
        m["likes"] = _negbin(r, views * 0.03 * PROFILE_RR[a.profile_type] * a.effect)
    else:
        impressions = max(10, int(f * 0.15 * tier_reach * _lognorm(r, 0.6)))
        m["impressions"] = impressions
        e = _poisson(r, impressions * BASE_RATE["x"] * mult * noise)
        m.update(_split(r, e, {"retweets": 0.18, "replies": 0.12, "likes": 0.70}))
        m["profile_clicks"] = _poisson(r, impressions * 0.004)
        m["url_clicks"] = _poisson(r, impressions * 0.002)
        m["hashtag_clicks"] = _poisson(r, impressions * 0.001)
        m["detail_expands"] = _poisson(r, impressions * 0.008)
        m["permalink_clicks"] = _poisson(r, impressions * 0.0005)
        m["follows"] = _poisson(r, impressions * 0.0004)
        m["bookmarks"] = _poisson(r, impressions * 0.0015)
        m["media_views"] = int(impressions * r.uniform(0.1, 0.4)) if p.fmt != "x_post" else 0
        m["media_engagements"] = _binom(r, m["media_views"], 0.05)
    p.final = m


# --------------------------------------------------------------------------------------
# File writing helpers
# --------------------------------------------------------------------------------------
class Writer:
    """Writes bytes and remembers every file, for the manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, dict[str, object]] = {}

    def bytes(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files[rel] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    def text(self, rel: str, text: str, encoding: str = "utf-8", bom: bytes = b"") -> None:
        self.bytes(rel, bom + text.encode(encoding))


def _q(v: object) -> str:
    return '"' + str(v).replace('"', '""') + '"'


def _qmin(v: object) -> str:
    """csv QUOTE_MINIMAL."""
    s = "" if v is None else str(v)
    return _q(s) if any(c in s for c in ',"\n\r') else s


def _qmeta(v: object) -> str:
    """Meta Business Suite quoting: also quotes any field with a space (header names included)."""
    s = "" if v is None else str(v)
    return _q(s) if any(c in s for c in ' ,"\n\r') else s


def _line(values: list[object], quote) -> str:
    return ",".join(quote(v) for v in values)


def _meta_time(t: dt.datetime) -> str:
    return t.strftime("%m/%d/%Y %H:%M")


def _meta_name(start: dt.date, end: dt.date, rng: random.Random) -> str:
    return f"{MON[start.month - 1]}-{start.day:02d}-{start.year}_{MON[end.month - 1]}-{end.day:02d}-{end.year}_" \
           f"{_digits(rng, 16)}.csv"  # fmt: skip


def _month_day(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}"


def _days(a: dt.date, b: dt.date) -> list[dt.date]:
    return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]


def _daily(posts: list[Post], day: dt.date, key: str) -> int:
    """What the posts added to a metric on one day (difference of two snapshots)."""
    total = 0
    for p in posts:
        v = p.final.get(key)
        if not v or p.published.date() > day:
            continue
        ref = p.growth(p.ref_date)
        now = int(v * min(1.0, p.growth(day) / ref) + 0.5)
        prev = int(v * min(1.0, p.growth(day - dt.timedelta(days=1)) / ref) + 0.5)
        total += now - prev
    return total


def _save_xlsx(wb: openpyxl.Workbook, when: dt.datetime) -> bytes:
    """openpyxl stamps 'now' in docProps and zip entries: pin both so the bytes are reproducible."""
    wb.properties.creator = "LinkedIn" if "All posts" in wb.sheetnames else "Relais"
    wb.properties.created = when
    buf = io.BytesIO()
    wb.save(buf)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", data)  # fmt: skip
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.external_attr = 0o600 << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, data)
    return out.getvalue()


# --------------------------------------------------------------------------------------
# Platform writers
# --------------------------------------------------------------------------------------
IG_2025 = ["Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)",
           "Publish time", "Permalink", "Post type", "Data comment", "Date", "Views", "Reach", "Likes", "Shares",
           "Follows", "Comments", "Saves"]  # fmt: skip
IG_2024 = ["Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)",
           "Publish time", "Permalink", "Post type", "Data comment", "Date", "Reach", "Likes", "Shares", "Follows",
           "Comments", "Saves", "Views"]  # fmt: skip
IG_TYPE = {"ig_reel": "IG reel", "ig_image": "IG image", "ig_carousel": "IG carousel", "ig_story": "IG story"}
IG_INSIGHT_FILES = (("Views.csv", "Views", "views"), ("Reach.csv", "Reach", "reach"),
                    ("Follows.csv", "Instagram follows", "follows"),
                    ("Interactions.csv", "Content interactions", "interactions"),
                    ("Link clicks.csv", "Instagram link clicks", "link_clicks"),
                    ("Visits.csv", "Instagram profile visits", "visits"))  # fmt: skip


def _write_instagram(w: Writer, seed: int, posts: list[Post]) -> dict[str, object]:
    ig = [p for p in posts if p.acct.platform == "instagram"]
    r = _rng(seed, "ig-files")

    def rows(subset: list[Post], day: dt.date, header: list[str]) -> str:
        out = [_line(header, _qmeta)]
        for p in sorted(subset, key=lambda p: p.published, reverse=True):
            m = p.at(day)
            story = p.fmt == "ig_story"
            vals = {"Post ID": p.post_id, "Account ID": p.acct.account_id, "Account username": p.acct.handle,
                    "Account name": p.acct.display_name, "Description": "" if story else p.caption,
                    "Duration (sec)": p.duration, "Publish time": _meta_time(p.published),
                    "Permalink": p.permalink, "Post type": IG_TYPE[p.fmt], "Data comment": "", "Date": "Lifetime",
                    "Views": m["views"], "Reach": m["reach"]}  # fmt: skip
            for k in ("Likes", "Shares", "Follows", "Comments", "Saves"):
                vals[k] = "" if story and k != "Follows" else m.get(k.lower(), 0)
            if story:
                vals["Follows"] = ""
            out.append(_line([vals[h] for h in header], _qmeta))
        return "\n".join(out) + "\n"

    bom = b"\xef\xbb\xbf"
    start = dt.date(2026, 1, 1)
    mid = [p for p in ig if p.published.date() <= IG_EXPORT_MID]
    files = []
    for subset, day, header in ((mid, IG_EXPORT_MID, IG_2025), (ig, IG_EXPORT_FINAL, IG_2025)):
        name = f"exports/instagram/{_meta_name(start, day, r)}"
        w.text(name, rows(subset, day, header), bom=bom)
        files.append(name)
    a, b = IG_EXPORT_2024_LAYOUT
    spa = [p for p in ig if "SPA26" in p.acct.campaigns and a <= p.published.date() <= b]
    name = f"exports/instagram/{_meta_name(a, b, r)}"
    w.text(name, rows(spa, b, IG_2024), bom=bom)
    files.append(name)

    # per-metric daily Insights exports (UTF-16LE + BOM, sep=, preamble, all quoted)
    for handle, (d0, d1) in IG_INSIGHTS.items():
        mine = [p for p in ig if p.acct.handle == handle]
        ra = _rng(seed, "ig-insights", handle)
        series: dict[str, list[int]] = {k: [] for _, _, k in IG_INSIGHT_FILES}
        for day in _days(d0, d1):
            views = _daily(mine, day, "views") + int(mine[0].acct.followers * ra.uniform(0.02, 0.05))
            series["views"].append(views)
            series["reach"].append(int(views * ra.uniform(0.55, 0.7)))
            series["follows"].append(_daily(mine, day, "follows") + _poisson(ra, 1.5))
            series["interactions"].append(
                sum(_daily(mine, day, k) for k in ("likes", "comments", "shares", "saves"))
            )
            series["link_clicks"].append(_poisson(ra, views * 0.002))
            series["visits"].append(_poisson(ra, views * 0.012))
        for fname, title, key in IG_INSIGHT_FILES:
            lines = ["sep=,", _q(title), '"Date","Primary"']
            for day, v in zip(_days(d0, d1), series[key], strict=True):
                hour = "01" if day > US_DST_END_2026 else "00"
                lines.append(f'"{day.isoformat()}T{hour}:00:00","{v}"')
            rel = f"exports/instagram/insights_{handle}/{fname}"
            w.text(rel, "\n".join(lines) + "\n\n", encoding="utf-16-le", bom=b"\xff\xfe")
            files.append(rel)
    return {"files": files, "posts": len(ig)}


def _write_tiktok(w: Writer, seed: int, posts: list[Post]) -> list[str]:
    files: list[str] = []
    bom = b"\xef\xbb\xbf"
    used_fem: set[float] = set()
    for acct in [a for a in ACCOUNTS if a.platform == "tiktok"]:
        mine = sorted((p for p in posts if p.acct is acct), key=lambda p: p.published, reverse=True)
        folder = f"exports/tiktok/{acct.handle}"
        r = _rng(seed, "tiktok-files", acct.handle)
        export = acct.ref_date
        if acct.handle == TIKTOK_BUSINESS_ACCOUNT:
            lines = [_line(["Video title", "Video link", "Post time", "Video views", "Likes", "Comments", "Shares",
                            "Add to Favorites"], _qmin)]  # fmt: skip
            for p in mine:
                m = p.at(export)
                lines.append(_line([p.caption, p.permalink, p.published.strftime("%Y/%m/%d %H:%M:%S"), m["views"],
                                    m["likes"], m["comments"], m["shares"], m["favorites"]], _qmin))  # fmt: skip
            rel = f"{folder}/video_performance.csv"
            w.text(rel, "\n".join(lines) + "\n", bom=bom)
            files.append(rel)
        else:
            exports = [(export, "Content.csv")]
            if acct.handle == TIKTOK_TWO_EXPORTS_ACCOUNT:
                exports = [(dt.date(2026, 10, 12), "Content.csv"), (export, "Content 2.csv")]
            for day, fname in exports:
                lines = [_line(["Time", "Video title", "Video link", "Post time", "Total likes", "Total comments",
                                "Total shares", "Total views"], _q)]  # fmt: skip
                for p in mine:
                    if p.published.date() > day:
                        continue
                    m = p.at(day)
                    lines.append(_line([_month_day(day), p.caption, p.permalink, _month_day(p.published.date()),
                                        m["likes"], m["comments"], m["shares"], m["views"]], _q))  # fmt: skip
                rel = f"{folder}/{fname}"
                w.text(rel, "\n".join(lines), bom=bom)
                files.append(rel)
        # account files: 60 days up to the export date
        days = _days(export - dt.timedelta(days=59), export)
        ov = [_line(["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"], _q)]
        vw = [_line(["Date", "Total Viewers", "New Viewers", "Returning Viewers"], _q)]
        fh = [_line(["Date", "Followers", "Difference in followers from previous day"], _q)]
        growth = [max(0, int(_daily(mine, d, "views") * 0.004 + r.gauss(3, 4))) for d in days]
        followers = acct.followers - sum(growth)
        for i, d in enumerate(days):
            views = _daily(mine, d, "views") + int(acct.followers * r.uniform(0.003, 0.01))
            ov.append(_line([_month_day(d), views, _poisson(r, views * 0.01), _daily(mine, d, "likes"),
                             _daily(mine, d, "comments"), _daily(mine, d, "shares")], _q))  # fmt: skip
            total = int(views * r.uniform(0.55, 0.75))
            new = int(total * r.uniform(0.8, 0.95))
            vw.append(_line([_month_day(d), "undefined" if i < 2 else total, new, total - new], _q))
            followers += growth[i]
            fh.append(_line([_month_day(d), "undefined" if i == 0 else followers, growth[i]], _q))
        w.text(f"{folder}/Overview.csv", "\n".join(ov), bom=bom)
        w.text(f"{folder}/Viewers.csv", "\n".join(vw), bom=bom)
        ff = f"{folder}/Followers_{acct.handle}"
        w.text(f"{ff}/FollowerHistory.csv", "\n".join(fh), bom=bom)
        act = [_line(["Date", "Hour", "Active followers"], _q)]
        shape = (0.18, 0.1, 0.06, 0.05, 0.05, 0.08, 0.2, 0.35, 0.45, 0.5, 0.52, 0.58, 0.7, 0.66, 0.6, 0.6, 0.66,
                 0.78, 0.9, 1.0, 0.98, 0.85, 0.6, 0.35)  # fmt: skip
        for d in days[-7:]:
            for h in range(24):
                act.append(
                    _line(
                        [_month_day(d), h, int(acct.followers * 0.05 * shape[h] * r.uniform(0.85, 1.15))], _q
                    )
                )
        w.text(f"{ff}/FollowerActivity.csv", "\n".join(act), bom=bom)
        fem = {"patient_expert": 0.74, "caregiver": 0.81, "generalist": 0.77}.get(acct.profile_type, 0.68)
        fem = round(fem + r.uniform(-0.04, 0.04), 2)
        while fem in used_fem:  # identical files would be skipped by the loader as "already loaded"
            fem = round(fem + 0.01, 2)
        used_fem.add(fem)
        w.text(f"{ff}/FollowerGender.csv", "\n".join([_line(["Gender", "Distribution"], _q),
               _line(["Female", fem], _q), _line(["Male", round(1 - fem - 0.01, 2)], _q),
               _line(["Other", 0.01], _q)]), bom=bom)  # fmt: skip
        terr = [("FR", r.uniform(0.78, 0.86)), ("BE", r.uniform(0.03, 0.05)), ("CH", r.uniform(0.015, 0.03)),
                ("CA", r.uniform(0.01, 0.02)), ("MA", r.uniform(0.008, 0.02)), ("DZ", r.uniform(0.005, 0.015)),
                ("TN", r.uniform(0.004, 0.01)), ("CI", r.uniform(0.002, 0.008))]  # fmt: skip
        tl = [_line(["Top territories", "Distribution"], _q)]
        for code, share in sorted(terr, key=lambda t: -t[1]):
            tl.append(_line([code, round(share, 3)], _q))
        tl.append(_line(["Others", round(max(0.0, 1 - sum(round(s, 3) for _, s in terr)), 3)], _q))
        w.text(f"{ff}/FollowerTopTerritories.csv", "\n".join(tl), bom=bom)
        files += [f"{folder}/Overview.csv", f"{folder}/Viewers.csv"] + [
            f"{ff}/{n}" for n in ("FollowerHistory.csv", "FollowerActivity.csv", "FollowerGender.csv",
                                  "FollowerTopTerritories.csv")]  # fmt: skip
    return files


FB_HEADER = ["Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
             "Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages", "Custom labels",
             "Funded content status", "Data comment", "Date", "Views", "Reach", "Reactions, comments and shares",
             "Reactions", "Comments", "Shares", "Total clicks", "Link clicks", "Other clicks",
             "Matched audience targeting consumption (Photo click)", "Negative feedback from users: Hide",
             "Negative feedback from users: Hide all"]  # fmt: skip
FB_TYPE = {
    "fb_photo": "Photos",
    "fb_reel": "Reels",
    "fb_video": "Videos",
    "fb_link": "Links",
    "fb_text": "Text",
}


def _write_facebook(w: Writer, seed: int, posts: list[Post]) -> list[str]:
    files = []
    for acct in [a for a in ACCOUNTS if a.platform == "facebook"]:
        r = _rng(seed, "fb-files", acct.handle)
        mine = sorted((p for p in posts if p.acct is acct), key=lambda p: p.published, reverse=True)
        lines = [_line(FB_HEADER, _qmeta)]
        for p in mine:
            m = p.at(acct.ref_date)
            video = p.fmt in ("fb_reel", "fb_video")
            rcs = m["reactions"] + m["comments"] + m["shares"]
            clicks = m["link_clicks"] + m["other_clicks"] + m["photo_clicks"]
            lines.append(_line([
                p.post_id, acct.account_id, acct.display_name, p.title if video else "", p.caption, p.duration,
                _meta_time(p.published), "Auto-generated" if video and r.random() < 0.4 else "N/A", p.permalink,
                0, 0, FB_TYPE[p.fmt], "", "", "", "", "Lifetime", m["views"], m["reach"], rcs, m["reactions"],
                m["comments"], m["shares"], clicks, m["link_clicks"], m["other_clicks"], m["photo_clicks"],
                m["hide"], m["hide_all"]], _qmeta))  # fmt: skip
        rel = f"exports/facebook/{acct.handle}/{_meta_name(dt.date(2026, 1, 1), acct.ref_date, r)}"
        w.text(rel, "\n".join(lines) + "\n", bom=b"\xef\xbb\xbf")
        files.append(rel)
    return files


LI_POSTS_HEADER = ["Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date",
                   "Campaign start date", "Campaign end date", "Audience", "Impressions",
                   "Views (excluding off-site video views)", "Off-site views", "Clicks", "Click through rate (CTR)",
                   "Likes", "Comments", "Reposts", "Follows", "Engagement rate", "Content Type"]  # fmt: skip
LI_METRICS_HEADER = ["Date", "Impressions (organic)", "Impressions (sponsored)", "Impressions (total)",
                     "Unique impressions (organic)", "Clicks (organic)", "Clicks (sponsored)", "Clicks (total)",
                     "Reactions (organic)", "Reactions (sponsored)", "Reactions (total)", "Comments (organic)",
                     "Comments (sponsored)", "Comments (total)", "Reposts (organic)", "Reposts (sponsored)",
                     "Reposts (total)", "Engagement rate (organic)", "Engagement rate (sponsored)",
                     "Engagement rate (total)"]  # fmt: skip
LI_TYPE = {"li_post": "Text", "li_image": "Image", "li_video": "Video", "li_document": "Document"}


def _mdy(d: dt.date) -> str:
    return d.strftime("%m/%d/%Y")


def _write_linkedin(w: Writer, seed: int, posts: list[Post]) -> list[str]:
    files = []
    for acct in [a for a in ACCOUNTS if a.platform == "linkedin"]:
        r = _rng(seed, "li-files", acct.handle)
        mine = sorted((p for p in posts if p.acct is acct), key=lambda p: p.published, reverse=True)
        d0, d1 = dt.date(2026, 1, 1), LINKEDIN_EXPORT
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "All posts"
        ws.append([f"Organic and sponsored posts published by {acct.display_name} from {_mdy(d0)} to {_mdy(d1)}. "
                   "Metrics are lifetime totals as of the export date."])  # fmt: skip
        ws.append(LI_POSTS_HEADER)
        person = acct.display_name.split(" — ")[0]
        poster = "Anne-Sophie Morel" if acct.profile_type == "institution" else person
        for p in mine:
            m = p.at(d1)
            impressions = m["impressions"] + m["sponsored_impressions"]
            clicks = m["clicks"] + m["sponsored_clicks"]
            likes = m["likes"] + m["sponsored_likes"]
            eng = (
                (clicks + likes + m["comments"] + m["reposts"] + m["follows"]) / impressions
                if impressions
                else 0
            )
            camp = CAMPAIGN_BY_ID.get(p.campaign_id or "")
            ws.append([p.caption, p.permalink, "Sponsored" if p.boosted else "Organic",
                       f"{camp.campaign_id} – {camp.hashtags[1].lstrip('#')} boost" if p.boosted and camp else "", poster, _mdy(p.published.date()),
                       _mdy(p.published.date()) if p.boosted else "",
                       _mdy(p.published.date() + dt.timedelta(days=7)) if p.boosted else "",
                       "All followers" if not p.boosted else "Professionnels de santé, France", impressions,
                       m["views"] if p.fmt == "li_video" else "", m["offsite_views"] if p.fmt == "li_video" else "",
                       clicks, round(clicks / impressions, 4) if impressions else 0, likes, m["comments"],
                       m["reposts"], m["follows"], round(eng, 4), LI_TYPE[p.fmt]])  # fmt: skip
        mt = wb.create_sheet("Metrics")
        mt.append(LI_METRICS_HEADER)
        for day in _days(d0, d1):
            org = {k: _daily(mine, day, k) for k in ("impressions", "clicks", "likes", "comments", "reposts")}
            org["impressions"] += _poisson(r, acct.followers * 0.004)
            spo = {
                k: _daily(mine, day, k)
                for k in ("sponsored_impressions", "sponsored_clicks", "sponsored_likes")
            }
            uniq = int(org["impressions"] * r.uniform(0.6, 0.8))
            eng_o = org["clicks"] + org["likes"] + org["comments"] + org["reposts"]
            eng_s = spo["sponsored_clicks"] + spo["sponsored_likes"]
            ti = org["impressions"] + spo["sponsored_impressions"]
            mt.append([_mdy(day), org["impressions"], spo["sponsored_impressions"], ti, uniq, org["clicks"],
                       spo["sponsored_clicks"], org["clicks"] + spo["sponsored_clicks"], org["likes"],
                       spo["sponsored_likes"], org["likes"] + spo["sponsored_likes"], org["comments"], 0,
                       org["comments"], org["reposts"], 0, org["reposts"],
                       round(eng_o / org["impressions"], 4) if org["impressions"] else 0,
                       round(eng_s / spo["sponsored_impressions"], 4) if spo["sponsored_impressions"] else 0,
                       round((eng_o + eng_s) / ti, 4) if ti else 0])  # fmt: skip
        stamp = int(dt.datetime.combine(d1, dt.time(9, 14, 27), tzinfo=dt.UTC).timestamp() * 1000)
        rel = f"exports/linkedin/{acct.handle}_content_{stamp}.xlsx"
        w.bytes(rel, _save_xlsx(wb, dt.datetime.combine(d1, dt.time(9, 14, 27))))
        files.append(rel)
    return files


LI_JOB_FUNCTIONS = (("Healthcare Services", 0.46), ("Research", 0.12), ("Operations", 0.08), ("Sales", 0.07),
                    ("Education", 0.07), ("Business Development", 0.06), ("Marketing", 0.05),
                    ("Administrative", 0.05), ("Engineering", 0.04))  # fmt: skip
LI_LOCATIONS = (("Île-de-France, France", 0.38), ("Lyon, Auvergne-Rhône-Alpes", 0.14),
                ("Marseille, Provence-Alpes-Côte d'Azur", 0.09), ("Lille, Hauts-de-France", 0.07),
                ("Bordeaux, Nouvelle-Aquitaine", 0.07), ("Toulouse, Occitanie", 0.06))  # fmt: skip
LI_SENIORITY = (("Senior", 0.34), ("Entry", 0.27), ("Manager", 0.14), ("Director", 0.07), ("Owner", 0.05))
LI_INDUSTRIES = (("Hospitals and Health Care", 0.41), ("Pharmaceutical Manufacturing", 0.18),
                 ("Medical Practices", 0.09), ("Higher Education", 0.07), ("Research Services", 0.05))  # fmt: skip
LI_COMPANY_SIZES = (("10,001+ employees", 0.31), ("1001-5000 employees", 0.2), ("201-500 employees", 0.14),
                    ("11-50 employees", 0.12), ("2-10 employees", 0.08))  # fmt: skip


def _write_linkedin_page_audience(w: Writer, seed: int, owned_posts: list[Post]) -> list[str]:
    """The owned LinkedIn page's followers and visitors exports (`<page>_followers_<ms>.xls(x)`,
    `<page>_visitors_<ms>.xlsx`): a daily sheet, then one sheet per demographic (counts)."""
    files = []
    for acct in [a for a in ACCOUNTS if a.platform == "linkedin" and a.owned]:
        r = _rng(seed, "li-page-audience", acct.handle)
        mine = [p for p in owned_posts if p.acct is acct]
        d0, d1 = dt.date(2026, 1, 1), LINKEDIN_EXPORT
        stamp_dt = dt.datetime.combine(d1, dt.time(9, 16, 2))
        stamp = int(stamp_dt.replace(tzinfo=dt.UTC).timestamp() * 1000)

        def demographics(wb: openpyxl.Workbook, value_header: str, total: int, r: random.Random = r) -> None:
            for title, rows in (("Location", LI_LOCATIONS), ("Job function", LI_JOB_FUNCTIONS),
                                ("Seniority", LI_SENIORITY), ("Industry", LI_INDUSTRIES),
                                ("Company size", LI_COMPANY_SIZES)):  # fmt: skip
                ws = wb.create_sheet(title)
                ws.append([title, value_header])
                for label, share in rows:
                    ws.append([label, int(round(total * share * r.uniform(0.9, 1.1)))])

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "New followers"
        ws.append(
            ["Date", "Sponsored followers", "Organic followers", "Auto-invited followers", "Total followers"]
        )
        for day in _days(d0, d1):
            organic = _daily(mine, day, "follows") + _poisson(r, 2.2)
            sponsored = _poisson(r, 1.5) if any(p.boosted and p.published.date() == day for p in mine) else 0
            invited = _poisson(r, 0.3)
            ws.append([_mdy(day), sponsored, organic, invited, sponsored + organic + invited])
        demographics(wb, "Total followers", acct.followers)
        rel = f"exports/linkedin/{acct.handle}_followers_{stamp}.xlsx"
        w.bytes(rel, _save_xlsx(wb, stamp_dt))
        files.append(rel)

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Visitor metrics"
        sections = ("Overview", "Life", "Jobs", "Total")
        ws.append(["Date"] + [f"{s} {what} ({dev})" for s in sections for what in ("page views", "unique visitors")
                              for dev in ("desktop", "mobile devices", "total")])  # fmt: skip
        views_total = 0
        for day in _days(d0, d1):
            row: list[object] = [_mdy(day)]
            totals = [0, 0, 0, 0]  # page views desktop / mobile, unique visitors desktop / mobile
            for s in sections[:-1]:
                busy = CAMPAIGN_BY_ID["OR26"].start <= day <= CAMPAIGN_BY_ID["OR26"].end
                lam = {"Overview": 9.0, "Life": 1.2, "Jobs": 2.5}[s] * (1.6 if busy else 1.0)
                pv_d, pv_m = _poisson(r, lam * 0.6), _poisson(r, lam * 0.4)
                uv_d, uv_m = min(pv_d, _poisson(r, lam * 0.45)), min(pv_m, _poisson(r, lam * 0.3))
                row += [pv_d, pv_m, pv_d + pv_m, uv_d, uv_m, uv_d + uv_m]
                totals = [totals[0] + pv_d, totals[1] + pv_m, totals[2] + uv_d, totals[3] + uv_m]
            row += [totals[0], totals[1], totals[0] + totals[1], totals[2], totals[3], totals[2] + totals[3]]
            views_total += totals[0] + totals[1]
            ws.append(row)
        demographics(wb, "Total views", views_total)
        rel = f"exports/linkedin/{acct.handle}_visitors_{stamp}.xlsx"
        w.bytes(rel, _save_xlsx(wb, stamp_dt))
        files.append(rel)
    return files


YT_TABLE = ["Content", "Video title", "Video publish time", "Duration", "Views", "Watch time (hours)", "Subscribers",
            "Average view duration", "Impressions", "Impressions click-through rate (%)"]  # fmt: skip


def _hms(sec: int) -> str:
    return f"{sec // 3600}:{sec % 3600 // 60:02d}:{sec % 60:02d}"


def _yt_date(d: dt.date) -> str:
    return f"{MON[d.month - 1]} {d.day}, {d.year}"


def _num(x: float) -> str:
    """YouTube-style decimals: no trailing zeros."""
    s = f"{x:.4f}".rstrip("0").rstrip(".")
    return s or "0"


def _write_youtube(w: Writer, seed: int, posts: list[Post]) -> list[str]:
    files = []
    for acct in [a for a in ACCOUNTS if a.platform == "youtube"]:
        mine = [p for p in posts if p.acct is acct]
        d0, d1 = acct.start_date, acct.ref_date
        folder = f"exports/youtube/Content {d0.isoformat()}_{d1.isoformat()} {acct.display_name}"
        rows = []
        for p in mine:
            m = p.at(d1)
            ctr = (
                100 * m["views"] * (0.55 if p.fmt == "yt_video" else 0.15) / m["impressions"]
                if m["impressions"]
                else 0
            )
            rows.append((m["views"], p, m, ctr))
        rows.sort(key=lambda t: (-t[0], t[1].post_id))
        tv = sum(t[0] for t in rows)
        tw = sum(t[2]["watch_ms"] for t in rows) / 1000
        ti = sum(t[2]["impressions"] for t in rows)
        lines = [",".join(YT_TABLE),
                 _line(["Total", "", "", "", tv, _num(tw), sum(t[2]["subscribers"] for t in rows),
                        _hms(int(tw * 3600 / tv)) if tv else "0:00:00", ti,
                        _num(round(100 * sum(t[0] * (0.55 if t[1].fmt == "yt_video" else 0.15) for t in rows) / ti, 2))
                        if ti else ""], _qmin)]  # fmt: skip
        for views, p, m, ctr in rows:
            content = f" {p.post_id}" if p.post_id.startswith("-") else p.post_id
            lines.append(_line([content, p.title, _yt_date(p.published.date()), p.duration, views,
                                _num(m["watch_ms"] / 1000), m["subscribers"], _hms(m["avd_sec"]), m["impressions"],
                                _num(round(ctr, 2))], _qmin))  # fmt: skip
        w.text(f"{folder}/Table data.csv", "\n".join(lines) + "\n")
        top = [t[1] for t in rows[:3]]
        chart = ["Date,Content,Video title,Video publish time,Duration,Views"]
        for p in top:
            for day in _days(p.published.date(), d1):
                content = f" {p.post_id}" if p.post_id.startswith("-") else p.post_id
                chart.append(_line([day.isoformat(), content, p.title, _yt_date(p.published.date()), p.duration,
                                    _daily([p], day, "views")], _qmin))  # fmt: skip
        w.text(f"{folder}/Chart data.csv", "\n".join(chart) + "\n")
        totals = ["Date,Views"] + [f"{day.isoformat()},{_daily(mine, day, 'views')}" for day in _days(d0, d1)]
        w.text(f"{folder}/Totals.csv", "\n".join(totals) + "\n")
        files += [f"{folder}/{n}" for n in ("Table data.csv", "Chart data.csv", "Totals.csv")]
    return files


X_LEGACY = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements", "engagement rate",
            "retweets", "replies", "likes", "user profile clicks", "url clicks", "hashtag clicks", "detail expands",
            "permalink clicks", "app opens", "app installs", "follows", "email tweet", "dial phone", "media views",
            "media engagements", "promoted impressions", "promoted engagements", "promoted engagement rate",
            "promoted retweets", "promoted replies", "promoted likes", "promoted user profile clicks",
            "promoted url clicks", "promoted hashtag clicks", "promoted detail expands", "promoted permalink clicks",
            "promoted app opens", "promoted app installs", "promoted follows", "promoted email tweet",
            "promoted dial phone", "promoted media views", "promoted media engagements"]  # fmt: skip
X_CONTENT = ["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes", "Engagements", "Bookmarks", "Shares",
             "New follows", "Replies", "Reposts", "Profile visits", "Detail Expands", "URL Clicks", "Hashtag Clicks",
             "Permalink Clicks"]  # fmt: skip


def _html(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _write_x(w: Writer, seed: int, posts: list[Post]) -> list[str]:
    files = []
    for acct in [a for a in ACCOUNTS if a.platform == "x"]:
        mine = sorted((p for p in posts if p.acct is acct), key=lambda p: p.published, reverse=True)
        if acct.handle == X_LEGACY_ACCOUNT:
            months = sorted({(p.published.year, p.published.month) for p in mine})
            for y, mo in months:
                first = dt.date(y, mo, 1)
                last = _month_end(first)
                nxt = last + dt.timedelta(days=1)
                lines = [_line(X_LEGACY, _q)]
                for p in [p for p in mine if (p.published.year, p.published.month) == (y, mo)]:
                    m = p.at(last)
                    eng = (m["retweets"] + m["replies"] + m["likes"] + m["profile_clicks"] + m["url_clicks"]
                           + m["hashtag_clicks"] + m["detail_expands"] + m["permalink_clicks"] + m["follows"]
                           + m["media_engagements"])  # fmt: skip
                    utc = p.published - dt.timedelta(hours=2 if 3 < p.published.month < 11 else 1)
                    vals = [p.post_id, f"https://twitter.com/{acct.handle}/status/{p.post_id}", _html(p.caption),
                            utc.strftime("%Y-%m-%d %H:%M +0000"), f"{float(m['impressions'])}", f"{float(eng)}",
                            repr(eng / m["impressions"]) if m["impressions"] else "0.0"]  # fmt: skip
                    vals += [
                        f"{float(m[k])}"
                        for k in (
                            "retweets",
                            "replies",
                            "likes",
                            "profile_clicks",
                            "url_clicks",
                            "hashtag_clicks",
                            "detail_expands",
                            "permalink_clicks",
                        )
                    ]
                    vals += [
                        "0",
                        "0",
                        str(m["follows"]),
                        "0",
                        "0",
                        str(m["media_views"]),
                        str(m["media_engagements"]),
                    ]
                    vals += ["-"] * 18
                    lines.append(_line(vals, _q))
                rel = f"exports/x/tweet_activity_metrics_{acct.handle}_{first:%Y%m%d}_{nxt:%Y%m%d}_en.csv"
                w.text(rel, "\n".join(lines) + "\n")
                files.append(rel)
        else:
            lines = [",".join(X_CONTENT)]
            for p in mine:
                m = p.at(acct.ref_date)
                d = p.published.date()
                text = _html(re.sub(r"\s+", " ", p.caption)).strip()
                eng = (
                    m["likes"]
                    + m["replies"]
                    + m["retweets"]
                    + m["bookmarks"]
                    + m["profile_clicks"]
                    + m["detail_expands"]
                    + m["url_clicks"]
                    + m["hashtag_clicks"]
                    + m["permalink_clicks"]
                )
                lines.append(_line([p.post_id, f"{DAYS[d.weekday()]}, {MON[d.month - 1]} {d.day}, {d.year}", text,
                                    p.permalink, m["impressions"], m["likes"], eng, m["bookmarks"], 0, m["follows"],
                                    m["replies"], m["retweets"], m["profile_clicks"], m["detail_expands"],
                                    m["url_clicks"], m["hashtag_clicks"], m["permalink_clicks"]], _qmin))  # fmt: skip
            rel = (
                f"exports/x/{acct.handle}/account_analytics_content_{acct.start_date.isoformat()}_"
                f"{acct.ref_date.isoformat()}.csv"
            )
            w.text(rel, "\n".join(lines) + "\n")
            files.append(rel)
    return files


# --------------------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------------------
C_QUESTION = {
    "OR26": ("a partir de quel age on peut faire une mammographie ?", "c'est remboursé la mammo avant 50 ans ?",
             "est-ce que l'échographie suffit quand on a les seins denses ?", "combien de temps pour avoir les résultats ?",
             "on peut faire la mammo pendant les règles ?", "l'autopalpation on la fait à quel moment du cycle ?",
             "ma mère a eu un cancer du sein, je dois commencer le dépistage plus tôt ?",
             "c'est normal d'avoir mal aux seins avant les règles ou je dois m'inquiéter ?"),
    "DT2-26": ("glycémie à jeun à 1,10 c'est grave ?", "le diabète de type 2 c'est héréditaire ?",
               "on peut faire le test en pharmacie sans ordonnance ?", "le pain complet ça fait monter la glycémie aussi ?",
               "c'est quoi la différence entre type 1 et type 2 ?", "à partir de combien on parle de prédiabète ?",
               "les fruits c'est autorisé quand on est diabétique ?", "l'hémoglobine glyquée c'est quoi exactement ?"),
    "SPA26": ("on peut faire du sport pendant une poussée ?", "HLA-B27 négatif mais on me parle de spa, c'est possible ?",
              "quel rhumato vous conseillez sur Lyon ?", "la kiné c'est remboursé combien de séances ?",
              "vous avez eu une IRM des sacro-iliaques pour le diagnostic ?",
              "comment vous gérez la fatigue au travail ?", "la biothérapie c'est à vie ?",
              "quelqu'un a des conseils pour dormir avec les douleurs la nuit ?"),
    "DEN26": ("Quels outils de dépistage utilisez-vous en ville ?", "Avez-vous des retours sur le MNA en ambulatoire ?",
              "Comment impliquez-vous les aides-soignants dans la pesée ?", "Les nouveaux critères HAS s'appliquent aussi en EHPAD ?",
              "Quelle fréquence de pesée recommandez-vous à domicile ?"),
    None: ("tu utilises quoi comme appli ?", "c'est où ?", "tu peux faire une vidéo là-dessus ?", "ça marche vraiment ?"),
}  # fmt: skip
C_TESTIMONY = {
    "OR26": ("ma maman a été diagnostiquée grâce au dépistage, aujourd'hui elle va bien 💗",
             "diagnostiquée à 38 ans, en rémission depuis 4 ans. faites vous dépister les filles",
             "j'ai trouvé une boule en me palpant, c'était un kyste mais j'ai eu tellement peur",
             "ma tante n'a jamais voulu faire sa mammo… elle nous a quittés l'an dernier",
             "j'ai fait ma première mammo la semaine dernière, pas si terrible que ça finalement",
             "3 ans de traitement, ça a été dur mais je suis là 💪"),
    "DT2-26": ("prédiabétique l'an dernier, j'ai perdu 8 kg et ma glycémie est redevenue normale",
               "mon père est diabétique depuis 20 ans, il a perdu un orteil, prenez ça au sérieux",
               "diagnostiquée type 2 à 45 ans, la marche tous les jours a tout changé pour moi",
               "moi c'est la fatigue qui m'a alertée, j'avais 2,30 de glycémie",
               "ma mère a eu un diabète gestationnel puis un type 2 dix ans après"),
    "SPA26": ("j'ai mis 10 ans à être diagnostiquée, on me disait que c'était dans ma tête",
              "mon mari a une spa depuis 15 ans, le sport l'aide énormément",
              "diagnostiqué à 24 ans après des années de lumbago, je me reconnais tellement",
              "la raideur du matin c'est exactement ça, 1h avant de pouvoir bouger",
              "depuis que je nage 2 fois par semaine j'ai beaucoup moins de poussées",
              "moi aussi on m'a dit que j'étais trop jeune pour avoir mal au dos"),
    "DEN26": ("Dans notre EHPAD nous pesons les résidents chaque mois depuis 2024, les résultats sont là.",
              "En HAD on voit énormément de dénutrition non repérée à la sortie d'hospitalisation.",
              "Diététicienne en SSR : l'enrichissement des repas a vraiment fait la différence chez nos patients.",
              "Nous avons mis en place une pesée systématique à l'admission, +30 % de dépistage."),
    None: ("pareil pour moi !", "ça m'est arrivé aussi la semaine dernière", "je connais trop ça 😅"),
}  # fmt: skip
C_INTENTION = {
    "OR26": ("je prends rdv pour ma mammo demain", "bon allez j'appelle mon gynéco lundi",
             "je vais en parler à ma mère ce week-end", "rdv pris pour le 14 !", "je m'inscris à la marche rose 🎀",
             "je retrouve mon courrier de dépistage et j'appelle"),
    "DT2-26": ("je vais faire le test en pharmacie", "je vais demander une prise de sang à mon médecin",
               "je commence la marche dès demain", "je vais en parler à mon père", "je remplis le questionnaire ce soir"),
    "SPA26": ("je vais demander à mon médecin de m'envoyer chez un rhumato", "rdv pris chez le rhumato !",
              "je vais essayer ta routine demain matin", "je vais rejoindre le groupe de parole"),
    "DEN26": ("Je partage à l'équipe du CLAN.", "Nous allons tester ce protocole dans notre service.",
              "Je vais proposer la pesée systématique en réunion de service."),
    None: ("je teste ça ce week-end", "je vais essayer"),
}  # fmt: skip
C_AWARENESS = {
    "OR26": ("1 femme sur 8, il faut le répéter", "le dépistage est gratuit dès 50 ans les filles", "partagé ✅",
             "important de le rappeler chaque année"),
    "DT2-26": ("le diabète c'est silencieux, faut vraiment le dire", "partagé à toute ma famille",
               "on n'en parle pas assez"),
    "SPA26": ("merci de parler de la spa, on est invisibles", "partagé pour faire connaître la maladie",
              "8 ans de retard de diagnostic en moyenne, c'est énorme"),
    "DEN26": ("Un sujet trop souvent oublié, merci de le remettre en lumière.", "À relayer largement.",
              "La dénutrition n'est pas qu'une affaire de personnes âgées."),
    None: ("à partager", "important"),
}  # fmt: skip
C_DOUBT = ("encore un post payé par big pharma…", "c'est sponsorisé par un labo non ?", "payé combien pour dire ça ?",
           "bizarre ce partenariat", "moi je préfère le naturel, les labos c'est du business",
           "j'ai lu que le dépistage sert à rien", "la mammo ça irradie, pas top non ?",
           "faut arrêter de faire peur aux gens", "tout ça pour vendre des médicaments", "big pharma comme d'hab 🙄")  # fmt: skip
C_SUPPORT = ("merci pour ce post 🙏", "trop important merci", "bravo pour ton combat 💪", "tu es une source d'inspiration",
             "merci docteur pour vos conseils toujours clairs", "super vidéo comme d'hab", "courage à toutes 💗",
             "merci pour la clarté des explications", "tellement vrai", "merci de parler de ça", "top 👏",
             "je t'adore", "contenu toujours au top", "merci pour tout ce que tu fais", "bravo", "force à toi")  # fmt: skip
C_SUPPORT_PRO = ("Merci pour ce partage, très pertinent.", "Bravo à toute l'équipe !", "Excellent rappel, merci.",
                 "Très belle initiative.", "Merci pour cette synthèse claire.", "Bravo pour ce travail.")  # fmt: skip
C_TAG = ("@{f} regarde", "@{f} 👀", "@{f} on y va ensemble ?", "@{f} pense à ta mammo !!", "@{f} @{g} ça vous concerne",
         "@{f} tu vois je te l'avais dit", "@{f} c'est pour toi", "@{f} 😂😂", "@{f} @{g} @{h}")  # fmt: skip
C_SPAM = ("💰 J'ai gagné 3000€ en une semaine grâce au trading crypto, écris-moi en DM",
          "DM for promo 🔥", "Nice post! Send it to @promo.boost.page to get featured 🚀",
          "Bitcoin investment 100% garanti 📈 contact @crypto_jeanne_invest", "Gagne un iPhone 17 ➡️ lien dans ma bio",
          "Follow me for daily health tips 💪💪", "Collab ? DM us @growthfr.agency",
          "Je gagne 500€/jour depuis chez moi 😱 demande-moi comment")  # fmt: skip
C_EMOJI = ("🎀🎀", "💗", "🙏🙏🙏", "👏👏", "❤️", "🔥", "😍", "💪🏼", "🥺", "💕💕")
C_ENGLISH = ("so important, thank you for sharing", "where can I get screened in Paris?", "great video 👏",
             "my mom went through this too 💗", "thanks for sharing!", "is this available in English?", "love this ❤️",
             "sending love from Montreal")  # fmt: skip
PRODUCT_FORM = {"Hélotam": "oral", "tamoxifène": "oral", "Glucovia": "oral", "metformine": "oral",
                "ibuprofène": "oral", "Spondylix": "injection", "adalimumab": "injection", "GlucoSense": "device",
                "NutriPlus Protéines": "supplement"}  # fmt: skip
C_AE = {  # {p} = product; {de} = "de X" / "d'X"
    "oral": ("depuis que je prends {p} j'ai des vertiges tous les matins",
             "{p} me donne des nausées depuis 2 semaines, c normal ?", "j'ai arrêté {p} à cause des diarrhées",
             "sous {p} depuis 3 mois et j'ai des plaques rouges sur les bras",
             "est ce que qqn a eu des maux de tête avec {p} ? moi oui depuis le début",
             "{p} = perte de cheveux pour moi, personne n'en parle",
             "j'ai fait un malaise la semaine dernière, je pense que c'est à cause {de}",
             "bouffées de chaleur horribles depuis que je suis sous {p}"),
    "injection": ("après ma 2e injection {de} j'ai eu de la fièvre pendant 3 jours",
                  "grosse rougeur au point d'injection avec {p}, ça gratte pendant une semaine",
                  "depuis {p} je fais angine sur angine", "sous {p} depuis 3 mois et j'ai des plaques rouges partout",
                  "est ce que qqn a eu des maux de tête après l'injection {de} ? moi à chaque fois"),
    "device": ("le capteur {p} me fait des irritations et des cloques sur le bras",
               "réaction allergique à la colle du {p}, j'ai une plaque rouge qui part pas",
               "mon {p} s'est décollé et la plaie cicatrise mal"),
    "supplement": ("{p} me donne des ballonnements et la diarrhée", "ma mère vomit après chaque {p}"),
}  # fmt: skip
C_AE_EN = {"oral": ("been on {p} for a month and the dizziness is awful",),
           "injection": ("after my 2nd dose of {p} I had a fever for 3 days",),
           "device": ("the {p} sensor gave me a nasty rash",),
           "supplement": ("{p} gives my dad terrible bloating",)}  # fmt: skip
C_AE_PRO = ("Plusieurs de nos résidents ont eu des ballonnements avec {p}, à surveiller.",
            "Nous avons observé des diarrhées chez deux patients sous {p}, déclaration faite au CRPV.",
            "Attention aux nausées avec {p} chez les patients très âgés, nous l'avons constaté en SSR.")  # fmt: skip
C_AE_NEG = ("aucun effet secondaire pour moi avec {p} 👍", "{p} depuis 2 ans, jamais eu de souci",
            "pas de vertiges ni de nausées avec {p}, tout va bien",
            "on m'avait fait peur avec les effets secondaires {de} mais rien du tout",
            "mon médecin m'a expliqué les effets secondaires possibles {de}, ça rassure",
            "no side effects at all for me with {p}")  # fmt: skip
C_AE_NEG_PRO = (
    "Très bonne tolérance {de} chez nos résidents.",
    "Aucun effet indésirable signalé avec {p} dans notre service.",
)


def _de(product: str) -> str:
    return ("d'" if _strip_accents(product[0]).lower() in "aeiouyh" else "de ") + product


def _ae_text(r: random.Random, product: str, platform: str, negative: bool) -> str:
    form = PRODUCT_FORM[product]
    if platform == "linkedin":
        bank = C_AE_NEG_PRO if negative else C_AE_PRO
    elif negative:
        bank = C_AE_NEG
    else:
        bank = C_AE_EN[form] if r.random() < 0.15 else C_AE[form]
    return r.choice(bank).format(p=product, de=_de(product))


MIX = {  # reaction mix by profile type (spam and emoji included); adverse events are added separately
    "health_professional": {"question": .30, "testimony": .10, "support": .22, "intention": .10, "awareness": .06,
                            "doubt": .06, "tag": .07, "spam": .03, "emoji": .06},
    "patient_expert": {"question": .12, "testimony": .32, "support": .25, "intention": .06, "awareness": .04,
                       "doubt": .03, "tag": .08, "spam": .03, "emoji": .07},
    "caregiver": {"question": .12, "testimony": .26, "support": .30, "intention": .06, "awareness": .04,
                  "doubt": .03, "tag": .08, "spam": .03, "emoji": .08},
    "institution": {"question": .18, "testimony": .08, "support": .20, "intention": .16, "awareness": .14,
                    "doubt": .08, "tag": .06, "spam": .04, "emoji": .06},
    "generalist": {"question": .10, "testimony": .08, "support": .18, "intention": .08, "awareness": .04,
                   "doubt": .12, "tag": .20, "spam": .08, "emoji": .12},
}  # fmt: skip
AE_RATE = 0.006  # on posts of campaigns with products: ~0.5% of all comments
AE_NEG_RATE = 0.006
ENGLISH_RATE = 0.05
REPLY_RATE = 0.01
TARGET_COMMENTS = 20_000
COMMENT_CAP = 400  # per post, as a scraping tool would stop

FIRST = ("marie sophie julie camille lea manon chloe sarah ines emma laura aurelie nathalie sandrine isabelle celine "
         "stephanie karine valerie nadia fatima amina yasmine lucie pauline melanie elodie audrey virginie christine "
         "sylvie martine monique brigitte francoise anne claire helene agnes oceane jade louise alice zoe clara thomas "
         "nicolas julien mehdi karim yanis kevin maxime antoine pierre jean michel philippe patrick laurent "
         "christophe sebastien romain hugo lucas theo mohamed samir rachid bruno didier alain gerard franck olivier "
         "david fabrice").split()  # fmt: skip
LAST = ("martin bernard dubois thomas robert richard petit durand leroy moreau simon laurent lefebvre michel garcia "
        "david bertrand roux vincent fournier morel girard andre mercier dupont lambert bonnet francois martinez "
        "legrand garnier faure rousseau blanc guerin muller henry roussel nicolas perrin morin mathieu clement "
        "gauthier dumont lopez fontaine chevalier robin masson benali haddad nguyen diallo traore mendy dasilva "
        "ferreira kaya benhamou").split()  # fmt: skip
SUFFIX = (
    "lyon",
    "69",
    "13",
    "bzh",
    "nantes",
    "off",
    "pro",
    "rose",
    "zen",
    "run",
    "vie",
    "59",
    "33",
    "du31",
    "mtp",
)
SMS = ((r"\bje suis\b", "jsuis"), (r"\bc'est\b", "c"), (r"\bpourquoi\b", "pk"), (r"\bbeaucoup\b", "bcp"),
       (r"\bquelqu'un\b", "qqn"), (r"\baujourd'hui\b", "auj"), (r"\brendez-vous\b", "rdv"), (r"\btout\b", "tt"),
       (r"\bvraiment\b", "vrmt"), (r"\bje sais pas\b", "jsp"), (r"\bmerci\b", "mrc"), (r"\bquand\b", "qd"))  # fmt: skip


def _handle(r: random.Random, platform: str) -> str:
    f, n = r.choice(FIRST), r.choice(LAST)
    if platform in ("facebook", "linkedin"):
        return f"{f.capitalize()} {n.capitalize()}"
    if platform == "youtube":
        return (
            f"@{f}{n}{r.randint(1, 99)}"
            if r.random() < 0.6
            else "@user-" + "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(8))
        )
    if platform == "tiktok" and r.random() < 0.12:
        return "user" + _digits(r, 13)
    pat = r.randrange(7)
    return (f"{f}.{n}", f"{f}_{n[0]}{r.randint(10, 99)}", f"{f}{n[:3]}{r.randint(80, 99)}", f"lavie_de_{f}",
            f"{f}.{r.choice(SUFFIX)}", f"_{f}{n}_", f"{f}_{r.choice(SUFFIX)}")[pat]  # fmt: skip


EMOJI_BY_CATEGORY = {
    "question": ("🤔", "🙏", "😅"),
    "testimony": ("💗", "🙏", "💪", "😢", "🥺"),
    "support": ("🙏", "💗", "❤️", "👏", "💪", "🙌", "😍", "✨"),
    "intention": ("💪", "🎀", "✨", "🙌"),
    "awareness": ("🎀", "💗", "🙌", "✨"),
    "doubt": ("🙄", "🤔", "😒"),
    "tag": ("👀", "😂", "🙏", "💗"),
    "adverse_event": ("😕", "😢", "🤔"),
    "ae_negative": ("👍", "🙏", "💪"),
}


def _style(r: random.Random, text: str, platform: str, category: str = "support") -> str:
    """Write it the way people do: no accents, no capitals, SMS spelling, emojis."""
    if platform == "linkedin":
        return text
    if r.random() < 0.35:
        text = _strip_accents(text)
    if r.random() < 0.25:
        for pat, rep in SMS:
            text = re.sub(pat, rep, text)
    if r.random() < 0.45:
        text = text.lower()
    elif r.random() < 0.5:
        text = text[:1].upper() + text[1:]
    if r.random() < 0.3:
        text = text.rstrip(".!? ")
    tails = EMOJI_BY_CATEGORY.get(category)
    if tails and r.random() < 0.35:
        text += " " + r.choice(tails) * r.choice((1, 1, 2, 3))
    if r.random() < 0.04:
        text = text.rstrip() + "!!!"
    return text


def _comment_text(r: random.Random, p: Post, cat: str, friends: list[str]) -> str:
    camp = p.campaign_id if p.kind != "organic" else None
    pro = p.acct.platform == "linkedin"
    if cat == "question":
        return r.choice(C_QUESTION[camp])
    if cat == "testimony":
        return r.choice(C_TESTIMONY[camp])
    if cat == "intention":
        return r.choice(C_INTENTION[camp])
    if cat == "awareness":
        return r.choice(C_AWARENESS[camp])
    if cat == "doubt":
        return r.choice(C_DOUBT)
    if cat == "support":
        return r.choice(C_SUPPORT_PRO if pro else C_SUPPORT)
    if cat == "tag":
        f, g, h = (friends[r.randrange(len(friends))] for _ in range(3))
        return r.choice(C_TAG).format(f=f, g=g, h=h)
    if cat == "spam":
        return r.choice(C_SPAM)
    if cat == "english":
        return r.choice(C_ENGLISH)
    return r.choice(C_EMOJI)


@dataclass
class Comment:
    post: Post
    comment_id: str
    parent_id: str
    author: str
    published: dt.datetime
    text: str
    likes: int
    category: str


def _comment_id(r: random.Random, p: Post, when: dt.datetime, parent: str = "") -> str:
    plat = p.acct.platform
    if plat == "instagram":
        return "1" + r.choice(("79", "80")) + _digits(r, 15)
    if plat == "tiktok":
        return str(_tiktok_id(r, when))
    if plat == "facebook":
        return f"{p.post_id}_{_digits(r, 16)}"
    if plat == "youtube":
        if parent:
            return parent + "." + "".join(r.choice(B64) for _ in range(22))
        return "Ug" + r.choice("zwxy") + "".join(r.choice(B64[:62]) for _ in range(16)) + "4AaABAg"
    if plat == "linkedin":
        return str(_linkedin_id(r, when))
    return str(_snowflake(r, when - dt.timedelta(hours=1)))


def _comment_counts(posts: list[Post]) -> dict[int, int]:
    """Rows to export per post: a share of the platform's comment count, scaled to ~TARGET_COMMENTS."""
    base = {i: p.final.get("comments", p.final.get("replies", 0)) for i, p in enumerate(posts)
            if p.fmt != "ig_story"}  # fmt: skip
    lo, hi = 0.0, 1.0
    for _ in range(40):
        s = (lo + hi) / 2
        total = sum(min(c, COMMENT_CAP, int(c * s + 0.5)) for c in base.values())
        lo, hi = (s, hi) if total < TARGET_COMMENTS else (lo, s)
    return {i: min(c, COMMENT_CAP, int(c * lo + 0.5)) for i, c in base.items()}


def _simulate_comments(seed: int, posts: list[Post]) -> list[Comment]:
    counts = _comment_counts(posts)
    pools: dict[str, list[str]] = {}
    out: list[Comment] = []
    for i, p in enumerate(posts):
        n = counts.get(i, 0)
        if not n:
            continue
        r = _rng(seed, "comments", p.acct.key, p.post_id)
        plat = p.acct.platform
        if plat not in pools:
            rp = _rng(seed, "authors", plat)
            pools[plat] = [_handle(rp, plat) for _ in range(3000)]
        pool = pools[plat]
        friends = pools["instagram"] if "instagram" in pools else pool
        mix = dict(MIX[p.acct.profile_type])
        if plat == "linkedin":
            mix.update(emoji=0.0, spam=0.01, tag=0.02, support=mix["support"] + 0.15)
        if plat == "x":
            mix["doubt"] += 0.08
        cats = tuple(mix.items())
        total_p = sum(mix.values())
        camp = CAMPAIGN_BY_ID.get(p.campaign_id or "")
        prods = camp.products if camp else ()
        mine: list[Comment] = []
        for _ in range(n):
            age_h = min(r.expovariate(1 / (p.tau * 20)), 24 * 120)
            when = p.published + dt.timedelta(hours=age_h, seconds=r.randint(0, 3599))
            when = min(when, COMMENTS_COLLECTED - dt.timedelta(minutes=r.randint(1, 600)))
            u = r.random()
            if prods and u < AE_RATE:
                cat = "adverse_event"
                text = _style(r, _ae_text(r, r.choice(prods), plat, negative=False), plat, cat)
            elif prods and u < AE_RATE + AE_NEG_RATE:
                cat = "ae_negative"
                text = _style(r, _ae_text(r, r.choice(prods), plat, negative=True), plat, cat)
            elif r.random() < ENGLISH_RATE and plat != "linkedin":
                cat = "english"
                text = r.choice(C_ENGLISH)
            else:
                x, acc, cat = r.random() * total_p, 0.0, cats[-1][0]
                for name, w8 in cats:
                    acc += w8
                    if x < acc:
                        cat = name
                        break
                text = _style(r, _comment_text(r, p, cat, friends), plat, cat)
            author = pool[r.randrange(60)] if r.random() < 0.25 else pool[r.randrange(len(pool))]  # regulars
            likes = int(r.paretovariate(1.6)) - 1 if r.random() < 0.55 else 0
            mine.append(Comment(p, _comment_id(r, p, when), "", author, when.replace(microsecond=0), text,
                                min(likes, 500), cat))  # fmt: skip
        mine.sort(key=lambda c: (c.published, c.comment_id))
        earlier: list[Comment] = []
        for c in mine:  # ~1% are replies to an earlier comment on the same post
            if earlier and r.random() < REPLY_RATE * 1.3:
                parent = r.choice(earlier[-20:])
                c.parent_id = parent.comment_id
                if plat == "youtube":
                    c.comment_id = _comment_id(r, p, c.published, parent.comment_id)
                if c.category not in ("adverse_event", "ae_negative"):
                    c.text = f"@{parent.author.lstrip('@')} " + c.text if plat != "facebook" else c.text
            else:
                earlier.append(c)
        out.extend(mine)
    return out


COMMENT_HEADER = ["platform", "post_permalink", "post_id", "comment_id", "parent_id", "author", "published_at",
                  "text", "likes"]  # fmt: skip
ID_ONLY_COMMENTS = ("tiktok", "youtube")  # their collector gives the video id only (post_permalink empty)
TOOL_HEADER = ["Name", "Profile URL", "Date", "Likes", "Comment"]


def _write_comments(w: Writer, seed: int, comments: list[Comment]) -> dict[str, object]:
    tool_post = max((c.post for c in comments if c.post.acct.handle == "rose.et.combative"
                     and c.post.campaign_id == "OR26"), key=lambda p: p.final.get("comments", 0))  # fmt: skip
    files = []
    by_platform: dict[str, list[str]] = {}
    tool_lines = [",".join(TOOL_HEADER)]
    for c in comments:
        plat = c.post.acct.platform
        if c.post is tool_post:
            tool_lines.append(
                _line(
                    [
                        c.author,
                        f"https://www.instagram.com/{c.author}/",
                        c.published.strftime("%Y-%m-%d %H:%M:%S"),
                        c.likes,
                        c.text,
                    ],
                    _qmin,
                )
            )
            continue
        permalink = "" if plat in ID_ONLY_COMMENTS else c.post.permalink
        post_id = f"urn:li:activity:{c.post.post_id}" if plat == "linkedin" else c.post.post_id
        by_platform.setdefault(plat, [",".join(COMMENT_HEADER)]).append(_line(
            [plat, permalink, post_id, c.comment_id, c.parent_id, c.author,
             c.published.isoformat(), c.text, c.likes], _qmin))  # fmt: skip
    for plat in sorted(by_platform):
        rel = f"exports/comments/comments_{plat}.csv"
        w.text(rel, "\n".join(by_platform[plat]) + "\n")
        files.append(rel)
    rel = f"exports/comments/comments_export_{tool_post.shortcode}.csv"
    w.text(rel, "\r\n".join(tool_lines) + "\r\n", bom=b"\xef\xbb\xbf")
    files.append(rel)
    return {"files": files, "tool_post": tool_post}


# --------------------------------------------------------------------------------------
# Roster, templates, README, manifest
# --------------------------------------------------------------------------------------
CAMPAIGN_COLUMNS = ["campaign_id", "name", "client", "therapeutic_area", "start_date", "end_date", "hashtags",
                    "budget", "currency"]  # fmt: skip
ROSTER_COLUMNS = ["campaign_id", "platform", "handle", "display_name", "profile_type", "specialty", "followers", "fee",
                  "currency", "hcp_agreement_ref"]  # fmt: skip
TEMPLATE_CAMPAIGN = ["CAMP01", "Nom de la campagne", "Client", "oncologie", "2026-10-01", "2026-10-31",
                     "#Hashtag1 #Hashtag2", 50000, "EUR"]  # fmt: skip
TEMPLATE_ROSTER = ["CAMP01", "instagram", "@handle", "Nom affiché", "health_professional", "infirmière", 12000, 1500,
                   "EUR", "EIS-2026-000000"]  # fmt: skip


def _roster_rows(seed: int, accounts: list[Account]) -> tuple[list[list[object]], list[list[object]]]:
    roster: list[list[object]] = []
    spend: dict[str, int] = {}
    for acct in accounts:
        r = _rng(seed, "roster", acct.key)
        ref = ("EIS-2026-" + _digits(r, 6)) if acct.profile_type == HP and acct.hcp_ref else ""
        for cid in acct.campaigns:
            handle = ("@" + acct.handle) if r.random() < 0.5 else acct.handle
            followers = int(
                round(acct.followers * r.uniform(0.93, 0.99), -2 if acct.followers > 5000 else -1)
            )
            ptype = OWNED_PAGE if acct.owned else acct.profile_type
            roster.append([cid, acct.platform, handle, acct.display_name, ptype, acct.specialty,
                           followers, acct.fees[cid], "EUR", ref])  # fmt: skip
            spend[cid] = spend.get(cid, 0) + acct.fees[cid]
    roster.sort(
        key=lambda row: ([c.campaign_id for c in CAMPAIGNS].index(str(row[0])), str(row[1]), str(row[2]))
    )
    campaigns = [[c.campaign_id, c.name, c.client, c.therapeutic_area, c.start.isoformat(), c.end.isoformat(),
                  " ".join(c.hashtags), int(math.ceil(spend.get(c.campaign_id, 0) * 1.35 / 5000) * 5000), "EUR"]
                 for c in CAMPAIGNS]  # fmt: skip
    return campaigns, roster


def _csv(header: list[str], rows: list[list[object]]) -> str:
    return "\n".join([",".join(header)] + [_line(row, _qmin) for row in rows]) + "\n"


def _workbook(sheets: list[tuple[str, list[str], list[list[object]]]]) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, header, rows in sheets:
        ws = wb.create_sheet(name)
        ws.append(header)
        for row in rows:
            ws.append(row)
    return wb


def _write_roster(w: Writer, seed: int, accounts: list[Account]) -> dict[str, object]:
    campaigns, roster = _roster_rows(seed, accounts)
    w.text("roster/campaigns.csv", _csv(CAMPAIGN_COLUMNS, campaigns))
    w.text("roster/roster.csv", _csv(ROSTER_COLUMNS, roster))
    stamp = dt.datetime(2026, 1, 15, 10, 0)
    w.bytes(
        "roster/roster.xlsx",
        _save_xlsx(
            _workbook([("campaigns", CAMPAIGN_COLUMNS, campaigns), ("roster", ROSTER_COLUMNS, roster)]), stamp
        ),
    )
    w.text("templates/campaigns_template.csv", _csv(CAMPAIGN_COLUMNS, [TEMPLATE_CAMPAIGN]))
    w.text("templates/roster_template.csv", _csv(ROSTER_COLUMNS, [TEMPLATE_ROSTER]))
    w.bytes(
        "templates/roster_template.xlsx",
        _save_xlsx(
            _workbook(
                [
                    ("campaigns", CAMPAIGN_COLUMNS, [TEMPLATE_CAMPAIGN]),
                    ("roster", ROSTER_COLUMNS, [TEMPLATE_ROSTER]),
                ]
            ),
            stamp,
        ),
    )
    return {"campaigns": campaigns, "roster": roster}


def _true_effects(accounts: list[Account]) -> dict[str, object]:
    return {
        "model": "engagements ~ NegBin(mean = denominator x base_rate x format x profile x tier x influencer, "
                 f"shape k={NB_DISPERSION}; gamma multipliers rescaled to mean 1 within each format); counts then "
                 "split multinomially into likes/comments/shares/saves (reactions/comments/shares on Facebook...)",
        "denominator": DENOMINATOR,
        "base_rate": BASE_RATE,
        "format_rate_ratio": {k: v for k, v in FORMAT_RR.items() if v is not None},
        "format_notes": {"ig_story": "no interactions in Meta's export (reach/views only); reach 0.07 x followers",
                         "yt_video/yt_short": "no interactions in the Table data layout; comments file only"},
        "profile_rate_ratio": PROFILE_RR,
        "tier_rate_ratio": TIER_RR,
        "reference_levels": {"format": "ig_image / tiktok_video / fb_photo / li_post / x_post",
                             "profile": "generalist", "tier": "micro"},
        "influencer_random_effect_sigma_log": INFLUENCER_SIGMA,
        "influencer_effects": {a.key: round(a.effect, 4) for a in accounts},
        "instagram_saves_share": SAVES_SHARE,
        "instagram_reach_fraction_of_followers": {"ig_image": 0.22, "ig_carousel": 0.26, "ig_reel": 0.38,
                                                  "ig_story": 0.07, "tier_factor": {"nano": 1.1, "micro": 1.0,
                                                  "mid": 0.85, "macro": 0.7, "mega": 0.55}, "cap": 0.92},
        "growth_curve": "share of lifetime metrics at age a days = 0.85(1-exp(-a/tau)) + 0.15 min(1, a/90); "
                        f"tau by platform/format {TAU}",
        "comment_mix_by_profile": MIX,
        "adverse_event_rate": AE_RATE,
        "adverse_event_hard_negative_rate": AE_NEG_RATE,
        "english_rate": ENGLISH_RATE,
        "reply_rate": REPLY_RATE,
    }  # fmt: skip


def _table(header: list[str], rows: list[list[object]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


README_TEMPLATE = """# Relais sample data

Generated by `make sample` (`sample_data/generate.py`, seed $seed); **do not edit by hand**:
`tests/sample_data/test_sample.py` checks that these files are byte-identical to a fresh run. Regenerate with
`make sample` (or `python -m sample_data.generate --out sample_data`). Everything is fictional: five French health
campaigns in 2026, $influencers accounts on six platforms, $posts posts, $comments comments.
`manifest.json` lists every file (size, sha256), the counts, the true effects and the ground truth
(adverse-event comment ids, compliance findings, realised influencer effects, and per post as the warehouse
keys it: kind campaign / organic / hashtag_outside, true campaign, disclosure class, format).

## Roster (the Relais roster template)

* `roster/campaigns.csv`: `$campaign_cols`. Dates ISO; `hashtags` space-separated
  (`#OctobreRose #DepistageCancerSein`; the loader also accepts `,` `;` `|`); budget in `currency`.
* `roster/roster.csv`: `$roster_cols`. One row per (campaign, account); handles with or without `@` (mixed on
  purpose); `profile_type` one of health_professional, patient_expert, caregiver, institution, generalist,
  or brand_page for the client's own pages (OR26: Laboratoires Hélora's Instagram `helora.sante` and LinkedIn
  page `laboratoires-helora`, unpaid; shown on the Owned pages page);
  `specialty` for health professionals; `fee` 0 = unpaid; `hcp_agreement_ref` empty for some health
  professionals (compliance finding). Facebook pages are matched by `display_name` = the export's `Page name`,
  YouTube channels by the channel name in the export folder name.
* `roster/roster.xlsx`: the same content, sheets `campaigns` and `roster`.
* `templates/`: what the UI offers for download: `campaigns_template.csv`, `roster_template.csv`,
  `roster_template.xlsx` (header + one example row).

Campaigns: $campaign_list.

## Platform exports (`exports/`), byte layouts as the platforms write them

| path | layout |
|---|---|
| `instagram/<Mon-DD-YYYY>_<Mon-DD-YYYY>_<16 digits>.csv` | Meta Business Suite content export, several accounts per file. UTF-8 BOM, LF, fields quoted only when they contain a space, comma, quote or newline (so `"Post ID"` but `Description`), multi-line captions, `Publish time` `MM/DD/YYYY HH:MM`, `Post type` IG reel / IG image / IG carousel / IG story, `Date` = `Lifetime`. Stories: Views and Reach only, no text. Three exports: Jan-01 to Oct-15-2026 (mid-campaign: only the posts published so far, lower figures), Jan-01 to Dec-31-2026 (final) and Mar-01 to May-31-2026 in the **2024 column order** (`...,Date,Reach,Likes,Shares,Follows,Comments,Saves,Views`) for the SpA accounts. The end of the period in the name is the snapshot date. |
| `instagram/insights_<handle>/{Views,Reach,Follows,Interactions,Link clicks,Visits}.csv` | Per-metric daily Insights: UTF-16LE with BOM, LF, `sep=,`, the metric title (`"Views"`, `"Reach"`, `"Instagram follows"`, `"Content interactions"`, `"Instagram link clicks"`, `"Instagram profile visits"`), `"Date","Primary"`, rows `"2026-03-01T00:00:00","3227"`, a blank line at the end. The hour moves to `T01:00:00` after the US DST change (from 2026-11-02), as in real files. The account is named only by the folder. |
| `tiktok/<handle>/Content.csv` | TikTok Studio: UTF-8 BOM, everything quoted, no final newline, `Time` = export day without year, `Post time` without year, `Video title` = caption (trailing space). `$tt_two` also has `Content 2.csv`, a later export (browser duplicate-download suffix). |
| `tiktok/$tt_business/video_performance.csv` | TikTok Business variant: `Video title,Video link,Post time,Video views,Likes,Comments,Shares,Add to Favorites`, `2026/03/12 18:19:10`, minimal quoting. |
| `tiktok/<handle>/Overview.csv`, `Viewers.csv`, `Followers_<handle>/Follower{History,Activity,Gender,TopTerritories}.csv` | Account files: 60 days up to the export day (7 days by hour for activity), year-less dates, `undefined` in the first rows of Viewers and FollowerHistory, distributions as fractions. |
| `facebook/<page>/<Mon-DD-YYYY>_<Mon-DD-YYYY>_<id>.csv` | Meta Business Suite Facebook post export: a 29-column subset of the real ~330 in the 2025 naming and order (`Views` before `Reach`, sentence-case `Reactions, comments and shares`), `Post type` Photos / Reels / Videos / Links / Text, `Caption type` N/A or Auto-generated. The page is named by `Page name` and `Page ID` only. |
| `linkedin/<page>_content_<ms>.xlsx` | LinkedIn page content export: sheet `All posts` (one preamble row, then `Post title ... Content Type`; `Post title` holds the post text, multi-line; dates `MM/DD/YYYY` as text; CTR and engagement rate as fractions; some `Sponsored` posts with campaign name and dates) and sheet `Metrics` (daily organic / sponsored / total). |
| `linkedin/<page>_followers_<ms>.xlsx`, `linkedin/<page>_visitors_<ms>.xlsx` | LinkedIn page audience exports of the owned page `laboratoires-helora`: sheet `New followers` (`Date`, sponsored / organic / auto-invited / total new followers per day) or `Visitor metrics` (page views and unique visitors per section, desktop / mobile devices / total), then one sheet per demographic (`Location`, `Job function`, `Seniority`, `Industry`, `Company size`) with `Total followers` or `Total views` counts. |
| `youtube/Content <from>_<to> <channel>/{Table data,Chart data,Totals}.csv` | YouTube Studio advanced mode: no BOM, `Total` first row, `Duration` in seconds, publish time `Mar 12, 2026`, ids starting with `-` written with a leading space, Shorts are 20-60 s with `#shorts` in the title. Chart data = daily views of the top 3 videos; Totals = daily views of the channel's videos. |
| `x/tweet_activity_metrics_<user>_<YYYYMMDD>_<YYYYMMDD>_en.csv` | Legacy analytics "By Tweet" ($x_legacy): 40 columns all quoted, floats `"1938.0"`, `"-"` in promoted columns, `2026-03-12 18:50 +0000` (UTC), HTML-escaped text (`&amp;`), one file per month. |
| `x/<user>/account_analytics_content_<from>_<to>.csv` | Current X content export: `Post id,Date,Post text,Post Link,Impressions,...`, dates `"Thu, Mar 12, 2026"`, one-line text, minimal quoting. |
| `comments/comments_<platform>.csv` | Relais generic comments layout (below). |
| `comments/comments_export_$tool_code.csv` | A comment-export-tool file for one Instagram post only, $tool_permalink: `Name,Profile URL,Date,Likes,Comment`, UTF-8 BOM, CRLF, `2026-10-12 18:50:11`. It names no post: load it with `--post <permalink>` (the shortcode in the file name is the post's). These comments are not repeated in `comments_instagram.csv`. |

## Comment layout (Relais generic)

`$comment_cols`: UTF-8, LF, ISO local timestamps `2026-03-12T18:50:00`. `post_id` is the platform's own id
(Instagram numeric post id, TikTok / X numeric ids, LinkedIn `urn:li:activity:<id>`, YouTube video id, Facebook
post id); TikTok and
YouTube rows carry the id only (`post_permalink` empty), the other platforms both. `author` is the raw handle or
name (the loader HMACs it); `parent_id` is set for ~1% replies. The files hold a sample of each post's comments
($comments in all, at most $cap per post, never more than the post's comment count). Mostly French, written as
people write (no accents, SMS spelling, emojis, @mentions), ~$english_pct% English. Categories: questions,
testimonies, support/thanks, intentions (get screened, book an appointment, ask the doctor), awareness, doubts
(incl. "payé par big pharma"), friend tags, spam, adverse-event reports naming a product
($ae comments, ~0.5%; their ids in the manifest as the warehouse keys them, `platform:comment_id`) and hard negatives ($ae_neg, "aucun effet secondaire pour moi avec ...").
The mix depends on the profile type (LinkedIn: no emoji-only, little spam; X: more doubts):

$mix_table

Products named in posts and comments (fictional brands): $products; molecules: tamoxifène, metformine,
adalimumab, ibuprofène.

## True simulated effects

Engagements ~ negative binomial (Poisson x gamma of shape $nb; the gamma multipliers are rescaled to mean 1
within each format so one draw does not tilt the format ratios) around denominator x base rate x format x
profile x tier x influencer effect (log-normal, sigma = $sigma, centred within each platform x profile type so that the few
accounts per cell do not bias the profile ratios; realised values in `manifest.json`). Denominators:
Instagram / Facebook reach, TikTok views, LinkedIn / X impressions (YouTube: views, no interactions exported).
Instagram / Facebook reach stays below followers and views >= reach; TikTok views may exceed followers.

Format rate ratios (reference: image or text post of the platform):

$format_table

Instagram stories: reach ~ 0.07 x followers, no interactions in the export. Saves are 20% of carousel
engagements (images 5%, reels 8%).

Profile rate ratios (reference generalist): $profile_rr.

Tier rate ratios (reference micro): $tier_rr (nano < 10k, micro 10k-100k, mid 100k-500k, macro 500k-1M,
mega >= 1M followers).

Metrics grow with post age a (days): share of lifetime = 0.85 (1 - exp(-a / tau)) + 0.15 min(1, a / 90), so an
earlier export shows lower figures for the same post.

## Ground truth for compliance

* Health professionals without `hcp_agreement_ref`: $hcp_missing.
* Campaign-post disclosures: $disclosures (explicit: "Publicité", "Collaboration commerciale avec ...",
  "Partenariat rémunéré ...", "#sponsorisé", "Partenariat non rémunéré ..."; weak: "#partenariat", "#collab",
  "En partenariat", "Merci à @..."; missing: none; not_exported: stories).
* Posts naming a product: $product_posts (prescription medicines named to the public: $rx_named).
* Posts outside every campaign window that carry a campaign hashtag: $outside.
"""


def _readme(manifest: dict) -> str:
    """The README is generated too, so its numbers can never drift from the files."""
    c = manifest["counts"]
    comp = manifest["compliance"]
    tool = manifest["tool_export_post"]
    values = {
        "seed": manifest["seed"],
        "influencers": c["influencers"],
        "posts": c["posts"],
        "comments": c["comments"],
        "campaign_cols": ",".join(CAMPAIGN_COLUMNS),
        "roster_cols": ",".join(ROSTER_COLUMNS),
        "comment_cols": ",".join(COMMENT_HEADER),
        "campaign_list": "; ".join(
            f"{x.campaign_id} {x.name} ({x.client}, {x.start.isoformat()} to {x.end.isoformat()}, "
            f"{' '.join(x.hashtags)})"
            for x in CAMPAIGNS
        ),
        "tt_two": TIKTOK_TWO_EXPORTS_ACCOUNT,
        "tt_business": TIKTOK_BUSINESS_ACCOUNT,
        "x_legacy": X_LEGACY_ACCOUNT,
        "tool_code": tool["shortcode"],
        "tool_permalink": tool["permalink"],
        "cap": COMMENT_CAP,
        "english_pct": int(ENGLISH_RATE * 100),
        "ae": c["comments_by_category"].get("adverse_event", 0),
        "ae_neg": c["comments_by_category"].get("ae_negative", 0),
        "mix_table": _table(["profile_type", *MIX["generalist"]], [[k, *v.values()] for k, v in MIX.items()]),
        "products": ", ".join(
            f"{p['name']} ({p['kind']}{', prescription only' if p['prescription_only'] else ''})"
            for p in PRODUCTS
        ),
        "nb": NB_DISPERSION,
        "sigma": INFLUENCER_SIGMA,
        "format_table": _table(
            ["format", "rate ratio"], [[k, v] for k, v in FORMAT_RR.items() if v is not None]
        ),
        "profile_rr": ", ".join(f"{k} x{v}" for k, v in PROFILE_RR.items()),
        "tier_rr": ", ".join(f"{k} x{v}" for k, v in TIER_RR.items()),
        "hcp_missing": ", ".join(comp["hcp_without_agreement"]),
        "disclosures": ", ".join(f"{k} {v}" for k, v in comp["disclosure_counts"].items()),
        "product_posts": len(comp["product_posts"]),
        "rx_named": ", ".join(
            sorted({x["product"] for x in comp["product_posts"] if x["prescription_only"]})
        ),
        "outside": c["posts_by_kind"].get("hashtag_outside", 0),
    }
    return string.Template(README_TEMPLATE).substitute(values)


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> dict:
    """Write the whole sample (exports, roster, templates, README, manifest.json); return the manifest.

    Only the folders this generator owns are replaced (`exports/`, `roster/`, `templates/`), so a
    regenerated sample never keeps stale files.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for sub in ("exports", "roster", "templates"):
        shutil.rmtree(out_dir / sub, ignore_errors=True)
    global ACCOUNTS
    originals = ACCOUNTS
    accounts = [Account(a.platform, a.handle, a.display_name, a.profile_type, a.specialty, a.followers, a.campaigns,
                        a.hcp_ref, a.unpaid, a.n_posts) for a in originals]  # fmt: skip
    ACCOUNTS = tuple(accounts)
    try:
        _plan_accounts(seed)
        posts = _simulate_posts(seed)
        comments = _simulate_comments(seed, posts)
        owned = [Account(a.platform, a.handle, a.display_name, a.profile_type, a.specialty, a.followers, a.campaigns,
                         a.hcp_ref, a.unpaid, a.n_posts, a.owned) for a in OWNED_ACCOUNTS]  # fmt: skip
        ACCOUNTS = tuple(owned)  # the owned pages' own plan and posts: the influencers' stay as they were
        _plan_accounts(seed)
        owned_posts = _simulate_posts(seed)
        history = [Account(a.platform, a.handle, a.display_name, a.profile_type, a.specialty, a.followers,
                           a.campaigns, a.hcp_ref, a.unpaid, a.n_posts) for a in HISTORY_ACCOUNTS]  # fmt: skip
        ACCOUNTS = tuple(history)  # the earlier campaign's accounts, apart too
        _plan_accounts(seed)
        history_posts = _simulate_posts(seed)
        accounts = accounts + history
        ACCOUNTS = tuple(accounts + owned)
        posts = sorted(posts + history_posts + owned_posts, key=lambda p: (p.published, p.acct.key))
        w = Writer(out_dir)
        ig = _write_instagram(w, seed, posts)
        _write_tiktok(w, seed, posts)
        _write_facebook(w, seed, posts)
        _write_linkedin(w, seed, posts)
        _write_linkedin_page_audience(w, seed, owned_posts)
        _write_youtube(w, seed, posts)
        _write_x(w, seed, posts)
        cm = _write_comments(w, seed, comments)
        _write_roster(w, seed, accounts + owned)
    finally:
        ACCOUNTS = originals
    manifest = _manifest(seed, accounts + owned, posts, comments, w, ig, cm)
    w.text("README.md", _readme(manifest))
    manifest["files"] = {k: w.files[k] for k in sorted(w.files)}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                           encoding="utf-8")  # fmt: skip
    return manifest


def _warehouse_post_id(p: Post) -> str:
    """The post as the warehouse keys it (platform:platform_post_id)."""
    own = f"urn:li:activity:{p.post_id}" if p.acct.platform == "linkedin" else p.post_id
    return f"{p.acct.platform}:{own}"


def _count(items: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in items:
        out[x] = out.get(x, 0) + 1
    return dict(sorted(out.items()))


def _manifest(seed: int, accounts: list[Account], posts: list[Post], comments: list[Comment], w: Writer,
              ig: dict[str, object], cm: dict[str, object]) -> dict[str, object]:  # fmt: skip
    prod_kind = {p["name"]: p for p in PRODUCTS}
    camp_posts = [p for p in posts if p.kind == "campaign"]
    tool_post = cm["tool_post"]
    assert isinstance(tool_post, Post)
    return {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "counts": {
            "influencers": len(accounts),
            "campaigns": len(CAMPAIGNS),
            "roster_rows": sum(len(a.campaigns) for a in accounts),
            "posts": len(posts),
            "posts_by_platform": _count([p.acct.platform for p in posts]),
            "posts_by_format": _count([p.fmt for p in posts]),
            "posts_by_kind": _count([p.kind for p in posts]),
            "posts_by_campaign": _count([p.campaign_id or "none" for p in posts]),
            "influencers_by_platform": _count([a.platform for a in accounts]),
            "influencers_by_tier": _count([a.tier for a in accounts]),
            "influencers_by_profile_type": _count([a.profile_type for a in accounts]),
            "comments": len(comments),
            "comments_by_platform": _count([c.post.acct.platform for c in comments]),
            "comments_by_category": _count([c.category for c in comments]),
            "comment_replies": sum(1 for c in comments if c.parent_id),
            "comments_in_tool_export": sum(1 for c in comments if c.post is tool_post),
        },
        "tool_export_post": {
            "permalink": tool_post.permalink,
            "post_id": tool_post.post_id,
            "shortcode": tool_post.shortcode,
        },
        "true_effects": _true_effects([a for a in accounts if not a.owned]),
        "owned_pages": sorted(a.key for a in accounts if a.owned),
        "products": list(PRODUCTS),
        # as the warehouse keys them (platform:comment_id); the tool export has no ids, hence its texts
        "adverse_event_comment_ids": sorted(
            f"{c.post.acct.platform}:{c.comment_id}"
            for c in comments
            if c.category == "adverse_event" and c.post is not tool_post
        ),
        "hard_negative_comment_ids": sorted(
            f"{c.post.acct.platform}:{c.comment_id}"
            for c in comments
            if c.category == "ae_negative" and c.post is not tool_post
        ),
        "tool_export_adverse_event_texts": [
            c.text for c in comments if c.post is tool_post and c.category == "adverse_event"
        ],
        "compliance": {
            "hcp_without_agreement": sorted(
                a.key for a in accounts if a.profile_type == HP and not a.hcp_ref
            ),
            "disclosure_counts": _count([p.disclosure for p in camp_posts]),
            "product_posts": [
                {
                    "post": _warehouse_post_id(p),
                    "product": p.products[0],
                    "prescription_only": prod_kind[p.products[0]]["prescription_only"],
                }
                for p in posts
                if p.products
            ],  # fmt: skip
            "unpaid_accounts": sorted(a.key for a in accounts if a.unpaid),
        },
        "post_truth_columns": ["kind", "campaign_id", "disclosure", "format"],
        "post_truth": {
            _warehouse_post_id(p): [p.kind, p.campaign_id or "", p.disclosure, p.fmt] for p in posts
        },
        "tiktok_business_account": TIKTOK_BUSINESS_ACCOUNT,
        "x_legacy_account": X_LEGACY_ACCOUNT,
        "instagram_exports": ig["files"],
    }


# --------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------
def _cmd_sample(args: argparse.Namespace) -> int:
    manifest = generate(Path(args.out), args.seed)
    c = manifest["counts"]
    total = sum(int(f["bytes"]) for f in manifest["files"].values())
    print(f"wrote {len(manifest['files']) + 1} files ({total / 1e6:.2f} MB) to {args.out}: "
          f"{c['influencers']} accounts, {c['posts']} posts, {c['comments']} comments (seed {args.seed})")  # fmt: skip
    return 0


def register_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Add the `sample` command (`python -m sample_data.generate`)."""
    p = subparsers.add_parser(
        "sample",
        help="write the deterministic sample exports, roster and README",
        description="Write realistic raw platform exports for five fictional 2026 French "
        "health campaigns, with known true effects (see sample_data/README.md).",
    )
    p.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: sample_data)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default: 7)")
    p.set_defaults(func=_cmd_sample)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sample_data.generate")
    register_subcommands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sample", *(argv or [])])
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main(__import__("sys").argv[1:]))
