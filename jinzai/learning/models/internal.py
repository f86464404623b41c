"""Curricula, internal certification rules (庁内認定) and their awards; the learning imports."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from jinzai.core.models import Membership, Organisation


class Curriculum(models.Model):
    class Mode(models.TextChoices):
        ALL = "all", "すべて修了"
        N_OF = "n_of", "指定した数を修了"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("カリキュラム名", max_length=100)
    description = models.TextField("説明", blank=True)
    mode = models.CharField("修了の条件", max_length=10, choices=Mode.choices, default=Mode.ALL)
    required_count = models.PositiveSmallIntegerField("修了が必要な研修の数", null=True, blank=True)
    courses = models.ManyToManyField("learning.Course", verbose_name="研修", related_name="curricula")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "カリキュラム"

    def __str__(self) -> str:
        return self.name


class InternalCertRule(models.Model):
    """庁内認定の要件: a curriculum, optionally a knowledge test and certifications held."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("認定の名称", max_length=100)
    description = models.TextField("説明", blank=True)
    curriculum = models.ForeignKey(
        Curriculum,
        verbose_name="カリキュラム",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requires_test = models.BooleanField("知識テストの合格を求める", default=False)
    test_id = models.PositiveIntegerField(
        "知識テスト", null=True, blank=True
    )  # a skills test, when installed
    certifications = models.ManyToManyField(
        "learning.Certification", verbose_name="保有が必要な資格", blank=True, related_name="+"
    )
    talent_type = models.ForeignKey(
        "talent.TalentType", verbose_name="認定で指定する人材像", on_delete=models.PROTECT, related_name="+"
    )
    sub_role = models.ForeignKey(
        "talent.SubRole",
        verbose_name="区分",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField("使用中", default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "庁内認定の要件"

    def __str__(self) -> str:
        return self.name


class InternalCertification(models.Model):
    """A person certified under a rule. Revoking sets `revoked_on`; the row stays as history."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(InternalCertRule, on_delete=models.PROTECT, related_name="awards")
    staff = models.ForeignKey(
        "people.Staff", on_delete=models.PROTECT, related_name="internal_certifications"
    )
    certified_on = models.DateField("認定日")
    designation = models.ForeignKey(
        "talent.Designation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    revoked_on = models.DateField("取消日", null=True, blank=True)
    revoke_reason = models.CharField("取消の理由", max_length=200, blank=True)

    class Meta:
        ordering = ["-certified_on", "-id"]
        verbose_name = "庁内認定"
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "staff"], condition=Q(revoked_on__isnull=True), name="one_active_award"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff.name}: {self.rule.name}"
