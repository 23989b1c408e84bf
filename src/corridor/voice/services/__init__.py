"""Every write of the voice app (one module per entity), re-exported: `from corridor.voice import services`."""

from corridor.voice.services.applications import application_submit, application_withdraw
from corridor.voice.services.profiles import profile_consent_withdraw, profile_save
from corridor.voice.services.reviews import comment_hide, return_open, review_answer, review_write

__all__ = [
    "application_submit", "application_withdraw", "comment_hide", "profile_consent_withdraw", "profile_save",
    "return_open", "review_answer", "review_write",
]
