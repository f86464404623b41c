"""Campaigns and the sheets in them: self-assessment, the manager's review and confirmation, closing.

Rules: levels are 1..framework.level_count; only the person rates themselves, and only until they
submit; only a manager whose units include the person's unit reviews (never their own sheet), and
only after the person submitted; nothing changes once the campaign is closed. Every save checks the
sheet's version (optimistic locking): a concurrent save raises EditConflict instead of overwriting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit
from jinzai.core.selectors import descendant_ids, manager_scope_ids

from ..models import Campaign, Framework, Item, Participant, Rating, RoleProfile
from .frameworks import clean_name

CONFLICT = (
    "ほかの人がこの評価シートを先に保存しました。上書きはしていません。"
    "最新の内容を表示していますので、確かめてから、もう一度保存してください。"
)


class EditConflict(ValidationError):
    def __init__(self) -> None:
        super().__init__(CONFLICT)


@dataclass
class SelfRating:
    level: int | None
    comment: str = ""
    evidence: str = ""


@dataclass
class Review:
    manager_level: int | None
    final_level: int | None = None
    comment: str = ""


def _population(organisation, population: dict, on: date):
    from jinzai.people.models import Staff
    from jinzai.talent.models import Designation

    qs = Staff.objects.filter(organisation=organisation).filter(
        Q(retired_on__isnull=True) | Q(retired_on__gte=on)
    )
    if population.get("units"):
        qs = qs.filter(current_unit_id__in=descendant_ids(organisation, population["units"]))
    if population.get("employment_types"):
        qs = qs.filter(employment_type__in=population["employment_types"])
    if population.get("talent_types"):
        designated = Designation.objects.filter(
            organisation=organisation, talent_type_id__in=population["talent_types"], started_on__lte=on
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        qs = qs.filter(pk__in=designated.values("staff_id"))
    return qs


def _types_on(organisation, on: date) -> tuple[dict[int, int], int | None]:
    """staff_id → talent type of their active designation (first type in display order); the default
    type (一般行政職員) for everybody else."""
    from jinzai.talent.models import Designation, TalentType

    rows = (
        Designation.objects.filter(organisation=organisation, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .order_by("-talent_type__sort_order", "-id")
        .values_list("staff_id", "talent_type_id")
    )
    by_staff = dict(rows)  # later rows (lower sort order) win
    general = (
        TalentType.objects.filter(organisation=organisation, kind=TalentType.Kind.GENERAL, is_active=True)
        .values_list("pk", flat=True)
        .first()
    )
    return by_staff, general


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    name: str,
    fiscal_year: int,
    framework: Framework,
    starts_on: date,
    ends_on: date,
    population: dict | None = None,
) -> Campaign:
    """Open a campaign: the people of the population (taken now, with their unit and type) get a sheet."""
    ensure_can(actor, "skills.campaign_manage", framework)
    name = clean_name(name)
    if ends_on < starts_on:
        raise ValidationError("締切日は開始日より後の日にしてください。")
    if not framework.is_active:
        raise ValidationError("使用をやめたスキルマップでは評価を始められません。")
    if not framework.items.filter(is_active=True).exists():
        raise ValidationError("項目のないスキルマップでは評価を始められません。")
    population = {k: v for k, v in (population or {}).items() if v}
    org = actor.organisation
    campaign = Campaign.objects.create(
        organisation=org,
        name=name,
        fiscal_year=fiscal_year,
        framework=framework,
        starts_on=starts_on,
        ends_on=ends_on,
        population=population,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    types, general = _types_on(org, starts_on)
    people = _population(org, population, starts_on).values_list("pk", "current_unit_id")
    Participant.objects.bulk_create(
        [
            Participant(
                organisation=org,
                campaign=campaign,
                staff_id=pk,
                unit_id=unit_id,
                talent_type_id=types.get(pk, general),
            )
            for pk, unit_id in people
        ],
        batch_size=2000,
    )
    if not campaign.participants.exists():
        raise ValidationError("条件に合う職員がいません。対象者の条件を見直してください。")
    audit(
        actor,
        "skill_campaign.create",
        campaign,
        changed=["name", "fiscal_year", "framework", "starts_on", "ends_on", "population"],
        detail={"participants": campaign.participants.count()},
    )
    return campaign


@transaction.atomic
def campaign_update(*, actor: Any, campaign: Campaign, name: str, ends_on: date) -> Campaign:
    ensure_can(actor, "skills.campaign_manage", campaign)
    if not campaign.is_open:
        raise ValidationError("終了した評価は変更できません。")
    name = clean_name(name)
    if ends_on < campaign.starts_on:
        raise ValidationError("締切日は開始日より後の日にしてください。")
    changed = [k for k, v in (("name", name), ("ends_on", ends_on)) if getattr(campaign, k) != v]
    if changed:
        campaign.name, campaign.ends_on = name, ends_on
        campaign.save(update_fields=changed)
        audit(actor, "skill_campaign.update", campaign, changed=changed)
    return campaign


@transaction.atomic
def campaign_close(*, actor: Any, campaign: Campaign) -> Campaign:
    """Closing locks every sheet; unconfirmed ratings stay as they are (they are not final levels)."""
    ensure_can(actor, "skills.campaign_manage", campaign)
    if not campaign.is_open:
        raise ValidationError("この評価はすでに終了しています。")
    campaign.status = Campaign.Status.CLOSED
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["status", "closed_at"])
    audit(actor, "skill_campaign.close", campaign, changed=["status", "closed_at"])
    return campaign


def _bump(participant: Participant, version: int, **fields: Any) -> None:
    """The optimistic lock: write only if nobody saved since `version` was read."""
    updated = Participant.objects.filter(pk=participant.pk, version=version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise EditConflict()
    participant.version = version + 1
    for key, value in fields.items():
        setattr(participant, key, value)


def expected_levels(participant: Participant) -> dict[int, int]:
    """item_id → level expected of the participant's talent type (or of its parent type)."""
    if not participant.talent_type_id:
        return {}
    from jinzai.talent.models import TalentType

    type_ids = [participant.talent_type_id]
    parent = TalentType.objects.filter(pk=participant.talent_type_id).values_list("parent_id", flat=True)[0]
    if parent:
        type_ids.append(parent)
    result: dict[int, int] = {}
    rows = RoleProfile.objects.filter(
        item__framework_id=participant.campaign.framework_id, talent_type_id__in=type_ids
    )
    for item_id, type_id, level in rows.values_list("item_id", "talent_type_id", "expected_level"):
        if type_id == participant.talent_type_id or item_id not in result:
            result[item_id] = level
    return result


def _check_level(level: int | None, framework: Framework, item: Item) -> None:
    if level is not None and not 1 <= level <= framework.level_count:
        raise ValidationError(f"「{item.name}」のレベルは1〜{framework.level_count}で選んでください。")


def _ratings_by_item(participant: Participant) -> dict[int, Rating]:
    return {r.item_id: r for r in participant.ratings.all()}


def _new_rating(participant: Participant, item_id: int, expected: dict[int, int]) -> Rating:
    return Rating(
        organisation_id=participant.organisation_id,
        participant=participant,
        campaign_id=participant.campaign_id,
        staff_id=participant.staff_id,
        unit_id=participant.unit_id,
        item_id=item_id,
        expected_level=expected.get(item_id),
    )


@transaction.atomic
def sheet_save(
    *,
    actor: Any,
    participant: Participant,
    ratings: dict[int, SelfRating],
    version: int,
    submit: bool = False,
) -> Participant:
    """The person's own ratings (a draft, or submitted to the manager when `submit`)."""
    ensure_can(actor, "skills.self_assess", participant)
    if getattr(actor, "staff_id", None) != participant.staff_id:
        raise PermissionDenied("skills.self_assess")
    campaign = participant.campaign
    if not campaign.is_open:
        raise ValidationError("この評価は終了しているため、変更できません。")
    if participant.status != Participant.Status.PENDING:
        raise ValidationError("自己評価はすでに提出しています。変更が必要なときは所属長に相談してください。")
    framework = campaign.framework
    items = {i.pk: i for i in framework.items.filter(is_active=True)}
    for item_id, value in ratings.items():
        if item_id not in items:
            raise ValidationError("このスキルマップの項目ではありません。")
        _check_level(value.level, framework, items[item_id])
    if submit:
        missing = [i.name for pk, i in items.items() if ratings.get(pk) is None or ratings[pk].level is None]
        if missing:
            raise ValidationError(
                f"すべての項目を選んでから提出してください（未選択：{'、'.join(missing)}）。"
            )
    now = timezone.now()
    fields = {"status": Participant.Status.SELF_DONE, "submitted_at": now} if submit else {}
    _bump(participant, version, **fields)
    existing = _ratings_by_item(participant)
    expected = expected_levels(participant)
    new, changed = [], []
    for item_id, value in ratings.items():
        row = existing.get(item_id)
        if row is None:
            row = _new_rating(participant, item_id, expected)
            new.append(row)
        elif (row.self_level, row.self_comment, row.evidence) == (value.level, value.comment, value.evidence):
            continue
        else:
            changed.append(row)
        row.self_level, row.self_comment, row.evidence = (
            value.level,
            value.comment[:400],
            value.evidence[:400],
        )
    Rating.objects.bulk_create(new)
    Rating.objects.bulk_update(changed, ["self_level", "self_comment", "evidence"])
    audit(
        actor,
        "skill_sheet.submit" if submit else "skill_sheet.save",
        participant,
        changed=["self_level", "self_comment", "evidence"] + (["status"] if submit else []),
    )
    return participant


def ensure_reviewer(actor: Any, participant: Participant) -> None:
    ensure_can(actor, "skills.manager_rate", participant)
    if getattr(actor, "staff_id", None) and actor.staff_id == participant.staff_id:
        raise PermissionDenied("skills.manager_rate")
    if not hasattr(actor, "units") or participant.unit_id not in manager_scope_ids(actor):
        raise PermissionDenied("skills.manager_rate")


@transaction.atomic
def sheet_review(
    *,
    actor: Any,
    participant: Participant,
    reviews: dict[int, Review],
    comment: str,
    version: int,
    confirm: bool = False,
) -> Participant:
    """The manager's rating and comment per item; `confirm` fixes the final levels
    (a blank final level takes the manager's rating)."""
    ensure_reviewer(actor, participant)
    campaign = participant.campaign
    if not campaign.is_open:
        raise ValidationError("この評価は終了しているため、変更できません。")
    if participant.status == Participant.Status.PENDING:
        raise ValidationError("本人の自己評価が提出されてから評価してください。")
    framework = campaign.framework
    items = {i.pk: i for i in framework.items.filter(is_active=True)}
    for item_id, value in reviews.items():
        if item_id not in items:
            raise ValidationError("このスキルマップの項目ではありません。")
        _check_level(value.manager_level, framework, items[item_id])
        _check_level(value.final_level, framework, items[item_id])
    if confirm:
        missing = [
            i.name
            for pk, i in items.items()
            if reviews.get(pk) is None or (reviews[pk].final_level or reviews[pk].manager_level) is None
        ]
        if missing:
            raise ValidationError(
                f"確定するには、すべての項目に所属長の評価を入れてください（未入力：{'、'.join(missing)}）。"
            )
    fields: dict[str, Any] = {"manager_comment": comment}
    if confirm:
        fields.update(status=Participant.Status.CONFIRMED, confirmed_at=timezone.now(), confirmed_by=actor)
    _bump(participant, version, **fields)
    existing = _ratings_by_item(participant)
    expected = expected_levels(participant)
    new, changed = [], []
    for item_id, value in reviews.items():
        row = existing.get(item_id)
        if row is None:
            row = _new_rating(participant, item_id, expected)
            new.append(row)
        else:
            changed.append(row)
        row.manager_level, row.manager_comment = value.manager_level, value.comment[:400]
        # final levels are recorded on confirmation (and corrected afterwards while the campaign is open)
        final = value.final_level or value.manager_level
        if participant.status == Participant.Status.CONFIRMED and final is not None:
            row.final_level = final
    Rating.objects.bulk_create(new)
    Rating.objects.bulk_update(changed, ["manager_level", "manager_comment", "final_level"])
    audit(
        actor,
        "skill_sheet.confirm" if confirm else "skill_sheet.review",
        participant,
        changed=["manager_level", "manager_comment", "final_level"] + (["status"] if confirm else []),
    )
    return participant
