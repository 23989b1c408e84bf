"""The node's addresses: pages, API, admin, operators' endpoints."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from corridor.api import api
from corridor.core import views as core_views
from corridor.core.admin import CorridorAdminSite

admin.site.__class__ = CorridorAdminSite
admin.site.site_header = "Corridor"

urlpatterns = [
    path("", include("corridor.core.urls")),
    path("", include("corridor.accounts.urls")),
    path("", include("corridor.registry.urls")),
    path("", include("corridor.contracts.urls")),
    path("", include("corridor.exchange.urls")),
    path("", include("corridor.clearance.urls")),
    path("", include("corridor.cases.urls")),
    path("", include("corridor.welfare.urls")),
    path("", include("corridor.inspection.urls")),
    path("", include("corridor.wages.urls")),
    path("", include("corridor.orientation.urls")),
    path("", include("corridor.reintegration.urls")),
    path("", include("corridor.standards.urls")),
    path("", include("corridor.guidance.urls")),
    path("", include("corridor.voice.urls")),
    path("", include("corridor.indicators.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    path(".well-known/corridor-node.json", core_views.well_known_node, name="well-known-node"),
    path(".well-known/corridor-audit-anchors.json", core_views.well_known_audit_anchors, name="well-known-audit-anchors"),
]

handler400 = "corridor.core.views.error_400"
handler403 = "corridor.core.views.error_403"
handler404 = "corridor.core.views.error_404"
handler500 = "corridor.core.views.error_500"
