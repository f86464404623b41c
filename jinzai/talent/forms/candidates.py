"""Forms of the candidate finder and the talent settings."""

from __future__ import annotations

from django import forms

from jinzai.core.forms import set_bounds, unit_choices
from jinzai.core.models import Grade

from .. import facts as fact_sources
from ..models.options import SCORE_PARTS
from ..selectors.candidates import WISH_DX, WISH_MOVE, CandidateFilter, default_band

LEVELS = [("", "（問わない）")] + [(n, f"レベル{n}以上") for n in range(1, 6)]
MOTIVATION = [("", "（問わない）")] + [(n, f"{n}以上") for n in range(1, 6)]
WISHES = [("", "（問わない）"), (WISH_DX, "DXの仕事に関心がある"), (WISH_MOVE, "異動を希望している")]


def grade_choices(organisation, blank: str) -> list[tuple]:
    return [("", blank)] + [(g.rank, g.name) for g in Grade.objects.filter(organisation=organisation)]


def _source_choices(organisation, key: str, blank: str = "（問わない）") -> list[tuple]:
    source = fact_sources.source(key)
    return [("", blank)] + (list(source.choices(organisation)) if source else [])


class CandidateFilterForm(forms.Form):
    unit = forms.TypedChoiceField(
        label="所属（下位の所属を含む）", coerce=int, required=False, empty_value=None
    )
    grade_min = forms.TypedChoiceField(label="職級（下限）", coerce=int, required=False, empty_value=None)
    grade_max = forms.TypedChoiceField(label="職級（上限）", coerce=int, required=False, empty_value=None)
    tenure_min = set_bounds(
        forms.IntegerField(label="在職年数（以上）", required=False, help_text="採用からの年数です。"), 0, 45
    )
    skill_item = forms.TypedChoiceField(label="スキル項目", coerce=int, required=False, empty_value=None)
    skill_level = forms.TypedChoiceField(
        label="確定したレベル", coerce=int, required=False, empty_value=None, choices=LEVELS
    )
    certification = forms.TypedChoiceField(label="資格", coerce=int, required=False, empty_value=None)
    course = forms.TypedChoiceField(label="修了した研修", coerce=int, required=False, empty_value=None)
    motivation_min = forms.TypedChoiceField(
        label="意欲（自己申告）", coerce=int, required=False, empty_value=None, choices=MOTIVATION
    )
    wish = forms.ChoiceField(label="希望（自己申告）", required=False, choices=WISHES)
    include_designated = forms.BooleanField(
        label="すでにDX推進リーダーに指定されている人も含める", required=False
    )
    include_all_employment = forms.BooleanField(label="正規職員以外も含める", required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["unit"].choices = unit_choices(organisation, blank="（すべて）")
        self.fields["grade_min"].choices = grade_choices(organisation, "（問わない）")
        self.fields["grade_max"].choices = grade_choices(organisation, "（問わない）")
        self.fields["skill_item"].choices = _source_choices(organisation, "skill")
        self.fields["certification"].choices = _source_choices(organisation, "certification")
        self.fields["course"].choices = _source_choices(organisation, "course")
        if not self.is_bound:
            low, high = default_band(organisation)
            self.initial.setdefault("grade_min", low)
            self.initial.setdefault("grade_max", high)

    def clean(self):
        data = super().clean()
        low, high = data.get("grade_min"), data.get("grade_max")
        if low is not None and high is not None and low > high:
            self.add_error("grade_max", "職級は、下限が上限以下になるように選んでください。")
        if data.get("skill_level") and not data.get("skill_item"):
            self.add_error("skill_item", "レベルで絞るときは、スキル項目を選んでください。")
        return data

    def to_filter(self) -> CandidateFilter:
        """The filter the form describes (the default grade band when the form was not sent)."""
        if self.is_bound and self.is_valid():
            d = self.cleaned_data
            return CandidateFilter(
                unit_id=d.get("unit"),
                grade_min_rank=d.get("grade_min"),
                grade_max_rank=d.get("grade_max"),
                tenure_min=d.get("tenure_min"),
                skill_item=d.get("skill_item"),
                skill_level=d.get("skill_level") if d.get("skill_item") else None,
                certification=d.get("certification"),
                course=d.get("course"),
                motivation_min=d.get("motivation_min"),
                wish=d.get("wish") or "",
                exclude_designated=not d.get("include_designated"),
                regular_only=not d.get("include_all_employment"),
            )
        low, high = default_band(self.organisation)
        return CandidateFilter(grade_min_rank=low, grade_max_rank=high)


class TalentSettingsForm(forms.Form):
    band_min = forms.TypedChoiceField(
        label="推薦する職級（下限）", coerce=int, required=False, empty_value=None
    )
    band_max = forms.TypedChoiceField(
        label="推薦する職級（上限）", coerce=int, required=False, empty_value=None
    )
    term_years = set_bounds(
        forms.IntegerField(
            label="指定の任期（年度）",
            required=False,
            help_text="例: 3 なら、指定を始めた年度を1年目として3年目の年度末（3月31日）までを任期の目安にします。空欄は任期なし。",
        ),
        1,
        10,
    )
    max_duties = set_bounds(
        forms.IntegerField(
            label="1人が担う業務の上限（件）", help_text="これより多い人をリスクとして挙げます。"
        ),
        1,
        50,
    )
    max_weight_share = set_bounds(
        forms.IntegerField(
            label="1人が担う重みの上限（%）",
            help_text="主担当の業務の重みの合計が、全体のこの割合を超える人を挙げます。",
        ),
        1,
        100,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        grades = list(Grade.objects.filter(organisation=organisation))
        self.grades = {g.pk: g for g in grades}
        choices = [("", "（既定：主査〜課長補佐）")] + [(g.pk, g.name) for g in grades]
        self.fields["band_min"].choices = choices
        self.fields["band_max"].choices = choices
        for key, label, _ in SCORE_PARTS:
            short, _, rest = label.partition("（")
            help_text = f"{rest.rstrip('）')}。0〜10" if rest else "0〜10"
            self.fields[f"w_{key}"] = set_bounds(forms.IntegerField(label=short, help_text=help_text), 0, 10)

    def weight_fields(self):
        return [self[f"w_{key}"] for key, _, _ in SCORE_PARTS]

    def values(self) -> dict:
        d = self.cleaned_data
        return {
            "weights": {key: d[f"w_{key}"] for key, _, _ in SCORE_PARTS},
            "band_min": self.grades.get(d.get("band_min")),
            "band_max": self.grades.get(d.get("band_max")),
            "term_years": d.get("term_years"),
            "max_duties": d["max_duties"],
            "max_weight_share": d["max_weight_share"],
        }
