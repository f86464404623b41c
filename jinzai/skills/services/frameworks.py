"""Frameworks, categories, items (with level descriptors) and role profiles."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from jinzai.core.access import ensure_can
from jinzai.core.audit import audit, audit_many, build_event
from jinzai.core.bulk import insert_and_fetch, insert_rows, update_rows
from jinzai.core.text import normalize_text

from ..models import MAX_LEVELS, MIN_LEVELS, Category, Framework, Item, RoleProfile

PERM = "skills.framework_manage"


def clean_name(name: str, what: str = "名称") -> str:
    name = re.sub(r"\s+", " ", name or "").strip()
    if not name:
        raise ValidationError(f"{what}を入力してください。")
    return name


def _next_order(qs) -> int:
    return (qs.aggregate(m=Max("sort_order"))["m"] or 0) + 10


def _check_level_count(level_count: int) -> None:
    if not MIN_LEVELS <= int(level_count) <= MAX_LEVELS:
        raise ValidationError(f"レベルの数は{MIN_LEVELS}〜{MAX_LEVELS}にしてください。")


@transaction.atomic
def framework_create(
    *, actor: Any, name: str, description: str = "", level_count: int = 5, level_labels=None
) -> Framework:
    ensure_can(actor, PERM)
    name = clean_name(name)
    _check_level_count(level_count)
    org = actor.organisation
    if Framework.objects.filter(organisation=org, name=name).exists():
        raise ValidationError(f"スキルマップ「{name}」はすでにあります。別の名称にしてください。")
    framework = Framework.objects.create(
        organisation=org,
        name=name,
        description=description,
        level_count=level_count,
        level_labels=list(level_labels or [])[:level_count],
        sort_order=_next_order(Framework.objects.filter(organisation=org)),
    )
    audit(actor, "skill_framework.create", framework, changed=["name", "description", "level_count"])
    return framework


@transaction.atomic
def framework_update(*, actor: Any, framework: Framework, **values: Any) -> Framework:
    """Name, description, level labels and whether it is in use. The number of levels is fixed
    once a campaign used the framework (earlier ratings would lose their meaning)."""
    ensure_can(actor, PERM, framework)
    if "name" in values:
        values["name"] = clean_name(values["name"])
        clash = Framework.objects.filter(organisation=framework.organisation_id, name=values["name"])
        if clash.exclude(pk=framework.pk).exists():
            raise ValidationError(f"スキルマップ「{values['name']}」はすでにあります。")
    if "level_count" in values and int(values["level_count"]) != framework.level_count:
        _check_level_count(values["level_count"])
        if framework.campaigns.exists():
            raise ValidationError("評価に使ったスキルマップは、レベルの数を変えられません。")
    changed = []
    for key, value in values.items():
        if key not in {"name", "description", "level_labels", "is_active", "level_count"}:
            raise ValueError(key)
        if getattr(framework, key) != value:
            setattr(framework, key, value)
            changed.append(key)
    if changed:
        framework.save(update_fields=changed)
        audit(actor, "skill_framework.update", framework, changed=changed)
    return framework


@transaction.atomic
def category_create(*, actor: Any, framework: Framework, name: str, description: str = "") -> Category:
    ensure_can(actor, PERM, framework)
    name = clean_name(name, "区分の名称")
    if framework.categories.filter(name=name).exists():
        raise ValidationError(f"区分「{name}」はすでにあります。")
    category = Category.objects.create(
        organisation=framework.organisation,
        framework=framework,
        name=name,
        description=description,
        sort_order=_next_order(framework.categories.all()),
    )
    audit(actor, "skill_category.create", category, changed=["name", "description"])
    return category


@transaction.atomic
def category_update(*, actor: Any, category: Category, name: str, description: str = "") -> Category:
    ensure_can(actor, PERM, category)
    name = clean_name(name, "区分の名称")
    if category.framework.categories.filter(name=name).exclude(pk=category.pk).exists():
        raise ValidationError(f"区分「{name}」はすでにあります。")
    changed = [k for k, v in (("name", name), ("description", description)) if getattr(category, k) != v]
    if changed:
        category.name, category.description = name, description
        category.save(update_fields=changed)
        audit(actor, "skill_category.update", category, changed=changed)
    return category


def _clean_descriptors(framework: Framework, descriptors: list[str]) -> list[str]:
    cleaned = [(d or "").strip() for d in descriptors][: framework.level_count]
    cleaned += [""] * (framework.level_count - len(cleaned))
    missing = [str(i + 1) for i, d in enumerate(cleaned) if not d]
    if missing:
        raise ValidationError(f"レベル{'・'.join(missing)}の目指す行動を入力してください。")
    return cleaned


@transaction.atomic
def item_create(
    *,
    actor: Any,
    framework: Framework,
    category: Category,
    name: str,
    description: str = "",
    descriptors: list[str],
) -> Item:
    ensure_can(actor, PERM, framework)
    if category.framework_id != framework.pk:
        raise ValidationError("区分は同じスキルマップのものから選んでください。")
    name = clean_name(name, "項目名")
    if framework.items.filter(name=name).exists():
        raise ValidationError(f"項目「{name}」はすでにあります。")
    item = Item.objects.create(
        organisation=framework.organisation,
        framework=framework,
        category=category,
        name=name,
        description=description,
        descriptors=_clean_descriptors(framework, descriptors),
        sort_order=_next_order(framework.items.all()),
    )
    audit(actor, "skill_item.create", item, changed=["name", "category", "description", "descriptors"])
    return item


@transaction.atomic
def item_update(*, actor: Any, item: Item, **values: Any) -> Item:
    """Items are never deleted (ratings refer to them); they stop being used with is_active=False."""
    ensure_can(actor, PERM, item)
    framework = item.framework
    if "name" in values:
        values["name"] = clean_name(values["name"], "項目名")
        if framework.items.filter(name=values["name"]).exclude(pk=item.pk).exists():
            raise ValidationError(f"項目「{values['name']}」はすでにあります。")
    if "category" in values and values["category"].framework_id != framework.pk:
        raise ValidationError("区分は同じスキルマップのものから選んでください。")
    if "descriptors" in values:
        values["descriptors"] = _clean_descriptors(framework, values["descriptors"])
    changed = []
    for key, value in values.items():
        if key not in {"name", "category", "description", "descriptors", "is_active"}:
            raise ValueError(key)
        if getattr(item, key) != value:
            setattr(item, key, value)
            changed.append(key)
    if changed:
        item.save(update_fields=changed)
        audit(actor, "skill_item.update", item, changed=changed)
    return item


@transaction.atomic
def profile_update(*, actor: Any, framework: Framework, levels: dict[tuple[int, int], int | None]) -> int:
    """Set expected levels: {(item_id, talent_type_id): level or None (no expectation)}."""
    ensure_can(actor, PERM, framework)
    from jinzai.talent.models import TalentType

    item_ids = set(framework.items.values_list("pk", flat=True))
    type_ids = set(
        TalentType.objects.filter(organisation=framework.organisation).values_list("pk", flat=True)
    )
    existing = {
        (p.item_id, p.talent_type_id): p for p in RoleProfile.objects.filter(item__framework=framework)
    }
    changed = 0
    for (item_id, type_id), level in levels.items():
        if item_id not in item_ids or type_id not in type_ids:
            raise ValidationError("スキルマップの項目と団体の人材像から選んでください。")
        if level is not None and not 1 <= level <= framework.level_count:
            raise ValidationError(f"期待レベルは1〜{framework.level_count}で選んでください。")
        row = existing.get((item_id, type_id))
        if level is None and row is not None:
            row.delete()
            changed += 1
        elif level is not None and row is None:
            RoleProfile.objects.create(
                organisation=framework.organisation,
                item_id=item_id,
                talent_type_id=type_id,
                expected_level=level,
            )
            changed += 1
        elif row is not None and row.expected_level != level:
            row.expected_level = level
            row.save(update_fields=["expected_level"])
            changed += 1
    if changed:
        audit(actor, "skill_profile.update", framework, changed=["expected_level"], detail={"cells": changed})
    return changed


def framework_import_apply(*, actor: Any, plan: Any) -> dict:
    """Write an analysed skill-map file: the map (new, or the one of that name), its categories, new and
    changed items and their expected levels. Called inside the import's transaction."""
    org = plan.organisation
    framework = plan.state["framework"]
    if framework is None:
        framework = Framework.objects.create(
            organisation=org,
            name=normalize_text(plan.options["name"]),
            level_count=plan.state["level_count"],
            sort_order=_next_order(Framework.objects.filter(organisation=org)),
        )
        audit(
            actor,
            "skill_framework.create",
            framework,
            changed=["name", "level_count"],
            detail={"via": "import"},
        )
    rows = plan.rows_of("add", "update")
    categories = {c.name: c for c in Category.objects.filter(framework=framework)}
    category_order = _next_order(Category.objects.filter(framework=framework))
    new_names = list(dict.fromkeys(r.data["category"] for r in rows if r.data["category"] not in categories))
    new_categories = [
        {
            "organisation_id": org.pk,
            "framework_id": framework.pk,
            "name": name,
            "sort_order": category_order + 10 * n,
        }
        for n, name in enumerate(new_names)
    ]
    for category in insert_and_fetch(
        Category, new_categories, key=("name",), scope={"framework_id": framework.pk}
    ):
        categories[category.name] = category
    order = _next_order(Item.objects.filter(framework=framework))
    adds = [r.data for r in rows if r.kind == "add"]
    new_items = [
        {
            "organisation_id": org.pk,
            "framework_id": framework.pk,
            "category_id": categories[d["category"]].pk,
            "name": d["name"],
            "description": d["description"],
            "descriptors": d["descriptors"],
            "sort_order": order + 10 * n,
        }
        for n, d in enumerate(adds)
    ]
    created = insert_and_fetch(Item, new_items, key=("name",), scope={"framework_id": framework.pk})
    events = [build_event(actor, "skill_item.create", item, changed=["import"]) for item in created]
    expected = {item.pk: d["expected"] for item, d in zip(created, adds, strict=True)}
    updates = {r.data["id"]: r for r in rows if r.kind == "update"}
    changed_items = []
    for item in Item.objects.select_for_update().filter(pk__in=list(updates), framework=framework):
        row = updates[item.pk]
        d = row.data
        item.category, item.description, item.descriptors = (
            categories[d["category"]],
            d["description"],
            d["descriptors"],
        )
        changed_items.append(item)
        expected[item.pk] = d["expected"]
        events.append(
            build_event(actor, "skill_item.update", item, changed=["import", *[c.label for c in row.changes]])
        )
    if len(changed_items) != len(updates):
        raise Item.DoesNotExist("an item of the file is no longer in the map")
    update_rows(Item, changed_items, ["category", "description", "descriptors"])
    # expected levels of the items of the file: the file's cells, nothing else
    profiles = {
        (p.item_id, p.talent_type_id): p for p in RoleProfile.objects.filter(item_id__in=list(expected))
    }
    RoleProfile.objects.filter(
        pk__in=[p.pk for key, p in profiles.items() if key[1] not in expected[key[0]]]
    ).delete()
    changed_levels, new_profiles = [], []
    for item_id, cells in expected.items():
        for type_id, level in cells.items():
            profile = profiles.get((item_id, type_id))
            if profile is None:
                new_profiles.append(
                    {
                        "organisation_id": org.pk,
                        "item_id": item_id,
                        "talent_type_id": type_id,
                        "expected_level": level,
                    }
                )
            elif profile.expected_level != level or profile.organisation_id != org.pk:
                profile.expected_level, profile.organisation_id = level, org.pk
                changed_levels.append(profile)
    update_rows(RoleProfile, changed_levels, ["expected_level", "organisation"])
    insert_rows(RoleProfile, new_profiles)
    audit_many(events)
    return {"framework": framework.pk, "items": len(plan.rows)}
