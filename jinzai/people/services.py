"""Writes to staff records: edits, transfers and the all-or-nothing staff import."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit, audit_many, build_event
from jinzai.core.models import Grade, Organisation, Unit
from jinzai.core.text import search_key
from jinzai.core.uploads import NOT_PREVIEWED, discard_upload, lock_previewed, mark_committed, store_upload

from .importing import ImportOptions, ImportPlan, analyse, retirement_date
from .models import Assignment, EmploymentType, Staff, StaffImport

BATCH = 1000


def staff_search_text(staff_no: str, name: str, kana: str) -> str:
    return search_key(staff_no, name, kana)


class ImportNotCommittable(Exception):
    def __init__(self, plan: ImportPlan):
        super().__init__("import has errors")
        self.plan = plan


@transaction.atomic
def staff_update(*, actor: Any, staff: Staff, **values: Any) -> Staff:
    """Edit master data (not unit or grade: those change through a transfer)."""
    ensure_can(actor, "people.staff_edit", staff)
    allowed = set(Staff.MASTER_FIELDS) - {"staff_no"}
    changed = []
    for key, value in values.items():
        if key not in allowed:
            raise ValueError(f"{key} cannot be edited here")
        if getattr(staff, key) != value:
            setattr(staff, key, value)
            changed.append(key)
    if not changed:
        return staff
    staff.search_text = staff_search_text(staff.staff_no, staff.name, staff.kana)
    staff.full_clean(exclude=["organisation", "grade", "current_unit"])
    staff.save()
    if "retired_on" in changed and staff.retired_on:
        _close_open_assignment(staff, staff.retired_on)
    audit(actor, "staff.update", staff, changed=changed)
    return staff


def _close_open_assignment(staff: Staff, last_day: date) -> None:
    current = staff.assignments.filter(ended_on__isnull=True).first()
    if current:
        current.ended_on = max(last_day, current.started_on)
        current.save(update_fields=["ended_on"])


@transaction.atomic
def staff_transfer(
    *, actor: Any, staff: Staff, unit: Unit, grade: Grade | None, effective: date, note: str = ""
) -> Assignment:
    """人事異動: end the open assignment the day before `effective` and append a new one."""
    ensure_can(actor, "people.staff_transfer", staff)
    if unit.organisation_id != staff.organisation_id or (
        grade and grade.organisation_id != staff.organisation_id
    ):
        raise ValidationError("異動先は同じ団体の所属・職名から選んでください。")
    if staff.retired_on is not None:
        raise ValidationError("退職した職員は異動できません。")
    current = staff.assignments.filter(ended_on__isnull=True).first()
    if current:
        if effective <= current.started_on:
            raise ValidationError("発令日は、現在の配属の開始日より後の日付にしてください。")
        if current.unit_id == unit.pk and current.grade_id == (grade.pk if grade else None):
            raise ValidationError("現在と同じ所属・職名です。")
        current.ended_on = effective - timedelta(days=1)
        current.save(update_fields=["ended_on"])
    new = Assignment.objects.create(
        organisation=staff.organisation, staff=staff, unit=unit, grade=grade, started_on=effective, note=note
    )
    staff.current_unit, staff.grade = unit, grade
    staff.save(update_fields=["current_unit", "grade", "updated_at"])
    audit(
        actor,
        "staff.transfer",
        staff,
        changed=["current_unit", "grade"],
        detail={"effective": effective.isoformat()},
    )
    return new


# --- import ------------------------------------------------------------------


@transaction.atomic
def staff_import_create(*, actor: Any, file_name: str, content: bytes, options: ImportOptions) -> StaffImport:
    """Store an uploaded file and its first analysis (nothing about staff changes)."""
    ensure_can(actor, "people.staff_import")
    plan = analyse(actor.organisation, content, options, filename=file_name)
    record = store_upload(
        StaffImport,
        actor=actor,
        file_name=file_name,
        content=content,
        options=options.to_json(),
        summary=plan.summary(),
    )
    audit(actor, "staff_import.upload", record, detail={"counts": plan.counts()})
    return record


@transaction.atomic
def staff_import_reanalyse(*, actor: Any, record: StaffImport, options: ImportOptions) -> StaffImport:
    ensure_can(actor, "people.staff_import", record)
    if record.status != StaffImport.Status.PREVIEWED:
        raise ValidationError(NOT_PREVIEWED)
    plan = analyse(record.organisation, bytes(record.content), options, filename=record.file_name)
    record.options = options.to_json()
    record.summary = plan.summary()
    record.save(update_fields=["options", "summary"])
    return record


@transaction.atomic
def staff_import_discard(*, actor: Any, record: StaffImport) -> None:
    ensure_can(actor, "people.staff_import", record)
    discard_upload(actor, record, "staff_import.discard")


@transaction.atomic
def staff_import_commit(*, actor: Any, record: StaffImport) -> dict[str, int]:
    """Re-analyse the stored file against the database as it is now and apply it, all or nothing."""
    ensure_can(actor, "people.staff_import", record)
    record = lock_previewed(record)
    counts = import_apply(
        actor=actor,
        organisation=record.organisation,
        content=bytes(record.content),
        options=ImportOptions.from_json(record.options),
        file_name=record.file_name,
    )
    mark_committed(record, {**record.summary, "counts": counts, "committed": True})
    return counts


@transaction.atomic
def import_apply(
    *, actor: Any, organisation: Organisation, content: bytes, options: ImportOptions, file_name: str = ""
) -> dict[str, int]:
    """Analyse and, when there is no error, write everything in this one transaction."""
    ensure_can(actor, "people.staff_import")
    plan = analyse(organisation, content, options, filename=file_name)
    if not plan.can_commit:
        raise ImportNotCommittable(plan)
    counts = plan.counts()
    effective = options.effective_date
    grade_ids = _create_grades(actor, organisation, plan)
    unit_ids = _create_units(actor, organisation, plan, effective)
    events = []

    def unit_of(row) -> int | None:
        return (
            row.unit_id if row.unit_id is not None else unit_ids.get(row.unit_path) if row.unit_path else None
        )

    def grade_of(row) -> int | None:
        return grade_ids.get(row.grade_name) if row.grade_name else None

    # new staff
    new_rows = plan.rows_of("add")
    new_staff = []
    for row in new_rows:
        v = row.values
        new_staff.append(
            Staff(
                organisation=organisation,
                staff_no=row.staff_no,
                name=v["name"],
                kana=v.get("kana", ""),
                employment_type=v.get("employment_type") or EmploymentType.REGULAR,
                grade_id=grade_of(row),
                current_unit_id=unit_of(row) if not v.get("retired_on") else None,
                hired_on=v.get("hired_on"),
                retired_on=v.get("retired_on"),
                email=v.get("email", ""),
                phone=v.get("phone", ""),
                search_text=staff_search_text(row.staff_no, v["name"], v.get("kana", "")),
            )
        )
    Staff.objects.bulk_create(new_staff, batch_size=BATCH)
    if len(new_staff) and new_staff[0].pk is None:  # backends without RETURNING
        ids = dict(Staff.objects.filter(organisation=organisation).values_list("staff_no", "pk"))
        for staff in new_staff:
            staff.pk = ids[staff.staff_no]
    assignments = []
    for row, staff in zip(new_rows, new_staff, strict=True):
        unit_id = unit_of(row)
        if unit_id is not None:
            hired, retired = row.values.get("hired_on"), row.values.get("retired_on")
            start = max(effective, hired) if hired else effective
            if retired:
                start = min(start, hired or retired, retired)
            assignments.append(
                Assignment(
                    organisation=organisation,
                    staff_id=staff.pk,
                    unit_id=unit_id,
                    grade_id=grade_of(row),
                    started_on=start,
                    ended_on=retired,
                    source=Assignment.Source.IMPORT,
                )
            )
        events.append(build_event(actor, "staff.create", staff, changed=["import", *row.values.keys()]))

    # changed staff
    changed_rows = plan.rows_of("update") + plan.rows_of("transfer") + plan.rows_of("retire")
    staff_by_id = Staff.objects.in_bulk(
        [r.staff_id for r in changed_rows] + [r.staff_id for r in plan.retirements]
    )
    open_by_staff = {
        a.staff_id: a
        for a in Assignment.objects.filter(staff_id__in=list(staff_by_id), ended_on__isnull=True)
    }
    to_close: list[Assignment] = []
    update_fields: set[str] = {"search_text", "updated_at"}
    for row in changed_rows:
        staff = staff_by_id[row.staff_id]
        changed = []
        for key, value in row.values.items():
            value = "" if value is None and key in {"kana", "email", "phone"} else value
            if getattr(staff, key) != value:
                setattr(staff, key, value)
                changed.append(key)
        update_fields.update(changed)
        staff.search_text = staff_search_text(staff.staff_no, staff.name, staff.kana)
        staff.updated_at = timezone.now()
        current = open_by_staff.get(staff.pk)
        if staff.retired_on and current:
            current.ended_on = max(staff.retired_on, current.started_on)
            to_close.append(current)
        elif row.kind == "transfer":
            unit_id, grade_id = unit_of(row), grade_of(row)
            if unit_id is None and current is not None:
                unit_id = current.unit_id
            if current:
                current.ended_on = effective - timedelta(days=1)
                to_close.append(current)
            if unit_id is not None:
                assignments.append(
                    Assignment(
                        organisation=organisation,
                        staff_id=staff.pk,
                        unit_id=unit_id,
                        grade_id=grade_id,
                        started_on=effective,
                        source=Assignment.Source.IMPORT,
                    )
                )
            staff.current_unit_id, staff.grade_id = unit_id, grade_id
            update_fields.update({"current_unit", "grade"})
            changed += ["current_unit", "grade"]
        if staff.retired_on:
            staff.current_unit_id = None
            update_fields.add("current_unit")
        events.append(
            build_event(
                actor,
                {"transfer": "staff.transfer", "retire": "staff.retire"}.get(row.kind, "staff.update"),
                staff,
                changed=changed,
            )
        )

    # full sync retirements
    last_day = retirement_date(options)
    for ret in plan.retirements:
        staff = staff_by_id[ret.staff_id]
        staff.retired_on = last_day
        staff.current_unit_id = None
        update_fields.update({"retired_on", "current_unit"})
        current = open_by_staff.get(staff.pk)
        if current:
            current.ended_on = max(last_day, current.started_on)
            to_close.append(current)
        events.append(build_event(actor, "staff.retire", staff, changed=["retired_on"]))

    touched = [staff_by_id[r.staff_id] for r in changed_rows] + [
        staff_by_id[r.staff_id] for r in plan.retirements
    ]
    if touched:
        Staff.objects.bulk_update(touched, sorted(update_fields), batch_size=BATCH)
    if to_close:
        Assignment.objects.bulk_update(to_close, ["ended_on"], batch_size=BATCH)
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    audit_many(events)
    audit(
        actor,
        "staff_import.commit",
        None,
        organisation=organisation,
        detail={
            "file": file_name,
            "counts": counts,
            "effective_date": effective.isoformat(),
            "full_sync": options.full_sync,
        },
    )
    return counts


def _create_grades(actor: Any, organisation: Organisation, plan: ImportPlan) -> dict[str, int]:
    from .importing import GradeResolver

    resolver = GradeResolver(organisation)
    names = {row.grade_name for row in plan.rows if row.grade_name}
    result = {name: resolver.resolve(name) for name in names}
    rank = Grade.objects.filter(organisation=organisation).aggregate(m=Max("rank"))["m"] or 0
    for name in plan.new_grades:
        rank += 1
        grade = Grade.objects.create(organisation=organisation, name=name, rank=rank)
        audit(actor, "grade.create", grade, changed=["name", "rank"], detail={"via": "staff_import"})
        result[name] = grade.pk
    return result


def _create_units(
    actor: Any, organisation: Organisation, plan: ImportPlan, effective: date
) -> dict[tuple, int]:
    """Create the units the user agreed to create, reusing every existing level of their path."""
    from .importing import UnitResolver, unit_name_key

    created: dict[tuple[str, ...], int] = {}
    if not plan.new_units:
        return created
    children = UnitResolver(organisation, effective).children
    sort = Unit.objects.filter(organisation=organisation).aggregate(m=Max("sort_order"))["m"] or 0
    kinds = [Unit.Kind.DEPARTMENT, Unit.Kind.DIVISION, Unit.Kind.SECTION]
    for path in plan.new_units:
        parent_id = None
        for depth, name in enumerate(path):
            pk = children[parent_id].get(unit_name_key(name))
            if pk is None:
                sort += 10
                unit = Unit.objects.create(
                    organisation=organisation,
                    parent_id=parent_id,
                    name=name,
                    kind=kinds[min(depth, 2)],
                    valid_from=effective,
                    sort_order=sort,
                )
                audit(actor, "unit.create", unit, changed=["name", "parent"], detail={"via": "staff_import"})
                pk = children[parent_id][unit_name_key(name)] = unit.pk
            parent_id = pk
        created[path] = parent_id
    return created
