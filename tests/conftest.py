"""Shared fixtures: users of every role (with a passed second factor), workers, and the node key.

The record-making fixtures here are thin wrappers around tests/factories/ (new tests use the factories directly).
"""

import copy
import os
import sqlite3

import hypothesis
import pytest
from django.conf import settings

from corridor.core import crypto, secrets

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Tests assert behaviour, never time: Hypothesis's deadline (200 ms an example by default) failed a property test
# when the two test passes loaded both cores, so no property test has one.
hypothesis.settings.register_profile("corridor", deadline=None)
hypothesis.settings.load_profile("corridor")

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session", autouse=True)
def node_signing_key():
    path = settings.DATA_DIR / secrets.SIGNING_KEY_FILE
    if not path.exists():
        secrets.write_private(path, crypto.generate_signing_key_pem())
    crypto.reset_caches()
    return path


def restore_migration_data() -> None:
    """Put back what the data migrations load (reference data, the audit chain's head)."""
    import importlib

    from django.apps import apps

    from corridor.core.audit import GENESIS
    from corridor.core.models import AuditHead, Country

    if not Country.objects.exists():
        importlib.import_module("corridor.core.migrations.0002_reference_data").load(apps, None)
    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "entry_hash": GENESIS})


def _commits(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    return transactional or bool({"transactional_db", "live_server"} & set(request.fixturenames))


_PRELOADED = []  # the connection that keeps a preloaded in-memory SQLite test database alive for the session


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Runs just before pytest-django creates the test database. On SQLite, when scripts/test.sh has migrated a database
    once for the whole run (its path in CORRIDOR_TEST_MIGRATED_SQLITE), the in-memory test database starts as a copy of
    it, so that creating it migrates nothing (most of a minute per test process otherwise). PostgreSQL does the same
    through a template database (tests/settings.py)."""
    from tests.exchange.nodes import MIGRATED_SNAPSHOT

    snapshot = os.environ.get(MIGRATED_SNAPSHOT)
    database = settings.DATABASES["default"]
    if snapshot and database["ENGINE"].endswith("sqlite3") and not database.get("TEST", {}).get("NAME"):
        keeper, source = sqlite3.connect("file:memorydb_default?mode=memory&cache=shared", uri=True), sqlite3.connect(snapshot)
        source.backup(keeper)
        source.close()
        _PRELOADED.append(keeper)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's test database; on SQLite, also a copy of it as migrations left it, for the node processes of the
    two-node tests (tests/exchange/nodes.py; their modules use this fixture, so that it comes before their nodes), which would
    otherwise spend most of a minute migrating their own."""
    from django.db import connection

    from tests.exchange.nodes import MIGRATED_SNAPSHOT

    if connection.vendor == "sqlite" and not os.environ.get(MIGRATED_SNAPSHOT):
        path = settings.DATA_DIR / "migrated-snapshot.sqlite3"
        name = connection.settings_dict["NAME"]  # the in-memory test database, shared by every connection to this name
        source, target = sqlite3.connect(name, uri=name.startswith("file:")), sqlite3.connect(path)
        source.backup(target)
        source.close()
        target.close()
        os.environ[MIGRATED_SNAPSHOT] = str(path)
    return django_db_setup


@pytest.fixture(autouse=True)
def _restore_after_flush(request, django_db_blocker):
    """A test that commits (live server, two processes) ends with every table emptied: refill them for the next.

    Autouse fixtures are set up first, so this one is torn down last, after pytest-django's flush.
    """
    if _commits(request):  # and before it: pytest-django's flush of an earlier one may come after that one's refill
        with django_db_blocker.unblock():
            restore_migration_data()
    yield
    if _commits(request):
        with django_db_blocker.unblock():
            restore_migration_data()


@pytest.fixture(autouse=True)
def _no_language_left_behind():
    """A test that activates a language (a page in Nepali, a command with --lang) leaves the thread's language set;
    the next test in the same worker would then run in it. Every test starts and ends in the default language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _domain_events_at_commit(request, monkeypatch):
    """Domain events are dispatched when the publishing transaction commits. A test inside pytest-django's
    transaction never commits, so here the outermost atomic block a test opens stands for the commit: when it
    exits, the dispatches it queued run (those of a rolled-back block were already dropped by Django)."""
    if _commits(request) or not ({"db", "django_db_setup"} & set(request.fixturenames)
                                 or request.node.get_closest_marker("django_db")):
        yield
        return
    from django.db import connection, transaction

    request.getfixturevalue("db")
    base = len(connection.atomic_blocks)
    original = transaction.Atomic.__exit__

    def exit_(self, exc_type, exc_value, traceback):
        result = original(self, exc_type, exc_value, traceback)
        if self.using in (None, "default") and len(connection.atomic_blocks) == base and not connection.needs_rollback:
            run_domain_events(connection)
        return result

    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_)
    yield


_DEMO_SNAPSHOTS: dict[str, tuple] = {}  # SQLite: country -> (the demo's context, a copy of the database just after it)


@pytest.fixture(scope="module")
def demo_context(request, django_db_setup, django_db_blocker):
    """The demo of an origin node (PH), or of a destination (`@pytest.mark.parametrize("demo_context", ["SA"],
    indirect=True)`), there for a whole module; each test's own changes roll back to a savepoint, and the module's
    at its end. For tests of the demo and tests that read its records.

    On PostgreSQL the demo is loaded in a transaction the module rolls back. On SQLite it is loaded (and committed,
    as `make demo` does) once per test process and country: the database is copied just after, and a later module
    starts from that copy, in milliseconds rather than the demo's half-minute; at the module's end the database is
    put back as it was before."""
    from django.db import connection, transaction
    from django.test import override_settings

    from corridor.core import demo

    country = getattr(request, "param", "PH")
    with django_db_blocker.unblock(), override_settings(CORRIDOR_COUNTRY=country, CORRIDOR_RECEIPT_SCRYPT_N=2**10):
        if connection.vendor != "sqlite":
            with transaction.atomic():
                context = demo.load()
                run_domain_events(connection)
                yield context
                transaction.set_rollback(True)
            return
        connection.ensure_connection()
        before = _sqlite_copy(connection.connection)
        try:
            if country not in _DEMO_SNAPSHOTS:
                context = demo.load()
                _DEMO_SNAPSHOTS[country] = (context, _sqlite_copy(connection.connection))
            context, snapshot = _DEMO_SNAPSHOTS[country]
            snapshot.backup(connection.connection)
            yield copy.deepcopy(context)
        finally:
            before.backup(connection.connection)
            before.close()


def _sqlite_copy(source: sqlite3.Connection) -> sqlite3.Connection:
    target = sqlite3.connect(":memory:")
    source.backup(target)
    return target


def run_domain_events(connection) -> None:
    """Run (and take off the list) the queued dispatches of domain events, as a commit would."""
    while True:
        pending = [entry for entry in connection.run_on_commit if getattr(entry[1], "domain_event", False)]
        if not pending:
            return
        connection.run_on_commit = [entry for entry in connection.run_on_commit if entry not in pending]
        for _sids, func, _robust in pending:
            func()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def make_org(db):
    """make_org(kind=..., name=..., country=..., post_country=...): tests.factories.accounts.OrganisationFactory."""
    from tests.factories.accounts import OrganisationFactory

    def make(kind="ministry", name=None, country="PH", post_country=None):
        return OrganisationFactory(kind=kind, name=name or f"{kind} org", country=country, post_country=post_country)

    return make


@pytest.fixture
def make_user(db, make_org):
    """A user of a role; staff get an organisation of a fitting kind unless given one (tests.factories.accounts.UserFactory)."""
    from corridor.accounts.choices import Role
    from tests.factories.accounts import UserFactory

    def make(role=Role.ORIGIN_OFFICER, organisation=None, username=None):
        kwargs = {"organisation": organisation} if organisation is not None else {}
        return UserFactory(role=role, username=username or f"{role}-{os.urandom(3).hex()}", **kwargs)

    return make


def verified(user):
    """Mark a user object as having passed the second factor (what django-otp does after a code)."""
    from tests.factories.accounts import verified as mark

    return mark(user)


@pytest.fixture
def signed_in(client):
    """Sign a user into the test client as if they had passed both factors."""
    from tests.factories.accounts import sign_in as sign_into

    def sign_in(user):
        return sign_into(client, user)

    return sign_in


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


def pytest_addoption(parser):
    parser.addoption("--suite-pass", choices=("postgres", "sqlite"),
                     help="which of scripts/test.sh's two passes this is: a test that touches the database runs in both, "
                          "except a slow one marked once(database), which runs only in that database's pass; a test that "
                          "never touches the database runs once, in the PostgreSQL pass (browser and two-node tests: SQLite, "
                          "unless marked once(postgres))")


def uses_database(item) -> bool:
    return bool(item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def runs_in(item, suite_pass: str) -> bool:
    once = item.get_closest_marker("once")
    if once:
        return once.args[0] == suite_pass
    if item.get_closest_marker("browser") or item.get_closest_marker("nodes"):
        return suite_pass == "sqlite"
    return uses_database(item) or suite_pass == "postgres"  # a test that never touches the database: once


def pytest_collection_modifyitems(config, items):
    suite_pass = config.getoption("--suite-pass")
    if not suite_pass:
        return
    # The long two-node tests first, so that the two workers end together on short ones (they use no test database;
    # the order pytest-django gives the others, tests that commit and empty the tables last, is kept: which is also why
    # xdist's work stealing is not used, as a stolen test could run after them).
    # A module's two-node tests stay together, so that its pair of nodes is made once (pytest-playwright would put
    # a browser test of the module apart from the others, and the pair would be torn down and made again).
    modules: dict = {}
    for item in items:
        modules.setdefault(item.module.__name__, len(modules))
    items.sort(key=lambda item: (not item.get_closest_marker("nodes"), modules[item.module.__name__]
                                 if item.get_closest_marker("nodes") else 0))
    kept = [item for item in items if runs_in(item, suite_pass)]
    if len(kept) < len(items):
        chosen = set(kept)
        config.hook.pytest_deselected(items=[item for item in items if item not in chosen])
        items[:] = kept
