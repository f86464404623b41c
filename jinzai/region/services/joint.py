"""Joint training: the prefecture publishes a course with sessions and seats per municipality; each
allocated municipality gets its own copy in its learning catalog (decisions R8)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from jinzai.core.access import SystemActor
from jinzai.core.audit import audit

from .. import costs
from ..crossing import audit_crossing
from ..models import JointCourse, JointSession, SeatAllocation
from .common import clean_text, ensure_member, ensure_municipality, ensure_prefecture
from .sharing import setting_of

COURSE_FIELDS = (
    "title",
    "provider_name",
    "mode",
    "hours",
    "fee",
    "step",
    "description",
    "shared_cost",
    "split_rule",
)
LOCAL_COURSE_FIELDS = ("title", "provider_name", "mode", "hours", "fee", "step", "description")


def _copier(actor: Any, municipality) -> SystemActor:
    """Writes into a municipality's catalog are made for the prefecture, audited with the person's name."""
    who = getattr(getattr(actor, "user", None), "username", "") or getattr(actor, "label", "")
    return SystemActor(organisation=municipality, label=f"{actor.organisation.name} {who}（共同研修）"[:150])


def _check_course(values: dict) -> dict:
    values = dict(values)
    values["title"] = clean_text(values.get("title"), label="研修名", required=True, max_length=120)
    if values.get("mode") not in dict(JointCourse.MODES):
        raise ValidationError("形式は一覧から選んでください。")
    if values.get("split_rule") not in JointCourse.Split.values:
        raise ValidationError("経費の分け方は一覧から選んでください。")
    return values


@transaction.atomic
def joint_course_create(*, actor: Any, **values: Any) -> JointCourse:
    prefecture = ensure_prefecture(actor, "region.joint_manage")
    unknown = set(values) - set(COURSE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    course = JointCourse.objects.create(organisation=prefecture, **_check_course(values))
    audit(actor, "region.joint.create", course, changed=sorted(values))
    return course


def _local_values(course: JointCourse) -> dict:
    provider = course.organisation.name + (f"・{course.provider_name}" if course.provider_name else "")
    return {
        "title": course.title,
        "provider_name": provider[:120],
        "mode": course.mode,
        "hours": course.hours,
        "fee": course.fee,
        "step": course.step,
        "description": course.description,
    }


@transaction.atomic
def joint_course_update(*, actor: Any, course: JointCourse, **values: Any) -> JointCourse:
    from jinzai.learning.services import training

    prefecture = ensure_prefecture(actor, "region.joint_manage")
    if course.organisation_id != prefecture.pk:
        raise PermissionDenied("region.joint_manage")
    unknown = set(values) - set(COURSE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    course = JointCourse.objects.select_for_update().get(pk=course.pk)
    values = _check_course({k: getattr(course, k) for k in COURSE_FIELDS} | values)
    changed = [k for k, v in values.items() if getattr(course, k) != v]
    for key in changed:
        setattr(course, key, values[key])
    if changed:
        course.save()
        audit(actor, "region.joint.update", course, changed=changed)
        if course.status == JointCourse.Status.PUBLISHED and set(changed) & set(LOCAL_COURSE_FIELDS):
            for local in _local_courses(course).values():
                training.course_update(
                    actor=_copier(actor, local.organisation), course=local, **_local_values(course)
                )
    return course


def _local_courses(course: JointCourse) -> dict[int, Any]:
    """municipality id → its copy of the course (through any allocation that has a local session)."""
    rows = (
        SeatAllocation.objects.filter(session__course=course, local_session__isnull=False)
        .select_related("local_session__course__organisation")
        .order_by("id")
    )
    result: dict[int, Any] = {}
    for a in rows:
        result.setdefault(a.municipality_id, a.local_session.course)
    return result


def _sync(actor: Any, allocation: SeatAllocation, locals_by_org: dict[int, Any]) -> None:
    """Create or update the municipality's session from the joint session and its seats."""
    from jinzai.learning.services import training

    session = allocation.session
    course = session.course
    copier = _copier(actor, allocation.municipality)
    values = {
        "title": session.title,
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "venue": session.venue,
        "apply_deadline": session.apply_deadline,
        "capacity": allocation.seats,
        "note": f"{course.organisation.name}の共同研修（座席 {allocation.seats}席）",
    }
    if allocation.local_session_id is None:
        if allocation.seats == 0:
            return
        local_course = locals_by_org.get(allocation.municipality_id)
        if local_course is None:
            local_course = training.course_create(
                actor=copier,
                provider_type="prefecture",
                managed_by=course.organisation,
                is_active=True,
                **_local_values(course),
            )
            locals_by_org[allocation.municipality_id] = local_course
        allocation.local_session = training.session_create(actor=copier, course=local_course, **values)
        allocation.save(update_fields=["local_session"])
    else:
        training.session_update(actor=copier, session=allocation.local_session, **values)


def _held(local_session_id: int | None) -> int:
    from jinzai.learning.models import Enrolment

    if local_session_id is None:
        return 0
    return Enrolment.objects.filter(session_id=local_session_id, status__in=Enrolment.SEAT_HOLDING).count()


def _check_session(values: dict) -> dict:
    values = dict(values)
    values["title"] = clean_text(values.get("title"), label="回の名称", required=True, max_length=80)
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts is None or ends is None:
        raise ValidationError("開始日と終了日を入力してください。")
    if ends < starts:
        raise ValidationError("終了日は開始日以後の日付にしてください。")
    deadline = values.get("apply_deadline")
    if deadline is not None and deadline > starts:
        raise ValidationError("申込締切は開始日以前の日付にしてください。")
    values["venue"] = clean_text(values.get("venue"), label="会場", max_length=200)
    return values


@transaction.atomic
def joint_session_create(
    *,
    actor: Any,
    course: JointCourse,
    title: str,
    starts_on: date,
    ends_on: date,
    venue: str = "",
    apply_deadline: date | None = None,
    seats: dict | None = None,
) -> JointSession:
    prefecture = ensure_prefecture(actor, "region.joint_manage")
    if course.organisation_id != prefecture.pk:
        raise PermissionDenied("region.joint_manage")
    values = _check_session(
        {
            "title": title,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "venue": venue,
            "apply_deadline": apply_deadline,
        }
    )
    session = JointSession.objects.create(organisation=prefecture, course=course, **values)
    audit(actor, "region.joint.session_create", session, changed=sorted(values))
    if seats:
        joint_seats_set(actor=actor, session=session, seats=seats)
    return session


@transaction.atomic
def joint_seats_set(*, actor: Any, session: JointSession, seats: dict) -> list[SeatAllocation]:
    """seats: {municipality: number}. A municipality's seats cannot go below the seats its staff hold."""
    prefecture = ensure_prefecture(actor, "region.joint_manage")
    if session.organisation_id != prefecture.pk:
        raise PermissionDenied("region.joint_manage")
    session = JointSession.objects.select_related("course__organisation").get(pk=session.pk)
    existing = {
        a.municipality_id: a for a in SeatAllocation.objects.select_for_update().filter(session=session)
    }
    changed = {}
    for municipality, number in seats.items():
        ensure_member(prefecture, municipality, "region.joint_manage")
        number = int(number)
        if number < 0 or number > 1000:
            raise ValidationError(f"{municipality.name}の座席数は0〜1000で入力してください。")
        allocation = existing.get(municipality.pk)
        if allocation is not None and allocation.seats == number:
            continue
        held = _held(allocation.local_session_id) if allocation else 0
        if number < held:
            raise ValidationError(
                f"{municipality.name}はすでに{held}名が登録しているため、座席を{held}席より少なくできません。"
            )
        if allocation is None:
            allocation = SeatAllocation.objects.create(
                organisation=prefecture, session=session, municipality=municipality, seats=number
            )
            existing[municipality.pk] = allocation
        else:
            allocation.seats = number
            allocation.save(update_fields=["seats"])
        changed[municipality.code] = number
    if changed:
        audit(actor, "region.joint.seats", session, changed=["seats"], detail={"seats": changed})
        if session.course.status == JointCourse.Status.PUBLISHED:
            locals_by_org = _local_courses(session.course)
            for allocation in existing.values():
                if allocation.municipality.code in changed:
                    _sync(actor, allocation, locals_by_org)
    return list(existing.values())


@transaction.atomic
def joint_publish(*, actor: Any, course: JointCourse) -> JointCourse:
    """Publish: every allocated municipality finds the course and its sessions in its own catalog."""
    prefecture = ensure_prefecture(actor, "region.joint_manage")
    if course.organisation_id != prefecture.pk:
        raise PermissionDenied("region.joint_manage")
    course = JointCourse.objects.select_for_update().get(pk=course.pk)
    allocations = list(
        SeatAllocation.objects.filter(session__course=course, seats__gt=0)
        .select_related("session__course__organisation", "municipality")
        .order_by("session__starts_on", "municipality__code")
    )
    if not allocations:
        raise ValidationError("公開する前に、開催回を登録して市区町村に座席を配分してください。")
    first = course.status != JointCourse.Status.PUBLISHED
    course.status = JointCourse.Status.PUBLISHED
    course.published_at = course.published_at or timezone.now()
    course.save(update_fields=["status", "published_at"])
    locals_by_org = _local_courses(course)
    for allocation in allocations:
        _sync(actor, allocation, locals_by_org)
    if first:
        audit(
            actor,
            "region.joint.publish",
            course,
            changed=["status"],
            detail={"municipalities": sorted({a.municipality.code for a in allocations})},
        )
    return course


@transaction.atomic
def joint_enrol(*, actor: Any, allocation: SeatAllocation, staff_list: list) -> dict:
    """The municipality's dx_office enrols its own staff into its seats (the learning workflow, its own rows)."""
    from jinzai.learning.services import training

    municipality = ensure_municipality(actor, "region.seats")
    if allocation.municipality_id != municipality.pk:
        raise PermissionDenied("region.seats")
    if allocation.local_session_id is None:
        raise ValidationError("この研修はまだ公開されていないため、登録できません。")
    if not staff_list:
        raise ValidationError("登録する職員を選んでください。")
    result = training.enrolment_register(actor=actor, session=allocation.local_session, staff_list=staff_list)
    audit(
        actor,
        "region.joint.enrol",
        allocation.local_session,
        changed=["enrolments"],
        detail={"confirmed": len(result["confirmed"]), "waitlisted": len(result["waitlisted"])},
    )
    return result


@transaction.atomic
def joint_results(*, actor: Any, session: JointSession, results: dict[int, str]) -> int:
    """The prefecture records attendance and completion for municipalities that share their roster."""
    from jinzai.learning.models import Enrolment
    from jinzai.learning.services import training

    prefecture = ensure_prefecture(actor, "region.joint_manage")
    if session.organisation_id != prefecture.pk:
        raise PermissionDenied("region.joint_manage")
    if not results:
        raise ValidationError("記録する結果がありません。")
    allocations = list(
        SeatAllocation.objects.filter(session=session, local_session__isnull=False).select_related(
            "municipality"
        )
    )
    by_session = {a.local_session_id: a for a in allocations if setting_of(a.municipality).joint_roster}
    rows = Enrolment.objects.filter(pk__in=list(results), session_id__in=list(by_session)).values_list(
        "pk", "session_id", "staff_id"
    )
    found = {pk: (sid, staff) for pk, sid, staff in rows}
    if set(results) - set(found):
        raise ValidationError("名簿を県に提供していない団体の受講者の結果は、記録できません。")
    changed = 0
    for local_id, allocation in by_session.items():
        subset = {pk: r for pk, r in results.items() if found[pk][0] == local_id}
        if not subset:
            continue
        changed += training.enrolment_record_results(
            actor=_copier(actor, allocation.municipality), session=allocation.local_session, results=subset
        )
        audit_crossing(
            actor,
            "region.crossing.results",
            allocation.local_session,
            owner=allocation.municipality,
            people=[found[pk][1] for pk in subset],
            detail={"joint_session": session.pk},
        )
    return changed


def cost_shares(course: JointCourse) -> list[dict]:
    """Per allocated municipality: seats, participants and its share of the shared cost (whole yen)."""
    from jinzai.learning.models import Enrolment

    seats: dict[int, dict] = {}
    for a in (
        SeatAllocation.objects.filter(session__course=course, seats__gt=0)
        .select_related("municipality")
        .order_by("municipality__code")
    ):
        entry = seats.setdefault(a.municipality_id, {"municipality": a.municipality, "seats": 0, "local": []})
        entry["seats"] += a.seats
        if a.local_session_id:
            entry["local"].append(a.local_session_id)
    local_ids = [sid for e in seats.values() for sid in e["local"]]
    participants = dict(
        Enrolment.objects.filter(session_id__in=local_ids)
        .filter(Q(status=Enrolment.Status.CONFIRMED) | ~Q(result=""))
        .values("organisation_id")
        .annotate(n=Count("staff_id", distinct=True))
        .values_list("organisation_id", "n")
    )
    rows = list(seats.items())
    if course.split_rule == JointCourse.Split.SEATS:
        weights = [e["seats"] for _, e in rows]
    elif course.split_rule == JointCourse.Split.PARTICIPANTS:
        weights = [participants.get(org_id, 0) for org_id, _ in rows]
    else:
        weights = [1] * len(rows)
    shares = costs.split(course.shared_cost, weights)
    return [
        {
            "municipality": e["municipality"],
            "seats": e["seats"],
            "participants": participants.get(org_id, 0),
            "share": share,
        }
        for (org_id, e), share in zip(rows, shares, strict=True)
    ]
