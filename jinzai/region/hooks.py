"""What the prefecture hub adds to other pages (see core/hooks.py): home panels for the prefecture's support
staff, for a municipality's DX office and admin, and for staff whose municipality lets them join the talent
bank. It contributes no ORGANISATION_FIGURES: it reads them (the 1人情シス risk comes from the duty registry
when that app registers key ``one_person_risk``)."""

from __future__ import annotations

from jinzai.core import hooks
from jinzai.core.access import can
from jinzai.core.hooks import Panel


def _today():
    from jinzai.core.services import today

    return today()


@hooks.HOME_PANELS.register
def prefecture_panel(membership) -> Panel | None:
    from .selectors import prefecture as pref

    if not can(membership, "region.case_manage") or pref.prefecture_of(membership) is None:
        return None
    day = _today()
    counts = pref.case_status_counts(membership)
    return Panel(
        "region/home_prefecture.html",
        {
            "submitted": counts.get("submitted", 0),
            "open": sum(counts.get(s, 0) for s in ("accepted", "matched", "in_support")),
            "missing_reports": pref.missing_report_count(membership, day),
            "overdue": pref.overdue_follow_up_count(membership, day),
            "municipalities": pref.member_municipalities(membership).count(),
        },
    )


@hooks.HOME_PANELS.register
def municipality_panel(membership) -> Panel | None:
    from .selectors import municipality as muni

    if muni.municipality_of(membership) is None:
        return None
    if not (can(membership, "region.request_own") or can(membership, "region.seats")):
        return None
    day = _today()
    return Panel(
        "region/home_municipality.html",
        {
            "open_requests": muni.requests_of(membership, status="open").count()
            if can(membership, "region.request_own")
            else None,
            "seats": [a for a in muni.allocations_of(membership) if a.session.starts_on >= day][:5]
            if can(membership, "region.seats")
            else [],
            "follow_ups": muni.open_follow_ups_of(membership).count()
            if can(membership, "region.visit_own")
            else None,
            "prefecture": membership.organisation.prefecture,
        },
    )


@hooks.HOME_PANELS.register
def opt_in_panel(membership) -> Panel | None:
    from .selectors import municipality as muni

    org = muni.municipality_of(membership)
    if org is None or not getattr(membership, "staff_id", None) or not can(membership, "region.opt_in"):
        return None
    optin = muni.my_optin(membership)
    # a person already in the bank keeps the way to their profile (and to withdrawing) even after the
    # employer stops taking new registrations: the consent is theirs (docs/decisions.md R11)
    if optin is None and not muni.sharing_of(membership).bank_opt_in:
        return None
    return Panel("region/home_optin.html", {"optin": optin, "prefecture": org.prefecture})


@hooks.HOME_TASKS.register
def region_tasks(membership) -> list:
    """「対応が必要なこと」 of the hub: requests to accept and reports due (prefecture), support to assess and
    follow-ups (municipality)."""
    from django.urls import reverse

    from jinzai.core.hooks import Task, Urgency

    from .selectors import municipality as muni
    from .selectors import prefecture as pref

    day = _today()
    tasks = []
    if can(membership, "region.case_manage") and pref.prefecture_of(membership) is not None:
        s = pref.task_summary(membership, day)
        tasks += [
            Task(
                "region.cases",
                "受付待ちの支援要請",
                s["submitted"],
                reverse("region:case_list") + "?status=submitted",
                urgency=Urgency.URGENT if s["urgent"] else Urgency.NORMAL,
            ),
            Task(
                "region.reports",
                "報告が未入力の派遣",
                s["reports"],
                reverse("region:dispatch_list"),
                due=s["report_due"],
                urgency=Urgency.of_deadline(s["report_due"], day),
            ),
        ]
        if can(membership, "region.visit_manage"):
            tasks.append(
                Task(
                    "region.follow_ups",
                    "県が担当するフォローアップ",
                    s["follow_ups"],
                    reverse("region:visit_list"),
                    due=s["follow_due"],
                    urgency=Urgency.of_deadline(s["follow_due"], day),
                )
            )
    if muni.municipality_of(membership) is not None:
        s = muni.task_summary(membership)
        if can(membership, "region.request_own"):
            tasks.append(
                Task(
                    "region.to_assess",
                    "評価を入力していない県の支援",
                    s["to_assess"],
                    reverse("region:my_requests"),
                )
            )
        if can(membership, "region.visit_own"):
            tasks.append(
                Task(
                    "region.my_follow_ups",
                    "県の訪問のフォローアップ（自団体の担当）",
                    s["follow_ups"],
                    reverse("region:my_visits"),
                    due=s["follow_due"],
                    urgency=Urgency.of_deadline(s["follow_due"], day),
                )
            )
    return tasks
