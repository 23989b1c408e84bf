"""Rows inserted without `save()`'s machinery, for the writes made once a message or once an audit entry (issue 12).

`Model.save()` costs as much as its INSERT: signals, the query compiler, the primary key read back. `insert` runs the
model's own INSERT with the values its fields prepare, as `save()` prepares them (`pre_save`, `get_db_prep_save`).
Fields of Django's plain kinds holding a value of their own type are passed as they are (for them the preparation
is the identity); every other field (dates, UUIDs, JSON, encrypted fields, anything of Corridor's own) is prepared by
the field. No signal is sent (Corridor connects none) and the instance's primary key is not read back.
"""

from __future__ import annotations

from functools import lru_cache

from django.db import connection, models

_PLAIN = {
    models.CharField: str, models.TextField: str, models.BooleanField: bool, models.IntegerField: int,
    models.BigIntegerField: int, models.SmallIntegerField: int, models.PositiveIntegerField: int,
    models.PositiveBigIntegerField: int, models.PositiveSmallIntegerField: int,
}


def _plain_kind(field: models.Field) -> type | None:
    """The type of value the field passes to the database as it is, or None: the field prepares every value."""
    if getattr(field, "auto_now_add", False):
        return None
    if type(field) is models.ForeignKey:
        return int if type(field.target_field) in (models.AutoField, models.BigAutoField) else None
    return _PLAIN.get(type(field))


@lru_cache(maxsize=64)
def _statement(model: type[models.Model], vendor: str, with_pk: bool) -> tuple[str, tuple]:
    """The INSERT and each column's field and plain kind (`vendor` keys the cache: quoting is the database's)."""
    quote = connection.ops.quote_name
    fields = tuple(f for f in model._meta.concrete_fields if with_pk or not f.primary_key)
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    return sql, tuple((f, _plain_kind(f)) for f in fields)


def _values(instance: models.Model, fields: tuple) -> list:
    values = []
    for field, kind in fields:
        value = getattr(instance, field.attname)
        if kind is None or (value is not None and type(value) is not kind):
            value = field.get_db_prep_save(field.pre_save(instance, True), connection)
        values.append(value)
    return values


def insert(instance: models.Model) -> None:
    """INSERT the instance's row in the current transaction (its primary key, if unset, is left to the database)."""
    sql, fields = _statement(type(instance), connection.vendor, instance.pk is not None)
    with connection.cursor() as cursor:
        cursor.execute(sql, _values(instance, fields))


def insert_many(instances: list[models.Model]) -> None:
    """INSERT the rows of instances of one model, in order, by one prepared statement (`executemany`); every
    instance has its primary key set, or none has."""
    if not instances:
        return
    sql, fields = _statement(type(instances[0]), connection.vendor, instances[0].pk is not None)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [_values(instance, fields) for instance in instances])
