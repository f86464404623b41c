import json
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError

from jinzai.core.management.base import OrgCommand
from jinzai.people.importing import FIELD_BY_KEY, IGNORE, ImportOptions, analyse
from jinzai.people.services import ImportNotCommittable, import_apply


class Command(OrgCommand):
    help = "人事給与システムの職員ファイル（CSV/XLSX）を取り込みます。--commit がなければ確認だけします。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file")
        parser.add_argument("--commit", action="store_true", help="誤りがなければ反映する")
        parser.add_argument("--full-sync", action="store_true", help="ファイルにない在職者を退職とする")
        parser.add_argument("--effective-date", help="異動の発令日 YYYY-MM-DD（既定: 今日）")
        parser.add_argument("--encoding", default="auto", choices=["auto", "cp932", "utf-8", "utf-8-sig"])
        parser.add_argument("--create-units", action="store_true")
        parser.add_argument("--create-grades", action="store_true")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="見出し=項目",
            help="読み取れない見出しの割り当て（項目: " + ", ".join(FIELD_BY_KEY) + f", {IGNORE}）",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **o):
        org = self.organisation(o)
        path = Path(o["file"])
        if not path.is_file():
            raise CommandError(f"ファイル「{path}」がありません。")
        try:
            effective = date.fromisoformat(o["effective_date"]) if o["effective_date"] else date.today()
        except ValueError:
            raise CommandError("--effective-date は YYYY-MM-DD で指定してください。") from None
        mapping = {}
        for item in o["map"]:
            header, _, key = item.partition("=")
            if key not in FIELD_BY_KEY and key != IGNORE:
                raise CommandError(f"--map の項目「{key}」はありません。")
            mapping[header] = key
        options = ImportOptions(
            effective_date=effective,
            encoding=o["encoding"],
            full_sync=o["full_sync"],
            create_units=o["create_units"],
            create_grades=o["create_grades"],
            mapping=mapping,
        )
        content = path.read_bytes()
        committed = False
        if o["commit"]:
            try:
                counts = import_apply(
                    actor=self.actor(o),
                    organisation=org,
                    content=content,
                    options=options,
                    file_name=path.name,
                )
                plan = None
                committed = True
            except ImportNotCommittable as exc:
                plan = exc.plan
        else:
            plan = analyse(org, content, options, filename=path.name)
        if plan is not None:
            counts = plan.counts()
            errors = [
                {"line": e.line, "column": e.column, "value": e.value, "message": e.message}
                for e in plan.errors
            ]
            if plan.fatal:
                errors.insert(0, {"line": 1, "column": "", "value": "", "message": plan.fatal})
            for header in plan.unmapped:
                errors.append(
                    {
                        "line": 1,
                        "column": header,
                        "value": header,
                        "message": f'見出し「{header}」が読み取れません。--map "{header}=項目" で割り当ててください。',
                    }
                )
        else:
            errors = []
        result = {k: counts[k] for k in ("added", "updated", "transferred", "retired", "unchanged")}
        result.update(errors=errors, committed=committed)
        if o["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(
                "新規 {added}  変更 {updated}  異動 {transferred}  退職 {retired}  変更なし {unchanged}".format(
                    **result
                )
            )
            for e in errors:
                self.stdout.write(f"{e['line']}行目 {e['column']} 「{e['value']}」: {e['message']}")
            self.stdout.write(
                "反映しました。"
                if committed
                else ("誤りがあるため反映しません。" if errors else "確認のみ（--commit で反映）。")
            )
        if errors:
            sys.exit(1)
