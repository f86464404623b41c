"""Forms for maturity levels, assessments, the basic policy and the structure."""

from __future__ import annotations

from django import forms

from jinzai.core.dates import fiscal_year_label, fiscal_year_of
from jinzai.core.forms import DateInput
from jinzai.core.services import today
from jinzai.core.text import normalize_staff_no

from ..models import LEVELS, Body, BodyMember, MaturityLevel, PolicyTypeSection
from ..selectors.policy import body_choices
from ..services.policy import POINTS

NAME_MAX = MaturityLevel._meta.get_field("name").max_length


def textarea(rows: int = 4, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


# --- levels --------------------------------------------------------------------------------------


class LevelEditForm(forms.Form):
    """name_1..name_5 and description_1..description_5 of one talent type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for level in range(1, 6):
            self.fields[f"name_{level}"] = forms.CharField(label=f"レベル{level}の名称", max_length=NAME_MAX)
            self.fields[f"description_{level}"] = forms.CharField(
                label=f"レベル{level}の状態",
                widget=textarea(3),
                help_text="団体全体として、この人材像がどんな状態にあるかを書きます。" if level == 1 else "",
            )

    def level_rows(self):
        return [(level, self[f"name_{level}"], self[f"description_{level}"]) for level in range(1, 6)]

    def levels(self) -> dict[int, dict[str, str]]:
        data = self.cleaned_data
        return {
            level: {"name": data[f"name_{level}"], "description": data[f"description_{level}"]}
            for level in range(1, 6)
        }


def recent_fiscal_years(back: int = 4, ahead: int = 0) -> list[tuple[int, str]]:
    """This fiscal year and the ones before it: a level is assessed for a year that has begun."""
    current = fiscal_year_of(today())
    return [(fy, fiscal_year_label(fy)) for fy in range(current + ahead, current - back - 1, -1)]


class AssessmentForm(forms.Form):
    talent_type = forms.TypedChoiceField(label="人材像", coerce=int)
    fiscal_year = forms.TypedChoiceField(label="年度", coerce=int)
    level = forms.TypedChoiceField(
        label="現状のレベル",
        coerce=int,
        choices=[("", "（選んでください）"), *LEVELS],
        help_text="各レベルの目安は、下の「レベルの目安」で確かめられます。",
    )
    evidence = forms.CharField(
        label="根拠",
        required=False,
        widget=textarea(4),
        help_text="そう判断した理由を書きます。例: 研修の受講状況、改善提案の件数、アンケートの結果など。",
    )
    assessor = forms.CharField(label="評価者", max_length=100, required=False)
    assessed_on = forms.DateField(label="評価日", widget=DateInput())

    def __init__(self, *args, talent_types, level_names: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["talent_type"].choices = [("", "（選んでください）")] + [
            (t.pk, t.name) for t in talent_types
        ]
        self.fields["fiscal_year"].choices = recent_fiscal_years()
        names = level_names or {}
        self.fields["level"].choices = [("", "（選んでください）")] + [
            (n, f"{label}（{names[n]}）" if names.get(n) else label) for n, label in LEVELS
        ]


# --- basic policy --------------------------------------------------------------------------------


class PolicyForm(forms.Form):
    title = forms.CharField(label="表題", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for point in POINTS:
            label = point.label + ("（全体の考え方）" if point.field == "development_text" else "")
            self.fields[point.field] = forms.CharField(label=label, required=False, widget=textarea(7))
        self.fields[
            "structure_text"
        ].help_text = "本部・委員会・作業部会と構成員は「推進体制」の画面で登録します。詳細画面とWordでは、この文章の後に一覧で載ります。"

    def point_fields(self):
        return {point.field: self[point.field] for point in POINTS}


class PolicySectionForm(forms.Form):
    """③ for one talent type; used with prefix "t<type pk>"."""

    approach = forms.ChoiceField(
        label="育成か確保か", choices=PolicyTypeSection.Approach.choices, widget=forms.RadioSelect
    )
    short_term = forms.CharField(
        label="短期の取組（1〜2年）",
        required=False,
        widget=textarea(3, placeholder="例: 研修の受講を勧め、資格の取得費用を補助する。"),
    )
    long_term = forms.CharField(
        label="中長期の取組（3年以降）",
        required=False,
        widget=textarea(3, placeholder="例: 経験を積んだ職員が、次の世代を指導する仕組みを作る。"),
    )

    def __init__(self, *args, talent_type, **kwargs):
        super().__init__(*args, **kwargs)
        self.talent_type = talent_type


class ApproveForm(forms.Form):
    approver_name = forms.CharField(
        label="承認者",
        max_length=100,
        help_text="決裁した人の職名と氏名です。例: 市長 山田太郎",
    )
    approved_on = forms.DateField(label="承認日", widget=DateInput())


# --- structure -----------------------------------------------------------------------------------


class BodyForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100, help_text="例: DX推進本部、人材育成委員会")
    kind = forms.ChoiceField(label="種類", choices=[("", "（選んでください）"), *Body.Kind.choices])
    parent = forms.TypedChoiceField(
        label="上位の組織",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="本部の下に委員会、委員会の下に作業部会を置きます。本部は「なし」にします。",
    )
    purpose = forms.CharField(
        label="役割",
        required=False,
        widget=textarea(3),
        help_text="この組織で何を決め、何を進めるかを書きます。",
    )

    def __init__(self, *args, organisation, body: Body | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["parent"].choices = [("", "（なし）")] + body_choices(organisation, exclude=body)

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        parent = Body.objects.filter(organisation=self.organisation, pk=pk).first()
        if parent is None:
            raise forms.ValidationError("上位の組織を一覧から選んでください。")
        return parent


class MemberForm(forms.Form):
    staff_no = forms.CharField(
        label="職員番号",
        max_length=30,
        required=False,
        help_text="庁内の職員は職員番号で選びます。氏名は職員の記録から入ります。",
    )
    name = forms.CharField(
        label="氏名・職名",
        max_length=100,
        required=False,
        help_text="外部有識者など職員でない人の氏名と所属です。職員番号を入れたときは空欄で構いません。例: ○○大学 教授 佐藤一郎",
    )
    role = forms.ChoiceField(label="役割", choices=BodyMember.Role.choices, initial=BodyMember.Role.MEMBER)

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff_queryset = staff_queryset

    def clean(self):
        data = super().clean()
        staff_no = normalize_staff_no(data.get("staff_no") or "")
        data["staff"] = None
        if staff_no:
            staff = self.staff_queryset.filter(staff_no=staff_no).first()
            if staff is None:
                self.add_error(
                    "staff_no", f"職員番号「{staff_no}」の職員が見つかりません。番号を確かめてください。"
                )
            data["staff"] = staff
        elif not (data.get("name") or "").strip():
            self.add_error("name", "職員番号を入力するか、職員でない人は氏名を入力してください。")
        return data


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="開催日", widget=DateInput())
    title = forms.CharField(label="件名", max_length=200, help_text="例: 第1回 DX推進本部会議")
    notes = forms.CharField(
        label="記録",
        required=False,
        widget=textarea(5),
        help_text="決まったこと、次までの宿題などを書きます。",
    )
