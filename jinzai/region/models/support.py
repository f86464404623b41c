"""Support requests (支援要請・相談) of a municipality, the prefecture's handling, dispatches and feedback.

Every row is the requesting municipality's (`organisation`); `prefecture` names the addressee (decisions R1).
"""

from __future__ import annotations

from django.db import models

from jinzai.core.models import Membership, Organisation

from .. import schemes
from .bank import Expert
from .common import AREAS, Mode, WantedMode


class SupportRequest(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "受付待ち"
        ACCEPTED = "accepted", "調整中"
        MATCHED = "matched", "専門家決定"
        IN_SUPPORT = "in_support", "支援中"
        DONE = "done", "完了"
        DECLINED = "declined", "見送り"
        WITHDRAWN = "withdrawn", "取下げ"

    class Urgency(models.TextChoices):
        NORMAL = "normal", "通常"
        SOON = "soon", "早めに"
        URGENT = "urgent", "至急"

    OPEN = (Status.SUBMITTED, Status.ACCEPTED, Status.MATCHED, Status.IN_SUPPORT)
    BADGES = {
        Status.SUBMITTED: "orange",
        Status.ACCEPTED: "blue",
        Status.MATCHED: "cyan",
        Status.IN_SUPPORT: "cyan",
        Status.DONE: "green",
        Status.DECLINED: "gray",
        Status.WITHDRAWN: "gray",
    }

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # municipality
    prefecture = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("件名", max_length=120)
    topic = models.CharField("分野", max_length=20, choices=AREAS)
    description = models.TextField(
        "相談したいこと", help_text="困っている業務の特徴や課題も書くと、調整が早く進みます。"
    )
    needed_items = models.ManyToManyField(
        "skills.Item", verbose_name="必要なスキル", blank=True, related_name="+"
    )  # items of the prefecture's skill maps
    period_from = models.DateField("希望する時期（から）", null=True, blank=True)
    period_to = models.DateField("希望する時期（まで）", null=True, blank=True)
    mode = models.CharField("支援の形", max_length=10, choices=WantedMode.choices, default=WantedMode.EITHER)
    urgency = models.CharField("緊急度", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    preferred_scheme = models.CharField(
        "使いたい制度", max_length=30, blank=True, choices=schemes.dispatch_choices()
    )
    contact = models.CharField("担当者・連絡先", max_length=200, help_text="例: 企画財政課 企画係 内線123")
    status = models.CharField("状態", max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    decline_reason = models.CharField("見送りの理由", max_length=300, blank=True)
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    assignee = models.ForeignKey(  # the prefecture's person in charge
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = "支援要請"
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["prefecture", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def badge(self) -> str:
        return self.BADGES.get(self.status, "gray")

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class RequestEvent(models.Model):
    """The timeline of a request: status changes and messages of either side (organisation and role only)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "提出"
        ACCEPTED = "accepted", "受付"
        DECLINED = "declined", "見送り"
        WITHDRAWN = "withdrawn", "取下げ"
        ASSIGNED = "assigned", "専門家の決定"
        DISPATCHED = "dispatched", "派遣の記録"
        REPORTED = "reported", "派遣の報告"
        FEEDBACK = "feedback", "評価"
        COMMENT = "comment", "連絡"
        CLOSED = "closed", "完了"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # municipality
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(blank=True)
    by_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    by_role = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=20, blank=True)  # the request's status after the event
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "支援要請の経過"

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"

    @property
    def by_label(self) -> str:
        from jinzai.core.roles import Role

        role = Role(self.by_role).label if self.by_role in Role.values else ""
        return f"{self.by_organisation.name}{(' ' + role) if role else ''}"


class RequestExpert(models.Model):
    """An expert the prefecture chose for a request (with the matching score when it was chosen)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # municipality
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(default=0)
    reasons = models.JSONField(default=list)
    note = models.CharField("調整のメモ", max_length=200, blank=True)
    assigned_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assigned_at", "id"]
        verbose_name = "支援要請の専門家"
        constraints = [models.UniqueConstraint(fields=["request", "expert"], name="request_expert_unique")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.expert_id}"


class Dispatch(models.Model):
    """派遣: one session of support given under a scheme; it counts against the scheme's cap (decisions R9)."""

    REPORT_DAYS = 14

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # municipality
    prefecture = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(SupportRequest, on_delete=models.PROTECT, related_name="dispatches")
    expert = models.ForeignKey(Expert, verbose_name="専門家", on_delete=models.PROTECT, related_name="+")
    scheme = models.CharField("制度", max_length=30, choices=schemes.dispatch_choices())
    advice_kind = models.CharField(
        "助言の種類",
        max_length=20,
        blank=True,
        choices=schemes.ADVICE_KINDS,
        help_text="DXアドバイザーのときに選びます。",
    )
    held_on = models.DateField("実施日")
    fiscal_year = models.PositiveSmallIntegerField()  # of held_on
    hours = models.DecimalField("時間", max_digits=4, decimal_places=1)
    mode = models.CharField("形", max_length=10, choices=Mode.choices)
    outcome = models.TextField("実施した内容", blank=True)
    cap_reason = models.CharField("上限を超えて記録する理由", max_length=300, blank=True)
    report_due_on = models.DateField("報告の期限")
    report = models.TextField("助言の内容（報告）", blank=True)
    follow_ups = models.TextField("今後の対応", blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "派遣"
        indexes = [
            models.Index(fields=["organisation", "scheme", "fiscal_year"]),
            models.Index(fields=["prefecture", "fiscal_year"]),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_scheme_display()}"


class RequestFeedback(models.Model):
    """The municipality's assessment of the support it received."""

    SCALE = [(n, str(n)) for n in range(1, 6)]

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # municipality
    request = models.OneToOneField(SupportRequest, on_delete=models.CASCADE, related_name="feedback")
    satisfaction = models.PositiveSmallIntegerField("満足度", choices=SCALE)
    usefulness = models.PositiveSmallIntegerField("業務への役立ち度", choices=SCALE)
    comments = models.TextField("ご意見", blank=True)
    submitted_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "支援への評価"

    def __str__(self) -> str:
        return f"{self.request_id}: {self.satisfaction}/{self.usefulness}"
