"""National support schemes (活用できる制度例) and their usage caps, as the guidebook gives them.

The schemes are code, not data (docs/decisions.md R9): their figures are fixed by the guidebook's table,
and a dispatch stores the scheme's key. `check_cap` is pure: it takes the dispatches a municipality already
had under a scheme in a fiscal year and the one about to be recorded, and says whether a cap would be
exceeded, in words a person can act on.

- DXアドバイザー: advice by experts in three kinds, in principle up to 5 times a year, each of at least
  2 hours; the municipality bears no cost (the 地方公共団体金融機構 pays fees and travel).
- 地域情報化アドバイザー: up to 3 times a year when the support includes an on-site visit, or up to
  10 hours in total when it is given only in online meetings.
- 地域活性化起業人 (企業派遣型・副業型) and the 特別交付税 measures: no dispatch cap; they appear in
  positions and contracts of external specialists and in the cost report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

VISIT = "visit"
ONLINE = "online"

DX_ADVISOR = "dx_advisor"
REGIONAL_ADVISOR = "regional_advisor"
PREF_BANK = "pref_bank"
KIGYOJIN_COMPANY = "kigyojin_company"
KIGYOJIN_SIDE_JOB = "kigyojin_side_job"
TAX_CIO = "tax_cio"
TAX_LEADER = "tax_leader"
TAX_PREF_HIRING = "tax_pref_hiring"

DX_ADVISOR_MAX_SESSIONS = 5
DX_ADVISOR_MIN_HOURS = Decimal(2)
REGIONAL_MAX_TIMES = 3
REGIONAL_MAX_ONLINE_HOURS = Decimal(10)

ADVICE_KINDS = (
    ("issue", "課題対応アドバイス"),
    ("achievement", "課題達成支援"),
    ("awareness", "啓発・研修"),
)


@dataclass(frozen=True)
class Scheme:
    key: str
    name: str
    group: str  # 人材派遣 / 人材の受入れ / 特別交付税措置 / 県の支援
    summary: str
    cost: str
    contact: str
    dispatch: bool = False  # a dispatch can be recorded under it
    position: bool = False  # a position or contract can name it
    cap: str = ""  # words shown beside the scheme
    advice_kinds: tuple[tuple[str, str], ...] = ()


SCHEMES: tuple[Scheme, ...] = (
    Scheme(
        DX_ADVISOR,
        "DXアドバイザー",
        "人材派遣",
        "DXの各分野の専門家から助言を受けられる制度です（地方公共団体の経営・財務マネジメント強化事業）。"
        "助言は「課題対応アドバイス」「課題達成支援」「啓発・研修」の3種類です。"
        "アドバイザーには、団体からの推薦で登録することもできます。",
        "謝金・旅費は地方公共団体金融機構が負担し、団体の負担はありません。",
        "地方公共団体金融機構 地方支援部 調査企画課／総務省 自治行政局 地域力創造グループ 地域情報化企画室",
        dispatch=True,
        cap="1団体あたり年度に原則5回まで、1回2時間以上",
        advice_kinds=ADVICE_KINDS,
    ),
    Scheme(
        REGIONAL_ADVISOR,
        "地域情報化アドバイザー",
        "人材派遣",
        "ICTを地域の課題の解決に活かす取組に、ICTの知見やノウハウを持つ専門家を派遣して助言を受けられる制度です。",
        "派遣の経費は制度の側で負担します（詳しくは申請窓口に確認してください）。",
        "申請：（一財）全国地域情報化推進協会（APPLIC）／制度全般：総務省 情報流通行政局 地域通信振興課",
        dispatch=True,
        cap="現地への訪問を含む支援なら年度に3回まで、オンライン会議だけなら合計10時間まで",
    ),
    Scheme(
        PREF_BANK,
        "県の人材バンク（県独自の派遣）",
        "県の支援",
        "県の人材バンクに登録した専門家を、県の事業として派遣します。",
        "県の予算で実施します。",
        "県の市町村支援担当",
        dispatch=True,
    ),
    Scheme(
        KIGYOJIN_COMPANY,
        "地域活性化起業人（企業派遣型）",
        "人材の受入れ",
        "三大都市圏の企業などの社員を、団体と企業との協定に基づいて一定期間受け入れ、知見を活かした業務に"
        "従事してもらう制度です。",
        "受入れの経費に特別交付税措置があります。",
        "総務省 自治行政局 地域力創造グループ 地域自立応援課",
        position=True,
    ),
    Scheme(
        KIGYOJIN_SIDE_JOB,
        "地域活性化起業人（副業型）",
        "人材の受入れ",
        "企業などの社員個人と団体との協定に基づき、副業として団体の業務に従事してもらう制度です。",
        "受入れの経費に特別交付税措置があります。",
        "総務省 自治行政局 地域力創造グループ 地域自立応援課",
        position=True,
    ),
    Scheme(
        TAX_CIO,
        "CIO補佐官等の任用等に係る地方財政措置",
        "特別交付税措置",
        "市町村がCIOのマネジメントを専門的な知見から補佐するCIO補佐官などとして外部人材を任用するための"
        "経費が対象です。",
        "特別交付税措置の対象です。",
        "総務省 自治行政局 地域力創造グループ 地域情報化企画室",
        position=True,
    ),
    Scheme(
        TAX_LEADER,
        "DX推進リーダーの育成に係る地方財政措置",
        "特別交付税措置",
        "DX推進リーダーを育てる研修の経費、民間講座の受講料、資格取得の受験料などが対象です。"
        "研修・資格の「費用の集計」が申請の基礎資料になります。",
        "特別交付税措置の対象です。",
        "総務省 自治行政局 地域力創造グループ 地域情報化企画室",
    ),
    Scheme(
        TAX_PREF_HIRING,
        "市町村支援のためのデジタル人材の確保に係る地方財政措置",
        "特別交付税措置",
        "都道府県などが市町村を支援するために外部人材を確保する際の経費が対象です。",
        "特別交付税措置の対象です。",
        "総務省 自治行政局 地域力創造グループ 地域情報化企画室",
        position=True,
    ),
)
BY_KEY = {s.key: s for s in SCHEMES}


def get(key: str) -> Scheme | None:
    return BY_KEY.get(key)


def label(key: str) -> str:
    scheme = BY_KEY.get(key)
    return scheme.name if scheme else ""


def dispatch_choices() -> list[tuple[str, str]]:
    return [(s.key, s.name) for s in SCHEMES if s.dispatch]


def position_choices() -> list[tuple[str, str]]:
    return [(s.key, s.name) for s in SCHEMES if s.position]


def all_choices() -> list[tuple[str, str]]:
    return [(s.key, s.name) for s in SCHEMES]


# --- caps ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Use:
    """One dispatch as the cap rules see it."""

    mode: str  # VISIT or ONLINE
    hours: Decimal


@dataclass
class CapCheck:
    scheme: str
    used: str  # what was used before the new dispatch, in words
    after: str  # what it will be with it
    limit: str
    exceeded: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.exceeded and not self.warnings


def _hours(value: Decimal) -> str:
    text = f"{Decimal(value).normalize():f}"
    return f"{text}時間"


def check_cap(scheme_key: str, existing: list[Use], new: Use | None = None) -> CapCheck | None:
    """The cap of `scheme_key` for one municipality and fiscal year; None for a scheme without a cap."""
    uses = [*existing, *([new] if new is not None else [])]
    if scheme_key == DX_ADVISOR:
        check = CapCheck(
            scheme_key,
            used=f"{len(existing)}回",
            after=f"{len(uses)}回",
            limit=f"{DX_ADVISOR_MAX_SESSIONS}回（1回{_hours(DX_ADVISOR_MIN_HOURS)}以上）",
        )
        if len(uses) > DX_ADVISOR_MAX_SESSIONS:
            check.exceeded = True
            check.warnings.append(
                f"DXアドバイザーは年度に原則{DX_ADVISOR_MAX_SESSIONS}回までです。"
                f"この派遣で{len(uses)}回になります。"
            )
        if new is not None and new.hours < DX_ADVISOR_MIN_HOURS:
            check.warnings.append(
                f"DXアドバイザーの助言は1回{_hours(DX_ADVISOR_MIN_HOURS)}以上です（この派遣は{_hours(new.hours)}）。"
            )
        return check
    if scheme_key == REGIONAL_ADVISOR:
        total = sum((u.hours for u in uses), Decimal(0))
        before_total = sum((u.hours for u in existing), Decimal(0))
        visit_before = any(u.mode == VISIT for u in existing)
        visit_after = any(u.mode == VISIT for u in uses)
        used = f"{len(existing)}回（訪問を含む）" if visit_before else f"オンライン{_hours(before_total)}"
        if visit_after:
            check = CapCheck(
                scheme_key,
                used=used,
                after=f"{len(uses)}回（訪問を含む）",
                limit=f"訪問を含む支援は{REGIONAL_MAX_TIMES}回まで",
            )
            if len(uses) > REGIONAL_MAX_TIMES:
                check.exceeded = True
                check.warnings.append(
                    f"地域情報化アドバイザーは、現地への訪問を含む支援なら年度に{REGIONAL_MAX_TIMES}回までです。"
                    f"この派遣で{len(uses)}回になります。"
                )
            return check
        check = CapCheck(
            scheme_key,
            used=used,
            after=f"オンライン{_hours(total)}",
            limit=f"オンラインだけの支援は合計{_hours(REGIONAL_MAX_ONLINE_HOURS)}まで",
        )
        if total > REGIONAL_MAX_ONLINE_HOURS:
            check.exceeded = True
            check.warnings.append(
                f"地域情報化アドバイザーは、オンライン会議だけの支援なら年度に合計{_hours(REGIONAL_MAX_ONLINE_HOURS)}までです。"
                f"この派遣で合計{_hours(total)}になります。"
            )
        return check
    return None


def near_cap(scheme_key: str, existing: list[Use]) -> bool:
    """One more dispatch of the usual kind would reach or pass the cap (for the 'near its cap' list)."""
    if scheme_key == DX_ADVISOR:
        return len(existing) >= DX_ADVISOR_MAX_SESSIONS - 1
    if scheme_key == REGIONAL_ADVISOR:
        if any(u.mode == VISIT for u in existing):
            return len(existing) >= REGIONAL_MAX_TIMES - 1
        return sum((u.hours for u in existing), Decimal(0)) >= REGIONAL_MAX_ONLINE_HOURS - 2
    return False


def at_cap(scheme_key: str, existing: list[Use]) -> bool:
    """No further dispatch of the usual kind fits under the cap."""
    if scheme_key == DX_ADVISOR:
        return len(existing) >= DX_ADVISOR_MAX_SESSIONS
    if scheme_key == REGIONAL_ADVISOR:
        if any(u.mode == VISIT for u in existing):
            return len(existing) >= REGIONAL_MAX_TIMES
        return sum((u.hours for u in existing), Decimal(0)) >= REGIONAL_MAX_ONLINE_HOURS
    return False
