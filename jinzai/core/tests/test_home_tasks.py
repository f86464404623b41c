"""「対応が必要なこと」 on every home, with the same counts on the left menu (issue 12 item 9), the DX
picture of the executive's home (item 13) and plain-text titles (item 18)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jinzai.core import hooks
from jinzai.core.hooks import Task, Urgency
from jinzai.core.models import Membership
from jinzai.core.tasks import tasks_for
from jinzai.learning.models import Enrolment

from ._tasks_world import FEE, build

ROLES = ["staff", "manager", "hr", "dx_office", "executive", "admin"]


@pytest.fixture
def tw(world):
    return build(world)


def _home(login, world, role) -> str:
    response = login(world.own.users[role]).get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def _panel(html: str) -> str:
    match = re.search(r'<section class="home-panel task-panel".*?</section>', html, re.S)
    assert match, "no 「対応が必要なこと」 panel"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


def _badges(html: str) -> dict[str, int]:
    """menu label -> the count on it."""
    nav = re.search(r'<nav class="side-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    found = re.findall(
        r'<a href="[^"]+"[^>]*aria-describedby="(nav-count-[\d-]+)"[^>]*>([^<]+)</a><span class="nav-count" id="\1">'
        r'<span class="visually-hidden">[^<]*</span>(\d+)',
        nav,
    )
    return {label: int(n) for _, label, n in found}


def _tasks(world, role) -> dict[str, Task]:
    member = Membership.objects.get(pk=world.own.members[role].pk)
    return {t.key: t for t in tasks_for(member)}


@pytest.mark.parametrize("role", ROLES)
def test_every_home_has_the_panel_and_a_plain_title(world, login, role):
    html = _home(login, world, role)
    assert "対応が必要なこと" in _panel(html)
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and "home-panel" not in title and title.split("｜")[0].endswith("のホーム")


def test_without_anything_to_do_the_panel_says_so(world, login):
    assert "いま対応が必要なことはありません。" in _panel(_home(login, world, "executive"))


def test_manager_rates_approves_and_confirms(world, login, tw):
    tasks = _tasks(world, "manager")
    assert tasks["skills.rate"].count == 1
    assert tasks["skills.rate"].due == tw.campaign.ends_on
    assert tasks["skills.rate"].urgency == Urgency.SOON  # five days left
    approve = tasks["learning.enrolments_to_approve"]
    assert (approve.count, approve.detail, approve.url) == (
        1,
        f"受講料 合計 {FEE:,}円",
        reverse("learning:enrolment_list"),
    )
    assert tasks["learning.subsidies_to_confirm"].count == 1
    html = _home(login, world, "manager")
    panel = _panel(html)
    assert "所属長の評価を待っている評価シート 1件" in panel
    assert "承認を待っている研修の申込 1件" in panel and "受講料 合計 12,000円" in panel
    assert "締切間近" in panel  # urgency in words, not colour alone
    badges = _badges(html)
    assert badges["評価する（所属長）"] == 1
    assert badges["研修の申込の承認"] == 1
    assert badges["受験料補助"] == 1
    # the new menu entries open the existing pages
    client = login(world.own.users["manager"])
    assert client.get(reverse("skills:rate_list")).status_code == 200
    assert client.get(reverse("learning:enrolment_list")).status_code == 200


def test_a_done_task_leaves_the_home_and_the_menu(world, login, tw):
    Enrolment.objects.filter(pk=tw.enrolment.pk).update(status=Enrolment.Status.APPROVED)
    html = _home(login, world, "manager")
    assert "承認を待っている研修の申込" not in _panel(html)
    assert "研修の申込の承認" not in _badges(html)
    assert "研修の申込の承認" in html  # the entry stays, without a count


def test_hr_verifies_decides_and_commits(world, login, tw):
    tasks = _tasks(world, "hr")
    proofs = tasks["learning.proofs_to_verify"]
    assert proofs.count == 1 and proofs.url == reverse("learning:staffcert_list") + "?status=pending"
    decide = tasks["learning.subsidies_to_decide"]
    assert (decide.count, decide.detail) == (1, "補助予定額 合計 5,000円")
    waiting = tasks["imports.staff"]
    assert waiting.count == 1 and waiting.url.startswith(reverse("people:staff_import") + "")
    assert "learning.subsidies_to_confirm" not in tasks  # the manager's step
    badges = _badges(_home(login, world, "hr"))
    assert badges == {"職員データ取込": 1, "資格の確認（証明書）": 1, "受験料補助": 1}
    client = login(world.own.users["hr"])
    assert client.get(proofs.url).status_code == 200
    assert client.get(waiting.url).status_code == 200


def test_staff_see_sheets_due_with_the_deadline_and_their_results(world, login, tw):
    tasks = _tasks(world, "staff")
    due = tasks["skills.sheets_due"]
    assert due.count == 1 and due.due == tw.campaign.ends_on
    assert due.url == reverse("skills:my_sheet", args=[tw.campaign.pk])
    assert tasks["learning.certs_verified"].urgency == Urgency.INFO
    panel = _panel(_home(login, world, "staff"))
    assert "回答していないスキル評価（自己評価） 1件" in panel and "締切" in panel
    assert "人事担当が確認した資格 1件" in panel and "お知らせ" in panel
    assert panel.index("回答していない") < panel.index("人事担当が確認した")  # what to do before news


def test_staff_are_told_when_an_application_is_approved(world, login, tw):
    Enrolment.objects.filter(pk=tw.enrolment.pk).update(status=Enrolment.Status.CONFIRMED)
    member = Membership.objects.get(pk=world.own.members["staff"].pk)
    member.staff = tw.tanaka
    tasks = {t.key: t for t in tasks_for(member)}
    assert tasks["learning.enrolments_approved"].count == 1
    assert tasks["learning.enrolments_approved"].due == tw.session.starts_on


def test_dx_office_sees_targets_behind_campaigns_closing_and_approvals_to_confirm(world, login, tw):
    tasks = _tasks(world, "dx_office")
    behind = tasks["planning.targets_behind"]
    assert behind.count == 1 and behind.urgency == Urgency.URGENT
    assert behind.url == reverse("planning:plan_dashboard", args=[tw.plan.pk])
    closing = tasks["skills.campaigns_closing"]
    assert closing.count == 1 and closing.url == reverse("skills:campaign_detail", args=[tw.campaign.pk])
    confirm = tasks["learning.enrolments_to_confirm"]
    assert confirm.count == 1 and confirm.url == reverse("learning:session_detail", args=[tw.session.pk])
    badges = _badges(_home(login, world, "dx_office"))
    assert badges["育成計画"] == 1 and badges["評価の実施"] == 1 and badges["研修"] == 1


def test_tasks_are_scoped_to_the_organisation(world, login, tw):
    for role in ["manager", "hr", "dx_office"]:
        member = Membership.objects.get(pk=world.foreign.members[role].pk)
        assert tasks_for(member) == [], role


def test_the_menu_shows_the_counts_on_every_page(world, login, tw):
    html = login(world.own.users["manager"]).get(reverse("people:staff_list")).content.decode()
    assert _badges(html)["評価する（所属長）"] == 1


def test_error_pages_show_the_menu_without_measuring_the_tasks(world, login, tw):
    """A refusal or a missing page answers with the menu but measures no one's tasks (dozens of queries a
    mistyped or probed address should not cost); the next ordinary page shows the counts again."""
    client = login(world.own.users["manager"])
    calls = []

    def spy(membership):
        calls.append(membership.pk)
        return []

    hooks.HOME_TASKS.register(spy)
    try:
        refused = client.get(reverse("people:staff_import"))
        missing = client.get("/no-such-page/")
        assert calls == []
        page = client.get(reverse("people:staff_list"))
    finally:
        hooks.HOME_TASKS.unregister(spy)
    assert (refused.status_code, missing.status_code) == (403, 404)
    for response in (refused, missing):
        html = response.content.decode()
        assert "評価する（所属長）" in html and _badges(html) == {}
    assert calls == [world.own.members["manager"].pk]
    assert _badges(page.content.decode())["評価する（所属長）"] == 1


def test_the_current_page_marks_only_the_closest_menu_entry(world, login, tw):
    html = login(world.own.users["manager"]).get(reverse("skills:rate_list")).content.decode()
    nav = re.search(r'<nav class="side-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    current = re.findall(r'<a href="[^"]+" aria-current="page"[^>]*>([^<]+)</a>', nav)
    assert current == ["評価する（所属長）"]


def test_an_app_contributes_through_the_hook(world, login):
    def extra(membership):
        return [
            Task("test.extra", "テストの作業", 3, "/", urgency=Urgency.URGENT),
            Task("test.zero", "ゼロ", 0, "/"),
        ]

    hooks.HOME_TASKS.register(extra)
    try:
        panel = _panel(_home(login, world, "staff"))
    finally:
        hooks.HOME_TASKS.unregister(extra)
    assert "テストの作業 3件" in panel and "急ぎ" in panel
    assert "ゼロ" not in panel


# --- the executive's DX picture (item 13) and where the staff figures went (people's panel) ------------


def test_executive_lands_on_the_dx_picture(world, login, tw):
    html = _home(login, world, "executive")
    assert "育成計画の進み具合" in html  # plan status
    assert "育成目標レベルと所属への配置" in html and "レベル1" in html  # levels (current → target 3)
    assert "資格の保有" in html and "いずれかの資格" in html  # certifications, aggregates only
    assert "任用形態別の在職者" not in html
    assert "田中" not in html and "山田" not in html  # no person


def test_staff_figures_come_from_the_people_app(world, login, tw):
    html = _home(login, world, "hr")
    assert "職員の状況" in html and "任用形態別の在職者" in html
    assert "最近の職員データ取込" in html and "職員一覧_12月.csv" in html
    manager = _home(login, world, "manager")
    assert "担当する所属" in manager and "最近の職員データ取込" not in manager
    assert "職員の状況" not in _home(login, world, "staff")
