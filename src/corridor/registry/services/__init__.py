"""Every write of the registry: licences and sanctions, sub-agents, employers, job orders, watchlists, screening.

One module per entity; everything public is re-exported here, so callers import `registry.services`."""

from corridor.registry.services._common import (  # noqa: F401
    is_watchlisted,
)
from corridor.registry.services.debriefs import agency_debrief_record  # noqa: F401
from corridor.registry.services.employers import (  # noqa: F401
    employer_register,
    employer_reject,
    employer_verify,
)
from corridor.registry.services.imports import (  # noqa: F401
    IMPORT_STALE_AFTER,
    registry_import,
    registry_import_cleanup,
)
from corridor.registry.services.job_orders import (  # noqa: F401
    agency_licence_in_force,
    job_order_approve,
    job_order_create,
    job_order_delist,
    job_order_reject,
    job_order_withdraw,
    offered_terms_problems,
)
from corridor.registry.services.licences import (  # noqa: F401
    agency_apply,
    licence_ban,
    licence_cancel,
    licence_grant,
    licence_refuse,
    licence_reinstate,
    licence_renew,
    licence_suspend,
    licence_suspensions_end,
    sanction_answer,
    sanction_decide,
    sanction_notify,
)
from corridor.registry.services.screenings import (  # noqa: F401
    screen_subject,
    screening_hit_review,
)
from corridor.registry.services.subagents import (  # noqa: F401
    subagent_register,
    subagent_revoke,
)
from corridor.registry.services.wages import employer_wage_months_record  # noqa: F401
from corridor.registry.services.watchlists import (  # noqa: F401
    watchlist_entry_add,
    watchlist_entry_lift,
    watchlist_entry_receive,
    watchlist_entry_receive_lift,
)
