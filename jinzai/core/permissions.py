"""Permissions of the core app (organisation settings, users, audit log)."""

from .access import register
from .audit import register_action_groups, register_actions
from .roles import ALL_ROLES, Role

register(
    {
        "core.home": ALL_ROLES,
        "core.unit_view": {Role.HR, Role.DX_OFFICE, Role.EXECUTIVE, Role.ADMIN},
        "core.unit_manage": {Role.HR, Role.DX_OFFICE, Role.ADMIN},
        "core.grade_manage": {Role.HR, Role.ADMIN},
        "core.user_manage": {Role.ADMIN},
        # the audit log: admins read all of it, hr the entries about staff records (selectors.audit_events_for)
        "core.audit_view": {Role.ADMIN, Role.HR},
        "core.audit_all": {Role.ADMIN},
        "core.security_policy": {Role.ADMIN},  # which roles must use two-factor sign-in
        "core.job_view": ALL_ROLES,  # a job is visible to the person who started it (selectors.jobs_of)
    }
)

register_actions(
    {
        "auth.login": "ログイン",
        "auth.login_failed": "ログインの失敗",
        "auth.lockout": "ロックアウト（ログインの一時停止）",
        "auth.logout": "ログアウト",
        "auth.timeout": "自動ログアウト",
        "auth.password_change": "パスワードの変更",
        "access.denied": "権限のない画面・操作へのアクセス（拒否）",
        "access.not_found": "見つからない・見る権限のない対象へのアクセス",
        "audit.export": "監査ログの書き出し",
        "organisation.create": "団体の作成",
        "unit.create": "所属の作成",
        "unit.update": "所属の変更",
        "unit.export": "所属一覧の書き出し",
        "grade.create": "職名の追加",
        "grade.update": "職名の変更",
        "user.create": "利用者の作成",
        "user.password_reset": "パスワードの設定（管理者）",
        "user.setting": "表示設定の変更",
        "user.twofactor_reset": "2段階認証のリセット（管理者）",
        "membership.create": "役割の追加",
        "membership.update": "役割の変更",
        "twofactor.enrol": "2段階認証の登録",
        "twofactor.recovery_codes": "回復コードの再発行",
        "twofactor.disable": "2段階認証の解除",
        "job.start": "時間のかかる処理の開始",
        "job.download": "処理結果のダウンロード",
        "demo.seed": "デモデータの作成",
    }
)
register_action_groups(
    {
        "auth": "ログイン・ログアウト",
        "access": "アクセスの拒否",
        "unit": "所属",
        "grade": "職名",
        "user": "利用者",
        "membership": "役割",
        "twofactor": "2段階認証",
        "job": "時間のかかる処理",
    }
)
