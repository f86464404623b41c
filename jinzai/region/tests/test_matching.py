"""Ranked matching with the reasons in words (decisions R10), computed by hand."""

from jinzai.region.matching import Need, Offer, rank, score

AREAS = {"bpr": "業務改善・BPR", "data": "データ活用"}
SCHEMES = {"dx_advisor": "DXアドバイザー", "pref_bank": "県の人材バンク"}
ITEMS = ((1, "業務改善"), (2, "データ活用"))


def offer(
    key,
    name,
    *,
    areas=(),
    visit=True,
    online=True,
    schemes=(),
    availability="available",
    levels=None,
    dispatches=0,
):
    return Offer(
        key, name, frozenset(areas), visit, online, frozenset(schemes), availability, levels or {}, dispatches
    )


def test_score_parts_by_hand():
    need = Need(topic="bpr", mode="visit", scheme="dx_advisor", items=ITEMS)
    m = score(
        need,
        offer(1, "A", areas=["bpr"], schemes=["dx_advisor"], levels={1: 4, 2: 2}),
        area_labels=AREAS,
        scheme_labels=SCHEMES,
    )
    # skills: (4/4 + 2/4) / 2 × 50 = 37.5 → 38; areas 20; mode 10; scheme 10; availability 10
    assert m.parts == {"skills": 38, "areas": 20, "mode": 10, "scheme": 10, "availability": 10}
    assert m.score == 88
    assert "「業務改善」レベル4" in m.reasons and "分野「業務改善・BPR」が一致" in m.reasons
    assert "DXアドバイザーで派遣できます" in m.reasons


def test_missing_skills_and_offers_are_said_in_words():
    need = Need(topic="data", mode="visit", scheme="dx_advisor", items=ITEMS)
    m = score(
        need, offer(2, "B", visit=False, availability="limited"), area_labels=AREAS, scheme_labels=SCHEMES
    )
    assert m.parts == {"skills": 0, "areas": 0, "mode": 0, "scheme": 0, "availability": 5}
    assert "スキルの記録なし：業務改善、データ活用" in m.reasons
    assert "訪問には対応していません" in m.reasons and "DXアドバイザーでは派遣できません" in m.reasons
    assert "日程は要相談" in m.reasons


def test_rank_orders_by_score_then_fewer_dispatches_then_name():
    need = Need(topic="bpr", mode="either", items=ITEMS[:1])
    offers = [
        offer(1, "いとう", areas=["bpr"], levels={1: 2}, dispatches=0),  # 25 + 20 + 10 + 10 = 65
        offer(2, "あべ", areas=["bpr"], levels={1: 5}, dispatches=3),  # 50 + 20 + 10 + 10 = 90
        offer(3, "うえだ", areas=["bpr"], levels={1: 4}, dispatches=1),  # 90, fewer dispatches first
        offer(4, "えのき", availability="unavailable"),  # 0 + 0 + 10 + 0 = 10
    ]
    ranked = rank(need, offers, area_labels=AREAS, scheme_labels=SCHEMES)
    assert [m.offer.name for m in ranked] == ["うえだ", "あべ", "いとう", "えのき"]
    assert [m.score for m in ranked] == [90, 90, 65, 10]
    assert "今年度の派遣 1回" in ranked[0].reasons


def test_no_needs_ranks_by_the_rest():
    ranked = rank(
        Need(topic="", mode="online"),
        [offer(1, "A", online=False), offer(2, "B")],
        area_labels=AREAS,
        scheme_labels=SCHEMES,
    )
    assert [m.offer.key for m in ranked] == [2, 1]
