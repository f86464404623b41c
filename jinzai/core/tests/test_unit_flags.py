"""Setting the kind flags and the 部門 of many units at once (so plans can target 情報システム担当 etc.)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jinzai.core.models import AuditEvent, Unit


@pytest.mark.django_db
def test_bulk_flags_save_only_what_changed_and_are_audited(world, login):
    client = login(world.own.users["dx_office"])
    page = client.get(reverse("core:unit_flags"))
    assert page.status_code == 200 and "総務課" in page.content.decode()
    units = world.own.units
    data = {}
    for unit in Unit.objects.filter(organisation=world.own.org):
        for flag in ("is_dx", "is_it", "is_hr", "is_business"):
            if getattr(unit, flag):
                data[f"{flag}_{unit.pk}"] = "on"
        data[f"sector_{unit.pk}"] = unit.sector
    data[f"is_it_{units['総務課'].pk}"] = "on"
    data[f"sector_{units['市民部'].pk}"] = "general"
    data[f"sector_{units['市民課'].pk}"] = "no-such-sector"  # ignored, kept as it was
    response = client.post(reverse("core:unit_flags"), data)
    assert response.status_code == 302
    soumu = Unit.objects.get(pk=units["総務課"].pk)
    assert soumu.is_it and soumu.is_business
    assert Unit.objects.get(pk=units["市民部"].pk).sector == "general"
    assert Unit.objects.get(pk=units["市民課"].pk).sector == ""
    events = AuditEvent.objects.filter(action="unit.update", detail__via="bulk")
    assert {e.object_id for e in events} == {str(units["総務課"].pk), str(units["市民部"].pk)}


@pytest.mark.django_db
def test_another_organisations_units_are_not_touched(world, login):
    client = login(world.own.users["dx_office"])
    foreign = world.foreign.units["総務課"]
    client.post(reverse("core:unit_flags"), {f"is_it_{foreign.pk}": "on"})
    assert not Unit.objects.get(pk=foreign.pk).is_it
