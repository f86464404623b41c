"""Signals other apps may listen to (planning can install maturity levels for a new talent type)."""

from django.dispatch import Signal

# Sent by talent_type_create after the new type is saved: kwargs `talent_type`, `actor`.
talent_type_created = Signal()
