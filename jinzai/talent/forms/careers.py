"""Forms of careers: models and ladder steps, the career plan, the 自己申告 and its periods, aptitude notes."""

from __future__ import annotations

from django import forms

from jinzai.core.forms import DateInput, set_bounds, unit_choices
from jinzai.core.models import Unit

from ..models import CareerModel, SelfDeclaration, SubRole, TalentType
from . import sub_role_choices, type_choices


class CareerModelForm(forms.Form):
    name = forms.CharField(label="名称", max_length=60)
    description = forms.CharField(
        label="説明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    field_label = forms.CharField(
        label="分野・部門の呼び方",
        required=False,
        max_length=40,
        help_text="キャリアプランで「分野」欄の見出しに使います。",
    )


class CareerModelEditForm(CareerModelForm):
    sort_order = set_bounds(forms.IntegerField(label="表示順"), 0, 99999)
    is_active = forms.BooleanField(
        label="使用中", required=False, help_text="外すと、新しいキャリアプランでは選べなくなります。"
    )


class CareerStepForm(forms.Form):
    name = forms.CharField(label="名称", max_length=60)
    description = forms.CharField(
        label="説明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    talent_type = forms.TypedChoiceField(
        label="この段に置く人材像",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="この人材像（と区分）に指定されている人を、この段にいると数えます。",
    )
    sub_role = forms.TypedChoiceField(label="区分", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["talent_type"].choices = type_choices(organisation, blank="（指定なし：全員の最初の段）")
        self.fields["sub_role"].choices = sub_role_choices(organisation, blank="（区分を問わない）")

    def clean(self):
        data = super().clean()
        data["talent_type"] = TalentType.objects.filter(
            organisation=self.organisation, pk=data.get("talent_type")
        ).first()
        data["sub_role"] = SubRole.objects.filter(
            organisation=self.organisation, pk=data.get("sub_role")
        ).first()
        return data


class CareerPlanForm(forms.Form):
    career_model = forms.TypedChoiceField(
        label="キャリアモデル", coerce=int, required=False, empty_value=None
    )
    field = forms.CharField(
        label="分野・部門",
        required=False,
        max_length=100,
        help_text="エキスパートなら分野、特定部門エキスパートなら部門を書きます。",
    )
    from_fiscal_year = set_bounds(
        forms.IntegerField(label="いつから（年度・西暦）", required=False, help_text="例: 2027"), 1989, 2200
    )
    next_role = forms.CharField(
        label="次にめざす役割",
        required=False,
        max_length=120,
        help_text="例: DX推進リーダー（DX推進担当）、情報政策課の係長",
    )
    objective = forms.CharField(
        label="キャリアの目標", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["career_model"].choices = [("", "（まだ決めていない）")] + [
            (m.pk, m.name) for m in CareerModel.objects.filter(organisation=organisation, is_active=True)
        ]

    def clean_career_model(self):
        pk = self.cleaned_data.get("career_model")
        return (
            CareerModel.objects.filter(organisation=self.organisation, pk=pk, is_active=True).first()
            if pk
            else None
        )


class DeclarationForm(forms.Form):
    wish = forms.ChoiceField(
        label="異動の希望", choices=SelfDeclaration.Wish.choices, widget=forms.RadioSelect
    )
    wish_unit = forms.TypedChoiceField(
        label="希望する所属",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="異動を希望するときに選びます。",
    )
    wish_text = forms.CharField(label="希望する仕事・所属（自由記入）", required=False, max_length=200)
    dx_interest = forms.ChoiceField(
        label="DXの仕事への関心", choices=SelfDeclaration.Interest.choices, widget=forms.RadioSelect
    )
    motivation = forms.TypedChoiceField(
        label="今の仕事への意欲",
        coerce=int,
        choices=[(5, "5 とても高い"), (4, "4 高い"), (3, "3 ふつう"), (2, "2 低い"), (1, "1 とても低い")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="人事担当への申し出（自由記入）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="人事担当だけが読みます（所属長には表示しません）。",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["wish_unit"].choices = unit_choices(organisation, blank="（選ばない）")

    def clean_wish_unit(self):
        pk = self.cleaned_data.get("wish_unit")
        return Unit.objects.filter(organisation=self.organisation, pk=pk).first() if pk else None


class PeriodForm(forms.Form):
    fiscal_year = set_bounds(
        forms.IntegerField(
            label="年度（西暦）", help_text="希望を聞く年度です。例: 2027（令和9年度の異動の希望）"
        ),
        1989,
        2200,
    )
    opens_on = forms.DateField(label="受付の開始日", widget=DateInput())
    closes_on = forms.DateField(label="受付の締切日", widget=DateInput())
    note = forms.CharField(
        label="職員へのお知らせ", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PeriodEditForm(forms.Form):
    opens_on = forms.DateField(label="受付の開始日", widget=DateInput())
    closes_on = forms.DateField(label="受付の締切日", widget=DateInput())
    note = forms.CharField(
        label="職員へのお知らせ", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AptitudeForm(forms.Form):
    text = forms.CharField(
        label="適性のメモ",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="人事担当だけが読みます。本人・所属長・幹部には表示しません。",
    )
