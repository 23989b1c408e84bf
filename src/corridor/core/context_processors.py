"""Template context every page needs: the node, text direction, demo marking."""

from django.conf import settings
from django.utils.translation import get_language_bidi

from corridor.core import node as node_identity


def node(request):
    return {"node": node_identity.identity(), "rtl": get_language_bidi(), "node_demo": settings.CORRIDOR_DEMO}
