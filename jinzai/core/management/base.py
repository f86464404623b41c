"""One base for commands that act on an organisation: `--org <団体コード>` and a SystemActor."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from jinzai.core.access import SystemActor
from jinzai.core.models import Organisation


class OrgCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="団体コード（6桁）")

    def organisation(self, options) -> Organisation:
        code = options["org"]
        try:
            return Organisation.objects.get(code=code)
        except Organisation.DoesNotExist:
            raise CommandError(
                f"団体コード「{code}」の団体は登録されていません（manage.py orgs で一覧を表示）。"
            ) from None

    def actor(self, options) -> SystemActor:
        return SystemActor(organisation=self.organisation(options), label=f"manage.py {self.command_name()}")

    def command_name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]


class ImportCommand(OrgCommand):
    """The base of every ``manage.py import_*``: the file, ``--commit``, ``--encoding``, ``--map`` and
    ``--json`` for all, plus one flag per option of the importer (``--effective-date``, ``--full-sync`` …).
    Without ``--commit`` it only reports what would happen. Exit status 1 when anything is wrong."""

    importer_key: str = ""

    @property
    def importer(self):
        from jinzai.core.importing import get_importer

        return get_importer(self.importer_key)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file")
        parser.add_argument("--commit", action="store_true", help="誤りがなければ反映する")
        parser.add_argument("--encoding", default="auto", choices=["auto", "cp932", "utf-8", "utf-8-sig"])
        parser.add_argument(
            "--map", action="append", default=[], metavar="見出し=項目", help="読み取れない見出しの割り当て"
        )
        parser.add_argument("--json", action="store_true", help="結果を JSON で出力する")
        for option in self.importer.options:
            flag = "--" + option.key.replace("_", "-")
            if option.kind == "bool":
                parser.add_argument(flag, action="store_true", dest=option.key, help=option.label)
            else:
                hint = "（YYYY-MM-DD。既定: 今日）" if option.kind == "date" else ""
                parser.add_argument(flag, dest=option.key, help=option.label + hint)
        self.add_context_argument(parser)

    def add_context_argument(self, parser) -> None:
        """Importers that belong to an object (a session …) add its argument here."""

    def context(self, actor, options):
        return None

    def parse_options(self, o) -> dict:
        from datetime import date

        from jinzai.core.importing import IGNORE

        values: dict = {"encoding": o["encoding"]}
        for option in self.importer.options:
            raw = o.get(option.key)
            if option.kind == "date":
                if raw:
                    try:
                        values[option.key] = date.fromisoformat(raw).isoformat()
                    except ValueError:
                        raise CommandError(
                            f"--{option.key.replace('_', '-')} は YYYY-MM-DD で指定してください。"
                        ) from None
            elif option.kind == "bool":
                values[option.key] = bool(raw)
            elif raw is not None:
                values[option.key] = raw
            if option.required and not values.get(option.key):
                raise CommandError(f"--{option.key.replace('_', '-')}（{option.label}）を指定してください。")
        mapping = {}
        known = {c.key for c in self.importer.columns} | {IGNORE}
        for item in o["map"]:
            header, _, key = item.partition("=")
            key = IGNORE if key == "ignore" else key
            if not key:
                raise CommandError(f"--map は「見出し=項目」で指定してください: {item}")
            if self.importer.columns and key not in known:
                raise CommandError(
                    f"--map の項目「{key}」はありません。次のいずれかです: " + ", ".join(sorted(known))
                )
            mapping[header] = key
        values["mapping"] = mapping
        return values

    def handle(self, *args, **o):
        import json
        import sys
        from pathlib import Path

        from jinzai.core import services
        from jinzai.core.importing import analyse

        actor = self.actor(o)
        path = Path(o["file"])
        if not path.is_file():
            raise CommandError(f"ファイル「{path}」がありません。")
        options = self.parse_options(o)
        context = self.context(actor, o)
        content = path.read_bytes()
        importer = self.importer
        committed = False
        if o["commit"]:
            try:
                plan = services.import_apply(
                    actor=actor,
                    importer=importer,
                    organisation=actor.organisation,
                    content=content,
                    options=options,
                    context=context,
                    file_name=path.name,
                )
                committed = True
            except services.ImportNotCommittable as exc:
                plan = exc.plan
        else:
            plan = analyse(importer, actor.organisation, content, options, context=context)
        errors = plan.error_dicts()
        for error in errors:
            if error["line"] == 1 and error["column"] and error["column"] in plan.unmapped:
                header = error["column"]
                error["message"] = (
                    f'見出し「{header}」が読み取れません。--map "{header}=項目" で割り当てるか、--map "{header}=ignore" で読み飛ばしてください。'
                )

        counts = {kind: plan.counts().get(kind, 0) for kind, _ in importer.kinds}
        if o["json"]:
            self.stdout.write(
                json.dumps({**counts, "errors": errors, "committed": committed}, ensure_ascii=False)
            )
        else:
            self.stdout.write("  ".join(f"{label} {counts[kind]}" for kind, label in importer.kinds))
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
