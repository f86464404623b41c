"""Helpers shared by the region views."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from ..selectors.municipality import municipality_of
from ..selectors.prefecture import prefecture_of


def today():
    from jinzai.core.services import today as get_today

    return get_today()


def report_error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def form_errors(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def back(request, fallback: str, *args, **kwargs):
    """Redirect to a same-site `next` path the form sent, else to the named URL."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(fallback, *args, **kwargs)


def _wrong_side(request, *, side: str):
    return render(request, "region/wrong_side.html", {"side": side})


def municipality_page(view):
    """A page of the municipality side: other organisations get an explanation instead."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if municipality_of(request.membership) is None:
            return _wrong_side(request, side="municipality")
        return view(request, *args, **kwargs)

    return wrapped


def prefecture_page(view):
    """A page of the prefecture side: other organisations get an explanation instead."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if prefecture_of(request.membership) is None:
            return _wrong_side(request, side="prefecture")
        return view(request, *args, **kwargs)

    return wrapped


def form_page(
    request,
    form,
    *,
    title: str,
    crumbs=(),
    submit: str = "保存する",
    cancel: str = "",
    intro: str = "",
    extra=None,
):
    return render(
        request,
        "region/form.html",
        {
            "form": form,
            "page_title": title,
            "crumbs": crumbs,
            "submit": submit,
            "cancel": cancel,
            "intro": intro,
            **(extra or {}),
        },
    )
