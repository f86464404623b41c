"""The talent parts of shared pages: the 人財カード's career section and 「対応が必要なこと」.

Every part of the card asks the field table (core.access) whether the viewer may read it of this person:
aptitude notes are hr's only; evaluations and the 自己申告's free text hr's and the person's; wishes and
motivation also dx_office's. Executives and prefecture roles see none of it (they see no card)."""

from __future__ import annotations

from jinzai.core.access import can, can_see_field
from jinzai.core.hooks import CardSection

from .models import Application, DutyHolder, Nomination
from .selectors import calls as call_selectors
from .selectors import careers as career_selectors
from .selectors.duties import holdings_of_staff


def career_card(viewer, staff) -> CardSection | None:
    from jinzai.core.selectors import unit_paths
    from jinzai.people.models import ConcurrentPost

    show = {
        "ladder": can_see_field(viewer, staff, "talent.ladder"),
        "plan": can_see_field(viewer, staff, "talent.career_plan"),
        "declaration": can_see_field(viewer, staff, "talent.self_declaration"),
        "motivation": can_see_field(viewer, staff, "talent.motivation"),
        "text": can_see_field(viewer, staff, "talent.declaration_text"),
        "aptitude": can_see_field(viewer, staff, "talent.aptitude"),
        "evaluations": can_see_field(viewer, staff, "talent.evaluations"),
        "duties": can_see_field(viewer, staff, "talent.duty_holdings"),
        "concurrent": can_see_field(viewer, staff, "people.assignments"),
    }
    if not any(show.values()):
        return None
    context: dict = {"staff": staff, "show": show, "paths": unit_paths(staff.organisation)}
    if show["ladder"]:
        context["steps"] = career_selectors.career_steps(staff.organisation)
        context["position"] = career_selectors.position_of(staff)
    if show["plan"]:
        context["plan"] = career_selectors.career_plan_of(staff)
    if show["declaration"] or show["motivation"] or show["text"]:
        context["declaration"] = career_selectors.latest_declaration(staff)
    if show["aptitude"]:
        context["aptitude_notes"] = list(career_selectors.aptitude_notes_of(staff)[:20])
        context["can_add_aptitude"] = can(viewer, "talent.aptitude_write") and staff.retired_on is None
    if show["evaluations"]:
        context["evaluations"] = list(career_selectors.evaluations_of(staff)[:30])
    if show["duties"]:
        context["holdings"] = holdings_of_staff(staff)
    if show["concurrent"]:
        context["concurrent"] = list(
            ConcurrentPost.objects.filter(staff=staff)
            .select_related("unit")
            .order_by("-started_on", "-id")[:10]
        )
    context["is_self"] = getattr(viewer, "staff_id", None) == staff.pk
    context["primary"] = DutyHolder.Role.PRIMARY
    return CardSection(template="talent/_card_career.html", context=context)


def home_tasks(membership) -> list:
    """「対応が必要なこと」 of careers, calls, nominations and duties (core.hooks.HOME_TASKS)."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from jinzai.core.hooks import Task, Urgency
    from jinzai.core.services import today

    from .models import Call
    from .selectors.duties import registry_on, security_overdue

    day = today()
    org = membership.organisation
    tasks = []
    if can(membership, "talent.my_career") and membership.staff_id:
        period = career_selectors.open_period(org, day)
        if period is not None and career_selectors.declaration_of(membership.staff, period) is None:
            tasks.append(
                Task(
                    "talent.declaration",
                    f"{period.fiscal_year}年度の自己申告（まだ出していません）",
                    1,
                    reverse("talent:my_declaration"),
                    due=period.closes_on,
                    urgency=Urgency.of_deadline(period.closes_on, day),
                )
            )
    if can(membership, "talent.call_apply") and membership.staff_id:
        mine = list(call_selectors.my_applications(membership))
        applied = {a.call_id for a in mine if a.status != Application.Status.WITHDRAWN}
        calls = [c for c in call_selectors.open_calls(org, day) if c.pk not in applied]
        if calls:
            tasks.append(
                Task(
                    "talent.calls",
                    "応募できる庁内公募",
                    len(calls),
                    reverse("talent:my_calls"),
                    due=calls[0].deadline,
                )
            )
        since = timezone.now() - timedelta(days=30)
        results = [a for a in mine if a.decided_at and a.decided_at >= since]
        if results:
            tasks.append(
                Task(
                    "talent.call_results",
                    "庁内公募の選考の結果",
                    len(results),
                    reverse("talent:my_calls"),
                    urgency=Urgency.INFO,
                )
            )
    if can(membership, "talent.application_review"):
        waiting = list(
            call_selectors.applications_to_review(membership).filter(manager_opinion=Application.Opinion.NONE)
        )
        if waiting:
            first = min(a.call.deadline for a in waiting)
            tasks.append(
                Task(
                    "talent.reviews",
                    "意見を待っている庁内公募への応募",
                    len(waiting),
                    reverse("talent:application_reviews"),
                    due=first,
                    urgency=Urgency.of_deadline(first, day),
                )
            )
    if can(membership, "talent.nomination_decide"):
        pending = call_selectors.nomination_list(membership, status=Nomination.Status.PENDING).count()
        if pending:
            tasks.append(
                Task(
                    "talent.nominations",
                    "審査中の推薦",
                    pending,
                    reverse("talent:nomination_list") + "?status=pending",
                )
            )
    if can(membership, "talent.nominate") and not can(membership, "talent.nomination_decide"):
        decided = call_selectors.nominations_decided_for(
            membership, since=timezone.now() - timedelta(days=30)
        )
        if decided:
            tasks.append(
                Task(
                    "talent.nomination_results",
                    "推薦の判断の結果（30日以内）",
                    decided,
                    reverse("talent:nomination_list"),
                    urgency=Urgency.INFO,
                )
            )
    if can(membership, "talent.call_manage"):
        to_select = [
            c
            for c in call_selectors.calls_of(org).filter(status__in=[Call.Status.OPEN, Call.Status.CLOSED])
            if c.deadline < day and c.applied
        ]
        if to_select:
            tasks.append(
                Task(
                    "talent.select",
                    "締切を過ぎた庁内公募の選考",
                    len(to_select),
                    reverse("talent:call_list"),
                    due=min(c.deadline for c in to_select),
                    urgency=Urgency.URGENT,
                )
            )
    if can(membership, "talent.duty_manage"):
        registry = registry_on(org, day)
        single = sum(1 for d in registry.duties if registry.bus_factor(d) <= 1)
        if single:
            tasks.append(
                Task("talent.single_duties", "担い手が1人以下のDX業務", single, reverse("talent:risk_report"))
            )
        overdue = sum(1 for d in registry.duties if security_overdue(d, day))
        if overdue:
            tasks.append(
                Task(
                    "talent.security",
                    "委託先のセキュリティの確認（1年を過ぎています）",
                    overdue,
                    reverse("talent:duty_list"),
                    urgency=Urgency.URGENT,
                )
            )
    return tasks
