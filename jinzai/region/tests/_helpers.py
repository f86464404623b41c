"""Small builders shared by the region tests (the `world` fixture of the root conftest: 見本テスト県 with
自分市 (own) and 他所町 (foreign))."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from jinzai.core.access import SystemActor
from jinzai.core.dates import fiscal_year_of
from jinzai.region.models import Expert, ExpertSkill
from jinzai.region.services import sharing, support


def system(org) -> SystemActor:
    return SystemActor(organisation=org.org if hasattr(org, "org") else org, label="test")


def today() -> date:
    return timezone.localdate()


def fy() -> int:
    return fiscal_year_of(today())


def items(pref) -> dict[str, object]:
    from jinzai.skills.models import Item

    return {
        i.name: i for i in Item.objects.filter(organisation=pref.org, framework__key__in=["leader", "expert"])
    }


def expert(
    pref,
    name="専門　一郎",
    *,
    areas=",bpr,",
    schemes=",pref_bank,dx_advisor,regional_advisor,",
    skills=None,
    **kw,
):
    e = Expert.objects.create(
        organisation=pref.org,
        kind=kw.pop("kind", "company"),
        name=name,
        areas=areas,
        schemes=schemes,
        purpose_text="目的",
        consent_on=today(),
        search_text=name.replace("\u3000", ""),
        **kw,
    )
    for item, level in (skills or {}).items():
        ExpertSkill.objects.create(organisation=pref.org, expert=e, item=item, level=level)
    return e


def request(org, *, title="業務改善の相談", topic="bpr", **kw):
    return support.request_submit(
        actor=org.members["dx_office"],
        title=title,
        topic=topic,
        description="窓口の業務を見直したいです。",
        contact="企画係 内線1",
        **kw,
    )


def accepted_request(world, **kw):
    r = request(world.own, **kw)
    return support.case_accept(actor=world.pref.members["prefecture_support"], request=r)


def grant(org, **grants):
    return sharing.sharing_update(actor=org.members["admin"], **grants)


def yesterday() -> date:
    return today() - timedelta(days=1)
