"""Maturity levels and level assessments: validation, history kept, the latest per type."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.core.models import AuditEvent
from jinzai.core.services import today
from jinzai.planning.models import LevelAssessment, MaturityLevel
from jinzai.planning.selectors.policy import current_levels
from jinzai.planning.services.levels import level_assessment_create, maturity_level_update
from jinzai.talent.models import TalentType


def _type(org, kind="leader"):
    return TalentType.objects.get(organisation=org.org, kind=kind)


def _levels(overrides=None):
    levels = {n: {"name": f"段階{n}", "description": f"状態{n}の説明です。"} for n in range(1, 6)}
    levels.update(overrides or {})
    return levels


@pytest.mark.django_db
def test_level_update_saves_changes_and_audits(world):
    dx = world.own.members["dx_office"]
    leader = _type(world.own)
    maturity_level_update(actor=dx, talent_type=leader, levels=_levels())
    names = list(
        MaturityLevel.objects.filter(talent_type=leader).order_by("level").values_list("name", flat=True)
    )
    assert names == ["段階1", "段階2", "段階3", "段階4", "段階5"]
    events = AuditEvent.objects.filter(action="maturity_level.update", organisation=world.own.org)
    assert events.count() == 5
    assert events.first().changed == ["description", "name"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({2: {"name": "", "description": "説明"}}, "レベル2の名称を入力してください。"),
        ({3: {"name": "段階3", "description": "  "}}, "レベル3の状態の説明を入力してください。"),
        ({4: {"name": "段階1", "description": "説明"}}, "名称「段階1」が複数のレベルで使われています。"),
        ({5: {"name": "長" * 61, "description": "説明"}}, "レベル5の名称は60文字以内にしてください"),
    ],
)
def test_level_update_validation(world, override, message):
    leader = _type(world.own)
    before = list(MaturityLevel.objects.filter(talent_type=leader).values_list("name", "description"))
    with pytest.raises(ValidationError) as exc:
        maturity_level_update(
            actor=world.own.members["dx_office"], talent_type=leader, levels=_levels(override)
        )
    assert any(message in m for m in exc.value.messages)
    assert list(MaturityLevel.objects.filter(talent_type=leader).values_list("name", "description")) == before


@pytest.mark.django_db
def test_level_update_refuses_other_org_and_readers(world):
    foreign_type = _type(world.foreign)
    with pytest.raises(PermissionDenied):
        maturity_level_update(
            actor=world.own.members["dx_office"], talent_type=foreign_type, levels=_levels()
        )
    with pytest.raises(PermissionDenied):
        maturity_level_update(
            actor=world.own.members["executive"], talent_type=_type(world.own), levels=_levels()
        )


@pytest.mark.django_db
def test_level_update_creates_missing_rows(world):
    leader = _type(world.own)
    MaturityLevel.objects.filter(talent_type=leader, level=5).delete()
    maturity_level_update(actor=world.own.members["dx_office"], talent_type=leader, levels=_levels())
    assert MaturityLevel.objects.get(talent_type=leader, level=5).name == "段階5"


@pytest.mark.django_db
def test_assessments_append_and_latest_wins(world):
    dx = world.own.members["dx_office"]
    leader, general = _type(world.own), _type(world.own, "general")
    day = today()
    first = level_assessment_create(
        actor=dx, talent_type=leader, fiscal_year=2024, level=1, assessed_on=date(2024, 6, 1), evidence="初回"
    )
    second = level_assessment_create(
        actor=dx,
        talent_type=leader,
        fiscal_year=2025,
        level=2,
        assessed_on=date(2025, 6, 1),
        assessor="DX推進課",
    )
    redo = level_assessment_create(
        actor=dx, talent_type=leader, fiscal_year=2025, level=3, assessed_on=date(2025, 9, 1)
    )
    level_assessment_create(actor=dx, talent_type=general, fiscal_year=2024, level=1, assessed_on=day)
    assert LevelAssessment.objects.filter(talent_type=leader).count() == 3  # nothing overwritten
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.level, first.evidence, second.level, second.assessor) == (1, "初回", 2, "DX推進課")
    latest = current_levels(world.own.org)
    assert latest[leader.pk].pk == redo.pk
    assert latest[general.pk].level == 1
    assert current_levels(world.own.org, fiscal_year=2024)[leader.pk].pk == first.pk
    assert current_levels(world.own.org, fiscal_year=2023) == {}
    assert current_levels(world.foreign.org) == {}
    assert AuditEvent.objects.filter(action="level_assessment.create").count() == 4
    assert redo.created_by == dx


@pytest.mark.django_db
def test_assessment_validation(world):
    dx = world.own.members["dx_office"]
    leader = _type(world.own)
    with pytest.raises(ValidationError) as exc:
        level_assessment_create(
            actor=dx, talent_type=leader, fiscal_year=1990, level=6, assessed_on=today() + timedelta(days=1)
        )
    text = " ".join(exc.value.messages)
    assert "レベルは1から5" in text
    assert "年度は2000年度から" in text
    assert "未来の日付" in text
    leader.is_active = False
    leader.save()
    with pytest.raises(ValidationError, match="使用をやめています"):
        level_assessment_create(actor=dx, talent_type=leader, fiscal_year=2025, level=2, assessed_on=today())
    assert not LevelAssessment.objects.exists()


def test_next_fiscal_year_is_neither_offered_nor_accepted(world):
    from jinzai.core.dates import fiscal_year_of
    from jinzai.core.services import today
    from jinzai.planning.forms.policy import AssessmentForm

    this_year = fiscal_year_of(today())
    form = AssessmentForm(talent_types=[])
    years = [fy for fy, _ in form.fields["fiscal_year"].choices]
    assert max(years) == this_year and this_year + 1 not in years
    talent_type = TalentType.objects.get(organisation=world.own.org, kind="leader")
    with pytest.raises(ValidationError) as exc:
        level_assessment_create(
            actor=world.own.members["dx_office"],
            talent_type=talent_type,
            fiscal_year=this_year + 1,
            level=2,
            assessed_on=today(),
        )
    assert f"{this_year}年度までの中から選んでください" in exc.value.messages[0]
