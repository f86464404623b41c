"""What the talent app adds (see core/hooks.py): the designation, evaluation and transfer importers; the
designations, career, 自己申告, aptitude, evaluations and DX duties on the 人財カード; 「対応が必要なこと」;
plan metrics (coverage counting 兼務, duties with two holders or more, share of 自己申告); the 1人情シス
figure of the prefecture dashboard; and the career models and ladder a new organisation gets."""

from __future__ import annotations

from jinzai.core import hooks
from jinzai.core.access import can, can_see_field
from jinzai.core.hooks import CardSection

from . import importing  # noqa: F401  (registers DesignationImporter)
from .importing import evaluations, transfers  # noqa: F401  (register the evaluation and transfer importers)
from .selectors import designations_of_staff


@hooks.CARD_SECTIONS.register
def designation_section(viewer, staff) -> CardSection | None:
    """Shown to whoever the field table lets read the person's designations (core.access)."""
    if not can_see_field(viewer, staff, "talent.designations"):
        return None
    can_manage = can(viewer, "talent.designation_manage")
    return CardSection(
        template="talent/_card_designations.html",
        context={
            "staff": staff,
            "designations": list(designations_of_staff(staff)),
            "can_manage": can_manage,
            "can_designate": can_manage and staff.retired_on is None,
        },
    )


# --- issue 10: careers, calls, nominations, transfers and the 1人情シス risk ----------------------------


@hooks.CARD_SECTIONS.register
def career_section(viewer, staff) -> CardSection | None:
    """The person's ladder position, career plan, 自己申告, 兼務, DX duties, evaluations and aptitude notes —
    each part only for those the field table (core.access) lets read it."""
    from .cards import career_card

    return career_card(viewer, staff)


@hooks.HOME_TASKS.register
def career_tasks(membership) -> list:
    from .cards import home_tasks

    return home_tasks(membership)


@hooks.ORGANISATION_FIGURES.register
def one_person_risk(organisation) -> dict | None:
    """The prefecture dashboard's 1人情シス figure: duties in force held by one person or nobody (none
    registered: nothing, so the dashboard shows 「未登録」)."""
    from .selectors.duties import one_person_count

    count = one_person_count(organisation)
    return None if count is None else {"one_person_risk": count}


@hooks.ORGANISATION_CREATED.register
def install_career_defaults(organisation) -> None:
    from .defaults import install_talent_defaults
    from .services.careers import install_career_defaults as install

    install_talent_defaults(organisation)  # the ladder refers to the default types (no-op when installed)
    install(organisation)


def _register_metrics() -> None:
    from .metrics import METRICS

    for metric in METRICS:
        hooks.METRICS.register(metric)


_register_metrics()
