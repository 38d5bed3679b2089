"""Signals other apps may hook (sent after the change is audited, inside the same transaction)."""

from django.dispatch import Signal

# kwargs: request (SupportRequest), source (str, "" on filing), target (str), actor, reason (str), notify (bool: False when the caller asked for no e-mail)
request_state_changed = Signal()
