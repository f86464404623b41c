"""Every organisation gets the three skill-map templates with role profiles; installing is idempotent."""

import pytest

from jinzai.skills.install import install_templates
from jinzai.skills.models import Framework, RoleProfile


@pytest.mark.django_db
def test_new_organisation_gets_three_templates(world):
    frameworks = {f.key: f for f in Framework.objects.filter(organisation=world.own.org)}
    assert set(frameworks) == {"literacy", "leader", "expert"}
    literacy, leader, expert = frameworks["literacy"], frameworks["leader"], frameworks["expert"]
    assert (literacy.level_count, literacy.items.count(), literacy.categories.count()) == (3, 12, 4)
    assert [c.name for c in literacy.categories.all()][-1] == "マインド・スタンス"
    assert (leader.level_count, leader.items.count()) == (5, 12)
    assert {"情報収集力", "業務可視化", "調達・要件定義", "後進育成"} <= set(
        leader.items.values_list("name", flat=True)
    )
    assert expert.categories.count() == 5 and expert.items.count() == 10
    for framework in frameworks.values():
        for item in framework.items.all():
            assert len(item.descriptors) == framework.level_count and all(item.descriptors)
    general = RoleProfile.objects.get(
        item__framework=leader, item__name="業務可視化", talent_type__kind="general"
    )
    assert general.expected_level == 2


@pytest.mark.django_db
def test_installing_again_adds_nothing(world):
    before = Framework.objects.filter(organisation=world.own.org).count()
    assert install_templates(world.own.org) == 0
    assert Framework.objects.filter(organisation=world.own.org).count() == before == 3
