"""Careers: career models and the DX career ladder of an organisation, each person's career plan, the annual
自己申告 (wishes, interest in DX work, motivation), hr's aptitude notes and evaluation results on digital
items. Aptitude notes, evaluations and the 自己申告's free text are sensitive fields (talent/permissions.py)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from jinzai.core.models import Membership, Organisation, Unit

from .designations import SubRole, TalentType


class CareerModel(models.Model):
    """A career model (キャリアモデル): defaults ゼネラリスト, エキスパート, 特定部門エキスパート; editable."""

    class Kind(models.TextChoices):
        GENERALIST = "generalist", "ゼネラリスト"
        EXPERT = "expert", "エキスパート（分野）"
        DEPARTMENT = "department", "特定部門エキスパート（部門）"
        CUSTOM = "custom", "独自のモデル"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("区分", max_length=12, choices=Kind.choices, default=Kind.CUSTOM)
    name = models.CharField("名称", max_length=60)
    description = models.TextField("説明", blank=True)
    field_label = models.CharField(
        "分野・部門の呼び方", max_length=40, blank=True, help_text="例: 分野（福祉・まちづくり等）"
    )
    sort_order = models.PositiveIntegerField("表示順", default=0)
    is_active = models.BooleanField("使用中", default=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "キャリアモデル"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="career_model_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CareerStep(models.Model):
    """A step of the DX career ladder. A person stands on the highest step whose talent type (and sub-role)
    they are designated as today; everyone stands at least on the first step."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField("段")
    name = models.CharField("名称", max_length=60)
    description = models.TextField("説明", blank=True)
    talent_type = models.ForeignKey(
        TalentType, verbose_name="人材像", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sub_role = models.ForeignKey(
        SubRole, verbose_name="区分", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "キャリアの段"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "order"], name="career_step_order_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CareerPlan(models.Model):
    """A person's career plan (キャリアプラン): the model they chose, its field, from which year, the next
    role they aim at and their objective. One current row per person; changes are audited."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    staff = models.OneToOneField("people.Staff", on_delete=models.CASCADE, related_name="career_plan")
    career_model = models.ForeignKey(
        CareerModel,
        verbose_name="キャリアモデル",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    field = models.CharField("分野・部門", max_length=100, blank=True)
    from_fiscal_year = models.PositiveSmallIntegerField("いつから（年度）", null=True, blank=True)
    next_role = models.CharField("次にめざす役割", max_length=120, blank=True)
    objective = models.TextField("キャリアの目標", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "キャリアプラン"

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.career_model or ''}"


class DeclarationPeriod(models.Model):
    """The period in which staff fill in the annual 自己申告 (異動希望調書), opened by hr."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    opens_on = models.DateField("受付の開始日")
    closes_on = models.DateField("受付の締切日")
    note = models.TextField("職員へのお知らせ", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year", "-id"]
        verbose_name = "自己申告の受付"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year"], name="declaration_period_unique"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="declaration_period_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}年度"

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class SelfDeclaration(models.Model):
    """One person's 自己申告 of a year: stay or move (and where), interest in DX work, motivation, free text."""

    class Wish(models.TextChoices):
        STAY = "stay", "今の所属で続けたい"
        MOVE = "move", "異動したい"
        EITHER = "either", "どちらでもよい"

    class Interest(models.TextChoices):
        YES = "yes", "DXの仕事をしたい"
        MAYBE = "maybe", "機会があればしたい"
        NO = "no", "今は考えていない"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(DeclarationPeriod, on_delete=models.PROTECT, related_name="declarations")
    staff = models.ForeignKey("people.Staff", on_delete=models.CASCADE, related_name="self_declarations")
    wish = models.CharField("異動の希望", max_length=10, choices=Wish.choices)
    wish_unit = models.ForeignKey(
        Unit, verbose_name="希望する所属", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    wish_text = models.CharField("希望する仕事・所属（自由記入）", max_length=200, blank=True)
    dx_interest = models.CharField("DXの仕事への関心", max_length=10, choices=Interest.choices)
    motivation = models.PositiveSmallIntegerField("今の仕事への意欲（1〜5）")
    comment = models.TextField("人事担当への申し出（自由記入）", blank=True)
    submitted_at = models.DateTimeField("提出日時", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period__fiscal_year", "-id"]
        verbose_name = "自己申告"
        constraints = [models.UniqueConstraint(fields=["period", "staff"], name="one_declaration_per_period")]
        indexes = [models.Index(fields=["staff", "period"])]

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.period}"


class AptitudeNote(models.Model):
    """A note by hr on a person's aptitude (適性). Appended, never overwritten; hr only."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey("people.Staff", on_delete=models.CASCADE, related_name="aptitude_notes")
    text = models.TextField("適性のメモ")
    written_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_by_name = models.CharField("記入者", max_length=120, blank=True)
    created_at = models.DateTimeField("記入日時", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "適性のメモ"

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.created_at:%Y-%m-%d}"


class Evaluation(models.Model):
    """A result of the personnel evaluation (人事評価) on a digital item, imported from the HR system."""

    GRADES = ("S", "A", "B", "C", "a", "b", "c")

    class Source(models.TextChoices):
        IMPORT = "import", "取込"
        DEMO = "demo", "デモ"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey("people.Staff", on_delete=models.CASCADE, related_name="evaluations")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    item = models.CharField("評価項目", max_length=100)
    grade = models.CharField("評価", max_length=2)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.IMPORT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "item", "id"]
        verbose_name = "人事評価（デジタルの項目）"
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "fiscal_year", "item"], name="one_evaluation_per_item_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_id}: {self.fiscal_year} {self.item} {self.grade}"
