"""A task for the worker-crash test: writes in one transaction, and can be held mid-run until its worker is killed."""

import os
import time
from pathlib import Path

from django.db import transaction
from django_tasks import task


@task()
def deliver(marker_dir: str, key: str) -> str:
    from corridor.core import audit

    with transaction.atomic():
        audit.record(actor=None, action="test.delivery", object_type="test.message", object_id=key)
        Path(marker_dir, f"started-{os.getpid()}").touch()
        hold = Path(marker_dir, "hold")
        deadline = time.monotonic() + 60
        while hold.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    return key
