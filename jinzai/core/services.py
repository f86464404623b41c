"""Writes to organisations, units, grades, users and memberships. Each one is atomic and audited."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from . import hooks
from .access import ensure_can
from .audit import audit
from .models import Grade, Membership, Organisation, Unit, UserSetting, validate_org_code
from .passwords import for_roles
from .roles import Role

DEFAULT_GRADES = ("主事", "主任", "主査", "係長", "課長補佐", "課長", "次長", "部長")
UNIT_FIELDS = (
    "name",
    "kind",
    "code",
    "parent",
    "valid_from",
    "valid_to",
    "is_it",
    "is_dx",
    "is_hr",
    "is_business",
    "sector",
)


def _changed(obj: Any, values: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def organisation_create(
    *, actor: Any, code: str, name: str, kind: str, prefecture: Organisation | None = None
) -> Organisation:
    validate_org_code(code)
    if Organisation.objects.filter(code=code).exists():
        raise ValidationError(f"団体コード「{code}」はすでに登録されています。")
    if kind == Organisation.Kind.MUNICIPALITY and prefecture is not None and prefecture.kind != "prefecture":
        raise ValidationError("所属都道府県には都道府県の団体を指定してください。")
    if kind == Organisation.Kind.PREFECTURE and prefecture is not None:
        raise ValidationError("都道府県には所属都道府県を指定できません。")
    org = Organisation.objects.create(code=code, name=name, kind=kind, prefecture=prefecture)
    Grade.objects.bulk_create(
        [Grade(organisation=org, name=grade, rank=i) for i, grade in enumerate(DEFAULT_GRADES, start=1)]
    )
    audit(actor, "organisation.create", org, organisation=org, changed=["code", "name", "kind"])
    hooks.ORGANISATION_CREATED.run(org)  # apps install their defaults (talent types, levels …)
    return org


def _check_unit_parent(unit: Unit, parent: Unit | None) -> None:
    if parent is None:
        return
    if parent.organisation_id != unit.organisation_id:
        raise ValidationError("上位の所属は同じ団体の所属から選んでください。")
    node: Unit | None = parent
    while node is not None:
        if node.pk == unit.pk:
            raise ValidationError("上位の所属に自分自身やその下の所属は指定できません。")
        node = node.parent


@transaction.atomic
def unit_create(*, actor: Any, organisation: Organisation | None = None, **values: Any) -> Unit:
    ensure_can(actor, "core.unit_manage")
    organisation = organisation or actor.organisation
    unit = Unit(organisation=organisation)
    _changed(unit, {k: v for k, v in values.items() if k in UNIT_FIELDS})
    _check_unit_parent(unit, unit.parent)
    if not unit.sort_order:
        unit.sort_order = (
            Unit.objects.filter(organisation=organisation).aggregate(m=Max("sort_order"))["m"] or 0
        ) + 10
    unit.full_clean()
    unit.save()
    audit(actor, "unit.create", unit, changed=[k for k in values if k in UNIT_FIELDS])
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, **values: Any) -> Unit:
    ensure_can(actor, "core.unit_manage", unit)
    changed = _changed(unit, {k: v for k, v in values.items() if k in UNIT_FIELDS})
    if not changed:
        return unit
    _check_unit_parent(unit, unit.parent)
    unit.full_clean()
    unit.save()
    audit(actor, "unit.update", unit, changed=changed)
    return unit


@transaction.atomic
def grade_create(*, actor: Any, name: str, aliases: str = "", rank: int | None = None) -> Grade:
    ensure_can(actor, "core.grade_manage")
    org = actor.organisation
    if Grade.objects.filter(organisation=org, name=name).exists():
        raise ValidationError(f"職名「{name}」はすでにあります。")
    if rank is None:
        rank = (Grade.objects.filter(organisation=org).aggregate(m=Max("rank"))["m"] or 0) + 1
    grade = Grade.objects.create(organisation=org, name=name, aliases=aliases, rank=rank)
    audit(actor, "grade.create", grade, changed=["name", "rank", "aliases"])
    return grade


@transaction.atomic
def grade_update(*, actor: Any, grade: Grade, name: str, aliases: str, rank: int) -> Grade:
    ensure_can(actor, "core.grade_manage", grade)
    if Grade.objects.filter(organisation=grade.organisation, name=name).exclude(pk=grade.pk).exists():
        raise ValidationError(f"職名「{name}」はすでにあります。")
    changed = _changed(grade, {"name": name, "aliases": aliases, "rank": rank})
    if changed:
        grade.save()
        audit(actor, "grade.update", grade, changed=changed)
    return grade


# --- users and memberships ------------------------------------------------


def _validate_membership(organisation: Organisation, role: str, units: list[Unit], staff: Any) -> None:
    if role not in Role.values:
        raise ValidationError("役割を選んでください。")
    if role == Role.PREFECTURE_SUPPORT and organisation.kind != Organisation.Kind.PREFECTURE:
        raise ValidationError("「都道府県 市町村支援担当」は都道府県の団体でのみ設定できます。")
    if role == Role.MANAGER and not units:
        raise ValidationError("所属長には担当する所属を1つ以上選んでください。")
    if role == Role.STAFF and staff is None:
        raise ValidationError("職員の役割には、本人の職員レコード（職員番号）を指定してください。")
    if any(u.organisation_id != organisation.pk for u in units):
        raise ValidationError("担当所属は同じ団体の所属から選んでください。")
    if staff is not None and staff.organisation_id != organisation.pk:
        raise ValidationError("職員レコードは同じ団体の職員から選んでください。")


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    display_name: str = "",
    role: str,
    units: list[Unit] | None = None,
    staff: Any = None,
    organisation: Organisation | None = None,
    check_password: bool = True,
    must_change_password: bool = True,
):
    """An account for someone else: they change the initial password at their first sign-in
    (`must_change_password=False` only when the person chose it themselves, as in first-run setup)."""
    ensure_can(actor, "core.user_manage")
    organisation = organisation or actor.organisation
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"ログインID「{username}」はすでに使われています。")
    units = units or []
    _validate_membership(organisation, role, units, staff)
    user = for_roles(User(username=username), [role])
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.save()
    UserSetting.objects.create(
        user=user, display_name=display_name, must_change_password=must_change_password
    )
    membership = Membership.objects.create(user=user, organisation=organisation, role=role, staff=staff)
    membership.units.set(units)
    audit(actor, "user.create", user, organisation=organisation, changed=["username", "password"])
    audit(actor, "membership.create", membership, changed=["role", "units", "staff"])
    return user


@transaction.atomic
def membership_create(
    *, actor: Any, user, role: str, units: list[Unit] | None = None, staff: Any = None
) -> Membership:
    ensure_can(actor, "core.user_manage")
    units = units or []
    _validate_membership(actor.organisation, role, units, staff)
    if Membership.objects.filter(user=user, organisation=actor.organisation, role=role).exists():
        raise ValidationError("この利用者には同じ役割がすでにあります。")
    membership = Membership.objects.create(user=user, organisation=actor.organisation, role=role, staff=staff)
    membership.units.set(units)
    audit(actor, "membership.create", membership, changed=["role", "units", "staff"])
    return membership


@transaction.atomic
def membership_update(
    *, actor: Any, membership: Membership, role: str, units: list[Unit], staff: Any, is_active: bool
) -> Membership:
    ensure_can(actor, "core.user_manage", membership)
    _validate_membership(membership.organisation, role, units, staff)
    if membership.pk == getattr(actor, "pk", None) and (not is_active or role != membership.role):
        raise ValidationError("自分自身の管理者の役割は変更・無効化できません。")
    clash = Membership.objects.filter(user=membership.user, organisation=membership.organisation, role=role)
    if clash.exclude(pk=membership.pk).exists():
        raise ValidationError("この利用者には同じ役割がすでにあります。")
    changed = _changed(membership, {"role": role, "staff": staff, "is_active": is_active})
    old_units = set(membership.units.values_list("pk", flat=True))
    if old_units != {u.pk for u in units}:
        membership.units.set(units)
        changed.append("units")
    if changed:
        membership.save()
        audit(actor, "membership.update", membership, changed=changed)
    return membership


@transaction.atomic
def user_set_password(*, actor: Any, user, password: str) -> None:
    """An admin sets a new password for a user of their organisation (e.g. after a lockout)."""
    ensure_can(actor, "core.user_manage")
    if not Membership.objects.filter(user=user, organisation=actor.organisation).exists():
        raise ValidationError("この団体の利用者ではありません。")
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    UserSetting.objects.update_or_create(user=user, defaults={"must_change_password": True})
    audit(actor, "user.password_reset", user, changed=["password"], detail={"must_change": True})


@transaction.atomic
def user_setting_update(*, user, date_style: str) -> UserSetting:
    setting, _ = UserSetting.objects.get_or_create(user=user)
    if setting.date_style != date_style:
        setting.date_style = date_style
        setting.save(update_fields=["date_style"])
        audit(user, "user.setting", setting, changed=["date_style"])
    return setting


@transaction.atomic
def password_change(*, user, password: str, forced: bool) -> None:
    """The person changes their own password (the view's form has checked the old one and the rules)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    UserSetting.objects.update_or_create(user=user, defaults={"must_change_password": False})
    audit(user, "auth.password_change", changed=["password"], detail={"initial": True} if forced else {})


# --- two-factor sign-in -------------------------------------------------------------------


def twofactor_pending_device(*, user, pk: int | None):
    """The not-yet-confirmed TOTP device of an enrolment in progress (`pk` kept in the session): one QR
    code per attempt, not per page view. Without one, earlier unconfirmed devices go and a new one is made.
    Not audited: nothing is in force until `twofactor_enrol` confirms it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(pk=pk, user=user, confirmed=False).first() if pk else None
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=False)
    return device


@transaction.atomic
def twofactor_enrol(*, user, device, token: str) -> list[str] | None:
    """Confirm the pending TOTP `device` with a code from the app. It replaces any earlier app and
    comes with new recovery codes, returned once (None when the code is wrong)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from . import twofactor

    if device.user_id != user.pk or device.confirmed:
        raise ValidationError("この設定は使えません。最初からやり直してください。")
    value = twofactor.normalise_code(token)
    if not (value.isdigit() and len(value) == 6) or not device.verify_token(value):
        return None
    replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk)
    was_enrolled = replaced.filter(confirmed=True).exists()
    replaced.delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = twofactor.new_recovery_codes()
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="回復コード", confirmed=True)
    StaticToken.objects.bulk_create(
        [StaticToken(device=static, token=twofactor.code_digest(code)) for code in codes]
    )
    audit(user, "twofactor.enrol", device, detail={"replaced": was_enrolled, "recovery_codes": len(codes)})
    return codes


@transaction.atomic
def twofactor_new_recovery_codes(*, user) -> list[str]:
    """New recovery codes; the old ones stop working."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from . import twofactor

    if not twofactor.is_enrolled(user):
        raise ValidationError("先に認証アプリを設定してください。")
    codes = twofactor.new_recovery_codes()
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="回復コード", confirmed=True)
    StaticToken.objects.bulk_create(
        [StaticToken(device=static, token=twofactor.code_digest(code)) for code in codes]
    )
    audit(user, "twofactor.recovery_codes", static, detail={"recovery_codes": len(codes)})
    return codes


def _delete_devices(user) -> int:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    return deleted + static


@transaction.atomic
def twofactor_disable(*, user) -> None:
    """The person turns two-factor sign-in off (refused when one of their roles requires it)."""
    from . import twofactor

    if twofactor.is_required(user):
        raise ValidationError("あなたの役割では2段階認証が必須のため、無効にできません。")
    if _delete_devices(user):
        audit(user, "twofactor.disable")


@transaction.atomic
def user_twofactor_reset(*, actor: Any, user) -> None:
    """An admin removes a person's authenticator app and recovery codes (lost phone); the person
    sets it up again at the next sign-in when their role requires it."""
    ensure_can(actor, "core.user_manage")
    if not Membership.objects.filter(user=user, organisation=actor.organisation).exists():
        raise ValidationError("この団体の利用者ではありません。")
    if getattr(actor, "user_id", None) == user.pk:
        raise ValidationError("自分の2段階認証は「2段階認証」の画面で設定し直してください。")
    if not _delete_devices(user):
        raise ValidationError("この利用者は2段階認証を設定していません。")
    audit(actor, "user.twofactor_reset", user, organisation=actor.organisation)


@transaction.atomic
def organisation_twofactor_update(*, actor: Any, roles: list[str]) -> Organisation:
    """Which roles of the actor's organisation must sign in with a second factor."""
    ensure_can(actor, "core.security_policy")
    org = Organisation.objects.select_for_update().get(pk=actor.organisation.pk)
    allowed = [
        r.value for r in Role if r != Role.PREFECTURE_SUPPORT or org.kind == Organisation.Kind.PREFECTURE
    ]
    new = [r for r in allowed if r in set(roles)]
    old = list(org.twofactor_roles or [])
    if new != old:
        org.twofactor_roles = new
        org.save(update_fields=["twofactor_roles"])
        audit(
            actor,
            "organisation.twofactor_policy",
            org,
            organisation=org,
            changed=["twofactor_roles"],
            detail={"before": old, "after": new},
        )
    return org


# --- organisations from the shipped code list ------------------------------------------------


@transaction.atomic
def organisation_from_code(*, actor: Any, code: str, name: str = "", kind: str = "") -> Organisation:
    """Create the organisation with `code` from the list of 全国地方公共団体コード (core/lgcodes.py),
    creating its prefecture first when that is not registered yet. Returns the existing one if present."""
    from . import lgcodes

    validate_org_code(code)
    existing = Organisation.objects.filter(code=code).first()
    if existing is not None:
        return existing
    entry = lgcodes.get(code)
    if entry is None and not (name and kind):
        raise ValidationError(
            f"団体コード「{code}」は同梱の全国地方公共団体コードの一覧にありません。名称と種別も指定してください。"
        )
    kind = kind or entry.kind
    prefecture = None
    if kind == Organisation.Kind.MUNICIPALITY:
        pref_entry = lgcodes.get(entry.prefecture_code) if entry else lgcodes.prefecture_by_number(code[:2])
        if pref_entry is not None:
            prefecture = Organisation.objects.filter(code=pref_entry.code).first() or organisation_create(
                actor=actor, code=pref_entry.code, name=pref_entry.name, kind=Organisation.Kind.PREFECTURE
            )
    return organisation_create(
        actor=actor, code=code, name=name or entry.name, kind=kind, prefecture=prefecture
    )


def first_run_available() -> bool:
    """The first-run setup is offered only on an empty database (no organisation, no user)."""
    return not Organisation.objects.exists() and not get_user_model().objects.exists()


@transaction.atomic
def first_setup(
    *, code: str, username: str, password: str, display_name: str = "", label: str = "初期設定"
) -> tuple[Organisation, Any]:
    """Create the first organisation (with its prefecture) and its first システム管理者.

    The person chose the password themselves, so no change is forced at the first sign-in; two-factor
    sign-in is required for admins by the new organisation's default policy."""
    from .access import SystemActor

    if not first_run_available():
        raise ValidationError("初期設定はすでに済んでいます。")
    actor = SystemActor(organisation=None, label=label)
    org = organisation_from_code(actor=actor, code=code)
    user = user_create(
        actor=SystemActor(organisation=org, label=label),
        username=username,
        password=password,
        display_name=display_name,
        role=Role.ADMIN,
        organisation=org,
        must_change_password=False,
    )
    audit(
        SystemActor(organisation=org, label=label),
        "setup.first_run",
        org,
        organisation=org,
        detail={"admin": username, "prefecture": org.prefecture.code if org.prefecture else None},
    )
    return org, user


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


# --- imports (the shared pipeline of core/importing.py) ------------------------------------------


class ImportNotCommittable(Exception):
    """The stored file has errors now (the database changed since the preview, or it always had)."""

    def __init__(self, plan: Any) -> None:
        super().__init__("import has errors")
        self.plan = plan


def _import_context(importer: Any, record: Any) -> Any:
    return importer.context_of(record) if record.context_id else None


def _analyse_record(importer: Any, record: Any, progress: Any = None) -> Any:
    from .importing import analyse

    return analyse(
        importer,
        record.organisation,
        bytes(record.content),
        record.options,
        context=_import_context(importer, record),
        progress=progress,
    )


def _runs_as_job(content: bytes) -> bool:
    from django.conf import settings

    from .importing import count_rows

    return count_rows(content) > settings.IMPORT_INLINE_MAX_ROWS


def _analysis_job(actor: Any, importer: Any, record: Any) -> Any:
    """Analyse a large file outside the request; the preview page is shown once it is done."""
    from django.urls import reverse

    from .jobs import job_start
    from .models import ImportRecord

    record_pk = record.pk

    def work(progress) -> dict:
        current = ImportRecord.objects.get(pk=record_pk)
        plan = _analyse_record(importer, current, progress=progress.set)
        current.summary = {**plan.summary(), "job": progress.job_id}
        current.save(update_fields=["summary"])
        return {
            "rows": plan.row_count,
            "next_url": reverse(f"{importer.url_name}_preview", kwargs={"pk": record_pk}),
            "next_label": "取込内容を確認する",
        }

    job = job_start(actor=actor, kind="import.analyse", title=f"{importer.title}（内容の確認）", work=work)
    record.refresh_from_db(fields=["summary"])
    if "counts" not in record.summary:  # not done yet (it runs once this transaction commits)
        record.summary = {"pending_job": job.pk, "job": job.pk}
        record.save(update_fields=["summary"])
    return job


@transaction.atomic
def import_create(
    *, actor: Any, importer: Any, file_name: str, content: bytes, options: dict, context: Any = None
) -> Any:
    """Store an uploaded file and analyse it (in a job when it is large). Nothing else changes."""
    from .importing import options_for_json
    from .models import ImportRecord

    ensure_can(actor, importer.permission, context)
    record = ImportRecord.objects.create(
        organisation=actor.organisation,
        kind=importer.key,
        context_id=getattr(context, "pk", None),
        created_by=actor if getattr(actor, "pk", None) else None,
        file_name=(file_name or "")[:255],
        file_sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        options=options_for_json({**importer.default_options(), **options}),
    )
    if _runs_as_job(content):
        _analysis_job(actor, importer, record)
        audit(actor, f"{importer.key}_import.upload", record, detail={"job": record.summary["job"]})
        return record
    plan = _analyse_record(importer, record)
    record.summary = plan.summary()
    record.save(update_fields=["summary"])
    audit(actor, f"{importer.key}_import.upload", record, detail={"counts": plan.counts()})
    return record


@transaction.atomic
def import_reanalyse(*, actor: Any, importer: Any, record: Any, options: dict) -> Any:
    """Analyse the stored file again with other options or column choices."""
    from .importing import options_for_json
    from .models import ImportRecord

    ensure_can(actor, importer.permission, record)
    if record.status != ImportRecord.Status.PREVIEWED:
        raise ValidationError(NOT_PREVIEWED)
    record.options = options_for_json({**record.options, **options})
    record.save(update_fields=["options"])
    if _runs_as_job(bytes(record.content)):
        _analysis_job(actor, importer, record)
        return record
    record.summary = _analyse_record(importer, record).summary()
    record.save(update_fields=["summary"])
    audit(actor, f"{importer.key}_import.reanalyse", record, detail={"counts": record.summary["counts"]})
    return record


NOT_PREVIEWED = "この取込はすでに反映済みか取り消されています。"


def _lock_previewed(record: Any) -> Any:
    from .models import ImportRecord

    locked = ImportRecord.objects.select_for_update().get(pk=record.pk)
    if locked.status != ImportRecord.Status.PREVIEWED:
        raise ValidationError(NOT_PREVIEWED)
    return locked


@transaction.atomic
def _commit(actor: Any, importer: Any, record: Any, progress: Any = None) -> dict[str, Any]:
    from django.utils import timezone

    from .models import ImportRecord

    record = _lock_previewed(record)
    plan = import_apply(
        actor=actor,
        importer=importer,
        organisation=record.organisation,
        content=bytes(record.content),
        options=record.options,
        context=_import_context(importer, record),
        file_name=record.file_name,
        record=record,
    )
    counts = plan.counts()
    # The file holds personal data: it is not kept once its content is in the database.
    record.status, record.committed_at, record.content = ImportRecord.Status.COMMITTED, timezone.now(), None
    record.summary = {**plan.summary(), "committed": True, "result": plan.result}
    record.save(update_fields=["status", "committed_at", "content", "summary"])
    return counts


def import_commit(*, actor: Any, importer: Any, record: Any) -> dict[str, Any] | Any:
    """Analyse the stored file against the database as it is now and apply it, all or nothing.

    Returns the counts, or the Job when the file is large (the commit then runs in the background).
    A refused commit keeps the new analysis on the record so that the preview shows what is wrong.
    """
    from django.urls import reverse

    from .jobs import job_start
    from .models import ImportRecord

    ensure_can(actor, importer.permission, record)
    if record.status != ImportRecord.Status.PREVIEWED:
        raise ValidationError(NOT_PREVIEWED)
    if not _runs_as_job(bytes(record.content)):
        try:
            return _commit(actor, importer, record)
        except ImportNotCommittable as exc:
            _keep_refused_analysis(record, exc.plan)
            raise
    record_pk = record.pk

    def work(progress) -> dict:
        current = ImportRecord.objects.get(pk=record_pk)
        try:
            counts = _commit(actor, importer, current, progress=progress)
        except ImportNotCommittable as exc:
            from .jobs import JobFailed

            _keep_refused_analysis(current, exc.plan)
            raise JobFailed(
                "ファイルに誤りがあるため反映できませんでした。取込内容の確認画面で誤りを確かめてください。"
            ) from None
        except ValidationError as exc:
            from .jobs import JobFailed

            raise JobFailed(" ".join(exc.messages)) from None
        summary = "、".join(
            f"{label} {counts.get(kind, 0):,}{importer.unit}" for kind, label in importer.kinds
        )
        return {
            **counts,
            "summary": f"{importer.committed_message}{summary}。",
            "next_url": reverse(f"{importer.url_name}_preview", kwargs={"pk": record_pk}),
            "next_label": "取込の結果を見る",
        }

    return job_start(actor=actor, kind="import.commit", title=f"{importer.title}（反映）", work=work)


def _keep_refused_analysis(record: Any, plan: Any) -> None:
    from .models import ImportRecord

    ImportRecord.objects.filter(pk=record.pk).update(summary=plan.summary())
    record.summary = plan.summary()


@transaction.atomic
def import_apply(
    *,
    actor: Any,
    importer: Any,
    organisation: Any,
    content: bytes,
    options: dict,
    context: Any = None,
    file_name: str = "",
    record: Any = None,
) -> Any:
    """Lock, analyse and — when there is no error — apply, in this one transaction; returns the plan.

    Used by the web commit and by ``manage.py import_*`` (which has no stored record)."""
    from .importing import analyse

    ensure_can(actor, importer.permission, context)
    if organisation.pk != actor.organisation.pk:
        raise ValidationError("ほかの団体には取り込めません。")
    importer.lock_for(organisation, context)
    plan = analyse(importer, organisation, content, options, context=context)
    if not plan.can_commit:
        raise ImportNotCommittable(plan)
    result = importer.apply(plan, actor) or {}
    plan.result = result
    audit(
        actor,
        f"{importer.key}_import.commit",
        record,
        organisation=organisation,
        detail={"file": file_name, "counts": plan.counts(), **result, **importer.commit_detail(plan)},
    )
    return plan


@transaction.atomic
def import_discard(*, actor: Any, importer: Any, record: Any) -> None:
    """Forget a previewed upload's content (nothing happens to a committed or discarded one)."""
    from .models import ImportRecord

    ensure_can(actor, importer.permission, record)
    if record.status == ImportRecord.Status.PREVIEWED:
        record.status, record.content = ImportRecord.Status.DISCARDED, None
        record.save(update_fields=["status", "content"])
        audit(actor, f"{importer.key}_import.discard", record)


UNIT_FLAG_FIELDS = ("is_dx", "is_it", "is_hr", "is_business", "sector")


@transaction.atomic
def units_set_flags(*, actor: Any, values: dict[int, dict[str, Any]]) -> int:
    """Set the kind flags (DX推進担当部局・情報システム担当・人事担当・業務担当) and the 部門 of many units at
    once; ``values`` is {unit pk: {field: value}}. Returns how many units changed; each is audited."""
    ensure_can(actor, "core.unit_manage")
    units = Unit.objects.select_for_update().filter(organisation=actor.organisation, pk__in=list(values))
    changed_count = 0
    for unit in units:
        wanted = {k: v for k, v in values[unit.pk].items() if k in UNIT_FLAG_FIELDS}
        before = {k: getattr(unit, k) for k in wanted}
        changed = _changed(unit, wanted)
        if changed:
            unit.full_clean()
            unit.save(update_fields=changed)
            audit(
                actor,
                "unit.update",
                unit,
                changed=changed,
                detail={"changes": {k: [before[k], getattr(unit, k)] for k in changed}, "via": "bulk"},
            )
            changed_count += 1
    return changed_count
