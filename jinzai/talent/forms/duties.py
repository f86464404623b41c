"""Forms of the DX duties registry."""

from __future__ import annotations

from django import forms

from jinzai.core.forms import DateInput, set_bounds, unit_choices
from jinzai.core.models import Unit

from .. import facts as fact_sources
from ..models import Duty, DutyHolder


class DutyForm(forms.Form):
    name = forms.CharField(
        label="業務の名称", max_length=100, help_text="例: 基幹系システムの運用、庁内ネットワークの管理"
    )
    kind = forms.ChoiceField(label="種類", choices=Duty.Kind.choices, widget=forms.RadioSelect)
    category = forms.ChoiceField(label="分類", choices=Duty.Category.choices)
    weight = set_bounds(
        forms.IntegerField(
            label="重み（1〜10）",
            help_text="手間の大きさと、止まったときの影響で決めます。集中度の計算に使います。",
        ),
        1,
        10,
    )
    unit = forms.TypedChoiceField(
        label="担当する所属",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="この所属から異動する人は、異動のシミュレーションで担当から外れるものとして数えます。",
    )
    description = forms.CharField(
        label="内容", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    outsourced = forms.BooleanField(label="外部に委託している", required=False)
    contractor = forms.CharField(label="委託先", required=False, max_length=120)
    security_checked_on = forms.DateField(
        label="委託先のセキュリティを確かめた日",
        required=False,
        widget=DateInput(),
        help_text="データを預けている委託先が、自団体と同じ水準の対策をしているかを確かめた日です。1年を過ぎると「要確認」になります。",
    )
    skill_keys = forms.MultipleChoiceField(
        label="副担当に必要なスキル・資格",
        required=False,
        help_text="後任・副担当の候補を探すときに使います（複数選べます）。",
    )
    started_on = forms.DateField(label="登録日", widget=DateInput())
    ended_on = forms.DateField(
        label="廃止日", required=False, widget=DateInput(), help_text="業務がなくなったときだけ入力します。"
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["unit"].choices = unit_choices(organisation, blank="（決めない）")
        self.fields["skill_keys"].choices = fact_sources.choices_for_keys(organisation)

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        data["unit"] = Unit.objects.filter(organisation=self.organisation, pk=unit).first() if unit else None
        if data.get("outsourced") and not (data.get("contractor") or "").strip():
            self.add_error("contractor", "委託しているときは委託先を入力してください。")
        return data


def staff_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=200,
        help_text="職員番号を入力するか、入力して出てくる候補から選びます。",
        widget=forms.TextInput(attrs={"list": "staff-options", "autocomplete": "off"}),
    )


def resolve_staff(text: str, queryset):
    """The one active person a 「職員番号 氏名（所属）」 text names within ``queryset``, or a ValidationError."""
    from jinzai.core.text import normalize_staff_no, search_terms

    words = (text or "").split()
    first = normalize_staff_no(words[0]) if words else ""
    staff = queryset.filter(staff_no=first, retired_on__isnull=True).first() if first else None
    if staff is None:
        matches = queryset.filter(retired_on__isnull=True)
        for term in search_terms(text):
            matches = matches.filter(search_text__contains=term)
        found = list(matches[:2])
        if len(found) > 1:
            raise forms.ValidationError("該当する職員が複数います。職員番号で指定してください。")
        staff = found[0] if found else None
    if staff is None:
        raise forms.ValidationError(f"「{text}」に当たる職員が見つかりません。職員番号を確かめてください。")
    return staff


class HolderForm(forms.Form):
    staff = staff_field("担当する職員（職員番号または氏名）")
    role = forms.ChoiceField(label="役割", choices=DutyHolder.Role.choices, widget=forms.RadioSelect)
    proficiency = forms.TypedChoiceField(
        label="習熟", coerce=int, choices=DutyHolder.Proficiency.choices, initial=DutyHolder.Proficiency.ALONE
    )
    started_on = forms.DateField(label="開始日", widget=DateInput())
    note = forms.CharField(label="備考", required=False, max_length=200)

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff_queryset = staff_queryset

    def clean_staff(self):
        return resolve_staff(self.cleaned_data["staff"], self.staff_queryset)


class HolderEndForm(forms.Form):
    ended_on = forms.DateField(label="終了日", widget=DateInput(), help_text="担当の最後の日です。")
