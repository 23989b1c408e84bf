"""`corridor worker`: run background tasks (message delivery, imports, scheduled checks) from the database queue."""

import os
import socket

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from corridor.core import events
from corridor.core.tasks import schedule_sweep, sweep_events


def worker_id() -> str:
    """host:pid, so that a later worker on the same host can tell whether the claimant is still alive."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a claim under our own pid is an earlier process's: we have claimed nothing yet
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def requeue_orphans() -> int:
    """Put back on the queue the tasks that a worker on this host claimed and then died running.

    db_worker marks a task RUNNING when it claims it and nothing ever looks at it again, so a worker
    killed mid-task would lose the task. A task's own writes are in its transaction, rolled back with
    the dead process, so running it again does its work once.
    """
    host = socket.gethostname()[:40]
    requeued = 0
    with transaction.atomic():
        for result in DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING):
            claimant = (result.worker_ids or [""])[-1]
            claimant_host, _sep, pid = claimant.rpartition(":")
            if claimant_host != host or not pid.isdigit() or _alive(int(pid)):
                continue
            result.status = TaskResultStatus.READY
            result.started_at = None
            result.save(update_fields=["status", "started_at"])
            requeued += 1
    return requeued


def start_event_sweep(every_seconds: int = 60) -> int:
    """Dispatch the domain events left undone by a stopped process, and keep one periodic sweep queued."""

    swept = events.sweep()
    if not DBTaskResult.objects.filter(task_path=sweep_events.module_path, status=TaskResultStatus.READY).exists():
        schedule_sweep(every_seconds)
    return swept


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks database backend)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run the tasks that are due, then exit.")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, batch, interval, **options):
        requeued = requeue_orphans()
        if requeued:
            self.stderr.write(f"Requeued {requeued} task(s) left running by a worker that stopped.")
        swept = start_event_sweep()
        if swept:
            self.stderr.write(f"Dispatched {swept} domain event(s) left pending.")
        kwargs = {"interval": interval, "worker_id": worker_id()}
        if batch:
            kwargs.update(batch=True, startup_delay=False)
        call_command("db_worker", **kwargs)
