"""Joint training (共同研修) run by the prefecture: a course, its sessions and seats per municipality.

Publishing copies the course into each allocated municipality's learning catalog (decisions R8): the
allocation keeps the municipality's `local_session`, whose enrolments are the municipality's own records.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from jinzai.core.models import Organisation


class JointCourse(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "準備中"
        PUBLISHED = "published", "公開中"

    class Split(models.TextChoices):
        EQUAL = "equal", "参加団体で均等に"
        SEATS = "seats", "配分した座席数で"
        PARTICIPANTS = "participants", "受講した人数で"

    MODES = (("classroom", "集合"), ("online", "オンライン"), ("elearning", "eラーニング"))

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # prefecture
    title = models.CharField("研修名", max_length=120)
    provider_name = models.CharField("実施機関・講師", max_length=120, blank=True)
    mode = models.CharField("形式", max_length=20, choices=MODES, default="classroom")
    hours = models.DecimalField("時間", max_digits=5, decimal_places=1, default=0)
    fee = models.PositiveIntegerField("受講料（1人・円）", default=0)
    step = models.PositiveSmallIntegerField(
        "段階",
        default=1,
        choices=[(1, "ステップ1（レベル1〜2）"), (2, "ステップ2（レベル3〜4）"), (3, "ステップ3（レベル5）")],
    )
    description = models.TextField("内容", blank=True)
    shared_cost = models.PositiveIntegerField(
        "共同で負担する経費（円）",
        default=0,
        help_text="講師謝金・会場費など、参加団体で分け合う経費の合計です。",
    )
    split_rule = models.CharField("経費の分け方", max_length=20, choices=Split.choices, default=Split.SEATS)
    status = models.CharField("状態", max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "共同研修"

    def __str__(self) -> str:
        return self.title


class JointSession(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # prefecture
    course = models.ForeignKey(JointCourse, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField("回の名称", max_length=80)
    starts_on = models.DateField("開始日")
    ends_on = models.DateField("終了日")
    venue = models.CharField("会場またはURL", max_length=200, blank=True)
    apply_deadline = models.DateField("申込締切", null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = "共同研修の開催回"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="joint_session_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course.title} {self.title}"


class SeatAllocation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # prefecture
    session = models.ForeignKey(JointSession, on_delete=models.CASCADE, related_name="allocations")
    municipality = models.ForeignKey(
        Organisation, verbose_name="団体", on_delete=models.PROTECT, related_name="+"
    )
    seats = models.PositiveIntegerField("座席数", default=0)
    local_session = models.ForeignKey(  # the municipality's copy (learning), made on publication
        "learning.Session", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["municipality__code"]
        verbose_name = "共同研修の座席"
        constraints = [
            models.UniqueConstraint(fields=["session", "municipality"], name="seat_allocation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.municipality}: {self.seats}"
