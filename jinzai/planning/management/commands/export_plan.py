import json
from pathlib import Path

from django.core.management.base import CommandError

from jinzai.core.audit import audit
from jinzai.core.management.base import OrgCommand
from jinzai.planning.exports.plans import plan_as_dict
from jinzai.planning.selectors.plans import get_org_plan


class Command(OrgCommand):
    help = "育成計画を JSON（import_plan や画面の取込で読める形）に書き出します。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--plan", type=int, required=True, help="計画のID")
        parser.add_argument("-o", "--output", required=True, help="書き出すファイル（.json）")
        parser.add_argument(
            "--template",
            action="store_true",
            help="ひな形として書き出す（所属を含めない。県から管内の市町村に配るときなど）",
        )

    def handle(self, *args, **o):
        actor = self.actor(o)
        plan = get_org_plan(actor.organisation, o["plan"])
        if plan is None:
            raise CommandError(f"計画 {o['plan']} はこの団体にありません。")
        body = json.dumps(plan_as_dict(plan, template=o["template"]), ensure_ascii=False, indent=2)
        Path(o["output"]).write_text(body + "\n", encoding="utf-8")
        audit(
            actor,
            "plan.export",
            plan,
            detail={"format": "json", "template": o["template"], "file": o["output"][-200:]},
        )
        what = "ひな形" if o["template"] else ""
        self.stdout.write(f"「{plan.title}」（第{plan.version}版）を{what} {o['output']} に書き出しました。")
