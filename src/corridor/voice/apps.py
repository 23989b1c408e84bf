from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from corridor.accounts.choices import Role as R
from corridor.accounts.permissions import register
from corridor.registry import ratings


class VoiceConfig(AppConfig):
    name = "corridor.voice"
    label = "voice"
    verbose_name = _("Worker voice and fair matching")

    def ready(self):
        register("review.write", {R.WORKER})  # only about a party of the worker's own deployment (selectors)
        register("review.moderate", {R.ORIGIN_OFFICER})  # hide a comment, with a reason; never a rating
        register("review.answer", {R.AGENCY_STAFF})  # the reviewed agency, once per review
        register("profile.keep", {R.WORKER})
        register("profile.search", {R.AGENCY_STAFF})  # only an agency in good standing (selectors)
        register("application.create", {R.WORKER})
        register("application.view", {R.AGENCY_STAFF, R.WORKER})  # the agency its own; the worker theirs

        from corridor.voice import (
            subscribers,  # why: registry not ready before ready(); subscribers register on import  # noqa: F401
        )
        from corridor.voice.selectors import public_ratings  # why: the same

        if public_ratings not in ratings.SOURCES:  # the verify answer and the board's API show the ratings
            ratings.SOURCES.append(public_ratings)
