"""Nominations (指名・推薦): a manager nominates a person for one or more tracks, the DX office decides each."""

from __future__ import annotations

from django.db import models

from jinzai.core.models import Membership, Organisation, Unit

from .designations import Designation, SubRole, TalentType


class Nomination(models.Model):
    """A nomination with a reason. Its status follows from its tracks (see ``nomination_status``)."""

    class Status(models.TextChoices):
        PENDING = "pending", "審査中"
        APPROVED = "approved", "承認"
        PARTLY = "partly", "一部承認"
        REJECTED = "rejected", "不承認"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey("people.Staff", on_delete=models.PROTECT, related_name="nominations")
    nominated_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nominator_name = models.CharField("推薦した人", max_length=120, blank=True)
    reason = models.TextField("推薦の理由")
    status = models.CharField("状態", max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField("推薦日時", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "推薦・指名"
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.get_status_display()}"


class NominationTrack(models.Model):
    """One thing a nomination asks for: a designation as a type, a development programme, or a move."""

    class Kind(models.TextChoices):
        DESIGNATION = "designation", "人材像への指定"
        PROGRAMME = "programme", "育成プログラム"
        MOVE = "move", "異動（配置換え）"

    class Decision(models.TextChoices):
        PENDING = "pending", "審査中"
        APPROVED = "approved", "承認"
        REJECTED = "rejected", "不承認"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="tracks")
    kind = models.CharField("推薦の内容", max_length=12, choices=Kind.choices)
    talent_type = models.ForeignKey(
        TalentType, verbose_name="人材像", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sub_role = models.ForeignKey(
        SubRole, verbose_name="区分", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    programme = models.CharField("育成プログラム", max_length=120, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name="異動先の所属", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.CharField("判断", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField("判断の理由・連絡", blank=True)
    decided_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("判断の日時", null=True, blank=True)
    designation = models.ForeignKey(
        Designation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    concurrent_unit = models.ForeignKey(
        Unit, verbose_name="兼務発令の所属", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "推薦の内容"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_decision_display()}"

    @property
    def subject(self) -> str:
        """What the track asks for, in words (「DX推進リーダー（業務担当）」, 「異動：情報政策課」 …)."""
        if self.kind == self.Kind.DESIGNATION and self.talent_type_id:
            role = f"（{self.sub_role.name}）" if self.sub_role_id else ""
            return f"{self.talent_type.name}{role}"
        if self.kind == self.Kind.PROGRAMME:
            return self.programme
        if self.kind == self.Kind.MOVE and self.unit_id:
            return self.unit.name
        return ""
