"""Hands-on visits and follow-ups (item 6), external specialists with a joint hiring and its cost split
(item 9), and the hub's lines of 「対応が必要なこと」 (core.hooks.HOME_TASKS)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import _build_org
from jinzai.core.models import AuditEvent
from jinzai.region.hooks import region_tasks
from jinzai.region.selectors import municipality as muni
from jinzai.region.selectors import prefecture as pref
from jinzai.region.selectors import shared
from jinzai.region.services import specialists, support, visits

from ._helpers import expert, fy, request, today


@pytest.mark.django_db
def test_a_visit_with_follow_ups_for_both_sides_is_tracked_until_done(world):
    ps, dx = world.pref.members["prefecture_support"], world.own.members["dx_office"]
    visits.counterpart_save(
        actor=ps, municipality=world.own.org, prefecture_contact="県 担当A", municipal_contact="企画係"
    )
    plan = visits.visit_plan_create(
        actor=ps, municipality=world.own.org, fiscal_year=fy(), planned_month=7, purpose="年1回のヒアリング"
    )
    with pytest.raises(ValidationError, match="期限を入力"):
        visits.visit_record(
            actor=ps,
            municipality=world.own.org,
            visited_on=today(),
            attendees="企画課長",
            hearing_notes="体制の確認",
            follow_ups=[("研修の案内", "prefecture", "県 担当A", None)],
        )
    visit = visits.visit_record(
        actor=ps,
        municipality=world.own.org,
        visited_on=today(),
        attendees="企画課長、DX担当",
        hearing_notes="体制の確認",
        plan=plan,
        follow_ups=[
            ("研修の案内を送る", "prefecture", "県 担当A", today() + timedelta(days=3)),
            ("推進計画の案を作る", "municipality", "企画係", today() - timedelta(days=1)),
            ("", "municipality", "", None),  # an empty line of the form is skipped
        ],
    )
    assert visit.organisation_id == world.own.org.pk and visit.prefecture_id == world.pref.org.pk
    assert sorted(f.action for f in visit.follow_ups.all()) == ["推進計画の案を作る", "研修の案内を送る"]
    # each side sees the open follow-ups; the other municipality sees none
    assert pref.open_follow_ups_for_prefecture(ps).count() == 2
    assert muni.open_follow_ups_of(dx).count() == 2
    assert muni.open_follow_ups_of(world.foreign.members["dx_office"]).count() == 0
    mine = muni.open_follow_ups_of(dx).get(side="municipality")
    with pytest.raises(ValidationError, match="完了日"):
        visits.followup_done(actor=dx, follow_up=mine, done_on=None)
    visits.followup_done(actor=dx, follow_up=mine, done_on=today())
    assert muni.open_follow_ups_of(dx).count() == 1
    assert AuditEvent.objects.filter(action="region.followup.update", organisation=world.own.org).exists()
    # a prefecture cannot record a visit to a municipality of another prefecture
    far_pref = _build_org("98000", "他県", "q", kind="prefecture")
    village = _build_org("98301", "他県村", "v", prefecture=far_pref.org)
    with pytest.raises(PermissionDenied):
        visits.visit_record(
            actor=ps, municipality=village.org, visited_on=today(), attendees="x", hearing_notes="y"
        )
    # and the municipality cannot mark the prefecture's follow-up of another municipality
    theirs = pref.open_follow_ups_for_prefecture(ps).get()
    with pytest.raises(PermissionDenied):
        visits.followup_done(actor=world.foreign.members["dx_office"], follow_up=theirs, done_on=today())


@pytest.mark.django_db
def test_a_joint_hiring_splits_each_contracts_yearly_cost_and_partners_see_no_candidates(world):
    town_dx, city_dx = world.foreign.members["dx_office"], world.own.members["dx_office"]
    position = specialists.position_create(
        actor=town_dx,
        kind="cio_adviser",
        title="共同CIO補佐官",
        requirements="調達の経験",
        itss_level=5,
        scheme="tax_cio",
        hours_per_month=None,
        own_weight=2,
        status="recruiting",
        partners=[(world.own.org, 1)],
    )
    specialists.candidate_add(actor=town_dx, position=position, name="候補　太郎", affiliation="民間")
    # 月額 100,001円 × 12 = 1,200,012円, split 2 : 1 → 800,008 + 400,004
    specialists.contract_create(
        actor=town_dx,
        position=position,
        person_name="候補　太郎",
        starts_on=date(fy(), 4, 1),
        ends_on=date(fy() + 1, 3, 31),
        basis="monthly",
        amount=100_001,
    )
    # 時間単価 3,333円 × 10時間 × 12 = 399,960円 → 266,640 + 133,320
    specialists.contract_create(
        actor=town_dx,
        position=position,
        person_name="副業　花子",
        starts_on=date(fy(), 4, 1),
        ends_on=date(fy(), 9, 30),
        basis="hourly",
        amount=3_333,
        hours_per_month=10,
    )
    seen = shared.get_position_for_viewer(city_dx, position.pk)  # the partner sees the position
    rows = {
        r["c"].person_name: [(org.pk, w, yen) for org, w, yen in r["split"]]
        for r in shared.contract_costs(seen)
    }
    assert rows["候補　太郎"] == [(world.foreign.org.pk, 2, 800_008), (world.own.org.pk, 1, 400_004)]
    assert rows["副業　花子"] == [(world.foreign.org.pk, 2, 266_640), (world.own.org.pk, 1, 133_320)]
    assert shared.candidates_of(city_dx, seen).count() == 0  # never the candidates
    assert shared.candidates_of(town_dx, seen).count() == 1
    with pytest.raises(ValidationError, match="始まり以後"):
        specialists.contract_create(
            actor=town_dx,
            position=position,
            person_name="x",
            starts_on=date(fy(), 4, 2),
            ends_on=date(fy(), 4, 1),
            basis="monthly",
            amount=1,
        )
    with pytest.raises(ValidationError, match="時間単価"):
        specialists.contract_create(
            actor=town_dx,
            position=position,
            person_name="x",
            starts_on=date(fy(), 4, 1),
            ends_on=date(fy(), 4, 30),
            basis="hourly",
            amount=1,
        )


def _tasks(membership):
    """The hub's own lines (a count of 0 is not shown on the home: left out here too)."""
    return [t for t in region_tasks(membership) if t.count]


@pytest.mark.django_db
def test_the_hub_adds_its_tasks_to_both_homes(world):
    ps, dx = world.pref.members["prefecture_support"], world.own.members["dx_office"]
    r = request(world.own, urgency="urgent")
    keys = {t.key: t for t in _tasks(ps)}
    assert keys["region.cases"].count == 1 and keys["region.cases"].urgency == "urgent"
    support.case_accept(actor=ps, request=r)
    e = expert(world.pref)
    support.dispatch_record(
        actor=ps, request=r, expert=e, scheme="pref_bank", held_on=today(), hours=2, mode="visit"
    )
    keys = {t.key: t for t in _tasks(ps)}
    assert "region.cases" not in keys  # a count of 0 is not shown
    assert keys["region.reports"].count == 1
    mine = {t.key: t for t in _tasks(dx)}
    assert mine["region.to_assess"].count == 1  # support received and not yet assessed
    assert not any(t.key.startswith("region.") for t in _tasks(world.foreign.members["dx_office"]))


@pytest.mark.django_db
def test_a_person_in_the_bank_keeps_the_way_to_withdraw_after_the_employer_stops_registrations(world):
    from jinzai.region.hooks import opt_in_panel
    from jinzai.region.services import bank

    from ._helpers import grant

    member, other = world.own.members["staff"], world.own.members["manager"]
    grant(world.own, bank_opt_in=True)
    assert opt_in_panel(other) is not None  # everyone may register while it is on
    bank.optin_save(actor=member, fields=["title"], areas=["data"])
    grant(world.own, bank_opt_in=False)
    assert opt_in_panel(other) is None  # no new registrations
    panel = opt_in_panel(member)
    assert panel is not None and panel.context["optin"] is not None
    ps = world.pref.members["prefecture_support"]
    assert pref.experts_for_prefecture(ps, q="山田").count() == 1
    bank.optin_revoke(actor=member)
    assert pref.experts_for_prefecture(ps, q="山田").count() == 0
    assert opt_in_panel(member) is None


@pytest.mark.django_db
def test_the_dashboard_export_holds_the_figures_of_the_page_with_whole_numbers_of_people(world, client):
    import io

    import openpyxl
    from django.urls import reverse

    ps = world.pref.members["prefecture_support"]
    e = expert(world.pref)
    r = support.case_accept(actor=ps, request=request(world.own))
    support.dispatch_record(
        actor=ps, request=r, expert=e, scheme="pref_bank", held_on=today(), hours=2, mode="visit"
    )
    client.force_login(
        world.pref.users["prefecture_support"], backend="django.contrib.auth.backends.ModelBackend"
    )
    response = client.get(reverse("region:dashboard_export") + "?format=xlsx")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    head = list(rows[0])
    by_name = {row[head.index("団体名")]: row for row in rows[1:]}
    own = by_name["自分市"]
    assert own[head.index("職員数")] == 4 and isinstance(own[head.index("職員数")], int)
    assert own[head.index("支援の利用（回）")] == 1
    assert float(own[head.index("支援の利用（時間）")]) == 2
    assert by_name["他所町"][head.index("支援の利用（回）")] == 0
    assert AuditEvent.objects.filter(action="region.figures.export", organisation=world.pref.org).exists()
