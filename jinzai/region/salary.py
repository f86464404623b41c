"""Annual income of private-sector IT professionals by ITSS level (方策①), as the guidebook gives them, in
万円 (low, median, high). Shown beside the pay of a position or a contract as a reference."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SalaryBand:
    role: str
    levels: str
    low: int
    median: int
    high: int

    def covers(self, level: int | None) -> bool:
        if level is None:
            return False
        low, _, high = self.levels.partition("-")
        return int(low) <= level <= (int(high) if high else 7)

    @property
    def label(self) -> str:
        low, _, high = self.levels.partition("-")
        if not high:
            return f"レベル{low}以上"
        return f"レベル{low}〜{high}" if low != high else f"レベル{low}"


SALARY_BANDS: tuple[SalaryBand, ...] = (
    SalaryBand("プロジェクトマネージャ", "5", 700, 900, 1100),
    SalaryBand("プロジェクトマネージャ", "4-4", 675, 800, 950),
    SalaryBand("プロジェクトマネージャ", "3-3", 600, 775, 925),
    SalaryBand("ソフトウェア開発スペシャリスト", "1-2", 435, 510, 600),
)
SOURCE = "民間のITスキルレベル別年収（ガイドブック 方策①の表）。単位は万円（下位・中央値・上位）。"


def bands_for(level: int | None) -> list[SalaryBand]:
    return [b for b in SALARY_BANDS if b.covers(level)]
