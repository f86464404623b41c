"""Forms of the prefecture hub. Labels above fields, help text below, number fields bounded, errors in Japanese."""

from __future__ import annotations

from django import forms

from jinzai.core.forms import DateInput
from jinzai.core.params import parse_id

from . import schemes
from .models import (
    AREAS,
    BankFile,
    BankOptIn,
    CouncilBody,
    CouncilMember,
    Expert,
    FollowUp,
    JointCourse,
    Mode,
    Position,
    SharingSetting,
    SupportRequest,
    WantedMode,
)

SCALE = [(n, str(n)) for n in range(1, 6)]
LEVEL_CHOICES = [("", "—")] + [(str(n), f"レベル{n}") for n in range(1, 6)]


class SharingForm(forms.Form):
    joint_roster = forms.BooleanField(
        label=SharingSetting._meta.get_field("joint_roster").verbose_name,
        help_text=SharingSetting._meta.get_field("joint_roster").help_text,
        required=False,
    )
    bank_opt_in = forms.BooleanField(
        label=SharingSetting._meta.get_field("bank_opt_in").verbose_name,
        help_text=SharingSetting._meta.get_field("bank_opt_in").help_text,
        required=False,
    )
    plan_detail = forms.BooleanField(
        label=SharingSetting._meta.get_field("plan_detail").verbose_name,
        help_text=SharingSetting._meta.get_field("plan_detail").help_text,
        required=False,
    )
    unit_detail = forms.BooleanField(
        label=SharingSetting._meta.get_field("unit_detail").verbose_name,
        help_text=SharingSetting._meta.get_field("unit_detail").help_text,
        required=False,
    )


class SurveyMunicipalityForm(forms.Form):
    code = forms.CharField(
        label="団体コード", max_length=6, help_text="6桁（検査数字を含む）で入力します。例: 994014"
    )
    name = forms.CharField(label="団体名", max_length=100)
    note = forms.CharField(label="備考", max_length=200, required=False)


def _pct(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, max_value=100, required=False, help_text="0〜100（%）。"
    )


def _level(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, max_value=5, required=False, help_text="1〜5。")


class SurveyFigureForm(forms.Form):
    fiscal_year = forms.IntegerField(label="年度（西暦の始まりの年）", min_value=2000, max_value=2100)
    staff_count = forms.IntegerField(label="職員数（人）", min_value=0, max_value=500_000)
    level_expert = _level("現状レベル（高度専門人材）")
    level_leader = _level("現状レベル（DX推進リーダー）")
    level_general = _level("現状レベル（一般行政職員）")
    plan_attainment = _pct("計画の目標のうち達成・順調の割合（%）")
    leader_coverage = _pct("リーダーのいる課の割合（%）")
    certified_share = _pct("資格を持つ職員の割合（%）")
    completions = forms.IntegerField(
        label="研修の修了（延べ人数）", min_value=0, max_value=1_000_000, required=False
    )
    one_person_duties = forms.IntegerField(
        label="1人だけが担う業務の数",
        min_value=0,
        max_value=10_000,
        required=False,
        help_text="わからなければ空欄にします。",
    )
    note = forms.CharField(label="備考", max_length=200, required=False)


# --- talent bank ----------------------------------------------------------------------------------


class SkillLevelsMixin:
    """One select per skill item of the prefecture's maps: `skill_<item id>` → level (1–5) or blank."""

    def add_skill_fields(self, items, initial_levels: dict[int, int]) -> None:
        self.skill_fields = []
        for item in items:
            name = f"skill_{item.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=f"{item.framework.name}：{item.name}",
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(initial_levels.get(item.pk, "")),
            )
            self.skill_fields.append(name)

    def skill_levels(self) -> dict[int, int]:
        levels = {}
        for name in getattr(self, "skill_fields", []):
            value = self.cleaned_data.get(name)
            if value:
                levels[int(name.removeprefix("skill_"))] = value
        return levels

    def skill_bound_fields(self):
        return [self[name] for name in getattr(self, "skill_fields", [])]

    def other_bound_fields(self):
        skip = set(getattr(self, "skill_fields", [])) | set(getattr(self, "after_skills", ()))
        return [self[name] for name in self.fields if name not in skip]

    def closing_bound_fields(self):
        return [self[name] for name in getattr(self, "after_skills", ())]


class ExpertForm(SkillLevelsMixin, forms.Form):
    kind = forms.ChoiceField(
        label="区分", choices=[c for c in Expert.Kind.choices if c[0] != Expert.Kind.MUNICIPAL_STAFF]
    )
    name = forms.CharField(label="氏名", max_length=100)
    kana = forms.CharField(label="ふりがな", max_length=100, required=False)
    affiliation = forms.CharField(label="所属・勤務先", max_length=120, required=False)
    title = forms.CharField(label="役職・肩書", max_length=80, required=False)
    profile = forms.CharField(label="経歴・実績", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    certifications = forms.CharField(
        label="保有資格",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="1行に1つ書いてください。",
    )
    areas = forms.MultipleChoiceField(
        label="分野", choices=AREAS, widget=forms.CheckboxSelectMultiple, required=False
    )
    scheme_keys = forms.MultipleChoiceField(
        label="派遣に使える制度",
        choices=schemes.dispatch_choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    visit_ok = forms.BooleanField(label="訪問に対応", required=False)
    online_ok = forms.BooleanField(label="オンラインに対応", required=False)
    availability = forms.ChoiceField(label="対応の可否", choices=Expert.Availability.choices)
    availability_note = forms.CharField(label="対応できる時期・時間", max_length=200, required=False)
    email = forms.EmailField(label="連絡先メール", required=False)
    phone = forms.CharField(label="連絡先電話", max_length=30, required=False)
    consent_on = forms.DateField(
        label="本人の同意日",
        widget=DateInput(),
        help_text="下の利用目的を本人に示し、登録に同意を得た日です。",
    )

    def __init__(self, *args, items=(), initial_levels=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_skill_fields(items, initial_levels or {})
        if editing:
            del self.fields["consent_on"]

    def profile_values(self) -> dict:
        data = self.cleaned_data
        keys = (
            "kind",
            "name",
            "kana",
            "affiliation",
            "title",
            "profile",
            "certifications",
            "visit_ok",
            "online_ok",
            "availability",
            "availability_note",
            "email",
            "phone",
        )
        return {k: data[k] for k in keys}


class ExpertSearchForm(forms.Form):
    q = forms.CharField(label="氏名・所属", required=False)
    area = forms.ChoiceField(label="分野", choices=[("", "すべて"), *AREAS], required=False)
    mode = forms.ChoiceField(
        label="形",
        choices=[("", "すべて"), ("visit", "訪問に対応"), ("online", "オンラインに対応")],
        required=False,
    )
    scheme = forms.ChoiceField(
        label="制度", choices=[("", "すべて"), *schemes.dispatch_choices()], required=False
    )
    kind = forms.ChoiceField(label="区分", choices=[("", "すべて"), *Expert.Kind.choices], required=False)
    item = forms.TypedChoiceField(label="スキル", coerce=int, empty_value=None, required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "すべて")] + [
            (i.pk, f"{i.framework.name}：{i.name}") for i in items
        ]


class BankFileForm(forms.ModelForm):
    class Meta:
        model = BankFile
        fields = [
            "name",
            "section",
            "purpose",
            "subjects",
            "collection",
            "recipients",
            "contact",
            "retention",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "subjects": forms.Textarea(attrs={"rows": 2}),
            "collection": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 2}),
            "contact": forms.Textarea(attrs={"rows": 2}),
        }


class OptInForm(SkillLevelsMixin, forms.Form):
    after_skills = ("consent",)
    fields_shared = forms.MultipleChoiceField(
        label="県の人材バンクに載せる項目",
        choices=BankOptIn.FIELDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="氏名と、下の分野・対応できる形は必ず載ります。選ばなかった項目は県に渡りません。",
    )
    areas = forms.MultipleChoiceField(label="得意な分野", choices=AREAS, widget=forms.CheckboxSelectMultiple)
    visit_ok = forms.BooleanField(label="訪問に対応できる", required=False)
    online_ok = forms.BooleanField(label="オンラインに対応できる", required=False)
    availability = forms.ChoiceField(label="対応の可否", choices=Expert.Availability.choices)
    availability_note = forms.CharField(label="対応できる時期・時間", max_length=200, required=False)
    profile = forms.CharField(
        label="経歴・実績（「経歴・実績」を選んだときに載ります）",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
    consent = forms.BooleanField(
        label="上の利用目的を読み、人材バンクへの登録に同意します",
        help_text="同意はいつでもこの画面から取り消せます。取り消すと、すぐに検索と照合の対象から外れます。",
    )

    def __init__(self, *args, items=(), initial_levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_skill_fields(items, initial_levels or {})


# --- support requests ---------------------------------------------------------------------------


class RequestForm(forms.Form):
    title = forms.CharField(label="件名", max_length=120)
    topic = forms.ChoiceField(label="分野", choices=AREAS)
    description = forms.CharField(
        label="相談したいこと",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text="困っている業務の特徴や課題も書くと、県が調整しやすくなります。",
    )
    needed_items = forms.TypedMultipleChoiceField(
        label="必要なスキル（県のスキルマップの項目）",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mode = forms.ChoiceField(label="支援の形", choices=WantedMode.choices, initial=WantedMode.EITHER)
    urgency = forms.ChoiceField(label="緊急度", choices=SupportRequest.Urgency.choices)
    period_from = forms.DateField(label="希望する時期（から）", widget=DateInput(), required=False)
    period_to = forms.DateField(label="希望する時期（まで）", widget=DateInput(), required=False)
    preferred_scheme = forms.ChoiceField(
        label="使いたい制度",
        choices=[("", "特になし（県に任せる）"), *schemes.dispatch_choices()],
        required=False,
    )
    contact = forms.CharField(
        label="担当者・連絡先", max_length=200, help_text="例: 企画財政課 企画係 内線123"
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {i.pk: i for i in items}
        self.fields["needed_items"].choices = [(i.pk, f"{i.framework.name}：{i.name}") for i in items]

    def clean(self):
        data = super().clean()
        if data.get("period_from") and data.get("period_to") and data["period_to"] < data["period_from"]:
            self.add_error("period_to", "希望する時期の終わりは、始まり以後の日付にしてください。")
        data["needed_items"] = [self.items[pk] for pk in data.get("needed_items") or [] if pk in self.items]
        return data


class FeedbackForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label="満足度（5がもっとも高い）", choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    usefulness = forms.TypedChoiceField(
        label="業務への役立ち度", choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    comments = forms.CharField(
        label="ご意見", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000
    )


class CommentForm(forms.Form):
    text = forms.CharField(label="連絡の内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=300)


class DispatchForm(forms.Form):
    expert = forms.TypedChoiceField(label="専門家", coerce=int)
    scheme = forms.ChoiceField(label="制度", choices=schemes.dispatch_choices())
    advice_kind = forms.ChoiceField(
        label="助言の種類（DXアドバイザーのとき）", choices=[("", "—"), *schemes.ADVICE_KINDS], required=False
    )
    held_on = forms.DateField(label="実施日", widget=DateInput())
    hours = forms.DecimalField(
        label="時間", min_value=0.5, max_value=24, decimal_places=1, help_text="例: 2、1.5"
    )
    mode = forms.ChoiceField(label="形", choices=Mode.choices, widget=forms.RadioSelect, initial=Mode.VISIT)
    outcome = forms.CharField(
        label="実施した内容", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    cap_reason = forms.CharField(
        label="上限を超えて記録する理由",
        max_length=300,
        required=False,
        help_text="制度の上限や条件を超えるときだけ入力します（例: 制度の窓口と協議済み）。",
    )

    def __init__(self, *args, experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.experts = {e.pk: e for e in experts}
        self.fields["expert"].choices = [
            (e.pk, f"{e.name}（{e.affiliation or e.get_kind_display()}）") for e in experts
        ]

    def clean_expert(self):
        value = self.cleaned_data["expert"]
        if value not in self.experts:
            raise forms.ValidationError("専門家は一覧から選んでください。")
        return self.experts[value]


class ReportForm(forms.Form):
    report = forms.CharField(label="助言の内容", widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)
    follow_ups = forms.CharField(
        label="今後の対応", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


# --- visits -------------------------------------------------------------------------------------------


class CounterpartForm(forms.Form):
    prefecture_contact = forms.CharField(label="県の担当者", max_length=100, required=False)
    municipal_contact = forms.CharField(label="市区町村の窓口", max_length=150, required=False)
    note = forms.CharField(label="備考", max_length=200, required=False)


class VisitPlanForm(forms.Form):
    municipality = forms.TypedChoiceField(label="団体", coerce=int)
    fiscal_year = forms.IntegerField(label="年度（西暦の始まりの年）", min_value=2000, max_value=2100)
    planned_month = forms.TypedChoiceField(
        label="予定の月", coerce=int, choices=[(m, f"{m}月") for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]
    )
    purpose = forms.CharField(label="目的", max_length=200, initial="年に一度の個別訪問とヒアリング")

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = {m.pk: m for m in municipalities}
        self.fields["municipality"].choices = [(m.pk, m.name) for m in municipalities]

    def clean_municipality(self):
        value = self.cleaned_data["municipality"]
        if value not in self.municipalities:
            raise forms.ValidationError("団体は一覧から選んでください。")
        return self.municipalities[value]


FOLLOW_UP_ROWS = 3


class VisitForm(forms.Form):
    municipality = forms.TypedChoiceField(label="団体", coerce=int)
    plan = forms.TypedChoiceField(label="訪問計画", coerce=int, empty_value=None, required=False)
    visited_on = forms.DateField(label="訪問日", widget=DateInput())
    mode = forms.ChoiceField(label="形", choices=Mode.choices, widget=forms.RadioSelect, initial=Mode.VISIT)
    attendees = forms.CharField(
        label="出席者",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text="例: 県 市町村課 2名、町 企画財政課長・担当",
    )
    topics = forms.CharField(
        label="話題", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )
    hearing_notes = forms.CharField(
        label="ヒアリングの内容", widget=forms.Textarea(attrs={"rows": 6}), max_length=8000
    )

    def __init__(self, *args, municipalities=(), plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = {m.pk: m for m in municipalities}
        self.plans = {p.pk: p for p in plans}
        self.fields["municipality"].choices = [(m.pk, m.name) for m in municipalities]
        self.fields["plan"].choices = [("", "（計画なし）")] + [
            (p.pk, f"{p.municipality.name} {p.planned_month}月：{p.purpose}") for p in plans
        ]
        for i in range(FOLLOW_UP_ROWS):
            self.fields[f"fu{i}_action"] = forms.CharField(
                label=f"フォローアップ{i + 1}：対応すること", max_length=200, required=False
            )
            self.fields[f"fu{i}_side"] = forms.ChoiceField(
                label=f"フォローアップ{i + 1}：担当", choices=FollowUp.Side.choices, required=False
            )
            self.fields[f"fu{i}_owner"] = forms.CharField(
                label=f"フォローアップ{i + 1}：担当者", max_length=100, required=False
            )
            self.fields[f"fu{i}_due"] = forms.DateField(
                label=f"フォローアップ{i + 1}：期限", widget=DateInput(), required=False
            )

    def clean_municipality(self):
        value = self.cleaned_data["municipality"]
        if value not in self.municipalities:
            raise forms.ValidationError("団体は一覧から選んでください。")
        return self.municipalities[value]

    def clean_plan(self):
        value = self.cleaned_data.get("plan")
        if value is None:
            return None
        if value not in self.plans:
            raise forms.ValidationError("訪問計画は一覧から選んでください。")
        return self.plans[value]

    def clean(self):
        data = super().clean()
        for i in range(FOLLOW_UP_ROWS):
            if data.get(f"fu{i}_action") and not data.get(f"fu{i}_due"):
                self.add_error(f"fu{i}_due", "対応することを書いたときは、期限を入力してください。")
        return data

    def follow_ups(self) -> list[tuple]:
        d = self.cleaned_data
        return [
            (
                d[f"fu{i}_action"],
                d.get(f"fu{i}_side") or FollowUp.Side.MUNICIPALITY,
                d.get(f"fu{i}_owner", ""),
                d.get(f"fu{i}_due"),
            )
            for i in range(FOLLOW_UP_ROWS)
            if d.get(f"fu{i}_action")
        ]

    def follow_up_rows(self):
        return [
            [self[f"fu{i}_action"], self[f"fu{i}_side"], self[f"fu{i}_owner"], self[f"fu{i}_due"]]
            for i in range(FOLLOW_UP_ROWS)
        ]


class DoneForm(forms.Form):
    done_on = forms.DateField(label="完了日", widget=DateInput())


# --- council and board ------------------------------------------------------------------------------


class BodyForm(forms.Form):
    name = forms.CharField(label="名称", max_length=120)
    kind = forms.ChoiceField(label="種類", choices=CouncilBody.Kind.choices)
    parent = forms.TypedChoiceField(label="上位の会議体", coerce=int, empty_value=None, required=False)
    purpose = forms.CharField(label="目的・テーマ", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    members = forms.TypedMultipleChoiceField(
        label="会員の団体",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="県も市区町村も同じ会員として参加します。",
    )

    def __init__(self, *args, parents=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parents = {b.pk: b for b in parents}
        self.organisations = {o.pk: o for o in organisations}
        self.fields["parent"].choices = [("", "（なし）")] + [(b.pk, b.name) for b in parents]
        self.fields["members"].choices = [(o.pk, o.name) for o in organisations]

    def clean_parent(self):
        value = self.cleaned_data.get("parent")
        if value is not None and value not in self.parents:
            raise forms.ValidationError("上位の会議体は一覧から選んでください。")
        return self.parents.get(value) if value is not None else None

    def clean_members(self):
        return [
            self.organisations[pk]
            for pk in self.cleaned_data.get("members") or []
            if pk in self.organisations
        ]


class MemberForm(forms.Form):
    member = forms.TypedChoiceField(label="団体", coerce=int)
    role = forms.ChoiceField(
        label="役割", choices=CouncilMember.Role.choices, initial=CouncilMember.Role.MEMBER
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        self.fields["member"].choices = [(o.pk, o.name) for o in organisations]

    def clean_member(self):
        value = self.cleaned_data["member"]
        if value not in self.organisations:
            raise forms.ValidationError("団体は一覧から選んでください。")
        return self.organisations[value]


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="開催日", widget=DateInput())
    title = forms.CharField(label="会議名", max_length=120)
    place = forms.CharField(label="会場・方法", max_length=120, required=False)
    agenda = forms.CharField(label="議題", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    materials = forms.CharField(
        label="資料",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="1行に1つ、資料の名前や置き場所を書きます。",
    )
    minutes = forms.CharField(label="議事録", widget=forms.Textarea(attrs={"rows": 6}), required=False)


class QuestionForm(forms.Form):
    title = forms.CharField(label="件名", max_length=120)
    text = forms.CharField(label="質問", widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)
    body = forms.TypedChoiceField(label="分科会", coerce=int, empty_value=None, required=False)

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = {b.pk: b for b in bodies}
        self.fields["body"].choices = [("", "（指定しない）")] + [(b.pk, b.name) for b in bodies]

    def clean_body(self):
        value = self.cleaned_data.get("body")
        if value is not None and value not in self.bodies:
            raise forms.ValidationError("分科会は一覧から選んでください。")
        return self.bodies.get(value) if value is not None else None


class AnswerForm(forms.Form):
    text = forms.CharField(label="回答", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)


# --- joint training ------------------------------------------------------------------------------


class JointCourseForm(forms.Form):
    title = forms.CharField(label="研修名", max_length=120)
    provider_name = forms.CharField(label="実施機関・講師", max_length=120, required=False)
    mode = forms.ChoiceField(label="形式", choices=JointCourse.MODES)
    hours = forms.DecimalField(label="時間", min_value=0, max_value=999, decimal_places=1)
    fee = forms.IntegerField(label="受講料（1人・円）", min_value=0, max_value=1_000_000, initial=0)
    step = forms.TypedChoiceField(
        label="段階", coerce=int, choices=JointCourse._meta.get_field("step").choices
    )
    description = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    shared_cost = forms.IntegerField(
        label="共同で負担する経費（円）",
        min_value=0,
        max_value=100_000_000,
        initial=0,
        help_text="講師謝金・会場費など、参加団体で分け合う経費の合計です。",
    )
    split_rule = forms.ChoiceField(label="経費の分け方", choices=JointCourse.Split.choices)


class JointSessionForm(forms.Form):
    title = forms.CharField(label="回の名称", max_length=80, help_text="例: 第1回、前期")
    starts_on = forms.DateField(label="開始日", widget=DateInput())
    ends_on = forms.DateField(label="終了日", widget=DateInput())
    venue = forms.CharField(label="会場またはURL", max_length=200, required=False)
    apply_deadline = forms.DateField(label="申込締切", widget=DateInput(), required=False)

    def __init__(self, *args, municipalities=(), seats=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = list(municipalities)
        for m in self.municipalities:
            self.fields[f"seats_{m.pk}"] = forms.IntegerField(
                label=f"{m.name}の座席数",
                min_value=0,
                max_value=1000,
                required=False,
                initial=(seats or {}).get(m.pk, 0),
            )

    def seat_fields(self):
        return [self[f"seats_{m.pk}"] for m in self.municipalities]

    def seats(self) -> dict:
        return {m: self.cleaned_data.get(f"seats_{m.pk}") or 0 for m in self.municipalities}


class SeatsForm(forms.Form):
    def __init__(self, *args, municipalities=(), seats=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = list(municipalities)
        for m in self.municipalities:
            self.fields[f"seats_{m.pk}"] = forms.IntegerField(
                label=f"{m.name}の座席数",
                min_value=0,
                max_value=1000,
                required=False,
                initial=(seats or {}).get(m.pk, 0),
            )

    def seats(self) -> dict:
        return {m: self.cleaned_data.get(f"seats_{m.pk}") or 0 for m in self.municipalities}


class EnrolForm(forms.Form):
    staff = forms.TypedMultipleChoiceField(
        label="登録する職員", coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {s.pk: s for s in staff}
        self.fields["staff"].choices = [
            (s.pk, f"{s.name}（{s.current_unit.name if s.current_unit_id else '所属なし'}）") for s in staff
        ]

    def clean_staff(self):
        return [self.people[pk] for pk in self.cleaned_data["staff"] if pk in self.people]


RESULT_CHOICES = [("", "未記録"), ("completed", "修了"), ("attended", "受講（未修了）"), ("absent", "欠席")]


def results_from_post(post) -> dict[int, str]:
    """`result_<enrolment id>` keys of a results form (ids through core.params)."""
    results = {}
    for key, value in post.items():
        if not key.startswith("result_"):
            continue
        pk = parse_id(key.removeprefix("result_"))
        if pk is not None and value in dict(RESULT_CHOICES):
            results[pk] = value
    return results


# --- external specialists --------------------------------------------------------------------------


class PositionForm(forms.Form):
    kind = forms.ChoiceField(label="区分", choices=Position.Kind.choices)
    title = forms.CharField(label="募集の名称", max_length=120)
    requirements = forms.CharField(
        label="求める経験・スキル", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    itss_level = forms.TypedChoiceField(
        label="求めるITSSレベル",
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", "—")] + [(n, f"レベル{n}") for n in range(1, 8)],
    )
    scheme = forms.ChoiceField(
        label="活用する制度", choices=[("", "—"), *schemes.position_choices()], required=False
    )
    hours_per_month = forms.DecimalField(
        label="月あたりの時間", min_value=0, max_value=400, decimal_places=1, required=False
    )
    status = forms.ChoiceField(label="状況", choices=Position.Status.choices)
    own_weight = forms.IntegerField(
        label="自団体の負担割合",
        min_value=1,
        max_value=10_000,
        initial=100,
        help_text="共同で確保するとき、下の団体の割合と合わせて費用を分けます（例: 60 と 40）。",
    )

    def __init__(self, *args, partners=(), weights=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_orgs = list(partners)
        for o in self.partner_orgs:
            self.fields[f"partner_{o.pk}"] = forms.IntegerField(
                label=f"{o.name}の負担割合",
                min_value=0,
                max_value=10_000,
                required=False,
                initial=(weights or {}).get(o.pk),
                help_text="共同で確保しないときは空欄にします。",
            )

    def partner_fields(self):
        return [self[f"partner_{o.pk}"] for o in self.partner_orgs]

    def partners(self) -> list[tuple]:
        return [
            (o, self.cleaned_data[f"partner_{o.pk}"])
            for o in self.partner_orgs
            if self.cleaned_data.get(f"partner_{o.pk}")
        ]

    def values(self) -> dict:
        keys = (
            "kind",
            "title",
            "requirements",
            "itss_level",
            "scheme",
            "hours_per_month",
            "status",
            "own_weight",
        )
        return {k: self.cleaned_data[k] for k in keys}


class CandidateForm(forms.Form):
    name = forms.CharField(label="氏名", max_length=100)
    affiliation = forms.CharField(label="現在の所属", max_length=120, required=False)
    source = forms.CharField(
        label="経路", max_length=80, required=False, help_text="例: 公募、県の人材バンク、企業からの紹介"
    )
    note = forms.CharField(label="メモ", max_length=300, required=False)


class ContractForm(forms.Form):
    person_name = forms.CharField(label="氏名・事業者名", max_length=120)
    starts_on = forms.DateField(label="契約の始まり", widget=DateInput())
    ends_on = forms.DateField(label="契約の終わり", widget=DateInput())
    basis = forms.ChoiceField(
        label="報酬の決め方", choices=[("monthly", "月額"), ("hourly", "時間単価"), ("annual", "年額")]
    )
    amount = forms.IntegerField(label="報酬（円）", min_value=0, max_value=100_000_000)
    hours_per_month = forms.DecimalField(
        label="月あたりの時間", min_value=0, max_value=400, decimal_places=1, required=False
    )
    scheme = forms.ChoiceField(
        label="活用する制度", choices=[("", "—"), *schemes.position_choices()], required=False
    )
    note = forms.CharField(label="備考", max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "契約の終わりは、始まり以後の日付にしてください。")
        return data
