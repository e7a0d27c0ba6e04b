"""Community management vocabularies: caption flags, the moderation queue, owned pages' audiences.

Why here: the warehouse decides these codes, the UI, the CLI exports and the
deck show them; each is declared once with its labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.vocab import Term, Vocabulary, labels


@dataclass(frozen=True, kw_only=True)
class ModerationAction(Term):
    """closes: the comment leaves the queue's 'to handle' list once this action is recorded."""

    closes: bool = True


# Medical-advice and promotion flags on captions (warehouse.caption_flags decides them).
CAPTION_FLAGS: Vocabulary[Term] = Vocabulary("caption_flag", coloured=False)
for _code, _en, _fr in (
    (
        "rx_medicine_to_public",
        "Prescription-only or reimbursed medicine named to the public",
        "Médicament sur prescription ou remboursable cité au grand public",
    ),
    ("dosage_advice", "Dosage or treatment advice", "Conseil de posologie ou de traitement"),
    (
        "replaces_professional",
        "Stands in for a health professional's opinion",
        "Se substitue à l'avis d'un professionnel de santé",
    ),
):
    CAPTION_FLAGS.register(Term(code=_code, label=labels(_en, _fr)))

# Why a comment is in the moderation queue (warehouse.moderation decides them).
MODERATION_REASONS: Vocabulary[Term] = Vocabulary("moderation_reason", coloured=False)
for _code, _en, _fr in (
    ("prescription_medicine", "Names a prescription medicine", "Cite un médicament sur prescription"),
    ("asks_medical_advice", "Asks for dosage, a prescription or medical advice",
     "Demande une posologie, une prescription ou un avis médical"),
    ("gives_medical_advice", "Gives dosage or medical advice", "Donne une posologie ou un conseil médical"),
    ("spam", "Spam", "Spam"),
):  # fmt: skip
    MODERATION_REASONS.register(Term(code=_code, label=labels(_en, _fr)))

# What the community manager did about a queued comment (always with who and why).
MODERATION_ACTIONS: Vocabulary[ModerationAction] = Vocabulary("moderation_action", coloured=False)
for _code, _en, _fr in (
    ("hide_requested", "Hide requested", "Masquage demandé"),
    ("answered", "Answered", "Répondu"),
    ("no_action", "No action needed", "Aucune action nécessaire"),
):
    MODERATION_ACTIONS.register(ModerationAction(code=_code, label=labels(_en, _fr)))

# Whom an owned page speaks to (declared in the pages list).
PAGE_AUDIENCES: Vocabulary[Term] = Vocabulary("page_audience", coloured=False)
for _code, _en, _fr, _aliases in (
    ("hcp", "Health professionals", "Professionnels de santé",
     ("hcps", "health professionals", "healthcare professionals", "professionnels de sante",
      "professionnels de santé", "ps", "pro")),
    ("public", "General public", "Grand public", ("general public", "grand public", "patients")),
    ("mixed", "Mixed", "Mixte", ("mixte", "both", "les deux")),
):  # fmt: skip
    PAGE_AUDIENCES.register(Term(code=_code, label=labels(_en, _fr), aliases=_aliases))

# LinkedIn job functions (and job titles) that make a follower a health professional, in the
# languages LinkedIn exports in; the owned pages' audience split counts them (an estimate).
HCP_AUDIENCE_LABELS: tuple[str, ...] = (
    "healthcare services", "services de santé", "services de sante", "medical", "médecine", "medecine",
    "physician", "médecin", "medecin", "doctor", "nurse", "infirmier", "infirmière", "pharmacist",
    "pharmacien", "pharmacienne", "dentist", "dentiste", "midwife", "sage-femme", "physiotherapist",
    "kinésithérapeute", "kinesitherapeute",
)  # fmt: skip


def hcp_audience_label(label: object) -> bool:
    """Whether a LinkedIn job function / job title label names a health professional."""
    text = str(label or "").strip().casefold()
    return any(text == h or text.startswith(h + " ") for h in HCP_AUDIENCE_LABELS)
