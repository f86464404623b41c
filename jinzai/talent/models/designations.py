"""Talent types (人材像) with sub-roles, and designations of staff as a type (指定)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from jinzai.core.models import Membership, Organisation


class TalentType(models.Model):
    """人材像. Defaults: 高度専門人材, DX推進リーダー (DX推進担当・業務担当), 一般行政職員; orgs may add tiers."""

    class Kind(models.TextChoices):
        EXPERT = "expert", "高度専門人材"
        LEADER = "leader", "DX推進リーダー"
        GENERAL = "general", "一般行政職員"
        CUSTOM = "custom", "独自の人材像"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="talent_types")
    kind = models.CharField("区分", max_length=20, choices=Kind.choices, default=Kind.CUSTOM)
    name = models.CharField("名称", max_length=60)
    description = models.TextField("説明", blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上位の人材像（階層を分けるとき）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tiers",
    )
    sort_order = models.PositiveIntegerField("表示順", default=0)
    is_active = models.BooleanField("使用中", default=True)
    retired_on = models.DateField("使用をやめた日", null=True, blank=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "人材像"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="talent_type_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class SubRole(models.Model):
    """A sub-role of a talent type, e.g. DX推進リーダー → DX推進担当 / 業務担当."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    talent_type = models.ForeignKey(TalentType, on_delete=models.CASCADE, related_name="sub_roles")
    name = models.CharField("名称", max_length=60)
    description = models.TextField("説明", blank=True)
    sort_order = models.PositiveIntegerField("表示順", default=0)
    is_active = models.BooleanField("使用中", default=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "区分（サブロール）"
        constraints = [models.UniqueConstraint(fields=["talent_type", "name"], name="sub_role_name_unique")]

    def __str__(self) -> str:
        return f"{self.talent_type.name}（{self.name}）"


class Designation(models.Model):
    """The record that a staff member is of a talent type. Ending keeps the row (history)."""

    class Method(models.TextChoices):
        VOLUNTEER = "volunteer", "手挙げ（庁内公募）"
        NOMINATED = "nominated", "指名・兼務発令なし"
        APPOINTED = "appointed", "指名・兼務発令あり"

    class Source(models.TextChoices):
        MANUAL = "manual", "手入力"
        IMPORT = "import", "取込"
        CALL = "call", "庁内公募"
        CERTIFICATION = "certification", "認定"
        DEMO = "demo", "デモ"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey("people.Staff", on_delete=models.PROTECT, related_name="designations")
    talent_type = models.ForeignKey(TalentType, on_delete=models.PROTECT, related_name="designations")
    sub_role = models.ForeignKey(
        SubRole, on_delete=models.PROTECT, null=True, blank=True, related_name="designations"
    )
    method = models.CharField("指定の方法", max_length=20, choices=Method.choices, default=Method.NOMINATED)
    duties = models.TextField("事務分掌", blank=True)
    started_on = models.DateField("開始日")
    ended_on = models.DateField("終了日", null=True, blank=True)
    end_reason = models.CharField("終了の理由", max_length=200, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField("備考", max_length=200, blank=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "指定"
        indexes = [
            models.Index(fields=["organisation", "talent_type", "started_on"]),
            models.Index(fields=["staff", "ended_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="designation_valid_range",
            ),
        ]

    def __str__(self) -> str:
        role = f"（{self.sub_role.name}）" if self.sub_role_id else ""
        return f"{self.staff.name}: {self.talent_type.name}{role}"

    def is_active_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)
