import json
import sys
from pathlib import Path

from django.core.management.base import CommandError

from jinzai.core.management.base import OrgCommand
from jinzai.planning.services.plan_import import PlanImportError, plan_import
from jinzai.planning.services.plans import EARLIEST_FY, LATEST_FY


class Command(OrgCommand):
    help = (
        "JSON の育成計画を取り込み、下書きの計画を作ります。この団体にない所属・資格などは空欄にして注意として表示します。"
        "ファイルの形に誤りがあれば何も作らず、誤りを表示して終了コード1で終わります。"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file")
        parser.add_argument("--start-fy", type=int, help="この年度から始まるように、ファイルの年度をずらす")
        parser.add_argument("--json", action="store_true", help="結果を JSON で出力")

    def handle(self, *args, **o):
        actor = self.actor(o)
        path = Path(o["file"])
        if not path.is_file():
            raise CommandError(f"ファイル「{path}」がありません。")
        if o["start_fy"] is not None and not EARLIEST_FY <= o["start_fy"] <= LATEST_FY:
            raise CommandError(f"--start-fy は{EARLIEST_FY}〜{LATEST_FY}の西暦で指定してください。")
        try:
            plan = plan_import(
                actor=actor, content=path.read_bytes(), start_fy=o["start_fy"], file_name=path.name
            )
        except PlanImportError as exc:
            if o["json"]:
                self.stdout.write(
                    json.dumps({"created": None, "errors": exc.errors, "warnings": []}, ensure_ascii=False)
                )
            else:
                for error in exc.errors:
                    self.stderr.write(error)
                self.stderr.write(
                    f"ファイルの形の誤りが{len(exc.errors)}件あるため、何も取り込みませんでした。"
                )
            sys.exit(1)
        warnings = [w["message"] for w in plan.import_warnings or []]
        if o["json"]:
            self.stdout.write(
                json.dumps({"created": plan.pk, "errors": [], "warnings": warnings}, ensure_ascii=False)
            )
            return
        self.stdout.write(
            f"計画「{plan.title}」の下書き（ID {plan.pk}、{plan.start_fy}〜{plan.end_fy}年度）を作りました。"
        )
        if warnings:
            self.stdout.write(f"この団体で見つからなかったため空欄にした項目が{len(warnings)}件あります:")
            for message in warnings:
                self.stdout.write(f"  {message}")
            self.stdout.write("画面の計画の「取込で空欄にした項目」から、1件ずつ直してください。")
