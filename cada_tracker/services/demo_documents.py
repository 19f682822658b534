"""Demo documents for the Montpellier request (2020-001): small PDFs rebuilt from public facts.

The facts come from the seed (Technopolice, « Montpellier »): the Observatoire local de la
tranquillité publique (OLTP) attached to the CLSPD; the request of 7 February 2020 answered in
June 2020, revealing the predictive-policing software « Map Revelation » of the company Sûreté
Globale, and the data the city wanted to feed it (crime figures, school absenteeism, « milieu
associatif »). The documents themselves are RECONSTRUCTIONS: each says so on its first line,
their date (15 June 2020) is illustrative, and they are marked Document.illustrative.

They are attached through the same service as `cada attach` (attach_paths, under the store lock
of `ctx.store_writes()`: if anything below fails, the new blobs are removed), and the findings
are recorded with verified evidence (page + quote), as a user would.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cada_tracker.context import Context
from cada_tracker.services.documents.ingest import attach_paths
from cada_tracker.services.findings.editing import record_finding
from cada_tracker.services.findings.evidence import record_evidence
from cada_tracker.storage.documents import request_events
from cada_tracker.storage.sql import session_query

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Request

RECEIVED_ON = date(2020, 6, 15)
LABEL = (
    "RECONSTITUTION - document illustratif généré par cada à partir de faits publics ; "
    "ce n'est pas le document original."
)
SOURCE = (
    "Faits tirés de la fiche « Montpellier » de Technopolice (police prédictive et "
    "Observatoire de la tranquillité publique). Date du 15 juin 2020 illustrative : la "
    "source indique seulement « juin 2020 »."
)

# (file name, pages); each page is a list of paragraphs. The first line is always LABEL.
DOCUMENTS: list[tuple[str, list[list[str]]]] = [
    (
        "ville-de-montpellier-reponse-2020-06.pdf",
        [
            [
                LABEL,
                "Ville de Montpellier",
                "Réponse à la demande de communication de documents administratifs du "
                "7 février 2020",
                "Montpellier, le 15 juin 2020 (date illustrative)",
                "Objet : Observatoire local de la tranquillité publique (OLTP)",
                "En réponse à votre demande, vous trouverez ci-joint les documents relatifs à "
                "l'Observatoire local de la tranquillité publique (OLTP), rattaché au Conseil "
                "Local de Sécurité et de Prévention de la Délinquance (CLSPD).",
                "L'observatoire est chargé de créer un outil « d'aide à la prise de décision et "
                "un appui au management de l'action préventive et sécuritaire », à travers la "
                "collecte et la cartographie des « incidents relevés ».",
                SOURCE,
            ],
            [
                LABEL,
                "Outil logiciel de l'observatoire",
                "Pour la cartographie et l'analyse des incidents, la ville de Montpellier "
                "utilise le logiciel de police prédictive « Map Revelation » de l'entreprise "
                "Sûreté Globale.",
                "La liste des données destinées à être intégrées à ce logiciel figure dans le "
                "document joint « Données à intégrer ».",
            ],
        ],
    ),
    (
        "oltp-donnees-a-integrer.pdf",
        [
            [
                LABEL,
                "Observatoire local de la tranquillité publique - Données à intégrer",
                "Données que la ville prévoit d'intégrer au logiciel Map Revelation :",
                "- les chiffres de la délinquance ;",
                "- les chiffres de l'absentéisme scolaire ;",
                "- des données relatives au « milieu associatif ».",
                SOURCE,
            ],
        ],
    ),
]

# (title, summary, tags, [(document index, page, quote)])
FINDINGS: list[tuple[str, str, list[str], list[tuple[int, int, str]]]] = [
    (
        "Montpellier utilise le logiciel de police prédictive « Map Revelation » de "
        "l'entreprise Sûreté Globale",
        "Révélé par la réponse de juin 2020 à la demande CADA du 7 février 2020 (source : "
        "Technopolice). Les pièces jointes ici sont des reconstitutions illustratives.",
        ["police-predictive", "oltp"],
        [(0, 2, "le logiciel de police prédictive « Map Revelation » de l'entreprise "
                "Sûreté Globale")],
    ),
    (
        "Données que la ville voulait intégrer au logiciel : délinquance, absentéisme "
        "scolaire, « milieu associatif »",
        "Pas seulement les chiffres de la délinquance : aussi l'absentéisme scolaire et le "
        "« milieu associatif » (source : Technopolice). Pièce reconstituée, illustrative.",
        ["donnees", "oltp"],
        [
            (1, 1, "les chiffres de la délinquance"),
            (1, 1, "l'absentéisme scolaire"),
            (1, 1, "« milieu associatif »"),
        ],
    ),
]


def _latin1(text: str) -> str:
    """fpdf2's core fonts are Latin-1: typographic dashes and apostrophes are simplified."""
    table = str.maketrans({"\u2014": "-", "\u2013": "-", "\u2019": "'", "\u202f": " "})
    return text.translate(table)


def render_pdf(pages: list[list[str]], target: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(_fixed_datetime())
    pdf.set_title("Reconstitution illustrative (cada demo)")
    pdf.set_creator("cada demo")
    pdf.set_margins(20, 20, 20)
    for paragraphs in pages:
        pdf.add_page()
        for i, para in enumerate(paragraphs):
            pdf.set_font("helvetica", style="B" if i == 0 else "", size=9 if i == 0 else 11)
            pdf.multi_cell(0, 6, _latin1(para), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    pdf.output(str(target))


def _fixed_datetime() -> datetime:  # the same bytes every run: same hashes in every demo
    return datetime(2020, 6, 15, 12, 0, tzinfo=UTC)


def add_demo_documents(session: Session, ctx: Context, request: Request) -> None:
    """Attach the reconstructed documents to `request` and record the seed's findings."""
    assert request.id is not None
    has_reply = any(e.kind == "reply" for e in request_events(session_query(session),
                                                              request.id))
    with ctx.store_writes(), tempfile.TemporaryDirectory(prefix="cada-demo-docs-") as tmp:
        paths: list[str | bytes] = []
        for name, pages in DOCUMENTS:
            target = Path(tmp) / name
            render_pdf(pages, target)
            paths.append(str(target))
        docs = attach_paths(
            session, ctx, request, paths, received_on=RECEIVED_ON,
            event="reply" if has_reply else None, illustrative=True,
        )
        ids = [d["id"] for d in docs if d["parent"] is None]
        for title, summary, tags, evidence in FINDINGS:
            finding = record_finding(session, title, summary=summary,
                                     requests=[request.reference], tags=tags,
                                     illustrative=True)
            assert finding.id is not None
            for doc_index, page, quote in evidence:
                record_evidence(session, finding.id, ids[doc_index], page, quote)
