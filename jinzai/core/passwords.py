"""Password rules beyond Django's validators: a longer minimum for システム管理者 (ASVS 5.0 L2)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .roles import Role


def for_roles(user, roles) -> object:
    """Mark `user` (not yet saved, or about to get a membership) with roles it is being given,
    so the validators below judge the password by them."""
    user._jinzai_pending_roles = frozenset(str(r) for r in roles)
    return user


def is_admin(user) -> bool:
    if user is None:
        return False
    if Role.ADMIN.value in getattr(user, "_jinzai_pending_roles", ()):
        return True
    if not getattr(user, "pk", None):
        return False
    from .models import Membership

    return Membership.objects.filter(user=user, role=Role.ADMIN, is_active=True).exists()


class AdminMinimumLengthValidator:
    """At least `min_length` characters for a user who is (or is becoming) a システム管理者."""

    def __init__(self, min_length: int = 12):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length and is_admin(user):
            raise ValidationError(
                "システム管理者のパスワードは%(min_length)d文字以上にしてください。",
                code="password_too_short_for_admin",
                params={"min_length": self.min_length},
            )

    def get_help_text(self) -> str:
        return f"システム管理者のパスワードは{self.min_length}文字以上にしてください。"
