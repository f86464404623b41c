"""`manage.py region_measure_plans` measures every member municipality (the nightly run)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jinzai.region.models import MunicipalityFigures


@pytest.mark.django_db
def test_measures_every_member_municipality(world):
    out = StringIO()
    call_command("region_measure_plans", "--org", world.pref.org.code, stdout=out)
    assert "管内2団体の集計を測りました" in out.getvalue()
    assert MunicipalityFigures.objects.filter(organisation__prefecture=world.pref.org).count() == 2
    with pytest.raises(CommandError, match="都道府県ではありません"):
        call_command("region_measure_plans", "--org", world.own.org.code)
