"""The words of the procedure, defined once: channels, event kinds, outcomes, states."""

from __future__ import annotations

CHANNELS = ("email", "post", "registered-post", "web", "hand")

EVENT_KINDS = (
    "sent",
    "received",
    "acknowledged",
    "reply",
    "reminder-sent",
    "reasons-requested",  # demande de motifs of an implicit refusal (CRPA L232-4)
    "reasons-received",
    "cada-sent",
    "cada-registered",
    "cada-opinion",
    "legal-aid-requested",  # aide juridictionnelle: interrupts the court deadline
    "legal-aid-decided",
    "court-filed",
    "judgment",
    "withdrawn",
    "closed",
    "note",
)

OUTCOMES: dict[str, tuple[str, ...]] = {
    "reply": (
        "full",
        "partial",
        "refused",
        "not-held",
        "transferred",
        "fee-requested",
        "clarification-requested",
        "extended",
    ),
    "cada-opinion": (
        "favorable",
        "partly-favorable",
        "unfavorable",
        "inadmissible",
        "moot",
        "incompetent",
    ),
    "judgment": ("granted", "partly-granted", "dismissed"),
}

STATES = (
    "draft",
    "sent",
    "awaiting-reply",
    "implicit-refusal",
    "refused",
    "partial",
    "awaiting-payment",  # extension: fee requested, no deadline runs against the requester
    "clarification-requested",  # extension: the authority asked what exactly is wanted
    "cada-referred",
    "cada-opinion",
    "confirmed-refusal",
    "in-court",
    "judged",  # extension: the court decided; only cassation remains (CJA R811-1 2°)
    "complete",
    "not-held",
    "withdrawn",
    "closed",
)

# States in which nothing more is expected: not shown by `cada status` without --all.
FINISHED_STATES = frozenset({"complete", "withdrawn", "closed", "judged"})



# Outcome families, each written once.
# A reply that refuses all or part of the request, or says the documents are not held.
REFUSING_OUTCOMES = frozenset({"refused", "partial", "not-held"})
# A reply that answers the request (the authority's deadline is met by it).
ANSWERING_OUTCOMES = frozenset({"full", "partial", "refused", "not-held", "fee-requested"})
# A refusal or partial reply notified once the CADA has registered the referral is the
# explicit confirmation of the refusal (CLI contract; CRPA R343-4 / R343-5).
CONFIRMING_OUTCOMES = frozenset({"refused", "partial"})
