"""Writes of the certification catalog and of staff certifications (register, verify, return)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from jinzai.core.access import SystemActor, ensure_can
from jinzai.core.audit import audit, audit_many, build_event
from jinzai.core.bulk import insert_and_fetch
from jinzai.core.dates import format_date
from jinzai.people.models import Staff

from ..models import Certification, StaffCertification
from ..uploads import check_proof, store_proof

CATALOG_FIELDS = (
    "name",
    "short_name",
    "issuer",
    "category",
    "itss_level",
    "validity_months",
    "renewal_note",
    "description",
    "sort_order",
    "is_active",
)


def _clean_catalog(organisation, values: dict, exclude_pk: int | None = None) -> dict:
    values = dict(values)
    values["name"] = re.sub(r"\s+", " ", values.get("name") or "").strip()
    if not values["name"]:
        raise ValidationError("資格名を入力してください。")
    level = values.get("itss_level")
    if level is not None and not 1 <= int(level) <= 4:
        raise ValidationError("ITSSレベルは1〜4で入力してください（対応がなければ空欄）。")
    clash = Certification.objects.filter(organisation=organisation, name=values["name"])
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(f"資格「{values['name']}」はすでに登録されています。")
    return values


@transaction.atomic
def certification_create(*, actor: Any, **values: Any) -> Certification:
    ensure_can(actor, "learning.certification_manage")
    values = _clean_catalog(actor.organisation, values)
    unknown = set(values) - set(CATALOG_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    if values.get("sort_order") is None:
        top = Certification.objects.filter(organisation=actor.organisation).aggregate(m=Max("sort_order"))[
            "m"
        ]
        values["sort_order"] = (top or 0) + 10
    cert = Certification.objects.create(organisation=actor.organisation, **values)
    audit(actor, "certification.create", cert, changed=sorted(values))
    return cert


@transaction.atomic
def certification_update(*, actor: Any, certification: Certification, **values: Any) -> Certification:
    ensure_can(actor, "learning.certification_manage", certification)
    values = _clean_catalog(certification.organisation, values, exclude_pk=certification.pk)
    changed = []
    for key, value in values.items():
        if key not in CATALOG_FIELDS:
            raise ValueError(f"{key} cannot be changed here")
        if getattr(certification, key) != value:
            setattr(certification, key, value)
            changed.append(key)
    if changed:
        certification.save(update_fields=changed)
        audit(actor, "certification.update", certification, changed=changed)
    return certification


def _latest_verified(staff: Staff, certification: Certification) -> StaffCertification | None:
    return (
        StaffCertification.objects.filter(
            staff=staff, certification=certification, status=StaffCertification.Status.VERIFIED
        )
        .order_by("-valid_from", "-id")
        .first()
    )


def validity_for(
    certification: Certification, acquired_on: date, previous: StaffCertification | _Held | None
) -> tuple[date, date | None]:
    """(valid_from, expires_on). A renewal made before the old term ends continues it without a gap."""
    valid_from = acquired_on
    if previous is not None and previous.expires_on is not None and previous.expires_on >= acquired_on:
        valid_from = previous.expires_on + timedelta(days=1)
    return valid_from, certification.expiry_for(valid_from)


def check_registration(
    staff: Staff, certification: Certification, acquired_on: date | None, today: date
) -> StaffCertification | None:
    """Raise ValidationError for an impossible registration; return the record a renewal continues."""
    if certification.organisation_id != staff.organisation_id:
        raise ValidationError("資格は同じ団体の一覧から選んでください。")
    if not certification.is_active:
        raise ValidationError(f"資格「{certification.name}」は一覧で使用をやめています。")
    if acquired_on is None:
        raise ValidationError("取得日を入力してください。")
    if acquired_on > today:
        raise ValidationError("取得日に未来の日付は入力できません。")
    pending = StaffCertification.objects.filter(
        staff=staff, certification=certification, status=StaffCertification.Status.PENDING
    ).first()
    if pending is not None:
        raise ValidationError(
            f"「{certification.name}」は人事担当の確認待ちの登録があります（取得日 {format_date(pending.acquired_on)}）。"
            "確認が終わるまでお待ちください。"
        )
    previous = _latest_verified(staff, certification)
    if previous is not None:
        if certification.validity_months is None:
            raise ValidationError(
                f"「{certification.name}」は取得済みとして登録されています（{format_date(previous.acquired_on)}）。"
                "期限のない資格は重ねて登録できません。"
            )
        if acquired_on <= previous.acquired_on:
            raise ValidationError(
                f"更新の登録では、前回（{format_date(previous.acquired_on)}）より後の日付を入力してください。"
            )
    return previous


@transaction.atomic
def staffcert_register(
    *,
    actor: Any,
    staff: Staff,
    certification: Certification,
    acquired_on: date,
    certificate_no: str = "",
    proof_name: str = "",
    proof_content: bytes | None = None,
    note: str = "",
    today: date | None = None,
) -> StaffCertification:
    """A staff member registers a certification they acquired (or renewed), with a proof file."""
    ensure_can(actor, "learning.self_service", staff)
    if not isinstance(actor, SystemActor) and actor.staff_id != staff.pk:
        raise PermissionDenied("learning.self_service")
    from jinzai.core.services import today as get_today

    today = today or get_today()
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    if staff.retired_on is not None:
        raise ValidationError("退職した職員の資格は登録できません。")
    previous = check_registration(staff, certification, acquired_on, today)
    if proof_content is None:
        raise ValidationError("合格証書や登録証などの証明書のファイルを選んでください。")
    proof = check_proof(proof_name, proof_content)
    valid_from, expires_on = validity_for(certification, acquired_on, previous)
    record = StaffCertification.objects.create(
        organisation=staff.organisation,
        staff=staff,
        certification=certification,
        acquired_on=acquired_on,
        valid_from=valid_from,
        expires_on=expires_on,
        certificate_no=certificate_no.strip()[:50],
        proof_path=store_proof(staff.organisation_id, proof),
        proof_name=proof.display_name,
        proof_type=proof.content_type,
        proof_size=len(proof.content),
        renewal_of=previous,
        note=note[:200],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit(
        actor,
        "staffcert.renew" if previous else "staffcert.register",
        record,
        changed=["certification", "acquired_on", "certificate_no", "proof"],
    )
    return record


OFFICE_NOTE = "担当者の記録"


@transaction.atomic
def staffcert_record(
    *,
    actor: Any,
    staff: Staff,
    certification: Certification,
    acquired_on: date,
    certificate_no: str = "",
    note: str = "",
    proof_name: str = "",
    proof_content: bytes | None = None,
    today: date | None = None,
) -> StaffCertification:
    """hr or dx_office records a certification one person already has (a past pass, a renewal), without
    the person's own registration and with the proof optional. hr verifies, so hr's record is verified at
    once (as its import is); dx_office's waits for hr's check like any other registration."""
    ensure_can(actor, "learning.staffcert_record", staff)
    from jinzai.core.access import can
    from jinzai.core.services import today as get_today

    today = today or get_today()
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    if staff.organisation_id != actor.organisation.pk:
        raise ValidationError("同じ団体の職員を選んでください。")
    if staff.retired_on is not None:
        raise ValidationError("退職した職員の資格は登録できません。")
    previous = check_registration(staff, certification, acquired_on, today)
    proof = check_proof(proof_name, proof_content) if proof_content else None
    verified = can(actor, "learning.staffcert_verify")
    valid_from, expires_on = validity_for(certification, acquired_on, previous)
    member = actor if getattr(actor, "pk", None) else None
    record = StaffCertification.objects.create(
        organisation=staff.organisation,
        staff=staff,
        certification=certification,
        acquired_on=acquired_on,
        valid_from=valid_from,
        expires_on=expires_on,
        certificate_no=certificate_no.strip()[:50],
        proof_path=store_proof(staff.organisation_id, proof) if proof else "",
        proof_name=proof.display_name if proof else "",
        proof_type=proof.content_type if proof else "",
        proof_size=len(proof.content) if proof else 0,
        renewal_of=previous,
        note=(f"{OFFICE_NOTE}：{note.strip()}" if note.strip() else OFFICE_NOTE)[:200],
        status=StaffCertification.Status.VERIFIED if verified else StaffCertification.Status.PENDING,
        verified_by=member if verified else None,
        verified_at=timezone.now() if verified else None,
        created_by=member,
    )
    audit(
        actor,
        "staffcert.record",
        record,
        changed=["certification", "acquired_on", "certificate_no", *(["proof"] if proof else [])],
        detail={"verified": verified},
    )
    return record


@transaction.atomic
def staffcert_verify(*, actor: Any, record: StaffCertification) -> StaffCertification:
    ensure_can(actor, "learning.staffcert_verify", record)
    record = StaffCertification.objects.select_for_update().get(pk=record.pk)
    if record.status != StaffCertification.Status.PENDING:
        raise ValidationError("この登録は確認待ちではありません。")
    record.status = StaffCertification.Status.VERIFIED
    record.verified_by = actor if getattr(actor, "pk", None) else None
    record.verified_at = timezone.now()
    record.return_reason = ""
    record.save(update_fields=["status", "verified_by", "verified_at", "return_reason"])
    audit(actor, "staffcert.verify", record, changed=["status"])
    return record


@transaction.atomic
def staffcert_return(*, actor: Any, record: StaffCertification, reason: str) -> StaffCertification:
    ensure_can(actor, "learning.staffcert_verify", record)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("差し戻す理由を入力してください（本人に表示されます）。")
    record = StaffCertification.objects.select_for_update().get(pk=record.pk)
    if record.status != StaffCertification.Status.PENDING:
        raise ValidationError("この登録は確認待ちではありません。")
    record.status = StaffCertification.Status.RETURNED
    record.return_reason = reason[:300]
    record.save(update_fields=["status", "return_reason"])
    audit(actor, "staffcert.return", record, changed=["status", "return_reason"])
    return record


@dataclass
class _Held:
    """A verified term a row of the certification list can continue: a record already there (`pk`) or an
    earlier row of the same list (`row`, inserted one generation before the rows that continue it)."""

    valid_from: date
    rank: int  # "-valid_from, -id" ranks the term a registration continues; a list row ranks after records
    acquired_on: date
    expires_on: date | None
    pk: int | None = None
    row: dict | None = None
    generation: int = -1
    continues: _Held | None = None
    record: Any = None


def staffcert_import_apply(*, actor: Any, plan: Any) -> dict:
    """Register the new rows of 人事's certification list as verified (inside the import's transaction).
    A certification with a validity period registered again continues its term (a renewal), whether the
    term it continues was registered before or is an earlier row of the same list.

    On the write path of every import (core.bulk): the terms are worked out in memory from one read of
    the verified records of the list's certifications; the rows go in by generation (a renewal after the
    row it continues: one INSERT per generation, usually one), the audit rows in one."""
    organisation = plan.organisation
    adds = sorted((row.data for row in plan.rows_of("add")), key=lambda d: d.acquired_on)
    if not adds:
        return {}
    certs = Certification.objects.in_bulk({d.certification_id for d in adds})
    member = actor.pk if getattr(actor, "pk", None) else None
    now = timezone.now()
    people = {d.staff_id for d in adds}
    held: dict[tuple[int, int], list[_Held]] = {}
    verified = StaffCertification.objects.filter(
        organisation=organisation, status=StaffCertification.Status.VERIFIED, certification_id__in=list(certs)
    ).values_list("staff_id", "certification_id", "valid_from", "pk", "acquired_on", "expires_on")
    for staff_id, cert_id, valid_from, pk, acquired_on, expires_on in verified.iterator():
        if staff_id in people:
            held.setdefault((staff_id, cert_id), []).append(
                _Held(valid_from, pk, acquired_on, expires_on, pk=pk)
            )
    generations: list[list[_Held]] = []
    first_rank = (StaffCertification.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    for rank, d in enumerate(adds, start=first_rank):
        cert = certs[d.certification_id]
        pair = (d.staff_id, d.certification_id)
        earlier = [h for h in held.get(pair, []) if h.acquired_on < d.acquired_on]
        previous = max(earlier, default=None, key=lambda h: (h.valid_from, h.rank))
        valid_from, expires_on = validity_for(cert, d.acquired_on, previous)
        term = _Held(valid_from, rank, d.acquired_on, expires_on, continues=previous)
        term.generation = previous.generation + 1 if previous and previous.row else 0
        term.row = {
            "organisation_id": organisation.pk,
            "staff_id": d.staff_id,
            "certification_id": cert.pk,
            "acquired_on": d.acquired_on,
            "valid_from": valid_from,
            "expires_on": expires_on,
            "certificate_no": d.certificate_no,
            "status": StaffCertification.Status.VERIFIED,
            "verified_by_id": member,
            "verified_at": now,
            "source": StaffCertification.Source.IMPORT,
            "created_by_id": member,
        }
        held.setdefault(pair, []).append(term)
        while len(generations) <= term.generation:
            generations.append([])
        generations[term.generation].append(term)
    created = []
    for generation in generations:
        for term in generation:
            previous = term.continues
            term.row["renewal_of_id"] = (
                (previous.record.pk if previous.row else previous.pk) if previous else None
            )
        records = insert_and_fetch(
            StaffCertification,
            [term.row for term in generation],
            key=("staff_id", "certification_id", "acquired_on"),
            scope={"organisation_id": organisation.pk},
            related=("staff", "certification"),
        )
        for term, record in zip(generation, records, strict=True):
            term.record = record
        created += records
    audit_many([build_event(actor, "staffcert.import", c, changed=["import"]) for c in created])
    return {}
