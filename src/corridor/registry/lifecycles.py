"""The registry's lifecycles, declared once: licence, employer, job order (see corridor.core.lifecycle)."""

from corridor.core.lifecycle import Action, Lifecycle
from corridor.registry import errors
from corridor.registry.choices import EmployerStatus, JobOrderStatus, LicenceStatus

L = LicenceStatus
LICENCE = Lifecycle(
    name="licence", model="registry.Licence", event_model="registry.LicenceEvent", statuses=LicenceStatus,
    initial=L.APPLIED, terminal={L.BANNED, L.REFUSED}, not_allowed=errors.LicenceTransitionNotAllowed,
    actions={
        "grant": Action(source={L.APPLIED}, target=L.ACTIVE, permission="licence.decide"),
        "refuse": Action(source={L.APPLIED}, target=L.REFUSED, permission="licence.decide"),
        "renew": Action(source={L.ACTIVE}, target=L.ACTIVE, permission="licence.decide"),
        "reinstate": Action(source={L.SUSPENDED}, target=L.ACTIVE, permission="licence.decide"),
        # Sanctions: only after due process (registry.services.sanction_decide).
        "suspend": Action(source={L.ACTIVE}, target=L.SUSPENDED, permission="licence.decide"),
        "cancel": Action(source={L.ACTIVE, L.SUSPENDED}, target=L.CANCELLED, permission="licence.decide"),
        "ban": Action(source={L.ACTIVE, L.SUSPENDED, L.CANCELLED}, target=L.BANNED, permission="licence.decide"),
    },
)

E = EmployerStatus
EMPLOYER = Lifecycle(
    name="employer", model="registry.Employer", event_model="registry.EmployerEvent", statuses=EmployerStatus,
    initial=E.PENDING, not_allowed=errors.EmployerTransitionNotAllowed,
    actions={
        "verify": Action(source={E.PENDING, E.REJECTED}, target=E.VERIFIED, permission="employer.verify"),
        "reject": Action(source={E.PENDING, E.VERIFIED}, target=E.REJECTED, permission="employer.verify"),
    },
)

J = JobOrderStatus
JOB_ORDER = Lifecycle(
    name="job_order", model="registry.JobOrder", event_model="registry.JobOrderEvent", statuses=JobOrderStatus,
    initial=J.SUBMITTED, terminal={J.REJECTED, J.DELISTED, J.WITHDRAWN}, not_allowed=errors.JobOrderTransitionNotAllowed,
    actions={
        "approve": Action(source={J.SUBMITTED}, target=J.APPROVED, permission="job_order.decide"),
        "reject": Action(source={J.SUBMITTED}, target=J.REJECTED, permission="job_order.decide"),
        "delist": Action(source={J.APPROVED}, target=J.DELISTED, permission="job_order.decide"),
        "withdraw": Action(source={J.SUBMITTED, J.APPROVED}, target=J.WITHDRAWN, permission="job_order.create"),
    },
)
