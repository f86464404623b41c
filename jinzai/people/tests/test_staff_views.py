"""Staff list (search, filters, pagination, query count), 人財カード visibility, edit and transfer views."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jinzai.core.models import AuditEvent, Grade
from jinzai.people.models import Assignment, EmploymentType, Staff
from jinzai.people.services import staff_search_text


def add_staff(org, staff_no, name="追加　職員", kana="ついか　しょくいん", unit=None, grade=None, **extra):
    s = Staff.objects.create(
        organisation=org,
        staff_no=staff_no,
        name=name,
        kana=kana,
        current_unit=unit,
        grade=grade,
        search_text=staff_search_text(staff_no, name, kana),
        **extra,
    )
    if unit is not None:
        Assignment.objects.create(
            organisation=org, staff=s, unit=unit, grade=grade, started_on=date(2021, 4, 1)
        )
    return s


def listed(client, **params) -> list[str]:
    response = client.get(reverse("people:staff_list"), params)
    assert response.status_code == 200
    return [s.staff_no for s, _path in response.context["rows"]]


@pytest.fixture
def hr(world, login):
    return login(world.own.users["hr"])


# --- search ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q", ["ﾔﾏﾀﾞ", "ヤマダ", "やまだ", "ﾔﾏﾀﾞ ﾀﾛｳ", "山田太郎", "山田 太郎", "山田　太郎", "太郎"]
)
def test_search_finds_yamada_by_kana_or_name(world, hr, q):
    assert listed(hr, q=q) == ["000101"]


@pytest.mark.parametrize(
    ("q", "expected"), [("000101", ["000101"]), ("００１０２", ["000102"]), ("0001", None)]
)
def test_search_by_staff_no(world, hr, q, expected):
    result = listed(hr, q=q)
    if expected is None:
        assert result == ["000101", "000102", "000103", "000104"]
    else:
        assert result == expected


def test_search_folds_variant_kanji(world, hr):
    assert listed(hr, q="高橋") == ["000104"]


def test_search_without_match_shows_the_empty_message(world, hr):
    response = hr.get(reverse("people:staff_list"), {"q": "存在しない人"})
    assert response.context["rows"] == []
    assert "条件に合う職員はいません" in response.content.decode()


def test_search_stays_inside_the_organisation(world, hr):
    # the foreign organisation has a 000101 山田 too
    assert Staff.objects.filter(staff_no="000101").count() == 3
    response = hr.get(reverse("people:staff_list"), {"q": "山田"})
    assert [s.organisation_id for s, _ in response.context["rows"]] == [world.own.org.pk]


# --- filters --------------------------------------------------------------------------------


def test_filter_by_unit_includes_sub_units(world, hr):
    units = world.own.units
    assert listed(hr, unit=units["総務部"].pk) == ["000103", "000104"]
    assert listed(hr, unit=units["総務課"].pk) == ["000103", "000104"]
    assert listed(hr, unit=units["人事係"].pk) == ["000103"]
    assert listed(hr, unit=units["市民部"].pk) == ["000101", "000102"]


def test_filter_by_grade(world, hr):
    kacho = Grade.objects.get(organisation=world.own.org, name="課長")
    assert listed(hr, grade=kacho.pk) == ["000102"]


def test_filter_by_employment_type(world, hr):
    add_staff(
        world.own.org, "000301", unit=world.own.units["窓口係"], employment_type=EmploymentType.FISCAL_YEAR
    )
    assert listed(hr, employment_type="fiscal_year") == ["000301"]
    assert "000301" not in listed(hr, employment_type="regular")


def test_filter_by_status(world, hr):
    add_staff(
        world.own.org, "000399", name="退職　済子", kana="たいしょく　すみこ", retired_on=date(2025, 3, 31)
    )
    assert listed(hr, status="retired") == ["000399"]
    assert "000399" not in listed(hr)
    assert listed(hr, status="all") == ["000101", "000102", "000103", "000104", "000399"]
    html = hr.get(reverse("people:staff_list"), {"status": "retired"}).content.decode()
    assert "退職" in html


def test_filters_combine_with_search(world, hr):
    assert listed(hr, q="すずき", unit=world.own.units["市民部"].pk) == []
    assert listed(hr, q="すずき", unit=world.own.units["総務部"].pk) == ["000103"]


def test_unit_of_another_organisation_is_not_a_valid_filter(world, hr):
    foreign_unit = world.foreign.units["総務部"]
    response = hr.get(reverse("people:staff_list"), {"unit": foreign_unit.pk})
    assert response.status_code == 200
    assert all(s.organisation_id == world.own.org.pk for s, _ in response.context["rows"])


def test_manager_sees_only_their_units(world, login):
    client = login(world.own.users["manager"])
    assert listed(client) == ["000101", "000102"]


# --- pagination and query count ------------------------------------------------------------------


def test_pagination(world, hr, settings):
    settings.STAFF_PAGE_SIZE = 10
    for i in range(21):
        add_staff(world.own.org, f"{500 + i:06d}", unit=world.own.units["窓口係"])
    first = hr.get(reverse("people:staff_list"))
    assert first.context["page"].paginator.count == 25
    assert len(first.context["rows"]) == 10
    assert "1 / 3 ページ" in first.content.decode()
    third = listed(hr, page=3)
    assert third == [f"{500 + i:06d}" for i in range(16, 21)]
    assert listed(hr, page=99) == third  # out of range → last page


def test_pagination_keeps_the_filter(world, hr, settings):
    settings.STAFF_PAGE_SIZE = 10
    for i in range(12):
        add_staff(world.own.org, f"{500 + i:06d}", unit=world.own.units["窓口係"])
    html = hr.get(reverse("people:staff_list"), {"unit": world.own.units["市民部"].pk}).content.decode()
    assert f"unit={world.own.units['市民部'].pk}&amp;page=2" in html


def _list_queries(client) -> tuple[int, int]:
    cache.clear()  # every request measured from the same (empty) validated caches: the menu's tasks included
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("people:staff_list"), {"status": "all"})
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["rows"])


def test_list_query_count_does_not_grow_with_page_size(world, hr, settings, steady_clock):
    settings.STAFF_PAGE_SIZE = 100
    org, units = world.own.org, list(world.own.units.values())
    grades = list(Grade.objects.filter(organisation=org))

    def add(n, start):
        for i in range(n):
            add_staff(org, f"{start + i:06d}", unit=units[i % len(units)], grade=grades[i % len(grades)])

    add(6, 600)
    small, shown = _list_queries(hr)
    assert shown == 10
    add(30, 700)
    large, shown = _list_queries(hr)
    assert shown == 40
    assert large == small
    assert small > 0


# --- 人財カード and contact visibility --------------------------------------------------------------


def test_executive_sees_no_one_elses_record_but_their_own_card(world, login):
    """Executives see aggregates only (core.access field table): no list, no other person's card."""
    client = login(world.own.users["executive"])
    yamada = world.own.staff["staff"]
    assert client.get(reverse("people:staff_detail", args=[yamada.pk])).status_code == 403
    assert client.get(reverse("people:staff_list")).status_code == 403
    own = client.get(reverse("people:my_card"))  # 髙橋 is the executive's own record
    assert own.status_code == 200
    assert "髙橋　美咲" in own.content.decode() and "000104@example.lg.jp" in own.content.decode()


def test_birth_date_only_for_hr_and_the_person(world, login):
    yamada = world.own.staff["staff"]
    Staff.objects.filter(pk=yamada.pk).update(birth_date=date(1990, 5, 6))
    url = reverse("people:staff_detail", args=[yamada.pk])
    for role, shown in (("hr", True), ("staff", True), ("dx_office", False), ("manager", False)):
        html = login(world.own.users[role]).get(url).content.decode()
        assert ("生年月日" in html) is shown, role
        assert ("1990年5月6日" in html) is shown, role


def test_hr_sees_contact_details(world, hr):
    yamada = world.own.staff["staff"]
    Staff.objects.filter(pk=yamada.pk).update(phone="内線1234")
    card = hr.get(reverse("people:staff_detail", args=[yamada.pk]))
    html = card.content.decode()
    assert "000101@example.lg.jp" in html
    assert "内線1234" in html
    listing = hr.get(reverse("people:staff_list"))
    assert {"email", "phone"} <= listing.context["fields"]


def test_card_view_is_audited(world, hr):
    yamada = world.own.staff["staff"]
    hr.get(reverse("people:staff_detail", args=[yamada.pk]))
    assert AuditEvent.objects.filter(action="staff.view", object_id=str(yamada.pk), username="a-hr").exists()


def test_staff_member_sees_own_card_only(world, login):
    client = login(world.own.users["staff"])
    own = world.own.staff
    me = client.get(reverse("people:my_card"))
    assert me.status_code == 200
    assert me.context["staff"].pk == own["staff"].pk
    assert "000101@example.lg.jp" in me.content.decode()
    assert client.get(reverse("people:staff_detail", args=[own["staff"].pk])).status_code == 200
    for key in ("manager", "hr", "other"):
        assert client.get(reverse("people:staff_detail", args=[own[key].pk])).status_code == 404
    assert client.get(reverse("people:staff_list")).status_code == 403


def test_other_organisations_staff_is_404(world, hr):
    foreign = world.foreign.staff["staff"]
    assert hr.get(reverse("people:staff_detail", args=[foreign.pk])).status_code == 404
    assert hr.get(reverse("people:staff_edit", args=[foreign.pk])).status_code == 404


def test_card_shows_assignment_history(world, hr):
    yamada = world.own.staff["staff"]
    html = hr.get(reverse("people:staff_detail", args=[yamada.pk])).content.decode()
    assert "窓口係" in html
    assert "現在" in html


# --- edit and transfer views -------------------------------------------------------------------------


def edit_data(**overrides):
    data = {
        "name": "山田　太朗",
        "kana": "やまだ　たろう",
        "employment_type": "reappointed",
        "hired_on": "2015-04-01",
        "retired_on": "",
        "email": "taro@example.lg.jp",
        "phone": "1234",
    }
    data.update(overrides)
    return data


def test_staff_edit_saves_and_audits(world, hr):
    yamada = world.own.staff["staff"]
    response = hr.post(reverse("people:staff_edit", args=[yamada.pk]), edit_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("people:staff_detail", args=[yamada.pk])
    yamada.refresh_from_db()
    assert (yamada.name, yamada.employment_type, yamada.email, yamada.phone) == (
        "山田　太朗",
        "reappointed",
        "taro@example.lg.jp",
        "1234",
    )
    event = AuditEvent.objects.get(action="staff.update", object_id=str(yamada.pk))
    assert set(event.changed) == {"name", "employment_type", "email", "phone"}
    assert event.username == "a-hr"
    # the search key follows the new name
    assert listed(hr, q="太朗") == ["000101"]


def test_staff_edit_without_changes_writes_no_audit(world, hr):
    yamada = world.own.staff["staff"]
    data = edit_data(name=yamada.name, employment_type="regular", email=yamada.email, phone="")
    response = hr.post(reverse("people:staff_edit", args=[yamada.pk]), data)
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="staff.update").exists()


def test_staff_edit_rejects_retirement_before_hire(world, hr):
    yamada = world.own.staff["staff"]
    response = hr.post(reverse("people:staff_edit", args=[yamada.pk]), edit_data(retired_on="2010-03-31"))
    assert response.status_code == 200
    assert "退職日は採用年月日以後の日付にしてください" in response.content.decode()
    yamada.refresh_from_db()
    assert yamada.name == "山田　太郎"
    assert yamada.retired_on is None


def test_staff_edit_with_retirement_closes_the_assignment(world, hr):
    yamada = world.own.staff["staff"]
    hr.post(reverse("people:staff_edit", args=[yamada.pk]), edit_data(retired_on="2026-03-31"))
    yamada.refresh_from_db()
    assert yamada.retired_on == date(2026, 3, 31)
    assert yamada.assignments.get().ended_on == date(2026, 3, 31)


def test_staff_edit_needs_hr(world, login):
    client = login(world.own.users["dx_office"])
    yamada = world.own.staff["staff"]
    assert client.post(reverse("people:staff_edit", args=[yamada.pk]), edit_data()).status_code == 403
    yamada.refresh_from_db()
    assert yamada.name == "山田　太郎"


def test_transfer_view(world, hr):
    yamada = world.own.staff["staff"]
    kakari = Grade.objects.get(organisation=world.own.org, name="主任")
    response = hr.post(
        reverse("people:staff_transfer", args=[yamada.pk]),
        {
            "unit": world.own.units["人事係"].pk,
            "grade": kakari.pk,
            "effective": "2026-04-01",
            "note": "定期異動",
        },
    )
    assert response.status_code == 302
    yamada.refresh_from_db()
    assert yamada.current_unit_id == world.own.units["人事係"].pk
    assert yamada.grade_id == kakari.pk
    assert yamada.assignments.count() == 2
    assert AuditEvent.objects.filter(action="staff.transfer", object_id=str(yamada.pk)).exists()


def test_transfer_view_shows_service_errors(world, hr):
    yamada = world.own.staff["staff"]
    response = hr.post(
        reverse("people:staff_transfer", args=[yamada.pk]),
        {"unit": world.own.units["人事係"].pk, "grade": "", "effective": "2019-04-01"},
    )
    assert response.status_code == 200
    assert "発令日をそれより後の日付にしてください" in response.content.decode()
    assert yamada.assignments.count() == 1


def test_transfer_view_refuses_a_foreign_unit(world, hr):
    yamada = world.own.staff["staff"]
    response = hr.post(
        reverse("people:staff_transfer", args=[yamada.pk]),
        {"unit": world.foreign.units["人事係"].pk, "grade": "", "effective": "2026-04-01"},
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert yamada.assignments.count() == 1
    yamada.refresh_from_db()
    assert yamada.current_unit_id == world.own.units["窓口係"].pk
