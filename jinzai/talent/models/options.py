"""The talent settings of an organisation: the candidate score's weights and grade band, the usual term of a
designation, and the thresholds of the 1人情シス risk report."""

from __future__ import annotations

from django.db import models

from jinzai.core.models import Grade, Organisation

# The parts of a candidate's score, with their default weights (0–10) and what each measures.
SCORE_PARTS: tuple[tuple[str, str, int], ...] = (
    ("grade", "職級（推薦する職級の範囲にいる）", 2),
    ("skill", "スキル（確定したレベル）", 3),
    ("certification", "資格（確認済みで有効なもの）", 2),
    ("course", "研修（修了したもの）", 1),
    ("motivation", "意欲（自己申告）", 2),
    ("wish", "希望（DXの仕事への関心）", 3),
    ("tenure", "経験年数", 1),
)


class TalentSettings(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="talent_settings"
    )
    weights = models.JSONField("点数の重み", default=dict, blank=True)
    band_min = models.ForeignKey(
        Grade,
        verbose_name="推薦する職級（下限）",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    band_max = models.ForeignKey(
        Grade,
        verbose_name="推薦する職級（上限）",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    term_years = models.PositiveSmallIntegerField(
        "指定の任期（年度）", null=True, blank=True, default=3, help_text="空欄は任期なし"
    )
    max_duties = models.PositiveSmallIntegerField("1人が担う業務の上限（件）", default=3)
    max_weight_share = models.PositiveSmallIntegerField("1人が担う重みの上限（%）", default=40)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "人材の設定"

    def __str__(self) -> str:
        return f"{self.organisation}"

    def weight(self, key: str) -> int:
        defaults = {k: w for k, _, w in SCORE_PARTS}
        value = (self.weights or {}).get(key, defaults.get(key, 0))
        try:
            return max(0, min(10, int(value)))
        except (TypeError, ValueError):
            return defaults.get(key, 0)
