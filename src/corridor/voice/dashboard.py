"""The voice app's dashboard links."""

from django.utils.translation import gettext_lazy as _

from corridor.core import dashboard

dashboard_items = dashboard.Links(
    dashboard.Link(_("Review your recruiter"), "voice:reviews",
                   _("Rate the agency and employer of your work abroad, for other workers."), "review.write"),
    dashboard.Link(_("Jobs for you"), "voice:matches", _("Your job profile and the approved jobs that match it."),
                   "profile.keep"),
    dashboard.Link(_("Review moderation"), "voice:moderation", _("Hide comments that identify someone or are abusive."),
                   "review.moderate"),
    dashboard.Link(_("Reviews of your agency"), "voice:agency-reviews", _("Published reviews; answer each once."),
                   "review.answer"),
    dashboard.Link(_("Candidates and applications"), "voice:candidates",
                   _("Workers who want to be found, matched to your job orders, and their applications."), "profile.search"),
)
