"""The orientation app's lifecycles: a provider's licence, and a worker's enrolment (see corridor.core.lifecycle)."""

from corridor.core.lifecycle import Action, Lifecycle
from corridor.orientation import errors
from corridor.orientation.choices import EnrolmentStatus, LicenceStatus
from corridor.orientation.scope import can_act_on_enrolment

L = LicenceStatus
LICENCE = Lifecycle(
    name="orientation_licence", model="orientation.ProviderLicence", event_model="orientation.ProviderLicenceEvent",
    statuses=LicenceStatus, initial=L.ACTIVE, terminal={L.REVOKED}, not_allowed=errors.LicenceTransitionNotAllowed,
    actions={
        "grant": Action(source=(), target=L.ACTIVE, permission="orientation.license"),
        "revoke": Action(source={L.ACTIVE}, target=L.REVOKED, permission="orientation.license"),
    },
)

E = EnrolmentStatus
ENROLMENT = Lifecycle(
    name="enrolment", model="orientation.Enrolment", event_model="orientation.EnrolmentEvent", statuses=EnrolmentStatus,
    initial=E.ENROLLED, terminal={E.ABSENT, E.COMPLETED}, not_allowed=errors.EnrolmentTransitionNotAllowed,
    scope=can_act_on_enrolment,
    actions={
        "enrol": Action(source=(), target=E.ENROLLED, permission="orientation.teach"),
        "attend": Action(source={E.ENROLLED}, target=E.ATTENDED, permission="orientation.teach"),
        "absent": Action(source={E.ENROLLED}, target=E.ABSENT, permission="orientation.teach"),
        "complete": Action(source={E.ATTENDED}, target=E.COMPLETED, permission="orientation.teach"),
    },
)
