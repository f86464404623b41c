"""The training catalog (研修), its sessions (開催), enrolments (受講) and the feedback survey."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from jinzai.core.models import Organisation


class Course(models.Model):
    class Provider(models.TextChoices):
        SOUMU = "soumu", "総務省"
        JICHIDAI = "jichidai", "自治大学校"
        JLIS = "jlis", "J-LIS（地方公共団体情報システム機構）"
        JFM = "jfm", "地方公共団体金融機構"
        PREFECTURE = "prefecture", "都道府県（共同研修）"
        PRIVATE = "private", "民間"
        INTERNAL = "internal", "庁内"

    class Mode(models.TextChoices):
        ELEARNING = "elearning", "eラーニング"
        CLASSROOM = "classroom", "集合"
        ONLINE = "online", "オンライン"
        OJT = "ojt", "OJT"

    class Step(models.IntegerChoices):
        STEP1 = 1, "ステップ1（レベル1〜2）"
        STEP2 = 2, "ステップ2（レベル3〜4）"
        STEP3 = 3, "ステップ3（レベル5）"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("研修名", max_length=120)
    provider_type = models.CharField("実施主体", max_length=20, choices=Provider.choices)
    provider_name = models.CharField("実施機関・講座名", max_length=120, blank=True)
    mode = models.CharField("形式", max_length=20, choices=Mode.choices)
    hours = models.DecimalField("時間", max_digits=5, decimal_places=1, default=0)
    fee = models.PositiveIntegerField("受講料（1人・円）", default=0)
    step = models.PositiveSmallIntegerField("段階", choices=Step.choices, default=Step.STEP1)
    target_talent_types = models.ManyToManyField(
        "talent.TalentType", verbose_name="対象の人材像", blank=True, related_name="+"
    )
    skill_items = models.TextField("身につくスキル", blank=True, help_text="1行に1つ書いてください。")
    prepares_for = models.ForeignKey(
        "learning.Certification",
        verbose_name="対策になる資格",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField("内容", blank=True)
    is_active = models.BooleanField("募集に使う", default=True)
    # A prefecture's joint course copied into this catalog (region app): its schedule and seats are set there.
    managed_by = models.ForeignKey(
        Organisation,
        verbose_name="運営する団体（共同研修）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["step", "title", "id"]
        verbose_name = "研修"

    def __str__(self) -> str:
        return self.title

    def skill_list(self) -> list[str]:
        return [line.strip() for line in self.skill_items.splitlines() if line.strip()]


class Session(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField("回の名称", max_length=80, help_text="例: 第1回、前期")
    starts_on = models.DateField("開始日")
    ends_on = models.DateField("終了日")
    venue = models.CharField("会場またはURL", max_length=200, blank=True)
    capacity = models.PositiveIntegerField("定員", null=True, blank=True, help_text="空欄なら定員なしです。")
    apply_deadline = models.DateField("申込締切", null=True, blank=True)
    note = models.CharField("備考", max_length=200, blank=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = "研修の開催"
        indexes = [models.Index(fields=["organisation", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="session_valid_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course.title} {self.title}"

    @property
    def remaining(self) -> int | None:
        """Free seats (needs the `held` annotation of selectors.with_seats); None without a capacity."""
        if self.capacity is None:
            return None
        return max(self.capacity - getattr(self, "held", 0), 0)


class Enrolment(models.Model):
    """申込 → 所属長の承認 → DX推進担当の確定 (or キャンセル待ち); then attendance and completion."""

    class Status(models.TextChoices):
        APPLIED = "applied", "申込（所属長の承認待ち）"
        APPROVED = "approved", "所属長承認済（確定待ち）"
        CONFIRMED = "confirmed", "受講確定"
        WAITLISTED = "waitlisted", "キャンセル待ち"
        REJECTED = "rejected", "不承認"
        CANCELLED = "cancelled", "取消"

    class Result(models.TextChoices):
        NONE = "", "未記録"
        COMPLETED = "completed", "修了"
        ATTENDED = "attended", "受講（未修了）"
        ABSENT = "absent", "欠席"

    class Source(models.TextChoices):
        APPLY = "apply", "本人の申込"
        OFFICE = "office", "DX推進担当の登録"
        IMPORT = "import", "一括取込"
        DEMO = "demo", "デモ"

    SEAT_HOLDING = (Status.APPLIED, Status.APPROVED, Status.CONFIRMED)
    ACTIVE = (*SEAT_HOLDING, Status.WAITLISTED)

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="enrolments")
    staff = models.ForeignKey("people.Staff", on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField("状態", max_length=20, choices=Status.choices, default=Status.APPLIED)
    result = models.CharField("結果", max_length=20, choices=Result.choices, blank=True, default="")
    completed_on = models.DateField("修了日", null=True, blank=True)
    fee = models.PositiveIntegerField("受講料（円）", default=0)  # the course fee when confirmed
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.APPLY)
    reason = models.CharField("理由", max_length=300, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "受講"
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["staff", "result"]),
            models.Index(fields=["organisation", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "staff"],
                condition=Q(status__in=["applied", "approved", "confirmed", "waitlisted"]),
                name="one_active_enrolment_per_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff.name}: {self.session}"


class Feedback(models.Model):
    """The short survey a participant answers after completing a course."""

    SCALE = [(n, str(n)) for n in range(1, 6)]

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="feedback")
    satisfaction = models.PositiveSmallIntegerField("満足度", choices=SCALE)
    usefulness = models.PositiveSmallIntegerField("業務への役立ち度", choices=SCALE)
    comments = models.TextField("ご意見・ご感想", blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "研修アンケート"

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.satisfaction}/{self.usefulness}"
