"""Forms of the people app."""

from __future__ import annotations

from django import forms

from jinzai.core.forms import DateInput, unit_choices
from jinzai.core.selectors import grades_of

from .importing import FIELD_SPECS, IGNORE
from .models import EmploymentType

STATUS_CHOICES = [("active", "在職"), ("retired", "退職"), ("all", "すべて")]
ENCODING_CHOICES = [
    ("auto", "自動判別"),
    ("utf-8", "UTF-8"),
    ("cp932", "Shift_JIS（CP932）"),
]


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

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices(organisation, blank="（すべて）")
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

    def clean(self):
        data = super().clean()
        if data.get("hired_on") and data.get("retired_on") and data["retired_on"] < data["hired_on"]:
            self.add_error("retired_on", "退職日は採用年月日以後の日付にしてください。")
        return data


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


class ImportOptionsForm(forms.Form):
    encoding = forms.ChoiceField(
        label="文字コード",
        choices=ENCODING_CHOICES,
        initial="auto",
        help_text="CSVのときだけ使います。文字化けするときに変えてください。",
    )
    effective_date = forms.DateField(
        label="異動の発令日",
        widget=DateInput(),
        help_text="所属や職名が変わった職員の新しい配属は、この日から始まります。",
    )
    full_sync = forms.BooleanField(
        label="全件照合（ファイルにない在職者を退職として扱う）",
        required=False,
        help_text="人事給与システムから全職員を書き出したファイルのときだけ選びます。退職日は発令日の前日になります。",
    )
    create_units = forms.BooleanField(label="登録されていない所属を作成する", required=False)
    create_grades = forms.BooleanField(label="登録されていない職名を追加する", required=False)


class ImportUploadForm(ImportOptionsForm):
    file = forms.FileField(
        label="ファイル（CSV または Excel .xlsx）",
        help_text="1行目に見出し（職員番号、氏名など）が必要です。上限 10 MB。",
    )
    field_order = ["file", "encoding", "effective_date", "full_sync", "create_units", "create_grades"]


def mapping_choices():
    return [("", "（選んでください）"), (IGNORE, "取り込まない（この列は使わない）")] + [
        (spec.key, spec.label) for spec in FIELD_SPECS
    ]
