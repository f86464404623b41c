"""The demo data builder behind `manage.py seed_demo`.

Creates three organisations (見本県, 見本市, さくら町) with their unit trees, about 1,000 staff with
assignment history, and one login per role. Everything is derived from seeded `random.Random`
instances and the fixed reference date below, so every run produces the same data. An organisation
that already exists (by 団体コード) is left alone, and logins and memberships are only added when
missing, so running it twice creates nothing new.
"""

from __future__ import annotations

import io
import random
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from jinzai.core.access import SystemActor
from jinzai.core.audit import audit
from jinzai.core.models import Grade, Membership, Organisation, Unit, UserSetting
from jinzai.core.roles import Role
from jinzai.core.selectors import descendant_ids
from jinzai.core.services import DEFAULT_GRADES, organisation_create
from jinzai.people.models import Assignment, EmploymentType, Staff
from jinzai.people.services import staff_search_text

from . import data
from .data import Dept, Div, Sec
from .seed_learning import seed_learning
from .seed_planning import seed_planning
from .seed_region import seed_region
from .seed_skills import seed_skills
from .seed_talent import seed_talent

SEED = 20260401
REFERENCE_DATE = date(2026, 11, 1)  # the demo's "today": ages, service years and hire dates use it
FISCAL_YEAR_START = date(2026, 4, 1)
RETIRED_ON = date(2026, 3, 31)
UNITS_VALID_FROM = date(1985, 4, 1)  # before the oldest career in the demo
DEMO_PASSWORD = "jinzai-demo-2026"
ACTOR_LABEL = "seed_demo"
BATCH = 1000
IDEOGRAPHIC_SPACE = "\u3000"

SHUJI, SHUNIN, SHUSA, KAKARICHO, HOSA, KACHO, JICHO, BUCHO = DEFAULT_GRADES
RANK = {name: rank for rank, name in enumerate(DEFAULT_GRADES, start=1)}
# Grade someone would have reached after this many years of service (a cap for past postings).
SERVICE_GRADES = (
    (32, BUCHO),
    (29, JICHO),
    (26, KACHO),
    (22, HOSA),
    (17, KAKARICHO),
    (12, SHUSA),
    (6, SHUNIN),
)
# Hire years of the people filling management posts.
MANAGER_HIRE_YEARS = {
    BUCHO: (1990, 1993),
    JICHO: (1990, 1995),
    KACHO: (1991, 2000),
    HOSA: (1994, 2004),
    KAKARICHO: (1998, 2012),
}
# Year the current posting started (people move on April 1 every three to four years).
CURRENT_START_YEARS = ((2026, 0.3), (2025, 0.25), (2024, 0.2), (2023, 0.15), (2022, 0.1))
MEMBER = "member"
SOLO = "solo"  # the only person of a 係 (さくら町 情報係)
SPECIALIST = "specialist"  # 特定任期付
REAPPOINTED_SHARE = 0.065
FIXED_TERM_SHARE = 0.012


# --- organisations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    kind: str
    prefecture_code: str | None
    units: tuple[Dept | Div, ...]
    active_staff: int
    retired: int
    staff_no_prefix: str
    staff_no_digits: int
    staff_no_start: int
    staff_no_gap: tuple[int, int]
    email_prefix: str
    email_domain: str
    phone_start: int
    fiscal_share: float
    deputy_threshold: int = 90  # a 部 whose 課 add up to this many people also has a 次長
    reorg: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # (closed 課, its successor), by name path


PREFECTURE_CODE = "990001"
CITY_CODE = "992011"
TOWN_CODE = "993018"

DEMO_ORGANISATIONS: tuple[OrgSpec, ...] = (
    OrgSpec(
        code=PREFECTURE_CODE,
        name="見本県",
        kind=Organisation.Kind.PREFECTURE,
        prefecture_code=None,
        units=data.MIHON_PREFECTURE_UNITS,
        active_staff=60,
        retired=1,
        staff_no_prefix="K",
        staff_no_digits=5,
        staff_no_start=10001,
        staff_no_gap=(20, 400),
        email_prefix="",
        email_domain="pref.mihon.example.lg.jp",
        phone_start=5101,
        fiscal_share=0.1,
    ),
    OrgSpec(
        code=CITY_CODE,
        name="見本市",
        kind=Organisation.Kind.MUNICIPALITY,
        prefecture_code=PREFECTURE_CODE,
        units=data.MIHON_CITY_UNITS,
        active_staff=800,
        retired=5,
        staff_no_prefix="",
        staff_no_digits=6,
        staff_no_start=1001,
        staff_no_gap=(1, 7),
        email_prefix="s",
        email_domain="city.mihon.example.lg.jp",
        phone_start=2101,
        fiscal_share=0.2,
        reorg=(("総務部", "電算管理課"), ("総務部", "情報政策課")),
    ),
    OrgSpec(
        code=TOWN_CODE,
        name="さくら町",
        kind=Organisation.Kind.MUNICIPALITY,
        prefecture_code=PREFECTURE_CODE,
        units=data.SAKURA_TOWN_UNITS,
        active_staff=150,
        retired=2,
        staff_no_prefix="",
        staff_no_digits=5,
        staff_no_start=101,
        staff_no_gap=(1, 3),
        email_prefix="s",
        email_domain="town.sakura.example.lg.jp",
        phone_start=1101,
        fiscal_share=0.22,
    ),
)
ORGANISATION_NAMES = {spec.code: spec.name for spec in DEMO_ORGANISATIONS}


# --- logins ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffPick:
    """Which staff record a login is linked to: the first free one (by 職員番号) in the unit
    (and, with `below`, the units under it) holding the first grade of `grades` that has one."""

    path: tuple[str, ...]
    grades: tuple[str, ...]
    below: bool = True
    employment: str | None = EmploymentType.REGULAR


@dataclass(frozen=True)
class DemoLogin:
    """One demo membership. A username listed twice is one user with two roles."""

    organisation_code: str
    username: str
    role: str
    staff: StaffPick | None = None
    units: tuple[tuple[str, ...], ...] = ()
    password: str = field(default=DEMO_PASSWORD, repr=False)

    @property
    def organisation_name(self) -> str:
        return ORGANISATION_NAMES[self.organisation_code]

    @property
    def role_label(self) -> str:
        return Role(self.role).label


_CITY_CIVIC = ("市民部", "市民課")
_TOWN_GENERAL = ("総務課",)
_PREF_DIGITAL = ("企画部", "デジタル推進課")
_PREF_SUPPORT = ("総務部", "市町村課", "市町村DX支援係")

DEMO_LOGINS: tuple[DemoLogin, ...] = (
    # 見本市
    DemoLogin(CITY_CODE, "mihon-staff", Role.STAFF, StaffPick(_CITY_CIVIC, (SHUJI,))),
    DemoLogin(
        CITY_CODE,
        "mihon-manager",
        Role.MANAGER,
        StaffPick(_CITY_CIVIC, (KACHO,), below=False),
        units=(_CITY_CIVIC,),
    ),
    DemoLogin(CITY_CODE, "mihon-hr", Role.HR, StaffPick(("総務部", "人事課", "人事係"), (KAKARICHO, SHUSA))),
    DemoLogin(
        CITY_CODE,
        "mihon-dx",
        Role.DX_OFFICE,
        StaffPick(("企画政策部", "DX推進課", "DX企画係"), (KAKARICHO, SHUSA)),
    ),
    DemoLogin(CITY_CODE, "mihon-exec", Role.EXECUTIVE, StaffPick(("企画政策部",), (BUCHO,), below=False)),
    DemoLogin(CITY_CODE, "mihon-admin", Role.ADMIN),
    # さくら町
    DemoLogin(TOWN_CODE, "sakura-staff", Role.STAFF, StaffPick(("住民課",), (SHUJI, SHUNIN))),
    DemoLogin(
        TOWN_CODE,
        "sakura-manager",
        Role.MANAGER,
        StaffPick(_TOWN_GENERAL, (KACHO,), below=False),
        units=(_TOWN_GENERAL,),
    ),
    DemoLogin(TOWN_CODE, "sakura-hr", Role.HR, StaffPick(("総務課", "人事係"), (KAKARICHO, SHUSA, SHUNIN))),
    DemoLogin(
        TOWN_CODE,
        "sakura-dx",
        Role.DX_OFFICE,
        StaffPick(("企画財政課", "企画係"), (KAKARICHO, SHUSA, SHUNIN)),
    ),
    DemoLogin(TOWN_CODE, "sakura-exec", Role.EXECUTIVE, StaffPick(("企画財政課",), (KACHO,), below=False)),
    DemoLogin(TOWN_CODE, "sakura-admin", Role.ADMIN),
    # 見本県
    DemoLogin(PREFECTURE_CODE, "ken-staff", Role.STAFF, StaffPick(("総務部", "総務課"), (SHUJI, SHUNIN))),
    DemoLogin(
        PREFECTURE_CODE,
        "ken-manager",
        Role.MANAGER,
        StaffPick(_PREF_DIGITAL, (KACHO,), below=False),
        units=(_PREF_DIGITAL,),
    ),
    DemoLogin(
        PREFECTURE_CODE, "ken-hr", Role.HR, StaffPick(("総務部", "人事課", "人事係"), (KAKARICHO, SHUSA))
    ),
    DemoLogin(
        PREFECTURE_CODE,
        "ken-dx",
        Role.DX_OFFICE,
        StaffPick((*_PREF_DIGITAL, "デジタル企画係"), (KAKARICHO, SHUSA)),
    ),
    DemoLogin(PREFECTURE_CODE, "ken-exec", Role.EXECUTIVE, StaffPick(("企画部",), (BUCHO,), below=False)),
    DemoLogin(
        PREFECTURE_CODE, "ken-support", Role.PREFECTURE_SUPPORT, StaffPick(_PREF_SUPPORT, (KAKARICHO, SHUSA))
    ),
    DemoLogin(PREFECTURE_CODE, "ken-admin", Role.ADMIN),
    # one person, two roles at 見本県
    DemoLogin(
        PREFECTURE_CODE,
        "ken-multi",
        Role.PREFECTURE_SUPPORT,
        StaffPick(_PREF_SUPPORT, (SHUNIN, SHUJI, SHUSA)),
    ),
    DemoLogin(PREFECTURE_CODE, "ken-multi", Role.STAFF, StaffPick(_PREF_SUPPORT, (SHUNIN, SHUJI, SHUSA))),
)


def demo_usernames() -> list[str]:
    return list(dict.fromkeys(login.username for login in DEMO_LOGINS))


def logins_as_dicts() -> list[dict[str, str]]:
    return [
        {
            "organisation": login.organisation_name,
            "organisation_code": login.organisation_code,
            "role": str(login.role),
            "role_label": login.role_label,
            "username": login.username,
            "password": login.password,
        }
        for login in DEMO_LOGINS
    ]


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


def format_login_table() -> str:
    """The demo logins as a plain-text table (団体, 役割, ログインID, パスワード)."""
    header = ("団体", "役割", "ログインID", "パスワード")
    rows = [(x.organisation_name, x.role_label, x.username, x.password) for x in DEMO_LOGINS]
    widths = [max(_display_width(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Iterable[str]) -> str:
        return "  ".join(_pad(cell, w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)]) + "\n"


# --- planning (pure, no database) ---------------------------------------------------------------


@dataclass(frozen=True)
class UnitPlan:
    code: str
    name: str
    kind: str
    parent: str | None
    flags: frozenset[str]
    valid_from: date
    valid_to: date | None
    sort_order: int
    phone: str
    division: Div | None = None
    section: Sec | None = None


@dataclass(frozen=True)
class Seat:
    unit: str  # unit code
    role: str  # a grade name for management posts, else MEMBER / SOLO / SPECIALIST
    division: Div | None = None


@dataclass
class Post:
    unit: str
    grade: str | None
    start: date
    end: date | None = None
    note: str = ""


@dataclass
class Person:
    name: str
    kana: str
    employment: str
    hired_on: date
    retired_on: date | None
    posts: list[Post]  # oldest first; the last one is open for active staff
    order_key: float
    staff_no: str = ""


@dataclass
class OrgPlan:
    spec: OrgSpec
    units: list[UnitPlan]
    people: list[Person]


def _flags(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def plan_units(spec: OrgSpec) -> list[UnitPlan]:
    """The unit tree in display order; codes come from positions (部2桁+課2桁+係2桁)."""
    plans: list[UnitPlan] = []

    def add(code, name, kind, parent, flags, valid_from, valid_to, division=None, section=None) -> None:
        n = len(plans)
        plans.append(
            UnitPlan(
                code=code,
                name=name,
                kind=kind,
                parent=parent,
                flags=flags,
                valid_from=valid_from,
                valid_to=valid_to,
                sort_order=(n + 1) * 10,
                phone=f"内線{spec.phone_start + n}",
                division=division,
                section=section,
            )
        )

    def add_division(div: Div, code: str, parent: str | None) -> None:
        flags = _flags(div.flags)
        valid_from = div.valid_from or UNITS_VALID_FROM
        add(code, div.name, Unit.Kind.DIVISION, parent, flags, valid_from, div.valid_to, division=div)
        for k, sec in enumerate(div.sections, start=1):
            sec_flags = flags if sec.flags is None else _flags(sec.flags)
            add(
                f"{code}{k:02d}",
                sec.name,
                Unit.Kind.SECTION,
                code,
                sec_flags,
                valid_from,
                div.valid_to,
                division=div,
                section=sec,
            )

    for i, top in enumerate(spec.units, start=1):
        code = f"{i:02d}"
        if isinstance(top, Dept):
            add(code, top.name, Unit.Kind.DEPARTMENT, None, frozenset(), UNITS_VALID_FROM, None)
            for j, div in enumerate(top.divisions, start=1):
                add_division(div, f"{code}{j:02d}", code)
        else:
            add_division(top, code, None)
    return plans


def apportion(total: int, weights: list[float], floors: list[int]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), each share at least its floor."""
    if not weights:
        return []
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    sizes = [max(floor, int(x)) for x, floor in zip(exact, floors, strict=True)]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - int(exact[i])), i))
    while sum(sizes) < total:
        for i in by_remainder:
            if sum(sizes) >= total:
                break
            sizes[i] += 1
    while sum(sizes) > total:
        shrinkable = [i for i in range(len(sizes)) if sizes[i] > floors[i]]
        if not shrinkable:
            raise ValueError("the floors add up to more than the total")
        sizes[max(shrinkable, key=lambda i: (sizes[i], -i))] -= 1
    return sizes


def _division_floor(div: Div) -> int:
    if not div.sections:
        return 2 + div.specialists
    fixed = sum(sec.size for sec in div.sections if sec.size is not None)
    flexible = sum(1 for sec in div.sections if sec.size is None)
    return 1 + div.specialists + fixed + 2 * flexible


def _division_seats(div: Div, code: str, size: int) -> list[Seat]:
    seats = [Seat(code, KACHO, div)]
    if size >= 16:
        seats.append(Seat(code, HOSA, div))
    seats += [Seat(code, SPECIALIST, div)] * div.specialists
    if not div.sections:
        return seats + [Seat(code, MEMBER, div)] * (size - len(seats))
    flexible: list[tuple[str, Sec]] = []
    for k, sec in enumerate(div.sections, start=1):
        sec_code = f"{code}{k:02d}"
        if sec.size is not None:
            seats += [Seat(sec_code, SOLO, div)] * sec.size
        else:
            flexible.append((sec_code, sec))
            seats.append(Seat(sec_code, KAKARICHO, div))
    members = apportion(size - len(seats), [sec.weight for _, sec in flexible], [1] * len(flexible))
    for (sec_code, _), n in zip(flexible, members, strict=True):
        seats += [Seat(sec_code, MEMBER, div)] * n
    return seats


def plan_seats(spec: OrgSpec, units: list[UnitPlan]) -> list[Seat]:
    """Every post of the organisation today: 部長/次長 per 部, 課長 per 課, 係長 per 係, members."""
    head_seats: dict[str, list[Seat]] = {}
    divisions: list[UnitPlan] = []
    for unit in units:
        if unit.kind == Unit.Kind.DEPARTMENT:
            children = [u.division for u in units if u.parent == unit.code and u.kind == Unit.Kind.DIVISION]
            seats = [Seat(unit.code, BUCHO)]
            if sum(d.size for d in children if d.valid_to is None) >= spec.deputy_threshold:
                seats.append(Seat(unit.code, JICHO))
            head_seats[unit.code] = seats
        elif unit.kind == Unit.Kind.DIVISION and unit.valid_to is None and unit.division.size > 0:
            divisions.append(unit)
    budget = spec.active_staff - sum(len(s) for s in head_seats.values())
    sizes = apportion(
        budget, [u.division.size for u in divisions], [_division_floor(u.division) for u in divisions]
    )
    size_of = {u.code: n for u, n in zip(divisions, sizes, strict=True)}
    seats: list[Seat] = []
    for unit in units:
        if unit.code in head_seats:
            seats += head_seats[unit.code]
        elif unit.code in size_of:
            seats += _division_seats(unit.division, unit.code, size_of[unit.code])
    return seats


def _service_years(since: date, on: date) -> float:
    return (on - since).days / 365.25


def _grade_for_service(years: float) -> str:
    for minimum, grade in SERVICE_GRADES:
        if years >= minimum:
            return grade
    return SHUJI


def _lower(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return a if RANK[a] <= RANK[b] else b


class _Planner:
    """Turns one OrgSpec into units and people. All randomness comes from one seeded RNG."""

    def __init__(self, spec: OrgSpec):
        self.spec = spec
        self.rng = random.Random(SEED * 1_000_000 + int(spec.code))
        self.units = plan_units(spec)
        self.by_code = {u.code: u for u in self.units}
        self.names_used: set[str] = set()
        self.old_it = self.new_it = None
        self.new_it_family: set[str] = set()
        if spec.reorg:
            self.old_it = self._code_of(spec.reorg[0])
            self.new_it = self._code_of(spec.reorg[1])
            self.new_it_family = {u.code for u in self.units if u.code.startswith(self.new_it)}
        open_units = [u for u in self.units if u.valid_to is None]
        self.dept_pool = [u.code for u in open_units if u.kind == Unit.Kind.DEPARTMENT]
        self.division_pool = [
            u.code for u in open_units if u.kind == Unit.Kind.DIVISION and u.division.size > 0
        ]
        self.leaf_pool = [
            u.code
            for u in open_units
            if (u.kind == Unit.Kind.SECTION and u.section.size is None)
            or (u.kind == Unit.Kind.DIVISION and not u.division.sections and u.division.size > 0)
        ]
        surname_weights = [1 / (i + 3) ** 0.7 for i in range(len(data.SURNAMES) - 5)] + [0.04] * 5
        self.surname_cum = list(_accumulate(surname_weights))

    def _code_of(self, path: tuple[str, ...]) -> str:
        parent = None
        for name in path:
            parent = next(u.code for u in self.units if u.parent == parent and u.name == name)
        return parent

    # names
    def _name(self, male: bool, birth_year: int) -> tuple[str, str]:
        older = birth_year < 1985
        if male:
            given_names = data.MALE_OLDER if older else data.MALE_YOUNGER
        else:
            given_names = data.FEMALE_OLDER if older else data.FEMALE_YOUNGER
        for _ in range(50):
            family = self.rng.choices(data.SURNAMES, cum_weights=self.surname_cum)[0]
            given = self.rng.choice(given_names)
            name = f"{family[0]}{IDEOGRAPHIC_SPACE}{given[0]}"
            if name not in self.names_used:
                break
        self.names_used.add(name)
        return name, f"{family[1]}{IDEOGRAPHIC_SPACE}{given[1]}"

    # dates
    def _hire_date(self, year: int) -> date:
        if year < FISCAL_YEAR_START.year and self.rng.random() < 0.1:
            return date(year, self.rng.choice((7, 10)), 1)  # 中途採用
        return date(year, 4, 1)

    def _member_hire_year(self) -> int:
        years = list(range(1992, FISCAL_YEAR_START.year + 1))
        weights = [1 + 0.06 * (y - 1992) + (0.8 if y == FISCAL_YEAR_START.year else 0) for y in years]
        return self.rng.choices(years, weights=weights)[0]

    def _current_start(self, hired_on: date) -> date:
        years, weights = zip(*CURRENT_START_YEARS, strict=True)
        start = date(self.rng.choices(years, weights=weights)[0], 4, 1)
        return max(start, hired_on)

    # units
    def _pool_for(self, grade: str | None) -> list[str]:
        rank = RANK[grade] if grade else 1
        if rank >= RANK[JICHO] and self.dept_pool:
            return self.dept_pool
        if rank >= RANK[HOSA]:
            return self.division_pool
        return self.leaf_pool

    def _usable(self, code: str, start: date) -> bool:
        unit = self.by_code[code]
        # Units dated 2015-04-01 stand for the structure before the system's records began.
        return unit.valid_to is None and (unit.valid_from <= UNITS_VALID_FROM or unit.valid_from <= start)

    def _pick_unit(self, grade: str | None, start: date, avoid: str) -> str:
        pool = [c for c in self._pool_for(grade) if c != avoid and self._usable(c, start)]
        return self.rng.choice(pool)

    # careers
    def _career(
        self, hired_on: date, unit: str, grade: str | None, start: date, end: date | None, cap: str | None
    ) -> list[Post]:
        """Postings from hire to `unit` (held from `start` until `end`), newest built first."""
        posts = []
        if (
            unit in self.new_it_family
            and hired_on < data.REORG_DATE
            and (start < data.REORG_DATE or self.rng.random() < 0.7)
        ):
            # 2023 reorganisation: 電算管理課 closed and its people continued in 情報政策課.
            posts.append(
                Post(unit, grade, data.REORG_DATE, end, note="組織改正（電算管理課から情報政策課へ）")
            )
            old_start = max(hired_on, date(self.rng.choice((2018, 2019, 2020, 2021)), 4, 1))
            old_grade = _lower(cap, _grade_for_service(_service_years(hired_on, old_start)))
            posts.append(Post(self.old_it, old_grade, old_start, data.OLD_IT_DIVISION_END))
        else:
            posts.append(Post(unit, grade, start, end))
        posts += self._past_posts(hired_on, posts[-1].start, cap, posts[-1].unit, most=6 - len(posts))
        posts.reverse()
        return posts

    def _past_posts(
        self, hired_on: date, boundary: date, cap: str | None, next_unit: str, most: int
    ) -> list[Post]:
        """Up to `most` earlier postings between hire and `boundary`, changing on April 1; newest first."""
        if boundary <= hired_on:
            return []
        hired_fy = hired_on.year if hired_on.month >= 4 else hired_on.year - 1
        span = boundary.year - hired_fy
        n = max(1, min(most, span // 3))
        base, extra = divmod(span, n)
        lengths = [base + 1] * extra + [base] * (n - extra)
        self.rng.shuffle(lengths)
        starts = [hired_on]
        year = hired_fy
        for length in lengths[:-1]:
            year += length
            starts.append(date(year, 4, 1))
        posts = []
        end = boundary - timedelta(days=1)
        for start in reversed(starts):
            grade = _lower(cap, _grade_for_service(_service_years(hired_on, start)))
            unit = self._pick_unit(grade, start, next_unit)
            posts.append(Post(unit, grade, start, end))
            end, next_unit = start - timedelta(days=1), unit
        return posts

    def _person(
        self,
        *,
        male_share: float,
        birth_year: int,
        employment: str,
        hired_on: date,
        posts: list[Post],
        retired_on: date | None = None,
    ) -> Person:
        name, kana = self._name(self.rng.random() < male_share, birth_year)
        return Person(name, kana, employment, hired_on, retired_on, posts, self.rng.random())

    def _regular(
        self,
        unit: str,
        grade: str,
        hired_on: date,
        *,
        male_share: float,
        start: date | None = None,
        end: date | None = None,
    ) -> Person:
        start = max(start or self._current_start(hired_on), hired_on)
        posts = self._career(hired_on, unit, grade, start, end, cap=grade)
        birth_year = hired_on.year - self.rng.choice((18, 22, 22, 22, 23, 24, 25, 26, 28))
        return self._person(
            male_share=male_share,
            birth_year=birth_year,
            employment=EmploymentType.REGULAR,
            hired_on=hired_on,
            posts=posts,
        )

    def _single(self, unit: str, grade: str | None, hired_on: date, employment: str, **kwargs: Any) -> Person:
        return self._person(
            employment=employment, hired_on=hired_on, posts=[Post(unit, grade, hired_on)], **kwargs
        )

    def person_for(self, seat: Seat) -> Person:
        rng = self.rng
        if seat.role in MANAGER_HIRE_YEARS:
            hired_on = self._hire_date(rng.randint(*MANAGER_HIRE_YEARS[seat.role]))
            return self._regular(seat.unit, seat.role, hired_on, male_share=0.75)
        if seat.role == SOLO:  # has run the town's IT alone since 2017
            hired_on = date(rng.randint(2002, 2008), 4, 1)
            return self._regular(seat.unit, SHUSA, hired_on, male_share=0.8, start=date(2017, 4, 1))
        if seat.role == SPECIALIST:  # a DX specialist recruited from the private sector
            hired_on = date(rng.choice((2024, 2025)), 4, 1)
            return self._single(
                seat.unit,
                HOSA,
                hired_on,
                EmploymentType.SPECIFIC_FIXED_TERM,
                male_share=0.6,
                birth_year=rng.randint(1978, 1990),
            )
        fiscal = seat.division.fiscal if seat.division and seat.division.fiscal is not None else None
        fiscal = self.spec.fiscal_share if fiscal is None else fiscal
        draw = rng.random()
        if draw < fiscal:
            hired_on = FISCAL_YEAR_START if rng.random() < 0.8 else date(2026, rng.randint(5, 10), 1)
            return self._single(
                seat.unit,
                None,
                hired_on,
                EmploymentType.FISCAL_YEAR,
                male_share=0.2,
                birth_year=rng.randint(1960, 2002),
            )
        if draw < fiscal + REAPPOINTED_SHARE:
            hired_on = date(rng.randint(2022, 2026), 4, 1)
            return self._single(
                seat.unit,
                rng.choice((SHUNIN, SHUSA)),
                hired_on,
                EmploymentType.REAPPOINTED,
                male_share=0.7,
                birth_year=rng.randint(1958, 1965),
            )
        if draw < fiscal + REAPPOINTED_SHARE + FIXED_TERM_SHARE:
            hired_on = date(rng.randint(2023, 2025), 4, 1)
            return self._single(
                seat.unit,
                rng.choice((SHUJI, SHUNIN)),
                hired_on,
                EmploymentType.FIXED_TERM,
                male_share=0.5,
                birth_year=rng.randint(1975, 1998),
            )
        hired_on = self._hire_date(self._member_hire_year())
        years = _service_years(hired_on, REFERENCE_DATE) + rng.randint(-2, 2)
        grade = SHUJI if years < 6 else SHUNIN if years < 12 else SHUSA
        return self._regular(seat.unit, grade, hired_on, male_share=0.55)

    def retiree(self, index: int) -> Person:
        """定年退職 (hired 1990) or 自己都合退職 (hired recently), both on 2026-03-31."""
        rng = self.rng
        hired_on = date(1990, 4, 1) if index % 2 == 0 else date(rng.randint(2016, 2021), 4, 1)
        grade = _lower(SHUSA, _grade_for_service(_service_years(hired_on, RETIRED_ON)))
        start = max(hired_on, date(rng.randint(2022, 2025), 4, 1))
        unit = self._pick_unit(grade, start, avoid="")
        person = self._regular(unit, grade, hired_on, male_share=0.6, start=start, end=RETIRED_ON)
        person.retired_on = RETIRED_ON
        return person

    def plan(self) -> OrgPlan:
        spec = self.spec
        people = [self.person_for(seat) for seat in plan_seats(spec, self.units)]
        people += [self.retiree(i) for i in range(spec.retired)]
        number = spec.staff_no_start
        for person in sorted(people, key=lambda p: (p.hired_on, p.order_key)):
            person.staff_no = f"{spec.staff_no_prefix}{number:0{spec.staff_no_digits}d}"
            number += self.rng.randint(*spec.staff_no_gap)
        return OrgPlan(spec, self.units, people)


def _accumulate(values: Iterable[float]) -> Iterable[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


def plan_organisation(spec: OrgSpec) -> OrgPlan:
    return _Planner(spec).plan()


# --- writing ------------------------------------------------------------------------------------


@dataclass
class SeedResult:
    created: list[str] = field(default_factory=list)  # organisation codes
    skipped: list[str] = field(default_factory=list)
    logins_created: list[str] = field(default_factory=list)  # "username:role"
    skipped_all: bool = False


class _Out:
    def __init__(self, stream: TextIO | None):
        self.stream = stream if stream is not None else io.StringIO()

    def __call__(self, text: str = "") -> None:
        self.stream.write(text if text.endswith("\n") else text + "\n")


def _write_organisation(
    plan: OrgPlan, prefecture: Organisation | None
) -> tuple[Organisation, dict[str, int]]:
    spec = plan.spec
    org = organisation_create(
        actor=SystemActor(organisation=None, label=ACTOR_LABEL),
        code=spec.code,
        name=spec.name,
        kind=spec.kind,
        prefecture=prefecture,
    )
    # The demo keeps two-factor sign-in optional so that `make run` logs in with the printed password
    # (a real organisation requires it for admin and hr by default: docs/decisions.md).
    org.twofactor_roles = []
    org.save(update_fields=["twofactor_roles"])
    unit_ids: dict[str, int] = {}
    for depth in sorted({len(u.code) for u in plan.units}):
        Unit.objects.bulk_create(
            [
                Unit(
                    organisation=org,
                    parent_id=unit_ids[u.parent] if u.parent else None,
                    name=u.name,
                    kind=u.kind,
                    code=u.code,
                    valid_from=u.valid_from,
                    valid_to=u.valid_to,
                    is_it="it" in u.flags,
                    is_dx="dx" in u.flags,
                    is_hr="hr" in u.flags,
                    is_business=not u.flags,
                    sort_order=u.sort_order,
                )
                for u in plan.units
                if len(u.code) == depth
            ],
            batch_size=BATCH,
        )
        unit_ids = dict(Unit.objects.filter(organisation=org).values_list("code", "pk"))
    grade_ids = dict(Grade.objects.filter(organisation=org).values_list("name", "pk"))
    phones = {u.code: u.phone for u in plan.units}

    staff_rows = []
    for p in plan.people:
        last = p.posts[-1]
        active = p.retired_on is None
        staff_rows.append(
            Staff(
                organisation=org,
                staff_no=p.staff_no,
                name=p.name,
                kana=p.kana,
                employment_type=p.employment,
                grade_id=grade_ids[last.grade] if last.grade else None,
                current_unit_id=unit_ids[last.unit] if active else None,
                hired_on=p.hired_on,
                retired_on=p.retired_on,
                email=f"{spec.email_prefix}{p.staff_no}@{spec.email_domain}".lower(),
                phone=phones[last.unit] if active else "",
                search_text=staff_search_text(p.staff_no, p.name, p.kana),
            )
        )
    Staff.objects.bulk_create(staff_rows, batch_size=BATCH)
    staff_ids = dict(Staff.objects.filter(organisation=org).values_list("staff_no", "pk"))
    assignments = [
        Assignment(
            organisation=org,
            staff_id=staff_ids[p.staff_no],
            unit_id=unit_ids[post.unit],
            grade_id=grade_ids[post.grade] if post.grade else None,
            started_on=post.start,
            ended_on=post.end,
            source=Assignment.Source.DEMO,
            note=post.note,
        )
        for p in plan.people
        for post in p.posts
    ]
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    counts = {
        "units": len(plan.units),
        "staff": len(staff_rows),
        "active_staff": sum(1 for p in plan.people if p.retired_on is None),
        "assignments": len(assignments),
    }
    return org, counts


def _unit_by_path(org: Organisation, path: tuple[str, ...]) -> Unit:
    parent = None
    for name in path:
        candidates = Unit.objects.filter(organisation=org, parent=parent, name=name).order_by(
            "valid_to", "pk"
        )
        unit = next((u for u in candidates if u.valid_to is None), None) or candidates.first()
        if unit is None:
            raise LookupError(f"{org.code}: no unit {'/'.join(path)}")
        parent = unit
    return parent


def _pick_staff(org: Organisation, login: DemoLogin) -> Staff:
    pick = login.staff
    unit = _unit_by_path(org, pick.path)
    unit_ids = descendant_ids(org, [unit.pk]) if pick.below else {unit.pk}
    qs = Staff.objects.filter(organisation=org, retired_on__isnull=True, current_unit_id__in=unit_ids)
    if pick.employment:
        qs = qs.filter(employment_type=pick.employment)
    taken = set(
        Membership.objects.filter(organisation=org, staff__isnull=False)
        .exclude(user__username=login.username)
        .values_list("staff_id", flat=True)
    )
    for grade in pick.grades:
        for staff in qs.filter(grade__name=grade).order_by("staff_no"):
            if staff.pk not in taken:
                return staff
    raise LookupError(f"{org.code}: no free staff for {login.username} ({login.role})")


class _PasswordHash:
    """Hashes the shared demo password once per run (hashing is deliberately slow)."""

    def __init__(self) -> None:
        self._value: str | None = None

    def __str__(self) -> str:
        if self._value is None:
            self._value = make_password(DEMO_PASSWORD)
        return self._value


def _ensure_logins(org: Organisation, password: _PasswordHash) -> list[str]:
    """Create the demo users and memberships of `org` that do not exist yet."""
    User = get_user_model()
    created = []
    for login in DEMO_LOGINS:
        if login.organisation_code != org.code:
            continue
        user = User.objects.filter(username=login.username).first()
        if (
            user is not None
            and Membership.objects.filter(user=user, organisation=org, role=login.role).exists()
        ):
            continue
        staff = _pick_staff(org, login) if login.staff else None
        if user is None:
            user = User(username=login.username, password=str(password))
            user.save()
            display_name = staff.name if staff else f"{org.name} 管理者"
            UserSetting.objects.get_or_create(user=user, defaults={"display_name": display_name})
        membership = Membership.objects.create(user=user, organisation=org, role=login.role, staff=staff)
        if login.units:
            membership.units.set([_unit_by_path(org, path) for path in login.units])
        created.append(f"{login.username}:{login.role}")
    return created


def seed_demo(*, stdout: TextIO | None = None, if_empty: bool = False) -> SeedResult:
    """Create the demo organisations, staff and logins that do not exist yet, then print the logins."""
    say = _Out(stdout)
    result = SeedResult()
    with transaction.atomic():
        if if_empty and Organisation.objects.exists():
            say("団体がすでに登録されているため、デモデータは作成しませんでした。")
            result.skipped_all = True
            return result
        password = _PasswordHash()
        for spec in DEMO_ORGANISATIONS:
            org = Organisation.objects.filter(code=spec.code).first()
            counts: dict[str, int] = {}
            if org is None:
                prefecture = (
                    Organisation.objects.get(code=spec.prefecture_code) if spec.prefecture_code else None
                )
                org, counts = _write_organisation(plan_organisation(spec), prefecture)
                seed_planning(org)
                seed_skills(org)
                seed_learning(org)
                seed_talent(org)
                result.created.append(spec.code)
                say(
                    f"{spec.name}（{spec.code}）: 所属 {counts['units']:,}、職員 {counts['staff']:,} 人"
                    f"（うち退職 {counts['staff'] - counts['active_staff']:,} 人）、"
                    f"職務経験 {counts['assignments']:,} 件を作成しました。"
                )
            else:
                result.skipped.append(spec.code)
                say(f"{spec.name}（{spec.code}）はすでに登録されているため、職員データは作成しませんでした。")
            logins = _ensure_logins(org, password)
            result.logins_created += logins
            if counts or logins:
                audit(
                    SystemActor(organisation=org, label=ACTOR_LABEL),
                    "demo.seed",
                    org,
                    organisation=org,
                    detail={"counts": counts, "logins": logins, "reference_date": REFERENCE_DATE.isoformat()},
                )
        if seed_region():  # the prefecture hub, once all three organisations exist
            say("見本県の支援（人材バンク、支援要請、共同研修、協議会など）のデモデータを作成しました。")
    if not if_empty:  # `make run` (which passes --if-empty) prints the table itself with demo_logins
        say("")
        say(f"デモ用ログイン（パスワードはすべて {DEMO_PASSWORD}）:")
        say(format_login_table())
    return result
