"""Forms of the people app."""

from __future__ import annotations

from django import forms

from jinzai.core.forms import DateInput, unit_choices
from jinzai.core.selectors import grades_of

from .models import EmploymentType

STATUS_CHOICES = [("active", "在職"), ("retired", "退職"), ("all", "すべて")]


class StaffFilterForm(forms.Form):
    q = forms.CharField(
        label="氏名・ふりがな・職員番号",
        required=False,
        max_length=100,
        help_text="全角・半角、ひらがな・カタカナを区別せずに探します。",
    )
    unit = forms.TypedChoiceField(
        label="所属（下位の所属を含む）", coerce=int, required=False, empty_value=None
    )
    grade = forms.TypedChoiceField(label="職名", coerce=int, required=False, empty_value=None)
    employment_type = forms.ChoiceField(
        label="任用形態", required=False, choices=[("", "（すべて）"), *EmploymentType.choices]
    )
    status = forms.ChoiceField(label="在職状況", required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, organisation, within: set[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # a manager is offered the units they look after only (issue 12 item 11)
        self.fields["unit"].choices = unit_choices(organisation, blank="（すべて）", within=within)
        self.fields["grade"].choices = [("", "（すべて）")] + [
            (g.pk, g.name) for g in grades_of(organisation)
        ]


class StaffEditForm(forms.Form):
    name = forms.CharField(label="氏名", max_length=100)
    kana = forms.CharField(label="ふりがな", max_length=100, required=False)
    employment_type = forms.ChoiceField(label="任用形態", choices=EmploymentType.choices)
    hired_on = forms.DateField(label="採用年月日", required=False, widget=DateInput())
    retired_on = forms.DateField(
        label="退職日",
        required=False,
        widget=DateInput(),
        help_text="退職日を入れると、その日で現在の配属を終えます。",
    )
    email = forms.EmailField(label="メール", required=False)
    phone = forms.CharField(label="電話（内線）", max_length=30, required=False)
    birth_date = forms.DateField(
        label="生年月日（任意）",
        required=False,
        widget=DateInput(),
        help_text="年齢層ごとの割合の目標に使います。人事担当と本人だけが見られます。",
    )

    def clean(self):
        data = super().clean()
        if data.get("hired_on") and data.get("retired_on") and data["retired_on"] < data["hired_on"]:
            self.add_error("retired_on", "退職日は採用年月日以後の日付にしてください。")
        return data


class StaffCreateForm(forms.Form):
    """One person, typically an external specialist (CIO補佐官・特定任期付職員) the HR file does not list."""

    name = forms.CharField(
        label="氏名", max_length=100, help_text="姓と名の間は空けてください。例: 佐藤 花子"
    )
    kana = forms.CharField(label="ふりがな", max_length=100, required=False)
    staff_no = forms.CharField(
        label="職員番号（任意）",
        max_length=20,
        required=False,
        help_text="人事給与システムの番号がなければ空欄にします。EX0001 のような番号を付けます。",
    )
    employment_type = forms.ChoiceField(
        label="任用形態",
        choices=EmploymentType.choices,
        initial=EmploymentType.SPECIFIC_FIXED_TERM,
        help_text="外部の専門人材は任用の形に合わせて選びます（特定任期付職員・任期付職員・会計年度任用職員など）。",
    )
    unit = forms.TypedChoiceField(label="所属", coerce=int, help_text="例: DX推進担当部局、情報政策課")
    grade = forms.TypedChoiceField(label="職名（任意）", coerce=int, required=False, empty_value=None)
    note = forms.CharField(
        label="役割（任意）",
        max_length=100,
        required=False,
        help_text="例: CIO補佐官、DXアドバイザー。配属の履歴の備考に残ります。",
    )
    started_on = forms.DateField(
        label="着任日", widget=DateInput(), help_text="この日からの配属として記録します。"
    )
    email = forms.EmailField(label="メール（任意）", required=False)
    phone = forms.CharField(label="電話（内線・任意）", max_length=30, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices(organisation, blank="（選んでください）")
        self.fields["grade"].choices = [("", "（なし）")] + [(g.pk, g.name) for g in grades_of(organisation)]


class TransferForm(forms.Form):
    unit = forms.TypedChoiceField(label="異動先の所属", coerce=int)
    grade = forms.TypedChoiceField(label="職名", coerce=int, required=False, empty_value=None)
    effective = forms.DateField(
        label="発令日",
        widget=DateInput(),
        help_text="この日から新しい所属になります。前の配属は前日で終わります。",
    )
    note = forms.CharField(label="備考", max_length=200, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices(organisation, blank="（選んでください）")
        self.fields["grade"].choices = [("", "（なし）")] + [(g.pk, g.name) for g in grades_of(organisation)]
