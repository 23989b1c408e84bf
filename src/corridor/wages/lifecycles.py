"""The wages app's lifecycle, declared once: a salary file is current until a corrected file supersedes it."""

from corridor.core.errors import TransitionNotAllowed
from corridor.core.lifecycle import Action, Lifecycle
from corridor.wages.choices import FileStatus, SettlementStatus

F = FileStatus
SALARY_FILE = Lifecycle(
    name="salary_file", model="wages.SalaryFile", event_model="wages.SalaryFileEvent", statuses=FileStatus,
    initial=F.CURRENT, terminal={F.SUPERSEDED}, not_allowed=TransitionNotAllowed,
    actions={
        "supersede": Action(source={F.CURRENT}, target=F.SUPERSEDED, permission="wages.import"),
    },
)

S = SettlementStatus
SETTLEMENT = Lifecycle(
    name="settlement", model="wages.Settlement", event_model="wages.SettlementEvent", statuses=SettlementStatus,
    initial=S.COMPUTED, terminal={S.PAID, S.PAID_SHORT}, not_allowed=TransitionNotAllowed,
    actions={
        "confirm": Action(source={S.COMPUTED}, target=S.CONFIRMED, permission="wages.settle"),
        "record_payment": Action(source={S.CONFIRMED}, target={S.PAID, S.PAID_SHORT}, permission="wages.settle"),
    },
)
