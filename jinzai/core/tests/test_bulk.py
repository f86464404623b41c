"""core.bulk.insert_rows: many rows in one executemany per batch, and the planner's statistics refreshed
after a large write (an import into an empty organisation made PostgreSQL plan the staff list for 1 row)."""

from django.db import connection

from jinzai.core.access import SystemActor
from jinzai.core.audit import build_event
from jinzai.core.bulk import ANALYSE_AFTER, insert_rows
from jinzai.core.models import AuditEvent


def _table_size_the_planner_knows() -> int:
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return int(cursor.fetchone()[0])
        cursor.execute(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx IS NULL OR tbl = %s", [table, table]
        )
        row = cursor.fetchone()
        return int(row[0].split()[0]) if row else 0


def test_a_large_insert_refreshes_the_statistics(world):
    actor = SystemActor(organisation=world.own.org, label="t")
    n = ANALYSE_AFTER + 10
    written = insert_rows(AuditEvent, [build_event(actor, "unit.update") for _ in range(n)])
    assert written == n
    assert AuditEvent.objects.filter(action="unit.update").count() == n
    assert _table_size_the_planner_knows() >= n


def test_insert_and_fetch_returns_the_new_rows_in_the_order_given(world):
    """The saved rows come back paired with the dicts they were made from, equal keys in insertion order,
    and none of the rows the scope held before."""
    from jinzai.core.bulk import insert_and_fetch
    from jinzai.core.models import Unit

    org = world.own.org
    before = set(Unit.objects.filter(organisation=org).values_list("pk", flat=True))
    rows = [
        {"organisation_id": org.pk, "name": name, "kind": Unit.Kind.SECTION}
        for name in ["係C", "係A", "係C", "係B"]
    ]
    units = insert_and_fetch(
        Unit, rows, key=("name",), scope={"organisation_id": org.pk}, related=("organisation",)
    )
    assert [u.name for u in units] == ["係C", "係A", "係C", "係B"]
    assert units[0].pk < units[2].pk and not before & {u.pk for u in units}
    assert all(u.pk for u in units) and units[1].organisation.name == org.name
    assert insert_and_fetch(Unit, [], key=("name",), scope={"organisation_id": org.pk}) == []
