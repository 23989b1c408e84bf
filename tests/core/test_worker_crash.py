"""A worker killed in the middle of a task loses neither the task nor committed data: restarted, it runs the task once."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.world import reference_data  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


def _worker(env, *args):
    return subprocess.Popen([sys.executable, "-m", "corridor.cli", "worker", "--interval", "0.1", *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.once("postgres")  # a killed process and its queue, on the production database
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_loses_no_task_and_the_task_completes_once(settings, tmp_path, reference_data):  # noqa: F811
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from tests.core.crash_tasks import deliver

    result = deliver.enqueue(str(tmp_path), "message-1")
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}", "DJANGO_SETTINGS_MODULE": "tests.settings",
           "CORRIDOR_TASKS_IMMEDIATE": "0"}
    if connection.vendor == "sqlite":
        # The test database lives in memory: give the worker processes a copy on disk, read it back from there.
        database = tmp_path / "node.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(database)])
        env["DATABASE_URL"] = f"sqlite:///{database}"

        def query(sql, params=()):
            with sqlite3.connect(database) as db:
                return db.execute(sql, params).fetchall()
    else:
        s = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"

        def query(sql, params=()):
            with connection.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), params)
                return cursor.fetchall()

    def status():
        return query("SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?", [str(result.id).replace("-", "")
                     if connection.vendor == "sqlite" else str(result.id)])[0][0]

    def deliveries():
        return query("SELECT count(*) FROM core_auditentry WHERE action = 'test.delivery'")[0][0]

    hold = tmp_path / "hold"
    hold.touch()
    first = _worker(env)
    try:
        if not _wait_for(lambda: list(tmp_path.glob("started-*"))):
            first.kill()
            pytest.fail(f"the worker never started the task: {first.communicate()[0]}")
        first.send_signal(signal.SIGKILL)  # a crash: no chance to clean up
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    assert status() == "RUNNING"
    assert deliveries() == 0  # the task's transaction died with the process

    hold.unlink()
    second = _worker(env, "--batch")
    output, _ = second.communicate(timeout=60)
    assert second.returncode == 0, output
    assert "Requeued 1 task" in output
    assert status() == "SUCCESSFUL"
    assert deliveries() == 1
    assert len(list(tmp_path.glob("started-*"))) == 2
