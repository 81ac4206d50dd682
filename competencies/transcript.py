"""The transcript as a document: a 1EdTech Comprehensive Learner Record 2.0 credential and a PDF,
both built from the snapshot frozen when the learner issued it (`Transcript.snapshot`).

Registered with `certificates.documents` for the transcript kind, so certificates signs it with
the same key, gives it a bit in the same status list, attaches it to the PDF and verifies it at
/verify/{code}/ as every certificate.

The ClrCredential's subject holds one AchievementCredential per item the learner included:
each certificate (achievementType Certificate, with its credit and a link to its own
verification page), each competency with evidence (Competency, the evidence listed), and each
EPA assessed (Competency, the latest entrustment level as a RubricCriterionLevel result on its
scale). `association` says which EPA draws on which competency. The nested credentials carry
no proof of their own: the ClrCredential's signature covers them, as CLR 2.0 allows.
"""

import uuid

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from certificates import credentials
from certificates.documents import Document
from certificates.models import Certificate
from certificates.rendering import qr_png_data_uri

CLR_CONTEXT = [
    credentials.VC_CONTEXT,
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CLR_SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{settings.SITE_URL}/{name}')}"


def _snapshot(certificate: Certificate) -> dict:
    """The frozen record; the generic relation keeps the transcript on the certificate, so
    signing and rendering the same certificate read it once."""
    return certificate.source.snapshot


def _achievement_credential(certificate: Certificate, *, item_id: str, name: str, subject: dict, issued: str) -> dict:
    return {
        "@context": credentials.OB3_CONTEXT,
        "id": item_id,
        "type": ["VerifiableCredential", "AchievementCredential"],
        "name": name,
        "issuer": credentials.issuer_profile(certificate),
        "validFrom": issued,
        "credentialSubject": {"id": credentials.subject_id(certificate), "type": ["AchievementSubject"], **subject},
    }


def _day(value: str | None, end: bool = False) -> str:
    return f"{value}T23:59:59Z" if end else f"{value}T00:00:00Z"


def _certificate_items(certificate: Certificate, snapshot: dict) -> list[tuple[dict, dict]]:
    items = []
    for row in snapshot.get("certificates", []):
        achievement = {
            "id": _urn(f"achievements/{row['kind']}/{row['title']}"),
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": row["title"],
            "description": f"{row['kind']}: {row['title']}",
            "criteria": {"narrative": f"Completed {row['title']} ({row['kind']})."},
        }
        subject = {"achievement": achievement}
        if row["credits"]:
            subject["creditsEarned"] = float(row["credits"][0]["amount"])
        elif row["hours"]:
            subject["creditsEarned"] = float(row["hours"])
        if row.get("started_on"):
            subject["activityStartDate"] = _day(row["started_on"])
        if row.get("ended_on"):
            subject["activityEndDate"] = _day(row["ended_on"], end=True)
        credential = _achievement_credential(
            certificate,
            item_id=f"{settings.SITE_URL}/verify/{row['verification_code']}/",
            name=row["title"],
            subject=subject,
            issued=_day(row["issued_on"]),
        )
        items.append((credential, achievement))
    return items


def _competency_items(certificate: Certificate, snapshot: dict, issued: str) -> list[tuple[dict, dict]]:
    items = []
    for row in snapshot.get("competencies", []):
        achievement = {
            "id": f"urn:uuid:{row['identifier']}",
            "type": ["Achievement"],
            "achievementType": "Competency",
            "name": row["statement"][:200],
            "description": row["statement"],
            "criteria": {"narrative": row["framework"]},
        }
        if row["code"]:
            achievement["humanCode"] = row["code"]
        credential = _achievement_credential(
            certificate,
            item_id=_urn(f"transcripts/{certificate.serial}/competency/{row['identifier']}"),
            name=achievement["name"],
            subject={"achievement": achievement},
            issued=issued,
        )
        credential["evidence"] = [
            {"type": ["Evidence"], "name": item["title"], "description": f"{item['kind']}, {item['on']}"}
            for item in row["evidence"]
        ]
        items.append((credential, achievement))
    return items


def _epa_items(certificate: Certificate, snapshot: dict, issued: str) -> list[tuple[dict, dict]]:
    items = []
    for row in snapshot.get("epas", []):
        scale_id = f"urn:uuid:{row['identifier']}#scale"
        latest = row["assessments"][0] if row["assessments"] else None
        achievement = {
            "id": f"urn:uuid:{row['identifier']}",
            "type": ["Achievement"],
            "achievementType": "Competency",
            "name": f"{row['code']} {row['title']}".strip(),
            "description": row["title"],
            "criteria": {"narrative": f"Entrustment assessed on the {row['scale']} ({row['top']} levels)."},
            "resultDescription": [
                {
                    "id": scale_id,
                    "type": ["ResultDescription"],
                    "name": row["scale"],
                    "resultType": "RubricCriterionLevel",
                    "rubricCriterionLevel": [
                        {"id": f"{scale_id}-{value}", "type": ["RubricCriterionLevel"], "name": str(value)}
                        for value in range(1, row["top"] + 1)
                    ],
                }
            ],
        }
        if row["code"]:
            achievement["humanCode"] = row["code"]
        subject: dict = {"achievement": achievement}
        if latest:
            subject["result"] = [
                {
                    "type": ["Result"],
                    "resultDescription": scale_id,
                    "achievedLevel": f"{scale_id}-{latest['level']}",
                    "value": f"{latest['level']}/{row['top']}",
                }
            ]
        credential = _achievement_credential(
            certificate,
            item_id=_urn(f"transcripts/{certificate.serial}/epa/{row['identifier']}"),
            name=achievement["name"],
            subject=subject,
            issued=issued,
        )
        items.append((credential, achievement))
    return items


def clr_credential(certificate: Certificate) -> dict:
    snapshot = _snapshot(certificate)
    issued = credentials.utc(certificate.issued_at)
    items = (
        _certificate_items(certificate, snapshot)
        + _competency_items(certificate, snapshot, issued)
        + _epa_items(certificate, snapshot, issued)
    )
    achievement_ids = {achievement["id"] for _credential, achievement in items}
    associations = [
        {"type": "Association", "associationType": "isRelatedTo", "sourceId": source, "targetId": target}
        for source, target in _epa_competency_pairs(snapshot)
        if source in achievement_ids and target in achievement_ids
    ]
    subject = {
        "id": credentials.subject_id(certificate),
        "type": ["ClrSubject"],
        "identifier": [credentials.recipient_identity(certificate)],
        "verifiableCredential": [credential for credential, _achievement in items],
        "achievement": [achievement for _credential, achievement in items],
    }
    if associations:
        subject["association"] = associations
    credential = {
        "@context": CLR_CONTEXT,
        "id": credentials.verification_url(certificate),
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": f"{certificate.title}: {snapshot['person']}",
        "description": _period_phrase(snapshot),
        "issuer": credentials.issuer_profile(certificate),
        "validFrom": issued,
        "awardedDate": issued,
        "credentialSubject": subject,
        "credentialSchema": [CLR_SCHEMA],
    }
    return credentials.with_validity_and_status(credential, certificate)


def _epa_competency_pairs(snapshot: dict) -> list[tuple[str, str]]:
    return [
        (f"urn:uuid:{epa}", f"urn:uuid:{competency}")
        for epa, competencies in snapshot.get("epa_competencies", {}).items()
        for competency in competencies
    ]


def _period_phrase(snapshot: dict) -> str:
    start, end = snapshot["period"]["from"], snapshot["period"]["until"]
    if start and end:
        return f"Training record from {start} to {end}."
    if start:
        return f"Training record from {start}."
    if end:
        return f"Training record until {end}."
    return "Complete training record."


def _date(value: str | None) -> str:
    return formats.date_format(parse_date(value), "DATE_FORMAT") if value else ""


def transcript_html(certificate: Certificate) -> str:
    snapshot = _snapshot(certificate)
    url = credentials.verification_url(certificate)
    with translation.override(certificate.language):
        period = snapshot["period"]
        if period["from"] and period["until"]:
            period_text = _("From %(start)s to %(end)s") % {
                "start": _date(period["from"]),
                "end": _date(period["until"]),
            }
        elif period["from"]:
            period_text = _("From %(start)s") % {"start": _date(period["from"])}
        elif period["until"]:
            period_text = _("Until %(end)s") % {"end": _date(period["until"])}
        else:
            period_text = _("Everything recorded")
        return render_to_string(
            "competencies/pdf/transcript.html",
            {
                "certificate": certificate,
                "snapshot": snapshot,
                "period_text": period_text,
                "issued": formats.date_format(certificate.issued_at.date(), "DATE_FORMAT"),
                "qr": qr_png_data_uri(url),
                "verification_url": url,
                "dated": {
                    "certificates": [
                        {**row, "issued": _date(row["issued_on"])} for row in snapshot.get("certificates", [])
                    ],
                    "competencies": [
                        {**row, "evidence": [{**item, "date": _date(item["on"])} for item in row["evidence"]]}
                        for row in snapshot.get("competencies", [])
                    ],
                    "epas": [
                        {**row, "assessments": [{**item, "date": _date(item["on"])} for item in row["assessments"]]}
                        for row in snapshot.get("epas", [])
                    ],
                },
            },
        )


TRANSCRIPT_DOCUMENT = Document(
    credential=clr_credential,
    html=transcript_html,
    attachment_name="comprehensive-learner-record.jwt",
    attachment_description="1EdTech Comprehensive Learner Record 2.0 credential (VC-JWT)",
)
