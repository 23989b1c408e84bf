"""Issue 13, fault 10: X-Forwarded-Proto and X-Forwarded-For are believed only from CORRIDOR_TRUSTED_PROXIES."""

import pytest
from django.test import RequestFactory, override_settings

from corridor.core import throttle
from corridor.core.middleware import TrustedProxyMiddleware


def _seen(remote, **headers):
    seen = {}

    def view(request):
        seen["secure"] = request.is_secure()
        seen["address"] = throttle.client_address(request)
        return None

    TrustedProxyMiddleware(view)(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))
    return seen


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), CORRIDOR_TRUSTED_PROXIES=["10.0.0.2"])
@pytest.mark.parametrize(("remote", "secure", "address"), [("10.0.0.2", True, "198.51.100.7"),
                                                           ("203.0.113.9", False, "203.0.113.9")])
def test_forwarded_headers_count_only_from_a_trusted_proxy(remote, secure, address):
    seen = _seen(remote, HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert seen == {"secure": secure, "address": address}


def test_ipv6_clients_are_counted_by_their_64():
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    other = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:bbbb::9")
    assert throttle.client_address(request) == throttle.client_address(other) == "2001:db8:1:2::"
