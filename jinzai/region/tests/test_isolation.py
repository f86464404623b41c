"""Isolation across the boundary (issue 11's quality bar):

- the prefecture cannot reach a municipality's personal records through any URL, export or search unless
  the municipality (or the person) shared them;
- a municipality cannot see another's requests, seats or feedback;
- withdrawing consent removes a profile from search and matching at once.
"""

import io
import zipfile
from datetime import timedelta

import openpyxl
import pytest
from django.urls import URLPattern, get_resolver, reverse

from jinzai.core.models import AuditEvent
from jinzai.region.models import Expert, SeatAllocation
from jinzai.region.selectors import prefecture as pref
from jinzai.region.services import bank, joint, support, visits

from ._helpers import accepted_request, expert, grant, request, system, today


def _login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _names(org) -> list[str]:
    names = []
    for s in org.staff.values():
        names += [s.name, s.name.replace("\u3000", " "), s.staff_no, s.email]
    return names


@pytest.fixture
def crossing(world):
    """Objects on both sides: a joint course with own staff enrolled, a request with a dispatch and
    feedback, a visit, and an expert."""
    support_member = world.pref.members["prefecture_support"]
    course = joint.joint_course_create(
        actor=support_member,
        title="共同研修",
        mode="classroom",
        hours=3,
        fee=0,
        step=1,
        shared_cost=1000,
        split_rule="seats",
    )
    start = today() + timedelta(days=20)
    session = joint.joint_session_create(
        actor=support_member,
        course=course,
        title="第1回",
        starts_on=start,
        ends_on=start,
        seats={world.own.org: 3, world.foreign.org: 2},
    )
    joint.joint_publish(actor=support_member, course=course)
    allocation = SeatAllocation.objects.get(session=session, municipality=world.own.org)
    joint.joint_enrol(
        actor=world.own.members["dx_office"],
        allocation=allocation,
        staff_list=[world.own.staff["staff"], world.own.staff["hr"]],
    )
    e = expert(world.pref, "外部　花子")
    r = accepted_request(world)
    support.case_assign(actor=support_member, request=r, expert=e)
    d = support.dispatch_record(
        actor=support_member, request=r, expert=e, scheme="pref_bank", held_on=today(), hours=2, mode="online"
    )
    support.request_feedback(
        actor=world.own.members["dx_office"],
        request=r,
        satisfaction=4,
        usefulness=5,
        comments="とても良かった",
    )
    v = visits.visit_record(
        actor=support_member,
        municipality=world.own.org,
        visited_on=today(),
        attendees="県",
        hearing_notes="体制の話",
    )
    return {
        "course": course,
        "session": session,
        "allocation": allocation,
        "expert": e,
        "request": r,
        "dispatch": d,
        "visit": v,
    }


def _region_get_urls(objects: dict) -> list[str]:
    """Every GET page of the prefecture side, with the objects above as arguments."""
    keys = {
        "region:municipality": None,
        "region:expert_detail": objects["expert"].pk,
        "region:expert_edit": objects["expert"].pk,
        "region:case_detail": objects["request"].pk,
        "region:dispatch_create": objects["request"].pk,
        "region:dispatch_report": objects["dispatch"].pk,
        "region:visit_detail": objects["visit"].pk,
        "region:joint_detail": objects["course"].pk,
        "region:joint_edit": objects["course"].pk,
        "region:joint_session_create": objects["course"].pk,
        "region:joint_session_detail": objects["session"].pk,
    }
    urls = []
    for p in get_resolver().url_patterns:
        if getattr(p, "namespace", None) != "region":
            continue
        for pattern in p.url_patterns:
            if not isinstance(pattern, URLPattern):
                continue
            name = f"region:{pattern.name}"
            if "<int:pk>" not in str(pattern.pattern):
                urls.append(reverse(name))
            elif name in keys and keys[name] is not None:
                urls.append(reverse(name, args=[keys[name]]))
    return urls


@pytest.mark.django_db
def test_prefecture_sees_no_personal_data_of_a_municipality_unless_shared(world, client, crossing):
    names = _names(world.own)
    client = _login(client, world.pref.users["prefecture_support"])
    urls = _region_get_urls(crossing) + [
        reverse("region:municipality", args=[world.own.org.pk]),
        reverse("region:counterpart_edit", args=[world.own.org.pk]),
        reverse("core:home"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 405), url
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            leaked = [n for n in names if n and n in html]
            assert not leaked, (url, leaked)
    # the export: the XLSX's text holds figures and organisation names only
    response = client.get(reverse("region:dashboard_export"))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert zipfile.is_zipfile(io.BytesIO(body))
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
    assert "自分市" in text and not [n for n in names if n and n in text]
    # search: an employee who did not opt in is not in the bank
    assert not pref.experts_for_prefecture(
        world.pref.members["prefecture_support"], q=world.own.staff["staff"].name
    ).exists()
    # every people / skills / learning page is refused to the prefecture role (403), whatever the id
    for name in (
        "people:staff_list",
        "people:staff_export",
        "learning:staffcert_list",
        "learning:cost_export",
    ):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get(reverse("people:staff_detail", args=[world.own.staff["staff"].pk])).status_code == 403
    # the grants of the detail pages are off: no per-target and per-unit detail either
    html = client.get(reverse("region:municipality", args=[world.own.org.pk])).content.decode()
    assert "目標ごとの状況を共有していません" in html and "課ごとの人数を共有していません" in html


@pytest.mark.django_db
def test_the_roster_crosses_only_under_the_grant_and_is_audited_in_the_owners_log(world, client, crossing):
    client = _login(client, world.pref.users["prefecture_support"])
    url = reverse("region:joint_session_detail", args=[crossing["session"].pk])
    html = client.get(url).content.decode()
    assert world.own.staff["staff"].name not in html and "名簿は共有されていません" in html
    assert not AuditEvent.objects.filter(organisation=world.own.org, action="region.crossing.roster").exists()
    grant(world.own, joint_roster=True)
    html = client.get(url).content.decode()
    assert world.own.staff["staff"].name in html and world.own.staff["hr"].name in html
    event = AuditEvent.objects.get(organisation=world.own.org, action="region.crossing.roster")
    assert event.username == "p-prefecture_support" and sorted(event.detail["people"]) == sorted(
        [world.own.staff["staff"].pk, world.own.staff["hr"].pk]
    )
    assert AuditEvent.objects.filter(organisation=world.pref.org, action="region.crossing.roster").exists()
    # 他所町 shared nothing: its (empty) roster stays closed
    assert "他所町（座席 2席" in html


@pytest.mark.django_db
def test_a_municipality_never_sees_another_ones_requests_seats_or_feedback(world, client, crossing):
    own_request, own_allocation = crossing["request"], crossing["allocation"]
    foreign_request = request(world.foreign, title="他所町の相談")
    client = _login(client, world.foreign.users["dx_office"])
    for name, pk in (
        ("region:request_detail", own_request.pk),
        ("region:seat_detail", own_allocation.pk),
        ("region:my_visit_detail", crossing["visit"].pk),
    ):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    for name in (
        "region:request_feedback",
        "region:request_comment",
        "region:request_withdraw",
        "region:seat_enrol",
    ):
        pk = own_allocation.pk if name == "region:seat_enrol" else own_request.pk
        assert client.post(reverse(name, args=[pk])).status_code == 404, name
    listing = client.get(reverse("region:my_requests")).content.decode()
    assert "他所町の相談" in listing and own_request.title not in listing
    seats = client.get(reverse("region:my_seats")).content.decode()
    foreign_allocation = SeatAllocation.objects.get(
        session=crossing["session"], municipality=world.foreign.org
    )
    assert reverse("region:seat_detail", args=[foreign_allocation.pk]) in seats
    assert reverse("region:seat_detail", args=[own_allocation.pk]) not in seats
    html = client.get(reverse("region:request_detail", args=[foreign_request.pk])).content.decode()
    assert "とても良かった" not in html
    # the prefecture's side is refused to municipal roles altogether
    assert client.get(reverse("region:case_detail", args=[own_request.pk])).status_code == 403


@pytest.mark.django_db
def test_withdrawing_consent_removes_a_profile_from_search_and_matching_at_once(world, client):
    staff_member = world.own.members["staff"]
    with pytest.raises(Exception, match="受け付けていません"):
        bank.optin_save(actor=staff_member, fields=["affiliation"], areas=["bpr"])
    grant(world.own, bank_opt_in=True)
    optin = bank.optin_save(actor=staff_member, fields=["affiliation"], areas=["bpr"], profile="書かない")
    profile = optin.expert
    assert profile.organisation_id == world.pref.org.pk and profile.profile == ""  # 経歴 was not chosen
    assert profile.affiliation.startswith("自分市")
    viewer = world.pref.members["prefecture_support"]
    r = accepted_request(world)
    assert pref.experts_for_prefecture(viewer, q="山田").filter(pk=profile.pk).exists()
    assert profile.pk in [m.expert.pk for m in pref.match_experts(viewer, r, today())]
    bank.optin_revoke(actor=staff_member)
    assert not pref.experts_for_prefecture(viewer, q="山田").exists()
    assert profile.pk not in [m.expert.pk for m in pref.match_experts(viewer, r, today())]
    profile.refresh_from_db()
    assert (
        profile.name == Expert.WITHDRAWN_NAME
        and profile.affiliation == ""
        and profile.withdrawn_at is not None
    )
    html = (
        _login(client, world.pref.users["prefecture_support"])
        .get(reverse("region:bank_list") + "?q=山田")
        .content.decode()
    )
    assert '<p class="result-count" role="status">0名</p>' in html
    # the person's municipality and the prefecture both have the event
    assert AuditEvent.objects.filter(organisation=world.own.org, action="region.optin.revoke").exists()
    assert AuditEvent.objects.filter(organisation=world.pref.org, action="region.expert.withdraw").exists()
    with pytest.raises(Exception):
        support.case_assign(actor=viewer, request=r, expert=profile)


@pytest.mark.django_db
def test_viewing_an_opted_in_profile_is_recorded_in_the_owners_log(world, client):
    grant(world.own, bank_opt_in=True)
    optin = bank.optin_save(actor=world.own.members["staff"], fields=["affiliation", "title"], areas=["data"])
    _login(client, world.pref.users["prefecture_support"]).get(
        reverse("region:expert_detail", args=[optin.expert_id])
    )
    assert AuditEvent.objects.filter(organisation=world.own.org, action="region.crossing.profile").exists()
    assert system(world.own)  # (helper import used)
