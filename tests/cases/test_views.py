"""Pages: anonymous filing and follow-up leave no trace of the requester; the permission matrix of every page."""

import logging
import re

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from corridor.accounts.choices import Role
from corridor.cases import services
from corridor.cases.models import Case, CaseTask, Note
from corridor.core.models import AuditEntry

pytestmark = pytest.mark.django_db
SECRET_IP = "203.0.113.77"
SECRET_UA = "Mozilla/5.0 (X11; Linux) UniqueAgent/9.9.9"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _post_complaint(client, **extra):
    data = {
        "grievances": ["documents_taken", "unpaid_wages"], "employer_name": "Desert Build Co.",
        "nationality": "PH", "country_where": "SA", "place": "Riyadh",
        "narrative": "Kinuha ng amo ko ang aking pasaporte. Tatlong buwan na akong walang sahod.",
        "q_paid_in_full": "no", "q_passport_holder": "employer",
    }
    data.update(extra)
    return client.post(reverse("cases:complaint-new"), data, REMOTE_ADDR=SECRET_IP, HTTP_USER_AGENT=SECRET_UA,
                       HTTP_X_FORWARDED_FOR=SECRET_IP, HTTP_ACCEPT_LANGUAGE="fil")


def _all_rows_text() -> str:
    """Every value in every table of the database, as one string."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            chunks.extend(str(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_anonymous_filing_and_follow_up_leave_nothing_that_links_them_to_the_requester(client, orgs, caplog):
    caplog.set_level(logging.DEBUG)
    response = _post_complaint(client, evidence=SimpleUploadedFile("payslip.png", PNG, content_type="image/png"))
    assert response.status_code == 200, response.content[:2000]
    assert "no-store" in response["Cache-Control"]
    code = re.search(r'id="receipt-code" dir="ltr">([0-9A-Z-]+)<', response.content.decode()).group(1)
    case = Case.objects.get()
    assert case.channel == "anonymous" and case.evidence.count() == 1
    assert case.findings.filter(indicator="retention_of_documents", source="narrative").exists()

    response = client.post(reverse("cases:follow"), {"code": code}, REMOTE_ADDR=SECRET_IP, HTTP_USER_AGENT=SECRET_UA)
    assert response.status_code == 200 and case.reference not in response.content.decode()
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)
    response = client.post(reverse("cases:follow-act", args=["message"]), {"token": token, "body": "May bago po ba?"},
                           REMOTE_ADDR=SECRET_IP, HTTP_USER_AGENT=SECRET_UA)
    assert response.status_code == 200 and "May bago po ba?" in response.content.decode()
    response = client.post(reverse("cases:follow-act", args=["evidence"]),
                           {"token": token, "evidence": SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 40)},
                           REMOTE_ADDR=SECRET_IP, HTTP_USER_AGENT=SECRET_UA)
    assert response.status_code == 200 and case.evidence.count() == 2
    response = client.post(reverse("cases:follow-act", args=["answers"]), {"token": token, "q_can_leave": "no"},
                           REMOTE_ADDR=SECRET_IP, HTTP_USER_AGENT=SECRET_UA)
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.is_urgent

    dump = _all_rows_text()
    for secret in (SECRET_IP, SECRET_UA, "UniqueAgent"):
        assert secret not in dump
        assert all(secret not in record.getMessage() for record in caplog.records)
    entries = AuditEntry.objects.filter(object_type="cases.case")
    assert entries.exists() and all(e.actor_id is None and e.actor_label == "anonymous" for e in entries)
    assert not Session.objects.exists()
    assert "sessionid" not in client.cookies
    assert Note.objects.filter(case=case, author_kind="complainant", author__isnull=True).count() == 1


def test_an_urgent_anonymous_complaint_shows_the_emergency_contacts_where_the_worker_is(client, orgs):
    response = _post_complaint(client, grievances=["confinement"], narrative="Nakakulong ako sa bahay.")
    body = response.content.decode()
    assert response.status_code == 200 and 'id="help-now"' in body
    from corridor.core import hotlines

    assert hotlines.for_country("SA")[0]["phone"] in body


def test_the_form_rejects_a_complaint_against_nobody(client, orgs):
    response = _post_complaint(client, employer_name="")
    assert response.status_code == 422 and not Case.objects.exists()


def test_a_disguised_file_is_refused_on_the_form(client, orgs):
    response = _post_complaint(client, evidence=SimpleUploadedFile("photo.jpg", b"%PDF-1.4 pretending"))
    assert response.status_code == 422 and not Case.objects.exists()


def test_wrong_codes_are_throttled_on_the_page(client, orgs, settings):
    settings.CORRIDOR_RECEIPT_REQUESTER_FAILURES = 2
    for _i in range(2):
        assert client.post(reverse("cases:follow"), {"code": "AAAA-BBBB-CCCC-DDDD"}).status_code == 404
    assert client.post(reverse("cases:follow"), {"code": "AAAA-BBBB-CCCC-DDDE"}).status_code == 429
    # Another requester is not held back by this one's mistakes.
    other = client.post(reverse("cases:follow"), {"code": "AAAA-BBBB-CCCC-DDDE"}, REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 404


def test_a_forged_or_expired_pass_is_refused(client, orgs):
    response = client.post(reverse("cases:follow-act", args=["message"]), {"token": "forged", "body": "x"})
    assert response.status_code == 403


def test_a_signed_in_worker_files_and_sees_their_case(client, signed_in, orgs):
    from corridor.accounts import services as accounts

    worker = accounts.worker_register_self(username="maria", password="a-long-test-password-2026",
                                           full_name="Maria Santos", nationality="PH", languages=[])
    signed_in(worker.user)
    response = _post_complaint(client)
    assert response.status_code == 200
    case = Case.objects.get()
    assert case.channel == "worker"
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200
    assert client.get(reverse("cases:complainant", args=[case.reference])).status_code == 200


# --- the permission matrix -----------------------------------------------------------------------------------


@pytest.fixture
def worked_case(file_case, people):
    attache = people["attache"]
    case = file_case(acting_user=attache, complainant={"full_name": "Jose Cruz"}, narrative="They hit me.").case
    case = services.case_triage(acting_user=attache, case=case)
    case = services.case_assign(acting_user=attache, case=case, officer=attache)
    case = services.case_start(acting_user=attache, case=case)
    services.evidence_add(acting_user=attache, case=case, name="p.png", data=PNG)
    services.claim_add(acting_user=attache, case=case, kind="wages", amount="100", currency="SAR")
    services.task_add(acting_user=attache, case=case, title="Call", due_date=case.created_at.date())
    return services.case_await_party(acting_user=attache, case=case, reason="Please answer.")


def _pages(case):
    evidence = case.evidence.first()
    claim = case.claims.first()
    ref = case.reference
    return {
        "queue": ("get", reverse("cases:queue"), {}),
        "overdue": ("get", reverse("cases:overdue"), {}),
        "staff-new": ("get", reverse("cases:staff-new"), {}),
        "detail": ("get", reverse("cases:detail", args=[ref]), {}),
        "complainant": ("get", reverse("cases:complainant", args=[ref]), {}),
        "evidence": ("get", reverse("cases:evidence", args=[ref, evidence.pk]), {}),
        "note": ("post", reverse("cases:note", args=[ref]), {"body": "n", "visibility": "internal"}),
        "task": ("post", reverse("cases:task", args=[ref]), {"title": "t", "due_date": "2030-01-01"}),
        "upload": ("post", reverse("cases:evidence-upload", args=[ref]), {"evidence": SimpleUploadedFile("x.png", PNG)}),
        "act": ("post", reverse("cases:act", args=[ref, "resume"]), {}),
        "claim": ("post", reverse("cases:claim-add", args=[ref]), {"kind": "fees", "amount": "5", "currency": "PHP"}),
        "recovery": ("post", reverse("cases:recovery", args=[ref, claim.pk]), {"amount": "1"}),
        "default": ("post", reverse("cases:claim-default", args=[ref, claim.pk]), {"reason": "no"}),
        "respondent": ("post", reverse("cases:respondent-add", args=[ref]), {"role": "other", "name": "X"}),
        "respond-list": ("get", reverse("cases:respond-list"), {}),
        "respond-reply": ("post", reverse("cases:respond-detail", args=[ref]), {"body": "We will pay."}),
        "task-done": ("post", reverse("cases:task-done", args=[ref, case.tasks.first().pk]), {}),
        "refer": ("post", reverse("cases:refer", args=[ref]), {"reason": "Inspect."}),
        "referral-update": ("post", reverse("cases:referral-update", args=[ref]), {"message": "News."}),
        "alerts": ("get", reverse("cases:alerts"), {}),
        "roster": ("get", reverse("cases:roster"), {}),
        "respond-detail": ("get", reverse("cases:respond-detail", args=[ref]), {}),
    }


ALLOWED = {  # who gets a success (200 or a redirect back) on each page; everyone else gets 404
    "queue": {"attache", "attache2", "licensing", "other_officer", "caseworker", "auditor"},
    "overdue": {"attache", "attache2", "licensing", "other_officer", "caseworker", "auditor"},
    "staff-new": {"attache", "attache2", "licensing", "other_officer", "caseworker"},
    "detail": {"attache", "attache2", "auditor"},
    "complainant": {"attache", "attache2"},
    "evidence": {"attache", "attache2"},
    "note": {"attache", "attache2"}, "task": {"attache", "attache2"}, "upload": {"attache", "attache2"},
    "act": {"attache", "attache2"}, "claim": {"attache", "attache2"}, "recovery": {"attache", "attache2"},
    "default": {"attache", "attache2"}, "respondent": {"attache", "attache2"},
    "respond-list": {"employer", "agency"}, "respond-detail": {"employer", "agency"},
    "respond-reply": {"employer", "agency"},
    "task-done": {"attache", "attache2"},
    # A refusal in the right scope is a 409 page (no consent, nothing accepted), not a 404.
    "refer": {"attache", "attache2"}, "referral-update": {"attache", "attache2"},
    "alerts": {"attache", "attache2", "licensing", "other_officer", "caseworker", "auditor"},
    "roster": {"attache", "attache2", "licensing", "other_officer"},
}


@pytest.mark.parametrize("page_name", sorted(ALLOWED))
def test_permission_matrix(client, signed_in, people, worked_case, page_name):
    page = page_name
    method, url, data = _pages(worked_case)[page]
    response = getattr(client, method)(url, data)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"], "anonymous"
    for name, user in people.items():
        client.logout()
        signed_in(user)
        Case.objects.filter(pk=worked_case.pk).update(status="awaiting_party")  # each try starts from the same state
        method, url, data = _pages(Case.objects.get(pk=worked_case.pk))[page]
        response = getattr(client, method)(url, data)
        if page == "task-done":
            CaseTask.objects.filter(case=worked_case).update(done_at=None)
        if name in ALLOWED[page]:
            expected = (409,) if page in {"refer", "referral-update"} else (200, 302)
            assert response.status_code in expected, (name, response.status_code)
            if response.status_code == 302:
                assert "sign-in" not in response["Location"]
        else:
            assert response.status_code == 404, (name, response.status_code)


def test_an_officer_who_has_not_passed_two_factors_sees_nothing(client, people, worked_case):
    client.force_login(people["attache"])
    assert client.get(reverse("cases:detail", args=[worked_case.reference])).status_code in (302, 404)


def test_the_employer_sees_the_case_but_not_who_complained(client, signed_in, people, worked_case):
    signed_in(people["employer"])
    body = client.get(reverse("cases:respond-detail", args=[worked_case.reference])).content.decode()
    assert "Please answer." in body and "Jose Cruz" not in body and "They hit me" not in body
    response = client.post(reverse("cases:respond-detail", args=[worked_case.reference]), {"body": "We paid."})
    assert response.status_code == 302


def test_the_queue_is_urgent_first_with_a_bounded_number_of_queries(client, signed_in, people, file_case,
                                                                    django_assert_max_num_queries):
    for i in range(15):
        file_case(grievances=["violence"] if i % 5 == 0 else ["unpaid_wages"])
    signed_in(people["attache"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("cases:queue"))
    body = response.content.decode()
    rows = re.findall(r'<th scope="row"><a href="/cases/(C-[0-9A-Z]+)/"', body)
    urgent = set(Case.objects.filter(is_urgent=True).values_list("reference", flat=True))
    assert len(rows) == 15 and set(rows[:3]) == urgent


def test_the_detail_page_shows_each_indicator_with_its_evidence(client, signed_in, people, file_case,
                                                                django_assert_max_num_queries):
    case = file_case(acting_user=people["attache"], complainant={"full_name": "X"},
                     narrative="The sponsor confiscated my passport.", answers={"owes_money": "yes"}).case
    signed_in(people["attache"])
    with django_assert_max_num_queries(30):
        body = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Retention of identity documents" in body and "confiscated my passport" in body
    assert "owes_money=yes" in body and "Debt bondage" in body


def test_transitions_from_the_page_and_a_refused_one(client, signed_in, people, file_case):
    case = file_case().case
    signed_in(people["attache"])
    assert client.post(reverse("cases:act", args=[case.reference, "triage"]), {"urgent": "yes", "reason": "r"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "triaged" and case.is_urgent
    response = client.post(reverse("cases:act", args=[case.reference, "resolve"]), {"reason": "x"})
    assert response.status_code == 409 and b"cases.transition_not_allowed" in response.content
    assert client.post(reverse("cases:act", args=[case.reference, "fly"]), {}).status_code == 404


def test_the_role_can_file_for_a_worker(client, signed_in, people, orgs):
    signed_in(people["caseworker"])
    response = client.post(reverse("cases:staff-new"), {
        "full_name": "Jose Cruz", "grievances": ["unpaid_wages"], "employer_name": "Desert Build Co.",
        "nationality": "PH", "country_where": "SA", "narrative": "No salary for two months.",
    })
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel == "staff" and case.complainant.full_name == "Jose Cruz"
    assert case.respondents.get().organisation == orgs["employer"]  # linked by exact name


def test_workers_are_sent_to_the_public_form_and_staff_to_theirs(client, signed_in, people):
    signed_in(people["attache"])
    assert client.get(reverse("cases:complaint-new")).status_code == 302
    assert Role.CONSULAR_ATTACHE


def test_the_complainant_sees_shared_notes_and_questions_never_internal_ones(client, signed_in, people, file_case):
    from corridor.accounts import services as accounts

    worker = accounts.worker_register_self(username="maria", password="a-long-test-password-2026",
                                           full_name="Maria Santos", nationality="PH", languages=[])
    case = file_case(acting_user=worker.user).case
    services.note_add(acting_user=people["attache"], case=case, body="Where are you staying now?", visibility="shared",
                      is_question=True)
    services.note_add(acting_user=people["attache"], case=case, body="INTERNAL: employer has a record", visibility="internal")
    signed_in(worker.user)
    body = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Where are you staying now?" in body and "INTERNAL" not in body and 'id="hist"' not in body

    anonymous = file_case()
    services.note_add(acting_user=people["attache"], case=anonymous.case, body="Can you call the hotline?",
                      visibility="shared", is_question=True)
    services.note_add(acting_user=people["attache"], case=anonymous.case, body="INTERNAL: check", visibility="internal")
    client.logout()
    body = client.post(reverse("cases:follow"), {"code": anonymous.receipt_code}).content.decode()
    assert "Can you call the hotline?" in body and "Question from the officer" in body and "INTERNAL" not in body
