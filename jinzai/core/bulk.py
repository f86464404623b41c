"""The write path of large imports: one ``executemany`` per table instead of ORM ``bulk_create``.

``bulk_create`` compiles SQL and prepares every value through the field machinery per batch, which
dominated a 100,000-row staff import (docs/benchmarks.md). These helpers build one INSERT/UPDATE per
model, prepare each column with a converter chosen once per field, and send all rows with
``cursor.executemany``. They run inside the caller's transaction, send no signals and call no
``save()``: callers (services) are responsible for validation and for the audit rows, which they
write with :func:`insert_rows` too (``core.audit.audit_many``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

BATCH = 5000
# Rows after which insert_rows refreshes the planner statistics of the table it wrote.
ANALYSE_AFTER = 5_000


def _converter(field: models.Field) -> Callable[[Any], Any]:
    """How one field's Python value becomes a database parameter (chosen once per field)."""
    internal = field.get_internal_type()
    ops = connection.ops
    if internal in {
        "CharField",
        "TextField",
        "EmailField",
        "SlugField",
        "BooleanField",
        "IntegerField",
        "BigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "ForeignKey",
        "OneToOneField",
        "BigAutoField",
        "AutoField",
    }:
        return lambda value: value
    if internal == "DateField":
        return ops.adapt_datefield_value
    if internal == "DateTimeField":
        return _last_one(ops.adapt_datetimefield_value)
    return lambda value: field.get_db_prep_save(value, connection)


def _last_one(adapt: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`adapt` remembering its last (immutable) argument: every row of an insert carries the same
    ``now`` in its timestamps, converted once instead of once per row."""
    last: list[Any] = [object(), None]

    def convert(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, adapt(value)
        return last[1]

    return convert


def _columns(model: type[models.Model], names: Sequence[str] | None) -> list[models.Field]:
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
    ]
    if names is not None:
        wanted = set(names)
        fields = [f for f in fields if f.name in wanted or f.attname in wanted]
    return fields


def insert_rows(model: type[models.Model], objs: Iterable[models.Model | dict[str, Any]]) -> int:
    """INSERT the (unsaved) objects; returns how many. ``auto_now``/``auto_now_add`` are filled in.

    An object is a model instance or a plain dict of column values by attribute name (``unit_id``, not
    ``unit``) — a dict costs no model instantiation, which dominated a 100,000-row import; a field a
    dict leaves out gets its default. The objects do not get their primary keys (fetch them by a
    natural key afterwards)."""
    fields = _columns(model, None)
    now = timezone.now()
    stamp = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    converters = [(f.attname, _converter(f)) for f in fields]
    as_dict = _dict_row(fields, converters, now)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model, values bound
    total = 0
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for obj in objs:
            if isinstance(obj, dict):
                batch.append(as_dict(obj))
            else:
                for f in stamp:
                    if getattr(obj, f.attname) is None or getattr(f, "auto_now", False):
                        setattr(obj, f.attname, now)
                batch.append(tuple(convert(getattr(obj, attname)) for attname, convert in converters))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                total += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            total += len(batch)
        _analyse(cursor, table, total)
    return total


def _analyse(cursor, table: str, total: int) -> None:
    """The query planner's statistics of a table that has just grown by thousands of rows (an import into
    an empty organisation) say it holds a handful: until autovacuum ran, PostgreSQL sorted the staff
    list's 100,000 joined rows (450 ms instead of 86 ms). Refreshed in the same transaction."""
    if total >= ANALYSE_AFTER:
        cursor.execute(f"ANALYZE {table}")


def insert_and_fetch(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]],
    *,
    key: Sequence[str],
    scope: dict[str, Any],
    related: Sequence[str] = (),
) -> list[models.Model]:
    """:func:`insert_rows` of dict rows, then the inserted rows as saved instances, in the order of `rows`
    (for their audit rows and for rows that refer to them): one INSERT per batch and one SELECT.

    The SELECT reads the rows of `scope` (e.g. ``{"organisation_id": 3}``) whose primary key is above the
    table's largest before the insert, with `related` joined (what the model's ``str()`` reads), and pairs
    them with `rows` by `key` (attribute names that tell the rows apart; rows equal on `key` pair in
    insertion order). Callers hold the import's lock on the scope, so no other row of it appears."""
    from collections import defaultdict, deque

    from django.db.models import Max

    rows = list(rows)
    if not rows:
        return []
    manager = model._base_manager
    before = manager.aggregate(m=Max("pk"))["m"] or 0
    insert_rows(model, rows)
    found: dict[tuple, deque] = defaultdict(deque)
    fresh = manager.filter(**scope, pk__gt=before).select_related(*related).order_by("pk")
    for obj in fresh.iterator(chunk_size=BATCH):
        found[tuple(getattr(obj, name) for name in key)].append(obj)
    return [found[tuple(row[name] for name in key)].popleft() for row in rows]


def _dict_row(fields: list[models.Field], converters: list, now) -> Callable[[dict[str, Any]], tuple]:
    """How a dict becomes the parameters of one row: its values, ``now`` in ``auto_now`` fields (and
    in empty ``auto_now_add`` ones), the field's default where the dict has no value."""
    plan = []
    for f, (attname, convert) in zip(fields, converters, strict=True):
        if getattr(f, "auto_now", False):
            plan.append((attname, convert, "now"))
        elif getattr(f, "auto_now_add", False):
            plan.append((attname, convert, "now_if_empty"))
        else:
            plan.append((attname, convert, f))

    def row(obj: dict[str, Any]) -> tuple:
        values = []
        for attname, convert, how in plan:
            if how == "now":
                value = now
            elif attname in obj:
                value = obj[attname]
                if value is None and how == "now_if_empty":
                    value = now
            else:
                value = now if how == "now_if_empty" else how.get_default()
            values.append(convert(value))
        return tuple(values)

    return row


def update_rows(model: type[models.Model], objs: Iterable[models.Model], names: Sequence[str]) -> int:
    """UPDATE the given fields of saved objects by primary key, one executemany; returns how many."""
    fields = _columns(model, names)
    if not fields:
        return 0
    now = timezone.now()
    stamp = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    fields += [f for f in stamp if f not in fields]
    converters = [(f.attname, _converter(f)) for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    pk = connection.ops.quote_name(model._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 - names from the model
    total = 0
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for obj in objs:
            for f in stamp:
                setattr(obj, f.attname, now)
            batch.append((*(convert(getattr(obj, attname)) for attname, convert in converters), obj.pk))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                total += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            total += len(batch)
        _analyse(cursor, table, total)
    return total
