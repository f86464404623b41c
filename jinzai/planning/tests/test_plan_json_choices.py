"""Targets with a choice parameter (a certification …) travel between organisations by label in the plan JSON."""

import json

from jinzai.learning.models import Certification
from jinzai.planning.exports.plans import plan_as_dict
from jinzai.planning.models import DevelopmentPlan, Target
from jinzai.planning.services.plan_import import analyse
from jinzai.talent.models import TalentType


def _plan_with_cert_target(org):
    general = TalentType.objects.get(organisation=org, kind="general")
    cert = Certification.objects.filter(organisation=org, name__contains="ITパスポート").first()
    plan = DevelopmentPlan.objects.create(organisation=org, start_fy=2026, end_fy=2028)
    Target.objects.create(
        plan=plan,
        label="職員の3割がITパスポートを持つ",
        metric="cert_share",
        talent_type=general,
        params={"cert_target": f"cert:{cert.pk}"},
        target_value=30,
    )
    return plan, cert


def test_a_certification_target_is_written_by_name_and_found_in_the_other_organisation(world):
    plan, cert = _plan_with_cert_target(world.own.org)
    data = json.loads(json.dumps(plan_as_dict(plan), ensure_ascii=False, default=str))
    assert data["targets"][0]["params"]["cert_target"] == cert.name
    spec, errors = analyse(world.foreign.org, data)
    assert errors == []
    other = Certification.objects.get(organisation=world.foreign.org, name=cert.name)
    assert spec.targets[0]["params"]["cert_target"] == f"cert:{other.pk}", spec.targets[0]


def test_an_unknown_certification_is_left_empty_with_a_warning(world):
    plan, _ = _plan_with_cert_target(world.own.org)
    data = json.loads(json.dumps(plan_as_dict(plan), ensure_ascii=False, default=str))
    data["targets"][0]["params"]["cert_target"] = "存在しない資格"
    spec, errors = analyse(world.foreign.org, data)
    assert errors == []
    assert "cert_target" not in spec.targets[0]["params"]
    assert spec.warnings == [
        (
            "target",
            0,
            "cert_target",
            "目標「職員の3割がITパスポートを持つ」: 「数える資格」の「存在しない資格」がこの団体の一覧にないため、空欄にしました。",
        )
    ]
