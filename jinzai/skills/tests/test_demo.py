"""Demo skills data: 見本市 has two closed and one open campaign with realistic rates, criteria that suggest a
level, the 30-question bank and a test with attempts; the demo is deterministic."""

import pytest

from jinzai.core.models import Organisation
from jinzai.demo.seed import seed_demo
from jinzai.skills.criteria import suggestions_for
from jinzai.skills.models import Attempt, Campaign, Participant, Question, Rating
from jinzai.skills.question_bank import QUESTION_BANK
from jinzai.skills.selectors import response_rates, talent_types


@pytest.mark.django_db
def test_demo_skills_data():
    seed_demo()
    city = Organisation.objects.get(code="992011")
    campaigns = list(Campaign.objects.filter(organisation=city).order_by("starts_on"))
    assert [c.status for c in campaigns] == ["closed", "closed", "open"]
    for campaign, low, high in zip(campaigns, (80, 85, 50), (92, 96, 66), strict=True):
        rate = response_rates(campaign)["totals"]["answered_pct"]
        assert low <= rate <= high, (campaign.name, rate)
    assert Participant.objects.filter(campaign=campaigns[-1], status="confirmed").exists()
    assert len(QUESTION_BANK) == 30 and Question.objects.filter(organisation=city).count() == 30
    attempts = Attempt.objects.filter(organisation=city)
    assert (
        attempts.count() >= 30
        and attempts.filter(passed=True).exists()
        and attempts.filter(passed=False).exists()
    )
    suggestion = suggestions_for(city, talent_types(city))
    assert [s["level"] for s in suggestion.values()] == [2]
    town = Organisation.objects.get(code="993018")
    assert Campaign.objects.filter(organisation=town).count() == 1
    # deterministic: seeded RNG and fixed dates give the same rows on every run
    assert (
        Rating.objects.filter(organisation=city).count(),
        attempts.count(),
        attempts.filter(passed=True).count(),
    ) == (
        16236,
        36,
        26,
    )
