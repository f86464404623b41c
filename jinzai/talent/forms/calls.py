"""Forms of calls for applications and nominations."""

from __future__ import annotations

from django import forms

from jinzai.core.forms import DateInput, set_bounds, unit_choices
from jinzai.core.models import Unit

from ..models import Application, NominationTrack, SubRole, TalentType
from . import sub_role_choices, type_choices
from .duties import resolve_staff, staff_field


def _type(organisation, pk):
    return TalentType.objects.filter(organisation=organisation, pk=pk).first() if pk else None


def _sub_role(organisation, pk):
    return SubRole.objects.filter(organisation=organisation, pk=pk).first() if pk else None


class CallForm(forms.Form):
    title = forms.CharField(
        label="公募の名称", max_length=120, help_text="例: 令和9年度 DX推進リーダー（業務担当）の募集"
    )
    talent_type = forms.TypedChoiceField(label="人材像", coerce=int)
    sub_role = forms.TypedChoiceField(label="区分", coerce=int, required=False, empty_value=None)
    wanted = set_bounds(forms.IntegerField(label="募集人数（名）"), 1, 999)
    deadline = forms.DateField(label="応募の締切日", widget=DateInput())
    text = forms.CharField(
        label="募集の内容",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="役割、期待すること、活動の時間の目安、研修などを職員にわかる言葉で書きます。",
    )
    duties = forms.CharField(
        label="事務分掌（指定するときの内容）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_on = forms.DateField(label="指定の開始日", widget=DateInput())
    ends_on = forms.DateField(
        label="指定の終了日（任期）",
        required=False,
        widget=DateInput(),
        help_text="任期を決めないときは空欄にします。",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["talent_type"].choices = type_choices(
            organisation, blank="（選んでください）", active_only=True
        )
        self.fields["sub_role"].choices = sub_role_choices(
            organisation, blank="（区分なし）", active_only=True
        )

    def clean(self):
        data = super().clean()
        data["talent_type"] = _type(self.organisation, data.get("talent_type"))
        if self.cleaned_data.get("talent_type") is None and "talent_type" not in self.errors:
            self.add_error("talent_type", "人材像を選んでください。")
        data["sub_role"] = _sub_role(self.organisation, data.get("sub_role"))
        return data


class ApplicationForm(forms.Form):
    statement = forms.CharField(
        label="応募の動機・やりたいこと",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="なぜ応募するか、これまでの経験、DX推進リーダーとして取り組みたいことを書きます。所属長と事務局が読みます。",
    )


class ReviewForm(forms.Form):
    opinion = forms.ChoiceField(
        label="所属長としての意見",
        choices=[(Application.Opinion.CONSENT, "同意する"), (Application.Opinion.CONCERN, "懸念がある")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="コメント",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="懸念があるときは、その内容（業務の繁忙など）を書いてください。事務局が選考で読みます。",
    )


class SelectForm(forms.Form):
    note = forms.CharField(
        label="応募した人への連絡",
        required=False,
        max_length=300,
        help_text="結果とあわせて応募した全員に表示します。例: 4月の説明会の日程は追って連絡します。",
    )


class NominationForm(forms.Form):
    staff = staff_field("推薦する職員（職員番号または氏名）")
    reason = forms.CharField(
        label="推薦の理由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="日ごろの仕事ぶりや、DXの取組で期待することを具体的に書きます。",
    )
    designate = forms.BooleanField(label="人材像への指定を推薦する", required=False)
    talent_type = forms.TypedChoiceField(label="人材像", coerce=int, required=False, empty_value=None)
    sub_role = forms.TypedChoiceField(label="区分", coerce=int, required=False, empty_value=None)
    programme_on = forms.BooleanField(label="育成プログラムへの参加を推薦する", required=False)
    programme = forms.CharField(
        label="育成プログラム",
        required=False,
        max_length=120,
        help_text="例: DX推進リーダー養成研修（県との共同研修）",
    )
    move_on = forms.BooleanField(label="異動（配置換え）を推薦する", required=False)
    unit = forms.TypedChoiceField(label="異動先の所属", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, organisation, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.staff_queryset = staff_queryset
        self.fields["talent_type"].choices = type_choices(
            organisation, blank="（選んでください）", active_only=True
        )
        self.fields["sub_role"].choices = sub_role_choices(
            organisation, blank="（区分なし）", active_only=True
        )
        self.fields["unit"].choices = unit_choices(organisation, blank="（選んでください）")

    def clean_staff(self):
        return resolve_staff(self.cleaned_data["staff"], self.staff_queryset)

    def clean(self):
        data = super().clean()
        if not (data.get("designate") or data.get("programme_on") or data.get("move_on")):
            self.add_error(
                None, "推薦の内容（人材像への指定・育成プログラム・異動）を1つ以上選んでください。"
            )
        if data.get("designate") and not data.get("talent_type"):
            self.add_error("talent_type", "指定を推薦するときは人材像を選んでください。")
        if data.get("programme_on") and not (data.get("programme") or "").strip():
            self.add_error("programme", "育成プログラムの名前を書いてください。")
        if data.get("move_on") and not data.get("unit"):
            self.add_error("unit", "異動を推薦するときは異動先を選んでください。")
        return data

    def tracks(self) -> list[dict]:
        d = self.cleaned_data
        tracks = []
        if d.get("designate"):
            tracks.append(
                {
                    "kind": NominationTrack.Kind.DESIGNATION,
                    "talent_type": _type(self.organisation, d.get("talent_type")),
                    "sub_role": _sub_role(self.organisation, d.get("sub_role")),
                }
            )
        if d.get("programme_on"):
            tracks.append({"kind": NominationTrack.Kind.PROGRAMME, "programme": d.get("programme")})
        if d.get("move_on"):
            tracks.append(
                {
                    "kind": NominationTrack.Kind.MOVE,
                    "unit": Unit.objects.filter(organisation=self.organisation, pk=d.get("unit")).first(),
                }
            )
        return tracks


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="判断",
        choices=[
            (NominationTrack.Decision.APPROVED, "承認する"),
            (NominationTrack.Decision.REJECTED, "承認しない"),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="理由・推薦した人への連絡",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="承認しないときは必ず書きます。",
    )


class DesignationDecideForm(DecideForm):
    appointed = forms.BooleanField(
        label="兼務発令をする（指名・兼務発令あり）",
        required=False,
        help_text="職務として定義し、事務分掌を明らかにします。兼務先を選ぶと兼務の記録も作ります。",
    )
    concurrent_unit = forms.TypedChoiceField(
        label="兼務先の所属", coerce=int, required=False, empty_value=None
    )
    duties = forms.CharField(
        label="事務分掌", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    started_on = forms.DateField(label="指定の開始日", required=False, widget=DateInput())
    ended_on = forms.DateField(label="指定の終了日（任期）", required=False, widget=DateInput())

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["concurrent_unit"].choices = unit_choices(organisation, blank="（兼務の記録は作らない）")

    def clean(self):
        data = super().clean()
        if data.get("decision") == NominationTrack.Decision.APPROVED and not data.get("started_on"):
            self.add_error("started_on", "承認するときは指定の開始日を入力してください。")
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", "終了日は開始日以後の日付にしてください。")
        unit = data.get("concurrent_unit")
        data["concurrent_unit"] = (
            Unit.objects.filter(organisation=self.organisation, pk=unit).first() if unit else None
        )
        return data
