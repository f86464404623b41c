"""Rating rules: range, who may rate what, submission, confirmation, locking, conflicts and history."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.skills import services
from jinzai.skills.models import Participant, Rating
from jinzai.skills.services.campaigns import EditConflict, SelfRating

from ._helpers import campaign, confirm, items, sheet, submit


@pytest.mark.django_db
def test_campaign_takes_population_with_unit_and_type(world):
    c = campaign(world.own, units=[world.own.units["市民部"].pk])
    staff = {p.staff_id: p for p in c.participants.all()}
    assert set(staff) == {world.own.staff["staff"].pk, world.own.staff["manager"].pk}
    assert staff[world.own.staff["staff"].pk].unit == world.own.units["窓口係"]
    assert staff[world.own.staff["staff"].pk].talent_type.kind == "general"


@pytest.mark.django_db
def test_levels_must_be_in_range(world):
    c = campaign(world.own)
    mine = sheet(c, world.own.staff["staff"])
    with pytest.raises(ValidationError, match="1〜3"):
        submit(world.own.members["staff"], mine, 4)
    with pytest.raises(ValidationError, match="1〜3"):
        submit(world.own.members["staff"], mine, 0)
    assert not Rating.objects.filter(participant=mine).exists()


@pytest.mark.django_db
def test_only_the_person_rates_themselves(world):
    c = campaign(world.own)
    mine = sheet(c, world.own.staff["staff"])
    with pytest.raises(PermissionDenied):
        submit(world.own.members["hr"], mine, 2)
    with pytest.raises(PermissionDenied):
        submit(world.foreign.members["staff"], mine, 2)


@pytest.mark.django_db
def test_submit_needs_every_item_and_then_locks_the_self_rating(world):
    c = campaign(world.own)
    mine = sheet(c, world.own.staff["staff"])
    first = items(c.framework)[0]
    with pytest.raises(ValidationError, match="すべての項目"):
        submit(world.own.members["staff"], mine, {first.pk: 2})
    submit(world.own.members["staff"], mine, {first.pk: 2}, submit=False)  # a draft is fine
    assert Rating.objects.get(participant=mine, item=first).self_level == 2
    submit(world.own.members["staff"], mine, 3)
    mine.refresh_from_db()
    assert mine.status == Participant.Status.SELF_DONE
    assert Rating.objects.filter(participant=mine, self_level=3).count() == 12
    with pytest.raises(ValidationError, match="提出しています"):
        submit(world.own.members["staff"], mine, 1)


@pytest.mark.django_db
def test_manager_rates_only_submitted_sheets_of_their_units_and_never_their_own(world):
    c = campaign(world.own)
    manager = world.own.members["manager"]
    mine = sheet(c, world.own.staff["staff"])
    with pytest.raises(ValidationError, match="提出されてから"):
        confirm(manager, mine, 2)
    other = sheet(c, world.own.staff["other"])  # 総務課: not the manager's
    submit(world.own.members["dx_office"], other, 2)  # dx_office's login is linked to 髙橋 (other)
    with pytest.raises(PermissionDenied):
        confirm(manager, other, 2)
    own = sheet(c, world.own.staff["manager"])
    submit(manager, own, 2)
    with pytest.raises(PermissionDenied):
        confirm(manager, own, 3)
    with pytest.raises(PermissionDenied):
        confirm(world.own.members["hr"], mine, 2)


@pytest.mark.django_db
def test_confirming_records_final_levels_and_blank_final_takes_manager_level(world):
    c = campaign(world.own)
    mine = sheet(c, world.own.staff["staff"])
    submit(world.own.members["staff"], mine, 3)
    confirm(world.own.members["manager"], mine, 2, confirm=False)
    assert not Rating.objects.filter(participant=mine, final_level__isnull=False).exists()
    confirm(world.own.members["manager"], mine, 2)
    mine.refresh_from_db()
    assert mine.status == Participant.Status.CONFIRMED
    assert mine.confirmed_by == world.own.members["manager"]
    assert set(
        Rating.objects.filter(participant=mine).values_list("self_level", "manager_level", "final_level")
    ) == {(3, 2, 2)}
    assert set(Rating.objects.filter(participant=mine).values_list("expected_level", flat=True)) == {2}


@pytest.mark.django_db
def test_closing_locks_every_sheet(world):
    c = campaign(world.own)
    mine = sheet(c, world.own.staff["staff"])
    submit(world.own.members["staff"], mine, 2)
    services.campaign_close(actor=world.own.members["dx_office"], campaign=c)
    with pytest.raises(ValidationError, match="終了"):
        confirm(world.own.members["manager"], mine, 2)
    pending = sheet(c, world.own.staff["hr"])
    with pytest.raises(ValidationError, match="終了"):
        submit(world.own.members["hr"], pending, 2)
    with pytest.raises(ValidationError, match="すでに終了"):
        services.campaign_close(actor=world.own.members["dx_office"], campaign=c)


@pytest.mark.django_db
def test_a_stale_version_is_a_conflict_not_an_overwrite(world):
    c = campaign(world.own)
    mine = sheet(c, world.own.staff["staff"])
    submit(world.own.members["staff"], mine, 2)
    mine.refresh_from_db()
    stale = mine.version
    confirm(world.own.members["manager"], mine, 3, confirm=False)  # the first manager saves
    its = items(c.framework)
    from jinzai.skills.services.campaigns import Review

    with pytest.raises(EditConflict, match="先に保存しました"):
        services.sheet_review(
            actor=world.own.members["manager"],
            participant=Participant.objects.get(pk=mine.pk),
            reviews={i.pk: Review(1) for i in its},
            comment="上書きしようとした",
            version=stale,
        )
    assert set(Rating.objects.filter(participant=mine).values_list("manager_level", flat=True)) == {3}
    mine.refresh_from_db()
    assert mine.manager_comment == ""


@pytest.mark.django_db
def test_a_later_campaign_keeps_the_earlier_ratings(world):
    first = campaign(world.own, name="令和7年度", start=date(2025, 10, 1), end=date(2025, 11, 30))
    one = sheet(first, world.own.staff["staff"])
    submit(world.own.members["staff"], one, 1)
    confirm(world.own.members["manager"], one, 1)
    second = campaign(world.own, name="令和8年度")
    two = sheet(second, world.own.staff["staff"])
    submit(world.own.members["staff"], two, 3)
    confirm(world.own.members["manager"], two, 3)
    assert set(Rating.objects.filter(participant=one).values_list("final_level", flat=True)) == {1}
    assert set(Rating.objects.filter(participant=two).values_list("final_level", flat=True)) == {3}
    assert Rating.objects.filter(staff=world.own.staff["staff"]).count() == 24


@pytest.mark.django_db
def test_draft_save_keeps_comment_and_evidence(world):
    c = campaign(world.own)
    mine = sheet(c, world.own.staff["staff"])
    first = items(c.framework)[0]
    services.sheet_save(
        actor=world.own.members["staff"],
        participant=mine,
        ratings={first.pk: SelfRating(2, "会議で説明しました", "研修修了")},
        version=mine.version,
    )
    row = Rating.objects.get(participant=mine, item=first)
    assert (row.self_level, row.self_comment, row.evidence) == (2, "会議で説明しました", "研修修了")
