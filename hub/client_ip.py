"""The one rule for "who is the client": the address every limit counts by (sign-in lockout,
API throttles, public submission limits).

Without a proxy (the default) it is the connection's address, ``REMOTE_ADDR``, and any
``X-Forwarded-For`` a client sends is ignored. Behind proxies, each proxy appends the
address it got the request from to ``X-Forwarded-For``; reading it from the right, the
first address that is not one of our proxies is the client. Which hops are proxies:

- ``TRUSTED_PROXIES`` (comma-separated addresses or CIDR ranges): exactly the hops inside
  them. A client that reaches the web process directly (not from such an address) has its
  header ignored. The safe choice whenever the proxies' addresses are known.
- ``TRUSTED_PROXY_COUNT`` (a number): the nearest that many hops, whoever they are — for
  when the proxies' addresses are not fixed (a cloud load balancer) *and* the web processes
  cannot be reached except through them; a client that could reach web directly could pick
  its address. With both set, a hop must be inside the ranges and within the count.

Addresses leftmost of the client (what the client itself wrote into the header) are never
read, so a forged header cannot move the count to someone else.
"""

import functools
import ipaddress

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@functools.cache
def _networks(ranges: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(r, strict=False) for r in ranges)


def _parse(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:10.0.0.1 is 10.0.0.1
    return mapped or address


def client_ip(request) -> str:
    """The client's address for ``request`` by the rule above; ``REMOTE_ADDR`` without proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not count and not networks:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [remote] + [hop for hop in reversed(forwarded.split(",")) if hop.strip()]
    for index, hop in enumerate(hops):
        address = _parse(hop)
        if address is None:
            # Only a proxy writes the hops we read; one that is not an address means a
            # misconfigured proxy: count by the connection rather than by that text.
            return remote
        is_proxy = ((not networks or any(address in net for net in networks))
                    and (not count or index < count))
        if not is_proxy or index == len(hops) - 1:
            return str(address)
    return remote  # not reached: the loop returns at the last hop
