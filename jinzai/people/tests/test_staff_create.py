"""One person by a form (issue 12 item 12): hr or dx_office adds an external specialist (CIO補佐官) without
a file import; and a manager's staff filter offers only the units in their scope (item 11)."""

from datetime import date

import pytest
from django.urls import reverse

from jinzai.core.audit import AuditEvent
from jinzai.people.models import Assignment, Staff


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["hr", "dx_office"])
def test_hr_or_dx_office_adds_an_external_person_by_a_form(world, login, role):
    client = login(world.own.users[role])
    assert client.get(reverse("people:staff_create")).status_code == 200
    response = client.post(
        reverse("people:staff_create"),
        {
            "name": "佐々木 健",
            "kana": "ささき けん",
            "staff_no": "",
            "employment_type": "specific_fixed_term",
            "unit": world.own.units["総務課"].pk,
            "note": "CIO補佐官",
            "started_on": "2026-04-01",
        },
    )
    assert response.status_code == 302
    person = Staff.objects.get(organisation=world.own.org, name="佐々木\u3000健")
    assert person.staff_no == "EX0001" and person.current_unit == world.own.units["総務課"]
    assert person.hired_on == date(2026, 4, 1)
    posting = Assignment.objects.get(staff=person)
    assert posting.ended_on is None and posting.note == "CIO補佐官"
    assert AuditEvent.objects.filter(action="staff.create", organisation=world.own.org).exists()
    assert response["Location"] == reverse("people:staff_detail", args=[person.pk])


@pytest.mark.django_db
def test_a_taken_staff_number_is_refused_at_the_field(world, login):
    response = login(world.own.users["hr"]).post(
        reverse("people:staff_create"),
        {
            "name": "重複 太郎",
            "staff_no": "000101",
            "employment_type": "regular",
            "unit": world.own.units["総務課"].pk,
            "started_on": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert "職員番号「000101」はすでに使われています" in response.content.decode()
    assert not Staff.objects.filter(name="重複\u3000太郎").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "manager", "executive", "admin"])
def test_other_roles_cannot_add_people(world, login, role):
    assert login(world.own.users[role]).get(reverse("people:staff_create")).status_code == 403


@pytest.mark.django_db
def test_a_managers_unit_filter_offers_only_their_units(world, login):
    response = login(world.own.users["manager"]).get(reverse("people:staff_list"))
    offered = {
        label.strip("\u3000") for value, label in response.context["form"].fields["unit"].choices if value
    }
    assert offered == {"市民課", "窓口係"}
    hr = login(world.own.users["hr"]).get(reverse("people:staff_list"))
    assert len([v for v, _ in hr.context["form"].fields["unit"].choices if v]) == 6
