"""The wages app's lifecycle, declared once: a salary file is current until a corrected file supersedes it."""

from corridor.core.errors import TransitionNotAllowed
from corridor.core.lifecycle import Action, Lifecycle
from corridor.wages.choices import FileStatus

F = FileStatus
SALARY_FILE = Lifecycle(
    name="salary_file", model="wages.SalaryFile", event_model="wages.SalaryFileEvent", statuses=FileStatus,
    initial=F.CURRENT, terminal={F.SUPERSEDED}, not_allowed=TransitionNotAllowed,
    actions={
        "supersede": Action(source={F.CURRENT}, target=F.SUPERSEDED, permission="wages.import"),
    },
)
