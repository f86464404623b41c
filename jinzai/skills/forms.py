"""Forms of the skills app. Services validate the rules again; forms only shape the input."""

from __future__ import annotations

from django import forms

from jinzai.core.dates import fiscal_year_label
from jinzai.core.forms import DateInput, unit_choices
from jinzai.people.models import EmploymentType

from .models import MAX_LEVELS, MIN_LEVELS, Question
from .services.knowledge import MAX_CHOICES

LEVEL_COUNTS = [(n, f"{n}段階") for n in range(MIN_LEVELS, MAX_LEVELS + 1)]


def fy_choices(current: int) -> list[tuple[int, str]]:
    return [(fy, fiscal_year_label(fy)) for fy in range(current - 3, current + 3)]


class FrameworkForm(forms.Form):
    name = forms.CharField(label="名称", max_length=80)
    description = forms.CharField(label="説明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    level_count = forms.TypedChoiceField(label="レベルの数", coerce=int, choices=LEVEL_COUNTS, initial=5)

    def __init__(self, *args, lock_levels: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_LEVELS + 1):
            self.fields[f"label_{n}"] = forms.CharField(
                label=f"レベル{n}の呼び名",
                max_length=30,
                required=False,
                help_text="例: 知っている" if n == 1 else "",
            )
        if lock_levels:
            self.fields["level_count"].disabled = True
            self.fields["level_count"].help_text = "評価に使ったスキルマップは、レベルの数を変えられません。"

    def labels(self) -> list[str]:
        count = self.cleaned_data["level_count"]
        return [self.cleaned_data.get(f"label_{n}", "").strip() for n in range(1, count + 1)]


class FrameworkEditForm(FrameworkForm):
    is_active = forms.BooleanField(label="使用中（評価の実施で選べる）", required=False)


class CategoryForm(forms.Form):
    name = forms.CharField(label="区分の名称", max_length=60)
    description = forms.CharField(label="説明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ItemForm(forms.Form):
    category = forms.TypedChoiceField(label="区分", coerce=int)
    name = forms.CharField(label="項目名", max_length=60)
    description = forms.CharField(label="説明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, framework, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.fields["category"].choices = [(c.pk, c.name) for c in framework.categories.all()]
        for n in framework.levels:
            self.fields[f"descriptor_{n}"] = forms.CharField(
                label=f"{framework.level_label(n)}の目指す行動",
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=400,
            )
        if editing:
            self.fields["is_active"] = forms.BooleanField(label="使用中（新しい評価で使う）", required=False)

    def descriptors(self) -> list[str]:
        return [self.cleaned_data[f"descriptor_{n}"] for n in self.framework.levels]


class ProfileForm(forms.Form):
    """One select per (item, talent type): the expected level, or blank for none."""

    def __init__(self, *args, framework, items, types, initial_levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.items, self.types = items, types
        choices = [("", "—")] + [(n, str(n)) for n in framework.levels]
        for item in items:
            for t in types:
                name = f"p_{item.pk}_{t.pk}"
                self.fields[name] = forms.TypedChoiceField(
                    label=f"{item.name}（{t.name}）の期待レベル",
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=initial_levels.get((item.pk, t.pk)),
                )

    def grid(self):
        return [(item, [self[f"p_{item.pk}_{t.pk}"] for t in self.types]) for item in self.items]

    def levels(self) -> dict[tuple[int, int], int | None]:
        return {(i.pk, t.pk): self.cleaned_data[f"p_{i.pk}_{t.pk}"] for i in self.items for t in self.types}


class CampaignForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100, help_text="例: 令和8年度 DX推進リーダー スキル評価")
    fiscal_year = forms.TypedChoiceField(label="年度", coerce=int)
    framework = forms.TypedChoiceField(label="スキルマップ", coerce=int)
    starts_on = forms.DateField(label="開始日", widget=DateInput())
    ends_on = forms.DateField(label="締切日", widget=DateInput())
    units = forms.TypedMultipleChoiceField(
        label="対象の所属（下の所属を含む）",
        coerce=int,
        required=False,
        help_text="選ばなければ全所属が対象です。Ctrl（Mac は command）キーを押しながら複数選べます。",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    talent_types = forms.TypedMultipleChoiceField(
        label="対象の人材像（指定されている人）",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="選ばなければ、指定の有無にかかわらず対象です。",
    )
    employment_types = forms.MultipleChoiceField(
        label="対象の任用形態",
        choices=EmploymentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="選ばなければ、すべての任用形態が対象です。",
    )

    def __init__(self, *args, organisation, frameworks, types, current_fy: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = fy_choices(current_fy)
        self.fields["framework"].choices = [("", "（選んでください）")] + [(f.pk, f.name) for f in frameworks]
        self.fields["units"].choices = unit_choices(organisation, blank=None)
        self.fields["talent_types"].choices = [(t.pk, t.name) for t in types]

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "締切日は開始日より後の日にしてください。")
        return data


class CampaignEditForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    ends_on = forms.DateField(label="締切日", widget=DateInput())


class CriterionForm(forms.Form):
    talent_type = forms.TypedChoiceField(label="人材像", coerce=int)
    level = forms.TypedChoiceField(
        label="育成目標レベル", coerce=int, choices=[(n, f"レベル{n}") for n in range(1, 6)]
    )
    items = forms.TypedMultipleChoiceField(
        label="スキル項目（同じスキルマップから。複数選ぶと、すべてで満たす人を数えます）",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    min_level = forms.TypedChoiceField(
        label="必要なスキルレベル（所属長が確定した評価）",
        coerce=int,
        choices=[(n, f"{n}以上") for n in range(1, 6)],
    )
    min_share = forms.DecimalField(
        label="必要な割合（％）", min_value=0, max_value=100, decimal_places=1, max_digits=5, initial=80
    )
    employment_types = forms.MultipleChoiceField(
        label="対象の任用形態",
        choices=EmploymentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="選ばなければ、すべての在職者が対象です。",
    )
    designated_only = forms.BooleanField(label="この人材像に指定された人だけを数える", required=False)
    note = forms.CharField(label="メモ", max_length=200, required=False)

    def __init__(self, *args, types, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talent_type"].choices = [(t.pk, t.name) for t in types]
        self.fields["items"].choices = [(i.pk, f"{i.framework.name}：{i.name}") for i in items]


class QuestionCategoryForm(forms.Form):
    name = forms.CharField(label="分野の名称", max_length=60)


class QuestionForm(forms.Form):
    category = forms.TypedChoiceField(label="分野", coerce=int)
    text = forms.CharField(label="問題文", widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(
        label="形式", choices=Question.Kind.choices, widget=forms.RadioSelect, initial="single"
    )
    explanation = forms.CharField(
        label="解説（採点後に表示）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    correct = forms.TypedMultipleChoiceField(
        label="正解の選択肢",
        coerce=int,
        choices=[(n, f"選択肢{n + 1}") for n in range(MAX_CHOICES)],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, categories, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.pk, c.name) for c in categories]
        for n in range(MAX_CHOICES):
            self.fields[f"choice_{n}"] = forms.CharField(
                label=f"選択肢{n + 1}", max_length=300, required=n < 2
            )
        if editing:
            self.fields["is_active"] = forms.BooleanField(label="出題する", required=False)
        # order: category, text, kind, choices, correct, explanation
        order = [
            "category",
            "text",
            "kind",
            *[f"choice_{n}" for n in range(MAX_CHOICES)],
            "correct",
            "explanation",
        ]
        self.order_fields(order + (["is_active"] if editing else []))

    def choices(self) -> list[str]:
        return [self.cleaned_data.get(f"choice_{n}", "") for n in range(MAX_CHOICES)]


class KnowledgeTestForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100, help_text="例: DXリーダー向けアセスメント")
    description = forms.CharField(label="説明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    pass_score = forms.IntegerField(label="合格点（％）", min_value=1, max_value=100, initial=70)
    time_limit_minutes = forms.IntegerField(
        label="制限時間（分）", min_value=1, max_value=600, required=False, help_text="空欄なら制限しません。"
    )
    max_attempts = forms.IntegerField(
        label="受験できる回数",
        min_value=1,
        max_value=99,
        required=False,
        help_text="空欄なら何度でも受けられます。",
    )
    retake_after_pass = forms.BooleanField(label="合格した後も受け直せる", required=False)
    is_open = forms.BooleanField(label="受験を受け付ける", required=False, initial=True)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        for c in self.categories:
            self.fields[f"count_{c.pk}"] = forms.IntegerField(
                label=f"{c.name}（登録 {c.n}問）", min_value=0, max_value=200, initial=0, required=False
            )

    def count_fields(self):
        return [self[f"count_{c.pk}"] for c in self.categories]

    def main_fields(self):
        return [f for f in self if not f.name.startswith("count_")]

    def sections(self) -> dict:
        return {c: self.cleaned_data.get(f"count_{c.pk}") or 0 for c in self.categories}
