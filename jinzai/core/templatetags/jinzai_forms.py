"""How a form field is rendered by core/_field.html and summarised by core/_form_errors.html: help text and
errors linked to the control (the ids Django's ``aria-describedby`` names: ``<id>_helptext``,
``<id>_error``), errors in Japanese that name the field, and a file input that says it must be chosen
again after a form came back with errors."""

from __future__ import annotations

from django import forms, template

from jinzai.core.forms import FILE_AGAIN, error_summary, field_error_messages, file_choice_lost

register = template.Library()


@register.simple_tag
def field_state(bound) -> dict:
    """What _field.html needs for one bound field."""
    errors = field_error_messages(bound)
    auto_id = bound.auto_id or ""
    reselect = file_choice_lost(bound)
    described = []
    if auto_id:
        if bound.help_text:
            described.append(f"{auto_id}_helptext")
        if reselect:
            described.append(f"{auto_id}_reselect")
        if errors:
            described.append(f"{auto_id}_error")
    own = bound.field.widget.attrs.get("aria-describedby")
    if own:
        described.insert(0, own)
    describedby = " ".join(described)
    if bound.use_fieldset:
        kind = "fieldset"
        widget = bound.as_widget()
    else:
        kind = "checkbox" if isinstance(bound.field.widget, forms.CheckboxInput) else "input"
        widget = bound.as_widget(attrs={"aria-describedby": describedby} if describedby else None)
    return {
        "kind": kind,
        "widget": widget,
        "errors": errors,
        "describedby": describedby,
        "reselect": FILE_AGAIN if reselect else "",
    }


@register.simple_tag
def form_error_summary(form) -> list[dict]:
    return error_summary(form)
