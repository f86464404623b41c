"""The 部門 of a unit (used by share targets) is set on the unit form; blank inherits the unit above."""

import pytest
from django.urls import reverse

from jinzai.core.models import Unit

pytestmark = pytest.mark.django_db


def test_the_unit_form_sets_the_sector(world, login):
    own = world.own
    unit = own.units["市民部"]
    client = login(own.users["dx_office"])
    page = client.get(reverse("core:unit_edit", kwargs={"pk": unit.pk})).content.decode()
    assert "部門" in page and "一般行政部門" in page and "（上位の所属と同じ）" in page
    response = client.post(
        reverse("core:unit_edit", kwargs={"pk": unit.pk}),
        {"name": unit.name, "kind": unit.kind, "sector": "education", "is_business": "on"},
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=unit.pk).sector == "education"
    response = client.post(
        reverse("core:unit_edit", kwargs={"pk": unit.pk}),
        {"name": unit.name, "kind": unit.kind, "sector": "nonsense"},
    )
    assert response.status_code == 200 and Unit.objects.get(pk=unit.pk).sector == "education"
