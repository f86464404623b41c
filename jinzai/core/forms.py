"""Forms of the core app. Labels above fields, help text below, errors in Japanese."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm

from .models import Grade, Unit, UserSetting
from .roles import Role
from .selectors import unit_tree


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "ログインIDまたはパスワードが正しくありません。大文字と小文字も確かめてください。",
        "inactive": "このアカウントは使えません。システム管理者にお問い合わせください。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "ログインID"
        self.fields["password"].label = "パスワード"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def unit_choices(organisation, *, blank: str | None = "（指定なし）", exclude_pk: int | None = None):
    choices = [("", blank)] if blank is not None else []
    for node in unit_tree(organisation):
        if exclude_pk is not None and node.unit.pk == exclude_pk:
            continue
        choices.append((node.unit.pk, "\u3000" * node.depth + node.unit.name))
    return choices


class UnitForm(forms.Form):
    name = forms.CharField(label="所属名", max_length=100)
    kind = forms.ChoiceField(label="区分", choices=Unit.Kind.choices)
    parent = forms.TypedChoiceField(label="上位の所属", coerce=int, required=False, empty_value=None)
    code = forms.CharField(
        label="所属コード",
        max_length=30,
        required=False,
        help_text="人事給与システムの所属コードがあれば入力します。取込で所属を特定するのに使います。",
    )
    valid_from = forms.DateField(label="有効開始日", required=False, widget=DateInput())
    valid_to = forms.DateField(
        label="有効終了日",
        required=False,
        widget=DateInput(),
        help_text="組織改正で廃止した所属は、最後の日を入力します。履歴は残ります。",
    )
    is_it = forms.BooleanField(label="情報システム担当", required=False)
    is_dx = forms.BooleanField(label="DX推進担当部局", required=False)
    is_hr = forms.BooleanField(label="人事担当", required=False)
    is_business = forms.BooleanField(label="業務担当部局", required=False)

    def __init__(self, *args, organisation, unit: Unit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["parent"].choices = unit_choices(
            organisation, blank="（最上位）", exclude_pk=unit.pk if unit else None
        )

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", "有効終了日は有効開始日以後の日付にしてください。")
        parent = data.get("parent")
        if parent:
            data["parent"] = Unit.objects.filter(organisation=self.organisation, pk=parent).first()
            if data["parent"] is None:
                self.add_error("parent", "上位の所属を一覧から選んでください。")
        return data


class GradeForm(forms.Form):
    name = forms.CharField(label="職名", max_length=50)
    rank = forms.IntegerField(
        label="順位", min_value=1, max_value=999, help_text="小さいほど若い職級です（主事 = 1）。"
    )
    aliases = forms.CharField(
        label="別名",
        max_length=200,
        required=False,
        help_text="取込ファイルでの別の書き方を読点（、）で区切って入力します。例: 主任主事、主任級",
    )

    def __init__(self, *args, grade: Grade | None = None, **kwargs):
        super().__init__(*args, **kwargs)


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label="ログインID",
        max_length=150,
        regex=r"^[A-Za-z0-9_.@+-]+$",
        error_messages={"invalid": "ログインIDは半角英数字と _ . @ + - で入力してください。"},
    )
    display_name = forms.CharField(label="氏名（表示名）", max_length=100, required=False)
    password = forms.CharField(
        label="初期パスワード",
        widget=forms.PasswordInput(render_value=False),
        help_text="10文字以上。本人に安全な方法で伝え、最初のログインで変更してもらいます。",
    )
    role = forms.ChoiceField(label="役割", choices=Role.choices)
    units = forms.TypedMultipleChoiceField(label="担当所属（所属長のみ）", coerce=int, required=False)
    staff_no = forms.CharField(
        label="職員番号（本人の職員レコード）",
        max_length=20,
        required=False,
        help_text="職員・所属長は、本人の職員番号を入力すると自分の人財カードを見られます。",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["units"].choices = unit_choices(organisation, blank=None)
        if organisation.kind != "prefecture":
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.PREFECTURE_SUPPORT]


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label="役割", choices=Role.choices)
    units = forms.TypedMultipleChoiceField(label="担当所属（所属長のみ）", coerce=int, required=False)
    staff_no = forms.CharField(label="職員番号（本人の職員レコード）", max_length=20, required=False)
    is_active = forms.BooleanField(label="有効", required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["units"].choices = unit_choices(organisation, blank=None)
        if organisation.kind != "prefecture":
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.PREFECTURE_SUPPORT]


class PasswordResetByAdminForm(forms.Form):
    password = forms.CharField(
        label="新しいパスワード", widget=forms.PasswordInput(), help_text="10文字以上。"
    )


class UserSettingForm(forms.ModelForm):
    class Meta:
        model = UserSetting
        fields = ["date_style"]
        widgets = {"date_style": forms.RadioSelect}


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="利用者", required=False)
    action = forms.CharField(label="操作", required=False, help_text="例: auth.login、staff.")
    obj = forms.CharField(label="対象", required=False)
    since = forms.DateField(label="開始日", required=False, widget=DateInput())
    until = forms.DateField(label="終了日", required=False, widget=DateInput())


def user_model():
    return get_user_model()
