"""Helpers shared by the learning views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def report_error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def back(request, fallback: str, **kwargs):
    """Redirect to a same-site `next` path the form sent, else to the named URL."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(fallback, **kwargs)


def today():
    from jinzai.core.services import today as get_today

    return get_today()


def staff_of(request):
    """The acting membership's staff record (None for roles without one)."""
    membership = request.membership
    return membership.staff if membership and membership.staff_id else None
