"""The permission matrix, generated from the URL configuration and the API's routes (NetBox's generated view tests).

Every Django URL pattern and every django-ninja operation must have an entry in tests/permission_matrix.py; each
entry is tried anonymous, with every wrong role, with one allowed role, and (for records) from the wrong scope.
The scene is built once for the module (the demo data set and a few outsiders) inside a transaction that is
rolled back at the end; each test runs in its own savepoint on top of it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from corridor.accounts.choices import Role
from tests.permission_matrix import API, PAGES, Entry, template

API_PREFIX = "/api/v1"
MISSING = 987654321

pytestmark = pytest.mark.once("sqlite")  # permissions do not depend on the database: once, in the faster pass


# --- the routes --------------------------------------------------------------------------------------------


def page_routes() -> dict[str, str]:
    """Every page of the URL configuration by matrix key ("namespace:name"; the admin is one key), to its route."""
    found: dict[str, str] = {}

    def walk(resolver, prefix="", namespace=None):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "api":  # the API: enumerated from its routers below
                    continue
                if pattern.app_name == "admin" or route.startswith("admin/"):
                    found["admin:*"] = "admin/"
                    continue
                walk(pattern, route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or route
                found[f"{namespace}:{name}" if namespace else name] = route

    walk(get_resolver())
    return found


def api_routes() -> dict[str, str]:
    """Every operation of the NinjaAPI, as "METHOD /path" (path under /api/v1)."""
    from corridor.api import api

    found = {}
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            full = re.sub(r"/+", "/", f"/{prefix}/{path}").rstrip("/") or "/"
            for operation in view.operations:
                for method in operation.methods:
                    found[f"{method} {full}"] = full
    return found


def test_every_page_has_an_entry_in_the_matrix():
    routes = page_routes()
    missing = sorted(set(routes) - set(PAGES))
    stale = sorted(set(PAGES) - set(routes))
    assert not missing, (
        "These pages have no entry in the permission matrix. Add one to PAGES in tests/permission_matrix.py "
        "saying who may open them (and, for a record, which scope may not):\n"
        + "\n".join(f"{template(key, 'page')}  # {routes[key]}" for key in missing)
    )
    assert not stale, f"These PAGES entries name no URL any more; remove them: {stale}"


def test_every_api_operation_has_an_entry_in_the_matrix():
    routes = api_routes()
    missing = sorted(set(routes) - set(API))
    stale = sorted(set(API) - set(routes))
    assert not missing, (
        "These API operations have no entry in the permission matrix. Add one to API in tests/permission_matrix.py:\n"
        + "\n".join(template(key, "api") for key in missing)
    )
    assert not stale, f"These API entries name no operation any more; remove them: {stale}"


def test_the_walk_finds_what_a_reader_knows_is_there():
    """A guard on the guard: a walk that found nothing would pass the two tests above."""
    assert {"registry:screening-review", "cases:detail", "admin:*", "healthz"} <= set(page_routes())
    assert {"GET /cases/{reference}", "POST /clearances/{reference}/halt", "GET /node"} <= set(api_routes())


# --- the scene ---------------------------------------------------------------------------------------------


@dataclass
class Scene:
    users: dict = field(default_factory=dict)  # role -> the demo user of that role
    outsiders: dict = field(default_factory=dict)  # role -> a user of that role in another organisation or post
    clients: dict = field(default_factory=dict)
    missing: int = MISSING

    def client(self, user) -> Client:
        """A fresh client with the user's session (signed in when the scene was built: a session made in a test
        rolls back, and a test that signs out must not sign out the next one)."""
        client = Client()
        client.cookies = SimpleCookie(self.clients[user.pk])
        return client


def build_scene(ctx) -> Scene:
    from corridor.accounts.models import Worker
    from corridor.cases.models import CaseTask, Claim
    from corridor.cases.selectors import case_queue, respondent_case_scope
    from corridor.clearance.models import Clearance
    from corridor.contracts.models import Contract, ContractVersion
    from corridor.registry import services as registry_services
    from corridor.registry.models import Agency, Employer, JobOrder, Licence, ScreeningHit, WatchlistEntry
    from corridor.rules.loader import default_catalogue
    from corridor.welfare.models import Claim as WelfareClaim
    from corridor.welfare.models import Membership as WelfareMembership
    from corridor.welfare.models import Repatriation
    from tests.factories import accounts as f

    s = Scene()
    for user in ctx.users.values():
        s.users.setdefault(user.role, user)
    orgs = ctx.organisations
    s.agency = Agency.objects.get(organisation=orgs["agency"])
    s.worker = Worker.objects.get(user=s.users[Role.WORKER])
    s.employer = Employer.objects.get(organisation=orgs["employer"])
    s.applied_licence = Licence.objects.filter(status="applied").first()
    s.proceeding = registry_services.sanction_notify(
        acting_user=_verified(s.users[Role.ORIGIN_OFFICER]), licence=s.agency.current_licence,
        charge="Charged workers placement fees", proposed_penalty="suspend",
        answer_due=timezone.localdate() + timedelta(days=10))
    s.job_order = JobOrder.objects.filter(agency=s.agency).order_by("pk").first()
    s.watchlist_entry = WatchlistEntry.objects.filter(peer_entry_id__isnull=True, lifted_at__isnull=True).first()
    s.hit = ScreeningHit.objects.filter(status="pending").first()
    s.contract = Contract.objects.filter(worker=s.worker).order_by("pk").first() or ctx.extra["contract_registered"]
    s.version = s.contract.versions.order_by("-pk").first()
    s.submitted = ContractVersion.objects.filter(status="submitted", contract__job_order__agency=s.agency).first()
    s.awaiting = ContractVersion.objects.filter(status="awaiting_worker", contract__worker=s.worker).first()
    catalogue = default_catalogue()
    ruleset_id = sorted(catalogue.versions)[0]
    s.ruleset = {"ruleset_id": ruleset_id, "version": catalogue.versions[ruleset_id][0].version}
    clearances = Clearance.objects.filter(contract__job_order__agency=s.agency).order_by("pk")
    s.clearance = clearances.exclude(status="granted").first() or clearances.first()
    s.granted = Clearance.objects.filter(status="granted").first()
    attache = _verified(s.users[Role.CONSULAR_ATTACHE])
    held = case_queue(user=attache).filter(assigned_team=attache.organisation)  # the attaché's team decides on these
    s.case = held.order_by("pk").first()
    s.task = CaseTask.objects.filter(case__in=held).first()
    s.claim = Claim.objects.filter(case__in=held).first()
    s.respond_case = respondent_case_scope(_verified(s.users[Role.EMPLOYER_STAFF])).first()
    s.membership = WelfareMembership.objects.filter(destination=attache.organisation.post_country_id).order_by("pk").first()
    s.welfare_claim = WelfareClaim.objects.filter(membership__destination=attache.organisation.post_country_id).first()
    s.repatriation = Repatriation.objects.filter(membership__destination=attache.organisation.post_country_id).first()

    _inspection_scene(s, ctx)
    s.referral = ctx.extra["referral"]  # guidance: the attaché's referral to the demo resource centre
    for name in ("standards_meeting", "standards_action", "orientation_licence", "orientation_session",
                 "orientation_enrolment"):
        setattr(s, name, ctx.extra.get(name))
    _reintegration_scene(s, ctx)

    other_agency = Agency.objects.exclude(pk=s.agency.pk).exclude(organisation=None).first().organisation
    s.outsiders = {
        Role.AGENCY_STAFF: f.UserFactory(role=Role.AGENCY_STAFF, organisation=other_agency),
        Role.EMPLOYER_STAFF: f.UserFactory(role=Role.EMPLOYER_STAFF,
                                           organisation=f.OrganisationFactory(kind="employer", country="AE")),
        Role.CONSULAR_ATTACHE: f.UserFactory(role=Role.CONSULAR_ATTACHE, organisation=f.OrganisationFactory(
            kind="consulate", country=ctx.country, post_country="KW")),
        Role.WORKER: f.WorkerUserFactory(),
        Role.RESOURCE_CENTRE_STAFF: f.UserFactory(role=Role.RESOURCE_CENTRE_STAFF, organisation=f.OrganisationFactory(
            kind="resource_centre", country="SA")),  # guidance: a centre with no referral of the scene's
        Role.ORIENTATION_PROVIDER: f.UserFactory(role=Role.ORIENTATION_PROVIDER,
                                                 organisation=f.OrganisationFactory(kind="orientation_provider")),
    }
    for user in [*s.users.values(), *s.outsiders.values()]:
        s.clients[user.pk] = f.signed_in_client(user).cookies.output(header="", sep=";")
    return s


def _verified(user):
    user.is_verified = lambda: True
    return user


def _inspection_scene(s: Scene, ctx) -> None:
    """A worksite of the demo employer, a completed visit with a finding, an order and a plan (the scene is an
    origin node's demo, which has no inspection of its own)."""
    from corridor.inspection import checklists
    from corridor.inspection import services as inspection_services

    inspector = _verified(ctx.users["inspector"])
    site = inspection_services.worksite_register(acting_user=inspector, employer=s.employer, name="Matrix site",
                                                 region="Riyadh", sector="domestic_work", workforce=10)
    visit = inspection_services.visit_schedule(acting_user=inspector, worksite=site, kind="unannounced")
    visit = inspection_services.visit_start(acting_user=inspector, visit=visit)
    for item in checklists.current().for_sector(visit.checklist_sector):
        inspection_services.checklist_answer(acting_user=inspector, visit=visit, item=item.key,
                                             answer="no" if item.key == "doc.held" else "yes")
    s.inspection_visit = inspection_services.visit_complete(acting_user=inspector, visit=visit)
    s.inspection_finding = visit.findings.get()
    s.inspection_order = inspection_services.order_issue(
        acting_user=inspector, visit=visit, requirement="Return the passports",
        due_on=timezone.localdate() + timedelta(days=7))
    inspection_services.risk_scores_compute()
    s.inspection_plan = inspection_services.plan_create(
        acting_user=inspector, name="Matrix plan", starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=30), quotas=[(inspector, 1)])


def _reintegration_scene(s: Scene, ctx) -> None:
    """The demo's returns, an open follow-up, the skills certificate and the approved matching-fund project."""
    from corridor.reintegration.models import FollowUp, Return, SkillCertificate

    s.return_record = ctx.extra["reintegration_return"]
    s.worker_return = Return.objects.get(worker__user=s.users[Role.WORKER])
    s.follow_up = FollowUp.objects.filter(done_on__isnull=True, referral__plan__return_record=s.return_record).first()
    s.certificate = SkillCertificate.objects.select_related("referral").get()
    s.skills_referral = s.certificate.referral
    s.project = ctx.extra["reintegration_project"]
    s.association = ctx.extra["reintegration_association"]
    s.tranche = s.project.tranches.get(sequence=2)


@pytest.fixture(scope="module")
def scene(demo_context, django_db_blocker):
    """Built once on the demo (tests/conftest.py), in a transaction the module rolls back; each test's own changes
    roll back to a savepoint."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_scene(demo_context)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- the cases ---------------------------------------------------------------------------------------------


def _cases():
    for kind, table in (("page", PAGES), ("api", API)):
        for key, entry in table.items():
            yield pytest.param(kind, key, "anonymous", id=f"{key}-anonymous")
            if not entry.public:
                yield pytest.param(kind, key, "wrong_role", id=f"{key}-wrong-role")
            yield pytest.param(kind, key, "allowed", id=f"{key}-allowed")
            if entry.scope is not None:
                yield pytest.param(kind, key, "wrong_scope", id=f"{key}-wrong-scope")


def _url(kind: str, key: str, entry: Entry, scene: Scene) -> str:
    kwargs = entry.record(scene) if entry.record else {}
    if kind == "page":
        url = "/admin/" if key == "admin:*" else reverse(key, kwargs=kwargs or None)
    else:
        url = API_PREFIX + key.split(" ", 1)[1].format(**kwargs)
    return f"{url}?{entry.query}" if entry.query else url


def _send(client: Client, kind: str, entry: Entry, url: str, scene: Scene):
    if entry.method == "get":
        return client.get(url)
    data = (entry.data(scene) if callable(entry.data) else entry.data) or {}
    if kind == "api":
        return client.post(url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


def _allowed_role(entry: Entry) -> Role:
    allowed = entry.who.roles()
    return entry.as_role or next(role for role in Role if role in allowed)


def _assert_denied(kind: str, entry: Entry, response, expected, what: str):
    expected = expected if isinstance(expected, tuple) else (expected,)
    assert response.status_code in expected, (what, response.status_code, response.content[:300])
    if kind == "page":
        assert b"Page not found" in response.content, what
    else:
        code = {403: "core.permission_denied", 404: "core.not_found"}[response.status_code]
        assert response.json()["error"]["code"] == code, (what, response.json())


@pytest.mark.parametrize(("kind", "key", "case"), list(_cases()))
def test_permission_matrix(scene, db, kind, key, case):
    entry = (PAGES if kind == "page" else API)[key]
    url = _url(kind, key, entry, scene)
    if case == "anonymous":
        response = _send(Client(), kind, entry, url, scene)
        if entry.public:
            assert response.status_code in entry.ok, (url, response.status_code, response.content[:300])
        elif kind == "page":
            assert response.status_code == 302, (url, response.status_code)
            location = urlsplit(response["Location"])
            assert location.path == "/accounts/sign-in/" and "next=" in location.query, response["Location"]
        else:
            assert response.status_code == (entry.anonymous or 401), response.content[:300]
            assert response.json()["error"]["code"] == "core.not_authenticated"
    elif case == "wrong_role":
        allowed = entry.who.roles()
        wrong = [role for role in Role if role not in allowed]
        for role in wrong:
            response = _send(scene.client(scene.users[role]), kind, entry, url, scene)
            _assert_denied(kind, entry, response, entry.denied, f"{role} on {url}")
    elif case == "allowed":
        role = _allowed_role(entry)
        response = _send(scene.client(scene.users[role]), kind, entry, url, scene)
        assert response.status_code in entry.ok, (role, url, response.status_code, response.content[:500])
        if kind == "api":
            assert response["Content-Type"].startswith("application/json")
    else:
        outsider = scene.outsiders[entry.scope]
        response = _send(scene.client(outsider), kind, entry, url, scene)
        _assert_denied(kind, entry, response, 404, f"an outsider {entry.scope} on {url}")
