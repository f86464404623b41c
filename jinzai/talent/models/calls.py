"""Calls for applications (庁内公募・手挙げ) and the applications to them."""

from __future__ import annotations

from django.db import models

from jinzai.core.models import Membership, Organisation

from .designations import Designation, SubRole, TalentType


class Call(models.Model):
    """A call the DX office publishes: staff apply with a statement, their manager adds an opinion, the DX
    office selects; a selection creates a designation with the method 手挙げ."""

    class Status(models.TextChoices):
        DRAFT = "draft", "下書き"
        OPEN = "open", "募集中"
        CLOSED = "closed", "選考中"
        DECIDED = "decided", "選考済み"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("公募の名称", max_length=120)
    talent_type = models.ForeignKey(
        TalentType, verbose_name="人材像", on_delete=models.PROTECT, related_name="+"
    )
    sub_role = models.ForeignKey(
        SubRole, verbose_name="区分", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    wanted = models.PositiveSmallIntegerField("募集人数")
    deadline = models.DateField("応募の締切日")
    text = models.TextField("募集の内容")
    duties = models.TextField("事務分掌（指定するときの内容）", blank=True)
    starts_on = models.DateField("指定の開始日")
    ends_on = models.DateField("指定の終了日（任期）", null=True, blank=True)
    status = models.CharField("状態", max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField("公開日", null=True, blank=True)
    decided_on = models.DateField("選考日", null=True, blank=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deadline", "-id"]
        verbose_name = "庁内公募"
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return self.title


class Application(models.Model):
    """One person's application to a call. Withdrawing or not being selected keeps the row."""

    class Status(models.TextChoices):
        APPLIED = "applied", "応募中"
        WITHDRAWN = "withdrawn", "取り下げ"
        SELECTED = "selected", "選考通過"
        NOT_SELECTED = "not_selected", "見送り"

    class Opinion(models.TextChoices):
        NONE = "", "まだ"
        CONSENT = "consent", "同意"
        CONCERN = "concern", "懸念あり"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    staff = models.ForeignKey("people.Staff", on_delete=models.PROTECT, related_name="call_applications")
    statement = models.TextField("応募の動機・やりたいこと")
    status = models.CharField("状態", max_length=14, choices=Status.choices, default=Status.APPLIED)
    applied_at = models.DateTimeField("応募日時", auto_now_add=True)
    manager_opinion = models.CharField(
        "所属長の意見", max_length=10, choices=Opinion.choices, default=Opinion.NONE, blank=True
    )
    manager_comment = models.TextField("所属長のコメント", blank=True)
    manager_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    manager_at = models.DateTimeField("意見の日時", null=True, blank=True)
    result_note = models.CharField("結果の連絡", max_length=300, blank=True)
    decided_at = models.DateTimeField("選考の日時", null=True, blank=True)
    designation = models.ForeignKey(
        Designation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["applied_at", "id"]
        verbose_name = "公募への応募"
        constraints = [models.UniqueConstraint(fields=["call", "staff"], name="one_application_per_call")]

    def __str__(self) -> str:
        return f"{self.call}: {self.staff_id}"
