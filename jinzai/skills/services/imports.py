"""Framework and question-bank imports: store the upload with its analysis, then commit all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit
from jinzai.core.uploads import lock_previewed, mark_committed, store_upload

from ..importing import analyse_framework, analyse_questions
from ..models import Category, Framework, Item, QuestionCategory, RoleProfile, SkillImport
from .frameworks import clean_name

PERMS = {
    SkillImport.Kind.FRAMEWORK: "skills.framework_manage",
    SkillImport.Kind.QUESTIONS: "skills.test_manage",
}


def _type_names(organisation) -> dict[str, Any]:
    from jinzai.talent.models import TalentType

    return {t.name: t for t in TalentType.objects.filter(organisation=organisation)}


def analyse(record: SkillImport):
    if record.kind == SkillImport.Kind.FRAMEWORK:
        return analyse_framework(bytes(record.content), list(_type_names(record.organisation)))
    return analyse_questions(bytes(record.content))


@transaction.atomic
def skill_import_create(
    *, actor: Any, kind: str, file_name: str, content: bytes, options: dict
) -> SkillImport:
    ensure_can(actor, PERMS[kind])
    if kind == SkillImport.Kind.FRAMEWORK:
        options["name"] = clean_name(options.get("name", ""), "スキルマップの名称")
    record = store_upload(
        SkillImport, actor=actor, file_name=file_name, content=content, options=options, summary={}, kind=kind
    )
    record.summary = analyse(record).to_json()
    record.save(update_fields=["summary"])
    audit(
        actor, "skill_import.create", record, detail={"kind": kind, "errors": len(record.summary["errors"])}
    )
    return record


@transaction.atomic
def skill_import_commit(*, actor: Any, record: SkillImport) -> dict:
    ensure_can(actor, PERMS[record.kind], record)
    record = lock_previewed(record)
    analysis = analyse(record)
    if analysis.errors:
        record.summary = analysis.to_json()
        record.save(update_fields=["summary"])
        raise ValidationError("ファイルに誤りがあるため反映できません。下の一覧を確かめてください。")
    org = record.organisation
    if record.kind == SkillImport.Kind.FRAMEWORK:
        result = _commit_framework(org, record.options["name"], analysis)
    else:
        result = _commit_questions(org, analysis)
    mark_committed(record)
    audit(actor, "skill_import.commit", record, detail=result)
    return result


def _commit_framework(org, name: str, analysis) -> dict:
    if Framework.objects.filter(organisation=org, name=name).exists():
        raise ValidationError(f"スキルマップ「{name}」はすでにあります。別の名称で取り込んでください。")
    last = (
        Framework.objects.filter(organisation=org)
        .order_by("-sort_order")
        .values_list("sort_order", flat=True)
        .first()
    )
    framework = Framework.objects.create(
        organisation=org, name=name, level_count=analysis.counts["level_count"], sort_order=(last or 0) + 10
    )
    types = _type_names(org)
    categories: dict[str, Category] = {}
    profiles = []
    for order, row in enumerate(analysis.rows, start=1):
        if row["category"] not in categories:
            categories[row["category"]] = Category.objects.create(
                organisation=org,
                framework=framework,
                name=row["category"],
                sort_order=len(categories) * 10 + 10,
            )
        item = Item.objects.create(
            organisation=org,
            framework=framework,
            category=categories[row["category"]],
            name=row["name"],
            description=row["description"],
            descriptors=row["descriptors"],
            sort_order=order * 10,
        )
        for type_name, level in row["expected"].items():
            profiles.append(
                RoleProfile(organisation=org, item=item, talent_type=types[type_name], expected_level=level)
            )
    RoleProfile.objects.bulk_create(profiles)
    return {"framework": framework.pk, "items": len(analysis.rows)}


def _commit_questions(org, analysis) -> dict:
    from ..models import Question

    categories = {c.name: c for c in QuestionCategory.objects.filter(organisation=org)}
    new = []
    for row in analysis.rows:
        if row["category"] not in categories:
            categories[row["category"]] = QuestionCategory.objects.create(
                organisation=org, name=row["category"], sort_order=(len(categories) + 1) * 10
            )
        new.append(
            Question(
                organisation=org,
                category=categories[row["category"]],
                text=row["text"],
                kind=row["kind"],
                choices=row["choices"],
                correct=row["correct"],
                explanation=row["explanation"],
            )
        )
    Question.objects.bulk_create(new)
    return {"questions": len(new)}
