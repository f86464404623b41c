"""Template filters for dates (西暦/和暦 by user setting), fiscal years and numbers."""

from __future__ import annotations

import contextvars
from datetime import date, datetime

from django import template
from django.utils import timezone

from jinzai.core.dates import fiscal_year_label, format_date

register = template.Library()

# Set by the context processor from the user's setting; "western" or "wareki".
date_style: contextvars.ContextVar[str] = contextvars.ContextVar("jinzai_date_style", default="western")


@register.filter
def jdate(value) -> str:
    """2026年4月1日 or 令和8年4月1日, by the viewer's setting."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return format_date(value, style=date_style.get())


@register.filter
def jdatetime(value) -> str:
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{format_date(local.date(), style=date_style.get())} {local:%H:%M}"


@register.filter
def fiscal_year(value) -> str:
    return fiscal_year_label(int(value)) if value not in (None, "") else ""


@register.filter
def people(value) -> str:
    """1,234名"""
    try:
        return f"{int(value):,}名"
    except (TypeError, ValueError):
        return ""


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def cooloff_minutes() -> str:
    """「15分」: how long a lockout lasts, from the AXES_COOLOFF_MINUTES setting."""
    from django.conf import settings

    return f"{settings.AXES_COOLOFF_MINUTES}分"
