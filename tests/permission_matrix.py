"""The permission matrix: one entry for every page (Django URL name) and every API operation (method and path).

tests/test_permission_matrix.py walks the URL configuration and the NinjaAPI's routers and fails when a route has
no entry here (or an entry names a route that no longer exists). For each entry it tries:

- anonymous: a page sends to sign-in (or opens, when public); an endpoint answers 401 (or opens, when public);
- every role that is not allowed: the 404 page for pages, 403 (or 404) with the JSON error for endpoints;
- one allowed role: the expected status (for writes sent with an empty form, "passes the gate": a form
  error or 422/409, never 401/403/404/500);
- wrong scope, when the entry names one: a user of an allowed role in another organisation (or post) asks for
  the same record and gets "not found", never "forbidden".

The records come from the scene (tests/test_permission_matrix.py: the demo data set and a few outsiders);
`record` is a function of the scene that gives the URL's arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from corridor.accounts.choices import Role
from corridor.accounts.permissions import PERMISSIONS

R = Role


class Who:
    """Who may use a route: resolved when the test runs, after every app has registered its actions."""

    def __init__(self, label: str, roles: Callable[[], frozenset] | None):
        self.label, self._roles = label, roles

    @property
    def public(self) -> bool:
        return self._roles is None

    def roles(self) -> frozenset:
        return frozenset(Role) if self._roles is None else self._roles()

    def __repr__(self):
        return self.label


PUBLIC = Who("public", None)
SIGNED_IN = Who("any signed-in user", lambda: frozenset(Role))
ADMIN = Who("administrators (the Django admin)", lambda: frozenset({R.ADMINISTRATOR}))


def perm(action: str) -> Who:
    """The roles that accounts.permissions gives this action (deny by default: an unknown action is no one)."""
    return Who(action, lambda: PERMISSIONS.get(action, frozenset()))


def roles(*allowed: Role) -> Who:
    return Who("+".join(sorted(allowed)), lambda: frozenset(allowed))


WRITE_GATE = (200, 201, 302, 400, 409, 422)  # an empty form was refused or re-rendered: the user passed the permission gate


@dataclass(frozen=True)
class Entry:
    who: Who
    method: str = "get"
    record: Callable | None = None  # scene -> URL arguments of a record `as_role` may see
    data: dict | Callable | None = None  # sent with a POST (an empty form when None); a callable takes the scene
    ok: tuple = (200,)  # the allowed role's answer
    scope: Role | None = None  # an outsider of this role (other organisation or post) must get "not found"
    as_role: Role | None = None  # the allowed role that is tried (the first allowed one when None)
    denied: int | tuple = 404  # wrong role: pages answer the 404 page; endpoints say 403 unless given 404
    anonymous: int | None = None  # None: the sign-in redirect (pages) or 401 (endpoints)
    query: str = ""

    @property
    def public(self) -> bool:
        return self.who.public


def Page(who, **kw) -> Entry:  # noqa: N802 - reads as a table
    return Entry(who, **kw)


def Endpoint(who, **kw) -> Entry:  # noqa: N802
    kw.setdefault("denied", 403)
    return Entry(who, **kw)


POST_GATE = {"method": "post", "ok": WRITE_GATE}


def _demo_centre() -> int:
    """guidance: the demo's first resource centre (the scene is the demo data set)."""
    from corridor.guidance.models import (
        ResourceCentre,  # why: read when the test runs, once the apps are ready
    )

    return ResourceCentre.objects.order_by("pk").values_list("pk", flat=True).first()
# A write on a record: 404 for a role that cannot see the record, 403 for one that sees it but may not act on it.
SEES_NOT_ACTS = (403, 404)

# --- pages, by URL name ---------------------------------------------------------------------------------
# A page the admin serves is one entry, "admin:*": administrators only.

PAGES: dict[str, Entry] = {
    "core:home": Page(PUBLIC),
    "core:dashboard": Page(SIGNED_IN),
    "core:notifications": Page(SIGNED_IN),  # each reader sees only their own (tests/core/test_notifications.py)
    "core:audit": Page(perm("audit.view")),
    "accounts:sign-in": Page(PUBLIC),
    "accounts:sign-out": Page(PUBLIC, method="post", ok=(302,)),
    "accounts:two-factor-setup": Page(PUBLIC, ok=(302,), as_role=R.ORIGIN_OFFICER),  # sends a verified user on, an anonymous one to sign in
    "accounts:two-factor-verify": Page(PUBLIC, ok=(302,)),  # without a password step first: back to sign-in
    "accounts:api-tokens": Page(SIGNED_IN),
    "accounts:worker-list": Page(perm("worker.view")),
    "accounts:worker-create": Page(perm("worker.create")),
    "accounts:worker-detail": Page(perm("worker.view"), record=lambda s: {"worker_id": s.worker.pk},
                                   as_role=R.AGENCY_STAFF, scope=R.AGENCY_STAFF),
    "registry:verify": Page(PUBLIC),
    "registry:job-board": Page(PUBLIC),
    "registry:job-board-detail": Page(PUBLIC, record=lambda s: {"reference": s.job_order.reference}),
    "registry:agency-list": Page(perm("agency.view"), as_role=R.ORIGIN_OFFICER),  # agency staff go to their own
    "registry:agency-apply": Page(perm("agency.apply")),
    "registry:agency-detail": Page(perm("agency.view"), record=lambda s: {"agency_id": s.agency.pk},
                                   as_role=R.AGENCY_STAFF, scope=R.AGENCY_STAFF),
    "registry:subagent-create": Page(perm("subagent.register"), record=lambda s: {"agency_id": s.agency.pk},
                                     as_role=R.AGENCY_STAFF, scope=R.AGENCY_STAFF),
    "registry:licence-action": Page(perm("licence.decide"), **POST_GATE,
                                    record=lambda s: {"licence_id": s.applied_licence.pk, "action": "grant"}),
    "registry:proceeding-answer": Page(perm("sanction.answer"), record=lambda s: {"proceeding_id": s.proceeding.pk},
                                       as_role=R.AGENCY_STAFF, scope=R.AGENCY_STAFF),
    "registry:proceeding-decide": Page(perm("licence.decide"), record=lambda s: {"proceeding_id": s.proceeding.pk}),
    "registry:employer-list": Page(perm("employer.view")),
    "registry:employer-create": Page(perm("employer.register")),
    "registry:employer-detail": Page(perm("employer.view"), record=lambda s: {"employer_id": s.employer.pk},
                                     as_role=R.EMPLOYER_STAFF, scope=R.EMPLOYER_STAFF),
    "registry:employer-action": Page(perm("employer.verify"), **POST_GATE,
                                     record=lambda s: {"employer_id": s.employer.pk, "action": "verify"}),
    "registry:job-order-list": Page(perm("job_order.view")),
    "registry:job-order-create": Page(perm("job_order.create")),
    "registry:job-order-detail": Page(perm("job_order.view"), record=lambda s: {"job_order_id": s.job_order.pk},
                                      as_role=R.AGENCY_STAFF, scope=R.AGENCY_STAFF),
    "registry:job-order-action": Page(perm("job_order.decide"), **POST_GATE,
                                      record=lambda s: {"job_order_id": s.job_order.pk, "action": "approve"}),
    "registry:watchlist-list": Page(perm("watchlist.view")),
    "registry:watchlist-create": Page(perm("watchlist.manage")),
    "registry:watchlist-lift": Page(perm("watchlist.manage"), record=lambda s: {"entry_id": s.watchlist_entry.pk}),
    "registry:screening-queue": Page(perm("screening.review")),
    "registry:screening-review": Page(perm("screening.review"), record=lambda s: {"hit_id": s.hit.pk}),
    "contracts:check": Page(PUBLIC),
    "contracts:check-document": Page(PUBLIC),
    "contracts:verify": Page(PUBLIC),
    "contracts:list": Page(perm("contract.view")),
    "contracts:create": Page(perm("contract.submit")),
    "contracts:detail": Page(perm("contract.view"), record=lambda s: {"contract_id": s.contract.pk},
                             as_role=R.AGENCY_STAFF, scope=R.AGENCY_STAFF),
    "contracts:revise": Page(perm("contract.amend"), record=lambda s: {"contract_id": s.contract.pk},
                             scope=R.AGENCY_STAFF),
    "contracts:pdf": Page(perm("contract.view"), record=lambda s: {"contract_id": s.contract.pk},
                          as_role=R.WORKER, scope=R.WORKER),
    "contracts:decide": Page(perm("contract.decide"), **POST_GATE, data={"action": "return", "reason": ""},
                             record=lambda s: {"contract_id": s.submitted.contract_id, "version_id": s.submitted.pk}),
    "contracts:answer": Page(perm("contract.accept_amendment"), **POST_GATE, scope=R.WORKER,
                             record=lambda s: {"contract_id": s.version.contract_id, "version_id": s.version.pk}),
    "contracts:employer_workers": Page(perm("employer.view_workers")),
    "contracts:employer_worker": Page(perm("employer.view_workers"), record=lambda s: {"worker_id": s.worker.pk},
                                      scope=R.EMPLOYER_STAFF),
    "contracts:rules": Page(perm("rules.view")),
    "contracts:ruleset": Page(perm("rules.view"), record=lambda s: s.ruleset),
    "exchange:overview": Page(perm("exchange.view")),
    "clearance:offline-sw": Page(PUBLIC),
    "clearance:verify": Page(PUBLIC),
    "clearance:list": Page(perm("clearance.view")),
    "clearance:apply": Page(perm("clearance.apply")),
    "clearance:notices": Page(perm("clearance.view")),
    "clearance:detail": Page(perm("clearance.view"), record=lambda s: {"reference": s.clearance.reference},
                             as_role=R.AGENCY_STAFF, scope=R.AGENCY_STAFF),
    "clearance:fact": Page(perm("clearance.record_fact"), **POST_GATE, as_role=R.AGENCY_STAFF, scope=R.AGENCY_STAFF,
                           record=lambda s: {"reference": s.clearance.reference}),
    "clearance:decide": Page(perm("clearance.decide"), **POST_GATE, record=lambda s: {"reference": s.clearance.reference}),
    "clearance:pdf": Page(perm("clearance.view"), record=lambda s: {"reference": s.granted.reference},
                          as_role=R.AGENCY_STAFF, scope=R.AGENCY_STAFF),
    "clearance:mine": Page(perm("clearance.view"), as_role=R.WORKER),
    "clearance:arrivals": Page(perm("arrival.view")),
    "clearance:matters": Page(perm("arrival.view")),
    # An origin node's scene has no arrival: the allowed role passes the gate and finds nothing (404).
    "clearance:matter": Page(perm("arrival.view"), record=lambda s: {"pk": s.missing}, ok=(404,)),
    "clearance:arrival": Page(perm("arrival.view"), record=lambda s: {"pk": s.missing}, ok=(404,)),
    "clearance:arrival-record": Page(perm("arrival.record"), method="post", record=lambda s: {"pk": s.missing}, ok=(404,)),
    "clearance:arrival-check": Page(perm("arrival.record"), method="post", record=lambda s: {"pk": s.missing}, ok=(404,)),
    # wages: the scene is an origin node with no salary file; the allowed role passes the gate and finds nothing (404).
    "wages:files": Page(perm("wages.view")),
    "wages:upload": Page(perm("wages.import"), **POST_GATE),
    "wages:file": Page(perm("wages.view"), record=lambda s: {"pk": s.missing}, ok=(404,)),
    "wages:line-match": Page(perm("wages.import"), method="post", record=lambda s: {"pk": s.missing, "line_pk": s.missing},
                             ok=(404,)),
    "wages:arrears": Page(perm("wages.view")),
    "wages:peer-arrears": Page(perm("wages.view_arrears")),
    "wages:mine": Page(perm("wages.view_own"), as_role=R.WORKER),
    "wages:fund-payment": Page(perm("wages.settle"), **POST_GATE),
    # guidance: know before you go (public), the worker's remittance page
    "guidance:index": Page(PUBLIC),
    "guidance:guide": Page(PUBLIC, record=lambda s: {"destination": "SA", "isco": "9111"}),
    "guidance:mine": Page(perm("guidance.mine"), as_role=R.WORKER),
    "guidance:centres": Page(PUBLIC),
    "guidance:centres-manage": Page(perm("centre.manage")),
    "guidance:centre-new": Page(perm("centre.manage"), **POST_GATE),
    "guidance:centre-edit": Page(perm("centre.manage"), record=lambda s: {"pk": _demo_centre()}),
    "guidance:referrals": Page(perm("referral.view")),
    "guidance:referral-new": Page(perm("referral.make"), **POST_GATE),
    "guidance:referral": Page(perm("referral.view"), record=lambda s: {"reference": s.referral},
                              as_role=R.RESOURCE_CENTRE_STAFF, scope=R.RESOURCE_CENTRE_STAFF),
    "guidance:referral-act": Page(perm("referral.respond"), method="post", ok=(302,), data={"action": "accept"},
                                  record=lambda s: {"reference": s.referral}, as_role=R.RESOURCE_CENTRE_STAFF,
                                  scope=R.RESOURCE_CENTRE_STAFF),
    "wages:settlements": Page(perm("wages.view")),
    "wages:settlement-compute": Page(perm("wages.settle"), **POST_GATE),
    "wages:settlement": Page(perm("wages.view"), record=lambda s: {"pk": s.missing}, ok=(404,)),
    "wages:settlement-act": Page(perm("wages.settle"), method="post", record=lambda s: {"pk": s.missing}, ok=(404,)),
    "wages:dispute": Page(perm("wages.view_own"), method="post", as_role=R.WORKER, record=lambda s: {"pk": s.missing},
                          ok=(404,)),
    # A way out (transfer requests, destination): an origin node's scene has none, so the allowed role finds nothing.
    "clearance:transfers": Page(perm("transfer.view")),
    "clearance:transfer-new": Page(perm("transfer.request"), as_role=R.CASEWORKER),
    "clearance:transfer": Page(perm("transfer.view"), record=lambda s: {"reference": "TR-SA-2026-999999"}, ok=(404,)),
    "clearance:transfer-act": Page(perm("transfer.view"), method="post", record=lambda s: {"reference": "TR-SA-2026-999999"},
                                   ok=(404,)),
    "clearance:my-transfer": Page(perm("transfer.request"), as_role=R.WORKER),
    "clearance:arrival-stay": Page(perm("stay.record"), method="post", record=lambda s: {"pk": s.missing}, ok=(404,)),
    "clearance:arrival-worker": Page(perm("arrival.record"), method="post", record=lambda s: {"pk": s.missing}, ok=(404,)),
    "cases:complaint-new": Page(PUBLIC),
    "cases:follow": Page(PUBLIC),
    "cases:follow-act": Page(PUBLIC, method="post", record=lambda s: {"what": "message"}, ok=(200, 302, 403)),
    "cases:queue": Page(perm("case.view")),
    "cases:overdue": Page(perm("case.view")),
    "cases:staff-new": Page(perm("case.file")),
    "cases:alerts": Page(perm("case.view")),
    "cases:roster": Page(perm("case.roster")),
    "cases:detail": Page(perm("case.view"), record=lambda s: {"reference": s.case.reference},
                         as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "cases:complainant": Page(perm("case.view_identity"), record=lambda s: {"reference": s.case.reference},
                              as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "cases:evidence-upload": Page(perm("case.work"), **POST_GATE, record=lambda s: {"reference": s.case.reference},
                                  as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "cases:evidence": Page(perm("case.work"), record=lambda s: {"reference": s.case.reference, "evidence_id": s.missing},
                           as_role=R.CONSULAR_ATTACHE, ok=(404,)),  # the demo has no evidence file
    "cases:act": Page(perm("case.work"), **POST_GATE, record=lambda s: {"reference": s.case.reference, "action": "start"},
                      as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "cases:note": Page(perm("case.work"), **POST_GATE, record=lambda s: {"reference": s.case.reference},
                       as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "cases:task": Page(perm("case.work"), **POST_GATE, record=lambda s: {"reference": s.case.reference},
                       as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "cases:death-or-injury": Page(perm("case.work"), **POST_GATE, record=lambda s: {"reference": s.case.reference},
                                  as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "cases:repatriation": Page(perm("case.work"), **POST_GATE, record=lambda s: {"reference": s.case.reference},
                               as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "cases:task-done": Page(perm("case.work"), **POST_GATE, as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE,
                            record=lambda s: {"reference": s.task.case.reference, "task_id": s.task.pk}),
    "cases:respondent-add": Page(perm("case.remedy"), **POST_GATE, record=lambda s: {"reference": s.case.reference},
                                 as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "cases:claim-add": Page(perm("case.remedy"), **POST_GATE, record=lambda s: {"reference": s.case.reference},
                            as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "cases:recovery": Page(perm("case.remedy"), **POST_GATE, as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE,
                           record=lambda s: {"reference": s.claim.case.reference, "claim_id": s.claim.pk}),
    "cases:claim-default": Page(perm("case.remedy"), **POST_GATE, as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE,
                                record=lambda s: {"reference": s.claim.case.reference, "claim_id": s.claim.pk}),
    "cases:refer": Page(perm("case.refer"), **POST_GATE, record=lambda s: {"reference": s.case.reference},
                        as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "cases:referral-answer": Page(perm("case.refer"), method="post", as_role=R.CONSULAR_ATTACHE, ok=(404,),
                                  record=lambda s: {"reference": s.case.reference, "referral_id": s.missing,
                                                    "answer": "accept"}),  # the demo has no referral
    "cases:referral-update": Page(perm("case.refer"), **POST_GATE, record=lambda s: {"reference": s.case.reference},
                                  as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "cases:respond-list": Page(perm("case.respond")),
    "cases:respond-detail": Page(perm("case.respond"), record=lambda s: {"reference": s.respond_case.reference},
                                 as_role=R.EMPLOYER_STAFF, scope=R.EMPLOYER_STAFF),
    "set_language": Page(PUBLIC, method="post", data={"language": "en"}, ok=(302,)),
    "healthz": Page(PUBLIC),
    "well-known-node": Page(PUBLIC),
    "well-known-audit-anchors": Page(PUBLIC),  # signed chain heads, published for peers to cross-check
    "admin:*": Page(ADMIN),
    # welfare: the scene's membership, claim and repatriation are of a member working where the demo attaché is posted
    "welfare:members": Page(perm("welfare.view")),
    "welfare:enrol": Page(perm("welfare.enrol")),
    "welfare:member": Page(perm("welfare.view"), record=lambda s: {"reference": s.membership.reference},
                           as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "welfare:claim-new": Page(perm("welfare.claim_file"), **POST_GATE, record=lambda s: {"reference": s.membership.reference},
                              as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "welfare:repatriation-new": Page(perm("welfare.repatriation_request"), **POST_GATE,
                                     record=lambda s: {"reference": s.membership.reference},
                                     as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "welfare:claims": Page(perm("welfare.view")),
    "welfare:claim": Page(perm("welfare.view"), record=lambda s: {"reference": s.welfare_claim.reference},
                          as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "welfare:claim-act": Page(perm("welfare.view"), **POST_GATE, as_role=R.FUND_OFFICER,
                              record=lambda s: {"reference": s.welfare_claim.reference, "action": "recommend"}),
    "welfare:document-upload": Page(perm("welfare.claim_file"), **POST_GATE,
                                    record=lambda s: {"reference": s.welfare_claim.reference},
                                    as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "welfare:document": Page(perm("welfare.view"), as_role=R.CONSULAR_ATTACHE, ok=(404,),  # the demo has no document
                             record=lambda s: {"reference": s.welfare_claim.reference, "document_id": s.missing}),
    "welfare:repatriations": Page(perm("welfare.view")),
    "welfare:repatriation": Page(perm("welfare.view"), record=lambda s: {"reference": s.repatriation.reference},
                                 as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "welfare:repatriation-act": Page(perm("welfare.view"), **POST_GATE, as_role=R.FUND_OFFICER,
                                     record=lambda s: {"reference": s.repatriation.reference, "action": "approve"}),
    "welfare:ledger": Page(perm("welfare.ledger")),
    "welfare:mine": Page(perm("welfare.view")),
    "inspection:scores": Page(perm("inspection.view")),
    "inspection:employer-score": Page(perm("inspection.view"), record=lambda s: {"employer_id": s.employer.pk}),
    "inspection:weights": Page(perm("inspection.view")),
    "inspection:worksites": Page(perm("inspection.view")),
    "inspection:plans": Page(perm("inspection.view")),
    "inspection:plan": Page(perm("inspection.view"), record=lambda s: {"pk": s.inspection_plan.pk}),
    "inspection:visits": Page(perm("inspection.view")),
    "inspection:visit": Page(perm("inspection.view"), record=lambda s: {"reference": s.inspection_visit.reference}),
    # Start a completed visit: the gate is passed, the lifecycle table refuses (409).
    "inspection:visit-act": Page(perm("inspection.view"), **POST_GATE,
                                 record=lambda s: {"reference": s.inspection_visit.reference, "action": "start"}),
    "inspection:checklist": Page(perm("inspection.view"), record=lambda s: {"reference": s.inspection_visit.reference}),
    "inspection:finding-add": Page(perm("inspection.inspect"), **POST_GATE,
                                   record=lambda s: {"reference": s.inspection_visit.reference}),
    "inspection:evidence-upload": Page(perm("inspection.inspect"), **POST_GATE,
                                       record=lambda s: {"reference": s.inspection_visit.reference,
                                                         "finding_id": s.inspection_finding.pk}),
    "inspection:evidence": Page(perm("inspection.view"), ok=(404,),
                                record=lambda s: {"reference": s.inspection_visit.reference, "evidence_id": s.missing}),
    "inspection:interviews": Page(perm("inspection.interview"),
                                  record=lambda s: {"reference": s.inspection_visit.reference}),
    "inspection:order-new": Page(perm("inspection.decide"), **POST_GATE,
                                 record=lambda s: {"reference": s.inspection_visit.reference}),
    "inspection:sanction-new": Page(perm("inspection.decide"), **POST_GATE,
                                    record=lambda s: {"reference": s.inspection_visit.reference}),
    "inspection:order": Page(perm("inspection.view"), record=lambda s: {"reference": s.inspection_order.reference}),
    "inspection:respond": Page(perm("inspection.respond")),
    "inspection:respond-order": Page(perm("inspection.respond"), scope=R.EMPLOYER_STAFF,
                                     record=lambda s: {"reference": s.inspection_order.reference}),
    "inspection:notices": Page(perm("inspection.notice_view")),
    # standards: ratifications are public; the node's agreements and joint committees are for its officers
    "standards:country": Page(PUBLIC, record=lambda s: {"code": "SA"}),
    "standards:gap": Page(perm("standards.view")),
    "standards:agreements": Page(perm("standards.view")),
    "standards:agreement": Page(perm("standards.view"), record=lambda s: {"treaty_id": s.standards_meeting.treaty_id}),
    "standards:meetings": Page(perm("standards.view")),
    "standards:meeting": Page(perm("standards.view"), record=lambda s: {"reference": s.standards_meeting.reference}),
    "standards:meeting-act": Page(perm("standards.manage"), **POST_GATE,
                                  record=lambda s: {"reference": s.standards_meeting.reference, "act": "agenda"}),
    "standards:action-done": Page(perm("standards.manage"), **POST_GATE,
                                  record=lambda s: {"reference": s.standards_action.reference}),
    # orientation: the course list is public; a provider sees only its own sessions and enrolments
    "orientation:courses": Page(PUBLIC),
    "orientation:licences": Page(perm("orientation.license")),
    "orientation:licence-revoke": Page(perm("orientation.license"), **POST_GATE,
                                       record=lambda s: {"pk": s.orientation_licence.pk}),
    "orientation:provider": Page(perm("orientation.teach")),
    "orientation:session": Page(perm("orientation.teach"), scope=R.ORIENTATION_PROVIDER,
                                record=lambda s: {"reference": s.orientation_session.reference}),
    "orientation:assessment": Page(perm("orientation.assessment"), scope=R.ORIENTATION_PROVIDER,
                                   as_role=R.ORIENTATION_PROVIDER,
                                   record=lambda s: {"reference": s.orientation_enrolment.reference}),
    "orientation:enrolment-act": Page(perm("orientation.teach"), **POST_GATE, scope=R.ORIENTATION_PROVIDER,
                                      record=lambda s: {"reference": s.orientation_enrolment.reference, "act": "attend"}),
    "orientation:mine": Page(perm("orientation.assessment")),
    # reintegration: the demo's first return (a plan by the demo NGO, returned from where the demo attaché is posted),
    # the demo worker's own return, the skills certificate, the approved matching-fund project
    "reintegration:mine": Page(perm("reintegration.view")),
    "reintegration:returns": Page(perm("reintegration.view")),
    "reintegration:record": Page(perm("reintegration.return_record"), as_role=R.ORIGIN_OFFICER),
    "reintegration:return": Page(perm("reintegration.view"), record=lambda s: {"reference": s.return_record.reference},
                                 as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "reintegration:debrief": Page(perm("reintegration.debrief"), record=lambda s: {"reference": s.worker_return.reference},
                                  scope=R.WORKER),
    "reintegration:plan": Page(perm("reintegration.plan"), **POST_GATE, as_role=R.CASEWORKER,
                               record=lambda s: {"reference": s.return_record.reference}),
    "reintegration:refer": Page(perm("reintegration.plan"), **POST_GATE, as_role=R.CASEWORKER,
                                record=lambda s: {"reference": s.return_record.reference}),
    "reintegration:close": Page(perm("reintegration.plan"), **POST_GATE, as_role=R.CASEWORKER,
                                record=lambda s: {"reference": s.return_record.reference}),
    "reintegration:follow-ups": Page(perm("reintegration.plan")),
    "reintegration:follow-up": Page(perm("reintegration.plan"), **POST_GATE, as_role=R.CASEWORKER,
                                    record=lambda s: {"pk": s.follow_up.pk}),
    "reintegration:certify": Page(perm("reintegration.certify"), **POST_GATE, record=lambda s: {"pk": s.skills_referral.pk}),
    "reintegration:certificate": Page(perm("reintegration.view"), record=lambda s: {"reference": s.certificate.reference},
                                      as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "reintegration:certificate-verify": Page(PUBLIC),
    "reintegration:catalogue": Page(PUBLIC),
    "reintegration:service-new": Page(perm("reintegration.catalogue")),
    "reintegration:report": Page(perm("reintegration.report")),
    "reintegration:figures": Page(PUBLIC),
    "reintegration:exits": Page(perm("reintegration.exit_report")),
    "reintegration:criteria": Page(PUBLIC),
    "reintegration:projects": Page(PUBLIC),
    "reintegration:project": Page(PUBLIC, record=lambda s: {"reference": s.project.reference}),
    "reintegration:associations": Page(perm("reintegration.matching")),
    "reintegration:association": Page(perm("reintegration.matching"), record=lambda s: {"reference": s.association.reference}),
    "reintegration:proposals": Page(perm("reintegration.view_matching")),
    "reintegration:proposal": Page(perm("reintegration.view_matching"), record=lambda s: {"reference": s.project.reference}),
    "reintegration:proposal-act": Page(perm("reintegration.view_matching"), **POST_GATE, as_role=R.ORIGIN_OFFICER,
                                       record=lambda s: {"reference": s.project.reference, "action": "check"}),
    "reintegration:money": Page(perm("reintegration.matching_pay"), **POST_GATE,
                                record=lambda s: {"kind": "tranche", "pk": s.tranche.pk}),
    # indicators: the public statistics page and downloads; the corridor page (both nodes' tables) for officials
    "indicators:public": Page(PUBLIC),
    "indicators:download-csv": Page(PUBLIC),
    "indicators:download-json": Page(PUBLIC),
    "indicators:dictionary": Page(PUBLIC),
    "indicators:corridor": Page(perm("indicators.corridor")),
    "indicators:share": Page(perm("indicators.share"), method="post", ok=(302,)),
    # voice: the demo's reviews of the demo agency (published), its comments and the demo worker's application
    "voice:reviews": Page(perm("review.write")),
    "voice:review-new": Page(perm("review.write"), ok=(404,), scope=R.WORKER,  # the demo worker has not departed:
                             record=lambda s: {**_voice_review_args(s)}),  # tests/voice covers the allowed path
    "voice:party-reviews": Page(PUBLIC, record=lambda s: {"kind": "agency", "party_id": s.agency.pk}),
    "voice:moderation": Page(perm("review.moderate")),
    "voice:comment-hide": Page(perm("review.moderate"), **POST_GATE,
                               record=lambda s: {"comment_id": _voice_review(s).comment.pk}),
    "voice:agency-reviews": Page(perm("review.answer")),
    "voice:review-answer": Page(perm("review.answer"), **POST_GATE, scope=R.AGENCY_STAFF,
                                record=lambda s: {"review_id": _voice_review(s).pk}),
    "voice:profile": Page(perm("profile.keep")),
    "voice:profile-withdraw": Page(perm("profile.keep"), method="post", ok=(302,)),
    "voice:matches": Page(perm("profile.keep")),
    "voice:apply": Page(perm("application.create"), record=lambda s: {"reference": _voice_application(s).job_order.reference}),
    "voice:applications": Page(perm("application.view")),
    "voice:application-withdraw": Page(perm("application.create"), method="post", ok=(302,), scope=R.WORKER,
                                       record=lambda s: {"application_id": _voice_application(s).pk}),
    "voice:candidates": Page(perm("profile.search")),
    "voice:candidate-list": Page(perm("profile.search"), scope=R.AGENCY_STAFF,
                                 record=lambda s: {"job_order_id": _voice_application(s).job_order_id}),
}


def _voice_review(s):
    """A review of the demo agency with a comment and no answer yet (the voice demo's)."""
    from corridor.voice.models import Review

    return Review.objects.filter(agency=s.agency, comment__isnull=False, answer__isnull=True).order_by("pk").first()


def _voice_review_args(s) -> dict:
    review = _voice_review(s)
    return {"reference": review.clearance.reference, "stage": "departure", "kind": "agency", "party_id": s.agency.pk}


def _voice_application(s):
    from corridor.voice.models import Application

    return Application.objects.filter(worker=s.worker).order_by("pk").first()

# --- API operations, by method and path under /api/v1 ----------------------------------------------------
# A body is checked against its schema before the permission, so a write is sent with a well-formed body.

REASON = {"reason": "Matrix test."}
GRANT = {"number": "DMW-9999-LB", "valid_from": "2026-01-01", "valid_until": "2027-01-01"}
RENEW = {"valid_until": "2028-01-01", "reason": "Matrix test."}


def JOB_ORDER(s) -> dict:  # noqa: N802 - named like the other bodies; the scene's own ids (sequences differ by database)
    return {"employer_id": s.employer.pk, "agency_id": s.agency.pk, "occupation": "9111", "title": "Cook",
            "workers_needed": 1, "worksite": "Riyadh", "expires_on": "2027-01-01", "offered_terms": {}}


WATCHLIST = {"subject_kind": "employer", "name": "Matrix Co.", "reason": "Matrix test.", "evidence_reference": "M-1"}

API: dict[str, Entry] = {
    "GET /node": Endpoint(PUBLIC),
    "GET /voice/ratings/{kind}/{party_id}": Endpoint(PUBLIC, record=lambda s: {"kind": "agency", "party_id": s.agency.pk}),
    "GET /voice/matches": Endpoint(perm("profile.keep")),
    "GET /reference/countries": Endpoint(PUBLIC),
    "GET /reference/currencies": Endpoint(PUBLIC),
    "GET /reference/languages": Endpoint(PUBLIC),
    "GET /reference/occupations": Endpoint(PUBLIC),
    "GET /audit": Endpoint(perm("audit.view")),
    "GET /me": Endpoint(SIGNED_IN),
    "GET /workers": Endpoint(perm("worker.view")),
    "POST /workers": Endpoint(perm("worker.create"), method="post", ok=(201,),
                              data={"full_name": "Ana Matrix", "nationality": "PH", "languages": ["en"]}),
    "GET /workers/{worker_id}": Endpoint(perm("worker.view"), record=lambda s: {"worker_id": s.worker.pk}, denied=404,
                                         as_role=R.AGENCY_STAFF, scope=R.AGENCY_STAFF),
    "POST /tokens": Endpoint(SIGNED_IN, method="post", data={"name": "matrix", "days": 30}, ok=(201,)),
    "GET /recruiters": Endpoint(PUBLIC, query="q=manpower"),
    "GET /guidance/remittance-costs": Endpoint(PUBLIC, query="origin=PH&destination=SA"),
    # standards: ratifications public (as the country page); gap and agreements as the officers' pages
    "GET /standards/ratifications/{code}": Endpoint(PUBLIC, record=lambda s: {"code": "SA"}),
    "GET /standards/gap": Endpoint(perm("standards.view"), query="origin=PH&destination=SA"),
    "GET /standards/agreements": Endpoint(perm("standards.view")),
    "GET /standards/agreements/{treaty_id}": Endpoint(perm("standards.view"),
                                                      record=lambda s: {"treaty_id": s.standards_meeting.treaty_id}),
    # orientation: the course list is public; a provider sees only its own sessions
    "GET /orientation/courses": Endpoint(PUBLIC),
    "GET /orientation/sessions": Endpoint(perm("orientation.teach")),
    "GET /jobs": Endpoint(PUBLIC),
    "GET /agencies": Endpoint(perm("agency.view")),
    "GET /agencies/{agency_id}": Endpoint(perm("agency.view"), denied=404, record=lambda s: {"agency_id": s.agency.pk},
                                          as_role=R.AGENCY_STAFF, scope=R.AGENCY_STAFF),
    "POST /licences/{licence_id}/grant": Endpoint(perm("licence.decide"), **POST_GATE, data=GRANT,
                                                  record=lambda s: {"licence_id": s.applied_licence.pk}),
    "POST /licences/{licence_id}/renew": Endpoint(perm("licence.decide"), **POST_GATE, data=RENEW,
                                                  record=lambda s: {"licence_id": s.agency.current_licence.pk}),
    "POST /licences/{licence_id}/refuse": Endpoint(perm("licence.decide"), **POST_GATE, data=REASON,
                                                   record=lambda s: {"licence_id": s.applied_licence.pk}),
    "GET /job-orders": Endpoint(perm("job_order.view")),
    "POST /job-orders": Endpoint(perm("job_order.create"), **POST_GATE, data=JOB_ORDER),
    "POST /job-orders/{job_order_id}/{action}": Endpoint(perm("job_order.decide"), **POST_GATE, denied=SEES_NOT_ACTS,
                                                         record=lambda s: {"job_order_id": s.job_order.pk, "action": "approve"}),
    "GET /watchlist": Endpoint(perm("watchlist.view")),
    "POST /watchlist": Endpoint(perm("watchlist.manage"), **POST_GATE, data=WATCHLIST),
    "POST /watchlist/{entry_id}/lift": Endpoint(perm("watchlist.manage"), **POST_GATE, data=REASON, denied=SEES_NOT_ACTS,
                                                record=lambda s: {"entry_id": s.watchlist_entry.pk}),
    "POST /screening": Endpoint(perm("watchlist.view"), method="post", data={"name": "Al Noor"}),
    "POST /contracts/check": Endpoint(PUBLIC, **POST_GATE),
    "POST /contracts/compare": Endpoint(PUBLIC, **POST_GATE),
    "POST /exchange/inbox": Endpoint(PUBLIC, **POST_GATE),  # peers sign each message; the inbox checks the signature
    "GET /exchange/messages": Endpoint(perm("exchange.view")),
    "GET /clearances/status/{reference}": Endpoint(PUBLIC, record=lambda s: {"reference": s.granted.reference}),
    "GET /clearances/revocations": Endpoint(PUBLIC),
    "POST /clearances/verify": Endpoint(PUBLIC, **POST_GATE),
    "GET /clearances": Endpoint(perm("clearance.view")),
    "POST /wages/files": Endpoint(perm("wages.import"), **POST_GATE, data={"content": "EDR"}),
    "GET /wages/files": Endpoint(perm("wages.view")),
    "GET /wages/files/{file_id}": Endpoint(perm("wages.view"), denied=404, record=lambda s: {"file_id": s.missing}, ok=(404,)),
    "GET /wages/reported-arrears": Endpoint(perm("wages.view_arrears")),
    "GET /clearances/{reference}": Endpoint(perm("clearance.view"), denied=404, record=lambda s: {"reference": s.clearance.reference},
                                            as_role=R.AGENCY_STAFF, scope=R.AGENCY_STAFF),
    "POST /clearances/{reference}/halt": Endpoint(perm("clearance.decide"), **POST_GATE, data=REASON, denied=SEES_NOT_ACTS,
                                                  record=lambda s: {"reference": s.clearance.reference}),
    "GET /transfers": Endpoint(perm("transfer.view")),
    "POST /transfers": Endpoint(perm("transfer.request"), **POST_GATE, as_role=R.CASEWORKER,
                                data={"clearance_reference": "PH-NONE", "ground": "none"}),
    "GET /transfers/{reference}": Endpoint(perm("transfer.view"), record=lambda s: {"reference": "TR-SA-2026-999999"},
                                           ok=(404,)),
    "POST /transfers/{reference}/actions": Endpoint(perm("transfer.view"), method="post", data={"action": "withdraw"},
                                                    record=lambda s: {"reference": "TR-SA-2026-999999"}, ok=(404,)),
    "POST /cases/complaints": Endpoint(PUBLIC, **POST_GATE),
    "POST /cases/follow-up": Endpoint(PUBLIC, method="post", ok=(404, 422)),  # no receipt code: nothing to follow
    "POST /cases/follow-up/messages": Endpoint(PUBLIC, method="post", ok=(404, 422)),
    "GET /cases": Endpoint(perm("case.view")),
    "GET /cases/{reference}": Endpoint(perm("case.view"), record=lambda s: {"reference": s.case.reference},
                                       as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "POST /cases/{reference}/actions/{action}": Endpoint(perm("case.work"), **POST_GATE, denied=404, as_role=R.CONSULAR_ATTACHE,
                                                         scope=R.CONSULAR_ATTACHE,
                                                         record=lambda s: {"reference": s.case.reference, "action": "start"}),
    "POST /cases/{reference}/death-or-injury": Endpoint(perm("case.work"), **POST_GATE, as_role=R.CONSULAR_ATTACHE,
                                                        data={"kind": "bogus", "on": "2026-01-01"},
                                                        scope=R.CONSULAR_ATTACHE,
                                                        record=lambda s: {"reference": s.case.reference}),
    "POST /cases/{reference}/repatriation": Endpoint(perm("case.work"), **POST_GATE, as_role=R.CONSULAR_ATTACHE,
                                                     data={"reason": ""},
                                                     scope=R.CONSULAR_ATTACHE,
                                                     record=lambda s: {"reference": s.case.reference}),
    "GET /cases/{reference}/complainant": Endpoint(perm("case.view_identity"), record=lambda s: {"reference": s.case.reference},
                                                   as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "POST /cases/{reference}/referrals": Endpoint(perm("case.refer"), **POST_GATE, as_role=R.CONSULAR_ATTACHE,
                                                  data={"reason": "The employer is in the peer's country."},
                                                  scope=R.CONSULAR_ATTACHE, record=lambda s: {"reference": s.case.reference}),
    "GET /welfare/funds": Endpoint(perm("welfare.view")),
    "GET /welfare/memberships": Endpoint(perm("welfare.view")),
    # Well-formed bodies that the service refuses (a worker charged the employer's contribution; an unknown benefit).
    "POST /welfare/memberships": Endpoint(perm("welfare.enrol"), **POST_GATE, as_role=R.FUND_OFFICER, data=lambda s: {
        "clearance_reference": s.clearance.reference, "contract_months": 24, "starts_on": "2026-01-01", "payer": "worker",
        "amount": "25.00", "currency": "USD", "exchange_rate": "58.00"}),
    "GET /welfare/memberships/{reference}/statement": Endpoint(perm("welfare.view"),
                                                               record=lambda s: {"reference": s.membership.reference},
                                                               as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "GET /welfare/claims": Endpoint(perm("welfare.view")),
    "POST /welfare/claims": Endpoint(perm("welfare.claim_file"), **POST_GATE, as_role=R.CONSULAR_ATTACHE, data=lambda s: {
        "membership": s.membership.reference, "benefit": "no_such_benefit", "claimant_kind": "attache",
        "event_date": "2026-01-01"}),
    "GET /welfare/claims/{reference}": Endpoint(perm("welfare.view"), record=lambda s: {"reference": s.welfare_claim.reference},
                                                as_role=R.CONSULAR_ATTACHE, scope=R.CONSULAR_ATTACHE),
    "POST /welfare/claims/{reference}/actions/{action}": Endpoint(
        perm("welfare.view"), **POST_GATE, as_role=R.FUND_OFFICER,
        record=lambda s: {"reference": s.welfare_claim.reference, "action": "recommend"}),
    "GET /welfare/ledger/statement": Endpoint(perm("welfare.ledger"), query="fund=ph-owwa&start=2026-01-01&end=2026-12-31"),
    "GET /inspection/scores": Endpoint(perm("inspection.view")),
    "GET /inspection/employers/{employer_id}/score": Endpoint(perm("inspection.view"),
                                                              record=lambda s: {"employer_id": s.employer.pk}),
    "GET /inspection/visits": Endpoint(perm("inspection.view")),
    "POST /inspection/visits/{reference}/answers": Endpoint(perm("inspection.inspect"), **POST_GATE,
                                                            record=lambda s: {"reference": s.inspection_visit.reference}),
    "GET /inspection/orders": Endpoint(roles(R.DESTINATION_OFFICER, R.AUDITOR, R.EMPLOYER_STAFF)),
    "GET /reintegration/returns": Endpoint(perm("reintegration.view")),
    "GET /reintegration/returns/{reference}": Endpoint(perm("reintegration.view"), as_role=R.CONSULAR_ATTACHE,
                                                       record=lambda s: {"reference": s.return_record.reference},
                                                       scope=R.CONSULAR_ATTACHE),
    "POST /reintegration/returns": Endpoint(perm("reintegration.return_record"), **POST_GATE, as_role=R.ORIGIN_OFFICER,
                                            data={"returned_on": "2026-01-05", "cause": "exit", "worker_name": "Matrix"}),
    "GET /reintegration/follow-ups": Endpoint(perm("reintegration.plan")),
    "GET /reintegration/figures": Endpoint(PUBLIC),
    "GET /reintegration/projects": Endpoint(PUBLIC),
    "GET /reintegration/projects/{reference}": Endpoint(PUBLIC, record=lambda s: {"reference": s.project.reference}),
    # indicators: public aggregates only (suppressed), read-only
    "GET /indicators/tables": Endpoint(PUBLIC),
    "GET /indicators/derived": Endpoint(PUBLIC),
    "GET /indicators/tables/{name}": Endpoint(PUBLIC, record=lambda s: {"name": "deployments_by_destination"}),
    "GET /indicators/sdg": Endpoint(PUBLIC),
}


def template(key: str, kind: str) -> str:
    """What to add for a route without an entry (the failure message shows it)."""
    maker = "Page" if kind == "page" else "Endpoint"
    return f'    "{key}": {maker}(perm("<app>.<action>"), record=lambda s: {{...}}, scope=Role.<ROLE>),'
