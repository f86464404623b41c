"""Maturity levels, the basic policy, the development plan with targets and roadmap, and the structure (体制)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from jinzai.core.models import Membership, Organisation, Unit
from jinzai.talent.models import SubRole, TalentType

LEVELS = [(n, f"レベル{n}") for n in range(1, 6)]


class OrganisationFromParent(models.Model):
    """A row of a plan, a policy or a body carries its organisation too (tenancy at the row).

    Services set it; `save()` fills it from the parent when a caller did not (a safety net for rows
    created directly, e.g. in tests). Selectors filter by it, and `ensure_can` checks it.
    """

    PARENT = ""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.organisation_id is None:
            self.organisation_id = getattr(self, self.PARENT).organisation_id
        super().save(*args, **kwargs)


class MaturityLevel(models.Model):
    """育成目標レベル: five per talent type, an organisation-wide (not personal) state."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    talent_type = models.ForeignKey(TalentType, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField("レベル", choices=LEVELS)
    name = models.CharField("名称", max_length=60)
    description = models.TextField("この人材像での状態")

    class Meta:
        ordering = ["talent_type__sort_order", "level"]
        verbose_name = "育成目標レベル"
        constraints = [models.UniqueConstraint(fields=["talent_type", "level"], name="maturity_level_unique")]

    def __str__(self) -> str:
        return f"{self.talent_type.name} レベル{self.level} {self.name}"


class LevelAssessment(models.Model):
    """現状レベル評価: the assessed level of a talent type in a fiscal year. Appended, never overwritten."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    talent_type = models.ForeignKey(TalentType, on_delete=models.PROTECT, related_name="assessments")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    level = models.PositiveSmallIntegerField("レベル", choices=LEVELS)
    evidence = models.TextField("根拠", blank=True)
    assessor = models.CharField("評価者", max_length=100, blank=True)
    assessed_on = models.DateField("評価日")
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year", "-assessed_on", "-id"]
        verbose_name = "現状レベル評価"
        indexes = [models.Index(fields=["organisation", "talent_type", "fiscal_year"])]

    def __str__(self) -> str:
        return f"{self.talent_type.name} {self.fiscal_year}年度 レベル{self.level}"


class Status(models.TextChoices):
    DRAFT = "draft", "下書き"
    APPROVED = "approved", "承認済"
    SUPERSEDED = "superseded", "改定済（旧版）"


class PolicyVersion(models.Model):
    """基本方針 (one version). An approved version is read-only; a new draft starts from it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField("版")
    title = models.CharField("表題", max_length=200, default="デジタル人材育成・確保基本方針")
    status = models.CharField("状態", max_length=20, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # ① 人材像, ② 数値目標, ③ 育成・確保の方針 (per type in PolicyTypeSection), ④ 体制, ⑤ 都道府県の支援, ⑥ キャリアパス
    talent_text = models.TextField("① 人材像", blank=True)
    targets_text = models.TextField("② 人材のレベルごとの数値目標", blank=True)
    development_text = models.TextField("③ 育成・確保の方針（全体）", blank=True)
    structure_text = models.TextField("④ 実施体制", blank=True)
    prefecture_text = models.TextField("⑤ 都道府県の支援の活用", blank=True)
    career_text = models.TextField("⑥ キャリアパス", blank=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approver_name = models.CharField("承認者", max_length=100, blank=True)
    approved_on = models.DateField("承認日", null=True, blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = "基本方針"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="policy_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版・{self.get_status_display()}）"

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT


class PolicyTypeSection(OrganisationFromParent):
    """③ per talent type: develop or hire, short and long term measures."""

    PARENT = "policy"

    class Approach(models.TextChoices):
        DEVELOP = "develop", "育成が中心"
        HIRE = "hire", "確保（採用・外部人材）が中心"
        BOTH = "both", "育成と確保の両方"

    policy = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="sections")
    talent_type = models.ForeignKey(TalentType, on_delete=models.PROTECT, related_name="+")
    approach = models.CharField(
        "育成か確保か", max_length=20, choices=Approach.choices, default=Approach.DEVELOP
    )
    short_term = models.TextField("短期の取組", blank=True)
    long_term = models.TextField("中長期の取組", blank=True)

    class Meta:
        ordering = ["talent_type__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "talent_type"], name="policy_section_unique")
        ]

    def __str__(self) -> str:
        return f"{self.policy_id}: {self.talent_type.name}"


class Body(models.Model):
    """実施体制の組織: 本部, 委員会, 作業部会."""

    class Kind(models.TextChoices):
        HQ = "hq", "本部"
        COMMITTEE = "committee", "委員会"
        WORKING_GROUP = "working_group", "作業部会"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("種類", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上位の組織",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    purpose = models.TextField("役割", blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "推進体制の組織"

    def __str__(self) -> str:
        return self.name


class BodyMember(OrganisationFromParent):
    PARENT = "body"

    class Role(models.TextChoices):
        CHAIR = "chair", "本部長・委員長"
        CIO = "cio", "CIO"
        CIO_ADVISER = "cio_adviser", "CIO補佐官"
        SECRETARIAT = "secretariat", "事務局"
        MEMBER = "member", "構成員"
        ADVISER = "adviser", "外部有識者"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    staff = models.ForeignKey(
        "people.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(
        "氏名・職名", max_length=100, help_text="職員でない人（外部有識者など）は名前を入力します。"
    )
    role = models.CharField("役割", max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["role", "id"]

    def __str__(self) -> str:
        return f"{self.body.name}: {self.name}"


class Meeting(OrganisationFromParent):
    PARENT = "body"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("開催日")
    title = models.CharField("件名", max_length=200)
    notes = models.TextField("記録", blank=True)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class DevelopmentPlan(models.Model):
    """育成計画 (one version) over 3–5 fiscal years."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("計画の名称", max_length=200, default="デジタル人材育成計画")
    start_fy = models.PositiveSmallIntegerField("開始年度")
    end_fy = models.PositiveSmallIntegerField("終了年度")
    version = models.PositiveIntegerField("版", default=1)
    status = models.CharField("状態", max_length=20, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    summary = models.TextField("計画の概要", blank=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approver_name = models.CharField("承認者", max_length=100, blank=True)
    approved_on = models.DateField("承認日", null=True, blank=True)
    # What a plan import could not resolve in this organisation (a unit, a certification …): one entry per
    # emptied field, {"kind": "target"|"task"|"level", "id": pk|None, "field": name, "message": text}.
    # An entry disappears when its target, task or the plan's levels are saved again.
    import_warnings = models.JSONField("取込時の注意", default=list, blank=True)

    class Meta:
        ordering = ["-start_fy", "-version"]
        verbose_name = "育成計画"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_fy__gte=models.F("start_fy") + 2) & Q(end_fy__lte=models.F("start_fy") + 4),
                name="plan_three_to_five_years",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.start_fy}〜{self.end_fy}年度・第{self.version}版）"

    @property
    def fiscal_years(self) -> list[int]:
        return list(range(self.start_fy, self.end_fy + 1))

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT


class PlanLevel(OrganisationFromParent):
    """Per talent type: current level → target level for the plan."""

    PARENT = "plan"

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="levels")
    talent_type = models.ForeignKey(TalentType, on_delete=models.PROTECT, related_name="+")
    current_level = models.PositiveSmallIntegerField("現状レベル", choices=LEVELS)
    target_level = models.PositiveSmallIntegerField("目標レベル", choices=LEVELS)
    note = models.TextField("育成目標の内容", blank=True)

    class Meta:
        ordering = ["talent_type__sort_order"]
        constraints = [models.UniqueConstraint(fields=["plan", "talent_type"], name="plan_level_unique")]

    def __str__(self) -> str:
        return f"{self.talent_type.name}: {self.current_level}→{self.target_level}"


class Target(OrganisationFromParent):
    """育成目標・配置目標: a number the system computes live from the data (see planning/metrics.py)."""

    PARENT = "plan"

    class Purpose(models.TextChoices):
        DEVELOPMENT = "development", "育成目標"
        PLACEMENT = "placement", "配置目標"

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="targets")
    label = models.CharField("目標", max_length=200)
    # A label with numbers in it ("…（年{per_year}名が目安）") is rebuilt from this when the value or the
    # plan's period changes; blank once the user writes the label by hand.
    label_template = models.CharField("目標の文のひな形", max_length=200, blank=True)
    purpose = models.CharField("種類", max_length=20, choices=Purpose.choices, default=Purpose.PLACEMENT)
    metric = models.CharField("測り方", max_length=60)
    talent_type = models.ForeignKey(
        TalentType, verbose_name="人材像", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sub_role = models.ForeignKey(
        SubRole, verbose_name="区分", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="所属", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    params = models.JSONField("条件", default=dict, blank=True)
    target_value = models.DecimalField("最終目標値", max_digits=10, decimal_places=2)
    milestones = models.JSONField("年度ごとの目標値", default=dict, blank=True)  # {"2026": 10, ...}
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "目標"

    def __str__(self) -> str:
        return self.label


class RoadmapTask(OrganisationFromParent):
    """工程: a task in a fiscal year for a talent type."""

    PARENT = "plan"

    class Kind(models.TextChoices):
        DEVELOP = "develop", "育成"
        PLACE = "place", "配置"
        SECURE = "secure", "確保"
        STRUCTURE = "structure", "体制"

    class TaskStatus(models.TextChoices):
        PLANNED = "planned", "予定"
        IN_PROGRESS = "in_progress", "実施中"
        DONE = "done", "完了"
        DROPPED = "dropped", "見送り"

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="tasks")
    fiscal_year = models.PositiveSmallIntegerField(
        "年度", null=True, blank=True, help_text="空欄は「長期的（定着化）」"
    )
    talent_type = models.ForeignKey(
        TalentType, verbose_name="人材像", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("区分", max_length=20, choices=Kind.choices)
    title = models.CharField("取組", max_length=200)
    owner_unit = models.ForeignKey(
        Unit, verbose_name="担当所属", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField("状況", max_length=20, choices=TaskStatus.choices, default=TaskStatus.PLANNED)
    notes = models.TextField("メモ", blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["fiscal_year", "talent_type__sort_order", "kind", "sort_order", "id"]
        verbose_name = "工程"

    def __str__(self) -> str:
        return self.title


class StarterAction(models.Model):
    """The five 「はじめの一歩」 actions, tracked per organisation."""

    class Key(models.IntegerChoices):
        TELEWORK = 1, "テレワークを実践し、広める"
        CHAT = 2, "チャットやスケジューラなど、業務の連絡ツールを入れて広める"
        TIDY = 3, "書類の廃棄などで、職場の環境を整える"
        TRY_TOOLS = 4, "議事メモや生成AIなど、業務を効率化するツールを試す"
        IT_PASSPORT = 5, "ITパスポートの取得を勧め、広める"

    class ActionStatus(models.TextChoices):
        NOT_STARTED = "not_started", "未着手"
        IN_PROGRESS = "in_progress", "取組中"
        DONE = "done", "実施済"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    key = models.PositiveSmallIntegerField(choices=Key.choices)
    status = models.CharField(
        "状況", max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    started_on = models.DateField("開始日", null=True, blank=True)
    done_on = models.DateField("実施日", null=True, blank=True)
    notes = models.CharField("メモ", max_length=200, blank=True)

    class Meta:
        ordering = ["key"]
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="starter_action_unique")]

    def __str__(self) -> str:
        return self.get_key_display()
