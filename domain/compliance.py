"""Compliance vocabularies: partnership disclosure, pharmacovigilance statuses, product risks, sensitive topics."""

from __future__ import annotations

from dataclasses import dataclass

from domain.vocab import GREY, Term, Vocabulary, labels


@dataclass(frozen=True, kw_only=True)
class DisclosureLevel(Term):
    """problem: a paid post at this level needs review; rank: stronger disclosure ranks higher;
    checkable: the post's text was there to check (a post exported without text is not 'missing')."""

    problem: bool = False
    rank: int = 0
    checkable: bool = True


@dataclass(frozen=True, kw_only=True)
class PvStatus(Term):
    """open: the case still waits for a pharmacovigilance decision (counts against the 15-day deadline)."""

    open: bool = False


DISCLOSURE_LEVELS: Vocabulary[DisclosureLevel] = Vocabulary("disclosure")
DISCLOSURE_LEVELS.register(
    DisclosureLevel(code="explicit", label=labels("Clear", "Claire"), colour="#2A9D8F", rank=2)
)
DISCLOSURE_LEVELS.register(
    DisclosureLevel(code="weak", label=labels("Weak", "Faible"), colour="#F4A261", rank=1, problem=True)
)
DISCLOSURE_LEVELS.register(
    DisclosureLevel(
        code="missing", label=labels("Missing", "Absente"), colour="#D62828", rank=0, problem=True
    )
)
DISCLOSURE_LEVELS.register(
    DisclosureLevel(
        code="not_checkable",
        label=labels("Not checkable (no text)", "Non vérifiable (sans texte)"),
        colour=GREY,
        checkable=False,
    )
)

PV_STATUSES: Vocabulary[PvStatus] = Vocabulary("pv_status", coloured=False)
PV_STATUSES.register(PvStatus(code="new", label=labels("New", "Nouveau"), open=True))
PV_STATUSES.register(PvStatus(code="triaged", label=labels("Triaged", "En cours d'évaluation"), open=True))
PV_STATUSES.register(PvStatus(code="reported", label=labels("Reported", "Déclaré")))
PV_STATUSES.register(PvStatus(code="not_a_case", label=labels("Not a case", "Pas un cas")))

# Product risks found in a post (warehouse.products decides them).
RISK_RX = "rx_or_reimbursed_to_public"
RISK_DEVICE = "device_claims_review"
RISK_NICOTINE = "nicotine_product"
RISK_VACCINE = "vaccine_public_campaign"
PRODUCT_RISKS: Vocabulary[Term] = Vocabulary("risk", coloured=False)
for _code, _en, _fr in (
    (
        RISK_RX,
        "Prescription-only or reimbursed medicine named to the public (advertising to the public is "
        "forbidden, CSP L.5122-6)",
        "Médicament sur prescription ou remboursable cité au grand public (publicité interdite, CSP L.5122-6)",
    ),
    (
        RISK_DEVICE,
        "Medical device: claims must match the intended use (review; ANSM rules for device advertising)",
        "Dispositif médical : les allégations doivent correspondre à la destination (à revoir ; "
        "règles ANSM de publicité des DM)",
    ),
    (
        RISK_NICOTINE,
        "Nicotine product: smoking-cessation advertising rules apply (review)",
        "Produit à base de nicotine : règles de publicité du sevrage tabagique (à revoir)",
    ),
    (
        RISK_VACCINE,
        "Vaccine named to the public: only vaccination campaigns meeting ANSM conditions are allowed (review)",
        "Vaccin cité au grand public : seules les campagnes vaccinales conformes aux conditions ANSM "
        "sont permises (à revoir)",
    ),
):
    PRODUCT_RISKS.register(Term(code=_code, label=labels(_en, _fr)))

# Sensitive topics a caption touches (warehouse.compliance finds them).
TOPIC_AESTHETIC = "aesthetic_procedure"
TOPIC_NICOTINE = "nicotine_vaping"
TOPIC_STOP = "stop_treatment"
TOPIC_REPLACES = "replaces_treatment"
SENSITIVE_TOPICS: Vocabulary[Term] = Vocabulary("topic", coloured=False)
for _code, _en, _fr in (
    (TOPIC_AESTHETIC, "Aesthetic procedure (injections, surgery)", "Acte esthétique (injections, chirurgie)"),
    (TOPIC_NICOTINE, "Nicotine or vaping product", "Produit nicotiné ou vapotage"),
    (TOPIC_STOP, "Tells people to stop a treatment", "Incite à arrêter un traitement"),
    (
        TOPIC_REPLACES,
        "Claims something replaces a treatment or cures",
        "Prétend remplacer un traitement ou guérir",
    ),
):
    SENSITIVE_TOPICS.register(Term(code=_code, label=labels(_en, _fr)))
