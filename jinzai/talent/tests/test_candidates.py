"""The candidate finder: the score and its explanation against hand-computed values, the filters, and the
per-unit shortlists (units lacking a leader first)."""

from datetime import date

import pytest
from django.urls import reverse

from jinzai.talent.models import TalentSettings
from jinzai.talent.selectors.candidates import CandidateFilter, count, page_of, scored, shortlists

from . import _careers as h


@pytest.fixture
def people(world):
    own = world.own
    shimin, madoguchi = own.units["市民課"], own.units["窓口係"]
    a = h.person(own, "000201", "青木　一樹", madoguchi, "係長", hired=date(2010, 4, 1))
    b = h.person(own, "000202", "石井　陽子", shimin, "主事", hired=date(2022, 4, 1))
    c = h.person(own, "000203", "上田　誠", own.units["総務課"], "主査", hired=date(2019, 4, 1))
    _, item = h.skill_level(own, a, "業務改善・BPR", 4)
    h.skill_level(own, c, "業務改善・BPR", 2)
    h.certify(own, a, "ip")
    p = h.period(own)
    h.declare(own, a, p, interest="yes", motivation=5)
    h.declare(own, c, p, interest="maybe", motivation=3, wish="move")
    return {"a": a, "b": b, "c": c, "item": item}


def test_score_and_reason_against_hand_computed_values(world, people):
    """Default weights 2,3,2,1,2,3,1 (total 14). 青木: band 1×2 + skill 4/5×3 + certs 1/3×2 + courses 0
    + motivation (5−1)/4×2 + wish 1×3 + tenure (16 years) 1×1 = 11.0667 → 11.0667/14×100 = 79.05 → 79."""
    f = CandidateFilter(grade_min_rank=None, grade_max_rank=None, exclude_designated=True)
    rows = {c.staff.pk: c for c in page_of(world.own.org, f, day=date(2026, 6, 1))}
    a = rows[people["a"].pk]
    assert a.score == 79
    assert a.reason == "係長級・業務改善・BPR Lv4・ITパスポート保有・DX業務を希望・意欲5・在職16年"
    # 上田: band 2 + skill 2/5×3 + wish 0.5×3 + motivation 0.5×2 + tenure 0.5 (7 years) = 6.2 → 44.29 → 44
    c = rows[people["c"].pk]
    assert c.score == 44
    assert c.reason == "主査級・業務改善・BPR Lv2・DX業務に関心・異動を希望・在職7年"
    # 石井: out of band, no facts, 4 years: 0
    assert rows[people["b"].pk].score == 0
    assert [x.staff.pk for x in page_of(world.own.org, f, day=date(2026, 6, 1))][:2] == [
        people["a"].pk,
        people["c"].pk,
    ]


def test_weights_change_the_order(world, people):
    TalentSettings.objects.create(
        organisation=world.own.org,
        weights={
            "grade": 0,
            "skill": 0,
            "certification": 0,
            "course": 0,
            "motivation": 0,
            "wish": 0,
            "tenure": 10,
        },
    )
    f = CandidateFilter(exclude_designated=False, regular_only=False)
    scores = {c.staff.pk: c.score for c in page_of(world.own.org, f, day=date(2026, 6, 1))}
    assert scores[people["a"].pk] == 100 and scores[people["c"].pk] == 50 and scores[people["b"].pk] == 0


def test_four_filters_narrow_to_the_one_person(world, people):
    own = world.own
    f = CandidateFilter(
        unit_id=own.units["市民課"].pk,
        grade_min_rank=3,
        grade_max_rank=5,
        skill_item=people["item"].pk,
        skill_level=3,
        certification=h.certify(own, people["c"], "sg").pk,
    )
    assert count(own.org, f) == 0  # 上田 holds SG but is in 総務課 with Lv2
    f = CandidateFilter(
        unit_id=own.units["市民課"].pk,
        grade_min_rank=3,
        grade_max_rank=5,
        skill_item=people["item"].pk,
        skill_level=3,
    )
    assert [s.pk for s in scored(own.org, f)] == [people["a"].pk]


def test_designated_people_are_left_out_unless_asked(world, people):
    h.designate(world.own, people["a"])
    ids = {s.pk for s in scored(world.own.org, CandidateFilter())}
    assert people["a"].pk not in ids
    ids = {s.pk for s in scored(world.own.org, CandidateFilter(exclude_designated=False))}
    assert people["a"].pk in ids


def test_shortlists_put_units_without_a_leader_first(world, people):
    own = world.own
    h.designate(own, own.staff["manager"])  # 市民課 has a leader; 総務課 has none
    lists = shortlists(own.org, CandidateFilter(), day=date(2026, 6, 1))
    names = [s.unit.name for s in lists]
    assert names.index("総務課") < names.index("市民課")
    first = lists[0]
    assert first.unit.name == "総務課" and first.leaders == 0
    assert first.candidates[0].staff.pk == people["c"].pk  # the best scored person serving there
    civic = next(s for s in lists if s.unit.name == "市民課")
    assert civic.leaders == 1 and civic.candidates[0].staff.pk == people["a"].pk


def test_a_concurrent_post_covers_the_unit_in_the_shortlist(world, people):
    own = world.own
    h.designate(own, own.staff["manager"])
    h.concurrent(own, own.staff["manager"], own.units["総務課"])
    lists = shortlists(own.org, CandidateFilter(), day=date(2026, 6, 1))
    soumu = next(s for s in lists if s.unit.name == "総務課")
    assert soumu.leaders == 1 and soumu.concurrent == 1


def test_finder_page_export_and_bad_input(world, login, people):
    client = login(world.own.users["dx_office"])
    response = client.get(reverse("talent:candidate_finder"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "青木　一樹" in html and "79" in html and "DX業務を希望" in html
    response = client.get(
        reverse("talent:candidate_finder"), {"search": "1", "grade_min": "5", "grade_max": "3"}
    )
    assert "職級は、下限が上限以下になるように選んでください。" in response.content.decode()
    response = client.get(reverse("talent:candidate_finder"), {"search": "1", "tenure_min": "abc"})
    assert (
        response.status_code == 200
        and "在職年数（以上）は半角の数字で入力してください。" in response.content.decode()
    )
    response = client.get(reverse("talent:candidate_export"), {"format": "csv", "encoding": "utf-8-sig"})
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "職員番号,氏名,ふりがな,所属,職名,点数,理由"
    assert "青木　一樹" in text


def test_shortlist_export_puts_units_without_a_leader_first(world, login, people):
    own = world.own
    h.designate(own, own.staff["manager"])  # 市民課 has a leader; 総務課 has none
    client = login(own.users["dx_office"])
    response = client.get(
        reverse("talent:candidate_export"), {"by": "unit", "format": "csv", "encoding": "utf-8-sig"}
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "課,今いるリーダー,順位,職員番号,氏名,所属,職名,点数,理由"
    units = [line.split(",")[0] for line in lines[1:]]
    assert units.index("総務課") < units.index("市民課")
    assert lines[1].startswith("総務課,0名,1,")
