"""External specialists (高度専門人材の確保): positions, candidates, contracts and joint hiring."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from jinzai.core.models import Organisation

from .. import schemes


class Position(models.Model):
    class Kind(models.TextChoices):
        CIO_ADVISER = "cio_adviser", "CIO補佐官"
        FIXED_TERM = "fixed_term", "特定任期付職員"
        KIGYOJIN = "kigyojin", "地域活性化起業人"
        SIDE_JOB = "side_job", "副業・兼業人材"
        OUTSOURCING = "outsourcing", "外部委託"

    class Status(models.TextChoices):
        PLANNING = "planning", "検討中"
        RECRUITING = "recruiting", "募集中"
        SELECTING = "selecting", "選考中"
        FILLED = "filled", "採用・契約済"
        CLOSED = "closed", "終了"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # who hires
    kind = models.CharField("区分", max_length=20, choices=Kind.choices)
    title = models.CharField("募集の名称", max_length=120)
    requirements = models.TextField("求める経験・スキル", blank=True)
    itss_level = models.PositiveSmallIntegerField(
        "求めるITSSレベル", null=True, blank=True, choices=[(n, f"レベル{n}") for n in range(1, 8)]
    )
    scheme = models.CharField("活用する制度", max_length=30, blank=True, choices=schemes.position_choices())
    hours_per_month = models.DecimalField(
        "月あたりの時間", max_digits=5, decimal_places=1, null=True, blank=True
    )
    own_weight = models.PositiveIntegerField(
        "自団体の負担割合",
        default=100,
        help_text="共同で確保するとき、他の団体の割合と合わせて費用を分けます。",
    )
    status = models.CharField("状況", max_length=20, choices=Status.choices, default=Status.PLANNING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "外部専門人材の募集"

    def __str__(self) -> str:
        return self.title


class PositionShare(models.Model):
    """A partner of a joint hiring and its weight in the cost split."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # the owner
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="shares")
    partner = models.ForeignKey(
        Organisation, verbose_name="共同で確保する団体", on_delete=models.PROTECT, related_name="+"
    )
    weight = models.PositiveIntegerField("負担割合")
    note = models.CharField("備考", max_length=200, blank=True)

    class Meta:
        ordering = ["partner__code"]
        verbose_name = "共同確保の団体"
        constraints = [models.UniqueConstraint(fields=["position", "partner"], name="position_share_unique")]

    def __str__(self) -> str:
        return f"{self.position_id}: {self.partner_id}"


class Candidate(models.Model):
    class Status(models.TextChoices):
        LISTED = "listed", "候補"
        INTERVIEW = "interview", "面談"
        OFFERED = "offered", "内定"
        HIRED = "hired", "採用・契約"
        DECLINED = "declined", "辞退"
        REJECTED = "rejected", "見送り"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # the owner
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField("氏名", max_length=100)
    affiliation = models.CharField("現在の所属", max_length=120, blank=True)
    source = models.CharField(
        "経路", max_length=80, blank=True, help_text="例: 公募、県の人材バンク、企業からの紹介"
    )
    status = models.CharField("状況", max_length=20, choices=Status.choices, default=Status.LISTED)
    note = models.CharField("メモ", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "候補者"

    def __str__(self) -> str:
        return self.name


class Contract(models.Model):
    class Basis(models.TextChoices):
        MONTHLY = "monthly", "月額"
        HOURLY = "hourly", "時間単価"
        ANNUAL = "annual", "年額"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")  # the owner
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="contracts")
    person_name = models.CharField("氏名・事業者名", max_length=120)
    starts_on = models.DateField("契約の始まり")
    ends_on = models.DateField("契約の終わり")
    hours_per_month = models.DecimalField("月あたりの時間", max_digits=5, decimal_places=1, default=0)
    basis = models.CharField("報酬の決め方", max_length=20, choices=Basis.choices, default=Basis.MONTHLY)
    amount = models.PositiveIntegerField("報酬（円）")
    scheme = models.CharField("活用する制度", max_length=30, blank=True, choices=schemes.position_choices())
    note = models.CharField("備考", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "契約"

    def __str__(self) -> str:
        return f"{self.person_name} {self.starts_on}〜{self.ends_on}"

    @property
    def annual_cost(self) -> int:
        """The yearly cost in whole yen (hourly: hours per month × 12)."""
        if self.basis == self.Basis.ANNUAL:
            return int(self.amount)
        if self.basis == self.Basis.HOURLY:
            return int((Decimal(self.amount) * Decimal(self.hours_per_month or 0) * 12).to_integral_value())
        return int(self.amount) * 12
