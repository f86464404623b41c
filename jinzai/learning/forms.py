"""Forms of the learning app. Plain forms built from the models' fields (services do the writing)."""

from __future__ import annotations

from django import forms
from django.forms.models import fields_for_model

from jinzai.core.dates import fiscal_year_label
from jinzai.core.forms import DateInput, guard_model_choices, set_bounds
from jinzai.core.text import normalize_staff_no
from jinzai.people.models import EmploymentType
from jinzai.talent.models import SubRole, TalentType

from .models import (
    Certification,
    Course,
    Curriculum,
    Enrolment,
    InternalCertRule,
    Session,
    SubsidyRule,
)

DATE_WIDGETS = {"widget": DateInput()}
# Upper bounds of amounts a person types: far above any real value, far below the database's limit.
MAX_YEN = 100_000_000  # 1億円
MAX_BUDGET = 2_000_000_000  # 20億円
MAX_SORT = 99_999
MAX_SEATS = 10_000


def _form(name: str, model, fields: tuple[str, ...], widgets: dict | None = None, base=forms.Form):
    return type(name, (base,), fields_for_model(model, fields=fields, widgets=widgets or {}))


class OrgForm(forms.Form):
    """Limits every model choice to the acting organisation."""

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        for field in self.fields.values():
            qs = getattr(field, "queryset", None)
            if qs is not None:
                field.queryset = qs.filter(organisation=organisation)
        guard_model_choices(self)


# --- catalog ------------------------------------------------------------------------------------

CertificationForm = _form(
    "CertificationForm",
    Certification,
    (
        "name",
        "short_name",
        "issuer",
        "category",
        "itss_level",
        "validity_months",
        "renewal_note",
        "description",
        "sort_order",
        "is_active",
    ),
    {"description": forms.Textarea(attrs={"rows": 3})},
)
set_bounds(CertificationForm.base_fields["itss_level"], 1, 4)
set_bounds(CertificationForm.base_fields["validity_months"], 1, 600)
set_bounds(CertificationForm.base_fields["sort_order"], 0, MAX_SORT)


class StaffCertForm(OrgForm):
    certification = forms.ModelChoiceField(
        label="資格", queryset=Certification.objects.filter(is_active=True)
    )
    acquired_on = forms.DateField(
        label="取得日（合格日・更新日）",
        widget=DateInput(),
        help_text="更新の登録では、更新した日を入力します。",
    )
    certificate_no = forms.CharField(label="登録番号・証書番号", max_length=50, required=False)
    proof = forms.FileField(
        label="証明書のファイル（PDF・JPEG・PNG）",
        help_text="合格証書や登録証を PDF・JPEG・PNG で選んでください。人事担当が確認します。",
    )


class StaffNumberField(forms.CharField):
    """The person a record is about, by 職員番号 (the number HR lists and cards show)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "職員番号")
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "記録する職員の職員番号です。人財カードや職員一覧に載っています。")
        super().__init__(**kwargs)

    def clean(self, value):
        return normalize_staff_no(super().clean(value))


class StaffCertRecordForm(OrgForm):
    """hr / dx_office: one person's certification, recorded without their own registration."""

    staff_no = StaffNumberField()
    certification = forms.ModelChoiceField(
        label="資格", queryset=Certification.objects.filter(is_active=True)
    )
    acquired_on = forms.DateField(label="取得日（合格日・更新日）", widget=DateInput())
    certificate_no = forms.CharField(label="登録番号・証書番号", max_length=50, required=False)
    note = forms.CharField(
        label="確かめた方法（任意）",
        max_length=150,
        required=False,
        help_text="例: 合格証書の写しで確認、IPAの合格者一覧で確認",
    )
    proof = forms.FileField(
        label="証明書のファイル（任意・PDF・JPEG・PNG）",
        required=False,
        help_text="手元に合格証書などのファイルがあれば添えます。",
    )


RESULT_RECORD_CHOICES = [
    (Enrolment.Result.COMPLETED, "修了"),
    (Enrolment.Result.ATTENDED, "受講（未修了）"),
]


class CompletionRecordForm(OrgForm):
    """dx_office: a past completion of one person, without a session or an application."""

    staff_no = StaffNumberField()
    course = forms.ModelChoiceField(label="研修", queryset=Course.objects.all())
    completed_on = forms.DateField(
        label="修了日（受講した日）", widget=DateInput(), help_text="複数日の研修は最後の日です。"
    )
    result = forms.ChoiceField(
        label="結果", choices=RESULT_RECORD_CHOICES, initial="completed", widget=forms.RadioSelect
    )
    fee = forms.IntegerField(
        label="受講料（円・任意）",
        required=False,
        min_value=0,
        max_value=MAX_YEN,
        help_text="空欄なら研修の受講料です。費用の集計（年度ごと）に入ります。",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由（本人に表示されます）", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class StaffCertFilterForm(forms.Form):
    q = forms.CharField(label="氏名・職員番号", required=False)
    status = forms.ChoiceField(label="状態", required=False)
    certification = forms.TypedChoiceField(label="資格", coerce=int, required=False, empty_value=None)
    expiring = forms.TypedChoiceField(
        label="有効期限",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            ("", "（問わない）"),
            (30, "30日以内に切れる"),
            (90, "90日以内に切れる"),
            (180, "180日以内に切れる"),
        ],
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import StaffCertification

        self.fields["status"].choices = [("", "（すべて）"), *StaffCertification.Status.choices]
        self.fields["certification"].choices = [("", "（すべて）")] + list(
            Certification.objects.filter(organisation=organisation).values_list("pk", "name")
        )


# --- subsidies ----------------------------------------------------------------------------------


class SubsidyRuleForm(OrgForm):
    certification = forms.ModelChoiceField(label="資格", queryset=Certification.objects.all())
    fiscal_year = forms.TypedChoiceField(label="年度", coerce=int)
    kind = forms.ChoiceField(label="補助の方法", choices=SubsidyRule.Kind.choices, widget=forms.RadioSelect)
    amount = forms.IntegerField(
        label="補助額（円・定額のとき）", min_value=1, max_value=MAX_YEN, required=False
    )
    ratio_percent = forms.IntegerField(
        label="補助率（%・割合のとき）", min_value=1, max_value=100, required=False
    )
    cap_amount = forms.IntegerField(
        label="上限額（円・割合のとき）", min_value=1, max_value=MAX_YEN, required=False
    )
    employment_types = forms.MultipleChoiceField(
        label="対象の任用形態",
        choices=EmploymentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="選ばなければ、すべての任用形態が対象です。",
    )
    talent_types = forms.ModelMultipleChoiceField(
        label="対象の人材像",
        queryset=TalentType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="選ぶと、その人材像に指定された職員だけが対象になります。",
    )
    pass_required = forms.BooleanField(label="合格した場合だけ支給する", required=False, initial=True)
    budget = forms.IntegerField(label="年間予算（円）", min_value=0, max_value=MAX_BUDGET)
    is_active = forms.BooleanField(label="受付中", required=False, initial=True)
    note = forms.CharField(label="備考", max_length=200, required=False)

    def __init__(self, *args, fiscal_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [(fy, fiscal_year_label(fy)) for fy in fiscal_years]


class SubsidyApplyForm(OrgForm):
    rule = forms.ModelChoiceField(label="補助", queryset=SubsidyRule.objects.filter(is_active=True))
    exam_on = forms.DateField(label="受験日", widget=DateInput())
    exam_fee = forms.IntegerField(label="受験料（円）", min_value=1, max_value=1_000_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].label_from_instance = lambda r: (
            f"{r.certification.name}（{fiscal_year_label(r.fiscal_year)}）"
        )
        self.fields["rule"].queryset = self.fields["rule"].queryset.select_related("certification")


class SubsidyPayForm(forms.Form):
    passed = forms.BooleanField(label="合格を確かめた", required=False)
    paid_amount = forms.IntegerField(
        label="支給額（円）",
        min_value=1,
        max_value=MAX_YEN,
        required=False,
        help_text="空欄なら補助予定額です。",
    )
    paid_on = forms.DateField(label="支給日", widget=DateInput())


# --- training -----------------------------------------------------------------------------------

_CourseBase = _form(
    "_CourseBase",
    Course,
    (
        "title",
        "provider_type",
        "provider_name",
        "mode",
        "hours",
        "fee",
        "step",
        "skill_items",
        "description",
        "is_active",
    ),
    {"skill_items": forms.Textarea(attrs={"rows": 3}), "description": forms.Textarea(attrs={"rows": 3})},
    base=OrgForm,
)


set_bounds(_CourseBase.base_fields["fee"], 0, MAX_YEN)


class CourseForm(_CourseBase):
    prepares_for = forms.ModelChoiceField(
        label="対策になる資格", queryset=Certification.objects.all(), required=False, empty_label="（なし）"
    )
    target_talent_types = forms.ModelMultipleChoiceField(
        label="対象の人材像",
        queryset=TalentType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


SessionForm = _form(
    "SessionForm",
    Session,
    ("title", "starts_on", "ends_on", "venue", "capacity", "apply_deadline", "note"),
    {"starts_on": DateInput(), "ends_on": DateInput(), "apply_deadline": DateInput()},
)
set_bounds(SessionForm.base_fields["capacity"], 1, MAX_SEATS)


class EnrolListForm(forms.Form):
    staff_numbers = forms.CharField(
        label="職員番号（1行に1人、またはカンマ区切り）",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="受講確定として登録します。定員を超えた人はキャンセル待ちになります。",
    )

    def numbers(self) -> list[str]:
        raw = self.cleaned_data["staff_numbers"].replace("、", ",").replace(",", "\n")
        return [normalize_staff_no(x) for x in raw.splitlines() if normalize_staff_no(x)]


class FeedbackForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label="満足度（5がいちばん高い）",
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    usefulness = forms.TypedChoiceField(
        label="業務への役立ち度（5がいちばん高い）",
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label="ご意見・ご感想（任意）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="研修の改善に使います。氏名は集計に表示しません。",
    )


RESULT_CHOICES = Enrolment.Result.choices


# --- internal certification ---------------------------------------------------------------------


class CurriculumForm(OrgForm):
    name = forms.CharField(label="カリキュラム名", max_length=100)
    description = forms.CharField(label="説明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    mode = forms.ChoiceField(
        label="修了の条件", choices=Curriculum.Mode.choices, widget=forms.RadioSelect, initial="all"
    )
    required_count = forms.IntegerField(
        label="修了が必要な研修の数（指定した数のとき）", min_value=1, max_value=1000, required=False
    )
    courses = forms.ModelMultipleChoiceField(
        label="研修", queryset=Course.objects.all(), widget=forms.CheckboxSelectMultiple
    )


class InternalRuleForm(OrgForm):
    name = forms.CharField(label="認定の名称", max_length=100, help_text="例: DXリーダー認定")
    description = forms.CharField(label="説明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    curriculum = forms.ModelChoiceField(
        label="修了が必要なカリキュラム",
        queryset=Curriculum.objects.all(),
        required=False,
        empty_label="（求めない）",
    )
    requires_test = forms.BooleanField(label="知識テストの合格を求める", required=False)
    test_id = forms.IntegerField(
        label="知識テストの番号",
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="スキルの機能にあるテストの番号です。",
    )
    certifications = forms.ModelMultipleChoiceField(
        label="保有が必要な資格（すべて）",
        queryset=Certification.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    talent_type = forms.ModelChoiceField(
        label="認定したときに指定する人材像", queryset=TalentType.objects.filter(is_active=True)
    )
    sub_role = forms.ModelChoiceField(
        label="区分",
        queryset=SubRole.objects.filter(is_active=True),
        required=False,
        empty_label="（区分なし）",
    )
    is_active = forms.BooleanField(label="使用中", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tests = knowledge_test_choices(self.organisation)
        if tests is not None:
            self.fields["test_id"] = forms.TypedChoiceField(
                label="知識テスト",
                coerce=int,
                required=False,
                empty_value=None,
                choices=[("", "（選んでください）"), *tests],
                help_text="「知識テストの合格を求める」を選んだときに使います。",
            )
        self.fields["sub_role"].label_from_instance = lambda s: f"{s.talent_type.name}：{s.name}"
        self.fields["sub_role"].queryset = self.fields["sub_role"].queryset.select_related("talent_type")


def knowledge_test_choices(organisation) -> list[tuple[int, str]] | None:
    """The skills app's tests of the organisation, or None when that app provides none."""
    from django.apps import apps

    try:
        model = apps.get_model("skills", "KnowledgeTest")
    except LookupError:
        return None
    return list(model.objects.filter(organisation=organisation).values_list("pk", "name"))


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(label="取消日", widget=DateInput())
    reason = forms.CharField(label="取消の理由", max_length=200)


def rule_initial(rule: InternalCertRule) -> dict:
    return {
        "name": rule.name,
        "description": rule.description,
        "curriculum": rule.curriculum_id,
        "requires_test": rule.requires_test,
        "test_id": rule.test_id,
        "certifications": list(rule.certifications.values_list("pk", flat=True)),
        "talent_type": rule.talent_type_id,
        "sub_role": rule.sub_role_id,
        "is_active": rule.is_active,
    }
