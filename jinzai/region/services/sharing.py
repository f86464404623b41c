"""Sharing settings of a municipality and the prefecture's survey figures."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from jinzai.core.audit import audit
from jinzai.core.models import validate_org_code

from ..models import SharingSetting, SurveyFigure, SurveyMunicipality
from .common import clean_text, ensure_municipality, ensure_prefecture, is_system

SURVEY_FIELDS = (
    "staff_count",
    "level_expert",
    "level_leader",
    "level_general",
    "plan_attainment",
    "leader_coverage",
    "certified_share",
    "completions",
    "one_person_duties",
    "note",
)


def setting_of(organisation) -> SharingSetting:
    """The municipality's settings (all grants off when it never saved them); not saved by reading."""
    return SharingSetting.objects.filter(organisation=organisation).first() or SharingSetting(
        organisation=organisation
    )


@transaction.atomic
def sharing_update(*, actor: Any, **grants: bool) -> SharingSetting:
    """The municipality's admin decides what the prefecture may see beyond aggregates (decisions R2)."""
    organisation = ensure_municipality(actor, "region.sharing_manage")
    unknown = set(grants) - set(SharingSetting.GRANTS)
    if unknown:
        raise ValueError(f"unknown grants {sorted(unknown)}")
    setting, _ = SharingSetting.objects.select_for_update().get_or_create(organisation=organisation)
    changes = {}
    for key, value in grants.items():
        if getattr(setting, key) != bool(value):
            changes[key] = [getattr(setting, key), bool(value)]
            setattr(setting, key, bool(value))
    if changes:
        setting.updated_by = None if is_system(actor) else actor
        setting.save()
        audit(actor, "region.sharing.update", setting, changed=sorted(changes), detail={"changes": changes})
    return setting


@transaction.atomic
def survey_municipality_create(*, actor: Any, code: str, name: str, note: str = "") -> SurveyMunicipality:
    prefecture = ensure_prefecture(actor, "region.survey_manage")
    code = (code or "").strip()
    try:
        validate_org_code(code)
    except ValidationError as exc:
        raise ValidationError(exc.messages) from None
    name = clean_text(name, label="団体名", required=True, max_length=100)
    if SurveyMunicipality.objects.filter(organisation=prefecture, code=code).exists():
        raise ValidationError(f"団体コード「{code}」の団体はすでに登録されています。")
    municipality = SurveyMunicipality.objects.create(
        organisation=prefecture, code=code, name=name, note=clean_text(note, label="備考", max_length=200)
    )
    audit(actor, "region.survey.create", municipality, changed=["code", "name"])
    return municipality


@transaction.atomic
def survey_figure_save(
    *, actor: Any, municipality: SurveyMunicipality, fiscal_year: int, **values: Any
) -> SurveyFigure:
    """Record (or correct) the survey figures of one municipality for one fiscal year."""
    prefecture = ensure_prefecture(actor, "region.survey_manage")
    if municipality.organisation_id != prefecture.pk:
        raise ValidationError("この団体は登録されていません。")
    unknown = set(values) - set(SURVEY_FIELDS)
    if unknown:
        raise ValueError(f"unknown survey fields {sorted(unknown)}")
    for key in ("level_expert", "level_leader", "level_general"):
        if values.get(key) is not None and not 1 <= values[key] <= 5:
            raise ValidationError("現状レベルは1〜5で入力してください。")
    for key in ("plan_attainment", "leader_coverage", "certified_share"):
        if values.get(key) is not None and not 0 <= values[key] <= 100:
            raise ValidationError("割合は0〜100（%）で入力してください。")
    figure, created = SurveyFigure.objects.get_or_create(
        municipality=municipality,
        fiscal_year=fiscal_year,
        defaults={"organisation": prefecture, **values},
    )
    changed = sorted(values)
    if not created:
        changed = [k for k, v in values.items() if getattr(figure, k) != v]
        for key in changed:
            setattr(figure, key, values[key])
        if changed:
            figure.save()
    if changed or created:
        audit(actor, "region.survey.update", figure, changed=changed, detail={"fiscal_year": fiscal_year})
    return figure
