"""The certification catalog (資格), staff certifications with proof and verification, exam subsidies."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.db.models import Q

from jinzai.core.models import Membership, Organisation


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


class Certification(models.Model):
    """An entry of the organisation's certification catalog (defaults installed for every organisation)."""

    class Category(models.TextChoices):
        NATIONAL_EXAM = "national_exam", "国家試験（情報処理技術者試験）"
        REGISTERED = "registered", "国家資格（登録・更新制）"
        INDUSTRY = "industry", "業界団体の資格"
        PRIVATE = "private", "民間・ベンダー資格"
        OTHER = "other", "その他"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=40, blank=True)  # default catalog entries: a stable key
    name = models.CharField("資格名", max_length=100)
    short_name = models.CharField("略称", max_length=40, blank=True)
    issuer = models.CharField("実施・認定団体", max_length=100)
    category = models.CharField("区分", max_length=20, choices=Category.choices)
    itss_level = models.PositiveSmallIntegerField(
        "ITSSレベル",
        null=True,
        blank=True,
        help_text="ITスキル標準のレベル（1〜4）。対応がなければ空欄です。",
    )
    validity_months = models.PositiveSmallIntegerField(
        "有効期間（月）",
        null=True,
        blank=True,
        help_text="更新が必要な資格の有効期間です（3年なら36）。期限のない資格は空欄です。",
    )
    renewal_note = models.CharField("更新の方法", max_length=200, blank=True)
    description = models.TextField("説明", blank=True)
    sort_order = models.PositiveIntegerField("表示順", default=0)
    is_active = models.BooleanField("使用中", default=True)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "資格"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="certification_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def expiry_for(self, valid_from: date) -> date | None:
        if not self.validity_months:
            return None
        return add_months(valid_from, self.validity_months) - timedelta(days=1)


class StaffCertification(models.Model):
    """A certification a staff member holds. A renewal is a new row pointing at the one it renews."""

    class Status(models.TextChoices):
        PENDING = "pending", "確認待ち"
        VERIFIED = "verified", "確認済"
        RETURNED = "returned", "差戻し"

    class Source(models.TextChoices):
        SELF = "self", "本人の登録"
        IMPORT = "import", "一括取込"
        DEMO = "demo", "デモ"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey("people.Staff", on_delete=models.PROTECT, related_name="certifications")
    certification = models.ForeignKey(Certification, on_delete=models.PROTECT, related_name="holdings")
    acquired_on = models.DateField("取得日（合格日・更新日）")
    valid_from = models.DateField("有効期間の始まり")
    expires_on = models.DateField("有効期限", null=True, blank=True)
    certificate_no = models.CharField("登録番号・証書番号", max_length=50, blank=True)
    proof_path = models.CharField(max_length=100, blank=True)  # generated name under DATA_DIR/proofs
    proof_name = models.CharField("証明書のファイル名", max_length=120, blank=True)  # shown only
    proof_type = models.CharField(max_length=40, blank=True)
    proof_size = models.PositiveIntegerField(default=0)
    status = models.CharField("状態", max_length=20, choices=Status.choices, default=Status.PENDING)
    return_reason = models.CharField("差戻しの理由", max_length=300, blank=True)
    verified_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    renewal_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewals"
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SELF)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField("備考", max_length=200, blank=True)

    class Meta:
        ordering = ["-acquired_on", "-id"]
        verbose_name = "職員の資格"
        indexes = [
            # covers the holders reports (index-only scans grouped by certification)
            models.Index(
                fields=["organisation", "status", "certification", "staff", "valid_from", "expires_on"],
                name="staffcert_holding_idx",
            ),
            # covers what each person holds (grouped by person: holders by unit, eligibility)
            models.Index(
                fields=["organisation", "status", "staff", "certification", "valid_from", "expires_on"],
                name="staffcert_person_idx",
            ),
            models.Index(fields=["staff", "certification"]),
            models.Index(fields=["organisation", "expires_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.staff.name}: {self.certification.name}"

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.expires_on is None or day <= self.expires_on)


class SubsidyRule(models.Model):
    """受験料補助の要件: per certification and fiscal year; an amount or a ratio with a cap; a budget."""

    class Kind(models.TextChoices):
        FIXED = "fixed", "定額"
        RATIO = "ratio", "割合（上限あり）"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    certification = models.ForeignKey(Certification, on_delete=models.PROTECT, related_name="subsidy_rules")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("補助の方法", max_length=10, choices=Kind.choices, default=Kind.FIXED)
    amount = models.PositiveIntegerField("補助額（円）", null=True, blank=True)
    ratio_percent = models.PositiveSmallIntegerField("補助率（%）", null=True, blank=True)
    cap_amount = models.PositiveIntegerField("上限額（円）", null=True, blank=True)
    employment_types = models.JSONField("対象の任用形態", default=list, blank=True)  # empty = everyone
    talent_types = models.ManyToManyField(
        "talent.TalentType", verbose_name="対象の人材像", blank=True, related_name="+"
    )
    pass_required = models.BooleanField("合格した場合だけ支給する", default=True)
    budget = models.PositiveIntegerField("年間予算（円）", default=0)
    is_active = models.BooleanField("受付中", default=True)
    note = models.CharField("備考", max_length=200, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "certification__sort_order", "id"]
        verbose_name = "受験料補助の要件"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "certification", "fiscal_year"], name="subsidy_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certification.name}（{self.fiscal_year}年度）"


class SubsidyApplication(models.Model):
    """A staff member's application for an exam subsidy: 所属長の確認 → 人事の承認 → 支給."""

    class Status(models.TextChoices):
        APPLIED = "applied", "申請中（所属長の確認待ち）"
        MANAGER_OK = "manager_ok", "所属長確認済（人事の承認待ち）"
        APPROVED = "approved", "承認済（支給待ち）"
        PAID = "paid", "支給済"
        REJECTED = "rejected", "却下"
        WITHDRAWN = "withdrawn", "取下げ"

    OPEN = (Status.APPLIED, Status.MANAGER_OK, Status.APPROVED)

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(SubsidyRule, on_delete=models.PROTECT, related_name="applications")
    staff = models.ForeignKey("people.Staff", on_delete=models.PROTECT, related_name="subsidy_applications")
    exam_on = models.DateField("受験日")
    exam_fee = models.PositiveIntegerField("受験料（円）")
    amount = models.PositiveIntegerField("補助予定額（円）")
    status = models.CharField("状態", max_length=20, choices=Status.choices, default=Status.APPLIED)
    passed = models.BooleanField("合格", null=True, blank=True)
    paid_amount = models.PositiveIntegerField("支給額（円）", null=True, blank=True)
    paid_on = models.DateField("支給日", null=True, blank=True)
    reason = models.CharField("却下の理由", max_length=300, blank=True)
    manager_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    approved_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "受験料補助の申請"
        indexes = [models.Index(fields=["organisation", "status"]), models.Index(fields=["rule", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "staff"],
                condition=Q(status__in=["applied", "manager_ok", "approved", "paid"]),
                name="one_open_subsidy_per_rule",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff.name}: {self.rule}"
