import json

from django.core.management.base import CommandError

from jinzai.core.dates import fiscal_year_label
from jinzai.core.management.base import OrgCommand
from jinzai.planning.selectors.plans import default_plan, get_org_plan
from jinzai.planning.selectors.progress import plan_progress, progress_as_json


class Command(OrgCommand):
    help = "育成計画の目標の状況（目安・実績・状況）を表示します。既定は最新の承認済みの計画（なければ最新の下書き）です。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--plan", type=int, help="計画のID（既定: 最新の承認済み、なければ最新の下書き）")
        parser.add_argument("--fy", type=int, help="この年度（西暦, 例: 2026）だけを表示")
        parser.add_argument("--json", action="store_true", help="JSON で出力")

    def handle(self, *args, **o):
        organisation = self.organisation(o)
        if o["plan"]:
            plan = get_org_plan(organisation, o["plan"])
            if plan is None:
                raise CommandError(f"計画 {o['plan']} はこの団体にありません。")
        else:
            plan = default_plan(organisation)
            if plan is None:
                raise CommandError("この団体には育成計画がありません。")
        if o["fy"] is not None and o["fy"] not in plan.fiscal_years:
            raise CommandError(f"{o['fy']}年度は計画の期間（{plan.start_fy}〜{plan.end_fy}年度）の外です。")
        result = progress_as_json(plan, plan_progress(plan), o["fy"])
        if o["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{plan.title}（第{plan.version}版・{plan.get_status_display()}）")
        for row in result["targets"]:
            actual = "—" if row["actual"] is None else f"{row['actual']:g}{row['unit']}"
            self.stdout.write(
                f"{fiscal_year_label(row['fiscal_year'])}  {row['label']}  目安 {row['expected']:g}{row['unit']}"
                f"  実績 {actual}  {row['status_label']}"
            )
