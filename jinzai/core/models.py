"""Organisations, units, grades, memberships and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .roles import Role


def org_code_check_digit(first_five: str) -> int:
    """Check digit of a 全国地方公共団体コード (weights 6,5,4,3,2; modulus 11)."""
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def validate_org_code(value: str) -> None:
    if not (isinstance(value, str) and len(value) == 6 and value.isascii() and value.isdigit()):
        raise ValidationError("団体コードは6桁の数字で入力してください（例: 132012）。", code="format")
    if org_code_check_digit(value[:5]) != int(value[5]):
        raise ValidationError(
            "団体コード「%(code)s」の検査数字（6桁目）が正しくありません。",
            code="check_digit",
            params={"code": value},
        )


def default_twofactor_roles() -> list[str]:
    """Roles that must sign in with a second factor in a new organisation (docs/decisions.md)."""
    return [Role.ADMIN.value, Role.HR.value]


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PREFECTURE = "prefecture", "都道府県"
        MUNICIPALITY = "municipality", "市区町村"

    code = models.CharField("団体コード", max_length=6, unique=True, validators=[validate_org_code])
    name = models.CharField("団体名", max_length=100)
    kind = models.CharField("種別", max_length=20, choices=Kind.choices)
    prefecture = models.ForeignKey(
        "self",
        verbose_name="所属都道府県",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        limit_choices_to={"kind": Kind.PREFECTURE},
    )
    # Security policy: the roles whose users must use two-factor sign-in (offered to everyone).
    twofactor_roles = models.JSONField("2段階認証が必須の役割", default=default_twofactor_roles, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "団体"

    def __str__(self) -> str:
        return self.name


class Sector(models.TextChoices):
    """部門 as in the 地方公共団体定員管理調査."""

    GENERAL = "general", "一般行政部門"
    EDUCATION = "education", "教育部門"
    POLICE = "police", "警察部門"
    FIRE = "fire", "消防部門"
    PUBLIC_ENTERPRISE = "public_enterprise", "公営企業等会計部門"


class Unit(models.Model):
    """A 部局・課・係 in an organisation's tree. Reorganisations close units by date."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "部局"
        DIVISION = "division", "課"
        SECTION = "section", "係"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self",
        verbose_name="上位の所属",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField("所属名", max_length=100)
    kind = models.CharField("区分", max_length=20, choices=Kind.choices, default=Kind.DIVISION)
    code = models.CharField("所属コード", max_length=30, blank=True)
    valid_from = models.DateField("有効開始日", null=True, blank=True)
    valid_to = models.DateField("有効終了日", null=True, blank=True)
    is_it = models.BooleanField("情報システム担当", default=False)
    is_dx = models.BooleanField("DX推進担当部局", default=False)
    is_hr = models.BooleanField("人事担当", default=False)
    is_business = models.BooleanField("業務担当部局", default=True)
    # 定員管理調査's 部門; blank = the same as the unit above (a share's population can be limited to one).
    sector = models.CharField("部門", max_length=30, choices=Sector.choices, blank=True)
    sort_order = models.PositiveIntegerField("表示順", default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "所属"
        indexes = [models.Index(fields=["organisation", "parent"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], condition=~Q(code=""), name="unit_code_unique_per_org"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Grade(models.Model):
    """職名・職級: an ordered list per organisation (rank 1 = most junior)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grades")
    name = models.CharField("職名", max_length=50)
    rank = models.PositiveIntegerField("順位")
    aliases = models.CharField("別名（読点区切り）", max_length=200, blank=True)

    class Meta:
        ordering = ["rank", "id"]
        verbose_name = "職名・職級"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="grade_name_unique_per_org")
        ]

    def __str__(self) -> str:
        return self.name

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.replace("、", ",").split(",") if a.strip()]


class Membership(models.Model):
    """A user's role in one organisation. Managers carry their unit scope."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("役割", max_length=30, choices=Role.choices)
    units = models.ManyToManyField(
        Unit, verbose_name="担当所属（所属長）", blank=True, related_name="manager_memberships"
    )
    staff = models.ForeignKey(
        "people.Staff",
        verbose_name="職員レコード",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    is_active = models.BooleanField("有効", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__code", "role"]
        verbose_name = "利用者の役割"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name}・{self.get_role_display()}"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class AuditEvent(models.Model):
    """Append-only record of who did what to which object, when and from where."""

    at = models.DateTimeField("日時（UTC）", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField("利用者名", max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField("役割", max_length=30, blank=True)
    action = models.CharField("操作", max_length=60, db_index=True)
    object_type = models.CharField("対象の種類", max_length=60, blank=True)
    object_id = models.CharField("対象ID", max_length=60, blank=True)
    object_repr = models.CharField("対象", max_length=200, blank=True)
    changed = models.JSONField("変更した項目", default=list, blank=True)
    detail = models.JSONField("詳細", default=dict, blank=True)
    ip = models.GenericIPAddressField("接続元", null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "監査ログ"
        indexes = [
            models.Index(fields=["organisation", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"


class UserSetting(models.Model):
    class DateStyle(models.TextChoices):
        WESTERN = "western", "西暦（2026年4月1日）"
        WAREKI = "wareki", "和暦（令和8年4月1日）"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jinzai_setting"
    )
    date_style = models.CharField(
        "日付の表示", max_length=10, choices=DateStyle.choices, default=DateStyle.WESTERN
    )
    display_name = models.CharField("表示名", max_length=100, blank=True)
    # Set when an admin creates the account or sets its password; cleared when the person changes it.
    must_change_password = models.BooleanField("次回ログイン時にパスワード変更", default=False)

    class Meta:
        verbose_name = "利用者設定"

    def __str__(self) -> str:
        return f"{self.user_id}: {self.date_style}"


class ImportRecord(models.Model):
    """One uploaded file of any importer (staff, designations, skill maps …), kept for its preview, its
    commit and the audit trail. The file's content is cleared once it is committed or discarded."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "確認中"
        COMMITTED = "committed", "反映済"
        DISCARDED = "discarded", "取消"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("取込の種類", max_length=40)  # the importer's key (core.importing)
    context_id = models.BigIntegerField(null=True, blank=True)  # e.g. the session of a completion list
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField("ファイル名", max_length=255)
    file_sha256 = models.CharField(max_length=64)
    content = models.BinaryField(null=True)
    options = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "取込"
        indexes = [models.Index(fields=["organisation", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class Job(models.Model):
    """Long work (a large import or export) run outside the web request, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "待機中"
        RUNNING = "running", "実行中"
        DONE = "done", "完了"
        FAILED = "failed", "失敗"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField("種類", max_length=60)
    title = models.CharField("内容", max_length=200)
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    result = models.JSONField(default=dict)
    file_name = models.CharField(max_length=255, blank=True)
    file_path = models.CharField(max_length=255, blank=True)  # relative to DATA_DIR/jobs, never user input
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "処理"
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0
