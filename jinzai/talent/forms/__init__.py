"""Forms of the talent app. Labels above fields, help text below, errors in polite Japanese."""

from __future__ import annotations

from django import forms

from jinzai.core.forms import DateInput, unit_choices
from jinzai.core.text import normalize_staff_no, search_terms
from jinzai.people.models import Staff

from ..models import Designation, SubRole, TalentType
from ..selectors import STATUS_ACTIVE, STATUS_ALL, STATUS_ENDED, ordered_types

STATUS_CHOICES = [(STATUS_ACTIVE, "有効"), (STATUS_ENDED, "終了"), (STATUS_ALL, "すべて")]
INDENT = "\u3000"


def type_choices(organisation, *, blank: str | None, active_only: bool = False) -> list[tuple]:
    choices = [("", blank)] if blank is not None else []
    for t, depth in ordered_types(organisation, active_only=active_only):
        label = INDENT * depth + t.name + ("" if t.is_active else "（使用終了）")
        choices.append((t.pk, label))
    return choices


def sub_role_choices(organisation, *, blank: str, active_only: bool = False) -> list[tuple]:
    """Sub-roles grouped by their type (an <optgroup> per type)."""
    subs = SubRole.objects.filter(organisation=organisation).order_by("sort_order", "id")
    if active_only:
        subs = subs.filter(is_active=True)
    by_type: dict[int, list[SubRole]] = {}
    for sub in subs:
        by_type.setdefault(sub.talent_type_id, []).append(sub)
    choices: list[tuple] = [("", blank)]
    for t, _depth in ordered_types(organisation, active_only=active_only):
        if t.pk in by_type:
            choices.append(
                (t.name, [(s.pk, s.name + ("" if s.is_active else "（使用終了）")) for s in by_type[t.pk]])
            )
    return choices


# --- talent types -------------------------------------------------------------------------------


class TalentTypeForm(forms.Form):
    name = forms.CharField(label="名称", max_length=60, help_text="例: DX推進リーダー（ゴールド）")
    description = forms.CharField(
        label="説明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="どのような人材かを、職員にもわかる言葉で書きます。",
    )
    sort_order = forms.IntegerField(
        label="表示順",
        min_value=0,
        max_value=99999,
        required=False,
        help_text="小さいほど上に表示します。空なら最後に並べます。",
    )


class TalentTypeCreateForm(TalentTypeForm):
    parent = forms.TypedChoiceField(
        label="上位の人材像（階層に分けるとき）",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="ゴールド・シルバー・ブロンズのように段階を分けるときに、上位の人材像を選びます。",
    )
    field_order = ["parent", "name", "description", "sort_order"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["parent"].choices = [("", "（なし：独立した人材像）")] + [
            (t.pk, t.name) for t, depth in ordered_types(organisation, active_only=True) if depth == 0
        ]

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        parent = TalentType.objects.filter(organisation=self.organisation, pk=pk, parent__isnull=True).first()
        if parent is None:
            raise forms.ValidationError("上位の人材像を一覧から選んでください。")
        return parent


class TalentTypeEditForm(TalentTypeForm):
    sort_order = forms.IntegerField(label="表示順", min_value=0, max_value=99999)
    retired_on = forms.DateField(
        label="使用をやめた日",
        required=False,
        widget=DateInput(),
        help_text="入力すると、この人材像には新しく指定できなくなります。これまでの指定と履歴は残ります。"
        "空にすると、また使えるようになります。",
    )


class SubRoleForm(forms.Form):
    name = forms.CharField(label="区分の名称", max_length=60, help_text="例: DX推進担当、業務担当")
    description = forms.CharField(
        label="説明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    sort_order = forms.IntegerField(
        label="表示順", min_value=0, max_value=99999, required=False, help_text="空なら最後に並べます。"
    )


class SubRoleEditForm(SubRoleForm):
    sort_order = forms.IntegerField(label="表示順", min_value=0, max_value=99999)
    is_active = forms.BooleanField(
        label="使用中",
        required=False,
        help_text="外すと、この区分では新しく指定できなくなります。これまでの指定と履歴は残ります。",
    )


# --- designations -------------------------------------------------------------------------------


class DesignationFilterForm(forms.Form):
    q = forms.CharField(
        label="氏名・ふりがな・職員番号",
        required=False,
        max_length=100,
        help_text="全角・半角、ひらがな・カタカナを区別せずに探します。",
    )
    talent_type = forms.TypedChoiceField(label="人材像", coerce=int, required=False, empty_value=None)
    sub_role = forms.TypedChoiceField(label="区分", coerce=int, required=False, empty_value=None)
    unit = forms.TypedChoiceField(
        label="所属（下位の所属を含む）", coerce=int, required=False, empty_value=None
    )
    status = forms.ChoiceField(label="状態", required=False, choices=STATUS_CHOICES)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talent_type"].choices = type_choices(organisation, blank="（すべて）")
        self.fields["sub_role"].choices = sub_role_choices(organisation, blank="（すべて）")
        self.fields["unit"].choices = unit_choices(organisation, blank="（すべて）")


class DesignationCreateForm(forms.Form):
    staff = forms.CharField(
        label="職員（職員番号または氏名）",
        max_length=200,
        help_text="職員番号を入力するか、入力して出てくる候補から選びます。",
        widget=forms.TextInput(attrs={"list": "staff-options", "autocomplete": "off"}),
    )
    talent_type = forms.TypedChoiceField(label="人材像", coerce=int)
    sub_role = forms.TypedChoiceField(
        label="区分",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="区分のある人材像（DX推進リーダーなど）で選びます。選んだ人材像の区分にしてください。",
    )
    method = forms.ChoiceField(
        label="指定の方法",
        choices=Designation.Method.choices,
        initial=Designation.Method.NOMINATED,
        widget=forms.RadioSelect,
    )
    duties = forms.CharField(
        label="事務分掌",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="この指定で受け持つ事務を書きます。兼務発令があるときは、発令の内容に合わせます。",
    )
    started_on = forms.DateField(label="開始日", widget=DateInput())
    ended_on = forms.DateField(
        label="終了日",
        required=False,
        widget=DateInput(),
        help_text="任期が決まっているときだけ入力します。空なら、終了の手続きをするまで続きます。",
    )
    note = forms.CharField(label="備考", required=False, max_length=200)

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

    def clean_staff(self) -> Staff:
        text = self.cleaned_data["staff"]
        qs = self.staff_queryset
        first = normalize_staff_no(text.split()[0]) if text.split() else ""
        staff = qs.filter(staff_no=first).first() if first else None
        if staff is None:
            matches = qs
            for term in search_terms(text):
                matches = matches.filter(search_text__contains=term)
            found = list(matches.filter(retired_on__isnull=True)[:2])
            if len(found) == 1:
                staff = found[0]
            elif len(found) > 1:
                raise forms.ValidationError("該当する職員が複数います。職員番号で指定してください。")
        if staff is None:
            raise forms.ValidationError(
                f"「{text}」に当たる職員が見つかりません。職員番号を確かめてください。"
            )
        return staff

    def clean(self):
        data = super().clean()
        type_pk, sub_pk = data.get("talent_type"), data.get("sub_role")
        if type_pk:
            data["talent_type"] = TalentType.objects.filter(
                organisation=self.organisation, pk=type_pk
            ).first()
            if data["talent_type"] is None:
                self.add_error("talent_type", "人材像を一覧から選んでください。")
        if sub_pk:
            sub = SubRole.objects.filter(organisation=self.organisation, pk=sub_pk).first()
            data["sub_role"] = sub
            talent_type = data.get("talent_type")
            if sub is None:
                self.add_error("sub_role", "区分を一覧から選んでください。")
            elif talent_type and sub.talent_type_id != talent_type.pk:
                self.add_error(
                    "sub_role",
                    f"区分「{sub.name}」は「{sub.talent_type.name}」の区分です。"
                    f"「{talent_type.name}」の区分を選ぶか、「（区分なし）」にしてください。",
                )
        if data.get("started_on") and data.get("ended_on") and data["ended_on"] < data["started_on"]:
            self.add_error("ended_on", "終了日は開始日以後の日付にしてください。")
        return data


class DesignationEditForm(forms.Form):
    method = forms.ChoiceField(
        label="指定の方法", choices=Designation.Method.choices, widget=forms.RadioSelect
    )
    duties = forms.CharField(
        label="事務分掌", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    note = forms.CharField(label="備考", required=False, max_length=200)


class DesignationEndForm(forms.Form):
    ended_on = forms.DateField(
        label="終了日", widget=DateInput(), help_text="指定の最後の日です。この日までは有効として数えます。"
    )
    reason = forms.CharField(
        label="終了の理由",
        required=False,
        max_length=200,
        help_text="例: 任期満了、異動のため、本人の申出",
    )
