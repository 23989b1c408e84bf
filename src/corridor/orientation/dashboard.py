"""Dashboard links for orientation."""

from django.utils.translation import gettext_lazy as _

from corridor.core.dashboard import Link, Links

dashboard_items = Links(
    Link(_("Orientation providers"), "orientation:licences", _("License the providers whose courses count for clearance."),
         "orientation.license"),
    Link(_("Your orientation courses"), "orientation:provider", _("Courses, sessions, attendance, assessment and "
                                                                  "completion."), "orientation.teach"),
    Link(_("Your orientation"), "orientation:mine", _("Your course and its short assessment."), "orientation.assessment",
         when=lambda user: user.role == "worker"),
)
