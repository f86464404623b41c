"""The talent bank: profiles kept by the prefecture, a municipal employee's own opt-in, and withdrawal of
consent, which takes effect at once (decisions R6)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit
from jinzai.core.text import search_key

from .. import schemes
from ..models import AREA_LABELS, BankFile, BankOptIn, Expert, ExpertSkill, pack
from .common import clean_text, ensure_prefecture, is_system
from .sharing import setting_of

PROFILE_FIELDS = (
    "kind",
    "name",
    "kana",
    "affiliation",
    "title",
    "profile",
    "certifications",
    "visit_ok",
    "online_ok",
    "availability",
    "availability_note",
    "email",
    "phone",
)
BANKFILE_FIELDS = (
    "name",
    "section",
    "purpose",
    "subjects",
    "collection",
    "recipients",
    "contact",
    "retention",
)
PERSONAL = (
    "name",
    "kana",
    "affiliation",
    "title",
    "profile",
    "certifications",
    "email",
    "phone",
    "availability_note",
)


def bank_file_of(prefecture) -> BankFile:
    return BankFile.objects.filter(organisation=prefecture).first() or BankFile(organisation=prefecture)


def _today() -> date:
    from jinzai.core.services import today

    return today()


def _check_areas(areas) -> list[str]:
    areas = [a for a in areas if a]
    bad = [a for a in areas if a not in AREA_LABELS]
    if bad:
        raise ValidationError("分野は一覧から選んでください。")
    return areas


def _check_schemes(keys) -> list[str]:
    keys = [k for k in keys if k]
    allowed = {k for k, _ in schemes.dispatch_choices()}
    if any(k not in allowed for k in keys):
        raise ValidationError("派遣に使える制度は一覧から選んでください。")
    return keys


def _set_skills(expert: Expert, skills: dict[int, int], prefecture) -> None:
    from jinzai.skills.models import Item

    wanted = {int(k): int(v) for k, v in (skills or {}).items() if v}
    if any(not 1 <= v <= 5 for v in wanted.values()):
        raise ValidationError("スキルのレベルは1〜5で選んでください。")
    valid = set(
        Item.objects.filter(organisation=prefecture, pk__in=list(wanted)).values_list("pk", flat=True)
    )
    if set(wanted) - valid:
        raise ValidationError("スキルは県のスキルマップの項目から選んでください。")
    ExpertSkill.objects.filter(expert=expert).exclude(item_id__in=list(wanted)).delete()
    existing = {s.item_id: s for s in ExpertSkill.objects.filter(expert=expert)}
    for item_id, level in wanted.items():
        row = existing.get(item_id)
        if row is None:
            ExpertSkill.objects.create(organisation=prefecture, expert=expert, item_id=item_id, level=level)
        elif row.level != level:
            row.level = level
            row.save(update_fields=["level"])


def _search_text(expert: Expert) -> str:
    return search_key(expert.name, expert.kana, expert.affiliation)[:400]


@transaction.atomic
def expert_create(
    *, actor: Any, consent_on: date, areas=(), scheme_keys=(), skills=None, **values: Any
) -> Expert:
    """The prefecture registers a profile (its own staff, an external expert) with the person's consent."""
    prefecture = ensure_prefecture(actor, "region.bank_manage")
    if values.get("kind") == Expert.Kind.MUNICIPAL_STAFF:
        raise ValidationError("市区町村の職員は、本人が自分の団体の画面から登録します。")
    values["name"] = clean_text(values.get("name"), label="氏名", required=True, max_length=100)
    if consent_on is None:
        raise ValidationError("本人の同意日を入力してください。")
    if consent_on > _today():
        raise ValidationError("本人の同意日に未来の日付は入力できません。")
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    expert = Expert(
        organisation=prefecture,
        areas=pack(_check_areas(areas)),
        schemes=pack(_check_schemes(scheme_keys)),
        purpose_text=bank_file_of(prefecture).purpose,
        consent_on=consent_on,
        recorded_by=None if is_system(actor) else actor,
        **values,
    )
    expert.search_text = _search_text(expert)
    expert.save()
    _set_skills(expert, skills or {}, prefecture)
    audit(actor, "region.expert.create", expert, changed=sorted(values))
    return expert


@transaction.atomic
def expert_update(
    *, actor: Any, expert: Expert, areas=None, scheme_keys=None, skills=None, **values: Any
) -> Expert:
    prefecture = ensure_prefecture(actor, "region.bank_manage")
    if expert.organisation_id != prefecture.pk:
        raise PermissionDenied("region.bank_manage")
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if expert.is_withdrawn:
        raise ValidationError("同意が撤回された登録は変更できません。")
    if expert.kind == Expert.Kind.MUNICIPAL_STAFF:
        raise ValidationError("市区町村の職員の登録内容は、本人だけが変更できます。")
    unknown = set(values) - set(PROFILE_FIELDS) - {"kind"}
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    if "name" in values:
        values["name"] = clean_text(values["name"], label="氏名", required=True, max_length=100)
    changed = [k for k, v in values.items() if getattr(expert, k) != v]
    for key in changed:
        setattr(expert, key, values[key])
    if areas is not None and pack(_check_areas(areas)) != expert.areas:
        expert.areas = pack(areas)
        changed.append("areas")
    if scheme_keys is not None and pack(_check_schemes(scheme_keys)) != expert.schemes:
        expert.schemes = pack(scheme_keys)
        changed.append("schemes")
    expert.search_text = _search_text(expert)
    expert.save()
    if skills is not None:
        _set_skills(expert, skills, prefecture)
        changed.append("skills")
    if changed:
        audit(actor, "region.expert.update", expert, changed=changed)
    return expert


def _tombstone(expert: Expert) -> None:
    """Clear everything personal; the row stays so that past dispatches keep their history."""
    for key in PERSONAL:
        setattr(expert, key, "")
    expert.name = Expert.WITHDRAWN_NAME
    expert.areas = expert.schemes = expert.search_text = ""
    expert.home_organisation = None
    expert.withdrawn_at = timezone.now()
    expert.save()
    ExpertSkill.objects.filter(expert=expert).delete()


@transaction.atomic
def expert_withdraw(*, actor: Any, expert: Expert) -> Expert:
    """The prefecture records that a person withdrew consent: out of search and matching at once."""
    prefecture = ensure_prefecture(actor, "region.bank_manage")
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    if expert.organisation_id != prefecture.pk:
        raise PermissionDenied("region.bank_manage")
    if expert.is_withdrawn:
        return expert
    if expert.kind == Expert.Kind.MUNICIPAL_STAFF:
        BankOptIn.objects.filter(expert=expert, revoked_at__isnull=True).update(revoked_at=timezone.now())
    _tombstone(expert)
    audit(actor, "region.expert.withdraw", expert, changed=["withdrawn_at", *PERSONAL])
    return expert


@transaction.atomic
def bank_file_update(*, actor: Any, **values: Any) -> BankFile:
    ensure_can(actor, "region.bank_file_edit")
    prefecture = actor.organisation
    if prefecture is None or prefecture.kind != "prefecture":
        raise PermissionDenied("region.bank_file_edit")
    unknown = set(values) - set(BANKFILE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    record, _ = BankFile.objects.select_for_update().get_or_create(organisation=prefecture)
    changed = [k for k, v in values.items() if getattr(record, k) != v]
    for key in changed:
        setattr(
            record,
            key,
            clean_text(values[key], label=BankFile._meta.get_field(key).verbose_name, required=True),
        )
    if changed:
        record.updated_by = None if is_system(actor) else actor
        record.save()
        audit(actor, "region.bankfile.update", record, changed=changed)
    return record


# --- a municipal employee's own profile ----------------------------------------------------------


def _staff_of(actor: Any):
    staff = getattr(actor, "staff", None)
    if staff is None:
        raise ValidationError("職員の記録に結びついた利用者だけが登録できます。")
    return staff


def active_optin(staff) -> BankOptIn | None:
    return BankOptIn.objects.filter(staff=staff, revoked_at__isnull=True).select_related("expert").first()


def _published(staff, fields: list[str], entered: dict, municipality) -> dict:
    """The profile values the person chose to publish, copied (not joined) into the prefecture's row."""
    from jinzai.core.selectors import unit_paths
    from jinzai.learning.models import StaffCertification

    today = _today()
    values = {"name": staff.name, "kana": staff.kana}
    values["affiliation"] = ""
    if "affiliation" in fields:
        path = unit_paths(municipality).get(staff.current_unit_id, "") if staff.current_unit_id else ""
        values["affiliation"] = f"{municipality.name} {path}".strip()
    else:
        values["affiliation"] = municipality.name
    values["title"] = staff.grade.name if ("title" in fields and staff.grade_id) else ""
    values["profile"] = entered.get("profile", "") if "profile" in fields else ""
    if "certifications" in fields:
        names = (
            StaffCertification.objects.filter(
                staff=staff, status=StaffCertification.Status.VERIFIED, valid_from__lte=today
            )
            .exclude(expires_on__lt=today)
            .order_by("certification__sort_order")
            .values_list("certification__name", flat=True)
            .distinct()
        )
        values["certifications"] = "\n".join(dict.fromkeys(names))
    else:
        values["certifications"] = ""
    values["email"] = staff.email if "email" in fields else ""
    return values


@transaction.atomic
def optin_save(
    *,
    actor: Any,
    fields: list[str],
    areas=(),
    visit_ok: bool = True,
    online_ok: bool = True,
    availability: str = Expert.Availability.AVAILABLE,
    availability_note: str = "",
    profile: str = "",
    skills=None,
) -> BankOptIn:
    """The person puts themselves in the talent bank (or changes what they publish) with their own consent."""
    ensure_can(actor, "region.opt_in")
    staff = _staff_of(actor)
    municipality = actor.organisation
    if municipality.kind != "municipality" or municipality.prefecture_id is None:
        raise ValidationError("人材バンクへの本人の登録は、市区町村の職員が使う機能です。")
    if not setting_of(municipality).bank_opt_in:
        raise ValidationError(f"{municipality.name}は、職員の人材バンクへの登録をまだ受け付けていません。")
    allowed = {k for k, _ in BankOptIn.FIELDS}
    fields = [f for f in dict.fromkeys(fields) if f]
    if set(fields) - allowed:
        raise ValidationError("公開する項目は一覧から選んでください。")
    if availability not in Expert.Availability.values:
        raise ValidationError("対応の可否は一覧から選んでください。")
    prefecture = municipality.prefecture
    values = _published(
        staff, fields, {"profile": clean_text(profile, label="経歴・実績", max_length=2000)}, municipality
    )
    values.update(
        visit_ok=bool(visit_ok),
        online_ok=bool(online_ok),
        availability=availability,
        availability_note=clean_text(availability_note, label="対応できる時期・時間", max_length=200),
    )
    optin = BankOptIn.objects.select_for_update().filter(staff=staff, revoked_at__isnull=True).first()
    if optin is None:
        expert = Expert(
            organisation=prefecture,
            kind=Expert.Kind.MUNICIPAL_STAFF,
            home_organisation=municipality,
            areas=pack(_check_areas(areas)),
            schemes=pack([schemes.PREF_BANK]),
            purpose_text=bank_file_of(prefecture).purpose,
            consent_on=_today(),
            **values,
        )
        expert.search_text = _search_text(expert)
        expert.save()
        optin = BankOptIn.objects.create(
            organisation=municipality,
            staff=staff,
            expert=expert,
            fields=fields,
            purpose_text=expert.purpose_text,
            consented_at=timezone.now(),
        )
        action = "region.optin.give"
    else:
        expert = Expert.objects.select_for_update().get(pk=optin.expert_id)
        for key, value in values.items():
            setattr(expert, key, value)
        expert.areas = pack(_check_areas(areas))
        expert.search_text = _search_text(expert)
        expert.save()
        optin.fields = fields
        optin.save(update_fields=["fields"])
        action = "region.optin.update"
    _set_skills(expert, (skills or {}) if "skills" in fields else {}, prefecture)
    audit(actor, action, optin, changed=fields, detail={"expert": expert.pk})
    return optin


@transaction.atomic
def optin_revoke(*, actor: Any) -> BankOptIn | None:
    """The person withdraws their consent: the profile leaves search and matching in this transaction."""
    ensure_can(actor, "region.opt_in")
    staff = _staff_of(actor)
    optin = BankOptIn.objects.select_for_update().filter(staff=staff, revoked_at__isnull=True).first()
    if optin is None:
        return None
    optin.revoked_at = timezone.now()
    optin.save(update_fields=["revoked_at"])
    expert = Expert.objects.select_for_update().get(pk=optin.expert_id)
    _tombstone(expert)
    audit(actor, "region.optin.revoke", optin, changed=["revoked_at"], detail={"expert": expert.pk})
    audit(  # the prefecture's log shows it too: its file lost a profile
        actor,
        "region.expert.withdraw",
        expert,
        organisation=expert.organisation,
        changed=["withdrawn_at"],
        detail={"by": actor.organisation.code},
    )
    return optin
