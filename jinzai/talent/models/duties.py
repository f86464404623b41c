"""The DX duties registry (DX業務: systems and tasks) with primary and backup holders (主担当・副担当).

A duty's holders on a day are the rows in force that day; the number of them is the duty's bus factor
(担い手の数). Ending a holder keeps the row, so the concentration index can be computed back in time."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from jinzai.core.models import Organisation, Unit


class Duty(models.Model):
    class Kind(models.TextChoices):
        SYSTEM = "system", "システム"
        TASK = "task", "業務"

    class Category(models.TextChoices):
        CORE = "core", "基幹系システムの運用"
        NETWORK = "network", "ネットワークの管理"
        PC = "pc", "庁内PCの管理"
        WEB = "web", "ホームページの管理"
        RPA = "rpa", "RPAの保守"
        SECURITY = "security", "情報セキュリティへの対応"
        STANDARD = "standard", "標準化・ガバメントクラウドへの対応"
        DATA = "data", "データの活用"
        OTHER = "other", "その他"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("業務の名称", max_length=100)
    kind = models.CharField("種類", max_length=10, choices=Kind.choices, default=Kind.SYSTEM)
    category = models.CharField("分類", max_length=12, choices=Category.choices, default=Category.OTHER)
    weight = models.PositiveSmallIntegerField("重み（1〜10）", default=3)
    unit = models.ForeignKey(
        Unit, verbose_name="担当する所属", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField("内容", blank=True)
    outsourced = models.BooleanField("外部に委託している", default=False)
    contractor = models.CharField("委託先", max_length=120, blank=True)
    security_checked_on = models.DateField("委託先のセキュリティを確かめた日", null=True, blank=True)
    # what a backup should bring: keys of candidate facts ("skill:12", "certification:3"), see talent.facts
    skill_keys = models.JSONField("必要なスキル・資格", default=list, blank=True)
    started_on = models.DateField("登録日")
    ended_on = models.DateField("廃止日", null=True, blank=True)
    sort_order = models.PositiveIntegerField("表示順", default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "DX業務"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="duty_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)


class DutyHolder(models.Model):
    class Role(models.TextChoices):
        PRIMARY = "primary", "主担当"
        BACKUP = "backup", "副担当"

    class Proficiency(models.IntegerChoices):
        LEARNING = 1, "引き継ぎ中"
        WITH_MANUAL = 2, "手順書を見ればできる"
        ALONE = 3, "一人でできる"
        TEACHES = 4, "人に教えられる"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="holders")
    staff = models.ForeignKey("people.Staff", on_delete=models.PROTECT, related_name="duty_holdings")
    role = models.CharField("役割", max_length=10, choices=Role.choices, default=Role.PRIMARY)
    proficiency = models.PositiveSmallIntegerField(
        "習熟", choices=Proficiency.choices, default=Proficiency.ALONE
    )
    started_on = models.DateField("開始日")
    ended_on = models.DateField("終了日", null=True, blank=True)
    note = models.CharField("備考", max_length=200, blank=True)

    class Meta:
        ordering = ["duty", "role", "started_on", "id"]
        verbose_name = "DX業務の担当"
        indexes = [
            models.Index(fields=["organisation", "ended_on"]),
            models.Index(fields=["staff", "ended_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["duty", "staff"], condition=Q(ended_on__isnull=True), name="one_open_holding_per_duty"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="duty_holder_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.duty_id}: {self.staff_id} {self.get_role_display()}"

    def is_active_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)
