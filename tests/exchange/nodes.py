"""Two real node processes on loopback ports, each with its own data directory, SQLite database and key (tests, benchmark)."""

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    def __init__(self, country: str, base: Path, **env):
        self.country = country
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = base / country.lower()
        self.server: subprocess.Popen | None = None
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("CORRIDOR_", "DATABASE_URL", "DJANGO_"))}
        self.env.update({
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
            "DJANGO_SETTINGS_MODULE": "tests.exchange.node_settings",
            "CORRIDOR_DATA_DIR": str(self.data_dir), "CORRIDOR_COUNTRY": country, "CORRIDOR_NODE_URL": self.url,
            "CORRIDOR_HTTPS": "0", "CORRIDOR_TESTING": "1", "CORRIDOR_ADMIN_PASSWORD": "a-long-admin-password-2026",
            "CORRIDOR_LOG_LEVEL": "ERROR", "CORRIDOR_EXCHANGE_AUTO_DELIVER": "0",
            "CORRIDOR_EXCHANGE_RETRY_BASE_SECONDS": "0.2", "CORRIDOR_EXCHANGE_LEASE_SECONDS": "2",
        })
        self.env.update(env)

    # --- processes ---
    def cli(self, *args, check=True, timeout=300) -> subprocess.CompletedProcess:
        result = subprocess.run([PYTHON, "-m", "corridor.cli", *args], env=self.env, cwd=ROOT, capture_output=True, text=True,
                                timeout=timeout)
        if check and result.returncode != 0:
            raise RuntimeError(f"{self.country} {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def shell_json(self, code: str) -> dict:
        """Run Python in this node's `corridor shell` and read the JSON object its last printed line holds."""
        result = self.cli("shell", "-c", textwrap.dedent(code))
        return json.loads(result.stdout.strip().splitlines()[-1])

    def cli_background(self, *args) -> subprocess.Popen:
        return subprocess.Popen([PYTHON, "-m", "corridor.cli", *args], env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)

    def init(self):
        """`corridor init` on a copy of this process's migrated, empty database: init then makes the keys and the
        administrator and finds nothing to migrate (migrating from nothing takes most of a minute per node)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(migrated_database(), self.data_dir / "corridor.sqlite3")
        self.cli("init", "--noinput")
        return self

    def start(self, workers: int = 1, threads: int = 4):
        self.server = subprocess.Popen(
            [PYTHON, "-m", "corridor.cli", "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
             "--threads", str(threads), "--no-collectstatic"],
            env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"node {self.country} did not start")

    def kill(self):
        """kill -9 the server and its workers (its own process group)."""
        if self.server is not None:
            kill_group(self.server)
            self.server = None

    # --- peering ---
    def identity_file(self) -> Path:
        path = self.data_dir.parent / f"{self.country}.json"
        self.cli("peers", "identity", "--output", str(path))
        return path

    # --- looking inside (read-only, straight from the SQLite file) ---
    def query(self, sql: str, params=()) -> list[tuple]:
        with sqlite3.connect(self.data_dir / "corridor.sqlite3", timeout=30) as db:
            return db.execute(sql, params).fetchall()

    def applied(self, run: str) -> dict[str, int]:
        rows = self.query("SELECT object_id, COUNT(*) FROM core_auditentry WHERE action = 'test.applied' AND object_id LIKE ? "
                          "GROUP BY object_id", (f"{run}:%",))
        return dict(rows)

    def applied_order(self, run: str) -> list[int]:
        rows = self.query("SELECT object_id FROM core_auditentry WHERE action = 'test.applied' AND object_id LIKE ? ORDER BY seq",
                          (f"{run}:%",))
        return [int(r[0].split(":")[1]) for r in rows]

    def outbox(self) -> dict[str, int]:
        return dict(self.query("SELECT status, COUNT(*) FROM exchange_outboundmessage GROUP BY status"))


_MIGRATED: Path | None = None
MIGRATED_SNAPSHOT = "CORRIDOR_TEST_MIGRATED_SQLITE"


def migrated_database() -> Path:
    """A node database with every migration applied and nothing else (no keys, no users, no audit entry): the
    suite's own SQLite test database as it was just after migrating (tests/conftest.py snapshots it), or else
    migrated once per test process."""
    global _MIGRATED
    if _MIGRATED is None and os.environ.get(MIGRATED_SNAPSHOT):
        _MIGRATED = Path(os.environ[MIGRATED_SNAPSHOT])
    if _MIGRATED is None:
        node = Node("PH", Path(tempfile.mkdtemp(prefix="corridor-migrated-")))
        node.data_dir.mkdir()
        node.cli("migrate", "--verbosity", "0")
        _MIGRATED = node.data_dir / "corridor.sqlite3"
    return _MIGRATED


def kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


def peer_nodes(a: Node, b: Node, kinds=("test.count",)) -> None:
    """What two administrators do: exchange node documents, confirm key ids out of band, decide what to share."""
    a_file, b_file = a.identity_file(), b.identity_file()
    a_kid, b_kid = (json.loads(path.read_text())["keys"][0]["kid"] for path in (a_file, b_file))
    a.cli("peers", "add", "--country", b.country, "--url", b.url, "--key-file", str(b_file), "--key-id", b_kid,
          "--send", *kinds, "--accept", *kinds, "--noinput")
    b.cli("peers", "add", "--country", a.country, "--url", a.url, "--fetch", "--key-id", a_kid,
          "--send", *kinds, "--accept", *kinds, "--noinput")


@contextmanager
def running_pair(a: Node, b: Node, kinds=("test.count",)):
    """Both nodes serving and peered for `kinds` (a module's fixture); both killed at the end."""
    a.start()
    b.start()
    try:
        peer_nodes(a, b, kinds=kinds)
        yield a, b
    finally:
        a.kill()
        b.kill()
