"""The caps of the national schemes as the guidebook gives them (decisions R9)."""

from decimal import Decimal

from jinzai.region import schemes
from jinzai.region.schemes import DX_ADVISOR, REGIONAL_ADVISOR, Use, check_cap, near_cap

V, ON = schemes.VISIT, schemes.ONLINE


def uses(*items):
    return [Use(mode, Decimal(h)) for mode, h in items]


def test_dx_advisor_allows_five_sessions_a_year():
    four = uses(*[(ON, 2)] * 4)
    fifth = check_cap(DX_ADVISOR, four, Use(ON, Decimal(2)))
    assert fifth.ok and fifth.after == "5回"
    sixth = check_cap(DX_ADVISOR, uses(*[(ON, 2)] * 5), Use(V, Decimal(3)))
    assert sixth.exceeded
    assert "原則5回まで" in sixth.warnings[0] and "6回" in sixth.warnings[0]


def test_dx_advisor_sessions_last_at_least_two_hours():
    short = check_cap(DX_ADVISOR, [], Use(ON, Decimal("1.5")))
    assert not short.exceeded  # within the count …
    assert not short.ok and "2時間以上" in short.warnings[0] and "1.5時間" in short.warnings[0]
    assert check_cap(DX_ADVISOR, [], Use(ON, Decimal(2))).ok


def test_regional_advisor_three_times_when_a_visit_is_included():
    two_visits = uses((V, 3), (V, 3))
    third = check_cap(REGIONAL_ADVISOR, two_visits, Use(V, Decimal(3)))
    assert third.ok and third.after == "3回（訪問を含む）"
    fourth = check_cap(REGIONAL_ADVISOR, uses((V, 3), (V, 3), (ON, 1)), Use(ON, Decimal(1)))
    assert fourth.exceeded and "3回まで" in fourth.warnings[0]


def test_regional_advisor_ten_hours_when_online_only():
    assert check_cap(REGIONAL_ADVISOR, uses((ON, 4), (ON, 4)), Use(ON, Decimal(2))).ok  # exactly 10 h
    over = check_cap(REGIONAL_ADVISOR, uses((ON, 4), (ON, 4)), Use(ON, Decimal(3)))
    assert over.exceeded and "合計10時間" in over.warnings[0] and "11時間" in over.warnings[0]
    # four online sessions of 2 h are fine online-only (8 h) …
    assert check_cap(REGIONAL_ADVISOR, uses((ON, 2), (ON, 2), (ON, 2)), Use(ON, Decimal(2))).ok
    # … but a visit turns the rule into "3 times", and this would be the 5th
    mixed = check_cap(REGIONAL_ADVISOR, uses((ON, 2), (ON, 2), (ON, 2), (ON, 2)), Use(V, Decimal(2)))
    assert mixed.exceeded and "3回まで" in mixed.warnings[0]


def test_near_cap_flags_the_last_allowed_dispatch():
    assert near_cap(REGIONAL_ADVISOR, uses((V, 3), (V, 3)))
    assert not near_cap(REGIONAL_ADVISOR, uses((V, 3)))
    assert near_cap(REGIONAL_ADVISOR, uses((ON, 4), (ON, 4)))
    assert near_cap(DX_ADVISOR, uses(*[(ON, 2)] * 4))
    assert check_cap(schemes.PREF_BANK, uses((V, 3))) is None  # no cap


def test_the_catalogue_follows_the_guidebook():
    assert {s.key for s in schemes.SCHEMES} >= {
        "dx_advisor",
        "regional_advisor",
        "kigyojin_company",
        "kigyojin_side_job",
        "tax_cio",
        "tax_leader",
        "tax_pref_hiring",
    }
    assert [k for k, _ in schemes.ADVICE_KINDS] == ["issue", "achievement", "awareness"]
    assert "謝金・旅費" in schemes.get(DX_ADVISOR).cost
