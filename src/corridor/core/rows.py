"""One row inserted without `save()`'s machinery, for the writes made once a message or once an audit entry (issue 12).

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
    models.PositiveBigIntegerField: int, models.PositiveSmallIntegerField: int, models.ForeignKey: int,
}


@lru_cache(maxsize=64)
def _statement(model: type[models.Model], vendor: str, with_pk: bool) -> tuple[str, tuple]:
    quote = connection.ops.quote_name
    fields = tuple(f for f in model._meta.concrete_fields if with_pk or not f.primary_key)
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    plain = tuple(_PLAIN.get(type(f)) if not getattr(f, "auto_now_add", False) else None for f in fields)
    if any(type(f) is models.ForeignKey and type(f.target_field) not in (models.AutoField, models.BigAutoField)
           for f in fields):
        plain = tuple(None if type(f) is models.ForeignKey else kind for f, kind in zip(fields, plain, strict=True))
    return sql, tuple(zip(fields, plain, strict=True))


def insert(instance: models.Model) -> None:
    """INSERT the instance's row in the current transaction (its primary key, if unset, is left to the database)."""
    sql, fields = _statement(type(instance), connection.vendor, instance.pk is not None)
    values = []
    for field, kind in fields:
        value = getattr(instance, field.attname)
        if kind is None or (value is not None and type(value) is not kind):
            value = field.get_db_prep_save(field.pre_save(instance, True), connection)
        values.append(value)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
