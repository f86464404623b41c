"""Writes of the learning imports: store an upload with its preview, discard, commit all-or-nothing."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit
from jinzai.core.uploads import discard_upload, lock_previewed, mark_committed, store_upload
from jinzai.people.models import Staff

from ..importing import ImportPlan, analyse
from ..models import Certification, Enrolment, LearningImport, Session, StaffCertification
from .certifications import validity_for

PERMS = {
    LearningImport.Kind.CERTIFICATIONS: "learning.staffcert_verify",
    LearningImport.Kind.COMPLETIONS: "learning.course_manage",
}


class ImportNotCommittable(Exception):
    def __init__(self, plan: ImportPlan):
        super().__init__("import has errors")
        self.plan = plan


@transaction.atomic
def import_create(
    *, actor: Any, kind: str, file_name: str, content: bytes, session: Session | None = None
) -> LearningImport:
    ensure_can(actor, PERMS[kind], session)
    plan = analyse(kind, actor.organisation, content, filename=file_name, session=session)
    record = store_upload(
        LearningImport,
        actor=actor,
        file_name=file_name,
        content=content,
        options={},
        summary=plan.summary(),
        kind=kind,
        session=session,
    )
    audit(actor, "learning_import.upload", record, detail={"kind": kind, "counts": plan.counts()})
    return record


@transaction.atomic
def import_discard(*, actor: Any, record: LearningImport) -> None:
    ensure_can(actor, PERMS[record.kind], record)
    discard_upload(actor, record, "learning_import.discard")


@transaction.atomic
def import_commit(*, actor: Any, record: LearningImport) -> dict[str, int]:
    ensure_can(actor, PERMS[record.kind], record)
    record = lock_previewed(record)
    session = Session.objects.select_for_update().get(pk=record.session_id) if record.session_id else None
    list(
        Staff.objects.select_for_update()
        .filter(organisation=record.organisation)
        .values_list("pk", flat=True)[:1]
    )
    plan = analyse(
        record.kind, record.organisation, bytes(record.content), filename=record.file_name, session=session
    )
    if not plan.can_commit:
        record.summary = plan.summary()
        record.save(update_fields=["summary"])
        raise ImportNotCommittable(plan)
    if record.kind == LearningImport.Kind.CERTIFICATIONS:
        _apply_certifications(actor, record, plan)
    else:
        _apply_completions(actor, record, plan, session)
    counts = plan.counts()
    mark_committed(record, {**plan.summary(), "committed": True})
    audit(actor, "learning_import.commit", record, detail={"kind": record.kind, "counts": counts})
    return counts


def _apply_certifications(actor, record, plan) -> None:
    """Rows from 人事's own records are registered as 確認済 (verified by the importer)."""
    certs = Certification.objects.in_bulk({r.certification_id for r in plan.rows})
    member = actor if getattr(actor, "pk", None) else None
    for row in sorted(plan.rows_of("add"), key=lambda r: r.day):
        cert = certs[row.certification_id]
        previous = (
            StaffCertification.objects.filter(
                staff_id=row.staff_id,
                certification=cert,
                status=StaffCertification.Status.VERIFIED,
                acquired_on__lt=row.day,
            )
            .order_by("-valid_from", "-id")
            .first()
        )
        valid_from, expires_on = validity_for(cert, row.day, previous)
        created = StaffCertification.objects.create(
            organisation=record.organisation,
            staff_id=row.staff_id,
            certification=cert,
            acquired_on=row.day,
            valid_from=valid_from,
            expires_on=expires_on,
            certificate_no=row.certificate_no,
            status=StaffCertification.Status.VERIFIED,
            verified_by=member,
            verified_at=timezone.now(),
            renewal_of=previous,
            source=StaffCertification.Source.IMPORT,
            created_by=member,
        )
        audit(actor, "staffcert.import", created, changed=["import"])


def _apply_completions(actor, record, plan, session) -> None:
    for row in plan.rows:
        if row.kind == "unchanged":
            continue
        if row.enrolment_id:
            enrolment = Enrolment.objects.select_for_update().get(pk=row.enrolment_id)
            if enrolment.status != Enrolment.Status.CONFIRMED:
                enrolment.fee = session.course.fee
            enrolment.status, enrolment.result, enrolment.completed_on = (
                Enrolment.Status.CONFIRMED,
                row.result,
                row.day,
            )
            enrolment.save(update_fields=["status", "result", "completed_on", "fee"])
        else:
            enrolment = Enrolment.objects.create(
                organisation=record.organisation,
                session=session,
                staff_id=row.staff_id,
                status=Enrolment.Status.CONFIRMED,
                result=row.result,
                completed_on=row.day,
                fee=session.course.fee,
                source=Enrolment.Source.IMPORT,
            )
        audit(actor, "enrolment.import", enrolment, changed=["status", "result", "completed_on"])
