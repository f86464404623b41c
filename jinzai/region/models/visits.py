"""Hands-on support (伴走支援): contact persons, the annual visit plan, visits and their follow-ups."""

from __future__ import annotations

from django.db import models

from jinzai.core.models import Membership, Organisation

from .common import Mode


class Counterpart(models.Model):
    """The contact persons of a municipality (市町村担当窓口): the prefecture's and the municipality's."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # prefecture
    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    prefecture_contact = models.CharField("県の担当者", max_length=100, blank=True)
    municipal_contact = models.CharField("市区町村の窓口", max_length=150, blank=True)
    note = models.CharField("備考", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "担当窓口"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "municipality"], name="counterpart_unique")
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.prefecture_contact}"


class VisitPlan(models.Model):
    """One planned visit of the year (e.g. the yearly individual visit and hearing)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # prefecture
    municipality = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    planned_month = models.PositiveSmallIntegerField("予定の月")
    purpose = models.CharField("目的", max_length=200, default="年に一度の個別訪問とヒアリング")

    class Meta:
        ordering = ["fiscal_year", "planned_month", "municipality__code", "id"]
        verbose_name = "訪問計画"

    def __str__(self) -> str:
        return f"{self.municipality} {self.fiscal_year}-{self.planned_month}"


class Visit(models.Model):
    """A visit (or online hearing) made to a municipality; the municipality's row (decisions R1)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # municipality
    prefecture = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        VisitPlan,
        verbose_name="訪問計画",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    visited_on = models.DateField("訪問日")
    mode = models.CharField("形", max_length=10, choices=Mode.choices, default=Mode.VISIT)
    attendees = models.TextField("出席者", help_text="例: 県 市町村課 2名、町 企画財政課長・担当")
    topics = models.TextField("話題", blank=True)
    hearing_notes = models.TextField("ヒアリングの内容")
    recorded_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = "訪問"
        indexes = [models.Index(fields=["prefecture", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.organisation} {self.visited_on}"


class FollowUp(models.Model):
    class Side(models.TextChoices):
        PREFECTURE = "prefecture", "県"
        MUNICIPALITY = "municipality", "市区町村"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # municipality
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.CharField("対応すること", max_length=200)
    side = models.CharField("担当", max_length=20, choices=Side.choices)
    owner = models.CharField("担当者", max_length=100, blank=True)
    due_on = models.DateField("期限")
    done_on = models.DateField("完了日", null=True, blank=True)

    class Meta:
        ordering = ["done_on", "due_on", "id"]
        verbose_name = "フォローアップ"

    def __str__(self) -> str:
        return self.action
