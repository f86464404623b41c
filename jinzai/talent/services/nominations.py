"""Writes of nominations (指名・推薦): a manager nominates a person for one or more tracks; the DX office decides
each track. The nomination's status follows from its tracks (:func:`nomination_status`).

Approving a designation track creates the designation (指名・兼務発令なし, or あり when a 兼務発令 is chosen,
which also records the concurrent post in that unit through people.services)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit

from ..models import Designation, Nomination, NominationTrack
from . import designation_create


def nomination_status(decisions: Iterable[str]) -> str:
    """審査中 while any track is undecided; then 承認 (all approved), 不承認 (all rejected) or 一部承認."""
    decisions = list(decisions)
    D = NominationTrack.Decision
    if not decisions or D.PENDING in decisions:
        return Nomination.Status.PENDING
    if all(d == D.APPROVED for d in decisions):
        return Nomination.Status.APPROVED
    if all(d == D.REJECTED for d in decisions):
        return Nomination.Status.REJECTED
    return Nomination.Status.PARTLY


def _display_name(actor: Any) -> str:
    staff = getattr(actor, "staff", None)
    role = actor.get_role_display() if hasattr(actor, "get_role_display") else ""
    return f"{staff.name}（{role}）" if staff is not None else role


@transaction.atomic
def nomination_create(*, actor: Any, staff, reason: str, tracks: list[dict]) -> Nomination:
    """``tracks``: dicts with ``kind`` and, per kind, ``talent_type``/``sub_role``, ``programme`` or ``unit``."""
    ensure_can(actor, "talent.nominate", staff)
    if staff.retired_on is not None:
        raise ValidationError(f"{staff.name}さんは退職しています。")
    reason = (reason or "").strip()
    errors = []
    if not reason:
        errors.append("推薦の理由を書いてください。")
    if not tracks:
        errors.append("推薦の内容（人材像への指定・育成プログラム・異動）を1つ以上選んでください。")
    rows = []
    for t in tracks:
        kind = t.get("kind")
        if kind == NominationTrack.Kind.DESIGNATION:
            talent_type, sub_role = t.get("talent_type"), t.get("sub_role")
            if talent_type is None or talent_type.organisation_id != staff.organisation_id:
                errors.append("指定する人材像を選んでください。")
                continue
            if sub_role is not None and sub_role.talent_type_id != talent_type.pk:
                errors.append("区分は、選んだ人材像の区分にしてください。")
                continue
            rows.append(NominationTrack(kind=kind, talent_type=talent_type, sub_role=sub_role))
        elif kind == NominationTrack.Kind.PROGRAMME:
            programme = (t.get("programme") or "").strip()
            if not programme:
                errors.append("育成プログラムの名前を書いてください。")
                continue
            rows.append(NominationTrack(kind=kind, programme=programme[:120]))
        elif kind == NominationTrack.Kind.MOVE:
            unit = t.get("unit")
            if unit is None or unit.organisation_id != staff.organisation_id:
                errors.append("異動先の所属を選んでください。")
                continue
            if unit.pk == staff.current_unit_id:
                errors.append("異動先には、今の所属とは別の所属を選んでください。")
                continue
            rows.append(NominationTrack(kind=kind, unit=unit))
        else:
            errors.append("推薦の内容を選んでください。")
    if errors:
        raise ValidationError(errors)
    nomination = Nomination.objects.create(
        organisation=staff.organisation,
        staff=staff,
        nominated_by=actor if getattr(actor, "pk", None) else None,
        nominator_name=_display_name(actor)[:120],
        reason=reason,
    )
    for row in rows:
        row.organisation, row.nomination = staff.organisation, nomination
    NominationTrack.objects.bulk_create(rows)
    audit(
        actor,
        "nomination.create",
        nomination,
        changed=["reason", "tracks"],
        detail={"tracks": [r.kind for r in rows]},
    )
    return nomination


@transaction.atomic
def track_decide(
    *,
    actor: Any,
    track: NominationTrack,
    decision: str,
    comment: str = "",
    appointed: bool = False,
    concurrent_unit=None,
    duties: str = "",
    started_on: date | None = None,
    ended_on: date | None = None,
) -> NominationTrack:
    """Approve or reject one track. An approved designation track designates the person; with
    ``appointed`` the method is 指名・兼務発令あり and ``concurrent_unit`` (optional) records the 兼務."""
    from jinzai.people.models import ConcurrentPost
    from jinzai.people.services import concurrent_post_start

    ensure_can(actor, "talent.nomination_decide", track)
    track = NominationTrack.objects.select_for_update().select_related("nomination__staff").get(pk=track.pk)
    if track.decision != NominationTrack.Decision.PENDING:
        raise ValidationError("この推薦の内容はすでに判断しています。")
    if decision not in (NominationTrack.Decision.APPROVED, NominationTrack.Decision.REJECTED):
        raise ValidationError("「承認」か「不承認」を選んでください。")
    comment = (comment or "").strip()
    if decision == NominationTrack.Decision.REJECTED and not comment:
        raise ValidationError("不承認のときは、理由を書いてください（推薦した人に伝わります）。")
    staff = track.nomination.staff
    changed = ["decision", "comment"]
    if decision == NominationTrack.Decision.APPROVED and track.kind == NominationTrack.Kind.DESIGNATION:
        if started_on is None:
            raise ValidationError("指定の開始日を入力してください。")
        designation = designation_create(
            actor=actor,
            staff=staff,
            talent_type=track.talent_type,
            sub_role=track.sub_role,
            method=Designation.Method.APPOINTED if appointed else Designation.Method.NOMINATED,
            duties=duties,
            started_on=started_on,
            ended_on=ended_on,
            note="推薦・指名による指定",
        )
        track.designation = designation
        changed.append("designation")
        if appointed and concurrent_unit is not None:
            concurrent_post_start(
                actor=actor,
                staff=staff,
                unit=concurrent_unit,
                started_on=started_on,
                title=track.talent_type.name[:50],
                source=ConcurrentPost.Source.APPOINTMENT,
                note="推薦・指名による兼務発令",
                perm="talent.nomination_decide",
            )
            track.concurrent_unit = concurrent_unit
            changed.append("concurrent_unit")
    track.decision, track.comment = decision, comment
    track.decided_by, track.decided_at = (actor if getattr(actor, "pk", None) else None), timezone.now()
    track.save(
        update_fields=["decision", "comment", "decided_by", "decided_at", "designation", "concurrent_unit"]
    )
    nomination = Nomination.objects.select_for_update().get(pk=track.nomination_id)
    nomination.status = nomination_status(nomination.tracks.values_list("decision", flat=True))
    nomination.save(update_fields=["status"])
    audit(
        actor,
        "nomination.decide",
        nomination,
        changed=changed,
        detail={"track": track.get_kind_display(), "decision": decision, "status": nomination.status},
    )
    return track
