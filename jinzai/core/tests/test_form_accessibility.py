"""Forms speak to screen readers and say what is wrong at the field (issue 12 item 18): help texts and errors
are the elements the control's aria-describedby names, errors are Japanese sentences that name the field,
the summary links to the fields, and a file input says it must be chosen again after an error."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.urls import reverse

from jinzai.core.forms import error_summary, field_error_messages

# Pages with forms, per role (each must answer 200 for that role).
FORM_PAGES = {
    "hr": [
        "core:unit_create",
        "core:grade_list",
        "people:staff_import",
        "core:password_change",
        "core:user_settings",
    ],
    "admin": ["core:user_create", "core:security_policy", "core:audit_list"],
    "dx_office": [
        "skills:campaign_create",
        "learning:course_create",
        "planning:plan_create",
        "talent:type_create",
    ],
    "staff": ["learning:my_cert_add", "learning:my_subsidy_apply"],
}


def _described_ids(html: str) -> set[str]:
    return {i for value in re.findall(r'aria-describedby="([^"]+)"', html) for i in value.split()}


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


@pytest.mark.parametrize("role, name", [(r, n) for r, names in FORM_PAGES.items() for n in names])
def test_every_described_by_points_at_an_element(world, login, role, name):
    response = login(world.own.users[role]).get(reverse(name))
    assert response.status_code == 200, name
    html = response.content.decode()
    missing = _described_ids(html) - _ids(html)
    assert not missing, f"{name}: aria-describedby names no element {sorted(missing)}"


def test_help_text_is_read_with_its_field(world, login):
    html = login(world.own.users["hr"]).get(reverse("core:unit_create")).content.decode()
    assert (
        re.search(r'<input[^>]*id="id_code"[^>]*>', html)
        .group(0)
        .count('aria-describedby="id_code_helptext"')
    )
    assert 'id="id_code_helptext"' in html


def test_errors_are_at_the_field_in_japanese_and_linked_from_the_summary(world, login):
    response = login(world.own.users["hr"]).post(
        reverse("core:unit_create"), {"name": "", "kind": "division"}
    )
    html = response.content.decode()
    field = re.search(r'<input[^>]*id="id_name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and "id_name_error" in field
    at_field = re.search(r'<div class="field-message" id="id_name_error">(.*?)</div>', html, re.S).group(1)
    assert "所属名を入力してください。" in at_field
    assert '<a href="#id_name">所属名を入力してください。</a>' in html
    assert "このフィールドは必須です" not in html
    assert not (_described_ids(html) - _ids(html))


def test_a_file_input_says_it_must_be_chosen_again(world, login):
    client = login(world.own.users["hr"])
    response = client.post(reverse("people:staff_import"), {"encoding": "auto"})  # no file chosen
    html = response.content.decode()
    assert "ファイル（CSV または Excel .xlsx）のファイルを選んでください。" in html
    assert "もう一度ファイルを選んでください" in html
    field = re.search(r'<input[^>]*type="file"[^>]*>', html).group(0)
    assert "id_file_reselect" in field and 'id="id_file_reselect"' in html


class _Sample(forms.Form):
    name = forms.CharField(label="氏名", max_length=3)
    count = forms.IntegerField(label="人数", min_value=1)
    on = forms.DateField(label="開始日")
    kind = forms.ChoiceField(label="区分", choices=[("a", "A")])
    agree = forms.BooleanField(label="同意する")
    note = forms.CharField(label="備考", required=False)

    def clean_note(self):
        if self.cleaned_data["note"] == "x":
            raise forms.ValidationError("備考に「x」とだけ書くことはできません。", code="required")
        return self.cleaned_data["note"]


def test_default_messages_name_the_field_and_say_what_to_do():
    form = _Sample({"name": "山田太郎", "count": "0", "on": "令和8年13月", "kind": "b", "note": "x"})
    assert not form.is_valid()
    messages = {b.name: field_error_messages(b) for b in form}
    assert messages["name"] == ["氏名は3文字以内で入力してください（いまは4文字です）。"]
    assert messages["count"] == ["人数は1以上の数で入力してください。"]
    assert messages["on"] == ["開始日は日付で入力してください（例: 2026-04-01）。"]
    assert messages["kind"] == ["区分は一覧から選んでください。"]
    assert messages["agree"] == ["同意するにチェックを入れてください。"]
    assert messages["note"] == ["備考に「x」とだけ書くことはできません。"]  # a form's own message stays
    summary = error_summary(form)
    assert {"text": "人数は1以上の数で入力してください。", "href": "#id_count"} in summary
    assert {"text": "備考：備考に「x」とだけ書くことはできません。", "href": "#id_note"} not in summary
    assert summary[-1] == {"text": "備考に「x」とだけ書くことはできません。", "href": "#id_note"}


def test_empty_required_fields():
    form = _Sample({})
    form.is_valid()
    assert field_error_messages(form["name"]) == ["氏名を入力してください。"]
    assert field_error_messages(form["kind"]) == ["区分を選んでください。"]
