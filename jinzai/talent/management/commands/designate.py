"""manage.py designate: bulk designation from a CSV/XLSX file (the same engine as the web import)."""

import json
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError

from jinzai.core.management.base import OrgCommand
from jinzai.talent.import_services import ImportNotCommittable, designation_import_apply
from jinzai.talent.importing import ImportOptions, analyse


class Command(OrgCommand):
    help = "人材の指定の一覧（CSV/XLSX）を取り込みます。--commit がなければ確認だけします。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file")
        parser.add_argument("--commit", action="store_true", help="誤りがなければ反映する")
        parser.add_argument("--start-date", help="開始日が空の行の開始日 YYYY-MM-DD（既定: 今日）")
        parser.add_argument("--encoding", default="auto", choices=["auto", "cp932", "utf-8", "utf-8-sig"])
        parser.add_argument("--json", action="store_true", help="結果を JSON で出力する")

    def handle(self, *args, **o):
        from jinzai.core.services import today

        org = self.organisation(o)
        path = Path(o["file"])
        if not path.is_file():
            raise CommandError(f"ファイル「{path}」がありません。")
        try:
            start = date.fromisoformat(o["start_date"]) if o["start_date"] else today()
        except ValueError:
            raise CommandError("--start-date は YYYY-MM-DD で指定してください。") from None
        options = ImportOptions(default_start_date=start, encoding=o["encoding"])
        content = path.read_bytes()
        committed, plan = False, None
        if o["commit"]:
            try:
                counts = designation_import_apply(
                    actor=self.actor(o),
                    organisation=org,
                    content=content,
                    options=options,
                    file_name=path.name,
                )
                committed = True
            except ImportNotCommittable as exc:
                plan = exc.plan
        else:
            plan = analyse(org, content, options, filename=path.name)
        if plan is not None:
            counts = plan.counts()
            errors = plan.error_dicts()
        else:
            errors = []
        result = {
            "added": counts["added"],
            "unchanged": counts["unchanged"],
            "errors": errors,
            "committed": committed,
        }
        if o["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write("新規指定 {added}  変更なし {unchanged}".format(**result))
            for e in errors:
                self.stdout.write(f"{e['line']}行目 {e['column']} 「{e['value']}」: {e['message']}")
            if committed:
                self.stdout.write("反映しました。")
            else:
                self.stdout.write(
                    "誤りがあるため反映しません。" if errors else "確認のみ（--commit で反映）。"
                )
        if errors:
            sys.exit(1)
