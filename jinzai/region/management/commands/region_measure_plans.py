"""Measure every member municipality's dashboard figures now (the validated cache, decisions R7).

Run it nightly after midnight (cron) so that the first dashboard view of the day is already fast:

    python manage.py region_measure_plans --org 990001
"""

from __future__ import annotations

from django.core.management.base import CommandError

from jinzai.core.management.base import OrgCommand
from jinzai.core.models import Organisation
from jinzai.core.services import today
from jinzai.region import figures


class Command(OrgCommand):
    help = (
        "管内の市区町村の集計（計画の達成度を含む）を測り、ダッシュボード用に控えます（毎日の夜間に実行）。"
    )

    def handle(self, *args, **options):
        prefecture = self.organisation(options)
        if prefecture.kind != Organisation.Kind.PREFECTURE:
            raise CommandError(
                f"「{prefecture.name}」は都道府県ではありません。都道府県の団体コードを指定してください。"
            )
        day = today()
        members = list(
            Organisation.objects.filter(prefecture=prefecture, kind=Organisation.Kind.MUNICIPALITY)
        )
        figures.measure(members, day)
        self.stdout.write(
            f"{prefecture.name}の管内{len(members)}団体の集計を測りました（{day.isoformat()}）。"
        )
