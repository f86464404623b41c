"""import_apply / staff_import_commit: all-or-nothing writes, assignments, retirements, idempotence, audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.core.access import SystemActor
from jinzai.core.importing import analyse, get_importer
from jinzai.core.models import AuditEvent, Grade, ImportRecord, Unit
from jinzai.core.services import (
    ImportNotCommittable,
    import_apply,
    import_commit,
    import_create,
    import_discard,
)
from jinzai.people.models import Assignment, EmploymentType, Staff
from jinzai.people.selectors import StaffFilter, staff_search

from ._files import EFFECTIVE, HEADER, csv_bytes, new_row, options, own_rows, xlsx_bytes

StaffImport = ImportRecord
STAFF = get_importer("staff")


def staff_import_create(*, actor, file_name, content, options):
    return import_create(actor=actor, importer=STAFF, file_name=file_name, content=content, options=options)


def staff_import_commit(*, actor, record):
    return import_commit(actor=actor, importer=STAFF, record=record)


def staff_import_discard(*, actor, record):
    return import_discard(actor=actor, importer=STAFF, record=record)


DAY_BEFORE = EFFECTIVE - timedelta(days=1)


def apply(world, data: bytes, **opts):
    return import_apply(
        actor=world.own.members["hr"],
        importer=STAFF,
        organisation=world.own.org,
        content=data,
        options=options(**opts),
        file_name="staff.csv",
    ).counts()


def snapshot():
    """Everything an import may touch, in comparable form."""
    return {
        "staff": sorted(
            Staff.objects.values_list(
                "pk",
                "staff_no",
                "name",
                "kana",
                "employment_type",
                "grade_id",
                "current_unit_id",
                "hired_on",
                "retired_on",
                "email",
                "phone",
                "search_text",
            )
        ),
        "assignments": sorted(
            Assignment.objects.values_list("pk", "staff_id", "unit_id", "grade_id", "started_on", "ended_on")
        ),
        "units": sorted(Unit.objects.values_list("pk", "name", "parent_id")),
        "grades": sorted(Grade.objects.values_list("pk", "name")),
        "staff_events": AuditEvent.objects.filter(action__startswith="staff.").count(),
    }


def mixed_rows():
    rows = own_rows()
    rows[0][3] = "総務部総務課人事係"  # 000101 transfer (unit)
    rows[1][4] = "次長"  # 000102 transfer (grade)
    rows[2][7] = "suzuki@example.lg.jp"  # 000103 update
    rows.append(new_row(staff_no="000201", kana="ｱﾗｲ ｼﾞﾛｳ", emp="会計年度任用職員", hired="R8.4.1"))
    return rows


# --- all or nothing ------------------------------------------------------------------------------


def test_file_with_any_error_changes_nothing(world):
    rows = mixed_rows()
    rows.append(new_row(staff_no="000202", hired="令和6年13月1日"))
    before = snapshot()
    with pytest.raises(ImportNotCommittable) as exc_info:
        apply(world, csv_bytes(rows), create_units=True, create_grades=True, full_sync=True)
    assert [(e.line, e.column) for e in exc_info.value.plan.errors] == [(7, "G列「採用年月日」")]
    assert snapshot() == before
    assert not AuditEvent.objects.filter(action="staff_import.commit").exists()


def test_error_with_new_units_and_grades_creates_neither(world):
    rows = [
        new_row(staff_no="000201", unit="企画部企画課", grade="参事"),
        new_row(staff_no="000201", unit="企画部企画課", grade="参事"),  # duplicate
    ]
    before = snapshot()
    with pytest.raises(ImportNotCommittable):
        apply(world, csv_bytes(rows), create_units=True, create_grades=True)
    assert snapshot() == before
    assert not Unit.objects.filter(name="企画課").exists()
    assert not Grade.objects.filter(name="参事").exists()


@pytest.mark.parametrize(
    ("data", "opts"),
    [
        (csv_bytes(own_rows(), encoding="cp932"), {"encoding": "utf-8"}),
        (csv_bytes([["x"]], header=["氏名"]), {}),
        (csv_bytes([r + ["x"] for r in own_rows()], header=[*HEADER, "謎の列"]), {}),
        (b"\x89PNG\r\n\x1a\n\x00\x00", {}),
    ],
    ids=["wrong-encoding", "missing-column", "unmapped", "png"],
)
def test_fatal_and_unmapped_files_are_not_committable(world, data, opts):
    before = snapshot()
    with pytest.raises(ImportNotCommittable) as exc_info:
        apply(world, data, **opts)
    plan = exc_info.value.plan
    assert plan.fatal or plan.unmapped or plan.missing
    assert snapshot() == before


def test_only_hr_or_system_may_import(world):
    with pytest.raises(PermissionDenied):
        import_apply(
            actor=world.own.members["executive"],
            importer=STAFF,
            organisation=world.own.org,
            content=csv_bytes(own_rows()),
            options=options(),
        )


# --- what a commit writes ------------------------------------------------------------------------------


def test_commit_of_a_mixed_file(world):
    own = world.own
    counts = apply(world, csv_bytes(mixed_rows()))
    assert counts == {"add": 1, "update": 1, "transfer": 2, "retire": 0, "unchanged": 1, "errors": 0}

    yamada = Staff.objects.get(pk=own.staff["staff"].pk)
    assert yamada.current_unit_id == own.units["人事係"].pk
    history = list(yamada.assignments.order_by("started_on"))
    assert [(a.unit_id, a.started_on, a.ended_on) for a in history] == [
        (own.units["窓口係"].pk, date(2020, 4, 1), DAY_BEFORE),
        (own.units["人事係"].pk, EFFECTIVE, None),
    ]
    assert history[1].source == Assignment.Source.IMPORT
    assert history[1].grade.name == "主事"

    sato = Staff.objects.get(pk=own.staff["manager"].pk)
    assert sato.grade.name == "次長"
    assert sato.current_unit_id == own.units["市民課"].pk
    sato_open = sato.assignments.get(ended_on__isnull=True)
    assert (sato_open.unit_id, sato_open.grade.name, sato_open.started_on) == (
        own.units["市民課"].pk,
        "次長",
        EFFECTIVE,
    )
    assert sato.assignments.get(ended_on=DAY_BEFORE).grade.name == "課長"

    suzuki = Staff.objects.get(pk=own.staff["hr"].pk)
    assert suzuki.email == "suzuki@example.lg.jp"
    assert suzuki.assignments.count() == 1
    assert suzuki.assignments.get().ended_on is None

    new = Staff.objects.get(organisation=own.org, staff_no="000201")
    assert new.name == "新井\u3000次郎"
    assert new.kana == "あらい\u3000じろう"
    assert new.employment_type == EmploymentType.FISCAL_YEAR
    assert new.hired_on == date(2026, 4, 1)
    assert new.grade.name == "主事"
    assert new.current_unit_id == own.units["窓口係"].pk
    a = new.assignments.get()
    assert (a.unit_id, a.started_on, a.ended_on, a.source) == (
        own.units["窓口係"].pk,
        EFFECTIVE,
        None,
        "import",
    )
    # the stored search key makes the new staff member findable by kana
    found = staff_search(own.members["hr"], StaffFilter(q="アライ"))
    assert [s.staff_no for s in found] == ["000201"]


def test_new_staff_hired_after_the_effective_date_starts_on_hire(world):
    apply(world, csv_bytes([new_row(staff_no="000201", hired="2026/5/1")]))
    a = Assignment.objects.get(staff__staff_no="000201", staff__organisation=world.own.org)
    assert a.started_on == date(2026, 5, 1)


def test_full_sync_commit_retires_missing_staff(world):
    own = world.own
    counts = apply(world, csv_bytes(own_rows()[:3]), full_sync=True)
    assert counts["retire"] == 1
    takahashi = Staff.objects.get(pk=own.staff["other"].pk)
    assert takahashi.retired_on == DAY_BEFORE
    assert takahashi.current_unit_id is None
    assert takahashi.assignments.get().ended_on == DAY_BEFORE
    # other organisations are untouched
    assert not Staff.objects.filter(organisation=world.foreign.org, retired_on__isnull=False).exists()
    assert AuditEvent.objects.filter(action="staff.retire", object_id=str(takahashi.pk)).count() == 1


def test_retired_on_column_retires_and_closes_the_assignment(world):
    rows = own_rows()
    rows = [r + [""] for r in rows]
    rows[3][8] = "2026/3/31"
    header = ["職員番号", "氏名", "ふりがな", "所属", "職名", "任用形態", "採用年月日", "メール", "退職日"]
    counts = apply(world, csv_bytes(rows, header=header))
    assert counts["retire"] == 1
    takahashi = Staff.objects.get(pk=world.own.staff["other"].pk)
    assert takahashi.retired_on == date(2026, 3, 31)
    assert takahashi.current_unit_id is None
    assert takahashi.assignments.get().ended_on == date(2026, 3, 31)


def test_create_units_places_them_under_the_right_parents(world):
    own = world.own
    rows = [
        new_row(staff_no="000201", unit="総務部総務課新規係"),
        new_row(staff_no="000202", unit="企画部 企画課"),
        new_row(staff_no="000203", unit="企画部／企画課"),
    ]
    before = Unit.objects.filter(organisation=own.org).count()
    apply(world, csv_bytes(rows), create_units=True)
    assert Unit.objects.filter(organisation=own.org).count() == before + 3
    shinki = Unit.objects.get(organisation=own.org, name="新規係")
    assert shinki.parent_id == own.units["総務課"].pk
    assert shinki.kind == Unit.Kind.SECTION
    kikaku_bu = Unit.objects.get(organisation=own.org, name="企画部")
    assert kikaku_bu.parent_id is None
    assert kikaku_bu.kind == Unit.Kind.DEPARTMENT
    kikaku = Unit.objects.get(organisation=own.org, name="企画課")
    assert kikaku.parent_id == kikaku_bu.pk
    assert kikaku.kind == Unit.Kind.DIVISION
    staff_units = dict(
        Staff.objects.filter(organisation=own.org, staff_no__startswith="0002").values_list(
            "staff_no", "current_unit_id"
        )
    )
    assert staff_units == {"000201": shinki.pk, "000202": kikaku.pk, "000203": kikaku.pk}
    assert AuditEvent.objects.filter(action="unit.create", organisation=own.org).count() == 3


def test_transfer_to_a_created_unit(world):
    rows = own_rows()
    rows[0][3] = "企画部企画課"
    apply(world, csv_bytes(rows), create_units=True)
    yamada = Staff.objects.get(pk=world.own.staff["staff"].pk)
    assert yamada.current_unit.name == "企画課"
    assert yamada.assignments.get(ended_on__isnull=True).unit.name == "企画課"


def test_create_grades_adds_the_grade_and_uses_it(world):
    max_rank = max(Grade.objects.filter(organisation=world.own.org).values_list("rank", flat=True))
    apply(world, csv_bytes([new_row(staff_no="000201", grade="参事")]), create_grades=True)
    grade = Grade.objects.get(organisation=world.own.org, name="参事")
    assert grade.rank == max_rank + 1
    assert Staff.objects.get(organisation=world.own.org, staff_no="000201").grade_id == grade.pk
    assert not Grade.objects.filter(organisation=world.foreign.org, name="参事").exists()


def test_xlsx_commit(world):
    rows = own_rows()
    rows[0][3] = "人事係"
    rows[0][6] = date(2015, 4, 1)
    counts = apply(world, xlsx_bytes(rows))
    assert counts["transfer"] == 1
    assert Staff.objects.get(pk=world.own.staff["staff"].pk).current_unit_id == world.own.units["人事係"].pk


# --- idempotence -------------------------------------------------------------------------------------


def test_same_file_twice_changes_nothing_the_second_time(world):
    data = csv_bytes(mixed_rows())
    apply(world, data)
    plan = analyse(STAFF, world.own.org, data, options())
    assert plan.counts() == {
        "add": 0,
        "update": 0,
        "transfer": 0,
        "retire": 0,
        "unchanged": 5,
        "errors": 0,
    }
    before = snapshot()
    counts = apply(world, data)
    assert counts["unchanged"] == 5
    assert snapshot() == before


def test_same_file_with_new_units_and_grades_twice(world):
    rows = own_rows()
    rows[0][3] = "企画部企画課"
    rows.append(new_row(staff_no="000201", unit="総務部総務課新規係", grade="参事"))
    data = csv_bytes(rows)
    apply(world, data, create_units=True, create_grades=True)
    plan = analyse(STAFF, world.own.org, data, options(create_units=True, create_grades=True))
    assert dict(plan.state["new_units"]) == {}
    assert dict(plan.state["new_grades"]) == {}
    assert plan.counts()["unchanged"] == 5
    before = snapshot()
    apply(world, data, create_units=True, create_grades=True)
    assert snapshot() == before


def test_full_sync_file_twice(world):
    data = csv_bytes(own_rows()[:3])
    apply(world, data, full_sync=True)
    plan = analyse(STAFF, world.own.org, data, options(full_sync=True))
    assert [r for r in plan.rows_of("retire") if r.line is None] == []
    assert plan.counts()["unchanged"] == 3
    before = snapshot()
    apply(world, data, full_sync=True)
    assert snapshot() == before


@pytest.mark.parametrize("who", ["existing", "new"])
def test_retiree_listed_with_last_unit_twice_changes_nothing(world, who):
    """HR exports list a retiree with the last unit and a 退職日; the second run must be a no-op."""
    rows = [r + [""] for r in own_rows()]
    if who == "existing":
        rows[3][8] = "2026/3/31"
    else:
        rows.append(new_row(staff_no="000201", hired="2015/4/1") + ["2025/3/31"])
    header = [*HEADER, "退職日"]
    data = csv_bytes(rows, header=header)
    apply(world, data)
    plan = analyse(STAFF, world.own.org, data, options())
    assert [(r.data.staff_no, r.kind) for r in plan.rows if r.kind != "unchanged"] == []
    before = snapshot()
    apply(world, data)
    assert snapshot() == before


def test_reimport_never_gives_a_retired_staff_member_an_open_assignment(world):
    rows = [r + [""] for r in own_rows()]
    rows[3][8] = "2026/3/31"
    data = csv_bytes(rows, header=[*HEADER, "退職日"])
    apply(world, data)
    count = Assignment.objects.count()
    apply(world, data)
    takahashi = Staff.objects.get(pk=world.own.staff["other"].pk)
    assert takahashi.retired_on == date(2026, 3, 31)
    assert not takahashi.assignments.filter(ended_on__isnull=True).exists()
    assert Assignment.objects.count() == count


def test_separate_unit_columns_create_units(world):
    header = ["職員番号", "氏名", "所属部", "所属課", "所属係"]
    rows = [
        ["000201", "新井　次郎", "市民部", "市民課", "保険係"],
        ["000202", "川口　三郎", "企画部", "企画課", ""],
    ]
    apply(world, csv_bytes(rows, header=header), create_units=True)
    own = world.own
    hoken = Unit.objects.get(organisation=own.org, name="保険係")
    assert hoken.parent_id == own.units["市民課"].pk
    kikaku = Unit.objects.get(organisation=own.org, name="企画課")
    assert kikaku.parent.name == "企画部"
    assert kikaku.parent.parent_id is None
    assert Staff.objects.get(organisation=own.org, staff_no="000201").current_unit_id == hoken.pk
    assert Staff.objects.get(organisation=own.org, staff_no="000202").current_unit_id == kikaku.pk


# --- audit -------------------------------------------------------------------------------------------


def test_commit_audit_events(world):
    own = world.own
    start = AuditEvent.objects.count()
    apply(world, csv_bytes(mixed_rows()))
    events = AuditEvent.objects.order_by("id")[start:]
    actions = [e.action for e in events]
    assert actions.count("staff_import.commit") == 1
    assert actions.count("staff.create") == 1
    assert actions.count("staff.transfer") == 2
    assert actions.count("staff.update") == 1
    commit = AuditEvent.objects.get(action="staff_import.commit")
    assert commit.organisation_id == own.org.pk
    assert commit.detail["counts"]["transfer"] == 2
    assert commit.detail["effective_date"] == EFFECTIVE.isoformat()
    new = Staff.objects.get(organisation=own.org, staff_no="000201")
    assert AuditEvent.objects.filter(action="staff.create", object_id=str(new.pk)).exists()
    transfer_ids = set(AuditEvent.objects.filter(action="staff.transfer").values_list("object_id", flat=True))
    assert transfer_ids == {str(own.staff["staff"].pk), str(own.staff["manager"].pk)}
    update = AuditEvent.objects.get(action="staff.update")
    assert update.object_id == str(own.staff["hr"].pk)
    assert "email" in update.changed
    assert all(e.username == "a-hr" for e in events)


def test_unchanged_file_writes_only_the_commit_event(world):
    start = AuditEvent.objects.count()
    apply(world, csv_bytes(own_rows()))
    assert list(AuditEvent.objects.order_by("id")[start:].values_list("action", flat=True)) == [
        "staff_import.commit"
    ]


# --- stored import records ------------------------------------------------------------------------------


def make_record(world, data: bytes, **opts) -> StaffImport:
    return staff_import_create(
        actor=world.own.members["hr"], file_name="staff.csv", content=data, options=options(**opts)
    )


def test_record_commit_clears_content_and_cannot_repeat(world):
    record = make_record(world, csv_bytes(mixed_rows()))
    assert record.status == StaffImport.Status.PREVIEWED
    assert record.summary["counts"]["transfer"] == 2
    counts = staff_import_commit(actor=world.own.members["hr"], record=record)
    assert counts["add"] == 1
    record.refresh_from_db()
    assert record.status == StaffImport.Status.COMMITTED
    assert record.content is None
    assert record.committed_at is not None
    before = snapshot()
    with pytest.raises(ValidationError):
        staff_import_commit(actor=world.own.members["hr"], record=record)
    assert snapshot() == before


def test_record_commit_with_errors_changes_nothing_and_stays_previewed(world):
    record = make_record(world, csv_bytes([new_row(staff_no="000201", hired="2024/2/30")]))
    before = snapshot()
    with pytest.raises(ImportNotCommittable):
        staff_import_commit(actor=world.own.members["hr"], record=record)
    record.refresh_from_db()
    assert record.status == StaffImport.Status.PREVIEWED
    assert snapshot() == before


def test_record_discard(world):
    record = make_record(world, csv_bytes(mixed_rows()))
    before = snapshot()
    staff_import_discard(actor=world.own.members["hr"], record=record)
    record.refresh_from_db()
    assert record.status == StaffImport.Status.DISCARDED
    assert record.content is None
    assert snapshot() == before
    with pytest.raises(ValidationError):
        staff_import_commit(actor=world.own.members["hr"], record=record)


def test_record_of_another_organisation_is_refused(world):
    record = staff_import_create(
        actor=world.foreign.members["hr"], file_name="x.csv", content=csv_bytes(own_rows()), options=options()
    )
    with pytest.raises(PermissionDenied):
        staff_import_commit(actor=world.own.members["hr"], record=record)


def test_system_actor_can_apply(world):
    actor = SystemActor(organisation=world.own.org, label="manage.py import_staff")
    counts = import_apply(
        actor=actor,
        importer=STAFF,
        organisation=world.own.org,
        content=csv_bytes([new_row()]),
        options=options(),
    ).counts()
    assert counts["add"] == 1
    assert AuditEvent.objects.filter(action="staff_import.commit", username="manage.py import_staff").exists()
