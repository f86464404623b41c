"""Forms of the core app. Labels above fields, help text below, errors in Japanese."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm

from .models import Grade, Sector, Unit, UserSetting
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


def set_bounds(field: forms.Field, minimum: int | None, maximum: int | None) -> forms.Field:
    """Give an integer form field its range: validators with Japanese messages at the field and the
    browser's min/max. A number too large for the database is then a form error, never a 500."""
    from django.core.validators import MaxValueValidator, MinValueValidator

    field.validators = [
        v for v in field.validators if not isinstance(v, MinValueValidator | MaxValueValidator)
    ]
    field.min_value, field.max_value = minimum, maximum
    if minimum is not None:
        field.validators.append(MinValueValidator(minimum))
        field.widget.attrs["min"] = minimum
    if maximum is not None:
        field.validators.append(MaxValueValidator(maximum))
        field.widget.attrs["max"] = maximum
    return field


def _guarded(field_class: type) -> type:
    """A model choice field class that refuses a value that is not an id (², ①, a 30-digit number)
    with its usual Japanese "not one of the choices" error, before any query is made."""
    from .params import parse_id

    cached = _GUARDED.get(field_class)
    if cached is not None:
        return cached
    multiple = issubclass(field_class, forms.ModelMultipleChoiceField)

    def check(self, value):
        values = value if multiple and isinstance(value, list | tuple) else [value]
        for v in values:
            if v not in self.empty_values and parse_id(v) is None:
                code = "invalid_pk_value" if multiple else "invalid_choice"
                raise forms.ValidationError(
                    self.error_messages[code], code=code, params={"pk": v, "value": v}
                )

    if multiple:

        def clean(self, value):
            check(self, value)
            return field_class.clean(self, value)

        guarded = type(f"Guarded{field_class.__name__}", (field_class,), {"clean": clean})
    else:

        def to_python(self, value):
            check(self, value)
            return field_class.to_python(self, value)

        guarded = type(f"Guarded{field_class.__name__}", (field_class,), {"to_python": to_python})
    _GUARDED[field_class] = guarded
    return guarded


_GUARDED: dict[type, type] = {}


def guard_model_choices(form: forms.BaseForm) -> None:
    """Make every model choice field of ``form`` refuse non-ids without a query (never a 500)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and not type(field).__name__.startswith("Guarded"):
            field.__class__ = _guarded(type(field))


def unit_choices(
    organisation,
    *,
    blank: str | None = "（指定なし）",
    exclude_pk: int | None = None,
    within: set[int] | None = None,
):
    """The unit tree as choices, indented by depth. ``within`` keeps only those units (a manager's scope),
    indented from the shallowest of them."""
    choices = [("", blank)] if blank is not None else []
    nodes = [n for n in unit_tree(organisation) if within is None or n.unit.pk in within]
    top = min((n.depth for n in nodes), default=0)
    for node in nodes:
        if exclude_pk is not None and node.unit.pk == exclude_pk:
            continue
        choices.append((node.unit.pk, "\u3000" * (node.depth - top) + node.unit.name))
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
    sector = forms.ChoiceField(
        label="部門",
        required=False,
        choices=[("", "（上位の所属と同じ）"), *Sector.choices],
        help_text="定員管理調査の部門です。空欄なら上位の所属の部門になります。育成計画の割合の目標で、対象を部門で絞るときに使います。",
    )

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
        help_text="10文字以上（システム管理者は12文字以上）。本人に安全な方法で伝えます。本人は最初のログインで変更します。",
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

    @staticmethod
    def initial_role(value: str | None) -> dict:
        """`?role=hr` from the admin home's links preselects the role."""
        return {"role": value} if value in Role.values else {}


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
        label="新しいパスワード",
        widget=forms.PasswordInput(),
        help_text="10文字以上（システム管理者は12文字以上）。本人は次のログインで自分のパスワードに変更します。",
    )


class UserSettingForm(forms.ModelForm):
    class Meta:
        model = UserSetting
        fields = ["date_style"]
        widgets = {"date_style": forms.RadioSelect}


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label="操作した人", required=False, max_length=150, help_text="ログインIDまたは表示名の一部"
    )
    person = forms.CharField(
        label="対象の職員",
        required=False,
        max_length=100,
        help_text="氏名・ふりがな・職員番号の一部。その職員についての記録だけを表示します。",
    )
    action = forms.ChoiceField(label="操作", required=False)
    obj = forms.CharField(label="対象", required=False, max_length=200, help_text="対象の名前または番号")
    since = forms.DateField(label="開始日", required=False, widget=DateInput())
    until = forms.DateField(label="終了日", required=False, widget=DateInput())

    def __init__(self, *args, actions_in_use: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = audit_action_choices(actions_in_use)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", "終了日は開始日以後の日付にしてください。")
        return data


def audit_action_choices(actions_in_use=()) -> list:
    """The actions in Japanese, grouped by family (「職員：すべての操作」 first in each group)."""
    from .audit import action_groups, action_label, action_labels

    codes = set(action_labels()) | set(actions_in_use)
    groups = action_groups()
    by_family: dict[str, list[str]] = {}
    for code in codes:
        by_family.setdefault(code.partition(".")[0], []).append(code)
    named = sorted((f for f in by_family if f in groups), key=lambda f: groups[f])
    others = sorted(c for f in by_family if f not in groups for c in by_family[f])
    choices: list = [("", "（すべて）")]
    for family in named:
        options = [(f"{family}.", f"{groups[family]}：すべての操作")]
        options += sorted(((c, action_label(c)) for c in by_family[family]), key=lambda o: o[1])
        choices.append((groups[family], options))
    if others:
        choices.append(("その他", sorted(((c, action_label(c)) for c in others), key=lambda o: o[1])))
    return choices


def user_model():
    return get_user_model()


# --- imports: one options form and one upload form for every importer (core/importing.py) --------


class _ImportOptionsBase(forms.Form):
    importer = None

    def options(self) -> dict:
        """The cleaned options as the pipeline stores them (dates as ISO strings)."""
        data = dict(self.cleaned_data)
        data.pop("file", None)
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def _option_field(option) -> forms.Field:
    if option.kind == "date":
        return forms.DateField(label=option.label, help_text=option.help, widget=DateInput(), required=True)
    if option.kind == "text":
        return forms.CharField(
            label=option.label, help_text=option.help, required=option.required, max_length=option.max_length
        )
    return forms.BooleanField(label=option.label, help_text=option.help, required=False)


def import_options_form(importer) -> type[forms.Form]:
    """The options of an importer (and the CSV encoding) as a form class."""
    from .importing import ENCODING_CHOICES

    fields: dict[str, forms.Field] = {
        "encoding": forms.ChoiceField(
            label="文字コード",
            choices=ENCODING_CHOICES,
            initial="auto",
            help_text="CSVのときだけ使います。文字化けするときに変えてください。",
        )
    }
    for option in importer.options:
        fields[option.key] = _option_field(option)
    return type(f"{importer.__class__.__name__}OptionsForm", (_ImportOptionsBase,), fields)


def import_upload_form(importer) -> type[forms.Form]:
    """The upload form: the file first, then the importer's options with their defaults."""
    from django.conf import settings

    options_form = import_options_form(importer)
    limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)

    class UploadForm(options_form):
        file = forms.FileField(
            label="ファイル（CSV または Excel .xlsx）",
            help_text=f"1行目に見出しが必要です。上限 {limit} MB。",
        )

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("initial", importer.default_options())
            super().__init__(*args, **kwargs)
            self.order_fields(["file", *[k for k in self.fields if k != "file"]])

        def clean_file(self):
            upload = self.cleaned_data["file"]
            if upload.size > settings.IMPORT_MAX_BYTES:
                raise forms.ValidationError(f"ファイルが大きすぎます（上限 {limit} MB）。")
            return upload

    return UploadForm


# --- sign-in steps and two-factor sign-in ---------------------------------------------------------


class OTPForm(forms.Form):
    code = forms.CharField(
        label="確認コード",
        max_length=40,
        help_text="認証アプリに表示されている6桁の数字を入力します。スマートフォンが手元にないときは、回復コード（英数字16文字）を入力します。",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={"required": "確認コードを入力してください。"},
    )


class TOTPConfirmForm(forms.Form):
    code = forms.CharField(
        label="認証アプリに表示された6桁の数字",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": "認証アプリに表示された6桁の数字を入力してください。"},
    )


class ReauthForm(forms.Form):
    password = forms.CharField(
        label="現在のパスワード",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        error_messages={"required": "パスワードを入力してください。"},
    )


class TwoFactorPolicyForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="2段階認証を必須にする役割",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="選んだ役割の利用者は、次のログインから認証アプリでの確認が必要になります（まだ設定していない人は、ログインの直後に設定します）。選ばない役割の人も、自分で設定できます。",
    )

    def __init__(self, *args, organisation, **kwargs):
        from .twofactor import role_choices

        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = role_choices(organisation)


class FirstRunPrefectureForm(forms.Form):
    pref = forms.ChoiceField(label="都道府県", error_messages={"required": "都道府県を選んでください。"})

    def __init__(self, *args, **kwargs):
        from . import lgcodes

        super().__init__(*args, **kwargs)
        self.fields["pref"].choices = [("", "選んでください")] + [
            (e.code, e.name) for e in lgcodes.prefectures()
        ]


class FirstRunForm(forms.Form):
    organisation = forms.ChoiceField(
        label="団体",
        help_text="都道府県そのものを使う場合は、一覧の最初の都道府県名を選びます。",
        error_messages={
            "required": "団体を選んでください。",
            "invalid_choice": "団体を一覧から選んでください。",
        },
    )
    setup_token = forms.CharField(
        label="初期設定の確認コード",
        max_length=64,
        help_text="サーバーで「.venv/bin/python manage.py setup --show-token」を実行すると表示されます。"
        "サーバーを操作できる人だけが初期設定できるようにするためのものです。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "確認コードを入力してください。"},
    )
    username = forms.RegexField(
        label="システム管理者のログインID",
        max_length=150,
        regex=r"^[A-Za-z0-9_.@+-]+$",
        help_text="半角英数字。例: admin-yamada",
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
        error_messages={
            "invalid": "ログインIDは半角英数字と _ . @ + - で入力してください。",
            "required": "ログインIDを入力してください。",
        },
    )
    display_name = forms.CharField(label="氏名（表示名）", max_length=100, required=False)
    password1 = forms.CharField(
        label="パスワード",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="12文字以上。よく使われるパスワードや数字だけのものは使えません。",
        error_messages={"required": "パスワードを入力してください。"},
    )
    password2 = forms.CharField(
        label="パスワード（確認）",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "確認のため、同じパスワードをもう一度入力してください。"},
    )

    def __init__(self, *args, prefecture_code: str, **kwargs):
        from . import lgcodes

        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "選んでください")] + [
            (e.code, f"{e.name}（{e.code}）") for e in lgcodes.in_prefecture(prefecture_code)
        ]

    def clean(self):
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        from .passwords import for_roles

        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "確認のパスワードが一致しません。")
        elif p1 and data.get("username"):
            user = for_roles(get_user_model()(username=data["username"]), [Role.ADMIN])
            try:
                validate_password(p1, user)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


# --- errors at the field, in Japanese and naming the field (the templates core/_field.html and
# core/_form_errors.html read these; issue 12 item 18) ------------------------------------------------

FILE_AGAIN = (
    "選んだファイルはまだ受け取っていません。入力内容を直したら、もう一度ファイルを選んでください"
    "（確かめる画面では、選んだファイルを残せません）。"
)


def _default_messages(field: forms.Field) -> dict[str, str]:
    """The messages a field and its validators give by default (Django's, in Japanese), by code: only
    those are replaced; a message a form wrote itself is shown as written."""
    found: dict[str, str] = {}
    for cls in reversed(type(field).__mro__):
        for code, message in getattr(cls, "default_error_messages", {}).items():
            found[code] = str(message)
    for validator in getattr(field, "validators", []):
        code, message = getattr(validator, "code", None), getattr(type(validator), "message", None)
        if code and message is not None:
            found.setdefault(code, str(message))
    return found


def _choice_widget(widget) -> bool:
    return isinstance(widget, forms.Select | forms.RadioSelect | forms.CheckboxSelectMultiple) or getattr(
        widget, "allow_multiple_selected", False
    )


def _message_for(field: forms.Field, label: str, code: str, params: dict) -> str | None:
    widget = field.widget
    if code == "required":
        if getattr(widget, "input_type", "") == "file":
            return f"{label}のファイルを選んでください。"
        if isinstance(widget, forms.CheckboxInput):
            return f"{label}にチェックを入れてください。"
        if _choice_widget(widget) or isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
            return f"{label}を選んでください。"
        return f"{label}を入力してください。"
    if code in {"invalid_choice", "invalid_pk_value", "invalid_list", "list"}:
        return f"{label}は一覧から選んでください。"
    if code == "max_length":
        return f"{label}は{params.get('limit_value')}文字以内で入力してください（いまは{params.get('show_value')}文字です）。"
    if code == "min_length":
        return f"{label}は{params.get('limit_value')}文字以上で入力してください（いまは{params.get('show_value')}文字です）。"
    if code == "max_value":
        return f"{label}は{params.get('limit_value')}以下の数で入力してください。"
    if code == "min_value":
        return f"{label}は{params.get('limit_value')}以上の数で入力してください。"
    if code == "step_size":
        return f"{label}は{params.get('limit_value')}刻みの数で入力してください。"
    if code == "max_decimal_places":
        return f"{label}は小数点以下{params.get('max')}桁までで入力してください。"
    if code in {"max_digits", "max_whole_digits"}:
        return f"{label}の桁数が多すぎます（{params.get('max')}桁まで）。"
    if code == "empty":
        return f"{label}のファイルが空です。中身のあるファイルを選んでください。"
    if code == "invalid":
        if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            return f"{label}は半角の数字で入力してください。"
        if isinstance(field, forms.DateTimeField):
            return f"{label}は日時で入力してください（例: 2026-04-01 09:00）。"
        if isinstance(field, forms.DateField):
            return f"{label}は日付で入力してください（例: 2026-04-01）。"
        if isinstance(field, forms.TimeField):
            return f"{label}は時刻で入力してください（例: 09:00）。"
        if isinstance(field, forms.EmailField):
            return f"{label}はメールアドレスの形で入力してください（例: taro@example.lg.jp）。"
        if isinstance(field, forms.URLField):
            return f"{label}は https:// から始まるアドレスで入力してください。"
        return f"{label}の形式が正しくありません。"
    return None


def field_error_messages(bound) -> list[str]:
    """The errors of a bound field as the person reads them at the field: Django's default messages become
    ones that name the field and say what to do (「氏名を入力してください。」); others stay as written."""
    errors = bound.form.errors.get(bound.name)
    if not errors:
        return []
    defaults = _default_messages(bound.field)
    label = str(bound.label or bound.name)
    result = []
    for error in errors.as_data():
        text = next(iter(error))
        if error.code and str(error.message) == defaults.get(error.code):
            text = _message_for(bound.field, label, error.code, error.params or {}) or text
        result.append(text)
    return result


def field_anchor(bound) -> str:
    """The id a link to the field points at (the first option of a group of radio buttons or boxes)."""
    if bound.use_fieldset and bound.auto_id:
        return f"{bound.auto_id}_0" if _choice_widget(bound.field.widget) else bound.auto_id
    return bound.id_for_label or bound.auto_id or ""


def error_summary(form) -> list[dict]:
    """Every error of the form for the summary at the top, in the order of the fields, each linked to its
    field: ``{"text", "href"}`` (non-field errors first, without a link)."""
    rows = [{"text": str(e), "href": ""} for e in form.non_field_errors()]
    for bound in form:
        label = str(bound.label or bound.name)
        for text in field_error_messages(bound):
            shown = text if label in text else f"{label}：{text}"
            rows.append({"text": shown, "href": "" if bound.is_hidden else f"#{field_anchor(bound)}"})
    return rows


def file_choice_lost(bound) -> bool:
    """A file input of a form sent back with errors: the browser does not keep the chosen file."""
    return (
        getattr(bound.field.widget, "input_type", "") == "file"
        and bound.form.is_bound
        and bool(bound.form.errors)
    )
