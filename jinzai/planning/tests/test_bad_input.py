"""Numbers a user can type or put in a link: a 30-digit number is a Japanese form error or is ignored,
never a 500; ids and years from query strings go through jinzai.core.params."""

import pytest
from django.urls import reverse

from jinzai.planning.models import Target

from ._plans import leader, plan

pytestmark = pytest.mark.django_db

HUGE = "1" * 30


def test_target_form_answers_a_huge_number_in_japanese(world, login):
    own = world.own
    p = plan(own, 2026)
    client = login(own.users["dx_office"])
    response = client.post(
        reverse("planning:target_create", kwargs={"pk": p.pk}),
        {
            "label": "x",
            "purpose": "placement",
            "metric": "coverage",
            "talent_type": leader(own).pk,
            "unit_kind": "division",
            "per_unit": HUGE,
            "age_min": HUGE,
            "target_value": HUGE,
            "milestone_2026": HUGE,
            "grade_min_rank": HUGE,
            "also_types": [HUGE],
            "sub_role": HUGE,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "入力内容を確かめてください" in page
    form = response.context["form"]
    assert {"per_unit", "target_value", "milestone_2026", "grade_min_rank", "sub_role"} <= set(form.errors)
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    "name, query",
    [
        ("planning:task_create", {"fy": HUGE, "type": HUGE}),
        ("planning:task_create", {"fy": "２０２６", "type": "①"}),
        ("planning:assessment_create", {"type": HUGE, "level": "x"}),
        ("planning:body_create", {"parent": HUGE}),
        ("planning:wizard", {"step": HUGE}),
    ],
)
def test_query_strings_with_bad_numbers_are_ignored(world, login, name, query):
    own = world.own
    p = plan(own, 2026)
    kwargs = {"pk": p.pk} if name == "planning:task_create" else {}
    response = login(own.users["dx_office"]).get(reverse(name, kwargs=kwargs), query)
    assert response.status_code == 200


def test_wizard_step_and_level_sync_keys_are_bounded(world, login):
    own = world.own
    p = plan(own, 2026)
    client = login(own.users["dx_office"])
    response = client.post(reverse("planning:wizard"), {"step": HUGE})
    assert response.status_code == 302 and response["Location"].endswith("?step=1")
    response = client.post(reverse("planning:plan_level_sync", kwargs={"pk": p.pk}), {"talent_type": HUGE})
    assert response.status_code == 400  # present but not an id: the Japanese 400 page
    response = client.post(reverse("planning:plan_level_sync", kwargs={"pk": p.pk}), {})
    assert response.status_code == 302
