"""Install the three skill-map templates (and their role profiles) for an organisation.

Takes a model getter so the data migration can run it with historical models.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps as global_apps

from .defaults import TEMPLATES


def install_templates(organisation, get_model: Callable | None = None) -> int:
    """Create missing templates (matched by key); returns how many frameworks were created."""
    get_model = get_model or global_apps.get_model
    Framework = get_model("skills", "Framework")
    Category = get_model("skills", "Category")
    Item = get_model("skills", "Item")
    RoleProfile = get_model("skills", "RoleProfile")
    TalentType = get_model("talent", "TalentType")
    types = {t.kind: t for t in TalentType.objects.filter(organisation=organisation).order_by("sort_order")}
    created = 0
    for order, (key, name, description, labels, categories, expected, overrides) in enumerate(
        TEMPLATES, start=1
    ):
        if Framework.objects.filter(organisation=organisation, key=key).exists():
            continue
        framework = Framework.objects.create(
            organisation=organisation,
            key=key,
            name=name,
            description=description,
            level_count=len(labels),
            level_labels=list(labels),
            sort_order=order * 10,
        )
        created += 1
        item_order = 0
        profiles = []
        for cat_order, (cat_name, items) in enumerate(categories, start=1):
            category = Category.objects.create(
                organisation=organisation, framework=framework, name=cat_name, sort_order=cat_order * 10
            )
            for item_name, item_description, descriptors in items:
                item_order += 10
                item = Item.objects.create(
                    organisation=organisation,
                    framework=framework,
                    category=category,
                    name=item_name,
                    description=item_description,
                    descriptors=list(descriptors),
                    sort_order=item_order,
                )
                levels = {**expected, **overrides.get(item_name, {})}
                for kind, level in levels.items():
                    if kind in types:
                        profiles.append(
                            RoleProfile(
                                organisation=organisation,
                                item=item,
                                talent_type=types[kind],
                                expected_level=level,
                            )
                        )
        RoleProfile.objects.bulk_create(profiles)
    return created
