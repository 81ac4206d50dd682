"""Credit systems: what each requires before a certificate is issued, the AMA claim, and the
statements printed on the PDF."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from certificates import services
from certificates.credit import Credit, CreditSystem, LearningFormat
from certificates.models import Certificate, CertificateTemplate, Kind, SerialCounter, Signatory
from lms.errors import ConflictError
from lms.models import AuditEvent, OutboxMessage
from simulation.models import ScenarioCredit
from tests.certificates.issuing import issue_for
from tests.certificates.pdf import poppler_text
from tests.factories import CoordinatorFactory, UserFactory
from tests.utils import event_verbs

pytestmark = pytest.mark.django_db

ACCME = (
    "The International Training Office is accredited by the Accreditation Council for Continuing Medical "
    "Education (ACCME) to provide continuing medical education for physicians."
)
ANCC = (
    "The International Training Office is accredited as a provider of nursing continuing professional "
    "development by the American Nurses Credentialing Center's Commission on Accreditation."
)
AMA = Credit(
    system=CreditSystem.AMA_PRA_1,
    amount=Decimal("2.5"),
    learning_format=LearningFormat.LIVE,
    provider_statement=ACCME,
)
ECMEC = Credit(system=CreditSystem.EACCME, amount=Decimal("3"), reference="LEE26-00123")
NURSING = Credit(system=CreditSystem.ANCC, amount=Decimal("3.5"), provider_statement=ANCC)
NATIONAL = Credit(
    system=CreditSystem.CPD_HOURS, amount=Decimal("4"), accrediting_body="Consejo Catalán de Formación Continuada"
)


@pytest.fixture
def signed_template():
    template = CertificateTemplate.objects.create(kind=Kind.SIMULATION, language="en")
    Signatory.objects.create(template=template, name="Dr Marta Vidal", role="Director of Education")
    return template


def _pdf(certificate) -> bytes:
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def _one_line(data: bytes) -> str:
    return " ".join(poppler_text(data).split())


def _designation(**fields) -> ScenarioCredit:
    from tests.simulation.factories import ScenarioFactory

    return ScenarioCredit(scenario=ScenarioFactory(), **fields)


def test_ama_credit_without_format_or_accreditation_statement_is_refused_naming_both():
    with pytest.raises(ValidationError) as error:
        _designation(system=CreditSystem.AMA_PRA_1, amount=Decimal("2")).full_clean()

    assert {"learning_format", "provider_statement"} <= set(error.value.message_dict)


def test_ama_credit_is_designated_in_quarter_credits():
    with pytest.raises(ValidationError) as error:
        _designation(
            system=CreditSystem.AMA_PRA_1,
            amount=Decimal("1.3"),
            learning_format="live activity",
            provider_statement=ACCME,
        ).full_clean()

    assert "quarter" in error.value.message_dict["amount"][0]


def test_ecmec_are_whole_credits_with_the_eaccme_reference():
    with pytest.raises(ValidationError) as error:
        _designation(system=CreditSystem.EACCME, amount=Decimal("1.5")).full_clean()

    assert {"amount", "reference"} <= set(error.value.message_dict)


def test_ancc_contact_hours_need_the_providers_approval_statement():
    with pytest.raises(ValidationError) as error:
        _designation(system=CreditSystem.ANCC, amount=Decimal("2")).full_clean()

    assert set(error.value.message_dict) == {"provider_statement"}


def test_other_cpd_hours_name_the_accrediting_body():
    with pytest.raises(ValidationError) as error:
        _designation(system=CreditSystem.CPD_HOURS, amount=Decimal("2")).full_clean()

    assert set(error.value.message_dict) == {"accrediting_body"}


def test_a_certificate_with_credit_and_no_signatory_is_refused_and_nothing_is_recorded():
    learner = UserFactory()

    with pytest.raises(services.CertificateRefused) as error:
        issue_for(recipient=learner, source=learner, credits=(NATIONAL,))

    assert "signatory" in error.value.message_dict["credit"][0]
    assert not Certificate.objects.exists()
    assert not SerialCounter.objects.filter(last__gt=0).exists()


def test_credit_beyond_the_activitys_hours_is_refused_at_issue(signed_template):
    learner = UserFactory()

    with pytest.raises(services.CertificateRefused) as error:
        issue_for(recipient=learner, source=learner, hours=Decimal("2"), credits=(ECMEC,))

    assert "cannot exceed" in error.value.message_dict["credit"][0]


def test_a_completion_whose_certificate_is_refused_stands_and_the_refusal_is_recorded():
    learner = UserFactory()
    from certificates.cohorts import Completion

    result = services.issue_on_completion(
        completion=Completion(
            recipient=learner, kind=Kind.SIMULATION, title="Sepsis", source=learner, credits=(NATIONAL,)
        )
    )

    assert result is None
    event = AuditEvent.objects.get(verb="certificate.refused")
    assert "signatory" in event.data["reasons"][0]


def test_an_ama_certificate_waits_for_the_learners_claim_and_tells_them(signed_template, mailoutbox):
    learner = UserFactory(email="amira@partner.example")

    certificate = issue_for(recipient=learner, source=learner, credits=(AMA,))

    assert certificate.status == Certificate.Status.AWAITING_CLAIM
    assert not OutboxMessage.objects.filter(kind=services.RENDER).exists()
    assert OutboxMessage.objects.filter(kind="notification.deliver").exists()


def test_the_learner_claims_up_to_the_maximum_and_the_certificate_prints_the_claim(
    signed_template, django_capture_on_commit_callbacks
):
    learner = UserFactory()
    certificate = issue_for(recipient=learner, source=learner, credits=(AMA,))

    with django_capture_on_commit_callbacks(execute=True):
        services.claim_credit(actor=learner, certificate=certificate, amount=Decimal("1.75"))

    text = _one_line(_pdf(certificate))
    assert certificate.status == Certificate.Status.READY
    assert "designates this live activity for a maximum of 2.5 AMA PRA Category 1 Credits™" in text
    assert "Credit claimed: 1.75 AMA PRA Category 1 Credits™" in text
    assert ACCME in text
    assert "Dr Marta Vidal" in text
    assert event_verbs(certificate) == ["issued", "claim", "render"]


@pytest.mark.parametrize(("amount", "words"), [("3", "between 0.25 and 2.5"), ("1.3", "quarter"), ("0", "between")])
def test_a_claim_outside_the_designation_is_refused_naming_the_amount(signed_template, amount, words):
    learner = UserFactory()
    certificate = issue_for(recipient=learner, source=learner, credits=(AMA,))

    with pytest.raises(ValidationError) as error:
        services.claim_credit(actor=learner, certificate=certificate, amount=Decimal(amount))

    assert words in error.value.message_dict["amount"][0]
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.AWAITING_CLAIM
    assert certificate.credits.get().claimed is None


def test_nobody_else_claims_a_learners_credit(signed_template):
    learner = UserFactory()
    certificate = issue_for(recipient=learner, source=learner, credits=(AMA,))

    with pytest.raises(PermissionDenied):
        services.claim_credit(actor=CoordinatorFactory(), certificate=certificate, amount=Decimal("1"))


def test_a_claim_is_made_once(signed_template):
    learner = UserFactory()
    certificate = issue_for(recipient=learner, source=learner, credits=(AMA,))
    services.claim_credit(actor=learner, certificate=certificate, amount=Decimal("1"))

    with pytest.raises(ConflictError):
        services.claim_credit(actor=learner, certificate=certificate, amount=Decimal("2"))


def test_a_reissued_certificate_keeps_the_claim(signed_template, django_capture_on_commit_callbacks):
    learner = UserFactory()
    certificate = issue_for(recipient=learner, source=learner, credits=(AMA,))
    services.claim_credit(actor=learner, certificate=certificate, amount=Decimal("2"))

    with django_capture_on_commit_callbacks(execute=True):
        replacement = services.reissue_certificate(actor=CoordinatorFactory(), certificate=certificate)

    assert replacement.status == Certificate.Status.PENDING
    assert replacement.credits.get().claimed == Decimal("2")


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        (ECMEC, "is designated for a maximum of 3 hours of European external CME credits"),
        (ECMEC, "(LEE26-00123) is accredited by the European Accreditation Council"),
        (NURSING, ANCC),
        (NURSING, "Contact hours awarded: 3.5."),
        (NATIONAL, "Accredited by Consejo Catalán de Formación Continuada with 4 CPD/CME hours."),
    ],
)
def test_each_credit_system_prints_its_statement(signed_template, issue, credit, expected):
    certificate = issue(credits=(credit,))

    assert expected in _one_line(_pdf(certificate))


def test_the_recipient_claims_through_the_api_and_another_learner_gets_404(signed_template, client):
    learner, stranger = UserFactory(), UserFactory()
    certificate = issue_for(recipient=learner, source=learner, credits=(AMA,))
    url = reverse("certificate-claim", args=[certificate.pk])

    client.force_login(stranger)
    assert client.post(url, {"amount": "1"}, content_type="application/json").status_code == 404
    client.force_login(learner)
    bad = client.post(url, {"amount": "9"}, content_type="application/json")
    good = client.post(url, {"amount": "2.25"}, content_type="application/json")

    assert bad.status_code == 400 and "amount" in bad.json()
    assert good.status_code == 200
    assert good.json()["credits"] == [{"system": "ama_pra_1", "designated": "2.50", "claimed": "2.25"}]


def test_the_claim_page_is_the_recipients_only(signed_template, client):
    learner = UserFactory()
    certificate = issue_for(recipient=learner, source=learner, credits=(AMA,))
    url = reverse("certificates:claim", args=[certificate.pk])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(learner)
    page = client.get(url)
    refused = client.post(url, {"amount": "7"})
    claimed = client.post(url, {"amount": "2.5"})

    assert page.status_code == 200 and "for a maximum of 2.5" in page.content.decode()
    assert refused.status_code == 400
    assert claimed.status_code == 302
    certificate.refresh_from_db()
    assert certificate.credits.get().claimed == Decimal("2.5")
