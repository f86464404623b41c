"""Expiry and renewal of staff certifications, and the list of those about to expire."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from jinzai.learning.models import StaffCertification
from jinzai.learning.models.certifications import add_months
from jinzai.learning.selectors import renewed_ids, staffcert_search, status_word

from ._helpers import cert, holding


def test_add_months_keeps_the_day_or_the_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 10, 1), 36) == date(2029, 10, 1)


@pytest.mark.django_db
def test_expiry_is_computed_from_the_validity(world):
    sc = holding(world.own, "staff", "sc", date(2023, 10, 1))
    assert sc.valid_from == date(2023, 10, 1)
    assert sc.expires_on == date(2026, 9, 30)  # 3 years, last day included
    ip = holding(world.own, "staff", "ip", date(2020, 5, 1))
    assert ip.expires_on is None


@pytest.mark.django_db
def test_renewal_before_expiry_continues_the_term(world):
    first = holding(world.own, "staff", "sc", date(2023, 10, 1))
    renewal = holding(world.own, "staff", "sc", date(2026, 8, 1))
    assert renewal.renewal_of_id == first.pk
    assert renewal.valid_from == date(2026, 10, 1)
    assert renewal.expires_on == date(2029, 9, 30)
    assert renewed_ids([first]) == {first.pk}
    assert status_word(first, date(2026, 9, 1), {first.pk}) == "更新済"


@pytest.mark.django_db
def test_late_renewal_starts_on_the_renewal_day(world):
    holding(world.own, "staff", "sc", date(2020, 1, 10))
    late = holding(world.own, "staff", "sc", date(2024, 6, 1))
    assert late.valid_from == date(2024, 6, 1) and late.expires_on == date(2027, 5, 31)


@pytest.mark.django_db
def test_permanent_certification_cannot_be_registered_twice(world):
    holding(world.own, "staff", "ip", date(2020, 5, 1))
    with pytest.raises(ValidationError, match="期限のない資格は重ねて登録できません"):
        holding(world.own, "staff", "ip", date(2021, 5, 1))


@pytest.mark.django_db
def test_pending_registration_blocks_another(world):
    holding(world.own, "staff", "fe", date(2025, 5, 1), verify=False)
    with pytest.raises(ValidationError, match="確認待ち"):
        holding(world.own, "staff", "fe", date(2025, 6, 1), verify=False)


@pytest.mark.django_db
def test_future_acquisition_date_is_refused(world):
    from jinzai.learning.services.certifications import check_registration

    with pytest.raises(ValidationError, match="未来"):
        check_registration(
            world.own.staff["staff"], cert(world.own, "ip"), date.today() + timedelta(days=1), date.today()
        )


@pytest.mark.django_db
def test_status_words_and_expiring_list(world):
    today = date.today()
    soon = holding(world.own, "staff", "itc", today - timedelta(days=300))  # 12 months: ends in ~65 days
    holding(world.own, "hr", "itc", today - timedelta(days=400))  # expired already
    assert status_word(soon, today, set()) == "まもなく期限"
    viewer = world.own.members["hr"]
    expiring = list(staffcert_search(viewer, expiring_days=90))
    assert [r.pk for r in expiring] == [soon.pk]
    assert list(staffcert_search(viewer, expiring_days=30)) == []
    expired = StaffCertification.objects.get(staff=world.own.staff["hr"])
    assert status_word(expired, today, set()) == "期限切れ"
