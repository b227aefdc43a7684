"""Who a request came from, behind as many reverse proxies as settings trust, and the host it
was sent to."""

import ipaddress

from django.conf import settings
from django.http.request import split_domain_port


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or with ``TRUSTED_PROXY_COUNT`` proxies in front
    of the site, the address the outermost of them saw (in X-Forwarded-For).

    Each proxy appends the address it received the request from, so with N trusted proxies
    the client is the N-th entry from the right; anything a visitor put further left is
    ignored, and so is an entry that is not an IP address. Used by the reply flood limit and
    the login lockout (django-axes).
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [address.strip() for address in forwarded if address.strip()]
        if len(forwarded) >= proxies and is_ip_address(forwarded[-proxies]):
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def is_ip_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def request_host(request):
    """The host the request names (validated against ALLOWED_HOSTS by ``get_host``), written
    one way: "Guides.Example.org." and "guides.example.org" are the same host, so that caches
    keyed by it keep one entry, not one per spelling."""
    domain, port = split_domain_port(request.get_host())
    return f"{domain}:{port}" if port else domain
