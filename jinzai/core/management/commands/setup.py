"""`manage.py setup`: the first-run setup from the command line (the same as the /setup/ page).

manage.py setup                          # asks for the organisation, the login ID and the password
manage.py setup --org 八王子市 --username admin1 --noinput   # password from JINZAI_ADMIN_PASSWORD
manage.py setup --show-token             # the code that the /setup/ page asks for
"""

from __future__ import annotations

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jinzai.core import firstrun, lgcodes, services
from jinzai.core.passwords import for_roles
from jinzai.core.roles import Role

NEXT_STEPS = """
次にすること:
  1. アプリを起動し（systemctl start jinzai など）、ブラウザでログイン画面を開きます。
  2. いま決めたログインIDとパスワードでログインし、スマートフォンの認証アプリで2段階認証を設定します
     （回復コードは印刷して保管します）。
  3. システム管理者のホームの「だれが何をするか」から、人事担当とDX推進担当のアカウントを作ります。
  4. 人事担当が、人事給与システムから書き出した職員一覧（CSV または Excel）を「職員データ取込」で取り込みます。
  5. DX推進担当が、人材像を確かめ、ウィザードで育成計画をつくります。
詳しくは docs/operations.md の「はじめての設置」をご覧ください。
"""


class Command(BaseCommand):
    help = (
        "初期設定: 空のデータベースに、団体（全国地方公共団体コードの一覧から。市区町村なら都道府県も）と"
        "最初のシステム管理者を登録します。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--org", help="団体コード（6桁）または団体名（例: 132012、八王子市、東京都八王子市）"
        )
        parser.add_argument("--username", help="システム管理者のログインID")
        parser.add_argument("--display-name", default="", help="システム管理者の氏名（表示名）")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_true",
            help="質問しない（パスワードは環境変数 JINZAI_ADMIN_PASSWORD から）",
        )
        parser.add_argument(
            "--show-token",
            action="store_true",
            help="初期設定の画面（/setup/）で入力する確認コードを表示する",
        )

    def handle(self, *args, **o):
        if not services.first_run_available():
            raise CommandError(
                "初期設定はすでに済んでいます（団体または利用者が登録されています）。"
                "団体の追加は manage.py createorg、利用者の追加は manage.py createuser で行います。"
            )
        if o["show_token"]:
            self.stdout.write(f"初期設定の確認コード: {firstrun.setup_token()}")
            self.stdout.write("ブラウザで /setup/ を開き、この確認コードを入力します。")
            return
        interactive = not o["noinput"]
        entry = self._organisation(o["org"], interactive)
        username = o["username"] or (
            self._ask("システム管理者のログインID（半角英数字）: ") if interactive else ""
        )
        if not username:
            raise CommandError("--username を指定してください。")
        if get_user_model().objects.filter(username=username).exists():
            raise CommandError(f"ログインID「{username}」はすでに使われています。")
        password = self._password(username, interactive)
        try:
            org, _ = services.first_setup(
                code=entry.code,
                username=username,
                password=password,
                display_name=o["display_name"],
                label="manage.py setup",
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        firstrun.discard_token()
        if org.prefecture:
            self.stdout.write(f"登録しました: {org.prefecture.code} {org.prefecture.name}（都道府県）")
        self.stdout.write(f"登録しました: {org.code} {org.name}")
        self.stdout.write(f"作成しました: システム管理者 {username}")
        self.stdout.write(NEXT_STEPS)

    # --- questions ------------------------------------------------------------------------

    def _ask(self, prompt: str) -> str:
        return input(prompt).strip()

    def _organisation(self, query: str | None, interactive: bool) -> lgcodes.LocalGovernment:
        while True:
            if not query:
                if not interactive:
                    raise CommandError("--org に団体コードまたは団体名を指定してください。")
                query = self._ask("団体名または団体コード（例: 八王子市、132012）: ")
                if not query:
                    continue
            found = lgcodes.search(query)
            if len(found) == 1 or (found and lgcodes.get(query.strip()) is not None):
                entry = found[0]
                if not interactive or self._confirm(
                    f"{lgcodes.full_name(entry)}（{entry.code}）でよろしいですか？"
                ):
                    return entry
            elif len(found) > 1:
                if not interactive:
                    names = "、".join(f"{lgcodes.full_name(e)}（{e.code}）" for e in found)
                    raise CommandError(
                        f"「{query}」に当てはまる団体が複数あります。団体コードで指定してください: {names}"
                    )
                for i, e in enumerate(found, start=1):
                    self.stdout.write(f"  {i}. {lgcodes.full_name(e)}（{e.code}）")
                choice = self._ask("番号を入力してください（やり直すときは空のまま Enter）: ")
                if choice.isdigit() and 1 <= int(choice) <= len(found):
                    return found[int(choice) - 1]
            else:
                message = f"「{query}」に当てはまる団体が全国地方公共団体コードの一覧にありません。"
                if not interactive:
                    raise CommandError(message)
                self.stdout.write(message)
            query = None

    def _confirm(self, prompt: str) -> bool:
        return self._ask(f"{prompt} [Y/n]: ").lower() in ("", "y", "yes", "はい")

    def _password(self, username: str, interactive: bool) -> str:
        user = for_roles(get_user_model()(username=username), [Role.ADMIN])
        if not interactive:
            password = os.environ.get("JINZAI_ADMIN_PASSWORD", "")
            if not password:
                raise CommandError("環境変数 JINZAI_ADMIN_PASSWORD にパスワードを入れてください。")
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            return password
        while True:
            password = getpass.getpass("パスワード（12文字以上）: ")
            if password != getpass.getpass("パスワード（確認）: "):
                self.stdout.write("確認のパスワードが一致しません。もう一度入力してください。")
                continue
            try:
                validate_password(password, user)
            except ValidationError as exc:
                self.stdout.write(" ".join(exc.messages))
                continue
            return password
