"""Sharing settings (only admin, every change audited) and the talent bank as a personal-information file."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jinzai.core.models import AuditEvent
from jinzai.region.models import BankOptIn, ExpertSkill
from jinzai.region.services import bank, sharing

from ._helpers import expert, grant, items, today


@pytest.mark.django_db
def test_only_the_municipal_admin_changes_the_grants_and_each_change_is_audited(world, client):
    with pytest.raises(PermissionDenied):
        sharing.sharing_update(actor=world.own.members["dx_office"], joint_roster=True)
    with pytest.raises(PermissionDenied):
        sharing.sharing_update(actor=world.pref.members["admin"], joint_roster=True)  # a prefecture has none
    grant(world.own, joint_roster=True, plan_detail=False)
    event = AuditEvent.objects.get(action="region.sharing.update")
    assert event.organisation_id == world.own.org.pk and event.detail["changes"] == {
        "joint_roster": [False, True]
    }
    grant(world.own, joint_roster=True)  # no change, no event
    assert AuditEvent.objects.filter(action="region.sharing.update").count() == 1
    client.force_login(world.own.users["admin"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("region:sharing"), {"joint_roster": "on", "unit_detail": "on"})
    assert response.status_code == 302
    assert sharing.setting_of(world.own.org).unit_detail is True
    client.force_login(world.own.users["dx_office"], backend="django.contrib.auth.backends.ModelBackend")
    client.post(reverse("region:sharing"), {})
    assert sharing.setting_of(world.own.org).joint_roster is True  # dx_office reads only
    assert "オン" in client.get(reverse("region:sharing")).content.decode()


@pytest.mark.django_db
def test_a_profile_keeps_the_purpose_it_was_created_under(world):
    admin = world.pref.members["admin"]
    bank.bank_file_update(actor=admin, purpose="第1版の目的")
    first = bank.expert_create(
        actor=world.pref.members["prefecture_support"], consent_on=today(), kind="company", name="最初　太郎"
    )
    bank.bank_file_update(actor=admin, purpose="第2版の目的")
    second = bank.expert_create(
        actor=world.pref.members["prefecture_support"], consent_on=today(), kind="company", name="次の　花子"
    )
    assert (first.purpose_text, second.purpose_text) == ("第1版の目的", "第2版の目的")
    with pytest.raises(ValidationError, match="未来の日付"):
        bank.expert_create(
            actor=world.pref.members["prefecture_support"],
            consent_on=today() + timedelta(days=1),
            kind="company",
            name="未来",
        )
    with pytest.raises(ValidationError, match="本人が自分の団体"):
        bank.expert_create(
            actor=world.pref.members["prefecture_support"],
            consent_on=today(),
            kind="municipal_staff",
            name="町の人",
        )
    with pytest.raises(PermissionDenied):
        bank.bank_file_update(actor=world.pref.members["prefecture_support"], purpose="x")


@pytest.mark.django_db
def test_opt_in_publishes_only_the_chosen_fields_and_skills(world):
    grant(world.own, bank_opt_in=True)
    skill = items(world.pref)["データ活用"]
    member = world.own.members["staff"]
    optin = bank.optin_save(
        actor=member, fields=["title"], areas=["data"], skills={skill.pk: 4}, profile="秘密"
    )
    e = optin.expert
    assert e.title == "主事" and e.email == "" and e.profile == "" and e.affiliation == "自分市"
    assert not ExpertSkill.objects.filter(expert=e).exists()  # skills not chosen
    optin = bank.optin_save(
        actor=member, fields=["title", "skills", "email"], areas=["data"], skills={skill.pk: 4}
    )
    e.refresh_from_db()
    assert e.email == world.own.staff["staff"].email
    assert list(ExpertSkill.objects.filter(expert=e).values_list("level", flat=True)) == [4]
    assert BankOptIn.objects.filter(staff=world.own.staff["staff"], revoked_at__isnull=True).count() == 1
    with pytest.raises(ValidationError, match="一覧から"):
        bank.optin_save(actor=member, fields=["birth_date"], areas=["data"])


@pytest.mark.django_db
def test_the_prefecture_records_an_external_experts_withdrawal(world, client):
    e = expert(world.pref, "外部　次郎", email="jiro@example.jp")
    client.force_login(
        world.pref.users["prefecture_support"], backend="django.contrib.auth.backends.ModelBackend"
    )
    assert client.post(reverse("region:expert_withdraw", args=[e.pk])).status_code == 302
    e.refresh_from_db()
    assert e.is_withdrawn and e.email == "" and e.name != "外部　次郎"
    html = client.get(reverse("region:bank_file")).content.decode()
    assert "0名（同意撤回済みで氏名等を消去した記録 1件）" in html
