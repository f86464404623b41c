"""Writes of the designation import: store an upload, re-analyse, discard, and commit all-or-nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit, audit_many, build_event
from jinzai.core.models import Organisation
from jinzai.core.uploads import NOT_PREVIEWED, discard_upload, lock_previewed, mark_committed, store_upload
from jinzai.people.models import Staff

from .importing import DesignationPlan, ImportOptions, analyse
from .models import Designation, DesignationImport, SubRole, TalentType

BATCH = 1000


class ImportNotCommittable(Exception):
    def __init__(self, plan: DesignationPlan):
        super().__init__("designation import has errors")
        self.plan = plan


@transaction.atomic
def designation_import_create(
    *, actor: Any, file_name: str, content: bytes, options: ImportOptions
) -> DesignationImport:
    """Store an uploaded file and its first analysis (no designation changes)."""
    ensure_can(actor, "talent.designation_import")
    plan = analyse(actor.organisation, content, options, filename=file_name)
    record = store_upload(
        DesignationImport,
        actor=actor,
        file_name=file_name,
        content=content,
        options=options.to_json(),
        summary=plan.summary(),
    )
    audit(actor, "designation_import.upload", record, detail={"counts": plan.counts()})
    return record


@transaction.atomic
def designation_import_reanalyse(
    *, actor: Any, record: DesignationImport, options: ImportOptions
) -> DesignationImport:
    ensure_can(actor, "talent.designation_import", record)
    if record.status != DesignationImport.Status.PREVIEWED:
        raise ValidationError(NOT_PREVIEWED)
    plan = analyse(record.organisation, bytes(record.content), options, filename=record.file_name)
    record.options = options.to_json()
    record.summary = plan.summary()
    record.save(update_fields=["options", "summary"])
    return record


@transaction.atomic
def designation_import_show_plan(*, actor: Any, record: DesignationImport, plan: DesignationPlan) -> None:
    """Keep the analysis a refused commit produced, so the preview shows what is wrong now."""
    ensure_can(actor, "talent.designation_import", record)
    record.summary = plan.summary()
    record.save(update_fields=["summary"])


@transaction.atomic
def designation_import_discard(*, actor: Any, record: DesignationImport) -> None:
    ensure_can(actor, "talent.designation_import", record)
    discard_upload(actor, record, "designation_import.discard")


@transaction.atomic
def designation_import_commit(*, actor: Any, record: DesignationImport) -> dict[str, int]:
    """Re-analyse the stored file against the database as it is now and apply it, all or nothing."""
    ensure_can(actor, "talent.designation_import", record)
    record = lock_previewed(record)
    counts = designation_import_apply(
        actor=actor,
        organisation=record.organisation,
        content=bytes(record.content),
        options=ImportOptions.from_json(record.options),
        file_name=record.file_name,
    )
    mark_committed(record, {**record.summary, "counts": counts, "committed": True})
    return counts


@transaction.atomic
def designation_import_apply(
    *, actor: Any, organisation: Organisation, content: bytes, options: ImportOptions, file_name: str = ""
) -> dict[str, int]:
    """Analyse and, when there is no error, create every new designation in this one transaction."""
    ensure_can(actor, "talent.designation_import")
    if organisation.pk != actor.organisation.pk:
        raise ValidationError("ほかの団体には取り込めません。")
    # Lock the people concerned so that a designation made meanwhile on screen cannot overlap.
    list(Staff.objects.select_for_update().filter(organisation=organisation).values_list("pk", flat=True))
    plan = analyse(organisation, content, options, filename=file_name)
    if not plan.can_commit:
        raise ImportNotCommittable(plan)
    created_by = actor if getattr(actor, "pk", None) else None
    rows = plan.rows_of("add")
    staff = Staff.objects.in_bulk({row.staff_id for row in rows})
    types = TalentType.objects.in_bulk({row.talent_type_id for row in rows})
    sub_roles = SubRole.objects.in_bulk({row.sub_role_id for row in rows if row.sub_role_id})
    new = [
        Designation(
            organisation=organisation,
            staff=staff[row.staff_id],
            talent_type=types[row.talent_type_id],
            sub_role=sub_roles.get(row.sub_role_id),
            method=row.method,
            duties=row.duties,
            started_on=row.started_on,
            ended_on=row.ended_on,
            note=row.note,
            source=Designation.Source.IMPORT,
            created_by=created_by,
        )
        for row in rows
    ]
    Designation.objects.bulk_create(new, batch_size=BATCH)
    if new and new[0].pk is None:  # backends without RETURNING: audit without object ids
        events = [
            build_event(actor, "designation.create", None, organisation=organisation, changed=["import"])
            for _ in new
        ]
    else:
        events = [build_event(actor, "designation.create", d, changed=["import"]) for d in new]
    audit_many(events)
    counts = plan.counts()
    audit(
        actor,
        "designation_import.commit",
        None,
        organisation=organisation,
        detail={
            "file": file_name,
            "counts": counts,
            "default_start_date": options.default_start_date.isoformat(),
        },
    )
    return counts
