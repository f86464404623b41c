import json
from pathlib import Path

from django.core.management.base import CommandError

from jinzai.core.audit import audit
from jinzai.core.management.base import OrgCommand
from jinzai.planning.exports_plans import plan_as_dict
from jinzai.planning.models import DevelopmentPlan


class Command(OrgCommand):
    help = "育成計画を JSON（import_plan や画面の取込で読める形）に書き出します。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--plan", type=int, required=True, help="計画のID")
        parser.add_argument("-o", "--output", required=True, help="書き出すファイル（.json）")

    def handle(self, *args, **o):
        actor = self.actor(o)
        plan = DevelopmentPlan.objects.filter(organisation=actor.organisation, pk=o["plan"]).first()
        if plan is None:
            raise CommandError(f"計画 {o['plan']} はこの団体にありません。")
        body = json.dumps(plan_as_dict(plan), ensure_ascii=False, indent=2)
        Path(o["output"]).write_text(body + "\n", encoding="utf-8")
        audit(actor, "plan.export", plan, detail={"format": "json", "file": o["output"][-200:]})
        self.stdout.write(f"「{plan.title}」（第{plan.version}版）を {o['output']} に書き出しました。")
