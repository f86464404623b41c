"""What a municipality shares beyond aggregates, the plan-attainment cache, and survey figures."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from jinzai.core.models import Membership, Organisation, validate_org_code


class SharingSetting(models.Model):
    """A municipality's grants to its prefecture (decisions R2). Every flag is off until its admin turns it on."""

    GRANTS = ("joint_roster", "bank_opt_in", "plan_detail", "unit_detail")

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="+")
    joint_roster = models.BooleanField(
        "共同研修の受講者名簿を県に提供する",
        default=False,
        help_text="県の共同研修に登録した職員の氏名・所属・結果を県が見て、出欠と修了を記録できます。",
    )
    bank_opt_in = models.BooleanField(
        "職員が本人の同意で人材バンクに登録できるようにする",
        default=False,
        help_text="職員が自分で選んだ項目だけが県の人材バンクに載ります。本人はいつでも取り消せます。",
    )
    plan_detail = models.BooleanField(
        "育成計画の目標ごとの状況を県に見せる",
        default=False,
        help_text="オフのときは、目標のうち「達成」「順調」の割合だけを県に見せます。",
    )
    unit_detail = models.BooleanField(
        "所属ごとのDX推進リーダーの人数を県に見せる",
        default=False,
        help_text="オフのときは、リーダーのいる課の割合だけを県に見せます。氏名はどちらの場合も見せません。",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "県との共有設定"

    def __str__(self) -> str:
        return f"{self.organisation}の共有設定"


class MunicipalityFigures(models.Model):
    """One municipality's dashboard figures as measured on `measured_on`: the aggregates of its own data,
    its default plan's status counts and the ORGANISATION_FIGURES contributions. A validated cache
    (docs/decisions.md R7): used only on that day and while its audit log has no newer write event."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    measured_on = models.DateField()
    started_at = models.DateTimeField()  # when the measurement began
    write_events = models.PositiveIntegerField(default=0)  # write events in the hour before started_at
    staff = models.PositiveIntegerField(default=0)
    levels = models.JSONField(default=dict)  # talent type kind -> latest assessed level
    units = models.PositiveIntegerField(default=0)  # 課 counted for leader coverage
    covered_units = models.PositiveIntegerField(default=0)
    certified = models.PositiveIntegerField(default=0)
    completions = models.PositiveIntegerField(default=0)  # this fiscal year
    plan_id = models.BigIntegerField(null=True)  # the default plan measured (None: the municipality has none)
    achieved = models.PositiveIntegerField(default=0)
    on_track = models.PositiveIntegerField(default=0)
    watch = models.PositiveIntegerField(default=0)
    behind = models.PositiveIntegerField(default=0)
    not_yet = models.PositiveIntegerField(default=0)
    contributed = models.JSONField(default=dict, encoder=DjangoJSONEncoder)  # ORGANISATION_FIGURES, merged

    class Meta:
        verbose_name = "管内の集計（団体ごとの控え）"

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.measured_on}"


class SurveyMunicipality(models.Model):
    """A municipality of the prefecture that does not use the system; its figures come from a yearly survey."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )  # the prefecture
    code = models.CharField("団体コード", max_length=6, validators=[validate_org_code])
    name = models.CharField("団体名", max_length=100)
    note = models.CharField("備考", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "調査値の団体"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="survey_municipality_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class SurveyFigure(models.Model):
    """The figures of one surveyed municipality for one fiscal year (entered by the prefecture)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )  # the prefecture
    municipality = models.ForeignKey(SurveyMunicipality, on_delete=models.CASCADE, related_name="figures")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    staff_count = models.PositiveIntegerField("職員数")
    level_expert = models.PositiveSmallIntegerField("現状レベル（高度専門人材）", null=True, blank=True)
    level_leader = models.PositiveSmallIntegerField("現状レベル（DX推進リーダー）", null=True, blank=True)
    level_general = models.PositiveSmallIntegerField("現状レベル（一般行政職員）", null=True, blank=True)
    plan_attainment = models.PositiveSmallIntegerField(
        "計画の目標のうち達成・順調の割合（%）", null=True, blank=True
    )
    leader_coverage = models.PositiveSmallIntegerField("リーダーのいる課の割合（%）", null=True, blank=True)
    certified_share = models.PositiveSmallIntegerField("資格を持つ職員の割合（%）", null=True, blank=True)
    completions = models.PositiveIntegerField("研修の修了（延べ人数）", null=True, blank=True)
    one_person_duties = models.PositiveIntegerField("1人だけが担う業務の数", null=True, blank=True)
    note = models.CharField("備考", max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__code", "-fiscal_year"]
        verbose_name = "調査値"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "fiscal_year"], name="survey_figure_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.fiscal_year}"
