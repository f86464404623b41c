"""Skill frameworks (スキルマップ), assessment campaigns with ratings, level criteria and knowledge tests.

History: a campaign's participants and ratings are rows of that campaign; a later campaign adds new
rows and never touches them. Ratings carry copies of the campaign, unit, staff and expected level so
that heatmaps and response rates are single aggregate queries over one table with an index.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from jinzai.core.models import Membership, Organisation, Unit

MIN_LEVELS, MAX_LEVELS = 3, 5


class Framework(models.Model):
    """スキルマップ: categories → items → a descriptor (目指す行動) per level."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    key = models.CharField("テンプレート", max_length=20, blank=True)  # literacy / leader / expert
    name = models.CharField("名称", max_length=80)
    description = models.TextField("説明", blank=True)
    level_count = models.PositiveSmallIntegerField("レベルの数", default=5)
    level_labels = models.JSONField("レベルの呼び名", default=list, blank=True)
    sort_order = models.PositiveIntegerField("表示順", default=0)
    is_active = models.BooleanField("使用中", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "スキルマップ"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="skill_framework_name_unique"),
            models.CheckConstraint(
                condition=Q(level_count__gte=MIN_LEVELS, level_count__lte=MAX_LEVELS),
                name="skill_framework_level_count",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def levels(self) -> list[int]:
        return list(range(1, self.level_count + 1))

    def level_label(self, level: int) -> str:
        labels = self.level_labels or []
        name = labels[level - 1] if 0 < level <= len(labels) and labels[level - 1] else ""
        return f"レベル{level}（{name}）" if name else f"レベル{level}"


class Category(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField("区分の名称", max_length=60)
    description = models.TextField("説明", blank=True)
    sort_order = models.PositiveIntegerField("表示順", default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "スキルの区分"
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="skill_category_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """A skill item; `descriptors[i]` is the behaviour aimed for at level i + 1."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="items")
    name = models.CharField("項目名", max_length=60)
    description = models.TextField("説明", blank=True)
    descriptors = models.JSONField("レベルごとの目指す行動", default=list)
    sort_order = models.PositiveIntegerField("表示順", default=0)
    is_active = models.BooleanField("使用中", default=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "スキル項目"
        constraints = [models.UniqueConstraint(fields=["framework", "name"], name="skill_item_name_unique")]

    def __str__(self) -> str:
        return self.name

    def descriptor(self, level: int) -> str:
        return self.descriptors[level - 1] if 0 < level <= len(self.descriptors) else ""


class RoleProfile(models.Model):
    """The level expected of a talent type on an item (役割プロファイル)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="profiles")
    talent_type = models.ForeignKey("talent.TalentType", on_delete=models.CASCADE, related_name="+")
    expected_level = models.PositiveSmallIntegerField("期待レベル")

    class Meta:
        verbose_name = "役割プロファイル"
        constraints = [
            models.UniqueConstraint(fields=["item", "talent_type"], name="skill_profile_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}/{self.talent_type_id}: {self.expected_level}"


class Campaign(models.Model):
    """スキル評価の実施: a framework rated by a population within dates. Closing locks it."""

    class Status(models.TextChoices):
        OPEN = "open", "実施中"
        CLOSED = "closed", "終了"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=100)
    fiscal_year = models.PositiveIntegerField("年度")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="campaigns")
    starts_on = models.DateField("開始日")
    ends_on = models.DateField("締切日")
    population = models.JSONField("対象者の条件", default=dict, blank=True)
    status = models.CharField("状態", max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField("終了日時", null=True, blank=True)

    class Meta:
        ordering = ["-ends_on", "-id"]
        verbose_name = "スキル評価の実施"
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_dates"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def past_deadline(self) -> bool:
        """Open, but its 締切日 has passed (the DX office has not closed it yet): it reads 締切後."""
        from jinzai.core.services import today

        return self.is_open and self.ends_on < today()

    @property
    def state_label(self) -> str:
        """実施中 / 締切後 / 終了, as every page names the campaign's state."""
        if not self.is_open:
            return "終了"
        return "締切後" if self.past_deadline else "実施中"


class Participant(models.Model):
    """One person's sheet in a campaign. `unit` and `talent_type` are taken when the campaign opens.

    `version` is the optimistic lock: every write checks the version the form was shown with and
    raises a conflict (never a silent overwrite) when someone else saved in between.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "未回答"
        SELF_DONE = "self_done", "自己評価済"
        CONFIRMED = "confirmed", "所属長確認済"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participants")
    staff = models.ForeignKey("people.Staff", on_delete=models.PROTECT, related_name="skill_sheets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    talent_type = models.ForeignKey(
        "talent.TalentType", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField("状態", max_length=12, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField("自己評価の提出", null=True, blank=True)
    confirmed_at = models.DateTimeField("所属長の確認", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    manager_comment = models.TextField("所属長のコメント", blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["staff__staff_no"]
        verbose_name = "評価シート"
        indexes = [
            models.Index(fields=["campaign", "unit", "status"]),
            models.Index(fields=["staff", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "staff"], name="skill_participant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.staff_id}"

    @property
    def is_draft(self) -> bool:
        """Saved by the person but not submitted (一時保存): only the person writes a pending sheet,
        and every save moves its version on."""
        return self.status == self.Status.PENDING and self.version > 0

    @property
    def status_label(self) -> str:
        return "一時保存" if self.is_draft else self.get_status_display()


class Rating(models.Model):
    """A rating of one item on one sheet: self, manager and the agreed final level."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="ratings")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    staff = models.ForeignKey("people.Staff", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="ratings")
    self_level = models.PositiveSmallIntegerField("自己評価", null=True, blank=True)
    self_comment = models.CharField("本人のコメント", max_length=400, blank=True)
    evidence = models.CharField("根拠（実績・資格など）", max_length=400, blank=True)
    manager_level = models.PositiveSmallIntegerField("所属長の評価", null=True, blank=True)
    manager_comment = models.CharField("所属長のコメント", max_length=400, blank=True)
    final_level = models.PositiveSmallIntegerField("最終評価", null=True, blank=True)
    expected_level = models.PositiveSmallIntegerField("期待レベル", null=True, blank=True)

    class Meta:
        verbose_name = "スキル評価"
        indexes = [
            # heatmaps: one campaign, grouped by unit and item
            # (covering: the aggregates read only the index)
            models.Index(
                fields=["campaign", "unit", "item", "final_level", "expected_level"], name="skill_rating_heat"
            ),
            models.Index(
                fields=["campaign", "unit", "item", "self_level", "expected_level"],
                name="skill_rating_heat_self",
            ),
            # latest confirmed level of a person, per item
            models.Index(fields=["staff", "item"], name="skill_rating_staff_item"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["participant", "item"], name="skill_rating_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}/{self.item_id}"


class LevelCriterion(models.Model):
    """A condition for an organisation's maturity level, e.g. レベル2 of 一般行政職員:
    ≥ 80 % of active 正規 staff have a confirmed level ≥ 2 on 業務可視化."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    talent_type = models.ForeignKey("talent.TalentType", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField("育成目標レベル")
    items = models.ManyToManyField(Item, verbose_name="スキル項目", related_name="+")
    min_level = models.PositiveSmallIntegerField("必要なスキルレベル")
    min_share = models.DecimalField("必要な割合（％）", max_digits=5, decimal_places=1)
    employment_types = models.JSONField("対象の任用形態", default=list, blank=True)
    designated_only = models.BooleanField("この人材像に指定された人だけを数える", default=False)
    note = models.CharField("メモ", max_length=200, blank=True)

    class Meta:
        ordering = ["talent_type__sort_order", "level", "id"]
        verbose_name = "レベルの判定基準"

    def __str__(self) -> str:
        return f"{self.talent_type_id} L{self.level}"

    def employment_labels(self) -> str:
        from jinzai.people.models import EmploymentType

        return "、".join(EmploymentType(e).label for e in self.employment_types)


class QuestionCategory(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("分野", max_length=60)
    sort_order = models.PositiveIntegerField("表示順", default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "問題の分野"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="question_category_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "単一選択"
        MULTIPLE = "multiple", "複数選択"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(QuestionCategory, on_delete=models.PROTECT, related_name="questions")
    text = models.TextField("問題文")
    kind = models.CharField("形式", max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    choices = models.JSONField("選択肢", default=list)
    correct = models.JSONField("正解（選択肢の番号、0から）", default=list)
    explanation = models.TextField("解説", blank=True)
    is_active = models.BooleanField("出題する", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category__sort_order", "id"]
        verbose_name = "問題"
        indexes = [models.Index(fields=["organisation", "category", "is_active"])]

    def __str__(self) -> str:
        return self.text[:40]


class KnowledgeTest(models.Model):
    """テスト (e.g. DXリーダー向けアセスメント): questions drawn per category, pass score, retake rule."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=100)
    description = models.TextField("説明", blank=True)
    time_limit_minutes = models.PositiveSmallIntegerField("制限時間（分）", null=True, blank=True)
    pass_score = models.PositiveSmallIntegerField("合格点（％）", default=70)
    max_attempts = models.PositiveSmallIntegerField("受験できる回数", null=True, blank=True)
    retake_after_pass = models.BooleanField("合格後も受け直せる", default=False)
    is_open = models.BooleanField("受験を受け付ける", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "テスト"

    def __str__(self) -> str:
        return self.name


class TestSection(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    test = models.ForeignKey(KnowledgeTest, on_delete=models.CASCADE, related_name="sections")
    category = models.ForeignKey(QuestionCategory, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField("出題数")

    class Meta:
        ordering = ["category__sort_order", "id"]
        verbose_name = "出題の内訳"
        constraints = [models.UniqueConstraint(fields=["test", "category"], name="test_section_unique")]

    def __str__(self) -> str:
        return f"{self.test_id}/{self.category_id}: {self.count}"


class Attempt(models.Model):
    """One sitting of a test. The drawn questions are kept so the result can be shown later."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    test = models.ForeignKey(KnowledgeTest, on_delete=models.PROTECT, related_name="attempts")
    staff = models.ForeignKey("people.Staff", on_delete=models.PROTECT, related_name="test_attempts")
    started_at = models.DateTimeField("開始")
    deadline_at = models.DateTimeField("提出期限", null=True, blank=True)
    submitted_at = models.DateTimeField("提出", null=True, blank=True)
    question_ids = models.JSONField(default=list)
    answers = models.JSONField(default=dict)
    correct = models.PositiveSmallIntegerField("正答数", default=0)
    total = models.PositiveSmallIntegerField("問題数", default=0)
    score = models.PositiveSmallIntegerField("得点（％）", default=0)
    passed = models.BooleanField("合格", default=False)
    timed_out = models.BooleanField("時間切れ", default=False)
    by_category = models.JSONField("分野別の結果", default=list)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = "受験"
        indexes = [
            models.Index(fields=["test", "staff"]),
            models.Index(fields=["test", "passed", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.test_id}/{self.staff_id}"
