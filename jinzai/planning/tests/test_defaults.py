"""Defaults: a new organisation gets types, levels and starter actions; a new type gets its five levels."""

from jinzai.planning.models import MaturityLevel, StarterAction
from jinzai.talent.models import TalentType
from jinzai.talent.services import talent_type_create


def test_new_organisation_gets_types_levels_and_starter_actions(world):
    org = world.own.org
    kinds = set(TalentType.objects.filter(organisation=org).values_list("kind", flat=True))
    assert kinds == {"expert", "leader", "general"}
    assert MaturityLevel.objects.filter(organisation=org).count() == 15
    assert StarterAction.objects.filter(organisation=org).count() == 5
    leader = TalentType.objects.get(organisation=org, kind="leader")
    assert list(leader.sub_roles.values_list("name", flat=True)) == ["DX推進担当", "業務担当"]
    assert leader.levels.get(level=1).name == "属人的対応"


def test_a_new_tier_gets_five_levels(world):
    leader = TalentType.objects.get(organisation=world.own.org, kind="leader")
    tier = talent_type_create(
        actor=world.own.members["dx_office"], name="DX推進リーダー（ゴールド）", parent=leader
    )
    assert list(tier.levels.values_list("level", flat=True)) == [1, 2, 3, 4, 5]
