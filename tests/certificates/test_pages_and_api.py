import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from certificates import cohorts, credentials, services
from certificates.credit import Credit, CreditSystem
from certificates.models import Certificate, IssuanceBatch
from tests.certificates.factories import ActivityFactory
from tests.certificates.pdf import pdf_attachments
from tests.factories import FORMULA_NAME, CoordinatorFactory, FacultyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


# Public verification


def test_verification_page_shows_a_valid_certificate_without_personal_details(client, issue):
    certificate = issue(recipient=UserFactory(full_name="Ana Quispe", email="ana@example.org", licence_number="L-1"))

    html = client.get(f"/verify/{certificate.verification_code}/").content.decode()

    assert "Valid certificate" in html and "Ana Quispe" in html and certificate.title in html
    assert "ana@example.org" not in html and "L-1" not in html
    assert "Verified: signed by the issuer" in html


def test_verification_json_has_the_contract_fields(client, issue):
    certificate = issue(hours=4)

    body = client.get(f"/api/v1/verify/{certificate.verification_code}/").json()

    assert body["status"] == "valid"
    assert body["full_name"] == certificate.recipient_name
    assert body["kind"] == "simulation"
    assert body["hours"] == "4.0"
    assert body["issuer"] == certificate.issuer
    assert body["signature_valid"] is True
    assert {"issued_at", "expires_at", "title"} <= set(body)


def test_an_unknown_code_is_a_plain_404(client):
    unknown = client.get("/verify/not-a-real-code/")
    assert unknown.status_code == 404 and "No certificate has this verification code." in unknown.text
    assert client.get("/api/v1/verify/not-a-real-code/").status_code == 404


def test_a_revoked_certificate_says_revoked_with_the_date_not_the_reason(client, issue):
    certificate = issue()
    services.revoke_certificate(actor=CoordinatorFactory(), certificate=certificate, reason="Plagiarised logbook")

    html = client.get(f"/verify/{certificate.verification_code}/").content.decode()
    body = client.get(f"/api/v1/verify/{certificate.verification_code}/").json()

    assert "Revoked on" in html and "Plagiarised" not in html
    assert body["status"] == "revoked" and body["revoked_at"] and "Plagiarised" not in str(body)


def test_an_expired_certificate_says_expired(client, issue):
    certificate = issue(expires_on=timezone.localdate() - datetime.timedelta(days=1))

    assert client.get(f"/api/v1/verify/{certificate.verification_code}/").json()["status"] == "expired"
    assert "Expired on" in client.get(f"/verify/{certificate.verification_code}/").content.decode()


def test_a_reissued_certificate_is_superseded_and_points_to_the_new_one(client, issue):
    learner = UserFactory(full_name="Jose Nunez")
    faculty = FacultyFactory()
    old = issue(recipient=learner, faculty=[faculty])
    learner.full_name = "José Núñez"
    learner.save()

    new = services.reissue_certificate(actor=faculty, certificate=old)

    old.refresh_from_db()
    assert old.status == Certificate.Status.SUPERSEDED and old.superseded_by == new
    assert new.recipient_name == "José Núñez" and new.serial != old.serial
    assert client.get(f"/api/v1/verify/{old.verification_code}/").json()["status"] == "superseded"


# Downloads and permissions


def test_the_recipient_downloads_the_pdf(client, issue):
    certificate = issue()
    client.force_login(certificate.recipient)

    response = client.get(f"/certificates/{certificate.pk}/pdf/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_learner_gets_404_for_the_pdf_the_credential_and_the_api_detail(client, api, issue):
    certificate = issue()
    stranger = UserFactory()
    client.force_login(stranger)
    api.force_authenticate(stranger)

    assert client.get(f"/certificates/{certificate.pk}/pdf/").status_code == 404
    assert client.get(f"/certificates/{certificate.pk}/credential.json").status_code == 404
    assert api.get(f"/api/v1/certificates/{certificate.pk}/").status_code == 404


def test_faculty_concerned_and_coordinators_may_download_the_pdf(client, issue):
    faculty = FacultyFactory()
    certificate = issue(faculty=[faculty])

    for person in (faculty, CoordinatorFactory()):
        client.force_login(person)
        assert client.get(f"/certificates/{certificate.pk}/pdf/").status_code == 200
    client.force_login(FacultyFactory())
    assert client.get(f"/certificates/{certificate.pk}/pdf/").status_code == 404


def test_pdfs_are_never_under_a_public_media_url(issue, settings):
    certificate = issue()

    assert not str(certificate.pdf.path).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        _ = certificate.pdf.url


def test_the_credential_downloads_as_json(client, issue):
    certificate = issue()
    client.force_login(certificate.recipient)

    body = client.get(f"/certificates/{certificate.pk}/credential.json").json()

    assert body["credential"]["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert body["jwt"] == certificate.credential


def test_the_downloaded_credential_is_the_signed_one_embedded_in_the_pdf_even_after_a_name_change(client, issue):
    certificate = issue()
    embedded = pdf_attachments(certificate.pdf.open("rb").read())["open-badge-credential.jwt"]
    certificate.recipient.full_name = "A Corrected Name"
    certificate.recipient.save()
    client.force_login(certificate.recipient)

    body = client.get(f"/certificates/{certificate.pk}/credential.json").json()

    assert body["jwt"].encode() == embedded
    assert "A Corrected Name" not in json.dumps(body["credential"])
    assert body["credential"] == credentials.signed_credential(embedded.decode())


# API


def test_my_certificates_api_lists_only_mine_with_contract_fields(api, issue):
    mine = issue()
    issue()
    api.force_authenticate(mine.recipient)

    results = api.get("/api/v1/certificates/").json()["results"]

    assert [row["id"] for row in results] == [mine.pk]
    assert {"id", "serial", "kind", "title", "status", "pdf_url", "verification_url", "issued_at", "expires_at"} <= set(
        results[0]
    )


def test_faculty_issue_and_revoke_through_the_api(api):
    faculty = FacultyFactory()
    activity = ActivityFactory(faculty=[faculty])
    learner = UserFactory(email="learner@example.org")
    api.force_authenticate(faculty)

    created = api.post("/api/v1/certificates/", {"activity": activity.pk, "recipient_email": "learner@example.org"})
    revoked = api.post(f"/api/v1/certificates/{created.json()['id']}/revoke/", {"reason": "Wrong learner"})
    again = api.post(f"/api/v1/certificates/{created.json()['id']}/revoke/", {"reason": "Wrong learner"})

    assert created.status_code == 201
    assert Certificate.objects.get().recipient == learner
    assert revoked.json()["status"] == "revoked"
    assert again.status_code == 409


def test_revoking_without_a_reason_names_the_field_and_changes_nothing(api, issue):
    coordinator = CoordinatorFactory()
    certificate = issue()
    api.force_authenticate(coordinator)

    response = api.post(f"/api/v1/certificates/{certificate.pk}/revoke/", {"reason": ""})

    assert response.status_code == 400 and "reason" in response.json()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.READY


def test_issuing_to_an_unknown_email_names_the_field(api):
    faculty = FacultyFactory()
    api.force_authenticate(faculty)

    response = api.post(
        "/api/v1/certificates/", {"activity": ActivityFactory(faculty=[faculty]).pk, "recipient_email": "nobody@x.org"}
    )

    assert response.status_code == 400 and "recipient_email" in response.json()
    assert not Certificate.objects.exists()


def test_a_learner_cannot_revoke_their_own_certificate(api, issue):
    certificate = issue()
    api.force_authenticate(certificate.recipient)

    assert api.post(f"/api/v1/certificates/{certificate.pk}/revoke/", {"reason": "x"}).status_code == 404


def _count_queries(function) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def test_the_certificates_api_list_uses_the_same_queries_for_3_and_30(api, issue):
    learner = UserFactory()
    api.force_authenticate(learner)
    for _ in range(3):
        issue(recipient=learner)
    api.get("/api/v1/certificates/")  # the learner's roles, read once per user instance
    small = _count_queries(lambda: api.get("/api/v1/certificates/"))
    for _ in range(27):
        issue(recipient=learner)

    assert _count_queries(lambda: api.get("/api/v1/certificates/")) == small


def test_the_manage_page_and_dashboard_use_the_same_queries_for_3_and_30(client, issue):
    coordinator = CoordinatorFactory()
    learner = UserFactory()
    for _ in range(3):
        issue(recipient=learner)
    client.force_login(coordinator)
    small_manage = _count_queries(lambda: client.get("/certificates/"))
    client.force_login(learner)
    small_dashboard = _count_queries(lambda: client.get("/dashboard/"))
    for _ in range(27):
        issue(recipient=learner)

    assert _count_queries(lambda: client.get("/dashboard/")) == small_dashboard
    client.force_login(coordinator)
    assert _count_queries(lambda: client.get("/certificates/")) == small_manage


# Batches, ZIP, CPD export, reminders


class LearnersProvider:
    """A cohort provider over plain users, standing in for a domain app's cohort."""

    key = "test_cohort"
    label = "Test cohort"

    def __init__(self, learners, others=()):
        self.learners = learners
        self.others = others

    def cohorts(self):
        return [("1", "Cohort one")]

    def not_eligible(self, cohort_id):
        return [(learner, "Course not completed") for learner in self.others]

    def completions(self, cohort_id):
        return [
            cohorts.Completion(recipient=learner, kind="online_course", title="Sepsis", source=learner, hours=2)
            for learner in self.learners
        ]


@pytest.fixture
def cohort():
    learners = UserFactory.create_batch(4)
    provider = LearnersProvider(learners)
    cohorts.register_cohort_provider(provider)
    yield learners
    cohorts._providers.pop(provider.key)


def test_a_coordinator_issues_for_a_whole_cohort_skipping_those_who_have_one(
    client, cohort, issue, django_capture_on_commit_callbacks
):
    already = issue(recipient=cohort[0], source=cohort[0], kind="online_course")
    client.force_login(CoordinatorFactory())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/certificates/batches/", {"provider": "test_cohort", "test_cohort-cohort": "1"})

    batch = IssuanceBatch.objects.get()
    assert response.url == f"/certificates/batches/{batch.pk}/"
    assert batch.certificates.count() == 3
    assert already.batch is None
    assert "3 of 3 ready" in client.get(response.url).content.decode()


def test_the_batch_page_refreshes_while_certificates_are_pending(client, cohort):
    client.force_login(CoordinatorFactory())

    response = client.post("/certificates/batches/", {"provider": "test_cohort", "test_cohort-cohort": "1"})
    page = client.get(response.url).content.decode()

    assert "0 of 4 ready" in page
    assert 'http-equiv="refresh"' in page


def test_failed_certificates_are_listed_with_the_reason_and_can_be_retried(client, cohort, issue):
    client.force_login(CoordinatorFactory())
    client.post("/certificates/batches/", {"provider": "test_cohort", "test_cohort-cohort": "1"})
    batch = IssuanceBatch.objects.get()
    failed = batch.certificates.first()
    services.mark_render_failed(certificate_id=failed.pk, reason="OSError('disk full')")

    page = client.get(f"/certificates/batches/{batch.pk}/").content.decode()
    client.post(f"/certificates/{failed.pk}/retry/", {"next": f"/certificates/batches/{batch.pk}/"})

    assert "disk full" in page
    failed.refresh_from_db()
    assert failed.status == Certificate.Status.PENDING


def test_batches_are_for_coordinators_only(client, cohort):
    client.force_login(FacultyFactory())

    assert client.get("/certificates/batches/").status_code == 404
    assert (
        client.post("/certificates/batches/", {"provider": "test_cohort", "test_cohort-cohort": "1"}).status_code == 404
    )
    assert not IssuanceBatch.objects.exists()


def test_a_coordinator_downloads_a_cohorts_pdfs_as_one_zip(client, cohort, django_capture_on_commit_callbacks):
    client.force_login(CoordinatorFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/certificates/batches/", {"provider": "test_cohort", "test_cohort-cohort": "1"})
    batch = IssuanceBatch.objects.get()

    response = client.get(f"/certificates/batches/{batch.pk}/pdfs.zip")

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == sorted(f"{c.serial}.pdf" for c in batch.certificates.all())
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())


def test_cpd_export_lists_certificates_with_hours_and_licence_numbers(client, issue):
    issue(recipient=UserFactory(full_name="Ana Quispe", licence_number="CEP-123"), hours=12)
    issue(hours=None)
    client.force_login(CoordinatorFactory())

    content = client.get("/certificates/export/cpd.csv").content.decode("utf-8-sig")

    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 1
    assert rows[0]["recipient"] == "Ana Quispe" and rows[0]["licence_number"] == "CEP-123"
    assert rows[0]["hours"] == "12.0"


def test_cpd_export_carries_the_activitys_dates_and_codes_not_translated_words(client, issue):
    issue(hours=6, started_on=datetime.date(2026, 3, 2), ended_on=datetime.date(2026, 3, 6))
    coordinator = CoordinatorFactory(preferred_language="es")
    client.force_login(coordinator)

    content = client.get("/es/certificates/export/cpd.csv").content.decode("utf-8-sig")

    [row] = list(csv.DictReader(io.StringIO(content)))
    assert (row["started_on"], row["ended_on"]) == ("2026-03-02", "2026-03-06")
    assert row["kind"] == "simulation" and row["status"] == "valid"


def test_the_yearly_activity_summary_counts_learners_by_profession_tab_delimited(client, issue):
    for profession in ("doctor", "doctor", "nurse", "other"):
        issue(
            recipient=UserFactory(profession=profession),
            title="Sepsis workshop",
            hours=4,
            started_on=datetime.date(2026, 5, 4),
            ended_on=datetime.date(2026, 5, 4),
        )
    issue(title="Older", hours=2, started_on=datetime.date(2025, 1, 1), ended_on=datetime.date(2025, 1, 1))
    client.force_login(CoordinatorFactory())

    response = client.get("/certificates/export/activities-2026.tsv")

    lines = [line.split("\t") for line in response.content.decode().strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert header[:3] == ["year", "activity_type", "title"]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert (row["title"], row["start_date"], row["hours"], row["learners"]) == (
        "Sepsis workshop",
        "2026-05-04",
        "4.0",
        "4",
    )
    assert (row["doctors"], row["nurses"], row["other_professions"]) == ("2", "1", "1")


def test_the_activity_summary_is_for_coordinators_only(client):
    client.force_login(FacultyFactory())

    assert client.get("/certificates/export/activities-2026.tsv").status_code == 404


def test_expiry_reminders_are_sent_sixty_days_before_and_only_once(issue, django_capture_on_commit_callbacks):
    today = datetime.date(2026, 11, 22)
    due = issue(expires_on=today + datetime.timedelta(days=60))
    issue(expires_on=today + datetime.timedelta(days=200))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = services.send_expiry_reminders(today=today)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.send_expiry_reminders(today=today)

    assert (first, second) == (1, 0)
    assert [message.to for message in mail.outbox] == [[due.recipient.email]]


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/path", "javascript:alert(1)"])
def test_the_retry_action_never_redirects_off_the_site(client, cohort, issue, target):
    client.force_login(CoordinatorFactory())
    client.post("/certificates/batches/", {"provider": "test_cohort", "test_cohort-cohort": "1"})
    failed = IssuanceBatch.objects.get().certificates.first()
    services.mark_render_failed(certificate_id=failed.pk, reason="OSError('disk full')")

    response = client.post(f"/certificates/{failed.pk}/retry/", {"next": target})

    assert response.status_code == 302
    assert response.url == "/certificates/"


def test_a_superseded_certificate_names_its_replacement_on_the_page_and_in_the_json(client, issue):
    faculty = FacultyFactory()
    old = issue(faculty=[faculty])
    new = services.reissue_certificate(actor=faculty, certificate=old)

    data = client.get(f"/api/v1/verify/{old.verification_code}/").json()
    page = client.get(f"/verify/{old.verification_code}/").content.decode()

    assert data["replaced_by"].endswith(f"/verify/{new.verification_code}/")
    assert f"/verify/{new.verification_code}/" in page and new.serial in page
    assert client.get(f"/api/v1/verify/{new.verification_code}/").json()["replaced_by"] is None


def test_the_owner_downloads_the_pdf_url_with_a_token(issue):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    certificate = issue()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=certificate.recipient).key}")

    pdf_url = api.get(f"/api/v1/certificates/{certificate.pk}/").json()["pdf_url"]
    response = api.get(pdf_url)

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_person_gets_404_for_the_api_pdf(issue):
    from rest_framework.test import APIClient

    certificate = issue()
    api = APIClient()
    api.force_authenticate(UserFactory())

    assert api.get(f"/api/v1/certificates/{certificate.pk}/pdf/").status_code == 404


def test_a_code_typed_from_paper_verifies_whatever_its_case_spaces_and_look_alike_letters(client, issue):
    certificate = issue()
    code = certificate.verification_code
    typed = " ".join(code[index : index + 4] for index in range(0, 32, 4)).lower().replace("0", "o").replace("1", "l")

    page = client.get(f"/verify/{typed}/")
    data = client.get(f"/api/v1/verify/{typed}/")

    assert page.status_code == 200 and certificate.serial in page.content.decode()
    assert data.status_code == 200 and data.json()["serial"] == certificate.serial


def test_a_code_issued_before_the_base_32_codes_still_verifies_exactly(client, issue):
    certificate = issue()
    Certificate.objects.filter(pk=certificate.pk).update(verification_code="Ab-c_d0123456789xyzXYZabcdefghij")

    assert client.get("/api/v1/verify/Ab-c_d0123456789xyzXYZabcdefghij/").status_code == 200
    assert client.get("/api/v1/verify/ab-c_d0123456789xyzxyzabcdefghij/").status_code == 404


def test_a_cohort_already_certified_is_told_so_and_gets_no_empty_batch(client, cohort, issue):
    for learner in cohort:
        issue(recipient=learner, source=learner, kind="online_course")
    client.force_login(CoordinatorFactory())

    response = client.post(
        "/certificates/batches/", {"provider": "test_cohort", "test_cohort-cohort": "1"}, follow=True
    )

    assert "Nothing new to issue: all 4 who completed Cohort one already have their certificate" in (
        response.content.decode()
    )
    assert not IssuanceBatch.objects.exists()


def test_a_cohorts_certificates_download_as_a_zip_however_they_were_issued(client, cohort, issue):
    issued_at_completion = [issue(recipient=learner, source=learner, kind="online_course") for learner in cohort[:2]]
    issue()  # someone outside the cohort
    client.force_login(CoordinatorFactory())

    response = client.post(
        "/certificates/batches/", {"provider": "test_cohort", "test_cohort-cohort": "1", "action": "zip"}, follow=True
    )

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == sorted(f"{certificate.serial}.pdf" for certificate in issued_at_completion)


def test_an_unknown_cohort_zip_is_a_404_and_faculty_get_none(client, cohort):
    client.force_login(CoordinatorFactory())
    assert client.get("/certificates/cohorts/test_cohort/99.zip").status_code == 404
    client.force_login(FacultyFactory())
    assert client.get("/certificates/cohorts/test_cohort/1.zip").status_code == 404


def test_the_cohort_page_lists_certified_eligible_with_why_and_not_eligible_with_why(client, issue):
    done, refused, waiting = UserFactory.create_batch(3, full_name="")
    others = [UserFactory(full_name="Omar Haddad")]
    provider = LearnersProvider([done, refused, waiting], others)
    cohorts.register_cohort_provider(provider)
    try:
        certificate = issue(recipient=done, source=done, kind="online_course")
        services.issue_on_completion(
            completion=cohorts.Completion(
                recipient=refused,
                kind="online_course",
                title="Sepsis",
                source=refused,
                credits=(Credit(system=CreditSystem.CPD_HOURS, amount=Decimal("2"), accrediting_body="CCFC"),),
            )
        )
        client.force_login(CoordinatorFactory())
        page = client.get("/certificates/cohorts/test_cohort/1/").content.decode()
    finally:
        cohorts._providers.pop(provider.key)

    certified, rest = page.split("<h2>Certified</h2>")
    eligible = certified.split("<h2>Eligible, not yet certified</h2>")[1]
    assert certificate.serial in rest.split("<h2>Not eligible</h2>")[0]
    assert "names no signatory" in eligible and refused.email in eligible
    assert waiting.email in eligible and "Not issued yet" in eligible
    assert "Omar Haddad" in rest.split("<h2>Not eligible</h2>")[1] and "Course not completed" in page


COHORT_PAGE_QUERIES = 5


@pytest.mark.parametrize("size", [3, 30])
def test_the_cohort_page_costs_the_same_for_3_and_30(client, django_assert_num_queries, issue, size):
    learners = UserFactory.create_batch(size)
    provider = LearnersProvider(learners, UserFactory.create_batch(size))
    cohorts.register_cohort_provider(provider)
    for learner in learners[: size // 2]:
        issue(recipient=learner, source=learner, kind="online_course")
    client.force_login(CoordinatorFactory())
    try:
        with django_assert_num_queries(COHORT_PAGE_QUERIES):
            assert client.get("/certificates/cohorts/test_cohort/1/").status_code == 200
    finally:
        cohorts._providers.pop(provider.key)


def test_only_coordinators_see_a_cohort_page(client, cohort):
    client.force_login(FacultyFactory())

    assert client.get("/certificates/cohorts/test_cohort/1/").status_code in (403, 404)
    assert client.get("/certificates/cohorts/nope/1/").status_code in (403, 404)


def test_cpd_export_quotes_a_formula_in_a_recipients_name(client, issue):
    issue(recipient=UserFactory(full_name=FORMULA_NAME), hours=2)
    client.force_login(CoordinatorFactory())

    content = client.get("/certificates/export/cpd.csv").content.decode("utf-8-sig")

    assert list(csv.DictReader(io.StringIO(content)))[0]["recipient"] == f"'{FORMULA_NAME}"


def test_the_verification_page_names_the_default_issuer_in_the_readers_language(client, issue):
    certificate = issue()

    spanish = client.get(f"/es/verify/{certificate.verification_code}/").text
    french = client.get(f"/fr/verify/{certificate.verification_code}/").text

    assert "Oficina de Formación Internacional, Hospital Infantil" in spanish
    assert "Bureau de formation internationale, Hôpital pour enfants" in french


# A learner's own certificates


def _certificates_of(recipient, count: int) -> list:
    from tests.certificates.issuing import issue_for

    return [issue_for(recipient=recipient, source=UserFactory(), title=f"Course {n}") for n in range(count)]


def test_the_dashboard_shows_the_newest_five_certificates_and_links_to_all(client):
    learner = UserFactory()
    _certificates_of(learner, 6)
    client.force_login(learner)

    html = client.get("/dashboard/").text

    assert html.count("Verification page") == 5 and 'href="/certificates/mine/"' in html
    assert "Course 5" in html and "Course 0" not in html


def test_the_dashboard_links_no_full_list_for_five_certificates_or_fewer(client):
    learner = UserFactory()
    _certificates_of(learner, 5)
    client.force_login(learner)

    assert 'href="/certificates/mine/"' not in client.get("/dashboard/").text


def test_my_certificates_lists_only_my_own(client):
    learner, other = UserFactory(), UserFactory()
    _certificates_of(learner, 2)
    theirs = _certificates_of(other, 1)[0]
    client.force_login(learner)

    html = client.get("/certificates/mine/").text

    assert html.count("Verification page") == 2 and theirs.serial not in html


def test_my_certificates_says_when_there_are_none(client):
    client.force_login(UserFactory())

    html = client.get("/certificates/mine/").text

    assert 'class="empty"' in html


def test_my_certificates_needs_a_login(client):
    response = client.get("/certificates/mine/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_certificates_uses_the_same_queries_for_3_and_30(client, django_assert_num_queries, queries_for):
    learner = UserFactory()
    _certificates_of(learner, 3)
    client.force_login(learner)
    small = queries_for(client, "/certificates/mine/")
    _certificates_of(learner, 27)

    with django_assert_num_queries(small):
        assert client.get("/certificates/mine/").text.count("Verification page") == 20
