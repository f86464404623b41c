"""Staff, their assignment history and staff-import runs."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from jinzai.core.models import Grade, Organisation, Unit


class EmploymentType(models.TextChoices):
    REGULAR = "regular", "正規"
    REAPPOINTED = "reappointed", "再任用"
    FIXED_TERM = "fixed_term", "任期付"
    SPECIFIC_FIXED_TERM = "specific_fixed_term", "特定任期付"
    FISCAL_YEAR = "fiscal_year", "会計年度任用"
    TEMPORARY = "temporary", "臨時的任用"


class Staff(models.Model):
    """職員. Never holds a マイナンバー. `current_unit`/`grade` mirror the open assignment."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff")
    staff_no = models.CharField("職員番号", max_length=20)
    name = models.CharField("氏名", max_length=100)
    kana = models.CharField("ふりがな", max_length=100, blank=True)
    employment_type = models.CharField(
        "任用形態", max_length=30, choices=EmploymentType.choices, default=EmploymentType.REGULAR
    )
    grade = models.ForeignKey(Grade, verbose_name="職名", on_delete=models.PROTECT, null=True, blank=True)
    current_unit = models.ForeignKey(
        Unit,
        verbose_name="所属",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="current_staff",
    )
    hired_on = models.DateField("採用年月日", null=True, blank=True)
    retired_on = models.DateField("退職日", null=True, blank=True)
    email = models.EmailField("メール", blank=True)
    phone = models.CharField("電話（内線）", max_length=30, blank=True)
    # Optional; only hr and the person see it (docs/roles.md). Shares by age band use it.
    birth_date = models.DateField("生年月日", null=True, blank=True)
    search_text = models.CharField(max_length=400, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Fields an import may set; the order is the export order.
    MASTER_FIELDS = (
        "staff_no",
        "name",
        "kana",
        "employment_type",
        "hired_on",
        "retired_on",
        "email",
        "phone",
        "birth_date",
    )
    CONTACT_FIELDS = ("email", "phone")
    SENSITIVE_FIELDS = ("birth_date",)

    class Meta:
        ordering = ["staff_no"]
        verbose_name = "職員"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "staff_no"], name="staff_no_unique_per_org")
        ]
        indexes = [
            models.Index(fields=["organisation", "current_unit"]),
            models.Index(fields=["organisation", "retired_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.staff_no}）"

    @property
    def is_active(self) -> bool:
        return self.retired_on is None


class Assignment(models.Model):
    """職務経験: one row per posting. Transfers append; nothing is overwritten."""

    class Source(models.TextChoices):
        MANUAL = "manual", "手入力"
        IMPORT = "import", "取込"
        DEMO = "demo", "デモ"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name="所属", on_delete=models.PROTECT, related_name="assignments")
    grade = models.ForeignKey(Grade, verbose_name="職名", on_delete=models.PROTECT, null=True, blank=True)
    started_on = models.DateField("開始日")
    ended_on = models.DateField("終了日", null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    note = models.CharField("備考", max_length=200, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "職務経験"
        indexes = [models.Index(fields=["staff", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["staff"], condition=Q(ended_on__isnull=True), name="one_open_assignment"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="assignment_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.unit} {self.started_on}〜{self.ended_on or ''}"


class ConcurrentPost(models.Model):
    """兼務: a second post in another unit beside the main assignment (e.g. 情報政策課 兼務).

    Kept apart from `Assignment` so that a person still has exactly one open main posting (which
    `Staff.current_unit` mirrors); coverage counts people in both. Ending keeps the row (history)."""

    class Source(models.TextChoices):
        MANUAL = "manual", "手入力"
        IMPORT = "import", "取込"
        APPOINTMENT = "appointment", "兼務発令"
        DEMO = "demo", "デモ"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="concurrent_posts")
    unit = models.ForeignKey(
        Unit, verbose_name="兼務先", on_delete=models.PROTECT, related_name="concurrent_posts"
    )
    title = models.CharField("兼務の職", max_length=50, blank=True)
    started_on = models.DateField("開始日")
    ended_on = models.DateField("終了日", null=True, blank=True)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.MANUAL)
    note = models.CharField("備考", max_length=200, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "兼務"
        indexes = [
            models.Index(fields=["organisation", "ended_on"]),
            models.Index(fields=["staff", "ended_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "unit"],
                condition=Q(ended_on__isnull=True),
                name="one_open_concurrent_post_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="concurrent_post_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.unit} 兼務 {self.started_on}〜{self.ended_on or ''}"

    def is_active_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)
