"""The case lifecycle: one service per action of cases.lifecycles.CASE."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.choices import OrganisationKind as K
from corridor.accounts.models import Organisation, User
from corridor.cases import registry_link, routing
from corridor.cases.choices import (
    NoteAuthorKind,
    NoteVisibility,
    NotificationKind,
)
from corridor.cases.errors import (
    NoTeam,
    OfficerNotInTeam,
)
from corridor.cases.lifecycles import CASE
from corridor.cases.models import (
    Case,
)
from corridor.cases.selectors import owed_by_party
from corridor.cases.services._common import ALLOWED, S, _actor_id, _notify, _require, _transition
from corridor.cases.services.intake import _make_urgent
from corridor.cases.services.notes import _note
from corridor.core import events, lifecycle
from corridor.core.errors import InvalidInput


def case_triage(*, acting_user, case: Case, urgent: bool | None = None, reason: str = "") -> Case:
    """An officer of the team confirms the screen (and may raise or lower urgency, with a reason)."""
    def update(c):
        if urgent is True and not c.is_urgent:
            _make_urgent(c, acting_user, reason or "officer")
        elif urgent is False and c.is_urgent:
            if not reason.strip():
                raise InvalidInput(fields={"reason": [_("Say why the case is not urgent.")]})
            c.is_urgent = False
            c.urgent_reasons = ""

    return _transition(acting_user=acting_user, case=case, action="triage", to_status=S.TRIAGED, reason=reason,
                       update=update, detail={"urgent": urgent})


def case_assign(*, acting_user, case: Case, team: Organisation | None = None, officer: User | None = None,
                reason: str = "") -> Case:
    """Give the case to a team (an organisation) and, within it, to an officer."""
    team = team or case.assigned_team
    if team is None:
        raise NoTeam()
    if team.kind not in {K.CONSULATE, K.LABOUR_INSPECTORATE, K.LICENSING_AUTHORITY, K.MINISTRY, *routing.PARTNER_KINDS}:
        raise InvalidInput(fields={"team": [_("This organisation cannot hold cases.")]})
    if officer is not None and (officer.organisation_id != team.pk or not officer.is_active):
        raise OfficerNotInTeam(fields={"officer": [str(OfficerNotInTeam.default_message)]})

    def update(c):
        c.assigned_team = team
        c.assigned_officer = officer

    case = _transition(acting_user=acting_user, case=case, action="assign", to_status=S.ASSIGNED, reason=reason,
                       update=update, detail={"team": team.pk, "officer": officer.pk if officer else None})
    if officer is not None and officer != acting_user:
        with transaction.atomic():
            _notify(case, [officer], NotificationKind.ASSIGNED)
    return case


def case_start(*, acting_user, case: Case, reason: str = "") -> Case:
    return _transition(acting_user=acting_user, case=case, action="start", to_status=S.IN_PROGRESS, reason=reason)


def case_await_party(*, acting_user, case: Case, reason: str) -> Case:
    """Ask the other party to answer: from now its staff see the case (never who complained, without consent)."""
    if not reason.strip():
        raise InvalidInput(fields={"reason": [_("Say what the other party must answer.")]})

    def update(c):
        _note(c, acting_user, NoteAuthorKind.STAFF, reason, NoteVisibility.RESPONDENT, False)

    return _transition(acting_user=acting_user, case=case, action="await_party", to_status=S.AWAITING_PARTY,
                       reason=reason, update=update)


def case_resume(*, acting_user, case: Case, reason: str = "") -> Case:
    return _transition(acting_user=acting_user, case=case, action="resume", to_status=S.IN_PROGRESS, reason=reason)


def case_resolve(*, acting_user, case: Case, resolution: str, effective_date: date | None = None,
                 upheld: set[int] | None = None, watchlist: set[int] | None = None, sanction: set[int] | None = None) -> Case:
    """Record the outcome. A case against an employer, agency or sub-agent on the registry adds to its record:
    `upheld` names the respondents the complaint was upheld against (all, by default); `watchlist` and `sanction`
    those the officer puts on the watchlist or serves a sanction notice (agencies), through the registry's services."""
    if not resolution.strip():
        raise InvalidInput(fields={"resolution": [_("Record the outcome.")]})

    def update(c):
        c.resolution = resolution.strip()
        respondents = list(c.respondents.select_related("employer", "agency__organisation", "subagent", "organisation"))
        ids = {r.pk for r in respondents}
        chosen_upheld = ids if upheld is None else set(upheld) & ids
        records, actions = registry_link.feed(case=c, respondents=respondents, upheld=chosen_upheld,
                                              watchlist=set(watchlist or ()) & ids, sanction=set(sanction or ()) & ids,
                                              summary=resolution.strip(), owed=owed_by_party(c))
        # The registry acts on the officer's choices when it hears `case.resolved`; refuse here what it would refuse.
        if any(a["watchlist"] for a in actions):
            _require(acting_user, "watchlist.manage")
        if any(a["sanction"] for a in actions):
            _require(acting_user, "licence.decide")
        if records:
            c.registry_fed_at = timezone.now()
        events.publish("case.resolved", pk=c.pk, reference=c.reference, nationality=c.nationality_id,
                       summary=resolution.strip(), actor_id=_actor_id(acting_user), parties=actions)

    return _transition(acting_user=acting_user, case=case, action="resolve", to_status=S.RESOLVED, reason=resolution,
                       update=update, effective_date=effective_date,
                       detail={"upheld": sorted(upheld) if upheld is not None else "all",
                               "watchlist": sorted(watchlist or ()), "sanction": sorted(sanction or ())})


def case_close(*, acting_user, case: Case, reason: str) -> Case:
    if not reason.strip():
        raise InvalidInput(fields={"reason": [_("Say why the case is closed.")]})
    return _transition(acting_user=acting_user, case=case, action="close", to_status=S.CLOSED, reason=reason)


def case_reopen(*, acting_user, case: Case, reason: str) -> Case:
    if not reason.strip():
        raise InvalidInput(fields={"reason": [_("Say why the case is reopened.")]})
    return _transition(acting_user=acting_user, case=case, action="reopen", to_status=S.REOPENED, reason=reason)


TRANSITIONS = {
    "triage": case_triage, "assign": case_assign, "start": case_start, "await_party": case_await_party,
    "resume": case_resume, "resolve": case_resolve, "close": case_close, "reopen": case_reopen,
}


def allowed_actions(case: Case, user=None) -> list[str]:
    """The transitions the table allows in the case's status (and, given a user, that the user may take)."""
    if user is not None:
        return lifecycle.available_actions(CASE, case, user)
    return [a for a in TRANSITIONS if a in ALLOWED.get(case.status, frozenset())]
