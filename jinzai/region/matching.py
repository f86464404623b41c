"""Ranked matching of talent-bank experts to a support request, with the reasons in words (decisions R10).

Pure: it takes plain values (the request's needs, each expert's offer and skill levels) so that the rank can
be tested by hand. Up to 100 points:

- skills 50 — for each needed skill item, the expert's level against level 4 (level 4 or more = full);
- areas 20 — the request's topic is one of the expert's areas;
- mode 10 — the expert offers the mode asked for (訪問 / オンライン; either when both are fine);
- scheme 10 — the expert can be dispatched under the scheme the municipality prefers;
- availability 10 — 対応可 10, 要相談 5, 当面不可 0.

Ties go to the expert with fewer dispatches in the fiscal year (spreading the load), then by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FULL_LEVEL = 4
SKILLS, AREAS, MODE, SCHEME, AVAILABILITY = 50, 20, 10, 10, 10


@dataclass(frozen=True)
class Need:
    topic: str  # an area key
    mode: str  # "visit", "online" or "either"
    scheme: str = ""  # a scheme key or ""
    items: tuple[tuple[int, str], ...] = ()  # (skill item id, item name)


@dataclass(frozen=True)
class Offer:
    key: int  # the expert's id
    name: str
    areas: frozenset[str]
    visit: bool
    online: bool
    schemes: frozenset[str]
    availability: str  # "available", "limited", "unavailable"
    levels: dict[int, int] = field(default_factory=dict)  # skill item id -> level 1..5
    dispatches: int = 0  # dispatches this fiscal year


@dataclass
class Match:
    offer: Offer
    score: int
    reasons: list[str]
    parts: dict[str, int]


def score(need: Need, offer: Offer, *, area_labels: dict[str, str], scheme_labels: dict[str, str]) -> Match:
    reasons: list[str] = []
    parts: dict[str, int] = {}
    if need.items:
        total = 0.0
        missing = []
        for item_id, item_name in need.items:
            level = offer.levels.get(item_id, 0)
            total += min(level, FULL_LEVEL) / FULL_LEVEL
            if level:
                reasons.append(f"「{item_name}」レベル{level}")
            else:
                missing.append(item_name)
        if missing:
            reasons.append(f"スキルの記録なし：{'、'.join(missing)}")
        parts["skills"] = round(SKILLS * total / len(need.items))
    else:
        parts["skills"] = 0
    if need.topic and need.topic in offer.areas:
        parts["areas"] = AREAS
        reasons.append(f"分野「{area_labels.get(need.topic, need.topic)}」が一致")
    else:
        parts["areas"] = 0
    if need.mode == "visit":
        parts["mode"] = MODE if offer.visit else 0
        reasons.append("訪問に対応" if offer.visit else "訪問には対応していません")
    elif need.mode == "online":
        parts["mode"] = MODE if offer.online else 0
        reasons.append("オンラインに対応" if offer.online else "オンラインには対応していません")
    else:
        parts["mode"] = MODE if (offer.visit or offer.online) else 0
    if need.scheme:
        ok = need.scheme in offer.schemes
        parts["scheme"] = SCHEME if ok else 0
        name = scheme_labels.get(need.scheme, need.scheme)
        reasons.append(f"{name}で派遣できます" if ok else f"{name}では派遣できません")
    else:
        parts["scheme"] = 0
    parts["availability"] = {"available": AVAILABILITY, "limited": AVAILABILITY // 2}.get(
        offer.availability, 0
    )
    reasons.append(
        {"available": "対応できます", "limited": "日程は要相談"}.get(
            offer.availability, "当面は対応できません"
        )
    )
    if offer.dispatches:
        reasons.append(f"今年度の派遣 {offer.dispatches}回")
    return Match(offer=offer, score=sum(parts.values()), reasons=reasons, parts=parts)


def rank(
    need: Need, offers: list[Offer], *, area_labels: dict[str, str], scheme_labels: dict[str, str]
) -> list[Match]:
    matches = [score(need, o, area_labels=area_labels, scheme_labels=scheme_labels) for o in offers]
    matches.sort(key=lambda m: (-m.score, m.offer.dispatches, m.offer.name, m.offer.key))
    return matches
