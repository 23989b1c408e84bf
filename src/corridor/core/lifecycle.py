"""The lifecycle kit: one append-only event model and one transition machine for every record with a status.

An app declares its lifecycle once, next to its choices:

    LICENCE = lifecycle.Lifecycle(
        name="licence", model="registry.Licence", event_model="registry.LicenceEvent",
        statuses=LicenceStatus, initial=LicenceStatus.APPLIED,
        actions={
            "grant": lifecycle.Action(source={LicenceStatus.APPLIED}, target=LicenceStatus.ACTIVE, permission="licence.decide"),
            ...
        },
        not_allowed=errors.LicenceTransitionNotAllowed,
    )

and every transition service is a thin call: `lifecycle.transition(LICENCE, licence, "grant", acting_user=user, ...)`.
That one function checks the permission (accounts/permissions.py, deny by default), locks the row, checks the
action-by-status table (stable error code), saves with update_fields, writes the event row and the audit entry,
and publishes `"<lifecycle>.<action>"` and `"<lifecycle>.transitioned"` on commit (corridor.core.events).
An action declared with no source (`Action(source=(), target=<initial>, ...)`) creates a record: the service saves
it in the initial status and calls `lifecycle.create(...)`, which does the same permission, event, audit and events.

Event tables are append-only in the database: a migration adds `lifecycle.AppendOnly("app_modelevent")`.
`verify()` (and `corridor lifecycle verify`) reports every record whose stored status disagrees with its
last transition event.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.conf import settings
from django.db import migrations, models, transaction
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from corridor.core import audit, events
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.permissions import has_perm

ACTION_MAX = 40
STATUS_MAX = 20

# --- the event model ----------------------------------------------------------------------------------------


class LifecycleEvent(models.Model):
    """One row per transition (or notable act) of a record. The concrete subclass declares the record's
    foreign key (`on_delete=models.PROTECT`) and names it in `record_field`. Append-only: the database refuses
    UPDATE and DELETE (AppendOnly migration operation); this class refuses them in Python too."""

    record_field = ""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=ACTION_MAX)
    from_status = models.CharField(_("from"), max_length=STATUS_MAX, blank=True)
    to_status = models.CharField(_("to"), max_length=STATUS_MAX, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    detail = models.JSONField(default=dict, blank=True)  # open-ended extras only
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status or '-'} -> {self.to_status or '-'}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{self._meta.verbose_name} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self._meta.verbose_name} rows are append-only")

    @property
    def at(self):
        """The old name of `created_at`, kept for templates and callers."""
        return self.created_at


# --- append-only in the database ------------------------------------------------------------------------------


def append_only_sql(table: str, vendor: str) -> tuple[list[str], list[str]]:
    """Statements that make `table` refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL), and their reverse."""
    message = f"{table} is append-only"
    if vendor == "sqlite":
        return (
            [f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
             f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
             f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
             f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"],
            [f"DROP TRIGGER IF EXISTS {table}_no_update;", f"DROP TRIGGER IF EXISTS {table}_no_delete;"],
        )
    if vendor == "postgresql":
        return (
            [f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
             f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql;",
             f"DROP TRIGGER IF EXISTS {table}_no_change ON {table};",
             f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
             f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only();",
             f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
             f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
             f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only();"],
            [f"DROP TRIGGER IF EXISTS {table}_no_change ON {table};",
             f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
             f"DROP FUNCTION IF EXISTS {table}_append_only();"],
        )
    return [], []


def protect_table(table: str, connection) -> None:
    with connection.cursor() as cursor:
        for statement in append_only_sql(table, connection.vendor)[0]:
            cursor.execute(statement)


def unprotect_table(table: str, connection) -> None:
    with connection.cursor() as cursor:
        for statement in append_only_sql(table, connection.vendor)[1]:
            cursor.execute(statement)


class AppendOnly(migrations.RunPython):
    """Migration operation: make an event table refuse UPDATE and DELETE in the database.

    Like the audit trail (core 0003), it is not installed when the test suite builds its database (the suite
    empties tables between tests that commit); tests/core/test_lifecycle.py installs it and checks it.
    On SQLite, altering a column rebuilds the table and drops its triggers: a later migration that alters an
    event table ends with AppendOnly(table) again (the statements are idempotent)."""

    def __init__(self, table: str):
        self.table = table
        super().__init__(self._forwards, self._backwards, hints={"append_only": table})

    def _forwards(self, apps, schema_editor):
        if getattr(settings, "TESTING", False):
            return
        for statement in append_only_sql(self.table, schema_editor.connection.vendor)[0]:
            schema_editor.execute(statement)

    def _backwards(self, apps, schema_editor):
        for statement in append_only_sql(self.table, schema_editor.connection.vendor)[1]:
            schema_editor.execute(statement)

    def describe(self):
        return f"Make {self.table} append-only"

    def deconstruct(self):
        return self.__class__.__qualname__, [self.table], {}


class DropAppendOnly(AppendOnly):
    """The reverse of AppendOnly, for a migration that must change existing event rows."""

    def __init__(self, table: str):
        super().__init__(table)
        self.code, self.reverse_code = self._backwards_always, self._forwards

    def _backwards_always(self, apps, schema_editor):
        for statement in append_only_sql(self.table, schema_editor.connection.vendor)[1]:
            schema_editor.execute(statement)

    def describe(self):
        return f"Let {self.table} change (drop its append-only guard)"


# --- the declared table ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """An action: the statuses it may be taken from, the status it leads to, and the permission it needs.
    `target=None` keeps the status (an act recorded on the record, not a transition); a set of targets when the
    outcome depends on the record (the service names the one it takes). No source (`source=()`): the action
    creates the record in its lifecycle's initial status (`create()`, not `transition()`)."""

    source: frozenset[str] | set[str] | tuple[str, ...]
    target: str | frozenset[str] | set[str] | None
    permission: str

    def __post_init__(self):
        object.__setattr__(self, "source", frozenset(str(s) for s in self.source))
        if self.target is not None:
            targets = [self.target] if isinstance(self.target, str) else list(self.target)
            object.__setattr__(self, "target", str(targets[0]) if len(targets) == 1 else frozenset(str(t) for t in targets))

    @property
    def creates(self) -> bool:
        return not self.source

    @property
    def targets(self) -> frozenset[str]:
        if self.target is None:
            return frozenset()
        return frozenset({self.target}) if isinstance(self.target, str) else self.target


@dataclass
class Lifecycle:
    name: str
    model: str  # "app_label.Model"
    event_model: str  # "app_label.ModelEvent"
    statuses: type[models.TextChoices]
    actions: Mapping[str, Action]
    not_allowed: type[Exception]
    initial: str | None = None
    terminal: frozenset[str] = field(default_factory=frozenset)  # statuses with no action, said explicitly
    status_field: str = "status"
    # Who may act on which record (beyond the role): returns False to answer "not found" (deny by default is
    # the permission; scope is the app's). None: every record the role may act on.
    scope: Callable[[object, models.Model], bool] | None = None
    # The event's foreign key to this record when it is not the event model's `record_field`.
    event_record_field: str | None = None
    autoregister: bool = True  # False only for a declaration made to be checked (tests)

    def __post_init__(self):
        self.terminal = frozenset(str(s) for s in self.terminal)
        if self.autoregister:
            REGISTRY[self.name] = self

    @property
    def Model(self) -> type[models.Model]:  # noqa: N802 - a class
        return django_apps.get_model(self.model)

    @property
    def Event(self) -> type[LifecycleEvent]:  # noqa: N802 - a class
        return django_apps.get_model(self.event_model)

    @property
    def event_fk(self) -> str:
        return self.event_record_field or self.Event.record_field

    @property
    def status_values(self) -> list[str]:
        return [str(v) for v in self.statuses.values]

    def allowed_from(self, status: str) -> frozenset[str]:
        """The action-by-status table, read one way: what may be done in `status`."""
        return frozenset(name for name, action in self.actions.items() if str(status) in action.source)

    def table(self) -> dict[str, frozenset[str]]:
        return {status: self.allowed_from(status) for status in self.status_values}

    def problems(self) -> list[str]:
        """What is wrong with the declaration (empty when it is complete and consistent)."""
        found = []
        statuses = set(self.status_values)
        for status in statuses:
            if not self.allowed_from(status) and status not in self.terminal:
                found.append(f"{self.name}: status {status!r} has no action and is not declared terminal")
            if self.allowed_from(status) and status in self.terminal:
                found.append(f"{self.name}: status {status!r} is declared terminal but has actions")
        for status in self.terminal - statuses:
            found.append(f"{self.name}: terminal status {status!r} is not a status")
        if self.initial is not None and str(self.initial) not in statuses:
            found.append(f"{self.name}: initial status {self.initial!r} is not a status")
        for name, action in self.actions.items():
            if len(name) > ACTION_MAX:
                found.append(f"{self.name}.{name}: action name longer than {ACTION_MAX}")
            if action.creates and (self.initial is None or action.target != str(self.initial)):
                found.append(f"{self.name}.{name}: creates a record in {action.target!r}, not the initial status")
            for status in action.source - statuses:
                found.append(f"{self.name}.{name}: source {status!r} is not a status")
            for target in action.targets - statuses:
                found.append(f"{self.name}.{name}: target {target!r} is not a status")
            if not action.permission:
                found.append(f"{self.name}.{name}: no permission")
        for status in statuses:
            if len(status) > STATUS_MAX:
                found.append(f"{self.name}: status {status!r} longer than {STATUS_MAX}")
        return found


REGISTRY: dict[str, Lifecycle] = {}


def registered() -> list[Lifecycle]:
    """Every declared lifecycle: each app declares its own in `<app>/lifecycles.py` (found here, as admin does)."""
    autodiscover_modules("lifecycles")
    return [REGISTRY[name] for name in sorted(REGISTRY)]


# --- the machine -------------------------------------------------------------------------------------------------


def _user(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _json(value: dict | None) -> dict:
    return json.loads(json.dumps(value or {}, default=str))


def require(user, permission: str, *, system: bool = True) -> None:
    """The one permission check of every service (deny by default). `user=None` is the system itself (imports,
    demo, messages from peers, scheduled jobs) and may, unless `system=False`."""
    if user is None and system:
        return
    if not has_perm(user, permission):
        raise PermissionDenied()


def may(lifecycle: Lifecycle, action: str, user) -> bool:
    """Whether `user` holds the permission for `action` (`None` is the system itself and may)."""
    return user is None or has_perm(user, lifecycle.actions[action].permission)


def check_permission(lifecycle: Lifecycle, action: str, acting_user, record: models.Model | None = None) -> None:
    if not may(lifecycle, action, acting_user):
        raise PermissionDenied()
    if acting_user is not None and record is not None and lifecycle.scope is not None and not lifecycle.scope(
            acting_user, record):
        raise NotFound()


def check_allowed(lifecycle: Lifecycle, record: models.Model, action: str) -> None:
    if action not in lifecycle.allowed_from(getattr(record, lifecycle.status_field)):
        raise lifecycle.not_allowed()


def available_actions(lifecycle: Lifecycle, record: models.Model, user) -> list[str]:
    """The actions the table allows in the record's status and the user may take, in declaration order."""
    status = getattr(record, lifecycle.status_field)
    if user is not None and lifecycle.scope is not None and not lifecycle.scope(user, record):
        return []
    return [name for name, action in lifecycle.actions.items() if str(status) in action.source and may(lifecycle, name, user)]


def event(lifecycle: Lifecycle, record: models.Model, action: str, *, acting_user=None, from_status: str = "",
          to_status: str = "", reason: str = "", detail: dict | None = None, **fields) -> LifecycleEvent:
    """Append one event row for `record` (a transition's, or a notable act that keeps the status)."""
    return lifecycle.Event.objects.create(**{lifecycle.event_fk: record}, actor=_user(acting_user), action=action,
                                from_status=from_status or "", to_status=to_status or "", reason=reason or "",
                                detail=_json(detail), **fields)


def transition(lifecycle: Lifecycle, record: models.Model, action: str, *, acting_user,
               reason: str | Callable[[models.Model], str] = "",
               changes: Mapping | Callable[[models.Model], Iterable[str] | None] | None = None,
               detail: dict | None = None, audit_detail: dict | Callable[[models.Model], dict] | None = None,
               event_fields: dict | None = None, to_status: str | Callable[[models.Model], str] | None = None,
               check: Callable[[models.Model], None] | None = None,
               precheck: Callable[[models.Model], None] | None = None,
               enforce_permission: bool = True, after: Callable[[models.Model], None] | None = None,
               audit_target: Callable[[models.Model], models.Model] | None = None) -> models.Model:
    """Take `action` on `record` and return the locked, saved record.

    - permission (deny by default; `acting_user=None` is the system) and the lifecycle's scope; skipped with
      `enforce_permission=False` only for a step the system takes as the consequence of another (cascades);
    - row lock (select_for_update) and the action-by-status check (`lifecycle.not_allowed`, a stable code);
    - `check(locked)` for the app's own conditions (`precheck(locked)`: those that come before the table); `changes` (a dict of fields, or a function that changes the
      locked record and returns the names of other fields it set) saved with the status via update_fields;
    - the event row (`detail` and `event_fields` on it), the audit entry (`audit_detail`, else `detail` and
      the reason; on `audit_target(locked)` if given), `after(locked)` still inside the transaction, and on commit the domain events
      `"<lifecycle>.<action>"` and `"<lifecycle>.transitioned"`.
    - `to_status`, `reason` and `audit_detail` may be functions of the locked record (an outcome or a reason the
      record itself holds), called after the checks.
    """
    spec = lifecycle.actions[action]
    if enforce_permission:
        check_permission(lifecycle, action, acting_user)
    with transaction.atomic():
        locked = type(record)._default_manager.select_for_update().get(pk=record.pk)
        if enforce_permission:
            check_permission(lifecycle, action, acting_user, locked)
        if precheck is not None:
            precheck(locked)
        check_allowed(lifecycle, locked, action)
        if check is not None:
            check(locked)
        to_status = to_status(locked) if callable(to_status) else to_status
        from_status = str(getattr(locked, lifecycle.status_field))
        target = str(to_status) if to_status is not None else (spec.target if isinstance(spec.target, str) else None)
        if target is None and spec.target is None:
            target = from_status
        if target is None or (spec.target is not None and target not in spec.targets):
            raise ValueError(f"{lifecycle.name}.{action} leads to one of {sorted(spec.targets)}, not {to_status}")
        fields = {lifecycle.status_field}
        if callable(changes):
            fields |= set(changes(locked) or ())
        else:
            for name, value in (changes or {}).items():
                setattr(locked, name, value)
                fields.add(name)
        setattr(locked, lifecycle.status_field, target)
        locked.save(update_fields=sorted(_concrete(locked, fields)))
        _recorded(lifecycle, locked, action, acting_user=acting_user, from_status=from_status, to_status=target,
                  reason=reason(locked) if callable(reason) else reason, detail=detail, event_fields=event_fields,
                  audit_detail=audit_detail(locked) if callable(audit_detail) else audit_detail,
                  audit_target=audit_target)
        if after is not None:
            after(locked)
        publish(lifecycle, locked, action, acting_user=acting_user, from_status=from_status, to_status=target)
    return locked


def create(lifecycle: Lifecycle, record: models.Model, action: str, *, acting_user, reason: str = "",
           detail: dict | None = None, audit_detail: dict | None = None, event_fields: dict | None = None,
           enforce_permission: bool = True,
           audit_target: Callable[[models.Model], models.Model] | None = None) -> models.Model:
    """Record the creation of `record` (saved by the caller, in this transaction, in the lifecycle's initial
    status) by a creating action (declared with no source): the permission and scope, the event row from no
    status, the audit entry and on commit the domain events, as `transition()` does for a change of status."""
    spec = lifecycle.actions[action]
    status = str(getattr(record, lifecycle.status_field))
    if not spec.creates or status != spec.target:
        raise ValueError(f"{lifecycle.name}.{action} does not create a record in {status!r}")
    if enforce_permission:
        check_permission(lifecycle, action, acting_user, record)
    with transaction.atomic():
        _recorded(lifecycle, record, action, acting_user=acting_user, from_status="", to_status=status, reason=reason,
                  detail=detail, event_fields=event_fields, audit_detail=audit_detail, audit_target=audit_target)
        publish(lifecycle, record, action, acting_user=acting_user, from_status="", to_status=status)
    return record


def _recorded(lifecycle: Lifecycle, record: models.Model, action: str, *, acting_user, from_status: str,
              to_status: str, reason: str, detail: dict | None, event_fields: dict | None,
              audit_detail: dict | None, audit_target: Callable[[models.Model], models.Model] | None) -> None:
    """The event row and the audit entry of one action."""
    event(lifecycle, record, action, acting_user=acting_user, from_status=from_status, to_status=to_status,
          reason=reason, detail=detail, **(event_fields or {}))
    audit.record(actor=acting_user, action=f"{lifecycle.name}.{action}",
                 target=audit_target(record) if audit_target is not None else record, from_state=from_status,
                 to_state=to_status, detail=audit_detail if audit_detail is not None else {"reason": reason, **(detail or {})})


def publish(lifecycle: Lifecycle, record: models.Model, action: str, *, acting_user, from_status: str,
            to_status: str) -> None:
    """On commit, the domain events `"<lifecycle>.<action>"` and `"<lifecycle>.transitioned"` of one action; for a
    service that writes its event row itself (`event()`), as `transition()` and `create()` publish theirs."""
    payload = {"pk": record.pk, "action": action, "from_status": from_status, "to_status": to_status,
               "actor_id": getattr(_user(acting_user), "pk", None)}
    events.publish(f"{lifecycle.name}.{action}", **payload)
    events.publish(f"{lifecycle.name}.transitioned", **payload)


def _concrete(record: models.Model, names: Iterable[str]) -> set[str]:
    """Field names for update_fields: a foreign key may be given as `x` or `x_id`."""
    out = set()
    for name in names:
        try:
            out.add(record._meta.get_field(name).name)
        except Exception:  # noqa: BLE001 - `x_id` of a foreign key
            out.add(name[:-3] if name.endswith("_id") else name)
    return out


# --- status agrees with events ----------------------------------------------------------------------------------


def last_status(lifecycle: Lifecycle, record: models.Model) -> str | None:
    """The status the event log leads to: the `to_status` of the last event that set one (None: no event)."""
    last = (lifecycle.Event.objects.filter(**{lifecycle.event_fk: record}).exclude(to_status="")
            .order_by("-created_at", "-id").values_list("to_status", flat=True).first())
    return last


@dataclass(frozen=True)
class Disagreement:
    lifecycle: str
    pk: int
    status: str
    derived: str | None

    def __str__(self) -> str:
        return f"{self.lifecycle} {self.pk}: stored {self.status!r}, events say {self.derived!r}"


def verify(lifecycle: Lifecycle | None = None, *, queryset=None) -> list[Disagreement]:
    """Every record whose stored status disagrees with its last transition event. A record with no event
    agrees only if it is in its lifecycle's initial status (or the lifecycle declares none)."""
    found = []
    for spec in [lifecycle] if lifecycle is not None else registered():
        Event = spec.Event
        fk = Event._meta.get_field(spec.event_fk).attname
        last: dict[int, str] = {}
        for pk, to_status in (Event.objects.exclude(to_status="").exclude(**{f"{spec.event_fk}__isnull": True}).order_by("created_at", "id")
                              .values_list(fk, "to_status")):
            last[pk] = to_status
        records = queryset if queryset is not None else spec.Model._default_manager.all()
        for pk, status in records.values_list("pk", spec.status_field).iterator():
            derived = last.get(pk)
            if derived is None:
                if spec.initial is None or str(status) == str(spec.initial):
                    continue
            elif derived == str(status):
                continue
            found.append(Disagreement(spec.name, pk, str(status), derived))
    return found
