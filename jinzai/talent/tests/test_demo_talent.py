"""The demo shows what issue 10 promises: さくら町's 1人情シス and 見本市's healthier spread, an open call with
applicants, a nomination with one track approved and one pending, and a draft transfer list for next April
that leaves two 課 without their only leader."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from jinzai.core.models import ImportRecord, Organisation
from jinzai.talent.models import Application, Call, NominationTrack
from jinzai.talent.selectors.duties import risk_report

FAST = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_the_demo_data_of_issue_10():
    with override_settings(PASSWORD_HASHERS=FAST):
        call_command("seed_demo", stdout=StringIO())
    city, town = Organisation.objects.get(code="992011"), Organisation.objects.get(code="993018")
    day = date(2026, 11, 1)
    town_risk, city_risk = risk_report(town, today=day), risk_report(city, today=day)
    assert town_risk.index >= 2 * city_risk.index and len(town_risk.single) > len(city_risk.single)
    assert town_risk.overloaded and town_risk.overloaded[0]["share"] > 80  # one person holds most duties
    call = Call.objects.get(organisation=city, status=Call.Status.OPEN)
    opinions = set(call.applications.values_list("manager_opinion", flat=True))
    assert call.applications.count() == 4 and opinions == {"consent", "concern", ""}
    assert call.applications.filter(status=Application.Status.APPLIED).count() == 4
    decisions = sorted(
        NominationTrack.objects.filter(organisation=city, nomination__tracks__designation__isnull=False)
        .distinct()
        .values_list("decision", flat=True)
    )
    assert decisions == ["approved", "pending"]
    record = ImportRecord.objects.get(organisation=city, kind="transfer", status="previewed")
    broken = record.summary["tables"][0]
    assert broken["title"].startswith("DX推進リーダーがいなくなる") and broken["total"] == 2
    assert record.summary["can_commit"] and record.options["effective_date"] == "2027-04-01"
