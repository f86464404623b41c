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
