"""staff_transfer and staff_update services."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.core.models import AuditEvent, Grade
from jinzai.people.models import Assignment, Staff
from jinzai.people.services import staff_transfer, staff_update


def grade(world, name, org=None):
    return Grade.objects.get(organisation=(org or world.own.org), name=name)


def history(staff):
    return list(
        staff.assignments.order_by("started_on").values_list(
            "unit_id", "grade__name", "started_on", "ended_on"
        )
    )


def test_transfer_appends_and_ends_the_previous_assignment_the_day_before(world):
    own = world.own
    yamada = own.staff["staff"]
    new = staff_transfer(
        actor=own.members["hr"],
        staff=yamada,
        unit=own.units["人事係"],
        grade=grade(world, "主任"),
        effective=date(2026, 4, 1),
        note="定期異動",
    )
    assert new.started_on == date(2026, 4, 1)
    assert new.ended_on is None
    assert new.note == "定期異動"
    assert new.source == Assignment.Source.MANUAL
    assert history(yamada) == [
        (own.units["窓口係"].pk, "主事", date(2020, 4, 1), date(2026, 3, 31)),
        (own.units["人事係"].pk, "主任", date(2026, 4, 1), None),
    ]
    yamada.refresh_from_db()
    assert yamada.current_unit_id == own.units["人事係"].pk
    assert yamada.grade.name == "主任"
    event = AuditEvent.objects.get(action="staff.transfer", object_id=str(yamada.pk))
    assert event.detail == {
        "effective": "2026-04-01",
        "changes": {"current_unit": ["窓口係", "人事係"], "grade": ["主事", "主任"]},
        "staff": yamada.pk,
    }
    assert event.organisation_id == own.org.pk


def test_transfer_the_day_after_the_start_is_allowed(world):
    own = world.own
    staff_transfer(
        actor=own.members["hr"],
        staff=own.staff["staff"],
        unit=own.units["人事係"],
        grade=None,
        effective=date(2020, 4, 2),
    )
    assert history(own.staff["staff"])[0][3] == date(2020, 4, 1)


@pytest.mark.parametrize("effective", [date(2020, 4, 1), date(2019, 4, 1)])
def test_transfer_not_after_the_current_start_is_rejected(world, effective):
    own = world.own
    yamada = own.staff["staff"]
    before = history(yamada)
    with pytest.raises(ValidationError) as exc_info:
        staff_transfer(
            actor=own.members["hr"], staff=yamada, unit=own.units["人事係"], grade=None, effective=effective
        )
    assert "発令日" in exc_info.value.messages[0]
    assert history(yamada) == before
    yamada.refresh_from_db()
    assert yamada.current_unit_id == own.units["窓口係"].pk
    assert not AuditEvent.objects.filter(action="staff.transfer").exists()


def test_transfer_to_a_unit_of_another_organisation_is_rejected(world):
    own = world.own
    yamada = own.staff["staff"]
    with pytest.raises(ValidationError):
        staff_transfer(
            actor=own.members["hr"],
            staff=yamada,
            unit=world.foreign.units["人事係"],
            grade=None,
            effective=date(2026, 4, 1),
        )
    assert yamada.assignments.count() == 1
    yamada.refresh_from_db()
    assert yamada.current_unit_id == own.units["窓口係"].pk


def test_transfer_to_a_grade_of_another_organisation_is_rejected(world):
    own = world.own
    with pytest.raises(ValidationError):
        staff_transfer(
            actor=own.members["hr"],
            staff=own.staff["staff"],
            unit=own.units["人事係"],
            grade=grade(world, "係長", org=world.foreign.org),
            effective=date(2026, 4, 1),
        )
    assert own.staff["staff"].assignments.count() == 1


def test_transfer_to_the_same_unit_and_grade_is_rejected(world):
    own = world.own
    with pytest.raises(ValidationError):
        staff_transfer(
            actor=own.members["hr"],
            staff=own.staff["staff"],
            unit=own.units["窓口係"],
            grade=grade(world, "主事"),
            effective=date(2026, 4, 1),
        )
    assert own.staff["staff"].assignments.count() == 1


def test_transfer_of_a_retired_staff_member_is_rejected(world):
    own = world.own
    yamada = own.staff["staff"]
    Staff.objects.filter(pk=yamada.pk).update(retired_on=date(2025, 3, 31))
    yamada.refresh_from_db()
    with pytest.raises(ValidationError):
        staff_transfer(
            actor=own.members["hr"],
            staff=yamada,
            unit=own.units["人事係"],
            grade=None,
            effective=date(2026, 4, 1),
        )
    assert yamada.assignments.count() == 1


def test_transfer_needs_hr(world):
    own = world.own
    with pytest.raises(PermissionDenied):
        staff_transfer(
            actor=own.members["manager"],
            staff=own.staff["staff"],
            unit=own.units["人事係"],
            grade=None,
            effective=date(2026, 4, 1),
        )
    with pytest.raises(PermissionDenied):
        staff_transfer(
            actor=world.foreign.members["hr"],
            staff=own.staff["staff"],
            unit=own.units["人事係"],
            grade=None,
            effective=date(2026, 4, 1),
        )
    assert own.staff["staff"].assignments.count() == 1


def test_transfer_without_open_assignment_starts_one(world):
    own = world.own
    yamada = own.staff["staff"]
    yamada.assignments.update(ended_on=date(2021, 3, 31))
    staff_transfer(
        actor=own.members["hr"],
        staff=yamada,
        unit=own.units["人事係"],
        grade=None,
        effective=date(2026, 4, 1),
    )
    assert yamada.assignments.filter(ended_on__isnull=True).get().unit_id == own.units["人事係"].pk
    assert yamada.assignments.count() == 2


# --- staff_update ------------------------------------------------------------------------------------


def test_update_changes_fields_search_key_and_audits(world):
    own = world.own
    yamada = own.staff["staff"]
    staff_update(actor=own.members["hr"], staff=yamada, kana="やまだ　たろ", phone="5678")
    yamada.refresh_from_db()
    assert (yamada.kana, yamada.phone) == ("やまだ　たろ", "5678")
    assert "ヤマダタロ" in yamada.search_text
    event = AuditEvent.objects.get(action="staff.update", object_id=str(yamada.pk))
    assert event.changed == ["kana", "phone"]
    # old → new values, so that the log says what changed, not only which field
    assert event.detail["changes"] == {"kana": ["やまだ　たろう", "やまだ　たろ"], "phone": ["", "5678"]}


def test_update_keeps_the_fact_not_the_value_of_a_birth_date_change(world):
    own = world.own
    yamada = own.staff["staff"]
    staff_update(
        actor=own.members["hr"], staff=yamada, birth_date=date(1990, 5, 6), employment_type="reappointed"
    )
    event = AuditEvent.objects.get(action="staff.update", object_id=str(yamada.pk))
    assert event.changed == ["birth_date", "employment_type"]
    assert event.detail["changes"]["birth_date"] == ["（記録しません）", "（記録しません）"]
    assert event.detail["changes"]["employment_type"] == ["正規", "再任用"]  # labels, not codes
    assert "1990" not in str(event.detail)


def test_update_refuses_staff_no_and_unit(world):
    own = world.own
    yamada = own.staff["staff"]
    with pytest.raises(ValueError):
        staff_update(actor=own.members["hr"], staff=yamada, staff_no="999999")
    with pytest.raises(ValueError):
        staff_update(actor=own.members["hr"], staff=yamada, current_unit=own.units["人事係"])
    yamada.refresh_from_db()
    assert yamada.staff_no == "000101"
    assert not AuditEvent.objects.filter(action="staff.update").exists()


def test_update_with_invalid_email_is_rejected(world):
    own = world.own
    yamada = own.staff["staff"]
    with pytest.raises(ValidationError):
        staff_update(actor=own.members["hr"], staff=yamada, email="not-an-email")
    assert Staff.objects.get(pk=yamada.pk).email == "000101@example.lg.jp"


def test_update_retirement_closes_the_open_assignment(world):
    own = world.own
    yamada = own.staff["staff"]
    staff_update(actor=own.members["hr"], staff=yamada, retired_on=date(2026, 3, 31))
    assert history(yamada) == [(own.units["窓口係"].pk, "主事", date(2020, 4, 1), date(2026, 3, 31))]


def test_update_needs_hr(world):
    own = world.own
    with pytest.raises(PermissionDenied):
        staff_update(actor=own.members["dx_office"], staff=own.staff["staff"], name="別名")
    assert Staff.objects.get(pk=own.staff["staff"].pk).name == "山田　太郎"
